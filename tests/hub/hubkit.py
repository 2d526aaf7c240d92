"""A real JupyterHub with the casekit service, for tests and benchmarks.

:func:`start_hub` writes a ``jupyterhub_config.py`` that follows the hub contract (custom scopes, one
participant and one trainer role per cohort, the administrators' role, ``server_token_scopes``, the
``casekit`` service), starts JupyterHub 5+ with ``configurable-http-proxy`` from npm (installed into
``build/npm`` on first use) on free ports of 127.0.0.1, and hands back a :class:`Hub` whose admin token
creates users, groups and tokens through the hub's REST API. :func:`start_service` runs ``casekit serve``
as the hub's external service (the hub's proxy routes ``/services/casekit/`` to it), and
:class:`ServiceProcess` can stop and start it again.

Nothing here is a stand-in: the hub, the proxy, the service and the store are the real programs.
:func:`missing` says, in one line, why they cannot run on this machine (no npm, no node, no jupyterhub).
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casekit.cohort.config import load_config
from casekit.hub import contract
from casekit.hub.app import Service, register_cohorts, serve
from casekit.hub.roster import Roster
from casekit.store import SQLStore

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NPM_PREFIX = ROOT / "build" / "npm"
CHP = NPM_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
COHORTS = Path(__file__).resolve().parent / "cohorts"
PROXY_PACKAGE = "configurable-http-proxy@5"
ADMIN_SERVICE = "casekit-test-admin"
#: A single-user server's command that records the server's hub token, then becomes jupyterhub-singleuser.
RECORD_TOKEN = (
    "import os, sys; from pathlib import Path; "
    "Path(os.environ['CASEKIT_TEST_TOKEN_DIR'], os.environ['JUPYTERHUB_USER'])"
    ".write_text(os.environ['JUPYTERHUB_API_TOKEN']); "
    "os.execvp('jupyterhub-singleuser', ['jupyterhub-singleuser', *sys.argv[1:]])"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> Path | None:
    """configurable-http-proxy from build/npm, installed there with npm when missing (None: cannot)."""
    if CHP.exists():
        return CHP
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None
    NPM_PREFIX.mkdir(parents=True, exist_ok=True)
    with open(NPM_PREFIX / ".install.lock", "w") as lock:  # test workers install it once, one at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not CHP.exists():
            command = [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NPM_PREFIX)]
            subprocess.run([*command, PROXY_PACKAGE], check=False, capture_output=True, timeout=600)
    return CHP if CHP.exists() else None


def missing() -> str | None:
    """Why a real hub cannot run here, in one line; None when it can."""
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "JupyterHub tests skipped: the jupyterhub package is missing (pip install 'casekit[hub]')"
    if shutil.which("node") is None:
        return "JupyterHub tests skipped: node is missing (configurable-http-proxy runs on Node.js)"
    if proxy_command() is None:
        return (
            "JupyterHub tests skipped: configurable-http-proxy could not be installed with npm into build/npm"
        )
    return None


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60, log: Path | None = None) -> None:
    """Wait until ``url`` answers 200 (the program behind it is up, and so is any proxy in front)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {url} answered\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


def call(service: Any, method: str, path: str, token: str | None, body: Any = None, language: str = "en"):
    """(status, JSON) of one request to the API of ``service`` (anything with the service's ``url``)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(service.url + "api/v1/" + path, data=data, method=method)
    request.add_header("Accept-Language", language)
    if token:
        request.add_header("Authorization", f"token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


class Process:
    """A program started in its own process group, its output in a log file; stopped with SIGTERM."""

    def __init__(self, args: Sequence[str], log: Path, env: Mapping[str, str], cwd: Path) -> None:
        self.args, self.log, self.env, self.cwd = list(args), log, dict(env), cwd
        self.proc: subprocess.Popen | None = None

    def start(self, probe: str, timeout: float = 60) -> None:
        handle = self.log.open("a")
        self.proc = subprocess.Popen(
            self.args,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
        )
        handle.close()
        try:
            wait_http(probe, self.proc, timeout, self.log)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@dataclass
class Hub:
    """A running JupyterHub: its public URL (the proxy), its API, and an admin token for the REST API."""

    folder: Path
    url: str
    api_url: str
    admin_token: str
    service_token: str
    service_port: int
    process: Process
    proxy_api_port: int
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def service_url(self) -> str:
        """The casekit service through the hub's proxy."""
        return self.url + contract.SERVICE_PREFIX

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """Call the hub's REST API; returns the decoded JSON (None for an empty answer)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.api_url + path, data=data, method=method)
        request.add_header("Authorization", f"token {token or self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def create_users(self, names: Iterable[str]) -> None:
        wanted = sorted(set(names))
        known = {u["name"] for u in self.api("GET", "/users?limit=1000") or []}
        new = [n for n in wanted if n not in known]
        if new:
            self.api("POST", "/users", {"usernames": new})

    def add_to_group(self, group: str, users: Iterable[str]) -> None:
        try:
            self.api("POST", f"/groups/{group}")
        except urllib.error.HTTPError as exc:
            if exc.code != 409:  # the group exists already (a role named it)
                raise
        self.api("POST", f"/groups/{group}/users", {"users": sorted(set(users))})

    def token(self, user: str, scopes: Sequence[str] = ("inherit",), note: str = "casekit test") -> str:
        """A new API token of ``user``: by default with all of the user's permissions."""
        body = {"scopes": list(scopes), "note": note, "expires_in": 6 * 3600}
        return self.api("POST", f"/users/{user}/tokens", body)["token"]

    def start_server(self, user: str, timeout: float = 120) -> None:
        """Spawn ``user``'s single-user server through the REST API and wait until it is ready."""
        try:
            self.api("POST", f"/users/{user}/server")
        except urllib.error.HTTPError as exc:
            if exc.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = (self.api("GET", f"/users/{user}").get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server was not ready within {timeout} s")

    def stop_server(self, user: str) -> None:
        self.api("DELETE", f"/users/{user}/server")

    def server_token(self, user: str) -> str:
        """The hub token of ``user``'s running server, which its kernels get (``record_server_tokens``)."""
        return (self.folder / "server-tokens" / user).read_text().strip()

    def start(self) -> None:
        """Start JupyterHub and wait until it answers through its proxy."""
        self.process.start(f"{self.url}/hub/api/", timeout=120)

    def stop(self) -> None:
        self.process.stop()


def hub_config(
    *,
    port: int,
    hub_port: int,
    proxy_api_port: int,
    proxy_token: str,
    service_port: int,
    service_token: str,
    admin_token: str,
    cohorts: Sequence[str],
    chp: Path,
    folder: Path,
    token_dir: Path | None = None,
) -> str:
    """``jupyterhub_config.py`` per the hub contract, for a trial on 127.0.0.1 (DummyAuthenticator).
    With ``token_dir`` each single-user server first writes its own hub token (what its kernels get as
    JUPYTERHUB_API_TOKEN) to ``token_dir/<user>``, then runs ``jupyterhub-singleuser`` as usual."""
    roles = [role for cohort in cohorts for role in contract.roles(cohort)]
    roles.append(contract.admin_role())
    roles.append(
        {
            "name": ADMIN_SERVICE,
            "scopes": ["admin:users", "admin:groups", "tokens", "admin:servers", "list:users", "read:users"],
            "services": [ADMIN_SERVICE],
        }
    )
    services = [
        {
            "name": contract.SERVICE_NAME,
            "url": f"http://127.0.0.1:{service_port}",
            "api_token": service_token,
        },
        {"name": ADMIN_SERVICE, "api_token": admin_token},
    ]
    service_url = f"http://127.0.0.1:{port}{contract.SERVICE_PREFIX}"
    settings = {
        "JupyterHub.ip": "127.0.0.1",
        "JupyterHub.port": port,
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": hub_port,
        "JupyterHub.authenticator_class": "dummy",
        "Authenticator.allow_all": True,
        "JupyterHub.db_url": f"sqlite:///{folder / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(folder / "jupyterhub_cookie_secret"),
        "JupyterHub.pid_file": str(folder / "jupyterhub.pid"),
        "ConfigurableHTTPProxy.command": [str(chp)],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{proxy_api_port}",
        "ConfigurableHTTPProxy.auth_token": proxy_token,
        "ConfigurableHTTPProxy.pid_file": str(folder / "proxy.pid"),
        "ConfigurableHTTPProxy.should_start": True,
        "JupyterHub.custom_scopes": contract.CUSTOM_SCOPES,
        "JupyterHub.load_roles": roles,
        "JupyterHub.services": services,
        "Spawner.server_token_scopes": list(contract.SERVER_TOKEN_SCOPES),
        "Spawner.environment": {"CASEKIT_SERVICE_URL": service_url},
        "JupyterHub.spawner_class": "simple",
        "JupyterHub.cleanup_servers": True,
        "Spawner.start_timeout": 120,
        # Containers and CI often run as root, where jupyter-server refuses to start without this.
        "Spawner.args": ["--allow-root"] if os.geteuid() == 0 else [],
        "Spawner.http_timeout": 120,
    }
    if token_dir is not None:
        settings["Spawner.cmd"] = [sys.executable, "-c", RECORD_TOKEN]
        settings["Spawner.environment"] = {
            **settings["Spawner.environment"],  # type: ignore[dict-item]
            "CASEKIT_TEST_TOKEN_DIR": str(token_dir),
        }
    lines = [
        "# Written by tests/hub/hubkit.py: a trial hub on 127.0.0.1 (DummyAuthenticator only here).",
        "c = get_config()  # noqa",
    ]
    lines += [f"c.{name} = {value!r}" for name, value in settings.items()]
    return "\n".join(lines) + "\n"


def hub_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "CASEKIT_SERVICE"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CASEKIT_DATA_DIR"] = str(folder / "casekit-data")
    return env


def prepare_hub(
    folder: Path, cohorts: Sequence[str], extra_config: str = "", *, record_server_tokens: bool = False
) -> Hub:
    """Write the hub's config in ``folder`` (created), with the roles of ``cohorts``; ``extra_config`` is
    appended to ``jupyterhub_config.py``. Start it with :meth:`Hub.start`, after the casekit service, so the
    hub finds its external service at once instead of waiting half a minute for it. With
    ``record_server_tokens`` a spawned server's hub token can be read with :meth:`Hub.server_token`."""
    chp = proxy_command()
    if chp is None:
        raise RuntimeError(missing() or "configurable-http-proxy is missing")
    folder.mkdir(parents=True, exist_ok=True)
    port, hub_port, proxy_api_port, service_port = (free_port() for _ in range(4))
    admin_token, service_token = secrets.token_hex(24), secrets.token_hex(24)
    config = hub_config(
        port=port,
        hub_port=hub_port,
        proxy_api_port=proxy_api_port,
        proxy_token=secrets.token_hex(24),
        service_port=service_port,
        service_token=service_token,
        admin_token=admin_token,
        cohorts=cohorts,
        chp=chp,
        folder=folder,
        token_dir=folder / "server-tokens" if record_server_tokens else None,
    )
    (folder / "server-tokens").mkdir(exist_ok=True)
    (folder / "jupyterhub_config.py").write_text(config + extra_config, encoding="utf-8")
    process = Process(
        [str(BIN / "jupyterhub"), "-f", str(folder / "jupyterhub_config.py")],
        folder / "jupyterhub.log",
        hub_env(folder),
        folder,
    )
    url = f"http://127.0.0.1:{port}"
    api_url = f"http://127.0.0.1:{hub_port}/hub/api"
    return Hub(folder, url, api_url, admin_token, service_token, service_port, process, proxy_api_port)


def start_hub(folder: Path, cohorts: Sequence[str], extra_config: str = "") -> Hub:
    """:func:`prepare_hub` and start it (without a casekit service behind its proxy yet)."""
    hub = prepare_hub(folder, cohorts, extra_config)
    hub.start()
    return hub


class ServiceProcess(Process):
    """``casekit serve`` for the hub: started, stopped and started again on the same port."""

    def __init__(
        self, hub: Hub, cohort_files: Sequence[Path], store_url: str, port: int, folder: Path
    ) -> None:
        self.port = port
        self.store_url = store_url
        self.url = f"http://127.0.0.1:{port}{contract.SERVICE_PREFIX}"
        args = [str(BIN / "casekit"), "--lang", "en", "serve", "--store", store_url, "--port", str(port)]
        for path in cohort_files:
            args += ["--cohort", str(path)]
        env = hub_env(folder)
        env.update(
            {
                "JUPYTERHUB_API_URL": hub.api_url,
                "JUPYTERHUB_API_TOKEN": hub.service_token,
                "JUPYTERHUB_SERVICE_NAME": contract.SERVICE_NAME,
                "JUPYTERHUB_SERVICE_PREFIX": contract.SERVICE_PREFIX,
            }
        )
        super().__init__(args, folder / f"casekit-service-{port}.log", env, folder)

    def start(self, probe: str | None = None, timeout: float = 60) -> None:
        super().start(probe or self.url + "api/v1/health", timeout)


def start_service(
    hub: Hub, cohort_files: Sequence[Path], store_url: str, folder: Path, port: int | None = None
) -> ServiceProcess:
    """Start ``casekit serve`` on ``port`` (default: the port the hub's proxy routes to)."""
    folder.mkdir(parents=True, exist_ok=True)
    service = ServiceProcess(hub, cohort_files, store_url, port or hub.service_port, folder)
    service.start()
    return service


class InProcessService:
    """The casekit service in a thread of this process (so coverage sees it), on a port of its own; the
    same application ``casekit serve`` runs, asking the same hub."""

    def __init__(self, hub: Hub, cohort_files: Sequence[Path], store_url: str, port: int) -> None:
        self.hub, self.cohort_files, self.store_url, self.port = hub, list(cohort_files), store_url, port
        self.url = f"http://127.0.0.1:{port}{contract.SERVICE_PREFIX}"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        configs = [load_config(path, check_store=False) for path in self.cohort_files]
        self.service = Service(
            SQLStore(self.store_url), Roster.from_configs(configs), self.hub.api_url, contract.SERVICE_PREFIX
        )
        register_cohorts(self.service)
        ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

        def run() -> None:
            async def main() -> None:
                self._loop = asyncio.get_running_loop()
                self._stop = asyncio.Event()
                await serve(self.service, "127.0.0.1", self.port, ready=ready, stop=self._stop)

            asyncio.run(main())

        self._thread = threading.Thread(target=run, name=f"casekit-service-{self.port}", daemon=True)
        self._thread.start()
        if not ready.wait(30):
            raise TimeoutError("the in-process casekit service did not start")

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        self._thread = None
        self.service.store.engine.dispose()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
