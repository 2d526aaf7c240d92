"""Initiatives, strategies and development plans, and the checks that keep them meaningful.

Validation happens before anything is stored: a bad value raises a :class:`casekit.errors.PlanningError`
whose message names the initiative, the field, the value and the fix, in the participant's language.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import i18n
from ..errors import PlanningError

#: The maturity dimensions (agreed with ``casekit.assessment``), in their fixed order.
DIMENSIONS = ("strategy", "leadership", "organisation", "services", "data", "technology", "competence")
HORIZONS = ("short", "long")
#: Status in the order an initiative normally moves; ``stopped`` ends it early.
STATUSES = ("idea", "planned", "in_progress", "implemented", "evaluated", "stopped")
SCALE = (1, 5)
#: A new initiative without dates is expected to finish this many months after it starts.
HORIZON_MONTHS = {"short": 12, "long": 36}
MIN_INITIATIVES, MAX_INITIATIVES = 3, 7
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_TEXT = 4000


def dimension_label(dimension: str, language: str | None = None) -> str:
    return i18n.t(f"planning.dimension.{dimension}", language=language)


def check_dimensions(values: Iterable[str], where: str) -> tuple[str, ...]:
    chosen = list(values)
    for value in chosen:
        if value not in DIMENSIONS:
            raise PlanningError(
                "planning.error.dimension", initiative=where, value=str(value), allowed=", ".join(DIMENSIONS)
            )
    return tuple(d for d in DIMENSIONS if d in chosen)


@dataclass(frozen=True)
class _StrategyField:
    """A field of the one-page strategy, named as the participant sees it (``ambisjonen``)."""

    name: str

    def render(self, language: str | None = None) -> str:
        return i18n.t(f"planning.strategy_field.{self.name}", language=language)


def _text(value: Any, name: str, where: str | None) -> str:
    """A checked text. ``where`` names the initiative; None means a field of the strategy itself."""
    if value is None:
        return ""
    if not isinstance(value, str):
        if where is None:
            raise PlanningError("planning.error.strategy_not_text", field=_StrategyField(name))
        raise PlanningError("planning.error.not_text", initiative=where, field=name, value=repr(value)[:60])
    if len(value) > MAX_TEXT:
        if where is None:
            raise PlanningError(
                "planning.error.strategy_too_long",
                field=_StrategyField(name),
                length=len(value),
                limit=MAX_TEXT,
            )
        raise PlanningError(
            "planning.error.too_long", initiative=where, field=name, length=len(value), limit=MAX_TEXT
        )
    return value.strip()


def _texts(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise PlanningError("planning.error.not_list", initiative=where, field=name, value=repr(value)[:60])
    return tuple(_text(v, name, where) for v in value if v.strip())


def check_scale(value: Any, key: str, where: str) -> int:
    """A whole number from 1 to 5 (an integral float such as 3.0 is accepted as 3)."""
    ok = not isinstance(value, bool) and isinstance(value, int | float) and float(value).is_integer()
    if not ok or not SCALE[0] <= int(value) <= SCALE[1]:
        raise PlanningError(key, initiative=where, value=repr(value), minimum=SCALE[0], maximum=SCALE[1])
    return int(value)


def check_date(value: Any, name: str, where: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise PlanningError("planning.error.date", initiative=where, field=name, value=str(value)) from None


def to_date(value: str | None) -> dt.date | None:
    """A checked ISO date (as saved) back as a date, for a date picker; None stays None."""
    return dt.date.fromisoformat(value) if value else None


def slug(text: str) -> str:
    """A lower-case id from text (``Digital innbyggerdialog`` → ``digital-innbyggerdialog``)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
    words = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")
    return words[:40].strip("-") or "initiative"


def new_id(text: str) -> str:
    """A fresh initiative id: a slug of the text and a random suffix, so two leaders never collide."""
    return f"{slug(text)}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Initiative:
    """One initiative in the collaboration model (stored as instrument ``initiative:<id>``)."""

    id: str
    goal: str
    title: str = ""
    measures: tuple[str, ...] = ()
    owner: str = ""
    sectors: tuple[str, ...] = ()
    horizon: str = "short"
    impact: int = 3
    effort: int = 3
    status: str = "idea"
    evidence: str = ""
    evaluation: str = ""
    dimensions: tuple[str, ...] = ()
    start: str | None = None
    due: str | None = None

    @property
    def label(self) -> str:
        """The title, or the goal shortened to a few words."""
        if self.title:
            return self.title
        return self.goal if len(self.goal) <= 48 else self.goal[:47].rstrip() + "…"

    def answers(self) -> dict[str, Any]:
        """The fields as JSON-ready answers for the store (everything but the id)."""
        data = asdict(self)
        data.pop("id")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    def replace(self, **changes: Any) -> Initiative:
        """A checked copy with some fields changed."""
        return make_initiative({**asdict(self), **changes})


def make_initiative(data: Mapping[str, Any] | Initiative, *, id: str | None = None) -> Initiative:
    """Check the fields of an initiative and return it; raise PlanningError naming the first problem.

    Required: a goal. Impact and effort are whole numbers 1–5, horizon ``short`` or ``long``, status one
    of :data:`STATUSES`, dimensions among :data:`DIMENSIONS`; dates are ISO dates and due is not before
    start. An id is made from the title or goal when none is given.
    """
    if isinstance(data, Initiative):
        data = asdict(data)
    if not isinstance(data, Mapping):
        raise PlanningError("planning.error.not_mapping", value=repr(data)[:60])
    unknown = sorted(set(data) - set(Initiative.__dataclass_fields__))
    if unknown:
        raise PlanningError(
            "planning.error.unknown_field",
            field=", ".join(unknown),
            allowed=", ".join(Initiative.__dataclass_fields__),
        )
    title = _text(data.get("title"), "title", "?")
    goal = _text(data.get("goal"), "goal", title or "?")
    where = title or goal[:40] or "?"
    if not goal:
        raise PlanningError("planning.error.no_goal", initiative=where)
    given_id = id or data.get("id")
    if given_id:
        if not isinstance(given_id, str) or not _ID.fullmatch(given_id):
            raise PlanningError("planning.error.bad_id", initiative=where, value=repr(given_id))
        ident = given_id
    else:
        ident = new_id(title or goal)
    horizon = data.get("horizon", "short")
    if horizon not in HORIZONS:
        raise PlanningError(
            "planning.error.horizon", initiative=where, value=repr(horizon), allowed=", ".join(HORIZONS)
        )
    status = data.get("status", "idea")
    if status not in STATUSES:
        raise PlanningError(
            "planning.error.status", initiative=where, value=repr(status), allowed=", ".join(STATUSES)
        )
    start = check_date(data.get("start"), "start", where)
    due = check_date(data.get("due"), "due", where)
    if start and due and due < start:
        raise PlanningError("planning.error.due_before_start", initiative=where, start=start, due=due)
    dims = data.get("dimensions") or ()
    if isinstance(dims, str):
        dims = [dims]
    return Initiative(
        id=ident,
        goal=goal,
        title=title,
        measures=_texts(data.get("measures"), "measures", where),
        owner=_text(data.get("owner"), "owner", where),
        sectors=_texts(data.get("sectors"), "sectors", where),
        horizon=horizon,
        impact=check_scale(data.get("impact", 3), "planning.error.impact", where),
        effort=check_scale(data.get("effort", 3), "planning.error.effort", where),
        status=status,
        evidence=_text(data.get("evidence"), "evidence", where),
        evaluation=_text(data.get("evaluation"), "evaluation", where),
        dimensions=check_dimensions(dims, where),
        start=start,
        due=due,
    )


@dataclass(frozen=True)
class PlanLink:
    """Where an initiative sits in the municipality's own plans (the master-plan anchoring case), and how
    its benefit is realised (DFØ's guide on benefits realisation: a benefit owner in the line, a baseline,
    measurement after go-live)."""

    samfunnsdel: str = ""  # the goal in the social element of the municipal master plan it serves
    handlingsplan: str = ""  # the action in the action part (handlingsdel) with budget; the stored name stays
    budget: int | None = None  # kroner per year in the action part
    year: int | None = None  # the budget year
    benefit: str = ""  # the expected benefit, how it is measured and today's level (baseline)
    benefit_owner: str = ""  # the line manager who owns realising the benefit


@dataclass(frozen=True)
class Strategy:
    """A municipality's one-page digital strategy: ambition, targets, initiatives and plan anchoring."""

    municipality: str
    statement: str
    targets: Mapping[str, float]
    initiatives: tuple[str, ...]
    links: Mapping[str, PlanLink] = field(default_factory=dict)
    owner: str = ""
    #: How the strategy serves green and digital sustainability (goals, and climate and environment in
    #: technology choices).
    sustainability: str = ""
