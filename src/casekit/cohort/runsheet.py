"""Run sheets: the trainer's facilitation guide for each step of the programme.

One YAML file per step in ``casebook/runsheets/<step>.yaml`` (see the README there): purpose, agenda with
timings (a 6-hour gathering day and a 3-hour variant), room set-up, the workbooks participants must have
finished, talking points tied to the casebook's cases, group exercises with time boxes, debrief questions
and what to hand out. Every text is a ``{nb: …, en: …}`` mapping in every language casekit speaks.

:func:`load` validates a sheet like the casebook is validated: every problem at once, each naming the file
and the place in it, and every referenced workbook, case and report section must exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .. import _paths, i18n, notebooks
from .._yaml import safe_load
from ..errors import RunSheetError
from .gathering import REPORT_SECTIONS

STEPS = tuple(f"{m}{p}" for m in "1234" for p in "abc")
KIND_BY_PHASE = {"a": "prework", "b": "gathering", "c": "followup"}
#: Minutes of a gathering day's two agendas: a 6-hour day (09:00–15:00) and a 3-hour variant.
DAY_MINUTES = {"full": 360, "short": 180}
#: A check-in before or after a gathering day.
CHECK_IN_MINUTES = (30, 60)
LUNCH_MINUTES = (30, 45)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _is_language(key: Any) -> bool:
    """A text's language keys are two-letter codes (``nb``, ``en``, ``nn``); every other key is a flag."""
    return isinstance(key, str) and len(key) == 2 and key.isalpha() and key.islower()


def _text_fields(value: Any) -> Any:
    """A bullet is written as ``{nb: …, en: …, suggestion: true}``: split the texts from the flags."""
    if isinstance(value, dict) and "text" not in value:
        texts = {k: v for k, v in value.items() if _is_language(k)}
        rest = {k: v for k, v in value.items() if not _is_language(k)}
        return {**rest, "text": texts}
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bullet(_Model):
    """One line of text with its flags: ``suggestion`` marks what the seed and casebook do not support."""

    text: dict[str, str]
    suggestion: bool = False
    case: str | None = None
    source: Literal["seed"] | None = None

    _split = model_validator(mode="before")(_text_fields)

    def render(self, language: str) -> str:
        return self.text[language]


class AgendaItem(_Model):
    start: str
    minutes: int = Field(gt=0, le=240)
    kind: Literal[
        "welcome", "talk", "case", "exercise", "report", "break", "lunch", "debrief", "plenary", "closing"
    ]
    title: dict[str, str]
    notes: dict[str, str] | None = None
    exercise: str | None = None
    case: str | None = None
    report_section: str | None = None
    suggestion: bool = False

    @field_validator("start")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError(f"start {value!r} is not a time of day such as 09:00")
        return value

    @property
    def begins(self) -> int:
        hours, minutes = self.start.split(":")
        return int(hours) * 60 + int(minutes)

    @property
    def ends(self) -> str:
        total = self.begins + self.minutes
        return f"{total // 60:02d}:{total % 60:02d}"


class Exercise(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: dict[str, str]
    grouping: Literal["own-leader-group", "mixed-tables", "plenary", "pairs", "individual"]
    minutes: int = Field(gt=0, le=240)
    workbook: str | None = None
    instructions: list[Bullet] = Field(min_length=1)
    output: dict[str, str]
    suggestion: bool = False


class Agenda(_Model):
    full: list[AgendaItem] = Field(min_length=1)
    short: list[AgendaItem] = Field(default_factory=list)


class RunSheet(_Model):
    step: str
    kind: Literal["gathering", "prework", "followup"]
    title: dict[str, str]
    purpose: dict[str, str]
    host: dict[str, str]
    requires: list[str] = Field(default_factory=list)
    report: str | None = None
    room: list[Bullet] = Field(default_factory=list)
    agenda: Agenda
    talking_points: list[Bullet] = Field(default_factory=list)
    exercises: list[Exercise] = Field(default_factory=list)
    debrief: list[Bullet] = Field(default_factory=list)
    handout: list[Bullet] = Field(default_factory=list)

    @field_validator("step", mode="before")
    @classmethod
    def _step(cls, value: Any) -> str:
        return str(value)

    @property
    def module(self) -> int:
        return int(self.step[0])

    @property
    def phase(self) -> str:
        return self.step[1]

    def exercise(self, exercise_id: str) -> Exercise:
        return next(e for e in self.exercises if e.id == exercise_id)

    def variants(self) -> dict[str, list[AgendaItem]]:
        """The agendas this sheet has: ``full``, and ``short`` for a gathering day."""
        return {
            name: items for name, items in (("full", self.agenda.full), ("short", self.agenda.short)) if items
        }


def folder() -> Path:
    """Where the shipped run sheets live."""
    return _paths.casebook_dir() / "runsheets"


@cache
def case_ids() -> frozenset[str]:
    """The casebook's case ids (a case exists in every language, or the casebook check fails)."""
    return frozenset(p.stem for p in (_paths.casebook_dir() / "nb" / "cases").glob("*.md"))


def _problem(file: str, where: str, key: str, **params: Any) -> RunSheetError:
    return RunSheetError(key, file=file, where=where, **params)


def _check_texts(value: Any, where: str, file: str, problems: list[RunSheetError]) -> None:
    """Every ``{nb: …, en: …}`` mapping has every language, none empty."""
    languages = i18n.available_languages()
    if isinstance(value, dict) and value and all(_is_language(k) for k in value):
        missing = [code for code in languages if not str(value.get(code) or "").strip()]
        if missing:
            problems.append(_problem(file, where, "kit.error.missing_language", languages=", ".join(missing)))
        return
    if isinstance(value, dict):
        for key, inner in value.items():
            _check_texts(inner, f"{where}.{key}" if where else str(key), file, problems)
    elif isinstance(value, list):
        for i, inner in enumerate(value, start=1):
            _check_texts(inner, f"{where}[{i}]", file, problems)


def _check_agenda(sheet: RunSheet, file: str, problems: list[RunSheetError]) -> None:
    for name, items in sheet.variants().items():
        for before, after in itertools.pairwise(items):
            if after.begins != before.begins + before.minutes:
                problems.append(
                    _problem(file, f"agenda.{name}", "kit.error.gap", before=before.ends, after=after.start)
                )
        total = items[-1].begins + items[-1].minutes - items[0].begins
        if sheet.kind == "gathering":
            if total != DAY_MINUTES[name]:
                problems.append(
                    _problem(
                        file,
                        f"agenda.{name}",
                        "kit.error.day_length",
                        minutes=total,
                        expected=DAY_MINUTES[name],
                    )
                )
            kinds = [i.kind for i in items]
            if name == "full" and (kinds.count("break") < 2 or kinds.count("lunch") != 1):
                problems.append(_problem(file, "agenda.full", "kit.error.breaks"))
            lunch = [i.minutes for i in items if i.kind == "lunch"]
            if lunch and not LUNCH_MINUTES[0] <= lunch[0] <= LUNCH_MINUTES[1]:
                problems.append(_problem(file, f"agenda.{name}", "kit.error.lunch", minutes=lunch[0]))
            if not any(i.report_section for i in items):
                problems.append(_problem(file, f"agenda.{name}", "kit.error.no_report"))
        elif not CHECK_IN_MINUTES[0] <= total <= CHECK_IN_MINUTES[1]:
            problems.append(_problem(file, "agenda.full", "kit.error.check_in", minutes=total))
    if sheet.kind != "gathering" and sheet.agenda.short:
        problems.append(_problem(file, "agenda.short", "kit.error.short_only_gathering"))


def _check_references(sheet: RunSheet, file: str, problems: list[RunSheetError]) -> None:
    exercises = {e.id for e in sheet.exercises}
    sections = REPORT_SECTIONS.get(sheet.step, ())
    for name, items in sheet.variants().items():
        for n, item in enumerate(items, start=1):
            where = f"agenda.{name}[{n}]"
            if item.exercise and item.exercise not in exercises:
                problems.append(_problem(file, where, "kit.error.unknown_exercise", value=item.exercise))
            if item.report_section and item.report_section not in sections:
                problems.append(
                    _problem(
                        file,
                        where,
                        "kit.error.unknown_section",
                        value=item.report_section,
                        choices=", ".join(sections) or "–",
                    )
                )
    for where, case in _cases(sheet):
        if case not in case_ids():
            problems.append(_problem(file, where, "kit.error.unknown_case", value=case))
    workbooks = [("requires", w) for w in sheet.requires]
    workbooks += [(f"exercises.{e.id}", e.workbook) for e in sheet.exercises if e.workbook]
    for where, workbook in workbooks:
        if workbook not in _notebooks():
            problems.append(_problem(file, where, "kit.error.unknown_workbook", value=workbook))
    if sheet.kind == "gathering":
        info = _notebooks().get(sheet.report or "")
        if info is None or info.audience != "trainer":
            problems.append(_problem(file, "report", "kit.error.unknown_report", value=sheet.report or ""))


def _notebooks() -> dict[str, notebooks.NotebookInfo]:
    return {info.id: info for info in notebooks.catalogue()}


def _cases(sheet: RunSheet) -> list[tuple[str, str]]:
    found = [
        (f"agenda.{n}[{i}]", item.case)
        for n, items in sheet.variants().items()
        for i, item in enumerate(items, start=1)
        if item.case
    ]
    found += [(f"talking_points[{i}]", b.case) for i, b in enumerate(sheet.talking_points, start=1) if b.case]
    return [(where, case) for where, case in found if case]


def read(path: str | Path) -> RunSheet:
    """Read and validate one run sheet; a RunSheetError lists every problem with its place."""
    path = Path(path)
    file = path.name
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RunSheetError("kit.error.unreadable", file=str(path), reason=str(exc).splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise RunSheetError("kit.error.not_mapping", file=str(path))
    problems: list[RunSheetError] = []
    _check_texts(raw, "", file, problems)
    try:
        sheet = RunSheet.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"] if p not in ("function-after[_clock(), str]",))
            problems.append(_problem(file, where, "kit.error.field", reason=error["msg"]))
        raise RunSheetError(
            "kit.error.invalid", problems=problems, file=str(path), count=len(problems)
        ) from None
    if sheet.step != path.stem or sheet.step not in STEPS:
        problems.append(_problem(file, "step", "kit.error.step", value=sheet.step, expected=path.stem))
    elif sheet.kind != KIND_BY_PHASE[sheet.phase]:
        problems.append(
            _problem(file, "kind", "kit.error.kind", value=sheet.kind, expected=KIND_BY_PHASE[sheet.phase])
        )
    _check_agenda(sheet, file, problems)
    _check_references(sheet, file, problems)
    if problems:
        raise RunSheetError("kit.error.invalid", problems=problems, file=str(path), count=len(problems))
    return sheet


def load(step: str, base: str | Path | None = None) -> RunSheet:
    """The run sheet of ``step`` (``"3b"``)."""
    text = str(step).strip().lower()
    if text not in STEPS:
        raise RunSheetError("kit.error.unknown_step", value=step, choices=", ".join(STEPS))
    path = Path(base or folder()) / f"{text}.yaml"
    if not path.is_file():
        raise RunSheetError("kit.error.missing_sheet", step=text, file=str(path))
    return read(path)


def validate_all(base: str | Path | None = None) -> dict[str, RunSheet]:
    """Every step's run sheet, validated; all problems of all files in one error."""
    sheets: dict[str, RunSheet] = {}
    problems: list[RunSheetError] = []
    for step in STEPS:
        try:
            sheets[step] = load(step, base)
        except RunSheetError as exc:
            problems.extend(exc.problems or [exc])
    if problems:
        raise RunSheetError(
            "kit.error.invalid", problems=problems, file=str(base or folder()), count=len(problems)
        )
    return sheets


def schedule_for(
    sheet: RunSheet, variant: str, start: dt.time | None = None
) -> list[tuple[str, str, AgendaItem]]:
    """The agenda as (from, to, item), shifted to begin at ``start`` (a day may begin at 09:30)."""
    items = sheet.variants()[variant]
    shift = 0 if start is None else start.hour * 60 + start.minute - items[0].begins
    rows = []
    for item in items:
        begins = item.begins + shift
        ends = begins + item.minutes
        rows.append((f"{begins // 60:02d}:{begins % 60:02d}", f"{ends // 60:02d}:{ends % 60:02d}", item))
    return rows
