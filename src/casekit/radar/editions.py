"""Editions: compare two radars, compute statuses from the previous edition, keep rationales and history.

A ring change has a direction (*in*, towards adopting, or *out*) and a size in rings. Every move, and
every blip retired from the radar, needs a rationale; :func:`make_edition` refuses an edition that lacks
one and names the blips. Editions are kept append-only in the response store (``casekit.store``) under
the instrument ``radar-edition``, so a municipality's radar history is never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import RadarError
from .model import Radar, match_key
from .reading import from_dict
from .writing import to_dict

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt

    from ..store import Store, Submission

EDITION_INSTRUMENT = "radar-edition"
CHANGES = ("new", "moved_in", "moved_out", "no_change", "retired")
NEEDS_RATIONALE = ("moved_in", "moved_out", "retired")


def diff(old: Radar, new: Radar, *, language: str | None = None) -> pd.DataFrame:
    """One row per blip in either radar: its ring before and after, the change, its direction and size.

    ``change`` is new, moved_in, moved_out, no_change or retired; ``steps`` is the signed number of rings
    moved (negative = inwards); ``quadrant_changed`` flags a blip that changed quadrant.
    """
    _check_same_rings(old, new)
    keys = new.config.ring_keys
    before = {b.id: b for b in old.blips}
    after = {b.id: b for b in new.blips}
    rows = []
    for blip_id in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(blip_id), after.get(blip_id)
        shown = b or a
        row: dict[str, Any] = {
            "id": blip_id,
            "name": shown.label(language),
            "quadrant": new.config.quadrant(shown.quadrant).label_in(language)
            if new.config.find_quadrant(shown.quadrant)
            else shown.quadrant,
            "old_ring": new.config.ring(a.ring).label_in(language) if a else None,
            "new_ring": new.config.ring(b.ring).label_in(language) if b else None,
        }
        if a is None:
            change, steps = "new", None
        elif b is None:
            change, steps = "retired", None
        else:
            steps = keys.index(b.ring) - keys.index(a.ring)
            change = "no_change" if steps == 0 else ("moved_in" if steps < 0 else "moved_out")
        row.update(
            change=change,
            steps=steps,
            direction={"moved_in": "in", "moved_out": "out"}.get(change, ""),
            size=abs(steps) if steps else 0,
            quadrant_changed=bool(a and b and a.quadrant != b.quadrant),
            # A rationale carried over unchanged from the previous edition says nothing about this change.
            rationale=(
                b.field_in("rationale", language)
                if b and (a is None or _fresh(b.rationale, a.rationale))
                else ""
            ),
        )
        rows.append(row)
    columns = [
        "id",
        "name",
        "quadrant",
        "old_ring",
        "new_ring",
        "change",
        "steps",
        "direction",
        "size",
        "quadrant_changed",
        "rationale",
    ]
    return pd.DataFrame(rows, columns=columns)


def _check_same_rings(old: Radar, new: Radar) -> None:
    if [match_key(k) for k in old.config.ring_keys] != [match_key(k) for k in new.config.ring_keys]:
        raise RadarError(
            "radar.error.different_rings",
            old=old.config.choices("ring"),
            new=new.config.choices("ring"),
        )


def with_statuses(old: Radar | None, new: Radar) -> Radar:
    """``new`` with each blip's status computed from ``old`` (every blip is new when there is no old)."""
    if old is None:
        return new.with_blips(replace(b, status="new") for b in new.blips)
    _check_same_rings(old, new)
    keys = new.config.ring_keys
    before = {b.id: b for b in old.blips}
    out = []
    for b in new.blips:
        a = before.get(b.id)
        if a is None:
            status = "new"
        else:
            steps = keys.index(b.ring) - keys.index(a.ring)
            status = "no_change" if steps == 0 else ("moved_in" if steps < 0 else "moved_out")
        out.append(replace(b, status=status))
    return new.with_blips(out)


@dataclass(frozen=True)
class Edition:
    """One published radar of a municipality (or county), with the rationale for each change."""

    label: str
    radar: Radar
    previous: str | None = None
    rationales: dict[str, str] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    municipality: str | None = None
    author: str | None = None
    created_at: dt.datetime | None = None

    def to_answers(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "previous": self.previous,
            "radar": to_dict(self.radar),
            "rationales": dict(self.rationales),
            "retired": dict(self.retired),
        }

    @classmethod
    def from_submission(cls, sub: Submission) -> Edition:
        a = sub.answers
        return cls(
            label=str(a.get("label", "")),
            radar=from_dict(a["radar"]),
            previous=a.get("previous"),
            rationales=dict(a.get("rationales") or {}),
            retired=dict(a.get("retired") or {}),
            municipality=sub.municipality,
            author=sub.respondent,
            created_at=sub.created_at,
        )


def missing_rationales(
    previous: Radar | None,
    radar: Radar,
    rationales: Mapping[str, str],
    retired: Mapping[str, str] | None = None,
) -> list[str]:
    """Names of blips that moved or were retired without a rationale."""
    if previous is None:
        return []
    given = {k: v for k, v in {**dict(rationales), **dict(retired or {})}.items() if v and str(v).strip()}
    table = diff(previous, radar)
    need = table[table["change"].isin(NEEDS_RATIONALE)]
    old = {b.id: b.rationale for b in previous.blips}
    return [
        row.name
        for row in need.itertuples()
        if row.id not in given and not _fresh(row.rationale, old.get(row.id, ""))
    ]


def _fresh(text: str | None, old: str) -> bool:
    """A rationale already on a blip counts only when it is not the one from the previous edition."""
    return bool(text and text.strip() and text.strip() != (old or "").strip())


def make_edition(
    radar: Radar,
    label: str,
    *,
    previous: Edition | Radar | None = None,
    rationales: Mapping[str, str] | None = None,
    retired: Mapping[str, str] | None = None,
    municipality: str | None = None,
    author: str | None = None,
) -> Edition:
    """An edition of ``radar``: statuses computed from ``previous``, each rationale stored on its blip.

    Raises RadarError naming every moved or retired blip that has no rationale.
    """
    if not label or not str(label).strip():
        raise RadarError("radar.error.edition_label")
    prev_radar = previous.radar if isinstance(previous, Edition) else previous
    prev_label = previous.label if isinstance(previous, Edition) else (previous.edition if previous else None)
    rationales = {k: str(v).strip() for k, v in (rationales or {}).items() if v and str(v).strip()}
    ids = set(radar.ids())
    unknown = [k for k in rationales if k not in ids]
    if unknown:
        raise RadarError("radar.error.rationale_unknown", names=", ".join(unknown))
    missing = missing_rationales(prev_radar, radar, rationales, retired)
    if missing:
        raise RadarError("radar.error.rationale_missing", names=", ".join(missing))
    updated = with_statuses(prev_radar, radar)
    old = {b.id: b.rationale for b in prev_radar.blips} if prev_radar else {}
    updated = updated.with_blips(
        (
            replace(
                b,
                rationale=rationales.get(b.id)
                or (b.rationale if _fresh(b.rationale, old.get(b.id, "")) else ""),
            )
            for b in updated.blips
        ),
        edition=str(label),
    )
    return Edition(
        label=str(label),
        radar=updated,
        previous=prev_label,
        rationales={b.id: b.rationale for b in updated.blips if b.rationale and b.status in NEEDS_RATIONALE},
        retired={k: str(v).strip() for k, v in (retired or {}).items()},
        municipality=municipality,
        author=author,
    )


def save_edition(
    store: Store, edition: Edition, *, respondent: str, municipality: str | None = None
) -> Submission:
    """Append an edition to the store; earlier editions stay as they were."""
    return store.save(
        respondent,
        EDITION_INSTRUMENT,
        edition.to_answers(),
        status="final",
        municipality=municipality or edition.municipality,
        meta={"label": edition.label, "blips": len(edition.radar.blips)},
    )


def load_editions(store: Store, *, municipality: str | None = None) -> list[Edition]:
    """Every saved edition (of one municipality), oldest first."""
    subs = store.submissions(EDITION_INSTRUMENT, municipality=municipality, status="final", latest=False)
    return [Edition.from_submission(s) for s in subs]


def history(editions: Iterable[Edition | Radar], blip: str, *, language: str | None = None) -> pd.DataFrame:
    """A blip across editions, oldest first: ring, status and rationale in each (absent = not on it)."""
    rows = []
    wanted = match_key(blip)
    for item in editions:
        radar = item.radar if isinstance(item, Edition) else item
        label = item.label if isinstance(item, Edition) else radar.edition
        found = next(
            (b for b in radar.blips if wanted in (b.id, match_key(b.name), match_key(b.label(language)))),
            None,
        )
        retired_note = item.retired.get(blip, "") if isinstance(item, Edition) else ""
        rows.append(
            {
                "edition": label,
                "ring": radar.config.ring(found.ring).label_in(language) if found else None,
                "status": found.status if found else ("retired" if retired_note else None),
                "rationale": (found.field_in("rationale", language) if found else retired_note) or "",
            }
        )
    frame = pd.DataFrame(rows, columns=["edition", "ring", "status", "rationale"])
    if frame["ring"].isna().all() and not (frame["status"] == "retired").any():
        raise RadarError("radar.error.unknown_blip", value=blip, suggestions="-")
    return frame
