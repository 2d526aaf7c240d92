"""What published group figures cost a participant's view, on SQLite and PostgreSQL.

A participant's benchmark no longer reads the store as it is: it reads every final answer, works out
whether the rule lets the snapshot change (scoring each submission) and keeps the published ones. On the
synthetic national cohort (maturity and competence, about 2,200 leader-group members in 357
municipalities) this prints, each as a median, with the ratio to its goal where there is one:

- the first view, which publishes the first snapshot;
- a reload with nothing new, and a reload after one more submission (which publishes nothing): ≤ 1 s;
- a trainer's ``cohort publish`` of the same instrument;
- the live read a trainer's view does, for comparison (the ratio printed is published / live).

PostgreSQL comes from ``CASEKIT_TEST_PG_URL`` or the local default (see ``bench_store.py``); without a
server its half is skipped with a message.
"""

from __future__ import annotations

import statistics
import time

from bench_store import BACKEND, pg_base, pg_url, sqlite_url
from summary import record

import casekit
from casekit import assessment
from casekit.assessment.model import load_instrument
from casekit.assessment.published import publish_answers, published_answers
from casekit.assessment.synthetic import fill_store
from casekit.store import SQLStore

INSTRUMENTS = ("maturity", "competence")
RELOAD_GOAL_S = 1.0
RUNS = 5


def _line(name: str, value: float, unit: str, goal: float | None = None) -> None:
    ratio = f"   ({value / goal:.2f} × goal {goal:g} {unit})" if goal else ""
    print(f"  {name:<58} {value:8.2f} {unit}{ratio}")
    if goal:
        record(f"{BACKEND['name']}: {name}", value, unit, goal)


def _median(call, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def one_instrument(url: str, instrument: str) -> None:
    store = SQLStore(url)
    wb = casekit.setup("en", "4204", store_url=url, respondent="4204-r01")
    start = time.perf_counter()
    first = published_answers(store, instrument)[1]
    _line(
        f"{instrument}: first view, publishes {first.snapshot.respondents:,} people",
        time.perf_counter() - start,
        "s",
    )
    reload = _median(lambda: assessment.cohort_data(wb, instrument))
    _line(f"{instrument}: a participant's reload, nothing new", reload, "s", RELOAD_GOAL_S)
    inst = load_instrument(instrument)
    answers = {key: 3 for key in inst.answer_keys()}
    store.save("4204-bench", inst.id, answers, municipality="4204", status="final", version=inst.version)
    after = _median(lambda: assessment.cohort_data(wb, instrument))
    _line(f"{instrument}: a reload after one more answer (not published)", after, "s", RELOAD_GOAL_S)
    _line(
        f"{instrument}: a trainer publishes at a deadline",
        _median(lambda: publish_answers(store, inst), 3),
        "s",
    )
    live = _median(lambda: assessment.assessment_data(store, instrument, county="42"))
    _line(f"{instrument}: the live read of a trainer's view", live, "s")
    print(f"  {instrument}: published / live = {reload / live:.1f}")
    store.engine.dispose()


def run(name: str, make_url) -> None:
    print(f"== {name}")
    BACKEND["name"] = name.split(" ")[0]
    with make_url() as url:
        start = time.perf_counter()
        saved = fill_store(SQLStore(url), "national", instruments=INSTRUMENTS)
        print(
            f"  national synthetic cohort: {saved:,} submissions saved in {time.perf_counter() - start:.0f} s"
        )
        for instrument in INSTRUMENTS:
            one_instrument(url, instrument)


def main() -> None:
    run("SQLite", sqlite_url)
    base = pg_base()
    if base is None:
        print("== PostgreSQL: skipped, no server reachable (set CASEKIT_TEST_PG_URL) or psycopg missing")
        return
    run(f"PostgreSQL ({base.split('@')[-1].split('?')[0]})", lambda: pg_url(base))


if __name__ == "__main__":
    main()
