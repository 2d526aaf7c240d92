"""Writing radars: our tidy CSV and JSON (lossless), BYOR CSV and JSON, and Zalando's ``entries`` JSON.

>>> from casekit.radar.writing import write
>>> write(radar, "team-byor.csv", format="byor-csv")     # BYOR reads this file as it is
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .. import theme
from ..errors import RadarError
from .building import FORMATS, KNOWN_COLUMNS, ZALANDO_MOVED, column
from .model import OPTIONAL_FIELDS, Blip, Radar, slug, text_in

BYOR_STATUS = {"new": "New", "moved_in": "Moved In", "moved_out": "Moved Out", "no_change": "No Change"}
_MOVED_OF = {v: k for k, v in ZALANDO_MOVED.items()}


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


def _check_byor(radar: Radar, tool: str) -> None:
    if len(radar.config.quadrants) != 4:
        raise RadarError("radar.error.four_quadrants", tool=tool, count=len(radar.config.quadrants))


def _description_languages(radar: Radar) -> list[str]:
    langs: dict[str, None] = {}
    for b in radar.blips:
        if isinstance(b.description, dict):
            langs.update(dict.fromkeys(b.description))
    return list(langs)


def _header(radar: Radar, langs: list[str], optional: list[str], *, byor: bool) -> list[str]:
    """The columns: BYOR's own first (then our id, when it is not derived from the name), or ours."""
    if byor:
        needs_id = any(b.id != slug(b.name) for b in radar.blips)
        header = ["name", "ring", "quadrant", "isNew", "status", "description"] + (["id"] if needs_id else [])
    else:
        header = ["id", "name", "quadrant", "ring", "status"]
        if not langs or any(isinstance(b.description, str) and b.description for b in radar.blips):
            header.append("description")
    header += [f"description_{lang}" for lang in langs] + optional
    extras: dict[str, None] = {}
    for b in radar.blips:
        extras.update(dict.fromkeys(b.extra))
    for k in extras:
        if k in header or column(k) in KNOWN_COLUMNS:
            raise RadarError("radar.error.column_clash", column=k)
        header.append(k)
    return header


def _row(radar: Radar, b: Blip, language: str | None, *, byor: bool) -> dict[str, str]:
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
    if isinstance(b.description, dict):
        row.update({f"description_{lang}": text for lang, text in b.description.items()})
    row.update({f: getattr(b, f) for f in OPTIONAL_FIELDS})
    row.update(b.extra)
    return row


def _rows(radar: Radar, language: str | None, *, byor: bool) -> tuple[list[str], list[dict[str, str]]]:
    radar = radar.sorted()
    optional = [f for f in OPTIONAL_FIELDS if any(getattr(b, f) for b in radar.blips)]
    header = _header(radar, _description_languages(radar), optional, byor=byor)
    rows = []
    for b in radar.blips:
        row = _row(radar, b, language, byor=byor)
        rows.append({k: row.get(k, "") for k in header})
    return header, rows


def _to_csv(table: tuple[list[str], list[dict[str, str]]]) -> str:
    header, rows = table
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _zalando_entry(b: Blip, radar: Radar) -> dict[str, Any]:
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
    entry.update({k: v for k, v in b.extra.items() if k != "active"})
    return entry


def _zalando(radar: Radar, language: str | None) -> dict[str, Any]:
    radar = radar.sorted()
    colours = [theme.PALETTE[k] for k in ("green", "blue", "orange", "vermillion")]
    return {
        "title": radar.title or text_in(radar.config.title, language),
        "date": radar.edition,
        "quadrants": [{"name": q.label_in(language)} for q in radar.config.quadrants],
        "rings": [
            {"name": r.label_in(language), "color": r.color or colours[i % len(colours)]}
            for i, r in enumerate(radar.config.rings)
        ],
        "entries": [_zalando_entry(b, radar) for b in radar.blips],
    }
