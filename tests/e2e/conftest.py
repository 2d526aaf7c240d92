"""Real servers (JupyterLab with token auth, Voilà) on free localhost ports, driven by Debian's Chromium.

Without a Chromium binary the tests skip with the reason; CI installs one (``.ci/run``). Every scenario
saves a screenshot under ``build/e2e/``; a failing scenario saves one of the moment it failed.
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
from collections.abc import Iterator
from pathlib import Path

import pytest

from casekit.labsetup import write_overrides

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
    pg.set_default_timeout(60_000)
    yield pg
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    try:
        pg.screenshot(path=str(SHOTS / f"{name}{'-FAILED' if failed else ''}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder of notebooks rendered for Norwegian with code hidden, as a participant gets them."""
    (tmp_path / "app").mkdir()
    return tmp_path


def render(workspace: Path, notebook: str, language: str = "nb", **params: object) -> str:
    from casekit import notebooks

    info = notebooks.get(notebook)
    notebooks.render_to_file(info, workspace / "app" / f"{info.id}.ipynb", language, params, hide_code=True)
    return f"{info.id}.ipynb"


@pytest.fixture
def store_url(workspace: Path) -> str:
    return f"sqlite:///{workspace / 'answers.sqlite'}"


@pytest.fixture
def voila(workspace: Path, store_url: str) -> Iterator[Server]:
    port = free_port()
    args = [
        str(BIN / "voila"),
        str(workspace / "app"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=False",
        "--strip_sources=True",
    ]
    server = Server(
        args,
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port}/",
        workspace / "voila.log",
        server_env(workspace, store_url),
    )
    yield server
    server.stop()


@pytest.fixture
def lab(workspace: Path, store_url: str) -> Iterator[Server]:
    port = free_port()
    token = secrets.token_hex(16)
    env = server_env(workspace, store_url)
    # The same defaults `make lab` writes (Norwegian UI, no kernel or news dialogs), as app-level overrides.
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
    ]
    server = Server(
        args,
        f"http://127.0.0.1:{port}",
        f"http://127.0.0.1:{port}/api/status?token={token}",
        workspace / "lab.log",
        env,
    )
    server.token = token
    yield server
    server.stop()
