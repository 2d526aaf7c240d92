"""Life-event journeys across silos: which sectors and agencies a citizen meets, and where a
cross-functional team would remove handovers.

    >>> from casekit import services
    >>> frame = services.journey("having_a_child")             # the catalogue's sectors
    >>> services.handovers(frame)
    6
    >>> services.team_design(frame).members                    # the team that removes most handovers
    ('health_care', 'education')

The life events are in ``datasets/life_events.yaml`` (Digdir's priority life events and other common
ones). Marks, the sectors a leader group says touch each event, are stored as instrument ``life_events``.
"""

from .analysis import (
    INSTRUMENT,
    TeamDesign,
    apply_team,
    check_marks,
    cohort_handovers,
    cross_event_team,
    default_marks,
    handover_pairs,
    handovers,
    journey,
    load_marks,
    save_marks,
    sector_pairs,
    summary,
    team_design,
)
from .charts import handover_chart, pair_chart, swimlane
from .model import Actor, Catalogue, LifeEvent, Step, load_life_events, parse_life_events
from .widgets import (
    cohort_view,
    event_table,
    journey_chart,
    journey_explorer,
    prepare_marks,
    sample_marks,
    summary_table,
    team_card,
)

__all__ = [
    "INSTRUMENT",
    "Actor",
    "Catalogue",
    "LifeEvent",
    "Step",
    "TeamDesign",
    "apply_team",
    "check_marks",
    "cohort_handovers",
    "cohort_view",
    "cross_event_team",
    "default_marks",
    "event_table",
    "handover_chart",
    "handover_pairs",
    "handovers",
    "journey",
    "journey_chart",
    "journey_explorer",
    "load_life_events",
    "load_marks",
    "pair_chart",
    "parse_life_events",
    "prepare_marks",
    "sample_marks",
    "save_marks",
    "sector_pairs",
    "summary",
    "summary_table",
    "swimlane",
    "team_card",
    "team_design",
]
