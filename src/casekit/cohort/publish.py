"""``casekit cohort publish``: the trainer publishes the group figures participants see, at a deadline.

Participants' workbooks show group figures from published snapshots (:mod:`casekit.privacy`). A
snapshot refreshes by itself only when a leader group has gained at least ``min_group_size`` new answers;
at a deadline (the pre-work is closed, the gathering day starts) the trainer publishes every answer as it
stands, so each leader group large enough is shown with all its answers. Leader groups below
``min_group_size`` still add nothing. Publishing is recorded in the store's audit trail.

The snapshots are published for the store as the cohort's workbooks open it. Prepared workbooks carry no
cohort id, so they read the store's own snapshots (cohort none), and so does this command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..assessment.published import publish_answers
from ..radar.published import publish_ballots
from ..radar.votes import BALLOT_INSTRUMENT
from ..services.analysis import INSTRUMENT as LIFE_EVENTS
from ..services.published import publish_marks
from ..store import Snapshot, Store, open_store
from .config import CohortConfig
from .paths import check_step

#: The kinds of group figures each module's participant workbooks show.
KINDS_BY_MODULE: dict[str, tuple[str, ...]] = {
    "1": ("capabilities", LIFE_EVENTS),
    "2": ("competence",),
    "3": ("maturity",),
    "4": (BALLOT_INSTRUMENT,),
}


@dataclass(frozen=True)
class Publication:
    """One kind of group figures just published: the snapshot and how many leader groups it shows."""

    kind: str
    snapshot: Snapshot

    @property
    def groups(self) -> int:
        return len(self.snapshot.data.get("units", {}))


def kinds_for(step: str | None) -> list[str]:
    """The kinds of group figures the workbooks of ``step`` (a curriculum step; None: every step) show."""
    checked = check_step(step)
    modules = [checked[0]] if checked else sorted(KINDS_BY_MODULE)
    return [kind for module in modules for kind in KINDS_BY_MODULE.get(module, ())]


def workbook_store(config: CohortConfig) -> Store:
    """The store as the cohort's prepared workbooks open it (see the module's docstring)."""
    return open_store(config.store_url or None)


def _publisher(kind: str) -> Callable[..., Snapshot]:
    if kind == BALLOT_INSTRUMENT:
        return publish_ballots
    if kind == LIFE_EVENTS:
        return publish_marks
    return lambda store, **kw: publish_answers(store, kind, **kw)


def publish(config: CohortConfig, step: str | None = None, *, actor: str | None = None) -> list[Publication]:
    """Publish the group figures of ``step`` (or of every step) as the answers stand now."""
    store = workbook_store(config)
    return [
        Publication(kind, _publisher(kind)(store, min_group_size=config.min_group_size, actor=actor))
        for kind in kinds_for(step)
    ]
