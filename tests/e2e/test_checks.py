"""The layout and accessibility checks find the faults they look for (on a static page, no server)."""

from __future__ import annotations

import pytest

from . import checks
from .conftest import VIEWPORTS

pytestmark = pytest.mark.e2e

GOOD = """
<div class="jp-OutputArea-output"><div class="jupyter-widgets" style="width:600px">
  <label for="a">Kommune</label><select id="a"><option>Sirdal</option></select>
  <label><input type="checkbox"> Godkjent</label>
  <button>Lagre</button>
  <p style="color:#1B5E20;background:#E8F5E9">Lagret.</p>
</div></div>
"""
BAD = """
<div class="jp-OutputArea-output"><div class="jupyter-widgets" style="width:2400px">
  <span>Kommune</span><select><option>Sirdal</option></select>
  <label for="b" style="display:inline-block;width:30px;overflow:hidden">Et langt navn</label>
  <input id="b" value="x">
  <button style="width:20px;overflow:hidden;white-space:nowrap">Lagre utkastet</button>
  <p style="color:#9A9A9A">Lys grå tekst</p>
</div></div>
"""


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    page = context.new_page()
    yield page
    context.close()


def test_a_tidy_widget_passes(blank):
    blank.set_content(GOOD)
    checks.assert_accessible(blank)
    assert checks.labels(blank)["count"] == 3


def test_each_fault_is_found_and_named(blank):
    blank.set_content(BAD)
    layout = "\n".join(checks.layout(blank)["problems"])
    assert "scrolls sideways" in layout and "outside the window" in layout and "cut short" in layout
    labels = checks.labels(blank)["problems"]
    assert any(p.startswith("no visible label: select") for p in labels)
    assert any(p.startswith("label cut short") for p in labels)
    contrast = checks.contrast(blank)["problems"]
    assert any("Lys grå tekst" in p and "2.8" in p for p in contrast), contrast
    with pytest.raises(AssertionError):
        checks.assert_accessible(blank)
