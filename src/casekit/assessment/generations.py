"""The generation gap: which generation of digital maturity a leader group is at today, per dimension, and
which generation its ambition needs.

The maturity bank's levels 1–5 are generations 1–5 of the generation model of digital maturity
(Kræmmergaard / DI2X; the wording is casekit's own, see ``datasets/instruments/maturity.yaml``). A
dimension's generation is its mean score rounded to the nearest whole level (half up), so a mean of 2.5
counts as generation 3. The gap is the number of generations between today and the ambition.

    >>> from casekit.assessment.generations import generation
    >>> generation(2.4), generation(2.5), generation(float("nan"))
    (2, 3, None)
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..errors import InputError
from .model import Instrument, load_instrument
from .privacy import check_min_group_size

#: The columns :func:`generation_gaps` returns.
COLUMNS = (
    "dimension",
    "label",
    "today",
    "ambition",
    "today_generation",
    "ambition_generation",
    "gap",
    "n",
    "shown",
)


def generation(value: Any, *, low: int = 1, high: int = 5) -> int | None:
    """The generation a mean score stands for: rounded half up and kept within the scale; None when
    there is no score."""
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return int(min(high, max(low, math.floor(number + 0.5))))


def generation_gaps(
    profile: pd.DataFrame, instrument: str | Instrument = "maturity", *, min_group_size: int = 5
) -> pd.DataFrame:
    """Per dimension of a leader group's profile (``casekit.assessment.scoring.profile``: today, ambition,
    n): today's generation, the ambition's generation and the gap between them. Dimensions with fewer
    than ``min_group_size`` respondents are not shown (``shown`` False, every figure blank)."""
    inst = load_instrument(instrument)
    k = check_min_group_size(min_group_size)
    today_id, ambition_id = _perspectives(inst)
    low, high = inst.scale.min, inst.scale.max
    rows = []
    for row in profile.to_dict("records"):
        shown = int(row.get("n") or 0) >= k
        today = row.get(today_id) if shown else None
        ambition = row.get(ambition_id) if shown else None
        now = generation(today, low=low, high=high)
        needed = generation(ambition, low=low, high=high)
        rows.append(
            {
                "dimension": row["dimension"],
                "label": row["label"],
                "today": float("nan") if now is None else float(today),
                "ambition": float("nan") if needed is None else float(ambition),
                "today_generation": now,
                "ambition_generation": needed,
                "gap": None if now is None or needed is None else needed - now,
                "n": int(row.get("n") or 0),
                "shown": shown,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("today_generation", "ambition_generation", "gap"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _perspectives(inst: Instrument) -> tuple[str, str]:
    """The bank's today and ambition perspectives (its gap goes from the first to the second)."""
    gap = inst.gap_perspectives()
    if not gap:
        raise InputError("assessment.error.no_gap", instrument=inst.id)
    return gap[0], gap[1]
