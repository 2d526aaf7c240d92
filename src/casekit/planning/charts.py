"""Charts for initiatives, ambitions and competence needs. Each takes ``data=`` and ``ax=`` and returns
the Axes; titles are in the participant's language and numbers in its format."""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from typing import TYPE_CHECKING

from .. import i18n, theme
from .model import SCALE, STATUSES
from .tracker import schedule

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

#: One Okabe-Ito colour per status, the same in every view.
STATUS_COLOURS = {
    "idea": "#9A9A9A",
    "planned": theme.PALETTE["sky"],
    "in_progress": theme.PALETTE["blue"],
    "implemented": theme.PALETTE["green"],
    "evaluated": theme.PALETTE["purple"],
    "stopped": theme.PALETTE["vermillion"],
}


def _status_legend(ax: Axes, statuses: list[str], language: str | None, **kwargs: object) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            color=STATUS_COLOURS[s],
            label=i18n.t(f"planning.status.{s}", language=language),
        )
        for s in STATUSES
        if s in statuses
    ]
    ax.legend(handles=handles, **kwargs)


def impact_effort(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Initiatives by effort (x) and impact (y), in four quadrants: quick wins, major projects,
    fill-ins and thankless tasks. Initiatives on the same spot are spread around it."""
    ax = theme.axes(ax, size=(11.0, 7.5))
    mid = (SCALE[0] + SCALE[1]) / 2
    lo, hi = SCALE[0] - 0.6, SCALE[1] + 0.6
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.axvline(mid, color="#888888", linewidth=1)
    ax.axhline(mid, color="#888888", linewidth=1)
    quadrants = {
        "quick_wins": (lo + 0.1, hi - 0.1, "left", "top"),
        "major_projects": (hi - 0.1, hi - 0.1, "right", "top"),
        "fill_ins": (lo + 0.1, lo + 0.1, "left", "bottom"),
        "thankless": (hi - 0.1, lo + 0.1, "right", "bottom"),
    }
    for key, (x, y, ha, va) in quadrants.items():
        ax.text(
            x,
            y,
            i18n.t(f"planning.quadrant.{key}", language=language),
            ha=ha,
            va=va,
            fontsize=theme.BASE_FONT - 2,
            color="#555555",
            style="italic",
        )
    ax.set_xticks(range(SCALE[0], SCALE[1] + 1))
    ax.set_yticks(range(SCALE[0], SCALE[1] + 1))
    ax.set_xlabel(i18n.t("planning.chart.effort_axis", language=language))
    ax.set_ylabel(i18n.t("planning.chart.impact_axis", language=language))
    theme.title(ax, i18n.t("planning.chart.matrix_title", language=language))
    if data.empty:  # keep the quadrants visible and say why there are no dots
        ax.text(
            mid, mid + 0.5, i18n.t("planning.chart.empty", language=language), ha="center", color="#555555"
        )
        return ax
    spots: dict[tuple[int, int], list[int]] = {}
    for i, row in enumerate(data.itertuples(index=False)):
        spots.setdefault((int(row.effort), int(row.impact)), []).append(i)
    for (x, y), members in spots.items():
        for k, i in enumerate(members):
            row = data.iloc[i]
            angle = math.pi / 2 + 2 * math.pi * k / len(members)
            radius = 0.0 if len(members) == 1 else 0.2
            px, py = x + radius * math.cos(angle), y + radius * math.sin(angle)
            ax.scatter([px], [py], s=420, color=STATUS_COLOURS[row["status"]], edgecolor="white", zorder=3)
            ax.text(
                px,
                py,
                str(i + 1),
                ha="center",
                va="center",
                color="white",
                fontweight="bold",
                fontsize=theme.BASE_FONT - 3,
                zorder=4,
            )
    key = "\n".join(
        f"{i + 1}  {textwrap.shorten(str(label), 38, placeholder='…')}"
        for i, label in enumerate(data["label"])
    )
    ax.text(1.04, 0.02, key, transform=ax.transAxes, va="bottom", ha="left", fontsize=theme.BASE_FONT - 3)
    _status_legend(ax, list(data["status"]), language, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def timeline(
    data: pd.DataFrame, *, ax: Axes | None = None, today: dt.date | None = None, language: str | None = None
) -> Axes:
    """Initiatives from start to due date, coloured by status; estimated dates are hatched."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    frame = schedule(data, today=today) if not data.empty else None
    height = 4.0 if frame is None else max(4.0, 0.6 * len(frame) + 2.0)
    ax = theme.axes(ax, size=(11.0, height))
    theme.title(
        ax,
        i18n.t("planning.chart.timeline_title", language=language),
        i18n.t("planning.chart.timeline_subtitle", language=language),
    )
    if frame is None:
        return theme.empty(ax, i18n.t("planning.chart.empty", language=language))
    frame = frame.iloc[::-1].reset_index(drop=True)
    for i, row in frame.iterrows():
        start, end = mdates.date2num(row["start"]), mdates.date2num(row["end"])
        ax.barh(
            i,
            end - start,
            left=start,
            height=0.6,
            color=STATUS_COLOURS[row["status"]],
            hatch="//" if row["estimated"] else None,
            edgecolor="white",
            linewidth=0.8,
        )
    ax.set_yticks(range(len(frame)), [textwrap.shorten(str(v), 34, placeholder="…") for v in frame["label"]])
    now = mdates.date2num(today or dt.date.today())
    ax.axvline(now, color=theme.ROLE["text"], linestyle=":", linewidth=1.5)
    ax.text(
        now,
        -0.55,
        " " + i18n.t("planning.chart.today", language=language),
        va="center",
        fontsize=theme.BASE_FONT - 3,
    )
    ax.set_ylim(-0.8, len(frame) - 0.4)
    span_years = (frame["end"].max() - frame["start"].min()).days / 365
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1,) if span_years > 2.5 else (1, 7)))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: i18n.format_date(mdates.num2date(v).date(), "MMM y", language=language))
    )
    ax.grid(axis="y", visible=False)
    _status_legend(ax, list(frame["status"]), language, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def progress_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Each initiative's status before and after (from :func:`casekit.planning.progress`)."""
    rank = {s: i for i, s in enumerate(STATUSES)}
    height = max(4.0, 0.6 * len(data) + 2.0)
    ax = theme.axes(ax, size=(11.0, height))
    theme.title(ax, i18n.t("planning.chart.progress_title", language=language))
    if data.empty:
        return theme.empty(ax, i18n.t("planning.chart.empty", language=language))
    frame = data.iloc[::-1].reset_index(drop=True)
    for i, row in frame.iterrows():
        after = rank[row["status_after"]]
        if row["status_before"] is not None and isinstance(row["status_before"], str):
            before = rank[row["status_before"]]
            ax.plot([before, after], [i, i], color=theme.ROLE["muted"], linewidth=3, zorder=1)
            ax.scatter([before], [i], color=theme.ROLE["benchmark"], s=110, zorder=2)
        ax.scatter([after], [i], color=STATUS_COLOURS[row["status_after"]], s=140, zorder=3, marker="D")
    ax.set_yticks(range(len(frame)), [textwrap.shorten(str(v), 34, placeholder="…") for v in frame["label"]])
    ax.set_xticks(
        range(len(STATUSES)),
        [textwrap.fill(i18n.t(f"planning.status.{s}", language=language), 12) for s in STATUSES],
    )
    ax.set_xlim(-0.5, len(STATUSES) - 0.5)
    ax.grid(axis="y", visible=False)
    return ax


def ambition_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """Per dimension: today (dot), the pre-work ambition (ring) and the chosen target (diamond)."""
    frame = data.iloc[::-1].reset_index(drop=True)
    ax = theme.axes(ax, size=(11.0, max(4.5, 0.6 * len(frame) + 2.0)))
    ys = list(range(len(frame)))
    for i, row in frame.iterrows():
        if not math.isnan(row["today"]):
            ax.plot([row["today"], row["target"]], [i, i], color=theme.ROLE["muted"], linewidth=3, zorder=1)
    ax.scatter(
        frame["today"],
        ys,
        color=theme.ROLE["today"],
        s=130,
        zorder=3,
        label=i18n.t("planning.chart.today_level", language=language),
    )
    ax.scatter(
        frame["ambition"],
        ys,
        facecolor="none",
        edgecolor=theme.ROLE["benchmark"],
        linewidth=2.2,
        s=220,
        zorder=2,
        label=i18n.t("planning.chart.prework_ambition", language=language),
    )
    ax.scatter(
        frame["target"],
        ys,
        color=theme.ROLE["ambition"],
        marker="D",
        s=130,
        zorder=4,
        label=i18n.t("planning.chart.target", language=language),
    )
    ax.set_yticks(ys, frame["label"].tolist())
    ax.set_xlim(SCALE[0] - 0.3, SCALE[1] + 0.3)
    ax.set_xticks(range(SCALE[0], SCALE[1] + 1))
    theme.format_axis(ax, "x", language=language)
    ax.set_xlabel(i18n.t("planning.chart.level_axis", language=language))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    theme.title(ax, i18n.t("planning.chart.ambition_title", language=language))
    return ax


def needs_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """How many leader-group members need development per area (from :func:`group_needs`)."""
    ax = theme.axes(ax, size=(11.0, max(4.0, 0.55 * len(data) + 2.0)))
    theme.title(ax, i18n.t("planning.chart.needs_title", language=language))
    if data.empty or not data["shown"].all():
        return theme.empty(ax, i18n.t("planning.chart.needs_hidden", language=language))
    frame = data.iloc[::-1].reset_index(drop=True)
    ax.barh(range(len(frame)), frame["needing"], color=theme.ROLE["today"])
    ax.set_yticks(range(len(frame)), frame["label"].tolist())
    ax.set_xlim(0, int(frame["members"].max()))
    theme.format_axis(ax, "x", language=language)
    ax.set_xlabel(i18n.t("planning.chart.needs_axis", language=language))
    ax.grid(axis="y", visible=False)
    return ax
