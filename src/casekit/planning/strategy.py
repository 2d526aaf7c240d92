"""Ambition and the one-page strategy: targets per maturity dimension, 3–7 initiatives, plan anchoring.

The maturity profile comes from ``casekit.assessment.municipality_profile`` (columns ``dimension``,
``label``, ``today``, ``ambition``, ``gap``, ``n``). The strategy is stored as instrument ``strategy`` for
the municipality; the newest save counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .. import municipalities
from ..assessment.generations import generation
from ..errors import PlanningError
from ..municipalities import Municipality
from ..privacy import check_min_group_size
from ..store import Store, Submission, open_store
from .model import (
    DIMENSIONS,
    MAX_INITIATIVES,
    MIN_INITIATIVES,
    SCALE,
    PlanLink,
    Strategy,
    _text,
    dimension_label,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

INSTRUMENT = "strategy"
PROFILE_COLUMNS = ("dimension", "label", "today", "ambition", "gap", "n")


def check_profile(profile: pd.DataFrame) -> pd.DataFrame:
    """Check a maturity profile's columns and dimension ids; return it in the fixed dimension order."""
    missing = [c for c in PROFILE_COLUMNS if c not in getattr(profile, "columns", [])]
    if missing:
        raise PlanningError(
            "planning.error.profile_columns", missing=", ".join(missing), expected=", ".join(PROFILE_COLUMNS)
        )
    unknown = sorted(set(profile["dimension"]) - set(DIMENSIONS))
    if unknown:
        raise PlanningError(
            "planning.error.profile_dimension",
            value=", ".join(map(str, unknown)),
            allowed=", ".join(DIMENSIONS),
        )
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return profile.sort_values("dimension", key=lambda s: s.map(order)).reset_index(drop=True)


def empty_profile(language: str | None = None) -> pd.DataFrame:
    """A profile with no answers yet (every score NaN), for a municipality that has not assessed."""
    import pandas as pd

    nan = float("nan")
    return pd.DataFrame(
        {
            "dimension": list(DIMENSIONS),
            "label": [dimension_label(d, language) for d in DIMENSIONS],
            "today": nan,
            "ambition": nan,
            "gap": nan,
            "n": 0,
        }
    )


def protect(profile: pd.DataFrame, min_group_size: int = 5) -> pd.DataFrame:
    """The profile with today, ambition and gap blanked for dimensions with fewer than ``min_group_size``
    respondents (never fewer than 3), so a small leader group's answers cannot be read off the page."""
    min_group_size = check_min_group_size(min_group_size)
    frame = check_profile(profile).copy()
    small = frame["n"].fillna(0).astype(float) < min_group_size
    frame.loc[small, ["today", "ambition", "gap"]] = float("nan")
    return frame


def _half(value: float) -> float:
    return min(SCALE[1], max(SCALE[0], round(value * 2) / 2))


def default_targets(profile: pd.DataFrame, *, min_group_size: int = 5) -> dict[str, float]:
    """A starting target per dimension: the pre-work ambition, else one level above today, else 3
    (figures from fewer than ``min_group_size`` respondents are not used)."""
    targets = {d: 3.0 for d in DIMENSIONS}
    for row in protect(profile, min_group_size).itertuples(index=False):
        if not _missing(row.ambition):
            targets[row.dimension] = _half(float(row.ambition))
        elif not _missing(row.today):
            targets[row.dimension] = _half(float(row.today) + 1)
    return targets


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def check_targets(targets: Mapping[str, Any]) -> dict[str, float]:
    """A target from 1 to 5 for every dimension; unknown or missing dimensions are refused."""
    if not isinstance(targets, Mapping):
        raise PlanningError("planning.error.targets_not_mapping", value=repr(targets)[:60])
    unknown = sorted(set(targets) - set(DIMENSIONS))
    if unknown:
        raise PlanningError(
            "planning.error.dimension",
            initiative="-",
            value=", ".join(unknown),
            allowed=", ".join(DIMENSIONS),
        )
    missing = [d for d in DIMENSIONS if d not in targets]
    if missing:
        raise PlanningError("planning.error.target_missing", missing=", ".join(missing))
    result = {}
    for dim in DIMENSIONS:
        value = targets[dim]
        ok = not isinstance(value, bool) and isinstance(value, int | float) and not _missing(float(value))
        if not ok or not SCALE[0] <= float(value) <= SCALE[1]:
            raise PlanningError(
                "planning.error.target_range",
                dimension=dimension_label(dim),
                value=repr(value),
                minimum=SCALE[0],
                maximum=SCALE[1],
            )
        result[dim] = float(value)
    return result


def ambition_table(
    profile: pd.DataFrame,
    targets: Mapping[str, Any] | None = None,
    *,
    min_group_size: int = 5,
    language: str | None = None,
) -> pd.DataFrame:
    """Per dimension: today, the pre-work ambition, the chosen target and the step from today (today and
    ambition blank where fewer than ``min_group_size`` answered)."""
    frame = protect(profile, min_group_size)
    chosen = check_targets(targets) if targets is not None else default_targets(frame)
    frame["label"] = [dimension_label(d, language) for d in frame["dimension"]]
    frame["target"] = frame["dimension"].map(chosen)
    frame["step"] = frame["target"] - frame["today"]
    return frame[["dimension", "label", "today", "ambition", "target", "step", "n"]]


def _check_link(ident: str, link: Any) -> PlanLink:
    if isinstance(link, PlanLink):
        link = link.__dict__
    if not isinstance(link, Mapping):
        raise PlanningError("planning.error.link_not_mapping", initiative=ident, value=repr(link)[:60])
    budget, year = link.get("budget"), link.get("year")
    if budget in ("", None):
        budget = None
    elif (
        isinstance(budget, bool)
        or not isinstance(budget, int | float)
        or budget < 0
        or _missing(float(budget))
    ):
        raise PlanningError("planning.error.budget", initiative=ident, value=repr(budget))
    if year in ("", None, 0):
        year = None
    elif isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlanningError("planning.error.year", initiative=ident, value=repr(year))
    return PlanLink(
        samfunnsdel=_text(link.get("samfunnsdel"), "samfunnsdel", ident),
        handlingsplan=_text(link.get("handlingsplan"), "handlingsplan", ident),
        budget=None if budget is None else round(budget),
        year=year,
        benefit=_text(link.get("benefit"), "benefit", ident),
        benefit_owner=_text(link.get("benefit_owner"), "benefit_owner", ident),
    )


def make_strategy(
    municipality: str | Municipality,
    statement: str,
    targets: Mapping[str, Any],
    initiatives: Iterable[str],
    links: Mapping[str, Any] | None = None,
    *,
    owner: str = "",
    known: Iterable[str] | None = None,
    sustainability: str = "",
) -> Strategy:
    """Check a strategy: a statement, a target per dimension, 3–7 distinct initiatives (among ``known``
    when given) and plan links only for chosen initiatives, with budgets in whole kroner ≥ 0, each with
    its expected benefit and benefit owner; ``sustainability`` says how it serves green and digital
    sustainability."""
    number = municipalities.get(municipality).number
    return _checked(
        number,
        statement,
        targets,
        initiatives,
        links,
        owner=owner,
        known=known,
        sustainability=sustainability,
    )


def _checked(
    number: str,
    statement: str,
    targets: Mapping[str, Any],
    initiatives: Iterable[str],
    links: Mapping[str, Any] | None,
    *,
    owner: str,
    known: Iterable[str] | None = None,
    sustainability: str = "",
) -> Strategy:
    """:func:`make_strategy` for a municipality number already looked up."""
    text = _text(statement, "statement", None)
    if not text:
        raise PlanningError("planning.error.no_statement")
    chosen = list(initiatives)
    if len(set(chosen)) != len(chosen):
        raise PlanningError("planning.error.duplicate_initiative")
    if not MIN_INITIATIVES <= len(chosen) <= MAX_INITIATIVES:
        raise PlanningError(
            "planning.error.initiative_count",
            count=len(chosen),
            minimum=MIN_INITIATIVES,
            maximum=MAX_INITIATIVES,
        )
    if known is not None:
        available = set(known)
        for ident in chosen:
            if ident not in available:
                raise PlanningError("planning.error.unknown_initiative", value=ident, municipality=number)
    checked_links = {}
    for ident, link in (links or {}).items():
        if ident not in chosen:
            raise PlanningError("planning.error.link_unknown", value=ident)
        checked_links[ident] = _check_link(ident, link)
    return Strategy(
        number,
        text,
        check_targets(targets),
        tuple(chosen),
        checked_links,
        _text(owner, "owner", None),
        _text(sustainability, "sustainability", None),
    )


def save_strategy(store: Store | str | None, strategy: Strategy, *, respondent: str) -> Submission:
    """Append the strategy to the store (instrument ``strategy``) for its municipality."""
    if not respondent:
        raise PlanningError("planning.error.no_respondent")
    answers: dict[str, Any] = {
        "statement": strategy.statement,
        "owner": strategy.owner,
        "sustainability": strategy.sustainability,
        "initiatives": list(strategy.initiatives),
    }
    answers.update({f"target.{d}": v for d, v in strategy.targets.items()})
    answers.update({f"link.{i}": dict(link.__dict__) for i, link in strategy.links.items()})
    return open_store(store).save(
        respondent, INSTRUMENT, answers, status="final", municipality=strategy.municipality
    )


def load_strategy(store: Store | str | None, municipality: str) -> Strategy | None:
    """The newest saved strategy of the municipality with number ``municipality``, or None."""
    subs = open_store(store).submissions(INSTRUMENT, municipality=municipality, latest="municipality")
    if not subs:
        return None
    answers = subs[-1].answers
    targets = {k.split(".", 1)[1]: v for k, v in answers.items() if k.startswith("target.")}
    links = {k.split(".", 1)[1]: v for k, v in answers.items() if k.startswith("link.")}
    return _checked(
        municipality,
        answers.get("statement", ""),
        targets,
        answers.get("initiatives", []),
        links,
        owner=answers.get("owner", ""),
        sustainability=answers.get("sustainability", ""),  # strategies saved before it existed have none
    )


#: The columns of :func:`gap_coverage`.
COVERAGE_COLUMNS = (
    "dimension",
    "label",
    "today_generation",
    "target_generation",
    "gap",
    "initiatives",
    "covered",
)


def gap_coverage(
    profile: pd.DataFrame,
    strategy: Strategy,
    initiatives: pd.DataFrame,
    *,
    min_group_size: int = 5,
    language: str | None = None,
) -> pd.DataFrame:
    """How the strategy closes the generation gap, per maturity dimension: the generation today (the
    leader group's mean, blank below ``min_group_size``), the generation of the chosen target, the gap,
    how many of the strategy's initiatives work on the dimension, and whether the gap is covered (no gap,
    or at least one initiative on it). A dimension with a gap and no initiative is where the strategy
    does not yet close it."""
    import pandas as pd

    table = ambition_table(profile, strategy.targets, min_group_size=min_group_size, language=language)
    chosen = set(strategy.initiatives)
    counts = {d: 0 for d in DIMENSIONS}
    for row in initiatives.to_dict("records") if len(initiatives) else []:
        if row["id"] in chosen:
            for dim in row["dimensions"]:
                counts[dim] = counts.get(dim, 0) + 1
    rows = []
    for row in table.itertuples(index=False):
        now, target = generation(row.today), generation(row.target)
        gap = None if now is None or target is None else target - now
        count = counts.get(row.dimension, 0)
        rows.append(
            [row.dimension, row.label, now, target, gap, count, bool(gap is not None and (gap <= 0 or count))]
        )
    frame = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))
    for col in ("today_generation", "target_generation", "gap"):
        frame[col] = frame[col].astype("Int64")
    return frame
