"""A real JupyterHub on 127.0.0.1 for tests: JupyterHub (pip) and configurable-http-proxy (npm, installed in
the project with ``npm install --prefix build/npm configurable-http-proxy``), in a temporary folder, stopped
when the test ends. Tests skip with one line when either is missing."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The token of the test's admin service (``hub-admin``), with the scopes hub-sync needs.
ADMIN_SCOPES = ["admin:users", "admin:groups", "groups", "list:users", "read:groups", "read:users"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> str | None:
    """configurable-http-proxy: the project's own (build/npm) or one on PATH."""
    local = ROOT / "build" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def need_hub() -> str:
    """The proxy's command, or skip the test with the reason."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.skip("JupyterHub is not installed (pip install -e '.[dev]')")
    proxy = proxy_command()
    if proxy is None:
        pytest.skip(
            "configurable-http-proxy is missing (npm install --prefix build/npm configurable-http-proxy)"
        )
    return proxy


@dataclass
class Hub:
    url: str  # the public address (the proxy), e.g. http://127.0.0.1:8000
    token: str  # the admin service's token
    folder: Path
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_hub(
    folder: Path, extra_config: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> Hub:
    """Start JupyterHub (DummyAuthenticator, any password) with ``extra_config`` appended to its
    configuration, and wait until its API answers."""
    proxy = need_hub()
    folder.mkdir(parents=True, exist_ok=True)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(24)
    config = folder / "jupyterhub_config.py"
    config.write_text(
        f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{folder / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "jupyterhub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.services = [{{"name": "hub-admin", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "hub-admin", "scopes": {ADMIN_SCOPES!r}, "services": ["hub-admin"]}}]
{extra_config}
""",
        encoding="utf-8",
    )
    log = folder / "jupyterhub.log"
    environment = {**os.environ, **(env or {})}
    environment["PATH"] = str(Path(sys.executable).parent) + os.pathsep + environment.get("PATH", "")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, folder, process, log)
    _wait(hub, timeout)
    return hub


def _wait(hub: Hub, timeout: float) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub stopped:\n{hub.log.read_text(errors='replace')[-4000:]}")
        try:
            if requests.get(f"{hub.url}/hub/api/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    hub.stop()
    raise RuntimeError(
        f"JupyterHub did not answer in {timeout} s:\n{hub.log.read_text(errors='replace')[-4000:]}"
    )
