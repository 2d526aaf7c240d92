"""Life-event journeys across silos: which sectors and agencies a citizen meets, and where a
cross-functional team would remove handovers.

    >>> import casekit
    >>> from casekit import services
    >>> wb = casekit.setup("en", "4228")
    >>> marks = services.prepare_marks(wb)                   # what the leader group marked
    >>> services.journey_chart(wb, "having_a_child", marks)  # the swimlane of one life event
    >>> services.team_card(wb, marks)                        # the team that removes most handovers

The functions behind them are in :mod:`casekit.services.analysis` (``journey``, ``handovers``,
``team_design``, ...), pure functions over the catalogue. The life events are in
``datasets/life_events.yaml`` (Digdir's priority life events and other common ones). Marks, the sectors a
leader group says touch each event, are stored as instrument ``life_events``.
"""

from .workbook import (
    cohort_view,
    event_table,
    gathering_team,
    handover_chart,
    journey_chart,
    journey_explorer,
    pair_chart,
    prepare_marks,
    saved_marks,
    summary_table,
    team_card,
)

__all__ = [
    "cohort_view",
    "event_table",
    "gathering_team",
    "handover_chart",
    "journey_chart",
    "journey_explorer",
    "pair_chart",
    "prepare_marks",
    "saved_marks",
    "summary_table",
    "team_card",
]
