"""The notebooks' one-line helpers: where the data comes from, sample-data labelling and privacy."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from casekit import assessment
from casekit.assessment.synthetic import fill_store, load
from casekit.store import SQLStore

pytestmark = pytest.mark.usefixtures("close_figures")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A real store holding the synthetic Agder cohort (all three instruments)."""
    from casekit.store import normalise_url

    url = normalise_url(tmp_path_factory.mktemp("store") / "agder.sqlite")
    fill_store(SQLStore(url), "agder")
    return url


def test_an_empty_store_falls_back_to_labelled_sample_data(store_url):
    data = assessment.assessment_data(store_url, "maturity", municipality="4228")
    assert data.sample and data.cohort == "agder" and data.respondents == len(load("agder"))
    assert "EKSEMPELDATA" in str(data.notice("nb")) and "SAMPLE DATA" in str(data.notice("en"))
    assert data.label("en") == "sample data for Agder (synthetic)"
    none = assessment.assessment_data(store_url, "maturity", fallback=None)
    assert not none.sample and none.respondents == 0


def test_a_filled_store_is_used_as_it_is(filled):
    data = assessment.assessment_data(filled, "maturity", county="42")
    assert not data.sample and data.respondents == len(load("agder"))
    assert f"({data.respondents} respondents)" in str(data.notice("en"))
    elsewhere = assessment.assessment_data(filled, "maturity", county="03")
    assert elsewhere.sample  # no Oslo answers in the store: sample data, labelled


def test_questionnaire_helper_uses_the_store_and_the_cohort_benchmark(filled):
    form = assessment.questionnaire(
        "maturity", municipality="Sirdal", language="en", store_url=filled, respondent="4228-r77"
    )
    assert form.municipality == "4228" and form.benchmark_label == "the cohort"
    assert form.benchmark["today"].notna().all()
    assert form.submitted is None and "Fill in" in str(assessment.my_profile(form))


def test_my_profile_after_submitting(store_url):
    form = assessment.questionnaire(
        "capabilities",
        municipality="4228",
        language="en",
        store_url=store_url,
        prefill="demo",
        respondent="4228-r77",
    )
    text = str(assessment.my_profile(form))
    assert "Your position:" in text
    import matplotlib.pyplot as plt

    assert len(plt.get_fignums()) == 2  # the profile and the 2×2 grid


def test_level_guide_lists_every_dimension_and_level():
    html = str(assessment.level_guide("maturity", language="en"))
    for label in ("Strategy and governance", "Competence", "5 Transforming"):
        assert label in html


def test_gathering_views_respect_the_minimum_group_size(filled):
    data = assessment.assessment_data(filled, "maturity", municipality="4228", min_group_size=5)
    sizes = data.scores().groupby("municipality")["respondent"].nunique()
    small = sizes[sizes < 5].index[0]
    large = sizes[sizes >= 5].index[0]
    for view in (
        assessment.municipality_profile_view,
        assessment.agreement_view,
        assessment.barriers_and_opportunities,
    ):
        assert "from 5 respondents" in str(view(data, small, language="en"))
    assert assessment.municipality_profile_view(data, large, language="en") is None
    assert "differently" in str(assessment.agreement_view(data, large, language="en"))
    assert "Barriers and opportunities" in str(
        assessment.barriers_and_opportunities(data, large, language="en")
    )
    focus = assessment.largest_gap(data, large)
    assert focus in {d.id for d in data.instrument.dimensions}
    assert assessment.answer_distribution_view(data, large, focus, language="en") is None
    assert "from 5 respondents" in str(assessment.answer_distribution_view(data, small, focus, language="en"))


def test_benchmark_views(filled):
    data = assessment.assessment_data(filled, "maturity", municipality="4204")
    html = str(assessment.benchmark_table(data, "4204", language="en"))
    assert "Agder" in html and "Digi Agder" in html and "Percentile" in html
    assessment.benchmark_chart(data, "4204", "size", language="en")
    assessment.cohort_heatmap(data, perspective="ambition", language="en")
    assert len(plt.gca().get_yticklabels()) == data.benchmark("ambition").municipalities + 1
    explorer = assessment.benchmark_explorer(data, "4204", language="en")
    assert explorer.chart.value


def test_a_cohort_too_large_to_list_gets_one_heatmap_row_per_county(filled, monkeypatch):
    from casekit import theme

    data = assessment.assessment_data(filled, "maturity", county="42")
    monkeypatch.setattr(theme, "MAX_MUNICIPALITY_ROWS", data.benchmark().municipalities - 1)
    assessment.cohort_heatmap(data, language="nb")
    assert [t.get_text() for t in plt.gca().get_yticklabels()] == ["Agder", "Kohorten"]
    assert "fylker og dimensjoner" in plt.gca().get_title(loc="left")


def test_competence_views_hide_other_people_in_small_groups(filled):
    data = assessment.assessment_data(filled, "competence", municipality="4228")
    sizes = data.scores().groupby("municipality")["respondent"].nunique()
    small = sizes[sizes < 5].index[0]
    me = f"{small}-r01"
    note = assessment.competence_matrix_view(data, small, respondent=me, language="en")
    assert "from 5 respondents" in str(note)
    import matplotlib.pyplot as plt

    ax = plt.gcf().axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["You"]
    plt.close("all")
    nobody = assessment.competence_matrix_view(data, small, respondent="", language="en")
    assert "from 5 respondents" in str(nobody) and not plt.get_fignums()  # no one else's row is drawn
    assert assessment.competence_profile_view(data, language="en") is None
    assert "from 5 respondents" in str(assessment.competence_profile_view(data, small, language="en"))
    roles = str(assessment.role_table(data, language="en"))
    assert "Chief municipal executive" in roles and "(n=" in roles


def test_trainer_views(filled):
    data = assessment.assessment_data(filled, "maturity", county="42")
    overview = str(assessment.response_overview(data, language="en"))
    assert "Sirdal" in overview and "no, too few" in overview
    assert "Cronbach" in str(assessment.reliability_view(data, language="en"))
    notes = assessment.notes(
        "roles", municipality="4228", store_url=filled, respondent="4228-r01", language="en"
    )
    assert notes.fields["role"].placeholder
