"""The radar ballots participants may see: from a published snapshot, never the store as it is now.

The group and county radars of module 4 are drawn from ballots. Participants see the ballots a published
snapshot names (:mod:`casekit.privacy`, kind ``radar-ballot``): the *unit* is the municipality's leader
group and each technology on the radar is a *facet*, so a group's votes on a technology change only when
at least ``min_group_size`` of its people have a new or changed vote on it. A participant's own ballot
is always their own, as saved.
"""

from __future__ import annotations

import pandas as pd

from .. import privacy
from ..privacy import DEFAULT_MIN_GROUP_SIZE, Published
from ..store import ServiceStore, Snapshot, Store, Submission
from .votes import BALLOT_INSTRUMENT, SKIP, ballots_frame

RING_PREFIX = "ring:"


def ballot_history(store: Store) -> list[Submission]:
    """Every final ballot in the store, older ones included."""
    return store.submissions(BALLOT_INSTRUMENT, status="final", latest=False)


def facet_rows(ballots: list[Submission]) -> pd.DataFrame:
    """One row per final ballot and technology it votes on (a ring or a skip): the rows of the rule."""
    rows = [
        (sub.id, sub.respondent, sub.municipality or "", item[len(RING_PREFIX) :], sub.created_at.isoformat())
        for sub in ballots
        for item in sub.answers
        if item.startswith(RING_PREFIX)
    ]
    return pd.DataFrame(rows, columns=[*privacy.ROW_COLUMNS, privacy.STAMP])


def published_ballots(
    store: Store, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE, actor: str | None = None
) -> tuple[pd.DataFrame, Published]:
    """The ballots participants may see, as a tidy frame (respondent, municipality, blip, ring; None
    for a skip), and the publication they come from. Refreshed first when the rule allows. On a shared
    hub the service works it out; others' respondent ids are pseudonyms there."""
    if isinstance(store, ServiceStore):  # the service applies the cohort's size; a bad one is still refused
        privacy.check_min_group_size(min_group_size)
        frame, result = privacy.served(store, BALLOT_INSTRUMENT)
        return ballots_frame(frame), result
    history = ballot_history(store)
    rows = facet_rows(history)
    result = privacy.published(store, BALLOT_INSTRUMENT, rows, min_group_size=min_group_size, actor=actor)
    by_id = {sub.id: sub for sub in history}
    rows = [
        {
            "respondent": by_id[ident].respondent,
            "municipality": by_id[ident].municipality,
            "blip": blip,
            "ring": by_id[ident].answers.get(RING_PREFIX + blip, SKIP),
        }
        for ident, blips in sorted(result.facets.items())
        if result.shown and ident in by_id
        for blip in sorted(blips)
    ]
    frame = pd.DataFrame(rows, columns=["respondent", "municipality", "blip", "ring"])
    return ballots_frame(frame), result


def publish_ballots(
    store: Store, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE, actor: str | None = None
) -> Snapshot:
    """Publish the radar ballots as they stand now (a trainer at a deadline)."""
    rows = facet_rows(ballot_history(store))
    return privacy.publish(store, BALLOT_INSTRUMENT, rows, min_group_size=min_group_size, actor=actor)
