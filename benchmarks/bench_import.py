"""Import time of casekit relative to the PyData stack a notebook loads anyway.

Prints the median of several fresh-interpreter imports for ``casekit`` (plus ``casekit.setup``'s
dependencies stay lazy) and for ``pandas + seaborn + ipywidgets``, and their ratio (target ≤ 1.3).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from summary import record

RUNS = 7


def _time_import(statement: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    baseline = _time_import("pass")
    stack = _time_import("import pandas, seaborn, ipywidgets") - baseline
    casekit = _time_import("import casekit, casekit.i18n, casekit.errors, casekit.municipalities") - baseline
    print(f"interpreter start          {baseline * 1000:8.1f} ms (subtracted)")
    print(f"pandas+seaborn+ipywidgets  {stack * 1000:8.1f} ms")
    print(f"casekit (core modules)     {casekit * 1000:8.1f} ms")
    print(f"ratio casekit / stack      {casekit / stack:8.3f}  (target <= 1.3)")
    record("import casekit / pandas+seaborn+ipywidgets", casekit / stack, "x", 1.3)


if __name__ == "__main__":
    main()
