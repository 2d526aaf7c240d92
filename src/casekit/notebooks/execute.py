"""Run notebooks headless and export them as HTML without code."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
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


#: The kernel of :func:`shared_kernel`, per thread: its manager and its one client.
_SHARED = threading.local()

#: Run in a shared kernel before each notebook: what the last notebook left is cleared, as a new kernel
#: would have it, except the imports and casekit's caches of its shipped data.
CLEAR = """\
__import__("os").chdir({cwd!r})
import sys as _sys
if "ipywidgets" in _sys.modules:
    _sys.modules["ipywidgets"].Widget.close_all()
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
get_ipython().run_line_magic("reset", "-f")
"""


@contextlib.contextmanager
def shared_kernel() -> Iterator[None]:
    """Within the block, :func:`execute` (in this thread) runs each notebook in one kernel kept for the
    whole block instead of a new kernel per notebook. Before each notebook the kernel is cleared (its
    variables, widgets, charts and working folder); it keeps its imports and the caches of casekit's
    shipped data, which are most of a short notebook's time. For runs of many notebooks such as the demo;
    the notebook tests give every notebook a kernel of its own. One client talks to the kernel for the
    whole block; a kernel that died, or whose cell gave no answer (:data:`STALL_S`), is replaced."""
    from jupyter_core.utils import run_sync

    kernel_env()
    _SHARED.kernel = run_sync(_start_kernel)()
    try:
        yield
    finally:
        run_sync(_stop_kernel)(*_SHARED.kernel)
        _SHARED.kernel = None


async def _start_kernel() -> tuple[Any, Any]:
    """A kernel and its client, made in the running loop (which every later step of the block runs in)."""
    from jupyter_client.manager import AsyncKernelManager

    manager = _logging_kernel_manager() if os.environ.get(KERNEL_LOG) else AsyncKernelManager
    km = manager(kernel_name="python3")
    await km.start_kernel()
    client = km.client()
    client.start_channels()
    await client.wait_for_ready(timeout=120)
    return km, client


async def _stop_kernel(km: Any, client: Any) -> None:
    client.stop_channels()
    await km.shutdown_kernel(now=True)


async def _clear(client: Any, cwd: str) -> None:
    reply = await client.execute_interactive(
        CLEAR.format(cwd=cwd), store_history=False, timeout=120, output_hook=lambda _msg: None
    )
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the shared kernel could not be cleared: {reply['content'].get('evalue')}")


#: In a shared kernel a cell that has given no answer for this long is taken for a lost reply: the kernel
#: is started again and the notebook runs once more in a kernel of its own, with the caller's timeout. The
#: longest cell of a demo notebook takes a few seconds.
STALL_S = 60
#: The longest a client waits on a kernel socket before it looks at the socket again (see :func:`_watchful`).
LOOK_S = 1.0


def _execute_shared(nb: nbformat.NotebookNode, folder: str, timeout: int) -> bool:
    """Execute ``nb`` in place in the shared kernel, through its one client. Returns False, with the kernel
    started again, when a cell's reply never came; a failing cell raises as usual."""
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    km, client = _SHARED.kernel
    if not run_sync(km.is_alive)():
        _replace_shared_kernel()
        km, client = _SHARED.kernel
    run_sync(_clear)(client, folder)
    runner = _watchful(NotebookClient)(nb, km=km, timeout=min(timeout, STALL_S), kernel_name="python3")
    runner.kc = client  # no client of its own: the kernel has one client at a time
    try:
        runner.execute()
    except (CellTimeoutError, DeadKernelError) as exc:
        if isinstance(exc, CellTimeoutError):
            found = run_sync(_probe)(client)
            _log(f"casekit: cell {runner.cell_index} gave no answer in {STALL_S} s; {found}")
        _replace_shared_kernel()
        return False
    return True


async def _probe(client: Any, seconds: float = 5.0) -> str:
    """What a stalled run's client finds when it asks the kernel for its info: whether the kernel answers,
    and which replies were waiting unread on the shell socket (a reply there is one the run missed)."""
    from queue import Empty

    request = client.kernel_info()
    waiting: list[str] = []
    deadline = asyncio.get_running_loop().time() + seconds
    while (left := deadline - asyncio.get_running_loop().time()) > 0:
        try:
            msg = await client.get_shell_msg(timeout=left)
        except Empty:
            break
        if msg["parent_header"].get("msg_id") == request:
            return f"the kernel answered; unread before its answer: {waiting or 'nothing'}"
        waiting.append(msg["msg_type"])
    return f"the kernel gave no answer in {seconds:.0f} s; unread: {waiting or 'nothing'}"


def _log(line: str) -> None:
    """A line for the kernels' log (``$CASEKIT_KERNEL_LOG``), else for stderr."""
    log = os.environ.get(KERNEL_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            print(line, file=fh)
    else:
        print(line, file=sys.stderr)


def _replace_shared_kernel() -> None:
    from jupyter_core.utils import run_sync

    run_sync(_stop_kernel)(*_SHARED.kernel)
    _SHARED.kernel = run_sync(_start_kernel)()


@cache
def _watchful(base: type) -> type:
    """``base`` (an nbclient client class) whose client never waits on a kernel socket for longer than
    :data:`LOOK_S` at a time before it looks at the socket again.

    A client waits for a message by asking its event loop to tell it when the socket's file descriptor
    signals, and ZeroMQ signals that descriptor only when the socket goes from having nothing to read to
    having something. When the client also sends on the socket while it waits (nbclient sends the state of
    Output widgets back on the shell socket), that signal can be taken by the send: the reply then lies in
    the socket and the wait goes on until its timeout. The demo's runs showed it: after cells that build
    Output-widget views the execute reply was read only when the 60 s wait ran out, although the kernel had
    answered within a second. A wait that ends every second looks at the socket itself and finds it."""
    from jupyter_core.utils import run_sync

    class WatchfulClient(base):  # type: ignore[misc, valid-type]
        looks = 0  # how many waits ended without a message and looked again, by every client of the class
        cell_index: int | None = None  # the cell running now, or last

        async def async_execute_cell(self, *args: Any, **kwargs: Any) -> Any:
            self.cell_index = kwargs.get("cell_index", args[1] if len(args) > 1 else None)
            for channel in (self.kc.shell_channel, self.kc.iopub_channel):
                if not getattr(channel, "_casekit_looks", False):
                    channel.get_msg = self._looking(channel.get_msg)
                    channel._casekit_looks = True
            return await super().async_execute_cell(*args, **kwargs)

        execute_cell = run_sync(async_execute_cell)

        @classmethod
        def _looking(cls, get_msg: Any) -> Any:
            async def get(timeout: float | None = None) -> Any:
                from queue import Empty

                loop = asyncio.get_running_loop()
                deadline = None if timeout is None else loop.time() + timeout
                while True:
                    left = None if deadline is None else max(0.0, deadline - loop.time())
                    try:
                        return await get_msg(timeout=LOOK_S if left is None else min(LOOK_S, left))
                    except Empty:
                        if left is not None and left <= LOOK_S:
                            raise
                        cls.looks += 1

            return get

    return WatchfulClient


@cache
def _engine() -> str:
    """papermill's nbclient engine with the watchful client, registered once as ``casekit``."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    client = _watchful(PapermillNotebookClient)

    class CasekitEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            **kwargs: Any,
        ) -> Any:
            # papermill's own engine, line for line, with the watchful client
            kwargs = remove_args(["input_path"], **kwargs)
            final = merge_kwargs(
                remove_args(["timeout", "startup_timeout"], **kwargs),
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            return client(nb_man, **final).execute()

    papermill_engines.register("casekit", CasekitEngine)
    return "casekit"


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
    ``$CASEKIT_KERNEL_LOG`` when that is set. Inside :func:`shared_kernel` the notebook runs in that
    kernel, through nbclient, and a failing cell raises nbclient's CellExecutionError.
    """
    import papermill as pm

    info = get(notebook)
    kernel_env()
    nb = render(info, language, parameters)
    with tempfile.TemporaryDirectory(prefix="casekit-run-") as tmp:
        out = Path(output) if output else Path(tmp) / f"{info.id}.out.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = str(Path(cwd or tmp).resolve())
        if getattr(_SHARED, "kernel", None) is not None:
            try:
                if _execute_shared(nb, folder, timeout):
                    return nb
            finally:
                nbformat.write(nb, out)  # papermill writes it again when the notebook runs once more
            nb = render(info, language, parameters)  # the shared run filled nb in: start again from the page
        src = Path(tmp) / f"{info.id}.ipynb"
        nbformat.write(nb, src)
        pm.execute_notebook(
            str(src),
            str(out),
            kernel_name="python3",
            language="python",
            cwd=folder,
            progress_bar=progress,
            execution_timeout=timeout,
            engine_name=_engine(),
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
