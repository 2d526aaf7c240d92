"""Modular IT architecture: a municipal IT landscape as a graph, and what an integration platform does
to coupling and to the work of replacing a system.

    >>> from casekit import architecture as arch
    >>> sample = arch.load_sample()
    >>> arch.coupling(sample).head(3)                  # the most central systems
    >>> arch.blast_radius(sample, "case_archive").work # integrations to rebuild plus connectors
    >>> arch.compare(sample)                           # spaghetti, today and platform side by side

networkx is imported inside the functions that need it, never when casekit is imported.
"""

from .analysis import (
    BlastRadius,
    PlatformSavings,
    blast_radii,
    blast_radius,
    compare,
    connection_graph,
    coupling,
    flow_graph,
    platform_savings,
    summary,
    to_platform,
    to_spaghetti,
)
from .model import (
    DIRECTIONS,
    KINDS,
    Landscape,
    check_integrations,
    ensure_platform,
    entity_label,
    from_frames,
    load_sample,
    read_landscape,
)
from .sample import ENTITIES, sample_integrations, sample_systems, synthetic_frames

__all__ = [
    "DIRECTIONS",
    "ENTITIES",
    "KINDS",
    "BlastRadius",
    "Landscape",
    "PlatformSavings",
    "blast_radii",
    "blast_radius",
    "check_integrations",
    "compare",
    "connection_graph",
    "coupling",
    "ensure_platform",
    "entity_label",
    "flow_graph",
    "from_frames",
    "load_sample",
    "platform_savings",
    "read_landscape",
    "sample_integrations",
    "sample_systems",
    "summary",
    "synthetic_frames",
    "to_platform",
    "to_spaghetti",
]
