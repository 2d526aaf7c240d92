"""The radar ballot in Voilà, as a participant uses it: by mouse, by keyboard, with a mistake, and at
laptop and projector size.

One Voilà server serves the whole module; every test votes as its own respondent, so tests share the
server and the store without sharing state.
"""

from __future__ import annotations

import pytest

from casekit import i18n
from casekit.radar.sample import sample_radar
from casekit.radar.votes import BALLOT_INSTRUMENT, load_ballot_for

from . import checks
from .conftest import eventually, open_voila, running, start_voila, wait_rendered

pytestmark = pytest.mark.e2e

NOTEBOOK = "4a-radar-explore-vote"
RADAR = sample_radar("2025")
RINGS = {r.key: r.label_in("nb") for r in RADAR.config.rings}


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    with running(start_voila, tmp_path_factory.mktemp("radar")) as served:
        yield served


def open_ballot(page, app, respondent: str) -> object:
    name = app.render(NOTEBOOK, "nb", name=respondent, respondent=respondent)
    ballot = page.locator(".casekit-ballot")
    open_voila(page, f"{app.url}/voila/render/{name}", ballot)
    return ballot


def one_per_quadrant(count: int) -> list:
    """``count`` technologies spread over the quadrants, so the radar fills more than one corner."""
    chosen, seen = [], set()
    for b in RADAR.blips:
        if b.quadrant not in seen or len(seen) == len(RADAR.config.quadrants):
            chosen.append(b)
            seen.add(b.quadrant)
        if len(chosen) == count:
            return chosen
    raise AssertionError("the sample radar has too few technologies")


def test_ballot_places_five_technologies_saves_and_shows_them_on_the_radar(page, app):
    respondent = "4228-e2e-ballot"
    ballot = open_ballot(page, app, respondent)
    live = ballot.locator(".casekit-live-radar")
    assert live.locator("g.blip").count() == 0  # a fresh ballot: nothing placed
    picks = dict(zip([b.id for b in one_per_quadrant(5)], ["adopt", "trial", "assess", "hold", "trial"]))
    for blip_id, ring in picks.items():
        # The technology's name is the dropdown's label: find it the way a screen reader would.
        ballot.get_by_label(RADAR.get(blip_id).label("nb"), exact=True).select_option(label=RINGS[ring])
    live.locator("g.blip").nth(4).wait_for()
    ballot.locator(".casekit-save").click()
    saved = i18n.t("radar.widget.ballot.saved", language="nb", count=5, total=len(RADAR.blips))
    ballot.locator(".casekit-feedback .casekit-ok", has_text=saved).wait_for()

    shown = live.locator("g.blip")
    assert sorted(shown.evaluate_all("els => els.map(e => e.dataset.id)")) == sorted(picks)
    for blip_id, ring in picks.items():  # each dot's tooltip names its ring
        title = live.locator(f"g.blip[data-id='{blip_id}'] title").text_content()
        assert f"({RINGS[ring]}," in title, title
    stored = load_ballot_for(app.store(), respondent)
    assert {k: v for k, v in stored.placements.items() if v} == picks
    assert sum(v is None for v in stored.placements.values()) == len(RADAR.blips) - 5
    live.scroll_into_view_if_needed()


def test_bad_input_shows_a_norwegian_message_and_leaves_the_saved_ballot_alone(page, app):
    respondent = "4228-e2e-bad"
    ballot = open_ballot(page, app, respondent)
    first = RADAR.blips[0]
    ballot.get_by_label(first.label("nb"), exact=True).select_option(label=RINGS["trial"])
    ballot.locator(".casekit-save").click()
    ballot.locator(".casekit-feedback .casekit-ok").wait_for()
    store = app.store()
    before = (store.count(), store.latest(respondent, BALLOT_INSTRUMENT))

    # A "new" technology that is already on the radar (with other spacing and case) is refused.
    name_field = ballot.get_by_label(i18n.t("radar.widget.ballot.new_name", language="nb"), exact=True)
    name_field.fill(f"  {first.label('nb').upper()} ")
    ballot.get_by_role("button", name=i18n.t("radar.widget.ballot.add", language="nb")).click()
    alert = ballot.locator(".casekit-feedback [role=alert]")
    alert.wait_for()
    message = alert.inner_text()
    assert "finnes allerede på radaren" in message and first.label("nb").upper() in message
    assert "Traceback" not in page.locator("body").inner_text()
    assert ballot.locator(".casekit-live-radar g.blip").count() == 1  # nothing was added
    after = (store.count(), store.latest(respondent, BALLOT_INSTRUMENT))
    assert after == before
    alert.scroll_into_view_if_needed()


def test_keyboard_alone_changes_answers_and_reaches_save(page, app):
    respondent = "4228-e2e-keys"
    ballot = open_ballot(page, app, respondent)
    wait_rendered(page)
    checks.assert_usable_at_both_sizes(page)  # the whole workbook, at laptop and projector size
    rings = ballot.locator("select").filter(has=page.locator("option", has_text=RINGS["adopt"]))
    first = RADAR.get(rings.nth(0).evaluate("e => e.labels[0].innerText"))
    rings.nth(0).focus()
    page.keyboard.press("ArrowDown")  # Hopp over → Ta i bruk
    page.keyboard.press("Tab")
    second = RADAR.get(page.evaluate("document.activeElement.labels[0].innerText"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # → Prøv ut
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # the first one again: Ta i bruk → Prøv ut
    save = ballot.locator(".casekit-save")
    for _ in range(len(RADAR.blips) + 20):
        page.keyboard.press("Tab")
        if save.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the Save button")
    page.keyboard.press("Enter")
    ballot.locator(".casekit-feedback .casekit-ok").wait_for()
    stored = load_ballot_for(app.store(), respondent)
    assert {k: v for k, v in stored.placements.items() if v} == {first.id: "trial", second.id: "trial"}
    page.keyboard.press("Space")  # Space on Save saves again: a second submission
    eventually(lambda: len(app.store().history(respondent, BALLOT_INSTRUMENT)) == 2)
    assert ballot.locator(".casekit-live-radar g.blip").count() == 2
    save.scroll_into_view_if_needed()
