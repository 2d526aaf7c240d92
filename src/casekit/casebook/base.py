"""What every casebook module stands on: where the casebook lives, and how its problems are raised.

The case model, the glossary and the link checks all read from the casebook folder and report every
problem they find in one :class:`~casekit.errors.CasebookError`; they share these two pieces from here.
"""

from __future__ import annotations

from pathlib import Path

from .. import _paths
from ..errors import CasebookError


def root(path: str | Path | None = None) -> Path:
    """The casebook folder: ``path`` if given, else the shipped ``casebook/`` (``CASEKIT_CASEBOOK_DIR``)."""
    folder = Path(path) if path is not None else _paths.casebook_dir()
    if not folder.is_dir():
        raise CasebookError("casebook.error.no_folder", path=str(folder))
    return folder


def raise_all(problems: list[CasebookError]) -> None:
    """Raise nothing for no problems, the problem itself for one, and one error listing them for more."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CasebookError(problems=problems, count=len(problems))
