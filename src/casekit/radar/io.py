"""Reading and writing radars: BYOR CSV and JSON, Zalando's ``entries`` JSON, our tidy CSV and our JSON.

Every reader turns its file into raw records and hands them to one builder. The builder checks every row
and reports *all* problems at once, each with its row (spreadsheet numbering: the header is row 1) or JSON
entry, and the fix. Nothing is dropped or rewritten silently: a blank row or a name with stray line
breaks is reported as a notice on ``radar.notices``.

    >>> from casekit import radar
    >>> r = radar.read("team.csv", rings={"BRUK": "Ta i bruk", "VURDER": "Utforsk", "AVSTÅ": "Avvent"})
    >>> radar.write(r, "team-byor.csv", format="byor-csv")
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import (
    OPTIONAL_FIELDS,
    STATUSES,
    Blip,
    Problem,
    Quadrant,
    Radar,
    RadarConfig,
    RadarError,
    Ring,
    clean_name,
    default_config,
    match_key,
    normalise_status,
    slug,
)

#: Formats for :func:`write` (and the CLI's ``--to``).
FORMATS = ("csv", "json", "byor-csv", "byor-json", "zalando")
#: Zalando's ``moved``: -1 moved out, 0 no change, 1 moved in, 2 new.
ZALANDO_MOVED = {-1: "moved_out", 0: "no_change", 1: "moved_in", 2: "new"}
_MOVED_OF = {v: k for k, v in ZALANDO_MOVED.items()}
_TRUE = {"true", "1", "yes", "ja", "y"}
_FALSE = {"false", "0", "no", "nei", "n", ""}
_REQUIRED = ("name", "ring", "quadrant")
BYOR_STATUS = {"new": "New", "moved_in": "Moved In", "moved_out": "Moved Out", "no_change": "No Change"}
_KNOWN = {"id", "name", "ring", "quadrant", "isnew", "status", "description", *OPTIONAL_FIELDS}
_DESC_LANG = re.compile(r"description_([a-z]{2,3})")


@dataclass
class _Record:
    values: dict[str, Any]
    where: tuple[str, int]


# --- reading -----------------------------------------------------------------------------------------


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
    if errors or radar is None:
        raise RadarError("radar.error.file_invalid", problems=problems, file=str(source))
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


def _defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "config": kwargs.get("config"),
        "rings": kwargs.get("rings"),
        "quadrants": kwargs.get("quadrants"),
        "title": kwargs.get("title", ""),
        "edition": kwargs.get("edition", ""),
    }


def _read(source, format, config, rings, quadrants, title, edition):
    path = Path(source)
    if not path.is_file():
        raise RadarError("radar.error.no_file", file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RadarError("radar.error.encoding", file=str(path), reason=str(exc)) from None
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


def detect_format(path: Path, text: str) -> str:
    """``csv`` for .csv/.tsv/.txt files; for JSON ``zalando`` (has ``entries``), ``json`` (has ``blips``)
    or ``byor-json`` (a list)."""
    if path.suffix.lower() != ".json":
        return "csv"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RadarError("radar.error.bad_json", file=str(path), line=exc.lineno, reason=exc.msg) from None
    if isinstance(data, dict) and "entries" in data:
        return "zalando"
    if isinstance(data, dict) and "blips" in data:
        return "json"
    return "byor-json"


def _parse(text, fmt, label, *, config, rings, quadrants, title, edition):
    fmt = fmt.lower()
    if fmt in ("csv", "byor-csv", "tidy", "tidy-csv"):
        records, problems = _csv_records(text)
        file_config = None
    elif fmt in ("json", "byor-json", "zalando"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RadarError("radar.error.bad_json", file=label, line=exc.lineno, reason=exc.msg) from None
        if fmt == "zalando":
            records, problems, file_config = _zalando_records(data)
            if isinstance(data, dict):
                title = data.get("title") or title
                edition = str(data.get("date") or edition)
        elif fmt == "json" and isinstance(data, dict):
            records, problems = _json_records(data.get("blips"))
            file_config = RadarConfig.from_dict(data["config"]) if "config" in data else None
            title = data.get("title") or title
            edition = data.get("edition") or edition
        else:
            records, problems = _json_records(data)
            file_config = None
    else:
        raise RadarError("radar.error.unknown_format", value=fmt, choices=", ".join(FORMATS))
    if any(p.is_error for p in problems) and not records:
        return None, problems
    cfg = _choose_config(config, file_config, records)
    radar, more = build(records, cfg, rings=rings, quadrants=quadrants, title=title, edition=edition)
    return radar, problems + more


def _choose_config(config, file_config, records) -> RadarConfig:
    if isinstance(config, RadarConfig):
        return config
    if config == "infer":
        return _infer_config(records)
    if config is not None:
        raise RadarError("radar.error.bad_config_arg", value=repr(config))
    if file_config is None:
        return default_config()
    default = default_config()
    fits = all(default.find_ring(r.label_in()) for r in file_config.rings) and all(
        default.find_quadrant(q.label_in()) for q in file_config.quadrants
    )
    if fits and len(file_config.rings) == len(default.rings):
        return default
    return file_config


def _infer_config(records: list[_Record]) -> RadarConfig:
    """Rings and quadrants in the order the file first names them (BYOR's rule)."""
    rings: dict[str, str] = {}
    quads: dict[str, str] = {}
    for rec in records:
        for value, out in ((rec.values.get("ring"), rings), (rec.values.get("quadrant"), quads)):
            if value is not None and str(value).strip():
                out.setdefault(match_key(value), clean_name(value))
    return RadarConfig(
        rings=tuple(Ring(slug(v), {"nb": v, "en": v}) for v in rings.values()),
        quadrants=tuple(Quadrant(slug(v), {"nb": v, "en": v}) for v in quads.values()),
    )


def _csv_records(text: str) -> tuple[list[_Record], list[Problem]]:
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample else ""
    if first.count(";") > first.count(",") and first.count(";") >= 2:
        delimiter = ";"
    elif first.count("\t") >= 2:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [Problem("radar.problem.bad_csv", {"reason": str(exc)})]
    if not rows:
        return [], [Problem("radar.problem.empty_file", {})]
    header = [_column(h) for h in rows[0]]
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
        records.append(_Record(values, ("row", n)))
    return records, problems


def _column(name: str) -> str:
    """Header names match ignoring case and whitespace; BYOR's ``isNew`` becomes ``isnew``."""
    key = match_key(name).replace(" ", "_")
    return key if (key in _KNOWN or _DESC_LANG.fullmatch(key)) else name.strip()


def _missing_columns(header: list[str]) -> list[Problem]:
    missing = [c for c in _REQUIRED if c not in header]
    return [
        Problem(
            "radar.problem.missing_column",
            {
                "column": c,
                "found": ", ".join(h for h in header if h) or "-",
                "required": ", ".join(_REQUIRED),
            },
            ("row", 1),
        )
        for c in missing
    ]


def _json_records(data: Any) -> tuple[list[_Record], list[Problem]]:
    if not isinstance(data, list):
        return [], [Problem("radar.problem.json_shape", {})]
    records, problems = [], []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(Problem("radar.problem.json_item", {"value": str(item)[:40]}, ("entry", n)))
            continue
        values = {_column(k): v for k, v in item.items()}
        records.append(_Record(values, ("entry", n)))
    columns = set().union(*(r.values for r in records)) if records else set()
    missing = [c for c in _REQUIRED if c not in columns]
    for c in missing:
        problems.append(
            Problem(
                "radar.problem.missing_column",
                {"column": c, "found": ", ".join(sorted(columns)) or "-", "required": ", ".join(_REQUIRED)},
            )
        )
    return records, problems


def _zalando_records(data: Any) -> tuple[list[_Record], list[Problem], RadarConfig | None]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return [], [Problem("radar.problem.zalando_shape", {})], None
    names = {
        kind: [
            item.get("name", "") if isinstance(item, dict) else str(item) for item in data.get(f"{kind}s", [])
        ]
        for kind in ("quadrant", "ring")
    }
    file_config = None
    if names["quadrant"] and names["ring"]:
        file_config = RadarConfig.from_dict(
            {
                "quadrants": names["quadrant"],
                "rings": [
                    {"label": r.get("name", ""), "color": r.get("color")} if isinstance(r, dict) else r
                    for r in data["rings"]
                ],
            }
        )
    records, problems = [], []
    for n, entry in enumerate(data["entries"], start=1):
        where = ("entry", n)
        if not isinstance(entry, dict):
            problems.append(Problem("radar.problem.json_item", {"value": str(entry)[:40]}, where))
            continue
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
                    values["active"] = _str(value)
            else:
                values[_column(key)] = value
        records.append(_Record(values, where))
    return records, problems, file_config


def build(
    records: list[_Record],
    config: RadarConfig,
    *,
    rings: Mapping[str, str] | None = None,
    quadrants: Mapping[str, str] | None = None,
    title: str = "",
    edition: str = "",
) -> tuple[Radar | None, list[Problem]]:
    """Check raw records against ``config`` and build the radar. Returns (radar or None, problems)."""
    problems: list[Problem] = []
    ring_map = _mapping(rings, config, "ring", problems)
    quad_map = _mapping(quadrants, config, "quadrant", problems)
    blips: list[Blip] = []
    first_row: dict[str, int] = {}
    unknown: dict[str, dict[str, None]] = {"ring": {}, "quadrant": {}}
    for rec in records:
        blip = _blip(rec, config, ring_map, quad_map, problems, unknown)
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
        blips.append(blip)
    for kind, names in unknown.items():
        if names:
            suggestion = ", ".join(f"{n!r}: {config.choices(kind).split(', ')[0]!r}" for n in names)
            problems.append(
                Problem(
                    f"radar.problem.map_{kind}s",
                    {
                        "names": ", ".join(names),
                        "example": "{" + suggestion + "}",
                        "choices": config.choices(kind),
                    },
                )
            )
    if any(p.is_error for p in problems):
        return None, problems
    notices = tuple(p for p in problems if not p.is_error)
    return Radar(config, tuple(blips), title=title, edition=edition, notices=notices), problems


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


def _resolve(value, kind, config, mapping, rec, problems, unknown) -> str | None:
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
    text = "" if value is None else str(value)
    if not text.strip():
        problems.append(Problem(f"radar.problem.empty_{kind}", {"choices": config.choices(kind)}, rec.where))
        return None
    if match_key(text) in mapping:
        return mapping[match_key(text)]
    found = config.find_ring(text) if kind == "ring" else config.find_quadrant(text)
    if found is None:
        problems.append(
            Problem(
                f"radar.problem.unknown_{kind}", {"value": text, "choices": config.choices(kind)}, rec.where
            )
        )
        unknown[kind][clean_name(text)] = None
        return None
    return found.key


def _status(values: dict[str, Any], rec: _Record, problems: list[Problem]) -> str:
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


def _blip(rec, config, ring_map, quad_map, problems, unknown) -> Blip | None:
    values = rec.values
    raw_name = values.get("name")
    raw_name = "" if raw_name is None else str(raw_name)
    name = clean_name(raw_name)
    if not name:
        problems.append(Problem("radar.problem.empty_name", {}, rec.where))
    elif name != raw_name:
        problems.append(
            Problem("radar.problem.name_normalised", {"raw": raw_name, "name": name}, rec.where, "notice")
        )
    ring = _resolve(values.get("ring"), "ring", config, ring_map, rec, problems, unknown)
    quadrant = _resolve(values.get("quadrant"), "quadrant", config, quad_map, rec, problems, unknown)
    status = _status(values, rec, problems)
    if not name or ring is None or quadrant is None:
        return None
    descriptions = {m.group(1): _str(v) for k, v in values.items() if (m := _DESC_LANG.fullmatch(k))}
    if not any(descriptions.values()):
        descriptions = {}
    description: Any = descriptions if descriptions else _str(values.get("description"))
    optional = {f: _str(values.get(f)) for f in OPTIONAL_FIELDS}
    extra = {
        str(k): _str(v)
        for k, v in values.items()
        if k and not str(k).startswith("_") and k not in _KNOWN and not _DESC_LANG.fullmatch(str(k))
    }
    given_id = _str(values.get("id")).strip()
    return Blip(
        name=name,
        quadrant=quadrant,
        ring=ring,
        status=status,
        description=description,
        extra=extra,
        id=given_id or slug(name),
        **optional,
    )


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- writing -----------------------------------------------------------------------------------------


def write(radar: Radar, target: str | Path, format: str = "csv", *, language: str | None = None) -> Path:
    """Write ``radar`` as ``csv`` (tidy), ``json`` (ours, with its config), ``byor-csv``, ``byor-json`` or
    ``zalando``. Ring and quadrant names are written in ``language`` for the foreign formats."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(radar, format, language=language), encoding="utf-8")
    return target


def dumps(radar: Radar, format: str = "csv", *, language: str | None = None) -> str:
    """The text :func:`write` writes."""
    fmt = format.lower()
    if fmt in ("csv", "tidy", "tidy-csv"):
        return _to_csv(_rows(radar, language, byor=False))
    if fmt == "byor-csv":
        _check_byor(radar, "BYOR")
        return _to_csv(_rows(radar, language, byor=True))
    if fmt == "byor-json":
        _check_byor(radar, "BYOR")
        _header, rows = _rows(radar, language, byor=True)
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "zalando":
        _check_byor(radar, "Zalando")
        return json.dumps(_zalando(radar, language), ensure_ascii=False, indent=2) + "\n"
    if fmt == "json":
        return json.dumps(to_dict(radar), ensure_ascii=False, indent=2) + "\n"
    raise RadarError("radar.error.unknown_format", value=format, choices=", ".join(FORMATS))


def _check_byor(radar: Radar, tool: str) -> None:
    if len(radar.config.quadrants) != 4:
        raise RadarError("radar.error.four_quadrants", tool=tool, count=len(radar.config.quadrants))


def _description_languages(radar: Radar) -> list[str]:
    langs: dict[str, None] = {}
    for b in radar.blips:
        if isinstance(b.description, dict):
            langs.update(dict.fromkeys(b.description))
    return list(langs)


def _rows(radar: Radar, language: str | None, *, byor: bool) -> tuple[list[str], list[dict[str, str]]]:
    from .model import text_in

    radar = radar.sorted()
    langs = _description_languages(radar)
    optional = [f for f in OPTIONAL_FIELDS if any(getattr(b, f) for b in radar.blips)]
    extras: dict[str, None] = {}
    for b in radar.blips:
        extras.update(dict.fromkeys(b.extra))
    needs_id = not byor or any(b.id != slug(b.name) for b in radar.blips)
    if byor:  # BYOR's own columns first; our id (when it is not derived from the name) follows them
        header = ["name", "ring", "quadrant", "isNew", "status", "description"] + (["id"] if needs_id else [])
    else:
        header = ["id", "name", "quadrant", "ring", "status"]
        if not langs or any(isinstance(b.description, str) and b.description for b in radar.blips):
            header.append("description")
    header += [f"description_{lang}" for lang in langs] + optional
    for k in extras:
        if k in header or _column(k) in _KNOWN:
            raise RadarError("radar.error.column_clash", column=k)
        header.append(k)
    rows = []
    for b in radar.blips:
        row = {"id": b.id, "name": b.name}
        if byor:
            row["ring"] = radar.config.ring(b.ring).label_in(language)
            row["quadrant"] = radar.config.quadrant(b.quadrant).label_in(language)
            row["isNew"] = "TRUE" if b.status == "new" else "FALSE"
            row["status"] = BYOR_STATUS[b.status]
            row["description"] = text_in(b.description, language)
        else:
            row["quadrant"] = b.quadrant
            row["ring"] = b.ring
            row["status"] = b.status
            row["description"] = b.description if isinstance(b.description, str) else ""

        for lang in langs:
            row[f"description_{lang}"] = (
                b.description.get(lang, "") if isinstance(b.description, dict) else ""
            )
        for f in optional:
            row[f] = getattr(b, f)
        for k in extras:
            row[k] = b.extra.get(k, "")
        rows.append({k: row[k] for k in header})
    return header, rows


def _to_csv(table: tuple[list[str], list[dict[str, str]]]) -> str:
    header, rows = table
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _zalando(radar: Radar, language: str | None) -> dict[str, Any]:
    from .. import theme
    from .model import text_in

    radar = radar.sorted()
    colours = [
        theme.PALETTE["green"],
        theme.PALETTE["blue"],
        theme.PALETTE["orange"],
        theme.PALETTE["vermillion"],
    ]
    entries = []
    for b in radar.blips:
        entry: dict[str, Any] = {
            "label": b.name,
            "quadrant": radar.config.quadrant_keys.index(b.quadrant),
            "ring": radar.config.ring_keys.index(b.ring),
            "moved": _MOVED_OF[b.status],
            "active": b.extra.get("active", "true") != "false",
        }
        if b.link:
            entry["link"] = b.link
        if b.id != slug(b.name):
            entry["id"] = b.id
        if isinstance(b.description, dict):
            entry.update({f"description_{k}": v for k, v in b.description.items()})
        elif b.description:
            entry["description"] = b.description
        for f in OPTIONAL_FIELDS:
            if f != "link" and getattr(b, f):
                entry[f] = getattr(b, f)
        for k, v in b.extra.items():
            if k != "active":
                entry[k] = v
        entries.append(entry)
    return {
        "title": radar.title or text_in(radar.config.title, language),
        "date": radar.edition,
        "quadrants": [{"name": q.label_in(language)} for q in radar.config.quadrants],
        "rings": [
            {"name": r.label_in(language), "color": r.color or colours[i % len(colours)]}
            for i, r in enumerate(radar.config.rings)
        ],
        "entries": entries,
    }


def to_dict(radar: Radar) -> dict[str, Any]:
    """Our own lossless form: the config, title, edition and every blip field."""
    blips = []
    for b in radar.blips:
        item: dict[str, Any] = {
            "id": b.id,
            "name": b.name,
            "quadrant": b.quadrant,
            "ring": b.ring,
            "status": b.status,
        }
        if isinstance(b.description, dict):
            item.update({f"description_{k}": v for k, v in b.description.items()})
        else:
            item["description"] = b.description
        for f in OPTIONAL_FIELDS:
            if getattr(b, f):
                item[f] = getattr(b, f)
        item.update(b.extra)
        blips.append(item)
    return {
        "format": "casekit-radar",
        "title": radar.title,
        "edition": radar.edition,
        "config": radar.config.as_dict(),
        "blips": blips,
    }


def from_dict(data: Mapping[str, Any]) -> Radar:
    """The inverse of :func:`to_dict` (used for editions kept in the store)."""
    config = RadarConfig.from_dict(data["config"])
    records, problems = _json_records(list(data.get("blips", [])))
    radar, more = build(records, config, title=data.get("title", ""), edition=data.get("edition", ""))
    if radar is None:
        raise RadarError("radar.error.file_invalid", problems=problems + more, file="<store>")
    return radar


def statuses() -> tuple[str, ...]:
    return STATUSES
