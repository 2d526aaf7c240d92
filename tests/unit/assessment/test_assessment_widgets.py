"""The questionnaire and the other widgets, driven like a participant against a real SQLite store."""

from __future__ import annotations

import json

import pytest

import casekit
from casekit import ui
from casekit.assessment.model import load_instrument
from casekit.assessment.widgets import BenchmarkExplorer, NotesForm, Questionnaire
from casekit.errors import InputError, MunicipalityError
from casekit.session import default_respondent
from casekit.store import SQLStore


def _wb(store, language="en", municipality="4228", respondent="4228-r90", prefill=""):
    """A workbook session against ``store`` (a store object, as a test's file)."""
    return casekit.setup(language, municipality, respondent=respondent, prefill=prefill).with_store(store)


def _form(store, instrument="maturity", live=False, **session):
    # live=False: the live profile has its own test; redraws would only slow the rest
    return Questionnaire(_wb(store, **session), instrument, live=live)


def _answer_page(form, value=3, perspective_values=None):
    dim = form.instrument.dimensions[form.page]
    for item in dim.items:
        for perspective in form.instrument.perspective_ids:
            form.controls[f"{item.id}.{perspective}"].value = (perspective_values or {}).get(
                perspective, value
            )


def test_first_page_shows_one_dimension_progress_and_level_descriptions(store):
    form = _form(store)
    strategy = form.instrument.dimension("strategy")
    assert "Page 1 of 7" in form.page_label.value and "0 of 56 answered" in form.progress_label.value
    assert "ST1" in form.questions.children[0].children[0].value
    assert len(form.questions.children) == len(strategy.items)
    assert (
        ui.escape(strategy.levels[5]["en"]) in form.level_panel.value
        and "Proactive and sustainable" in form.level_panel.value
        and "Generation 5:" in form.level_panel.value
    )
    assert form.previous_button.disabled and not form.next_button.disabled
    options = [label for label, _ in form.controls["ST1.today"].options]
    assert options[-2:] == ["Don't know", "Not relevant"]


def test_answers_progress_and_a_draft_on_next(store):
    form = _form(store)
    _answer_page(form)
    assert form.progress.value == 8 and "8 of 56" in form.progress_label.value
    form.next_button.click()
    assert form.feedback.calls >= 1 and form.feedback.last_exception is None
    assert form.page == 1 and "Leadership and culture" in form.dimension_header.value
    draft = store.latest("4228-r90", "maturity")
    assert draft.status == "draft" and draft.meta["page"] == 0 and draft.answers["ST1.today"] == 3
    form.previous_button.click()
    assert form.page == 0


def test_submit_refuses_too_few_answers_inline_in_the_participants_language(store):
    form = _form(store, language="en")
    _answer_page(form)
    form.go(4)  # data
    form.controls["DA1.today"].value = 2
    form.controls["DA2.today"].value = "dont_know"
    calls = form.feedback.calls
    form.submit_button.click()
    assert form.feedback.calls == calls + 1
    assert isinstance(form.feedback.last_exception, InputError)
    assert "Answer at least 3 of 4 questions in “Leadership and culture” (today)" in form.feedback.value
    assert form.page == 1  # taken to the first dimension that needs answers
    assert store.latest("4228-r90", "maturity", status="final") is None
    norsk = _form(store, language="nb", respondent="4228-r91")
    norsk.submit_button.click()
    assert "Svar på minst 3 av 4 spørsmål" in norsk.feedback.value and "«Vet ikke»" in norsk.feedback.value


def test_a_complete_submission_is_final_and_shows_the_profile(store):
    form = _form(store)
    for page in range(len(form.instrument.dimensions)):
        form.go(page)
        _answer_page(form, perspective_values={"today": 2, "ambition": 4})
    form.controls["ST1.today"].value = "not_relevant"
    form.submit_button.click()
    assert form.feedback.last_exception is None and "Thank you" in form.feedback.value
    final = store.latest("4228-r90", "maturity", status="final")
    assert final.answers["ST1.today"] == "not_relevant" and final.answers["DA1.ambition"] == 4
    assert final.municipality == "4228" and final.version == load_instrument("maturity").version
    assert "Strategy and governance" in form.result_html.value and "2.0" in form.result_html.value
    assert form.result_chart.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_draft_resumes_after_the_widget_is_created_again(store_url):
    first = _form(SQLStore(store_url))
    _answer_page(first, value=4)
    first.go(3, save=True)
    first.save_button.click()
    assert "Draft saved" in first.feedback.value
    again = _form(SQLStore(store_url))  # a new store object, as after a kernel restart
    assert again.page == 3
    assert again.controls["ST4.ambition"].value == 4 and again.answers["ST2.today"] == 4
    assert "draft from" in again.feedback.value
    assert again.progress.value == 8


def test_pages_are_built_when_first_shown_and_show_the_answers_given_before(store):
    from ipywidgets.widgets.widget import _instances

    before = len(_instances)
    form = _form(store)
    first = form.instrument.dimensions[0]
    per_page = len(first.items) * len(form.instrument.perspectives)
    assert len(form.controls) == 56 and "DA1.today" in form.controls
    assert len(form.controls.built) == per_page and set(form.controls.built) <= {
        f"{item.id}.{p}" for item in first.items for p in form.instrument.perspective_ids
    }
    first_page = len(_instances) - before
    form.set_answers({"DA1.today": 4, "DA2.ambition": "dont_know", "ST1.today": 2})
    assert "DA1.today" not in form.controls.built and form.progress.value == 3
    form.go(4)  # data
    assert form.controls.built["DA1.today"].value == 4 and form.controls["DA2.ambition"].value == "dont_know"
    assert form.controls["ST1.today"].value == 2
    form.controls["DA1.today"].value = None
    assert "DA1.today" not in form.answers and form.progress.value == 2
    with pytest.raises(InputError, match=r"XX9\.today"):
        form.set_answers({"XX9.today": 3})
    with pytest.raises(InputError, match="9"):
        form.set_answers({"DA3.today": 9})
    assert "DA3.today" not in form.answers
    with pytest.raises(KeyError):
        form.controls["XX9.today"]
    for page in range(len(form.instrument.dimensions)):
        form.go(page)
    assert len(form.controls.built) == 56
    # the first page alone needs less than a third of the models of all seven pages
    assert first_page < (len(_instances) - before) / 3


def test_live_profile_redraws_when_an_answer_changes(store):
    form = _form(store, live=True)
    form.set_answers({"ST1.today": 2, "ST2.today": 2, "ST3.today": 2})  # enough for a strategy score
    before, image = form.redraws, bytes(form.preview.value)
    form.controls["ST1.today"].value = 5
    assert form.redraws == before + 1 and bytes(form.preview.value) != image
    form.controls["ST1.today"].value = None
    assert "ST1.today" not in form.answers and form.redraws == before + 2
    quiet = _form(store, respondent="4228-r92")
    quiet.controls["ST1.today"].value = 5
    assert quiet.redraws == 0 and quiet.preview not in quiet.children


def test_prefill_demo_submits_and_draft_demo_only_saves(store):
    submitted = _form(store, prefill="demo")
    assert submitted.submitted is not None and submitted.submitted.status == "final"
    assert len(store.latest("4228-r90", "maturity", status="final").answers) == 56
    drafted = _form(store, respondent="4228-r93", prefill="draft:demo")
    assert drafted.submitted is None and store.latest("4228-r93", "maturity").status == "draft"
    resumed = _form(store)  # the submitted one comes back for revision
    assert resumed.submitted is not None and "You submitted" in resumed.feedback.value
    assert resumed.result_html.value


def test_prefill_as_json_and_its_errors(store):
    answers = {
        f"{item.id}.{p}": 3 for item in load_instrument("competence").items for p in ("required", "current")
    }
    form = _form(store, instrument="competence", prefill=json.dumps(answers))
    assert form.submitted.answers == answers
    for bad, fragment in (
        ('{"XX.today": 3}', "XX.today"),
        ('{"ST1.today": 9}', "ST1.today"),
        ("{not json", "cannot be read"),
        ("[1, 2]", "cannot be read"),
    ):
        broken = _form(store, respondent="4228-r94", prefill=bad)
        assert isinstance(broken.feedback.last_exception, InputError), bad
        assert fragment in broken.feedback.value
        assert broken.submitted is None


def test_an_empty_respondent_gets_a_stable_opaque_id(store, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "kari.nordmann")
    form = _form(store, respondent="")
    assert form.respondent == default_respondent("4228") and form.respondent.startswith("4228-u")
    assert "kari" not in form.respondent


def test_benchmark_explorer_switches_group(store):
    from casekit.assessment.benchmark import build_benchmark
    from casekit.assessment.scoring import responses, score
    from casekit.assessment.synthetic import cohort_answers

    bench = build_benchmark(score(responses(cohort_answers("agder", "maturity"), "maturity")), "maturity")
    explorer = BenchmarkExplorer(casekit.setup("en", "4204"), bench)
    assert explorer.picker.value == "cohort" and explorer.chart.value
    first = explorer.chart.value
    explorer.picker.value = "county"
    assert explorer.feedback.calls == 2 and explorer.feedback.last_exception is None
    assert explorer.chart.value != first


def test_notes_are_saved_escaped_and_resumed(store_url):
    notes = NotesForm(_wb(SQLStore(store_url)), "barriers")
    notes.save_button.click()
    assert isinstance(notes.feedback.last_exception, InputError) and "at least one" in notes.feedback.value
    notes.fields["barriers"].value = "<script>alert(1)</script> too little time"
    notes.save_button.click()
    assert "&lt;script&gt;" in notes.saved.value and "<script>" not in notes.saved.value
    again = NotesForm(_wb(SQLStore(store_url), language="nb"), "barriers")
    assert (
        again.fields["barriers"].value.endswith("too little time") and "Hva stopper oss?" in again.saved.value
    )
    with pytest.raises(InputError):
        NotesForm(_wb(SQLStore(store_url)), "budget")
    demo = NotesForm(_wb(SQLStore(store_url), respondent="x", prefill="demo"), "roles")
    assert "Owner of the benefits" in demo.saved.value
    broken = NotesForm(_wb(SQLStore(store_url), respondent="y", prefill="{oops"), "roles")
    assert isinstance(broken.feedback.last_exception, InputError)


def test_the_widgets_take_the_sessions_language_store_and_css_class(store):
    form = _form(store, language="nb")
    assert form.language == "nb" and form.store is store and "casekit-questionnaire" in form._dom_classes
    assert form.submit_button.description == "Send inn"
    notes = NotesForm(_wb(store, language="nb"), "barriers")
    notes.save_button.click()
    assert notes.feedback.kind == "error" and "minst ett av feltene" in notes.feedback.value


def test_a_widget_needs_a_municipality(store):
    with pytest.raises(MunicipalityError):
        Questionnaire(casekit.setup("en").with_store(store), "maturity", live=False)
