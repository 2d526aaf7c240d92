"""The SQL implementation of the store: SQLite for one machine, PostgreSQL (or any SQLAlchemy URL) for many.

SQLite runs in WAL mode with a busy timeout, so many kernels can write at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from .base import STATUSES, TIDY_COLUMNS, Submission

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from sqlalchemy.engine import Engine

SCHEMA_NAME = "casekit-store"
SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 60_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_sqlite_file(url: str) -> None:
    path = Path(url[len("sqlite:///") :])
    if not path.exists() or path.stat().st_size == 0:
        if not path.parent.is_dir():
            raise StoreError("error.store.no_folder", url=url, folder=str(path.parent))
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_MAGIC:
        raise StoreError("error.store.not_sqlite", url=url, file=str(path))


class SQLStore:
    """An append-only response store at one SQLAlchemy URL (the :class:`~casekit.store.Store` protocol)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        self.url = url
        if url.startswith("sqlite:///") and ":memory:" not in url:
            _check_sqlite_file(url)
        try:
            self.engine = self._engine(url)
            self._tables = _tables()
            self._prepare()
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError("error.store.open", url=url, reason=_reason(exc)) from None

    # --- setup -----------------------------------------------------------------------------------------

    @staticmethod
    def _engine(url: str) -> Engine:
        from sqlalchemy import create_engine, event

        if not url.startswith("sqlite"):
            return create_engine(url, pool_pre_ping=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Take the write lock up front: two writers never deadlock upgrading a read lock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    def _prepare(self) -> None:
        from sqlalchemy import inspect, select

        meta_table = self._tables["meta"]
        with self.engine.begin() as conn:
            existing = set(inspect(conn).get_table_names())
            if not existing:
                self._tables["metadata"].create_all(conn)
                conn.execute(
                    meta_table.insert(),
                    [{"key": "schema", "value": SCHEMA_NAME}, {"key": "version", "value": SCHEMA_VERSION}],
                )
                return
            if "casekit_meta" not in existing:
                raise StoreError("error.store.foreign", url=self.url, tables=", ".join(sorted(existing)[:5]))
            info = dict(conn.execute(select(meta_table.c.key, meta_table.c.value)).all())
            if info.get("schema") != SCHEMA_NAME:
                raise StoreError("error.store.foreign", url=self.url, tables="casekit_meta")
            if info.get("version") != SCHEMA_VERSION:
                raise StoreError(
                    "error.store.version", url=self.url, found=info.get("version"), expected=SCHEMA_VERSION
                )

    # --- writing ---------------------------------------------------------------------------------------

    def register(self, respondent: str, municipality: str | None = None, role: str | None = None) -> None:
        """Record a respondent once; later calls with other details change nothing."""
        with self._write() as conn:
            self._ensure_respondent(conn, respondent, municipality, role)

    def _ensure_respondent(
        self, conn: Any, respondent: str, municipality: str | None, role: str | None
    ) -> None:
        from sqlalchemy import select

        t = self._tables["respondents"]
        if conn.execute(select(t.c.id).where(t.c.id == respondent)).first() is None:
            conn.execute(
                t.insert().values(id=respondent, municipality=municipality, role=role, created_at=_now())
            )

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
        """Append a submission with its answers in one transaction and return it."""
        if status not in STATUSES:
            raise StoreError("error.store.status", status=status, allowed=", ".join(STATUSES))
        if not respondent or not instrument:
            raise StoreError(
                "error.store.missing_key", field="respondent" if not respondent else "instrument"
            )
        encoded = {str(k): _encode(k, v) for k, v in answers.items()}
        created = _now()
        subs, ans = self._tables["submissions"], self._tables["answers"]
        with self._write() as conn:
            self._ensure_respondent(conn, respondent, municipality, role)
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
                    meta=json.dumps(meta or {}),
                )
            )
            sub_id = int(result.inserted_primary_key[0])
            if encoded:
                conn.execute(
                    ans.insert(),
                    [{"submission_id": sub_id, "item": k, "value": v} for k, v in encoded.items()],
                )
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
        )

    def _respondent_row(self, conn: Any, respondent: str) -> Any:
        from sqlalchemy import select

        t = self._tables["respondents"]
        return conn.execute(select(t.c.municipality, t.c.role).where(t.c.id == respondent)).first()

    def _write(self) -> Any:
        from contextlib import contextmanager

        from sqlalchemy.exc import SQLAlchemyError

        @contextmanager
        def transaction() -> Any:
            try:
                with self.engine.begin() as conn:
                    yield conn
            except SQLAlchemyError as exc:
                raise StoreError("error.store.write", url=self.url, reason=_reason(exc)) from None

        return transaction()

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
    ) -> list[Submission]:
        """Submissions, oldest first. ``latest``: newest per (respondent, instrument) with ``"respondent"``,
        per (municipality, instrument) with ``"municipality"``, or the full history with False."""
        return self._query(instrument=instrument, municipality=municipality, status=status, latest=latest)

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
    ) -> pd.DataFrame:
        """Tidy answers, one row per answer (see TIDY_COLUMNS); values decoded from JSON."""
        import pandas as pd

        subs = self._query(instrument=instrument, municipality=municipality, status=status, latest=latest)
        rows = [
            (
                s.id,
                s.respondent,
                s.municipality,
                s.role,
                s.instrument,
                s.version,
                s.status,
                s.created_at,
                item,
                value,
            )
            for s in subs
            for item, value in s.answers.items()
        ]
        frame = pd.DataFrame(rows, columns=TIDY_COLUMNS)
        for col in ("respondent", "municipality", "role", "instrument", "version", "status", "item"):
            frame[col] = frame[col].astype("string")
        return frame

    def export_csv(self, path: str | os.PathLike[str], **filters: Any) -> Path:
        """Write the tidy answers as CSV (values as JSON text, so types survive a round trip)."""
        frame = self.answers(**filters)
        frame["value"] = [json.dumps(v, ensure_ascii=False) for v in frame["value"]]
        frame["created_at"] = frame["created_at"].map(lambda t: t.isoformat())
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(target, index=False, lineterminator="\n")
        return target

    def _read(self) -> Any:
        from contextlib import contextmanager

        from sqlalchemy.exc import SQLAlchemyError

        @contextmanager
        def reading() -> Any:
            try:
                with self.engine.connect() as conn:
                    yield conn
            except SQLAlchemyError as exc:
                raise StoreError("error.store.read", url=self.url, reason=_reason(exc)) from None

        return reading()

    def _query(
        self,
        *,
        instrument: str | None = None,
        respondent: str | None = None,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
    ) -> list[Submission]:
        from sqlalchemy import func, select

        if status not in ("any", *STATUSES):
            raise StoreError("error.store.status", status=status, allowed="any, " + ", ".join(STATUSES))
        s, a = self._tables["submissions"], self._tables["answers"]
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
        if status != "any":
            conditions.append(s.c.status == status)
        ids = select(s.c.id).where(*conditions)
        if latest:
            group = {"respondent": s.c.respondent, "municipality": s.c.municipality}.get(str(latest))
            if group is None:
                raise StoreError("error.store.latest", value=str(latest))
            ids = select(func.max(s.c.id)).where(*conditions).group_by(group, s.c.instrument)
        with self._read() as conn:
            rows = conn.execute(select(s).where(s.c.id.in_(ids)).order_by(s.c.id)).all()
            answer_rows = (
                conn.execute(
                    select(a.c.submission_id, a.c.item, a.c.value).where(
                        a.c.submission_id.in_([r.id for r in rows])
                    )
                ).all()
                if rows
                else []
            )
        by_sub: dict[int, dict[str, Any]] = {}
        for sub_id, item, value in answer_rows:
            by_sub.setdefault(sub_id, {})[item] = json.loads(value)
        return [
            Submission(
                r.id,
                r.respondent,
                r.municipality,
                r.role,
                r.instrument,
                r.version,
                r.status,
                _parse_time(r.created_at),
                by_sub.get(r.id, {}),
                json.loads(r.meta or "{}"),
            )
            for r in rows
        ]

    def count(self, instrument: str | None = None) -> int:
        from sqlalchemy import func, select

        s = self._tables["submissions"]
        query = select(func.count()).select_from(s)
        if instrument is not None:
            query = query.where(s.c.instrument == instrument)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())


def _tables() -> dict[str, Any]:
    from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

    md = MetaData()
    return {
        "metadata": md,
        "meta": Table(
            "casekit_meta",
            md,
            Column("key", String(64), primary_key=True),
            Column("value", Text, nullable=False),
        ),
        "respondents": Table(
            "respondents",
            md,
            Column("id", String(128), primary_key=True),
            Column("municipality", String(4)),
            Column("role", String(128)),
            Column("created_at", String(32), nullable=False),
        ),
        "submissions": Table(
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
        ),
        "answers": Table(
            "answers",
            md,
            Column("submission_id", Integer, ForeignKey("submissions.id"), primary_key=True),
            Column("item", String(200), primary_key=True),
            Column("value", Text, nullable=False),
        ),
    }


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _encode(item: Any, value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise StoreError("error.store.value", item=str(item), value=repr(value)[:80]) from None


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0][:200]
