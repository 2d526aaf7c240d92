"""The rule that decides when published group figures may change (casekit.privacy.next_cut), and the
refresh a participant view does through a real store (casekit.privacy.published), on SQLite and
PostgreSQL."""

import pandas as pd
import pytest
from store_backends import BACKENDS, backend_url

from casekit import privacy
from casekit.store import SQLStore

K = 5


def rows(*entries):
    """Rows of the rule from (submission id, person, unit, facets[, role]) tuples; county is one."""
    out = []
    for ident, who, unit, facets, *role in entries:
        for facet in facets:
            out.append((ident, who, unit, facet, "42", role[0] if role else "leader"))
    return pd.DataFrame(out, columns=[*privacy.ROW_COLUMNS, "county", "role"])


def group(unit, first, count, facets=("f", "g"), start=0, role="leader"):
    """``count`` people of one unit, each with one submission (ids from ``first``)."""
    return [(first + i, f"{unit}-p{start + i}", unit, facets, role) for i in range(count)]


def test_a_first_snapshot_holds_the_groups_with_enough_people_and_leaves_small_ones_out():
    cut = privacy.next_cut(rows(*group("A", 1, 5), *group("B", 100, 3)), None, min_group_size=K)
    assert cut == {"A": {"f": [1, 2, 3, 4, 5], "g": [1, 2, 3, 4, 5]}}


def test_nothing_changes_until_a_group_has_gained_min_group_size_new_people():
    base = group("A", 1, 5)
    cut = privacy.next_cut(rows(*base), None, min_group_size=K)
    for extra in range(1, K):
        grown = rows(*base, *group("A", 10, extra, start=5))
        assert privacy.next_cut(grown, cut, min_group_size=K) is None, extra
    grown = rows(*base, *group("A", 10, K, start=5))
    assert privacy.next_cut(grown, cut, min_group_size=K)["A"]["f"] == [1, 2, 3, 4, 5, 10, 11, 12, 13, 14]


def test_changed_answers_count_like_new_ones_and_one_change_shows_nothing():
    base = group("A", 1, 6)
    cut = privacy.next_cut(rows(*base), None, min_group_size=K)
    one = rows(*base, (50, "A-p0", "A", ("f", "g")))  # one person saves a new final answer
    assert privacy.next_cut(one, cut, min_group_size=K) is None
    five = rows(*base, *[(50 + i, f"A-p{i}", "A", ("f", "g")) for i in range(5)])
    assert privacy.next_cut(five, cut, min_group_size=K)["A"]["f"] == [6, 50, 51, 52, 53, 54]


def test_each_facet_changes_only_by_min_group_size_people():
    base = group("A", 1, 5)
    cut = privacy.next_cut(rows(*base), None, min_group_size=K)
    # five new people; one has no score in g, so g would move by four: g keeps its published answers
    new = [*group("A", 10, 4, start=5), (14, "A-p9", "A", ("f",))]
    after = privacy.next_cut(rows(*base, *new), cut, min_group_size=K)
    assert after["A"]["f"] == [1, 2, 3, 4, 5, 10, 11, 12, 13, 14] and after["A"]["g"] == [1, 2, 3, 4, 5]


def test_a_role_shown_before_and_after_moves_only_by_min_group_size_people():
    roles = ("director", "head", "head", "head", "head")
    base = [(i + 1, f"{u}-p{i}", u, ("f",), roles[i]) for u in "ABCDE" for i in range(5)]
    base = [(n, *rest) for n, (_i, *rest) in enumerate(base, start=1)]
    groupings = (("county", "role"),)
    cut = privacy.next_cut(rows(*base), None, min_group_size=K, groupings=groupings)
    assert len(cut) == 5  # all at once: five directors, twenty heads
    # A gains five heads and one director: the directors (shown before and after) would move by one
    grown = rows(
        *base, *group("A", 100, 5, ("f",), start=10, role="head"), (200, "A-d2", "A", ("f",), "director")
    )
    assert privacy.next_cut(grown, cut, min_group_size=K, groupings=groupings) is None
    assert privacy.next_cut(grown, cut, min_group_size=K) is not None  # without the role figures it would
    # B gains five directors of its own: now the directors move by six, and both apply
    more = rows(
        *base, *group("A", 100, 5, ("f",), start=10, role="head"), (200, "A-d2", "A", ("f",), "director")
    )
    more = pd.concat([more, rows(*group("B", 300, 5, ("f",), start=20, role="director"))])
    after = privacy.next_cut(more, cut, min_group_size=K, groupings=groupings)
    assert len(after["A"]["f"]) == 11 and len(after["B"]["f"]) == 10


def test_a_role_group_that_was_not_shown_before_may_appear():
    base = group("A", 1, 5, ("f",), role="head")
    cut = privacy.next_cut(rows(*base), None, min_group_size=K, groupings=(("county", "role"),))
    grown = rows(
        *base, *group("A", 10, 5, ("f",), start=5, role="head"), (20, "A-d", "A", ("f",), "director")
    )
    after = privacy.next_cut(grown, cut, min_group_size=K, groupings=(("county", "role"),))
    assert len(after["A"]["f"]) == 11  # one director, never shown before: no figure to compare with


def test_a_trainer_at_a_deadline_takes_every_group_large_enough():
    base = group("A", 1, 5)
    cut = privacy.next_cut(rows(*base), None, min_group_size=K)
    grown = rows(*base, *group("A", 10, 1, start=5), *group("B", 20, 3))
    assert privacy.next_cut(grown, cut, min_group_size=K) is None
    assert privacy.next_cut(grown, None, min_group_size=K, explicit=True) == {
        "A": {"f": [1, 2, 3, 4, 5, 10], "g": [1, 2, 3, 4, 5, 10]}
    }


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_url(request.param, tmp_path) as url:
        opened = SQLStore(url)
        yield opened
        opened.engine.dispose()


def _save(store, unit, count, start=0):
    for i in range(start, start + count):
        store.save(f"{unit}-p{i}", "x", {"a": i}, municipality=unit, status="final")


def _rows(store):
    subs = store.submissions("x", status="final", latest=False)
    frame = rows(*[(s.id, s.respondent, s.municipality, ("f",)) for s in subs])
    stamps = {s.id: s.created_at.isoformat() for s in subs}
    return frame.assign(**{privacy.STAMP: frame["submission_id"].map(stamps)})


def test_a_view_refreshes_the_snapshot_when_the_rule_allows_and_audits_it(store):
    assert not privacy.published(store, "x", _rows(store)).shown  # nothing saved: nothing published
    assert store.latest_snapshot("x") is None
    _save(store, "4204", 5)
    first = privacy.published(store, "x", _rows(store), actor="4204-p0")
    assert first.refreshed and first.shown and len(first.ids) == 5 and first.snapshot.respondents == 5
    assert store.audit()[-1].action == "publish" and store.audit()[-1].actor == "4204-p0"
    _save(store, "4204", 1, start=5)
    again = privacy.published(store, "x", _rows(store))
    assert not again.refreshed and again.snapshot == first.snapshot and len(again.ids) == 5


def test_a_participant_cannot_lower_the_size_a_snapshot_was_published_with(store):
    _save(store, "4204", 7)
    privacy.publish(store, "x", _rows(store), min_group_size=7, actor="trainer")
    _save(store, "4204", 3, start=7)
    lowered = privacy.published(store, "x", _rows(store), min_group_size=3)
    assert not lowered.refreshed and len(lowered.ids) == 7


class _SecondKernel:
    """The store as a second kernel sees it: between reading the snapshot and publishing, the first
    kernel publishes (the same real store underneath)."""

    def __init__(self, store, first):
        self.store, self.first, self.raced = store, first, False

    def latest_snapshot(self, kind):
        seen = self.store.latest_snapshot(kind)
        if not self.raced:
            self.raced = True
            privacy.published(self.first, kind, _rows(self.store))
        return seen

    def publish_snapshot(self, *args, **kwargs):
        return self.store.publish_snapshot(*args, **kwargs)


def test_two_views_refreshing_at_once_publish_once_and_both_show_it(store):
    _save(store, "4204", 5)
    second = privacy.published(_SecondKernel(store, store), "x", _rows(store))
    snapshots = [e for e in store.audit() if e.action == "publish"]
    assert len(snapshots) == 1 and not second.refreshed
    assert second.snapshot == store.latest_snapshot("x") and len(second.ids) == 5


def test_after_an_erasure_the_figures_are_withheld_until_a_trainer_publishes(store):
    _save(store, "4204", 6)
    assert privacy.published(store, "x", _rows(store)).shown
    store.erase("4204-p3", actor="admin")
    _save(store, "4204", 10, start=10)  # even many new answers do not bring it back by themselves
    held = privacy.published(store, "x", _rows(store))
    assert held.withheld and not held.shown and not held.refreshed
    privacy.publish(store, "x", _rows(store), actor="trainer")
    back = privacy.published(store, "x", _rows(store))
    assert back.shown and len(back.ids) == 15


def test_an_erased_submissions_id_given_to_a_new_save_is_noticed(store):
    _save(store, "4204", 6)
    first = privacy.published(store, "x", _rows(store))
    newest = store.submissions("x", status="final", latest=False)[-1]
    assert newest.id in first.ids
    store.erase(newest.respondent, actor="admin")
    _save(store, "4204", 1, start=50)  # SQLite gives the freed id to this save; PostgreSQL does not
    reused = store.submissions("x", status="final", latest=False)[-1]
    assert reused.id == newest.id or store.engine.dialect.name == "postgresql"
    held = privacy.published(store, "x", _rows(store))
    assert held.withheld and not held.shown  # the newcomer is not shown as if they had been published
