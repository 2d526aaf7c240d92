"""HTML views of a landscape: the headline figures and the three variants side by side."""

from __future__ import annotations

from typing import Any

from .. import i18n, ui
from .analysis import compare, platform_savings, summary
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
