"""Speed of the self-assessment loop, against the targets of the assessment issue.

Prints, each as a median of several runs and as a ratio to its target:

* scoring and benchmarking 2,300 respondents × 3 instruments (target ≤ 2 s): response matrix, 2/3-rule
  scores, municipality means, group statistics and suppression, the cohort table and one municipality's
  benchmark, for maturity, capabilities and competence;
* saving one submission of the maturity questionnaire (56 answers) to a SQLite store (target ≤ 50 ms);
* redrawing the live dumbbell (with the cohort faintly behind) after one answer changes in the
  questionnaire: the participant's scores, the chart and its PNG for the widget (target ≤ 250 ms).

The respondents come from the synthetic national sample, topped up to exactly 2,300.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
from summary import record

import casekit
from casekit.assessment.benchmark import build_benchmark, cohort_profile
from casekit.assessment.scoring import responses, score
from casekit.assessment.synthetic import load, tidy

RESPONDENTS = 2300
INSTRUMENTS = ("maturity", "capabilities", "competence")
RUNS = 5


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def cohort_answers() -> pd.DataFrame:
    """The national sample with extra respondents (copies under new ids) up to exactly 2,300."""
    wide = load("national")
    missing = RESPONDENTS - len(wide)
    if missing > 0:
        extra = wide.iloc[:missing].copy()
        extra["respondent"] = [f"{m}-b{i:03d}" for i, m in enumerate(extra["municipality"])]
        wide = pd.concat([wide, extra], ignore_index=True)
    return tidy(wide.iloc[:RESPONDENTS])


def score_and_benchmark(answers: pd.DataFrame) -> float:
    start = time.perf_counter()
    for name in INSTRUMENTS:
        scores = score(responses(answers, name))
        bench = build_benchmark(scores, name)
        bench.table()
        bench.for_municipality("4228")
    return time.perf_counter() - start


def all_municipalities(answers: pd.DataFrame) -> float:
    scores = score(responses(answers, "maturity"))
    bench = build_benchmark(scores, "maturity")
    start = time.perf_counter()
    for number in bench.groups["municipality"]:
        bench.for_municipality(number)
    return time.perf_counter() - start


def save_times(folder: Path) -> list[float]:
    from casekit.assessment.synthetic import demo_answers
    from casekit.store import SQLStore, normalise_url

    store = SQLStore(normalise_url(folder / "bench.sqlite"))
    answers = demo_answers("maturity", "4228-r01", "4228")
    samples = []
    for i in range(60):
        start = time.perf_counter()
        store.save(
            f"4228-r{i % 12:02d}", "maturity", answers, status="final", municipality="4228", version="1.0"
        )
        samples.append(time.perf_counter() - start)
    return samples[5:]  # the first saves create the file and warm the connection pool


def redraw_times(folder: Path) -> list[float]:
    from casekit.assessment.synthetic import cohort_answers
    from casekit.assessment.widgets import Questionnaire
    from casekit.store import normalise_url

    url = normalise_url(folder / "redraw.sqlite")
    wb = casekit.setup("nb", "4228", store_url=url, respondent="4228-r01", prefill="draft:demo")
    behind = cohort_profile(score(responses(cohort_answers("agder", "maturity"), "maturity")), "maturity")
    form = Questionnaire(wb, "maturity", benchmark=behind, benchmark_label="Agder")
    samples = []
    for i in range(25):
        value = 1 + i % 5
        start = time.perf_counter()
        form.controls["ST1.today"].value = value if form.controls["ST1.today"].value != value else 6 - value
        samples.append(time.perf_counter() - start)
    assert form.redraws >= 25
    return samples[3:]


def main() -> None:
    answers = cohort_answers()
    n = answers["respondent"].nunique()
    runs = [score_and_benchmark(answers) for _ in range(RUNS)]
    every = _median([all_municipalities(answers) for _ in range(3)])
    with tempfile.TemporaryDirectory() as tmp:
        saves = save_times(Path(tmp))
        redraws = redraw_times(Path(tmp))
    score_s, save_ms, redraw_ms = _median(runs), _median(saves) * 1000, _median(redraws) * 1000
    rows = [
        ("score + benchmark, 3 instruments", f"{score_s:8.3f} s ", f"target 2 s     {score_s / 2:6.2f}"),
        ("  benchmark, all 357 municipalities", f"{every:8.3f} s ", "(maturity, not a target)"),
        ("save one submission (56 answers)", f"{save_ms:8.1f} ms", f"target 50 ms   {save_ms / 50:6.2f}"),
        ("redraw dumbbell after an answer", f"{redraw_ms:8.1f} ms", f"target 250 ms  {redraw_ms / 250:6.2f}"),
    ]
    record("score + benchmark, 2,300 x 3 instruments", score_s, "s", 2)
    record("save one submission (56 answers)", save_ms, "ms", 50)
    record("redraw dumbbell after an answer", redraw_ms, "ms", 250)
    print(f"{'respondents':<38}{n:8d} × {len(INSTRUMENTS)} instruments")
    for name, value, ratio in rows:
        print(
            f"{name:<38}{value}  ratio to {ratio}"
            if ratio.startswith("target")
            else f"{name:<38}{value}  {ratio}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
