"""The two store backends the store tests run against: a SQLite file and a real PostgreSQL server.

PostgreSQL comes from ``CASEKIT_TEST_PG_URL`` (``.ci/run`` sets it after making sure a server runs), else
the local default below. When neither answers within two seconds, the PostgreSQL variants are skipped
with one line saying why, unless ``CASEKIT_REQUIRE_PG`` is set (CI), where they fail instead. Every test
gets its own schema on the server (through ``search_path``), dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from functools import cache
from urllib.parse import quote

import pytest

from casekit import store as store_package
from casekit.store import normalise_url

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", "postgresql"]


def libpq(url: str) -> str:
    """A SQLAlchemy URL as a libpq connection string."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@cache
def pg_server() -> tuple[str | None, str]:
    """The URL of a reachable PostgreSQL server, or None and the reason."""
    try:
        import psycopg
    except ImportError:
        return None, "PostgreSQL tests skipped: psycopg is not installed (pip install 'casekit[postgres]')"
    tried = []
    for url in (os.environ.get("CASEKIT_TEST_PG_URL"), PG_DEFAULT):
        if not url or url in tried:
            continue
        tried.append(url)
        try:
            psycopg.connect(libpq(normalise_url(url)), connect_timeout=2).close()
            return normalise_url(url), ""
        except psycopg.Error:
            continue
    return (
        None,
        f"PostgreSQL tests skipped: no server reachable at {' or '.join(tried)} (set CASEKIT_TEST_PG_URL)",
    )


def pg_url_or_skip() -> str:
    url, reason = pg_server()
    if url is None:
        if os.environ.get("CASEKIT_REQUIRE_PG"):
            pytest.fail(reason.replace("skipped", "required but"))
        pytest.skip(reason)
    return url


def with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    """A store URL on the test server whose tables live in a new schema, dropped afterwards."""
    import psycopg

    base = pg_url_or_skip()
    schema = f"casekit_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = with_schema(base, schema)
    try:
        yield url
    finally:
        forget(url)
        with psycopg.connect(libpq(base), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def forget(url: str) -> None:
    """Close and drop the cached stores of ``url`` (their pools hold connections)."""
    for key in [k for k in store_package._OPEN if k[0] == url]:
        engine = getattr(store_package._OPEN.pop(key), "engine", None)
        if engine is not None:
            engine.dispose()


@contextlib.contextmanager
def backend_url(kind: str, tmp_path) -> Iterator[str]:
    if kind == "sqlite":
        url = normalise_url(tmp_path / "answers.sqlite")
        try:
            yield url
        finally:
            forget(url)
    else:
        with fresh_schema() as url:
            yield url
