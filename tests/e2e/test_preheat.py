"""Voilà with preheated kernels, as ``casekit app`` serves it: each visitor's page address decides the
municipality, and no visitor sees what the kernel ran for another."""

from __future__ import annotations

import pytest

from .conftest import eventually, open_voila, render, running, start_voila

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    def start(workspace, store_url):
        render(workspace, "00-start-here", "nb", preheat=True)
        return start_voila(workspace, store_url, pool_size=1)

    with running(start, tmp_path_factory.mktemp("preheat")) as served:
        yield served


def test_two_visitors_of_different_municipalities_see_only_their_own(app, page):
    log = app.server.log
    eventually(lambda: "is filled with 1 kernel" in log.read_text(), 180, "the kernel pool is filled")
    url = f"{app.url}/voila/render/00-start-here.ipynb"
    card = page.locator(".casekit-card").first
    open_voila(page, f"{url}?municipality=4204", card)
    first = page.locator("#rendered_cells").inner_text()
    # The county's other municipalities are listed in the picker; the fact card is the visitor's own.
    assert "Faktakort: Kristiansand" in first and "Faktakort: Sirdal" not in first
    eventually(lambda: log.read_text().count("is filled with 1 kernel") >= 2, 180, "the pool is refilled")
    open_voila(page, f"{url}?municipality=0301", card)
    second = page.locator("#rendered_cells").inner_text()
    assert "Faktakort: Oslo" in second and "Kristiansand" not in second
    assert log.read_text().count("Using pre-heated kernel") >= 2  # both pages came from the pool


def test_a_visitor_without_a_municipality_gets_the_rendered_default(app, page):
    open_voila(page, f"{app.url}/voila/render/00-start-here.ipynb", page.locator(".casekit-card").first)
    assert "Faktakort: Sirdal" in page.locator("#rendered_cells").inner_text()
