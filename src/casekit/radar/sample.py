"""The shipped sample: a municipal technology radar in two editions and synthetic Agder ballots.

* ``radar-sample-2025`` and ``radar-sample-2024``: technologies Norwegian municipalities meet, with
  descriptions in nb and en and sources in ``datasets/datapackage.json``. The rings, moves and
  rationales are an illustrative edition for teaching, not an official recommendation.
* ``radar-agder-ballots``: synthetic ballots for the 25 municipalities of Agder (county 42), 4–12
  respondents each, ids ``<kommunenummer>-r<NN>``; made by :func:`agder_ballots` with a fixed seed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import data, municipalities
from ..errors import RadarError
from ..store import Store, open_store
from .editions import Edition
from .model import Radar
from .reading import read
from .votes import ballot_of, ballots_frame, save_ballot

EDITIONS = ("2024", "2025")
AGDER = 42
SKIP_SHARE = 0.07


def sample_radar(edition: str = "2025") -> Radar:
    """The sample municipal radar of an edition (``"2025"`` or ``"2024"``)."""
    return _sample(str(edition))


@lru_cache(maxsize=4)
def _sample(edition: str) -> Radar:
    if edition not in EDITIONS:
        raise RadarError("radar.error.unknown_edition", value=edition, choices=", ".join(EDITIONS))
    radar = read(data.path(f"radar-sample-{edition}"), edition=edition)
    return radar.with_blips(radar.blips, title="")  # the config's title, in the reader's language


def sample_editions() -> list[Edition]:
    """The two sample editions as :class:`~casekit.radar.editions.Edition` objects, oldest first."""
    old, new = sample_radar("2024"), sample_radar("2025")
    rationales = {b.id: b.rationale for b in new.blips if b.rationale}
    return [
        Edition("2024", old),
        Edition("2025", new, previous="2024", rationales=rationales),
    ]


def sample_ballots() -> pd.DataFrame:
    """The synthetic Agder ballots: respondent, municipality, blip, ring (empty = skipped)."""
    return ballots_frame(data.load("radar-agder-ballots"))


def agder_ballots(seed: int = 4244) -> pd.DataFrame:
    """Synthetic ballots on the 2025 sample radar for every municipality in Agder.

    Each municipality gets 4–12 respondents and a leaning per blip; each respondent adds their own
    noise, and about 7 % of placements are skips. Contested technologies (a higher spread) are drawn
    once per blip. Deterministic for a given seed.
    """
    radar = sample_radar("2025")
    keys = radar.config.ring_keys
    rng = np.random.default_rng(seed)
    spread = {b.id: float(rng.choice([0.45, 0.7, 1.05], p=[0.45, 0.35, 0.2])) for b in radar.blips}
    rows = []
    for m in sorted(municipalities.in_county(AGDER), key=lambda m: m.number):
        respondents = int(rng.integers(4, 13))
        leaning = {b.id: float(rng.normal(0.0, 0.45)) for b in radar.blips}
        caution = float(rng.normal(0.0, 0.3))
        for i in range(1, respondents + 1):
            person = float(rng.normal(0.0, 0.25))
            for b in radar.blips:
                if rng.random() < SKIP_SHARE:
                    ring = ""
                else:
                    centre = keys.index(b.ring) + leaning[b.id] + caution + person
                    value = round(centre + rng.normal(0.0, spread[b.id]))
                    ring = keys[min(max(value, 0), len(keys) - 1)]
                rows.append(
                    {
                        "respondent": f"{m.number}-r{i:02d}",
                        "municipality": m.number,
                        "blip": b.id,
                        "ring": ring,
                    }
                )
    return pd.DataFrame(rows, columns=["respondent", "municipality", "blip", "ring"])


def fill_store(store: Store | str | None, ballots: pd.DataFrame | None = None) -> int:
    """Save the synthetic Agder ballots (or ``ballots``) into a store as final submissions, for demos and
    training. Returns the number of ballots saved."""
    st = open_store(store)
    frame = sample_ballots() if ballots is None else ballots
    radar = sample_radar()
    respondents = list(dict.fromkeys(frame["respondent"]))
    for respondent in respondents:
        save_ballot(st, ballot_of(frame, respondent), radar)
    return len(respondents)
