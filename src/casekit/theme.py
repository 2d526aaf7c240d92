"""One look for every chart: colour-blind-safe colours, projector-sized text, locale number formats.

Chart functions take ``ax=`` (like seaborn) and return the Axes; they call :func:`axes` to get one.

    >>> from casekit import theme
    >>> theme.apply()
    >>> ax = theme.axes()
    >>> theme.format_axis(ax, "y", decimals=1)    # 1 234,5 in nb
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import i18n

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette, with names used across casekit.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
QUALITATIVE: list[str] = [
    PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow")
]
#: Meaningful roles, so every module draws "today", "ambition" and "benchmark" alike.
ROLE: dict[str, str] = {
    "today": PALETTE["blue"],
    "ambition": PALETTE["vermillion"],
    "benchmark": "#858585",  # the darkest grey that still reads as "behind": 3.7:1 on white (AA for graphics)
    "highlight": PALETTE["orange"],
    "muted": "#C8C8C8",
    "text": "#222222",
    "suppressed": "#E6E6E6",
    "good": PALETTE["green"],
    "bad": PALETTE["vermillion"],
}
SEQUENTIAL = "cividis"  # perceptually uniform and readable with colour-vision deficiency
DIVERGING = "PuOr"

FIGSIZE = {"wide": (11.0, 5.5), "square": (7.5, 7.0), "tall": (9.0, 9.0), "small": (7.0, 4.0)}
BASE_FONT = 14  # readable from the back of a meeting room at 1920x1080
#: A chart with one row per municipality stays readable up to this many rows (the largest county cohort,
#: Innlandet, has 46); larger cohorts are drawn with one row per county.
MAX_MUNICIPALITY_ROWS = 60

RC: dict[str, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "figure.figsize": FIGSIZE["wide"],
    "figure.facecolor": "white",
    "font.size": BASE_FONT,
    "axes.titlesize": BASE_FONT + 4,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": BASE_FONT,
    "xtick.labelsize": BASE_FONT - 1,
    "ytick.labelsize": BASE_FONT - 1,
    "legend.fontsize": BASE_FONT - 1,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.edgecolor": "#444444",
    "axes.labelcolor": ROLE["text"],
    "text.color": ROLE["text"],
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "lines.linewidth": 2.5,
    "lines.markersize": 9,
    "svg.fonttype": "none",
}


def apply() -> None:
    """Make the casekit theme the default for matplotlib and seaborn."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(RC)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=QUALITATIVE)


@contextmanager
def context() -> Iterator[None]:
    """Use the theme inside a ``with`` block only."""
    import matplotlib as mpl
    from cycler import cycler

    with mpl.rc_context({**RC, "axes.prop_cycle": cycler(color=QUALITATIVE)}):
        yield


def axes(ax: Axes | None = None, size: str | tuple[float, float] = "wide") -> Axes:
    """Return ``ax``, or a new themed figure's Axes when it is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    with context():
        figsize = FIGSIZE[size] if isinstance(size, str) else size
        _fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax


def figure(size: str | tuple[float, float] = "wide", **kwargs: Any) -> Figure:
    """A new themed Figure (``plt.subplots`` keyword arguments are passed on)."""
    import matplotlib.pyplot as plt

    with context():
        figsize = FIGSIZE[size] if isinstance(size, str) else size
        fig, _ = plt.subplots(figsize=figsize, layout="constrained", **kwargs)
    return fig


def number_formatter(decimals: int = 0, language: str | None = None, percent: bool = False) -> Any:
    """A matplotlib tick formatter writing numbers the way the language does (``1 234,5`` in nb)."""
    from matplotlib.ticker import FuncFormatter

    if percent:
        return FuncFormatter(lambda v, _pos: i18n.format_percent(v, decimals=decimals, language=language))
    return FuncFormatter(lambda v, _pos: i18n.format_number(v, decimals=decimals, language=language))


def format_axis(
    ax: Axes, axis: str = "y", decimals: int = 0, percent: bool = False, language: str | None = None
) -> Axes:
    fmt = number_formatter(decimals, language, percent)
    for name in axis:
        getattr(ax, f"{name}axis").set_major_formatter(fmt)
    return ax


def title(ax: Axes, text: str, subtitle: str | None = None, *, width: int = 90) -> Axes:
    """A bold left-aligned title with an optional lighter subtitle under it, wrapped at ``width``
    characters (line breaks in the subtitle are kept). Offsets are in points, so the two never overlap
    however tall the chart is; text is never read as mathematics (a "$" in a participant's text stays a
    dollar sign)."""
    import textwrap

    if not subtitle:
        ax.set_title(text, loc="left", pad=8, parse_math=False)
        return ax
    wrapped = "\n".join(textwrap.fill(line, width) for line in subtitle.splitlines())
    size = BASE_FONT - 1
    ax.annotate(
        wrapped,
        xy=(0, 1),
        xycoords="axes fraction",
        xytext=(0, 8),
        textcoords="offset points",
        fontsize=size,
        color="#555555",
        va="bottom",
        ha="left",
        parse_math=False,
    )
    lines = wrapped.count("\n") + 1
    ax.set_title(text, loc="left", pad=8 + lines * size * 1.25 + 8, parse_math=False)
    return ax


def empty(ax: Axes, text: str) -> Axes:
    """A chart with nothing to draw says why, in its middle, with no ticks."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def source_note(ax: Axes, text: str) -> Axes:
    """A small provenance line under the chart ("Source: SSB table 07459")."""
    ax.figure.text(
        0.0,
        -0.02,
        text,
        fontsize=BASE_FONT - 4,
        color="#555555",
        ha="left",
        va="top",
        transform=ax.figure.transFigure,
    )
    return ax


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio between two hex colours (AA needs 4.5 for text, 3 for graphics)."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
