import dataclasses
import datetime as dt

import pandas as pd
import pytest
from matplotlib.colors import to_hex

import casekit
from casekit import municipalities, planning
from casekit.assessment.scoring import municipality_profile
from casekit.errors import PlanningError
from casekit.planning import charts, competence, strategy, tracker, views
from casekit.planning.sample import prefill_initiatives, prefill_strategy
from casekit.planning.widgets import CompetencePlanner, InitiativeForm, StrategyBuilder, TrackerView
from casekit.store import open_store


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "answers.sqlite")


def session(store, language="nb", municipality="4228", *, respondent="", prefill=""):
    """A workbook session on the test's store. An empty respondent stays empty (nobody is known), where
    ``casekit.setup`` would give the person at the keyboard a stable id."""
    wb = casekit.setup(language, municipality, store_url=store.url, respondent=respondent, prefill=prefill)
    return wb if respondent else dataclasses.replace(wb, respondent="")


@pytest.fixture
def sample(store):
    prefill_initiatives(store, "4228", "4228-r01", language="en")
    return store


def test_status_board_groups_by_status_and_escapes(store):
    tracker.save_initiative(
        store,
        {
            "id": "x",
            "goal": "<script>alert(1)</script>",
            "status": "in_progress",
            "owner": "<img src=x onerror=alert(1)>",
            "evidence": "ok",
        },
        respondent="r",
        municipality="4228",
    )
    html = views.status_board(tracker.initiatives(store, "4228"), language="en").markup
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "In progress (1)" in html and "Idea (0)" in html and "Stopped" not in html
    assert "documented" in html
    empty = views.status_board(tracker.initiatives(store, "0301"), language="en").markup
    assert "No initiatives yet" in empty


def test_tables_show_progress_and_fields(sample):
    frame = tracker.initiatives(sample, "4228")
    html = views.initiative_table(frame, language="en").markup
    assert "Evidence of implementation" in html and "Shared integration platform" in html
    progress = tracker.progress(sample, "4228", "1b", "1c", language="nb")
    html = views.progress_table(progress, language="nb").markup
    assert "kommet videre" in html and "Status før" in html


def test_charts_plot_every_initiative(sample, close_figures):
    frame = tracker.initiatives(sample, "4228")
    ax = charts.impact_effort(frame, language="en")
    assert len(ax.collections) == len(frame)
    colours = {to_hex(c.get_facecolor()[0]) for c in ax.collections}
    assert colours == {charts.STATUS_COLOURS[s].lower() for s in frame["status"]}
    assert ax.get_xlabel().startswith("Effort")
    ax = charts.timeline(frame, language="nb", today=dt.date(2026, 1, 1))
    assert len(ax.patches) == len(frame) and ax.get_title(loc="left") == "Tidslinje for tiltakene"
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == int(tracker.schedule(frame)["estimated"].sum())
    ax = charts.progress_chart(tracker.progress(sample, "4228", "1b", "1c"), language="en")
    assert len(ax.get_yticklabels()) == len(frame)


def test_empty_charts_say_so(store, close_figures):
    empty = tracker.initiatives(store, "4228")
    for chart in (charts.impact_effort, charts.timeline):
        ax = chart(empty, language="en")
        assert any("No initiatives yet" in t.get_text() for t in ax.texts)
    ax = charts.progress_chart(
        pd.DataFrame(columns=["label", "status_before", "status_after"]), language="en"
    )
    assert any("No initiatives yet" in t.get_text() for t in ax.texts)


def test_ambition_and_needs_charts(close_figures):
    profile = strategy.empty_profile("en")
    profile["today"] = 2.0
    table = strategy.ambition_table(profile, language="en")
    ax = charts.ambition_chart(table, language="en")
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Strategy and governance"
    gaps = pd.DataFrame(
        {
            "respondent": list("abcde"),
            "area": "data",
            "label": "Data",
            "required": 4,
            "current": [1, 2, 3, 4, 4],
            "gap": [3, 2, 1, 0, 0],
        }
    )
    ax = charts.needs_chart(competence.group_needs(gaps), language="en")
    assert [p.get_width() for p in ax.patches] == [3]
    ax = charts.needs_chart(competence.group_needs(gaps.head(3), min_group_size=5), language="en")
    assert not ax.patches and "five" in ax.texts[0].get_text()


def test_form_saves_new_and_updated_initiatives(store):
    form = InitiativeForm(session(store, "en", respondent="4228-r05"), session="1c")
    fields, fb = form.fields, form.feedback
    fields["title"].value = "Digital byggesak"
    fields["goal"].value = "Svar innen tre uker"
    fields["measures"].value = "Ta i bruk nasjonale tjenester\nStatusmeldinger"
    fields["sectors"].value = ("technical",)
    fields["effort"].value = 2
    fields["dimensions"].value = ("services",)
    fields["due"].value = dt.date(2030, 1, 1)
    form.save_button.click()
    assert fb.calls == 1 and fb.last_exception is None and fb.kind == "ok"
    frame = tracker.initiatives(store, "4228")
    assert frame.iloc[0]["measures"] == ["Ta i bruk nasjonale tjenester", "Statusmeldinger"]
    assert frame.iloc[0]["due"] == "2030-01-01" and frame.iloc[0]["session"] == "1c"
    ident = frame.iloc[0]["id"]
    assert form.choose.value == ident
    fields["status"].value = "in_progress"
    fields["evidence"].value = "Vedtak 12/26"
    form.save_button.click()
    assert tracker.history(store, "4228", ident)["status"].tolist() == ["idea", "in_progress"]
    assert "version 2" in fb.value
    form.choose.value = ""
    assert fields["goal"].value == "" and fields["effort"].value == 3
    form.choose.value = ident
    assert fields["evidence"].value == "Vedtak 12/26" and fields["sectors"].value == ("technical",)


def test_form_refuses_a_missing_goal_inline_and_keeps_data(store):
    tracker.save_initiative(store, {"id": "kept", "goal": "Behold meg"}, respondent="r", municipality="4228")
    form = InitiativeForm(session(store, "en", respondent="4228-r05"))
    form.choose.value = "kept"
    form.fields["goal"].value = "   "
    form.save_button.click()
    assert isinstance(form.feedback.last_exception, PlanningError)
    assert form.feedback.kind == "error" and "has no goal" in form.feedback.value
    assert tracker.initiatives(store, "4228").iloc[0]["goal"] == "Behold meg" and store.count() == 1
    nobody = InitiativeForm(session(store, "nb"))
    nobody.fields["goal"].value = "Noe"
    nobody.save_button.click()
    assert "Deltaker-id mangler" in nobody.feedback.value and store.count() == 1


def test_form_shows_sectors_saved_outside_the_list(store):
    tracker.save_initiative(
        store, {"id": "own", "goal": "x", "sectors": ["Eiendom"]}, respondent="r", municipality="4228"
    )
    form = InitiativeForm(session(store, respondent="r"))
    form.choose.value = "own"
    assert form.fields["sectors"].value == ("Eiendom",)


def test_tracker_view_refreshes_after_a_save(store):
    view = TrackerView(session(store, "en"))
    assert view.feedback.last_exception is None and view.before.options == ()
    prefill_initiatives(store, "4228", "4228-r01")
    view.refresh()
    assert view.feedback.last_exception is None
    assert (view.before.value, view.after.value) == ("1b", "1c")
    assert view.tabs.get_title(1) == "Impact and effort"
    assert "moved forward" in view.state["progress"]["change_label"].tolist()
    assert len(view.state["frame"]) == 5
    view.before.value = "1c"  # comparing a session with itself: nothing moved
    assert set(view.state["progress"]["change"]) == {"unchanged"}


def test_strategy_builder_saves_and_exports(sample, tmp_path):
    profile = strategy.empty_profile("en")
    profile["ambition"] = 4.0
    profile["n"] = 6
    wb = session(sample, "en", respondent="4228-r01")
    builder = StrategyBuilder(wb, profile, export_folder=str(tmp_path / "strategy"))
    assert builder.sliders["data"].value == 4.0
    builder.statement.value = "Vi skal <script>x</script> samarbeide"
    builder.chosen.value = ("family-team", "integration-platform")
    builder.save_button.click()
    assert (
        isinstance(builder.feedback.last_exception, PlanningError)
        and "2 are chosen" in builder.feedback.value
    )
    assert strategy.load_strategy(sample, "4228") is None
    builder.chosen.value = ("family-team", "integration-platform", "building-dialogue")
    row = builder.link_box.children[1]
    row.fields["samfunnsdel"].value = "Trygge oppvekstvilkår"
    row.fields["budget"].value = 300000
    row.fields["benefit"].value = "Shorter waiting time; baseline 14 days"
    row.fields["benefit_owner"].value = "Head of childhood"
    builder.sustainability.value = "Reuse shared platforms; climate requirements in procurement"
    builder.sliders["data"].value = 3.5
    builder.save_button.click()
    assert builder.feedback.last_exception is None and builder.feedback.kind == "ok"
    saved = strategy.load_strategy(sample, "4228")
    assert saved.targets["data"] == 3.5 and saved.links["family-team"].budget == 300000
    assert saved.links["family-team"].samfunnsdel == "Trygge oppvekstvilkår"
    assert saved.links["family-team"].benefit_owner == "Head of childhood"
    assert saved.sustainability == "Reuse shared platforms; climate requirements in procurement"
    page = (tmp_path / "strategy" / "strategy-4228-en.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "Reuse shared platforms" in page and "Shorter waiting time; baseline 14 days" in page
    again = StrategyBuilder(wb, profile, export_folder=str(tmp_path / "strategy"))
    assert again.chosen.value == saved.initiatives and again.sliders["data"].value == 3.5
    assert again.sustainability.value == saved.sustainability
    assert again.link_box.children[1].fields["benefit_owner"].value in ("Head of childhood", "")


def _gaps(current):
    """One leader's gaps in two areas, both required at level 4."""
    return pd.DataFrame(
        {
            "respondent": "4228-r01",
            "area": ["data", "ethics"],
            "label": ["Data", "Ethics"],
            "required": 4,
            "current": current,
            "gap": [4 - c for c in current],
        }
    )


def test_competence_planner_suggests_saves_and_reloads(store):
    gaps = _gaps([1, 4])
    planner = CompetencePlanner(session(store, "en", respondent="4228-r01"), gaps)
    assert list(planner.rows) == ["data"] and planner.rows["data"]["how"].value == "certification"
    planner.rows["data"]["how"].value = "masterclass"
    planner.reflection.value = "Mer dataforståelse"
    planner.save_button.click()
    assert planner.feedback.kind == "ok" and planner.feedback.last_exception is None
    actions, reflection = competence.load_plan(store, "4228-r01")
    assert actions["data"]["how"] == "masterclass" and reflection == "Mer dataforståelse"
    planner.rows["data"]["by"].value = dt.date(2000, 1, 1)
    planner.save_button.click()
    assert planner.feedback.kind == "error" and "already passed" in planner.feedback.value
    again = CompetencePlanner(session(store, respondent="4228-r01"), gaps)
    assert again.rows["data"]["how"].value == "masterclass"
    none = CompetencePlanner(session(store, "en", respondent="4228-r09"), gaps)
    assert none.rows == {} and "No development needs" in none.children[0].value


def test_workbook_store_prefills_only_with_a_respondent(store):
    assert planning.workbook_store(session(store, prefill="sample")) is store
    assert store.count() == 0
    planning.workbook_store(session(store, "en", respondent="4228-r01", prefill="sample"))
    assert len(tracker.initiatives(store, "4228")) == 5
    planning.workbook_store(session(store, respondent="4228-r01", prefill="sample"))
    assert len(store.submissions("initiative:*", latest=False)) == 9


def test_initiatives_filtered_by_dimension_for_module_four(sample):
    tech = tracker.initiatives(sample, "4228", dimension="technology")
    assert set(tech["id"]) == {"integration-platform", "welfare-technology"}
    with pytest.raises(PlanningError, match="ai"):
        tracker.initiatives(sample, "4228", dimension="ai")


def test_collaboration_model_connects_form_and_tracker(store):
    box = planning.collaboration_model(session(store, "en", respondent="4228-r02"), session="1c")
    assert box.tracker.state["frame"].empty
    box.form.fields["goal"].value = "Felles inntak i helse og omsorg"
    box.form.save_button.click()
    assert len(box.tracker.state["frame"]) == 1  # the tracker was redrawn after the save


def test_progress_summary_needs_two_sessions(store, sample):
    html = planning.progress_summary(session(sample, "en")).markup
    assert "moved forward" in html
    lonely = planning.progress_summary(session(store, "en", "0301")).markup
    assert "at least two" in lonely


def test_one_page_preview_option_and_plan_tables(sample):
    en, nb = session(sample, "en"), session(sample, "nb")
    assert "No strategy is saved yet" in planning.one_page_preview(en).markup
    targets = strategy.default_targets(strategy.empty_profile())
    plan = strategy.make_strategy(
        "4228", "<b>Vi</b> vil", targets, ["family-team", "leader-competence", "building-dialogue"]
    )
    strategy.save_strategy(sample, plan, respondent="4228-r01")
    html = planning.one_page_preview(en).markup
    assert html.startswith("<iframe") and "sandbox" in html and "<b>" not in html
    assert "&amp;lt;b&amp;gt;Vi" in html  # escaped on the page, then again for the srcdoc attribute
    options = planning.option_table(nb).markup
    assert "Sertifisering" in options and "Masterclass" in options
    assert "No plan is saved yet" in planning.plan_table(en, "4228-r09").markup
    competence.save_plan(
        sample,
        "4228-r09",
        {"data": {"what": "<i>Kurs</i>", "how": "masterclass", "by": "2099-01-31"}},
        municipality="4228",
        reflection="Viktig",
    )
    html = planning.plan_table(nb, "4228-r09").markup
    assert "&lt;i&gt;Kurs" in html and "31. januar 2099" in html and "Viktig" in html


def test_follow_up_workbooks_read_the_assessment_and_fill_a_demo(store):
    empty = planning.workbook_profile(session(store))
    assert empty["n"].sum() == 0 and store.count() == 0
    demo = session(store, municipality="Sirdal", prefill="demo")
    profile = planning.workbook_profile(demo)
    assert (profile["n"] >= 5).all()
    pd.testing.assert_frame_equal(profile, municipality_profile(store, "4228"))
    count = store.count()
    planning.workbook_profile(demo)
    assert store.count() == count  # the demo leader group is saved once
    gaps = planning.workbook_gaps(demo)
    assert set(competence.GAP_COLUMNS) <= set(gaps.columns) and gaps["respondent"].nunique() >= 5
    plan = competence.suggest_plan(gaps, respondent=gaps["respondent"].iloc[0])
    assert len(plan) == int((gaps.loc[gaps["respondent"] == gaps["respondent"].iloc[0], "gap"] > 0).sum())
    oslo = session(store, municipality="0301", prefill="demo")
    assert planning.workbook_gaps(oslo).empty  # outside the synthetic cohort


def test_strategy_builder_starts_a_demo_from_a_sample_strategy(sample, tmp_path):
    wb = session(sample, "en", respondent="4228-r01", prefill="demo")
    profile = planning.workbook_profile(wb)
    builder = planning.strategy_builder(wb, profile, export_folder=str(tmp_path))
    saved = strategy.load_strategy(sample, "4228")
    assert saved is not None and 3 <= len(saved.initiatives) <= 5
    assert builder.chosen.value == saved.initiatives and builder.statement.value == saved.statement
    assert saved.targets == strategy.default_targets(profile)
    assert not prefill_strategy(sample, "4228", "4228-r01")  # never over an existing strategy
    assert "<iframe" in planning.one_page_preview(wb, profile).markup


def test_competence_planner_saves_the_suggestion_for_a_demo_once(store):
    gaps = _gaps([2, 3])
    planner = planning.competence_planner(session(store, "en", respondent="4228-r01", prefill="demo"), gaps)
    actions, reflection = competence.load_plan(store, "4228-r01")
    assert {a: v["how"] for a, v in actions.items()} == {"data": "masterclass", "ethics": "internal_training"}
    assert reflection and planner.reflection.value == reflection
    planning.competence_planner(session(store, respondent="4228-r01", prefill="demo"), gaps)
    assert len(store.history("4228-r01", "competence_plan")) == 1


def test_workbook_cells_show_the_sessions_initiatives(sample, close_figures):
    wb = session(sample, "en")
    frame = tracker.initiatives(sample, "4228")
    assert len(planning.impact_effort(wb).collections) == len(frame)
    assert len(planning.impact_effort(wb, dimension="technology").collections) == 2
    ax = planning.timeline(wb)
    assert len(ax.patches) == len(frame) and ax.get_title(loc="left") == "Timeline of the initiatives"
    board = planning.status_board(wb, dimension="technology").markup
    assert "Shared integration platform" in board and "Cross-functional team for young families" not in board
    profile = strategy.empty_profile("en")
    profile["today"] = 2.0
    ax = planning.ambition_chart(session(sample, "nb"), profile)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == strategy.empty_profile("nb")["label"].iloc[0]
    five = pd.concat([_gaps([1, 2]).assign(respondent=r) for r in "abcde"], ignore_index=True)
    ax = planning.needs_chart(wb, five)
    assert sorted(p.get_width() for p in ax.patches) == [5, 5]  # every member needs both areas


def test_the_strategy_builder_looks_the_municipality_up_once_per_save(sample, tmp_path, monkeypatch):
    wb = session(sample, "en", respondent="4228-r01")
    looked_up = []
    real = municipalities.get

    def spy(key, *args, **kwargs):
        if not isinstance(key, municipalities.Municipality):
            looked_up.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(municipalities, "get", spy)
    builder = StrategyBuilder(wb, export_folder=str(tmp_path))
    assert looked_up == []  # the session has resolved the municipality already
    builder.statement.value = "Sammen"
    builder.chosen.value = ("family-team", "integration-platform", "building-dialogue")
    builder.save_button.click()
    assert builder.feedback.kind == "ok" and looked_up == ["4228"]  # the page's title, once for both files
    assert "Sirdal" in builder.state["paths"]["html"].read_text(encoding="utf-8")


def test_gathering_notes_bring_the_3b_notes_into_3c(store):
    wb = session(store, "en", respondent="4228-r01")
    assert "No notes from the gathering day (3b)" in planning.gathering_notes(wb).markup
    store.save(
        "4228-r02",
        "notes:generation_gap",
        {"priority": "Data <first>", "prerequisites": "A list of datasets"},
        status="final",
        municipality="4228",
    )
    store.save("4204-r01", "notes:barriers", {"barriers": "Elsewhere"}, status="final", municipality="4204")
    html = planning.gathering_notes(wb).markup
    assert "Data &lt;first&gt;" in html and "A list of datasets" in html and "Elsewhere" not in html
    assert "4228-r02" not in html  # no names


def test_role_note_brings_the_2b_role_into_2c(store):
    wb = session(store, "nb", respondent="4228-r03")
    assert "Du har ikke lagret en rolle" in planning.role_note(wb).markup
    store.save(
        "4228-r03",
        "notes:roles",
        {"role": "Gevinsteier", "development": ""},
        status="final",
        municipality="4228",
    )
    html = planning.role_note(wb).markup
    assert "Fra samlingen (2b)" in html and "Gevinsteier" in html


def test_generation_plan_needs_a_saved_strategy(sample):
    wb = session(sample, "en", respondent="4228-r01")
    profile = strategy.empty_profile("en")
    assert "No strategy is saved yet" in planning.generation_plan(wb, profile).markup
    prefill_strategy(sample, "4228", "4228-r01", profile, language="en")
    html = planning.generation_plan(wb, profile).markup
    assert "do the initiatives close the gap?" in html and "Too few answers" in html
