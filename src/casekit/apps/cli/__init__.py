"""The ``casekit`` command.

Each command module here contributes its verbs with ``register(subparsers)``; they are listed in
:data:`COMMAND_MODULES`. Expected mistakes (CasekitError) print a plain message and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ... import __version__, i18n
from ...errors import CasekitError
from . import assessment, casebook, cohort, datasets, notebooks, radar, run, store

#: Modules that add sub-commands, in the order of ``casekit --help``.
COMMAND_MODULES = (run, datasets, notebooks, assessment, casebook, cohort, radar, store)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casekit", description=i18n.t("cli.description"))
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    parser.add_argument(
        "--lang", default=None, help="language of messages: nb | en (default nb, or CASEKIT_LANGUAGE)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # The language flag must act before the parser builds its translated help texts.
        if argv[:1] == ["--lang"] and len(argv) > 1:
            i18n.set_language(argv[1])
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except CasekitError as exc:
        print(f"{i18n.t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
