"""The staffing roster workbook in Voilà: move the sick-leave slider and watch the plan change; build a
roster and watch its progress. Both run on one page (one kernel), as a participant would use it."""

from __future__ import annotations

import re

import pytest

from casekit import i18n, notebooks

from . import checks
from .conftest import open_voila, running, start_voila, wait_rendered

pytestmark = pytest.mark.e2e

NOTEBOOK = "4c-ai-staffing-roster"


def t(key: str, **params: object) -> str:
    return i18n.t(f"staffing.widget.{key}", language="nb", **params)


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory):
    with running(start_voila, tmp_path_factory.mktemp("staffing")) as served:
        yield served


def card_value(view, label: str) -> int:
    """A whole number from the summary card (``kr 1 234 567`` and ``1 234`` alike)."""
    text = view.locator(".casekit-card tr", has=view.page.locator("th", has_text=label)).locator("td")
    return int(re.sub(r"\D", "", text.inner_text()))


def test_sick_leave_slider_changes_the_numbers_and_the_chart_and_a_roster_shows_progress(page, app):
    info = notebooks.get(NOTEBOOK)
    name = app.render(NOTEBOOK, "nb", **info.extra["test_parameters"])
    view = page.locator(".casekit-workload")
    open_voila(page, f"{app.url}/voila/render/{name}", view, timeout=120_000)
    wait_rendered(page)
    checks.assert_usable_at_both_sizes(page)
    slider = view.locator(".widget-slider", has=page.locator("label", has_text=t("absence")))
    readout = slider.locator(".widget-readout")
    chart = view.locator(".widget-image").last
    before = {
        "readout": readout.inner_text(),
        "chart": chart.get_attribute("src"),
        "shifts": card_value(view, t("shifts")),
        "pay": card_value(view, t("pay")),
    }
    slider.scroll_into_view_if_needed()
    handle = slider.locator(".noUi-handle").bounding_box()
    track = slider.locator(".noUi-base").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.9, handle["y"] + handle["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "([img, src]) => img.getAttribute('src') !== src", arg=[chart.element_handle(), before["chart"]]
    )
    after_pct = int(re.sub(r"\D", "", readout.inner_text()))
    assert after_pct > int(re.sub(r"\D", "", before["readout"])), (before["readout"], after_pct)
    # More sick leave means more staff on each shift to cover it, and a larger pay bill.
    view.locator(".casekit-card").filter(has_not_text=str(before["pay"])).wait_for()
    assert card_value(view, t("shifts")) > before["shifts"]
    assert card_value(view, t("pay")) > before["pay"]
    assert not view.locator(".casekit-feedback [role=alert]").count()

    # The roster solve shows progress while it runs, then the result.
    roster = page.locator(".casekit-roster")
    roster.scroll_into_view_if_needed()
    start = roster.get_by_role("button", name=t("solve"))
    start.click()
    bar = roster.locator(".widget-hprogress .progress-bar")
    page.wait_for_function(
        "(bar) => { const w = parseFloat(bar.style.width); return w > 0 && w < 100; }",
        arg=bar.element_handle(),
        timeout=30_000,
    )
    assert start.is_disabled()  # no second solve while one runs
    assert roster.get_by_role("button", name=t("stop")).is_enabled()
    status = roster.locator("[role=status]").first.inner_text()
    assert status.startswith(t("solving", seconds="X").split(" (")[0]), status
    done = t("done", status="X", seconds="X", gap="X").split(":")[0]
    roster.locator(".casekit-ok", has_text=done).wait_for(timeout=120_000)
    assert roster.locator(".casekit-card").count() == 1 and start.is_enabled()
    roster.locator(".casekit-ok").scroll_into_view_if_needed()
