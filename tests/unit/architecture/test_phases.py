"""The architecture track's pre-work (the municipality's own main systems) and follow-up (a decision note on
a planned replacement): the model functions, the widgets driven like a participant, a real SQLite store and
the exported note."""

import json

import pytest

import casekit
from casekit import architecture
from casekit.architecture import analysis, decision, inventory, model
from casekit.architecture.widgets import DecisionNoteView, LandscapeEditor, SystemsChecklist
from casekit.errors import ArchitectureError
from casekit.store import open_store


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "a.sqlite")


def session(store, respondent="4228-r01", language="nb", prefill=""):
    return casekit.setup(language, "4228", store_url=store.url, respondent=respondent, prefill=prefill)


# --- the inventory ---------------------------------------------------------------------------------------


def test_dropping_a_platform_keeps_the_data_flows_it_carried_as_point_to_point():
    sample = model.load_sample()
    carried = sample.integrations[sample.integrations["via"] == "integration_platform"]
    own = inventory.own_systems(sample, inventory.Inventory(drop=("integration_platform",)))
    assert "integration_platform" not in own.ids() and len(carried) > 0
    for row in carried.itertuples(index=False):
        match = own.integrations[
            (own.integrations["source"] == row.source) & (own.integrations["target"] == row.target)
        ]
        assert list(match["kind"]) == ["p2p"] and list(match["via"]) == [""]
    assert len(own.integrations) == len(sample.integrations)  # nothing lost but the platform itself


def test_dropping_a_system_takes_its_integrations_and_products_name_the_system():
    sample = model.load_sample()
    touching = sample.integrations[
        (sample.integrations["source"] == "booking") | (sample.integrations["target"] == "booking")
    ]
    own = inventory.own_systems(
        sample,
        inventory.Inventory(
            drop=("booking",), products=(("ehr_care", "Gerica"),), added=(("Kvalitetssystem", "other"),)
        ),
    )
    assert len(own.integrations) == len(sample.integrations) - len(touching)
    assert own.label("ehr_care", "nb") == "EPJ pleie og omsorg (Gerica)"
    assert (
        own.label("ehr_care", "en") == "Care EHR (Gerica)"
        and inventory.product_of(own, "ehr_care") == "Gerica"
    )
    assert "kvalitetssystem" in own.ids() and own.name == "own"
    again = inventory.own_systems(own, inventory.Inventory(products=(("ehr_care", "Visma Profil"),)))
    assert again.label("ehr_care", "nb") == "EPJ pleie og omsorg (Visma Profil)"  # replaced, never nested
    cleared = inventory.own_systems(again, inventory.Inventory(products=(("ehr_care", ""),)))
    assert (
        cleared.label("ehr_care", "nb") == "EPJ pleie og omsorg"
        and inventory.product_of(cleared, "ehr_care") == ""
    )
    twice = inventory.own_systems(own, inventory.Inventory(added=(("kvalitetssystem", "other"),)))
    assert len(twice.ids()) == len(own.ids())  # a name already there is not added again
    assert inventory.inventory_summary(sample, own, "en") == "Systems kept: 33, removed: 1, added: 1."


def test_a_bad_inventory_names_what_is_wrong():
    with pytest.raises(ArchitectureError, match="atlantis"):
        inventory.own_systems(model.load_sample(), inventory.Inventory(drop=("atlantis",)))
    with pytest.raises(ArchitectureError) as err:
        inventory.own_systems(model.load_sample(), inventory.Inventory(products=(("hr", "x" * 81),)))
    assert "81" in err.value.message("en") and "80" in err.value.message("en")
    with pytest.raises(ArchitectureError):
        inventory.Inventory.from_answers({"added": [{"role": "other"}]})


def test_the_checklist_is_driven_like_a_participant(store, close_figures):
    view = SystemsChecklist(session(store))
    assert view.feedback.calls == 1 and view.feedback.last_exception is None and view.feedback.kind is None
    assert all(box.value for box in view.keep.values()) and len(view.keep) == len(model.load_sample().ids())
    view.keep["booking"].value = False
    view.products["case_archive"].value = "<b>Elements</b>"
    view.added.value = "Kvalitetssystem\n\n  Avvikssystem  "
    view.save_button.click()
    assert view.feedback.calls == 2 and view.feedback.kind == "ok" and view.feedback.last_exception is None
    saved = store.latest("4228-r01", "architecture")
    assert (
        saved.meta["phase"] == "4a"
        and "Systemer beholdt: 33, fjernet: 1, lagt til: 2." in view.feedback.value
    )
    land = model.load_landscape(store, respondent="4228-r01")
    assert "booking" not in land.ids() and land.label("case_archive", "nb") == "Sak/arkiv (<b>Elements</b>)"
    again = SystemsChecklist(session(store, respondent="4228-r02", language="en"))  # a colleague's start
    assert "booking" not in again.keep and again.products["case_archive"].value == "<b>Elements</b>"
    assert again.keep["case_archive"].description == "Case and archive"


def test_a_sample_session_saves_the_sample_answer_once(store, close_figures):
    view = SystemsChecklist(session(store, prefill="demo"))
    assert view.feedback.kind == "ok"
    land = model.load_landscape(store, respondent="4228-r01")
    assert {"booking", "property_tax"}.isdisjoint(land.ids()) and "kvalitetssystem" in land.ids()
    view.keep["gis"].value = False
    view.save_button.click()
    SystemsChecklist(session(store, prefill="demo"))  # saved work is never replaced by the sample
    assert "gis" not in model.load_landscape(store, respondent="4228-r01").ids()


def test_a_json_prefill_is_applied_and_a_bad_one_is_named(store, tmp_path, close_figures):
    prefill = json.dumps({"drop": ["gis"], "products": {"hr": "Visma"}, "added": [{"name": "Avvik"}]})
    SystemsChecklist(session(store, prefill=prefill))
    land = model.load_landscape(store, respondent="4228-r01")
    assert "gis" not in land.ids() and land.label("hr", "nb") == "HR og personal (Visma)"
    other = open_store(tmp_path / "b.sqlite")
    bad = SystemsChecklist(session(other, prefill='{"drop": '))
    assert bad.feedback.kind == "error" and "JSON" in bad.feedback.value
    assert other.latest("4228-r01", "architecture") is None


def test_where_the_landscape_comes_from(store):
    wb = session(store, language="en")
    assert "sample landscape is shown" in architecture.landscape_note(wb).markup
    model.save_landscape(store, model.load_sample(), respondent="4228-r03", municipality="4228", phase="4a")
    assert "From the pre-work (4a)" in architecture.landscape_note(wb).markup  # a colleague's, by phase
    model.save_landscape(store, model.load_sample(), respondent="4228-r01", municipality="4228")
    assert "The landscape you saved on" in architecture.landscape_note(wb).markup  # no phase recorded


# --- the decision note --------------------------------------------------------------------------------------


def test_a_note_keeps_the_blast_radius_of_its_day():
    sample = model.load_sample()
    note = decision.make_note(
        sample, "case_archive", "platform_first", municipality="4228", language="en", next_step="Plan it"
    )
    radius = analysis.blast_radius(sample, "case_archive")
    assert (note.rebuild, note.connectors, note.reach) == (radius.rebuild, radius.connectors, radius.reach)
    assert note.system_name == "Case and archive" and len(note.changed) == len(radius.partners_changed)
    assert decision.check_note(note.answers()) == note


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"option": "burn_it"}, "note_option"),
        ({"next_step": "  "}, "note_next_step"),
        ({"reason": "x" * 1501}, "note_too_long"),
        ({"rebuild": -1}, "note_field"),
    ],
)
def test_the_store_refuses_a_bad_note(store, change, key):
    note = decision.make_note(model.load_sample(), "hr", "replace", municipality="4228", next_step="Go")
    with pytest.raises(ArchitectureError) as err:
        store.save("4228-r01", decision.INSTRUMENT, {**note.answers(), **change}, status="final")
    assert err.value.key == f"architecture.error.{key}"
    assert store.latest("4228-r01", decision.INSTRUMENT) is None


def test_the_exported_note_escapes_every_text_and_backs_up_a_changed_file(tmp_path):
    note = decision.make_note(
        model.load_sample(),
        "hr",
        "keep",
        municipality="4228",
        language="nb",
        next_step="<script>alert(1)</script> *fet* [lenke](x)",
        reason="To avsnitt.\n\nAndre avsnitt.",
    )
    paths = decision.export_note(tmp_path / "notes", note, language="nb")
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and page.count("<p>") >= 2
    text = paths["markdown"].read_text(encoding="utf-8")
    assert "<script>" not in text and "\\*fet\\*" in text and "\\[lenke\\]" in text
    assert "Beslutningsnotat: utskifting av HR og personal – Sirdal" in page
    paths["markdown"].write_text("edited by hand", encoding="utf-8")
    decision.export_note(tmp_path / "notes", note, language="nb")
    backups = [p for p in (tmp_path / "notes").iterdir() if ".backup-" in p.name]
    assert [p.read_text(encoding="utf-8") for p in backups] == ["edited by hand"]
    decision.export_note(tmp_path / "notes", note, language="nb")  # unchanged: no new backup
    assert len([p for p in (tmp_path / "notes").iterdir() if ".backup-" in p.name]) == 1


def test_the_note_follows_the_editor_and_saves_and_exports(store, tmp_path, close_figures):
    wb = session(store, language="en")
    editor = LandscapeEditor(wb, phase="4c")
    view = DecisionNoteView(wb, editor, export_folder=str(tmp_path / "notes"))
    assert (
        view.feedback.last_exception is None
        and view.system.value == analysis.blast_radii(model.load_sample()).iloc[0]["system"]
    )
    assert "If " in view.radius.value
    editor.controls["new_name"].value = "Quality system"
    editor.controls["add_system"].click()
    assert ("Quality system", "quality_system") in view.system.options  # the note follows the editor
    view.system.value = "case_archive"
    view.option.value = "joint"
    view.save_button.click()
    assert view.feedback.kind == "error" and "next step" in view.feedback.value
    view.texts["next_step"].value = "The head of IT presents a plan by 1 March"
    view.save_button.click()
    assert view.feedback.kind == "ok" and view.feedback.last_exception is None
    saved = decision.load_note(store, respondent="4228-r09", municipality="4228")
    assert saved.system == "case_archive" and saved.option == "joint" and saved.systems == 35
    assert store.latest("4228-r01", "architecture").meta["phase"] == "4c"  # the landscape the note is on
    assert (
        view.state["paths"]["html"].is_file() and "Decision note" in view.state["paths"]["html"].read_text()
    )
    again = DecisionNoteView(session(store, respondent="4228-r02"), export_folder=str(tmp_path / "notes"))
    assert again.system.value == "case_archive" and again.texts["next_step"].value.startswith("The head")
    assert again.option.value == "joint"


def test_a_sample_session_writes_a_sample_note(store, tmp_path, close_figures):
    view = DecisionNoteView(session(store, prefill="demo"), export_folder=str(tmp_path / "notes"))
    assert view.feedback.kind == "ok" and view.texts["next_step"].value.startswith("Eksempel")
    assert decision.load_note(store, respondent="4228-r01").option == "platform_first"
