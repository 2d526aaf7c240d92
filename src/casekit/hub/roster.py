"""Who is who in the cohorts the service serves: each participant's cohort, municipality and role.

The service learns it from the ``cohort.yaml`` files it is started with (``casekit serve --cohort …``);
participant ids there are hub user names. The hub says *who* is asking; the roster says where that person
belongs, so a participant's saves carry the municipality the trainer wrote down, whatever a workbook says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..privacy import DEFAULT_MIN_GROUP_SIZE


@dataclass(frozen=True)
class Membership:
    """One participant in one cohort."""

    cohort: str
    municipality: str
    role: str | None = None


@dataclass(frozen=True)
class Cohort:
    """A cohort as the service needs it: its id, retention date and participants by user name."""

    id: str
    retention_until: dt.date | None = None
    participants: Mapping[str, Membership] = field(default_factory=dict)
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE


class Roster:
    """The cohorts the service serves, and a participant's memberships by hub user name."""

    def __init__(self, cohorts: Iterable[Cohort]) -> None:
        self.cohorts: dict[str, Cohort] = {}
        self._people: dict[str, list[Membership]] = {}
        for cohort in cohorts:
            self.cohorts[cohort.id] = cohort
            for name, membership in cohort.participants.items():
                self._people.setdefault(name, []).append(membership)

    @classmethod
    def from_configs(cls, configs: Sequence[object]) -> Roster:
        """The roster from validated cohort configs (anything with ``id``, ``retention_until`` and
        ``participants``: municipality number → people with ``id`` and ``role``; and ``min_group_size``)."""
        cohorts = []
        for config in configs:
            people = {
                person.id: Membership(config.id, number, person.role)
                for number, persons in config.participants.items()
                for person in persons
            }
            k = getattr(config, "min_group_size", DEFAULT_MIN_GROUP_SIZE)
            cohorts.append(Cohort(config.id, config.retention_until, people, k))
        return cls(cohorts)

    def memberships(self, user: str) -> list[Membership]:
        return list(self._people.get(user, ()))

    def members(self, cohorts: Iterable[str]) -> set[str]:
        """The user names of the participants of ``cohorts``."""
        wanted = set(cohorts)
        return {name for name, ms in self._people.items() if any(m.cohort in wanted for m in ms)}

    @property
    def ids(self) -> list[str]:
        return sorted(self.cohorts)

    def __len__(self) -> int:
        return len(self._people)
