"""casekit: exercises, self-assessments and cohort reports for the leadership programme in digital
transformation for Norwegian municipalities.

A workbook starts with one call that resolves its parameters once::

    import casekit
    wb = casekit.setup(language, municipality=municipality, store_url=store_url,
                       respondent=respondent, prefill=prefill)

The top-level import stays light (it is measured in ``benchmarks/bench_import.py``): sub-packages, which
bring pandas, matplotlib and ipywidgets, load on first attribute access. This is the only lazy
``__init__`` in casekit; every sub-package imports its modules at the top.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_SUBMODULES = {
    "apps",
    "architecture",
    "assessment",
    "casebook",
    "cohort",
    "data",
    "errors",
    "i18n",
    "messages",
    "municipalities",
    "notebooks",
    "planning",
    "radar",
    "services",
    "session",
    "staffing",
    "store",
    "theme",
    "ui",
}

__all__ = ["Workbook", "__version__", "setup", *sorted(_SUBMODULES)]

if TYPE_CHECKING:  # pragma: no cover
    from .session import Workbook


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name == "Workbook":
        return importlib.import_module(f"{__name__}.session").Workbook
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")


def setup(
    language: str = "nb",
    municipality: Any = None,
    *,
    respondent: str = "",
    store_url: str = "",
    prefill: str = "",
    role: str | None = None,
    cohort: str = "",
    theme: bool = True,
) -> Workbook:
    """Start a workbook session: check the language, resolve the municipality and respondent once, and
    apply the chart theme. ``cohort`` (the id in cohort.yaml) is stamped on every save. Returns the
    :class:`~casekit.session.Workbook` that widgets and helpers take."""
    from . import session

    workbook = session.start(
        language,
        municipality,
        respondent=respondent,
        store_url=store_url,
        prefill=prefill,
        role=role,
        cohort=cohort,
    )
    _inline_charts()
    if theme:
        from . import theme as _theme

        _theme.apply()
    return workbook


def _inline_charts() -> None:
    """Show charts inline in a notebook kernel even when MPLBACKEND says otherwise (headless CI does)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":  # pragma: no cover - in kernels
        shell.run_line_magic("matplotlib", "inline")
