"""Languages: checked language codes, messages and locale-aware formatting.

The catalogues themselves (one folder per language under ``catalogues/``) are loaded by
:mod:`casekit.messages`; this module is the public face that checks languages and raises casekit's errors.
Adding a language is adding one folder; a test fails while any key is missing from any language.

    >>> from casekit import i18n
    >>> i18n.t("programme.module.strategy", language="en")
    'Strategy'
    >>> i18n.format_number(1234.5, decimals=1, language="nb")   # narrow no-break space as group separator
    '1\\xa0234,5'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .. import messages
from ..errors import ConfigError, MissingTranslationError, UnknownLanguageError

DEFAULT_LANGUAGE = messages.DEFAULT_LANGUAGE
placeholders = messages.placeholders


def _catalogue(language: str) -> dict[str, Any]:
    try:
        return messages.catalogue(language)
    except messages.CatalogueProblem as problem:
        raise ConfigError(problem.key, **problem.params) from None


def available_languages() -> tuple[str, ...]:
    """Language codes with a catalogue, the default first."""
    return messages.available()


def check_language(language: Any) -> str:
    """Return the canonical code for ``language`` or raise UnknownLanguageError naming the choices.

    YAML reads an unquoted ``NO`` as ``False``; that is refused with the fix spelled out.
    """
    choices = ", ".join(available_languages())
    if isinstance(language, bool):
        raise UnknownLanguageError("error.language.yaml_bool", value=str(language), choices=choices)
    code = messages.canonical(language)
    if code is None:
        shown = language if isinstance(language, str) and language.strip() else repr(language)
        raise UnknownLanguageError(value=shown, choices=choices)
    return code


def set_language(language: str) -> str:
    """Set the process-wide default language (the command line's ``--lang``; a workbook session sets it
    too, so charts drawn without a ``language`` follow the workbook). Returns the canonical code."""
    code = check_language(language)
    messages.set_default_language(code)
    return code


def get_language() -> str:
    return check_language(messages.default_language())


def resolve(language: str | None) -> str:
    """``language`` checked, or the current default when it is None."""
    return check_language(language or messages.default_language())


def locale(language: str | None = None) -> str:
    """The Babel locale of a language, e.g. ``nb_NO``."""
    return messages.meta(resolve(language))["locale"]


def language_name(language: str | None = None) -> str:
    return messages.meta(resolve(language))["name"]


def keys(language: str) -> set[str]:
    return set(_catalogue(check_language(language)))


def t(key: str, /, language: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``language`` (default: current), with ``{placeholders}`` filled in."""
    code = resolve(language)
    try:
        text = messages.plural(_catalogue(code), key, params.get("count"))
    except KeyError:
        raise MissingTranslationError(key=key, lang=code) from None
    return messages.fill(text, params)


def has(key: str, language: str | None = None) -> bool:
    return key in _catalogue(resolve(language))


def text(value: Mapping[str, str] | str, language: str | None = None) -> str:
    """Pick a language from a ``{"nb": ..., "en": ...}`` mapping (data files carry texts that way)."""
    if isinstance(value, str):
        return value
    code = resolve(language)
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
