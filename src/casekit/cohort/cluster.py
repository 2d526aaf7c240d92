"""Running ``prepare`` and ``report`` on a Dask cluster (the optional extra ``cluster``).

``scheduler`` is ``"local"`` for a :class:`distributed.LocalCluster` on this machine (one worker process
per core, one thread each), or the address of a running scheduler (``tcp://10.0.0.5:8786``). Jobs are
submitted with ``pure=False``, because writing a file is a side effect Dask must not cache. Workers run
each job in their own process; no process pool is started inside a Dask task.

A kernel that cannot bind its ports because another job took them at the same moment fails with
"Address already in use" (or dies before it answers); such a job is retried a few times, since the next
attempt draws new ports.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from typing import Any, TypeVar

from ..errors import ConfigError

T = TypeVar("T")
#: How often a job that met a kernel port clash is tried in all.
ATTEMPTS = 3
_CLASH_TEXTS = ("Address already in use", "Kernel died before replying to kernel_info")


@contextlib.contextmanager
def executor_for(scheduler: str | None, workers: int | None = None) -> Iterator[Executor | None]:
    """A Dask executor for ``scheduler`` (None: no executor, casekit's own process pool is used)."""
    if not scheduler:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("cohort.scheduler.missing") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: never clash with another cluster
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="5s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError("cohort.scheduler.unreachable", address=scheduler, reason=str(exc)) from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def is_port_clash(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a kernel that could not bind its ports."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "errno", None) == errno.EADDRINUSE:
            return True
        if any(text in str(seen) for text in _CLASH_TEXTS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def retrying(fn: Callable[..., T], *args: Any, attempts: int = ATTEMPTS, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, tried again (up to ``attempts`` in all) when it fails with a port clash."""
    for attempt in range(1, attempts + 1):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if attempt == attempts or not is_port_clash(exc):
                raise
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
