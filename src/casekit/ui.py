"""Building blocks shared by every widget: the :class:`View` base, static HTML cards, inline messages
and guarded handlers.

Widgets are thin views over casekit's functions. Each one is a :class:`View`: a box built from a workbook
session, with an inline :class:`Feedback` line in the session's language. A handler connected with
:meth:`View.on_click` (or wrapped with :func:`guard`) shows an expected mistake (a CasekitError) inline and
never a traceback; an unexpected error shows a short apology and is kept on ``feedback.last_exception``
so tests can see it.
"""

from __future__ import annotations

import functools
import html
import io
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from . import i18n, theme
from .errors import CasekitError
from .session import SAMPLE_PREFILLS  # noqa: F401  (kept for widgets not yet on the session)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .session import Workbook

# Text and background pairs chosen for WCAG AA contrast (≥ 4.5:1).
STYLES = {
    "error": ("#8A1C1C", "#FDECEA"),
    "ok": ("#1B5E20", "#E8F5E9"),
    "info": ("#0B3D66", "#E8F1FA"),
}


def escape(value: Any) -> str:
    """HTML-escape any free text before it is shown (participants' answers included)."""
    return html.escape("" if value is None else str(value), quote=True)


class HTMLBlock:
    """Static HTML that renders in JupyterLab, Voilà and in exported HTML alike."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def card(title: str, rows: Iterable[tuple[str, str]], footer: str | None = None) -> HTMLBlock:
    """A fact card: a title and label/value rows. All text is escaped."""
    body = "".join(
        f'<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600">{escape(k)}</th>'
        f'<td style="padding:4px 0">{escape(v)}</td></tr>'
        for k, v in rows
    )
    foot = f'<p style="color:#555;font-size:0.85em;margin:8px 0 0">{escape(footer)}</p>' if footer else ""
    return HTMLBlock(
        '<div class="casekit-card" style="border:1px solid #ccc;border-radius:8px;padding:12px 16px;'
        f'max-width:640px;font-size:1.05em"><h3 style="margin:0 0 8px">{escape(title)}</h3>'
        f"<table>{body}</table>{foot}</div>"
    )


def page_frame(title: str, page: str, height: int = 640) -> HTMLBlock:
    """A whole HTML page (a note, a one-page strategy) shown in a sandboxed frame where no script runs."""
    return HTMLBlock(
        f'<iframe title="{escape(title)}" srcdoc="{html.escape(page, quote=True)}" sandbox '
        f'style="width:100%;height:{height}px;border:1px solid #ccc;box-sizing:border-box"></iframe>'
    )


def table(columns: list[str], rows: Iterable[Iterable[Any]], caption: str | None = None) -> HTMLBlock:
    """A simple accessible HTML table with escaped cells."""
    head = "".join(
        f'<th scope="col" style="text-align:left;padding:4px 10px">{escape(c)}</th>' for c in columns
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td style="padding:4px 10px;vertical-align:top">{escape(v)}</td>' for v in r)
        + "</tr>"
        for r in rows
    )
    cap = (
        f'<caption style="text-align:left;font-weight:600;padding:4px 0">{escape(caption)}</caption>'
        if caption
        else ""
    )
    return HTMLBlock(
        f'<table class="casekit-table" style="border-collapse:collapse">{cap}<thead><tr>{head}'
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def message_html(text: str, kind: str = "info") -> str:
    fg, bg = STYLES[kind]
    role = "alert" if kind == "error" else "status"
    return (
        f'<div role="{role}" class="casekit-{kind}" style="color:{fg};background:{bg};padding:8px 12px;'
        f'border-radius:6px;margin:6px 0">{escape(text)}</div>'
    )


class Feedback(w.HTML):
    """An inline message line under a widget. Errors appear in ``language`` (default: the current one).

    ``calls`` counts the guarded handler runs and ``last_exception`` keeps the last error, so a test can
    prove that a click really ran its handler (ipywidgets would swallow an exception silently)."""

    def __init__(self, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.language = language
        self.kind: str | None = None
        self.calls = 0
        self.last_exception: BaseException | None = None
        self.add_class("casekit-feedback")

    def show(self, text: str, kind: str = "info") -> None:
        self.value = message_html(text, kind)
        self.kind = kind

    def error(self, error: CasekitError | str) -> None:
        self.show(error.message(self.language) if isinstance(error, CasekitError) else error, "error")

    def ok(self, text: str) -> None:
        self.show(text, "ok")

    def clear(self) -> None:
        self.value = ""
        self.kind = None


def feedback(language: str | None = None) -> Feedback:
    """An inline message line for a widget whose errors appear in ``language``."""
    return Feedback(language)


def guard(fb: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget handler: expected mistakes appear inline in ``fb``, nothing is raised into
    ipywidgets (which would swallow it silently)."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            fb.calls += 1
            fb.last_exception = None
            try:
                return fn(*args, **kwargs)
            except CasekitError as exc:
                fb.last_exception = exc
                fb.error(exc)
            except Exception as exc:
                fb.last_exception = exc
                fb.error(i18n.t("ui.unexpected", language=fb.language, reason=type(exc).__name__))
            return None

        return wrapper

    return decorate


def labelled(widget: Any, label: str, help_text: str | None = None) -> Any:
    """Give an input a visible label (and a short help line under it), for accessibility.

    The label is the input's own description, so the browser ties it to the input (``<label for=…>``):
    screen readers announce it, and clicking it focuses the input. It is shown in full, never cut short.
    A group of inputs (a box, which has no description) gets the label as a heading above it instead.
    """
    if widget.has_trait("description"):
        widget.description = label
        widget.description_allow_html = False
        if widget.has_trait("style") and widget.style.has_trait("description_width"):
            widget.style.description_width = "initial"
        parts = [widget]
    else:
        parts = [w.HTML(f'<div style="font-weight:600">{escape(label)}</div>'), widget]
    if help_text:
        parts.append(w.HTML(f'<span style="color:#444">{escape(help_text)}</span>'))
    if widget.has_trait("layout"):
        widget.layout.width = widget.layout.width or "auto"
        widget.layout.max_width = widget.layout.max_width or "100%"
    box = w.VBox(parts)
    box.add_class("casekit-labelled")
    return box


#: ipywidgets draws the titles of unselected tabs and closed accordion sections in the theme's second text
#: colour, 54 % black on light grey (4.4:1, under WCAG AA). Inside ``casekit-readable`` that colour is the
#: theme's main text colour instead, so it still follows a dark theme.
READABLE_CSS = ".casekit-readable { --jp-ui-font-color2: var(--jp-ui-font-color1); }"


def readable(widget: Any) -> Any:
    """Give a Tab or Accordion titles with AA contrast: returns a box holding the widget and its style."""
    widget.add_class("casekit-readable")
    style = w.HTML(f"<style>{READABLE_CSS}</style>", layout=w.Layout(display="none"))
    return w.VBox([style, widget])


def progress(total: int, description: str = "") -> Any:
    """A progress bar that works in notebooks (widget) and terminals (text)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, leave=False)


def png(draw: Callable[[Axes], Any], size: tuple[float, float], dpi: int = 80) -> bytes:
    """Draw on an off-screen themed figure (never shown by pyplot, so nothing leaks into the notebook's
    output) and return PNG bytes for a ``widgets.Image``."""
    from matplotlib.figure import Figure

    with theme.context():
        fig = Figure(figsize=size, layout="constrained")
        draw(fig.add_subplot())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


#: Charts that many pages show unchanged, newest last: their axes and PNG (see :func:`shared_chart`).
_SHARED_CHARTS: OrderedDict[str, tuple[Axes, bytes]] = OrderedDict()
SHARED_CHARTS_KEPT = 8


def shared_chart(key: str, draw: Callable[[], Axes]) -> Axes:
    """A chart that every participant's page draws the same (the sample radar in 4a), drawn and rendered
    to PNG once per kernel. In a notebook kernel the chart is shown from the PNG kept under ``key`` (rendered
    as the inline backend would on first use), its figure is closed, and the axes drawn the first time are
    returned; ``key`` must change whenever the drawing would. Elsewhere ``draw()`` runs every time and its
    figure stays open as pyplot left it."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell":
        return draw()
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from IPython.display import Image, display
    from matplotlib_inline.backend_inline import InlineBackend

    kept = _SHARED_CHARTS.pop(key, None)
    if kept is None:
        ax = draw()
        kept = (ax, print_figure(ax.figure, "png", **InlineBackend.instance().print_figure_kwargs))
        plt.close(ax.figure)
    _SHARED_CHARTS[key] = kept
    while len(_SHARED_CHARTS) > SHARED_CHARTS_KEPT:
        _SHARED_CHARTS.popitem(last=False)
    display(Image(data=kept[1], format="png"))
    return kept[0]


def show_figure(out: w.Output, ax: Axes) -> None:
    """Show the figure of ``ax`` in an Output widget, replacing what was there, and close it so pyplot
    does not show it a second time at the end of the cell."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    out.clear_output(wait=True)
    with out:
        display(ax.figure)
    plt.close(ax.figure)


class View(w.VBox):
    """The base of every casekit widget: a box for one workbook session.

    A subclass sets ``css_class`` (the class the browser tests find it by) and ``messages`` (its catalogue
    prefix), builds its controls in ``__init__`` after calling ``super().__init__(wb)``, sets
    ``self.children`` and connects its buttons with :meth:`on_click`. Its methods stay short: one per
    action. Tests drive it like a participant: set ``.value`` and call ``.click()``, then read
    ``view.feedback``.
    """

    css_class = ""
    messages = ""

    def __init__(self, wb: Workbook, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wb = wb
        self.language = wb.language
        self.feedback = Feedback(wb.language)
        if self.css_class:
            self.add_class(self.css_class)

    def t(self, key: str, /, **params: Any) -> str:
        """The view's message ``key`` (under its ``messages`` prefix) in the session's language."""
        return i18n.t(f"{self.messages}.{key}" if self.messages else key, language=self.language, **params)

    def on_click(self, button: w.Button, handler: Callable[..., Any]) -> w.Button:
        """Connect a guarded handler: a mistake shows in :attr:`feedback`, never as a traceback."""
        button.on_click(guard(self.feedback)(handler))
        return button

    def on_change(self, widget: w.Widget, handler: Callable[..., Any], names: str = "value") -> w.Widget:
        """Call a guarded ``handler(change)`` whenever the widget's ``names`` trait changes."""
        widget.observe(guard(self.feedback)(handler), names=names)
        return widget
