"""Personal data over time, on both backends: export one person, erase one person, purge cohorts past
their retention date, and the audit trail that records all of it without the content."""

import datetime as dt
import json

import pytest
from store_backends import BACKENDS, backend_url

from casekit.errors import StoreError
from casekit.store import SQLStore

SECRET = "Mitt hemmelige svar om ledergruppa"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with backend_url(request.param, tmp_path) as url:
        opened = SQLStore(url)
        yield opened
        opened.engine.dispose()


def _fill(store):
    agder, pilot = store.bound("agder-2024"), store.bound("pilot-2025")
    agder.register("4204-r1", "4204", "kommunedirektør")
    agder.save("4204-r1", "maturity", {"q1": 3, "note": SECRET}, status="draft", meta={"page": 2})
    agder.save("4204-r1", "maturity", {"q1": 4, "note": SECRET}, status="final")
    agder.save("4204-r1", "initiative:felles", {"goal": "Én inngang"}, status="final")
    agder.save("4204-r2", "maturity", {"q1": 2}, municipality="4204", status="final")
    agder.save("4228-r9", "maturity", {"q1": 5}, municipality="4228", status="final")
    pilot.save("4228-r9", "competence", {"c1": 3}, municipality="4228", status="final")  # in both cohorts
    store.save("0301-r1", "maturity", {"q1": 1}, municipality="0301", status="final")  # no cohort
    store.register_cohort("agder-2024", dt.date(2025, 6, 30))
    store.register_cohort("pilot-2025", "2027-06-30")


def test_export_person_holds_everything_about_one_person_as_json(store):
    _fill(store)
    data = store.export_person("4204-r1", actor="personvernombud")
    back = json.loads(json.dumps(data, ensure_ascii=False))  # machine-readable as it is
    assert back["respondent"] == {
        "id": "4204-r1",
        "municipality": "4204",
        "role": "kommunedirektør",
        "registered_at": back["respondent"]["registered_at"],
    }
    subs = back["submissions"]
    assert [(s["instrument"], s["status"]) for s in subs] == [
        ("maturity", "draft"),
        ("maturity", "final"),
        ("initiative:felles", "final"),
    ]
    assert subs[0]["answers"] == {"q1": 3, "note": SECRET} and subs[0]["meta"] == {"page": 2}
    assert {s["cohort"] for s in subs} == {"agder-2024"}
    assert "4204-r2" not in json.dumps(back)  # nobody else's data is in it
    (entry,) = [e for e in store.audit() if e.action == "export_person"]
    assert (entry.actor, entry.scope, entry.count) == ("personvernombud", "respondent:4204-r1", 3)
    with pytest.raises(StoreError, match="ukjent-person"):
        store.export_person("ukjent-person")


def test_erase_deletes_one_person_and_audits_it_without_the_content(store):
    _fill(store)
    preview = store.erase("4204-r1", actor="admin", reason="request 2025-17", dry_run=True)
    assert (preview.submissions, preview.answers, preview.done) == (3, 5, False)
    assert preview.instruments == {"initiative:felles": 1, "maturity": 2}
    assert store.count() == 7  # a dry run deletes nothing
    done = store.erase("4204-r1", actor="admin", reason="request 2025-17")
    assert (done.submissions, done.answers, done.done) == (3, 5, True)
    assert store.history("4204-r1", "maturity") == []
    assert "4204-r1" not in set(store.respondents()["respondent"])
    assert store.count() == 4 and store.latest("4204-r2", "maturity").answers == {"q1": 2}
    (entry,) = [e for e in store.audit() if e.action == "erase"]
    assert (entry.actor, entry.scope, entry.count, entry.reason) == (
        "admin",
        "respondent:4204-r1",
        3,
        "request 2025-17",
    )
    assert all(SECRET not in f"{e}" for e in store.audit())
    with pytest.raises(StoreError, match="4204-r1"):
        store.erase("4204-r1", actor="admin")


def test_erasure_is_physical_in_a_sqlite_file(tmp_path):
    path = tmp_path / "s.sqlite"
    store = SQLStore(f"sqlite:///{path}")
    _fill(store)
    assert any(SECRET.encode() in p.read_bytes() for p in tmp_path.iterdir())
    store.erase("4204-r1", actor="admin")
    store.engine.dispose()
    for leftover in tmp_path.iterdir():  # the store, and its WAL if one is left
        assert SECRET.encode() not in leftover.read_bytes(), leftover.name


def test_purge_erases_expired_cohorts_and_says_what_it_left_alone(store):
    _fill(store)
    preview = store.purge_expired(dt.date(2025, 7, 1), actor="admin", dry_run=True)
    assert preview.expired == {"agder-2024": 5} and not preview.done and store.count() == 7
    result = store.purge_expired(dt.date(2025, 7, 1), actor="admin")
    assert result.expired == {"agder-2024": 5}
    assert result.kept == {"pilot-2025": "2027-06-30"}
    assert result.without_cohort == 1
    assert result.respondents == 2  # 4204-r1 and 4204-r2; 4228-r9 still has a pilot submission
    assert sorted(store.respondents()["respondent"]) == ["0301-r1", "4228-r9"]
    assert [s.instrument for s in store.submissions(latest=False, status="any")] == ["competence", "maturity"]
    (entry,) = [e for e in store.audit() if e.action == "purge"]
    assert (entry.scope, entry.count, entry.actor) == ("cohort:agder-2024", 5, "admin")
    again = store.purge_expired(dt.date(2025, 7, 1), actor="admin")
    assert again.expired == {"agder-2024": 0}
    assert store.purge_expired(dt.date(2025, 6, 30), actor="admin").expired == {}  # kept through the day


def test_a_purge_that_finds_nothing_is_audited_too(store):
    store.save("r", "m", {"q": 1}, status="final")
    result = store.purge_expired(actor="cron")
    assert result.expired == {} and result.without_cohort == 1 and store.count() == 1
    assert [(e.action, e.count) for e in store.audit()] == [("purge", 0)]


def test_retention_is_set_and_moved_but_never_cleared_by_omission(store):
    store.register_cohort("agder-2024")
    store.register_cohort("agder-2024", dt.date(2026, 1, 31))
    store.register_cohort("agder-2024", dt.date(2026, 1, 31))  # unchanged: no new audit line
    store.register_cohort("agder-2024", None)  # a config without the date leaves it as it is
    assert store.purge_expired(dt.date(2026, 2, 1), actor="a", dry_run=True).expired == {"agder-2024": 0}
    store.register_cohort("agder-2024", "2030-12-31")
    assert [e.reason for e in store.audit() if e.action == "retention"] == [
        "retention_until=2026-01-31",
        "retention_until=2030-12-31",
    ]
    with pytest.raises(StoreError, match="2026-13-01"):
        store.register_cohort("agder-2024", "2026-13-01")
    with pytest.raises(StoreError):
        store.register_cohort("Agder 2024")


def test_an_actor_must_be_named(store):
    store.save("r", "m", {"q": 1}, status="final")
    with pytest.raises(StoreError, match="aktøren"):
        store.erase("r", actor="  ")
    assert store.count() == 1
