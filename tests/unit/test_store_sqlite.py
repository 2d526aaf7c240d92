"""SQLite that never surprises: files that are not stores, damage, locks, read-only files and folders.

Each case was seen with an earlier store; each test here failed on it."""

import datetime as dt
import hashlib
import multiprocessing as mp
import os
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from casekit import privacy
from casekit.apps.cli import main
from casekit.errors import StoreBusyError, StoreDamagedError, StoreError, StoreReadOnlyError
from casekit.store import SQLStore, normalise_url, open_store
from casekit.store import sql as sql_module


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled(path: Path, respondents: int = 300) -> Path:
    store = SQLStore(normalise_url(path))
    for i in range(respondents):
        store.save(f"4228-r{i:03d}", "maturity", {f"q{j}": j % 5 for j in range(40)}, status="final")
    store.engine.dispose()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def _foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("create table patients (id integer, name text)")
        conn.execute("insert into patients values (1, 'Kari')")
    return path


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="SQLite"):
        open_store(path)
    assert path.read_text(encoding="utf-8") == "these are my notes"


def test_another_application_s_database_is_refused_without_a_single_byte_written(tmp_path):
    path = _foreign(tmp_path / "journal.sqlite")
    before, header = _digest(path), path.read_bytes()[18:20]
    with pytest.raises(StoreError, match="patients") as err:
        SQLStore(normalise_url(path))
    assert "Ingenting er endret" in err.value.message()
    assert path.read_bytes()[18:20] == header == b"\x01\x01"  # still a rollback journal, not WAL
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.sqlite"]


def test_assessment_export_leaves_a_foreign_or_damaged_file_untouched(tmp_path, capsys):
    foreign = _foreign(tmp_path / "journal.sqlite")
    damaged = _filled(tmp_path / "store.sqlite")
    size = damaged.stat().st_size
    with damaged.open("r+b") as fh:
        fh.truncate(size - size // 100)
    for path in (foreign, damaged):
        before = _digest(path)
        out = tmp_path / f"{path.stem}.csv"
        assert main(["assessment", "export", "--store", str(path), "--out", str(out)]) == 1  # invalid input
        assert str(path) in capsys.readouterr().err
        assert _digest(path) == before and not out.exists()


def test_a_store_truncated_by_one_percent_is_refused_at_open_and_left_alone(tmp_path):
    path = _filled(tmp_path / "store.sqlite")
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate(size - size // 100)
    before = _digest(path)
    with pytest.raises(StoreDamagedError) as err:
        SQLStore(normalise_url(path))  # an earlier store opened this and accepted a save
    assert str(path) in err.value.message() and "skadet" in err.value.message()
    assert _digest(path) == before


def test_a_store_with_ruined_pages_is_refused_and_left_alone(tmp_path):
    path = _filled(tmp_path / "c.sqlite", respondents=50)
    raw = bytearray(path.read_bytes())
    raw[1024 : len(raw) - 10] = b"\xff" * (len(raw) - 1034)  # keep the header, ruin the pages
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreDamagedError) as err:
        SQLStore(normalise_url(path))
    assert str(path) in str(err.value)
    assert path.read_bytes() == bytes(raw)  # nothing was deleted or "repaired"


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(StoreError, match="ikke finnes"):
        SQLStore(normalise_url(tmp_path / "no" / "such" / "s.sqlite"))


@pytest.fixture
def short_wait(monkeypatch):
    """Stores opened in the test wait 50 ms for a lock instead of a minute."""
    monkeypatch.setattr(sql_module, "BUSY_TIMEOUT_MS", 50)


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("insert into respondents values ('other-writer', null, null, 'now')")
    return other


def test_reads_never_wait_for_a_writer(tmp_path, short_wait):
    store = SQLStore(normalise_url(tmp_path / "s.sqlite"))
    store.save("4228-r1", "maturity", {"q": 3}, status="final")
    writer = _hold_write_lock(tmp_path / "s.sqlite")
    try:
        # An earlier store took the write lock for every read: this waited and then failed.
        assert store.latest("4228-r1", "maturity").answers == {"q": 3}
        assert len(store.submissions()) == 1 and len(store.answers()) == 1 and store.count() == 1
        fresh = SQLStore(normalise_url(tmp_path / "s.sqlite"))  # opening (quick_check included) is a read too
        assert fresh.latest("4228-r1", "maturity").answers == {"q": 3}
        with pytest.raises(StoreBusyError) as err:
            store.save("4228-r1", "maturity", {"q": 4}, status="final")
        assert "opptatt" in err.value.message() and "kan være skadet" not in err.value.message()
    finally:
        writer.rollback()
        writer.close()
    assert store.save("4228-r1", "maturity", {"q": 4}, status="final").answers == {"q": 4}


def test_a_locked_store_is_reported_as_busy_never_as_damaged(tmp_path, short_wait):
    store = SQLStore(normalise_url(tmp_path / "s.sqlite"))
    store.save("4228-r1", "maturity", {"q": 3}, status="final")
    store.engine.dispose()
    hog = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    hog.execute("PRAGMA locking_mode=EXCLUSIVE")
    hog.execute("BEGIN EXCLUSIVE")
    hog.execute("insert into respondents values ('hog', null, null, 'now')")
    try:
        with pytest.raises(StoreBusyError) as err:
            store.latest("4228-r1", "maturity")
        text = err.value.message("en")
        assert "busy" in text and "not damage" in text and "may be damaged" not in text
    finally:
        hog.rollback()
        hog.close()


def test_created_at_is_stamped_once_the_write_lock_is_held(tmp_path):
    path = tmp_path / "s.sqlite"
    store = SQLStore(normalise_url(path))
    store.save("r", "m", {"q": 0}, status="final")
    writer = _hold_write_lock(path)
    saved = []
    thread = threading.Thread(target=lambda: saved.append(store.save("r", "m", {"q": 1}, status="final")))
    thread.start()
    time.sleep(0.5)  # the save is now waiting for the lock
    released = dt.datetime.now(dt.timezone.utc)
    writer.commit()
    writer.close()
    thread.join(timeout=60)
    (sub,) = saved
    assert sub.created_at >= released  # an earlier store stamped it before waiting
    history = store.history("r", "m")
    assert [s.created_at for s in history] == sorted(s.created_at for s in history)


# --- read-only files and folders -------------------------------------------------------------------------


def _as_someone_else(target, *args):
    """Run ``target(*args)`` in a child process that file permissions apply to (root ignores them, so a
    root test drops to ``nobody``), and return what it returns or raise what it raised."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()

    def run() -> None:
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            child.send(("ok", target(*args)))
        except BaseException as exc:  # sent back to the test
            child.send(("error", exc))

    process = ctx.Process(target=run)
    process.start()
    outcome, value = parent.recv()
    process.join(timeout=60)
    if outcome == "error":
        raise value
    return value


def _read_then_write(url: str) -> dict:
    store = SQLStore(url)
    found = store.latest("4228-r1", "maturity").answers
    try:
        store.save("4228-r1", "maturity", {"q": 5}, status="final")
    except StoreReadOnlyError as exc:
        return {"answers": found, "nb": exc.message("nb"), "en": exc.message("en")}
    return {"answers": found, "nb": "saved", "en": "saved"}


@pytest.fixture
def shared_folder():
    """A folder outside pytest's private temp tree, so another user can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="casekit-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_store_opens_for_reading_and_refuses_a_save_in_the_user_s_language(shared_folder, locked):
    path = shared_folder / "store.sqlite"
    store = SQLStore(normalise_url(path))
    store.save("4228-r1", "maturity", {"q": 3}, status="final")
    store.engine.dispose()
    path.chmod(0o444)
    shared_folder.chmod(0o777 if locked == "file" else stat.S_IRUSR | 0o555)
    before = _digest(path)
    result = _as_someone_else(_read_then_write, normalise_url(path))
    assert result["answers"] == {"q": 3}
    assert "skrivebeskyttet" in result["nb"] and "readonly database" not in result["nb"]
    assert "read-only" in result["en"]
    assert _digest(path) == before


def test_a_new_store_in_a_read_only_folder_is_explained(shared_folder):
    shared_folder.chmod(0o555)
    with pytest.raises(StoreReadOnlyError, match="skrivebeskyttet"):
        _as_someone_else(SQLStore, normalise_url(shared_folder / "new.sqlite"))


def _published_as_reader(url: str) -> dict:
    store = SQLStore(url)
    subs = store.submissions("x", status="final", latest=False)
    rows = pd.DataFrame(
        [(s.id, s.respondent, s.municipality, "f") for s in subs], columns=list(privacy.ROW_COLUMNS)
    )
    seen = privacy.published(store, "x", rows)
    return {"shown": seen.shown, "ids": sorted(seen.ids), "refreshed": seen.refreshed}


def test_a_read_only_store_shows_what_is_published_and_publishes_nothing(shared_folder):
    path = shared_folder / "store.sqlite"
    store = SQLStore(normalise_url(path))
    for i in range(5):
        store.save(f"4228-r{i}", "x", {"q": i}, municipality="4228", status="final")
    rows = pd.DataFrame(
        [(s.id, s.respondent, "4228", "f") for s in store.submissions("x", latest=False)],
        columns=list(privacy.ROW_COLUMNS),
    )
    first = privacy.published(store, "x", rows)
    for i in range(5, 10):  # the rule would now allow a new snapshot
        store.save(f"4228-r{i}", "x", {"q": i}, municipality="4228", status="final")
    store.engine.dispose()
    path.chmod(0o444)
    shared_folder.chmod(0o555)
    before = _digest(path)
    seen = _as_someone_else(_published_as_reader, normalise_url(path))
    assert seen == {"shown": True, "ids": sorted(first.ids), "refreshed": False}
    assert _digest(path) == before
