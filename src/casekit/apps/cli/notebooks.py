"""``casekit notebooks list | render | run``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import nbformat
import yaml

from ... import i18n, notebooks
from ...errors import CasekitError
from ...outputs import output_file
from .common import add_force, add_language
from .table import print_table


def _notebooks_list(args: argparse.Namespace) -> int:
    infos = notebooks.catalogue(None if args.all else "participant")
    if not infos:
        print(i18n.t("cli.no_notebooks"))
        return 0
    col = lambda k: i18n.t(f"programme.column.{k}")  # noqa: E731
    rows = []
    for info in infos:
        params = ", ".join(f"{n}: {s['type']}={s.get('default')!r}" for n, s in info.parameters.items())
        rows.append(
            [
                i18n.t(f"programme.module_by_number.{info.module}"),
                i18n.t(f"programme.phase.{info.phase}") if info.module else "",
                i18n.t(f"programme.track.{info.track}"),
                info.title_in(),
                i18n.t("programme.minutes", minutes=info.duration),
                info.id,
                params,
            ]
        )
    print_table(
        [col("module"), col("phase"), col("track"), col("title"), col("duration"), col("id"), "parameters"],
        rows,
    )
    return 0


def parse_params(pairs: Sequence[str]) -> dict[str, object]:
    """``-p name=value`` pairs; values are parsed as YAML scalars but kept as text when quoted."""
    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise CasekitError("cli.params_pair", pair=pair)
        params[name.strip()] = yaml.safe_load(raw) if raw.strip() else ""
    return params


def _notebooks_render(args: argparse.Namespace) -> int:
    # Rendering first checks the parameters, so a mistake there is reported before the output is.
    nb = notebooks.render(args.notebook, args.language, parse_params(args.param), hide_code=args.hide_code)
    target = output_file(args.out, force=args.force, example=f"{args.notebook}.ipynb")
    nbformat.write(nb, target)
    print(target)
    return 0


def _notebooks_run(args: argparse.Namespace) -> int:
    params = parse_params(args.param)
    html = output_file(args.html, force=args.force, example=f"{args.notebook}.html") if args.html else None
    nb = notebooks.execute(args.notebook, params, language=args.language, progress=True)
    if html:
        print(notebooks.to_html(nb, html))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    nbp = sub.add_parser("notebooks", help="the notebook catalogue")
    nb_sub = nbp.add_subparsers(dest="action", required=True)
    lst = nb_sub.add_parser("list", help="the curriculum: module, phase, title, duration, parameters")
    lst.add_argument("--all", action="store_true", help="include trainer notebooks")
    lst.set_defaults(func=_notebooks_list)
    for name, func in (("render", _notebooks_render), ("run", _notebooks_run)):
        p = nb_sub.add_parser(name)
        p.add_argument("notebook")
        add_language(p, "nb", auto=True)
        p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
        if name == "render":
            p.add_argument("--out", required=True)
            p.add_argument("--hide-code", action="store_true")
        else:
            p.add_argument("--html", default=None)
        add_force(p)
        p.set_defaults(func=func)
