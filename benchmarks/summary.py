"""The figures behind ``make bench``'s closing table.

Each benchmark prints its own figures as before and also calls :func:`record` for the ones that have a
target. When ``benchmarks/run_all.py`` runs the scripts it sets ``CASEKIT_BENCH_SUMMARY`` to a file, each
:func:`record` appends one JSON line to it, and the runner prints every line as one table at the end. Run
alone, a script records nothing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ENV = "CASEKIT_BENCH_SUMMARY"


def ratio(value: float, target: float, *, higher_is_better: bool = False) -> float:
    """How far a figure is from its target as a factor where ≤ 1 means met, whichever way is better."""
    if higher_is_better:
        return target / value if value else float("inf")
    return value / target if target else float("inf")


def record(
    figure: str, value: float, unit: str, target: float | None = None, *, higher_is_better: bool = False
):
    """Note one figure (``value`` in ``unit``) and its target for the summary table; returns the ratio to the
    target (≤ 1 is met), or None when the figure has no target."""
    share = None if target is None else ratio(value, target, higher_is_better=higher_is_better)
    path = os.environ.get(ENV)
    if path:
        line = {
            "bench": Path(sys.argv[0]).stem.removeprefix("bench_"),
            "figure": figure,
            "value": value,
            "unit": unit,
            "target": target,
            "higher_is_better": higher_is_better,
            "ratio": share,
        }
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return share
