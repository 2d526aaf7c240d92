"""Widgets driven as a participant would: set values, click, and check the store and the feedback."""

import pytest

import casekit
from casekit.errors import RadarError
from casekit.radar import widgets
from casekit.radar.editions import load_editions
from casekit.radar.model import Blip, Radar, default_config
from casekit.radar.tables import blip_card, blip_table
from casekit.radar.votes import Ballot, load_ballots


@pytest.fixture
def small():
    cfg = default_config()
    return Radar(
        cfg,
        [
            Blip("A", "data_ai", "trial", description="<b>a</b>"),
            Blip("B", "platforms", "hold"),
            Blip("C", "citizen_services", "adopt", rationale="r", link="https://www.ks.no"),
        ],
    )


def _session(language, store_url, respondent="4228-r01", municipality="4228"):
    return casekit.setup(language, municipality, respondent=respondent, store_url=store_url)


def test_ballot_saves_placements_skips_and_additions(small, store_url):
    box = widgets.BallotForm(_session("en", store_url), small)
    assert set(box.choices) == {"a", "b", "c"} and all(dd.value == "skip" for dd in box.choices.values())
    assert box.live.radar.blips == ()  # nothing placed yet: an empty radar
    box.choices["a"].value = "adopt"
    box.choices["b"].value = "assess"
    # Every choice redraws the participant's own radar at once.
    assert box.feedback.calls == 2 and box.live.redraws == 3
    assert {(b.id, b.ring) for b in box.live.radar.blips} == {("a", "adopt"), ("b", "assess")}
    assert 'data-id="a"' in box.live.widget.value and 'data-id="c"' not in box.live.widget.value
    box.new_name.value = "Drone inspection"
    box.new_quadrant.value = "platforms"
    box.new_ring.value = "trial"
    box.new_description.value = "Bridges and roofs"
    box.add_button.click()
    assert box.feedback.calls == 3 and box.feedback.last_exception is None
    assert "drone-inspection" in {b.id for b in box.live.radar.blips}
    box.save_button.click()
    assert box.feedback.last_exception is None and "2 of 3" in box.feedback.value
    saved = load_ballots(box.store, municipality="4228")
    assert saved[0].placements == {"a": "adopt", "b": "assess", "c": None}
    assert [b.name for b in saved[0].additions] == ["Drone inspection"]
    # Reopening the ballot starts from what was saved.
    again = widgets.BallotForm(_session("nb", store_url), small)
    assert again.choices["a"].value == "adopt" and again.choices["c"].value == "skip"


def test_ballot_shows_mistakes_inline(small, store_url):
    box = widgets.BallotForm(_session("nb", store_url, "4228-r02"), small)
    box.new_name.value = "  a "
    box.add_button.click()
    assert box.feedback.kind == "error" and "finnes allerede" in box.feedback.value
    box.new_name.value = ""
    box.add_button.click()
    assert "Skriv et navn" in box.feedback.value and box.feedback.calls == 2
    box.new_name.value = "Ny"
    box.add_button.click()
    box.new_name.value = "ny"
    box.add_button.click()
    assert "finnes allerede" in box.feedback.value and len(box.additions) == 1


def test_ballot_starts_from_a_prefill(small, store_url):
    start = Ballot("4228-r03", "4228", {"b": "hold"})
    box = widgets.BallotForm(_session("nb", store_url, "4228-r03"), small, start=start)
    assert box.choices["b"].value == "hold" and box.ballot().placements["a"] is None
    with pytest.raises(RadarError):
        widgets.BallotForm(_session("nb", store_url, " ", municipality=None), small)


def test_editor_moves_only_with_a_rationale_and_saves_the_edition(small, store_url):
    box = widgets.EditionEditor(_session("nb", store_url), small, previous=small, label="2026")
    redraws = box.live.redraws
    box.blip.value = "a"
    box.ring.value = "adopt"
    box.move_button.click()
    assert box.feedback.kind == "error" and "begrunnelse" in box.feedback.value
    assert box.state["radar"].get("a").ring == "trial"
    box.rationale.value = "Proven in two services"
    box.move_button.click()
    assert box.feedback.last_exception is None and box.state["radar"].get("a").ring == "adopt"
    assert box.live.redraws == redraws + 1 and "Proven in two services" in box.changes.value
    box.move_button.click()  # same ring again
    assert "står allerede" in box.feedback.value
    box.blip.value = "b"
    box.rationale.value = "Replaced by cloud"
    box.retire_button.click()
    assert "b" not in box.state["radar"].ids() and box.feedback.last_exception is None
    box.new_name.value = "Drone"
    box.new_quadrant.value = "platforms"
    box.new_ring.value = "assess"
    box.add_button.click()
    assert "drone" in box.state["radar"].ids()
    box.save_button.click()
    assert box.feedback.last_exception is None, box.feedback.value
    assert box.saved and box.store is box.wb.store
    editions = load_editions(box.store, municipality="4228")
    assert editions[-1].label == "2026" and editions[-1].retired == {"b": "Replaced by cloud"}
    assert (
        editions[-1].radar.get("a").status == "moved_in" and editions[-1].radar.get("drone").status == "new"
    )


def test_editor_refuses_to_save_without_rationale_or_label(small, store_url):
    moved = small.with_blips([Blip("A", "data_ai", "adopt"), *small.blips[1:]])
    box = widgets.EditionEditor(_session("nb", store_url), moved, previous=small)
    box.save_button.click()
    assert box.feedback.kind == "error" and "navn" in box.feedback.value
    box.label.value = "2026"
    box.save_button.click()
    assert "uten begrunnelse" in box.feedback.value and box.saved == []


def test_live_view_redraws_and_explorer_follows_the_picker(small, store_url):
    live = widgets.live_view(small)
    assert live.redraws == 1 and "<svg" in live.widget.value
    bigger = small.with_blips([*small.blips, Blip("D", "data_ai", "hold")])
    live.update(bigger)
    assert live.redraws == 2 and live.widget.value.count('class="blip"') == 4 and live.last_ms >= 0
    box = widgets.Explorer(_session("en", store_url), small, blip="c")
    assert box.quadrant.value == "citizen_services" and box.picker.value == "c"
    box.quadrant.value = "data_ai"
    assert box.picker.value == "a" and box.feedback.last_exception is None
    card = str(blip_card(small, "a", language="en"))
    assert "<b>a</b>" in card and "Trial" in card
    link_card = str(blip_card(small, "c", language="nb"))
    assert 'href="https://www.ks.no"' in link_card and "Begrunnelse" in link_card
    table = str(blip_table(small, language="en", quadrant="Data & AI"))
    assert ">A<" in table and ">B<" not in table
