"""Published snapshots of group figures, on both backends: one series per cohort and kind, newest wins,
publishing is audited, a compare-and-swap keeps two kernels from publishing one after the other, and a
purged cohort takes its snapshots with it."""

import datetime as dt
import multiprocessing as mp

import pytest
from store_backends import BACKENDS, backend_url

from casekit.errors import SnapshotConflictError, StoreError
from casekit.store import Snapshot, SQLStore, Store


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with backend_url(request.param, tmp_path) as address:
        yield address


@pytest.fixture
def store(url):
    opened = SQLStore(url)
    yield opened
    opened.engine.dispose()


def test_the_newest_snapshot_of_a_kind_and_cohort_is_the_one_read(store):
    assert isinstance(store, Store) and store.latest_snapshot("maturity") is None
    first = store.publish_snapshot("maturity", {"units": {"4228": [1, 2]}}, actor="trainer", respondents=2)
    assert isinstance(first, Snapshot) and first.cohort is None and first.kind == "maturity"
    assert first.actor == "trainer" and first.respondents == 2 and first.data == {"units": {"4228": [1, 2]}}
    assert first.created_at.tzinfo is not None
    second = store.publish_snapshot("maturity", {"note": "æøå <b>"}, actor="trainer")
    assert second.id > first.id and second.respondents == 0
    assert store.latest_snapshot("maturity") == second
    assert store.latest_snapshot("radar-ballot") is None  # kinds are separate


def test_snapshots_belong_to_the_cohort_the_store_is_bound_to(store):
    agder, pilot = store.bound("agder-2025"), store.bound("pilot-2025")
    mine = agder.publish_snapshot("maturity", {"who": "agder"}, actor="trainer", respondents=5)
    assert mine.cohort == "agder-2025"
    assert pilot.latest_snapshot("maturity") is None and store.latest_snapshot("maturity") is None
    assert agder.latest_snapshot("maturity").data == {"who": "agder"}
    store.publish_snapshot("maturity", {"who": "none"}, actor="trainer")
    assert agder.latest_snapshot("maturity").data == {"who": "agder"}


def test_publishing_is_audited_without_the_figures(store):
    store.bound("agder-2025").publish_snapshot(
        "maturity", {"units": {"4228": [1]}, "reason": "trainer"}, actor="ane", respondents=7
    )
    entry = store.audit()[-1]
    assert (entry.action, entry.actor, entry.count) == ("publish", "ane", 7)
    assert entry.scope == "snapshot:maturity cohort:agder-2025" and entry.reason == "trainer"
    assert "4228" not in entry.scope + entry.reason


def test_a_snapshot_replaces_only_the_one_it_was_worked_out_from(store):
    first = store.publish_snapshot("maturity", {"previous": None}, actor="kernel-a")
    with pytest.raises(SnapshotConflictError) as err:
        store.publish_snapshot("maturity", {"previous": None}, actor="kernel-b")
    assert "maturity" in err.value.message("en") and "Nothing was published" in err.value.message("en")
    second = store.publish_snapshot("maturity", {"previous": first.id}, actor="kernel-b")
    with pytest.raises(SnapshotConflictError):
        store.publish_snapshot("maturity", {"previous": first.id}, actor="kernel-c")
    assert store.latest_snapshot("maturity") == second
    assert [e.action for e in store.audit()] == ["publish", "publish"]  # the refused ones left no line


@pytest.mark.parametrize(
    ("kind", "data"), [("", {}), ("x" * 201, {}), (None, {}), ("maturity", {"x": float("nan")})]
)
def test_a_bad_kind_or_data_publishes_nothing(store, kind, data):
    with pytest.raises(StoreError):
        store.publish_snapshot(kind, data, actor="trainer")
    assert store.audit() == [] and store.latest_snapshot("maturity") is None


def _publisher(url, previous, go, results):
    store = SQLStore(url)  # connected before the start signal, so the publishers really race
    go.wait(60)
    try:
        store.publish_snapshot("maturity", {"previous": previous}, actor="kernel")
        results.put("published")
    except SnapshotConflictError:
        results.put("conflict")
    finally:
        store.engine.dispose()


def test_of_kernels_publishing_from_the_same_snapshot_at_once_exactly_one_wins(url):
    store = SQLStore(url)
    base = store.publish_snapshot("maturity", {"previous": None}, actor="trainer")
    store.engine.dispose()
    ctx = mp.get_context("fork")
    results, go = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_publisher, args=(url, base.id, go, results)) for _ in range(8)]
    for p in procs:
        p.start()
    go.set()
    for p in procs:
        p.join(timeout=120)
    outcomes = sorted(results.get(timeout=10) for _ in procs)
    assert outcomes == ["conflict"] * 7 + ["published"]
    store = SQLStore(url)
    assert len([e for e in store.audit() if e.action == "publish"]) == 2
    store.engine.dispose()


def test_a_purged_cohort_takes_its_snapshots_along_and_leaves_the_others(store):
    store.register_cohort("agder-2024", dt.date(2025, 6, 30))
    store.register_cohort("pilot-2025", dt.date(2027, 6, 30))
    store.bound("agder-2024").publish_snapshot("maturity", {"units": {}}, actor="trainer")
    store.bound("pilot-2025").publish_snapshot("maturity", {"units": {}}, actor="trainer")
    store.publish_snapshot("maturity", {"units": {}}, actor="trainer")
    store.purge_expired(dt.date(2026, 1, 1), actor="admin")
    assert store.bound("agder-2024").latest_snapshot("maturity") is None
    assert store.bound("pilot-2025").latest_snapshot("maturity") is not None
    assert store.latest_snapshot("maturity") is not None
