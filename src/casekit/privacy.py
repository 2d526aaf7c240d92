"""The privacy rules every published group figure follows: a minimum group size, and figures that hold
over time.

**A minimum group size.** A figure about a group (a municipality's count, a county's mean, a role's
needs) is shown only when at least ``min_group_size`` people stand behind it. The default is 5 and no
setting may go below the floor of 3. Every path that publishes a group figure checks the setting with
:func:`check_min_group_size`, so ``1``, ``0``, ``-5``, ``True``, ``3.5``, ``"5"`` and ``None`` are refused
with the same clear message instead of silently showing a count of one.

**Figures that hold over time.** Suppression protects one table. A figure that participants can reload is
published again and again, and comparing a county's (n, mean) before and after one person submits gives
that person's score: ``(n1·m1 − n0·m0) / (n1 − n0)``. So group figures that participants see come from a
*published snapshot* (:meth:`casekit.store.Store.publish_snapshot`), never from a live query, and:

- a snapshot names, per leader group (the *unit*: a municipality, or a network for the life events) and
  per *facet* (a dimension and perspective of a self-assessment, a technology on the radar), the
  submissions whose answers count;
- a unit's facet changes only when at least ``min_group_size`` of its people have a new, changed or
  withdrawn answer in it since the last snapshot. A leader group with fewer than ``min_group_size``
  answers in a facet adds nothing to any published figure, so a small municipality cannot be worked out
  from its county either;
- a figure that cuts across leader groups (a role within a county) and is shown before and after a
  change moves only by at least ``min_group_size`` people, or not at all;
- a trainer may publish everything as it stands at a deadline (``casekit cohort publish``), which is the
  one deliberate exception: after it, a group that gains one answer shows nothing new until it has gained
  ``min_group_size``.

A participant view refreshes the snapshot itself when it finds the rule satisfied; otherwise it shows the
previous snapshot, or says that nothing is published yet. Two kernels refreshing at once cannot publish
one after the other a single submission apart: a refresh names the snapshot it replaces and the store
refuses it when another came first. A participant's lowered ``min_group_size`` does not lower the rule:
a snapshot keeps the size it was published with, and a refresh uses the larger. After an erasure, a
snapshot that names submissions that are gone is withheld until a trainer publishes again, because
showing the figures without the person would give their answers away.
"""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import PrivacyError, SnapshotConflictError, StoreReadOnlyError, StoreRefusedError
from .store import ServiceStore, Snapshot, Store, default_actor

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MIN_GROUP_SIZE_FLOOR = 3
DEFAULT_MIN_GROUP_SIZE = 5
#: The layout of a snapshot's ``data`` (see :func:`next_cut`).
SNAPSHOT_FORMAT = 1
#: The columns of the rows the rule works on: one row per submission and facet it has an answer in.
ROW_COLUMNS = ("submission_id", "who", "unit", "facet")
#: An optional column of the rows: when each submission was saved. A snapshot keeps a digest of the
#: stamps of the submissions it names, so an id that came to mean another submission (SQLite may give a
#: deleted id to the next save) is noticed, and the snapshot withheld.
STAMP = "stamp"

#: ``{unit: {facet: [submission ids]}}``: what a snapshot publishes.
Cut = dict[str, dict[str, list[int]]]


def check_min_group_size(value: object) -> int:
    """``value`` as an int when it is a whole number (not a bool, float or text) of at least
    :data:`MIN_GROUP_SIZE_FLOOR`; otherwise a :class:`~casekit.errors.PrivacyError` naming the value and
    the floor, in the reader's language."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise PrivacyError("privacy.error.min_group_size_type", value=repr(value), floor=MIN_GROUP_SIZE_FLOOR)
    if value < MIN_GROUP_SIZE_FLOOR:
        raise PrivacyError("privacy.error.min_group_size", value=int(value), floor=MIN_GROUP_SIZE_FLOOR)
    return int(value)


# --- the rule, as pure functions over rows -----------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """The rows of every final submission, indexed for the rule."""

    latest: dict[str, int]  # who -> newest submission id
    facets: dict[int, set[str]]  # submission id -> facets it has answers in
    who: dict[int, str]  # submission id -> who
    unit: dict[int, str]  # submission id -> unit
    groups: dict[str, dict[str, tuple[Any, ...]]]  # grouping -> who -> the who's group in it


def _index(rows: pd.DataFrame, groupings: Iterable[tuple[str, ...]]) -> _Rows:
    missing = [c for c in ROW_COLUMNS if c not in rows.columns]
    if missing:
        raise KeyError(f"rows lack {missing}")
    ids = rows["submission_id"].astype(int).tolist()
    who = dict(zip(ids, rows["who"].astype(str).tolist()))
    unit = dict(zip(ids, rows["unit"].astype(str).tolist()))
    facets: dict[int, set[str]] = {}
    for ident, facet in zip(ids, rows["facet"].astype(str).tolist()):
        facets.setdefault(ident, set()).add(facet)
    latest: dict[str, int] = {}
    for ident, person in who.items():
        latest[person] = max(ident, latest.get(person, ident))
    newest = rows[rows["submission_id"].astype(int).isin(set(latest.values()))]
    groups = {}
    for grouping in groupings:
        columns = [newest[c].astype(str).tolist() for c in grouping]
        groups["/".join(grouping)] = dict(zip(newest["who"].astype(str).tolist(), zip(*columns)))
    return _Rows(latest, facets, who, unit, groups)


def _current(index: _Rows, min_group_size: int) -> dict[tuple[str, str], dict[str, int]]:
    """Per (unit, facet) the newest submission of each person with an answer in it; a facet with fewer
    than ``min_group_size`` people is left out (it must add nothing to any figure)."""
    state: dict[tuple[str, str], dict[str, int]] = {}
    for person, ident in index.latest.items():
        for facet in index.facets.get(ident, ()):
            state.setdefault((index.unit[ident], facet), {})[person] = ident
    return {key: people for key, people in state.items() if len(people) >= min_group_size}


def _published(cut: Cut, index: _Rows) -> dict[tuple[str, str], dict[str, int]]:
    """Per (unit, facet) of a snapshot the person behind each submission."""
    return {
        (unit, facet): {index.who[i]: i for i in ids if i in index.who}
        for unit, facets in cut.items()
        for facet, ids in facets.items()
    }


def _changed(before: Mapping[str, int], after: Mapping[str, int]) -> set[str]:
    """The people whose answer in a facet is new, changed or withdrawn."""
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}


State = dict[tuple[str, str], dict[str, int]]


def _sizes(state: State, groups: Mapping[str, Any]) -> dict[tuple[Any, str], int]:
    """How many people each cross-cutting group has per facet in a state."""
    sizes: dict[tuple[Any, str], int] = {}
    for (_unit, facet), people in state.items():
        for person in people:
            key = (groups.get(person), facet)
            sizes[key] = sizes.get(key, 0) + 1
    return sizes


def _cross_violations(
    applied: dict[tuple[str, str], set[str]], before: State, after: State, index: _Rows, k: int
) -> set[tuple[str, str]]:
    """The applied (unit, facet) changes that would move a cross-cutting group (a role within a county)
    that is shown both before and after (at least ``k`` people) by fewer than ``k`` people."""
    new = {**before, **{key: after.get(key, {}) for key in applied}}
    bad: set[tuple[str, str]] = set()
    for groups in index.groups.values():
        old_sizes, new_sizes = _sizes(before, groups), _sizes(new, groups)
        moved: dict[tuple[Any, str], set[str]] = {}
        for (_unit, facet), people in applied.items():
            for person in people:
                moved.setdefault((groups.get(person), facet), set()).add(person)
        small = {
            key
            for key, people in moved.items()
            if len(people) < k and old_sizes.get(key, 0) >= k and new_sizes.get(key, 0) >= k
        }
        for key, people in applied.items():
            if any((groups.get(person), key[1]) in small for person in people):
                bad.add(key)
    return bad


def next_cut(
    rows: pd.DataFrame,
    previous: Cut | None,
    *,
    min_group_size: int,
    groupings: Iterable[tuple[str, ...]] = (),
    explicit: bool = False,
) -> Cut | None:
    """The cut a new snapshot publishes, or None when the rule allows no change.

    ``rows`` has one row per final submission and facet it answers (columns :data:`ROW_COLUMNS`, plus
    the columns named in ``groupings``), for every final submission in the store, older ones included.
    A (unit, facet) moves to its current answers when at least ``min_group_size`` people changed in it;
    then changes that would move a cross-cutting group by fewer are held back, until none is left.
    ``explicit`` (a trainer at a deadline) takes every current answer of every group large enough."""
    k = check_min_group_size(min_group_size)
    index = _index(rows, groupings)
    before = _published(previous or {}, index)
    after = _current(index, k)
    applied = {
        key: changed
        for key in set(before) | set(after)
        if (changed := _changed(before.get(key, {}), after.get(key, {}))) and (explicit or len(changed) >= k)
    }
    while not explicit and (bad := _cross_violations(applied, before, after, index, k)):
        for key in bad:
            del applied[key]
    if not applied and previous is not None:
        return None
    cut: Cut = {unit: dict(facets) for unit, facets in (previous or {}).items()}
    for unit, facet in applied:
        ids = sorted(after.get((unit, facet), {}).values())
        cut.setdefault(unit, {})[facet] = ids
        if not ids:
            del cut[unit][facet]
    return {unit: dict(sorted(facets.items())) for unit, facets in sorted(cut.items()) if facets}


# --- reading and refreshing snapshots ---------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What participants may see of one kind: the snapshot, the submissions it names and for which
    facets, whether this view refreshed it, and whether it is withheld (it names erased submissions)."""

    kind: str
    snapshot: Snapshot | None
    facets: dict[int, frozenset[str]] = field(default_factory=dict)
    refreshed: bool = False
    withheld: bool = False

    @property
    def shown(self) -> bool:
        """True when there are published figures to show."""
        return self.snapshot is not None and not self.withheld

    @property
    def ids(self) -> set[int]:
        return set(self.facets)


def _cut_of(snapshot: Snapshot | None) -> Cut | None:
    if snapshot is None:
        return None
    units = snapshot.data.get("units", {})
    return {str(u): {str(f): [int(i) for i in ids] for f, ids in fs.items()} for u, fs in units.items()}


def _facets_of(cut: Cut | None) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {}
    for facets in (cut or {}).values():
        for facet, ids in facets.items():
            for ident in ids:
                found.setdefault(ident, set()).add(facet)
    return {ident: frozenset(f) for ident, f in found.items()}


def _stamps(rows: pd.DataFrame) -> dict[int, str]:
    if STAMP not in rows.columns:
        return {}
    return dict(zip(rows["submission_id"].astype(int).tolist(), rows[STAMP].astype(str).tolist()))


def _digest(ids: Iterable[int], stamps: Mapping[int, str]) -> str:
    text = "\n".join(f"{i}:{stamps.get(i, '')}" for i in sorted(ids))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _data(cut: Cut, rows: pd.DataFrame, k: int, reason: str) -> tuple[dict[str, Any], int]:
    who = dict(zip(rows["submission_id"].astype(int).tolist(), rows["who"].astype(str).tolist()))
    people = {who[i] for facets in cut.values() for ids in facets.values() for i in ids if i in who}
    check = _digest(_facets_of(cut), _stamps(rows))
    data = {"format": SNAPSHOT_FORMAT, "min_group_size": k, "units": cut, "reason": reason, "check": check}
    return data, len(people)


def _gone(snapshot: Snapshot, cut: Cut, rows: pd.DataFrame) -> bool:
    """Whether the snapshot names a submission that is no longer the one it named: erased, purged, or its
    id given to another save."""
    ids = set(_facets_of(cut))
    known = set(rows["submission_id"].astype(int).tolist())
    if not ids <= known:
        return True
    check = snapshot.data.get("check")
    return check is not None and check != _digest(ids, _stamps(rows))


def published(
    store: Store,
    kind: str,
    rows: pd.DataFrame,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    groupings: Iterable[tuple[str, ...]] = (),
    actor: str | None = None,
    refresh: bool = True,
) -> Published:
    """The published figures of ``kind`` for a participant view: the latest snapshot, refreshed first
    when the rule allows a change (see :func:`next_cut`; ``rows`` as there). Never a live query."""
    groupings = tuple(groupings)
    snapshot = store.latest_snapshot(kind)
    k = check_min_group_size(min_group_size)
    if snapshot is not None:
        k = max(k, int(snapshot.data.get("min_group_size", k)))
    cut = _cut_of(snapshot)
    if snapshot is not None and cut is not None and _gone(snapshot, cut, rows):
        return Published(kind, snapshot, withheld=True)
    change = next_cut(rows, cut, min_group_size=k, groupings=groupings) if refresh else None
    if change is None or (snapshot is None and not change):
        return Published(kind, snapshot, _facets_of(cut))
    data, people = _data(change, rows, k, "rule")
    data["previous"] = snapshot.id if snapshot is not None else None
    try:
        fresh = store.publish_snapshot(kind, data, actor=actor or default_actor(), respondents=people)
    except SnapshotConflictError:  # another view published first: show theirs
        return published(store, kind, rows, min_group_size=k, groupings=groupings, refresh=False)
    except StoreReadOnlyError:  # a store this view may only read: what is published stays shown
        return Published(kind, snapshot, _facets_of(cut))
    except StoreRefusedError as exc:  # the hub service: a role without publish, the same
        if exc.http_status not in (401, 403):
            raise
        return Published(kind, snapshot, _facets_of(cut))
    return Published(kind, fresh, _facets_of(change), refreshed=True)


def publish(
    store: Store,
    kind: str,
    rows: pd.DataFrame,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    actor: str | None = None,
) -> Snapshot:
    """Publish every current answer of ``kind`` now (a trainer at a deadline): each leader group's facet
    with at least ``min_group_size`` people counts, smaller ones add nothing. Audited by the store."""
    k = check_min_group_size(min_group_size)
    cut = next_cut(rows, None, min_group_size=k, explicit=True) or {}
    data, people = _data(cut, rows, k, "trainer")
    return store.publish_snapshot(kind, data, actor=actor or default_actor(), respondents=people)


def served(store: ServiceStore, kind: str) -> tuple[pd.DataFrame, Published]:
    """The published answers of ``kind`` as the casekit hub service works them out for a participant's
    kernel (it applies :func:`published` where every answer can be read, with the cohort's
    ``min_group_size``), and their publication."""
    answer = store.published(kind)
    result = Published(kind, answer["snapshot"], answer["facets"], answer["refreshed"], answer["withheld"])
    return answer["frame"], result
