"""Run notebooks headless and export them as HTML without code."""

from __future__ import annotations

import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from .catalogue import NotebookInfo, get
from .render import StripWidgetViews, render


def kernel_env() -> None:
    """Make the ``python3`` kernel the interpreter casekit runs in (a venv's kernel.json says ``python``)."""
    bindir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bindir:
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


#: When this environment variable names a file, kernels write what they print to their own stdout and stderr
#: (ipykernel's notices, warnings of the libraries a kernel imports …) there, not to the
#: terminal, where it would run through a trainer's progress bar. Worker processes inherit it.
KERNEL_LOG = "CASEKIT_KERNEL_LOG"


@cache
def _logging_kernel_manager() -> type:
    from jupyter_client.manager import AsyncKernelManager

    class LoggingKernelManager(AsyncKernelManager):
        """Starts kernels with their stdout and stderr appended to the file in ``$CASEKIT_KERNEL_LOG``."""

        async def _async_launch_kernel(self, kernel_cmd, **kw):  # type: ignore[override]
            log = os.environ.get(KERNEL_LOG)
            if not log:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            with open(log, "ab") as fh:  # the kernel keeps its own copy of the descriptor
                kw.setdefault("stdout", fh)
                kw.setdefault("stderr", fh)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return LoggingKernelManager


def execute(
    notebook: str | Path | NotebookInfo,
    parameters: dict[str, Any] | None = None,
    *,
    language: str = "nb",
    output: str | Path | None = None,
    cwd: str | Path | None = None,
    timeout: int = 600,
    progress: bool = False,
) -> nbformat.NotebookNode:
    """Render ``notebook`` for ``language`` with ``parameters`` and execute it with papermill.

    Raises papermill's PapermillExecutionError when a cell fails; the executed notebook (with the error)
    is still written to ``output`` when one is given. The kernel's own output goes to the file named by
    ``$CASEKIT_KERNEL_LOG`` when that is set.
    """
    import papermill as pm

    info = get(notebook)
    kernel_env()
    nb = render(info, language, parameters)
    with tempfile.TemporaryDirectory(prefix="casekit-run-") as tmp:
        src = Path(tmp) / f"{info.id}.ipynb"
        nbformat.write(nb, src)
        out = Path(output) if output else Path(tmp) / f"{info.id}.out.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        pm.execute_notebook(
            str(src),
            str(out),
            kernel_name="python3",
            language="python",
            cwd=str(cwd or tmp),
            progress_bar=progress,
            execution_timeout=timeout,
            **({"kernel_manager_class": _logging_kernel_manager()} if os.environ.get(KERNEL_LOG) else {}),
        )
        return nbformat.read(out, as_version=4)


def to_html(nb: nbformat.NotebookNode, target: str | Path, *, title: str | None = None) -> Path:
    """Export an executed notebook to a standalone HTML file with no code, for projectors and e-mail."""
    from nbconvert import HTMLExporter

    nb = StripWidgetViews().preprocess(nb, {})[0]
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True
    )
    resources = {"metadata": {"name": title or nb.metadata.get("casekit", {}).get("id", "casekit")}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target
