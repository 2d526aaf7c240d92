"""Voilà's preheated kernels for casekit's apps.

Voilà can keep a pool of kernels that have already run a notebook up to the point where it needs to know
who is asking (``preheat_kernel``, ``pool_size``). Most of a participant's wait is the kernel start and
the imports (pandas, matplotlib, ipywidgets, the casekit package), so an app notebook is rendered with
two extra cells (:class:`casekit.notebooks.render.Preheat`):

1. before the parameters: :func:`warm` imports what the notebook uses, then :func:`wait` blocks until a
   visitor opens the page (nothing of any municipality has been loaded yet);
2. after the parameters: :func:`visitor_parameters` reads the visitor's query string
   (``?municipality=4204&respondent=4204-r07``), checks it against the notebook's contract, and the values
   replace the defaults. Only these names may come from a visitor; the store, the language and the
   pre-filled answers are fixed when the app is rendered.

Without preheating (Voilà as a JupyterLab extension on a hub, or a plain kernel) :func:`wait` returns at
once and the query string, when Voilà passes one, is honoured the same way.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

from .contract import check_parameters

#: Parameters a visitor may set in the page address.
VISITOR_PARAMETERS = ("municipality", "respondent")


def warm(modules: Iterable[str]) -> None:
    """Import the modules a notebook uses (the slow part of its first cell) and set the chart theme."""
    for name in modules:
        importlib.import_module(name)
    importlib.import_module("casekit.theme").apply()


def wait() -> None:
    """In a preheated kernel, block until a visitor opens the page; elsewhere return at once."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from voila.utils import wait_for_request

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
