"""The dataset registry: every shipped data file is described in ``datasets/datapackage.json``.

The package follows the Frictionless Data Package convention: each resource has a ``path``, a Table
Schema (``schema.fields``, ``primaryKey``) for tabular files, ``sources`` and a ``provenance`` block that
says what kind of data it is (:data:`PROVENANCE`): *real* (source, table, date), *synthetic* (generator
function and seed), *authored* (written for casekit, such as the item banks: author, date, and the frameworks
it draws on under ``sources``) or *illustrative* (real facts with invented placements, such as the sample
radars: author, date, and which parts are invented).

    >>> from casekit import data
    >>> register = data.load("municipalities")      # typed: codes stay strings
    >>> register.loc[register.kommunenummer == "0301", "name"].item()
    'Oslo'
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _paths, i18n
from ._yaml import safe_load
from .errors import DatasetError, SchemaError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_REPORTED_PROBLEMS = 10
#: The provenance kinds and the fields each must state. Authored and illustrative data are honest about
#: being written for teaching: neither may call itself real.
PROVENANCE: dict[str, tuple[str, ...]] = {
    "real": ("source", "date"),
    "synthetic": ("generator", "seed"),
    "authored": ("author", "date"),
    "illustrative": ("author", "date", "illustrative"),
}
_TRUE = {"true", "1", "yes", "ja"}
_FALSE = {"false", "0", "no", "nei"}


def root() -> Path:
    return _paths.datasets_dir()


@lru_cache(maxsize=4)
def _package_cached(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def package() -> dict[str, Any]:
    """The parsed ``datapackage.json``."""
    path = root() / "datapackage.json"
    return _package_cached(str(path), path.stat().st_mtime)


def names() -> list[str]:
    return [r["name"] for r in package()["resources"]]


def resource(name: str) -> dict[str, Any]:
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    from difflib import get_close_matches

    close = get_close_matches(name, names(), n=3)
    raise DatasetError("error.dataset.unknown", name=name, suggestions=", ".join(close) or "-")


def path(name: str) -> Path:
    return root() / resource(name)["path"]


def checksum(name: str) -> str:
    """SHA-256 of a resource's file, for run manifests."""
    return hashlib.sha256(path(name).read_bytes()).hexdigest()


def checksums() -> dict[str, str]:
    return {n: checksum(n) for n in names()}


# --- reading and validating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One schema violation. ``row`` counts the header as row 1, as a spreadsheet does."""

    key: str
    params: dict[str, Any]

    def message(self, language: str | None = None) -> str:
        return i18n.t(self.key, language=language, **self.params)


def load(name: str, *, validate: bool = True) -> Any:
    """Load a resource. Tables come back as typed DataFrames; YAML/JSON resources as parsed data."""
    res = resource(name)
    file = root() / res["path"]
    if not file.is_file():
        raise DatasetError("error.dataset.missing_file", name=name, file=str(file))
    fmt = res.get("format", file.suffix.lstrip("."))
    if fmt in ("yaml", "yml"):
        return safe_load(file.read_text(encoding="utf-8"))
    if fmt == "json":
        return json.loads(file.read_text(encoding="utf-8"))
    return read_table(file, res["schema"], validate=validate)


def read_table(
    source: Path | str, schema: dict[str, Any], *, validate: bool = True, label: str | None = None
) -> pd.DataFrame:
    """Read a CSV file against a Table Schema. Every value is read as text first, so codes such as
    ``0301`` keep their leading zero; then each field is checked and converted to its type."""
    import pandas as pd

    label = label or str(source)
    fields = schema["fields"]
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SchemaError("error.dataset.unreadable", file=label, reason=str(exc).splitlines()[0]) from None
    problems = _check_columns(raw, fields, label)
    if problems:
        raise _schema_error(label, problems)
    out = {}
    for field in fields:
        col, col_problems = _convert(raw[field["name"]], field, label)
        problems.extend(col_problems)
        out[field["name"]] = col
    problems.extend(_check_keys(raw, schema, label))
    if problems and validate:
        raise _schema_error(label, problems)
    return pd.DataFrame(out)


def _schema_error(label: str, problems: list[Problem]) -> SchemaError:
    shown = problems[:MAX_REPORTED_PROBLEMS]
    lines = "\n".join(f"  - {p.message()}" for p in shown)
    if len(problems) > len(shown):
        lines += "\n  - " + i18n.t("error.dataset.more_problems", count=len(problems) - len(shown))
    err = SchemaError("error.dataset.invalid", file=label, problems=lines, count=len(problems))
    err.problems = problems
    return err


def _check_columns(raw: pd.DataFrame, fields: list[dict[str, Any]], label: str) -> list[Problem]:
    expected = [f["name"] for f in fields]
    problems = []
    for name in expected:
        if name not in raw.columns:
            problems.append(
                Problem(
                    "error.dataset.missing_column",
                    {"file": label, "field": name, "expected": ", ".join(expected)},
                )
            )
    for name in raw.columns:
        if name not in expected:
            problems.append(
                Problem(
                    "error.dataset.extra_column",
                    {"file": label, "field": name, "expected": ", ".join(expected)},
                )
            )
    return problems


def _convert(col: pd.Series, field: dict[str, Any], label: str) -> tuple[pd.Series, list[Problem]]:
    import pandas as pd

    name, ftype = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    problems: list[Problem] = []
    empty = col.str.strip() == ""

    def report(mask: pd.Series, key: str, **extra: Any) -> None:
        for idx in mask[mask].index[:MAX_REPORTED_PROBLEMS]:
            problems.append(
                Problem(
                    key,
                    {
                        "file": label,
                        "row": int(idx) + 2,
                        "field": name,
                        "value": col.iloc[idx],
                        "type": ftype,
                        **extra,
                    },
                )
            )

    if constraints.get("required"):
        report(empty, "error.dataset.required")

    if ftype == "integer":
        num = pd.to_numeric(col.where(~empty), errors="coerce")
        bad = ~empty & (num.isna() | (num % 1 != 0))
        report(bad, "error.dataset.type")
        typed = num.where(~bad).astype("Int64")
    elif ftype == "number":
        typed = pd.to_numeric(col.where(~empty).str.replace(",", ".", regex=False), errors="coerce")
        report(~empty & typed.isna(), "error.dataset.type")
        typed = typed.astype("float64")
    elif ftype == "boolean":
        low = col.str.strip().str.lower()
        bad = ~empty & ~low.isin(_TRUE | _FALSE)
        report(bad, "error.dataset.type")
        typed = low.map(lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA)).astype("boolean")
    elif ftype in ("date", "datetime"):
        fmt = "%Y-%m-%d" if ftype == "date" else "ISO8601"
        typed = pd.to_datetime(col.where(~empty), format=fmt, errors="coerce")
        report(~empty & typed.isna(), "error.dataset.type")
    else:
        typed = col.astype("string").where(~empty, pd.NA)
        if "pattern" in constraints:
            rx = re.compile(constraints["pattern"])
            bad = ~empty & ~col.map(lambda v: bool(rx.fullmatch(v)))
            report(bad, "error.dataset.pattern", pattern=constraints["pattern"])
        if "enum" in constraints:
            allowed = [str(v) for v in constraints["enum"]]
            report(~empty & ~col.isin(allowed), "error.dataset.enum", allowed=", ".join(allowed))
    if ftype in ("integer", "number"):
        if "minimum" in constraints:
            report(
                typed.lt(constraints["minimum"]).fillna(False).astype(bool),
                "error.dataset.range",
                minimum=constraints["minimum"],
                maximum=constraints.get("maximum", "∞"),
            )
        if "maximum" in constraints:
            report(
                typed.gt(constraints["maximum"]).fillna(False).astype(bool),
                "error.dataset.range",
                minimum=constraints.get("minimum", "-∞"),
                maximum=constraints["maximum"],
            )
    if constraints.get("unique"):
        dup = col.duplicated(keep="first") & ~empty
        report(dup, "error.dataset.unique")
    return typed, problems


def _check_keys(raw: pd.DataFrame, schema: dict[str, Any], label: str) -> list[Problem]:
    key = schema.get("primaryKey")
    if not key:
        return []
    key = [key] if isinstance(key, str) else list(key)
    dup = raw.duplicated(subset=key, keep=False)
    problems = []
    if dup.any():
        first_seen: dict[tuple, int] = {}
        for idx, values in zip(raw.index[dup], raw.loc[dup, key].itertuples(index=False, name=None)):
            if values in first_seen:
                problems.append(
                    Problem(
                        "error.dataset.duplicate_key",
                        {
                            "file": label,
                            "row": int(idx) + 2,
                            "key": ", ".join(f"{k}={v}" for k, v in zip(key, values)),
                            "first_row": first_seen[values],
                        },
                    )
                )
            else:
                first_seen[values] = int(idx) + 2
    return problems[:MAX_REPORTED_PROBLEMS]


def provenance_problems(name: str) -> list[DatasetError]:
    """What a resource's provenance block lacks: an unknown kind, or a field its kind requires (an authored
    resource also needs ``sources``, the frameworks it draws on)."""
    res = resource(name)
    prov = res.get("provenance") or {}
    kind = prov.get("kind", "?")
    if kind not in PROVENANCE:
        return [
            DatasetError("error.dataset.provenance_kind", name=name, kind=kind, allowed=", ".join(PROVENANCE))
        ]
    problems = [
        DatasetError("error.dataset.provenance_field", name=name, kind=kind, field=key)
        for key in PROVENANCE[kind]
        if prov.get(key) in (None, "")
    ]
    if kind == "authored" and not res.get("sources"):
        problems.append(DatasetError("error.dataset.provenance_field", name=name, kind=kind, field="sources"))
    return problems


def validate(name: str) -> None:
    """Raise DatasetError if a resource's provenance is incomplete, SchemaError if its file breaks its
    schema."""
    problems = provenance_problems(name)
    if problems:
        first, *rest = problems
        raise DatasetError(first.key, problems=rest, **first.params)
    load(name, validate=True)


def validate_all(selected: Iterable[str] | None = None) -> dict[str, DatasetError | None]:
    """Validate resources; returns ``{name: None}`` for valid ones and the error for broken ones."""
    result: dict[str, DatasetError | None] = {}
    for name in selected or names():
        try:
            validate(name)
            result[name] = None
        except DatasetError as exc:
            result[name] = exc
    return result


def describe(name: str, language: str | None = None) -> str:
    """A readable description: title, provenance, licence and fields."""
    res = resource(name)
    lines = [f"{res['name']}: {i18n.text(res.get('title', res['name']), language)}", f"  {res['path']}"]
    if "description" in res:
        lines.append("  " + i18n.text(res["description"], language))
    prov = res.get("provenance", {})
    kind = prov.get("kind", "?")
    lines.append(
        f"  {i18n.t('datasets.provenance', language=language)}: "
        f"{i18n.t(f'datasets.kind.{kind}', language=language)}"
    )
    for k in ("generator", "seed", "author", "source", "table", "date", "illustrative"):
        if k in prov:
            lines.append(f"    {k}: {prov[k]}")
    for src in res.get("sources", []):
        lines.append(f"    - {src.get('title', '')} {src.get('path', '')}".rstrip())
    if "licenses" in res:
        lines.append("  " + ", ".join(lic.get("name", "") for lic in res["licenses"]))
    for field in res.get("schema", {}).get("fields", []):
        desc = i18n.text(field["description"], language) if "description" in field else ""
        lines.append(f"    {field['name']:<24} {field.get('type', 'string'):<8} {desc}")
    return "\n".join(lines)


# --- synthetic datasets ---------------------------------------------------------------------------------


def generator(name: str) -> Callable[..., Any]:
    """The function that regenerates a synthetic resource (``module:function`` in its provenance)."""
    prov = resource(name).get("provenance", {})
    if prov.get("kind") != "synthetic":
        raise DatasetError("error.dataset.not_synthetic", name=name)
    module, _, func = prov["generator"].partition(":")
    return getattr(importlib.import_module(module), func)


def render_synthetic(name: str) -> bytes:
    """The exact bytes a synthetic resource's generator produces with its recorded seed.

    A generator takes ``seed`` and returns a DataFrame (written as CSV with ``\\n`` line endings), or
    ``str``/``bytes`` for other formats.
    """
    prov = resource(name)["provenance"]
    result = generator(name)(seed=prov["seed"], **prov.get("arguments", {}))
    if isinstance(result, bytes):
        return result
    if isinstance(result, str):
        return result.encode("utf-8")
    buf = io.StringIO()
    result.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def build(
    selected: Iterable[str] | None = None,
    *,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bool]:
    """Regenerate synthetic resources. With ``check=True`` nothing is written and the result says, per
    resource, whether the file on disk is byte-identical to a fresh regeneration."""
    synthetic = [
        n for n in (selected or names()) if resource(n).get("provenance", {}).get("kind") == "synthetic"
    ]
    result = {}
    for name in synthetic:
        if progress:
            progress(name)
        fresh = render_synthetic(name)
        target = path(name)
        if check:
            result[name] = target.is_file() and target.read_bytes() == fresh
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(fresh)
            result[name] = True
    return result


def _example_generator(seed: int) -> pd.DataFrame:
    """A tiny deterministic generator, used to test the build machinery itself."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    return pd.DataFrame({"i": range(3), "x": rng.random(3).round(6)})
