"""Run sheets: the shipped guides are valid, and every rule catches the mistake it is for."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from casekit.cohort import runsheet
from casekit.errors import RunSheetError


def test_every_step_has_a_valid_run_sheet():
    sheets = runsheet.validate_all()
    assert sorted(sheets) == sorted(runsheet.STEPS)
    for step, sheet in sheets.items():
        assert sheet.kind == runsheet.KIND_BY_PHASE[step[1]]
        assert sheet.agenda.full[0].start == "09:00"


def test_gathering_days_have_a_full_and_a_short_day_with_the_report_on_screen():
    for step in ("1b", "2b", "3b", "4b"):
        sheet = runsheet.load(step)
        assert set(sheet.variants()) == {"full", "short"}
        assert sheet.variants()["full"][-1].ends == "15:00" and sheet.variants()["short"][-1].ends == "12:00"
        assert sheet.report == "cohort-report"
        assert {e.grouping for e in sheet.exercises} & {"mixed-tables", "own-leader-group"}


def test_the_radar_vote_is_at_mixed_tables():
    sheet = runsheet.load("4b")
    assert sheet.exercise("radar-vote").grouping == "mixed-tables"


def test_a_schedule_can_start_later_and_keeps_its_length():
    rows = runsheet.schedule_for(runsheet.load("3b"), "short", dt.time(9, 30))
    assert rows[0][0] == "09:30" and rows[-1][1] == "12:30"


@pytest.fixture
def sheets(tmp_path):
    folder = tmp_path / "runsheets"
    shutil.copytree(runsheet.folder(), folder)
    return folder


def _edit(folder, step, change):
    path = folder / f"{step}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(folder, step):
    with pytest.raises(RunSheetError) as caught:
        runsheet.load(step, folder)
    return caught.value.message("en")


def test_a_gap_in_the_agenda_is_named_with_both_times(sheets):
    _edit(sheets, "3b", lambda d: d["agenda"]["full"][1].update(start="09:20"))
    text = _problems(sheets, "3b")
    assert "3b.yaml, agenda.full" in text and "jumps from 09:15 to 09:20" in text


def test_a_missing_translation_names_the_place_and_the_language(sheets):
    _edit(sheets, "2b", lambda d: d["debrief"][0].pop("en"))
    assert "2b.yaml, debrief[1]: the text is missing in en" in _problems(sheets, "2b")


def test_unknown_references_are_each_reported(sheets):
    def change(d):
        d["agenda"]["full"][2]["case"] = "atlantis"
        d["agenda"]["full"][1]["report_section"] = "radar"
        d["requires"] = ["3a-maturty"]
        d["exercises"][0]["id"] = "renamed"

    _edit(sheets, "3b", change)
    text = _problems(sheets, "3b")
    assert "no case “atlantis”" in text
    assert "no section “radar”" in text and "participation, maturity, initiatives" in text
    assert "no workbook “3a-maturty”" in text
    assert "exercise “benchmark” is not in this sheet's exercises" in text


def test_a_day_of_the_wrong_length_and_without_lunch_is_refused(sheets):
    def change(d):
        lunch = next(i for i in d["agenda"]["full"] if i["kind"] == "lunch")
        lunch["kind"] = "plenary"

    _edit(sheets, "1b", change)
    assert "at least two breaks and one lunch" in _problems(sheets, "1b")
    _edit(
        sheets,
        "1b",
        lambda d: d["agenda"]["short"][-1].update(minutes=d["agenda"]["short"][-1]["minutes"] + 5),
    )
    assert "lasts 185 minutes; it must last 180" in _problems(sheets, "1b")


def test_a_file_under_another_steps_name_and_a_bad_kind_are_refused(sheets):
    _edit(sheets, "2a", lambda d: d.update(kind="gathering"))
    assert "kind “gathering” does not fit the phase" in _problems(sheets, "2a")
    shutil.copy(sheets / "2c.yaml", sheets / "3c.yaml")
    assert "step “2c” must be the file's name (3c)" in _problems(sheets, "3c")


def test_schema_mistakes_and_unreadable_files_get_a_place(sheets):
    _edit(sheets, "4a", lambda d: d["agenda"]["full"][0].update(start="9 am"))
    assert "agenda.full.0.start" in _problems(sheets, "4a")
    (sheets / "4c.yaml").write_text("step: [unclosed", encoding="utf-8")
    assert "cannot be read as a YAML run sheet" in _problems(sheets, "4c")
    with pytest.raises(RunSheetError, match="ikke et steg"):
        runsheet.load("5b")
