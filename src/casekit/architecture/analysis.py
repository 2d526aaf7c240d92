"""Coupling, blast radius and what an integration platform changes: graph analysis with networkx.

Two graphs are used. The *connection graph* is undirected: a point-to-point integration links its two
systems; an integration through a platform links each end to the platform. Degree and betweenness are
measured on it. The *flow graph* is directed and ignores platforms: data goes from source to target (both
ways for a two-way exchange); it tells how far a change in one system reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import ArchitectureError
from .model import Landscape, close_matches, ensure_platform
from .sample import LOCAL_PLATFORM

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd


def connection_graph(landscape: Landscape) -> nx.Graph:
    """Undirected: systems, and an edge per pair of systems that maintain a connection to each other.
    Edge attribute ``integrations`` counts the integrations that use the connection."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(landscape.ids())
    for row in landscape.integrations.itertuples(index=False):
        pairs = (
            [(row.source, row.target)]
            if row.kind == "p2p"
            else [(row.source, row.via), (row.via, row.target)]
        )
        for a, b in pairs:
            if graph.has_edge(a, b):
                graph[a][b]["integrations"] += 1
            else:
                graph.add_edge(a, b, integrations=1)
    return graph


def flow_graph(landscape: Landscape) -> nx.DiGraph:
    """Directed: who sends data to whom (platforms left out; two-way exchanges both ways, with the edge
    attribute ``exchange`` set)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(landscape.ids())
    for row in landscape.integrations.itertuples(index=False):
        two_way = row.direction == "two-way"
        graph.add_edge(row.source, row.target, exchange=two_way)
        if two_way:
            graph.add_edge(row.target, row.source, exchange=True)
    return graph


def _one_way(flows: nx.DiGraph) -> nx.DiGraph:
    import networkx as nx

    return nx.subgraph_view(flows, filter_edge=lambda a, b: not flows[a][b]["exchange"])


def _reach(flows: nx.DiGraph, system: str, one_way: nx.DiGraph | None = None) -> int:
    """Systems a change in ``system`` reaches: everything downstream of its one-way flows, and its direct
    exchange partners (an exchange such as a login does not pass data on)."""
    import networkx as nx

    one_way = one_way if one_way is not None else _one_way(flows)
    partners = {b for b in flows.successors(system) if flows[system][b]["exchange"]}
    return len(nx.descendants(one_way, system) | partners)


def _ends(landscape: Landscape) -> dict[str, dict[str, Any]]:
    """Per system, in one pass over the integrations: its integrations, point-to-point partners and the
    platforms it uses."""
    ends: dict[str, dict[str, Any]] = {
        s: {"integrations": 0, "p2p": 0, "platform": 0, "partners": set(), "shielded": set(), "vias": set()}
        for s in landscape.ids()
    }
    for row in landscape.integrations.itertuples(index=False):
        for me, other in ((row.source, row.target), (row.target, row.source)):
            entry = ends[me]
            entry["integrations"] += 1
            if row.kind == "p2p":
                entry["p2p"] += 1
                entry["partners"].add(other)
            else:
                entry["platform"] += 1
                entry["shielded"].add(other)
                entry["vias"].add(row.via)
    return ends


def coupling(landscape: Landscape, *, language: str | None = None) -> pd.DataFrame:
    """Per system: connections (degree), point-to-point and platform integrations, and betweenness (the
    share of shortest paths between other systems that pass through it), most central first."""
    import networkx as nx
    import pandas as pd

    graph = connection_graph(landscape)
    between = nx.betweenness_centrality(graph, normalized=True)
    ends = _ends(landscape)
    routed = landscape.integrations["via"].value_counts().to_dict()
    rows = [
        {
            "system": system,
            "name": landscape.label(system, language),
            "kind": landscape.kind_of(system),
            "degree": graph.degree(system),
            "p2p": ends[system]["p2p"],
            "via_platform": ends[system]["platform"],
            "routed": int(routed.get(system, 0)),
            "betweenness": between[system],
        }
        for system in landscape.ids()
    ]
    out = pd.DataFrame(rows)
    return out.sort_values(["betweenness", "degree"], ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class BlastRadius:
    """What replacing one system touches."""

    system: str
    integrations: int  # integrations the system takes part in
    rebuild: int  # point-to-point integrations that must be rebuilt with the new system
    connectors: int  # platform connectors the new system needs (one per platform it uses)
    partners_changed: tuple[str, ...]  # systems at the other end of a point-to-point integration
    partners_shielded: tuple[str, ...]  # systems behind a platform: untouched by the replacement
    reach: int  # systems downstream of it in the flow graph

    @property
    def work(self) -> int:
        """Integration work for the replacement: rebuilt integrations plus platform connectors."""
        return self.rebuild + self.connectors


def blast_radius(landscape: Landscape, system: str) -> BlastRadius:
    """How far a replacement of ``system`` reaches (see :class:`BlastRadius`)."""
    if system not in landscape.ids():
        raise ArchitectureError(
            "architecture.error.unknown_system_edit",
            system=str(system),
            suggestions=close_matches(system, landscape.ids()),
        )
    entry = _ends(landscape)[system]
    return BlastRadius(
        system=system,
        integrations=entry["integrations"],
        rebuild=entry["p2p"],
        connectors=len(entry["vias"]),
        partners_changed=tuple(sorted(entry["partners"])),
        partners_shielded=tuple(sorted(entry["shielded"] - entry["partners"])),
        reach=_reach(flow_graph(landscape), system),
    )


def blast_radii(landscape: Landscape, *, language: str | None = None) -> pd.DataFrame:
    """:func:`blast_radius` for every system, largest replacement work first."""
    import pandas as pd

    flows = flow_graph(landscape)
    one_way = _one_way(flows)
    rows = []
    for system, entry in _ends(landscape).items():
        rows.append(
            {
                "system": system,
                "name": landscape.label(system, language),
                "integrations": entry["integrations"],
                "rebuild": entry["p2p"],
                "connectors": len(entry["vias"]),
                "work": entry["p2p"] + len(entry["vias"]),
                "partners_changed": len(entry["partners"]),
                "reach": _reach(flows, system, one_way),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["work", "reach"], ascending=False, kind="stable").reset_index(drop=True)


def _routable(landscape: Landscape, platform: str) -> pd.Series:
    """Point-to-point integrations between two municipal systems, neither of them the platform."""
    frame = landscape.integrations
    kinds = frame[["source", "target"]].apply(lambda col: col.map(landscape.kind_of))
    return (
        (frame["kind"] == "p2p")
        & (kinds["source"] == "municipal")
        & (kinds["target"] == "municipal")
        & (frame["source"] != platform)
        & (frame["target"] != platform)
    )


def to_platform(landscape: Landscape, *, platform: str = LOCAL_PLATFORM) -> Landscape:
    """The landscape with every point-to-point integration between municipal systems routed through the
    integration platform (added if missing). Integrations with national systems keep their route."""
    result = ensure_platform(landscape) if platform == LOCAL_PLATFORM else landscape
    if platform not in result.platforms():
        raise ArchitectureError(
            "architecture.error.via_not_platform",
            where=platform,
            via=platform,
            platforms=", ".join(result.platforms()) or "-",
        )
    frame = result.integrations.copy()
    mask = _routable(result, platform)
    frame.loc[mask, "kind"] = "platform"
    frame.loc[mask, "via"] = platform
    return Landscape(result.systems, frame, f"{landscape.name}:platform", landscape.notes)


def to_spaghetti(landscape: Landscape) -> Landscape:
    """The landscape with every integration point to point (no platform routes any more)."""
    frame = landscape.integrations.copy()
    frame["kind"] = "p2p"
    frame["via"] = ""
    return Landscape(landscape.systems, frame, f"{landscape.name}:spaghetti", landscape.notes)


@dataclass(frozen=True)
class PlatformSavings:
    """What routing the internal point-to-point integrations through a platform would change."""

    p2p_before: int  # internal point-to-point integrations today
    connectors: int  # new platform connectors needed (systems not yet connected to the platform)
    removed: int  # point-to-point integrations that disappear

    @property
    def net(self) -> int:
        """Fewer things to build and maintain (negative: the platform adds work in a small landscape)."""
        return self.removed - self.connectors


def platform_savings(landscape: Landscape, *, platform: str = LOCAL_PLATFORM) -> PlatformSavings:
    """How many point-to-point integrations a platform removes, and how many connectors it needs."""
    before = ensure_platform(landscape) if platform == LOCAL_PLATFORM else landscape
    internal = before.integrations[_routable(before, platform)]
    already = set(connection_graph(before).neighbors(platform)) if platform in before.ids() else set()
    ends = set(internal["source"]) | set(internal["target"])
    return PlatformSavings(p2p_before=len(internal), connectors=len(ends - already), removed=len(internal))


def summary(landscape: Landscape) -> dict[str, Any]:
    """Headline figures of one landscape."""
    import networkx as nx

    graph = connection_graph(landscape)
    between = nx.betweenness_centrality(graph, normalized=True) if graph.number_of_nodes() else {}
    degrees = dict(graph.degree())
    radii = blast_radii(landscape)
    frame = landscape.integrations
    hub = max(between, key=between.get) if between else ""
    return {
        "systems": len(landscape.ids()),
        "integrations": len(frame),
        "p2p": int((frame["kind"] == "p2p").sum()),
        "via_platform": int((frame["kind"] == "platform").sum()),
        "connections": graph.number_of_edges(),
        "max_degree": max(degrees.values()) if degrees else 0,
        "busiest": max(degrees, key=degrees.get) if degrees else "",
        "max_betweenness": between.get(hub, 0.0),
        "hub": hub,
        "mean_work": float(radii["work"].mean()) if len(radii) else 0.0,
        "max_work": int(radii["work"].max()) if len(radii) else 0,
    }


def compare(landscape: Landscape, *, language: str | None = None) -> pd.DataFrame:
    """Today's landscape next to its all-point-to-point ("spaghetti") and all-platform versions."""
    import pandas as pd

    variants = {
        "spaghetti": to_spaghetti(landscape),
        "today": landscape,
        "platform": to_platform(landscape),
    }
    rows = []
    for key, variant in variants.items():
        figures = summary(variant)
        figures["busiest"] = variant.label(figures["busiest"], language) if figures["busiest"] else ""
        figures["hub"] = variant.label(figures["hub"], language) if figures["hub"] else ""
        rows.append(
            {"variant": key, "label": i18n.t(f"architecture.variant.{key}", language=language), **figures}
        )
    return pd.DataFrame(rows)
