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
from .charts import blast_chart, comparison_chart, coupling_chart, landscape_map, variant_maps
from .model import (
    DIRECTIONS,
    KINDS,
    Landscape,
    check_integrations,
    ensure_platform,
    entity_label,
    from_frames,
    load_landscape,
    load_sample,
    read_landscape,
    save_landscape,
)
from .sample import ENTITIES, sample_integrations, sample_systems, synthetic_frames
from .widgets import compare_table, landscape_editor, summary_card

__all__ = [
    "DIRECTIONS",
    "ENTITIES",
    "KINDS",
    "BlastRadius",
    "Landscape",
    "PlatformSavings",
    "blast_chart",
    "blast_radii",
    "blast_radius",
    "check_integrations",
    "compare",
    "compare_table",
    "comparison_chart",
    "connection_graph",
    "coupling",
    "coupling_chart",
    "ensure_platform",
    "entity_label",
    "flow_graph",
    "from_frames",
    "landscape_editor",
    "landscape_map",
    "load_landscape",
    "load_sample",
    "platform_savings",
    "read_landscape",
    "sample_integrations",
    "sample_systems",
    "save_landscape",
    "summary",
    "summary_card",
    "synthetic_frames",
    "to_platform",
    "to_spaghetti",
    "variant_maps",
]
