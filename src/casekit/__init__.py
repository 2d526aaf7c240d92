"""casekit: exercises, self-assessments and cohort reports for the leadership programme in digital
transformation for Norwegian municipalities.

The top-level import is deliberately light. Sub-packages (pandas, matplotlib, widgets) load on first use::

    import casekit
    casekit.setup("nb")                       # language and chart theme for a notebook
    casekit.municipalities.get("Sirdal")      # the municipal register
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_SUBMODULES = {
    "assessment",
    "architecture",
    "casebook",
    "cohort",
    "data",
    "errors",
    "i18n",
    "municipalities",
    "notebooks",
    "planning",
    "radar",
    "services",
    "staffing",
    "store",
    "theme",
    "ui",
}

__all__ = ["__version__", "setup", *sorted(_SUBMODULES)]

if TYPE_CHECKING:  # pragma: no cover
    from . import data, errors, i18n, municipalities, notebooks, theme  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'casekit' has no attribute {name!r}")


def setup(language: str = "nb", *, theme: bool = True) -> str:
    """Prepare a notebook session: check and set the language, and apply the chart theme.

    Returns the language code, so a notebook can write ``language = casekit.setup(language)``.
    """
    from . import i18n

    code = i18n.set_language(language)
    _inline_charts()
    if theme:
        from . import theme as _theme

        _theme.apply()
    return code


def _inline_charts() -> None:
    """Show charts inline in a notebook kernel even when MPLBACKEND says otherwise (headless CI does)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":  # pragma: no cover - in kernels
        shell.run_line_magic("matplotlib", "inline")
