"""``casekit cohort hub-sync``: make the hub's groups say what cohort.yaml says, through the hub's REST API.

For every cohort, ``cohort-<id>`` holds exactly its participants and ``trainers-<id>`` exactly its trainers;
``casekit-admins`` is managed only when administrators are named. Users the hub does not know yet are
created first (the hub's API adds only existing users to a group). Nothing else is touched: no user is
deleted, and removing someone from a group takes away their casekit role, not their files or answers.

Running it twice changes nothing the second time. ``plan`` says what would change without changing it
(``--dry-run``). The token needs the scopes ``admin:users`` (create users), ``admin:groups`` (create groups),
``groups`` (change members) and ``list:users``/``read:groups`` (look), as an admin's token has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..errors import HubSyncError
from .config import CohortConfig
from .hubconfig import ADMIN_GROUP, groups

#: Seconds to wait for the hub to answer one request.
TIMEOUT = 30
#: Users per page when the hub's user list is read.
PAGE = 200


@dataclass(frozen=True)
class Change:
    """One change: ``user`` (create users), ``group`` (create a group), ``add`` or ``remove`` members."""

    kind: str
    group: str = ""
    users: tuple[str, ...] = ()


class HubClient:
    """The few calls of JupyterHub's REST API that ``hub-sync`` needs, with a token, through requests."""

    def __init__(self, hub_url: str, token: str, *, timeout: float = TIMEOUT) -> None:
        import requests  # the hub's own client library; only these commands need it

        self.hub_url = hub_url.rstrip("/")
        self.api = self.hub_url + "/hub/api"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        paged: bool = False,
        **params: Any,
    ) -> Any:
        """Send one request; returns the JSON answer (None for 404). Every other failure is a HubSyncError
        that names the hub, the call and what to do."""
        import requests

        url = self.api + path
        # Without this the hub answers a plain list, cut at its page size, and never says there is more.
        headers = {"Accept": "application/jupyterhub-pagination+json"} if paged else None
        try:
            response = self.session.request(
                method, url, json=body, params=params or None, timeout=self.timeout, headers=headers
            )
        except requests.RequestException as exc:
            raise HubSyncError(
                "cohort.hub.unreachable", url=self.hub_url, reason=type(exc).__name__
            ) from None
        if response.status_code == 404 and method == "GET":
            return None
        if response.status_code in (401, 403):
            raise HubSyncError("cohort.hub.forbidden", url=self.hub_url, call=f"{method} {path}")
        if response.status_code >= 400:
            raise HubSyncError(
                "cohort.hub.refused",
                url=self.hub_url,
                call=f"{method} {path}",
                status=response.status_code,
                reason=_reason(response),
            )
        return response.json() if response.content else None

    def users(self) -> set[str]:
        """The names of every user the hub knows (read page by page)."""
        names: set[str] = set()
        offset = 0
        while True:
            page = self.call("GET", "/users", paged=True, offset=offset, limit=PAGE)
            items = page["items"] if isinstance(page, dict) else (page or [])
            names.update(item["name"] for item in items)
            following = (page.get("_pagination") or {}).get("next") if isinstance(page, dict) else None
            if not following or not items:
                return names
            offset = following["offset"]

    def members(self, group: str) -> set[str] | None:
        """The members of ``group``, or None when the hub has no such group."""
        found = self.call("GET", f"/groups/{quote(group, safe='')}")
        return None if found is None else set(found.get("users", []))

    def apply(self, change: Change) -> None:
        name = quote(change.group, safe="")
        if change.kind == "user":
            self.call("POST", "/users", {"usernames": list(change.users)})
        elif change.kind == "group":
            self.call("POST", f"/groups/{name}", {"users": []})
        elif change.kind == "add":
            self.call("POST", f"/groups/{name}/users", {"users": list(change.users)})
        elif change.kind == "remove":
            self.call("DELETE", f"/groups/{name}/users", {"users": list(change.users)})


def _reason(response: Any) -> str:
    try:
        return str(response.json().get("message", "")) or response.reason
    except ValueError:
        return response.reason or ""


def wanted(configs: Sequence[CohortConfig], admins: Sequence[str] = ()) -> dict[str, list[str]]:
    """The groups ``hub-sync`` manages and who belongs in each (``casekit-admins`` only when named)."""
    found = groups(configs, admins)
    if not admins:
        found.pop(ADMIN_GROUP)
    return found


def plan(client: HubClient, want: dict[str, list[str]]) -> list[Change]:
    """The changes that make the hub's groups ``want``: users to create, groups to create, members to add
    and to remove, in the order they must be made."""
    known = client.users()
    needed = [u for u in dict.fromkeys(u for users in want.values() for u in users) if u not in known]
    changes = [Change("user", users=tuple(needed))] if needed else []
    for group, users in want.items():
        members = client.members(group)
        if members is None:
            changes.append(Change("group", group))
            members = set()
        add = tuple(u for u in users if u not in members)
        remove = tuple(sorted(members - set(users)))
        if add:
            changes.append(Change("add", group, add))
        if remove:
            changes.append(Change("remove", group, remove))
    return changes


def sync(client: HubClient, want: dict[str, list[str]], *, dry_run: bool = False) -> list[Change]:
    """Plan the changes and make them (unless ``dry_run``); returns them."""
    changes = plan(client, want)
    if not dry_run:
        for change in changes:
            client.apply(change)
    return changes


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many users were created, groups created, members added and removed."""
    out = {"user": 0, "group": 0, "add": 0, "remove": 0}
    for change in changes:
        out[change.kind] += len(change.users) if change.kind != "group" else 1
    return out
