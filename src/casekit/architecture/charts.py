"""Charts of an IT landscape: the map, the most central systems, the three variants side by side and the
blast radius of replacing one system."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from .. import i18n, theme
from .analysis import blast_radius, connection_graph, to_platform, to_spaghetti
from .model import Landscape

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from matplotlib.axes import Axes

NODE_COLOURS = {
    "municipal": theme.PALETTE["blue"],
    "national": theme.PALETTE["orange"],
    "platform": theme.PALETTE["green"],
}
P2P_COLOUR = theme.PALETTE["vermillion"]
PLATFORM_COLOUR = theme.PALETTE["sky"]


def _positions(landscape: Landscape) -> dict[str, tuple[float, float]]:
    """Local platforms in the middle, municipal systems on a circle (by role), national ones above."""
    systems = landscape.systems
    platforms = set(landscape.platforms())
    local = [s for s in systems["id"] if s in platforms and landscape.kind_of(s) == "municipal"]
    municipal = (
        systems[(systems["kind"] == "municipal") & ~systems["id"].isin(local)]
        .sort_values("role", kind="stable")["id"]
        .tolist()
    )
    national = systems.loc[systems["kind"] == "national", "id"].tolist()
    pos: dict[str, tuple[float, float]] = {}
    for i, system in enumerate(local):
        pos[system] = (0.35 * i, 0.0)
    for i, system in enumerate(municipal):
        angle = 2 * math.pi * i / max(1, len(municipal)) - math.pi / 2
        pos[system] = (1.2 * math.cos(angle), 0.9 * math.sin(angle))
    for i, system in enumerate(national):
        x = -1.6 + 3.2 * (i + 0.5) / max(1, len(national))
        pos[system] = (x, 1.45 if i % 2 == 0 else 1.25)
    return pos


def landscape_map(
    landscape: Landscape,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    labels: bool = True,
    language: str | None = None,
) -> Axes:
    """Every system and connection. Point-to-point connections are vermillion lines, connections to a
    platform sky blue; a node's size grows with its number of connections."""
    graph = connection_graph(landscape)
    pos = _positions(landscape)
    ax = theme.axes(ax, size=(13.0, 10.0))
    _edges(ax, graph, pos, set(landscape.platforms()))
    _nodes(ax, landscape, graph, pos, labels, language)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.15, 1.75)
    ax.set_axis_off()
    _map_legend(ax, language)
    frame = landscape.integrations
    theme.title(
        ax,
        title or i18n.t("architecture.chart.map_title", language=language),
        i18n.t(
            "architecture.chart.map_subtitle",
            language=language,
            systems=len(landscape.ids()),
            p2p=int((frame["kind"] == "p2p").sum()),
            platform=int((frame["kind"] == "platform").sum()),
            connections=graph.number_of_edges(),
        ),
    )
    return ax


def _edges(ax: Axes, graph: nx.Graph, pos: dict[str, tuple[float, float]], platforms: set[str]) -> None:
    """One line per connection, thicker with more integrations; sky blue when it runs to a platform."""
    for a, b, data in graph.edges(data=True):
        via = a in platforms or b in platforms
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=PLATFORM_COLOUR if via else P2P_COLOUR,
            alpha=0.85 if via else 0.7,
            linewidth=1.2 + 0.5 * min(data["integrations"], 6),
            zorder=1,
        )


def _nodes(
    ax: Axes,
    landscape: Landscape,
    graph: nx.Graph,
    pos: dict[str, tuple[float, float]],
    labels: bool,
    language: str | None,
) -> None:
    """One dot per system, coloured by kind and sized by its connections, with its name."""
    platforms = set(landscape.platforms())
    for system in landscape.ids():
        kind = "platform" if system in platforms else landscape.kind_of(system)
        x, y = pos[system]
        ax.scatter(
            [x],
            [y],
            s=90 + 45 * graph.degree(system),
            color=NODE_COLOURS[kind],
            edgecolor="white",
            linewidth=1.5,
            zorder=3,
        )
        if labels:
            text = textwrap.fill(landscape.label(system, language), 18, break_long_words=False)
            _node_label(ax, (x, y), text, kind, landscape.kind_of(system))


def _node_label(ax: Axes, xy: tuple[float, float], text: str, kind: str, home: str) -> None:
    """A local platform's name under it, a national system's above it, a municipal one's outside the
    circle, away from the lines."""
    x, y = xy
    small = theme.BASE_FONT - 4
    if kind == "platform" and home == "municipal":
        ax.text(x, y - 0.09, text, ha="center", va="top", fontsize=small, zorder=4, fontweight="bold")
    elif home == "national":
        ax.text(x, y + 0.06, text, ha="center", va="bottom", fontsize=small, zorder=4)
    else:
        norm = math.hypot(x / 1.2, y / 0.9) or 1.0
        ha = "left" if x > 0.05 else "right" if x < -0.05 else "center"
        ax.text(x + 0.09 * x / norm, y + 0.09 * y / norm, text, ha=ha, va="center", fontsize=small, zorder=4)


def _map_legend(ax: Axes, language: str | None) -> None:
    """The two kinds of connection and the three kinds of system."""
    from matplotlib.lines import Line2D

    def t(key: str) -> str:
        return i18n.t(f"architecture.{key}", language=language)

    lines = [
        Line2D([], [], color=P2P_COLOUR, linewidth=2.5, label=t("chart.p2p")),
        Line2D([], [], color=PLATFORM_COLOUR, linewidth=2.5, label=t("chart.via_platform")),
    ]
    dots = [
        Line2D([], [], marker="o", linestyle="", markersize=12, color=colour, label=t(f"kind.{kind}"))
        for kind, colour in NODE_COLOURS.items()
    ]
    ax.legend(handles=lines + dots, loc="lower left", bbox_to_anchor=(0.0, -0.08), ncol=3)


def coupling_chart(
    data: pd.DataFrame, *, ax: Axes | None = None, top: int = 10, language: str | None = None
) -> Axes:
    """The ``top`` most central systems by betweenness, with their number of connections."""
    frame = data.head(top).iloc[::-1].reset_index(drop=True)
    ax = theme.axes(ax, size=(11.0, max(4.0, 0.5 * len(frame) + 2.0)))
    colours = [NODE_COLOURS["platform"] if r.routed else NODE_COLOURS[r.kind] for r in frame.itertuples()]
    ax.barh(range(len(frame)), frame["betweenness"], color=colours)
    for i, row in frame.iterrows():
        ax.text(
            row["betweenness"],
            i,
            "  " + i18n.t("architecture.chart.degree_note", language=language, degree=int(row["degree"])),
            va="center",
            fontsize=theme.BASE_FONT - 3,
        )
    ax.set_yticks(range(len(frame)), frame["name"].tolist())
    ax.set_xlim(0, max(0.05, float(frame["betweenness"].max()) * 1.3) if len(frame) else 1)
    theme.format_axis(ax, "x", percent=True, language=language)
    ax.set_xlabel(i18n.t("architecture.chart.betweenness_axis", language=language))
    ax.grid(axis="y", visible=False)
    theme.title(ax, i18n.t("architecture.chart.coupling_title", language=language))
    return ax


def comparison_chart(data: pd.DataFrame, *, ax: Axes | None = None, language: str | None = None) -> Axes:
    """The variants (from :func:`casekit.architecture.compare`) side by side on three measures."""
    import numpy as np

    measures = ["connections", "max_degree", "max_work"]
    ax = theme.axes(ax, size=(11.0, 5.5))
    width = 0.8 / max(1, len(data))
    colours = {"spaghetti": P2P_COLOUR, "today": theme.ROLE["today"], "platform": NODE_COLOURS["platform"]}
    xs = np.arange(len(measures))
    for i, row in enumerate(data.itertuples(index=False)):
        values = [getattr(row, m) for m in measures]
        bars = ax.bar(
            xs + (i - (len(data) - 1) / 2) * width,
            values,
            width * 0.95,
            color=colours.get(row.variant, theme.ROLE["benchmark"]),
            label=row.label,
        )
        for bar, value in zip(bars, values):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height(),
                i18n.format_number(value, language=language),
                ha="center",
                va="bottom",
                fontsize=theme.BASE_FONT - 3,
            )
    ax.set_xticks(
        xs, [textwrap.fill(i18n.t(f"architecture.measure.{m}", language=language), 22) for m in measures]
    )
    theme.format_axis(ax, "y", language=language)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right")
    theme.title(ax, i18n.t("architecture.chart.compare_title", language=language))
    return ax


def blast_chart(
    landscape: Landscape, system: str, *, ax: Axes | None = None, language: str | None = None
) -> Axes:
    """Replacing ``system``: partners that must change (left, vermillion) and partners shielded behind a
    platform (right, grey)."""
    radius = blast_radius(landscape, system)
    ax = theme.axes(ax, size=(11.0, 6.5))
    frame = landscape.integrations
    touching = frame[
        ((frame["source"] == system) | (frame["target"] == system)) & (frame["kind"] == "platform")
    ]
    platforms = sorted(set(touching["via"]))

    def column(items: list[str] | tuple[str, ...], x: float) -> dict[str, tuple[float, float]]:
        n = len(items)
        return {s: (x, (n - 1) / 2 - i) for i, s in enumerate(items)}

    changed = column(radius.partners_changed, -1.6)
    hubs = column(platforms, 1.2)
    shielded = column(radius.partners_shielded, 2.4)
    centre = (0.0, 0.0)
    for x, y in changed.values():
        ax.plot([centre[0], x], [centre[1], y], color=P2P_COLOUR, linewidth=2.2, zorder=1)
    for hx, hy in hubs.values():
        ax.plot([centre[0], hx], [centre[1], hy], color=PLATFORM_COLOUR, linewidth=3, zorder=1)
    for partner, (x, y) in shielded.items():
        route = touching[(touching["source"] == partner) | (touching["target"] == partner)]["via"]
        for hub in set(route):
            hx, hy = hubs[hub]
            ax.plot([hx, x], [hy, y], color="#B0B0B0", linewidth=1.5, linestyle="--", zorder=1)

    def node(key: str, xy: tuple[float, float], colour: str, align: str) -> None:
        ax.scatter([xy[0]], [xy[1]], s=260, color=colour, edgecolor="white", zorder=3)
        offset = {"left": -0.12, "right": 0.12, "center": 0.0}[align]
        ax.text(
            xy[0] + offset,
            xy[1] + (0.22 if align == "center" else 0),
            landscape.label(key, language),
            ha={"left": "right", "right": "left", "center": "center"}[align],
            va="center",
            fontsize=theme.BASE_FONT - 3,
            zorder=4,
        )

    node(system, centre, theme.ROLE["text"], "center")
    for key, xy in changed.items():
        node(key, xy, P2P_COLOUR, "left")
    for key, xy in hubs.items():
        node(key, xy, NODE_COLOURS["platform"], "center")
    for key, xy in shielded.items():
        node(key, xy, "#9A9A9A", "right")
    tallest = max(1, len(changed), len(shielded), len(hubs))
    ax.set_xlim(-3.4, 4.2)
    ax.set_ylim(-tallest / 2 - 0.5, tallest / 2 + 0.5)
    ax.set_axis_off()
    subtitle = i18n.t(
        "architecture.chart.blast_subtitle",
        language=language,
        rebuild=radius.rebuild,
        connectors=radius.connectors,
        changed=len(radius.partners_changed),
        shielded=len(radius.partners_shielded),
        reach=radius.reach,
    )
    title = i18n.t(
        "architecture.chart.blast_title", language=language, system=landscape.label(system, language)
    )
    return theme.title(ax, title, subtitle.replace("; ", ";\n"))


def variant_maps(landscape: Landscape, *, language: str | None = None) -> list[Axes]:
    """Two maps side by side: everything point to point, and everything internal through the platform."""
    fig = theme.figure(size=(22.0, 10.0), ncols=2)
    axes = list(fig.axes)
    for ax, variant, key in zip(
        axes, (to_spaghetti(landscape), to_platform(landscape)), ("spaghetti", "platform")
    ):
        landscape_map(
            variant, ax=ax, language=language, title=i18n.t(f"architecture.variant.{key}", language=language)
        )
    return axes
