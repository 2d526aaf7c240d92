"""Store figures on SQLite and PostgreSQL: concurrent saves, reads during writes, loading a national
cohort into the tidy frame, and what the integrity check at open costs.

Goals (each printed with its ratio, measured / goal; below 1 is within the goal):
- 40 processes × 25 submissions: 1,000 of 1,000 kept; save p50 and p95 are printed;
- ``latest()`` p95 while another process writes continuously: ≤ 20 ms;
- all answers of 2,300 respondents × 3 instruments (maturity, capabilities, competence: 92 answers each)
  into the tidy frame: ≤ 1 s;
- opening a SQLite store of that size, ``PRAGMA quick_check`` included: ≤ 0.5 s.

PostgreSQL comes from ``CASEKIT_TEST_PG_URL`` or ``postgresql://postgres@127.0.0.1:5432/postgres``; when
neither answers, its half is skipped with a message. Each run uses a fresh schema, dropped afterwards.
Every load generator stops by itself (a deadline and a count), and is ended if it has not by then.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from summary import record

from casekit.store import SQLStore, normalise_url

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
PROCESSES, SAVES = 40, 25
RESPONDENTS = 2_300
INSTRUMENTS = {
    "maturity": (28, ("today", "ambition")),
    "capabilities": (20, ("today",)),
    "competence": (8, ("required", "current")),
}
READ_GOAL_MS, LOAD_GOAL_S, OPEN_GOAL_S = 20.0, 1.0, 0.5
WRITER_SECONDS, WRITER_MAX_SAVES, READS = 8.0, 20_000, 400


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


BACKEND = {"name": ""}  # the backend being measured, for the summary table


def _line(name: str, value: float, unit: str, goal: float | None = None) -> None:
    ratio = f"  (goal ≤ {goal:g} {unit}; ratio {value / goal:.2f})" if goal else ""
    print(f"  {name:<46} {value:10.2f} {unit}{ratio}")
    if goal:
        record(f"{BACKEND['name']}: {name}", value, unit, goal)


# --- backends ---------------------------------------------------------------------------------------------


@contextmanager
def sqlite_url() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="casekit-bench-"))
    try:
        yield normalise_url(folder / "store.sqlite")
    finally:
        shutil.rmtree(folder)


def pg_base() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for url in (os.environ.get("CASEKIT_TEST_PG_URL"), PG_DEFAULT):
        if not url:
            continue
        try:
            psycopg.connect(normalise_url(url).replace("+psycopg", ""), connect_timeout=2).close()
            return normalise_url(url)
        except psycopg.Error:
            continue
    return None


@contextmanager
def pg_url(base: str) -> Iterator[str]:
    import psycopg

    schema = f"casekit_bench_{uuid.uuid4().hex[:10]}"
    libpq = base.replace("+psycopg", "")
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --- 1. concurrent saves ----------------------------------------------------------------------------------


def _saver(url: str, worker: int, ready: mp.Barrier, out: mp.Queue) -> None:
    store = SQLStore(url)
    store.count()  # connected; then all start saving at once
    ready.wait(timeout=300)
    times = []
    for i in range(SAVES):
        start = time.perf_counter()
        store.save(
            f"w{worker:02d}", "maturity", {"worker": worker, "seq": i}, municipality="4228", status="final"
        )
        times.append(time.perf_counter() - start)
    out.put(times)


def concurrent_saves(url: str) -> None:
    SQLStore(url).engine.dispose()
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    ready = ctx.Barrier(PROCESSES)
    procs = [ctx.Process(target=_saver, args=(url, w, ready, out)) for w in range(PROCESSES)]
    for p in procs:
        p.start()
    times = [t for _ in procs for t in out.get(timeout=600)]
    for p in procs:
        p.join(timeout=60)
    store = SQLStore(url)
    kept = {(s.answers["worker"], s.answers["seq"]) for s in store.submissions(latest=False)}
    store.engine.dispose()
    print(f"  {PROCESSES} processes × {SAVES} submissions: {len(kept):,} of {PROCESSES * SAVES:,} kept")
    total = PROCESSES * SAVES
    record(
        f"{BACKEND['name']}: {total:,} concurrent saves kept",
        len(kept),
        "saves",
        total,
        higher_is_better=True,
    )
    _line("save p50", 1000 * statistics.median(times), "ms")
    _line("save p95", 1000 * _pct(times, 0.95), "ms")


# --- 2. reads while another process writes ---------------------------------------------------------------


def _writer(url: str, started: mp.Event, stop: mp.Event) -> None:
    store = SQLStore(url)
    deadline = time.monotonic() + WRITER_SECONDS
    started.set()
    for i in range(WRITER_MAX_SAVES):
        if stop.is_set() or time.monotonic() > deadline:
            break
        store.save(
            f"writer-{i % 50}", "maturity", {f"q{j}": (i + j) % 5 + 1 for j in range(56)}, status="final"
        )


def reads_during_writes(url: str) -> None:
    store = SQLStore(url)
    store.save("reader", "maturity", {f"q{j}": 3 for j in range(56)}, status="final")
    ctx = mp.get_context("spawn")
    started, stop = ctx.Event(), ctx.Event()
    writer = ctx.Process(target=_writer, args=(url, started, stop))
    writer.start()
    started.wait(timeout=60)
    times = []
    for _ in range(READS):
        start = time.perf_counter()
        store.latest("reader", "maturity")
        times.append(time.perf_counter() - start)
        time.sleep(0.005)
    stop.set()
    writer.join(timeout=30)
    if writer.is_alive():  # pragma: no cover - it stops by itself; this is the safety net
        writer.terminate()
    written = store.count() - 1
    store.engine.dispose()
    print(f"  latest() × {READS} while another process saved {written:,} submissions")
    _line("latest p50", 1000 * statistics.median(times), "ms")
    _line("latest p95", 1000 * _pct(times, 0.95), "ms", READ_GOAL_MS)


# --- 3. a national cohort into the tidy frame -------------------------------------------------------------


def _answers(instrument: str, rng: random.Random) -> dict[str, object]:
    items, perspectives = INSTRUMENTS[instrument]
    return {
        f"{instrument[:3]}{i}.{p}": (rng.randint(1, 5) if rng.random() > 0.05 else "dont_know")
        for i in range(items)
        for p in perspectives
    }


def national_load(url: str) -> float:
    store = SQLStore(url)
    rng = random.Random(2300)
    start = time.perf_counter()
    for r in range(RESPONDENTS):
        for instrument in INSTRUMENTS:
            store.save(
                f"r{r:04d}",
                instrument,
                _answers(instrument, rng),
                municipality=f"{r % 357:04d}",
                status="final",
            )
    filled = time.perf_counter() - start
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        frame = store.answers()
        samples.append(time.perf_counter() - start)
    store.engine.dispose()
    print(
        f"  {RESPONDENTS:,} respondents × {len(INSTRUMENTS)} instruments: {len(frame):,} answers "
        f"(filled in {filled:.0f} s, one save each)"
    )
    _line("answers() into the tidy frame (median of 3)", statistics.median(samples), "s", LOAD_GOAL_S)
    return statistics.median(samples)


def open_cost(url: str) -> None:
    path = Path(url[len("sqlite:///") :])
    samples, checks = [], []
    for _ in range(5):
        start = time.perf_counter()
        SQLStore(url).engine.dispose()
        samples.append(time.perf_counter() - start)
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            start = time.perf_counter()
            conn.execute("PRAGMA quick_check").fetchall()
            checks.append(time.perf_counter() - start)
    print(f"  a store of {path.stat().st_size / 1e6:.1f} MB")
    _line("PRAGMA quick_check alone (median of 5)", 1000 * statistics.median(checks), "ms")
    _line("open, quick_check included (median of 5)", statistics.median(samples), "s", OPEN_GOAL_S)


def run(name: str, make_url) -> None:
    print(f"== {name}")
    BACKEND["name"] = name.split(" ")[0]
    with make_url() as url:
        concurrent_saves(url)
    with make_url() as url:
        reads_during_writes(url)
    with make_url() as url:
        national_load(url)
        if url.startswith("sqlite"):
            open_cost(url)


def main() -> None:
    run("SQLite", sqlite_url)
    base = pg_base()
    if base is None:
        print("== PostgreSQL: skipped, no server reachable (set CASEKIT_TEST_PG_URL) or psycopg missing")
        return
    run(f"PostgreSQL ({base.split('@')[-1].split('?')[0]})", lambda: pg_url(base))


if __name__ == "__main__":
    main()
