"""The start-here notebook's content: the programme at a glance and a fact card for a municipality.

The card and the chart take a municipality (a number, a name or a ``Municipality``) and a language, like
the other charts; the explorer widget takes the workbook session::

    intro.fact_card(wb.municipality, wb.language)
    intro.explorer(wb)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import display

from . import i18n, municipalities, notebooks, theme, ui
from .session import Workbook

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

MODULES = (1, 2, 3, 4)


def programme_overview(language: str | None = None) -> ui.HTMLBlock:
    """The 4 modules × 3 phases table, each cell listing the notebooks that belong to it; a notebook of
    another track than the leader group's is named with its track."""
    rows = []
    by_step: dict[str, list[str]] = {}
    for info in notebooks.catalogue("participant"):
        track = (
            ""
            if info.track == "leaders"
            else f"{i18n.t(f'programme.track.{info.track}', language=language)}: "
        )
        by_step.setdefault(info.step, []).append(
            f"{track}{info.title_in(language)} "
            f"({i18n.t('programme.minutes', language=language, minutes=info.duration)})"
        )
    for module in MODULES:
        cells = [i18n.t(f"programme.module_by_number.{module}", language=language)]
        for phase in "abc":
            cells.append("; ".join(by_step.get(f"{module}{phase}", [])) or "–")
        rows.append(cells)
    columns = [i18n.t("programme.column.module", language=language)] + [
        f"{i18n.t(f'programme.phase.{p}', language=language)}: "
        f"{i18n.t(f'programme.phase_purpose.{p}', language=language)}"
        for p in "abc"
    ]
    return ui.table(columns, rows, caption=i18n.t("programme.table_caption", language=language))


def county_rank(municipality: str | municipalities.Municipality) -> tuple[int, int]:
    """(rank by population within the county, number of municipalities in the county)."""
    me = municipalities.get(municipality)
    peers = sorted(municipalities.in_county(me.county_number), key=lambda m: -m.population)
    return [m.number for m in peers].index(me.number) + 1, len(peers)


def fact_card(municipality: str | municipalities.Municipality, language: str | None = None) -> ui.HTMLBlock:
    """Population, county, size class, Digi-network and rank in the county, with the source."""
    me = municipalities.get(municipality)
    rank, total = county_rank(me)
    county_pop = sum(m.population for m in municipalities.in_county(me.county_number))

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"municipalities.card.{key}", language=language, **kw)

    rows = [(t("number"), me.number)]
    if me.name_sami_kven:
        rows.append((t("sami_kven"), me.name_sami_kven))
    rows += [
        (t("county"), f"{me.county_name} ({me.county_number})"),
        (t("population"), i18n.format_number(me.population, language=language)),
        (t("size"), me.size_label(language)),
        (t("network"), me.network_label(language)),
        (t("rank"), t("rank_value", rank=rank, total=total)),
        (t("share"), i18n.format_percent(me.population / county_pop, decimals=1, language=language)),
    ]
    return ui.card(t("heading", name=me.display_name()), rows, footer=t("source"))


def county_chart(
    municipality: str | municipalities.Municipality, *, ax: Axes | None = None, language: str | None = None
) -> Axes:
    """A dot plot of every municipality in the county by population (log scale), this one highlighted."""
    me = municipalities.get(municipality)
    peers = sorted(municipalities.in_county(me.county_number), key=lambda m: m.population)
    height = max(4.0, 0.28 * len(peers) + 1.5)
    ax = theme.axes(ax, size=(10.0, height))
    ys = range(len(peers))
    colours = [theme.ROLE["highlight"] if m.number == me.number else theme.ROLE["today"] for m in peers]
    sizes = [160 if m.number == me.number else 60 for m in peers]
    ax.hlines(list(ys), 0, [m.population for m in peers], color=theme.ROLE["muted"], linewidth=1)
    ax.scatter([m.population for m in peers], list(ys), c=colours, s=sizes, zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(left=max(100, min(m.population for m in peers) / 2))
    ax.set_yticks(list(ys), [m.name for m in peers])
    for label, m in zip(ax.get_yticklabels(), peers):
        if m.number == me.number:
            label.set_fontweight("bold")
    theme.format_axis(ax, "x", language=language)
    ax.set_xlabel(i18n.t("municipalities.chart.population_axis", language=language))
    ax.grid(axis="y", visible=False)
    theme.title(
        ax,
        i18n.t("municipalities.chart.county_title", language=language, county=me.county_name),
        i18n.t("municipalities.chart.county_subtitle", language=language, name=me.name),
    )
    return ax


class Explorer(ui.View):
    """Pick another municipality in the session's county and watch the fact card change."""

    css_class = "casekit-explorer"
    messages = "municipalities.picker"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        number = wb.number
        peers = sorted(municipalities.in_county(wb.municipality.county_number), key=lambda m: m.name)
        picker = w.Dropdown(
            options=[(m.name, m.number) for m in peers], value=number, layout=w.Layout(width="320px")
        )
        self.picker = self.on_change(picker, self.show)
        self.output = w.Output()
        self.children = [
            ui.labelled(self.picker, self.t("label"), self.t("help")),
            self.feedback,
            self.output,
        ]
        ui.guard(self.feedback)(self.show)()

    def show(self, _change: Any = None) -> None:
        """Show the fact card of the picked municipality."""
        self.output.clear_output(wait=True)
        with self.output:
            display(fact_card(self.picker.value, self.language))


def explorer(wb: Workbook) -> Explorer:
    """A small widget: pick another municipality in the same county and watch the fact card change."""
    return Explorer(wb)
