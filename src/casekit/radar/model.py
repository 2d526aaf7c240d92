"""The radar model: rings, quadrants, blips and radars, and the rules that keep them valid.

A :class:`RadarConfig` holds the rings (1–4, innermost first) and quadrants (2–6). Each has a stable
``key`` and a label per language. Names match ignoring case and whitespace, and a name matches a ring or
quadrant by its key or by its label in any language (``"Ta i bruk"``, ``"adopt"`` and ``" ADOPT "`` are
the same ring of the municipal default).

A :class:`Blip` is one technology. A :class:`Radar` is a config plus its blips. Problems found while
reading or checking a radar are :class:`Problem` objects: errors stop a radar from being built, notices
(such as a name whose stray whitespace was normalised) are reported but do not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from typing import Any

import pandas as pd

from .. import i18n
from ..errors import RadarError

#: Blip statuses, in BYOR's order. "moved in" means towards the centre (towards adopting).
STATUSES = ("new", "moved_in", "moved_out", "no_change")
MIN_RINGS, MAX_RINGS = 1, 4
MIN_QUADRANTS, MAX_QUADRANTS = 2, 6
#: Optional blip fields, in the order they are written to files.
OPTIONAL_FIELDS = ("pros", "cons", "used_by", "owner", "rationale", "link")

Text = str | Mapping[str, str]


def match_key(name: Any) -> str:
    """The form names are compared in: Unicode-normalised, case-folded, all whitespace collapsed."""
    text = unicodedata.normalize("NFC", str(name))
    return re.sub(r"\s+", " ", text).strip().casefold()


def clean_name(name: Any) -> str:
    """A blip name with line breaks, tabs and repeated spaces collapsed into single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(name))).strip()


def slug(name: str) -> str:
    """A stable id from a name: ``"KS Fiks – SvarUt"`` → ``"ks-fiks-svarut"``."""
    text = match_key(name).replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "blip"


def text_in(value: Text | None, language: str | None = None) -> str:
    """Pick a language from a text mapping; a plain string is the same in every language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    code = i18n.check_language(language or i18n.get_language())
    if code in value:
        return value[code]
    return next(iter(value.values()), "")


@dataclass(frozen=True)
class Problem:
    """One problem in a radar. ``where`` is ``("row", 5)`` for a spreadsheet row (the header is row 1),
    ``("entry", 3)`` for the 3rd entry of a JSON list, or None when it concerns the whole file."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    where: tuple[str, int] | None = None
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def row(self) -> int | None:
        return self.where[1] if self.where else None

    def message(self, language: str | None = None) -> str:
        params = {k: v.render(language) if hasattr(v, "render") else v for k, v in self.params.items()}
        text = i18n.t(self.key, language=language, **params)
        if self.where is None:
            return text
        place = i18n.t(f"radar.where.{self.where[0]}", language=language, n=self.where[1])
        return f"{place}: {text}"


@dataclass(frozen=True)
class _Segment:
    """A ring or a quadrant: a key, a label per language and an optional colour."""

    key: str
    label: dict[str, str]
    color: str | None = None

    def label_in(self, language: str | None = None) -> str:
        return text_in(self.label, language)


class Ring(_Segment):
    pass


class Quadrant(_Segment):
    pass


@dataclass(frozen=True)
class RadarConfig:
    """Rings (innermost first) and quadrants. Use :func:`default_config` for the municipal default."""

    rings: tuple[Ring, ...]
    quadrants: tuple[Quadrant, ...]
    title: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not MIN_RINGS <= len(self.rings) <= MAX_RINGS:
            raise RadarError(
                "radar.error.ring_count", count=len(self.rings), minimum=MIN_RINGS, maximum=MAX_RINGS
            )
        if not MIN_QUADRANTS <= len(self.quadrants) <= MAX_QUADRANTS:
            raise RadarError(
                "radar.error.quadrant_count",
                count=len(self.quadrants),
                minimum=MIN_QUADRANTS,
                maximum=MAX_QUADRANTS,
            )
        for kind, items in (("ring", self.rings), ("quadrant", self.quadrants)):
            seen: dict[str, str] = {}
            for item in items:
                for name in (item.key, *item.label.values()):
                    k = match_key(name)
                    if k in seen and seen[k] != item.key:
                        raise RadarError("radar.error.config_clash", kind=kind, name=name)
                    seen[k] = item.key

    @property
    def ring_keys(self) -> list[str]:
        return [r.key for r in self.rings]

    @property
    def quadrant_keys(self) -> list[str]:
        return [q.key for q in self.quadrants]

    def ring(self, name: str) -> Ring:
        found = self.find_ring(name)
        if found is None:
            raise RadarError("radar.error.unknown_ring", value=name, choices=self.choices("ring"))
        return found

    def quadrant(self, name: str) -> Quadrant:
        found = self.find_quadrant(name)
        if found is None:
            raise RadarError("radar.error.unknown_quadrant", value=name, choices=self.choices("quadrant"))
        return found

    def find_ring(self, name: Any) -> Ring | None:
        return _find(self.rings, name)

    def find_quadrant(self, name: Any) -> Quadrant | None:
        return _find(self.quadrants, name)

    def ring_index(self, name: str) -> int:
        return self.ring_keys.index(self.ring(name).key)

    def quadrant_index(self, name: str) -> int:
        return self.quadrant_keys.index(self.quadrant(name).key)

    def choices(self, kind: str, language: str | None = None) -> str:
        items = self.rings if kind == "ring" else self.quadrants
        return ", ".join(text_in(i.label, language) for i in items)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": dict(self.title),
            "rings": [{"key": r.key, "label": dict(r.label), "color": r.color} for r in self.rings],
            "quadrants": [{"key": q.key, "label": dict(q.label), "color": q.color} for q in self.quadrants],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RadarConfig:
        """Build a config from ``{"rings": [...], "quadrants": [...]}``; each item is a name or a mapping
        with ``key`` and ``label`` (a text or ``{"nb": ..., "en": ...}``)."""

        def items(kind: str, maker: type) -> tuple[Any, ...]:
            raw = data.get(kind)
            if not isinstance(raw, list):
                raise RadarError("radar.error.config_missing", field=kind)
            out = []
            for item in raw:
                if isinstance(item, str):
                    out.append(maker(key=slug(item), label={"nb": item, "en": item, "nn": item}))
                else:
                    label = item.get("label", item.get("name", item.get("key", "")))
                    label = (
                        dict(label) if isinstance(label, Mapping) else {"nb": label, "en": label, "nn": label}
                    )
                    out.append(maker(key=item.get("key") or slug(text_in(label)), label=label))
                    if item.get("color"):
                        out[-1] = replace(out[-1], color=item["color"])
            return tuple(out)

        title = data.get("title") or {}
        return cls(
            rings=items("rings", Ring),
            quadrants=items("quadrants", Quadrant),
            title=dict(title) if isinstance(title, Mapping) else {"nb": title, "en": title, "nn": title},
        )


def _find(items: Iterable[Ring | Quadrant], name: Any) -> Any:
    if name is None:
        return None
    wanted = match_key(name)
    for item in items:
        if wanted == match_key(item.key) or any(wanted == match_key(v) for v in item.label.values()):
            return item
    return None


def default_config() -> RadarConfig:
    """The municipal default: four quadrants and the rings Ta i bruk / Prøv ut / Utforsk / Avvent."""
    return RadarConfig(
        rings=(
            Ring("adopt", {"nb": "Ta i bruk", "en": "Adopt", "nn": "Ta i bruk"}),
            Ring("trial", {"nb": "Prøv ut", "en": "Trial", "nn": "Prøv ut"}),
            Ring("assess", {"nb": "Utforsk", "en": "Assess", "nn": "Utforsk"}),
            Ring("hold", {"nb": "Avvent", "en": "Hold", "nn": "Avvent"}),
        ),
        quadrants=(
            Quadrant(
                "citizen_services",
                {"nb": "Innbyggertjenester", "en": "Citizen services", "nn": "Innbyggjartenester"},
            ),
            Quadrant(
                "welfare_health",
                {
                    "nb": "Velferdsteknologi og helse",
                    "en": "Welfare technology & health",
                    "nn": "Velferdsteknologi og helse",
                },
            ),
            Quadrant("data_ai", {"nb": "Data og KI", "en": "Data & AI", "nn": "Data og KI"}),
            Quadrant(
                "platforms",
                {
                    "nb": "Plattformer og infrastruktur",
                    "en": "Platforms & infrastructure",
                    "nn": "Plattformer og infrastruktur",
                },
            ),
        ),
        title={
            "nb": "Teknologiradar for kommunen",
            "en": "Municipal technology radar",
            "nn": "Teknologiradar for kommunen",
        },
    )


@dataclass(frozen=True)
class Blip:
    """One technology on the radar. ``quadrant`` and ``ring`` are keys of the radar's config.

    ``description`` is a text or a ``{"nb": ..., "en": ...}`` mapping and may hold the small set of HTML
    tags BYOR allows; it is sanitised whenever it is shown. ``extra`` keeps any further columns.
    """

    name: str
    quadrant: str
    ring: str
    status: str = "no_change"
    description: Text = ""
    pros: str = ""
    cons: str = ""
    used_by: str = ""
    owner: str = ""
    rationale: str = ""
    link: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", slug(self.name))
        if self.status not in STATUSES:
            raise RadarError("radar.error.unknown_status", value=self.status, choices=", ".join(STATUSES))
        if isinstance(self.description, Mapping):
            object.__setattr__(self, "description", dict(self.description))

    def label(self, language: str | None = None) -> str:
        """The display name: ``name_<language>`` from the extra columns when present, else ``name``."""
        code = i18n.check_language(language or i18n.get_language())
        return self.extra.get(f"name_{code}") or self.name

    def description_in(self, language: str | None = None) -> str:
        return text_in(self.description, language)

    def field_in(self, name: str, language: str | None = None) -> str:
        """A free-text field (``rationale``, ``pros`` …) in ``language``: the ``<name>_<language>`` column
        when the file has one (the sample radars' ``rationale_en``, ``rationale_nn``), else the field as
        written."""
        code = i18n.check_language(language or i18n.get_language())
        return self.extra.get(f"{name}_{code}") or getattr(self, name) or ""


def normalise_status(value: Any) -> str | None:
    """BYOR's ``New``/``Moved In``/``Moved Out``/``No Change`` (any case/spacing) to a status key."""
    key = re.sub(r"[\s_\-]+", "_", match_key(value))
    aliases = {
        "new": "new",
        "ny": "new",
        "moved_in": "moved_in",
        "flyttet_inn": "moved_in",
        "moved_out": "moved_out",
        "flyttet_ut": "moved_out",
        "no_change": "no_change",
        "uendret": "no_change",
        "": "no_change",
    }
    return aliases.get(key)


@dataclass(frozen=True)
class Radar:
    """A config and its blips. ``notices`` keeps what was normalised while reading (never silently)."""

    config: RadarConfig
    blips: tuple[Blip, ...]
    title: str = ""
    edition: str = ""
    notices: tuple[Problem, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blips", tuple(self.blips))
        problems = check_blips(self.config, self.blips)
        if problems:
            raise RadarError("radar.error.invalid_data", problems=problems)

    def __len__(self) -> int:
        return len(self.blips)

    def __iter__(self):
        return iter(self.blips)

    def get(self, name_or_id: str) -> Blip:
        wanted = match_key(name_or_id)
        for b in self.blips:
            if wanted in (b.id, match_key(b.name)) or any(
                wanted == match_key(v) for k, v in b.extra.items() if k.startswith("name_")
            ):
                return b
        raise RadarError(
            "radar.error.unknown_blip", value=name_or_id, suggestions=_close(name_or_id, self.names())
        )

    def names(self) -> list[str]:
        return [b.name for b in self.blips]

    def ids(self) -> list[str]:
        return [b.id for b in self.blips]

    def with_blips(self, blips: Iterable[Blip], **changes: Any) -> Radar:
        return replace(self, blips=tuple(blips), **changes)

    def sorted(self) -> Radar:
        """Blips ordered by quadrant, ring and name (the order files are written in)."""
        q = {k: i for i, k in enumerate(self.config.quadrant_keys)}
        r = {k: i for i, k in enumerate(self.config.ring_keys)}
        return self.with_blips(
            sorted(self.blips, key=lambda b: (q[b.quadrant], r[b.ring], match_key(b.name)))
        )

    def to_frame(self, language: str | None = None) -> Any:
        """One row per blip with labels in ``language``: id, name, quadrant, ring, status, description."""
        rows = []
        for b in self.blips:
            rows.append(
                {
                    "id": b.id,
                    "name": b.label(language),
                    "quadrant": self.config.quadrant(b.quadrant).label_in(language),
                    "ring": self.config.ring(b.ring).label_in(language),
                    "status": b.status,
                    "description": b.description_in(language),
                }
            )
        return pd.DataFrame(rows, columns=["id", "name", "quadrant", "ring", "status", "description"])


def _close(value: str, names: list[str]) -> str:
    return ", ".join(get_close_matches(value, names, n=3, cutoff=0.5)) or "-"


def check_blips(config: RadarConfig, blips: Iterable[Blip]) -> list[Problem]:
    """Problems with blips already built: unknown ring/quadrant keys, empty and duplicate names/ids."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for n, b in enumerate(blips, start=1):
        where = ("entry", n)
        if not clean_name(b.name):
            problems.append(Problem("radar.problem.empty_name", {}, where))
        if b.ring not in config.ring_keys:
            problems.append(
                Problem(
                    "radar.problem.unknown_ring",
                    {"value": b.ring, "choices": config.choices("ring"), "also": ""},
                    where,
                )
            )
        if b.quadrant not in config.quadrant_keys:
            problems.append(
                Problem(
                    "radar.problem.unknown_quadrant",
                    {"value": b.quadrant, "choices": config.choices("quadrant"), "also": ""},
                    where,
                )
            )
        key = b.id
        if key in seen:
            problems.append(Problem("radar.problem.duplicate", {"name": b.name, "first": seen[key]}, where))
        else:
            seen[key] = n
    return problems
