"""``casekit assessment``: check item banks, load a sample cohort into a store, export answers."""

from __future__ import annotations

import argparse
from typing import Any

from ... import i18n
from ...assessment.model import load_instrument, shipped
from ...assessment.synthetic import fill_store
from ...outputs import output_file
from ...store import open_store
from .common import add_force


def _validate(args: argparse.Namespace) -> int:

    for name in args.banks or shipped():
        inst = load_instrument(name)
        print(
            i18n.t(
                "assessment.cli.valid",
                file=str(inst.path.name if inst.path else name),
                id=inst.id,
                version=inst.version,
                dimensions=len(inst.dimensions),
                items=len(inst.items),
            )
        )
    return 0


def _fill(args: argparse.Namespace) -> int:

    store = open_store(args.store or None)
    count = fill_store(store, args.cohort)
    print(i18n.t("assessment.cli.filled", count=count, cohort=args.cohort, url=store.url))
    return 0


def _export(args: argparse.Namespace) -> int:

    store = open_store(args.store or None)
    target = output_file(args.out, force=args.force, example="answers.csv")
    print(store.export_csv(target, instrument=args.instrument))
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("assessment", help="self-assessment item banks, sample data and exports")
    sub = parser.add_subparsers(dest="action", required=True)
    validate = sub.add_parser("validate", help="check item banks (shipped names or YAML paths)")
    validate.add_argument("banks", nargs="*")
    validate.set_defaults(func=_validate)
    fill = sub.add_parser("fill-store", help="save a synthetic cohort in a response store (demos, training)")
    fill.add_argument("--cohort", default="agder", choices=["agder", "national"])
    fill.add_argument(
        "--store",
        default="",
        help="store URL or SQLite file (default: CASEKIT_STORE_URL or ./casekit.sqlite)",
    )
    fill.set_defaults(func=_fill)
    export = sub.add_parser("export", help="final answers as tidy CSV, one row per answer")
    export.add_argument("--store", default="")
    export.add_argument("--instrument", default=None)
    export.add_argument("--out", required=True)
    add_force(export)
    export.set_defaults(func=_export)
