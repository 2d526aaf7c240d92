"""The response store: respondents, submissions and answers, append-only.

Every save is a new submission; nothing is ever updated. The newest final submission counts, earlier ones
stay as history, and a draft can be resumed after a kernel restart. :func:`open_store` is the one way in:
it returns something with the :class:`Store` protocol — the SQL store on one machine: SQLite by default,
PostgreSQL (psycopg 3, extra ``postgres``) by URL.

    >>> from casekit.store import open_store
    >>> st = open_store("sqlite:///answers.sqlite")
    >>> sub = st.save("4228-r01", "maturity", {"S1.today": 3}, municipality="4228", status="final")
    >>> st.latest("4228-r01", "maturity").answers
    {'S1.today': 3}

On a shared JupyterHub (``CASEKIT_SERVICE_URL`` set in the kernel) the default store is the casekit hub
service's client, :class:`ServiceStore` (:mod:`casekit.store.service`). Elsewhere the default store is
``CASEKIT_STORE_URL`` when set, else ``casekit.sqlite`` in the user's data
folder (``$CASEKIT_DATA_DIR``, else ``$XDG_DATA_HOME/casekit``, else ``~/.local/share/casekit``): never a
file in the working directory, so a store is never created inside a repository by accident.

Append-only has two audited exceptions, both for data protection: :meth:`Store.erase` deletes one person
on request and :meth:`Store.purge_expired` deletes cohorts past their retention date. Every erasure, purge
and bulk export leaves a line in the audit trail (who, when, what scope, how many; never the content).

Group figures that participants can reload come from published snapshots (:meth:`Store.publish_snapshot`,
:meth:`Store.latest_snapshot`), one series per cohort and kind; :mod:`casekit.privacy` says when they
change.

What a save may hold is limited (:class:`Limits`), and domains add answer rules per instrument
(:mod:`casekit.store.rules`). The store records its schema version and upgrades older stores in one
transaction by explicit steps (:mod:`casekit.store.schema`, which also says why there is no Alembic).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import rules
from .base import (
    STATUSES,
    TIDY_COLUMNS,
    AuditEntry,
    Erasure,
    Limits,
    Purge,
    Snapshot,
    Store,
    Submission,
    check_cohort_id,
    data_dir,
    default_actor,
)
from .schema import SCHEMA_VERSION
from .service import ServiceStore
from .sql import SQLStore, display_url, driver_url

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "TIDY_COLUMNS",
    "AuditEntry",
    "Erasure",
    "Limits",
    "Purge",
    "SQLStore",
    "ServiceStore",
    "Snapshot",
    "Store",
    "Submission",
    "data_dir",
    "default_actor",
    "default_url",
    "display_url",
    "normalise_url",
    "open_store",
    "rules",
]


def service_configured() -> bool:
    """True in a hub kernel whose hub runs the casekit service: ``CASEKIT_SERVICE_URL`` is set."""
    return bool(os.environ.get("CASEKIT_SERVICE_URL"))


def default_url() -> str:
    """``CASEKIT_STORE_URL`` if set, else ``casekit.sqlite`` in :func:`data_dir` (created when missing)."""
    configured = os.environ.get("CASEKIT_STORE_URL")
    if configured:
        return configured
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'casekit.sqlite'}"


def normalise_url(url: str | os.PathLike[str] | None) -> str:
    """Accept a SQLAlchemy URL or a plain file path: relative SQLite paths become absolute, and
    ``postgresql://`` (or ``postgres://``) becomes ``postgresql+psycopg://``."""
    text = str(url) if url else default_url()
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    if text.startswith("sqlite:///") and not text.startswith("sqlite:////") and ":memory:" not in text:
        return f"sqlite:///{Path(text[len('sqlite:///') :]).expanduser().resolve()}"
    return driver_url(text)


_OPEN: dict[tuple[str, str | None], Store] = {}


def open_store(target: Store | str | os.PathLike[str] | None = None, *, cohort: str | None = None) -> Store:
    """The store for ``target``: a store is returned as it is; a URL or file path opens (and creates)
    the SQL store there; an ``http(s)://`` address is the casekit hub service, reached with the hub token
    in ``JUPYTERHUB_API_TOKEN``. Nothing opens the default store: in a hub kernel with
    ``CASEKIT_SERVICE_URL`` set the service (whatever ``CASEKIT_STORE_URL`` says, so no database address
    is needed in a participant's environment), else the SQL store at :func:`default_url`. With ``cohort``
    the store stamps that cohort on every save. Stores are cached per (URL, cohort) within a process and
    share their connections."""
    cohort = check_cohort_id(cohort)
    if target is not None and not isinstance(target, str | os.PathLike):
        return target if cohort is None or target.cohort == cohort else target.bound(cohort)
    if target in (None, "") and service_configured():
        target = os.environ["CASEKIT_SERVICE_URL"]
    text = str(target) if target not in (None, "") else ""
    is_service = text.startswith(("http://", "https://"))
    key = _service_key(text) if is_service else normalise_url(target)
    if (key, None) not in _OPEN:
        _OPEN[(key, None)] = ServiceStore(text) if is_service else SQLStore(key)
    if (key, cohort) not in _OPEN:
        _OPEN[(key, cohort)] = _OPEN[(key, None)].bound(cohort)
    return _OPEN[(key, cohort)]


def _service_key(url: str) -> str:
    """The cache key of a service client: its address and (a digest of) the token it speaks with."""
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    return f"{url.rstrip('/')}/#{hashlib.sha256(token.encode()).hexdigest()[:12]}"
