"""One store suite, two backends: every test here runs against a SQLite file and a real PostgreSQL
server (see ``store_backends``)."""

import inspect
import json
import multiprocessing as mp

import pandas as pd
import pytest
from store_backends import BACKENDS, backend_url

from casekit.errors import StoreError
from casekit.store import SQLStore, Store, normalise_url, open_store


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with backend_url(request.param, tmp_path) as address:
        yield address


@pytest.fixture
def store(url):
    opened = SQLStore(url)
    yield opened
    opened.engine.dispose()


def test_append_only_latest_final_counts_history_kept(store):
    store.save("4228-r01", "maturity", {"a": 1, "b": "x"}, municipality="4228", role="leader", status="draft")
    store.save("4228-r01", "maturity", {"a": 2}, status="final")
    store.save("4228-r01", "maturity", {"a": 3}, status="draft")
    assert store.latest("4228-r01", "maturity").answers == {"a": 3}
    final = store.latest("4228-r01", "maturity", status="final")
    assert final.answers == {"a": 2} and final.municipality == "4228" and final.role == "leader"
    assert [s.answers["a"] for s in store.history("4228-r01", "maturity")] == [1, 2, 3]
    assert store.count() == 3 and store.count("maturity") == 3 and store.count("other") == 0


def test_values_keep_their_types_and_text_is_not_altered(store):
    answers = {
        "n": 3,
        "f": 2.5,
        "t": "<script>alert(1)</script> æøå",
        "none": None,
        "list": ["a", 1],
        "b": True,
        "nested": {"x": [1, {"y": "z"}]},
    }
    store.save("r", "free", answers, status="final")
    assert store.latest("r", "free").answers == answers


def test_drafts_resume_in_a_new_store_object(url):
    SQLStore(url).save("r1", "maturity", {"q": 4}, status="draft", meta={"page": 3})
    again = SQLStore(url)  # as after a kernel restart
    draft = again.latest("r1", "maturity", status="draft")
    assert draft.answers == {"q": 4} and draft.meta == {"page": 3}
    assert again.latest("r1", "maturity", status="final") is None


def test_filters_and_latest_modes(store):
    store.save("0301-r1", "maturity", {"q": 1}, municipality="0301", status="final")
    store.save("0301-r2", "maturity", {"q": 2}, municipality="0301", status="final")
    store.save("4228-r1", "maturity", {"q": 5}, municipality="4228", status="final")
    store.save("4228-r1", "initiative:abc", {"goal": "x"}, status="final")
    store.save("4228-r2", "initiative:abc", {"goal": "y"}, municipality="4228", status="final")
    store.save("4228-r2", "initiative_x", {"goal": "not an initiative"}, municipality="4228", status="final")
    assert len(store.submissions("maturity")) == 3
    assert len(store.submissions("maturity", municipality="0301")) == 2
    per_municipality = store.submissions("maturity", latest="municipality")
    assert sorted(s.respondent for s in per_municipality) == ["0301-r2", "4228-r1"]
    initiatives = store.submissions("initiative:*", latest="municipality")
    assert [s.answers["goal"] for s in initiatives] == ["y"]
    assert len(store.submissions(latest=False, status="any")) == 6
    with pytest.raises(StoreError):
        store.submissions(latest="county")
    with pytest.raises(StoreError):
        store.submissions(status="kladd")


def test_tidy_answers_and_csv_export(store, tmp_path):
    store.save("0301-r1", "maturity", {"q1": 1, "q2": "dont_know"}, municipality="0301", status="final")
    store.save("0301-r1", "maturity", {"q1": 2, "q2": 4}, status="draft")
    frame = store.answers("maturity")
    assert list(frame.columns) == [
        "submission_id",
        "respondent",
        "municipality",
        "role",
        "instrument",
        "version",
        "status",
        "created_at",
        "item",
        "value",
    ]
    assert sorted(zip(frame["item"], frame["value"])) == [("q1", 1), ("q2", "dont_know")]
    assert str(frame["created_at"].dt.tz) == "UTC"
    path = store.export_csv(tmp_path / "out" / "answers.csv", instrument="maturity", actor="trainer-a")
    back = pd.read_csv(path, dtype=str)
    assert len(back) == 2 and set(back["municipality"]) == {"0301"}
    assert sorted(json.loads(v) for v in back["value"] if v != '"dont_know"') == [1]
    (entry,) = store.audit()
    assert (entry.actor, entry.action, entry.count) == ("trainer-a", "export", 2)
    assert "instrument=maturity" in entry.scope


def test_reads_for_reports_leave_no_audit_line_but_bulk_reads_do(store):
    store.save("r1", "maturity", {"q": 1}, status="final")
    store.answers("maturity")
    store.submissions()
    assert store.audit() == []
    store.answers(actor="exporter")
    assert [e.action for e in store.audit()] == ["export"]


def test_respondents_registry(store):
    store.register("0301-r1", "0301", "kommunedirektør")
    store.register("0301-r1", "9999", "other")  # idempotent: the first registration stands
    frame = store.respondents()
    assert frame.to_dict("records")[0]["municipality"] == "0301"
    assert len(store.respondents("0301")) == 1


def test_invalid_saves_are_refused_without_writing(store):
    with pytest.raises(StoreError, match="kladd"):
        store.save("r", "m", {"a": 1}, status="kladd")
    with pytest.raises(StoreError, match="respondent"):
        store.save("", "m", {"a": 1})
    with pytest.raises(StoreError, match="a"):
        store.save("r", "m", {"a": object()})
    with pytest.raises(StoreError):
        store.save("r", "m", {"a": float("nan")})
    with pytest.raises(StoreError, match="list"):
        store.save("r", "m", ["a", 1])
    with pytest.raises(StoreError, match="municipality"):
        store.save("r", "m", {"a": 1}, municipality="04228")  # would not fit the column on PostgreSQL
    assert store.count() == 0 and store.respondents().empty


def test_ordering_is_by_id_and_time_follows_it(store):
    for i in range(5):
        store.save("r", "m", {"i": i}, status="final")
    history = store.history("r", "m")
    assert [s.answers["i"] for s in history] == list(range(5))
    assert [s.id for s in history] == sorted(s.id for s in history)
    assert [s.created_at for s in history] == sorted(s.created_at for s in history)


def test_url_normalisation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert normalise_url("a.sqlite") == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert normalise_url("sqlite:///b.sqlite") == f"sqlite:///{tmp_path / 'b.sqlite'}"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("CASEKIT_STORE_URL", "sqlite:///env.sqlite")
    assert normalise_url(None) == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert open_store(None) is open_store("")


def test_a_password_never_shows_in_a_message():
    with pytest.raises(StoreError) as err:
        open_store("postgresql://casekit:hemmelig@127.0.0.1:1/nothing")
    assert "hemmelig" not in err.value.message() and "***" in err.value.message()


def _writer(url: str, worker: int, count: int) -> None:
    store = SQLStore(url)
    for i in range(count):
        store.save(
            f"w{worker:02d}",
            "maturity",
            {"worker": worker, "seq": i, "text": f"{worker}-{i}"},
            municipality="4228",
            status="final" if i % 2 else "draft",
        )


@pytest.mark.slow
def test_forty_processes_writing_at_once_lose_nothing(url):
    SQLStore(url).engine.dispose()  # create the schema first
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(url, w, 25)) for w in range(40)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert all(p.exitcode == 0 for p in procs)
    store = SQLStore(url)
    subs = store.submissions(status="any", latest=False)
    assert len(subs) == 1000
    seen = {(s.answers["worker"], s.answers["seq"]) for s in subs}
    assert len(seen) == 1000  # none lost, none merged
    assert all(
        s.respondent == f"w{s.answers['worker']:02d}"
        and s.answers["text"] == f"{s.answers['worker']}-{s.answers['seq']}"
        for s in subs
    )
    for w in range(40):
        history = store.history(f"w{w:02d}", "maturity")
        assert [s.answers["seq"] for s in history] == list(range(25))
    assert len(store.respondents()) == 40  # every writer registered itself once, none twice
    store.engine.dispose()


def test_the_default_store_lives_in_the_data_folder_never_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEKIT_STORE_URL", raising=False)
    monkeypatch.delenv("CASEKIT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert normalise_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'casekit' / 'casekit.sqlite'}"
    assert (tmp_path / "xdg" / "casekit").is_dir()
    monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path / "mine"))
    assert normalise_url("") == f"sqlite:///{tmp_path / 'mine' / 'casekit.sqlite'}"
    assert not list(tmp_path.glob("*.sqlite"))


def test_open_store_hands_a_store_back_unchanged(store):
    assert open_store(store) is store
    assert isinstance(store, Store)


def test_a_store_bound_to_a_cohort_stamps_it_on_every_save(url):
    plain = open_store(url)
    agder = open_store(url, cohort="agder-2025")
    assert open_store(url, cohort="agder-2025") is agder and agder is not plain
    assert agder.engine is plain.engine  # one pool per URL
    assert open_store(plain, cohort="agder-2025").cohort == "agder-2025"
    agder.save("4204-r1", "maturity", {"q": 1}, municipality="4204", status="final")
    plain.save("4204-r2", "maturity", {"q": 2}, municipality="4204", status="final")
    cohorts = {s.respondent: s.cohort for s in plain.submissions("maturity")}
    assert cohorts == {"4204-r1": "agder-2025", "4204-r2": None}
    with pytest.raises(StoreError, match="Agder 2025"):
        open_store(url, cohort="Agder 2025")


def _signature(function):
    params = list(inspect.signature(function).parameters.values())
    return [(p.name, p.kind, p.default) for p in params]


def assert_conforms(cls) -> None:
    """``cls`` has every method of the Store protocol with the same signature, and its attributes (the
    hub service's client is checked with this too)."""
    wanted = {n: v for n, v in vars(Store).items() if callable(v) and not n.startswith("_")}
    assert {"save", "latest", "erase", "purge_expired", "export_person", "audit", "bound"} <= set(wanted)
    for name, method in wanted.items():
        assert hasattr(cls, name), name
        assert _signature(getattr(cls, name)) == _signature(method), name
    assert {"url", "cohort", "limits"} <= set(Store.__annotations__)


def test_the_sql_store_has_exactly_the_protocol_s_methods_and_signatures(store):
    assert_conforms(SQLStore)
    for attribute in Store.__annotations__:
        assert hasattr(store, attribute), attribute

    class Partial:
        def save(self, respondent, instrument, answers, *, status="final"):  # another default
            """Not the protocol."""

    with pytest.raises(AssertionError):
        assert_conforms(Partial)


def test_reads_filter_by_cohort_and_respondent(url):
    plain = open_store(url)
    agder, vest = open_store(url, cohort="agder-2025"), open_store(url, cohort="vestland-2025")
    agder.save("4204-r1", "maturity", {"q": 1}, municipality="4204", status="final")
    agder.save("4204-r1", "capabilities", {"c": 1}, municipality="4204", status="draft")
    vest.save("4601-r1", "maturity", {"q": 2}, municipality="4601", status="final")
    plain.save("0301-r1", "maturity", {"q": 3}, municipality="0301", status="final")
    assert [s.respondent for s in plain.submissions("maturity", cohort="agder-2025")] == ["4204-r1"]
    both = plain.submissions("maturity", cohort=["agder-2025", "vestland-2025"])
    assert sorted(s.respondent for s in both) == ["4204-r1", "4601-r1"]
    assert plain.submissions(cohort=[]) == []
    mine = plain.submissions(respondent="4204-r1", status="any")
    assert sorted(s.instrument for s in mine) == ["capabilities", "maturity"]
    frame = plain.answers("maturity", cohort="vestland-2025")
    assert list(frame["respondent"]) == ["4601-r1"] and list(frame["value"]) == [2]
    assert plain.count(cohort="agder-2025") == 2 and plain.count("maturity", cohort=["vestland-2025"]) == 1
    assert plain.count() == 4
    with pytest.raises(StoreError, match="Agder"):
        plain.submissions(cohort="Agder")


def test_answer_rows_are_what_the_tidy_frame_is_built_from(store):
    store.save("4204-r1", "maturity", {"b": [1, "x"], "a": "æ"}, municipality="4204", status="final")
    subs, answers = store.answer_rows("maturity")
    assert len(subs) == 1 and subs[0][1:3] == ("4204-r1", "4204")
    assert [(item, json.loads(value)) for _id, item, value in answers] == [("a", "æ"), ("b", [1, "x"])]
    assert store.audit() == []
    store.answer_rows("maturity", cohort="agder-2025", actor="tove")
    (entry,) = store.audit()
    assert (entry.actor, entry.action, entry.count) == ("tove", "export", 0)
    assert "cohort=agder-2025" in entry.scope


def test_a_read_of_others_answers_can_be_recorded_in_the_audit_trail(store):
    store.record_read("tove", "read", "submissions: cohort=agder-2025, instrument=maturity", 12)
    (entry,) = store.audit()
    assert (entry.actor, entry.action, entry.count) == ("tove", "read", 12)
    assert entry.scope == "submissions: cohort=agder-2025, instrument=maturity"
    with pytest.raises(StoreError):
        store.record_read("", "read", "x", 1)
