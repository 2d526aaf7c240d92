"""``casekit demo`` and ``casekit app``: the demo cohort and the Voilà app."""

from __future__ import annotations

import argparse
from pathlib import Path

from ... import i18n, notebooks
from ...outputs import output_folder
from .. import app
from ..demo import NYNORSK_MUNICIPALITY, build_demo
from .common import add_language, kernel_log
from .notebooks import parse_params

DEMO_OUT, APP_OUT = "build/demo", "build/app"


def _app(args: argparse.Namespace) -> int:
    params = parse_params(args.param)
    # ``auto`` is settled once, from the municipality given with -p (else the bokmål default)
    language = notebooks.resolve_language(args.language, params.get("municipality"))
    folder = output_folder(Path(output_folder(args.out, default=APP_OUT)) / language)
    pool = 0 if args.no_preheat else args.pool_size
    for path in app.render_all(folder, language, params, preheat=pool > 0):
        print(path)
    if not args.no_serve:  # pragma: no cover - replaces the process with Voilà
        print(" ".join(app.voila_command(folder, args.port, pool_size=pool)))
        app.serve(folder, args.port, pool_size=pool)
    return 0


def _demo(args: argparse.Namespace) -> int:
    out = output_folder(args.out, default=DEMO_OUT)
    log = out / "kernels.log"
    with kernel_log(log):
        index = build_demo(
            out, municipality=args.municipality, nynorsk=None if args.no_nynorsk else args.nynorsk
        )
    print(i18n.t("cli.demo_done", path=index.resolve()))
    print(i18n.t("cohort.cli.kernel_log", path=log))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="build the demo in build/demo and print the index page's path")
    demo.add_argument("--out", default=DEMO_OUT)
    demo.add_argument("--municipality", default="4228")
    demo.add_argument(
        "--nynorsk",
        default=NYNORSK_MUNICIPALITY,
        metavar="MUNICIPALITY",
        help=f"the municipality of the nynorsk path (default {NYNORSK_MUNICIPALITY}, Sunnfjord)",
    )
    demo.add_argument("--no-nynorsk", action="store_true", help="leave the nynorsk path out")
    demo.set_defaults(func=_demo)

    application = sub.add_parser(
        "app", help="render every participant notebook for a language and serve it with Voilà"
    )
    add_language(application, "nb", auto=True)
    application.add_argument("--out", default=APP_OUT)
    application.add_argument("--port", type=int, default=8866)
    application.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    application.add_argument("--no-serve", action="store_true", help="only render")
    application.add_argument(
        "--pool-size", type=int, default=1, help="preheated kernels kept ready per notebook (default 1)"
    )
    application.add_argument("--no-preheat", action="store_true", help="start a kernel per page instead")
    application.set_defaults(func=_app)
