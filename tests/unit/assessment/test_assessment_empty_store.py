"""A trainer's report against a store that has no answers yet must show empty views, not fail."""

import matplotlib

matplotlib.use("Agg")

from casekit import assessment


def test_empty_store_gives_empty_benchmark_and_views(tmp_path, close_figures):
    data = assessment.assessment_data(
        f"sqlite:///{tmp_path}/empty.sqlite", "capabilities", county="42", fallback=None
    )
    assert not data.sample
    table = data.benchmark().table(language="en")
    assert table.row_labels == [] and table.means.empty
    assessment.cohort_heatmap(data, language="en")
    assert "<tbody></tbody>" in str(assessment.response_overview(data, language="en"))
