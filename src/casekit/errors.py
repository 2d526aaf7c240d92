"""Errors that tell a participant or trainer what went wrong and how to fix it.

Every error carries a message key and parameters. Its text comes from the message catalogues, so it is
shown in the participant's language. Widgets display ``error.message()`` inline; the command line prints
it without a traceback.
"""

from __future__ import annotations

from typing import Any


class CasekitError(Exception):
    """Base class. ``key`` names the catalogue message; keyword arguments fill its placeholders."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        if key is not None:
            self.key = key
        self.params = params
        super().__init__(self.key)

    def message(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current language)."""
        from . import i18n

        return i18n.t(self.key, language=language, **self.params)

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


class InputError(CasekitError, ValueError):
    """A participant's input is invalid; shown inline in the widget."""

    key = "error.input.invalid"


class ItemBankError(ConfigError):
    """An assessment item bank (instrument YAML) is missing, unreadable or invalid."""

    key = "assessment.error.bank_invalid"


class AnswerError(InputError):
    """Stored or given answers do not fit their instrument (unknown item, value off the scale)."""

    key = "assessment.error.answer_value"


class PrivacyError(CasekitError, ValueError):
    """A privacy setting is unsafe, such as a minimum group size below the floor."""

    key = "assessment.error.min_group_size"


class LifeEventError(InputError):
    """A life event, its services or a participant's marks are invalid (``casekit.services``)."""

    key = "services.error.invalid"


class PlanningError(InputError):
    """An initiative, strategy or development plan is invalid (``casekit.planning``)."""

    key = "planning.error.invalid"


class ArchitectureError(InputError):
    """An IT landscape or an edit to it is invalid (``casekit.architecture``)."""

    key = "architecture.error.invalid"
