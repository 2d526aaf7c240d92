"""The municipality's own staffing question (pre-work) and the gathering day's choices: checked answers,
saved to a real SQLite store, forms driven like a participant, and later phases starting from them."""

import json

import pytest

import casekit
from casekit import staffing
from casekit.errors import StaffingError
from casekit.staffing import question as q
from casekit.staffing import widgets
from casekit.store import SQLStore, normalise_url

ANSWERS = {
    "service": "nursing_home_hours",
    "question": "temps",
    "owner": "Kommunalsjef helse",
    "unit": "Tunhaugen sykehjem",
    "sources": ["temps", "rota"],
    "checks": ["aggregate"],
    "involved": ["union"],
}


@pytest.fixture
def store(tmp_path):
    return SQLStore(normalise_url(tmp_path / "q.sqlite"))


def session(store, respondent="4228-r01", language="nb", prefill=""):
    return casekit.setup(language, "4228", store_url=store.url, respondent=respondent, prefill=prefill)


def test_a_question_is_checked_and_kept_in_the_catalogue_order():
    checked = q.check_question(ANSWERS)
    assert checked.sources == ("rota", "temps")  # the catalogue's order, whatever order was ticked
    assert checked.answers()["sources"] == ["rota", "temps"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"service": "dentistry"}, ["service", "'dentistry'", "home_care_hours"]),
        ({"owner": "  "}, ["rollen"]),
        ({"sources": ["rota", "crystal_ball"]}, ["sources", "'crystal_ball'"]),
        ({"sources": "rota"}, ["sources", "liste"]),
        ({"unit": "x" * 121}, ["unit", "121", "120"]),
    ],
)
def test_a_bad_question_names_the_field_the_value_and_the_fix(change, words):
    with pytest.raises(StaffingError) as err:
        q.check_question({**ANSWERS, **change})
    assert all(word in err.value.message("nb") for word in words), err.value.message("nb")


def test_the_store_refuses_a_bad_answer_before_writing(store):
    with pytest.raises(StaffingError):
        store.save("4228-r01", q.QUESTION, {**ANSWERS, "question": "weather"}, status="final")
    with pytest.raises(StaffingError):
        store.save("4228-r01", q.CHOICE, {"quantile": 0.75, "decision": "x"}, status="final")
    with pytest.raises(StaffingError):
        store.save("4228-r01", q.CHOICE, {"quantile": 0.9}, status="final")  # no written answer
    assert store.latest("4228-r01", q.QUESTION) is None and store.latest("4228-r01", q.CHOICE) is None


def test_readiness_names_the_missing_sources_and_checks():
    ready = q.readiness(q.check_question(ANSWERS))
    assert ready.needed == q.NEEDED["temps"] and ready.missing_sources == ("absence",)
    assert "aggregate" not in ready.missing_checks and len(ready.missing_checks) == len(q.CHECKS) - 1
    assert ready.union_involved and ready.extra == ()


def test_a_later_phase_finds_the_respondents_answer_else_a_colleagues(store):
    assert q.load_question(store, respondent="4228-r02", municipality="4228") == (None, None)
    q.save_question(store, q.check_question(ANSWERS), respondent="4228-r01", municipality="4228")
    mine, sub = q.load_question(store, respondent="4228-r01", municipality="4228")
    assert mine.unit == "Tunhaugen sykehjem" and sub.respondent == "4228-r01"
    colleague, _ = q.load_question(store, respondent="4228-r02", municipality="4228")
    assert colleague == mine
    assert q.load_question(store, respondent="4201-r01", municipality="4201") == (None, None)


def test_the_question_form_is_driven_like_a_participant(store):
    form = widgets.QuestionForm(session(store))
    assert form.feedback.calls == 1 and form.feedback.last_exception is None and form.summary.value == ""
    form.service.value, form.question.value = "nursing_home_hours", "temps"
    form.unit.value = "<b>Tunhaugen</b>"
    form.sources["rota"].value = form.involved["union"].value = True
    form.save_button.click()
    assert form.feedback.kind == "error" and isinstance(form.feedback.last_exception, StaffingError)
    assert "Skriv hvem som eier beslutningen" in form.feedback.value  # the owner is missing
    form.owner.value = "Kommunalsjef helse"
    form.save_button.click()
    assert form.feedback.calls == 3 and form.feedback.kind == "ok" and form.feedback.last_exception is None
    saved = store.latest("4228-r01", q.QUESTION)
    assert saved.answers["unit"] == "<b>Tunhaugen</b>" and saved.answers["sources"] == ["rota"]
    assert "&lt;b&gt;Tunhaugen&lt;/b&gt;" in form.summary.value  # shown back escaped
    again = widgets.QuestionForm(session(store, respondent="4228-r03", language="en"))
    assert again.unit.value == "<b>Tunhaugen</b>" and again.sources["rota"].value  # a colleague's answer
    assert not again.sources["temps"].value and again.feedback.last_exception is None


def test_a_sample_session_saves_the_sample_once_and_never_over_saved_work(store):
    form = widgets.QuestionForm(session(store, prefill="demo"))
    assert form.feedback.kind == "ok" and store.latest("4228-r01", q.QUESTION).answers["question"] == "shifts"
    form.question.value = "budget"
    form.save_button.click()
    widgets.QuestionForm(session(store, prefill="demo"))
    assert store.latest("4228-r01", q.QUESTION).answers["question"] == "budget"
    assert len(store.history("4228-r01", q.QUESTION)) == 2


def test_a_json_prefill_is_checked_like_an_answer(store, tmp_path):
    form = widgets.QuestionForm(session(store, prefill=json.dumps(ANSWERS)))
    assert form.service.value == "nursing_home_hours" and form.feedback.kind == "ok"
    empty = SQLStore(normalise_url(tmp_path / "empty.sqlite"))
    bad = widgets.QuestionForm(session(empty, prefill='{"service": "x"'))
    assert bad.feedback.kind == "error" and "JSON" in bad.feedback.value
    wrong = widgets.QuestionForm(session(empty, prefill=json.dumps({**ANSWERS, "service": "x"})))
    assert wrong.feedback.kind == "error" and "verdien &#x27;x&#x27;" in wrong.feedback.value
    assert empty.latest("4228-r01", q.QUESTION) is None


def test_the_choice_form_saves_the_quantile_and_the_answers(store):
    form = widgets.ChoiceForm(session(store, language="en"))
    form.quantile.value = 0.9
    form.save_button.click()
    assert form.feedback.kind == "error" and "at least one" in form.feedback.value
    form.answers["last_word"].value = "The manager of the service"
    form.save_button.click()
    assert form.feedback.kind == "ok" and form.feedback.calls == 3
    choice, _ = q.load_choice(store, respondent="4228-r09", municipality="4228")
    assert choice.quantile == 0.9 and choice.last_word == "The manager of the service"
    assert "P90" in form.summary.value


def test_later_phases_start_from_what_earlier_phases_saved(store, small_case, sirdal_frame):
    wb = session(store, respondent="4228-r05")
    none = staffing.question_card(wb, staffing.saved_question(wb)).markup
    assert "Det er ikke lagret noe forarbeid" in none
    assert "starter derfor fra P50" in staffing.choice_card(wb, staffing.saved_choice(wb)).markup
    assert staffing.workload_view(wb, small_case, staffing.saved_choice(wb)).quantile.value == 0.5
    q.save_question(store, q.check_question(ANSWERS), respondent="4228-r01", municipality="4228")
    choice = q.StaffingChoice(0.8, last_word="Lederen")
    q.save_choice(store, choice, respondent="4228-r02", municipality="4228")
    question = staffing.saved_question(wb)
    card = staffing.question_card(wb, question).markup
    assert "Tunhaugen sykehjem" in card and "Sykefravær og annet fravær" in card  # the missing source
    view = staffing.forecast_view(wb, sirdal_frame, horizon=14, question=question)
    assert view.target.value == "nursing_home_hours" and view.feedback.last_exception is None
    workload = staffing.workload_view(wb, small_case, staffing.saved_choice(wb))
    assert workload.quantile.value == 0.8 and workload.settings().quantile == 0.8
    assert "P80" in staffing.choice_card(wb, staffing.saved_choice(wb)).markup
