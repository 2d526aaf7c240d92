"""Layout and accessibility checks computed in the page, on what the browser actually rendered.

Each function returns a list of problems (empty when all is well), so a failing assertion names the
element, the text and the measured value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The outputs of the notebook's cells, widgets included: the area a participant reads and works in.
WIDGET_AREA = ".jp-OutputArea-output"

_SCRIPT = (Path(__file__).with_name("checks.js")).read_text(encoding="utf-8")


def _run(page: Any, check: str, selector: str) -> dict[str, Any]:
    return page.evaluate(f"(selector) => {{ {_SCRIPT}\nreturn {check}(selector); }}", selector)


def labels(page: Any, selector: str = WIDGET_AREA) -> dict[str, Any]:
    """Every visible input, select, text area, slider and button in the widget area and its label text."""
    return _run(page, "labels", selector)


def contrast(page: Any, selector: str = WIDGET_AREA) -> dict[str, Any]:
    """The WCAG 2.1 contrast of every visible text in the widget area (AA: 4.5:1, 3:1 for large text)."""
    return _run(page, "contrast", selector)


def layout(page: Any, selector: str = WIDGET_AREA) -> dict[str, Any]:
    """Sideways overflow of the page and the widgets, and buttons that are hidden or cut short."""
    return _run(page, "layout", selector)


def assert_accessible(page: Any, selector: str = WIDGET_AREA) -> None:
    """Layout, labels and contrast together, with every problem listed in the failure."""
    found = {"layout": layout(page, selector), "labels": labels(page, selector)}
    found["contrast"] = contrast(page, selector)
    problems = [f"{kind}: {p}" for kind, result in found.items() for p in result["problems"]]
    assert not problems, "\n".join(problems)
    assert found["contrast"]["count"] > 0, f"no text found in {selector}"


def assert_usable_at_both_sizes(page: Any, selector: str = WIDGET_AREA) -> None:
    """:func:`assert_accessible` at laptop and at projector size (the window is resized, not reloaded),
    leaving the page at laptop size."""
    from .conftest import VIEWPORTS

    for size in ("projector", "laptop"):
        page.set_viewport_size(VIEWPORTS[size])
        page.wait_for_timeout(300)  # let the widgets lay themselves out again
        try:
            assert_accessible(page, selector)
        except AssertionError as exc:
            raise AssertionError(f"at {size} size: {exc}") from None
