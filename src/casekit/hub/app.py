"""The casekit hub service: the Tornado application and how it runs.

    service = Service(open_store(url), Roster.from_configs(configs), hub_api_url=...)
    app = make_app(service)          # routes under <prefix>api/v1/
    run(service, ip="127.0.0.1", port=10101)

The service keeps three things warm so a cohort saving at once stays fast: JupyterHub's ``HubAuth`` cache
(a token is asked about once per :data:`TOKEN_CACHE_SECONDS`), the store's connection pool (SQLAlchemy),
and a thread pool in which the blocking store calls run while the event loop goes on serving requests.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlparse

from tornado.log import access_log
from tornado.web import Application, RequestHandler

from ..errors import HubError
from ..store import Store
from . import contract
from .handlers import ROUTES, NotFound
from .roster import Roster

log = logging.getLogger("casekit.hub")
#: How long the hub's answer about a token is reused (JupyterHub's own default is 300 s).
TOKEN_CACHE_SECONDS = 300
#: Threads for store calls: enough to keep the connection pool (5 + 10 overflow) busy.
THREADS = 12
#: The largest request body: a save's answers are at most 200 kB (casekit.store.Limits) plus JSON.
MAX_BODY_BYTES = 1_000_000


def default_prefix() -> str:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or contract.SERVICE_PREFIX
    return "/" + prefix.strip("/") + "/"


def default_address(port: int | None = None, ip: str | None = None) -> tuple[str, int]:
    """Where to listen: the given address, else JUPYTERHUB_SERVICE_URL's (a managed service), else
    127.0.0.1 and :data:`~casekit.hub.contract.DEFAULT_PORT`."""
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL") or "")
    return ip or url.hostname or "127.0.0.1", port or url.port or contract.DEFAULT_PORT


@dataclass
class Service:
    """What the handlers share: the store, the roster, the hub's auth and the thread pool."""

    store: Store
    roster: Roster
    hub_api_url: str = field(default_factory=lambda: os.environ.get("JUPYTERHUB_API_URL", ""))
    prefix: str = field(default_factory=default_prefix)
    threads: int = THREADS
    #: Keys the pseudonyms of the published answers (``published/{kind}``): new each time it starts.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @cached_property
    def hub_auth(self) -> Any:
        """JupyterHub's ``HubAuth``: asks the hub who owns a token, and caches the answer."""
        try:
            from jupyterhub.services.auth import HubAuth
        except ModuleNotFoundError:
            raise HubError("hub.serve.needs_jupyterhub") from None
        options: dict[str, Any] = {
            "access_scopes": {contract.ACCESS},
            "cache_max_age": TOKEN_CACHE_SECONDS,
            "base_url": self.prefix,
            "api_token": os.environ.get("JUPYTERHUB_API_TOKEN", ""),
        }
        if self.hub_api_url:
            options["api_url"] = self.hub_api_url
        return HubAuth(**options)

    @cached_property
    def pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self.threads, thread_name_prefix="casekit-store")

    _bound: dict[str, Store] = field(default_factory=dict, init=False, repr=False)

    def stores(self, cohort: str) -> Store:
        """The store stamping ``cohort`` on every save (one per cohort, sharing connections)."""
        bound = self._bound.get(cohort)
        if bound is None:
            bound = self._bound[cohort] = self.store.bound(cohort)
        return bound

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_app(service: Service) -> Application:
    base = service.prefix + contract.API_PATH
    handlers = [(base + path + "/?", handler, {"service": service}) for path, handler in ROUTES]
    return Application(
        handlers,
        default_handler_class=NotFound,
        default_handler_args={"service": service},
        log_function=log_request,
    )


def log_request(handler: RequestHandler) -> None:
    """Refusals and failures at warning level; the many ordinary requests only at debug level."""
    status = handler.get_status()
    level = logging.DEBUG if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    if access_log.isEnabledFor(level):
        ms = 1000 * handler.request.request_time()
        access_log.log(level, "%d %s %.1f ms", status, handler._request_summary(), ms)


def register_cohorts(service: Service) -> None:
    """Record every served cohort with its retention date from cohort.yaml (audited when it changes)."""
    for cohort in service.roster.cohorts.values():
        service.store.register_cohort(cohort.id, cohort.retention_until)


async def serve(
    service: Service,
    ip: str,
    port: int,
    *,
    ready: threading.Event | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set, or until SIGINT or SIGTERM when running in the main thread."""
    app = make_app(service)
    server = app.listen(port, address=ip, max_body_size=MAX_BODY_BYTES, xheaders=True)
    stop = stop or asyncio.Event()
    if threading.current_thread() is threading.main_thread():
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        server.stop()
        await server.close_all_connections()
        service.close()
