"""The API's request handlers (Tornado), one class per path under ``api/v1/``.

Every handler learns who is asking in :meth:`ApiHandler.prepare`: JupyterHub's own ``HubAuth`` (the class
behind its ``HubAuthenticated`` mixin) asks the hub about the request's token and caches the answer, and
the token's scopes, checked with JupyterHub's ``check_scopes``, say what the caller may do. The handlers
call ``HubAuth`` asynchronously instead of through the mixin, whose ``get_current_user`` waits for the
hub inside the event loop: with a cohort opening its workbooks at once, every uncached token would queue
behind the one before.
Nothing in a request body or query names the person whose answers are saved or read for a participant;
a trainer's filters are checked against the cohorts their role reaches. Store calls block, so they run in
the service's thread pool; every trainer's and administrator's read leaves a line in the audit trail.
Refusals are JSON with a plain message, in the language of ``Accept-Language`` (bokmål by default), that
names the role the request needs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from tornado.web import HTTPError, RequestHandler

from .. import __version__, messages
from ..errors import (
    CasekitError,
    HubError,
    HubForbiddenError,
    SnapshotConflictError,
    StoreBusyError,
    StoreReadOnlyError,
)
from ..store import STATUSES
from ..store.wire import (
    audit_json,
    erasure_json,
    frame_json,
    purge_json,
    respondents_json,
    snapshot_json,
    submission_json,
    tidy_json,
)
from . import contract, published
from .access import Caller
from .roster import Membership

if TYPE_CHECKING:  # pragma: no cover
    from .app import Service

log = logging.getLogger("casekit.hub")
T = TypeVar("T")
#: Store errors that mean the store cannot serve now (503), not that the request was wrong (400).
UNAVAILABLE_KEYS = {"error.store.open", "error.store.read", "error.store.write"}


def status_for(error: CasekitError) -> int:
    if isinstance(error, HubError):
        return error.http_status
    if isinstance(error, SnapshotConflictError):
        return 409
    if isinstance(error, StoreBusyError | StoreReadOnlyError) or error.key in UNAVAILABLE_KEYS:
        return 503
    return 400


def language_for(header: str | None) -> str:
    """The first language of an ``Accept-Language`` header casekit speaks; bokmål when none."""
    for part in (header or "").split(","):
        code = messages.canonical(part.split(";")[0].strip())
        if code is not None:
            return code
    return messages.DEFAULT_LANGUAGE


class ApiHandler(RequestHandler):
    """The base of every API handler: identity, roles, JSON in and out, errors as JSON."""

    def initialize(self, service: Service) -> None:
        self.service = service
        self.hub_auth: Any = service.hub_auth
        self.caller: Caller | None = None
        self._refusal: HubForbiddenError | None = None

    def check_xsrf_cookie(self) -> None:
        """A token API: no cookies, so no cross-site forgery to guard against."""

    async def prepare(self) -> None:
        token = self.hub_auth.get_token(self, in_cookie=False)
        if not token:
            self._refusal = HubForbiddenError("hub.forbidden.no_token")
            return
        try:
            model = await self.hub_auth.user_for_token(token, sync=False)
        except HTTPError as exc:
            raise HubError(
                "hub.error.hub_unreachable", http_status=503, reason=exc.log_message or exc
            ) from None
        if not model:
            self._refusal = HubForbiddenError("hub.forbidden.no_token")
        elif not self.hub_auth.check_scopes(self.hub_auth.access_scopes, model):
            self._refusal = HubForbiddenError("hub.forbidden.no_access", user=model.get("name", "?"))
        else:
            self.caller = Caller.from_model(model)

    # --- who may do what -------------------------------------------------------------------------------

    def who(self) -> Caller:
        if self.caller is None:
            raise self._refusal or HubForbiddenError("hub.forbidden.no_token")
        return self.caller

    def participant(self, cohort: str | None = None) -> tuple[Caller, Membership]:
        """The caller as a participant, with the cohort membership the request is for."""
        caller = self.who()
        if not caller.participate:
            raise HubForbiddenError("hub.forbidden.participant", user=caller.name)
        mine = self.service.roster.memberships(caller.name)
        if not mine:
            served = ", ".join(self.service.roster.ids) or "-"
            raise HubForbiddenError("hub.forbidden.not_listed", user=caller.name, cohorts=served)
        if cohort is None:
            return caller, mine[0]
        for membership in mine:
            if membership.cohort == cohort:
                return caller, membership
        raise HubForbiddenError(
            "hub.forbidden.other_cohort",
            user=caller.name,
            cohort=cohort,
            cohorts=", ".join(m.cohort for m in mine),
            role=contract.participant_role(cohort),
        )

    def readable(self, cohort: str | None = None) -> tuple[Caller, list[str]]:
        """The cohorts a trainer's read reaches: ``cohort`` when given and allowed, else all of theirs that
        the service serves."""
        caller = self.who()
        if not caller.trainer:
            raise HubForbiddenError("hub.forbidden.read_any", user=caller.name)
        served = self.service.roster.ids
        if cohort is None:
            return caller, caller.readable(served)
        if cohort not in caller.read:
            role = contract.trainer_role(cohort)
            raise HubForbiddenError("hub.forbidden.read", user=caller.name, cohort=cohort, role=role)
        if cohort not in served:
            raise HubError(
                "hub.error.unknown_cohort", http_status=404, cohort=cohort, cohorts=", ".join(served)
            )
        return caller, [cohort]

    def administrator(self, action: str) -> Caller:
        caller = self.who()
        if not caller.admin:
            what = messages.lookup(f"hub.action.{action}", self.language)
            raise HubForbiddenError("hub.forbidden.admin", user=caller.name, action=what)
        return caller

    # --- input and output ------------------------------------------------------------------------------

    @functools.cached_property
    def language(self) -> str:
        return language_for(self.request.headers.get("Accept-Language"))

    def body(self, *, names_respondent: bool = False) -> dict[str, Any]:
        """The JSON object sent. Only an administrator's erasure names a respondent; anywhere else a
        respondent in the body is refused, since who is saving comes from the token alone."""
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError as exc:
            raise HubError("hub.error.bad_request", reason=f"JSON: {exc}") from None
        if not isinstance(data, dict):
            raise HubError("hub.error.bad_request", reason="the body must be a JSON object")
        if "respondent" in data and not names_respondent:
            raise HubError("hub.error.respondent_in_body", value=json.dumps(data["respondent"])[:80])
        return data

    def arg(self, name: str) -> str | None:
        value = self.get_query_argument(name, None)
        return value if value not in (None, "") else None

    def required(self, name: str) -> str:
        value = self.arg(name)
        if value is None:
            raise HubError("error.store.missing_key", field=name)
        return value

    def status_arg(self, default: str) -> str:
        status = self.arg("status") or default
        allowed = ("any", *STATUSES)
        if status not in allowed:
            raise HubError("error.store.status", status=status, allowed=", ".join(allowed))
        return status

    def latest_arg(self) -> str | bool:
        value = self.arg("latest") or "respondent"
        return False if value.lower() in ("false", "0", "no") else value

    def send(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, default=str))

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking store call in the service's thread pool."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.service.pool, functools.partial(function, *args, **kwargs))

    # --- errors ----------------------------------------------------------------------------------------

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if not isinstance(error, CasekitError):
            method, path = self.request.method, self.request.path
            if status_code in (404, 405):
                error = HubError("hub.error.not_found", http_status=404, method=method, path=path)
            else:
                reason = getattr(error, "log_message", None) or self._reason
                error = HubError("hub.error.internal", http_status=status_code, reason=reason)
        status = status_for(error)
        self.set_status(status)
        params = {k: str(v) for k, v in error.params.items()}
        payload = {
            "status": status,
            "key": error.key,
            "params": params,
            "message": error.message(self.language),
        }
        self.send({"error": payload}, status)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, CasekitError):
            who = self.caller.name if self.caller else "-"
            log.info("%s %s by %s: %s", self.request.method, self.request.path, who, value.key)
            return
        super().log_exception(typ, value, tb)


class NotFound(ApiHandler):
    """Any path the API does not have."""

    async def prepare(self) -> None:
        raise HTTPError(404)


# --- open to all ------------------------------------------------------------------------------------------


class Health(ApiHandler):
    """Whether the service runs and its store answers; needs no token."""

    async def get(self) -> None:
        await self.run(self.service.store.count, "casekit-health-check")  # a store that fails answers 503
        self.send({"status": "ok", "version": __version__, "api": "v1"})


class Me(ApiHandler):
    """Who the token belongs to and what it may do here."""

    async def get(self) -> None:
        caller = self.who()
        roster = self.service.roster
        mine = roster.memberships(caller.name) if caller.participate else []
        self.send(
            {
                "name": caller.name,
                "kind": caller.kind,
                "participant": [
                    {"cohort": m.cohort, "municipality": m.municipality, "role": m.role} for m in mine
                ],
                "trainer": caller.readable(roster.ids),
                "publish": [c for c in roster.ids if c in caller.publish],
                "admin": caller.admin,
            }
        )


# --- participants: their own answers ----------------------------------------------------------------------


class Register(ApiHandler):
    async def post(self) -> None:
        data = self.body()
        caller, member = self.participant(data.get("cohort"))
        check_municipality(caller, member, data.get("municipality"))
        role = member.role or data.get("role")
        await self.run(self.service.store.register, caller.name, member.municipality, role)
        self.send({"respondent": caller.name, "municipality": member.municipality, "role": role})


def check_municipality(caller: Caller, member: Membership, given: Any) -> None:
    if given not in (None, "") and str(given) != member.municipality:
        raise HubError(
            "hub.error.municipality_mismatch",
            user=caller.name,
            registered=member.municipality,
            cohort=member.cohort,
            given=given,
        )


class Save(ApiHandler):
    async def post(self) -> None:
        data = self.body()
        caller, member = self.participant(data.get("cohort"))
        check_municipality(caller, member, data.get("municipality"))
        if "instrument" not in data or "answers" not in data:
            missing = "instrument" if "instrument" not in data else "answers"
            raise HubError("error.store.missing_key", field=missing)
        store = self.service.stores(member.cohort)
        sub = await self.run(
            store.save,
            caller.name,
            str(data["instrument"]),
            data["answers"],
            status=str(data.get("status", "draft")),
            version=str(data.get("version", "1")),
            municipality=member.municipality,
            role=member.role or data.get("role"),
            meta=data.get("meta") or None,
        )
        self.send({"submission": submission_json(sub)}, 201)


class Latest(ApiHandler):
    async def get(self) -> None:
        caller, _member = self.participant()
        instrument = self.required("instrument")
        sub = await self.run(
            self.service.store.latest, caller.name, instrument, status=self.status_arg("any")
        )
        self.send({"submission": submission_json(sub) if sub else None})


class History(Latest):
    async def get(self) -> None:
        caller, _member = self.participant()
        subs = await self.run(self.service.store.history, caller.name, self.required("instrument"))
        self.send({"submissions": [submission_json(s) for s in subs]})


class Drafts(ApiHandler):
    """The participant's unfinished work: each instrument whose newest submission is a draft."""

    async def get(self) -> None:
        caller, _member = self.participant()
        subs = await self.run(
            self.service.store.submissions, self.arg("instrument"), respondent=caller.name, status="any"
        )
        self.send({"submissions": [submission_json(s) for s in subs if s.status == "draft"]})


# --- trainers: their cohorts' answers ---------------------------------------------------------------------


def scope_text(what: str, **filters: Any) -> str:
    shown = ", ".join(
        f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in filters.items() if v is not None
    )
    return f"{what}: {shown or 'all'}"


class Submissions(ApiHandler):
    async def get(self) -> None:
        caller, cohorts = self.readable(self.arg("cohort"))
        instrument = self.arg("instrument")
        filters = {
            "municipality": self.arg("municipality"),
            "status": self.status_arg("final"),
            "latest": self.latest_arg(),
            "respondent": self.arg("respondent"),
        }
        store = self.service.store
        scope = scope_text("submissions", cohort=cohorts, instrument=instrument, **filters)

        def read() -> list[Any]:
            subs = store.submissions(instrument, cohort=cohorts, **filters)
            store.record_read(caller.name, "read", scope, len(subs))
            return subs

        subs = await self.run(read)
        self.send({"submissions": [submission_json(s) for s in subs]})


class Answers(ApiHandler):
    async def get(self) -> None:
        caller, cohorts = self.readable(self.arg("cohort"))
        store = self.service.store
        sub_rows, answer_rows = await self.run(
            store.answer_rows,
            self.arg("instrument"),
            municipality=self.arg("municipality"),
            status=self.status_arg("final"),
            latest=self.latest_arg(),
            actor=caller.name,
            cohort=cohorts,
        )
        self.send(await self.run(tidy_json, sub_rows, answer_rows))


class Respondents(ApiHandler):
    async def get(self) -> None:
        caller, cohorts = self.readable(self.arg("cohort"))
        municipality = self.arg("municipality")
        store, members = self.service.store, self.service.roster.members(cohorts)

        def read() -> dict[str, Any]:
            frame = store.respondents(municipality)
            frame = frame[frame["respondent"].isin(members)].reset_index(drop=True)
            scope = scope_text("respondents", cohort=cohorts, municipality=municipality)
            store.record_read(caller.name, "read", scope, len(frame))
            return respondents_json(frame)

        self.send(await self.run(read))


class Count(ApiHandler):
    async def get(self) -> None:
        caller, cohorts = self.readable(self.arg("cohort"))
        instrument = self.arg("instrument")
        store = self.service.store

        def read() -> int:
            n = store.count(instrument, cohort=cohorts)
            store.record_read(
                caller.name, "read", scope_text("count", cohort=cohorts, instrument=instrument), n
            )
            return n

        self.send({"count": await self.run(read)})


class CohortRetention(ApiHandler):
    """Record a cohort and its retention date: an administrator may set any date; a trainer of the
    cohort may only confirm the date the service has from its cohort.yaml."""

    async def put(self, cohort: str) -> None:
        caller = self.who()
        wanted = date_value(self.body().get("retention_until"))
        served = self.service.roster.cohorts.get(cohort)
        configured = served.retention_until if served else None
        if not caller.admin:
            self.readable(cohort)
            if wanted is not None and wanted != configured:
                raise HubForbiddenError(
                    "hub.forbidden.retention",
                    user=caller.name,
                    cohort=cohort,
                    served=configured or "-",
                    wanted=wanted,
                )
        until = wanted or configured
        await self.run(self.service.store.register_cohort, cohort, until)
        self.send({"cohort": cohort, "retention_until": until.isoformat() if until else None})


def date_value(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise HubError("error.store.date", value=repr(value)[:40]) from None


# --- published snapshots: participants read their cohort's, trainers publish them ----------------------


class CohortHandler(ApiHandler):
    """Published figures are per cohort: participants read their own cohort's; a trainer reads and
    publishes the cohorts the role reaches, naming one with ``?cohort=`` when it reaches several."""

    def reader_cohort(self) -> str:
        caller, wanted = self.who(), self.arg("cohort")
        roster = self.service.roster
        as_trainer = caller.trainer and wanted is not None and wanted in caller.read
        if caller.participate and roster.memberships(caller.name) and not as_trainer:
            return self.participant(wanted)[1].cohort
        if not caller.trainer:
            raise HubForbiddenError("hub.forbidden.snapshots", user=caller.name)
        return self.one_cohort(caller, self.readable(wanted)[1])

    def publisher_cohort(self) -> tuple[Caller, str]:
        caller, wanted = self.who(), self.arg("cohort")
        served = self.service.roster.ids
        if wanted is None:
            mine = [c for c in served if c in caller.publish]
            if not mine:
                raise HubForbiddenError("hub.forbidden.publish_any", user=caller.name)
            return caller, self.one_cohort(caller, mine)
        if wanted not in caller.publish:
            role = contract.trainer_role(wanted)
            raise HubForbiddenError("hub.forbidden.publish", user=caller.name, cohort=wanted, role=role)
        if wanted not in served:
            raise HubError(
                "hub.error.unknown_cohort", http_status=404, cohort=wanted, cohorts=", ".join(served)
            )
        return caller, wanted

    def one_cohort(self, caller: Caller, cohorts: list[str]) -> str:
        if len(cohorts) == 1:
            return cohorts[0]
        served = ", ".join(cohorts or self.service.roster.ids) or "-"
        key = "hub.error.which_cohort" if cohorts else "hub.error.no_cohort"
        raise HubError(key, http_status=400 if cohorts else 403, user=caller.name, cohorts=served)


class Snapshots(CohortHandler):
    """The latest published snapshot of a kind for one cohort (``GET``), and publishing a new one
    (``POST``). Who publishes comes from the token."""

    async def get(self, kind: str) -> None:
        store = self.service.stores(self.reader_cohort())
        snapshot = await self.run(store.latest_snapshot, kind)
        self.send({"snapshot": snapshot_json(snapshot) if snapshot else None})

    async def post(self, kind: str) -> None:
        caller, cohort = self.publisher_cohort()
        data = self.body()
        if not isinstance(data.get("data"), dict):
            raise HubError("hub.error.bad_request", reason="'data' must be a JSON object")
        respondents = data.get("respondents")
        if respondents is not None and (isinstance(respondents, bool) or not isinstance(respondents, int)):
            raise HubError("hub.error.bad_request", reason="'respondents' must be a whole number or null")
        store = self.service.stores(cohort)
        snapshot = await self.run(
            store.publish_snapshot, kind, data["data"], actor=caller.name, respondents=respondents
        )
        self.send({"snapshot": snapshot_json(snapshot)}, 201)


class PublishedAnswers(CohortHandler):
    """The answers the latest snapshot of a kind publishes for the caller's cohort, worked out here with
    the privacy rule (refreshed first when it allows; see :mod:`casekit.hub.published`)."""

    async def get(self, kind: str) -> None:
        caller, cohort = self.who(), self.reader_cohort()
        k = self.service.roster.cohorts[cohort].min_group_size
        served = await self.run(
            published.serve,
            self.service.stores(cohort),
            kind,
            min_group_size=k,
            caller=caller.name,
            secret=self.service.secret,
        )
        result = served.published
        self.send(
            {
                "snapshot": snapshot_json(result.snapshot) if result.snapshot else None,
                "refreshed": result.refreshed,
                "withheld": result.withheld,
                "facets": {str(i): f for i, f in served.facets.items()},
                "answers": frame_json(served.frame),
            }
        )


# --- administrators ---------------------------------------------------------------------------------------


class ExportPerson(ApiHandler):
    async def get(self) -> None:
        caller = self.administrator("export_person")
        respondent = self.required("respondent")
        self.send(await self.run(self.service.store.export_person, respondent, actor=caller.name))


class Erase(ApiHandler):
    async def post(self) -> None:
        caller = self.administrator("erase")
        data = self.body(names_respondent=True)
        if not data.get("respondent"):
            raise HubError("error.store.missing_key", field="respondent")
        result = await self.run(
            self.service.store.erase,
            str(data["respondent"]),
            actor=caller.name,
            reason=str(data.get("reason") or ""),
            dry_run=bool(data.get("dry_run", False)),
        )
        self.send(erasure_json(result))


class Purge(ApiHandler):
    async def post(self) -> None:
        caller = self.administrator("purge")
        data = self.body()
        result = await self.run(
            self.service.store.purge_expired,
            date_value(data.get("today")),
            actor=caller.name,
            dry_run=bool(data.get("dry_run", False)),
        )
        self.send(purge_json(result))


class Audit(ApiHandler):
    async def get(self) -> None:
        caller = self.administrator("audit")
        store = self.service.store

        def read() -> list[Any]:
            entries = store.audit()
            store.record_read(caller.name, "read", "audit trail", len(entries))
            return entries

        self.send({"entries": [audit_json(e) for e in await self.run(read)]})


#: Path (under ``api/v1/``) → handler; the OpenAPI description lists exactly these.
ROUTES: list[tuple[str, type[ApiHandler]]] = [
    ("health", Health),
    ("me", Me),
    ("me/register", Register),
    ("me/submissions", Save),
    ("me/latest", Latest),
    ("me/history", History),
    ("me/drafts", Drafts),
    ("submissions", Submissions),
    ("answers", Answers),
    ("respondents", Respondents),
    ("count", Count),
    ("cohorts/(?P<cohort>[a-z0-9][a-z0-9-]{0,63})", CohortRetention),
    ("snapshots/(?P<kind>[^/]+)", Snapshots),
    ("published/(?P<kind>[^/]+)", PublishedAnswers),
    ("admin/export-person", ExportPerson),
    ("admin/erase", Erase),
    ("admin/purge", Purge),
    ("admin/audit", Audit),
]
