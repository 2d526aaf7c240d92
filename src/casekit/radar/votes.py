"""Ballots, group radars and county radars.

A :class:`Ballot` is one participant's placement of blips in rings (or a skip), plus any technologies
they add. A group radar puts each blip in the **median ring** of its votes. Ties between two rings go to
the outer, more cautious ring. Each blip also gets a **consensus** score and a **discuss again** flag:

* consensus is Tastle and Wierman's ordinal consensus measure (2007): 1 when everyone chose the same
  ring, 0 when the votes split evenly between the innermost and outermost ring;
* "discuss again" is raised when the two most chosen rings are within ``threshold`` of each other in
  share of votes (BYOR's voting server flags close votes the same way). The default threshold is 0.15.

A county radar takes each municipality's group radar and puts each blip in the median of the
municipalities' rings. :meth:`CountyResult.drilldown` shows which municipalities disagree.

Privacy: a group result needs at least ``min_group_size`` respondents (default 5, never below 3), and a
blip is placed only with at least 3 votes. A municipality below the threshold is named as suppressed and
left out of the county radar altogether, so it cannot be worked out by subtraction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import municipalities
from ..errors import InputError, RadarError
from ..privacy import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, check_min_group_size
from .model import Blip, Radar, clean_name, match_key, slug

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store, Submission

BALLOT_INSTRUMENT = "radar-ballot"
DEFAULT_THRESHOLD = 0.15
PRIVACY_FLOOR = MIN_GROUP_SIZE_FLOOR
SKIP = "skip"


@dataclass(frozen=True)
class Ballot:
    """One participant's votes: ``placements`` maps blip id → ring key, or None for a skipped blip."""

    respondent: str
    municipality: str | None
    placements: dict[str, str | None]
    additions: tuple[Blip, ...] = ()

    def to_answers(self) -> dict[str, Any]:
        """The store's answer items: ``ring:<id>`` → ring key or ``"skip"``; ``new:<id>`` → the new blip."""
        answers: dict[str, Any] = {f"ring:{k}": (v or SKIP) for k, v in self.placements.items()}
        for b in self.additions:
            answers[f"new:{b.id}"] = {
                "name": b.name,
                "quadrant": b.quadrant,
                "ring": b.ring,
                "description": b.description_in() if isinstance(b.description, dict) else b.description,
            }
        return answers

    @classmethod
    def from_submission(cls, sub: Submission) -> Ballot:
        placements: dict[str, str | None] = {}
        additions = []
        for item, value in sub.answers.items():
            kind, _, key = item.partition(":")
            if kind == "ring":
                placements[key] = None if value in (None, "", SKIP) else str(value)
            elif kind == "new" and isinstance(value, Mapping):
                additions.append(
                    Blip(
                        name=str(value.get("name", key)),
                        quadrant=str(value.get("quadrant", "")),
                        ring=str(value.get("ring", "")),
                        status="new",
                        description=str(value.get("description", "")),
                        id=key,
                    )
                )
        return cls(sub.respondent, sub.municipality, placements, tuple(additions))


def new_blip(radar: Radar, name: str, quadrant: str, ring: str, description: str = "") -> Blip:
    """A technology a participant adds. Checks the name is new and the quadrant and ring exist."""
    cleaned = clean_name(name or "")
    if not cleaned:
        raise InputError("radar.error.new_name_empty")
    if any(slug(cleaned) == b.id or match_key(cleaned) == match_key(b.name) for b in radar.blips):
        raise InputError("radar.error.new_name_exists", name=cleaned)
    return Blip(
        name=cleaned,
        quadrant=radar.config.quadrant(quadrant).key,
        ring=radar.config.ring(ring).key,
        status="new",
        description=(description or "").strip(),
    )


def save_ballot(store: Store, ballot: Ballot, radar: Radar, *, status: str = "final") -> Submission:
    """Append the ballot to the store (a new submission every time: the newest counts)."""
    unknown = [k for k in ballot.placements if k not in set(radar.ids())]
    if unknown:
        raise RadarError("radar.error.ballot_unknown_blips", names=", ".join(unknown))
    for v in ballot.placements.values():
        if v is not None and v not in radar.config.ring_keys:
            raise RadarError("radar.error.unknown_ring", value=v, choices=radar.config.choices("ring"))
    return store.save(
        ballot.respondent,
        BALLOT_INSTRUMENT,
        ballot.to_answers(),
        status=status,
        municipality=ballot.municipality,
        meta={"radar": radar.title, "edition": radar.edition, "rings": radar.config.ring_keys},
    )


def load_ballots(store: Store, *, municipality: str | None = None) -> list[Ballot]:
    """The newest final ballot of each respondent (of one municipality, or all)."""
    subs = store.submissions(BALLOT_INSTRUMENT, municipality=municipality, status="final")
    return [Ballot.from_submission(s) for s in subs]


def _ring_or_none(value: Any) -> str | None:
    """A ring key, or None for a skip (empty, "skip", None or a missing value)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text in ("", SKIP) else text


def load_ballot_for(store: Store, respondent: str) -> Ballot | None:
    """A respondent's latest ballot (draft or final), or None."""
    sub = store.latest(respondent, BALLOT_INSTRUMENT)
    return Ballot.from_submission(sub) if sub else None


def ballots_frame(ballots: Iterable[Ballot] | pd.DataFrame) -> pd.DataFrame:
    """Ballots as a tidy frame: respondent, municipality, blip, ring (None for a skip)."""
    if isinstance(ballots, pd.DataFrame):
        frame = ballots.copy()
        missing = [c for c in ("respondent", "municipality", "blip", "ring") if c not in frame.columns]
        if missing:
            raise RadarError("radar.error.ballot_columns", columns=", ".join(missing))
        frame["ring"] = frame["ring"].astype(object).map(_ring_or_none)
        frame["municipality"] = frame["municipality"].astype("string")
        return frame[["respondent", "municipality", "blip", "ring"]].reset_index(drop=True)
    rows = [
        {"respondent": b.respondent, "municipality": b.municipality, "blip": k, "ring": v}
        for b in ballots
        for k, v in b.placements.items()
    ]
    frame = pd.DataFrame(rows, columns=["respondent", "municipality", "blip", "ring"])
    frame["municipality"] = frame["municipality"].astype("string")
    return frame


def ballot_of(ballots: pd.DataFrame, respondent: str) -> Ballot:
    """One respondent's ballot from a tidy ballots frame."""
    rows = ballots[ballots["respondent"] == respondent]
    if rows.empty:
        raise InputError("radar.error.no_ballot", respondent=respondent)
    municipality = rows["municipality"].iloc[0]
    placements = {str(r.blip): _ring_or_none(r.ring) for r in rows.itertuples(index=False)}
    return Ballot(respondent, None if municipality is None else str(municipality), placements)


# --- statistics over ring indexes ------------------------------------------------------------------------


def median_ring(indexes: list[int]) -> int:
    """The median ring index; between two rings, the outer (more cautious) one."""
    values = sorted(indexes)
    n = len(values)
    if n == 0:
        raise ValueError("no votes")
    return values[n // 2]  # for even n this is the upper of the two middle values, i.e. the outer ring


def consensus(indexes: list[int], n_rings: int) -> float:
    """Tastle & Wierman's consensus for ordinal votes on a scale of ``n_rings`` rings (0..1)."""
    if not indexes:
        return math.nan
    width = n_rings - 1
    if width == 0:
        return 1.0
    mean = sum(indexes) / len(indexes)
    total = 0.0
    for ring in set(indexes):
        share = indexes.count(ring) / len(indexes)
        distance = abs(ring - mean) / width
        total += share * math.log2(max(1.0 - distance, 1e-12))
    return max(0.0, min(1.0, 1.0 + total))


def top_two_gap(indexes: list[int], n_rings: int) -> tuple[float, float]:
    """Shares of the most and second-most chosen rings."""
    counts = sorted((indexes.count(r) for r in range(n_rings)), reverse=True)
    n = len(indexes) or 1
    return counts[0] / n, (counts[1] / n if len(counts) > 1 else 0.0)


# --- group radar ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupResult:
    """A group's radar from ballots. ``table`` has one row per blip of the base radar."""

    radar: Radar
    table: pd.DataFrame
    respondents: int
    threshold: float
    too_few: tuple[str, ...] = ()
    proposals: tuple[Blip, ...] = ()

    def discuss_again(self) -> list[str]:
        return self.table.loc[self.table["discuss_again"].fillna(False).astype(bool), "name"].tolist()


def group_radar(
    ballots: Iterable[Ballot] | pd.DataFrame,
    radar: Radar,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    min_votes: int = PRIVACY_FLOOR,
    language: str | None = None,
) -> GroupResult:
    """The group radar: each blip in its median ring, with consensus and the "discuss again" flag.

    Raises InputError when fewer than ``min_group_size`` people voted. Blips with fewer than ``min_votes``
    votes are not placed; they are listed in ``too_few``.
    """
    check_min_group_size(min_group_size)
    if not 0 <= threshold <= 1:
        raise InputError("radar.error.threshold", value=threshold)
    additions: list[Blip] = []
    if not isinstance(ballots, pd.DataFrame):
        ballots = list(ballots)
        additions = [a for b in ballots for a in b.additions]
    frame = ballots_frame(ballots)
    respondents = frame["respondent"].nunique()
    if respondents < min_group_size:
        raise InputError("radar.error.too_few_respondents", count=respondents, minimum=min_group_size)
    keys = radar.config.ring_keys
    n_rings = len(keys)
    placed: list[Blip] = []
    rows = []
    too_few = []
    votes_by_blip = {
        blip: [keys.index(r) for r in group["ring"] if r is not None and r in keys]
        for blip, group in frame.groupby("blip", sort=False)
    }
    for b in radar.blips:
        idx = votes_by_blip.get(b.id, [])
        row: dict[str, Any] = {
            "id": b.id,
            "name": b.label(language),
            "quadrant": b.quadrant,
            "votes": len(idx),
            "skipped": int(((frame["blip"] == b.id) & frame["ring"].isna()).sum()),
        }
        for r, key in enumerate(keys):
            row[f"n_{key}"] = idx.count(r)
        if len(idx) < min_votes:
            too_few.append(b.id)
            row.update(
                median=None,
                ring=None,
                consensus=math.nan,
                top_share=math.nan,
                second_share=math.nan,
                discuss_again=None,
                agreement=math.nan,
            )
            rows.append(row)
            continue
        med = median_ring(idx)
        top, second = top_two_gap(idx, n_rings)
        row.update(
            median=med,
            ring=keys[med],
            consensus=round(consensus(idx, n_rings), 4),
            agreement=round(idx.count(med) / len(idx), 4),
            top_share=round(top, 4),
            second_share=round(second, 4),
            discuss_again=bool(second > 0 and top - second <= threshold + 1e-12),
        )
        rows.append(row)
        placed.append(replace(b, ring=keys[med], status=_status(b.ring, keys[med], keys)))
    table = pd.DataFrame(rows)
    table.attrs["ring_labels"] = [r.label_in(language) for r in radar.config.rings]
    proposals = _merge_proposals(additions, radar)
    result_radar = radar.with_blips(placed, notices=())
    return GroupResult(result_radar, table, int(respondents), threshold, tuple(too_few), proposals)


def _status(before: str, after: str, keys: list[str]) -> str:
    a, b = keys.index(before), keys.index(after)
    return "no_change" if a == b else ("moved_in" if b < a else "moved_out")


def _merge_proposals(additions: list[Blip], radar: Radar) -> tuple[Blip, ...]:
    """New technologies proposed in ballots, one per name (the first description is kept)."""
    seen: dict[str, Blip] = {}
    for b in additions:
        if b.id not in seen and b.id not in set(radar.ids()):
            seen[b.id] = b
    return tuple(seen.values())


def compare_ballot(ballot: Ballot, result: GroupResult, *, language: str | None = None) -> pd.DataFrame:
    """One row per blip the participant placed: their ring and the group's, and the distance in rings."""
    keys = result.radar.config.ring_keys
    labels = [r.label_in(language) for r in result.radar.config.rings]
    group = result.table.set_index("id")
    rows = []
    for blip_id, ring in ballot.placements.items():
        if ring is None or blip_id not in group.index:
            continue
        g = group.loc[blip_id]
        g_index = None if g["median"] is None or g["median"] != g["median"] else int(g["median"])
        own = keys.index(ring)
        rows.append(
            {
                "id": blip_id,
                "name": g["name"],
                "own_ring": labels[own],
                "group_ring": labels[g_index] if g_index is not None else None,
                "own_index": own,
                "group_index": g_index,
                "difference": None if g_index is None else own - g_index,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["id", "name", "own_ring", "group_ring", "own_index", "group_index", "difference"]
    )
    frame.attrs["ring_labels"] = list(labels)
    return frame


def spread_of(ballots: pd.DataFrame, radar: Radar, blip: str, *, language: str | None = None) -> pd.DataFrame:
    """Every vote on one blip (respondent, ring_index), with the median in ``attrs`` (for ring_spread)."""
    b = radar.get(blip)
    keys = radar.config.ring_keys
    rows = ballots[(ballots["blip"] == b.id) & ballots["ring"].notna()].copy()
    rows["ring_index"] = rows["ring"].map(keys.index)
    out = rows[["respondent", "municipality", "ring_index"]].reset_index(drop=True)
    out.attrs["ring_labels"] = [r.label_in(language) for r in radar.config.rings]
    out.attrs["median_index"] = median_ring(out["ring_index"].tolist()) if len(out) else None
    out.attrs["name"] = b.label(language)
    return out


# --- county radar -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyResult:
    """One radar for many municipalities; ``matrix`` holds each municipality's ring per blip."""

    radar: Radar
    table: pd.DataFrame
    matrix: pd.DataFrame
    suppressed: tuple[str, ...] = ()
    municipal: dict[str, GroupResult] = field(default_factory=dict)

    def drilldown(self, blip: str, *, language: str | None = None) -> pd.DataFrame:
        """Every municipality's ring for one blip, and whether it differs from the county's ring."""
        b = self.radar.get(blip)
        keys = self.radar.config.ring_keys
        labels = [r.label_in(language) for r in self.radar.config.rings]
        county = keys.index(b.ring)
        rows = []
        for number, ring in self.matrix.loc[b.id].dropna().items():
            idx = keys.index(ring)
            try:
                name = municipalities.get(str(number)).name
            except Exception:
                name = str(number)
            rows.append(
                {
                    "municipality": str(number),
                    "name": name,
                    "ring": labels[idx],
                    "ring_index": idx,
                    "distance": idx - county,
                    "disagrees": idx != county,
                }
            )
        out = pd.DataFrame(
            rows, columns=["municipality", "name", "ring", "ring_index", "distance", "disagrees"]
        )
        out = out.sort_values(["distance", "name"], key=lambda s: s.abs() if s.name == "distance" else s)
        out = out.reset_index(drop=True)
        out.attrs["ring_labels"] = labels
        out.attrs["median_index"] = county
        out.attrs["name"] = b.label(language)
        return out


def municipal_results(
    ballots: Iterable[Ballot] | pd.DataFrame,
    radar: Radar,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> tuple[dict[str, GroupResult], tuple[str, ...]]:
    """Each municipality's group result, and the municipalities with too few respondents to show."""
    min_group_size = check_min_group_size(min_group_size)
    frame = ballots_frame(ballots)
    results: dict[str, GroupResult] = {}
    suppressed = []
    for number, part in frame.groupby("municipality", sort=True):
        if part["respondent"].nunique() < min_group_size:
            suppressed.append(str(number))
            continue
        results[str(number)] = group_radar(
            part, radar, threshold=threshold, min_group_size=min_group_size, language=language
        )
    return results, tuple(suppressed)


def county_radar(
    municipal: Mapping[str, Radar | GroupResult],
    base: Radar,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    suppressed: Iterable[str] = (),
    language: str | None = None,
) -> CountyResult:
    """One radar from many municipal radars: each blip in the median of the municipalities' rings."""
    if not municipal:
        raise InputError("radar.error.no_municipal_radars")
    radars = {k: (v.radar if isinstance(v, GroupResult) else v) for k, v in municipal.items()}
    keys = base.config.ring_keys
    matrix = pd.DataFrame(
        {number: {b.id: b.ring for b in r.blips} for number, r in radars.items()},
        index=base.ids(),
        columns=list(radars),
        dtype=object,
    )
    rows, placed = [], []
    for b in base.blips:
        rings = [keys.index(v) for v in matrix.loc[b.id].dropna() if v in keys]
        row: dict[str, Any] = {
            "id": b.id,
            "name": b.label(language),
            "quadrant": b.quadrant,
            "municipalities": len(rings),
        }
        if not rings:
            row.update(
                median=None,
                ring=None,
                consensus=math.nan,
                discuss_again=None,
                disagree=0,
                lowest=None,
                highest=None,
            )
            rows.append(row)
            continue
        med = median_ring(rings)
        top, second = top_two_gap(rings, len(keys))
        row.update(
            median=med,
            ring=keys[med],
            consensus=round(consensus(rings, len(keys)), 4),
            discuss_again=bool(second > 0 and top - second <= threshold + 1e-12),
            disagree=sum(1 for r in rings if r != med),
            lowest=keys[min(rings)],
            highest=keys[max(rings)],
        )
        rows.append(row)
        placed.append(replace(b, ring=keys[med], status=_status(b.ring, keys[med], keys)))
    table = pd.DataFrame(rows)
    table.attrs["ring_labels"] = [r.label_in(language) for r in base.config.rings]
    result_radar = base.with_blips(placed, notices=())
    kept = {k: v for k, v in municipal.items() if isinstance(v, GroupResult)}
    return CountyResult(result_radar, table, matrix, tuple(suppressed), kept)


def county_from_ballots(
    ballots: Iterable[Ballot] | pd.DataFrame,
    radar: Radar,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    language: str | None = None,
) -> CountyResult:
    """Municipal group radars from ballots, then the county radar over the municipalities shown."""
    results, suppressed = municipal_results(
        ballots, radar, threshold=threshold, min_group_size=min_group_size, language=language
    )
    return county_radar(results, radar, threshold=threshold, suppressed=suppressed, language=language)
