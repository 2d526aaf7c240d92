"""The SQL implementation of the store: SQLite for one machine, PostgreSQL (psycopg 3) for many.

Opening never changes a file that is not known to be a casekit store: for SQLite the header, the
``casekit_meta`` table and ``PRAGMA quick_check`` are read over a read-only connection first, and only
then is the file switched to WAL mode. Writes take the write lock up front (``BEGIN IMMEDIATE``) and stamp
``created_at`` once they hold it; reads run in a deferred transaction, which in WAL mode never waits for a
writer. A store that cannot be written (file, folder or database user) opens read-only: reads work,
writes fail with a message in the reader's language. Lock timeouts are reported as a busy store, never as
damage.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sqlite3
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import (
    CasekitError,
    SnapshotConflictError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreLimitError,
    StoreReadOnlyError,
)
from . import rules as answer_rules
from .base import (
    FIELD_LENGTHS,
    STATUSES,
    TIDY_COLUMNS,
    AuditEntry,
    Erasure,
    Limits,
    Purge,
    Snapshot,
    Submission,
    check_cohort_id,
    cohort_list,
    default_actor,
    write_tidy_csv,
)
from .schema import SCHEMA_NAME, SCHEMA_VERSION, migrate, tables
from .wire import build_tidy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 60_000
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 10
#: Serialises schema creation and upgrades between processes on one PostgreSQL database.
PG_SCHEMA_LOCK = 4_228_2025

_ENGINES: weakref.WeakSet[Any] = weakref.WeakSet()


def _after_fork() -> None:
    # A forked child must not share its parent's open connections: it opens its own.
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork)


def driver_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://`` (psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and ":memory:" not in url and len(url) > len("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


class SQLStore:
    """An append-only response store at one SQLAlchemy URL (the :class:`~casekit.store.Store` protocol)."""

    def __init__(
        self,
        url: str,
        *,
        cohort: str | None = None,
        limits: Limits | None = None,
        rules: answer_rules.Rules | None = None,
    ) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        self.url = driver_url(url)
        self.cohort = check_cohort_id(cohort)
        self.limits = limits or Limits()
        self.rules = rules if rules is not None else answer_rules.registry
        self.read_only = False
        self._shown = display_url(self.url)
        self._path = _sqlite_path(self.url)
        self._tables = tables()
        try:
            if self._path is not None:
                self.read_only = _inspect_sqlite_file(self._path, self._shown)
            self.engine = self._engine()
            _ENGINES.add(self.engine)
            self._prepare()
        except StoreError:
            self._dispose()
            raise
        except SQLAlchemyError as exc:
            self._dispose()
            raise _failure(exc, self._shown, "open") from None
        except ModuleNotFoundError as exc:
            raise StoreError("error.store.driver", url=self._shown, module=exc.name) from None

    @property
    def dialect(self) -> str:
        """The database kind: ``sqlite``, ``postgresql``, …"""
        return self.engine.dialect.name

    def bound(self, cohort: str | None) -> SQLStore:
        """The same store (same connections), stamping ``cohort`` on every save."""
        cohort = check_cohort_id(cohort)
        if cohort == self.cohort:
            return self
        clone = copy.copy(self)
        clone.cohort = cohort
        return clone

    def _dispose(self) -> None:
        engine = self.__dict__.get("engine")
        if engine is not None:
            engine.dispose()

    # --- setup -----------------------------------------------------------------------------------------

    def _engine(self) -> Engine:
        from sqlalchemy import create_engine, event

        if not self.url.startswith("sqlite"):
            args = {"connect_timeout": PG_CONNECT_TIMEOUT_S} if self.url.startswith("postgresql") else {}
            return create_engine(self.url, pool_pre_ping=True, connect_args=args)
        read_only = self.read_only
        if self._path is None:
            engine = create_engine(self.url)
        else:
            uri = _sqlite_uri(self._path, read_only)

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

            engine = create_engine(f"sqlite:///{self._path}", creator=connect)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun explicitly (see _transaction)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not read_only:
                # Only now, after _inspect_sqlite_file has found a casekit store (or no file at all).
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA secure_delete=ON")  # erased answers are overwritten, not just unlinked
            cur.close()

        return engine

    def _prepare(self) -> None:
        """Create the schema in an empty database, or upgrade an older one; refuse anything else."""
        with self._transaction(write=False, action="open") as conn:
            needed = self._schema_state(conn)
        if needed is None:
            return
        if self.read_only:
            if needed == 0:
                raise StoreReadOnlyError("error.store.read_only", url=self._shown)
            raise StoreReadOnlyError(
                "error.store.old_read_only", url=self._shown, found=needed, expected=SCHEMA_VERSION
            )
        with self._transaction(write=True, action="open") as conn:
            if self.dialect == "postgresql":
                from sqlalchemy import text

                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_SCHEMA_LOCK})
            needed = self._schema_state(conn)  # another process may have done it meanwhile
            if needed == 0:
                self._tables["metadata"].create_all(conn)
                conn.execute(
                    self._tables["meta"].insert(),
                    [
                        {"key": "schema", "value": SCHEMA_NAME},
                        {"key": "version", "value": str(SCHEMA_VERSION)},
                    ],
                )
            elif needed is not None:
                migrate(conn, needed)

    def _schema_state(self, conn: Any) -> int | None:
        """None when the schema is current, 0 when the database is empty, else the older version found.
        Raises for a foreign database or a newer version."""
        from sqlalchemy import inspect, select

        existing = set(inspect(conn).get_table_names())
        if not existing:
            return 0
        if "casekit_meta" not in existing:
            raise StoreError("error.store.foreign", url=self._shown, tables=", ".join(sorted(existing)[:5]))
        meta = self._tables["meta"]
        info = dict(conn.execute(select(meta.c.key, meta.c.value)).all())
        version = _check_meta(info, self._shown)
        return None if version == SCHEMA_VERSION else version

    # --- transactions ----------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool, action: str) -> Iterator[Any]:
        """A write transaction takes the write lock first (SQLite: ``BEGIN IMMEDIATE``); a read
        transaction is a consistent snapshot that never waits for a writer (SQLite WAL: deferred
        ``BEGIN``; PostgreSQL: repeatable read)."""
        from sqlalchemy.exc import SQLAlchemyError

        if write and self.read_only:
            raise StoreReadOnlyError("error.store.read_only", url=self._shown)
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
                elif self.dialect == "postgresql" and not write:
                    conn.execution_options(isolation_level="REPEATABLE READ")
                yield conn
                if write:
                    conn.commit()
                else:
                    conn.rollback()
        except SQLAlchemyError as exc:
            raise _failure(exc, self._shown, action) from None

    def _write(self) -> Any:
        return self._transaction(write=True, action="write")

    def _read(self) -> Any:
        return self._transaction(write=False, action="read")

    def _insert_missing(self, conn: Any, table: Any, values: dict[str, Any]) -> None:
        """Insert a row unless its primary key exists (safe when two processes insert it at once)."""
        from sqlalchemy import select

        if self.dialect in ("sqlite", "postgresql"):
            if self.dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            conn.execute(insert(table).values(**values).on_conflict_do_nothing())
            return
        key = table.primary_key.columns[0]
        if conn.execute(select(key).where(key == values[key.name])).first() is None:
            conn.execute(table.insert().values(**values))

    # --- writing ---------------------------------------------------------------------------------------

    def register(self, respondent: str, municipality: str | None = None, role: str | None = None) -> None:
        """Record a respondent once; later calls with other details change nothing."""
        _check_fields(respondent=respondent, municipality=municipality, role=role)
        with self._write() as conn:
            self._ensure_respondent(conn, respondent, municipality, role, _now())

    def _ensure_respondent(
        self, conn: Any, respondent: str, municipality: str | None, role: str | None, now: str
    ) -> None:
        values = {"id": respondent, "municipality": municipality, "role": role, "created_at": now}
        self._insert_missing(conn, self._tables["respondents"], values)

    def register_cohort(self, cohort: str, retention_until: dt.date | None = None) -> None:
        """Record a cohort. A retention date is set or moved (and the change audited); None leaves a date
        already recorded as it is."""
        from sqlalchemy import select, update

        ident = check_cohort_id(cohort)
        if ident is None:
            raise StoreError("error.store.cohort_id", value=repr(cohort))
        until = _check_date(retention_until)
        t = self._tables["cohorts"]
        with self._read() as conn:
            row = conn.execute(select(t.c.retention_until).where(t.c.id == ident)).first()
        if row is not None and (until is None or row.retention_until == until):
            return
        with self._write() as conn:
            now = _now()
            self._insert_missing(conn, t, {"id": ident, "retention_until": until, "registered_at": now})
            if until is not None:
                conn.execute(update(t).where(t.c.id == ident).values(retention_until=until))
                self._audit(conn, "retention", f"cohort:{ident}", 0, None, f"retention_until={until}", now)

    def save(
        self,
        respondent: str,
        instrument: str,
        answers: dict[str, Any],
        *,
        status: str = "draft",
        version: str = "1",
        municipality: str | None = None,
        role: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Submission:
        """Append a submission with its answers in one transaction and return it. Nothing is written when
        the save breaks a limit or an answer rule."""
        if status not in STATUSES:
            raise StoreError("error.store.status", status=status, allowed=", ".join(STATUSES))
        if not respondent or not instrument:
            raise StoreError(
                "error.store.missing_key", field="respondent" if not respondent else "instrument"
            )
        _check_fields(
            respondent=respondent,
            instrument=instrument,
            version=str(version),
            municipality=municipality,
            role=role,
        )
        encoded, meta_text = encode_answers(instrument, answers, meta, self.limits)
        self.rules.check(instrument, answers)
        subs, ans = self._tables["submissions"], self._tables["answers"]
        with self._write() as conn:
            created = _now()  # stamped while holding the write lock, so time follows the id
            self._ensure_respondent(conn, respondent, municipality, role, created)
            if self.cohort:
                values = {"id": self.cohort, "retention_until": None, "registered_at": created}
                self._insert_missing(conn, self._tables["cohorts"], values)
            if municipality is None or role is None:
                known = self._respondent_row(conn, respondent)
                municipality = municipality if municipality is not None else known.municipality
                role = role if role is not None else known.role
            result = conn.execute(
                subs.insert().values(
                    respondent=respondent,
                    municipality=municipality,
                    role=role,
                    instrument=instrument,
                    version=str(version),
                    status=status,
                    created_at=created,
                    meta=meta_text,
                    cohort=self.cohort,
                )
            )
            sub_id = int(result.inserted_primary_key[0])
            if encoded:
                rows = [{"submission_id": sub_id, "item": k, "value": v} for k, v in encoded.items()]
                conn.execute(ans.insert(), rows)
        return Submission(
            sub_id,
            respondent,
            municipality,
            role,
            instrument,
            str(version),
            status,
            _parse_time(created),
            dict(answers),
            dict(meta or {}),
            self.cohort,
        )

    def _respondent_row(self, conn: Any, respondent: str) -> Any:
        from sqlalchemy import select

        t = self._tables["respondents"]
        return conn.execute(select(t.c.municipality, t.c.role).where(t.c.id == respondent)).first()

    def _audit(
        self,
        conn: Any,
        action: str,
        scope: str,
        count: int,
        actor: str | None,
        reason: str = "",
        now: str | None = None,
    ) -> None:
        who = _check_actor(actor)
        conn.execute(
            self._tables["audit"]
            .insert()
            .values(at=now or _now(), actor=who, action=action, scope=scope, count=count, reason=reason)
        )

    # --- reading ---------------------------------------------------------------------------------------

    def latest(self, respondent: str, instrument: str, *, status: str = "any") -> Submission | None:
        found = self._query(instrument=instrument, respondent=respondent, status=status, latest="respondent")
        return found[0] if found else None

    def history(self, respondent: str, instrument: str) -> list[Submission]:
        return self._query(instrument=instrument, respondent=respondent, status="any", latest=False)

    def submissions(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        cohort: str | Sequence[str] | None = None,
        respondent: str | None = None,
    ) -> list[Submission]:
        """Submissions, oldest first. ``latest``: newest per (respondent, instrument) with ``"respondent"``,
        per (municipality, instrument) with ``"municipality"``, or the full history with False.
        ``cohort`` keeps those stamped with that cohort (or any of a list), ``respondent`` one person's."""
        return self._query(
            instrument=instrument,
            municipality=municipality,
            status=status,
            latest=latest,
            cohort=cohort,
            respondent=respondent,
        )

    def respondents(self, municipality: str | None = None) -> pd.DataFrame:
        import pandas as pd
        from sqlalchemy import select

        t = self._tables["respondents"]
        query = select(t.c.id, t.c.municipality, t.c.role, t.c.created_at).order_by(t.c.id)
        if municipality is not None:
            query = query.where(t.c.municipality == municipality)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=["respondent", "municipality", "role", "created_at"])

    def answers(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        actor: str | None = None,
        cohort: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Tidy answers, one row per answer (see TIDY_COLUMNS); values decoded from JSON. With ``actor``
        the read is a bulk export and is recorded in the audit trail."""
        sub_rows, answer_rows = self.answer_rows(
            instrument, municipality=municipality, status=status, latest=latest, actor=actor, cohort=cohort
        )
        return _tidy(sub_rows, answer_rows)

    def answer_rows(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        actor: str | None = None,
        cohort: str | Sequence[str] | None = None,
    ) -> tuple[list[tuple[Any, ...]], list[tuple[int, str, str]]]:
        """The rows behind :meth:`answers`, as the database holds them: the submissions (the first eight
        tidy columns, ``created_at`` as ISO text) and the answers (submission id, item, value as JSON
        text), both in id order. The hub service sends these on without decoding each value."""
        from sqlalchemy import select

        s, a = self._tables["submissions"], self._tables["answers"]
        filters = {"instrument": instrument, "municipality": municipality, "status": status}
        ids = self._ids(**filters, latest=latest, cohort=cohort)
        subs = select(s.c.id, *(s.c[c] for c in TIDY_COLUMNS[1:8])).where(s.c.id.in_(ids)).order_by(s.c.id)
        answers = (
            select(a.c.submission_id, a.c.item, a.c.value)
            .where(a.c.submission_id.in_(ids))
            .order_by(a.c.submission_id, a.c.item)
        )
        with self._transaction(write=actor is not None, action="read") as conn:
            sub_rows = _plain_rows(conn.execute(subs))
            answer_rows = _plain_rows(conn.execute(answers))
            if actor is not None:
                scope = _scope(**filters, latest=latest, cohort=_cohorts_text(cohort))
                self._audit(conn, "export", scope, len(answer_rows), actor)
        return sub_rows, answer_rows

    def export_csv(self, path: str | os.PathLike[str], *, actor: str | None = None, **filters: Any) -> Path:
        """Write the tidy answers as CSV (values as JSON text, so types survive a round trip). The export
        is recorded in the audit trail (``actor``: who exports; default the user at the keyboard)."""
        return write_tidy_csv(self.answers(**filters, actor=actor or default_actor()), path)

    def _ids(
        self,
        *,
        instrument: str | None = None,
        respondent: str | None = None,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        cohort: str | Sequence[str] | None = None,
    ) -> Any:
        """The query that selects the ids of the wanted submissions."""
        from sqlalchemy import func, select

        if status not in ("any", *STATUSES):
            raise StoreError("error.store.status", status=status, allowed="any, " + ", ".join(STATUSES))
        s = self._tables["submissions"]
        conditions = []
        if instrument is not None:
            if instrument.endswith("*"):
                conditions.append(s.c.instrument.startswith(instrument[:-1], autoescape=True))
            else:
                conditions.append(s.c.instrument == instrument)
        if respondent is not None:
            conditions.append(s.c.respondent == respondent)
        if municipality is not None:
            conditions.append(s.c.municipality == municipality)
        cohorts = cohort_list(cohort)
        if cohorts is not None:
            conditions.append(s.c.cohort.in_(cohorts))
        if status != "any":
            conditions.append(s.c.status == status)
        if not latest:
            return select(s.c.id).where(*conditions)
        group = {"respondent": s.c.respondent, "municipality": s.c.municipality}.get(str(latest))
        if group is None:
            raise StoreError("error.store.latest", value=str(latest))
        return select(func.max(s.c.id)).where(*conditions).group_by(group, s.c.instrument)

    def _query(self, **filters: Any) -> list[Submission]:
        ids = self._ids(**filters)
        with self._read() as conn:
            return self._fetch(conn, ids)

    def _fetch(self, conn: Any, ids: Any) -> list[Submission]:
        """The submissions whose id ``ids`` selects, with their answers, in one statement (so a reader
        never sees a submission without the answers saved with it)."""
        from sqlalchemy import select

        s, a = self._tables["submissions"], self._tables["answers"]
        query = (
            select(s, a.c.item, a.c.value)
            .outerjoin(a, a.c.submission_id == s.c.id)
            .where(s.c.id.in_(ids))
            .order_by(s.c.id, a.c.item)
        )
        found: dict[int, Submission] = {}
        for row in conn.execute(query):
            sub = found.get(row.id)
            if sub is None:
                sub = found[row.id] = Submission(
                    row.id,
                    row.respondent,
                    row.municipality,
                    row.role,
                    row.instrument,
                    row.version,
                    row.status,
                    _parse_time(row.created_at),
                    {},
                    json.loads(row.meta or "{}"),
                    row.cohort,
                )
            if row.item is not None:
                sub.answers[row.item] = json.loads(row.value)
        return list(found.values())

    def count(self, instrument: str | None = None, *, cohort: str | Sequence[str] | None = None) -> int:
        from sqlalchemy import func, select

        s = self._tables["submissions"]
        query = select(func.count()).select_from(s)
        if instrument is not None:
            query = query.where(s.c.instrument == instrument)
        cohorts = cohort_list(cohort)
        if cohorts is not None:
            query = query.where(s.c.cohort.in_(cohorts))
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def record_read(self, actor: str, action: str, scope: str, count: int) -> None:
        """Write one audit line for a read of others' answers (who, what, which scope, how many rows)."""
        with self._write() as conn:
            self._audit(conn, action, scope[:500], int(count), actor)

    def audit(self) -> list[AuditEntry]:
        """The audit trail, oldest first."""
        from sqlalchemy import select

        t = self._tables["audit"]
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id)).all()
        return [
            AuditEntry(r.id, _parse_time(r.at), r.actor, r.action, r.scope, r.count, r.reason) for r in rows
        ]

    # --- published snapshots ---------------------------------------------------------------------------

    def publish_snapshot(
        self, kind: str, data: dict[str, Any], *, actor: str, respondents: int | None = None
    ) -> Snapshot:
        """Publish group figures of ``kind`` for the bound cohort in one transaction, with a line in the
        audit trail. With ``data["previous"]`` it is a compare-and-swap: published only while that id (None:
        no snapshot yet) is still the latest, else :class:`SnapshotConflictError` and nothing is written."""
        from sqlalchemy import func, select, text

        _check_kind(kind)
        who = _check_actor(actor)
        if not isinstance(data, Mapping):
            raise StoreError("error.store.snapshot_data", kind=kind, reason=type(data).__name__)
        body = _encode_snapshot(kind, data)
        count = int(respondents or 0)
        t = self._tables["snapshots"]
        with self._write() as conn:
            if self.dialect == "postgresql":  # serialise publishers of one kind, as BEGIN IMMEDIATE does
                key = f"{self.cohort or ''}/{kind}"
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            if "previous" in data:
                found = conn.execute(select(func.max(t.c.id)).where(*self._snapshot_of(kind))).scalar()
                if found != data["previous"]:
                    raise SnapshotConflictError(
                        "error.store.snapshot_conflict", kind=kind, url=self._shown, found=found
                    )
            now = _now()
            values = {
                "cohort": self.cohort,
                "kind": kind,
                "created_at": now,
                "actor": who,
                "respondents": count,
                "data": body,
            }
            ident = int(conn.execute(t.insert().values(**values)).inserted_primary_key[0])
            scope = f"snapshot:{kind}" + (f" cohort:{self.cohort}" if self.cohort else "")
            self._audit(conn, "publish", scope, count, who, str(data.get("reason", ""))[:200], now)
        return Snapshot(ident, self.cohort, kind, _parse_time(now), who, count, json.loads(body))

    def latest_snapshot(self, kind: str) -> Snapshot | None:
        """The newest snapshot of ``kind`` for the bound cohort, or None."""
        from sqlalchemy import select

        t = self._tables["snapshots"]
        query = select(t).where(*self._snapshot_of(kind)).order_by(t.c.id.desc()).limit(1)
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Snapshot(
            row.id,
            row.cohort,
            row.kind,
            _parse_time(row.created_at),
            row.actor,
            row.respondents,
            json.loads(row.data),
        )

    def _snapshot_of(self, kind: str) -> list[Any]:
        t = self._tables["snapshots"]
        cohort = t.c.cohort.is_(None) if self.cohort is None else t.c.cohort == self.cohort
        return [t.c.kind == kind, cohort]

    # --- personal data ---------------------------------------------------------------------------------

    def export_person(self, respondent: str, *, actor: str | None = None) -> dict[str, Any]:
        """Everything stored about one person (registration and every submission with its answers), as
        JSON-ready data. The export is recorded in the audit trail."""
        from sqlalchemy import select

        t = self._tables["respondents"]
        with self._write() as conn:
            person = conn.execute(select(t).where(t.c.id == respondent)).first()
            subs = self._fetch(conn, self._ids(respondent=respondent, status="any", latest=False))
            if person is None and not subs:
                raise StoreError("error.store.unknown_respondent", respondent=respondent, url=self._shown)
            self._audit(conn, "export_person", f"respondent:{respondent}", len(subs), actor)
        return {
            "format": "casekit-person-export",
            "format_version": 1,
            "exported_at": _now(),
            "store": self._shown,
            "respondent": {
                "id": respondent,
                "municipality": person.municipality if person else None,
                "role": person.role if person else None,
                "registered_at": person.created_at if person else None,
            },
            "submissions": [
                {
                    "id": s.id,
                    "instrument": s.instrument,
                    "version": s.version,
                    "status": s.status,
                    "created_at": s.created_at.isoformat(),
                    "municipality": s.municipality,
                    "role": s.role,
                    "cohort": s.cohort,
                    "meta": s.meta,
                    "answers": s.answers,
                }
                for s in subs
            ],
        }

    def erase(self, respondent: str, *, actor: str, reason: str = "", dry_run: bool = False) -> Erasure:
        """Delete one person physically: their answers, submissions and registration, in one transaction,
        and record who erased how much and why (never what). ``dry_run`` only counts."""
        from sqlalchemy import delete, func, select

        s, a, r = self._tables["submissions"], self._tables["answers"], self._tables["respondents"]
        mine = select(s.c.id).where(s.c.respondent == respondent)
        with self._transaction(write=not dry_run, action="write") as conn:
            known = conn.execute(select(r.c.id).where(r.c.id == respondent)).first() is not None
            per_instrument = dict(
                conn.execute(
                    select(s.c.instrument, func.count())
                    .where(s.c.respondent == respondent)
                    .group_by(s.c.instrument)
                ).all()
            )
            if not known and not per_instrument:
                raise StoreError("error.store.unknown_respondent", respondent=respondent, url=self._shown)
            n_answers = conn.execute(select(func.count()).where(a.c.submission_id.in_(mine))).scalar_one()
            n_subs = sum(per_instrument.values())
            if not dry_run:
                conn.execute(delete(a).where(a.c.submission_id.in_(mine)))
                conn.execute(delete(s).where(s.c.respondent == respondent))
                conn.execute(delete(r).where(r.c.id == respondent))
                self._audit(conn, "erase", f"respondent:{respondent}", n_subs, actor, reason)
        if not dry_run:
            self._checkpoint()
        return Erasure(respondent, n_subs, int(n_answers), dict(sorted(per_instrument.items())), not dry_run)

    def purge_expired(self, today: dt.date | None = None, *, actor: str, dry_run: bool = False) -> Purge:
        """Erase every cohort whose ``retention_until`` is before ``today``: its submissions and answers,
        and the registration of respondents left with nothing. Submissions without a cohort and cohorts
        without a date stay. Each purged cohort (or a run that found none) leaves a line in the audit."""
        from sqlalchemy import func, select

        today = today or dt.date.today()
        c, s = self._tables["cohorts"], self._tables["submissions"]
        with self._transaction(write=not dry_run, action="write") as conn:
            cohorts = conn.execute(select(c.c.id, c.c.retention_until).order_by(c.c.id)).all()
            expired = [
                row.id for row in cohorts if row.retention_until and row.retention_until < today.isoformat()
            ]
            kept = {row.id: row.retention_until for row in cohorts if row.id not in expired}
            counts: dict[str, int] = {}
            respondents = 0
            for cohort in expired:
                counts[cohort] = conn.execute(select(func.count()).where(s.c.cohort == cohort)).scalar_one()
                if not dry_run:
                    respondents += self._delete_cohort(conn, cohort)
                    self._audit(
                        conn, "purge", f"cohort:{cohort}", counts[cohort], actor, f"retention_until<{today}"
                    )
            without = conn.execute(select(func.count()).where(s.c.cohort.is_(None))).scalar_one()
            if not dry_run and not expired:
                self._audit(conn, "purge", "expired cohorts: none", 0, actor, f"retention_until<{today}")
        if not dry_run and expired:
            self._checkpoint()
        return Purge(today, counts, respondents, int(without), kept, not dry_run)

    def _delete_cohort(self, conn: Any, cohort: str) -> int:
        """Delete a cohort's submissions and answers, then respondents left without any submission."""
        from sqlalchemy import delete, select

        s, a, r = self._tables["submissions"], self._tables["answers"], self._tables["respondents"]
        theirs = select(s.c.id).where(s.c.cohort == cohort)
        people = [
            row[0] for row in conn.execute(select(s.c.respondent).where(s.c.cohort == cohort).distinct())
        ]
        conn.execute(delete(a).where(a.c.submission_id.in_(theirs)))
        conn.execute(delete(s).where(s.c.cohort == cohort))
        snapshots = self._tables["snapshots"]
        conn.execute(delete(snapshots).where(snapshots.c.cohort == cohort))
        still = {
            row[0]
            for row in conn.execute(select(s.c.respondent).where(s.c.respondent.in_(people)).distinct())
        }
        gone = [p for p in people if p not in still]
        if gone:
            conn.execute(delete(r).where(r.c.id.in_(gone)))
        return len(gone)

    def _checkpoint(self) -> None:
        """After an erasure, fold the WAL into the file and empty it, so deleted pages do not linger in
        it (best effort: readers may keep it for a moment)."""
        if self.dialect != "sqlite" or self._path is None:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:  # pragma: no cover - busy readers; the next checkpoint folds it
            pass


# --- opening SQLite files ---------------------------------------------------------------------------------


def _sqlite_uri(path: Path, read_only: bool) -> str:
    uri = f"file:{quote(str(path))}"
    if not read_only:
        return uri
    folder_writable = _writable(path.parent)
    wal = path.with_name(path.name + "-wal")
    if not folder_writable and not wal.exists():
        return uri + "?mode=ro&immutable=1"  # nobody can write here: no lock files are needed
    return uri + "?mode=ro"


def _inspect_sqlite_file(path: Path, shown: str) -> bool:
    """Check a SQLite file without writing to it; return True when it can only be read.

    A missing or empty file is fine (the store is created). Anything else must start with the SQLite
    header, hold no tables or a ``casekit_meta`` table naming this schema at a version this casekit
    knows, and pass ``PRAGMA quick_check``. All of this is read over a read-only connection."""
    if not path.exists() or path.stat().st_size == 0:
        if not path.parent.is_dir():
            raise StoreError("error.store.no_folder", url=shown, folder=str(path.parent))
        if not _writable(path.parent):
            raise StoreReadOnlyError("error.store.no_write_folder", url=shown, folder=str(path.parent))
        return False
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError("error.store.not_sqlite", url=shown, file=str(path))
    read_only = not (_writable(path) and _writable(path.parent))
    raw = None
    try:
        raw = sqlite3.connect(_sqlite_uri(path, True), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        names = sorted(r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        if names and "casekit_meta" not in names:
            raise StoreError("error.store.foreign", url=shown, tables=", ".join(names[:5]))
        if names:
            _check_meta(dict(raw.execute("SELECT key, value FROM casekit_meta").fetchall()), shown)
        problems = [r[0] for r in raw.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StoreDamagedError("error.store.damaged", url=shown, reason="; ".join(problems[:3])[:200])
    except sqlite3.Error as exc:
        raise _failure(exc, shown, "open") from None
    finally:
        if raw is not None:
            raw.close()
    return read_only


def _check_meta(info: Mapping[str, str], shown: str) -> int:
    """The schema version recorded in ``casekit_meta``; refuse another schema or a newer version."""
    if info.get("schema") != SCHEMA_NAME:
        raise StoreError("error.store.foreign", url=shown, tables="casekit_meta")
    found = str(info.get("version"))
    if not found.isdigit() or int(found) > SCHEMA_VERSION:
        raise StoreError("error.store.version", url=shown, found=found, expected=SCHEMA_VERSION)
    return int(found)


# --- values, limits and errors ----------------------------------------------------------------------------


def _check_fields(**fields: str | None) -> None:
    for name, value in fields.items():
        if value is not None and len(value) > FIELD_LENGTHS[name]:
            raise StoreLimitError(
                "error.store.limit_text",
                field=name,
                value=value[:40] + "…",
                length=len(value),
                limit=FIELD_LENGTHS[name],
            )


def _check_actor(actor: str | None) -> str:
    who = default_actor() if actor is None else str(actor).strip()
    if not who or len(who) > FIELD_LENGTHS["actor"]:
        raise StoreError("error.store.actor", value=repr(actor)[:80], limit=FIELD_LENGTHS["actor"])
    return who


def _check_kind(kind: Any) -> str:
    if not isinstance(kind, str) or not kind.strip() or len(kind) > FIELD_LENGTHS["kind"]:
        raise StoreError("error.store.snapshot_kind", value=repr(kind)[:80], limit=FIELD_LENGTHS["kind"])
    return kind


def _encode_snapshot(kind: str, data: Mapping[str, Any]) -> str:
    try:
        return json.dumps(dict(data), ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise StoreError("error.store.snapshot_data", kind=kind, reason=str(exc)[:120]) from None


def _check_date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise StoreError("error.store.date", value=repr(value)[:40]) from None


def encode_answers(
    instrument: str, answers: Any, meta: Mapping[str, Any] | None, limits: Limits
) -> tuple[dict[str, str], str]:
    """The answers and meta as JSON text, checked against ``limits`` before anything is written."""
    if not isinstance(answers, Mapping):
        raise StoreError("error.store.not_mapping", instrument=instrument, value=type(answers).__name__)
    if len(answers) > limits.max_answers:
        raise StoreLimitError(
            "error.store.limit_answers", instrument=instrument, count=len(answers), limit=limits.max_answers
        )
    encoded: dict[str, str] = {}
    total = 0
    for key, value in answers.items():
        item = str(key)
        _check_fields(item=item)
        text = _encode(item, value)
        size = len(text.encode("utf-8"))
        if size > limits.max_value_bytes:
            raise StoreLimitError(
                "error.store.limit_value", item=item, size=size, limit=limits.max_value_bytes
            )
        encoded[item] = text
        total += size + len(item.encode("utf-8"))
    meta_text = _encode("meta", dict(meta or {}))
    total += len(meta_text.encode("utf-8"))
    if total > limits.max_submission_bytes:
        raise StoreLimitError(
            "error.store.limit_submission",
            instrument=instrument,
            size=total,
            limit=limits.max_submission_bytes,
        )
    return encoded, meta_text


def _encode(item: Any, value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise StoreError("error.store.value", item=str(item), value=repr(value)[:80]) from None


def _plain_rows(result: Any) -> list[tuple[Any, ...]]:
    """The rows as the driver returns them (plain tuples of str and int; no column here needs SQLAlchemy's
    conversions), which spares building a Row object per answer."""
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _tidy(sub_rows: list[Any], answer_rows: list[Any]) -> pd.DataFrame:
    """The tidy frame from the rows as read (values still JSON text)."""
    ids = [row[0] for row in answer_rows]
    items = [row[1] for row in answer_rows]
    return build_tidy(sub_rows, ids, items, _decode_values([row[2] for row in answer_rows]))


def _decode_values(texts: Any) -> list[Any]:
    """JSON texts to values; repeated scalars (levels, "dont_know") are decoded once."""
    memo: dict[str, Any] = {}
    out = []
    for text in texts:
        value = memo.get(text, memo)
        if value is memo:
            value = json.loads(text)
            if not isinstance(value, list | dict):
                memo[text] = value
        out.append(value)
    return out


def _cohorts_text(cohort: str | Sequence[str] | None) -> str | None:
    cohorts = cohort_list(cohort)
    return None if cohorts is None else "|".join(cohorts)


def _scope(**filters: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "all"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0][:200]


def _failure(exc: BaseException, shown: str, action: str) -> CasekitError:
    """The error to show for a database error: busy, read-only and damaged each have their own message;
    a lock is never called damage."""
    reason = _reason(exc)
    text = reason.lower()
    if any(w in text for w in ("locked", "busy", "lock timeout", "could not obtain lock", "deadlock")):
        return StoreBusyError("error.store.busy", url=shown, seconds=f"{BUSY_TIMEOUT_MS / 1000:g}")
    if any(w in text for w in ("readonly", "read-only", "permission denied", "insufficient privilege")):
        return StoreReadOnlyError("error.store.read_only", url=shown)
    if any(w in text for w in ("malformed", "not a database", "corrupt")):
        return StoreDamagedError("error.store.damaged", url=shown, reason=reason)
    return StoreError(f"error.store.{action}", url=shown, reason=reason)
