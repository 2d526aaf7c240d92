"""Typed parameter contracts.

A notebook declares its parameters in ``metadata.casekit.parameters``::

    "parameters": {"municipality": {"type": "municipality", "default": "4228"},
                   "language": {"type": "language", "default": "nb"}}

and its first code cell, tagged ``parameters``, assigns exactly those names with those defaults.
:func:`check_parameters` refuses unknown names and ill-typed values (papermill only warns), and keeps
municipality numbers as 4-character strings.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from .. import i18n, municipalities
from ..errors import CasekitError, ParameterError, UnknownLanguageError
from .catalogue import NotebookInfo, get

#: ``language: auto`` lets the municipality's official written standard choose the language.
AUTO = "auto"


def _municipality(value: Any) -> str:
    """A 4-character number (``"0301"``) or a name, resolved to the number. An int is refused:
    it is what YAML makes of an unquoted ``0301``, and guessing would pick the wrong municipality."""
    return municipalities.get(value).number


def check_language_or_auto(value: Any) -> str:
    """A checked language code, or ``auto``; an unknown language is refused with ``auto`` in the choices
    list."""
    if isinstance(value, str) and value.strip().lower() == AUTO:
        return AUTO
    try:
        return i18n.check_language(value)
    except UnknownLanguageError:
        if isinstance(value, bool):
            raise  # YAML's NO: the message about quotes
        shown = value if isinstance(value, str) and value.strip() else repr(value)
        raise UnknownLanguageError(
            value=shown, choices=", ".join([*i18n.available_languages(), AUTO])
        ) from None


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("str")
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("int")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("float")
    return float(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("bool")
    return value


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("date")
    dt.date.fromisoformat(value)
    return value


def _string_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("list[str]")
    return list(value)


#: Parameter type name → validator returning the canonical value or raising.
PARAMETER_TYPES: dict[str, Callable[[Any], Any]] = {
    "municipality": _municipality,
    "language": check_language_or_auto,
    "store_url": _string,
    "respondent": _string,
    "prefill": _string,
    "str": _string,
    "int": _integer,
    "float": _number,
    "bool": _boolean,
    "date": _date,
    "list[str]": _string_list,
}


def check_parameters(
    notebook: str | NotebookInfo, parameters: Mapping[str, Any] | None, *, fill_defaults: bool = False
) -> dict[str, Any]:
    """Validate ``parameters`` against a notebook's contract and return the canonical values.

    Unknown names and wrong types raise ParameterError naming the notebook, the parameter, the value and
    what is expected. With ``fill_defaults`` the notebook's defaults fill the parameters not given.
    """
    info = get(notebook)
    given = dict(parameters or {})
    unknown = sorted(set(given) - set(info.parameters))
    if unknown:
        raise ParameterError(
            "error.parameter.unknown",
            notebook=info.id,
            name=", ".join(unknown),
            allowed=", ".join(info.parameters) or "-",
        )
    result = {}
    for name, spec in info.parameters.items():
        if name not in given:
            if fill_defaults:
                result[name] = spec.get("default")
            continue
        validator = PARAMETER_TYPES[spec["type"]]
        try:
            result[name] = validator(given[name])
        except CasekitError as exc:
            raise ParameterError(
                "error.parameter.invalid",
                notebook=info.id,
                name=name,
                value=repr(given[name]),
                expected=spec["type"],
                reason=exc.message(),
            ) from None
        except (TypeError, ValueError):
            raise ParameterError(
                "error.parameter.type",
                notebook=info.id,
                name=name,
                value=repr(given[name]),
                expected=spec["type"],
            ) from None
    return result


def parameters_cell(nb: Any) -> Any | None:
    """The first code cell, if it is tagged ``parameters``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell if "parameters" in cell.get("metadata", {}).get("tags", []) else None
    return None


def read_parameters_cell(nb: Any) -> dict[str, Any]:
    """The names and literal default values assigned in the parameters cell."""
    cell = parameters_cell(nb)
    if cell is None:
        raise ParameterError("error.parameter.no_cell")
    values = {}
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            values[node.target.id] = ast.literal_eval(node.value)
    return values


def resolve_language(language: str, municipality: str | None, neutral: str = "nb") -> str:
    """A concrete language: ``auto`` becomes the municipality's written standard (nynorsk → ``nn``,
    bokmål → ``nb``, neutral → ``neutral``); any other language is checked and kept."""
    if str(language).strip().lower() != AUTO:
        return i18n.check_language(language)
    if not municipality:
        return i18n.check_language(neutral)
    return municipalities.default_language(municipality, neutral)
