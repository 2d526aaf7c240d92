"""Static radar charts with matplotlib (PNG, SVG, PDF), and the dot plots for votes and counties.

Blips are numbered discs coloured by quadrant (Okabe–Ito colours) with a mark per status, as in BYOR:
a second ring for *new*, an arc on the inner side for *moved in* and on the outer side for *moved out*,
and a plain disc for *no change*. The legend beside the radar lists every blip by number, name and ring,
quadrant by quadrant, so nothing is lost however full a ring is.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, theme
from .layout import FOOTPRINT, Layout, layout
from .model import Radar, RadarError, text_in

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

QUADRANT_COLOURS = [theme.PALETTE[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky")]
RING_SHADES = ["#ECECEC", "#F3F3F3", "#F8F8F8", "#FCFCFC"]
CORE = 0.72 * FOOTPRINT  # radius of the numbered disc; the status mark sits between CORE and FOOTPRINT
MARK = 0.9 * FOOTPRINT
LEGEND_FONT = theme.BASE_FONT - 2
LEGEND_LINES_PER_COLUMN = 46
STATIC_FORMATS = ("png", "svg", "pdf")


def quadrant_colour(index: int) -> str:
    return QUADRANT_COLOURS[index % len(QUADRANT_COLOURS)]


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return "#000000" if theme.contrast_ratio("#000000", background) >= theme.contrast_ratio("#FFFFFF", background) else "#FFFFFF"


def status_label(status: str, language: str | None = None) -> str:
    return i18n.t(f"radar.status.{status}", language=language)


def legend_sides(n_quadrants: int) -> tuple[list[int], list[int]]:
    """(right, left) quadrant indexes, each top to bottom, from where the quadrants sit on the circle."""
    from .layout import quadrant_spans

    right, left = [], []
    for q, (start, end) in enumerate(quadrant_spans(n_quadrants)):
        mid = (start + end) / 2
        (right if math.cos(mid) >= -1e-9 else left).append(q)
    right.sort(key=lambda q: -math.sin(sum(quadrant_spans(n_quadrants)[q]) / 2))
    left.sort(key=lambda q: -math.sin(sum(quadrant_spans(n_quadrants)[q]) / 2))
    return right, left


def legend_lines(radar: Radar, lay: Layout, quadrant: int, language: str | None = None) -> list[tuple[str, str]]:
    """(kind, text) lines of one quadrant's legend: the heading, each ring with blips, its blips."""
    q = radar.config.quadrants[quadrant]
    lines = [("quadrant", q.label_in(language))]
    for r, ring in enumerate(radar.config.rings):
        here = [p for p in lay.placements if p.quadrant == quadrant and p.ring == r]
        if not here:
            continue
        lines.append(("ring", ring.label_in(language)))
        lines.extend(("blip", f"{p.number:>3}  {p.blip.label(language)}") for p in here)
    return lines


def plot_radar(
    radar: Radar,
    *,
    ax: Axes | None = None,
    language: str | None = None,
    seed: int = 0,
    legend: bool = True,
    title: str | None = None,
    highlight: set[str] | None = None,
) -> Axes:
    """Draw ``radar`` with numbered blips, status marks and a legend per quadrant; returns the Axes.

    ``highlight`` is a set of blip ids drawn with a thick black edge (for "discuss again" blips).
    """
    lay = layout(radar, seed=seed)
    n_blips = len(radar.blips)
    if ax is None:
        fig = theme.figure(size=_figure_size(radar, lay, language, legend))
        fig.set_layout_engine("none")
        fig.clear()
        ax = fig.add_axes((0.3, 0.06, 0.4, 0.84) if legend else (0.05, 0.05, 0.9, 0.85))
    _draw_grid(ax, radar, lay, language)
    _draw_blips(ax, lay, highlight or set())
    if legend:
        _draw_legends(ax, radar, lay, language)
        _status_key(ax, language)
    heading = title if title is not None else (radar.title or text_in(radar.config.title, language))
    sub = i18n.t("radar.chart.subtitle", language=language, count=n_blips, edition=radar.edition or "–")
    theme.title(ax, heading, sub)
    return ax


def _figure_size(radar: Radar, lay: Layout, language: str | None, legend: bool) -> tuple[float, float]:
    if not legend:
        return (9.0, 9.0)
    right, left = legend_sides(len(radar.config.quadrants))
    lines = max(
        sum(len(legend_lines(radar, lay, q, language)) + 1 for q in side) for side in (right, left) if side
    )
    columns = max(1, math.ceil(lines / LEGEND_LINES_PER_COLUMN))
    height = max(9.0, min(lines, LEGEND_LINES_PER_COLUMN) * LEGEND_FONT * 1.4 / 72 / 0.84 + 0.6)
    return (min(6.0 + 2 * 3.6 * columns, 40.0), height)


def _draw_grid(ax: Axes, radar: Radar, lay: Layout, language: str | None) -> None:
    from matplotlib.patches import Circle

    geo = lay.geometry
    outer = geo.outer_radius
    for r in reversed(range(len(geo.ring_radii))):
        ax.add_patch(
            Circle((0, 0), geo.ring_radii[r], facecolor=RING_SHADES[r % 4], edgecolor="#9A9A9A", lw=1.2, zorder=0)
        )
    for start, _end in geo.quadrant_spans:
        ax.plot([0, outer * math.cos(start)], [0, outer * math.sin(start)], color="#9A9A9A", lw=1.6, zorder=1)
    for r, ring in enumerate(radar.config.rings):
        mid = (geo.inner_radius(r) + geo.ring_radii[r]) / 2
        ax.text(
            0,
            mid if r else geo.ring_radii[0] * 0.5,
            ring.label_in(language),
            ha="center",
            va="center",
            fontsize=theme.BASE_FONT - 3,
            fontweight="bold",
            color="#555555",
            zorder=2,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
    ax.set_xlim(-outer * 1.02, outer * 1.02)
    ax.set_ylim(-outer * 1.02, outer * 1.02)
    ax.set_aspect("equal")
    ax.axis("off")


def _draw_blips(ax: Axes, lay: Layout, highlight: set[str]) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Arc, Circle

    discs, faces, marks = [], [], []
    for p in lay.placements:
        colour = quadrant_colour(p.quadrant)
        discs.append(Circle((p.x, p.y), CORE))
        faces.append(colour)
        toward = math.degrees(math.atan2(-p.y, -p.x))  # the side facing the centre
        if p.blip.status == "new":
            marks.append(Circle((p.x, p.y), MARK, fill=False, edgecolor=colour, lw=2.2))
        elif p.blip.status == "moved_in":
            marks.append(Arc((p.x, p.y), 2 * MARK, 2 * MARK, theta1=toward - 70, theta2=toward + 70, color=colour, lw=3))
        elif p.blip.status == "moved_out":
            away = toward + 180
            marks.append(Arc((p.x, p.y), 2 * MARK, 2 * MARK, theta1=away - 70, theta2=away + 70, color=colour, lw=3))
    edges = ["#000000" if p.blip.id in highlight else "white" for p in lay.placements]
    widths = [2.5 if p.blip.id in highlight else 0.8 for p in lay.placements]
    ax.add_collection(PatchCollection(discs, facecolors=faces, edgecolors=edges, linewidths=widths, zorder=3))
    for m in marks:
        m.set_zorder(3)
        ax.add_patch(m)
    size = _number_fontsize(ax, lay)
    for p in lay.placements:
        ax.text(
            p.x,
            p.y,
            str(p.number),
            ha="center",
            va="center_baseline",
            fontsize=size * (0.8 if p.number >= 100 else 1.0),
            fontweight="bold",
            color=text_colour(quadrant_colour(p.quadrant)),
            zorder=4,
        )


def _number_fontsize(ax: Axes, lay: Layout) -> float:
    """The largest font (≤ 13 pt) whose two-digit numbers fit inside a disc at the current scale."""
    bbox = ax.get_window_extent()
    width_pt = bbox.width * 72 / ax.figure.dpi
    span = 2 * lay.geometry.outer_radius * 1.02
    disc_pt = 2 * CORE * width_pt / span
    return max(5.0, min(13.0, disc_pt * 0.62))


def _draw_legends(ax: Axes, radar: Radar, lay: Layout, language: str | None) -> None:
    right, left = legend_sides(len(radar.config.quadrants))
    for side, quads in (("right", right), ("left", left)):
        if not quads:
            continue
        lines: list[tuple[str, str, int]] = []
        for q in quads:
            lines.extend((kind, text, q) for kind, text in legend_lines(radar, lay, q, language))
            lines.append(("gap", "", q))
        columns = max(1, math.ceil(len(lines) / LEGEND_LINES_PER_COLUMN))
        width = 0.9 * columns
        bounds = (1.04, 0.0, width, 1.0) if side == "right" else (-0.04 - width, 0.0, width, 1.0)
        leg = ax.inset_axes(bounds)
        leg.axis("off")
        height_pt = ax.get_window_extent().height * 72 / ax.figure.dpi
        step = LEGEND_FONT * 1.4 / max(height_pt, 1.0)
        for i, (kind, text, q) in enumerate(lines):
            col, row = divmod(i, LEGEND_LINES_PER_COLUMN)
            x = col / columns
            y = 1.0 - row * step
            style: dict[str, Any] = {"fontsize": LEGEND_FONT, "va": "top", "ha": "left", "transform": leg.transAxes}
            if kind == "quadrant":
                style.update(fontweight="bold", color=quadrant_colour(q), fontsize=LEGEND_FONT + 1)
            elif kind == "ring":
                style.update(fontstyle="italic", color="#444444")
            leg.text(x, y, text, **style)


def _status_key(ax: Axes, language: str | None) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="", markersize=12, markerfacecolor="#777777", markeredgecolor="#777777",
               markeredgewidth=0, label=status_label("no_change", language)),
        Line2D([], [], marker="o", ls="", markersize=12, markerfacecolor="#777777", markeredgecolor="#222222",
               markeredgewidth=2.5, label=status_label("new", language)),
        Line2D([], [], marker=6, ls="", markersize=12, color="#777777", label=status_label("moved_in", language)),
        Line2D([], [], marker=7, ls="", markersize=12, color="#777777", label=status_label("moved_out", language)),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=4,
        fontsize=LEGEND_FONT,
        handletextpad=0.3,
        columnspacing=1.2,
    )


def save(
    radar: Radar,
    target: str | Path,
    format: str | None = None,
    *,
    language: str | None = None,
    seed: int = 0,
) -> Path:
    """Write ``radar`` as PNG, SVG, PDF (matplotlib) or self-contained HTML; the format defaults to the
    file's extension."""
    target = Path(target)
    fmt = (format or target.suffix.lstrip(".")).lower()
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        from .export import to_html

        target.write_text(to_html(radar, language=language, seed=seed), encoding="utf-8")
        return target
    if fmt not in STATIC_FORMATS:
        raise RadarError("radar.error.render_format", value=fmt, choices="png, svg, pdf, html")
    import matplotlib.pyplot as plt

    with theme.context():
        ax = plot_radar(radar, language=language, seed=seed)
        ax.figure.savefig(target, format=fmt, bbox_inches="tight")
    plt.close(ax.figure)
    return target


# --- votes and counties -----------------------------------------------------------------------------


def ballot_vs_group(
    data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None, title: str | None = None
) -> Axes:
    """A dot plot, one line per blip: the group's ring (filled) and the participant's (hollow), joined
    where they differ. ``data`` is :func:`casekit.radar.compare_ballot`'s frame."""
    rings = list(data.attrs.get("ring_labels", []))
    frame = data.reset_index(drop=True)
    height = max(4.0, 0.38 * len(frame) + 1.8)
    ax = theme.axes(ax, size=(11.0, height))
    ys = list(range(len(frame)))[::-1]
    for y, row in zip(ys, frame.itertuples(index=False)):
        if row.own_index is not None and row.group_index is not None and row.own_index == row.own_index:
            ax.plot([row.group_index, row.own_index], [y, y], color=theme.ROLE["muted"], lw=3, zorder=1)
    group = frame["group_index"].astype(float)
    own = frame["own_index"].astype(float)
    ax.scatter(group, ys, s=170, color=theme.ROLE["today"], zorder=3, label=i18n.t("radar.chart.group", language=language))
    ax.scatter(own, ys, s=170, facecolors="white", edgecolors=theme.ROLE["ambition"], linewidths=2.5, zorder=4,
               label=i18n.t("radar.chart.you", language=language))
    ax.set_yticks(ys, list(frame["name"]))
    ax.set_xticks(range(len(rings)), rings)
    ax.set_xlim(-0.5, len(rings) - 0.5)
    ax.set_ylim(-0.8, len(frame) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    theme.title(ax, title or i18n.t("radar.chart.ballot_title", language=language),
                i18n.t("radar.chart.ballot_subtitle", language=language))
    return ax


def ring_spread(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    language: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    label_column: str = "respondent",
) -> Axes:
    """Where the members of a group put one blip: one dot per member (or municipality) along the rings,
    stacked, with the group's median marked. ``data`` has ``ring_index`` and ``label_column``."""
    rings = list(data.attrs.get("ring_labels", []))
    median = data.attrs.get("median_index")
    ax = theme.axes(ax, size=(11.0, 4.5))
    stacks: dict[int, int] = {}
    for row in data.sort_values(label_column).itertuples(index=False):
        idx = int(row.ring_index)
        level = stacks.get(idx, 0)
        stacks[idx] = level + 1
        ax.scatter([idx], [level], s=260, color=theme.ROLE["today"], zorder=3)
        ax.annotate(str(getattr(row, label_column)), (idx, level), xytext=(14, 0), textcoords="offset points",
                    va="center", fontsize=theme.BASE_FONT - 3)
    if median is not None:
        ax.axvline(median, color=theme.ROLE["ambition"], lw=3, ls="--", zorder=2,
                   label=i18n.t("radar.chart.median", language=language))
        ax.legend(loc="upper right")
    ax.set_xticks(range(len(rings)), rings)
    ax.set_xlim(-0.5, len(rings) - 0.2)
    ax.set_ylim(-0.8, max(stacks.values(), default=1) + 0.5)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    theme.title(ax, title or "", subtitle)
    return ax


def consensus_chart(
    data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None, title: str | None = None
) -> Axes:
    """Consensus per blip (0 = split, 1 = everyone agrees), lowest first; "discuss again" blips are
    highlighted. ``data`` is a group or county result's ``table``."""
    frame = data.dropna(subset=["consensus"]).sort_values("consensus").reset_index(drop=True)
    height = max(4.0, 0.34 * len(frame) + 1.8)
    ax = theme.axes(ax, size=(11.0, height))
    ys = list(range(len(frame)))[::-1]
    colours = [theme.ROLE["highlight"] if flag else theme.ROLE["today"] for flag in frame["discuss_again"]]
    ax.hlines(ys, 0, frame["consensus"], color=theme.ROLE["muted"], lw=1.5)
    ax.scatter(frame["consensus"], ys, s=120, c=colours, zorder=3)
    ax.set_yticks(ys, list(frame["name"]))
    ax.set_xlim(0, 1.02)
    theme.format_axis(ax, "x", decimals=1, language=language)
    ax.set_xlabel(i18n.t("radar.chart.consensus_axis", language=language))
    ax.grid(axis="y", visible=False)
    theme.title(ax, title or i18n.t("radar.chart.consensus_title", language=language),
                i18n.t("radar.chart.consensus_subtitle", language=language))
    return ax
