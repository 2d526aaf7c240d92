"""Run every benchmark in turn (``make bench``) and end with one table of the figures that have targets.

Each script's own output streams through as it runs; the table at the end holds what the scripts recorded
with :func:`summary.record`: the figure, its target, the ratio to the target (≤ 1.00 is met) and whether it
was met. The exit code is 1 when a script failed, so a broken benchmark is never mistaken for a slow one.
Pass script names (``bench_store``) to run only those.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import ENV

HERE = Path(__file__).resolve().parent


def _value(line: dict) -> str:
    value = line["value"]
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {line['unit']}"


def _target(line: dict) -> str:
    if line["target"] is None:
        return ""
    sign = "≥" if line["higher_is_better"] else "≤"
    return f"{sign} {line['target']:g} {line['unit']}"


def table(lines: list[dict]) -> str:
    """The summary as fixed-width text: one row per recorded figure."""
    rows = [("benchmark", "figure", "measured", "target", "ratio", "result")]
    for line in lines:
        share = line["ratio"]
        verdict = "" if share is None else ("met" if share <= 1 else "NOT met")
        rows.append(
            (
                line["bench"],
                line["figure"],
                _value(line),
                _target(line),
                "" if share is None else f"{share:.2f}",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(text)


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem in names or s.stem.removeprefix("bench_") in names]
    failed = []
    with tempfile.TemporaryDirectory(prefix="casekit-bench-") as tmp:
        figures = Path(tmp) / "figures.jsonl"
        figures.touch()
        for script in scripts:
            print(f"== {script.relative_to(HERE.parent)}", flush=True)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, str(script)], env={**os.environ, ENV: str(figures)})
            print(f"   ({time.perf_counter() - start:.0f} s)", flush=True)
            if done.returncode:
                failed.append(script.stem)
        lines = [json.loads(line) for line in figures.read_text(encoding="utf-8").splitlines()]
    print("\n" + table(lines))
    met = sum(1 for line in lines if line["ratio"] is not None and line["ratio"] <= 1)
    targeted = sum(1 for line in lines if line["ratio"] is not None)
    print(f"\n{met} of {targeted} targets met.")
    if failed:
        print("Failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
