"""Charts for life-event journeys: the swimlane, handovers per event and the busiest sector pairs."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .. import i18n, theme

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.text import Text

#: Lane fill and edge per kind of actor (Okabe-Ito edges, light fills keep dark text readable).
KIND_STYLE = {
    "municipal": ("#DCEBF7", theme.PALETTE["blue"]),
    "national": ("#FBEBC8", theme.PALETTE["orange"]),
    "other": ("#EDEDED", "#6B6B6B"),
    "team": ("#D5F0E6", theme.PALETTE["green"]),
}


def swimlane(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    language: str | None = None,
) -> Axes:
    """A journey (from :func:`casekit.services.analysis.journey`) as one column (lane) per actor, steps
    top down.

    Arrows that change lane are handovers and are drawn dashed in vermillion.
    """
    lanes = list(dict.fromkeys(data["actor"]))
    labels = dict(zip(data["actor"], data["actor_label"]))
    count = len(data)
    ax = theme.axes(ax, size=(max(9.0, 1.8 * len(lanes) + 1.5), max(5.0, 0.8 * count + 2.4)))
    xpos = {actor: i for i, actor in enumerate(lanes)}
    _lanes(ax, xpos, dict(zip(data["actor"], data["kind"])))
    _arrows(ax, _boxes(ax, data, xpos), data["handover"].tolist())
    ax.set_xticks(range(len(lanes)), [textwrap.fill(labels[a], 16, break_long_words=False) for a in lanes])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_yticks(range(1, count + 1))
    ax.set_xlim(-0.5, len(lanes) - 0.5)
    ax.set_ylim(count + 0.6, 0.4)
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_ylabel(i18n.t("services.chart.step_axis", language=language))
    _kind_legend(ax, list(dict.fromkeys(data["kind"])), language)
    total = int(data["handover"].sum())
    ax.set_title(
        f"{title or i18n.t('services.chart.swimlane_title', language=language)}\n"
        + i18n.t("services.chart.swimlane_subtitle", language=language, count=total, steps=count),
        loc="left",
        pad=14,
    )
    return ax


def _lanes(ax: Axes, xpos: dict[str, int], kinds: dict[str, str]) -> None:
    """A light band per actor, coloured by the kind of actor."""
    for actor, x in xpos.items():
        fill, _edge = KIND_STYLE.get(kinds[actor], KIND_STYLE["other"])
        ax.axvspan(x - 0.47, x + 0.47, color=fill, alpha=0.5, zorder=0, lw=0)


def _boxes(ax: Axes, data: pd.DataFrame, xpos: dict[str, int]) -> list[Text]:
    """One box per step in its actor's lane; a step added for a marked sector is dashed and filled."""
    boxes = []
    for row in data.itertuples(index=False):
        fill, edge = KIND_STYLE.get(row.kind, KIND_STYLE["other"])
        text = textwrap.fill(str(row.service), 18, break_long_words=False)
        boxes.append(
            ax.text(
                xpos[row.actor],
                row.order,
                text,
                ha="center",
                va="center",
                fontsize=theme.BASE_FONT - 3,
                zorder=3,
                bbox={
                    "boxstyle": "round,pad=0.3",
                    "facecolor": fill if row.added else "white",
                    "edgecolor": edge,
                    "linewidth": 1.6,
                    "linestyle": "--" if row.added else "-",
                },
            )
        )
    return boxes


def _arrows(ax: Axes, boxes: list[Text], handovers: list[bool]) -> None:
    """An arrow from each step to the next; a handover is thick, dashed and vermillion."""
    for i in range(1, len(boxes)):
        handover = bool(handovers[i])
        ax.annotate(
            "",
            xy=boxes[i].get_position(),
            xytext=boxes[i - 1].get_position(),
            zorder=2,
            arrowprops={
                "arrowstyle": "-|>",
                "color": theme.ROLE["bad"] if handover else "#6B6B6B",
                "lw": 2.4 if handover else 1.4,
                "linestyle": "--" if handover else "-",
                "patchA": boxes[i - 1].get_bbox_patch(),
                "patchB": boxes[i].get_bbox_patch(),
                "shrinkA": 2,
                "shrinkB": 2,
            },
        )


def _kind_legend(ax: Axes, present: list[str], language: str | None) -> None:
    """A legend of the kinds of actor that appear, under the lanes."""
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor=KIND_STYLE[k][0],
            edgecolor=KIND_STYLE[k][1],
            label=i18n.t(f"services.kind.{k}", language=language),
        )
        for k in KIND_STYLE
        if k in present
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=len(handles))


def handover_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Handovers per life event today and with the suggested team (a dumbbell per event)."""
    frame = data.sort_values("handovers", kind="stable").reset_index(drop=True)
    ax = theme.axes(ax, size=(11.0, max(4.5, 0.55 * len(frame) + 2.0)))
    ys = list(range(len(frame)))
    ax.hlines(ys, frame["with_team"], frame["handovers"], color=theme.ROLE["muted"], linewidth=3, zorder=1)
    today = i18n.t("services.chart.today", language=language)
    team = i18n.t("services.chart.with_team", language=language)
    ax.scatter(frame["handovers"], ys, color=theme.ROLE["today"], s=110, zorder=3, label=today)
    ax.scatter(frame["with_team"], ys, color=theme.ROLE["good"], s=110, zorder=3, marker="D", label=team)
    ax.set_yticks(ys, frame["title"].tolist())
    ax.set_xlim(left=-0.5, right=max(1, int(frame["handovers"].max())) + 1)
    theme.format_axis(ax, "x", language=language)
    ax.set_xlabel(i18n.t("services.chart.handovers_axis", language=language))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    theme.title(
        ax,
        i18n.t("services.chart.handover_title", language=language),
        i18n.t(
            "services.chart.handover_subtitle",
            language=language,
            before=int(frame["handovers"].sum()),
            after=int(frame["with_team"].sum()),
        ),
    )
    return ax


def pair_chart(
    data: pd.DataFrame, *, ax: Axes | None = None, top: int = 8, language: str | None = None
) -> Axes:
    """The pairs of municipal sectors that hand citizens over to each other most often."""
    frame = data.head(top).iloc[::-1]
    ax = theme.axes(ax, size=(11.0, max(4.0, 0.55 * len(frame) + 2.0)))
    labels = [f"{a} ↔ {b}" for a, b in zip(frame["label_a"], frame["label_b"])]
    ax.barh(range(len(frame)), frame["handovers"], color=theme.ROLE["today"])
    ax.set_yticks(range(len(frame)), labels)
    theme.format_axis(ax, "x", language=language)
    ax.set_xlabel(i18n.t("services.chart.handovers_axis", language=language))
    ax.grid(axis="y", visible=False)
    theme.title(ax, i18n.t("services.chart.pairs_title", language=language))
    return ax
