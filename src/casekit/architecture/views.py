"""HTML views of a landscape: the headline figures, the three variants side by side, where the landscape
comes from, and the blast radius a decision note records."""

from __future__ import annotations

from typing import Any

from .. import i18n, ui
from ..store import Submission
from .analysis import compare, platform_savings, summary
from .decision import DecisionNote
from .model import Landscape

#: The measures of :func:`compare_table`, in their order.
MEASURES = ("integrations", "p2p", "via_platform", "connections", "max_degree", "mean_work", "max_work")


def summary_card(landscape: Landscape, *, language: str | None = None) -> ui.HTMLBlock:
    """Headline figures and what a platform would remove."""
    figures = summary(landscape)
    savings = platform_savings(landscape)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.card.{key}", language=language, **kw)

    busiest = figures["busiest"]
    rows = [
        (t("systems"), str(figures["systems"])),
        (
            t("integrations"),
            t(
                "integrations_value",
                total=figures["integrations"],
                p2p=figures["p2p"],
                platform=figures["via_platform"],
            ),
        ),
        (
            t("busiest"),
            t("busiest_value", name=landscape.label(busiest, language), degree=figures["max_degree"])
            if busiest
            else "–",
        ),
        (t("hub"), landscape.label(figures["hub"], language) if figures["hub"] else "–"),
        (
            t("savings"),
            t("savings_value", removed=savings.removed, connectors=savings.connectors, net=savings.net),
        ),
    ]
    return ui.card(t("title"), rows, footer=t("footer"))


def compare_table(landscape: Landscape, *, language: str | None = None) -> ui.HTMLBlock:
    """Everything point to point, today and everything through the platform, measure by measure."""
    frame = compare(landscape, language=language)

    def fmt(value: Any) -> str:
        decimals = 1 if isinstance(value, float) else 0
        return i18n.format_number(value, decimals=decimals, language=language)

    rows = [
        [i18n.t(f"architecture.measure.{m}", language=language), *(fmt(v) for v in frame[m])]
        for m in MEASURES
    ]
    rows.append([i18n.t("architecture.measure.hub", language=language), *frame["hub"].tolist()])
    return ui.table(
        [i18n.t("architecture.measure.measure", language=language), *frame["label"]],
        rows,
        caption=i18n.t("architecture.chart.compare_title", language=language),
    )


#: The workbooks that save a landscape, by the phase recorded with the save.
PHASES = ("4a", "4b", "4c")


def landscape_note(
    landscape: Landscape, submission: Submission | None, *, language: str | None = None
) -> ui.HTMLBlock:
    """Where the landscape shown comes from: which phase saved it and when, or that it is the sample."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.source.{key}", language=language, **kw)

    if submission is None:
        return ui.HTMLBlock(ui.message_html(t("sample"), "info"))
    phase = str(submission.meta.get("phase", ""))
    key = f"phase_{phase}" if phase in PHASES else "saved"
    date = i18n.format_date(submission.created_at.date(), language=language)
    text = t(key, date=date, systems=len(landscape.ids()), integrations=len(landscape.integrations))
    return ui.HTMLBlock(ui.message_html(text, "info"))


def radius_card(note: DecisionNote, *, language: str | None = None) -> ui.HTMLBlock:
    """The blast radius of the note's replacement as a card."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.note.{key}", language=language, **kw)

    rows = [
        (t("integrations"), str(note.integrations)),
        (t("rebuild"), str(note.rebuild)),
        (t("connectors"), str(note.connectors)),
        (t("changed"), ", ".join(note.changed) or "–"),
        (t("shielded"), ", ".join(note.shielded) or "–"),
        (t("reach"), str(note.reach)),
    ]
    return ui.card(
        t("radius_title", system=note.system_name),
        rows,
        t("radius_intro", systems=note.systems, work=note.work),
    )
