"""Charts return Axes, use the participant's language and Norwegian number formats, and mark hidden
cells without colouring them by value."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.assessment import charts
from casekit.assessment.benchmark import build_benchmark
from casekit.assessment.scoring import item_distribution, profile, responses, score
from casekit.assessment.synthetic import cohort_answers

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture(scope="module")
def agder():
    resp = responses(cohort_answers("agder", "maturity"), "maturity")
    return resp, score(resp)


def _texts(ax):
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]


def test_dumbbell_with_faint_benchmark(agder):
    _, scores = agder
    mine = profile(scores[scores["municipality"] == "4204"], "maturity", language="nb")
    cohort = profile(scores, "maturity", language="nb")
    ax = charts.dumbbell(mine, benchmark=cohort, instrument="maturity", language="nb", title="Kristiansand")
    assert ax.get_title(loc="left") == "Kristiansand"
    assert "Strategi og styring" in _texts(ax)
    faint = [c for c in ax.collections if c.get_alpha() is not None and c.get_alpha() < 1]
    assert faint, "the benchmark is drawn faintly"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["I dag", "Ambisjon om 2–3 år"] and "kullet" in legend[2]
    gaps = [t for t in ax.texts if t.get_text().startswith("+")]
    assert gaps and all("," in t.get_text() for t in gaps)  # 1,0 in bokmål


def test_dumbbell_in_english_and_for_competence(agder):
    comp = responses(cohort_answers("agder", "competence"), "competence")
    mine = profile(score(comp), "competence", language="en")
    ax = charts.dumbbell(mine, language="en")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Current", "Required"]
    assert any(t.get_text().startswith("+") and "." in t.get_text() for t in ax.texts)


def test_diverging_bars(agder):
    resp, _ = agder
    dist = item_distribution(resp, "today", dimension="data")
    ax = charts.diverging_bars(dist, instrument="maturity", language="en")
    assert "Data and information management" in ax.get_title(loc="left")
    assert any("DA1" in label.get_text() for label in ax.get_yticklabels())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "1 Digitising today's work" and legend[-1] == "Don't know / not relevant"
    empty = charts.diverging_bars(dist.iloc[0:0], instrument="maturity", language="en")
    assert any("No answers" in t.get_text() for t in empty.texts)


def test_heatmap_marks_hidden_cells(agder):
    _, scores = agder
    table = build_benchmark(scores, "maturity").table(language="en")
    assert table.hidden.to_numpy().any()
    ax = charts.heatmap(table, instrument="maturity", language="en")
    hidden_words = [t for t in ax.texts if t.get_text() == "hidden"]
    assert len(hidden_words) == int(table.hidden.to_numpy().sum()) + int(table.total_hidden.sum())
    shown_numbers = [t.get_text() for t in ax.texts if t.get_text()[:1].isdigit()]
    assert len(shown_numbers) == int(table.shown().notna().to_numpy().sum()) + int(
        (~table.total_hidden).sum()
    )
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "The cohort"


def test_heatmap_by_county_says_so(agder):
    _, scores = agder
    table = build_benchmark(scores, "maturity").table(rows="county", language="en")
    ax = charts.heatmap(table, instrument="maturity", language="en")
    assert "counties and dimensions" in ax.get_title(loc="left")
    assert any("each row is a county" in t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Agder", "The cohort"]


def test_capability_grid_names_the_quadrants():
    points = pd.DataFrame({"x": [2.0, 4.0], "y": [4.0, 4.0], "kind": ["benchmark", "you"]})
    ax = charts.capability_grid(points, language="en")
    texts = [t.get_text() for t in ax.texts]
    assert {"Starting out", "Technology-driven", "Careful builders", "Transformers"} <= set(texts)
    assert "Digital capability" in ax.get_xlabel()
    with pytest.raises(KeyError):
        charts.capability_grid(points, instrument="maturity")


def test_competence_matrix_is_anonymous_with_you_first():
    gaps = pd.DataFrame(
        {
            "respondent": ["4228-r01", "4228-r01", "4228-r02", "4228-r02", "4228-r03", "4228-r03"],
            "area": ["data", "change"] * 3,
            "label": ["Data", "Change"] * 3,
            "gap": [2.0, 0.0, -1.0, 1.0, 3.0, float("nan")],
        }
    )
    ax = charts.competence_matrix(gaps, you="4228-r02", language="en")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["You", "Person 1", "Person 2"]
    assert "4228-r01" not in " ".join(t.get_text() for t in ax.texts)
    assert {"+2", "-1", "+1", "+3", "–"} <= {t.get_text().replace("−", "-") for t in ax.texts}


def test_benchmark_distribution_and_spider(agder):
    _, scores = agder
    bench = build_benchmark(scores, "maturity")
    rows = bench.for_municipality("4204", language="en")
    ax = charts.benchmark_distribution(
        rows, bench.distribution("4204", "county"), group="county", instrument="maturity", language="en"
    )
    assert "Agder" in ax.get_title(loc="left")
    assert any(t.get_text().startswith("percentile") for t in ax.texts)
    mine = profile(scores[scores["municipality"] == "4204"], "maturity", language="en")
    polar = charts.spider(mine, benchmark=profile(scores, "maturity"), instrument="maturity", language="en")
    assert polar.name == "polar"
    replaced = charts.spider(mine, ax=charts.theme.axes(), language="en")
    assert replaced.name == "polar"
