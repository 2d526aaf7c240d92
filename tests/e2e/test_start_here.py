"""Scenario 4 and the Voilà smoke tests on the start-here notebook."""

from __future__ import annotations

import re

import pytest

from .conftest import render

pytestmark = pytest.mark.e2e


def assert_no_errors(page) -> None:
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body
    assert "Traceback" not in body


def test_start_here_in_voila_shows_card_chart_and_widget(page, voila, workspace):
    name = render(workspace, "00-start-here", "nb", municipality="4228")
    page.goto(f"{voila.url}/voila/render/{name}")
    page.get_by_text("Faktakort: Sirdal").wait_for()
    assert page.locator("h1").first.inner_text().startswith("Start her")
    assert page.get_by_text("Hva du gjør her").count() >= 1
    assert page.locator("img").count() >= 1  # the county chart
    dropdown = page.locator("select").first
    dropdown.select_option(label="Kristiansand")
    page.get_by_text("Faktakort: Kristiansand").wait_for()
    assert "municipality =" not in page.content()  # no code on screen
    assert_no_errors(page)


def test_voila_as_server_extension_in_jupyterlab(page, lab, workspace):
    name = render(workspace, "00-start-here", "en", municipality="5059")
    page.goto(f"{lab.url}/voila/render/{name}?token={lab.token}")
    page.get_by_text("Fact card: Orkland").wait_for()
    assert_no_errors(page)


def test_jupyterlab_run_all_renders_every_widget(page, lab, workspace):
    name = render(workspace, "00-start-here", "nb", municipality="4228")
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}")
    page.locator(".jp-Notebook").wait_for()
    page.locator("#jp-main-statusbar", has_text=re.compile("Idle|Ledig")).wait_for(timeout=120_000)
    page.locator(".jp-Notebook").click()
    page.keyboard.press("Control+Shift+C")
    palette = page.locator(".lm-CommandPalette-input")
    palette.fill("Run All Cells")
    page.keyboard.press("Enter")
    page.locator(".jp-OutputArea-output h3", has_text="Faktakort: Sirdal").first.wait_for(timeout=90_000)
    page.locator(".widget-dropdown select").wait_for(timeout=60_000)
    page.wait_for_function(  # every code cell has run: its prompt shows [n], none is [*]
        "Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))"
        ".every(e => /\\[\\d+\\]/.test(e.innerText))",
        timeout=90_000,
    )
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert page.locator(".jp-OutputArea-output img").count() >= 1
    assert_no_errors(page)
