"""Cohort-level views for the gathering-day report: participation across municipalities.

These functions read the store and apply the privacy rule: a group smaller than ``min_group_size`` is shown
as suppressed, never as a number that could identify people (the setting is checked by
:func:`casekit.privacy.check_min_group_size`). A record the report cannot show (one saved past the
store's limits, say) is left out and counted on the report; it never stops the report for everyone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import assessment, i18n, municipalities, theme
from ..errors import CasekitError
from ..planning.model import make_initiative
from ..planning.tracker import PREFIX as INITIATIVE_PREFIX
from ..privacy import DEFAULT_MIN_GROUP_SIZE, check_min_group_size
from ..radar.charts import plot_radar
from ..radar.sample import sample_radar
from ..radar.tables import disagreements
from ..radar.votes import ballots_frame, county_from_ballots, load_ballots
from ..store import open_store
from ..ui import HTMLBlock, escape, message_html, table

#: Initiatives are stored as instrument ``initiative:<id>`` (see :mod:`casekit.planning`).

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from ..store import Store


#: The sections of the gathering-day report, by step, in the order they are shown (run sheets refer to them).
REPORT_SECTIONS: dict[str, tuple[str, ...]] = {
    "1b": ("participation", "capabilities", "initiatives"),
    "2b": ("participation", "competence", "initiatives"),
    "3b": ("participation", "maturity", "initiatives"),
    "4b": ("participation", "radar", "initiatives"),
}


def participation(
    store: Store,
    municipality_numbers: Iterable[str],
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> pd.DataFrame:
    """One row per municipality: name, county, and per instrument the number of respondents with a final
    submission. Counts below ``min_group_size`` (but above zero) are suppressed (``None``)."""
    import pandas as pd

    min_group_size = check_min_group_size(min_group_size)
    numbers = list(municipality_numbers)
    subs = store.submissions(status="final")
    counts: dict[tuple[str, str], set[str]] = {}
    for s in subs:
        if s.municipality in numbers:
            counts.setdefault((s.municipality, s.instrument.split(":", 1)[0]), set()).add(s.respondent)
    instruments = sorted({k[1] for k in counts})
    rows = []
    for number in numbers:
        m = municipalities.get(number)
        row: dict[str, Any] = {"municipality": number, "name": m.display_name(), "county": m.county_name}
        for inst in instruments:
            n = len(counts.get((number, inst), ()))
            row[inst] = n if n == 0 or n >= min_group_size else None
        rows.append(row)
    return pd.DataFrame(rows, columns=["municipality", "name", "county", *instruments])


def participation_by_county(table: pd.DataFrame) -> pd.DataFrame:
    """One row per county of a :func:`participation` table: the number of municipalities and, per
    instrument, the share (0–1) of them whose result can be shown (enough respondents). Built from what
    the municipal table already shows, so it reveals no suppressed count."""
    import pandas as pd

    instruments = _instruments(table)
    rows = []
    for county, part in table.groupby("county", sort=False):
        row: dict[str, Any] = {"county": county, "municipalities": len(part)}
        for inst in instruments:
            shown = pd.to_numeric(part[inst], errors="coerce").fillna(0) > 0
            row[inst] = float(shown.sum()) / len(part)
        rows.append(row)
    return pd.DataFrame(rows, columns=["county", "municipalities", *instruments])


def participation_chart(table: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """A dot per municipality and instrument, side by side; suppressed groups are hollow grey rings at 0.
    A cohort of more than :data:`casekit.theme.MAX_MUNICIPALITY_ROWS` municipalities is drawn per county
    instead: the share of each county's municipalities with a result that can be shown."""

    by_county = len(table) > theme.MAX_MUNICIPALITY_ROWS
    frame = participation_by_county(table) if by_county else table
    labels = (
        [f"{r.county} ({r.municipalities})" for r in frame.itertuples()] if by_county else list(frame["name"])
    )
    ax = theme.axes(ax, size=(11.0, max(4.0, 0.45 * len(frame) + 1.8)))
    rows = list(range(len(frame)))
    instruments = _instruments(table)
    for i, inst in enumerate(instruments):
        offset = (i - (len(instruments) - 1) / 2) * 0.8 / max(len(instruments), 1)
        colour = theme.QUALITATIVE[i % len(theme.QUALITATIVE)]
        values = frame[inst]
        shown = [(v, r + offset) for v, r in zip(values, rows) if v == v and v is not None]
        hidden = [r + offset for v, r in zip(values, rows) if v != v or v is None]
        key = f"reports.instrument.{inst}"
        label = i18n.t(key, language=language) if i18n.has(key, language) else inst
        ax.scatter([v for v, _ in shown], [y for _, y in shown], color=colour, s=70, zorder=3, label=label)
        ax.scatter([0] * len(hidden), hidden, facecolors="none", edgecolors=theme.ROLE["benchmark"], s=70)
    ax.set_yticks(rows, labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    part = "reports.participation_county" if by_county else "reports.participation"
    if by_county:
        ax.set_xlim(-0.03, 1.03)
        ax.xaxis.set_major_formatter(theme.number_formatter(0, language, percent=True))
    ax.set_xlabel(i18n.t(f"{part}.axis", language=language))
    theme.title(
        ax,
        i18n.t(f"{part}.title", language=language),
        i18n.t(f"{part}.subtitle", language=language, k=len(table)),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def _instruments(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in ("municipality", "name", "county", "municipalities")]


def cohort_county(municipality_numbers: Iterable[str]) -> str:
    """The county number when every municipality of the cohort is in one county, else an empty string."""
    counties = {municipalities.get(n).county_number for n in municipality_numbers}
    return counties.pop() if len(counties) == 1 else ""


@dataclass
class GatheringReport:
    """The gathering-day report in its three parts, in the order they are shown: participation, the step's
    results (capabilities, competence, maturity or the radar) and the initiatives across municipalities."""

    step: str
    participation: list[Any] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    initiatives: list[Any] = field(default_factory=list)

    def parts(self) -> list[Any]:
        return [*self.participation, *self.results, *self.initiatives]


def gathering_sections(
    store_url: str,
    municipality_numbers: Iterable[str],
    step: str,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> GatheringReport:
    """What the trainer shows on a gathering day, in its three parts (see :class:`GatheringReport`).

    ``1b`` capabilities, ``2b`` competence, ``3b`` maturity (today and ambition), ``4b`` the county radar
    and where municipalities disagree. Every part hides groups under ``min_group_size``; none falls back to
    sample data, so an empty store shows as empty. A part that cannot be shown says why, and the report
    goes on with the next."""

    min_group_size = check_min_group_size(min_group_size)
    store = open_store(store_url or None)
    numbers = list(municipality_numbers) or sorted(
        {s.municipality for s in store.submissions() if s.municipality}
    )
    table = participation(store, numbers, min_group_size=min_group_size, language=language)
    report = GatheringReport(step, participation=[_Drawn(participation_chart, table, language=language)])
    county = cohort_county(numbers) or None
    report.results = _guarded(
        language, _step_parts, store_url, store, numbers, step, county, min_group_size, language
    )
    report.initiatives = _guarded(language, initiatives_across, store, numbers, language=language)
    return report


def _guarded(shown_in: str | None, build: Any, *args: Any, **kwargs: Any) -> list[Any]:
    """The parts ``build`` makes, or a note (in language ``shown_in``) saying why they could not be shown."""
    try:
        return build(*args, **kwargs)
    except CasekitError as exc:
        return [ui_message(i18n.t("reports.section_failed", language=shown_in, reason=exc.message(shown_in)))]


def _step_parts(
    store_url: str,
    store: Store,
    numbers: list[str],
    step: str,
    county: str | None,
    min_group_size: int,
    language: str | None,
) -> list[Any]:
    """The step's results: capabilities, competence or maturity from the assessment, or the radar."""
    parts: list[Any] = []
    instrument = {"1b": "capabilities", "2b": "competence", "3b": "maturity"}.get(step)
    if instrument:
        data = assessment.assessment_data(
            store_url, instrument, county=county, min_group_size=min_group_size, fallback=None
        )
        parts.append(_heading(i18n.t(f"reports.section.{instrument}", language=language)))
        if instrument == "competence":
            parts.append(assessment.competence_profile_view(data, language=language))
        elif instrument == "maturity":
            for perspective in ("today", "ambition"):
                parts.append(
                    _Drawn(assessment.cohort_heatmap, data, perspective=perspective, language=language)
                )
        else:
            parts.append(_Drawn(assessment.cohort_heatmap, data, language=language))
    if step == "4b":
        parts.extend(_radar_parts(store, numbers, min_group_size, language))
    return parts


def _radar_parts(store: Store, numbers: list[str], min_group_size: int, language: str | None) -> list[Any]:
    ballots = [b for b in load_ballots(store) if b.municipality in numbers]
    parts: list[Any] = [_heading(i18n.t("reports.section.radar", language=language))]
    result = (
        county_from_ballots(
            ballots_frame(ballots),
            sample_radar(),
            min_group_size=min_group_size,
            language=language,
        )
        if ballots
        else None
    )
    if result is None:
        parts.append(ui_message(i18n.t("reports.radar.none", language=language)))
    else:
        parts.append(_Drawn(plot_radar, result.radar, language=language))
        parts.append(disagreements(result, language=language))
    return parts


def gathering_report(
    store_url: str,
    municipality_numbers: Iterable[str],
    step: str,
    *,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> list[Any]:
    """Every part of :func:`gathering_sections` in one list, in the order they are shown."""
    return gathering_sections(
        store_url, municipality_numbers, step, min_group_size=min_group_size, language=language
    ).parts()


def initiatives_across(
    store: Store, municipality_numbers: Iterable[str], *, language: str | None = None
) -> list[Any]:
    """Every municipality's initiatives in one table: municipality, initiative, goal, horizon and status.
    Free text is escaped by the table. Nothing is shown when no municipality has saved an initiative. An
    initiative that cannot be shown (saved past the store's limits, or no longer valid) is left out and
    counted in a note under the table."""

    rows = []
    skipped = 0
    for number in municipality_numbers:
        name = municipalities.get(number).display_name()
        shown, left_out = _initiatives_of(store, number)
        skipped += left_out
        for item in shown:
            rows.append(
                [
                    name,
                    item.label,
                    item.goal,
                    i18n.t(f"planning.horizon.{item.horizon}", language=language),
                    i18n.t(f"planning.status.{item.status}", language=language),
                ]
            )
    parts: list[Any] = []
    if rows:
        columns = [i18n.t("programme.column.municipality", language=language)] + [
            i18n.t(f"planning.field.{c}", language=language) for c in ("title", "goal", "horizon", "status")
        ]
        parts += [_heading(i18n.t("reports.section.initiatives", language=language)), table(columns, rows)]
    if skipped:
        parts.append(ui_message(i18n.t("reports.skipped_records", language=language, count=skipped)))
    return parts


def _initiatives_of(store: Store, number: str) -> tuple[list[Any], int]:
    """The current state of each of a municipality's initiatives that can be shown, and how many could
    not (each one checked on its own, so one bad record hides nothing else)."""
    newest: dict[str, Any] = {}
    for sub in store.submissions(INITIATIVE_PREFIX + "*", municipality=number, latest=False):
        newest[sub.instrument] = sub  # a dict keeps each initiative where it first appeared
    shown, skipped = [], 0
    for sub in newest.values():
        if _breaks_limits(sub.answers, store.limits.max_value_bytes):
            skipped += 1
            continue
        try:
            shown.append(make_initiative(dict(sub.answers), id=sub.instrument[len(INITIATIVE_PREFIX) :]))
        except CasekitError:
            skipped += 1
    return shown, skipped


def _breaks_limits(answers: dict[str, Any], max_value_bytes: int) -> bool:
    return any(len(json.dumps(v, ensure_ascii=False).encode()) > max_value_bytes for v in answers.values())


class _Drawn:
    """A chart drawn when displayed, so a notebook cell shows it in order among the other parts."""

    def __init__(self, func: Any, *args: Any, **kwargs: Any) -> None:
        self.func, self.args, self.kwargs = func, args, kwargs

    def _ipython_display_(self) -> None:  # pragma: no cover - runs inside a kernel
        import matplotlib.pyplot as plt
        from IPython.display import display

        result = self.func(*self.args, **self.kwargs)
        figure = getattr(result, "figure", None) or plt.gcf()
        display(figure)
        plt.close(figure)


def _heading(text: str) -> Any:

    return HTMLBlock(f"<h2>{escape(text)}</h2>")


def ui_message(text: str) -> Any:

    return HTMLBlock(message_html(text, "info"))


def report_title(title: str, step: str, *, language: str | None = None) -> Any:
    """The report's heading: the cohort's title, the module and the phase."""

    module = i18n.t(f"programme.module_by_number.{step[:1]}", language=language) if step[:1] in "1234" else ""
    phase = i18n.t(f"programme.phase.{step[1:]}", language=language) if step[1:] in ("a", "b", "c") else ""
    sub = " · ".join(p for p in (module, phase) if p)
    return HTMLBlock(
        f"<h1>{escape(title)}</h1><p><strong>{escape(sub)}</strong></p>"
        if title
        else f"<p><strong>{escape(sub)}</strong></p>"
    )


def show(parts: list[Any]) -> None:  # pragma: no cover - runs inside a kernel
    """Display the parts of a report in order."""
    from IPython.display import display

    for part in parts:
        display(part)
