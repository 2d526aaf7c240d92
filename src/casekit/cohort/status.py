"""``casekit cohort status``: who has started or submitted what, without exposing small groups."""

from __future__ import annotations

from typing import Any

from .. import municipalities
from .config import CohortConfig, open_cohort_store


def status(config: CohortConfig) -> list[dict[str, Any]]:
    """One row per municipality and instrument: started and submitted counts. Respondent ids are listed only
    when at least ``min_group_size`` people have started; below that, counts only."""
    store = open_cohort_store(config)
    subs = store.submissions(status="any", latest=False)
    rows = []
    for number in config.municipalities:
        mine = [s for s in subs if s.municipality == number]
        instruments = sorted({s.instrument.split(":", 1)[0] for s in mine})
        expected = len(config.participants.get(number, []))
        if not instruments:
            rows.append(
                {
                    "municipality": number,
                    "name": municipalities.get(number).display_name(),
                    "instrument": "-",
                    "expected": expected,
                    "started": 0,
                    "submitted": 0,
                    "who": "",
                }
            )
            continue
        for instrument in instruments:
            these = [s for s in mine if s.instrument.split(":", 1)[0] == instrument]
            started = sorted({s.respondent for s in these})
            submitted = sorted({s.respondent for s in these if s.status == "final"})
            visible = len(started) >= config.min_group_size
            rows.append(
                {
                    "municipality": number,
                    "name": municipalities.get(number).display_name(),
                    "instrument": instrument,
                    "expected": expected,
                    "started": len(started),
                    "submitted": len(submitted),
                    "who": ", ".join(f"{r}{'✓' if r in submitted else ''}" for r in started)
                    if visible
                    else "",
                }
            )
    return rows
