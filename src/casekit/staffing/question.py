"""The municipality's own starting point for AI in staffing: the question a forecast should answer, the data
it would learn from, and who decides (pre-work, 4a); and the leader group's choices at the gathering day
(4b): the quantile to plan for and three written answers.

Both are saved to the store, checked by the store's answer rules on every save:

- ``staffing-question`` (:class:`StaffingQuestion`): the service and unit, the question, the data sources
  the municipality has, the quality and legal checks it has done, who owns the decision and who must be
  involved;
- ``staffing-choice`` (:class:`StaffingChoice`): the quantile (P50, P80 or P90) and the answers to the three
  questions of the gathering day.

A later phase shows what an earlier one saved: the respondent's own answer, else the latest in the
municipality (a colleague's), else nothing, and the notebook says so. :func:`readiness` tells which data and
checks a question still lacks; which sources a question needs is casekit's suggestion, not a rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import i18n
from ..errors import StaffingError
from ..store import Store, Submission, open_store, rules

QUESTION = "staffing-question"
CHOICE = "staffing-choice"

#: The services a forecast can be made for (the demand series of :mod:`casekit.staffing.demand`).
SERVICES = ("home_care_hours", "nursing_home_hours")
#: The decisions a forecast could inform.
QUESTIONS = ("shifts", "temps", "holidays", "budget")
#: Where the data would come from.
SOURCES = ("rota", "decisions", "visits", "absence", "temps", "alarms", "population")
#: Checks of data quality and legal basis before any data is used.
CHECKS = ("history", "definitions", "aggregate", "legal_basis", "dpia", "access")
#: Who must be involved before a tool is tried.
INVOLVED = ("unit_leader", "union", "safety", "dpo", "hr", "data", "director")
#: The quantiles the gathering day can choose between.
QUANTILES = (0.5, 0.8, 0.9)
#: The three written answers of the gathering day (4b), in their order.
CHOICE_FIELDS = ("decision", "data_trust", "last_word")

#: Which sources each question needs at least (casekit's suggestion, shown as such).
NEEDED: dict[str, tuple[str, ...]] = {
    "shifts": ("rota", "visits", "absence"),
    "temps": ("rota", "absence", "temps"),
    "holidays": ("rota", "decisions", "absence"),
    "budget": ("decisions", "population", "temps"),
}

#: Longest free texts (characters): a name or role, and an answer.
SHORT_TEXT = 120
LONG_TEXT = 1000


@dataclass(frozen=True)
class StaffingQuestion:
    """What the municipality would ask a forecast, with what data, and who decides."""

    service: str
    question: str
    owner: str
    unit: str = ""
    question_text: str = ""
    sources: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    involved: tuple[str, ...] = ()

    def answers(self) -> dict[str, Any]:
        """The answers as saved (lists, not tuples)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class StaffingChoice:
    """The leader group's choices at the gathering day."""

    quantile: float
    decision: str = ""
    data_trust: str = ""
    last_word: str = ""

    def answers(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Readiness:
    """What a question still lacks before a forecast can answer it."""

    needed: tuple[str, ...]
    missing_sources: tuple[str, ...]
    missing_checks: tuple[str, ...]
    union_involved: bool
    extra: tuple[str, ...] = field(default=())  # sources the municipality has beyond the needed ones


def _text(answers: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = answers.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise StaffingError("staffing.error.question_text", field=name, value=repr(value))
    value = value.strip()
    if required and not value:
        raise StaffingError(f"staffing.error.{name}_missing")
    if len(value) > limit:
        raise StaffingError("staffing.error.too_long", field=name, length=len(value), maximum=limit)
    return value


def _choice(answers: Mapping[str, Any], name: str, allowed: tuple[Any, ...]) -> Any:
    value = answers.get(name)
    if value not in allowed:
        raise StaffingError(
            "staffing.error.question_choice",
            field=name,
            value=repr(value),
            choices=", ".join(str(a) for a in allowed),
        )
    return value


def _choices(answers: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = answers.get(name) or []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise StaffingError("staffing.error.question_list", field=name, value=repr(values))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise StaffingError(
            "staffing.error.question_choice",
            field=name,
            value=", ".join(repr(v) for v in unknown),
            choices=", ".join(allowed),
        )
    return tuple(v for v in allowed if v in values)  # the catalogue's order, no duplicates


def check_question(answers: Mapping[str, Any]) -> StaffingQuestion:
    """The answers of ``staffing-question`` as a :class:`StaffingQuestion`, or a StaffingError naming the
    field, the value and the fix. Registered as the store's answer rule for the instrument."""
    return StaffingQuestion(
        service=_choice(answers, "service", SERVICES),
        question=_choice(answers, "question", QUESTIONS),
        owner=_text(answers, "owner", SHORT_TEXT, required=True),
        unit=_text(answers, "unit", SHORT_TEXT),
        question_text=_text(answers, "question_text", LONG_TEXT),
        sources=_choices(answers, "sources", SOURCES),
        checks=_choices(answers, "checks", CHECKS),
        involved=_choices(answers, "involved", INVOLVED),
    )


def check_choice(answers: Mapping[str, Any]) -> StaffingChoice:
    """The answers of ``staffing-choice`` as a :class:`StaffingChoice`; at least one written answer."""
    quantile = answers.get("quantile")
    number = isinstance(quantile, int | float) and not isinstance(quantile, bool)
    if not number or float(quantile) not in QUANTILES:
        raise StaffingError(
            "staffing.error.question_choice",
            field="quantile",
            value=repr(quantile),
            choices=", ".join(str(q) for q in QUANTILES),
        )
    texts = {name: _text(answers, name, LONG_TEXT) for name in CHOICE_FIELDS}
    if not any(texts.values()):
        raise StaffingError("staffing.error.choice_empty")
    return StaffingChoice(quantile=float(quantile), **texts)


rules.register(QUESTION, check_question)
rules.register(CHOICE, check_choice)


def readiness(question: StaffingQuestion) -> Readiness:
    """Which of the sources the question needs are missing, which checks are not done, and whether the
    union representatives are involved."""
    needed = NEEDED[question.question]
    return Readiness(
        needed=needed,
        missing_sources=tuple(s for s in needed if s not in question.sources),
        missing_checks=tuple(c for c in CHECKS if c not in question.checks),
        union_involved="union" in question.involved,
        extra=tuple(s for s in question.sources if s not in needed),
    )


# --- the store ---------------------------------------------------------------------------------------------


def _latest(
    store: Store | str | None, instrument: str, respondent: str | None, municipality: str | None
) -> Submission | None:
    """The respondent's latest final answer, else the municipality's latest."""
    st = open_store(store)
    found = st.latest(respondent, instrument, status="final") if respondent else None
    if found is None and municipality:
        subs = st.submissions(instrument, municipality=municipality, latest="municipality")
        found = subs[-1] if subs else None
    return found


def save_question(
    store: Store | str | None, question: StaffingQuestion, *, respondent: str, municipality: str
) -> Submission:
    """Append the respondent's question (checked again by the store's rule)."""
    if not respondent:
        raise StaffingError("staffing.error.no_respondent")
    return open_store(store).save(
        respondent, QUESTION, question.answers(), status="final", municipality=municipality
    )


def load_question(
    store: Store | str | None, *, respondent: str | None = None, municipality: str | None = None
) -> tuple[StaffingQuestion | None, Submission | None]:
    """The question saved by the respondent, else the municipality's latest; ``(None, None)`` if none."""
    found = _latest(store, QUESTION, respondent, municipality)
    return (check_question(found.answers), found) if found else (None, None)


def save_choice(
    store: Store | str | None, choice: StaffingChoice, *, respondent: str, municipality: str
) -> Submission:
    """Append the leader group's choices (checked again by the store's rule)."""
    if not respondent:
        raise StaffingError("staffing.error.no_respondent")
    return open_store(store).save(
        respondent, CHOICE, choice.answers(), status="final", municipality=municipality
    )


def load_choice(
    store: Store | str | None, *, respondent: str | None = None, municipality: str | None = None
) -> tuple[StaffingChoice | None, Submission | None]:
    """The choices saved by the respondent, else the municipality's latest; ``(None, None)`` if none."""
    found = _latest(store, CHOICE, respondent, municipality)
    return (check_choice(found.answers), found) if found else (None, None)


# --- samples and prefills -----------------------------------------------------------------------------------


def sample_question(language: str | None = None) -> StaffingQuestion:
    """The answer a demonstration starts from (an illustration, in the given language)."""

    def t(key: str) -> str:
        return i18n.t(f"staffing.question.sample.{key}", language=language)

    return StaffingQuestion(
        service="home_care_hours",
        question="shifts",
        owner=t("owner"),
        unit=t("unit"),
        question_text=t("question_text"),
        sources=("rota", "decisions", "absence", "population"),
        checks=("aggregate", "access"),
        involved=("unit_leader", "union", "hr"),
    )


def sample_choice(language: str | None = None) -> StaffingChoice:
    """The gathering-day choices a demonstration starts from (an illustration)."""
    return StaffingChoice(
        quantile=0.8,
        **{name: i18n.t(f"staffing.choice.sample.{name}", language=language) for name in CHOICE_FIELDS},
    )


def prefilled(prefill: str, sample: Any, check: Any) -> Any:
    """What a ``prefill`` parameter asks for: the sample for ``demo``/``sample``, checked answers for a JSON
    object (as the tests pass), else None."""
    text = (prefill or "").strip()
    if text in ("demo", "sample"):
        return sample
    if text.startswith("{"):
        try:
            answers = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StaffingError("staffing.error.prefill", reason=exc.msg) from None
        return check(answers)
    return None
