"""Self-assessment tools: digital maturity, organisational capabilities and leader-group competence.

The loop is question → answer → store → score → benchmark → chart:

* :mod:`.model` loads and validates the YAML item banks (``load_instrument``);
* :mod:`.scoring` turns answers into dimension scores (the 2/3 rule), gaps, agreement and bootstrap
  intervals; :mod:`.reliability` gives Cronbach's alpha and item–rest correlations;
* :mod:`.benchmark` compares a municipality with its county, size class, Digi-network and cohort, with
  :mod:`.privacy` hiding small groups and applying complementary suppression;
* :mod:`.charts` draws, :mod:`.widgets` asks, :mod:`.workbook` holds the notebooks' one-line helpers and
  :mod:`.synthetic` generates the sample cohorts.

    >>> from casekit import assessment
    >>> assessment.municipality_profile("answers.sqlite", "4228")      # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

from .model import SHIPPED, Instrument, load_instrument, shipped

_LAZY = {
    # scoring
    "TWO_THIRDS": "scoring",
    "Responses": "scoring",
    "responses": "scoring",
    "responses_from_store": "scoring",
    "responses_from_answers": "scoring",
    "score": "scoring",
    "profile": "scoring",
    "municipality_profile": "scoring",
    "competence_gaps": "scoring",
    "gaps_table": "scoring",
    "agreement": "scoring",
    "agreement_prompts": "scoring",
    "bootstrap_ci": "scoring",
    "group_means": "scoring",
    "item_distribution": "scoring",
    # reliability
    "cronbach_alpha": "reliability",
    "item_rest_correlations": "reliability",
    "reliability": "reliability",
    # benchmarks and privacy
    "Benchmark": "benchmark",
    "build_benchmark": "benchmark",
    "compare": "benchmark",
    "cohort_profile": "benchmark",
    "answer_distribution": "benchmark",
    "suppress": "privacy",
    "check_min_group_size": "privacy",
    # synthetic data
    "fill_store": "synthetic",
    "demo_answers": "synthetic",
    # notebooks
    "AssessmentData": "workbook",
    "assessment_data": "workbook",
    "questionnaire": "workbook",
    "level_guide": "workbook",
    "my_profile": "workbook",
    "municipality_profile_view": "workbook",
    "agreement_view": "workbook",
    "benchmark_table": "workbook",
    "benchmark_chart": "workbook",
    "benchmark_explorer": "workbook",
    "cohort_heatmap": "workbook",
    "answer_distribution_view": "workbook",
    "barriers_and_opportunities": "workbook",
    "competence_matrix_view": "workbook",
    "competence_profile_view": "workbook",
    "role_table": "workbook",
    "response_overview": "workbook",
    "reliability_view": "workbook",
    "close_charts": "workbook",
    "notes": "workbook",
    "largest_gap": "workbook",
}

__all__ = ["SHIPPED", "Instrument", "load_instrument", "shipped", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    if name in {
        "charts",
        "widgets",
        "workbook",
        "synthetic",
        "scoring",
        "benchmark",
        "privacy",
        "reliability",
    }:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'casekit.assessment' has no attribute {name!r}")
