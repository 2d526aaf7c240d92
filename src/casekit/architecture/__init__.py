"""Modular IT architecture: a municipal IT landscape as a graph, and what an integration platform does
to coupling and to the work of replacing a system.

    >>> import casekit
    >>> from casekit import architecture
    >>> wb = casekit.setup("en", "4228")
    >>> landscape = architecture.workbook_landscape(wb)          # saved, else the sample
    >>> architecture.blast_chart(wb, landscape, "case_archive")  # what replacing one system touches

The pre-work (4a) saves the municipality's own main systems (:mod:`.inventory`), the gathering day (4b)
edits the landscape, and the follow-up (4c) writes a decision note on a planned replacement
(:mod:`.decision`), saved and exported as HTML and Markdown.

The analysis is in :mod:`casekit.architecture.analysis` (``coupling``, ``blast_radius``, ``compare``)
over the landscapes of :mod:`casekit.architecture.model`. networkx is imported inside the functions that
need it, never when casekit is imported.
"""

from .workbook import (
    blast_chart,
    compare_table,
    comparison_chart,
    coupling_chart,
    decision_note,
    landscape_editor,
    landscape_map,
    landscape_note,
    summary_card,
    systems_checklist,
    variant_maps,
    workbook_landscape,
)

__all__ = [
    "blast_chart",
    "compare_table",
    "comparison_chart",
    "coupling_chart",
    "decision_note",
    "landscape_editor",
    "landscape_map",
    "landscape_note",
    "summary_card",
    "systems_checklist",
    "variant_maps",
    "workbook_landscape",
]
