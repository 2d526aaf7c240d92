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
from ..errors import RadarError
from .export import to_html
from .layout import LABEL_CORRIDOR, Layout, label_ray, layout
from .model import Radar, text_in
from .style import (
    CORE,
    GAP_TO_EDGE,
    KEY_ORDER,
    MARK,
    RING_SHADES,
    legend_sides,
    quadrant_colour,
    readable,
    status_label,
    subtitle,
    text_colour,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

LEGEND_FONT = theme.BASE_FONT - 2
LEGEND_LINES_PER_COLUMN = 46
LINE_SPACING = 1.45
STATIC_FORMATS = ("png", "svg", "pdf")


def legend_lines(
    radar: Radar, lay: Layout, quadrant: int, language: str | None = None
) -> list[tuple[str, str]]:
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
    data: Radar,
    *,
    ax: Axes | None = None,
    language: str | None = None,
    seed: int = 0,
    legend: bool = True,
    title: str | None = None,
    highlight: set[str] | None = None,
) -> Axes:
    """Draw the radar ``data`` with numbered blips, status marks and a legend per quadrant; returns the
    Axes. ``highlight`` is a set of blip ids drawn with a thick black edge (for "discuss again" blips).
    """
    radar = data
    lay = layout(radar, seed=seed)
    if ax is None:
        ax = _new_axes(radar, lay, language, legend)
    _draw_grid(ax, radar, lay, language)
    _draw_blips(ax, lay, highlight or set())
    if legend:
        _draw_legends(ax, radar, lay, language)
        _status_key(ax, language)
    heading = title if title is not None else (radar.title or text_in(radar.config.title, language))
    theme.title(ax, heading, subtitle(radar, language))
    return ax


def _legend_columns(
    radar: Radar, lay: Layout, language: str | None
) -> dict[str, list[list[tuple[str, str, int]]]]:
    """Legend lines per side. A side whose quadrants fit in one column stacks them; otherwise each
    quadrant gets its own column(s), so a quadrant is never split between unrelated columns."""
    right, left = legend_sides(len(radar.config.quadrants))
    out: dict[str, list[list[tuple[str, str, int]]]] = {}
    for side, quads in (("right", right), ("left", left)):
        per_quadrant = [
            [(kind, text, q) for kind, text in legend_lines(radar, lay, q, language)] for q in quads
        ]
        if sum(len(lines) + 1 for lines in per_quadrant) <= LEGEND_LINES_PER_COLUMN:
            stacked: list[tuple[str, str, int]] = []
            for lines in per_quadrant:
                stacked.extend([*lines, ("gap", "", lines[0][2])])
            out[side] = [stacked] if stacked else []
            continue
        columns = []
        for lines in per_quadrant:
            for i in range(0, len(lines), LEGEND_LINES_PER_COLUMN):
                columns.append(lines[i : i + LEGEND_LINES_PER_COLUMN])
        out[side] = columns
    return out


def _column_width(column: list[tuple[str, str, int]]) -> float:
    """Inches a legend column needs (a generous average glyph width of 0.56 em)."""
    longest = max(
        (len(text) * (1.15 if kind == "quadrant" else 1.0) for kind, text, _q in column), default=10
    )
    return max(2.0, longest * LEGEND_FONT * 0.56 / 72 + 0.2)


def _new_axes(radar: Radar, lay: Layout, language: str | None, legend: bool) -> Axes:
    columns = _legend_columns(radar, lay, language) if legend else {"right": [], "left": []}
    tallest = max((len(c) for cols in columns.values() for c in cols), default=0)
    legend_height = tallest * LEGEND_FONT * LINE_SPACING / 72
    side = min(14.0, max(7.5, legend_height * 0.85))
    widths = {k: sum(_column_width(c) for c in cols) for k, cols in columns.items()}
    top, bottom, gap = 1.1, 0.9 if legend else 0.3, 0.35
    width = widths["left"] + widths["right"] + side + 2 * gap + 0.4
    height = side + top + bottom
    fig = theme.figure(size=(width, height))
    fig.set_layout_engine("none")
    fig.clear()
    left = (0.2 + widths["left"] + gap) / width
    return fig.add_axes((left, bottom / height, side / width, side / height))


def _draw_grid(ax: Axes, radar: Radar, lay: Layout, language: str | None) -> None:
    from matplotlib.patches import Circle

    geo = lay.geometry
    outer = geo.outer_radius
    for r in reversed(range(len(geo.ring_radii))):
        ax.add_patch(
            Circle(
                (0, 0), geo.ring_radii[r], facecolor=RING_SHADES[r % 4], edgecolor="#9A9A9A", lw=1.2, zorder=0
            )
        )
    for start, _end in geo.quadrant_spans:
        ax.plot([0, outer * math.cos(start)], [0, outer * math.sin(start)], color="#9A9A9A", lw=1.6, zorder=1)
    ax.set_xlim(-outer * 1.02, outer * 1.02)
    ax.set_ylim(-outer * 1.02, outer * 1.02)
    ax.set_aspect("equal")
    ax.axis("off")
    label_angle = label_ray(geo.quadrant_spans)
    points_per_unit = _points_per_unit(ax, lay)
    for r, ring in enumerate(radar.config.rings):
        text = ring.label_in(language)
        inner, outer_r = geo.inner_radius(r), geo.ring_radii[r]
        mid = (inner + outer_r) / 2
        # Fit the label in the blip-free corridor along the boundary ray and within the ring's width.
        by_width = (outer_r - inner) * 0.85 * points_per_unit / max(len(text) * 0.68, 1)
        by_height = 2 * (LABEL_CORRIDOR + GAP_TO_EDGE) * 0.8 * points_per_unit
        size = max(6.0, min(theme.BASE_FONT - 2, by_width, by_height))
        ax.text(
            mid * math.cos(label_angle),
            mid * math.sin(label_angle),
            text,
            ha="center",
            va="center",
            rotation=readable(math.degrees(label_angle)),
            rotation_mode="anchor",
            parse_math=False,
            fontsize=size,
            fontweight="bold",
            color="#444444",
            zorder=2,
        )


def _points_per_unit(ax: Axes, lay: Layout) -> float:
    bbox = ax.get_window_extent()
    size_pt = min(bbox.width, bbox.height) * 72 / ax.figure.dpi
    return size_pt / (2 * lay.geometry.outer_radius * 1.02)


def _draw_blips(ax: Axes, lay: Layout, highlight: set[str]) -> None:
    from matplotlib.collections import PatchCollection

    discs, faces, marks = [], [], []
    for p in lay.placements:
        colour = quadrant_colour(p.quadrant)
        disc, mark = _blip_patches(p.x, p.y, p.blip.status, colour)
        discs.append(disc)
        faces.append(colour)
        if mark is not None:
            marks.append(mark)
    edges = ["#000000" if p.blip.id in highlight else "white" for p in lay.placements]
    widths = [2.5 if p.blip.id in highlight else 0.8 for p in lay.placements]
    ax.add_collection(PatchCollection(discs, facecolors=faces, edgecolors=edges, linewidths=widths, zorder=3))
    for m in marks:
        m.set_zorder(3)
        ax.add_patch(m)
    size = max(5.0, min(13.0, 2 * CORE * _points_per_unit(ax, lay) * 0.62))
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


def _blip_patches(
    x: float, y: float, status: str, colour: str, toward: float | None = None
) -> tuple[Any, Any]:
    """The disc and the status mark of one blip (the mark faces the centre for moved in)."""
    from matplotlib.patches import Arc, Circle

    if toward is None:
        toward = math.degrees(math.atan2(-y, -x)) if (x or y) else -90.0
    mark = None
    if status == "new":
        mark = Circle((x, y), MARK, fill=False, edgecolor=colour, lw=2.2)
    elif status in ("moved_in", "moved_out"):
        centre = toward if status == "moved_in" else toward + 180
        mark = Arc((x, y), 2 * MARK, 2 * MARK, theta1=centre - 70, theta2=centre + 70, color=colour, lw=3)
    return Circle((x, y), CORE), mark


def _draw_legends(ax: Axes, radar: Radar, lay: Layout, language: str | None) -> None:
    bbox = ax.get_window_extent()
    ax_w_in = bbox.width / ax.figure.dpi
    step = LEGEND_FONT * LINE_SPACING
    for side, columns in _legend_columns(radar, lay, language).items():
        if not columns:
            continue
        widths = [_column_width(c) for c in columns]
        total = sum(widths) / ax_w_in
        gap = 0.35 / ax_w_in
        bounds = (1 + gap, 0.0, total, 1.0) if side == "right" else (-gap - total, 0.0, total, 1.0)
        leg = ax.inset_axes(bounds)
        leg.axis("off")
        x = 0.0
        for column, width in zip(columns, widths):
            for row, (kind, text, q) in enumerate(column):
                style: dict[str, Any] = {
                    "fontsize": LEGEND_FONT,
                    "va": "top",
                    "ha": "left",
                    "parse_math": False,
                }
                if kind == "quadrant":
                    style.update(fontweight="bold", color=quadrant_colour(q), fontsize=LEGEND_FONT + 1)
                elif kind == "ring":
                    style.update(fontstyle="italic", color="#444444")
                leg.annotate(
                    text,
                    xy=(x, 1.0),
                    xycoords="axes fraction",
                    xytext=(0, -row * step),
                    textcoords="offset points",
                    annotation_clip=False,
                    **style,
                )
            x += width / ax_w_in / total


def _status_key(ax: Axes, language: str | None) -> None:
    """The four status marks, drawn exactly as on the radar, in a row under it."""
    key = ax.inset_axes((0.0, -0.08, 1.0, 0.06))
    key.set_xlim(0, 40)
    key.set_ylim(-1.2, 1.2)
    key.set_aspect("equal", adjustable="datalim")
    key.axis("off")
    for i, status in enumerate(KEY_ORDER):
        x = 2 + i * 10
        disc, mark = _blip_patches(x, 0, status, "#666666", toward=-90.0)
        disc.set_facecolor("#666666")
        key.add_patch(disc)
        if mark is not None:
            key.add_patch(mark)
        key.text(x + 1.5, 0, status_label(status, language), va="center", ha="left", fontsize=LEGEND_FONT)


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
        own, grp = row.own_index, row.group_index
        if own is None or grp is None or own != own or grp != grp or own == grp:
            continue  # missing (NaN) or in agreement: no line
        ax.plot([grp, own], [y, y], color=theme.ROLE["muted"], lw=3, zorder=1)
    group = frame["group_index"].astype(float)
    own = frame["own_index"].astype(float)
    ax.scatter(
        group,
        ys,
        s=170,
        color=theme.ROLE["today"],
        zorder=3,
        label=i18n.t("radar.chart.group", language=language),
    )
    ax.scatter(
        own,
        ys,
        s=170,
        facecolors="none",
        edgecolors=theme.ROLE["ambition"],
        linewidths=2.5,
        zorder=4,
        label=i18n.t("radar.chart.you", language=language),
    )
    ax.set_yticks(ys, list(frame["name"]), parse_math=False)
    ax.set_xticks(range(len(rings)), rings)
    ax.set_xlim(-0.5, len(rings) - 0.5)
    ax.set_ylim(-0.8, len(frame) - 0.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.9 / height), ncol=2)
    theme.title(
        ax,
        title or i18n.t("radar.chart.ballot_title", language=language),
        i18n.t("radar.chart.ballot_subtitle", language=language),
    )
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
        ax.annotate(
            str(getattr(row, label_column)),
            (idx, level),
            xytext=(14, 0),
            textcoords="offset points",
            va="center",
            parse_math=False,
            fontsize=theme.BASE_FONT - 3,
        )
    if median is not None:
        ax.axvline(
            median,
            color=theme.ROLE["ambition"],
            lw=3,
            ls="--",
            zorder=2,
            label=i18n.t("radar.chart.median", language=language),
        )
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
    ax.set_yticks(ys, list(frame["name"]), parse_math=False)
    ax.set_xlim(0, 1.02)
    theme.format_axis(ax, "x", decimals=1, language=language)
    ax.set_xlabel(i18n.t("radar.chart.consensus_axis", language=language))
    ax.grid(axis="y", visible=False)
    theme.title(
        ax,
        title or i18n.t("radar.chart.consensus_title", language=language),
        i18n.t("radar.chart.consensus_subtitle", language=language),
    )
    return ax
