"""``casekit radar validate | render | convert | diff``."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from ... import i18n
from ...errors import CasekitError
from ...outputs import output_file
from ...radar.charts import save
from ...radar.editions import diff
from ...radar.reading import read, validate_file
from ...radar.writing import write
from .common import add_force, add_language
from .table import print_table

#: Problems of one kind printed before the rest of that kind are counted.
PER_KIND = 5


def _mapping(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        foreign, sep, own = pair.partition("=")
        if not sep or not foreign.strip() or not own.strip():
            raise CasekitError("radar.error.bad_map_arg", value=pair)
        out[foreign.strip()] = own.strip()
    return out


def _read_options(args: argparse.Namespace) -> dict:
    return {
        "format": args.input_format,
        "config": "infer" if args.infer else None,
        "rings": _mapping(args.map_ring),
        "quadrants": _mapping(args.map_quadrant),
    }


def _validate(args: argparse.Namespace) -> int:

    radar, problems = validate_file(args.file, **_read_options(args))
    totals = Counter(p.key for p in problems)
    shown: Counter[str] = Counter()
    for p in problems:  # the first few of each kind, then a count of the rest of that kind
        shown[p.key] += 1
        if shown[p.key] <= PER_KIND:
            kind = i18n.t("radar.cli.error" if p.is_error else "radar.cli.notice")
            print(f"{kind}: {p.message()}")
        if shown[p.key] == PER_KIND and totals[p.key] > PER_KIND:
            print(i18n.t("radar.cli.more_of_kind", count=totals[p.key] - PER_KIND, total=totals[p.key]))
    errors = sum(p.is_error for p in problems)
    if errors or radar is None:
        print(i18n.t("radar.cli.invalid", file=args.file, count=errors))
        return 1
    print(i18n.t("radar.cli.valid", file=args.file, count=len(radar.blips), notices=len(problems)))
    return 0


def _render(args: argparse.Namespace) -> int:

    radar = read(args.file, **_read_options(args))
    target = Path(args.out) if args.out else Path(args.file).with_suffix(f".{args.format}")
    target = output_file(target, force=args.force, example=f"radar.{args.format}")
    print(save(radar, target, args.format, language=args.language, seed=args.seed))
    return 0


SUFFIX = {
    "byor-csv": ".byor.csv",
    "byor-json": ".byor.json",
    "zalando": ".zalando.json",
    "csv": ".csv",
    "json": ".json",
}


def _convert(args: argparse.Namespace) -> int:

    radar = read(args.file, **_read_options(args))
    target = Path(args.out) if args.out else Path(args.file).with_suffix("").with_suffix(SUFFIX[args.to])
    if target.resolve() == Path(args.file).resolve():
        raise CasekitError("radar.error.same_file", file=str(target))
    target = output_file(target, force=args.force, example=f"radar{SUFFIX[args.to]}")
    print(write(radar, target, args.to, language=args.language))
    return 0


def _diff(args: argparse.Namespace) -> int:

    old, new = read(args.old), read(args.new)
    table = diff(old, new, language=args.language)
    changed = table[table["change"] != "no_change"]
    rows = [
        [
            r.name,
            r.old_ring or "–",
            r.new_ring or "–",
            i18n.t(f"radar.change.{r.change}", language=args.language),
            "" if r.steps is None or r.steps != r.steps else f"{int(r.steps):+d}",
            r.rationale,
        ]
        for r in changed.itertuples()
    ]
    columns = [
        i18n.t(f"radar.column.{c}", language=args.language)
        for c in ("name", "old_ring", "new_ring", "change", "steps", "rationale")
    ]
    if rows:
        print_table(columns, rows)
    counts = table["change"].value_counts()
    summary = ", ".join(
        f"{i18n.t(f'radar.change.{c}', language=args.language)}: {int(counts.get(c, 0))}"
        for c in ("new", "moved_in", "moved_out", "retired", "no_change")
    )
    print(summary)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("radar", help="validate, render, convert and compare technology radars")
    sub = parser.add_subparsers(dest="action", required=True)

    def reading(p: argparse.ArgumentParser) -> None:
        p.add_argument("file")
        p.add_argument("--input-format", default=None, choices=["csv", "json", "byor-json", "zalando"])
        p.add_argument("--map-ring", action="append", default=[], metavar="FOREIGN=OWN")
        p.add_argument("--map-quadrant", action="append", default=[], metavar="FOREIGN=OWN")
        p.add_argument("--infer", action="store_true", help="take rings and quadrants from the file")

    v = sub.add_parser("validate", help="report every problem with its row")
    reading(v)
    v.set_defaults(func=_validate)

    r = sub.add_parser("render", help="draw the radar as PNG, SVG, PDF or self-contained HTML")
    reading(r)
    r.add_argument("--format", default="png", choices=["png", "svg", "pdf", "html"])
    r.add_argument("--out", default=None)
    add_language(r, None, key="language_output")
    r.add_argument("--seed", type=int, default=0)
    add_force(r)
    r.set_defaults(func=_render)

    c = sub.add_parser("convert", help="write the radar as BYOR CSV/JSON, Zalando JSON or our CSV/JSON")
    reading(c)
    c.add_argument("--to", required=True, choices=list(SUFFIX))
    c.add_argument("--out", default=None)
    add_language(c, None, key="language_output")
    add_force(c)
    c.set_defaults(func=_convert)

    d = sub.add_parser("diff", help="compare two editions: moves with direction and size, new and retired")
    d.add_argument("old")
    d.add_argument("new")
    add_language(d, None, key="language_output")
    d.set_defaults(func=_diff)
