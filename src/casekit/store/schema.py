"""The store's tables, its schema version and the steps that upgrade an older store.

The version lives in the ``casekit_meta`` table (``schema = casekit-store``, ``version = N``). A store of
a newer version is refused (this casekit does not know its tables); an older one is upgraded when it is
opened for writing, in one transaction, by the explicit steps in :data:`MIGRATIONS`, each from version
``n`` to ``n + 1``. SQLite and PostgreSQL both run DDL inside a transaction, so a failed step leaves the
store exactly as it was.

Why not Alembic: the schema is a handful of small tables, it changes rarely, and every step must run on a
participant's laptop at open time without a migration folder or a command to run. A list of functions
tested on a real file of each older version does that with no extra dependency. Should the schema grow a
history of many steps, or need branches and downgrades, Alembic is the tool to move to; its revisions
would start from the version recorded here.

Version history:

1. respondents, submissions and answers (append-only).
2. cohorts (with their retention date), a nullable ``cohort`` on submissions, the audit trail, and an
   index on the respondent for exports and erasure.
3. snapshots: the group figures published to participants, per cohort and kind (see
   :mod:`casekit.privacy`), append-only like the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_NAME = "casekit-store"
SCHEMA_VERSION = 3


def tables() -> dict[str, Any]:
    """The current schema as SQLAlchemy tables (and their ``metadata``)."""
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
            Column("cohort", String(64)),
            Index("ix_submissions_lookup", "instrument", "respondent", "status"),
            Index("ix_submissions_municipality", "municipality", "instrument"),
            Index("ix_submissions_respondent", "respondent"),
            Index("ix_submissions_cohort", "cohort"),
        ),
        "answers": Table(
            "answers",
            md,
            Column("submission_id", Integer, ForeignKey("submissions.id"), primary_key=True),
            Column("item", String(200), primary_key=True),
            Column("value", Text, nullable=False),
        ),
        "cohorts": Table(
            "cohorts",
            md,
            Column("id", String(64), primary_key=True),
            Column("retention_until", String(10)),
            Column("registered_at", String(32), nullable=False),
        ),
        "audit": Table(
            "audit",
            md,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("at", String(32), nullable=False),
            Column("actor", String(128), nullable=False),
            Column("action", String(32), nullable=False),
            Column("scope", Text, nullable=False),
            Column("count", Integer, nullable=False),
            Column("reason", Text, nullable=False),
        ),
        "snapshots": Table(
            "snapshots",
            md,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("cohort", String(64)),
            Column("kind", String(200), nullable=False),
            Column("created_at", String(32), nullable=False),
            Column("actor", String(128), nullable=False),
            Column("respondents", Integer, nullable=False),
            Column("data", Text, nullable=False),
            Index("ix_snapshots_kind", "kind", "cohort"),
        ),
    }


def _v1_to_v2(conn: Any, current: dict[str, Any]) -> None:
    """Cohorts and their retention, the cohort of each submission, the audit trail."""
    conn.exec_driver_sql("ALTER TABLE submissions ADD COLUMN cohort VARCHAR(64)")
    current["cohorts"].create(conn)
    current["audit"].create(conn)
    for index in current["submissions"].indexes:
        if index.name in ("ix_submissions_respondent", "ix_submissions_cohort"):
            index.create(conn)


def _v2_to_v3(conn: Any, current: dict[str, Any]) -> None:
    """The published snapshots of group figures."""
    current["snapshots"].create(conn)  # creates its index with it


#: Upgrade steps: ``MIGRATIONS[n]`` takes a store from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Any, dict[str, Any]], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(conn: Any, found: int) -> list[int]:
    """Run the steps from version ``found`` to :data:`SCHEMA_VERSION` on ``conn`` (inside the caller's
    transaction) and record the new version. Returns the versions stepped through."""
    from sqlalchemy import update

    current = tables()
    done = []
    for version in range(found, SCHEMA_VERSION):
        MIGRATIONS[version](conn, current)
        done.append(version + 1)
    meta = current["meta"]
    conn.execute(update(meta).where(meta.c.key == "version").values(value=str(SCHEMA_VERSION)))
    return done
