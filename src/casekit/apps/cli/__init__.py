"""The ``casekit`` command.

Each command module here contributes its verbs with ``register(subparsers)``; they are listed in
:data:`COMMAND_MODULES`. Exit codes (also in ``casekit --help``): 0 ok; 1 invalid input, where an expected
mistake (a CasekitError, or a file that cannot be written) prints a plain message in the user's language
and never a traceback; 2 usage (argparse's own errors, translated too).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ... import __version__, i18n
from ...errors import CasekitError
from ...outputs import write_error
from . import assessment, casebook, cohort, datasets, notebooks, radar, run, serve, store
from .parsing import EXIT_INVALID, EXIT_OK, Parser, language_flag, translated

#: Modules that add sub-commands, in the order of ``casekit --help``.
COMMAND_MODULES = (run, datasets, notebooks, assessment, casebook, cohort, radar, store, serve)


def build_parser() -> Parser:
    parser = Parser(prog="casekit", description=i18n.t("cli.description"), epilog=i18n.t("cli.exit_codes"))
    parser.add_argument(
        "--version", action="version", version=f"casekit {__version__}", help=i18n.t("cli.argparse.version")
    )
    languages = " | ".join(i18n.available_languages())
    parser.add_argument("--lang", default=None, help=i18n.t("cli.lang_help", choices=languages))
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # The language flag must act before the parser builds its translated help texts.
        # Each run of the command has its own language: --lang, else CASEKIT_LANGUAGE, else bokmål.
        i18n.set_language(language_flag(argv) or os.environ.get("CASEKIT_LANGUAGE") or i18n.DEFAULT_LANGUAGE)
        with translated():
            parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or EXIT_OK)
    except CasekitError as exc:
        print(f"{i18n.t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into `head` and closed early
        return EXIT_OK
    except OSError as exc:  # a file that cannot be written or read: the path and the reason, no traceback
        print(f"{i18n.t('cli.error_prefix')}: {write_error(exc).message()}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
