"""A workbook session: who is working, on which municipality, in which language, against which store.

A notebook resolves its parameters once, at its edge, and hands the session to casekit's widgets and
helpers. Nothing below the notebook re-reads a municipality string or opens a store of its own::

    import casekit
    wb = casekit.setup(language, municipality=municipality, store_url=store_url,
                       respondent=respondent, prefill=prefill)
    wb.municipality.name, wb.language, wb.store      # a Municipality, a checked code, the store seam
"""

from __future__ import annotations

import getpass
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from . import i18n, municipalities
from .errors import MunicipalityError
from .municipalities import Municipality
from .store import Store, check_cohort_id, open_store

#: ``prefill`` values with which a workbook starts from sample answers (the demo passes ``"demo"``).
SAMPLE_PREFILLS = ("demo", "sample")


def default_respondent(municipality: str) -> str:
    """An opaque, stable id for the person at the keyboard: the municipality and a hash of the user name
    (JupyterHub's user when there is one), so the same person resumes the same draft."""
    user = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    return f"{municipality}-u{zlib.crc32(user.encode()):08x}"


@dataclass(frozen=True)
class Workbook:
    """One notebook's session. Build it with :func:`casekit.setup`; pass it to widgets and helpers."""

    language: str
    municipality: Municipality | None = None
    respondent: str = ""
    prefill: str = ""
    store_url: str = ""
    role: str | None = None
    cohort: str = ""

    @cached_property
    def store(self) -> Store:
        """The store seam: the SQL store on one machine, the hub service's client on a hub. In a cohort's
        workbook every save is stamped with the cohort (its retention date governs how long it is kept)."""
        return open_store(self.store_url or None, cohort=self.cohort or None)

    @property
    def number(self) -> str:
        """The municipality number ("4228"); a workbook without a municipality has none."""
        if self.municipality is None:
            raise MunicipalityError("error.municipality.empty")
        return self.municipality.number

    @property
    def sample(self) -> bool:
        """True when the workbook starts from sample answers (``prefill="demo"`` or ``"sample"``)."""
        return self.prefill in SAMPLE_PREFILLS

    def t(self, key: str, /, **params: Any) -> str:
        """The message ``key`` in the workbook's language."""
        return i18n.t(key, language=self.language, **params)

    def text(self, value: Mapping[str, str] | str) -> str:
        """The workbook's language picked from a ``{"nb": …, "en": …}`` text."""
        return i18n.text(value, self.language)

    def with_store(self, store: Store | str) -> Workbook:
        """The same session against another store (a test's file, a cohort's service)."""
        clone = replace(self)
        clone.__dict__["store"] = open_store(store, cohort=self.cohort or None)
        return clone


def start(
    language: str = "nb",
    municipality: str | Municipality | None = None,
    *,
    respondent: str = "",
    store_url: str = "",
    prefill: str = "",
    role: str | None = None,
    cohort: str = "",
) -> Workbook:
    """Resolve a workbook's parameters once: check the language, look the municipality up in the register,
    give an empty respondent the stable id of the person at the keyboard and check the cohort id (empty:
    no cohort)."""
    place = municipalities.get(municipality) if municipality not in (None, "") else None
    if isinstance(language, str) and language.strip().lower() == "auto":
        language = municipalities.default_language(place) if place is not None else i18n.DEFAULT_LANGUAGE
    code = i18n.set_language(language)
    cohort = check_cohort_id((cohort or "").strip()) or ""
    who = (respondent or "").strip()
    if not who and place is not None:
        who = default_respondent(place.number)
    return Workbook(code, place, who, (prefill or "").strip(), store_url or "", role, cohort)
