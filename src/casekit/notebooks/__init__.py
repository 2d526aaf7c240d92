"""The notebook harness: catalogue, parameter contracts, language rendering and execution.

Every notebook under ``notebooks/`` describes itself in its metadata (``metadata.casekit``): id, module,
phase, title and learning goals per language, expected duration, the cases it draws on and its typed
parameter contract. The catalogue reads those; the contract is enforced before anything runs.

    >>> from casekit import notebooks
    >>> [nb.id for nb in notebooks.catalogue()][:1]
    ['00-start-here']
    >>> node = notebooks.render("00-start-here", language="en", parameters={"municipality": "0301"})
"""

from .catalogue import PHASES, TRACKS, NotebookInfo, catalogue, curriculum, get
from .contract import (
    AUTO,
    PARAMETER_TYPES,
    check_language_or_auto,
    check_parameters,
    parameters_cell,
    read_parameters_cell,
    resolve_language,
)
from .execute import execute, shared_kernel, to_html
from .render import HideCode, InjectParameters, LanguageFilter, StripWidgetViews, render, render_to_file

__all__ = [
    "AUTO",
    "PARAMETER_TYPES",
    "PHASES",
    "TRACKS",
    "HideCode",
    "InjectParameters",
    "LanguageFilter",
    "NotebookInfo",
    "StripWidgetViews",
    "catalogue",
    "check_language_or_auto",
    "check_parameters",
    "curriculum",
    "execute",
    "get",
    "parameters_cell",
    "read_parameters_cell",
    "render",
    "render_to_file",
    "resolve_language",
    "shared_kernel",
    "to_html",
]
