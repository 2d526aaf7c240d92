"""``casekit datasets list | describe | validate | build``."""

from __future__ import annotations

import argparse
import sys

from ... import data, i18n
from .table import print_table


def _datasets_list(args: argparse.Namespace) -> int:
    rows = []
    for name in data.names():
        res = data.resource(name)
        rows.append(
            [
                name,
                i18n.t(f"datasets.kind.{res.get('provenance', {}).get('kind', '?')}"),
                res["path"],
                i18n.text(res.get("title", name)),
            ]
        )
    print_table(["name", i18n.t("datasets.provenance"), "path", "title"], rows)
    return 0


def _datasets_describe(args: argparse.Namespace) -> int:
    print(data.describe(args.name))
    return 0


def _datasets_validate(args: argparse.Namespace) -> int:
    failed = 0
    for name, error in data.validate_all(args.names or None).items():
        if error is None:
            print(f"{name}: {i18n.t('datasets.valid')}")
        else:
            failed += 1
            print(f"{name}: {i18n.t('datasets.invalid')}\n{error.message()}")
    return 1 if failed else 0


def _datasets_build(args: argparse.Namespace) -> int:
    result = data.build(
        args.names or None, check=args.check, progress=lambda n: print(f"… {n}", file=sys.stderr)
    )
    for name, ok in result.items():
        word = ("identical" if ok else "differs") if args.check else "built"
        print(f"{name}: {i18n.t(f'datasets.{word}')}")
    return 0 if all(result.values()) else 1


def register(sub: argparse._SubParsersAction) -> None:
    ds = sub.add_parser("datasets", help="list, describe, validate and rebuild the shipped datasets")
    ds_sub = ds.add_subparsers(dest="action", required=True)
    ds_sub.add_parser("list").set_defaults(func=_datasets_list)
    d = ds_sub.add_parser("describe")
    d.add_argument("name")
    d.set_defaults(func=_datasets_describe)
    v = ds_sub.add_parser("validate")
    v.add_argument("names", nargs="*")
    v.set_defaults(func=_datasets_validate)
    b = ds_sub.add_parser("build", help="regenerate synthetic datasets (--check: verify byte-identical)")
    b.add_argument("names", nargs="*")
    b.add_argument("--check", action="store_true")
    b.set_defaults(func=_datasets_build)
