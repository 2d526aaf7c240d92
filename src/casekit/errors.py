"""Errors that tell a participant or trainer what went wrong and how to fix it.

Every error carries a message key and parameters. Its text comes from the message catalogues, so it is
shown in the participant's language. Widgets display ``error.message()`` inline; the command line prints
it without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import messages

#: An error that lists problems shows this many and then counts the rest.
MAX_LISTED_PROBLEMS = 10


class CasekitError(Exception):
    """Base class. ``key`` names the catalogue message; keyword arguments fill its placeholders.

    ``problems`` holds further errors found in the same pass (every bad row of a file, say): the message
    lists the first :data:`MAX_LISTED_PROBLEMS` and counts the rest. A parameter with a ``render(language)``
    method is rendered in the reader's language.
    """

    key = "error.generic"

    def __init__(self, key: str | None = None, /, *, problems: Sequence[CasekitError] = (), **params: Any):
        if key is not None:
            self.key = key
        self.params = params
        self.problems = list(problems)
        super().__init__(self.key)

    def message(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current language), with its listed problems."""
        head = self._render(self.key, self.params, language)
        if not self.problems or "problems" in self.params:
            return head
        shown = self.problems[:MAX_LISTED_PROBLEMS]
        lines = [f"  - {p.message(language)}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(
                "  - " + self._render("error.more", {"count": len(self.problems) - len(shown)}, language)
            )
        return head + "\n" + "\n".join(lines)

    @staticmethod
    def _render(key: str, params: dict[str, Any], language: str | None) -> str:
        values = {k: v.render(language) if hasattr(v, "render") else v for k, v in params.items()}
        try:
            text = messages.lookup(key, language, count=params.get("count"))
        except KeyError:  # a missing message never hides the error itself
            return f"{key} {values}" if values else key
        return str(messages.fill(text, values))

    def __str__(self) -> str:
        return self.message()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"


class UnknownLanguageError(CasekitError, ValueError):
    key = "error.language.unknown"


class MissingTranslationError(CasekitError, KeyError):
    key = "error.i18n.missing"


class MunicipalityError(CasekitError, LookupError):
    """A municipality number or name that cannot be resolved to exactly one municipality."""

    key = "error.municipality.unknown_name"


class InvalidMunicipalityNumberError(MunicipalityError, ValueError):
    key = "error.municipality.malformed"


class UnknownMunicipalityError(MunicipalityError):
    key = "error.municipality.unknown_number"


class AmbiguousMunicipalityError(MunicipalityError):
    key = "error.municipality.ambiguous"


class DatasetError(CasekitError):
    """A dataset is unknown, or its file breaks its schema."""

    key = "error.dataset.unknown"


class SchemaError(DatasetError, ValueError):
    key = "error.dataset.type"


class NotebookError(CasekitError):
    key = "error.notebook.unknown"


class ParameterError(NotebookError, ValueError):
    """A notebook parameter is unknown, missing or of the wrong type."""

    key = "error.parameter.unknown"


class ConfigError(CasekitError, ValueError):
    """A configuration file (cohort.yaml, item bank, radar file) is invalid."""

    key = "error.config.invalid"


class StoreError(CasekitError):
    """The response store cannot be opened or written."""

    key = "error.store.open"


class StoreBusyError(StoreError):
    """Another program holds the store's lock for longer than the store waits. Not damage."""

    key = "error.store.busy"


class StoreReadOnlyError(StoreError):
    """The store (its file, its folder or the database user) cannot be written; reading still works."""

    key = "error.store.read_only"


class StoreDamagedError(StoreError):
    """The store's file fails SQLite's integrity check or is not a database; it is left untouched."""

    key = "error.store.damaged"


class SnapshotConflictError(StoreError):
    """Someone published a snapshot of the same kind since this one was worked out; read the new one."""

    key = "error.store.snapshot_conflict"


class StoreLimitError(StoreError, ValueError):
    """A save breaks one of the store's limits (answers per submission, bytes per value or submission)."""

    key = "error.store.limit_submission"


class StoreUnavailableError(StoreError):
    """The casekit hub service does not answer (network, proxy or service down). A save that met it is
    kept on the participant's computer and sent later."""

    key = "error.store.service_unreachable"


class StoreRefusedError(StoreError):
    """The casekit hub service refused a request (a missing role, another person's answers);
    ``http_status`` is the HTTP status it answered with."""

    key = "error.store.service_refused"

    def __init__(self, key: str | None = None, /, *, http_status: int = 403, **params: Any):
        super().__init__(key, **params)
        self.http_status = http_status


class HubError(CasekitError):
    """A request the casekit hub service refuses or cannot serve; ``http_status`` is the HTTP status it
    answers with (400 invalid, 403 a role is missing, 404 unknown, 503 the hub cannot be asked)."""

    key = "hub.error.bad_request"
    http_status = 400

    def __init__(self, key: str | None = None, /, *, http_status: int | None = None, **params: Any):
        super().__init__(key, **params)
        if http_status is not None:
            self.http_status = http_status


class HubForbiddenError(HubError):
    """The caller's hub token lacks the role the request needs; the message names the role."""

    key = "hub.forbidden.no_token"
    http_status = 403


class InputError(CasekitError, ValueError):
    """A participant's input is invalid; shown inline in the widget."""

    key = "error.input.invalid"


# --- privacy ----------------------------------------------------------------------------------------------


class PrivacyError(CasekitError, ValueError):
    """A privacy setting is unsafe, such as a minimum group size below the floor."""

    key = "privacy.error.min_group_size"


# --- assessment -------------------------------------------------------------------------------------------


class ItemBankError(ConfigError):
    """An assessment item bank (instrument YAML) is missing, unreadable or invalid."""

    key = "assessment.error.bank_invalid"


class InvalidItemBankError(ItemBankError):
    """An item bank that breaks the rules. ``problems`` holds one error per problem found, each naming the
    file, the place in the bank and the field; the message lists them in the reader's language."""

    key = "assessment.error.bank_invalid"

    def __init__(self, file: str, problems: Sequence[CasekitError]) -> None:
        super().__init__(file=file, count=len(problems), problems=problems)


class AnswerError(InputError):
    """Stored or given answers do not fit their instrument (unknown item, value off the scale)."""

    key = "assessment.error.answer_value"


# --- services ---------------------------------------------------------------------------------------------


class LifeEventError(InputError):
    """A life event, its services or a participant's marks are invalid (``casekit.services``)."""

    key = "services.error.invalid"


# --- planning ---------------------------------------------------------------------------------------------


class PlanningError(InputError):
    """An initiative, strategy or development plan is invalid (``casekit.planning``)."""

    key = "planning.error.invalid"


# --- architecture -----------------------------------------------------------------------------------------


class ArchitectureError(InputError):
    """An IT landscape or an edit to it is invalid (``casekit.architecture``)."""

    key = "architecture.error.invalid"


# --- radar ------------------------------------------------------------------------------------------------


class RadarError(ConfigError):
    """A radar file or radar data is invalid (``casekit.radar``). ``problems`` lists every problem found,
    each with its row; ``count`` (for the message) is the number of them that are errors, not notices."""

    key = "radar.error.invalid"

    def __init__(self, key: str | None = None, /, *, problems: Sequence[Any] | None = None, **params: Any):
        if problems is not None:
            params.setdefault("count", sum(1 for p in problems if p.is_error))
        super().__init__(key, problems=problems or (), **params)


# --- staffing ---------------------------------------------------------------------------------------------


class StaffingError(InputError):
    """A setting or input of the staffing exercise is invalid; the message names it and the fix."""

    key = "staffing.error.invalid"


# --- casebook ---------------------------------------------------------------------------------------------


class CasebookError(ConfigError):
    """A case, the glossary, a link or a build is wrong (``casekit.casebook``). ``problems`` holds every
    problem found at once."""

    key = "casebook.error.invalid"


# --- cohort -----------------------------------------------------------------------------------------------


class RunSheetError(ConfigError):
    """A run sheet (``casebook/runsheets/<step>.yaml``) is unreadable or breaks its rules; ``problems``
    lists every problem with its file and place."""

    key = "kit.error.invalid"


class KitError(CasekitError):
    """The gathering-day kit cannot be built as asked: a step outside the curriculum, a variant or start
    time that does not exist, or no Chromium to print with. (A wrong ``--out`` is an
    :class:`OutputError`, as for every command.)"""

    key = "kit.error.kit"


class HubSyncError(CasekitError):
    """JupyterHub cannot be reached, refuses the token, or refuses a change (``casekit cohort hub-sync``);
    the message names the hub, the call and what to do."""

    key = "cohort.hub.unreachable"


# --- outputs ----------------------------------------------------------------------------------------------


class OutputError(CasekitError, OSError):
    """A file or folder cannot be written where the user asked (``casekit.outputs``): a folder where a file
    was meant, a missing parent folder, no permission, or an existing file that casekit did not write."""

    key = "output.not_writable"
