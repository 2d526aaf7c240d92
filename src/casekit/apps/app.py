"""Voilà app mode: every participant notebook rendered for one language with code hidden, served by Voilà.

``casekit app --language nb`` (``make app``) renders into ``build/app/<language>/`` and starts Voilà there.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from .. import notebooks


def render_all(out: str | Path, language: str = "nb", parameters: dict[str, Any] | None = None) -> list[Path]:
    """Render every participant notebook for ``language`` into ``out`` (code hidden, one language)."""

    out = Path(out)
    written = []
    for info in notebooks.catalogue("participant"):
        params = {k: v for k, v in (parameters or {}).items() if k in info.parameters}
        written.append(
            notebooks.render_to_file(info, out / f"{info.id}.ipynb", language, params, hide_code=True)
        )
    return written


def voila_command(folder: str | Path, port: int = 8866) -> list[str]:
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    return [
        voila,
        str(folder),
        f"--port={port}",
        "--no-browser",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.ip=127.0.0.1",
    ]


def serve(folder: str | Path, port: int = 8866) -> None:  # pragma: no cover - replaces the process
    command = voila_command(folder, port)
    os.execv(command[0], command)
