"""The store on a shared JupyterHub: a client of the casekit hub service with the :class:`Store` protocol.

In a hub kernel (``CASEKIT_SERVICE_URL`` and ``JUPYTERHUB_API_TOKEN`` set) :func:`casekit.store.open_store`
returns a :class:`ServiceStore`, so every workbook and widget saves through the service without knowing it.
The kernel's hub token says who is saving: ``save``, ``latest`` and ``history`` act for the token's owner,
and the ``respondent`` a workbook passes is never sent. Reads of others' answers (``submissions``,
``answers`` …) need a trainer's role, erasure and purge an administrator's; the service refuses anything
else with a message naming the role, and records every trainer's and administrator's read itself.

It speaks HTTP with ``requests`` (installed with JupyterLab; one session keeps connections open). A request
that meets a network error, or a hub proxy or service that is down (502, 503, 504), is tried again after
a short wait (:attr:`ServiceStore.attempts`, doubling waits). A save that still cannot be delivered is
kept in a JSON file in the user's data folder (:class:`Outbox`) and the participant is told so; it is sent
before the next save and before the next read of their answers, in the order it was made, and until then
``latest`` returns it, so a widget resumes the draft. Nothing a participant wrote is dropped: a kept save
the service refuses (say, a rule changed meanwhile) is moved to ``*.refused.json`` beside the outbox, and
the message says where.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import re
import threading
import time
import uuid
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import messages
from ..errors import (
    CasekitError,
    SnapshotConflictError,
    StoreError,
    StoreLimitError,
    StoreRefusedError,
    StoreUnavailableError,
)
from . import rules as answer_rules
from .base import (
    STATUSES,
    AuditEntry,
    Erasure,
    Limits,
    Purge,
    Snapshot,
    Submission,
    check_cohort_id,
    cohort_list,
    data_dir,
    write_tidy_csv,
)
from .sql import encode_answers
from .wire import (
    audit_from_json,
    erasure_from_json,
    frame_from_json,
    purge_from_json,
    respondents_frame,
    snapshot_from_json,
    submission_from_json,
    tidy_frame,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Statuses that mean the service (or the proxy in front of it) cannot answer now: try again, keep saves.
UNAVAILABLE = {502, 503, 504}
CONNECT_TIMEOUT_S, READ_TIMEOUT_S = 5.0, 120.0


def service_url(url: str) -> str:
    """A checked service address, ending in ``/``."""
    if not re.match(r"^https?://[^/\s]+", url or ""):
        raise StoreError("error.store.service_address", url=url)
    return url.rstrip("/") + "/"


class Outbox:
    """Saves not yet delivered, oldest first, in one JSON file per user and service. Kernels of one user
    share it; a lock file keeps their changes apart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.refused = path.with_name(path.stem + ".refused.json")
        self._lock = threading.Lock()

    @classmethod
    def for_service(cls, url: str, user: str) -> Outbox:
        digest = hashlib.sha256(url.encode()).hexdigest()[:10]
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", user)[:64] or "user"
        return cls(data_dir() / "outbox" / f"{safe}-{digest}.json")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path.with_suffix(".lock"), "a") as handle:
            try:
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: one kernel per user is the usual case
                pass
            yield

    def _read(self, path: Path) -> list[dict[str, Any]]:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []

    def _write(self, path: Path, entries: list[dict[str, Any]]) -> None:
        if not entries and path.exists():
            path.unlink()
            return
        if entries:
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temporary, path)

    def add(self, body: dict[str, Any]) -> dict[str, Any]:
        entry = {"id": uuid.uuid4().hex, "saved_at": _now(), "body": body}
        with self._locked():
            self._write(self.path, [*self._read(self.path), entry])
        return entry

    def pending(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self._locked():
            return self._read(self.path)

    def remove(self, entry_id: str) -> None:
        with self._locked():
            self._write(self.path, [e for e in self._read(self.path) if e["id"] != entry_id])

    def set_aside(self, entry: dict[str, Any], reason: str) -> None:
        """Move a kept save the service refused to the ``.refused.json`` file, with the reason."""
        with self._locked():
            self._write(self.refused, [*self._read(self.refused), {**entry, "refused": reason}])
            self._write(self.path, [e for e in self._read(self.path) if e["id"] != entry["id"]])


class ServiceStore:
    """The :class:`~casekit.store.Store` protocol over the casekit hub service's API."""

    attempts = 3
    backoff_s = 0.25

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        cohort: str | None = None,
        limits: Limits | None = None,
        rules: answer_rules.Rules | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.url = service_url(url)
        self.api = self.url + "api/v1/"
        self.token = token if token is not None else os.environ.get("JUPYTERHUB_API_TOKEN", "")
        if not self.token:
            raise StoreError("error.store.service_token", url=self.url)
        self.cohort = check_cohort_id(cohort)
        self.limits = limits or Limits()
        self.rules = rules if rules is not None else answer_rules.registry
        self.user = os.environ.get("JUPYTERHUB_USER") or "me"
        self.outbox = outbox or Outbox.for_service(self.url, self.user)
        self._session: Any = None

    def bound(self, cohort: str | None) -> ServiceStore:
        """The same client (same connections and outbox), naming ``cohort`` on every save."""
        cohort = check_cohort_id(cohort)
        if cohort == self.cohort:
            return self
        clone = copy.copy(self)
        clone.cohort = cohort
        return clone

    # --- HTTP ------------------------------------------------------------------------------------------

    @property
    def session(self) -> Any:
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers["Authorization"] = f"token {self.token}"
            self._session = session
        return self._session

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON the service answers; network trouble is retried, then raised as StoreUnavailableError;
        a refusal or an invalid request as the service's own message in this kernel's language."""
        import requests

        headers = {"Accept-Language": messages.default_language()}
        reason = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                response = self.session.request(
                    method,
                    self.api + path,
                    headers=headers,
                    timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
                    **kwargs,
                )
            except requests.RequestException as exc:
                reason = _network_reason(exc)
                continue
            if response.status_code in UNAVAILABLE:
                reason = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise _error(response, self.url)
            return response.json()
        raise StoreUnavailableError(
            "error.store.service_unreachable", url=self.url, reason=reason, attempts=self.attempts
        )

    def _get(self, path: str, **params: Any) -> Any:
        wanted = {k: _param(v) for k, v in params.items() if v is not None}
        return self._request("GET", path, params=wanted)

    # --- the participant's own answers -------------------------------------------------------------------

    def register(self, respondent: str, municipality: str | None = None, role: str | None = None) -> None:
        """Register the token's owner (the service takes the municipality from cohort.yaml; a different one
        is refused). ``respondent`` is not sent."""
        self._request("POST", "me/register", json=self._with_cohort(municipality=municipality, role=role))

    def save(
        self,
        respondent: str,
        instrument: str,
        answers: dict[str, Any],
        *,
        status: str = "draft",
        version: str = "1",
        municipality: str | None = None,
        role: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Submission:
        """Save as the token's owner. Limits and answer rules are checked here first, so an invalid save
        is refused at once; one the service cannot take now is kept and sent later."""
        if status not in STATUSES:
            raise StoreError("error.store.status", status=status, allowed=", ".join(STATUSES))
        if not instrument:
            raise StoreError("error.store.missing_key", field="instrument")
        encode_answers(instrument, answers, meta, self.limits)
        self.rules.check(instrument, answers)
        body = self._with_cohort(
            instrument=instrument,
            answers=dict(answers),
            status=status,
            version=str(version),
            municipality=municipality,
            role=role,
            meta=dict(meta or {}),
        )
        try:
            self._send_kept()
            data = self._request("POST", "me/submissions", json=body)
        except StoreUnavailableError as exc:
            self.outbox.add(body)
            reason = exc.params.get("reason") or "-"
            path = str(self.outbox.path)
            raise StoreUnavailableError(
                "error.store.service_kept", url=self.url, reason=reason, instrument=instrument, path=path
            ) from None
        except StoreRefusedError as exc:
            if exc.http_status not in (401, 403):
                raise
            self.outbox.add(body)  # a role missing now may be granted later: the answers wait for it
            raise StoreRefusedError(
                "error.store.service_kept_refused",
                http_status=exc.http_status,
                instrument=instrument,
                message=exc.message(),
                path=str(self.outbox.path),
            ) from None
        return submission_from_json(data["submission"])

    def _with_cohort(self, **fields: Any) -> dict[str, Any]:
        body = {k: v for k, v in fields.items() if v is not None}
        if self.cohort:
            body["cohort"] = self.cohort
        return body

    def _send_kept(self) -> None:
        """Send the kept saves, oldest first. Raises StoreUnavailableError (or a refusal for a missing
        role) when the service still cannot take them; they stay, in order. A kept save the service
        refuses for another reason is set aside in ``*.refused.json``, never dropped, with a warning."""
        for entry in self.outbox.pending():
            try:
                self._request("POST", "me/submissions", json=entry["body"])
            except StoreRefusedError as exc:
                if exc.http_status in (401, 403):
                    raise
                self._set_aside(entry, exc)
                continue
            except StoreUnavailableError:
                raise
            except CasekitError as exc:
                self._set_aside(entry, exc)
                continue
            self.outbox.remove(entry["id"])

    def _set_aside(self, entry: dict[str, Any], exc: CasekitError) -> None:
        self.outbox.set_aside(entry, exc.message("en"))
        note = StoreError(
            "error.store.service_set_aside",
            instrument=entry["body"].get("instrument", "?"),
            saved_at=entry["saved_at"],
            message=exc.message(),
            path=str(self.outbox.refused),
        )
        warnings.warn(note.message(), stacklevel=3)

    def _kept(self, instrument: str) -> list[Submission]:
        """The kept saves of ``instrument``, oldest first, as local submissions (negative ids)."""
        found = []
        for n, entry in enumerate(self.outbox.pending(), start=1):
            body = entry["body"]
            if body.get("instrument") != instrument:
                continue
            found.append(
                Submission(
                    -n,
                    self.user,
                    body.get("municipality"),
                    body.get("role"),
                    instrument,
                    str(body.get("version", "1")),
                    body.get("status", "draft"),
                    dt.datetime.fromisoformat(entry["saved_at"]),
                    dict(body.get("answers") or {}),
                    dict(body.get("meta") or {}),
                    body.get("cohort"),
                )
            )
        return found

    def latest(self, respondent: str, instrument: str, *, status: str = "any") -> Submission | None:
        """The token owner's newest submission of ``instrument``. A kept, unsent save is newer than
        anything the service has, so it is returned while it waits; a widget resumes from it."""
        try:
            self._send_kept()
            data = self._get("me/latest", instrument=instrument, status=status)
        except (StoreUnavailableError, StoreRefusedError) as exc:
            kept = [s for s in self._kept(instrument) if status == "any" or s.status == status]
            if kept and (isinstance(exc, StoreUnavailableError) or exc.http_status in (401, 403)):
                return kept[-1]
            raise
        kept = [s for s in self._kept(instrument) if status == "any" or s.status == status]
        if kept:
            return kept[-1]
        return submission_from_json(data["submission"]) if data["submission"] else None

    def history(self, respondent: str, instrument: str) -> list[Submission]:
        self._send_kept()
        data = self._get("me/history", instrument=instrument)
        return [submission_from_json(s) for s in data["submissions"]] + self._kept(instrument)

    def drafts(self, instrument: str | None = None) -> list[Submission]:
        """The token owner's unfinished work: each instrument whose newest submission is a draft."""
        self._send_kept()
        return [submission_from_json(s) for s in self._get("me/drafts", instrument=instrument)["submissions"]]

    # --- trainers --------------------------------------------------------------------------------------

    def _cohorts(self, cohort: str | Sequence[str] | None) -> list[str] | None:
        cohorts = cohort_list(cohort)
        if cohorts is None and self.cohort:
            cohorts = [self.cohort]
        return cohorts

    def _per_cohort(self, path: str, cohort: str | Sequence[str] | None, **params: Any) -> list[Any]:
        """One request per cohort asked for (the service filters by one cohort, or all of the caller's)."""
        cohorts = self._cohorts(cohort)
        return [self._get(path, cohort=c, **params) for c in (cohorts if cohorts is not None else [None])]

    def submissions(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        cohort: str | Sequence[str] | None = None,
        respondent: str | None = None,
    ) -> list[Submission]:
        """Submissions of the cohorts the token's trainer role reaches (a bound store: its cohort)."""
        pages = self._per_cohort(
            "submissions",
            cohort,
            instrument=instrument,
            municipality=municipality,
            status=status,
            latest=latest,
            respondent=respondent,
        )
        subs = [submission_from_json(s) for page in pages for s in page["submissions"]]
        return sorted(subs, key=lambda s: s.id)

    def respondents(self, municipality: str | None = None) -> pd.DataFrame:
        import pandas as pd

        frames = [
            respondents_frame(p) for p in self._per_cohort("respondents", None, municipality=municipality)
        ]
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        return frame.drop_duplicates("respondent").sort_values("respondent").reset_index(drop=True)

    def answers(
        self,
        instrument: str | None = None,
        *,
        municipality: str | None = None,
        status: str = "final",
        latest: str | bool = "respondent",
        actor: str | None = None,
        cohort: str | Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Tidy answers of the trainer's cohorts. The service records every such read in the audit trail
        under the token's owner; ``actor`` is not sent (who reads is the token's business)."""
        import pandas as pd

        pages = self._per_cohort(
            "answers", cohort, instrument=instrument, municipality=municipality, status=status, latest=latest
        )
        frames = [tidy_frame(p) for p in pages]
        if len(frames) == 1:
            return frames[0]
        frame = pd.concat(frames, ignore_index=True)
        return frame.sort_values(["submission_id", "item"], kind="stable").reset_index(drop=True)

    def export_csv(self, path: str | os.PathLike[str], *, actor: str | None = None, **filters: Any) -> Path:
        """Write the tidy answers as CSV, as the SQL store does; the service audits the read."""
        return write_tidy_csv(self.answers(**filters, actor=actor), path)

    def count(self, instrument: str | None = None, *, cohort: str | Sequence[str] | None = None) -> int:
        return sum(page["count"] for page in self._per_cohort("count", cohort, instrument=instrument))

    def register_cohort(self, cohort: str, retention_until: dt.date | None = None) -> None:
        """Record a cohort. A trainer may confirm the date the service has; changing it needs an
        administrator."""
        ident = check_cohort_id(cohort)
        if ident is None:
            raise StoreError("error.store.cohort_id", value=repr(cohort))
        until = retention_until.isoformat() if retention_until else None
        self._request("PUT", f"cohorts/{ident}", json={"retention_until": until})

    def record_read(self, actor: str, action: str, scope: str, count: int) -> None:
        """Nothing to do here: the service writes the audit line for every read it serves, under the hub
        identity of the token; a client cannot write the audit trail."""

    # --- published snapshots ---------------------------------------------------------------------------

    def publish_snapshot(
        self, kind: str, data: dict[str, Any], *, actor: str, respondents: int | None = None
    ) -> Snapshot:
        """Publish group figures of ``kind`` for the bound cohort (a trainer's token with publish on it);
        the service audits it under the token's owner, so ``actor`` is not sent. A snapshot published
        meanwhile raises :class:`~casekit.errors.SnapshotConflictError`, as the SQL store does; a
        participant's token is refused (:class:`~casekit.errors.StoreRefusedError`, 403)."""
        body = {"data": dict(data), "respondents": respondents}
        answer = self._request(
            "POST", f"snapshots/{quote(kind, safe='')}", params=self._cohort_param(), json=body
        )
        return snapshot_from_json(answer["snapshot"])

    def latest_snapshot(self, kind: str) -> Snapshot | None:
        """The newest snapshot of ``kind`` for the bound cohort (else the token owner's only one)."""
        answer = self._get(f"snapshots/{quote(kind, safe='')}", **self._cohort_param())
        return snapshot_from_json(answer["snapshot"]) if answer["snapshot"] else None

    def published(self, kind: str) -> dict[str, Any]:
        """What the service publishes of ``kind`` for the token owner's cohort, worked out there with the
        privacy rule (a participant may not read the answers it needs): ``snapshot``, ``refreshed``,
        ``withheld``, ``facets`` (submission id → facets) and ``frame``, the published answers with others'
        respondent ids as pseudonyms and no free text. The service applies the cohort's
        ``min_group_size`` (from its cohort.yaml), whatever a workbook asks for."""
        answer = self._get(f"published/{quote(kind, safe='')}", **self._cohort_param())
        return {
            "snapshot": snapshot_from_json(answer["snapshot"]) if answer["snapshot"] else None,
            "refreshed": bool(answer["refreshed"]),
            "withheld": bool(answer["withheld"]),
            "facets": {int(i): frozenset(f) for i, f in answer["facets"].items()},
            "frame": frame_from_json(answer["answers"]),
        }

    def _cohort_param(self) -> dict[str, str]:
        return {"cohort": self.cohort} if self.cohort else {}

    # --- administrators --------------------------------------------------------------------------------

    def export_person(self, respondent: str, *, actor: str | None = None) -> dict[str, Any]:
        return self._get("admin/export-person", respondent=respondent)

    def erase(self, respondent: str, *, actor: str, reason: str = "", dry_run: bool = False) -> Erasure:
        """Erase one person (an administrator's token); the audit names the token's owner."""
        body = {"respondent": respondent, "reason": reason, "dry_run": dry_run}
        return erasure_from_json(self._request("POST", "admin/erase", json=body))

    def purge_expired(self, today: dt.date | None = None, *, actor: str, dry_run: bool = False) -> Purge:
        body = {"today": today.isoformat() if today else None, "dry_run": dry_run}
        return purge_from_json(self._request("POST", "admin/purge", json=body))

    def audit(self) -> list[AuditEntry]:
        return [audit_from_json(e) for e in self._get("admin/audit")["entries"]]

    def whoami(self) -> dict[str, Any]:
        """What the service knows about the token: its owner, cohorts and roles."""
        return self._get("me")


def _param(value: Any) -> str:
    return "false" if value is False else str(value)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _network_reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "timed out", "Name or service not known", "Connection reset"):
        if marker in text:
            return marker
    return type(exc).__name__


def _error(response: Any, url: str) -> CasekitError:
    """The service's refusal as an error in this kernel's language: its own message key when this casekit
    knows it, else the service's message as it came."""
    try:
        error = response.json()["error"]
        key, params, text = error["key"], dict(error.get("params") or {}), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError):
        key, params, text = "", {}, response.text[:300]
    code = response.status_code
    known = bool(key) and _known(key)
    if code in (401, 403):
        if known:
            return StoreRefusedError(key, http_status=code, **params)
        return StoreRefusedError(
            "error.store.service_refused", http_status=code, url=url, status=code, message=text
        )
    if code == 409 and key == SnapshotConflictError.key:
        return SnapshotConflictError(key, **params)
    if known:
        return (
            StoreLimitError(key, **params)
            if key.startswith("error.store.limit")
            else StoreError(key, **params)
        )
    if code < 500:
        return StoreRefusedError(
            "error.store.service_refused", http_status=code, url=url, status=code, message=text
        )
    return StoreError("error.store.service_failed", url=url, status=code, message=text)


def _known(key: str) -> bool:
    try:
        messages.lookup(key)
    except KeyError:
        return False
    return True
