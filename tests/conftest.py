"""Shared fixtures. Tests run against real files, real SQLite databases and real kernels."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("MPLBACKEND", "Agg")
# Kernels started by papermill must be this interpreter (a venv's kernel.json just says "python").
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
# The default store lives in the user's data folder; tests (and the kernels they start) get their own.
os.environ["CASEKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="casekit-data-")
os.environ.pop("CASEKIT_STORE_URL", None)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in bokmål and leaves the language as it found it."""
    from casekit import i18n

    i18n.set_language("nb")
    yield
    i18n.set_language("nb")


@pytest.fixture
def close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
