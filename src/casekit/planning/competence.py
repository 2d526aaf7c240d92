"""The competence development plan: from a leader's competence gaps to what, how and by when.

The gaps come from ``casekit.assessment.competence_gaps`` (columns ``respondent``, ``area``, ``label``,
``required``, ``current``, ``gap``). Each leader-group member's plan is stored as instrument
``competence_plan`` under that member's respondent id; the newest save counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import PlanningError
from ..privacy import check_min_group_size
from ..store import Store, Submission, open_store
from .model import _text, check_date

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

INSTRUMENT = "competence_plan"
GAP_COLUMNS = ("respondent", "area", "label", "required", "current", "gap")
#: Ways to develop, from light to heavy. Certification and masterclass are the programme's own offers.
OPTIONS = ("internal_training", "peer_learning", "mentoring", "self_study", "masterclass", "certification")
PLAN_COLUMNS = ["respondent", "area", "label", "gap", "what", "how", "by"]


def check_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """Check a competence-gap table's columns; return it with the gap recomputed where missing."""
    missing = [c for c in GAP_COLUMNS if c not in getattr(gaps, "columns", [])]
    if missing:
        raise PlanningError(
            "planning.error.gap_columns", missing=", ".join(missing), expected=", ".join(GAP_COLUMNS)
        )
    return gaps.reset_index(drop=True)


def _months_later(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, min(day.day, 28))


def suggest_plan(
    gaps: pd.DataFrame,
    *,
    respondent: str | None = None,
    today: dt.date | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """A first plan for every area with a positive gap (of one respondent when given).

    The suggestion grows with the gap: internal training for one level, a masterclass for two, a
    certification for three or more; the deadline is 6, 9 or 12 months away. It is a starting point the
    leader edits.
    """
    import pandas as pd

    frame = check_gaps(gaps)
    if respondent is not None:
        frame = frame[frame["respondent"] == respondent]
    today = today or dt.date.today()
    rows = []
    for row in frame.itertuples(index=False):
        if row.gap is None or pd.isna(row.gap) or row.gap <= 0:
            continue
        gap = float(row.gap)
        how, months = (
            ("internal_training", 6) if gap < 2 else ("masterclass", 9) if gap < 3 else ("certification", 12)
        )
        rows.append(
            {
                "respondent": row.respondent,
                "area": row.area,
                "label": row.label,
                "gap": gap,
                "what": i18n.t("planning.competence.what", language=language, area=row.label),
                "how": how,
                "by": _months_later(today, months).isoformat(),
            }
        )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def check_action(area: str, action: Mapping[str, Any], *, today: dt.date | None = None) -> dict[str, str]:
    """One line of a plan: what (text), how (one of :data:`OPTIONS`) and by when (an ISO date, not past)."""
    what = _text(action.get("what"), "what", area)
    if not what:
        raise PlanningError("planning.error.no_what", area=area)
    how = action.get("how")
    if how not in OPTIONS:
        raise PlanningError("planning.error.how", area=area, value=repr(how), allowed=", ".join(OPTIONS))
    by = check_date(action.get("by"), "by", area)
    if by is None:
        raise PlanningError("planning.error.no_by", area=area)
    if by < (today or dt.date.today()).isoformat():
        raise PlanningError("planning.error.by_past", area=area, value=by)
    return {"what": what, "how": how, "by": by}


def save_plan(
    store: Store | str | None,
    member: str,
    actions: Mapping[str, Mapping[str, Any]],
    *,
    municipality: str,
    reflection: str = "",
    saved_by: str = "",
    today: dt.date | None = None,
) -> Submission:
    """Check a member's plan ``{area: {what, how, by}}`` and append it; nothing is saved if a line is bad."""
    if not member:
        raise PlanningError("planning.error.no_respondent")
    answers: dict[str, Any] = {}
    for area, action in actions.items():
        for key, value in check_action(area, action, today=today).items():
            answers[f"{area}.{key}"] = value
    answers["reflection"] = _text(reflection, "reflection", member)
    return open_store(store).save(
        member,
        INSTRUMENT,
        answers,
        status="final",
        municipality=municipality,
        meta={"saved_by": saved_by or member},
    )


def _actions(answers: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    actions: dict[str, dict[str, str]] = {}
    for key, value in answers.items():
        if key != "reflection":
            area, _, part = key.rpartition(".")
            actions.setdefault(area, {})[part] = value
    return actions


def load_plan(store: Store | str | None, member: str) -> tuple[dict[str, dict[str, str]], str]:
    """A member's newest plan as ``({area: {what, how, by}}, reflection)``; empty when none is saved."""
    sub = open_store(store).latest(member, INSTRUMENT, status="final")
    if sub is None:
        return {}, ""
    return _actions(sub.answers), sub.answers.get("reflection", "")


def plans(store: Store | str | None, municipality: str) -> pd.DataFrame:
    """Every member's newest plan in a municipality, one row per action."""
    import pandas as pd

    rows = [
        {"respondent": sub.respondent, "area": area, **action}
        for sub in open_store(store).submissions(INSTRUMENT, municipality=municipality)
        for area, action in _actions(sub.answers).items()
    ]
    return pd.DataFrame(rows, columns=["respondent", "area", "what", "how", "by"])


def group_needs(gaps: pd.DataFrame, *, min_group_size: int = 5, language: str | None = None) -> pd.DataFrame:
    """Per area: how many members need development and the mean gap, shown only for groups of at least
    ``min_group_size`` members (never fewer than 3), so no single leader can be singled out."""
    import pandas as pd

    min_group_size = check_min_group_size(min_group_size)
    frame = check_gaps(gaps)
    members = frame["respondent"].nunique()
    shown = members >= min_group_size
    rows = []
    for (area, label), part in frame.groupby(["area", "label"], sort=False):
        rows.append(
            {
                "area": area,
                "label": label,
                "members": members,
                "needing": int((part["gap"] > 0).sum()) if shown else None,
                "mean_gap": float(part["gap"].mean()) if shown else None,
                "shown": shown,
            }
        )
    return pd.DataFrame(rows, columns=["area", "label", "members", "needing", "mean_gap", "shown"])
