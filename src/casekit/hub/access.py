"""What a caller may do, read from the scopes of their hub token.

JupyterHub answers ``GET /hub/api/user`` with the token's expanded scopes. A trainer's read scope comes
limited to their cohorts (``custom:casekit:read!group=cohort-<id>``); an unlimited scope reaches every
cohort. Any other filter on a casekit scope grants nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import contract

GROUP_PREFIX = "group=" + contract.participants_group("")


class AllCohorts:
    """An unlimited scope: every cohort."""

    def __contains__(self, _cohort: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "AllCohorts()"


ALL = AllCohorts()


def _reach(scopes: Iterable[str], scope: str) -> AllCohorts | frozenset[str]:
    cohorts: set[str] = set()
    for held in scopes:
        name, _, limit = held.partition("!")
        if name != scope:
            continue
        if not limit:
            return ALL
        if limit.startswith(GROUP_PREFIX):
            cohorts.add(limit[len(GROUP_PREFIX) :])
    return frozenset(cohorts)


@dataclass(frozen=True)
class Caller:
    """Who is asking (the hub's user or service name) and what their token allows."""

    name: str
    kind: str
    participate: bool
    read: AllCohorts | frozenset[str]
    publish: AllCohorts | frozenset[str]
    admin: bool

    @classmethod
    def from_model(cls, model: Mapping[str, Any]) -> Caller:
        scopes = list(model.get("scopes") or ())
        name = str(model["name"])
        own = f"{contract.PARTICIPATE}!user={name}"
        return cls(
            name=name,
            kind=str(model.get("kind") or "user"),
            participate=contract.PARTICIPATE in scopes or own in scopes,
            read=_reach(scopes, contract.READ),
            publish=_reach(scopes, contract.PUBLISH),
            admin=contract.ADMIN in scopes,
        )

    def readable(self, cohorts: Iterable[str]) -> list[str]:
        """Of ``cohorts``, those this caller may read."""
        return [c for c in cohorts if c in self.read]

    @property
    def trainer(self) -> bool:
        return self.read is ALL or bool(self.read)
