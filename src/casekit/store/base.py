"""What every store offers: the record types and the :class:`Store` protocol.

Everything in casekit reaches answers through this interface: the SQL store on one machine
(:mod:`casekit.store.sql`) and, on a shared JupyterHub, the client of the casekit hub service. A widget
never knows which one it has.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

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


@runtime_checkable
class Store(Protocol):
    """The store seam. Saves append (the latest version wins, history is kept); reads never change data."""

    url: str

    def register(self, respondent: str, municipality: str | None = None, role: str | None = None) -> None:
        """Record a respondent once; later calls with other details change nothing."""

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
    ) -> list[Submission]:
        """Submissions, oldest first; ``instrument`` may end in ``*`` to match a prefix."""

    def respondents(self, municipality: str | None = None) -> pd.DataFrame:
        """Registered respondents: respondent, municipality, role, created_at."""

    def answers(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
    ) -> pd.DataFrame:
        """Tidy answers, one row per answer (see :data:`TIDY_COLUMNS`)."""

    def export_csv(self, path: str | os.PathLike[str], **filters: Any) -> Path:
        """Write the tidy answers as CSV (values as JSON text, so types survive a round trip)."""

    def count(self, instrument: str | None = None) -> int:
        """The number of submissions (of ``instrument``)."""
