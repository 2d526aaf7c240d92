"""``casekit casebook list | check | build``."""

from __future__ import annotations

import argparse

from ... import i18n
from ...casebook.links import check_links
from ...casebook.model import select, validate
from ...casebook.site import build
from ...outputs import output_folder
from .common import add_language
from .table import print_table

CASEBOOK_OUT = "build/casebook"


def _list(args: argparse.Namespace) -> int:

    language = i18n.check_language(args.language or i18n.get_language())
    cases = select(module=args.module, theme=args.theme, municipality=args.municipality, language=language)
    if not cases:
        print(i18n.t("casebook.list.none"))
        return 0

    def col(key: str) -> str:
        return i18n.t(f"casebook.list.column_{key}")

    rows = [
        [
            c.id,
            c.title,
            ", ".join(str(m) for m in c.modules),
            ", ".join(c.places()) or "-",
            ", ".join(c.theme_labels(language)),
        ]
        for c in cases
    ]
    print_table([col("id"), col("title"), col("modules"), col("municipalities"), col("themes")], rows)
    return 0


def _check(args: argparse.Namespace) -> int:

    loaded = validate()
    check_links()
    count = len(next(iter(loaded.values()), []))
    print(i18n.t("casebook.list.check_ok", cases=count, languages=len(loaded)))
    return 0


def _build(args: argparse.Namespace) -> int:

    index = build(
        output_folder(args.out, default=CASEBOOK_OUT),
        [args.language] if args.language else None,
        notebook_url=args.notebook_url,
    )
    print(i18n.t("casebook.list.built", path=index.resolve()))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    cb = subparsers.add_parser("casebook", help="the case library: list, check and build it")
    sub = cb.add_subparsers(dest="action", required=True)

    lst = sub.add_parser("list", help="cases with their modules, municipalities and themes")
    lst.add_argument("--module", type=int, default=None, help="only cases for this module (1-4)")
    lst.add_argument("--theme", default=None, help="only cases with this theme code")
    lst.add_argument("--municipality", default=None, help="only cases about this municipality")
    add_language(lst, None, key="language_output")
    lst.set_defaults(func=_list)

    sub.add_parser("check", help="validate every case and the links to and from the notebooks").set_defaults(
        func=_check
    )

    b = sub.add_parser("build", help="build the static site into OUT/<language>/")
    add_language(b, None, key="language_build")
    b.add_argument("--out", default=CASEBOOK_OUT)
    b.add_argument(
        "--notebook-url",
        default=None,
        help="link notebooks to this address instead of the local files; may use {id}, {path}, {lang}",
    )
    b.set_defaults(func=_build)
