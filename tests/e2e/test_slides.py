"""The gathering-day slides open offline in Chromium and step through with Reveal.js's own API.

The deck is the kit's report job for the pilot cohort on a real store (the report notebook executed by a
real kernel). Every request that is not a local file is refused, as on a USB stick with no network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit.assessment.synthetic import fill_store as fill_assessment
from casekit.cohort import kit
from casekit.cohort import slides as kit_slides
from casekit.cohort.config import load_config
from casekit.radar.sample import fill_store as fill_radar
from casekit.store import open_store

from .conftest import SHOTS, VIEWPORTS

pytestmark = [pytest.mark.e2e, pytest.mark.notebook]
PILOT = Path(__file__).resolve().parents[2] / "examples" / "cohorts" / "pilot.yaml"


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slides")
    store_url = f"sqlite:///{folder / 'store.sqlite'}"
    fill_assessment(open_store(store_url), cohort="agder")
    fill_radar(store_url)
    config = load_config(PILOT, check_store=False).model_copy(
        update={"store_url": store_url, "language": "en"}
    )
    settings = kit.KitSettings(
        config.title, "en", store_url, tuple(config.municipalities), 5, "full", None, {}, "test"
    )
    built = kit.build_job((kit.KitJob("report:3b", "report", ("3b",)), settings, config))
    assert not built.error, built.error
    for relative, data in built.files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder / "3b" / "slides-3b.html"


def test_the_slides_run_offline_and_step_through(browser, deck):
    context = browser.new_context(viewport=VIEWPORTS["projector"])
    page = context.new_page()
    refused: list[str] = []
    errors: list[str] = []

    def offline(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        seen, heights = [], []
        for _ in range(total):
            seen.append(page.evaluate("Reveal.getCurrentSlide().innerText"))
            heights.append(page.evaluate("Reveal.getCurrentSlide().scrollHeight"))
            page.evaluate("Reveal.next()")
        assert page.evaluate("Reveal.isLastSlide()")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "slides.last.png"))
        page.evaluate("Reveal.slide(1)")
        page.screenshot(path=str(SHOTS / "slides.agenda.png"))
    finally:
        context.close()
    assert not refused and not errors
    assert max(heights) <= kit_slides.SIZE[1], heights  # nothing runs off the bottom of a slide
    assert total >= 8  # title, agenda, participation, maturity today and ambition, exercises, debrief
    assert seen[0].startswith("Module 3 Strategy")
    assert seen[1].startswith("Agenda") and "09:00–09:15" in seen[1]
    assert seen[-1].startswith("Before you leave") and "Which two dimensions" in seen[-1]
    assert any("Digital maturity in the cohort" in text for text in seen)
    assert not any("gathering.show" in text or "import casekit" in text for text in seen)  # no code
    html = deck.read_text(encoding="utf-8")
    assert html.count('<aside class="notes">') >= 4  # the trainer's notes travel as speaker notes
