"""What every store offers: the record types, the limits and the :class:`Store` protocol.

Everything in casekit reaches answers through this interface: the SQL store on one machine
(:mod:`casekit.store.sql`) and, on a shared JupyterHub, the client of the casekit hub service. A widget
never knows which one it has.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import StoreError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

STATUSES = ("draft", "final")
TIDY_COLUMNS = [
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
#: The longest text each key field may hold (the columns are sized for them).
FIELD_LENGTHS = {
    "respondent": 128,
    "municipality": 4,
    "role": 128,
    "instrument": 200,
    "version": 32,
    "item": 200,
    "cohort": 64,
    "actor": 128,
    "kind": 200,
}
COHORT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True)
class Limits:
    """What one save may hold, so nothing one participant sends can break a cohort's reports.

    The defaults leave room for what casekit's own domains save: the largest instrument has under 100
    items, a radar edition keeps its whole radar in one value (about 34 kB for the sample's 51
    technologies, so 100 kB holds some 150), and a 4,000-character goal is under 20 kB even in UTF-8 with
    JSON escapes. A megabyte of text in one answer is refused."""

    max_answers: int = 500
    max_value_bytes: int = 100_000
    max_submission_bytes: int = 200_000


@dataclass(frozen=True)
class Submission:
    """One saved answer set: a draft or a final submission of one instrument by one respondent."""

    id: int
    respondent: str
    municipality: str | None
    role: str | None
    instrument: str
    version: str
    status: str
    created_at: dt.datetime
    answers: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    cohort: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what, when, to which scope, and how many records it touched.
    It never holds the content of an answer."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    scope: str
    count: int
    reason: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Published group figures of one kind (an instrument) for the cohort the store is bound to.

    Participant views show group figures from the latest snapshot, never from a live query, so reading
    them before and after one submission isolates nobody (see :mod:`casekit.privacy`). ``data`` is what
    the kind publishes (JSON); ``respondents`` how many people stand behind it."""

    id: int
    cohort: str | None
    kind: str
    created_at: dt.datetime
    actor: str
    respondents: int
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Erasure:
    """What :meth:`Store.erase` deleted (or, with ``dry_run``, would delete) about one respondent."""

    respondent: str
    submissions: int
    answers: int
    instruments: dict[str, int]
    done: bool


@dataclass(frozen=True)
class Purge:
    """What :meth:`Store.purge_expired` did: per expired cohort the submissions erased, the respondents
    left with nothing, and what it left alone (submissions without a cohort, cohorts still kept)."""

    today: dt.date
    expired: dict[str, int]
    respondents: int
    without_cohort: int
    kept: dict[str, str | None]
    done: bool


def data_dir() -> Path:
    """The user's casekit data folder: the default store, and a hub client's unsent saves."""
    configured = os.environ.get("CASEKIT_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser() / "casekit"


def default_actor() -> str:
    """Who is at the keyboard, for the audit trail: JupyterHub's user when there is one, else the login."""
    try:
        user = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - a container user without a name
        user = f"uid-{os.getuid()}"
    return user[: FIELD_LENGTHS["actor"]]


def write_tidy_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write tidy answers as CSV: values as JSON text (so types survive a round trip), times in ISO 8601."""
    out = frame.copy()
    out["value"] = [json.dumps(v, ensure_ascii=False) for v in out["value"]]
    out["created_at"] = out["created_at"].map(lambda t: t.isoformat())
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(target, index=False, lineterminator="\n")
    return target


def cohort_list(cohort: str | Sequence[str] | None) -> list[str] | None:
    """A cohort filter as a list of checked ids (None: no filter)."""
    if cohort is None:
        return None
    ids = [cohort] if isinstance(cohort, str) else list(cohort)
    return [c for c in (check_cohort_id(i) for i in ids) if c is not None]


def check_cohort_id(cohort: str | None) -> str | None:
    """A cohort id (lower-case letters, digits and hyphens, as in ``cohort.yaml``), or None for none."""
    if cohort is None or cohort == "":
        return None
    if not isinstance(cohort, str) or not COHORT_ID.fullmatch(cohort):
        raise StoreError("error.store.cohort_id", value=repr(cohort)[:80])
    return cohort


@runtime_checkable
class Store(Protocol):
    """The store seam. Saves append (the latest version wins, history is kept); reads never change data.

    The only deletions are :meth:`erase` (one person, on request) and :meth:`purge_expired` (a cohort
    past its retention date, with its snapshots); both leave a line in the audit trail, as does every bulk
    export and every published snapshot."""

    url: str
    cohort: str | None
    limits: Limits

    def bound(self, cohort: str | None) -> Store:
        """The same store, stamping ``cohort`` on every save."""

    def register(self, respondent: str, municipality: str | None = None, role: str | None = None) -> None:
        """Record a respondent once; later calls with other details change nothing."""

    def register_cohort(self, cohort: str, retention_until: dt.date | None = None) -> None:
        """Record a cohort and the day its answers may be kept until (None: no retention date yet)."""

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

    def latest(self, respondent: str, instrument: str, *, status: str = "any") -> Submission | None:
        """The respondent's newest submission of ``instrument`` (``status``: any, draft or final)."""

    def history(self, respondent: str, instrument: str) -> list[Submission]:
        """Every submission of ``instrument`` by the respondent, oldest first."""

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
        """Submissions, oldest first; ``instrument`` may end in ``*`` to match a prefix. ``cohort`` keeps
        the submissions stamped with that cohort (or any of several); ``respondent`` one person's."""

    def respondents(self, municipality: str | None = None) -> pd.DataFrame:
        """Registered respondents: respondent, municipality, role, created_at."""

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
        """Tidy answers, one row per answer (see :data:`TIDY_COLUMNS`). With ``actor`` the read is a bulk
        export and is recorded in the audit trail."""

    def export_csv(self, path: str | os.PathLike[str], *, actor: str | None = None, **filters: Any) -> Path:
        """Write the tidy answers as CSV (values as JSON text) and record the export in the audit trail."""

    def count(self, instrument: str | None = None, *, cohort: str | Sequence[str] | None = None) -> int:
        """The number of submissions (of ``instrument``; of ``cohort``, one or several)."""

    def record_read(self, actor: str, action: str, scope: str, count: int) -> None:
        """Write one line to the audit trail for a read someone made on others' answers (the hub service
        records every trainer's and administrator's read with this)."""

    def export_person(self, respondent: str, *, actor: str | None = None) -> dict[str, Any]:
        """Everything stored about one person, as JSON-ready data; recorded in the audit trail."""

    def erase(self, respondent: str, *, actor: str, reason: str = "", dry_run: bool = False) -> Erasure:
        """Delete one person's answers, submissions and registration physically; audit it without content."""

    def purge_expired(self, today: dt.date | None = None, *, actor: str, dry_run: bool = False) -> Purge:
        """Erase every cohort whose ``retention_until`` has passed; submissions without a cohort stay."""

    def audit(self) -> list[AuditEntry]:
        """The audit trail, oldest first."""

    def publish_snapshot(
        self, kind: str, data: dict[str, Any], *, actor: str, respondents: int | None = None
    ) -> Snapshot:
        """Publish group figures of ``kind`` for the bound cohort, and audit it. When ``data`` names the
        snapshot it replaces (``data["previous"]``: an id, or None for the first), it is published only
        while that is still the latest; otherwise :class:`~casekit.errors.SnapshotConflictError`."""

    def latest_snapshot(self, kind: str) -> Snapshot | None:
        """The newest snapshot of ``kind`` for the bound cohort, or None when none is published."""
