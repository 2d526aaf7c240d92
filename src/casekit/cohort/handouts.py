"""A municipality's handout: what its leader group takes home from a gathering day, as a printable page.

One page per municipality (A4, printed to PDF by :mod:`casekit.cohort.pdf`): its digital maturity today and
its ambition, its place in the capabilities 2×2, the leader group's competence gaps, the leader group's
radar, its one-page strategy and its initiatives.

Privacy: every group result follows the cohort's ``min_group_size`` (default 5, floor 3). The leader group's
own results are shown only when at least that many of them answered; otherwise the section says "not shown:
fewer than N answered". Figures about others come only through the benchmark's privacy rules (the cohort
mean when it is safe against subtraction) or, in the 2×2, as unnamed dots for municipalities with enough
respondents. The handout never names another municipality.

Charts are drawn in print colours that differ in lightness as well as hue, with dark outlines, so the page
reads in greyscale; every chart also carries its values or labels as text.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import __version__, i18n, municipalities, theme, ui
from ..assessment import charts as assessment_charts
from ..assessment.benchmark import cohort_profile
from ..assessment.model import load_instrument
from ..assessment.scoring import profile
from ..assessment.workbook import AssessmentData
from ..errors import CasekitError
from ..planning.onepage import one_page_html
from ..planning.strategy import load_strategy, protect
from ..planning.tracker import initiatives
from ..planning.views import initiative_table
from ..privacy import check_min_group_size
from ..radar.charts import plot_radar
from ..radar.layout import layout
from ..radar.sample import sample_radar
from ..radar.votes import group_radar, load_ballots
from ..store import Store, open_store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

#: Colours for print: the two ends of a dumbbell differ in lightness too (a dark navy blue and Okabe & Ito's
#: orange, 5:1 apart), so "today" and "ambition" stay apart on a greyscale printer. Markers get dark outlines.
PRINT_ROLES = {"today": "#0B3D66", "ambition": theme.PALETTE["orange"]}
OUTLINE = "#222222"
DPI = 96

HANDOUT_CSS = (
    "@page{size:A4;margin:14mm 13mm}"
    "body{font-family:'Source Sans Pro','Segoe UI',Arial,sans-serif;color:#1a1a1a;font-size:10.5pt;"
    "line-height:1.4;max-width:184mm;margin:1rem auto;padding:0 .5rem}"
    "h1{font-size:19pt;margin:0}h2{font-size:13.5pt;color:#0B3D66;border-bottom:1px solid #0B3D66;"
    "margin:16px 0 6px;break-after:avoid}h3{font-size:11pt;margin:8px 0 4px}"
    ".sub{color:#444;margin:2px 0 8px}.privacy{border:1px solid #0B3D66;padding:6px 10px;margin:8px 0}"
    "figure{margin:6px 0;break-inside:avoid;page-break-inside:avoid}figure img{width:100%;height:auto}"
    "figure.half{width:62%;margin:6px auto}.rings{font-size:9pt;padding-left:1.2em}"
    "figcaption{font-size:9pt;color:#333}"
    ".note{border-left:4px solid #555;padding:4px 10px;background:#F2F2F2}"
    "table{border-collapse:collapse;width:100%;font-size:8.5pt;table-layout:fixed}"
    "td,th{overflow-wrap:anywhere;hyphens:auto}th,td{border-bottom:1px solid #bbb;"
    "text-align:left;padding:3px 5px;vertical-align:top}th{background:#E8F1FA}tr{break-inside:avoid}"
    "section{break-inside:auto}.strategy h1{font-size:13pt}.strategy h2{font-size:11.5pt;border:0}"
    ".foot{color:#555;font-size:8.5pt;margin-top:16px;border-top:1px solid #ccc}"
)


@dataclass(frozen=True)
class HandoutSource:
    """What a handout is made from (picklable, so a worker process can build it)."""

    store_url: str
    numbers: tuple[str, ...]
    min_group_size: int
    language: str
    cohort_title: str = ""
    fingerprint: str = ""  # the store's state: a new submission makes cached cohort data stale


def _t(key: str, language: str, **params: Any) -> str:
    return i18n.t(f"kit.handout.{key}", language=language, **params)


@contextmanager
def print_colours() -> Iterator[None]:
    """Draw with :data:`PRINT_ROLES` (the theme's roles are read when a chart is drawn)."""
    saved = {k: theme.ROLE[k] for k in PRINT_ROLES}
    theme.ROLE.update(PRINT_ROLES)
    try:
        yield
    finally:
        theme.ROLE.update(saved)


def _outline(ax: Axes) -> None:
    for collection in ax.collections:
        if hasattr(collection, "set_edgecolor") and len(collection.get_offsets()):
            collection.set_edgecolor(OUTLINE)
            collection.set_linewidth(0.8)


def figure(draw: Callable[[Axes], Any], size: tuple[float, float], alt: str, css: str = "") -> str:
    """A chart as an ``<img>`` with embedded PNG, drawn off screen in print colours."""

    def drawn(ax: Axes) -> None:
        draw(ax)
        _outline(ax)

    with print_colours():
        png = ui.png(drawn, size, dpi=DPI)
    data = base64.b64encode(png).decode("ascii")
    return f'<figure class="{css}"><img alt="{ui.escape(alt)}" src="data:image/png;base64,{data}"></figure>'


def note(text: str) -> str:
    return f'<p class="note">{ui.escape(text)}</p>'


# --- the cohort's data, read once per worker process -------------------------------------------------------


@lru_cache(maxsize=8)
def cohort_data(source: HandoutSource, instrument: str) -> AssessmentData:
    """The cohort's final answers to ``instrument`` (never sample data: an empty store is empty)."""
    inst = load_instrument(instrument)
    answers = open_store(source.store_url or None).answers(inst.id, status="final")
    answers = answers[answers["municipality"].isin(source.numbers)].reset_index(drop=True)
    return AssessmentData(inst, answers, min_group_size=check_min_group_size(source.min_group_size))


def not_shown(source: HandoutSource) -> str:
    return note(_t("not_shown", source.language, k=source.min_group_size))


# --- the sections -------------------------------------------------------------------------------------------


def _cohort_benchmark(data: AssessmentData, number: str, language: str) -> pd.DataFrame | None:
    """The cohort's mean per dimension and perspective where the benchmark's privacy rules allow it."""
    import pandas as pd

    columns: dict[str, dict[str, float]] = {}
    for perspective in data.instrument.perspective_ids:
        rows = data.benchmark(perspective).for_municipality(number, language=language)
        rows = rows[rows["group"] == "cohort"]
        columns[perspective] = {r.dimension: (r.mean if r.shown else np.nan) for r in rows.itertuples()}
    frame = pd.DataFrame(columns)
    if frame.empty or frame.isna().all().all():
        return None
    return frame.rename_axis("dimension").reset_index()


def _largest_gaps(own: pd.DataFrame, language: str, count: int = 2) -> str:
    ranked = own.dropna(subset=["gap"]).sort_values("gap", ascending=False).head(count)
    if ranked.empty:
        return ""
    items = "; ".join(
        f"{r.label} ({i18n.format_number(r.gap, decimals=1, language=language)})" for r in ranked.itertuples()
    )
    return f"<p>{ui.escape(_t('largest_gaps', language, items=items))}</p>"


def maturity_section(source: HandoutSource, number: str) -> str:
    language = source.language
    data = cohort_data(source, "maturity")
    n = data.group_size(number)
    if n == 0:
        return note(_t("no_answers", language))
    if n < source.min_group_size:
        return not_shown(source)
    own = profile(data.group(number), data.instrument, language=language)
    bench = _cohort_benchmark(data, number, language)
    chart = figure(
        lambda ax: assessment_charts.dumbbell(
            own,
            benchmark=bench,
            benchmark_label=i18n.t("assessment.group.cohort", language=language),
            instrument=data.instrument,
            ax=ax,
            language=language,
            title=_t("maturity_title", language),
            subtitle=_t("respondents", language, n=n),
        ),
        (10.0, 6.0),
        _t("maturity_title", language),
    )
    return chart + _largest_gaps(own, language)


def grid_points(source: HandoutSource, number: str) -> pd.DataFrame:
    """The 2×2's points: the municipality (``municipality``) and, unnamed, every other municipality of the
    cohort with at least ``min_group_size`` respondents (``benchmark``). A small group is never drawn."""
    import pandas as pd

    data = cohort_data(source, "capabilities")
    inst = data.instrument
    grid = inst.grid
    points = []
    for other in source.numbers:
        if grid is None or data.group_size(other) < source.min_group_size:
            continue
        values = profile(data.group(other), inst).set_index("dimension")[inst.perspective_ids[0]]
        kind = "municipality" if other == number else "benchmark"
        points.append({"x": values.get(grid.x, np.nan), "y": values.get(grid.y, np.nan), "kind": kind})
    return pd.DataFrame(points, columns=["x", "y", "kind"])


def capabilities_section(source: HandoutSource, number: str) -> str:
    language = source.language
    data = cohort_data(source, "capabilities")
    inst = data.instrument
    grid = inst.grid
    n = data.group_size(number)
    if n == 0 or grid is None:
        return note(_t("no_answers", language))
    if n < source.min_group_size:
        return not_shown(source)
    frame = grid_points(source, number)
    own = frame[frame["kind"] == "municipality"].iloc[0]
    chart = figure(
        lambda ax: assessment_charts.capability_grid(frame, instrument=inst, ax=ax, language=language),
        (7.0, 6.6),
        i18n.t("assessment.chart.grid_title", language=language),
        css="half",
    )
    if np.isnan(own["x"]) or np.isnan(own["y"]):
        return chart
    quadrant = grid.quadrant(own["x"], own["y"])
    where = _t(
        "quadrant",
        language,
        quadrant=i18n.text(quadrant.label, language),
        x=i18n.format_number(own["x"], decimals=1, language=language),
        y=i18n.format_number(own["y"], decimals=1, language=language),
    )
    return (
        chart
        + f"<p><strong>{ui.escape(where)}</strong> {ui.escape(i18n.text(quadrant.description, language))}</p>"
    )


def competence_section(source: HandoutSource, number: str) -> str:
    language = source.language
    data = cohort_data(source, "competence")
    n = data.group_size(number)
    if n == 0:
        return note(_t("no_answers", language))
    if n < source.min_group_size:
        return not_shown(source)
    group = cohort_profile(
        data.group(number), data.instrument, min_group_size=source.min_group_size, language=language
    )
    chart = figure(
        lambda ax: assessment_charts.dumbbell(
            group,
            instrument=data.instrument,
            ax=ax,
            language=language,
            title=_t("competence_title", language),
            subtitle=_t("respondents", language, n=n),
        ),
        (10.0, 0.5 * len(group) + 3.0),
        _t("competence_title", language),
    )
    return chart + _largest_gaps(group, language, count=3)


def radar_section(source: HandoutSource, number: str, store: Store) -> str:
    language = source.language
    ballots = load_ballots(store, municipality=number)
    voters = {b.respondent for b in ballots}
    if not voters:
        return note(_t("no_answers", language))
    if len(voters) < source.min_group_size:
        return not_shown(source)
    result = group_radar(ballots, sample_radar(), min_group_size=source.min_group_size, language=language)
    chart = figure(
        lambda ax: plot_radar(result.radar, ax=ax, language=language, legend=False),
        (8.0, 8.0),
        _t("radar_title", language),
        css="half",
    )
    again = result.discuss_again()
    text = (
        _t("discuss_again", language, items=", ".join(again)) if again else _t("no_discuss_again", language)
    )
    return chart + _ring_lines(result.radar, language) + f"<p>{ui.escape(text)}</p>"


def _ring_lines(radar: Any, language: str) -> str:
    """One line per ring with the numbered technologies in it, the numbers as drawn on the radar."""
    rings: dict[str, list[str]] = {}
    for placement in sorted(layout(radar).placements, key=lambda p: p.number):
        rings.setdefault(placement.blip.ring, []).append(
            f"{placement.number} {placement.blip.label(language)}"
        )
    lines = "".join(
        f"<li><strong>{ui.escape(ring.label_in(language))}:</strong> "
        f"{ui.escape(', '.join(rings[ring.key]))}</li>"
        for ring in radar.config.rings
        if ring.key in rings
    )
    return f'<ul class="rings">{lines}</ul>'


def _body_of(page: str) -> str:
    start, end = page.find("<body>"), page.rfind("</body>")
    return page[start + len("<body>") : end] if start >= 0 and end > start else ""


def strategy_section(source: HandoutSource, number: str, store: Store) -> str:
    language = source.language
    strategy = load_strategy(store, number)
    if strategy is None:
        return note(_t("no_strategy", language))
    data = cohort_data(source, "maturity")
    own = profile(data.group(number), data.instrument, language=language) if data.group_size(number) else None
    safe = protect(own, source.min_group_size) if own is not None else None
    page = one_page_html(strategy, initiatives(store, number), safe, language=language)
    return f'<div class="strategy">{_body_of(page)}</div>'


def initiatives_section(source: HandoutSource, number: str, store: Store) -> str:
    frame = initiatives(store, number)
    if frame.empty:
        return note(_t("no_initiatives", source.language))
    return str(initiative_table(frame, language=source.language))


SECTIONS = ("maturity", "capabilities", "competence", "radar", "strategy", "initiatives")


def handout_body(source: HandoutSource, number: str) -> str:
    """Every section of a municipality's handout as HTML (charts embedded); the same for every step."""
    store = open_store(source.store_url or None)
    builders: dict[str, Callable[[], str]] = {
        "maturity": lambda: maturity_section(source, number),
        "capabilities": lambda: capabilities_section(source, number),
        "competence": lambda: competence_section(source, number),
        "radar": lambda: radar_section(source, number, store),
        "strategy": lambda: strategy_section(source, number, store),
        "initiatives": lambda: initiatives_section(source, number, store),
    }
    parts = []
    for name in SECTIONS:
        try:
            content = builders[name]()
        except CasekitError as exc:  # one section's bad data never costs the whole handout
            content = note(exc.message(source.language))
        heading = ui.escape(_t(f"section.{name}", source.language))
        parts.append(f'<section id="{name}"><h2>{heading}</h2>{content}</section>')
    return "".join(parts)


def handout_html(
    source: HandoutSource,
    number: str,
    body: str,
    *,
    step_title: str = "",
    day: dt.date | None = None,
) -> str:
    """The whole printable page for one municipality: heading, privacy note, the sections of ``body``."""
    language = source.language
    me = municipalities.get(number)
    title = _t("title", language, municipality=me.display_name())
    sub = " · ".join(
        p
        for p in (source.cohort_title, step_title, i18n.format_date(day, language=language) if day else "")
        if p
    )
    privacy = _t("privacy", language, k=source.min_group_size)
    foot = _t(
        "footer", language, version=__version__, date=i18n.format_date(dt.date.today(), language=language)
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{ui.escape(title)}</title><style>{HANDOUT_CSS}</style></head><body>"
        f'<header><h1>{ui.escape(title)}</h1><p class="sub">{ui.escape(sub)}</p></header>'
        f'<p class="privacy">{ui.escape(privacy)}</p>{body}'
        f'<p class="foot">{ui.escape(foot)}</p></body></html>'
    )
