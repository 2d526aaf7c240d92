"""Voilà app mode: every participant notebook rendered for one language with code hidden, served by Voilà.

``casekit app --language nb`` (``make app``) renders into ``build/app/<language>/`` and starts Voilà there,
with a pool of preheated kernels per notebook (:mod:`casekit.notebooks.preheat`): a participant's page
starts from a kernel that has already imported everything, and their municipality and respondent come
from the page address (``?municipality=4204&respondent=4204-r07``) or the rendered defaults.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from .. import notebooks


def render_all(
    out: str | Path,
    language: str = "nb",
    parameters: dict[str, Any] | None = None,
    *,
    preheat: bool = True,
) -> list[Path]:
    """Render every participant notebook for ``language`` into ``out`` (code hidden, one language)."""
    out = Path(out)
    written = []
    for info in notebooks.catalogue("participant"):
        params = {k: v for k, v in (parameters or {}).items() if k in info.parameters}
        written.append(
            notebooks.render_to_file(
                info, out / f"{info.id}.ipynb", language, params, hide_code=True, preheat=preheat
            )
        )
    return written


#: A pool starts the kernel that replaces a taken one this long after the visitor took it. Voilà's default
#: (1 s) starts the new kernel's imports and rehearsal while the visitor's page is still being built on the
#: same cores; a visitor's page is on screen well within this delay.
POOL_REFILL_DELAY_S = 5.0

#: A participant's kernel is shut down after this long without activity.
IDLE_KERNEL_S = 2 * 60 * 60


def voila_command(folder: str | Path, port: int = 8866, *, pool_size: int = 0) -> list[str]:
    """The Voilà command line; ``pool_size`` > 0 keeps that many preheated kernels per notebook."""
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or "voila"
    command = [
        voila,
        str(folder),
        f"--port={port}",
        "--no-browser",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--Voila.ip=127.0.0.1",
    ]
    if pool_size > 0:
        command += [
            "--preheat_kernel=True",
            f"--pool_size={pool_size}",
            f"--VoilaKernelManager.fill_delay={POOL_REFILL_DELAY_S}",
        ]
    # Voilà 0.5 asks to shut a page's kernel down when the page closes, but the request lacks its XSRF
    # token and is refused; idle kernels are culled instead (two hours leaves room for a long session).
    command += [
        f"--MappingKernelManager.cull_idle_timeout={IDLE_KERNEL_S}",
        "--MappingKernelManager.cull_interval=300",
    ]
    return command


def serve(folder: str | Path, port: int = 8866, *, pool_size: int = 0) -> None:  # pragma: no cover
    """Replace this process with Voilà."""
    command = voila_command(folder, port, pool_size=pool_size)
    os.execv(command[0], command)
