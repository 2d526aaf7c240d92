"""Voilà's preheated kernels for casekit's apps.

Voilà can keep a pool of kernels that have already run a notebook up to the point where it needs to know
who is asking (``preheat_kernel``, ``pool_size``). Most of a participant's wait is the kernel start and
the imports (pandas, matplotlib, ipywidgets, the casekit package), so an app notebook is rendered with
two extra cells (:class:`casekit.notebooks.render.Preheat`):

1. before the parameters: :func:`warm` imports what the notebook uses and runs a :func:`rehearse`
   of the notebook's own cells, then :func:`wait` blocks until a visitor opens the page;
2. after the parameters: :func:`visitor_parameters` reads the visitor's query string
   (``?municipality=4204&respondent=4204-r07``), checks it against the notebook's contract, and the values
   replace the defaults. Only these names may come from a visitor; the store, the language and the
   pre-filled answers are fixed when the app is rendered.

Imports are only part of the wait: the first chart a process draws, the first widget of each kind, the
inline chart backend and the sample cohort each cost time once per process. The rehearsal pays all of that
before anyone is waiting. It runs the app's cells with the defaults the app was rendered with, against an
empty store in memory and in a scratch folder, and throws away everything it made: its outputs, charts,
widgets and variables. So a preheated kernel holds nothing of any participant, not even of the default
municipality, when its visitor arrives.

Without preheating (Voilà as a JupyterLab extension on a hub, or a plain kernel) :func:`wait` returns at
once and the query string, when Voilà passes one, is honoured the same way.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs

from .contract import check_parameters

#: Parameters a visitor may set in the page address.
VISITOR_PARAMETERS = ("municipality", "respondent")


#: Written to the server's log, with the notebook's id, when a preheated kernel is warm and waits.
READY_LINE = "casekit: a preheated kernel is warm and waits for its visitor"

#: A rehearsal starts no new cell after this many seconds: it is for the first-use costs, and a heavy
#: notebook (a roster solve) would otherwise run twice for every visitor on the server's cores.
REHEARSAL_BUDGET_S = 5.0

#: The store a rehearsal saves to: in memory, so nothing it does reaches a participant's answers.
REHEARSAL_STORE = "sqlite:///:memory:"


def warm(modules: Iterable[str], parameters: Sequence[str] = (), cells: Sequence[str] = ()) -> None:
    """Import the modules a notebook uses and set the chart theme; then :func:`rehearse` its cells."""
    for name in modules:
        importlib.import_module(name)
    importlib.import_module("casekit.theme").apply()
    if cells:
        rehearse(parameters, cells)


def rehearse(parameters: Sequence[str], cells: Sequence[str]) -> bool:
    """Run a notebook's code cells once, as a visitor's page would, so that what a process does only the
    first time is done before anyone waits; then throw away all they made.

    The parameter cells run first, then ``store_url`` is set to :data:`REHEARSAL_STORE`, then the cells
    (none is started after :data:`REHEARSAL_BUDGET_S`), all in a namespace of their own, in a scratch
    working folder, with their displays and printing captured. Returns False when a cell failed, which is
    written to the server's log (the visitor's own run shows any real error)."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    namespace: dict[str, Any] = {"__name__": "__rehearsal__"}
    here = os.getcwd()
    try:
        with tempfile.TemporaryDirectory(prefix="casekit-rehearsal-") as scratch, _discarded_output():
            os.chdir(scratch)
            try:
                for source in parameters:
                    exec(source, namespace)
                namespace["store_url"] = REHEARSAL_STORE
                started = time.monotonic()
                for number, source in enumerate(cells):
                    if time.monotonic() - started > REHEARSAL_BUDGET_S:
                        break
                    exec(compile(source, f"<rehearsal cell {number}>", "exec"), namespace)
                    _show_charts()
            finally:
                os.chdir(here)
        return True
    except Exception as error:  # it only warms caches; the visitor's run reports what is wrong
        print(f"casekit: the preheat rehearsal stopped: {error!r}", file=sys.__stderr__, flush=True)
        return False
    finally:
        namespace.clear()
        for key in set(_instances) - before:
            _instances[key].close()


@contextlib.contextmanager
def _discarded_output() -> Iterator[None]:
    """Displays and printing go nowhere. (IPython's ``capture_output`` fails in a cell that uses an Output
    widget, whose context sets the display publisher's parent.)"""
    from IPython import get_ipython
    from IPython.core.displaypub import CapturingDisplayPublisher

    class Discarding(CapturingDisplayPublisher):
        def set_parent(self, parent: Any) -> None:
            pass

    shell = get_ipython()
    saved = shell.display_pub if shell is not None else None
    if shell is not None:
        shell.display_pub = Discarding()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        if shell is not None:
            shell.display_pub = saved


def _show_charts() -> None:
    """Draw the open charts as the inline backend does after a cell (captured, so nobody sees them), which
    also closes them."""
    if "matplotlib.pyplot" not in sys.modules:
        return
    from matplotlib import pyplot
    from matplotlib_inline.backend_inline import flush_figures

    flush_figures()
    pyplot.close("all")


def wait(notebook_id: str = "") -> None:
    """In a preheated kernel, block until a visitor opens the page; elsewhere return at once."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from voila.utils import wait_for_request

    # Voilà logs a pool as filled when its kernels have started, not when they are warm; this line in the
    # server's log says when a kernel is ready for its visitor.
    print(f"{READY_LINE}: {notebook_id}", file=sys.__stderr__, flush=True)
    wait_for_request()


def visitor_parameters(notebook_id: str, query: str | None = None) -> dict[str, Any]:
    """The visitor's parameters from the query string, checked against the notebook's contract."""
    text = os.environ.get("QUERY_STRING", "") if query is None else query
    given = {
        name: values[-1]
        for name, values in parse_qs(text, keep_blank_values=False).items()
        if name in VISITOR_PARAMETERS
    }
    return check_parameters(notebook_id, given) if given else {}
