"""Follow-up: the collaboration model and initiative tracker, ambition and the one-page strategy, and
the leaders' competence development plans.

    >>> import casekit
    >>> from casekit import planning
    >>> wb = casekit.setup("nb", "4228", respondent="4228-r01", prefill="demo")
    >>> planning.workbook_store(wb)                        # the sample initiatives, saved once
    >>> planning.collaboration_model(wb, session="1c")     # the form and the tracker

Initiatives are stored append-only as instrument ``initiative:<id>`` (the newest save counts, every
earlier one is history; see :mod:`casekit.planning.tracker`), strategies as ``strategy``
(:mod:`~casekit.planning.strategy`, :mod:`~casekit.planning.onepage`) and development plans as
``competence_plan`` (:mod:`~casekit.planning.competence`). The views are in
:mod:`casekit.planning.widgets`, one module per tool.
"""

from .workbook import (
    ambition_chart,
    collaboration_model,
    competence_planner,
    gathering_notes,
    generation_plan,
    impact_effort,
    needs_chart,
    one_page_preview,
    option_table,
    plan_table,
    progress_summary,
    role_note,
    status_board,
    strategy_builder,
    timeline,
    workbook_gaps,
    workbook_profile,
    workbook_store,
)

__all__ = [
    "ambition_chart",
    "collaboration_model",
    "competence_planner",
    "gathering_notes",
    "generation_plan",
    "impact_effort",
    "needs_chart",
    "one_page_preview",
    "option_table",
    "plan_table",
    "progress_summary",
    "role_note",
    "status_board",
    "strategy_builder",
    "timeline",
    "workbook_gaps",
    "workbook_profile",
    "workbook_store",
]
