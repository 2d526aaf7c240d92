"""The start-here notebook in Voilà, as a participant opens it, at laptop and projector size (JupyterLab's
Run All is in test_lab)."""

from __future__ import annotations

import pytest

from . import checks
from .conftest import open_voila, render, wait_rendered

pytestmark = pytest.mark.e2e


def assert_no_errors(page) -> None:
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body
    assert "Traceback" not in body


def test_start_here_in_voila_shows_card_chart_and_widget(page, voila, workspace):
    name = render(workspace, "00-start-here", "nb", municipality="4228")
    # The first "Faktakort: Sirdal" is the card; the explorer under it repeats it.
    open_voila(page, f"{voila.url}/voila/render/{name}", page.get_by_text("Faktakort: Sirdal").first)
    wait_rendered(page)
    checks.assert_usable_at_both_sizes(page)
    assert page.locator("h1").first.inner_text().startswith("Start her")
    assert page.get_by_text("Hva du gjør her").count() >= 1
    assert page.locator("img").count() >= 1  # the county chart
    dropdown = page.locator("select").first
    dropdown.select_option(label="Kristiansand")
    page.get_by_text("Faktakort: Kristiansand").wait_for()
    assert "municipality =" not in page.content()  # no code on screen
    assert_no_errors(page)
