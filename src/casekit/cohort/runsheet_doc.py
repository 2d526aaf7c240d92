"""A run sheet as a printable page: the trainer's facilitation guide for one step, in the cohort's language.

:func:`runsheet_html` turns a validated :class:`~casekit.cohort.runsheet.RunSheet` into one standalone HTML
page (A4 print CSS, no scripts): purpose and host, the agenda (full or short, shifted to the day's start
time), room set-up, the workbooks participants must have finished (with the cohort's completion figures when
a store is given), talking points with their cases, exercises, debrief questions and what to hand out. Every
text is escaped; everything the run sheet marks as a suggestion says so on the page.

Completion figures are for the trainer: they count, per municipality, the respondents with a final
submission of the instruments behind each workbook, and mark the municipalities whose results the
gathering-day report will not show (fewer than ``min_group_size``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import __version__, casebook, i18n, municipalities, notebooks
from ..errors import CasebookError
from ..privacy import DEFAULT_MIN_GROUP_SIZE, check_min_group_size
from ..store import Store
from ..ui import escape
from .runsheet import AgendaItem, Bullet, Exercise, RunSheet, schedule_for

#: The store instruments each participant workbook saves (a prefix ends in ``*``). Workbooks that save
#: nothing a trainer can count are left out; the page says to check those in the room.
WORKBOOK_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "1a-capabilities": ("capabilities",),
    "1b-life-events": ("life_events",),
    "1c-collaboration-model": ("initiative:*",),
    "2a-competence": ("competence",),
    "2b-leadership-roles": ("notes:roles",),
    "2c-competence-plan": ("competence_plan",),
    "3a-maturity": ("maturity",),
    "3b-maturity-benchmark": ("notes:barriers",),
    "3c-strategy-plan": ("strategy",),
    "4a-radar-explore-vote": ("radar-ballot",),
    "4c-radar-edition": ("radar-edition",),
    "4c-it-architecture-decision": ("architecture",),
}

PRINT_CSS = (
    "@page{size:A4;margin:16mm 14mm}"
    "body{font-family:'Source Sans Pro','Segoe UI',Arial,sans-serif;color:#1a1a1a;font-size:10.5pt;"
    "line-height:1.4;max-width:182mm;margin:1rem auto;padding:0 .5rem}"
    "h1{font-size:19pt;margin:0 0 2px}h2{font-size:13.5pt;color:#0B3D66;margin:16px 0 6px;"
    "border-bottom:1px solid #0B3D66;break-after:avoid}"
    "h3{font-size:11.5pt;margin:10px 0 4px;break-after:avoid}"
    ".sub{color:#444;margin:0 0 10px}table{border-collapse:collapse;width:100%;font-size:9.5pt}"
    "th,td{border-bottom:1px solid #bbb;text-align:left;padding:3px 5px;vertical-align:top}"
    "th{background:#E8F1FA}tr,li,.exercise{break-inside:avoid}"
    ".time{white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".tag{display:inline-block;border:1px solid #555;border-radius:3px;padding:0 4px;font-size:8pt;"
    "color:#333;margin-left:4px;white-space:nowrap}.tag.suggestion{border-style:dashed}"
    ".kind{color:#444;font-size:8.5pt}.break td{color:#555;background:#F4F4F4}"
    "table.agenda td:first-child{width:13%}table.agenda td:nth-child(2){width:37%}"
    ".muted{color:#555}.foot{color:#555;font-size:8.5pt;margin-top:18px;border-top:1px solid #ccc}"
    ".below{font-style:italic}"
)


@dataclass(frozen=True)
class Completion:
    """Respondents with a final submission of a workbook's instruments, per municipality of the cohort."""

    workbook: str
    instruments: tuple[str, ...]
    counts: dict[str, int]  # municipality number -> respondents

    @property
    def municipalities_done(self) -> int:
        return sum(1 for n in self.counts.values() if n > 0)

    @property
    def respondents(self) -> int:
        return sum(self.counts.values())


def completion(store: Store, workbook: str, numbers: list[str]) -> Completion | None:
    """Who has finished ``workbook`` (None when it saves nothing countable)."""
    instruments = WORKBOOK_INSTRUMENTS.get(workbook)
    if not instruments:
        return None
    people: dict[str, set[str]] = {n: set() for n in numbers}
    for instrument in instruments:
        for sub in store.submissions(instrument, status="final"):
            if sub.municipality in people:
                people[sub.municipality].add(sub.respondent)
    return Completion(workbook, instruments, {n: len(p) for n, p in people.items()})


def _t(key: str, language: str, **params: Any) -> str:
    return i18n.t(f"kit.doc.{key}", language=language, **params)


@cache
def case_title(case_id: str, language: str) -> str:
    """The case's title in the casebook (the id when the casebook cannot be read)."""
    try:
        return casebook.get(case_id, language).title
    except CasebookError:  # pragma: no cover - the run sheet validator already checked the id
        return case_id


def workbook_title(workbook: str, language: str) -> str:
    return notebooks.get(workbook).title_in(language)


def _tags(language: str, *, suggestion: bool = False, case: str | None = None, seed: bool = False) -> str:
    tags = []
    if case:
        tags.append(
            f'<span class="tag">{escape(_t("case", language, title=case_title(case, language)))}</span>'
        )
    if seed:
        tags.append(f'<span class="tag">{escape(_t("seed", language))}</span>')
    if suggestion:
        tags.append(f'<span class="tag suggestion">{escape(_t("suggestion", language))}</span>')
    return "".join(tags)


def _bullets(items: list[Bullet], language: str) -> str:
    if not items:
        return f'<p class="muted">{escape(_t("none", language))}</p>'
    lines = "".join(
        f"<li>{escape(b.render(language))}"
        f"{_tags(language, suggestion=b.suggestion, case=b.case, seed=b.source == 'seed')}</li>"
        for b in items
    )
    return f"<ul>{lines}</ul>"


def _agenda_item(start: str, end: str, item: AgendaItem, sheet: RunSheet, language: str) -> str:
    kind = i18n.t(f"kit.kind.{item.kind}", language=language)
    links = []
    if item.exercise:
        links.append(
            _t("see_exercise", language, title=i18n.text(sheet.exercise(item.exercise).title, language))
        )
    if item.report_section:
        links.append(_t("report_section", language, section=section_title(item.report_section, language)))
    notes = escape(i18n.text(item.notes, language)) if item.notes else ""
    extra = "".join(f'<br><span class="kind">{escape(text)}</span>' for text in links)
    css = ' class="break"' if item.kind in ("break", "lunch") else ""
    return (
        f'<tr{css}><td class="time">{start}–{end}</td>'
        f"<td><strong>{escape(i18n.text(item.title, language))}</strong>"
        f'<br><span class="kind">{escape(kind)} · {item.minutes} min</span>'
        f"{_tags(language, suggestion=item.suggestion, case=item.case)}</td><td>{notes}{extra}</td></tr>"
    )


def section_title(section: str, language: str) -> str:
    """A report section's heading as the gathering-day report shows it."""
    key = f"reports.section.{section}"
    return i18n.t(key, language=language) if i18n.has(key, language) else _t(f"section.{section}", language)


def agenda_rows(
    sheet: RunSheet, variant: str, start: dt.time | None = None
) -> list[tuple[str, str, AgendaItem]]:
    """The chosen agenda (``full`` or ``short``; ``full`` for a step without a short one), shifted."""
    chosen = variant if variant in sheet.variants() else "full"
    return schedule_for(sheet, chosen, start)


def _agenda(sheet: RunSheet, variant: str, start: dt.time | None, language: str) -> str:
    rows = "".join(
        _agenda_item(a, b, item, sheet, language) for a, b, item in agenda_rows(sheet, variant, start)
    )
    head = "".join(
        f'<th scope="col">{escape(_t(f"column.{c}", language))}</th>' for c in ("time", "item", "notes")
    )
    return f'<table class="agenda"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _completion_table(figures: Completion, min_group_size: int, language: str) -> str:
    rows = []
    for number, n in figures.counts.items():
        name = municipalities.get(number).display_name()
        shown = (
            _t("shown_yes", language) if n >= min_group_size else _t("shown_no", language, k=min_group_size)
        )
        css = ' class="below"' if n < min_group_size else ""
        rows.append(f"<tr{css}><td>{escape(name)}</td><td>{n}</td><td>{escape(shown)}</td></tr>")
    head = "".join(
        f'<th scope="col">{escape(_t(f"column.{c}", language))}</th>'
        for c in ("municipality", "respondents", "shown")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _requires(
    sheet: RunSheet,
    language: str,
    store: Store | None,
    numbers: list[str],
    min_group_size: int,
) -> str:
    if not sheet.requires:
        return f'<p class="muted">{escape(_t("none", language))}</p>'
    parts = []
    for workbook in sheet.requires:
        name = escape(workbook_title(workbook, language))
        parts.append(f"<h3>{name} <span class='kind'>({escape(workbook)})</span></h3>")
        if store is None:
            parts.append(f'<p class="muted">{escape(_t("no_store", language))}</p>')
            continue
        figures = completion(store, workbook, numbers)
        if figures is None:
            parts.append(f'<p class="muted">{escape(_t("not_countable", language))}</p>')
            continue
        summary = _t(
            "completion",
            language,
            done=figures.municipalities_done,
            total=len(numbers),
            respondents=figures.respondents,
        )
        parts.append(f"<p>{escape(summary)}</p>{_completion_table(figures, min_group_size, language)}")
    return "".join(parts)


def _exercise(exercise: Exercise, language: str) -> str:
    grouping = i18n.t(f"kit.grouping.{exercise.grouping}", language=language)
    meta = f"{exercise.minutes} min · {grouping}"
    if exercise.workbook:
        meta += " · " + _t("workbook", language, title=workbook_title(exercise.workbook, language))
    steps = "".join(f"<li>{escape(b.render(language))}</li>" for b in exercise.instructions)
    return (
        f'<div class="exercise"><h3>{escape(i18n.text(exercise.title, language))}'
        f"{_tags(language, suggestion=exercise.suggestion)}</h3>"
        f'<p class="kind">{escape(meta)}</p><ol>{steps}</ol>'
        f"<p><strong>{escape(_t('output', language))}</strong> "
        f"{escape(i18n.text(exercise.output, language))}</p></div>"
    )


def exercises_in(sheet: RunSheet, variant: str) -> list[Exercise]:
    """The exercises the chosen agenda uses, in agenda order (every exercise when none is on the agenda)."""
    used = [item.exercise for _, _, item in agenda_rows(sheet, variant) if item.exercise]
    chosen = [sheet.exercise(e) for e in dict.fromkeys(used)]
    return chosen or list(sheet.exercises)


def runsheet_html(
    sheet: RunSheet,
    *,
    language: str,
    variant: str = "full",
    start: dt.time | None = None,
    cohort_title: str = "",
    day: dt.date | None = None,
    store: Store | None = None,
    municipality_numbers: list[str] | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> str:
    """The run sheet as one printable HTML page (A4), in ``language``; all text escaped, no scripts."""
    language = i18n.check_language(language)
    min_group_size = check_min_group_size(min_group_size)
    numbers = list(municipality_numbers or [])
    title = i18n.text(sheet.title, language)
    variant_label = _t(f"variant.{variant if variant in sheet.variants() else 'full'}", language)
    if sheet.kind != "gathering":
        variant_label = _t("variant.check_in", language)
    sub = " · ".join(
        p
        for p in (
            cohort_title,
            i18n.format_date(day, language=language) if day else "",
            variant_label,
        )
        if p
    )
    sections = [
        ("purpose", f"<p>{escape(i18n.text(sheet.purpose, language))}</p>"),
        ("host", f"<p>{escape(i18n.text(sheet.host, language))}</p>"),
        ("agenda", _agenda(sheet, variant, start, language)),
        ("room", _bullets(sheet.room, language)),
        ("requires", _requires(sheet, language, store, numbers, min_group_size)),
        ("talking_points", _bullets(sheet.talking_points, language)),
        (
            "exercises",
            "".join(_exercise(e, language) for e in exercises_in(sheet, variant))
            or f'<p class="muted">{escape(_t("none", language))}</p>',
        ),
        ("debrief", _bullets(sheet.debrief, language)),
        ("handout", _bullets(sheet.handout, language)),
    ]
    body = "".join(
        f'<section id="{name}"><h2>{escape(_t(f"heading.{name}", language))}</h2>{html}</section>'
        for name, html in sections
    )
    foot = _t(
        "footer", language, version=__version__, date=i18n.format_date(dt.date.today(), language=language)
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="sub">{escape(sub)}</p></header>{body}'
        f'<p class="foot">{escape(foot)}</p></body></html>'
    )
