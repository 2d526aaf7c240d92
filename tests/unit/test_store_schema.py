"""Schema versions: a store records its version, refuses a newer one and upgrades an older one in one
transaction. Versions 1 and 2 are tested on files written by the store of that version, kept as SQL text
(``data/store-v1.sql``, ``data/store-v2.sql``: ``sqlite3``'s dump of each file, schema and rows as that
version wrote them) and restored into a new file for each test, and on PostgreSQL with that version's
tables built here."""

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from store_backends import fresh_schema, libpq

from casekit.errors import StoreError
from casekit.store import SCHEMA_VERSION, SQLStore, normalise_url, schema

V1_DUMP = Path(__file__).parent / "data" / "store-v1.sql"
V2_DUMP = Path(__file__).parent / "data" / "store-v2.sql"


def _restore(dump: Path, target: Path) -> Path:
    """The store file a version wrote, rebuilt at ``target`` from its dump."""
    with sqlite3.connect(target) as conn:
        conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()
    return target


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _version(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("select value from casekit_meta where key = 'version'").fetchone()[0]


@pytest.fixture
def v1_copy(tmp_path):
    target = tmp_path / "v1.sqlite"
    _restore(V1_DUMP, target)
    assert _version(target) == "1" and "cohort" not in _columns(target, "submissions")
    return target


def test_a_version_1_file_is_upgraded_and_keeps_every_answer(v1_copy):
    store = SQLStore(normalise_url(v1_copy))
    assert _version(v1_copy) == str(SCHEMA_VERSION) == "3"
    assert "cohort" in _columns(v1_copy, "submissions")
    assert _columns(v1_copy, "audit") and _columns(v1_copy, "cohorts") and _columns(v1_copy, "snapshots")
    assert store.latest("4228-r01", "maturity", status="final").answers == {"S1.today": 3, "S1.ambition": 5}
    assert store.latest("4228-r01", "maturity", status="draft").meta == {"page": 2}
    assert store.latest("4204-r02", "maturity").answers["note"] == "æøå <b>"
    assert [s.cohort for s in store.submissions(latest=False, status="any")] == [None] * 4
    store.bound("agder-2025").save("4228-r01", "maturity", {"S1.today": 4}, status="final")
    assert store.latest("4228-r01", "maturity").cohort == "agder-2025"
    assert store.erase("4204-r02", actor="admin").submissions == 2
    store.engine.dispose()
    assert SQLStore(normalise_url(v1_copy)).count() == 4 + 1 - 2  # opens again without another upgrade


def test_a_failing_upgrade_step_leaves_the_store_as_it_was(v1_copy, monkeypatch):
    def half_done(conn, current):
        conn.exec_driver_sql("ALTER TABLE submissions ADD COLUMN cohort VARCHAR(64)")
        raise RuntimeError("disk full halfway")

    monkeypatch.setitem(schema.MIGRATIONS, 1, half_done)
    with pytest.raises(RuntimeError):
        SQLStore(normalise_url(v1_copy))
    assert _version(v1_copy) == "1" and "cohort" not in _columns(v1_copy, "submissions")


@pytest.mark.parametrize("found", [str(SCHEMA_VERSION + 1), "banana"])
def test_a_newer_or_unknown_version_is_refused_in_both_languages_and_left_alone(v1_copy, found):
    with sqlite3.connect(v1_copy) as conn:
        conn.execute("update casekit_meta set value = ? where key = 'version'", (found,))
    before = hashlib.sha256(v1_copy.read_bytes()).hexdigest()
    with pytest.raises(StoreError) as err:
        SQLStore(normalise_url(v1_copy))
    assert f"skjemaversjon {found}" in err.value.message("nb") and "Oppdater casekit" in err.value.message(
        "nb"
    )
    assert f"schema version {found}" in err.value.message("en") and "Update casekit" in err.value.message(
        "en"
    )
    assert hashlib.sha256(v1_copy.read_bytes()).hexdigest() == before


def _v1_tables():
    """The version-1 schema as the version-1 store created it."""
    from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

    md = MetaData()
    Table(
        "casekit_meta", md, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False)
    )
    Table(
        "respondents",
        md,
        Column("id", String(128), primary_key=True),
        Column("municipality", String(4)),
        Column("role", String(128)),
        Column("created_at", String(32), nullable=False),
    )
    Table(
        "submissions",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("respondent", String(128), ForeignKey("respondents.id"), nullable=False),
        Column("municipality", String(4)),
        Column("role", String(128)),
        Column("instrument", String(200), nullable=False),
        Column("version", String(32), nullable=False),
        Column("status", String(8), CheckConstraint("status in ('draft', 'final')"), nullable=False),
        Column("created_at", String(32), nullable=False),
        Column("meta", Text, nullable=False),
        Index("ix_submissions_lookup", "instrument", "respondent", "status"),
        Index("ix_submissions_municipality", "municipality", "instrument"),
    )
    Table(
        "answers",
        md,
        Column("submission_id", Integer, ForeignKey("submissions.id"), primary_key=True),
        Column("item", String(200), primary_key=True),
        Column("value", Text, nullable=False),
    )
    return md


def test_a_version_1_postgresql_store_is_upgraded():
    from sqlalchemy import create_engine

    with fresh_schema() as url:
        engine = create_engine(url)
        with engine.begin() as conn:
            md = _v1_tables()
            md.create_all(conn)
            conn.execute(
                md.tables["casekit_meta"].insert(),
                [{"key": "schema", "value": "casekit-store"}, {"key": "version", "value": "1"}],
            )
            conn.execute(
                md.tables["respondents"].insert().values(id="r1", created_at="2024-01-01T00:00:00+00:00")
            )
            conn.execute(
                md.tables["submissions"]
                .insert()
                .values(
                    respondent="r1",
                    instrument="maturity",
                    version="1",
                    status="final",
                    created_at="2024-01-01T00:00:00+00:00",
                    meta="{}",
                )
            )
        engine.dispose()
        store = SQLStore(url)
        assert store.latest("r1", "maturity").cohort is None
        store.bound("pilot").save("r1", "maturity", {"q": 1}, status="final")
        assert store.latest("r1", "maturity").cohort == "pilot"
        import psycopg

        schema_name = url.rsplit("%3D", 1)[1]
        with psycopg.connect(libpq(url.split("?")[0])) as conn:
            found = conn.execute(
                f'select value from "{schema_name}".casekit_meta where key = %s', ["version"]
            )
            assert found.fetchone() == (str(SCHEMA_VERSION),)
        assert store.publish_snapshot("maturity", {"units": {}}, actor="trainer").id == 1
        store.engine.dispose()


@pytest.fixture
def v2_copy(tmp_path):
    target = tmp_path / "v2.sqlite"
    _restore(V2_DUMP, target)
    assert _version(target) == "2" and not _columns(target, "snapshots")
    return target


def test_a_version_2_file_gains_snapshots_and_keeps_answers_cohorts_and_audit(v2_copy):
    store = SQLStore(normalise_url(v2_copy))
    assert _version(v2_copy) == "3"
    assert _columns(v2_copy, "snapshots") == [
        "id",
        "cohort",
        "kind",
        "created_at",
        "actor",
        "respondents",
        "data",
    ]
    agder = store.bound("agder-2025")
    assert agder.latest("4228-r01", "maturity").answers == {"S1.today": 3, "S1.ambition": 5}
    assert store.latest("4204-r01", "maturity").meta == {"page": 2}
    assert [e.action for e in store.audit()] == ["retention", "export"]
    preview = store.purge_expired(dt.date(2026, 7, 1), actor="admin", dry_run=True)
    assert preview.expired == {"agder-2025": 2}
    snap = agder.publish_snapshot("maturity", {"units": {"4228": [1, 2]}}, actor="trainer", respondents=2)
    assert agder.latest_snapshot("maturity") == snap and store.latest_snapshot("maturity") is None
    store.engine.dispose()
    again = SQLStore(normalise_url(v2_copy))  # opens again without another upgrade
    assert again.bound("agder-2025").latest_snapshot("maturity") == snap
    again.engine.dispose()


def test_a_failing_version_3_step_leaves_a_version_2_store_as_it_was(v2_copy, monkeypatch):
    def half_done(conn, current):
        current["snapshots"].create(conn)
        raise RuntimeError("disk full halfway")

    monkeypatch.setitem(schema.MIGRATIONS, 2, half_done)
    with pytest.raises(RuntimeError):
        SQLStore(normalise_url(v2_copy))
    assert _version(v2_copy) == "2" and not _columns(v2_copy, "snapshots")
    monkeypatch.undo()
    assert SQLStore(normalise_url(v2_copy)).latest("4228-r02", "maturity").answers == {"S1.today": 2}


def test_a_version_2_postgresql_store_is_upgraded():
    from sqlalchemy import create_engine

    with fresh_schema() as url:
        engine = create_engine(url)
        with engine.begin() as conn:
            current = schema.tables()
            for name in ("meta", "respondents", "submissions", "answers", "cohorts", "audit"):
                current[name].create(conn)
            conn.execute(
                current["meta"].insert(),
                [{"key": "schema", "value": "casekit-store"}, {"key": "version", "value": "2"}],
            )
        engine.dispose()
        store = SQLStore(url)
        store.save("r1", "maturity", {"q": 1}, status="final")
        snap = store.bound("pilot").publish_snapshot("maturity", {"units": {}}, actor="trainer")
        assert store.bound("pilot").latest_snapshot("maturity") == snap
        import psycopg

        schema_name = url.rsplit("%3D", 1)[1]
        with psycopg.connect(libpq(url.split("?")[0])) as conn:
            found = conn.execute(
                f'select value from "{schema_name}".casekit_meta where key = %s', ["version"]
            )
            assert found.fetchone() == ("3",)
        store.engine.dispose()
