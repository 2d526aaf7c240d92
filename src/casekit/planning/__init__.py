"""Follow-up: the collaboration model and initiative tracker, ambition and the one-page strategy, and
the leaders' competence development plans.

    >>> from casekit import planning
    >>> store = planning.open_store("answers.sqlite")
    >>> planning.save_initiative(store, {"goal": "One point of contact for young families", "effort": 3},
    ...                          respondent="4228-r01", municipality="4228", session="1c")
    >>> planning.initiatives(store, "4228")[["label", "status"]]

Initiatives are stored append-only as instrument ``initiative:<id>`` (the newest save counts, every
earlier one is history), strategies as ``strategy`` and development plans as ``competence_plan``.
"""

from .charts import STATUS_COLOURS, ambition_chart, impact_effort, needs_chart, progress_chart, timeline
from .competence import (
    GAP_COLUMNS,
    OPTIONS,
    check_action,
    check_gaps,
    group_needs,
    load_plan,
    plans,
    save_plan,
    suggest_plan,
)
from .model import (
    DIMENSIONS,
    HORIZONS,
    STATUSES,
    Initiative,
    PlanLink,
    Strategy,
    dimension_label,
    make_initiative,
)
from .onepage import export_one_page, md_escape, one_page_html, one_page_markdown
from .sample import prefill_initiatives, prefill_strategy, sample_initiatives
from .strategy import (
    ambition_table,
    check_profile,
    check_targets,
    default_targets,
    empty_profile,
    load_strategy,
    make_strategy,
    protect,
    save_strategy,
)
from .tracker import (
    history,
    initiatives,
    open_store,
    progress,
    save_initiative,
    schedule,
    sessions,
    snapshot,
)
from .views import initiative_table, progress_table, status_board
from .widgets import (
    collaboration_model,
    competence_planner,
    initiative_form,
    one_page_preview,
    option_table,
    plan_table,
    progress_summary,
    strategy_builder,
    tracker_view,
    workbook_gaps,
    workbook_profile,
    workbook_store,
)

__all__ = [
    "DIMENSIONS",
    "GAP_COLUMNS",
    "HORIZONS",
    "OPTIONS",
    "STATUSES",
    "STATUS_COLOURS",
    "Initiative",
    "PlanLink",
    "Strategy",
    "ambition_chart",
    "ambition_table",
    "check_action",
    "check_gaps",
    "check_profile",
    "check_targets",
    "collaboration_model",
    "competence_planner",
    "default_targets",
    "dimension_label",
    "empty_profile",
    "export_one_page",
    "group_needs",
    "history",
    "impact_effort",
    "initiative_form",
    "initiative_table",
    "initiatives",
    "load_plan",
    "load_strategy",
    "make_initiative",
    "make_strategy",
    "md_escape",
    "needs_chart",
    "one_page_html",
    "one_page_markdown",
    "one_page_preview",
    "open_store",
    "option_table",
    "plan_table",
    "plans",
    "prefill_initiatives",
    "prefill_strategy",
    "progress",
    "progress_chart",
    "progress_summary",
    "progress_table",
    "protect",
    "sample_initiatives",
    "save_initiative",
    "save_plan",
    "save_strategy",
    "schedule",
    "sessions",
    "snapshot",
    "status_board",
    "strategy_builder",
    "suggest_plan",
    "timeline",
    "tracker_view",
    "workbook_gaps",
    "workbook_profile",
    "workbook_store",
]
