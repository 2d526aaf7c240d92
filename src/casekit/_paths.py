"""Where the shipped datasets and notebooks live.

An installed wheel carries them inside the package (``casekit/_data/``). A source checkout (editable
install, tests) uses the repository's top-level ``datasets/``, ``notebooks/`` and ``casebook/``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def repo_root() -> Path | None:
    """The source checkout this package runs from, or None for an installed wheel."""
    candidate = _PACKAGE.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "datasets").is_dir():
        return candidate
    return None


def _shipped(name: str) -> Path:
    override = os.environ.get(f"CASEKIT_{name.upper()}_DIR")
    if override:
        return Path(override)
    inside = _PACKAGE / "_data" / name
    if inside.is_dir():
        return inside
    root = repo_root()
    if root is not None:
        return root / name
    raise FileNotFoundError(
        f"casekit cannot find its {name}/ folder; reinstall the package"
    )  # pragma: no cover


def datasets_dir() -> Path:
    return _shipped("datasets")


def notebooks_dir() -> Path:
    return _shipped("notebooks")


def casebook_dir() -> Path:
    return _shipped("casebook")
