"""What the static chart and the HTML page draw alike: colours, blip sizes, labels and legend sides.

Both :mod:`casekit.radar.charts` (matplotlib) and :mod:`casekit.radar.export` (inline SVG) stand on this
module, so a radar looks the same as a PNG and as a web page.
"""

from __future__ import annotations

import math

from .. import i18n, theme
from .layout import FOOTPRINT, quadrant_spans
from .model import Radar

QUADRANT_COLOURS = [theme.PALETTE[k] for k in ("blue", "vermillion", "green", "purple", "orange", "sky")]
RING_SHADES = ["#ECECEC", "#F3F3F3", "#F8F8F8", "#FCFCFC"]
CORE = 0.72 * FOOTPRINT  # radius of the numbered disc; the status mark sits between CORE and FOOTPRINT
MARK = 0.9 * FOOTPRINT
GAP_TO_EDGE = 0.125  # free space between a blip's footprint and a quadrant boundary
#: The statuses in the order the keys under the radar show them.
KEY_ORDER = ("no_change", "new", "moved_in", "moved_out")


def quadrant_colour(index: int) -> str:
    return QUADRANT_COLOURS[index % len(QUADRANT_COLOURS)]


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return (
        "#000000"
        if theme.contrast_ratio("#000000", background) >= theme.contrast_ratio("#FFFFFF", background)
        else "#FFFFFF"
    )


def status_label(status: str, language: str | None = None) -> str:
    return i18n.t(f"radar.status.{status}", language=language)


def subtitle(radar: Radar, language: str | None = None) -> str:
    """ "51 technologies · edition 2025" (without the edition when the radar has none)."""
    if radar.edition:
        return i18n.t(
            "radar.chart.subtitle", language=language, count=len(radar.blips), edition=radar.edition
        )
    return i18n.t("radar.chart.count", language=language, count=len(radar.blips))


def readable(degrees: float) -> float:
    """Text rotation that never reads upside down."""
    d = (degrees + 180) % 360 - 180
    return d - 180 if d > 90 else (d + 180 if d < -90 else d)


def legend_sides(n_quadrants: int) -> tuple[list[int], list[int]]:
    """(right, left) quadrant indexes, each top to bottom, from where the quadrants sit on the circle."""
    spans = quadrant_spans(n_quadrants)
    right: list[int] = []
    left: list[int] = []
    for q, (start, end) in enumerate(spans):
        mid = (start + end) / 2
        (right if math.cos(mid) >= -1e-9 else left).append(q)
    right.sort(key=lambda q: -math.sin(sum(spans[q]) / 2))
    left.sort(key=lambda q: -math.sin(sum(spans[q]) / 2))
    return right, left
