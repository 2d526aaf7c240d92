"""Self-assessment tools: digital maturity, organisational capabilities and leader-group competence.

The loop is question → answer → store → score → benchmark → chart:

* :mod:`.model` loads and validates the YAML item banks (``load_instrument``);
* :mod:`.scoring` turns answers into dimension scores (the 2/3 rule), gaps, agreement and bootstrap
  intervals; :mod:`.reliability` gives Cronbach's alpha and item–rest correlations;
* :mod:`.benchmark` compares a municipality with its county, size class, Digi-network and cohort, with
  :mod:`.privacy` hiding small groups and applying complementary suppression;
* :mod:`.charts` draws, :mod:`.widgets` asks, :mod:`.workbook` holds the notebooks' helpers (re-exported
  here) and :mod:`.synthetic` generates the sample cohorts.

    >>> import casekit
    >>> from casekit import assessment
    >>> wb = casekit.setup("nb", "4228")                               # doctest: +SKIP
    >>> assessment.questionnaire(wb, "maturity")                       # doctest: +SKIP
    >>> assessment.municipality_profile("answers.sqlite", "4228")      # doctest: +SKIP
"""

from __future__ import annotations

# The leader group's own results, which the planning notebooks build on.
from .scoring import competence_gaps, municipality_profile
from .workbook import (
    AssessmentData,
    agreement_view,
    answer_distribution_view,
    assessment_data,
    barriers_and_opportunities,
    benchmark_chart,
    benchmark_explorer,
    benchmark_table,
    capability_start,
    close_charts,
    cohort_data,
    cohort_heatmap,
    competence_matrix_view,
    competence_profile_view,
    generation_gap_view,
    largest_gap,
    leader_group,
    level_guide,
    municipality_profile_view,
    my_profile,
    notes,
    questionnaire,
    reliability_view,
    response_overview,
    role_table,
)

__all__ = [
    "AssessmentData",
    "agreement_view",
    "answer_distribution_view",
    "assessment_data",
    "barriers_and_opportunities",
    "benchmark_chart",
    "benchmark_explorer",
    "benchmark_table",
    "capability_start",
    "close_charts",
    "cohort_data",
    "cohort_heatmap",
    "competence_gaps",
    "competence_matrix_view",
    "competence_profile_view",
    "generation_gap_view",
    "largest_gap",
    "leader_group",
    "level_guide",
    "municipality_profile",
    "municipality_profile_view",
    "my_profile",
    "notes",
    "questionnaire",
    "reliability_view",
    "response_overview",
    "role_table",
]
