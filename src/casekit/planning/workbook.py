"""The follow-up workbooks' cells: one short helper per cell, each taking the workbook session.

Module 1 (``1c``) keeps the collaboration model and the initiative tracker, module 2 (``2c``) the leaders'
development plans, module 3 (``3c``) the ambition and the one-page strategy; module 4 shows the
initiatives on technology. With a sample session (``prefill="demo"``) each workbook starts from sample
answers, saved once, so a demonstration has something to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import i18n, ui
from ..assessment.model import load_instrument
from ..assessment.published import published_group
from ..assessment.scoring import gaps_table, profile, responses, responses_from_answers, score
from ..assessment.synthetic import fill_store
from . import charts, views
from .competence import OPTIONS, group_needs, load_plan
from .onepage import one_page_html
from .sample import prefill_initiatives, prefill_plan, prefill_strategy
from .strategy import ambition_table, empty_profile, gap_coverage, load_strategy, protect
from .tracker import initiatives, progress, sessions
from .widgets import CollaborationModel, CompetencePlanner, StrategyBuilder

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

    from ..session import Workbook
    from ..store import Store


def _note(wb: Workbook, key: str) -> ui.HTMLBlock:
    return ui.HTMLBlock(ui.message_html(wb.t(key), "info"))


# --- module 1: the collaboration model and the tracker ----------------------------------------------------


def workbook_store(wb: Workbook) -> Store:
    """The session's store; in a sample session a municipality without initiatives first gets the sample
    ones (saved under the respondent), so the tracker has something to show."""
    if wb.sample and wb.respondent:
        prefill_initiatives(wb.store, wb.number, wb.respondent, language=wb.language)
    return wb.store


def collaboration_model(wb: Workbook, *, session: str = "") -> CollaborationModel:
    """The initiative form and the tracker together; saves are made in the follow-up ``session``."""
    return CollaborationModel(wb, session=session)


def status_board(wb: Workbook, *, dimension: str | None = None) -> ui.HTMLBlock:
    """The municipality's initiatives by status (with ``dimension`` only those on that maturity
    dimension, such as ``technology`` in module 4)."""
    frame = initiatives(wb.store, wb.number, dimension=dimension)
    return views.status_board(frame, language=wb.language)


def impact_effort(wb: Workbook, *, dimension: str | None = None) -> Axes:
    """The municipality's initiatives on the impact/effort matrix."""
    frame = initiatives(wb.store, wb.number, dimension=dimension)
    return charts.impact_effort(frame, language=wb.language)


def timeline(wb: Workbook) -> Axes:
    """The municipality's initiatives on a timeline."""
    return charts.timeline(initiatives(wb.store, wb.number), language=wb.language)


def progress_summary(wb: Workbook) -> ui.HTMLBlock:
    """Progress between the last two sessions with saved initiatives, or a note that there is only one."""
    order = sessions(wb.store, wb.number)
    if len(order) < 2:
        return _note(wb, "planning.tracker.one_session")
    frame = progress(wb.store, wb.number, order[-2], order[-1], language=wb.language)
    return views.progress_table(frame, language=wb.language)


# --- module 2: the competence development plan --------------------------------------------------------


def _fill_demo(wb: Workbook, instrument: str) -> None:
    """Save the synthetic Agder leader group of the municipality for one instrument (demos only). A
    municipality outside the synthetic cohort gets nothing."""
    fill_store(wb.store, "agder", instruments=(instrument,), municipalities=[wb.number])


def workbook_gaps(wb: Workbook) -> pd.DataFrame:
    """The leader group's competence gaps (``casekit.assessment.scoring.gaps_table``): the colleagues'
    as published (:mod:`casekit.assessment.published`) and the respondent's own as saved. In a sample
    session with no answers yet, the synthetic leader group is saved first."""
    gaps = _gaps(wb)
    if wb.sample and gaps.empty:
        _fill_demo(wb, "competence")
        gaps = _gaps(wb)
    return gaps


def _gaps(wb: Workbook) -> pd.DataFrame:
    import pandas as pd

    inst = load_instrument("competence")
    group = published_group(wb.store, wb.number, inst)
    group = group[group["respondent"] != wb.respondent]
    parts = [gaps_table(score(responses(group, inst)), inst, language=wb.language)]
    own = wb.store.latest(wb.respondent, inst.id, status="final") if wb.respondent else None
    if own is not None:
        mine = responses_from_answers(own.answers, inst, respondent=wb.respondent, municipality=wb.number)
        parts.append(gaps_table(score(mine), inst, language=wb.language))
    return pd.concat(parts, ignore_index=True)


def needs_chart(wb: Workbook, gaps: pd.DataFrame) -> Axes:
    """How many in the leader group need development per area (hidden for a small group)."""
    return charts.needs_chart(group_needs(gaps, language=wb.language), language=wb.language)


def option_table(wb: Workbook) -> ui.HTMLBlock:
    """The ways to develop competence, from light to heavy, with what each is good for."""
    rows = [[wb.t(f"planning.option.{o}"), wb.t(f"planning.option_help.{o}")] for o in OPTIONS]
    return ui.table(
        [wb.t("planning.planner.option"), wb.t("planning.planner.good_for")],
        rows,
        caption=wb.t("planning.planner.options_caption"),
    )


def competence_planner(wb: Workbook, gaps: pd.DataFrame) -> CompetencePlanner:
    """The respondent's development plan. In a sample session a leader without a saved plan gets the
    suggestion saved as a start."""
    if wb.sample and wb.respondent:
        prefill_plan(wb.store, wb.number, wb.respondent, gaps, language=wb.language)
    return CompetencePlanner(wb, gaps)


def plan_table(wb: Workbook, member: str | None = None) -> ui.HTMLBlock:
    """A member's saved development plan (the respondent's by default): what, how and by when, and the
    reflection."""
    member = wb.respondent if member is None else member
    actions, reflection = load_plan(wb.store, member) if member else ({}, "")
    if not actions and not reflection:
        return _note(wb, "planning.planner.none_saved")
    rows = [
        [a["what"], wb.t(f"planning.option.{a['how']}"), i18n.format_date(a["by"], language=wb.language)]
        for a in actions.values()
    ]
    columns = [wb.t(f"planning.planner.{key}") for key in ("what", "how", "by")]
    table = ui.table(columns, rows, caption=wb.t("planning.planner.plan_caption")).markup
    label = wb.t("planning.planner.reflection")
    note = f"<p><b>{ui.escape(label)}:</b> {ui.escape(reflection)}</p>" if reflection else ""
    return ui.HTMLBlock(table + note)


def role_note(wb: Workbook) -> ui.HTMLBlock:
    """The role the respondent wrote down at the gathering day (2b), the plan's starting point; or a note
    that none was saved."""
    saved = wb.store.latest(wb.respondent, "notes:roles", status="final") if wb.respondent else None
    if saved is None:
        return _note(wb, "planning.planner.no_role")
    labels = {f: wb.t(f"assessment.notes.roles.{f}.label") for f in ("role", "development")}
    note = {f: str(saved.answers.get(f, "")).strip() for f in labels}
    return views.notes_list([note], labels, heading=wb.t("planning.planner.role_heading"))


# --- module 3: ambition and the one-page strategy -----------------------------------------------------


def workbook_profile(wb: Workbook) -> pd.DataFrame:
    """The municipality's maturity profile (``casekit.assessment.scoring.profile``: today and the
    ambition from the module 3 pre-work), as published (:mod:`casekit.assessment.published`), so it
    changes only by at least ``min_group_size`` leaders at a time. In a sample session with no answers
    yet, the synthetic leader group is saved first, so a demonstration shows a real profile."""
    found = _profile(wb)
    if wb.sample and not wb.store.submissions("maturity", municipality=wb.number):
        _fill_demo(wb, "maturity")
        found = _profile(wb)
    return found


def _profile(wb: Workbook) -> pd.DataFrame:
    inst = load_instrument("maturity")
    group = published_group(wb.store, wb.number, inst)
    return profile(score(responses(group, inst)), inst, language=wb.language)


def ambition_chart(wb: Workbook, profile: pd.DataFrame) -> Axes:
    """Today, the pre-work ambition and the starting targets per dimension."""
    return charts.ambition_chart(ambition_table(profile, language=wb.language), language=wb.language)


def strategy_builder(
    wb: Workbook, profile: pd.DataFrame | None = None, *, export_folder: str = "strategy"
) -> StrategyBuilder:
    """The strategy builder. In a sample session a municipality without a strategy gets a sample one to
    start from."""
    if wb.sample and wb.respondent:
        start = protect(profile) if profile is not None else empty_profile(wb.language)
        prefill_strategy(wb.store, wb.number, wb.respondent, start, language=wb.language)
    return StrategyBuilder(wb, profile, export_folder=export_folder)


def one_page_preview(wb: Workbook, profile: pd.DataFrame | None = None) -> ui.HTMLBlock:
    """The municipality's saved one-page strategy in a frame (no scripts run in it), or a note that none
    is saved yet."""
    saved = load_strategy(wb.store, wb.number)
    if saved is None:
        return _note(wb, "planning.builder.none_saved")
    page = one_page_html(saved, initiatives(wb.store, wb.number), profile, language=wb.language)
    return ui.page_frame(wb.t("planning.builder.preview"), page, height=720)


#: The gathering-day notes (3b) the follow-up (3c) starts from: instrument → the fields to show.
GATHERING_NOTES = {
    "notes:generation_gap": ("priority", "prerequisites"),
    "notes:barriers": ("barriers", "opportunities"),
    "notes:politicians": ("plan", "reporting"),
}


def gathering_notes(wb: Workbook) -> ui.HTMLBlock:
    """What the leader group wrote at the gathering day (3b): the generation gap, barriers and
    opportunities, and the input from the politicians' short track, newest per person, without names; or
    a note that nothing was saved."""
    blocks = []
    for instrument, fields in GATHERING_NOTES.items():
        subs = wb.store.submissions(instrument, municipality=wb.number, status="final")
        notes = [{f: str(sub.answers.get(f, "")).strip() for f in fields} for sub in subs]
        notes = [n for n in notes if any(n.values())]
        if notes:
            topic = instrument.split(":", 1)[1]
            labels = {f: wb.t(f"assessment.notes.{topic}.{f}.label") for f in fields}
            blocks.append(views.notes_list(notes, labels, heading=wb.t(f"assessment.notes.{topic}.title")))
    if not blocks:
        return _note(wb, "planning.coverage.no_notes")
    return ui.HTMLBlock("".join(b.markup for b in blocks))


def generation_plan(wb: Workbook, profile: pd.DataFrame) -> ui.HTMLBlock:
    """How the saved strategy closes the generation gap per dimension: today's generation, the target's,
    and the strategy's initiatives on each dimension; or a note that no strategy is saved yet."""
    saved = load_strategy(wb.store, wb.number)
    if saved is None:
        return _note(wb, "planning.builder.none_saved")
    frame = gap_coverage(profile, saved, initiatives(wb.store, wb.number), language=wb.language)
    return views.coverage_table(frame, language=wb.language)
