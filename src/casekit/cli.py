"""The ``casekit`` command.

Each domain package contributes its verbs through a module with ``register(subparsers)``; they are listed
in :data:`COMMAND_MODULES`. Expected mistakes (CasekitError) print a plain message and exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, i18n
from .errors import CasekitError

#: Modules that add sub-commands; each has ``register(subparsers) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "casekit.assessment.cli",
    "casekit.casebook.cli",
    "casekit.cohort.cli",
    "casekit.radar.cli",
)


def _print_table(columns: list[str], rows: list[list[str]]) -> None:
    widths = [
        max(len(str(c)), *(len(str(r[i])) for r in rows)) if rows else len(str(c))
        for i, c in enumerate(columns)
    ]
    print("  ".join(str(c).ljust(w) for c, w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())


# --- datasets --------------------------------------------------------------------------------------------


def _datasets_list(args: argparse.Namespace) -> int:
    from . import data

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
    _print_table(["name", i18n.t("datasets.provenance"), "path", "title"], rows)
    return 0


def _datasets_describe(args: argparse.Namespace) -> int:
    from . import data

    print(data.describe(args.name))
    return 0


def _datasets_validate(args: argparse.Namespace) -> int:
    from . import data

    failed = 0
    for name, error in data.validate_all(args.names or None).items():
        if error is None:
            print(f"{name}: {i18n.t('datasets.valid')}")
        else:
            failed += 1
            print(f"{name}: {i18n.t('datasets.invalid')}\n{error.message()}")
    return 1 if failed else 0


def _datasets_build(args: argparse.Namespace) -> int:
    from . import data

    result = data.build(
        args.names or None, check=args.check, progress=lambda n: print(f"… {n}", file=sys.stderr)
    )
    for name, ok in result.items():
        word = ("identical" if ok else "differs") if args.check else "built"
        print(f"{name}: {i18n.t(f'datasets.{word}')}")
    return 0 if all(result.values()) else 1


# --- notebooks -------------------------------------------------------------------------------------------


def _notebooks_list(args: argparse.Namespace) -> int:
    from . import notebooks

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
                info.title_in(),
                i18n.t("programme.minutes", minutes=info.duration),
                info.id,
                params,
            ]
        )
    _print_table([col("module"), col("phase"), col("title"), col("duration"), col("id"), "parameters"], rows)
    return 0


def _parse_params(pairs: Sequence[str]) -> dict[str, object]:
    """``-p name=value`` pairs; values are parsed as YAML scalars but kept as text when quoted."""
    import yaml

    params: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise CasekitError("error.config.invalid", reason=f"-p {pair}: write name=value")
        params[name.strip()] = yaml.safe_load(raw) if raw.strip() else ""
    return params


def _notebooks_render(args: argparse.Namespace) -> int:
    from . import notebooks

    target = notebooks.render_to_file(
        args.notebook, args.out, args.language, _parse_params(args.param), hide_code=args.hide_code
    )
    print(target)
    return 0


def _notebooks_run(args: argparse.Namespace) -> int:
    from . import notebooks

    nb = notebooks.execute(args.notebook, _parse_params(args.param), language=args.language, progress=True)
    if args.html:
        print(notebooks.to_html(nb, args.html))
    return 0


def _app(args: argparse.Namespace) -> int:
    from . import app

    folder = Path(args.out) / args.language
    for path in app.render_all(folder, args.language, _parse_params(args.param)):
        print(path)
    if not args.no_serve:  # pragma: no cover - replaces the process with Voilà
        print(" ".join(app.voila_command(folder, args.port)))
        app.serve(folder, args.port)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import build_demo

    index = build_demo(Path(args.out), municipality=args.municipality)
    print(i18n.t("cli.demo_done", path=index.resolve()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casekit", description=i18n.t("cli.description"))
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    parser.add_argument(
        "--lang", default=None, help="language of messages: nb | en (default nb, or CASEKIT_LANGUAGE)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the demo in build/demo and print the index page's path")
    demo.add_argument("--out", default="build/demo")
    demo.add_argument("--municipality", default="4228")
    demo.set_defaults(func=_demo)

    app = sub.add_parser(
        "app", help="render every participant notebook for a language and serve it with Voilà"
    )
    app.add_argument("--language", default="nb")
    app.add_argument("--out", default="build/app")
    app.add_argument("--port", type=int, default=8866)
    app.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
    app.add_argument("--no-serve", action="store_true", help="only render")
    app.set_defaults(func=_app)

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

    nbp = sub.add_parser("notebooks", help="the notebook catalogue")
    nb_sub = nbp.add_subparsers(dest="action", required=True)
    lst = nb_sub.add_parser("list", help="the curriculum: module, phase, title, duration, parameters")
    lst.add_argument("--all", action="store_true", help="include trainer notebooks")
    lst.set_defaults(func=_notebooks_list)
    for name, func in (("render", _notebooks_render), ("run", _notebooks_run)):
        p = nb_sub.add_parser(name)
        p.add_argument("notebook")
        p.add_argument("--language", default="nb")
        p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE")
        if name == "render":
            p.add_argument("--out", required=True)
            p.add_argument("--hide-code", action="store_true")
        else:
            p.add_argument("--html", default=None)
        p.set_defaults(func=func)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
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
