"""Every participant workbook in Voilà at laptop (1366×768) and projector (1920×1080) size: nothing spills
out sideways, every button shows in full, every input has a visible label tied to it, and every text meets
WCAG AA contrast. One page load per workbook; the window is resized in between."""

from __future__ import annotations

import pytest

from casekit import notebooks

from . import checks
from .conftest import open_voila, running, start_voila

pytestmark = pytest.mark.e2e

#: These are checked in their scenario tests, on the page those tests load anyway.
CHECKED_IN_SCENARIOS = {"00-start-here", "3a-maturity", "4a-radar-explore-vote", "4c-ai-staffing-roster"}
OTHERS = [i.id for i in notebooks.catalogue("participant") if i.id not in CHECKED_IN_SCENARIOS]


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    with running(start_voila, tmp_path_factory.mktemp("layout")) as served:
        yield served


@pytest.mark.parametrize("notebook", OTHERS)
def test_usable_at_laptop_and_projector_size(page, app, notebook):
    info = notebooks.get(notebook)
    params = dict(info.extra.get("test_parameters", {}))
    if "respondent" in info.parameters:
        params["respondent"] = f"4228-layout-{info.id[:2]}"
    name = app.render(notebook, "nb", **params)
    open_voila(page, f"{app.url}/voila/render/{name}")
    assert page.locator("h1").first.is_visible()
    checks.assert_usable_at_both_sizes(page)
