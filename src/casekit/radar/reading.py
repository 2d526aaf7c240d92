"""Reading radars: BYOR CSV and JSON, Zalando's ``entries`` JSON, our tidy CSV and our JSON.

Every reader turns its file into raw :class:`~casekit.radar.building.Record` objects and hands them to
:func:`casekit.radar.building.build`, which checks every row and reports *all* problems at once, each
with its row and the fix. A blank row is reported as a notice, never dropped silently.

    >>> from casekit.radar.reading import read
    >>> r = read("team.csv", rings={"BRUK": "Ta i bruk", "VURDER": "Utforsk", "AVSTÅ": "Avvent"})
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import RadarError
from .building import FORMATS, REQUIRED_COLUMNS, ZALANDO_MOVED, Record, build, column, text_of
from .model import Problem, Quadrant, Radar, RadarConfig, Ring, clean_name, default_config, match_key, slug


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
    cfg = _choose_config(config, file_config, records)
    radar, more = build(records, cfg, rings=rings, quadrants=quadrants, title=title, edition=edition)
    return radar, problems + more


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


def _infer_config(records: list[Record]) -> RadarConfig:
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
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [Problem("radar.problem.bad_csv", {"reason": str(exc)})]
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
