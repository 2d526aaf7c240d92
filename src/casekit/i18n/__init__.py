"""Languages: message catalogues and locale-aware formatting.

Each language is one folder under ``catalogues/`` holding YAML files (nested mappings, flattened to
dotted keys) and a ``_meta.yaml`` with its Babel locale and display name. Adding a language is adding
one such folder; a test fails while any key is missing from any language.

    >>> from casekit import i18n
    >>> i18n.t("programme.module.strategy", language="en")
    'Strategy'
    >>> i18n.format_number(1234.5, decimals=1, language="nb")   # narrow no-break space as group separator
    '1\\xa0234,5'
"""

from __future__ import annotations

import datetime as _dt
import os
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError, MissingTranslationError, UnknownLanguageError

DEFAULT_LANGUAGE = "nb"
CATALOGUE_DIR = Path(__file__).parent / "catalogues"
LANGUAGE_ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nb_no": "nb",
    "nb-no": "nb",
    "eng": "en",
    "en_gb": "en",
    "en-gb": "en",
}

_current = os.environ.get("CASEKIT_LANGUAGE", DEFAULT_LANGUAGE)


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, str], origin: Path) -> None:
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{full}.", out, origin)
        else:
            if full in out:
                raise ConfigError("error.i18n.duplicate_key", key=full, file=str(origin))
            out[full] = str(value) if not isinstance(value, list) else value
    return None


@cache
def _catalogue(language: str) -> dict[str, Any]:
    import yaml

    folder = CATALOGUE_DIR / language
    messages: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "_meta.yaml":
            continue
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data, Mapping):
            raise ConfigError("error.i18n.not_mapping", file=str(path))
        _flatten(data, "", messages, path)
    return messages


@cache
def _meta(language: str) -> dict[str, str]:
    import yaml

    path = CATALOGUE_DIR / language / "_meta.yaml"
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


def available_languages() -> tuple[str, ...]:
    """Language codes with a catalogue, the default first."""
    return _languages_in(str(CATALOGUE_DIR))


@cache
def _languages_in(folder: str) -> tuple[str, ...]:
    codes = sorted(p.name for p in Path(folder).iterdir() if (p / "_meta.yaml").is_file())
    return tuple(sorted(codes, key=lambda c: (c != DEFAULT_LANGUAGE, c)))


def check_language(language: Any) -> str:
    """Return the canonical code for ``language`` or raise UnknownLanguageError naming the choices.

    YAML reads an unquoted ``NO`` as ``False``; that is refused with the fix spelled out.
    """
    available = available_languages()
    if isinstance(language, bool):
        raise UnknownLanguageError(
            "error.language.yaml_bool", value=str(language), choices=", ".join(available)
        )
    if not isinstance(language, str) or not language.strip():
        raise UnknownLanguageError(value=repr(language), choices=", ".join(available))
    code = language.strip().lower()
    code = LANGUAGE_ALIASES.get(code, code)
    if code not in available:
        raise UnknownLanguageError(value=language, choices=", ".join(available))
    return code


def set_language(language: str) -> str:
    """Set the current language for messages, charts and widgets. Returns the canonical code."""
    global _current
    _current = check_language(language)
    return _current


def get_language() -> str:
    return check_language(_current)


def locale(language: str | None = None) -> str:
    """The Babel locale of a language, e.g. ``nb_NO``."""
    return _meta(check_language(language or _current))["locale"]


def language_name(language: str | None = None) -> str:
    return _meta(check_language(language or _current))["name"]


def keys(language: str) -> set[str]:
    return set(_catalogue(check_language(language)))


def t(key: str, /, language: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``language`` (default: current), with ``{placeholders}`` filled in."""
    code = check_language(language or _current)
    try:
        text = _catalogue(code)[key]
    except KeyError:
        raise MissingTranslationError(key=key, lang=code) from None
    if params and isinstance(text, str):
        return text.format_map(_SafeParams(params))
    return text


def has(key: str, language: str | None = None) -> bool:
    return key in _catalogue(check_language(language or _current))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _SafeParams(dict):
    """Fill what is given and leave unknown placeholders visible instead of failing mid-message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(value: Mapping[str, str] | str, language: str | None = None) -> str:
    """Pick a language from a ``{"nb": ..., "en": ...}`` mapping (data files carry texts that way)."""
    if isinstance(value, str):
        return value
    code = check_language(language or _current)
    if code in value:
        return value[code]
    raise MissingTranslationError(key=str(dict(value))[:60], lang=code)


# --- formatting --------------------------------------------------------------------------------------


def format_number(value: float, decimals: int | None = None, language: str | None = None) -> str:
    """``1234.5`` → ``1 234,5`` in nb and ``1,234.5`` in en. ``decimals`` fixes the number of decimals."""
    from babel.numbers import format_decimal

    fmt = None if decimals is None else ("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))
    return format_decimal(value, format=fmt, locale=locale(language))


def format_percent(value: float, decimals: int = 0, language: str | None = None) -> str:
    """A share (0.25) as a percentage (``25 %`` in nb)."""
    from babel.numbers import format_percent as _fp

    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "\u00a0%"
    return _fp(value, format=fmt, locale=locale(language))


def format_currency(value: float, decimals: int = 0, language: str | None = None) -> str:
    """An amount in kroner: ``12 500 kr`` in nb, ``NOK 12,500`` in en (pattern from the catalogue)."""
    amount = format_number(value, decimals=decimals, language=language)
    return t("format.currency", language=language, amount=amount)


def format_date(value: _dt.date | str, format: str = "long", language: str | None = None) -> str:
    """A date in the language's style (``28. november 2026`` in nb)."""
    from babel.dates import format_date as _fd

    if isinstance(value, str):
        value = _dt.date.fromisoformat(value)
    return _fd(value, format=format, locale=locale(language))
