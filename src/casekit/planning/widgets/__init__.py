"""The follow-up tools, one module each, as views on :class:`casekit.ui.View`: the collaboration model
(the initiative form and the tracker), the strategy builder and the competence planner."""

from .collaboration import CollaborationModel, InitiativeForm, TrackerView
from .competence_planner import CompetencePlanner
from .strategy_builder import LinkRow, StrategyBuilder

__all__ = [
    "CollaborationModel",
    "CompetencePlanner",
    "InitiativeForm",
    "LinkRow",
    "StrategyBuilder",
    "TrackerView",
]
