"""Reading radars: BYOR CSV and JSON, Zalando's ``entries`` JSON, our tidy CSV and our JSON.

Every reader turns its file into raw :class:`~casekit.radar.building.Record` objects and hands them to
:func:`casekit.radar.building.build`, which checks every row and reports *all* problems at once, each
with its row and the fix. A blank row is reported as a notice, never dropped silently.

Radars come from other organisations too, so a file is read as a person would read it. Common ring
words (Thoughtworks' Adopt/Trial/Assess/Hold, BRUK/VURDER/AVSTÅ, Prøv/Utforsk/Avvent …) are read as the
municipal rings, and a file whose quadrants are all its own (a standard BYOR sheet's Techniques, Tools,
Platforms, Languages & Frameworks) keeps them; a notice says what the file is and how it was read.
Names that differ only by case, spacing, punctuation or slug form are reported as likely the same, with
their rows. A radar holds at most :data:`~casekit.radar.building.MAX_BLIPS` blips and as many quadrants
as its format supports.

    >>> from casekit.radar.reading import read
    >>> r = read("team.csv", rings={"BRUK": "Ta i bruk", "VURDER": "Utforsk", "AVSTÅ": "Avvent"})
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import i18n
from ..errors import RadarError
from .building import (
    BYOR_QUADRANTS,
    FORMATS,
    MAX_BLIPS,
    REQUIRED_COLUMNS,
    ZALANDO_MOVED,
    Record,
    build,
    column,
    likely_same,
    likeness,
    ring_word,
    text_of,
)
from .model import (
    MAX_QUADRANTS,
    MAX_RINGS,
    Problem,
    Quadrant,
    Radar,
    RadarConfig,
    Ring,
    clean_name,
    default_config,
    match_key,
    slug,
)

#: Formats that draw exactly four quadrants.
FOUR_QUADRANTS = ("byor-csv", "byor-json", "zalando")
BYOR_CSV_COLUMNS = {"name", "ring", "quadrant", "isnew", "description"}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def read(
    source: str | Path,
    *,
    format: str | None = None,
    config: RadarConfig | str | None = None,
    rings: Mapping[str, str] | None = None,
    quadrants: Mapping[str, str] | None = None,
    title: str = "",
    edition: str = "",
) -> Radar:
    """Read a radar file. ``format`` is detected from the extension and content when None.

    ``config`` is the radar the names must fit (default: the municipal default; ``"infer"`` takes the
    rings and quadrants in the order the file first names them). ``rings`` and ``quadrants`` map foreign
    names to the radar's own in one call, e.g. ``rings={"BRUK": "Ta i bruk", "AVSTÅ": "Avvent"}``.
    Raises RadarError listing every problem with its row; notices are kept on ``radar.notices``.
    """
    radar, problems = _read(source, format, config, rings, quadrants, title, edition)
    errors = [p for p in problems if p.is_error]
    if errors or radar is None:  # the errors first, then the notices that explain the reading
        ordered = errors + [p for p in problems if not p.is_error]
        raise RadarError("radar.error.file_invalid", problems=ordered, file=str(source))
    return radar


def validate_file(
    source: str | Path,
    *,
    format: str | None = None,
    config: RadarConfig | str | None = None,
    rings: Mapping[str, str] | None = None,
    quadrants: Mapping[str, str] | None = None,
) -> tuple[Radar | None, list[Problem]]:
    """Every problem and notice in a radar file, and the radar when there are no errors."""
    return _read(source, format, config, rings, quadrants, "", "")


def read_text(text: str, *, format: str = "csv", **kwargs: Any) -> Radar:
    """Read a radar from a string (for widgets and tests)."""
    radar, problems = _parse(text, format, "<text>", **_defaults(kwargs))
    if radar is None or any(p.is_error for p in problems):
        raise RadarError("radar.error.file_invalid", problems=problems, file="<text>")
    return radar


def from_dict(data: Mapping[str, Any]) -> Radar:
    """The inverse of :func:`casekit.radar.writing.to_dict` (used for editions kept in the store)."""
    config = RadarConfig.from_dict(data["config"])
    records, problems = _json_records(list(data.get("blips", [])))
    radar, more = build(records, config, title=data.get("title", ""), edition=data.get("edition", ""))
    if radar is None:
        raise RadarError("radar.error.file_invalid", problems=problems + more, file="<store>")
    return radar


def detect_format(path: Path, text: str) -> str:
    """``csv`` for .csv/.tsv/.txt files; for JSON ``zalando`` (has ``entries``), ``json`` (has ``blips``)
    or ``byor-json`` (a list)."""
    if path.suffix.lower() != ".json":
        return "csv"
    data = _json(text, str(path))
    if isinstance(data, dict) and "entries" in data:
        return "zalando"
    if isinstance(data, dict) and "blips" in data:
        return "json"
    return "byor-json"


def _defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "config": kwargs.get("config"),
        "rings": kwargs.get("rings"),
        "quadrants": kwargs.get("quadrants"),
        "title": kwargs.get("title", ""),
        "edition": kwargs.get("edition", ""),
    }


def _json(text: str, label: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RadarError("radar.error.bad_json", file=label, line=exc.lineno, reason=exc.msg) from None


def _read(source, format, config, rings, quadrants, title, edition):
    path = Path(source)
    if not path.is_file():
        raise RadarError("radar.error.no_file", file=str(path))
    data = path.read_bytes()
    as_json = (format or "").endswith(("json", "zalando")) or path.suffix.lower() == ".json"
    head = data[:8192]
    if head.startswith((_ZIP, _OLE)):  # an Excel workbook (or another zipped document)
        raise RadarError("radar.error.spreadsheet", file=str(path))
    if b"\x00" in head:
        raise RadarError("radar.error.binary_json" if as_json else "radar.error.binary", file=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RadarError(
            "radar.error.encoding_json" if as_json else "radar.error.encoding", file=str(path), line=line
        ) from None
    fmt = format or detect_format(path, text)
    return _parse(
        text,
        fmt,
        str(path),
        config=config,
        rings=rings,
        quadrants=quadrants,
        title=title or path.stem,
        edition=edition,
    )


def _parse(text, fmt, label, *, config, rings, quadrants, title, edition):
    fmt = fmt.lower()
    if fmt in ("csv", "byor-csv", "tidy", "tidy-csv"):
        records, problems = _csv_records(text)
        file_config = None
    elif fmt in ("json", "byor-json", "zalando"):
        records, problems, file_config, title, edition = _json_file(_json(text, label), fmt, title, edition)
    else:
        raise RadarError("radar.error.unknown_format", value=fmt, choices=", ".join(FORMATS))
    if any(p.is_error for p in problems) and not records:
        return None, problems
    if len(records) > MAX_BLIPS:
        too_many = Problem(
            "radar.problem.too_many_blips",
            {"count": len(records), "limit": MAX_BLIPS},
            records[MAX_BLIPS].where,
        )
        return None, [*problems, too_many]
    kind = _file_kind(fmt, records)
    cfg, rings, quadrants, found = _choose_config(config, file_config, records, rings, quadrants, kind)
    if cfg is None:
        return None, problems + found
    radar, more = build(records, cfg, rings=rings, quadrants=quadrants, title=title, edition=edition)
    everything = problems + found + more
    if radar is not None:  # what was read how, and what was skipped, stays with the radar
        radar = replace(radar, notices=tuple(p for p in everything if not p.is_error))
    return radar, everything


def _file_kind(fmt: str, records: list[Record]) -> str:
    """What the file is: ``byor-csv`` when a CSV has exactly BYOR's columns, else the format."""
    if fmt in ("csv", "byor-csv", "tidy", "tidy-csv"):
        columns = set().union(*(r.values for r in records)) if records else set()
        return "byor-csv" if "isnew" in columns and columns <= BYOR_CSV_COLUMNS else "csv"
    return fmt


def _json_file(data: Any, fmt: str, title: str, edition: str):
    """Records, problems, the file's own config (if any), title and edition of a JSON radar."""
    if fmt == "zalando":
        records, problems, file_config = _zalando_records(data)
        if isinstance(data, dict):
            title = data.get("title") or title
            edition = str(data.get("date") or edition)
        return records, problems, file_config, title, edition
    if fmt == "json" and isinstance(data, dict):
        records, problems = _json_records(data.get("blips"))
        file_config = RadarConfig.from_dict(data["config"]) if "config" in data else None
        return records, problems, file_config, data.get("title") or title, data.get("edition") or edition
    records, problems = _json_records(data)
    return records, problems, None, title, edition


def _choose_config(config, file_config, records, rings, quadrants, kind):
    """The config to read against, the ring and quadrant mappings to use, and problems or notices.

    The config is None when the file's own names cannot make a radar (too many, or likely the same)."""
    rings, quadrants = dict(rings or {}), dict(quadrants or {})
    limit = 4 if kind in FOUR_QUADRANTS else MAX_QUADRANTS
    if isinstance(config, RadarConfig):
        return config, rings, quadrants, []
    if config == "infer":
        cfg, problems = _infer_config(records, rings, quadrants, limit)
        return cfg, rings, quadrants, problems
    if config is not None:
        raise RadarError("radar.error.bad_config_arg", value=repr(config))
    if file_config is not None:
        default = default_config()
        fits = all(default.find_ring(r.label_in()) for r in file_config.rings) and all(
            default.find_quadrant(q.label_in()) for q in file_config.quadrants
        )
        if fits and len(file_config.rings) == len(default.rings):
            return default, rings, quadrants, []
        return file_config, rings, quadrants, []
    return _read_as_municipal(records, rings, quadrants, kind, limit)


def _read_as_municipal(records, rings, quadrants, kind, limit):
    """A file without its own config, read against the municipal rings: common ring words are read as
    those rings, and quadrants that are all the file's own are kept. A notice says how it was read."""
    default = default_config()
    mapped = {match_key(k) for k in rings}
    auto = {}
    for name in _names(records, "ring"):
        if default.find_ring(name) is None and match_key(name) not in mapped and ring_word(name):
            auto[name] = default.ring(ring_word(name)).label_in()
    rings = {**auto, **rings}
    maps = {match_key(k): v for k, v in quadrants.items()}
    file_quadrants = [maps.get(match_key(n), n) for n in _names(records, "quadrant")]
    # A standard BYOR sheet keeps its quadrants even though its "Platforms" is the internal key of one of
    # casekit's; otherwise the file's quadrants are its own when none of them is one of casekit's.
    byor = {likeness(n) for n in file_quadrants} == {likeness(q) for q in BYOR_QUADRANTS}
    own = bool(file_quadrants) and (byor or not any(default.find_quadrant(n) for n in file_quadrants))
    cfg = default
    if own:
        segments, problems = _segments(records, "quadrant", quadrants, limit)
        if problems:
            return None, rings, quadrants, problems
        cfg = RadarConfig(default.rings, segments, dict(default.title))
    read_as = {
        name: (rings.get(name) or default.find_ring(name).label_in())
        for name in _names(records, "ring")
        if name in rings or default.find_ring(name) is not None
    }
    if not (auto or own):
        return cfg, rings, quadrants, []  # casekit's own rings and quadrants: nothing to explain
    notice = Problem(
        "radar.problem.recognised",
        {
            "kind": _Kind(kind),
            "count": len(records),
            "rings": _RingsRead(tuple(read_as.items())),
            "quadrants": _QuadrantsRead(tuple(q.label_in() for q in cfg.quadrants) if own else ()),
        },
        severity="notice",
    )
    return cfg, rings, quadrants, [notice]


def _names(records: list[Record], kind: str) -> dict[str, list[tuple[str, int]]]:
    """The file's names for rings or quadrants, in the order first used, each with its rows. Names that
    differ only in case or spacing are one name (the first spelling)."""
    first: dict[str, str] = {}
    out: dict[str, list[tuple[str, int]]] = {}
    for rec in records:
        value = rec.values.get(kind)
        if value is None or not str(value).strip():
            continue
        name = first.setdefault(match_key(value), clean_name(value))
        out.setdefault(name, []).append(rec.where)
    return out


def _segments(records, kind, maps, limit):
    """The file's own rings or quadrants (after the user's mappings), or problems: names that are likely
    the same one, or more of them than the format supports."""
    maps = {match_key(k): v for k, v in (maps or {}).items()}
    names: dict[str, list[tuple[str, int]]] = {}
    for name, wheres in _names(records, kind).items():
        names.setdefault(clean_name(maps.get(match_key(name), name)), []).extend(wheres)
    alike: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for name, wheres in names.items():
        alike.setdefault(likeness(name), {})[name] = wheres
    problems = likely_same(kind, alike)
    if not problems and len(names) > limit:
        listed = ", ".join(f"«{n}» ({len(w)})" for n, w in names.items())
        problems.append(
            Problem(f"radar.problem.too_many_{kind}s", {"count": len(names), "limit": limit, "names": listed})
        )
    maker = Ring if kind == "ring" else Quadrant
    return tuple(maker(slug(n), {"nb": n, "en": n}) for n in names), problems


def _infer_config(records, rings, quadrants, limit) -> tuple[RadarConfig | None, list[Problem]]:
    """Rings and quadrants in the order the file first names them (BYOR's rule)."""
    ring_segments, problems = _segments(records, "ring", rings, MAX_RINGS)
    quadrant_segments, more = _segments(records, "quadrant", quadrants, limit)
    if problems or more:
        return None, problems + more
    return RadarConfig(rings=ring_segments, quadrants=quadrant_segments), []


class _Kind:
    """What kind of file this is, in the reader's language."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def render(self, language: str | None = None) -> str:
        return i18n.t(f"radar.kind.{self.kind}", language=language)


class _RingsRead:
    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self.pairs = pairs

    def render(self, language: str | None = None) -> str:
        read = ", ".join(f"{name} → {label}" for name, label in self.pairs)
        return i18n.t("radar.problem.rings_read", language=language, pairs=read or "-")


class _QuadrantsRead:
    def __init__(self, own: tuple[str, ...]) -> None:
        self.own = own

    def render(self, language: str | None = None) -> str:
        if not self.own:
            return i18n.t("radar.problem.quadrants_municipal", language=language)
        byor = {likeness(q) for q in self.own} == {likeness(q) for q in BYOR_QUADRANTS}
        key = "radar.problem.quadrants_byor" if byor else "radar.problem.quadrants_own"
        return i18n.t(key, language=language, names=", ".join(self.own))


# --- CSV ---------------------------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    sample = text[:4096]
    first = sample.splitlines()[0] if sample else ""
    if first.count(";") > first.count(",") and first.count(";") >= 2:
        return ";"
    if first.count("\t") >= 2:
        return "\t"
    return ","


def _csv_records(text: str) -> tuple[list[Record], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:  # the row is the one after the last row read (a header is row 1)
        where = ("row", len(rows) + 1)
        if "field larger than field limit" in str(exc):
            limit = i18n.format_number(csv.field_size_limit())
            return [], [Problem("radar.problem.field_too_large", {"limit": limit}, where)]
        return [], [Problem("radar.problem.bad_csv", {"reason": str(exc)}, where)]
    if not rows:
        return [], [Problem("radar.problem.empty_file", {})]
    header = [column(h) for h in rows[0]]
    problems = _missing_columns(header)
    if problems:
        return [], problems
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            problems.append(Problem("radar.problem.blank_row", {}, ("row", n), "notice"))
            continue
        if len(row) > len(header):
            problems.append(
                Problem(
                    "radar.problem.too_many_cells",
                    {"count": len(row), "columns": len(header)},
                    ("row", n),
                )
            )
            continue
        values = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        records.append(Record(values, ("row", n)))
    return records, problems


def _missing_columns(header: list[str]) -> list[Problem]:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    return [
        Problem(
            "radar.problem.missing_column",
            {
                "column": c,
                "found": ", ".join(h for h in header if h) or "-",
                "required": ", ".join(REQUIRED_COLUMNS),
            },
            ("row", 1),
        )
        for c in missing
    ]


# --- JSON --------------------------------------------------------------------------------------------


def _json_records(data: Any) -> tuple[list[Record], list[Problem]]:
    if not isinstance(data, list):
        return [], [Problem("radar.problem.json_shape", {})]
    records, problems = [], []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(Problem("radar.problem.json_item", {"value": str(item)[:40]}, ("entry", n)))
            continue
        values = {column(k): v for k, v in item.items()}
        records.append(Record(values, ("entry", n)))
    columns = set().union(*(r.values for r in records)) if records else set()
    for c in (c for c in REQUIRED_COLUMNS if c not in columns):
        problems.append(
            Problem(
                "radar.problem.missing_column",
                {
                    "column": c,
                    "found": ", ".join(sorted(columns)) or "-",
                    "required": ", ".join(REQUIRED_COLUMNS),
                },
            )
        )
    return records, problems


def _zalando_config(data: dict[str, Any], names: dict[str, list[str]]) -> RadarConfig | None:
    if not (names["quadrant"] and names["ring"]):
        return None
    return RadarConfig.from_dict(
        {
            "quadrants": names["quadrant"],
            "rings": [
                {"label": r.get("name", ""), "color": r.get("color")} if isinstance(r, dict) else r
                for r in data["rings"]
            ],
        }
    )


def _zalando_records(data: Any) -> tuple[list[Record], list[Problem], RadarConfig | None]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return [], [Problem("radar.problem.zalando_shape", {})], None
    names = {
        kind: [
            item.get("name", "") if isinstance(item, dict) else str(item) for item in data.get(f"{kind}s", [])
        ]
        for kind in ("quadrant", "ring")
    }
    records, problems = [], []
    for n, entry in enumerate(data["entries"], start=1):
        where = ("entry", n)
        if not isinstance(entry, dict):
            problems.append(Problem("radar.problem.json_item", {"value": str(entry)[:40]}, where))
            continue
        records.append(Record(_zalando_values(entry, names, where, problems), where))
    return records, problems, _zalando_config(data, names)


def _zalando_values(
    entry: dict[str, Any], names: dict[str, list[str]], where: tuple[str, int], problems: list[Problem]
) -> dict[str, Any]:
    """One Zalando entry in the reader's columns: ``label`` is the name, indexes become names."""
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "label":
            values["name"] = value
        elif key in ("quadrant", "ring"):
            listed = names[key]
            ok = isinstance(value, int) and not isinstance(value, bool)
            if ok and listed and 0 <= value < len(listed):
                values[key] = listed[value]
            else:
                values[f"_{key}_index"] = value
        elif key == "moved":
            status = ZALANDO_MOVED.get(value) if isinstance(value, int) else None
            if status is None:
                problems.append(Problem("radar.problem.bad_moved", {"value": repr(value)}, where))
                status = "no_change"
            values["status"] = status
        elif key == "active":
            if value is not True:
                values["active"] = text_of(value)
        else:
            values[column(key)] = value
    return values
