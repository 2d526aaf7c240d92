"""argparse in the user's language, and the exit codes every command shares.

argparse writes its own texts (``usage:``, ``the following arguments are required``, ``show this help
message and exit`` …) through :func:`gettext.gettext`. While the command line is parsed, those texts are
looked up in casekit's catalogues (``cli.argparse.*``) instead, so errors and help appear in the language
``--lang`` chose. Texts casekit does not know stay as argparse wrote them.

Exit codes: 0 ok, 1 invalid input (any :class:`~casekit.errors.CasekitError`: a message, never a
traceback), 2 usage (argparse: an unknown command or option, a missing argument).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence

from ... import messages

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: argparse's own texts (Python 3.10–3.13) → catalogue keys.
ARGPARSE_TEXTS = {
    "usage: ": "usage",
    "positional arguments": "positional",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "help",
    "show program's version number and exit": "version",
    "the following arguments are required: %s": "required",
    "unrecognized arguments: %s": "unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": "invalid_choice",
    "argument %(argument_name)s: %(message)s": "argument",
    "%(prog)s: error: %(message)s\n": "error",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "not allowed with argument %s": "not_allowed_with",
    "one of the arguments %s is required": "one_required",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "ignored explicit argument %r": "ignored_explicit",
    "unexpected option string: %s": "unexpected_option",
}


def translate(text: str) -> str:
    """argparse's text ``text`` in the current language, or unchanged when casekit has no translation."""
    key = ARGPARSE_TEXTS.get(text)
    if key is None:
        return text
    try:
        return str(messages.lookup(f"cli.argparse.{key}"))
    except KeyError:
        return text


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextlib.contextmanager
def translated() -> Iterator[None]:
    """argparse's own texts in casekit's current language while the block runs."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, _ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help shows the description and epilog as written (line breaks kept) and
    whose usage errors exit with :data:`EXIT_USAGE`."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None, namespace=None):  # type: ignore[override]
        with translated():
            return super().parse_args(args, namespace)

    def error(self, message: str):  # type: ignore[override]
        with translated():
            super().error(message)


def language_flag(argv: Sequence[str]) -> str | None:
    """The value of ``--lang X`` or ``--lang=X`` before the command, so it acts before anything else."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None
    return None
