"""The message catalogues: loading, lookup and the process-wide default language.

This is the lowest layer of casekit's language support. It knows nothing of casekit's error types, so
:mod:`casekit.errors` can render its own messages from here, and :mod:`casekit.i18n` (the public face:
checked languages, ``t()``, number and date formats) builds on both.

Each language is one folder under ``i18n/catalogues/`` holding YAML files (nested mappings, flattened to
dotted keys) and a ``_meta.yaml`` with its Babel locale and display name.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ._yaml import safe_load

DEFAULT_LANGUAGE = "nb"
CATALOGUE_DIR = Path(__file__).parent / "i18n" / "catalogues"
LANGUAGE_ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nb_no": "nb",
    "nb-no": "nb",
    "nno": "nn",
    "nn_no": "nn",
    "nn-no": "nn",
    "eng": "en",
    "en_gb": "en",
    "en-gb": "en",
}

_default = {"language": os.environ.get("CASEKIT_LANGUAGE", DEFAULT_LANGUAGE)}


class CatalogueProblem(Exception):
    """A catalogue file is broken. Carries a message key and its parameters; :mod:`casekit.i18n` turns it
    into a ConfigError in the reader's language."""

    def __init__(self, message_key: str, /, **params: Any) -> None:
        super().__init__(message_key)
        self.key, self.params = message_key, params


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, Any], origin: Path) -> None:
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{full}.", out, origin)
        elif full in out:
            raise CatalogueProblem("error.i18n.duplicate_key", key=full, file=str(origin))
        else:
            out[full] = value if isinstance(value, list) else str(value)


@cache
def catalogue(language: str) -> dict[str, Any]:
    """Every message of one language, by dotted key."""
    messages: dict[str, Any] = {}
    for path in sorted((CATALOGUE_DIR / language).glob("*.yaml")):
        if path.name == "_meta.yaml":
            continue
        with path.open(encoding="utf-8") as fh:
            data = safe_load(fh) or {}
        if not isinstance(data, Mapping):
            raise CatalogueProblem("error.i18n.not_mapping", file=str(path))
        _flatten(data, "", messages, path)
    return messages


@cache
def meta(language: str) -> dict[str, str]:
    """A language's ``_meta.yaml``: its display ``name`` and Babel ``locale``."""
    with (CATALOGUE_DIR / language / "_meta.yaml").open(encoding="utf-8") as fh:
        return dict(safe_load(fh))


@cache
def available() -> tuple[str, ...]:
    """Language codes with a catalogue, the default first."""
    codes = sorted(p.name for p in CATALOGUE_DIR.iterdir() if (p / "_meta.yaml").is_file())
    return tuple(sorted(codes, key=lambda c: (c != DEFAULT_LANGUAGE, c)))


def clear_caches() -> None:
    """Forget loaded catalogues (after a catalogue file changed on disk)."""
    for fn in (catalogue, meta, available):
        fn.cache_clear()


def canonical(language: Any) -> str | None:
    """The code for ``language`` (aliases such as ``no`` resolved), or None when it has no catalogue."""
    if not isinstance(language, str) or isinstance(language, bool) or not language.strip():
        return None
    code = language.strip().lower()
    code = LANGUAGE_ALIASES.get(code, code)
    return code if code in available() else None


def default_language() -> str:
    """The process-wide default language: set by the command line's ``--lang`` or a workbook session."""
    return _default["language"]


def set_default_language(code: str) -> None:
    _default["language"] = code


def lookup(key: str, language: str | None = None, *, count: Any = None) -> Any:
    """The raw message ``key`` in ``language`` (default: the process default). Raises KeyError.

    A message that depends on a number has the forms ``key.one`` and ``key.other`` in the catalogue;
    ``count`` picks one (``1 problem``, ``2 problems``).
    """
    code = canonical(language or default_language()) or DEFAULT_LANGUAGE
    return plural(catalogue(code), key, count)


def plural(messages: Mapping[str, Any], key: str, count: Any = None) -> Any:
    """``messages[key]``, or the ``.one``/``.other`` form of ``key`` for ``count``. Raises KeyError."""
    if key in messages:
        return messages[key]
    if count is not None and f"{key}.other" in messages:
        one = f"{key}.one"
        return messages[one] if count == 1 and one in messages else messages[f"{key}.other"]
    raise KeyError(key)


#: Placeholders that offer a way out ("Did you mean: {suggestions}?"). When there is nothing to offer,
#: the sentence that holds one is left out rather than shown as "Did you mean: -?".
OPTIONAL_PLACEHOLDERS = ("suggestions", "hint")
_NOTHING = ("", "-", None)


def _drop_empty_offers(text: str, params: Mapping[str, Any]) -> str:
    for name in OPTIONAL_PLACEHOLDERS:
        if name in params and params[name] in _NOTHING and "{" + name + "}" in text:
            sentence = re.compile(r"\s*[^.?!]*\{" + name + r"\}[^.?!]*[.?!]?")
            text = sentence.sub("", text, count=1)
    return text


def fill(text: Any, params: Mapping[str, Any]) -> Any:
    """Fill ``{placeholders}``; unknown ones stay visible instead of failing mid-message. A sentence
    offering empty ``suggestions`` or an empty ``hint`` is left out."""
    if params and isinstance(text, str):
        return _drop_empty_offers(text, params).format_map(_SafeParams(params))
    return text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _SafeParams(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
