"""The IT-architecture workbooks' cells (module 4: the pre-work 4a, the gathering day 4b and the follow-up
4c): one short helper per cell, each taking the workbook session. The landscape starts from what the
respondent saved, else what the municipality saved, else the sample."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import ui
from . import charts, views
from .analysis import compare, coupling
from .model import Landscape, load_landscape, saved_landscape
from .widgets import DecisionNoteView, LandscapeEditor, SystemsChecklist

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..session import Workbook


def workbook_landscape(wb: Workbook) -> Landscape:
    """The respondent's latest landscape, else the municipality's, else the sample."""
    return load_landscape(wb.store, respondent=wb.respondent or None, municipality=wb.number)


def summary_card(wb: Workbook, landscape: Landscape) -> ui.HTMLBlock:
    """Headline figures and what a platform would remove."""
    return views.summary_card(landscape, language=wb.language)


def landscape_map(wb: Workbook, landscape: Landscape) -> Axes:
    """Every system and connection on one map."""
    return charts.landscape_map(landscape, language=wb.language)


def coupling_chart(wb: Workbook, landscape: Landscape) -> Axes:
    """The most central systems."""
    return charts.coupling_chart(coupling(landscape, language=wb.language), language=wb.language)


def blast_chart(wb: Workbook, landscape: Landscape, system: str) -> Axes:
    """What replacing ``system`` touches."""
    return charts.blast_chart(landscape, system, language=wb.language)


def compare_table(wb: Workbook, landscape: Landscape) -> ui.HTMLBlock:
    """Everything point to point, today and everything through the platform, measure by measure."""
    return views.compare_table(landscape, language=wb.language)


def comparison_chart(wb: Workbook, landscape: Landscape) -> Axes:
    """The three variants side by side on three measures."""
    return charts.comparison_chart(compare(landscape, language=wb.language), language=wb.language)


def variant_maps(wb: Workbook, landscape: Landscape) -> list[Axes]:
    """Two maps side by side: everything point to point, and everything internal through the platform."""
    return charts.variant_maps(landscape, language=wb.language)


def landscape_note(wb: Workbook) -> ui.HTMLBlock:
    """Where the landscape comes from: the pre-work, the gathering day or the follow-up (and when), or the
    sample when nothing is saved."""
    landscape, submission = saved_landscape(
        wb.store, respondent=wb.respondent or None, municipality=wb.number
    )
    return views.landscape_note(landscape, submission, language=wb.language)


def systems_checklist(wb: Workbook) -> SystemsChecklist:
    """The pre-work: the municipality's own main systems, saved for the gathering day."""
    return SystemsChecklist(wb)


def landscape_editor(wb: Workbook, *, phase: str = "") -> LandscapeEditor:
    """The landscape editor (see :class:`~casekit.architecture.widgets.LandscapeEditor`); ``phase`` is
    recorded with each save."""
    return LandscapeEditor(wb, phase=phase)


def decision_note(
    wb: Workbook, editor: LandscapeEditor | None = None, *, export_folder: str = "decision-notes"
) -> DecisionNoteView:
    """The follow-up's decision note on a planned replacement, following ``editor``'s landscape."""
    return DecisionNoteView(wb, editor, export_folder=export_folder)
