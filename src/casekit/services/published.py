"""The life-event marks participants may compare with: from a published snapshot, never a live query.

The gathering day of module 1 shows how many handovers the municipalities of a Digi-network find per life
event. Participants see the marks a published snapshot names (:mod:`casekit.privacy`, kind
``life_events``): here each municipality counts once (its newest marks), the *unit* is the network, and
the network's figures change only when at least ``min_group_size`` of its municipalities have new or
changed marks.
"""

from __future__ import annotations

import pandas as pd

from .. import municipalities, privacy
from ..errors import MunicipalityError
from ..privacy import DEFAULT_MIN_GROUP_SIZE, Published
from ..store import Snapshot, Store, Submission
from .analysis import INSTRUMENT

#: The marks are one answer set: the whole set is the one facet.
FACET = "marks"


def marks_history(store: Store) -> list[Submission]:
    """Every final set of marks saved for a municipality, older ones included."""
    return [s for s in store.submissions(INSTRUMENT, status="final", latest=False) if s.municipality]


def _network(number: str) -> str:
    try:
        return municipalities.get(number).network or ""
    except MunicipalityError:  # a number the register does not know: in no network
        return ""


def facet_rows(history: list[Submission]) -> pd.DataFrame:
    """One row per saved set of marks: the municipality is the one counted, the network the unit."""
    networks = {n: _network(n) for n in {s.municipality for s in history}}
    rows = [
        (s.id, s.municipality, networks[s.municipality], FACET, s.created_at.isoformat()) for s in history
    ]
    return pd.DataFrame(rows, columns=[*privacy.ROW_COLUMNS, privacy.STAMP])


def published_marks(
    store: Store, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
) -> tuple[list[Submission], Published]:
    """The marks participants may compare with (one per published municipality), and the publication
    they come from. Refreshed first when the rule allows."""
    history = marks_history(store)
    result = privacy.published(store, INSTRUMENT, facet_rows(history), min_group_size=min_group_size)
    shown = result.ids if result.shown else set()
    return [s for s in history if s.id in shown], result


def publish_marks(
    store: Store, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE, actor: str | None = None
) -> Snapshot:
    """Publish the life-event marks as they stand now (a trainer at a deadline)."""
    rows = facet_rows(marks_history(store))
    return privacy.publish(store, INSTRUMENT, rows, min_group_size=min_group_size, actor=actor)
