"""An IT landscape: systems and the integrations between them, checked so the picture makes sense.

An integration sends one kind of data (its *entity*: employee, person, document …) from a source system to
a target system, either point to point (``p2p``) or through an integration platform or API layer
(``platform``, with the platform in ``via``). A ``two-way`` integration is an exchange of messages.

Checks, each with a message naming the integration and the fix: both ends exist, a system does not
integrate with itself, ``via`` is a platform and not one of the ends, no duplicates, and one-way flows of
the same entity never form a circle (then no system would be the master and changes could loop for ever).
Edits return a new landscape; the original is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import data, i18n
from ..errors import ArchitectureError
from ..store import Store, Submission, open_store
from .sample import INTEGRATION_COLUMNS, LOCAL_PLATFORM, SYSTEM_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

KINDS = ("p2p", "platform")
DIRECTIONS = ("one-way", "two-way")
SYSTEM_KINDS = ("municipal", "national")
_ID = re.compile(r"[a-z0-9_]{1,60}")


def close_matches(value: str, choices: list[str]) -> str:
    return ", ".join(get_close_matches(str(value), choices, n=3, cutoff=0.4)) or ", ".join(choices[:5]) + " …"


def entity_label(entity: str, language: str | None = None) -> str:
    key = f"architecture.entity.{entity}"
    return i18n.t(key, language=language) if i18n.has(key, language) else entity


@dataclass(frozen=True, eq=False)
class Landscape:
    """Systems (columns of :data:`SYSTEM_COLUMNS`) and integrations (:data:`INTEGRATION_COLUMNS`)."""

    systems: pd.DataFrame
    integrations: pd.DataFrame
    name: str = "sample"
    notes: tuple[str, ...] = field(default=())

    # --- reading --------------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return self.systems["id"].tolist()

    def platforms(self) -> list[str]:
        return self.systems.loc[self.systems["platform"].astype(bool), "id"].tolist()

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return dict(zip(self.systems["id"], self.systems["kind"].astype(str)))

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        columns = [c for c in self.systems.columns if c.startswith("name_")]
        return {
            c[len("name_") :]: dict(zip(self.systems["id"], self.systems[c].astype(str))) for c in columns
        }

    def kind_of(self, system: str) -> str:
        return self._kinds[system]

    def label(self, system: str, language: str | None = None) -> str:
        code = i18n.check_language(language or i18n.get_language())
        names = self._names.get(code) or self._names.get("en", {})
        return names.get(system, system)

    def describe(self, integration: Any) -> str:
        """``HR → Payroll (employee)``: how an integration is named in messages (system ids only)."""
        return f"{integration['source']} → {integration['target']} ({integration['entity']})"

    # --- editing --------------------------------------------------------------------------------------

    def add_system(
        self,
        system: str,
        name: str,
        *,
        role: str = "other",
        kind: str = "municipal",
        platform: bool = False,
        name_en: str | None = None,
        name_nn: str | None = None,
        vendor_examples: str = "",
    ) -> Landscape:
        """A copy with one more system. The id is lower case (a–z, 0–9, _); the name must not be empty."""
        import pandas as pd

        if not isinstance(system, str) or not _ID.fullmatch(system):
            raise ArchitectureError("architecture.error.bad_system_id", value=repr(system))
        if system in self.ids():
            raise ArchitectureError("architecture.error.duplicate_system", system=system)
        if not str(name or "").strip():
            raise ArchitectureError("architecture.error.empty_name", system=system)
        if kind not in SYSTEM_KINDS:
            raise ArchitectureError(
                "architecture.error.system_kind",
                system=system,
                value=repr(kind),
                allowed=", ".join(SYSTEM_KINDS),
            )
        row = {
            "id": system,
            "name_nb": str(name).strip(),
            "name_en": str(name_en or name).strip(),
            "name_nn": str(name_nn or name).strip(),
            "role": role,
            "kind": kind,
            "platform": bool(platform),
            "vendor_examples": vendor_examples,
        }
        systems = pd.concat([self.systems, pd.DataFrame([row])], ignore_index=True)
        return Landscape(systems, self.integrations, self.name, self.notes)

    def remove_system(self, system: str) -> tuple[Landscape, int]:
        """A copy without ``system`` and without its integrations; returns how many integrations went.

        A platform that still carries integrations of other systems cannot be removed: route those
        integrations point to point first (see :func:`casekit.architecture.to_spaghetti`).
        """
        if system not in self.ids():
            raise ArchitectureError(
                "architecture.error.unknown_system_edit",
                system=str(system),
                suggestions=close_matches(system, self.ids()),
            )
        frame = self.integrations
        routed = frame[(frame["via"] == system) & (frame["source"] != system) & (frame["target"] != system)]
        if len(routed):
            raise ArchitectureError("architecture.error.platform_in_use", system=system, count=len(routed))
        touching = (frame["source"] == system) | (frame["target"] == system)
        systems = self.systems[self.systems["id"] != system].reset_index(drop=True)
        return Landscape(systems, frame[~touching].reset_index(drop=True), self.name, self.notes), int(
            touching.sum()
        )

    def add_integration(
        self,
        source: str,
        target: str,
        entity: str,
        *,
        kind: str = "p2p",
        via: str | None = None,
        direction: str = "one-way",
    ) -> Landscape:
        """A copy with one more integration, checked like a file row (see the module notes)."""
        import pandas as pd

        numbers = [int(i[1:]) for i in self.integrations["id"] if str(i)[1:].isdigit()]
        ident = f"i{(max(numbers) if numbers else 0) + 1:03d}"
        row = {
            "id": ident,
            "source": source,
            "target": target,
            "entity": entity,
            "kind": kind,
            "via": via or "",
            "direction": direction,
        }
        integrations = pd.concat([self.integrations, pd.DataFrame([row])], ignore_index=True)
        candidate = Landscape(self.systems, integrations, self.name, self.notes)
        check_integrations(candidate, only=[len(integrations) - 1])
        return candidate

    def remove_integration(self, integration: str) -> Landscape:
        """A copy without the integration with this id."""
        if integration not in self.integrations["id"].tolist():
            raise ArchitectureError(
                "architecture.error.unknown_integration",
                value=str(integration),
                suggestions=close_matches(integration, self.integrations["id"].tolist()),
            )
        frame = self.integrations[self.integrations["id"] != integration].reset_index(drop=True)
        return Landscape(self.systems, frame, self.name, self.notes)


def check_integrations(landscape: Landscape, *, only: list[int] | None = None, file: str = "") -> None:
    """Check integrations (all, or the row positions in ``only``) against the rules in the module notes."""
    ids = landscape.ids()
    platforms = set(landscape.platforms())
    frame = landscape.integrations
    seen: dict[tuple[str, str, str], str] = {}
    for pos, row in frame.iterrows():
        key = (row["source"], row["target"], row["entity"])
        if key in seen and (only is None or pos in only):
            where = (file + ", " if file else "") + f"{row['id']}: {landscape.describe(row)}"
            raise ArchitectureError("architecture.error.duplicate_integration", where=where, first=seen[key])
        seen.setdefault(key, row["id"])
    for pos, row in frame.iterrows():
        if only is not None and pos not in only:
            continue
        where = (file + ", " if file else "") + (f"{row['id']}: " if file else "") + landscape.describe(row)
        for end in ("source", "target"):
            if row[end] not in ids:
                raise ArchitectureError(
                    "architecture.error.unknown_system",
                    where=where,
                    system=str(row[end]),
                    suggestions=close_matches(row[end], ids),
                )
        if row["source"] == row["target"]:
            raise ArchitectureError("architecture.error.self_loop", where=where, system=row["source"])
        if not str(row["entity"] or "").strip():
            raise ArchitectureError("architecture.error.no_entity", where=where)
        if row["kind"] not in KINDS:
            raise ArchitectureError(
                "architecture.error.kind", where=where, value=repr(row["kind"]), allowed=", ".join(KINDS)
            )
        if row["direction"] not in DIRECTIONS:
            raise ArchitectureError(
                "architecture.error.direction",
                where=where,
                value=repr(row["direction"]),
                allowed=", ".join(DIRECTIONS),
            )
        via = row["via"] or ""
        if row["kind"] == "platform":
            if not via:
                raise ArchitectureError(
                    "architecture.error.via_missing",
                    where=where,
                    platforms=", ".join(sorted(platforms)) or "-",
                )
            if via not in platforms:
                raise ArchitectureError(
                    "architecture.error.via_not_platform",
                    where=where,
                    via=via,
                    platforms=", ".join(sorted(platforms)) or "-",
                )
            if via in (row["source"], row["target"]):
                raise ArchitectureError("architecture.error.via_endpoint", where=where, via=via)
        elif via:
            raise ArchitectureError("architecture.error.via_unexpected", where=where, via=via)
    _check_cycles(landscape, only, file)


def _check_cycles(landscape: Landscape, only: list[int] | None, file: str) -> None:
    import networkx as nx

    frame = landscape.integrations
    one_way = frame[frame["direction"] == "one-way"]
    entities = one_way["entity"].unique() if only is None else frame.loc[only, "entity"].unique()
    for entity in entities:
        part = one_way[one_way["entity"] == entity]
        graph = nx.DiGraph()
        graph.add_edges_from(zip(part["source"], part["target"]))
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            continue
        path = " → ".join([a for a, _ in cycle] + [cycle[0][0]])
        last = part.iloc[-1]
        where = (file + ", " if file else "") + (f"{last['id']}: " if file else "") + landscape.describe(last)
        raise ArchitectureError(
            "architecture.error.cycle", where=where, entity=entity_label(entity), cycle=path
        )


def check_systems(systems: pd.DataFrame, file: str = "") -> None:
    missing = [c for c in SYSTEM_COLUMNS if c not in systems.columns]
    if missing:
        raise ArchitectureError(
            "architecture.error.columns",
            file=file or "-",
            missing=", ".join(missing),
            expected=", ".join(SYSTEM_COLUMNS),
        )
    for _, row in systems.iterrows():
        if not isinstance(row["id"], str) or not _ID.fullmatch(row["id"]):
            raise ArchitectureError("architecture.error.bad_system_id", value=repr(row["id"]))
        if row["kind"] not in SYSTEM_KINDS:
            raise ArchitectureError(
                "architecture.error.system_kind",
                system=row["id"],
                value=repr(row["kind"]),
                allowed=", ".join(SYSTEM_KINDS),
            )
    duplicated = systems.loc[systems["id"].duplicated(), "id"].tolist()
    if duplicated:
        raise ArchitectureError("architecture.error.duplicate_system", system=duplicated[0])


def from_frames(
    systems: pd.DataFrame, integrations: pd.DataFrame, *, name: str = "landscape", file: str = ""
) -> Landscape:
    """Build and check a landscape from two tables."""
    systems = systems.copy()
    integrations = integrations.copy()
    if "name_nb" in systems.columns:
        # a landscape saved before nynorsk names existed: the bokmål name stands in
        names = systems["name_nn"] if "name_nn" in systems.columns else systems["name_nb"]
        systems["name_nn"] = names.where(
            names.notna() & (names.astype(str).str.strip() != ""), systems["name_nb"]
        )
    check_systems(systems, file)
    missing = [c for c in INTEGRATION_COLUMNS if c not in integrations.columns]
    if missing:
        raise ArchitectureError(
            "architecture.error.columns",
            file=file or "-",
            missing=", ".join(missing),
            expected=", ".join(INTEGRATION_COLUMNS),
        )
    systems["platform"] = (
        systems["platform"]
        .map(lambda v: v if isinstance(v, bool) else str(v).strip().lower() in ("true", "1", "yes", "ja"))
        .astype(bool)
    )
    for column in ("vendor_examples",):
        systems[column] = systems[column].fillna("").astype(str)
    integrations["via"] = integrations["via"].fillna("").astype(str)
    for column in ("id", "source", "target", "entity", "kind", "direction"):
        integrations[column] = integrations[column].astype(object).where(integrations[column].notna(), "")
    landscape = Landscape(
        systems[SYSTEM_COLUMNS].reset_index(drop=True),
        integrations[INTEGRATION_COLUMNS].reset_index(drop=True),
        name,
    )
    check_integrations(landscape, file=file)
    return landscape


def load_sample() -> Landscape:
    """The sample landscape shipped as datasets ``it_systems`` and ``it_integrations``."""
    systems = data.load("it_systems")
    integrations = data.load("it_integrations")
    return from_frames(systems, integrations, name="sample", file=data.resource("it_integrations")["path"])


def read_landscape(systems_csv: str | Path, integrations_csv: str | Path, *, name: str = "own") -> Landscape:
    """A landscape from two CSV files with the columns of the sample (for a municipality's own data)."""
    systems = data.read_table(systems_csv, data.resource("it_systems")["schema"])
    integrations = data.read_table(integrations_csv, data.resource("it_integrations")["schema"])
    return from_frames(systems, integrations, name=name, file=Path(integrations_csv).name)


def ensure_platform(landscape: Landscape) -> Landscape:
    """The landscape with a local integration platform (added when it has none)."""
    if LOCAL_PLATFORM in landscape.ids():
        return landscape
    return landscape.add_system(
        LOCAL_PLATFORM,
        "Integrasjonsplattform",
        name_en="Integration platform",
        name_nn="Integrasjonsplattform",
        role="infrastructure",
        platform=True,
    )


# --- the store -------------------------------------------------------------------------------------------

INSTRUMENT = "architecture"


def save_landscape(
    store: Store | str | None, landscape: Landscape, *, respondent: str, municipality: str, phase: str = ""
) -> Submission:
    """Append a participant's edited landscape (instrument ``architecture``) for the municipality; ``phase``
    (``4a``, ``4b``, ``4c``) records which workbook saved it, so the next one can say where it comes from."""
    if not respondent:
        raise ArchitectureError("architecture.error.no_respondent")
    systems = landscape.systems.astype(object).where(landscape.systems.notna(), "")
    answers = {
        "name": landscape.name,
        "systems": [
            {k: (bool(v) if k == "platform" else str(v)) for k, v in row.items()}
            for row in systems.to_dict("records")
        ],
        "integrations": [
            {k: str(v) for k, v in row.items()} for row in landscape.integrations.to_dict("records")
        ],
    }
    meta = {"phase": phase} if phase else None
    return open_store(store).save(
        respondent, INSTRUMENT, answers, status="final", municipality=municipality, meta=meta
    )


def saved_landscape(
    store: Store | str | None, *, respondent: str | None = None, municipality: str | None = None
) -> tuple[Landscape, Submission | None]:
    """The respondent's latest landscape, else the municipality's, with the submission it came from; the
    sample and None when nothing is saved."""
    import pandas as pd

    st = open_store(store)
    found = st.latest(respondent, INSTRUMENT) if respondent else None
    if found is None and municipality:
        subs = st.submissions(INSTRUMENT, municipality=municipality, latest="municipality")
        found = subs[-1] if subs else None
    if found is None:
        return load_sample(), None
    answers = found.answers
    landscape = from_frames(
        pd.DataFrame(answers["systems"], columns=SYSTEM_COLUMNS),
        pd.DataFrame(answers["integrations"], columns=INTEGRATION_COLUMNS),
        name=answers.get("name", "saved"),
    )
    return landscape, found


def load_landscape(
    store: Store | str | None, *, respondent: str | None = None, municipality: str | None = None
) -> Landscape:
    """The respondent's latest landscape, else the municipality's, else the sample."""
    return saved_landscape(store, respondent=respondent, municipality=municipality)[0]


def new_system_id(landscape: Landscape, name: str) -> str:
    """An id for a new system made from its name (``Kvalitetssystem`` → ``kvalitetssystem``), unique."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
    base = re.sub(r"[^a-z0-9]+", "_", str(name).lower().translate(table)).strip("_")[:40] or "system"
    ident, n = base, 2
    while ident in landscape.ids():
        ident, n = f"{base}_{n}", n + 1
    return ident
