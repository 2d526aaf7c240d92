import json
import multiprocessing as mp
import sqlite3

import pandas as pd
import pytest

from casekit.errors import StoreError
from casekit.store import SQLStore, Store, normalise_url, open_store


@pytest.fixture
def store(tmp_path):
    return SQLStore(normalise_url(tmp_path / "answers.sqlite"))


def test_append_only_latest_final_counts_history_kept(store):
    store.save("4228-r01", "maturity", {"a": 1, "b": "x"}, municipality="4228", role="leader", status="draft")
    store.save("4228-r01", "maturity", {"a": 2}, status="final")
    store.save("4228-r01", "maturity", {"a": 3}, status="draft")
    assert store.latest("4228-r01", "maturity").answers == {"a": 3}
    final = store.latest("4228-r01", "maturity", status="final")
    assert final.answers == {"a": 2} and final.municipality == "4228" and final.role == "leader"
    assert [s.answers["a"] for s in store.history("4228-r01", "maturity")] == [1, 2, 3]
    assert store.count() == 3


def test_values_keep_their_types_and_text_is_not_altered(store):
    answers = {
        "n": 3,
        "f": 2.5,
        "t": "<script>alert(1)</script> æøå",
        "none": None,
        "list": ["a", 1],
        "b": True,
    }
    store.save("r", "free", answers, status="final")
    assert store.latest("r", "free").answers == answers


def test_drafts_resume_in_a_new_store_object(tmp_path):
    url = normalise_url(tmp_path / "s.sqlite")
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
    assert len(store.submissions("maturity")) == 3
    assert len(store.submissions("maturity", municipality="0301")) == 2
    per_municipality = store.submissions("maturity", latest="municipality")
    assert sorted(s.respondent for s in per_municipality) == ["0301-r2", "4228-r1"]
    initiatives = store.submissions("initiative:*", latest="municipality")
    assert [s.answers["goal"] for s in initiatives] == ["y"]
    assert len(store.submissions(latest=False, status="any")) == 5
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
    path = store.export_csv(tmp_path / "out" / "answers.csv", instrument="maturity")
    back = pd.read_csv(path, dtype=str)
    assert len(back) == 2 and set(back["municipality"]) == {"0301"}
    assert sorted(json.loads(v) for v in back["value"] if v != '"dont_know"') == [1]


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
    assert store.count() == 0


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="SQLite"):
        open_store(path)
    assert path.read_text(encoding="utf-8") == "these are my notes"


def test_a_foreign_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("create table patients (id integer)")
        conn.execute("insert into patients values (1)")
    with pytest.raises(StoreError, match="patients"):
        SQLStore(normalise_url(path))
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from patients").fetchone() == (1,)


def test_a_corrupted_store_raises_a_clear_error(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLStore(normalise_url(path))
    for i in range(50):
        store.save(f"r{i}", "maturity", {"q": "x" * 500}, status="final")
    store.engine.dispose()
    size = path.stat().st_size
    raw = bytearray(path.read_bytes())
    raw[1024 : size - 10] = b"\xff" * (size - 1034)  # keep the header, ruin the pages
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError) as err:
        SQLStore(normalise_url(path)).submissions()
    assert str(path) in str(err.value)
    assert path.stat().st_size == size  # nothing was deleted or "repaired"


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(StoreError, match="ikke finnes"):
        SQLStore(normalise_url(tmp_path / "no" / "such" / "s.sqlite"))


def test_url_normalisation(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert normalise_url("a.sqlite") == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert normalise_url("sqlite:///b.sqlite") == f"sqlite:///{tmp_path / 'b.sqlite'}"
    assert normalise_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.setenv("CASEKIT_STORE_URL", "sqlite:///env.sqlite")
    assert normalise_url(None) == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert open_store(None) is open_store("")


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
def test_forty_processes_writing_at_once_lose_nothing(tmp_path):
    url = normalise_url(tmp_path / "busy.sqlite")
    SQLStore(url)  # create the schema first
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(url, w, 25)) for w in range(40)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert all(p.exitcode == 0 for p in procs)
    subs = SQLStore(url).submissions(status="any", latest=False)
    assert len(subs) == 1000
    seen = {(s.answers["worker"], s.answers["seq"]) for s in subs}
    assert len(seen) == 1000  # none lost, none merged
    assert all(
        s.respondent == f"w{s.answers['worker']:02d}"
        and s.answers["text"] == f"{s.answers['worker']}-{s.answers['seq']}"
        for s in subs
    )
    for w in range(40):
        history = SQLStore(url).history(f"w{w:02d}", "maturity")
        assert [s.answers["seq"] for s in history] == list(range(25))


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
