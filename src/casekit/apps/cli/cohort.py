"""``casekit cohort …``: the trainer's commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ... import i18n
from ...cohort.config import load_config, starter_config
from ...cohort.export import export
from ...cohort.kit import VARIANTS, build_kit, check_steps
from ...cohort.links import links
from ...cohort.prepare import prepare
from ...cohort.report import report
from ...cohort.status import status
from .table import print_table


def _progress_bar(total_label: str, unit: str = "nb"):
    from tqdm.auto import tqdm

    bar = tqdm(desc=total_label, unit=unit, file=sys.stderr)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    update.close = bar.close  # type: ignore[attr-defined]
    return update


def _init(args: argparse.Namespace) -> int:

    text = starter_config(county=args.county, network=args.network, language=args.language)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def _prepare(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    bar = _progress_bar("prepare")
    result = prepare(config, args.out, step=args.step, workers=args.workers, progress=bar)
    bar.close()
    print(
        i18n.t(
            "cohort.cli.summary",
            written=result.count("written"),
            skipped=result.count("skipped"),
            failed=result.count("failed"),
            manifest=result.manifest,
        )
    )
    _print_kept(result)
    if result.failed:
        print(i18n.t("cohort.cli.failures"))
        for r in result.failed:
            print(f"  {r.target}: {r.error}")
        return 1
    return 0


def _print_kept(result) -> None:
    if result.kept:
        print(i18n.t("kit.cli.kept"))
        for r in result.kept:
            print(f"  {r.error or r.target}")


def _start_time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(i18n.t("kit.error.start", value=value)) from None


def _kit(args: argparse.Namespace) -> int:

    check_steps(args.step)  # before anything is read or shown
    config = load_config(args.config)
    bar = _progress_bar("kit", unit="job")
    result = build_kit(
        config,
        args.step,
        args.out,
        variant=args.variant,
        language=args.language,
        start=args.start,
        workers=args.workers,
        progress=bar,
    )
    bar.close()
    print(
        i18n.t(
            "kit.cli.summary",
            written=result.count("written"),
            skipped=result.count("skipped"),
            kept=result.count("kept"),
            failed=result.count("failed"),
            manifest=result.manifest,
        )
    )
    _print_kept(result)
    if result.failed:
        print(i18n.t("kit.cli.failures"))
        for r in result.failed:
            print(f"  {r.target}: {r.error}")
    print(i18n.t("kit.cli.index", path=(Path(args.out) / "index.html").resolve()))
    return 1 if result.failed else 0


def _print_rows(rows: list[dict], columns: list[str]) -> None:

    print_table(columns, [[str(r.get(c, "")) for c in columns] for r in rows])


def _links(args: argparse.Namespace) -> int:

    rows = links(load_config(args.config, check_store=False), step=args.step, per=args.per, app=args.app)
    for r in rows:
        print("\t".join([r["municipality"], r["respondent"], r["notebook"], r["url"]]).replace("\t\t", "\t"))
    return 0


def _status(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    rows = status(config)
    _print_rows(rows, ["municipality", "name", "instrument", "expected", "started", "submitted", "who"])
    print(i18n.t("cohort.cli.counts_only", size=config.min_group_size))
    return 0


def _report(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    pages = report(config, args.phase, args.out, progress=lambda nb: print(f"… {nb}", file=sys.stderr))
    print(pages[0].resolve())
    return 0


def _export(args: argparse.Namespace) -> int:

    paths = export(load_config(args.config), args.out, include_drafts=args.drafts)
    print(i18n.t("cohort.cli.exported", path=Path(args.out).resolve()))
    for p in paths.values():
        print(f"  {p}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    cohort = sub.add_parser("cohort", help="cohorts: init, prepare, links, status, report, kit, export")
    verbs = cohort.add_subparsers(dest="action", required=True)

    init = verbs.add_parser("init", help="a starter cohort.yaml for a county or a Digi-network")
    group = init.add_mutually_exclusive_group(required=True)
    group.add_argument("--county")
    group.add_argument("--network")
    init.add_argument("--language", default="nb")
    init.add_argument("--out")
    init.set_defaults(func=_init)

    prep = verbs.add_parser("prepare", help="write personal workbooks and a manifest")
    prep.add_argument("config")
    prep.add_argument("--out", required=True)
    prep.add_argument("--step", help="only this step, e.g. 3a")
    prep.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    prep.set_defaults(func=_prepare)

    lk = verbs.add_parser("links", help="nbgitpuller links per participant or municipality")
    lk.add_argument("config")
    lk.add_argument("--step")
    lk.add_argument("--per", choices=["participant", "municipality"], default="participant")
    lk.add_argument("--app", action="store_true", help="open as a Voilà app instead of JupyterLab")
    lk.set_defaults(func=_links)

    st = verbs.add_parser("status", help="who has started and submitted, per municipality")
    st.add_argument("config")
    st.set_defaults(func=_status)

    rp = verbs.add_parser("report", help="run the trainer notebooks of a phase and export HTML")
    rp.add_argument("config")
    rp.add_argument("--phase", required=True, help="e.g. 3b")
    rp.add_argument("--out", required=True)
    rp.set_defaults(func=_report)

    kt = verbs.add_parser("kit", help="run sheet, report, slides and handouts for one step")
    kt.add_argument("config")
    kt.add_argument("--step", required=True, help="a step of the curriculum, e.g. 3b")
    kt.add_argument("--out", required=True, help="the kit's folder; nothing is written outside it")
    kt.add_argument(
        "--variant", choices=VARIANTS, default="full", help="the run sheet's agenda (default: full)"
    )
    kt.add_argument("--language", help="the kit's language (default: the cohort's)")
    kt.add_argument("--start", type=_start_time, help="the day's start time, e.g. 09:30 (default: 09:00)")
    kt.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    kt.set_defaults(func=_kit)

    ex = verbs.add_parser("export", help="tidy CSV of all answers plus a data dictionary")
    ex.add_argument("config")
    ex.add_argument("--out", required=True)
    ex.add_argument("--drafts", action="store_true", help="include drafts and the full history")
    ex.set_defaults(func=_export)
