"""The shipped samples: three years of synthetic demand for three municipalities, and a synthetic team.

* ``staffing_demand_4204``, ``…_4207`` and ``…_4228``: daily demand for a large city, a medium town and a
  small rural municipality, made by :func:`sample_dataset` (:func:`~.demand.generate_demand` with a fixed
  seed); :func:`load_demand` reads them through the dataset registry and generates any other
  municipality the same way.
* :func:`sample_team`: named staff with a mix of position sizes, night workers, wished days off and shift
  preferences, for the roster exercise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, municipalities
from ..errors import StaffingError
from .demand import COLUMNS, SAMPLE_END, SAMPLE_SEED, SAMPLE_START, generate_demand
from .model import StaffMember

#: The three shipped sample municipalities: a large city, a medium town and a small rural municipality.
SAMPLE_MUNICIPALITIES: dict[str, str] = {"large": "4204", "medium": "4207", "small": "4228"}

FIRST_NAMES = (
    "Aud", "Berit", "Camilla", "Dag", "Eli", "Frida", "Geir", "Hanne", "Ingrid", "Jonas", "Kari", "Lars",
    "Mona", "Nils", "Oda", "Per", "Ragnhild", "Sara", "Tone", "Unni", "Vidar", "Wenche", "Yasmin", "Åse",
    "Ahmed", "Bodil", "Cecilie", "Daniel", "Elin", "Fatima", "Gunn", "Hilde", "Ida", "Jorunn", "Kjersti",
    "Linn", "Marit", "Nora", "Ole", "Anita",
)  # fmt: skip

#: Position sizes in Norwegian care, where part-time is the norm (assumption; SSB reports that about half of
#: employees in health and care work part-time).
CONTRACT_MIX = ((1.0, 0.35), (0.8, 0.2), (0.75, 0.15), (0.6, 0.15), (0.5, 0.15))


def resource_name(municipality: str | municipalities.Municipality) -> str:
    """The dataset name of a shipped sample (``staffing_demand_4228``)."""
    return f"staffing_demand_{municipalities.get(municipality).number}"


def sample_dataset(seed: int, municipality: str) -> pd.DataFrame:
    """The generator behind the shipped samples (``casekit datasets build --check`` reruns it)."""
    frame = generate_demand(municipality, SAMPLE_START, SAMPLE_END, seed=seed)
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame["holiday"] = frame["holiday"].map({True: "true", False: "false"})
    return frame[list(COLUMNS)]


def load_demand(municipality: str | municipalities.Municipality, *, seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """Three years of daily demand for a municipality: the shipped sample when there is one (read through
    the dataset registry), otherwise generated the same way with ``seed``."""
    me = municipalities.get(municipality)
    if me.number in SAMPLE_MUNICIPALITIES.values() and seed == SAMPLE_SEED:
        frame = data.load(resource_name(me.number))
        frame["holiday"] = frame["holiday"].astype(bool)
        frame["alarm_callouts"] = frame["alarm_callouts"].astype("int64")
        return frame
    return generate_demand(me, seed=seed)


def sample_team(
    size: int = 25, *, seed: int = 7, weeks: int = 6, night_share: float = 0.3
) -> tuple[StaffMember, ...]:
    """A synthetic team with Norwegian first names, a mix of position sizes, some night workers, a couple
    of wished days off each and a few shift preferences. Deterministic for a given seed."""
    if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= len(FIRST_NAMES):
        raise StaffingError("staffing.error.team_size", value=size, maximum=len(FIRST_NAMES))
    rng = np.random.default_rng(seed)
    sizes, probs = zip(*CONTRACT_MIX)
    contracts = rng.choice(sizes, size=size, p=probs)
    nights = np.zeros(size, dtype=bool)
    nights[rng.choice(size, size=max(1, round(size * night_share)), replace=False)] = True
    names = [FIRST_NAMES[i] for i in rng.choice(len(FIRST_NAMES), size=size, replace=False)]
    team = []
    for i in range(size):
        days_off = tuple(sorted(int(d) for d in rng.choice(weeks * 7, size=2, replace=False)))
        avoid = ("evening",) if rng.random() < 0.15 else ()
        team.append(
            StaffMember(f"s{i + 1:02d}", names[i], float(contracts[i]), bool(nights[i]), days_off, avoid)
        )
    return tuple(team)
