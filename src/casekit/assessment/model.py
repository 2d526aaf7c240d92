"""Instruments are data: versioned YAML item banks under ``datasets/instruments/``.

An item bank holds the scale (levels and the non-numeric answers such as "don't know"), the perspectives
each item is asked from (``today`` and ``ambition``, or ``required`` and ``current``), and the dimensions
with their items and a description of every level. Texts come in every language the bank lists.

The bank is validated when it is loaded. A broken bank raises :class:`~casekit.errors.ItemBankError`
naming the file, the dimension or item and the field, so a trainer with a licensed instrument can fix
their own file without reading code::

    >>> from casekit.assessment.model import load_instrument
    >>> bank = load_instrument("maturity")
    >>> [d.id for d in bank.dimensions][:3]
    ['strategy', 'leadership', 'organisation']
    >>> bank.answer_keys()[:2]
    ['ST1.today', 'ST1.ambition']
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import _paths, i18n
from .._yaml import safe_load
from ..errors import InvalidItemBankError, ItemBankError

#: The instruments shipped with casekit (also their names in the response store).
SHIPPED = ("maturity", "capabilities", "competence")
#: What a non-numeric answer option does to scoring.
COUNTS_AS = ("unanswered", "excluded")
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

Text = Mapping[str, str]


@dataclass(frozen=True)
class Option:
    """A non-numeric answer: ``dont_know`` counts as unanswered, ``not_relevant`` is excluded."""

    code: str
    label: Text
    counts_as: str


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: dict[int, Text]
    options: tuple[Option, ...]
    stages: dict[int, Text] = field(default_factory=dict)

    @property
    def levels(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def codes(self, counts_as: str) -> set[str]:
        return {o.code for o in self.options if o.counts_as == counts_as}


@dataclass(frozen=True)
class Perspective:
    id: str
    label: Text


@dataclass(frozen=True)
class Item:
    id: str
    dimension: str
    text: Text


@dataclass(frozen=True)
class Dimension:
    id: str
    label: Text
    description: Text
    levels: dict[int, Text]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Quadrant:
    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Grid:
    """A 2×2 position: dimension ``x`` against dimension ``y``, split at ``threshold``."""

    x: str
    y: str
    threshold: float
    quadrants: dict[str, Quadrant]

    def quadrant(self, x: float, y: float) -> Quadrant:
        key = f"{'high' if x >= self.threshold else 'low'}_{'high' if y >= self.threshold else 'low'}"
        return self.quadrants[key]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Text
    description: Text
    languages: tuple[str, ...]
    perspectives: tuple[Perspective, ...]
    scale: Scale
    dimensions: tuple[Dimension, ...]
    sources: tuple[dict[str, Any], ...] = ()
    grid: Grid | None = None
    gap: tuple[str, str] | None = None
    date: str | None = None
    licence: str | None = None
    path: Path | None = None

    # --- look-ups ----------------------------------------------------------------------------------------

    @property
    def items(self) -> list[Item]:
        return [item for dim in self.dimensions for item in dim.items]

    def dimension(self, dimension_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def perspective_ids(self) -> list[str]:
        return [p.id for p in self.perspectives]

    def answer_keys(self) -> list[str]:
        """Every answer key, ``<item>.<perspective>``, in questionnaire order."""
        return [key(item.id, p.id) for item in self.items for p in self.perspectives]

    def gap_perspectives(self) -> tuple[str, str] | None:
        """``(from, to)``: the gap is ``to − from`` (ambition − today, required − current)."""
        if self.gap:
            return self.gap
        if len(self.perspectives) == 2:
            return (self.perspectives[0].id, self.perspectives[1].id)
        return None

    # --- texts -------------------------------------------------------------------------------------------

    def text(self, value: Text, language: str | None = None) -> str:
        return i18n.text(value, language)

    def dimension_label(self, dimension_id: str, language: str | None = None) -> str:
        return i18n.text(self.dimension(dimension_id).label, language)

    def perspective_label(self, perspective_id: str, language: str | None = None) -> str:
        for p in self.perspectives:
            if p.id == perspective_id:
                return i18n.text(p.label, language)
        raise KeyError(perspective_id)

    def level_label(self, level: int, language: str | None = None) -> str:
        return i18n.text(self.scale.labels[level], language)

    def option_label(self, value: Any, language: str | None = None) -> str:
        option = self.scale.option(value) if isinstance(value, str) else None
        if option is not None:
            return i18n.text(option.label, language)
        return f"{value} {self.level_label(int(value), language)}"

    def citation(self) -> str:
        """The public frameworks the bank draws on, one per line."""
        lines = []
        for src in self.sources:
            year = f" ({src['year']})" if src.get("year") else ""
            publisher = f", {src['publisher']}" if src.get("publisher") else ""
            lines.append(f"{src.get('title', '')}{publisher}{year}. {src.get('url', '')}".strip())
        return "\n".join(lines)


def key(item_id: str, perspective: str) -> str:
    return f"{item_id}.{perspective}"


def split_key(answer_key: str) -> tuple[str, str]:
    item_id, _, perspective = str(answer_key).rpartition(".")
    return item_id, perspective


# --- loading -----------------------------------------------------------------------------------------------


def instruments_dir() -> Path:
    return _paths.datasets_dir() / "instruments"


def shipped() -> list[str]:
    """The names of the item banks shipped with casekit."""
    return [name for name in SHIPPED if (instruments_dir() / f"{name}.yaml").is_file()]


def load_instrument(name_or_path: str | os.PathLike[str] | Instrument) -> Instrument:
    """A validated item bank: a shipped name (``maturity``, ``capabilities``, ``competence``) or the path
    of a YAML file. Raises ItemBankError naming the file, item and field of every problem found."""
    if isinstance(name_or_path, Instrument):
        return name_or_path
    text = str(name_or_path)
    candidate = instruments_dir() / f"{text}.yaml"
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")):
        if not candidate.is_file():
            raise ItemBankError(
                "assessment.error.bank_unknown", name=text, choices=", ".join(shipped()) or "-"
            )
        path = candidate
    else:
        path = Path(text).expanduser()
        if not path.is_file():
            raise ItemBankError("assessment.error.bank_missing", file=str(path))
    path = path.resolve()
    return _load_cached(str(path), path.stat().st_mtime)


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> Instrument:
    import yaml

    file = Path(path)
    try:
        raw = safe_load(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ItemBankError("assessment.error.bank_yaml", file=file.name, line="-", reason=str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = str(mark.line + 1) if mark is not None else "-"
        reason = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        raise ItemBankError("assessment.error.bank_yaml", file=file.name, line=line, reason=reason) from None
    return parse_instrument(raw, label=file.name, path=file)


# --- validation --------------------------------------------------------------------------------------------


@dataclass
class _Checker:
    """Collects every problem in a bank, so one run lists them all."""

    label: str
    languages: tuple[str, ...] = ("nb", "en")
    problems: list[ItemBankError] = field(default_factory=list)

    def add(self, key: str, where: Any, field: str, **params: Any) -> None:
        self.problems.append(ItemBankError(key, file=self.label, where=where, field=field, **params))

    def need(self, data: Mapping[str, Any], name: str, where: Any, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(data, Mapping) or name not in data or data[name] is None:
            self.add("assessment.problem.missing", where, name)
            return None
        value = data[name]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.add("assessment.problem.type", where, name, expected=_kind_name(kind), value=_show(value))
            return None
        return value

    def text(self, data: Mapping[str, Any], name: str, where: Any, *, required: bool = True) -> Text:
        if not isinstance(data, Mapping) or data.get(name) is None:
            if required:
                self.add("assessment.problem.missing", where, name)
            return {}
        return self.translations(data[name], where, name)

    def translations(self, value: Any, where: Any, name: str) -> Text:
        if not isinstance(value, Mapping):
            self.add("assessment.problem.type", where, name, expected="{nb: …, en: …}", value=_show(value))
            return {}
        for extra, text in value.items():
            if not isinstance(text, str) and str(extra) not in self.languages:
                # ``{nb: A, b, en: C}`` in YAML: a comma inside an unquoted text splits it into keys.
                self.add("assessment.problem.text_split", where, name, value=_show(extra))
        for lang in self.languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.add("assessment.problem.language", where, f"{name}.{lang}", lang=lang)
        return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}

    def ident(self, data: Mapping[str, Any], where: Any, seen: dict[str, Any], kind: str) -> str | None:
        value = self.need(data, "id", where, str)
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value):
            self.add("assessment.problem.id_format", where, "id", value=value)
            return None
        if value in seen:
            self.add("assessment.problem.duplicate", where, "id", value=value, first=seen[value])
            return None
        seen[value] = where
        return value

    def where(self, key: str, **params: Any) -> _Place:
        return _Place(f"assessment.where.{key}", params)


@dataclass(frozen=True)
class _Place:
    """Where in a bank a problem is; rendered in the language the message is shown in (an error renders
    a parameter with a ``render(language)`` method)."""

    key: str
    params: dict[str, Any]

    def render(self, language: str | None = None) -> str:
        return i18n.t(self.key, language=language, **self.params)


@dataclass(frozen=True)
class _Kinds:
    """Expected kinds of value, named in the reader's language (``tekst / heltall``)."""

    names: tuple[str, ...]

    def render(self, language: str | None = None) -> str:
        return " / ".join(i18n.t(f"assessment.kind.{n}", language=language) for n in self.names)


def _kind_name(kind: type | tuple[type, ...] | str) -> _Kinds:
    if isinstance(kind, str):
        return _Kinds((kind,))
    names = {str: "text", int: "integer", float: "number", list: "list", dict: "mapping", Mapping: "mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return _Kinds(tuple(names.get(k, "mapping") for k in kinds))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _levels(
    check: _Checker, data: Any, where: Any, name: str, levels: list[int], *, required: bool = True
) -> dict[int, Text]:
    """A mapping level → text with every level of the scale described (and no others)."""
    if data is None:
        if required:
            check.add("assessment.problem.missing", where, name)
        return {}
    if not isinstance(data, Mapping):
        check.add("assessment.problem.type", where, name, expected=_kind_name("mapping"), value=_show(data))
        return {}
    found: dict[int, Text] = {}
    for raw_level, text in data.items():
        try:
            level = int(raw_level)
        except (TypeError, ValueError):
            check.add("assessment.problem.level_unknown", where, f"{name}.{raw_level}", level=raw_level)
            continue
        if levels and level not in levels:
            check.add(
                "assessment.problem.level_unknown", where, f"{name}.{level}", level=level, levels=levels
            )
            continue
        found[level] = check.translations(text, where, f"{name}.{level}")
    if levels:
        for level in levels:
            if level not in found:
                check.add(
                    "assessment.problem.level_missing",
                    where,
                    f"{name}.{level}",
                    level=level,
                    min=levels[0],
                    max=levels[-1],
                )
    return found


def parse_instrument(raw: Any, *, label: str = "<item bank>", path: Path | None = None) -> Instrument:
    """Validate a parsed item bank and build the Instrument. Every problem is reported at once."""
    check = _Checker(label)
    top = check.where("top")
    if not isinstance(raw, Mapping):
        check.add("assessment.problem.not_mapping", top, "", value=_show(raw))
        _raise(check)
    languages = raw.get("languages", ["nb", "en"])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages) or not languages:
        check.add(
            "assessment.problem.type", top, "languages", expected=_kind_name("list"), value=_show(languages)
        )
        languages = ["nb", "en"]
    for required in i18n.available_languages():
        if required not in languages:
            check.add("assessment.problem.language_list", top, "languages", lang=required)
    check.languages = tuple(languages)

    ident = check.need(raw, "id", top, str)
    if ident is not None and not ID_PATTERN.fullmatch(ident):
        check.add("assessment.problem.id_format", top, "id", value=ident)
    version = check.need(raw, "version", top, (str, int, float))
    title = check.text(raw, "title", top)
    description = check.text(raw, "description", top, required=False)
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, Mapping) for s in sources):
        check.add(
            "assessment.problem.type", top, "sources", expected=_kind_name("list"), value=_show(sources)
        )
        sources = []

    scale = _scale(check, raw.get("scale"))
    levels = scale.levels if scale else []
    perspectives = _perspectives(check, raw.get("perspectives"))
    dimensions = _dimensions(check, raw.get("dimensions"), levels)
    dimension_ids = {d.id for d in dimensions}
    grid = _grid(check, raw.get("grid"), dimension_ids, levels)
    gap = _gap(check, raw.get("gap"), [p.id for p in perspectives])
    if check.problems:
        _raise(check)
    return Instrument(
        id=ident,
        version=str(version),
        title=title,
        description=description,
        languages=tuple(languages),
        perspectives=tuple(perspectives),
        scale=scale,
        dimensions=tuple(dimensions),
        sources=tuple(dict(s) for s in sources),
        grid=grid,
        gap=gap,
        date=str(raw["date"]) if raw.get("date") is not None else None,
        licence=raw.get("licence"),
        path=path,
    )


def _raise(check: _Checker) -> None:
    raise InvalidItemBankError(check.label, check.problems)


def _scale(check: _Checker, data: Any) -> Scale | None:
    where = check.where("scale")
    if not isinstance(data, Mapping):
        if data is None:
            check.add("assessment.problem.missing", check.where("top"), "scale")
        else:
            check.add(
                "assessment.problem.type",
                check.where("top"),
                "scale",
                expected=_kind_name("mapping"),
                value=_show(data),
            )
        return None
    low = check.need(data, "min", where, int)
    high = check.need(data, "max", where, int)
    if low is None or high is None:
        return None
    if high <= low:
        check.add("assessment.problem.scale_range", where, "max", min=low, max=high)
        return None
    levels = list(range(low, high + 1))
    labels = _levels(check, data.get("labels"), where, "labels", levels)
    stages = _levels(check, data.get("stages"), where, "stages", levels, required=False)
    options: list[Option] = []
    seen: dict[str, Any] = {}
    raw_options = data.get("options", [])
    if not isinstance(raw_options, list):
        check.add(
            "assessment.problem.type", where, "options", expected=_kind_name("list"), value=_show(raw_options)
        )
        raw_options = []
    for i, raw in enumerate(raw_options, start=1):
        owhere = check.where("option", number=i)
        code = check.need(raw, "code", owhere, str)
        if code is not None:
            if code in seen:
                check.add("assessment.problem.duplicate", owhere, "code", value=code, first=seen[code])
            seen[code] = owhere
        label = check.text(raw, "label", owhere)
        counts_as = check.need(raw, "counts_as", owhere, str)
        if counts_as is not None and counts_as not in COUNTS_AS:
            check.add(
                "assessment.problem.choice",
                owhere,
                "counts_as",
                value=counts_as,
                allowed=", ".join(COUNTS_AS),
            )
        if code is not None and counts_as in COUNTS_AS:
            options.append(Option(code, label, counts_as))
    return Scale(low, high, labels, tuple(options), stages)


def _perspectives(check: _Checker, data: Any) -> list[Perspective]:
    top = check.where("top")
    if data is None:
        return [Perspective("today", {"nb": "I dag", "en": "Today", "nn": "I dag"})]
    if not isinstance(data, list) or not data:
        check.add(
            "assessment.problem.type", top, "perspectives", expected=_kind_name("list"), value=_show(data)
        )
        return []
    seen: dict[str, Any] = {}
    found = []
    for i, raw in enumerate(data, start=1):
        where = check.where("perspective", number=i)
        ident = check.ident(raw, where, seen, "perspective")
        label = check.text(raw, "label", where)
        if ident:
            found.append(Perspective(ident, label))
    return found


def _dimensions(check: _Checker, data: Any, levels: list[int]) -> list[Dimension]:
    top = check.where("top")
    if not isinstance(data, list) or not data:
        if data is None:
            check.add("assessment.problem.missing", top, "dimensions")
        else:
            check.add(
                "assessment.problem.type", top, "dimensions", expected=_kind_name("list"), value=_show(data)
            )
        return []
    dim_seen: dict[str, Any] = {}
    item_seen: dict[str, Any] = {}
    found = []
    for i, raw in enumerate(data, start=1):
        where = check.where("dimension_number", number=i)
        ident = check.ident(raw, where, dim_seen, "dimension")
        if ident:
            where = check.where("dimension", dimension=ident)
        label = check.text(raw, "label", where)
        description = check.text(raw, "description", where, required=False)
        dim_levels = _levels(
            check, raw.get("levels") if isinstance(raw, Mapping) else None, where, "levels", levels
        )
        items = []
        raw_items = raw.get("items") if isinstance(raw, Mapping) else None
        if not isinstance(raw_items, list) or not raw_items:
            if raw_items is None:
                check.add("assessment.problem.missing", where, "items")
            else:
                check.add(
                    "assessment.problem.type",
                    where,
                    "items",
                    expected=_kind_name("list"),
                    value=_show(raw_items),
                )
            raw_items = []
        for j, raw_item in enumerate(raw_items, start=1):
            iwhere = check.where("item_number", number=j, dimension=ident or i)
            item_id = check.ident(raw_item, iwhere, item_seen, "item")
            if item_id:
                iwhere = check.where("item", item=item_id, dimension=ident or i)
            text = check.text(raw_item, "text", iwhere)
            if item_id and ident:
                items.append(Item(item_id, ident, text))
        if ident:
            found.append(Dimension(ident, label, description, dim_levels, tuple(items)))
    return found


def _grid(check: _Checker, data: Any, dimension_ids: set[str], levels: list[int]) -> Grid | None:
    if data is None:
        return None
    where = check.where("grid")
    if not isinstance(data, Mapping):
        check.add(
            "assessment.problem.type",
            check.where("top"),
            "grid",
            expected=_kind_name("mapping"),
            value=_show(data),
        )
        return None
    axes = {}
    for axis in ("x", "y"):
        value = check.need(data, axis, where, str)
        if value is not None and value not in dimension_ids:
            check.add(
                "assessment.problem.choice",
                where,
                axis,
                value=value,
                allowed=", ".join(sorted(dimension_ids)),
            )
        axes[axis] = value
    threshold = data.get("threshold", (levels[0] + levels[-1]) / 2 if levels else 3.0)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        check.add("assessment.problem.type", where, "threshold", expected="number", value=_show(threshold))
        threshold = 3.0
    quadrants = {}
    raw_quadrants = data.get("quadrants")
    if not isinstance(raw_quadrants, Mapping):
        check.add("assessment.problem.missing", where, "quadrants")
        raw_quadrants = {}
    for name in ("low_low", "high_low", "low_high", "high_high"):
        qwhere = check.where("quadrant", quadrant=name)
        raw = raw_quadrants.get(name)
        if raw is None:
            check.add("assessment.problem.missing", where, f"quadrants.{name}")
            continue
        quadrants[name] = Quadrant(
            name, check.text(raw, "label", qwhere), check.text(raw, "description", qwhere, required=False)
        )
    return Grid(axes["x"] or "", axes["y"] or "", float(threshold), quadrants)


def _gap(check: _Checker, data: Any, perspective_ids: list[str]) -> tuple[str, str] | None:
    if data is None:
        return None
    where = check.where("gap")
    if not isinstance(data, Mapping):
        check.add(
            "assessment.problem.type",
            check.where("top"),
            "gap",
            expected=_kind_name("mapping"),
            value=_show(data),
        )
        return None
    ends = []
    for end in ("from", "to"):
        value = check.need(data, end, where, str)
        if value is not None and value not in perspective_ids:
            check.add(
                "assessment.problem.choice", where, end, value=value, allowed=", ".join(perspective_ids)
            )
        ends.append(value)
    return (ends[0], ends[1]) if all(ends) else None
