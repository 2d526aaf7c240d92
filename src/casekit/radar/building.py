"""Building a radar from raw records: the one place where a file's rows are checked.

Every reader (:mod:`casekit.radar.reading`) turns its file into :class:`Record` objects, whatever the
format, and hands them to :func:`build`. The builder checks every record against the radar's rings and
quadrants and reports *all* problems at once, each with its row (spreadsheet numbering: the header is
row 1) or JSON entry, and the fix. Nothing is dropped or rewritten silently: a name with stray line breaks
is reported as a notice on ``radar.notices``.

The file vocabulary that readers and writers share (column names, Zalando's ``moved`` codes) lives here
too, so :mod:`~casekit.radar.reading` and :mod:`~casekit.radar.writing` both stand on this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from .. import i18n
from .model import (
    OPTIONAL_FIELDS,
    Blip,
    Problem,
    Radar,
    RadarConfig,
    clean_name,
    match_key,
    normalise_status,
    slug,
)

#: Formats for :func:`casekit.radar.writing.write` (and the CLI's ``--to``).
FORMATS = ("csv", "json", "byor-csv", "byor-json", "zalando")
#: Zalando's ``moved``: -1 moved out, 0 no change, 1 moved in, 2 new.
ZALANDO_MOVED = {-1: "moved_out", 0: "no_change", 1: "moved_in", 2: "new"}
REQUIRED_COLUMNS = ("name", "ring", "quadrant")
#: Columns with a meaning of their own; any other column is kept in ``Blip.extra``.
KNOWN_COLUMNS = {"id", "name", "ring", "quadrant", "isnew", "status", "description", *OPTIONAL_FIELDS}
DESCRIPTION_IN = re.compile(r"description_([a-z]{2,3})")
_TRUE = {"true", "1", "yes", "ja", "y"}
_FALSE = {"false", "0", "no", "nei", "n", ""}
#: A radar holds at most this many blips: more cannot be read on a screen or a projector.
MAX_BLIPS = 500
#: A cell holds at most this many characters (a description is a few paragraphs at most).
MAX_FIELD = 10_000
#: Rows listed by number in a message before the rest are counted.
SHOWN_ROWS = 8

#: Ring words of other radars, by the municipal default's ring key: Thoughtworks' Build Your Own Radar
#: and the words Norwegian organisations commonly use in theirs.
RING_WORDS = {
    "adopt": ("adopt", "ta i bruk", "bruk", "bruk nå", "i bruk", "tatt i bruk", "anbefalt", "anbefales"),
    "trial": ("trial", "prøv ut", "prøv", "prøve ut", "prøve", "utprøving", "test ut", "pilot", "piloter"),
    "assess": ("assess", "utforsk", "utforske", "vurder", "vurdere", "undersøk", "følg med", "utred"),
    "hold": ("hold", "avvent", "avvente", "vent", "avstå", "unngå", "stopp", "fas ut", "ikke bruk"),
}
_RING_WORD = {word: key for key, words in RING_WORDS.items() for word in words}
#: Thoughtworks' four quadrants, the ones a standard BYOR sheet has.
BYOR_QUADRANTS = ("Techniques", "Tools", "Platforms", "Languages & Frameworks")
_FILLER = {"and", "og", "the", "of", "for"}


@dataclass
class Record:
    """One row or entry of a file: its values by column, and where it was (``("row", 5)``)."""

    values: dict[str, Any]
    where: tuple[str, int]


def column(name: str) -> str:
    """Header names match ignoring case and whitespace; BYOR's ``isNew`` becomes ``isnew``."""
    key = match_key(name).replace(" ", "_")
    return key if (key in KNOWN_COLUMNS or DESCRIPTION_IN.fullmatch(key)) else name.strip()


def ring_word(name: Any) -> str | None:
    """The municipal default's ring key for a common ring word (``BRUK`` → ``adopt``), else None."""
    return _RING_WORD.get(match_key(name))


def likeness(name: Any) -> str:
    """The form in which names that differ only by case, spacing, punctuation or slug form are equal:
    ``"Languages & Frameworks"``, ``"languages-and-frameworks"`` and ``"Languages and frameworks"``."""
    text = match_key(name).replace("&", " and ").replace("+", " and ")
    return "".join(w for w in slug(text).split("-") if w not in _FILLER)


@dataclass(frozen=True)
class Rows:
    """Where one name occurs: its rows (or JSON entries), rendered as ``rad 2, 6, 7 … (31 rader)``."""

    kind: str
    numbers: tuple[int, ...]

    def listed(self, start: int = 0) -> str:
        shown = ", ".join(str(n) for n in self.numbers[start : start + SHOWN_ROWS])
        return shown + (" …" if len(self.numbers) > start + SHOWN_ROWS else "")

    def render(self, language: str | None = None) -> str:
        return i18n.t(
            f"radar.rows.{self.kind}", language=language, numbers=self.listed(), count=len(self.numbers)
        )


def rows_of(wheres: list[tuple[str, int]]) -> Rows:
    return Rows(wheres[0][0] if wheres else "row", tuple(w[1] for w in wheres))


def text_of(value: Any) -> str:
    """A cell as text: booleans as ``true``/``false``, lists and mappings as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def build(
    records: list[Record],
    config: RadarConfig,
    *,
    rings: Mapping[str, str] | None = None,
    quadrants: Mapping[str, str] | None = None,
    title: str = "",
    edition: str = "",
) -> tuple[Radar | None, list[Problem]]:
    """Check raw records against ``config`` and build the radar. Returns (radar or None, problems)."""
    problems: list[Problem] = []
    builder = _Builder(
        config, _mapping(rings, config, "ring", problems), _mapping(quadrants, config, "quadrant", problems)
    )
    blips: list[Blip] = []
    first_row: dict[str, int] = {}
    alike: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for rec in records:
        _check_sizes(rec, problems)
        blip = builder.blip(rec, problems)
        if blip is None:
            continue
        if blip.id in first_row:
            problems.append(
                Problem(
                    "radar.problem.duplicate", {"name": blip.name, "first": first_row[blip.id]}, rec.where
                )
            )
            continue
        first_row[blip.id] = rec.where[1]
        alike.setdefault(likeness(blip.name), {}).setdefault(blip.name, []).append(rec.where)
        blips.append(blip)
    problems.extend(builder.unknown_names())
    problems.extend(likely_same("blip", alike))
    if any(p.is_error for p in problems):
        return None, problems
    notices = tuple(p for p in problems if not p.is_error)
    return Radar(config, tuple(blips), title=title, edition=edition, notices=notices), problems


def _check_sizes(rec: Record, problems: list[Problem]) -> None:
    for name, value in rec.values.items():
        if isinstance(value, str) and len(value) > MAX_FIELD:
            problems.append(
                Problem(
                    "radar.problem.field_too_long",
                    {"field": str(name).lstrip("_"), "length": len(value), "limit": MAX_FIELD},
                    rec.where,
                )
            )


def likely_same(kind: str, groups: dict[str, dict[str, list[tuple[str, int]]]]) -> list[Problem]:
    """One error per set of names that differ only by case, spacing, punctuation or slug form."""
    problems = []
    for names in groups.values():
        if len(names) < 2:
            continue
        listed = [_Named(name, rows_of(wheres)) for name, wheres in names.items()]  # each with its rows
        problems.append(Problem(f"radar.problem.likely_same_{kind}", {"names": _NameList(listed)}))
    return problems


@dataclass(frozen=True)
class _Named:
    name: str
    rows: Rows

    def render(self, language: str | None = None) -> str:
        return i18n.t("radar.rows.named", language=language, name=self.name, rows=self.rows.render(language))


@dataclass(frozen=True)
class _NameList:
    items: list[_Named]

    def render(self, language: str | None = None) -> str:
        return i18n.t("radar.problem.and", language=language).join(i.render(language) for i in self.items)

    def __hash__(self) -> int:
        return hash(tuple(i.name for i in self.items))


def suggest(config: RadarConfig, kind: str, name: str) -> str | None:
    """The ring or quadrant of ``config`` a foreign name most likely means, or None: a common ring word
    (``BRUK`` → Ta i bruk), the same name in another spelling, or a close misspelling. Never a guess
    beyond that."""
    items = config.rings if kind == "ring" else config.quadrants
    key = ring_word(name) if kind == "ring" else None
    for item in items:
        if item.key == key or any(likeness(v) == likeness(name) for v in (item.key, *item.label.values())):
            return item.label_in()
    labels = {match_key(v): item.label_in() for item in items for v in item.label.values()}
    close = get_close_matches(match_key(name), list(labels), n=1, cutoff=0.8)
    return labels[close[0]] if close else None


def _mapping(given, config, kind, problems) -> dict[str, str]:
    out: dict[str, str] = {}
    for foreign, own in (given or {}).items():
        target = config.find_ring(own) if kind == "ring" else config.find_quadrant(own)
        if target is None:
            problems.append(
                Problem(
                    f"radar.problem.bad_{kind}_mapping",
                    {"foreign": foreign, "value": own, "choices": config.choices(kind)},
                )
            )
            continue
        out[match_key(foreign)] = target.key
    return out


class _Builder:
    """Turns records into blips for one config, collecting the foreign ring and quadrant names it meets."""

    def __init__(self, config: RadarConfig, ring_map: dict[str, str], quad_map: dict[str, str]) -> None:
        self.config = config
        self.maps = {"ring": ring_map, "quadrant": quad_map}
        self.unknown: dict[str, dict[str, list[tuple[str, int]]]] = {"ring": {}, "quadrant": {}}

    def blip(self, rec: Record, problems: list[Problem]) -> Blip | None:
        values = rec.values
        name = self._name(rec, problems)
        ring = self._resolve("ring", rec, problems)
        quadrant = self._resolve("quadrant", rec, problems)
        status = _status(values, rec, problems)
        if not name or ring is None or quadrant is None:
            return None
        extra = {
            str(k): text_of(v)
            for k, v in values.items()
            if k
            and not str(k).startswith("_")
            and k not in KNOWN_COLUMNS
            and not DESCRIPTION_IN.fullmatch(str(k))
        }
        return Blip(
            name=name,
            quadrant=quadrant,
            ring=ring,
            status=status,
            description=_description(values),
            extra=extra,
            id=text_of(values.get("id")).strip() or slug(name),
            **{f: text_of(values.get(f)) for f in OPTIONAL_FIELDS},
        )

    def unknown_names(self) -> list[Problem]:
        """One error per foreign ring or quadrant name with every row it occurs in and what it most
        likely means; then, when there are such meanings, the one call that maps them all."""
        problems = []
        for kind, names in self.unknown.items():
            suggested = {}
            for name, wheres in names.items():
                meaning = suggest(self.config, kind, name)
                params = {"value": name, "choices": self.config.choices(kind), "also": _Also(rows_of(wheres))}
                if meaning:
                    suggested[name] = meaning
                    params["suggestion"] = meaning
                    key = f"radar.problem.unknown_{kind}_like"
                else:
                    key = f"radar.problem.unknown_{kind}"
                problems.append(Problem(key, params, wheres[0]))
            if suggested:
                example = "{" + ", ".join(f"{n!r}: {m!r}" for n, m in suggested.items()) + "}"
                flags = " ".join(f'--map-{kind} "{n}={m}"' for n, m in suggested.items())
                problems.append(
                    Problem(
                        f"radar.problem.map_{kind}s",
                        {"names": ", ".join(suggested), "example": example, "flags": flags},
                    )
                )
        return problems

    @staticmethod
    def _name(rec: Record, problems: list[Problem]) -> str:
        raw = rec.values.get("name")
        raw = "" if raw is None else str(raw)
        name = clean_name(raw)
        if not name:
            problems.append(Problem("radar.problem.empty_name", {}, rec.where))
        elif name != raw:
            problems.append(
                Problem("radar.problem.name_normalised", {"raw": raw, "name": name}, rec.where, "notice")
            )
        return name

    def _resolve(self, kind: str, rec: Record, problems: list[Problem]) -> str | None:
        config = self.config
        index = rec.values.get(f"_{kind}_index")
        keys = config.ring_keys if kind == "ring" else config.quadrant_keys
        if index is not None:
            if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(keys):
                return keys[index]
            problems.append(
                Problem(
                    "radar.problem.bad_index",
                    {"kind": kind, "value": repr(index), "maximum": len(keys) - 1},
                    rec.where,
                )
            )
            return None
        value = rec.values.get(kind)
        text = "" if value is None else str(value)
        if not text.strip():
            problems.append(
                Problem(f"radar.problem.empty_{kind}", {"choices": config.choices(kind)}, rec.where)
            )
            return None
        if match_key(text) in self.maps[kind]:
            return self.maps[kind][match_key(text)]
        found = config.find_ring(text) if kind == "ring" else config.find_quadrant(text)
        if found is None:  # reported once per name, with all its rows, by unknown_names()
            self.unknown[kind].setdefault(clean_name(text), []).append(rec.where)
            return None
        return found.key


@dataclass(frozen=True)
class _Also:
    """``, også i rad 6, 7 … (31 rader i alt)`` after the first row of a name, or nothing."""

    rows: Rows

    def render(self, language: str | None = None) -> str:
        if len(self.rows.numbers) < 2:
            return ""
        return i18n.t(
            f"radar.rows.also_{self.rows.kind}",
            language=language,
            numbers=self.rows.listed(1),
            count=len(self.rows.numbers),
        )


def _description(values: dict[str, Any]) -> Any:
    """``{"nb": ..., "en": ...}`` from ``description_<language>`` columns, else the one description."""
    descriptions = {m.group(1): text_of(v) for k, v in values.items() if (m := DESCRIPTION_IN.fullmatch(k))}
    if any(descriptions.values()):
        return descriptions
    return text_of(values.get("description"))


def _status(values: dict[str, Any], rec: Record, problems: list[Problem]) -> str:
    raw_status = values.get("status")
    if raw_status is not None and str(raw_status).strip():
        status = normalise_status(raw_status)
        if status is None:
            problems.append(
                Problem(
                    "radar.problem.bad_status",
                    {"value": str(raw_status), "choices": "New, Moved In, Moved Out, No Change"},
                    rec.where,
                )
            )
            return "no_change"
        return status
    is_new = values.get("isnew")
    if isinstance(is_new, bool):
        return "new" if is_new else "no_change"
    low = match_key(is_new or "")
    if low in _TRUE:
        return "new"
    if low not in _FALSE:
        problems.append(Problem("radar.problem.bad_isnew", {"value": str(is_new)}, rec.where))
    return "no_change"
