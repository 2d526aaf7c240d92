"""The casekit hub service under a cohort's load: a real JupyterHub, ``casekit serve`` on PostgreSQL.

Goals (each printed with its ratio, measured / goal; below 1 is within the goal):

- 300 participants, each with their own hub token, save 10 times each over HTTP, all at once:
  3,000 of 3,000 kept; throughput and save latency p50/p95 are printed (goal p95 ≤ 200 ms on 2 cores).
  Two ways of arriving: a burst (every participant saves 10 times back to back, as fast as the service
  answers: the worst case) and paced (a participant saves every 1–3 s, as the questionnaire's drafts do
  while someone answers);
- a trainer reads a national cohort through the service: all answers of 2,300 respondents × 3 instruments
  (maturity, capabilities, competence; 92 answers each) into the tidy frame with the kernel's client
  (goal ≤ 3 s).

The hub (JupyterHub + configurable-http-proxy from npm, see ``tests/hub/hubkit.py``), the service and
PostgreSQL (``CASEKIT_TEST_PG_URL`` or ``postgresql://postgres@127.0.0.1:5432/postgres``; a fresh schema,
dropped afterwards) all run on 127.0.0.1, and the load generators talk only to 127.0.0.1. The load
generator runs in its own process and stops by itself: every participant makes exactly its saves, and the
whole run is ended at a deadline if it has not finished by then.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

import hubkit  # noqa: E402
import yaml  # noqa: E402
from bench_store import _pct, pg_base, pg_url  # noqa: E402
from summary import record  # noqa: E402

from casekit import municipalities  # noqa: E402
from casekit.hub import contract  # noqa: E402
from casekit.store import SQLStore  # noqa: E402
from casekit.store.service import ServiceStore  # noqa: E402

COHORT = "bench-national"
PARTICIPANTS, SAVES = 300, 10
RESPONDENTS = 2_300
INSTRUMENTS = {
    "maturity": (28, ("today", "ambition")),
    "capabilities": (20, ("today",)),
    "competence": (8, ("required", "current")),
}
SAVE_P95_GOAL_MS, READ_GOAL_S = 200.0, 3.0
DEADLINE_S = 300.0
PACE_S = (1.0, 3.0)


def _line(name: str, value: float, unit: str, goal: float | None = None) -> None:
    ratio = f"  (goal ≤ {goal:g} {unit}; ratio {value / goal:.2f})" if goal else ""
    print(f"  {name:<50} {value:10.2f} {unit}{ratio}")


# --- set-up: PostgreSQL, the cohort, the hub and the service -----------------------------------------------


def participant(r: int) -> str:
    return f"p{r:04d}"


def write_cohort(folder: Path) -> tuple[Path, dict[str, str]]:
    """A national cohort: 2,300 participants (hub user names p0000 …) spread over all 357 municipalities."""
    numbers = [m.number for m in municipalities.all()]
    where = {participant(r): numbers[r % len(numbers)] for r in range(RESPONDENTS)}
    people: dict[str, list[dict[str, str]]] = {}
    for name, number in where.items():
        people.setdefault(number, []).append({"id": name})
    config = {"id": COHORT, "title": "Benchmark", "municipalities": numbers, "participants": people}
    path = folder / f"{COHORT}.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path, where


def _answers(instrument: str, rng: random.Random) -> dict[str, object]:
    items, perspectives = INSTRUMENTS[instrument]
    return {
        f"{instrument[:3]}{i}.{p}": (rng.randint(1, 5) if rng.random() > 0.05 else "dont_know")
        for i in range(items)
        for p in perspectives
    }


def fill_national(url: str, where: dict[str, str]) -> float:
    """2,300 respondents × 3 final submissions, stamped with the cohort, saved straight into the store."""
    store = SQLStore(url).bound(COHORT)
    rng = random.Random(2300)
    jobs = [(name, instrument, _answers(instrument, rng)) for name in where for instrument in INSTRUMENTS]
    start = time.perf_counter()

    def save(job: tuple[str, str, dict[str, object]]) -> None:
        name, instrument, answers = job
        store.save(name, instrument, answers, municipality=where[name], status="final")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save, jobs))
    store.engine.dispose()
    return time.perf_counter() - start


# --- the load generator (its own process) -------------------------------------------------------------------


async def _participant(
    session, url: str, token: str, paced: bool, rng: random.Random, out: list, opened: list
) -> None:
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    start = time.perf_counter()  # the workbook opens: the questionnaire resumes from the newest save
    async with session.get(
        url.replace("submissions", "latest?instrument=bench-save"), headers=headers
    ) as resp:
        await resp.read()
    opened.append((time.perf_counter() - start, resp.status == 200))
    for n in range(SAVES):
        if paced:
            await asyncio.sleep(rng.uniform(*PACE_S))
        body = json.dumps(
            {"instrument": "bench-save", "answers": {"q": n, "note": "x" * 200}, "status": "draft"}
        )
        start = time.perf_counter()
        try:
            async with session.post(url, data=body, headers=headers) as resp:
                await resp.read()
                ok = resp.status == 201
        except Exception:  # a refused or broken connection counts as a lost save
            ok = False
        out.append((time.perf_counter() - start, ok))


async def _load(url: str, tokens: list[str], paced: bool) -> tuple[list, list, float]:
    import aiohttp

    out: list = []
    opened: list = []
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        rngs = [random.Random(i) for i in range(len(tokens))]
        start = time.perf_counter()
        tasks = [_participant(session, url, t, paced, rng, out, opened) for t, rng in zip(tokens, rngs)]
        await asyncio.wait_for(asyncio.gather(*tasks), DEADLINE_S)
        return out, opened, time.perf_counter() - start


def _generator(url: str, tokens: list[str], paced: bool, queue: mp.Queue) -> None:
    assert url.startswith("http://127.0.0.1:"), url  # only ever this machine
    queue.put(asyncio.run(_load(url, tokens, paced)))


def concurrent_saves(service_url: str, tokens: list[str], paced: bool, check: SQLStore) -> None:
    before = check.count("bench-save")
    queue: mp.Queue = mp.get_context("spawn").Queue()
    proc = mp.get_context("spawn").Process(
        target=_generator, args=(service_url + "api/v1/me/submissions", tokens, paced, queue)
    )
    proc.start()
    try:
        results, opened, seconds = queue.get(timeout=DEADLINE_S + 30)
    finally:
        proc.join(10)
        if proc.is_alive():  # the deadline passed: end it
            proc.terminate()
    kept = check.count("bench-save") - before
    latencies = [1000 * s for s, ok in results if ok]
    first = [1000 * s for s, ok in opened if ok]
    name = "paced (a save every 1–3 s)" if paced else "burst (10 saves back to back)"
    print(f"  -- {PARTICIPANTS} participants open the workbook, then save {SAVES} times, {name}")
    _line(f"opening (latest(); {len(first)} of {PARTICIPANTS} answered) p95", _pct(first, 0.95), "ms")
    print(f"  {'kept':<50} {kept:>6,} / {PARTICIPANTS * SAVES:,}  (answered 201: {len(latencies):,})")
    throughput = len(latencies) / seconds
    _line("throughput", throughput, "saves/s")
    _line("save p50", _pct(latencies, 0.50), "ms")
    _line("save p95", _pct(latencies, 0.95), "ms", SAVE_P95_GOAL_MS)
    how = "paced" if paced else "burst"
    record(
        f"service: {PARTICIPANTS * SAVES:,} saves kept, {how}",
        kept,
        "saves",
        PARTICIPANTS * SAVES,
        higher_is_better=True,
    )
    record(
        f"service: save p95, {PARTICIPANTS} participants, {how}",
        _pct(latencies, 0.95),
        "ms",
        SAVE_P95_GOAL_MS,
    )
    if not paced:
        # Little's law: with every participant's next save waiting, 300 saves are always in flight.
        needed = PARTICIPANTS / (SAVE_P95_GOAL_MS / 1000)
        print(f"  {'(300 saves always in flight: p95 ≤ 200 ms needs ≥':<50} {needed:10,.0f} saves/s)")


def trainer_read(service_url: str, token: str) -> None:
    client = ServiceStore(service_url, token=token)
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        frame = client.answers(cohort=COHORT)
        samples.append(time.perf_counter() - start)
    national = frame[frame["instrument"].isin(list(INSTRUMENTS))]
    print(
        f"  -- a trainer reads the national cohort: {national['respondent'].nunique():,} respondents, "
        f"{len(national):,} answers"
    )
    _line("answers() through the service (median of 3)", statistics.median(samples), "s", READ_GOAL_S)
    record("service: trainer reads 2,300 x 3 instruments", statistics.median(samples), "s", READ_GOAL_S)


def main() -> int:
    reason = hubkit.missing()
    base = pg_base()
    if reason or base is None:
        print(reason or "bench_service skipped: no PostgreSQL server answers (set CASEKIT_TEST_PG_URL)")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="casekit-bench-service-"))
    cohort_file, where = write_cohort(folder)
    with pg_url(base) as url:
        filled = fill_national(url, where)
        print(f"== casekit service on PostgreSQL (national cohort saved in {filled:.0f} s)")
        hub = hubkit.prepare_hub(folder / "hub", [COHORT])
        service = hubkit.ServiceProcess(hub, [cohort_file], url, hub.service_port, folder)
        service.start(timeout=120)
        try:
            hub.start()
            names = [participant(r) for r in range(PARTICIPANTS)]
            hub.create_users([*names, "trainer"])
            hub.add_to_group(contract.participants_group(COHORT), names)
            hub.add_to_group(contract.trainers_group(COHORT), ["trainer"])
            tokens = [hub.token(n) for n in names]
            trainer_read(service.url, hub.token("trainer"))
            check = SQLStore(url)
            concurrent_saves(service.url, tokens, paced=False, check=check)
            concurrent_saves(service.url, tokens, paced=True, check=check)
            check.engine.dispose()
        finally:
            service.stop()
            hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
