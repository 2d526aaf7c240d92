"""Planning and architecture figures: the full architecture analysis (coupling, blast radius for every
system, platform savings, the spaghetti/today/platform comparison) for the sample landscape and for a
300-system synthetic one, the cost of one checked edit, and the one-page strategy export.

Targets: sample analysis ≤ 1 s; 300 systems ≤ 10 s; one edit on 300 systems ≤ 1 s (the editor redraws after
every edit); one-page export (HTML + Markdown) ≤ 0.5 s.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from summary import record

from casekit.architecture.analysis import blast_radii, compare, coupling, platform_savings
from casekit.architecture.model import Landscape, from_frames, load_sample
from casekit.architecture.sample import synthetic_frames
from casekit.planning.onepage import export_one_page
from casekit.planning.sample import prefill_initiatives
from casekit.planning.strategy import default_targets, empty_profile, make_strategy
from casekit.planning.tracker import initiatives
from casekit.store import open_store


def timed(fn, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def analyse(landscape: Landscape) -> None:
    coupling(landscape)
    blast_radii(landscape)
    platform_savings(landscape)
    compare(landscape)


def main() -> None:
    sample = load_sample()
    systems, integrations = synthetic_frames(300, seed=7)
    big = from_frames(systems, integrations, name="synthetic")
    coupling(sample)  # warm the lazy imports (networkx, pandas paths)

    t_sample = timed(lambda: analyse(sample))
    t_big = timed(lambda: analyse(big), runs=3)
    t_load = timed(load_sample)
    source, target = big.ids()[-1], big.ids()[-2]
    t_edit = timed(lambda: big.add_integration(source, target, "person"))
    n_small, n_big = len(sample.integrations), len(big.integrations)
    print(f"sample landscape           {len(sample.ids()):5d} systems {n_small:5d} integrations")
    print(f"synthetic landscape        {len(big.ids()):5d} systems {n_big:5d} integrations")
    print(f"load + check sample        {t_load * 1000:8.1f} ms")
    print(f"analysis, sample           {t_sample * 1000:8.1f} ms  (target <= 1000)")
    print(f"analysis, 300 systems      {t_big * 1000:8.1f} ms  (target <= 10000)")
    print(
        f"ratio 300 / sample         {t_big / t_sample:8.1f} x  for {n_big / n_small:.1f} x the integrations"
    )
    print(f"checked edit, 300 systems  {t_edit * 1000:8.1f} ms  (target <= 1000)")
    record("landscape analysis, sample", t_sample * 1000, "ms", 1000)
    record("landscape analysis, 300 systems", t_big * 1000, "ms", 10000)
    record("checked edit, 300 systems", t_edit * 1000, "ms", 1000)

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "s.sqlite")
        prefill_initiatives(store, "4228", "4228-r01")
        frame = initiatives(store, "4228")
        profile = empty_profile()
        plan = make_strategy(
            "4228",
            "Ambisjon",
            default_targets(profile),
            frame["id"].tolist()[:5],
            {
                i: {"samfunnsdel": "Mål", "handlingsplan": "Tiltak", "budget": 100000, "year": 2026}
                for i in frame["id"].tolist()[:5]
            },
        )
        out = Path(tmp) / "strategy"
        t_export = timed(lambda: export_one_page(out, plan, frame, profile), runs=10)
        t_read = timed(lambda: initiatives(store, "4228"), runs=10)
    print(f"one-page export (html+md)  {t_export * 1000:8.1f} ms  (target <= 500)")
    record("strategy one-page export", t_export * 1000, "ms", 500)
    print(f"tracker read, 5 initiatives{t_read * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
