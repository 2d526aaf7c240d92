"""The gathering-day kit for the Agder cohort's 3b gathering day: 25 handout PDFs, the report, the slides
and the run sheet, from a store holding the synthetic Agder cohort.

Target: ≤ 90 s on 2 cores for the whole kit. Also prints the time of a rerun (everything up to date) and
the work per handout. The machine's load average is printed too: on a shared machine the wall-clock time
grows with other people's work.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from summary import record

from casekit.assessment.synthetic import fill_store as fill_assessment
from casekit.cohort.config import load_config
from casekit.cohort.kit import build_kit
from casekit.planning.sample import prefill_initiatives, prefill_strategy
from casekit.radar.sample import fill_store as fill_radar
from casekit.store import open_store

GOAL_SECONDS = 90.0
AGDER = Path(__file__).resolve().parent.parent / "examples" / "cohorts" / "agder.yaml"

logging.getLogger("papermill").setLevel(logging.WARNING)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="casekit-bench-kit-") as tmp:
        store_url = f"sqlite:///{tmp}/agder.sqlite"
        store = open_store(store_url)
        fill_assessment(store, cohort="agder")
        fill_radar(store)
        for number in ("4204", "4203", "4207"):
            prefill_initiatives(store, number, f"{number}-r01", language="nb")
            prefill_strategy(store, number, f"{number}-r01", language="nb")
        config = load_config(AGDER, check_store=False).model_copy(update={"store_url": store_url})
        workers = min(2, os.cpu_count() or 1)
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        result = build_kit(config, "3b", Path(tmp) / "kit", workers=workers)
        elapsed = time.perf_counter() - start
        pdfs = sorted((Path(tmp) / "kit" / "3b" / "handouts").glob("*.pdf"))
        start = time.perf_counter()
        again = build_kit(config, "3b", Path(tmp) / "kit", workers=workers)
        rerun = time.perf_counter() - start
    print(f"Agder 3b kit ({len(pdfs)} handout PDFs + report + slides + run sheet, {workers} workers)")
    print(f"  built: {result.count('written')} jobs, failed: {result.count('failed')}")
    print(f"  time                     {elapsed:8.1f} s")
    print(f"  ratio to goal ({GOAL_SECONDS:.0f} s)      {elapsed / GOAL_SECONDS:8.2f}  (target <= 1.0)")
    record("Agder 3b kit (25 handouts, report, slides)", elapsed, "s", GOAL_SECONDS)
    print(f"  per handout (wall)       {elapsed / max(len(pdfs), 1):8.2f} s")
    print(f"  rerun, all up to date    {rerun:8.1f} s ({again.count('skipped')} skipped)")
    print(f"  load average before      {load_before:8.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
