"""Journeys, handovers and cross-functional teams: pure functions over the life-event catalogue.

A *journey* is the ordered list of services a citizen meets in one life event in one municipality: the
catalogue's steps, limited to the municipal sectors the leader group marked as taking part (national
agencies always stay). A *handover* is a step whose actor differs from the previous step's. A
*cross-functional team* merges some municipal sectors into one team; the handovers between its members
disappear from the citizen's journey.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import LifeEventError
from ..privacy import check_min_group_size
from ..store import Store, Submission, open_store
from .model import Catalogue, LifeEvent, load_life_events

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

INSTRUMENT = "life_events"
TEAM_ID = "team"
JOURNEY_COLUMNS = [
    "order",
    "step",
    "actor",
    "actor_label",
    "kind",
    "service",
    "system",
    "handover",
    "added",
]

Marks = Mapping[str, Iterable[str]]


def _catalogue(catalogue: Catalogue | None) -> Catalogue:
    return catalogue if catalogue is not None else load_life_events()


def default_marks(catalogue: Catalogue | None = None) -> dict[str, list[str]]:
    """Every event with the municipal sectors the catalogue names for it."""
    cat = _catalogue(catalogue)
    order = [a.id for a in cat.sectors()]
    return {e: [s for s in order if s in cat.default_sectors(e)] for e in cat.events}  # catalogue order


def check_marks(marks: Marks | None, catalogue: Catalogue | None = None) -> dict[str, list[str]]:
    """Validate marks ``{event: [sector, ...]}`` and return them complete and in catalogue order.

    Events not given keep the catalogue's sectors. An unknown event or a sector that is not municipal is
    refused with the choices listed; nothing is dropped silently.
    """
    cat = _catalogue(catalogue)
    result = default_marks(cat)
    order = [a.id for a in cat.sectors()]
    for event_id, sectors in (marks or {}).items():
        event = cat.event(event_id)
        if isinstance(sectors, str) or not isinstance(sectors, Iterable):
            raise LifeEventError(
                "services.error.marks_not_list", event=event.name(), value=repr(sectors)[:60]
            )
        chosen = list(sectors)
        for sector in chosen:
            if sector not in order:
                raise LifeEventError(
                    "services.error.unknown_sector",
                    sector=str(sector),
                    event=event.name(),
                    choices=", ".join(order),
                )
        result[event.id] = [s for s in order if s in chosen]
    return result


def journey(
    event: str | LifeEvent,
    sectors: Iterable[str] | None = None,
    *,
    catalogue: Catalogue | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """The journey through ``event`` when the municipal ``sectors`` take part (None: the catalogue's).

    Steps of unmarked municipal sectors are left out; a marked sector with no step of its own gets one
    contact step at the end (column ``added``). A journey with no services left is refused.
    """
    import pandas as pd

    cat = _catalogue(catalogue)
    ev = cat.event(event)
    marked = check_marks({ev.id: list(sectors)} if sectors is not None else None, cat)[ev.id]
    rows: list[dict[str, Any]] = []
    for step in ev.steps:
        actor = cat.actors[step.actor]
        if actor.municipal and actor.id not in marked:
            continue
        rows.append(
            {
                "step": step.id,
                "actor": actor.id,
                "actor_label": actor.name(language),
                "kind": actor.kind,
                "service": i18n.text(step.service, language),
                "system": i18n.text(step.system, language),
                "added": False,
            }
        )
    present = {r["actor"] for r in rows}
    for sector in marked:
        if sector not in present:
            actor = cat.actors[sector]
            rows.append(
                {
                    "step": f"contact_{sector}",
                    "actor": sector,
                    "actor_label": actor.name(language),
                    "kind": actor.kind,
                    "service": i18n.t("services.extra_step", language=language, sector=actor.name(language)),
                    "system": "–",
                    "added": True,
                }
            )
    if not rows:
        raise LifeEventError("services.error.empty_journey", event=ev.name(language))
    frame = pd.DataFrame(rows)
    frame.insert(0, "order", range(1, len(frame) + 1))
    frame["handover"] = frame["actor"].ne(frame["actor"].shift()) & frame.index.to_series().gt(0)
    return frame[JOURNEY_COLUMNS]


def handovers(journey_frame: pd.DataFrame, *, municipal_only: bool = False) -> int:
    """Handovers in a journey; with ``municipal_only`` those between two municipal sectors."""
    if not municipal_only:
        return int(journey_frame["handover"].sum())
    municipal = journey_frame["kind"].isin(["municipal", TEAM_ID]).to_numpy()
    flags = journey_frame["handover"].to_numpy()
    return int(sum(1 for i in range(1, len(flags)) if flags[i] and municipal[i] and municipal[i - 1]))


def handover_pairs(journey_frame: pd.DataFrame) -> pd.DataFrame:
    """Handovers by pair of actors (either direction), most frequent first."""
    import pandas as pd

    counts: dict[tuple[str, str], int] = {}
    actors = journey_frame["actor"].tolist()
    labels = dict(zip(journey_frame["actor"], journey_frame["actor_label"]))
    first = {a: i for i, a in reversed(list(enumerate(actors)))}
    for a, b in itertools.pairwise(actors):
        if a != b:
            key = tuple(sorted((a, b), key=first.__getitem__))
            counts[key] = counts.get(key, 0) + 1
    rows = [
        {"actor_a": a, "actor_b": b, "label_a": labels[a], "label_b": labels[b], "handovers": n}
        for (a, b), n in counts.items()
    ]
    frame = pd.DataFrame(rows, columns=["actor_a", "actor_b", "label_a", "label_b", "handovers"])
    return frame.sort_values("handovers", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class TeamDesign:
    """A cross-functional team of municipal sectors and what it does to the handovers."""

    members: tuple[str, ...]
    before: int
    after: int

    @property
    def removed(self) -> int:
        return self.before - self.after

    def describe(self, catalogue: Catalogue | None = None, language: str | None = None) -> str:
        cat = _catalogue(catalogue)
        if not self.members:
            return i18n.t("services.team.none", language=language, before=self.before)
        names = ", ".join(cat.actors[m].name(language) for m in self.members)
        return i18n.t(
            "services.team.suggestion",
            language=language,
            members=names,
            removed=self.removed,
            before=self.before,
            after=self.after,
        )


def _removed_by(sequences: list[list[str]], team: set[str]) -> int:
    return sum(
        1 for seq in sequences for a, b in itertools.pairwise(seq) if a != b and a in team and b in team
    )


def _best_team(sequences: list[list[str]], candidates: list[str], max_size: int) -> tuple[str, ...]:
    if max_size < 2:
        raise LifeEventError("services.error.team_size", value=max_size)
    best: tuple[str, ...] = ()
    best_removed = 0
    for size in range(2, min(max_size, len(candidates)) + 1):
        for combo in itertools.combinations(candidates, size):
            removed = _removed_by(sequences, set(combo))
            if removed > best_removed:  # ties keep the smaller, earlier team
                best, best_removed = combo, removed
    return best


def team_design(
    journey_frame: pd.DataFrame, *, max_size: int = 3, members: Iterable[str] | None = None
) -> TeamDesign:
    """The team of at most ``max_size`` municipal sectors that removes most handovers from a journey.

    Give ``members`` to evaluate a team of your own choice instead. Only municipal sectors can form a
    team: the municipality cannot reorganise the state's agencies.
    """
    sequence = journey_frame["actor"].tolist()
    municipal = list(dict.fromkeys(journey_frame.loc[journey_frame["kind"] == "municipal", "actor"]))
    if members is None:
        chosen = _best_team([sequence], municipal, max_size)
    else:
        chosen = tuple(m for m in municipal if m in set(members))
        unknown = sorted(set(members) - set(municipal))
        if unknown:
            raise LifeEventError(
                "services.error.team_member",
                sector=", ".join(unknown),
                choices=", ".join(municipal) or "-",
            )
    before = handovers(journey_frame)
    return TeamDesign(chosen, before, before - _removed_by([sequence], set(chosen)))


def apply_team(
    journey_frame: pd.DataFrame, members: Iterable[str], *, language: str | None = None
) -> pd.DataFrame:
    """The journey as the citizen meets it when ``members`` work as one cross-functional team."""
    team = set(members)
    frame = journey_frame.copy()
    in_team = frame["actor"].isin(team)
    frame.loc[in_team, "actor"] = TEAM_ID
    frame.loc[in_team, "actor_label"] = i18n.t("services.team.lane", language=language)
    frame.loc[in_team, "kind"] = TEAM_ID
    frame["handover"] = frame["actor"].ne(frame["actor"].shift()) & frame.index.to_series().gt(0)
    return frame


def summary(
    marks: Marks | None = None,
    *,
    catalogue: Catalogue | None = None,
    max_size: int = 3,
    language: str | None = None,
) -> pd.DataFrame:
    """One row per life event: steps, actors, handovers, and the best cross-functional team."""
    import pandas as pd

    cat = _catalogue(catalogue)
    checked = check_marks(marks, cat)
    rows = []
    for event_id, sectors in checked.items():
        ev = cat.event(event_id)
        frame = journey(ev, sectors, catalogue=cat, language=language)
        design = team_design(frame, max_size=max_size)
        rows.append(
            {
                "event": event_id,
                "title": ev.name(language),
                "steps": len(frame),
                "actors": frame["actor"].nunique(),
                "sectors": len(sectors),
                "handovers": design.before,
                "municipal_handovers": handovers(frame, municipal_only=True),
                "team": ", ".join(cat.actors[m].name(language) for m in design.members),
                "with_team": design.after,
                "removed": design.removed,
                "digdir_priority": ev.digdir_priority,
            }
        )
    return pd.DataFrame(rows)


def sector_pairs(
    marks: Marks | None = None, *, catalogue: Catalogue | None = None, language: str | None = None
) -> pd.DataFrame:
    """Handovers between two municipal sectors, summed over every life event, most frequent first."""
    import pandas as pd

    cat = _catalogue(catalogue)
    totals: dict[tuple[str, str], dict[str, Any]] = {}
    order = [a.id for a in cat.sectors()]
    for event_id, sectors in check_marks(marks, cat).items():
        frame = journey(event_id, sectors, catalogue=cat, language=language)
        for _, row in handover_pairs(frame).iterrows():
            a, b = row["actor_a"], row["actor_b"]
            if cat.actors[a].municipal and cat.actors[b].municipal:
                key = tuple(sorted((a, b), key=order.index))
                entry = totals.setdefault(key, {"handovers": 0, "events": []})
                entry["handovers"] += int(row["handovers"])
                entry["events"].append(cat.event(event_id).name(language))
    rows = [
        {
            "sector_a": a,
            "sector_b": b,
            "label_a": cat.actors[a].name(language),
            "label_b": cat.actors[b].name(language),
            "handovers": v["handovers"],
            "events": "; ".join(v["events"]),
        }
        for (a, b), v in totals.items()
    ]
    frame = pd.DataFrame(rows, columns=["sector_a", "sector_b", "label_a", "label_b", "handovers", "events"])
    return frame.sort_values("handovers", ascending=False, kind="stable").reset_index(drop=True)


def cross_event_team(
    marks: Marks | None = None, *, catalogue: Catalogue | None = None, max_size: int = 3
) -> TeamDesign:
    """The team of municipal sectors that removes most handovers across every life event at once."""
    cat = _catalogue(catalogue)
    sequences = []
    for event_id, sectors in check_marks(marks, cat).items():
        sequences.append(journey(event_id, sectors, catalogue=cat)["actor"].tolist())
    candidates = [a.id for a in cat.sectors() if any(a.id in seq for seq in sequences)]
    members = _best_team(sequences, candidates, max_size)
    before = sum(1 for seq in sequences for a, b in itertools.pairwise(seq) if a != b)
    return TeamDesign(members, before, before - _removed_by(sequences, set(members)))


# --- the store --------------------------------------------------------------------------------------------


def save_marks(
    store: Store | str | None,
    respondent: str,
    municipality: str,
    marks: Marks,
    *,
    catalogue: Catalogue | None = None,
) -> Submission:
    """Check and save a leader group's marks (instrument ``life_events``); nothing is saved if invalid."""
    checked = check_marks(marks, catalogue)
    return open_store(store).save(respondent, INSTRUMENT, checked, municipality=municipality, status="final")


def load_marks(
    store: Store | str | None,
    *,
    respondent: str | None = None,
    municipality: str | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, list[str]]:
    """The respondent's latest marks, else the municipality's latest, else the catalogue's defaults."""
    st = open_store(store)
    found = None
    if respondent:
        found = st.latest(respondent, INSTRUMENT)
    if found is None and municipality:
        subs = st.submissions(INSTRUMENT, municipality=municipality, latest="municipality")
        found = subs[-1] if subs else None
    cat = _catalogue(catalogue)
    saved = {k: v for k, v in (found.answers if found else {}).items() if k in cat.events}
    return check_marks(saved, cat)


def cohort_handovers(
    store: Store | str | None,
    municipalities: Iterable[str],
    *,
    catalogue: Catalogue | None = None,
    min_group_size: int = 5,
    language: str | None = None,
) -> pd.DataFrame:
    """Handovers per life event across the municipalities of a cohort that saved marks, read live (a
    trainer's view; participants see :func:`casekit.services.published.published_marks`).

    A figure is shown only when at least ``min_group_size`` municipalities (never fewer than 3) have
    saved; otherwise the row says how many have and the figures are empty.
    """
    min_group_size = check_min_group_size(min_group_size)
    saved = open_store(store).submissions(INSTRUMENT, latest="municipality")
    return handovers_table(
        saved, municipalities, catalogue=catalogue, min_group_size=min_group_size, language=language
    )


def handovers_table(
    submissions: Iterable[Submission],
    municipalities: Iterable[str],
    *,
    catalogue: Catalogue | None = None,
    min_group_size: int = 5,
    language: str | None = None,
) -> pd.DataFrame:
    """:func:`cohort_handovers` over given submissions of marks (one per municipality)."""
    import pandas as pd

    min_group_size = check_min_group_size(min_group_size)
    cat = _catalogue(catalogue)
    wanted = set(municipalities)
    subs = [s for s in submissions if s.municipality in wanted]
    per_event: dict[str, list[int]] = {e: [] for e in cat.events}
    for sub in subs:
        marks = check_marks({k: v for k, v in sub.answers.items() if k in cat.events}, cat)
        for event_id, sectors in marks.items():
            per_event[event_id].append(handovers(journey(event_id, sectors, catalogue=cat)))
    rows = []
    for event_id, values in per_event.items():
        shown = len(values) >= min_group_size
        rows.append(
            {
                "event": event_id,
                "title": cat.event(event_id).name(language),
                "municipalities": len(values),
                "median": statistics.median(values) if shown else None,
                "minimum": min(values) if shown else None,
                "maximum": max(values) if shown else None,
                "shown": shown,
            }
        )
    return pd.DataFrame(rows)
