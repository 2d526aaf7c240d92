"""Answer rules: checks the store runs on a submission's answers before it writes anything.

The store knows no instrument, so the knowledge lives with the domain that owns it: a domain registers a
check per instrument, and every store applies it on :meth:`~casekit.store.Store.save`. A check takes the
answers and raises a :class:`casekit.errors.CasekitError` that names the item, the value and the fix::

    from casekit.store import rules

    def check_levels(answers):
        for item, value in answers.items():
            if value not in (1, 2, 3, 4, 5, "dont_know"):
                raise AnswerError("assessment.error.answer_value", item=item, value=value)

    rules.register("maturity", check_levels)

An instrument ending in ``*`` matches a prefix (``"initiative:*"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Mapping[str, Any]], None]


class Rules:
    """A registry of answer checks per instrument (or instrument prefix ending in ``*``)."""

    def __init__(self) -> None:
        self._checks: dict[str, list[Check]] = {}

    def register(self, instrument: str, check: Check) -> None:
        """Run ``check(answers)`` on every save of ``instrument``. Registering the same check twice
        keeps one."""
        if not callable(check):
            raise TypeError(f"an answer rule must be callable, not {check!r}")
        checks = self._checks.setdefault(instrument, [])
        if check not in checks:
            checks.append(check)

    def unregister(self, instrument: str, check: Check | None = None) -> None:
        """Remove ``check`` (or every check) for ``instrument``."""
        if check is None:
            self._checks.pop(instrument, None)
        elif check in self._checks.get(instrument, []):
            self._checks[instrument].remove(check)

    def for_instrument(self, instrument: str) -> list[Check]:
        """The checks that apply to ``instrument``: its own, then those of matching prefixes."""
        found = list(self._checks.get(instrument, []))
        for pattern, checks in self._checks.items():
            if pattern.endswith("*") and instrument.startswith(pattern[:-1]):
                found.extend(c for c in checks if c not in found)
        return found

    def check(self, instrument: str, answers: Mapping[str, Any]) -> None:
        """Run every check for ``instrument``; the first that fails raises its error."""
        for check in self.for_instrument(instrument):
            check(answers)


#: The registry every store uses unless it is given its own.
registry = Rules()


def register(instrument: str, check: Check) -> None:
    """Register ``check`` for ``instrument`` in the shared registry (see :class:`Rules`)."""
    registry.register(instrument, check)


def unregister(instrument: str, check: Check | None = None) -> None:
    """Remove ``check`` (or every check) for ``instrument`` from the shared registry."""
    registry.unregister(instrument, check)
