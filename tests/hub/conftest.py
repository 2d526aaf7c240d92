"""A real JupyterHub with the casekit service, once per test session (see ``hubkit``).

Fixtures:

- ``hub``: JupyterHub + configurable-http-proxy with the contract's scopes and roles for the two test
  cohorts (``cohorts/hub-agder.yaml``, ``cohorts/hub-vestland.yaml``), and their users and groups created
  through the hub's REST API;
- ``tokens``: one hub token per kind of caller (:data:`CALLERS`); ``None`` is "no token";
- ``service``: the casekit service on its own port, in a thread of the test process, once on SQLite and
  once on PostgreSQL (skipped with a reason when no server answers), asking the same hub who a token
  belongs to;
- ``proxied_service``: ``casekit serve`` as its own process on the port the hub's proxy routes
  ``/services/casekit/`` to, on a SQLite store; tests may stop and start it (it is started again after
  each test).

Without jupyterhub, node or npm every test here is skipped with one line saying which is missing.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "unit"))  # store_backends: the PostgreSQL test server

import hubkit  # noqa: E402
from hubcohorts import CALLERS, COHORT, COHORT_FILES, GROUPS, OTHER_COHORT, USERS  # noqa: E402
from store_backends import fresh_schema  # noqa: E402


@pytest.fixture(scope="session")
def _hub_and_proxied(tmp_path_factory) -> Iterator[tuple[hubkit.Hub, hubkit.ServiceProcess]]:
    reason = hubkit.missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("jupyterhub")
    running = hubkit.prepare_hub(folder / "hub", [COHORT, OTHER_COHORT], record_server_tokens=True)
    with contextlib.ExitStack() as stack:
        store = f"sqlite:///{folder / 'proxied.sqlite'}"
        proxied = stack.enter_context(_running(running, store, folder / "service", port=running.service_port))
        running.start()
        stack.callback(running.stop)
        running.create_users(USERS)
        for group, users in GROUPS.items():
            running.add_to_group(group, users)
        yield running, proxied


@pytest.fixture(scope="session")
def hub(_hub_and_proxied) -> hubkit.Hub:
    return _hub_and_proxied[0]


@pytest.fixture(scope="session")
def tokens(hub) -> dict[str, str | None]:
    """One token per kind of caller (the same token for the whole session, as a kernel keeps its own)."""
    return {
        kind: None if who is None else hub.token(who[0], who[1], note=f"casekit test: {kind}")
        for kind, who in CALLERS.items()
    }


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def service(request, hub, tmp_path_factory) -> Iterator[hubkit.InProcessService]:
    folder = tmp_path_factory.mktemp(f"casekit-service-{request.param}")
    with contextlib.ExitStack() as stack:
        url = f"sqlite:///{folder / 'answers.sqlite'}" if request.param == "sqlite" else None
        url = url or stack.enter_context(fresh_schema())
        running = hubkit.InProcessService(hub, COHORT_FILES, url, hubkit.free_port())
        running.start()
        stack.callback(running.stop)
        yield running


@pytest.fixture(scope="session")
def _proxied(_hub_and_proxied) -> hubkit.ServiceProcess:
    return _hub_and_proxied[1]


@pytest.fixture
def proxied_service(_proxied) -> Iterator[hubkit.ServiceProcess]:
    """The service behind the hub's proxy; running again after the test whatever the test did to it."""
    yield _proxied
    if not _proxied.running:
        _proxied.start()


@contextlib.contextmanager
def _running(
    hub: hubkit.Hub, url: str, folder: Path, port: int | None = None
) -> Iterator[hubkit.ServiceProcess]:
    process = hubkit.start_service(hub, COHORT_FILES, url, folder, port or hubkit.free_port())
    try:
        yield process
    finally:
        process.stop()
