import datetime as dt

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from casekit import planning
from casekit.errors import PlanningError
from casekit.store import open_store


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "answers.sqlite")


@pytest.fixture
def sample(store):
    planning.prefill_initiatives(store, "4228", "4228-r01", language="en")
    return store


def test_status_board_groups_by_status_and_escapes(store):
    planning.save_initiative(
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
    html = planning.status_board(planning.initiatives(store, "4228"), language="en").markup
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "In progress (1)" in html and "Idea (0)" in html and "Stopped" not in html
    assert "documented" in html
    empty = planning.status_board(planning.initiatives(store, "0301"), language="en").markup
    assert "No initiatives yet" in empty


def test_tables_show_progress_and_fields(sample):
    frame = planning.initiatives(sample, "4228")
    html = planning.initiative_table(frame, language="en").markup
    assert "Evidence of implementation" in html and "Shared integration platform" in html
    progress = planning.progress(sample, "4228", "1b", "1c", language="nb")
    html = planning.progress_table(progress, language="nb").markup
    assert "kommet videre" in html and "Status før" in html


def test_charts_plot_every_initiative(sample, close_figures):
    frame = planning.initiatives(sample, "4228")
    ax = planning.impact_effort(frame, language="en")
    assert len(ax.collections) == len(frame)
    colours = {to_hex(c.get_facecolor()[0]) for c in ax.collections}
    assert colours == {planning.STATUS_COLOURS[s].lower() for s in frame["status"]}
    assert ax.get_xlabel().startswith("Effort")
    ax = planning.timeline(frame, language="nb", today=dt.date(2026, 1, 1))
    assert len(ax.patches) == len(frame) and ax.get_title(loc="left") == "Tidslinje for tiltakene"
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == int(planning.schedule(frame)["estimated"].sum())
    ax = planning.progress_chart(planning.progress(sample, "4228", "1b", "1c"), language="en")
    assert len(ax.get_yticklabels()) == len(frame)


def test_empty_charts_say_so(store, close_figures):
    empty = planning.initiatives(store, "4228")
    for chart in (planning.impact_effort, planning.timeline):
        ax = chart(empty, language="en")
        assert any("No initiatives yet" in t.get_text() for t in ax.texts)
    ax = planning.progress_chart(
        pd.DataFrame(columns=["label", "status_before", "status_after"]), language="en"
    )
    assert any("No initiatives yet" in t.get_text() for t in ax.texts)


def test_ambition_and_needs_charts(close_figures):
    profile = planning.empty_profile("en")
    profile["today"] = 2.0
    table = planning.ambition_table(profile, language="en")
    ax = planning.ambition_chart(table, language="en")
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
    ax = planning.needs_chart(planning.group_needs(gaps), language="en")
    assert [p.get_width() for p in ax.patches] == [3]
    ax = planning.needs_chart(planning.group_needs(gaps.head(3), min_group_size=5), language="en")
    assert not ax.patches and "five" in ax.texts[0].get_text()


def test_form_saves_new_and_updated_initiatives(store):
    form = planning.initiative_form(
        "4228", respondent="4228-r05", store_url=store.url, session="1c", language="en"
    )
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
    frame = planning.initiatives(store, "4228")
    assert frame.iloc[0]["measures"] == ["Ta i bruk nasjonale tjenester", "Statusmeldinger"]
    assert frame.iloc[0]["due"] == "2030-01-01" and frame.iloc[0]["session"] == "1c"
    ident = frame.iloc[0]["id"]
    assert form.choose.value == ident
    fields["status"].value = "in_progress"
    fields["evidence"].value = "Vedtak 12/26"
    form.save_button.click()
    assert planning.history(store, "4228", ident)["status"].tolist() == ["idea", "in_progress"]
    assert "version 2" in fb.value
    form.choose.value = ""
    assert fields["goal"].value == "" and fields["effort"].value == 3
    form.choose.value = ident
    assert fields["evidence"].value == "Vedtak 12/26" and fields["sectors"].value == ("technical",)


def test_form_refuses_a_missing_goal_inline_and_keeps_data(store):
    planning.save_initiative(store, {"id": "kept", "goal": "Behold meg"}, respondent="r", municipality="4228")
    form = planning.initiative_form("4228", respondent="4228-r05", store_url=store.url, language="en")
    form.choose.value = "kept"
    form.fields["goal"].value = "   "
    form.save_button.click()
    assert isinstance(form.feedback.last_exception, PlanningError)
    assert form.feedback.kind == "error" and "has no goal" in form.feedback.value
    assert planning.initiatives(store, "4228").iloc[0]["goal"] == "Behold meg" and store.count() == 1
    nobody = planning.initiative_form("4228", store_url=store.url, language="nb")
    nobody.fields["goal"].value = "Noe"
    nobody.save_button.click()
    assert "Deltaker-id mangler" in nobody.feedback.value and store.count() == 1


def test_form_shows_sectors_saved_outside_the_list(store):
    planning.save_initiative(
        store, {"id": "own", "goal": "x", "sectors": ["Eiendom"]}, respondent="r", municipality="4228"
    )
    form = planning.initiative_form("4228", respondent="r", store_url=store.url)
    form.choose.value = "own"
    assert form.fields["sectors"].value == ("Eiendom",)


def test_tracker_view_refreshes_after_a_save(store):
    view = planning.tracker_view("4228", store_url=store.url, language="en")
    assert view.feedback.last_exception is None and view.before.options == ()
    planning.prefill_initiatives(store, "4228", "4228-r01")
    view.refresh()
    assert view.feedback.last_exception is None
    assert (view.before.value, view.after.value) == ("1b", "1c")
    assert view.tabs.get_title(1) == "Impact and effort"
    assert "moved forward" in view.state["progress"]["change_label"].tolist()
    assert len(view.state["frame"]) == 5
    view.before.value = "1c"  # comparing a session with itself: nothing moved
    assert set(view.state["progress"]["change"]) == {"unchanged"}


def test_strategy_builder_saves_and_exports(sample, tmp_path):
    profile = planning.empty_profile("en")
    profile["ambition"] = 4.0
    profile["n"] = 6
    builder = planning.strategy_builder(
        "4228",
        profile,
        respondent="4228-r01",
        store_url=sample.url,
        export_folder=str(tmp_path / "strategy"),
        language="en",
    )
    assert builder.sliders["data"].value == 4.0
    builder.statement.value = "Vi skal <script>x</script> samarbeide"
    builder.chosen.value = ("family-team", "integration-platform")
    builder.save_button.click()
    assert (
        isinstance(builder.feedback.last_exception, PlanningError)
        and "2 are chosen" in builder.feedback.value
    )
    assert planning.load_strategy(sample, "4228") is None
    builder.chosen.value = ("family-team", "integration-platform", "building-dialogue")
    row = builder.link_box.children[1]
    row.fields["samfunnsdel"].value = "Trygge oppvekstvilkår"
    row.fields["budget"].value = 300000
    builder.sliders["data"].value = 3.5
    builder.save_button.click()
    assert builder.feedback.last_exception is None and builder.feedback.kind == "ok"
    saved = planning.load_strategy(sample, "4228")
    assert saved.targets["data"] == 3.5 and saved.links["family-team"].budget == 300000
    assert saved.links["family-team"].samfunnsdel == "Trygge oppvekstvilkår"
    page = (tmp_path / "strategy" / "strategy-4228-en.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script" not in page
    again = planning.strategy_builder(
        "4228",
        profile,
        respondent="4228-r01",
        store_url=sample.url,
        export_folder=str(tmp_path / "strategy"),
        language="en",
    )
    assert again.chosen.value == saved.initiatives and again.sliders["data"].value == 3.5


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
    planner = planning.competence_planner(
        gaps, "4228", respondent="4228-r01", store_url=store.url, language="en"
    )
    assert list(planner.rows) == ["data"] and planner.rows["data"]["how"].value == "certification"
    planner.rows["data"]["how"].value = "masterclass"
    planner.reflection.value = "Mer dataforståelse"
    planner.save_button.click()
    assert planner.feedback.kind == "ok" and planner.feedback.last_exception is None
    actions, reflection = planning.load_plan(store, "4228-r01")
    assert actions["data"]["how"] == "masterclass" and reflection == "Mer dataforståelse"
    planner.rows["data"]["by"].value = dt.date(2000, 1, 1)
    planner.save_button.click()
    assert planner.feedback.kind == "error" and "already passed" in planner.feedback.value
    again = planning.competence_planner(gaps, "4228", respondent="4228-r01", store_url=store.url)
    assert again.rows["data"]["how"].value == "masterclass"
    none = planning.competence_planner(
        gaps, "4228", respondent="4228-r09", store_url=store.url, language="en"
    )
    assert none.rows == {} and "No development needs" in none.children[0].value


def test_workbook_store_prefills_only_with_a_respondent(tmp_path):
    url = str(tmp_path / "w.sqlite")
    store = planning.workbook_store(url, "4228", "", "sample")
    assert store.count() == 0
    store = planning.workbook_store(url, "4228", "4228-r01", "sample", language="en")
    assert len(planning.initiatives(store, "4228")) == 5
    planning.workbook_store(url, "4228", "4228-r01", "sample")
    assert len(store.submissions("initiative:*", latest=False)) == 9


def test_initiatives_filtered_by_dimension_for_module_four(sample):
    tech = planning.initiatives(sample, "4228", dimension="technology")
    assert set(tech["id"]) == {"integration-platform", "welfare-technology"}
    with pytest.raises(PlanningError, match="ai"):
        planning.initiatives(sample, "4228", dimension="ai")


def test_collaboration_model_connects_form_and_tracker(store):
    box = planning.collaboration_model(
        "4228", respondent="4228-r02", store_url=store.url, session="1c", language="en"
    )
    assert box.tracker.state["frame"].empty
    box.form.fields["goal"].value = "Felles inntak i helse og omsorg"
    box.form.save_button.click()
    assert len(box.tracker.state["frame"]) == 1  # the tracker was redrawn after the save


def test_progress_summary_needs_two_sessions(store, sample):
    html = planning.progress_summary(sample, "4228", language="en").markup
    assert "moved forward" in html
    lonely = planning.progress_summary(store, "0301", language="en").markup
    assert "at least two" in lonely


def test_one_page_preview_option_and_plan_tables(sample):
    assert "No strategy is saved yet" in planning.one_page_preview(sample, "4228", language="en").markup
    targets = planning.default_targets(planning.empty_profile())
    plan = planning.make_strategy(
        "4228", "<b>Vi</b> vil", targets, ["family-team", "leader-competence", "building-dialogue"]
    )
    planning.save_strategy(sample, plan, respondent="4228-r01")
    html = planning.one_page_preview(sample, "4228", language="en").markup
    assert html.startswith("<iframe") and "sandbox" in html and "<b>" not in html
    assert "&amp;lt;b&amp;gt;Vi" in html  # escaped on the page, then again for the srcdoc attribute
    options = planning.option_table(language="nb").markup
    assert "Sertifisering" in options and "Masterclass" in options
    assert "No plan is saved yet" in planning.plan_table(sample, "4228-r09", language="en").markup
    planning.save_plan(
        sample,
        "4228-r09",
        {"data": {"what": "<i>Kurs</i>", "how": "masterclass", "by": "2099-01-31"}},
        municipality="4228",
        reflection="Viktig",
    )
    html = planning.plan_table(sample, "4228-r09", language="nb").markup
    assert "&lt;i&gt;Kurs" in html and "31. januar 2099" in html and "Viktig" in html


def test_follow_up_workbooks_read_the_assessment_and_fill_a_demo(store):
    from casekit import assessment

    empty = planning.workbook_profile(store, "4228")
    assert empty["n"].sum() == 0 and store.count() == 0
    profile = planning.workbook_profile(store, "Sirdal", prefill="demo")
    assert (profile["n"] >= 5).all()
    pd.testing.assert_frame_equal(profile, assessment.municipality_profile(store, "4228"))
    count = store.count()
    planning.workbook_profile(store, "4228", prefill="demo")
    assert store.count() == count  # the demo leader group is saved once
    gaps = planning.workbook_gaps(store, "4228", prefill="demo")
    assert set(planning.GAP_COLUMNS) <= set(gaps.columns) and gaps["respondent"].nunique() >= 5
    plan = planning.suggest_plan(gaps, respondent=gaps["respondent"].iloc[0])
    assert len(plan) == int((gaps.loc[gaps["respondent"] == gaps["respondent"].iloc[0], "gap"] > 0).sum())
    assert planning.workbook_gaps(store, "0301", prefill="demo").empty  # outside the synthetic cohort


def test_strategy_builder_starts_a_demo_from_a_sample_strategy(sample, tmp_path):
    profile = planning.workbook_profile(sample, "4228", prefill="demo")
    builder = planning.strategy_builder(
        "4228",
        profile,
        respondent="4228-r01",
        store_url=sample.url,
        export_folder=str(tmp_path),
        prefill="demo",
        language="en",
    )
    saved = planning.load_strategy(sample, "4228")
    assert saved is not None and 3 <= len(saved.initiatives) <= 5
    assert builder.chosen.value == saved.initiatives and builder.statement.value == saved.statement
    assert saved.targets == planning.default_targets(profile)
    assert not planning.prefill_strategy(sample, "4228", "4228-r01")  # never over an existing strategy
    assert "<iframe" in planning.one_page_preview(sample, "4228", profile).markup


def test_competence_planner_saves_the_suggestion_for_a_demo_once(store):
    gaps = _gaps([2, 3])
    planner = planning.competence_planner(
        gaps, "4228", respondent="4228-r01", store_url=store.url, prefill="demo", language="en"
    )
    actions, reflection = planning.load_plan(store, "4228-r01")
    assert {a: v["how"] for a, v in actions.items()} == {"data": "masterclass", "ethics": "internal_training"}
    assert reflection and planner.reflection.value == reflection
    planning.competence_planner(gaps, "4228", respondent="4228-r01", store_url=store.url, prefill="demo")
    assert len(store.history("4228-r01", "competence_plan")) == 1
