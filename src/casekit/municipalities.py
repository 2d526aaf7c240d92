"""The municipal register: all 357 municipalities of 1 January 2024 in the 15 counties of 2024.

Look a municipality up by number or by name; names match ignoring case and diacritics (``baerum``,
``TROMSO`` and ``Romsa`` all work). Two names exist twice (Herøy, Våler): a bare name asks for the county.

    >>> from casekit import municipalities as m
    >>> m.get("4228").name
    'Sirdal'
    >>> m.get("Herøy", county="Nordland").number
    '1818'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from difflib import get_close_matches
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import data, i18n
from .errors import (
    AmbiguousMunicipalityError,
    InvalidMunicipalityNumberError,
    MunicipalityError,
    UnknownMunicipalityError,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

NUMBER_PATTERN = re.compile(r"\d{4}")

#: Size classes by population band (lower bound inclusive). The bands follow the common Norwegian
#: grouping of municipalities as small (< 5 000), medium (5 000–19 999) and large (≥ 20 000), with the
#: smallest and the largest split out because they lead very differently.
SIZE_CLASSES: tuple[tuple[str, int], ...] = (
    ("xs", 0),
    ("s", 2_000),
    ("m", 5_000),
    ("l", 20_000),
    ("xl", 50_000),
)


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    name_sami_kven: str | None
    county_number: str
    county_name: str
    population: int
    size_class: str
    #: The regional Digi-network, or None where no regional network was found (Oslo).
    network: str | None
    #: The official written standard (målform) under the Language Act: ``nynorsk``, ``bokmal`` or
    #: ``noytral`` (neutral), from Språkrådet's register of language decisions (``written_standard``).
    written_standard: str = "noytral"

    def network_label(self, language: str | None = None) -> str:
        """The Digi-network's name, or a plain statement that no regional network was found."""
        return self.network or i18n.t("municipalities.card.network_none", language=language)

    def size_label(self, language: str | None = None) -> str:
        return i18n.t(f"municipalities.size.{self.size_class}", language=language)

    def display_name(self) -> str:
        """``Herøy (Nordland)`` for the names that exist twice, else the plain name."""
        if len(_by_name().get(normalise(self.name), ())) > 1:
            return f"{self.name} ({self.county_name})"
        return self.name

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def size_class(population: int) -> str:
    """The size class code for a population."""
    code = SIZE_CLASSES[0][0]
    for name, lower in SIZE_CLASSES:
        if population >= lower:
            code = name
    return code


def normalise(text: str) -> str:
    """Lower-case, Norwegian letters folded (æ→ae, ø→o, å→a), other diacritics removed."""
    text = text.strip().casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-–]+", " ", text)


@lru_cache(maxsize=1)
def register() -> pd.DataFrame:
    """The whole register as a DataFrame, with the derived ``size_class`` and ``network`` columns and the
    ``written_standard`` of each municipality."""
    frame = data.load("municipalities")
    networks = data.load("digi_networks")[["county_number", "network"]]
    frame = frame.merge(networks, on="county_number", how="left", validate="many_to_one")
    standards = data.load("written_standard")[["number", "written_standard"]]
    frame = frame.merge(
        standards.rename(columns={"number": "kommunenummer"}),
        on="kommunenummer",
        how="left",
        validate="one_to_one",
    )
    frame["size_class"] = frame["population"].map(size_class).astype("string")
    frame["network"] = frame["network"].astype("string")
    return frame


def all() -> list[Municipality]:
    return [_row(r) for r in register().itertuples(index=False)]


def _row(r: Any) -> Municipality:
    import pandas as pd

    return Municipality(
        number=str(r.kommunenummer),
        name=str(r.name),
        name_sami_kven=None if pd.isna(r.name_sami_kven) else str(r.name_sami_kven),
        county_number=str(r.county_number),
        county_name=str(r.county_name),
        population=int(r.population),
        size_class=str(r.size_class),
        network=None if pd.isna(r.network) else str(r.network),
        written_standard=str(r.written_standard),
    )


@lru_cache(maxsize=1)
def _by_number() -> dict[str, Municipality]:
    return {m.number: m for m in all()}


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Municipality, ...]]:
    index: dict[str, list[Municipality]] = {}
    for m in all():
        names = {m.name}
        if m.name_sami_kven:
            names.update(part.strip() for part in m.name_sami_kven.split("/"))
        for n in names:
            index.setdefault(normalise(n), []).append(m)
    return {k: tuple(v) for k, v in index.items()}


def _county_matches(m: Municipality, county: str | int) -> bool:
    county = str(county).strip()
    return county.zfill(2) == m.county_number or normalise(county) == normalise(m.county_name)


def get(key: str | Municipality, county: str | int | None = None) -> Municipality:
    """Resolve a municipality from its number (``"0301"``) or name (``"Oslo"``, ``"Herøy (Nordland)"``).

    Raises InvalidMunicipalityNumberError for malformed numbers (``301``, ``03O1``, an int),
    UnknownMunicipalityError for a well-formed number or name that does not exist (with suggestions)
    and AmbiguousMunicipalityError for a bare name that exists in two counties.
    """
    if isinstance(key, Municipality):
        return key
    if isinstance(key, bool) or not isinstance(key, str):
        # YAML 1.1 reads an unquoted 0301 as an integer (or octal); never guess which municipality was meant.
        raise InvalidMunicipalityNumberError("error.municipality.not_text", value=repr(key))
    text = key.strip()
    if not text:
        raise InvalidMunicipalityNumberError("error.municipality.empty")
    if any(ch.isdigit() for ch in text) and not re.search(r"[^\W\d_]{3,}", text):
        return _by_number_checked(text)
    return _by_name_checked(text, county)


def _by_number_checked(text: str) -> Municipality:
    if not NUMBER_PATTERN.fullmatch(text):
        hint = _number_hint(text)
        raise InvalidMunicipalityNumberError("error.municipality.malformed", value=text, hint=hint)
    found = _by_number().get(text)
    if found is None:
        close = [n for n in _by_number() if n[:2] == text[:2] and sum(a != b for a, b in zip(n, text)) == 1]
        close.sort(key=lambda n: abs(int(n) - int(text)))
        suggestions = ", ".join(f"{n} {_by_number()[n].name}" for n in close[:5]) or "-"
        raise UnknownMunicipalityError(
            "error.municipality.unknown_number", value=text, suggestions=suggestions
        )
    return found


def _number_hint(text: str) -> str:
    """A suggestion for a malformed number: ``301`` → ``0301 (Oslo)``; ``03O1`` → ``0301 (Oslo)``."""
    guesses = []
    repaired = text.upper().replace("O", "0").replace("I", "1").replace("L", "1").replace(" ", "")
    if repaired.isdigit() and len(repaired) <= 4:
        guesses.append(repaired.zfill(4))
    found = [f"{g} ({_by_number()[g].name})" for g in guesses if g in _by_number()]
    return ", ".join(found) or "-"


def _by_name_checked(text: str, county: str | int | None) -> Municipality:
    match = re.fullmatch(r"(.+?)\s*\((.+)\)\s*", text)
    if match and county is None:
        text, county = match.group(1), match.group(2)
    candidates = _by_name().get(normalise(text), ())
    if county is not None:
        candidates = tuple(m for m in candidates if _county_matches(m, county))
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        options = ", ".join(f"{m.name} ({m.county_name}, {m.number})" for m in candidates)
        raise AmbiguousMunicipalityError("error.municipality.ambiguous", value=text, options=options)
    close = get_close_matches(normalise(text), list(_by_name()), n=4, cutoff=0.75)
    names = []
    for c in close:
        names.extend(m.display_name() for m in _by_name()[c])
    if county is not None and normalise(text) in _by_name():
        raise MunicipalityError(
            "error.municipality.not_in_county",
            value=text,
            county=str(county),
            suggestions=", ".join(m.display_name() for m in _by_name()[normalise(text)]),
        )
    raise MunicipalityError(
        "error.municipality.unknown_name", value=text, suggestions=", ".join(names) or "-"
    )


def find(query: str, limit: int = 10) -> list[Municipality]:
    """Municipalities whose name starts with or contains ``query`` (for pickers and autocomplete)."""
    q = normalise(query)
    starts = [m for m in all() if normalise(m.name).startswith(q)]
    contains = [m for m in all() if q in normalise(m.name) and m not in starts]
    return (starts + contains)[:limit]


def counties() -> pd.DataFrame:
    """One row per county: number, name, network (NA where none was found), municipalities and population."""
    reg = register()
    return (
        reg.groupby(["county_number", "county_name", "network"], as_index=False, dropna=False)
        .agg(municipalities=("kommunenummer", "size"), population=("population", "sum"))
        .sort_values("county_number", ignore_index=True)
    )


def networks() -> list[str]:
    return sorted(register()["network"].dropna().unique().tolist())


def _county_number(county: str | int) -> str:
    for _, row in counties().iterrows():
        if str(county).strip().zfill(2) == row.county_number or normalise(str(county)) == normalise(
            row.county_name
        ):
            return row.county_number
    raise MunicipalityError(
        "error.municipality.unknown_county",
        value=str(county),
        choices=", ".join(f"{r.county_number} {r.county_name}" for r in counties().itertuples()),
    )


def in_county(county: str | int) -> list[Municipality]:
    """The municipalities of a county given by number (``42``) or name (``Agder``)."""
    number = _county_number(county)
    return [m for m in all() if m.county_number == number]


def in_network(network: str) -> list[Municipality]:
    """The municipalities a Digi-network covers (``Digi Agder``; case and diacritics ignored)."""
    wanted = normalise(network).removeprefix("digi ").strip()
    found = [m for m in all() if m.network and normalise(m.network).removeprefix("digi ").strip() == wanted]
    if not found:
        raise MunicipalityError(
            "error.municipality.unknown_network", value=network, choices=", ".join(networks())
        )
    return found


def peers(key: str | Municipality) -> list[Municipality]:
    """Municipalities in the same size class (the municipality itself excluded)."""
    me = get(key)
    return [m for m in all() if m.size_class == me.size_class and m.number != me.number]


#: The language casekit uses for a municipality's official written standard; a neutral municipality gets
#: the cohort's choice (bokmål unless the cohort says otherwise).
LANGUAGE_OF_STANDARD = {"nynorsk": "nn", "bokmal": "nb"}


def default_language(key: str | Municipality, neutral: str = "nb") -> str:
    """The language for ``language: auto``: the municipality's written standard decides."""
    standard = get(key).written_standard
    return LANGUAGE_OF_STANDARD.get(standard, i18n.check_language(neutral))
