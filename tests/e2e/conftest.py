"""Real servers (JupyterLab with token auth, Voilà) on free localhost ports, driven by Debian's Chromium.

Without a Chromium binary the tests skip with the reason; CI installs one (``.ci/run``). Every scenario
saves a screenshot under ``build/e2e/``; a failing scenario saves one of the moment it failed (with
``-FAILED`` in its name). Test modules share one server each (:func:`running`), started once per pytest
worker and stopped in every case; each test answers as its own respondent, so they share no state.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from casekit.apps.labsetup import write_overrides

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "e2e"
CHROMIUM = os.environ.get("CASEKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "projector": {"width": 1920, "height": 1080}}

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except Exception:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


class Server:
    def __init__(self, args: list[str], url: str, probe: str, log: Path, env: dict[str, str]) -> None:
        self.url = url
        self.log = log
        self.token = ""
        self._fh = log.open("w")
        self.proc = subprocess.Popen(
            args, stdout=self._fh, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            _wait_http(probe, self.proc)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._fh.close()


def server_env(tmp: Path, store_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(
        {
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            "CASEKIT_STORE_URL": store_url,
            "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
            "MPLBACKEND": "Agg",
        }
    )
    return env


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run "
            "the browser tests; CI does this in .ci/run"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    viewport = getattr(request, "param", "laptop")
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nb-NO")
    pg = context.new_page()
    pg.set_default_timeout(120_000)  # generous: the machine may be busy with other work
    # Voilà sends the page while the kernel runs the notebook: "load" comes only when every cell is done,
    # so tests navigate with wait_until="commit" and wait for what they need to see (kernel start included).
    pg.set_default_navigation_timeout(180_000)
    yield pg
    SHOTS.mkdir(parents=True, exist_ok=True)
    module = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    name = f"{module}.{request.node.name}".replace("/", "_").replace("[", "-").replace("]", "")
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    (SHOTS / f"{name}{'' if failed else '-FAILED'}.png").unlink(missing_ok=True)  # from an earlier run
    try:
        pg.screenshot(path=str(SHOTS / f"{name}{'-FAILED' if failed else ''}.png"), full_page=True)
    finally:
        context.close()


def eventually(check: Any, timeout: float = 30, what: str = "") -> None:
    """Wait until ``check()`` is true (for effects outside the page, such as rows in the store)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {what or check}")
        time.sleep(0.1)


@dataclass
class App:
    """A running server with its workspace (notebooks under ``app/``) and the store its kernels use."""

    server: Server
    workspace: Path
    store_url: str

    @property
    def url(self) -> str:
        return self.server.url

    def store(self) -> Any:
        from casekit.store import open_store

        return open_store(self.store_url)

    def render(self, notebook: str, language: str = "nb", name: str | None = None, **params: object) -> str:
        return render(self.workspace, notebook, language, name=name, **params)

    def shutdown_kernels(self) -> None:
        """Stop every kernel the server runs (JupyterLab keeps them after a tab closes)."""
        import json

        def call(path: str, method: str = "GET") -> object:
            req = urllib.request.Request(f"{self.url}{path}?token={self.server.token}", method=method)
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read() or b"null")

        for kernel in call("/api/kernels"):
            call(f"/api/kernels/{kernel['id']}", "DELETE")


def make_workspace(folder: Path) -> tuple[Path, str]:
    (folder / "app").mkdir(parents=True, exist_ok=True)
    return folder, f"sqlite:///{folder / 'answers.sqlite'}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder of notebooks rendered for Norwegian with code hidden, as a participant gets them."""
    return make_workspace(tmp_path)[0]


def render(
    workspace: Path,
    notebook: str,
    language: str = "nb",
    name: str | None = None,
    preheat: bool = False,
    **params: object,
) -> str:
    """Render a notebook as participants get it (one language, code hidden); ``name`` is the file stem."""
    from casekit import notebooks

    info = notebooks.get(notebook)
    target = f"{name or info.id}.ipynb"
    notebooks.render_to_file(
        info, workspace / "app" / target, language, params, hide_code=True, preheat=preheat
    )
    return target


@pytest.fixture
def store_url(workspace: Path) -> str:
    return f"sqlite:///{workspace / 'answers.sqlite'}"


def start_voila(workspace: Path, store_url: str, pool_size: int = 0) -> Server:
    """Voilà on the workspace's ``app/`` folder as ``casekit app`` starts it: code stripped, no tracebacks
    shown, and ``pool_size`` preheated kernels per notebook."""
    from casekit.apps.app import voila_command

    port = free_port()
    args = voila_command(workspace / "app", port, pool_size=pool_size)
    args[0] = str(BIN / "voila")
    return Server(
        args,
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port}/",
        workspace / "voila.log",
        server_env(workspace, store_url),
    )


def start_lab(workspace: Path, store_url: str) -> Server:
    """JupyterLab with token auth and the defaults ``make lab`` writes (Norwegian UI, no dialogs)."""
    port = free_port()
    token = secrets.token_hex(16)
    env = server_env(workspace, store_url)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(workspace / "lab-user-settings")
    app_settings = write_overrides("nb", workspace / "lab-app-settings").parent
    args = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workspace / 'app'}",
        "--ServerApp.open_browser=False",
        "--allow-root",
        f"--LabApp.app_settings_dir={app_settings}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # Tests read the notebook model (execution counts, outputs) through window.jupyterapp.
        "--LabApp.expose_app_in_browser=True",
    ]
    server = Server(
        args,
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port}/api/status?token={token}",
        workspace / "lab.log",
        env,
    )
    server.token = token
    return server


@contextmanager
def running(start: Any, folder: Path) -> Iterator[App]:
    """A server for a whole test module (one start, stopped in every case); tests use their own
    respondents, so they share it without sharing state."""
    workspace, url = make_workspace(folder)
    server = start(workspace, url)
    try:
        yield App(server, workspace, url)
    finally:
        server.stop()


@pytest.fixture
def voila(workspace: Path, store_url: str) -> Iterator[Server]:
    server = start_voila(workspace, store_url)
    yield server
    server.stop()


@pytest.fixture
def lab(workspace: Path, store_url: str) -> Iterator[Server]:
    server = start_lab(workspace, store_url)
    yield server
    server.stop()


#: How long a Voilà page may take to run its notebook before it counts as stalled (a busy CI machine
#: needs 10–40 s for the larger workbooks).
VOILA_STALL_MS = 100_000


def open_voila(page: Any, url: str, ready: Any = None, *, timeout: float = VOILA_STALL_MS) -> None:
    """Open a Voilà page and wait until ``ready`` (a locator; by default: every cell has run) is visible.

    Voilà 0.5 now and then stops for good at "Executing n of m" while the kernel sits idle
    (voila-dashboards/voila#1428, open upstream). A participant would reload the page, and so does this
    helper: once, and only when the page still shows Voilà's spinner. Any other failure, or a second
    stall, fails the test."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        page.goto(url, wait_until="commit")
        try:
            if ready is None:
                wait_rendered(page, timeout)
            else:
                ready.wait_for(timeout=timeout)
            return
        except PlaywrightTimeout:
            spinner = page.locator("#loading")
            if attempt == 2 or not spinner.is_visible():
                raise
            stalled_at = page.locator("#loading_text").inner_text()
            warnings.warn(f"Voilà stalled at {stalled_at!r} on {url}; loading it once more", stacklevel=2)


def wait_rendered(page: Any, timeout: float = 120_000) -> None:
    """Voilà has run every cell and the widgets have stopped appearing."""
    page.wait_for_function(
        "() => !document.getElementById('loading') && document.getElementById('rendered_cells')",
        timeout=timeout,
    )
    page.wait_for_function(
        """() => {
          const n = document.querySelectorAll('.jp-OutputArea-output, .jupyter-widgets').length;
          const same = window.__casekitCount === n;
          window.__casekitCount = n;
          return same && n > 0;
        }""",
        polling=400,
        timeout=timeout,
    )
