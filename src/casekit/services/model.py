"""Life events, the actors who serve them and the steps a citizen goes through, read from YAML.

The shipped catalogue is ``datasets/life_events.yaml`` (resource ``life_events``). Each event is an ordered
list of steps; each step is a service provided by one actor: a municipal sector, a national agency or
another body. Every text carries one entry per language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import i18n
from .._yaml import safe_load
from ..data import path as dataset_path
from ..errors import LifeEventError

ACTOR_KINDS = ("municipal", "national", "other")
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    label: Mapping[str, str]

    @property
    def municipal(self) -> bool:
        return self.kind == "municipal"

    def name(self, language: str | None = None) -> str:
        return i18n.text(self.label, language)


@dataclass(frozen=True)
class Step:
    id: str
    actor: str
    service: Mapping[str, str]
    system: Mapping[str, str]


@dataclass(frozen=True)
class LifeEvent:
    id: str
    title: Mapping[str, str]
    steps: tuple[Step, ...]
    digdir_priority: bool = False
    ministry: str | None = None
    facts: tuple[Mapping[str, str], ...] = ()

    def name(self, language: str | None = None) -> str:
        return i18n.text(self.title, language)

    def actors(self) -> list[str]:
        """Actor ids in the order a citizen first meets them."""
        return list(dict.fromkeys(s.actor for s in self.steps))


@dataclass(frozen=True)
class Catalogue:
    """The life events and actors of one file."""

    actors: Mapping[str, Actor]
    events: Mapping[str, LifeEvent]
    source: str

    def event(self, key: str | LifeEvent) -> LifeEvent:
        if isinstance(key, LifeEvent):
            return key
        if key in self.events:
            return self.events[key]
        raise LifeEventError(
            "services.error.unknown_event", event=str(key), choices=", ".join(self.events) or "-"
        )

    def sectors(self) -> list[Actor]:
        """The municipal sectors, in file order."""
        return [a for a in self.actors.values() if a.municipal]

    def default_sectors(self, event: str | LifeEvent) -> list[str]:
        """The municipal sectors the catalogue says take part in ``event``."""
        return [a for a in self.event(event).actors() if self.actors[a].municipal]


def _texts(value: Any, where: dict[str, str], field: str) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise LifeEventError("services.error.missing_field", field=field, **where)
    for lang in i18n.available_languages():
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise LifeEventError("services.error.missing_text", field=field, lang=lang, **where)
    return dict(value)


def _check_id(value: Any, where: dict[str, str], field: str) -> str:
    if not isinstance(value, str) or not value or not set(value) <= _ID_CHARS:
        raise LifeEventError("services.error.bad_id", field=field, value=repr(value), **where)
    return value


def parse_life_events(data: Any, source: str = "life_events.yaml") -> Catalogue:
    """Validate a parsed life-event document and build the catalogue.

    Every problem is reported with the file, the event and step, the field and the fix. An event with no
    services is refused: a journey needs at least one step.
    """
    if not isinstance(data, Mapping):
        raise LifeEventError("services.error.not_mapping", file=source)
    actors: dict[str, Actor] = {}
    for raw in data.get("actors") or []:
        where = {"file": source, "event": "-", "step": "-"}
        if not isinstance(raw, Mapping):
            raise LifeEventError("services.error.missing_field", field="actors", **where)
        actor_id = _check_id(raw.get("id"), where, "actor.id")
        if actor_id in actors:
            raise LifeEventError("services.error.duplicate_actor", value=actor_id, file=source)
        kind = raw.get("kind")
        if kind not in ACTOR_KINDS:
            raise LifeEventError(
                "services.error.bad_kind", actor=actor_id, value=repr(kind), allowed=", ".join(ACTOR_KINDS)
            )
        actors[actor_id] = Actor(actor_id, kind, _texts(raw.get("label"), where, f"{actor_id}.label"))
    events: dict[str, LifeEvent] = {}
    for raw in data.get("events") or []:
        if not isinstance(raw, Mapping):
            raise LifeEventError(
                "services.error.missing_field", field="events", file=source, event="-", step="-"
            )
        where = {"file": source, "event": str(raw.get("id")), "step": "-"}
        event_id = _check_id(raw.get("id"), where, "id")
        if event_id in events:
            raise LifeEventError("services.error.duplicate_event", value=event_id, file=source)
        title = _texts(raw.get("title"), where, "title")
        raw_steps = raw.get("steps") or []
        if not isinstance(raw_steps, list) or not raw_steps:
            raise LifeEventError("services.error.no_services", file=source, event=event_id)
        steps = []
        for number, raw_step in enumerate(raw_steps, start=1):
            step_where = {**where, "step": str(number)}
            if not isinstance(raw_step, Mapping):
                raise LifeEventError("services.error.missing_field", field="step", **step_where)
            step_id = _check_id(raw_step.get("id"), step_where, "id")
            step_where["step"] = step_id
            if step_id in {s.id for s in steps}:
                raise LifeEventError(
                    "services.error.duplicate_step", value=step_id, event=event_id, file=source
                )
            actor = raw_step.get("actor")
            if actor not in actors:
                raise LifeEventError(
                    "services.error.unknown_actor",
                    actor=str(actor),
                    known=", ".join(actors) or "-",
                    **step_where,
                )
            steps.append(
                Step(
                    step_id,
                    actor,
                    _texts(raw_step.get("service"), step_where, "service"),
                    _texts(raw_step.get("system"), step_where, "system"),
                )
            )
        facts = tuple(_texts(f, where, "facts") for f in raw.get("facts") or [])
        events[event_id] = LifeEvent(
            event_id,
            title,
            tuple(steps),
            bool(raw.get("digdir_priority", False)),
            raw.get("ministry"),
            facts,
        )
    if not events:
        raise LifeEventError("services.error.no_events", file=source)
    return Catalogue(actors, events, source)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Catalogue:
    import yaml

    with open(path, encoding="utf-8") as fh:
        try:
            data = safe_load(fh)
        except yaml.YAMLError as exc:
            raise LifeEventError("services.error.yaml", file=path, reason=str(exc).splitlines()[0]) from None
    return parse_life_events(data, Path(path).name)


def load_life_events(path: str | Path | None = None) -> Catalogue:
    """The shipped catalogue (``casekit.data`` resource ``life_events``), or one from ``path``."""
    if path is None:
        path = dataset_path("life_events")
    path = Path(path)
    if not path.is_file():
        raise LifeEventError("services.error.no_file", file=str(path))
    return _load_cached(str(path), path.stat().st_mtime)
