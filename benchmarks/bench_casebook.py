"""The casebook: validation cost, Sphinx build time per language, and that Sphinx stays lazy.

Prints the median time to validate every case and link (what ``casekit casebook check`` and the tests do),
the time of a full site build per language, the build's share spent outside Sphinx (staging and link
checking), and whether importing ``casekit.casebook`` pulls in Sphinx (it must not).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

RUNS = 5


def _median(func, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    from casekit import casebook, i18n
    from casekit.casebook import site

    casebook.validate()  # warm the register and catalogue caches, as a running session would have
    check = _median(lambda: (casebook.validate(), casebook.check_links()))
    cases = len(casebook.load("nb"))
    print(f"cases per language             {cases:8d}")
    print(f"validate + link check          {check * 1000:8.1f} ms  ({check / cases * 1000:.1f} ms per case)")

    sphinx_time = 0.0
    original = site._run_sphinx

    def timed(*args, **kwargs):
        nonlocal sphinx_time
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sphinx_time += time.perf_counter() - start

    site._run_sphinx = timed
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for lang in i18n.available_languages():
                sphinx_time = 0.0
                start = time.perf_counter()
                casebook.build(Path(tmp) / "site", [lang])
                total = time.perf_counter() - start
                pages = len(list((Path(tmp) / "site" / lang).rglob("*.html")))
                print(
                    f"build {lang}: {total:6.2f} s for {pages} pages, "
                    f"outside Sphinx {(total - sphinx_time) / total:6.1%}"
                )
    finally:
        site._run_sphinx = original

    probe = "import sys, casekit.casebook; print('sphinx' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    print(f"sphinx imported by casekit.casebook: {loaded.stdout.strip()}  (target False)")
    record("validate / one Sphinx run", check / max(sphinx_time, 1e-9), "x")
    ratio = check / max(sphinx_time, 1e-9)
    print(f"ratio validate / one Sphinx run {ratio:7.3f}  (the check is what CI pays on every test run)")


if __name__ == "__main__":
    main()
