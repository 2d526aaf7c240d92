"""The notebooks' one-line helpers: where the data comes from, sample-data labelling and privacy."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import casekit
from casekit import assessment, municipalities
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


def test_cohort_data_reads_the_sessions_store_and_county(filled):
    wb = casekit.setup("en", "4228", store_url=filled)
    data = assessment.cohort_data(wb, "maturity")
    agder = {m.number for m in municipalities.in_county("42")}
    assert not data.sample and set(data.answers["municipality"]) <= agder
    oslo = assessment.cohort_data(casekit.setup("en", "0301", store_url=filled), "maturity")
    assert oslo.sample  # no answers from Oslo's county in the store: the labelled sample cohort
    trainer = casekit.setup("en", store_url=filled)  # no municipality: every answer in the store, live
    live = assessment.cohort_data(trainer, "maturity", fallback=None)
    assert live.published is None and data.published is not None and data.published.shown
    assert assessment.cohort_data(trainer, "maturity", county="03", fallback=None).respondents == 0
    by_store = assessment.assessment_data(SQLStore(filled), "maturity", county="42")
    assert by_store.respondents == live.respondents  # a store object works as well as its URL
    # a participant sees the published leader groups only: those with at least five answers
    sizes = live.answers.groupby("municipality")["respondent"].nunique()
    assert data.respondents == sizes[sizes >= 5].sum() < live.respondents


def test_questionnaire_helper_uses_the_store_and_the_cohort_benchmark(filled):
    wb = casekit.setup("en", "Sirdal", store_url=filled, respondent="4228-r77")
    form = assessment.questionnaire(wb, "maturity")
    assert form.municipality == "4228" and form.benchmark_label == "the cohort"
    assert form.benchmark["today"].notna().all()
    assert form.submitted is None and "Fill in" in str(assessment.my_profile(form))


def test_my_profile_after_submitting(store_url):
    wb = casekit.setup("en", "4228", store_url=store_url, prefill="demo", respondent="4228-r77")
    form = assessment.questionnaire(wb, "capabilities")
    text = str(assessment.my_profile(form))
    assert "Your position:" in text
    import matplotlib.pyplot as plt

    assert len(plt.get_fignums()) == 2  # the profile and the 2×2 grid


def test_level_guide_lists_every_dimension_and_level():
    html = str(assessment.level_guide(casekit.setup("en"), "maturity"))
    for label in ("Strategy and governance", "Competence", "5 Proactive and sustainable"):
        assert label in html
    assert "Step in the generation model" in html and "Generation 1:" in html
    assert "generation model" not in str(assessment.level_guide(casekit.setup("en"), "competence"))


def test_gathering_views_respect_the_minimum_group_size(filled):
    data = assessment.assessment_data(filled, "maturity", municipality="4228", min_group_size=5)
    sizes = data.scores().groupby("municipality")["respondent"].nunique()
    small = casekit.setup("en", sizes[sizes < 5].index[0], store_url=filled)
    large = casekit.setup("en", sizes[sizes >= 5].index[0], store_url=filled)
    for view in (
        assessment.municipality_profile_view,
        assessment.agreement_view,
        assessment.barriers_and_opportunities,
    ):
        assert "from 5 respondents" in str(view(small, data))
    assert assessment.municipality_profile_view(large, data) is None
    assert "differently" in str(assessment.agreement_view(large, data))
    assert "Barriers and opportunities" in str(assessment.barriers_and_opportunities(large, data))
    focus = assessment.largest_gap(large, data)
    assert focus in {d.id for d in data.instrument.dimensions}
    assert assessment.answer_distribution_view(large, data, focus) is None
    assert "from 5 respondents" in str(assessment.answer_distribution_view(small, data, focus))


def test_benchmark_views(filled):
    wb = casekit.setup("en", "4204", store_url=filled)
    data = assessment.cohort_data(wb, "maturity")
    html = str(assessment.benchmark_table(wb, data))
    assert "Agder" in html and "Digi Agder" in html and "Percentile" in html
    assessment.benchmark_chart(wb, data, "size")
    assessment.cohort_heatmap(data, perspective="ambition", language="en")
    assert len(plt.gca().get_yticklabels()) == data.benchmark("ambition").municipalities + 1
    explorer = assessment.benchmark_explorer(wb, data)
    assert explorer.chart.value


def test_a_cohort_too_large_to_list_gets_one_heatmap_row_per_county(filled, monkeypatch):
    from casekit import theme

    data = assessment.assessment_data(filled, "maturity", county="42")
    monkeypatch.setattr(theme, "MAX_MUNICIPALITY_ROWS", data.benchmark().municipalities - 1)
    assessment.cohort_heatmap(data, language="nb")
    assert [t.get_text() for t in plt.gca().get_yticklabels()] == ["Agder", "Kullet"]
    assert "fylker og dimensjoner" in plt.gca().get_title(loc="left")


def test_competence_views_hide_other_people_in_small_groups(filled):
    data = assessment.assessment_data(filled, "competence", municipality="4228")
    sizes = data.scores().groupby("municipality")["respondent"].nunique()
    small = sizes[sizes < 5].index[0]
    me = casekit.setup("en", small, respondent=f"{small}-r01", store_url=filled)
    note = assessment.competence_matrix_view(me, data)
    assert "from 5 respondents" in str(note)
    import matplotlib.pyplot as plt

    ax = plt.gcf().axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["You"]
    plt.close("all")
    nobody = assessment.competence_matrix_view(casekit.setup("en", small, respondent="nobody"), data)
    assert "from 5 respondents" in str(nobody) and not plt.get_fignums()  # no one else's row is drawn
    assert assessment.competence_profile_view(data, language="en") is None
    assert "from 5 respondents" in str(assessment.competence_profile_view(data, small, language="en"))
    roles = str(assessment.role_table(data, language="en"))
    assert "Municipal director" in roles and "(n=" in roles


def test_trainer_views(filled):
    data = assessment.assessment_data(filled, "maturity", county="42")
    overview = str(assessment.response_overview(data, language="en"))
    assert "Sirdal" in overview and "no, too few" in overview
    assert "Cronbach" in str(assessment.reliability_view(data, language="en"))
    notes = assessment.notes(casekit.setup("en", "4228", store_url=filled, respondent="4228-r01"), "roles")
    assert notes.fields["role"].placeholder


def test_a_participants_own_row_is_their_saved_answer_published_or_not(tmp_path):
    import matplotlib.pyplot as plt

    from casekit.assessment.model import load_instrument
    from casekit.store import normalise_url

    url = normalise_url(tmp_path / "agder.sqlite")
    fill_store(SQLStore(url), "agder", instruments=("competence",))
    wb = casekit.setup("en", "4204", store_url=url, respondent="4204-new")
    group = assessment.cohort_data(wb, "competence").group_size("4204")  # this view publishes
    inst = load_instrument("competence")
    mine = {key: 2 for key in inst.answer_keys()}
    SQLStore(url).save("4204-new", inst.id, mine, municipality="4204", status="final", version=inst.version)
    data = assessment.cohort_data(wb, "competence")
    assert data.group_size("4204") == group  # one more answer is not published
    plt.close("all")
    assessment.competence_matrix_view(wb, data)
    labels = [t.get_text() for t in plt.gcf().axes[0].get_yticklabels()]
    assert labels[0] == "You" and len(labels) == group + 1  # the published colleagues and their own row
    plt.close("all")
