"""The initiative tracker: initiatives in the append-only store, their history and progress.

Every save of an initiative is a new final submission of instrument ``initiative:<id>`` for the
municipality, with the follow-up session it was made in (``meta.session``, such as ``1c`` or ``4c``). The
newest save of each initiative is its current state; earlier saves stay as history, so progress between
sessions can be shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import PlanningError
from ..store import Store, Submission, open_store
from .model import HORIZON_MONTHS, STATUSES, Initiative, check_dimensions, make_initiative

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PREFIX = "initiative:"
COLUMNS = [
    "id",
    "title",
    "label",
    "goal",
    "measures",
    "owner",
    "sectors",
    "horizon",
    "impact",
    "effort",
    "status",
    "evidence",
    "evaluation",
    "dimensions",
    "start",
    "due",
    "saved_at",
    "saved_by",
    "session",
    "versions",
]


def save_initiative(
    store: Store | str | None,
    initiative: Initiative | Mapping[str, Any],
    *,
    respondent: str,
    municipality: str,
    session: str = "",
) -> Submission:
    """Check an initiative and append it to the store. Nothing is written when a field is invalid."""
    checked = make_initiative(initiative)
    if not respondent:
        raise PlanningError("planning.error.no_respondent")
    return open_store(store).save(
        respondent,
        PREFIX + checked.id,
        checked.answers(),
        status="final",
        municipality=municipality,
        meta={"session": session} if session else {},
    )


def _from_submission(sub: Submission) -> Initiative:
    return make_initiative(dict(sub.answers), id=sub.instrument[len(PREFIX) :])


def _rows(subs: list[Submission], versions: dict[str, int]) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for sub in subs:
        item = _from_submission(sub)
        row = {k: (list(v) if isinstance(v, tuple) else v) for k, v in item.__dict__.items()}
        row.update(
            label=item.label,
            saved_at=sub.created_at,
            saved_by=sub.respondent,
            session=sub.meta.get("session", ""),
            versions=versions.get(item.id, 1),
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def _all(store: Store | str | None, municipality: str) -> list[Submission]:
    return open_store(store).submissions(PREFIX + "*", municipality=municipality, latest=False)


def initiatives(
    store: Store | str | None, municipality: str, *, dimension: str | None = None
) -> pd.DataFrame:
    """The current state of every initiative of a municipality, oldest first (see :data:`COLUMNS`).
    With ``dimension`` only those linked to that maturity dimension (e.g. ``technology`` in module 4)."""
    if dimension is not None:
        check_dimensions([dimension], "-")
        frame = initiatives(store, municipality)
        return frame[frame["dimensions"].map(lambda dims: dimension in dims)].reset_index(drop=True)
    subs = _all(store, municipality)
    versions: dict[str, int] = {}
    latest: dict[str, Submission] = {}
    for sub in subs:
        ident = sub.instrument[len(PREFIX) :]
        versions[ident] = versions.get(ident, 0) + 1
        latest[ident] = sub
    return _rows(list(latest.values()), versions)  # a dict keeps each initiative where it first appeared


def history(store: Store | str | None, municipality: str, initiative_id: str) -> pd.DataFrame:
    """Every saved version of one initiative, oldest first."""
    subs = [s for s in _all(store, municipality) if s.instrument == PREFIX + initiative_id]
    if not subs:
        raise PlanningError(
            "planning.error.unknown_initiative", value=initiative_id, municipality=municipality
        )
    return _rows(subs, {initiative_id: len(subs)})


def sessions(store: Store | str | None, municipality: str) -> list[str]:
    """The follow-up sessions in which initiatives were saved, in the order they were first used."""
    return _sessions(_all(store, municipality))


def _sessions(subs: list[Submission]) -> list[str]:
    return [s for s in dict.fromkeys(sub.meta.get("session", "") for sub in subs) if s]


def snapshot(store: Store | str | None, municipality: str, session: str) -> pd.DataFrame:
    """The initiatives as they stood at the end of ``session`` (later saves ignored)."""
    subs = _all(store, municipality)
    order = _sessions(subs)
    if session not in order:
        raise PlanningError("planning.error.unknown_session", value=session, sessions=", ".join(order) or "-")
    allowed = set(order[: order.index(session) + 1])
    upto = [s for s in subs if s.meta.get("session", "") in allowed]
    latest: dict[str, Submission] = {}
    versions: dict[str, int] = {}
    for sub in upto:
        ident = sub.instrument[len(PREFIX) :]
        latest[ident] = sub
        versions[ident] = versions.get(ident, 0) + 1
    return _rows(list(latest.values()), versions)


def progress(
    store: Store | str | None,
    municipality: str,
    before: str,
    after: str,
    *,
    language: str | None = None,
) -> pd.DataFrame:
    """What changed between two sessions, per initiative: status before and after, and the kind of change
    (``new``, ``advanced``, ``unchanged``, ``regressed``, ``stopped``), and whether evidence of
    implementation or an evaluation was added."""
    import pandas as pd

    old = snapshot(store, municipality, before).set_index("id")
    new = snapshot(store, municipality, after).set_index("id")
    rank = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for ident, row in new.iterrows():
        was = old.loc[ident] if ident in old.index else None
        status_before = was["status"] if was is not None else None
        if was is None:
            change = "new"
        elif row["status"] == "stopped" and status_before != "stopped":
            change = "stopped"
        elif rank[row["status"]] > rank[status_before]:
            change = "advanced"
        elif rank[row["status"]] < rank[status_before]:
            change = "regressed"
        else:
            change = "unchanged"
        rows.append(
            {
                "id": ident,
                "label": row["label"],
                "status_before": status_before,
                "status_after": row["status"],
                "change": change,
                "change_label": i18n.t(f"planning.change.{change}", language=language),
                "evidence_added": bool(row["evidence"])
                and (was is None or row["evidence"] != was["evidence"]),
                "evaluation_added": bool(row["evaluation"])
                and (was is None or row["evaluation"] != was["evaluation"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "label",
            "status_before",
            "status_after",
            "change",
            "change_label",
            "evidence_added",
            "evaluation_added",
        ],
    )


def schedule(frame: pd.DataFrame, *, today: dt.date | None = None) -> pd.DataFrame:
    """Start and end dates for a timeline. Missing dates are estimated (start: the first save; end:
    start plus 12 months for short and 36 for long horizons) and flagged in ``estimated``."""
    import pandas as pd

    today = today or dt.date.today()
    rows = []
    for row in frame.itertuples(index=False):
        saved = row.saved_at.date() if hasattr(row.saved_at, "date") else today
        given_start = row.start if isinstance(row.start, str) and row.start else None
        given_due = row.due if isinstance(row.due, str) and row.due else None
        start = dt.date.fromisoformat(given_start) if given_start else saved
        if given_due:
            end, estimated = dt.date.fromisoformat(given_due), False
        else:
            months = HORIZON_MONTHS[row.horizon]
            year, month = divmod(start.month - 1 + months, 12)
            end, estimated = dt.date(start.year + year, month + 1, min(start.day, 28)), True
        if end < start:  # a saved due date before the first save: start the bar at the due date's start
            start = end
        rows.append(
            {
                "id": row.id,
                "label": row.label,
                "status": row.status,
                "start": start,
                "end": end,
                "estimated": estimated or given_start is None,
            }
        )
    return pd.DataFrame(rows, columns=["id", "label", "status", "start", "end", "estimated"])
