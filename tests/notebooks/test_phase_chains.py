"""Each module's phases start from what the previous phase saved: the notebooks run for real, one after
another, on one SQLite store, and the later phase shows what the earlier one saved.

Colleagues in the leader group are saved straight into the store (what their own workbooks would have
saved), so the group reaches the privacy threshold of five without running the same workbook five times.
"""

from __future__ import annotations

import json
import re

import pytest

from casekit import notebooks
from casekit.assessment.generations import generation_gaps
from casekit.assessment.model import load_instrument
from casekit.assessment.scoring import municipality_profile
from casekit.radar import sample_radar
from casekit.radar.votes import Ballot, save_ballot
from casekit.services import analysis
from casekit.services.model import load_life_events
from casekit.store import SQLStore, normalise_url

pytestmark = pytest.mark.notebook

MUNICIPALITY = "4228"


@pytest.fixture
def store(tmp_path):
    return SQLStore(normalise_url(tmp_path / "chain.sqlite"))


def run(notebook: str, store, tmp_path, language: str = "nb", **params):
    params = {"store_url": store.url, "municipality": MUNICIPALITY, **params}
    return notebooks.execute(notebook, params, language=language, cwd=tmp_path)


def text(nb, cell_id: str | None = None) -> str:
    """The visible text of the outputs (of one cell), HTML tags removed and entities kept."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or (cell_id and cell.get("id") != cell_id):
            continue
        for out in cell.outputs:
            data = out.get("data", {})
            parts.append(data.get("text/html") or data.get("text/plain") or out.get("text", ""))
    return re.sub(r"<[^>]+>", " ", "\n".join(parts))


def same_answers(instrument: str, values: dict[str, int]) -> dict[str, int]:
    """Every item answered with the level for its perspective (or its dimension)."""
    inst = load_instrument(instrument)
    return {
        f"{item.id}.{p}": values.get(dim.id, values.get(p, 3))
        for dim in inst.dimensions
        for item in dim.items
        for p in inst.perspective_ids
    }


def colleagues(store, instrument: str, answers: dict[str, int], count: int = 4) -> None:
    inst = load_instrument(instrument)
    for i in range(count):
        store.save(
            f"{MUNICIPALITY}-r{i + 1:02d}",
            inst.id,
            answers,
            status="final",
            version=inst.version,
            municipality=MUNICIPALITY,
        )


def test_module_1_prework_to_gathering_day_to_follow_up(store, tmp_path):
    capabilities = load_instrument("capabilities")
    colleagues(
        store, "capabilities", same_answers("capabilities", {d.id: 4 for d in capabilities.dimensions})
    )
    run("1a-capabilities", store, tmp_path, respondent="4228-r05", prefill="demo")  # the fifth leader
    assert len(store.submissions("capabilities", municipality=MUNICIPALITY)) == 5

    gathering = run("1b-life-events", store, tmp_path, respondent="4228-r05", prefill="demo")
    shown = text(gathering, "1b-capabilities-view")
    assert "Fra forarbeidet (1a): 5 i ledergruppen har sendt inn svar." in shown
    assert "syntetiske eksempelsvar" not in shown  # the group's own answers, no sample data
    group = municipality_profile(store, MUNICIPALITY, "capabilities").set_index("dimension")["today"]
    quadrant = capabilities.grid.quadrant(group[capabilities.grid.x], group[capabilities.grid.y])
    assert f"Ledergruppens plassering i rutenettet: {quadrant.label['nb']}" in shown
    saved_marks = store.submissions(analysis.INSTRUMENT, municipality=MUNICIPALITY)
    assert saved_marks, "1b saves the leader group's marks"

    follow_up = run("1c-collaboration-model", store, tmp_path, respondent="4228-r06")
    team = text(follow_up, "1c-team-view")
    assert "Fra samlingen (1b): teamet under bygger på markeringene kommunen lagret." in team
    catalogue = load_life_events()
    marks = analysis.load_marks(store, municipality=MUNICIPALITY)
    for member in analysis.cross_event_team(marks, catalogue=catalogue).members:
        assert catalogue.actors[member].name("nb") in team


def test_module_2_prework_and_gathering_day_to_follow_up(store, tmp_path):
    competence = load_instrument("competence")
    areas = [dim.id for dim in competence.dimensions]
    answers = {
        f"{item.id}.{p}": 3
        for dim in competence.dimensions
        for item in dim.items
        for p in ("required", "current")
    }
    for area in areas[:3]:  # three areas where the role asks for more than the leader has
        item = competence.dimension(area).items[0].id
        answers[f"{item}.required"], answers[f"{item}.current"] = 5, 2
    run("2a-competence", store, tmp_path, language="en", respondent="4228-r05", prefill=json.dumps(answers))
    run("2b-leadership-roles", store, tmp_path, language="en", respondent="4228-r05", prefill="demo")
    assert store.latest("4228-r05", "notes:roles", status="final") is not None

    plan = run("2c-competence-plan", store, tmp_path, language="en", respondent="4228-r05")
    assert "From the gathering day (2b): the role you chose" in text(plan, "2c-role-view")
    assert "You have 3 areas with development needs." in text(plan)


def test_module_3_prework_to_gathering_day_to_follow_up(store, tmp_path):
    answers = same_answers("maturity", {"today": 2, "ambition": 4})
    colleagues(store, "maturity", answers)
    run("3a-maturity", store, tmp_path, respondent="4228-r05", prefill=json.dumps(answers))
    assert len(store.submissions("maturity", municipality=MUNICIPALITY)) == 5

    gathering = run("3b-maturity-benchmark", store, tmp_path, respondent="4228-r05", prefill="demo")
    gap = text(gathering, "3b-generation-view")
    assert "Fra forarbeidet (3a): 5 i ledergruppen har sendt inn svar." in gap
    assert "syntetiske eksempelsvar" not in gap
    expected = generation_gaps(municipality_profile(store, MUNICIPALITY, "maturity"), "maturity")
    assert set(expected["gap"]) == {2} and "2 (2,0)" in gap and "4 (4,0)" in gap and "2 trinn" in gap
    notes = store.latest("4228-r05", "notes:generation_gap", status="final")
    assert notes is not None

    follow_up = run("3c-strategy-plan", store, tmp_path, respondent="4228-r06")
    carried = text(follow_up, "3c-notes-view")
    assert notes.answers["priority"] in carried and notes.answers["prerequisites"] in carried


def test_module_4_radar_ballots_to_group_radar_to_edition(store, tmp_path):
    radar = sample_radar("2025")
    target = next(b for b in radar.blips if b.ring == "adopt")
    before = run("4c-radar-edition", store, tmp_path, respondent="4228-r01")
    assert target.name not in text(before, "4c-06")  # the sample's own edition: nothing moves it
    for i in range(5):  # five leaders save their 4a ballots: all put one adopted technology on hold
        placements = {b.id: None for b in radar.blips} | {target.id: "hold"}
        save_ballot(store, Ballot(f"{MUNICIPALITY}-r{i + 1:02d}", MUNICIPALITY, placements), radar)

    gathering = run("4b-radar-group-county", store, tmp_path, respondent="4228-r01")
    summary = text(gathering, "4b-06")
    assert "5 har stemt." in summary and "eksempelstemmene" not in text(gathering, "4b-03")

    edition = run("4c-radar-edition", store, tmp_path, respondent="4228-r01")
    changes = text(edition, "4c-06")
    assert target.name in changes and "Avvent" in changes
