"""``casekit cohort …``: the trainer's commands."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

from ... import i18n
from ...cohort.cluster import executor_for
from ...cohort.config import load_config, starter_config
from ...cohort.export import export
from ...cohort.hubconfig import FRAGMENT, LOCAL_SERVICE_URL, VALUES, settings_for, write_hub_config
from ...cohort.hubsync import Change, HubClient, counts, sync, wanted
from ...cohort.jobs import PrepareResult
from ...cohort.kit import VARIANTS, build_kit, check_steps
from ...cohort.links import links
from ...cohort.paths import check_step
from ...cohort.prepare import prepare
from ...cohort.publish import publish
from ...cohort.report import report
from ...cohort.status import status
from ...errors import HubSyncError, KitError
from ...outputs import output_file, output_folder
from .common import add_force, add_language, kernel_log
from .table import print_table

#: The first line of a cohort file ``cohort init`` wrote, with the digest of the rest: while it matches,
#: nobody has edited the file, and ``init`` may write it again.
INIT_MARK = "# casekit cohort init sha256:"


def _progress_bar(total_label: str, unit: str = "nb"):
    from tqdm.auto import tqdm

    bar = tqdm(desc=total_label, unit=unit, file=sys.stderr)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    update.close = bar.close  # type: ignore[attr-defined]
    return update


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def unedited_starter(path: Path) -> bool:
    """Whether ``path`` is a cohort file ``cohort init`` wrote and nobody has changed since."""
    try:
        first, _, body = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(INIT_MARK) and first.removeprefix(INIT_MARK).strip() == _digest(body)


def _init(args: argparse.Namespace) -> int:

    text = starter_config(county=args.county, network=args.network, language=args.language)
    if args.out:
        target = output_file(args.out, force=args.force, ours=unedited_starter, example="cohort.yaml")
        target.write_text(f"{INIT_MARK}{_digest(text)}\n{text}", encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def _print_prepared(result: PrepareResult) -> None:
    print(
        i18n.t(
            "cohort.cli.summary",
            written=result.count("written"),
            skipped=result.count("skipped"),
            failed=result.count("failed"),
            manifest=result.manifest,
        )
    )
    _print_kept(result, "cohort")


def _print_kept(result: PrepareResult, domain: str) -> None:
    """The files casekit left alone because someone changed them, and those ``--force`` replaced, each
    with where its new version or its backup went. ``domain``: the catalogue's words (workbooks or files)."""
    if result.manifest_backup:
        print(i18n.t(f"{domain}.cli.manifest_backup", path=result.manifest_backup))
    kept = [pair for r in result.results for pair in r.kept_files()]
    if kept:
        print(i18n.t(f"{domain}.cli.kept", count=len(kept)))
        for path, beside in kept:
            print(f"  {path} → {beside}")
    replaced = [pair for r in result.results for pair in r.replaced_files()]
    if replaced:
        print(i18n.t(f"{domain}.cli.replaced", count=len(replaced)))
        for path, moved in replaced:
            print(f"  {path} → {moved}")


def _prepare(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    step = check_step(args.step)
    output_folder(args.out)
    with executor_for(args.scheduler, args.workers) as executor:
        bar = _progress_bar("prepare")
        try:
            result = prepare(
                config,
                args.out,
                step=step,
                workers=args.workers,
                executor=executor,
                progress=bar,
                force=args.force,
            )
        finally:
            bar.close()
    _print_prepared(result)
    if result.failed:
        print(i18n.t("cohort.cli.failures"))
        for r in result.failed:
            print(f"  {r.target}: {r.error}")
        return 1
    return 0


def _start_time(value: str | None) -> dt.time | None:
    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise KitError("kit.error.start", value=value) from None


def _kit(args: argparse.Namespace) -> int:

    steps = check_steps(args.step)  # before anything is read or written
    start = _start_time(args.start)
    config = load_config(args.config)
    out = output_folder(args.out)
    log = Path(args.log) if args.log else out / "kernels.log"
    log = output_file(log, ours=lambda _path: True, example="kernels.log")  # a log is appended to
    with kernel_log(log), executor_for(args.scheduler, args.workers) as executor:
        bar = _progress_bar("kit", unit="job")
        try:
            result = build_kit(
                config,
                steps,
                out,
                variant=args.variant,
                language=args.language,
                start=start,
                executor=executor,
                workers=args.workers,
                progress=bar,
                force=args.force,
            )
        finally:
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
    _print_kept(result, "kit")
    if result.failed:
        print(i18n.t("kit.cli.failures"))
        for r in result.failed:
            print(f"  {r.target}: {r.error}")
    print(i18n.t("kit.cli.index", path=(out / "index.html").resolve()))
    print(i18n.t("cohort.cli.kernel_log", path=log), file=sys.stderr)
    return 1 if result.failed else 0


def _print_rows(rows: list[dict], columns: list[str]) -> None:

    print_table(columns, [[str(r.get(c, "")) for c in columns] for r in rows])


def _links(args: argparse.Namespace) -> int:

    config = load_config(args.config, check_store=False)
    rows = links(config, step=check_step(args.step), per=args.per, app=args.app)
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
    step = check_step(args.phase)
    out = output_folder(args.out)
    log = Path(args.log) if args.log else out / "kernels.log"
    log = output_file(log, ours=lambda _path: True, example="kernels.log")  # a log is appended to
    with kernel_log(log), executor_for(args.scheduler) as executor:
        pages = report(
            config,
            step,
            out,
            progress=lambda nb: print(f"… {nb}", file=sys.stderr),
            executor=executor,
            force=args.force,
        )
    print(pages[0].resolve())
    print(i18n.t("cohort.cli.kernel_log", path=log), file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    output_folder(args.out)
    paths = export(config, args.out, include_drafts=args.drafts)
    print(i18n.t("cohort.cli.exported", path=Path(args.out).resolve()))
    for p in paths.values():
        print(f"  {p}")
    return 0


def _hub_config(args: argparse.Namespace) -> int:

    configs = [load_config(path, check_store=False) for path in args.config]
    settings = settings_for(
        configs, args.config, admins=args.admin or [], language=args.language, local_url=args.service_url
    )
    out = Path(args.out) if args.out else Path(args.config[0]).parent / f"hub-{configs[0].id}"
    placed = write_hub_config(settings, out, force=args.force)
    for item in placed:
        print(f"{i18n.t(f'cohort.hub.status_{item.status}')}: {out / item.path}")
        if item.beside:
            print(f"  → {out / item.beside}")
        if item.backup:
            print(f"  ← {out / item.backup}")
    print(
        i18n.t("cohort.hub.next_steps", fragment=(out / FRAGMENT).resolve(), values=(out / VALUES).resolve())
    )
    return 0


def _hub_token(args: argparse.Namespace) -> str:
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise HubSyncError(
                "cohort.hub.token_file", path=args.token_file, reason=exc.strerror or exc
            ) from None
    else:
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
    if not token:
        raise HubSyncError("cohort.hub.no_token")
    return token


def _print_change(change: Change) -> None:
    who = ", ".join(change.users)
    print(i18n.t(f"cohort.hub.change_{change.kind}", group=change.group, users=who, count=len(change.users)))


def _hub_sync(args: argparse.Namespace) -> int:

    configs = [load_config(path, check_store=False) for path in args.config]
    want = wanted(configs, args.admin or [])
    client = HubClient(args.hub_url, _hub_token(args))
    changes = sync(client, want, dry_run=args.dry_run)
    for change in changes:
        _print_change(change)
    done = counts(changes)
    key = (
        "cohort.hub.sync_none"
        if not changes
        else "cohort.hub.sync_planned"
        if args.dry_run
        else "cohort.hub.sync_done"
    )
    print(i18n.t(key, users=done["user"], groups=done["group"], added=done["add"], removed=done["remove"]))
    return 0


def _publish(args: argparse.Namespace) -> int:

    config = load_config(args.config)
    for done in publish(config, check_step(args.step)):
        key = f"reports.instrument.{done.kind}"
        name = i18n.t(key) if i18n.has(key) else done.kind
        print(
            i18n.t(
                "cohort.cli.published",
                kind=name,
                count=done.snapshot.respondents,
                groups=done.groups,
                id=done.snapshot.id,
            )
        )
    print(i18n.t("cohort.cli.published_note", size=config.min_group_size))
    return 0


def _add_scheduler(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the jobs on a Dask cluster: a scheduler address, or 'local' for a LocalCluster "
        "(needs the extra casekit[cluster])",
    )


def register(sub: argparse._SubParsersAction) -> None:
    cohort = sub.add_parser(
        "cohort",
        help="cohorts: init, prepare, links, status, report, kit, export, publish, hub-config, hub-sync",
    )
    verbs = cohort.add_subparsers(dest="action", required=True)

    init = verbs.add_parser("init", help="a starter cohort.yaml for a county or a Digi-network")
    group = init.add_mutually_exclusive_group(required=True)
    group.add_argument("--county")
    group.add_argument("--network")
    add_language(init, "nb", auto=True)
    init.add_argument("--out")
    add_force(init)
    init.set_defaults(func=_init)

    prep = verbs.add_parser("prepare", help="write personal workbooks and a manifest")
    prep.add_argument("config")
    prep.add_argument("--out", required=True)
    prep.add_argument("--step", help="only this step, e.g. 3a")
    prep.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    _add_scheduler(prep)
    add_force(prep)
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
    rp.add_argument(
        "--log", default=None, help="where kernels write their own messages (default OUT/kernels.log)"
    )
    _add_scheduler(rp)
    add_force(rp)
    rp.set_defaults(func=_report)

    kt = verbs.add_parser("kit", help="run sheet, report, slides and handouts for one step")
    kt.add_argument("config")
    kt.add_argument("--step", required=True, help="a step of the curriculum, e.g. 3b")
    kt.add_argument("--out", required=True, help="the kit's folder; nothing is written outside it")
    kt.add_argument(
        "--variant", choices=VARIANTS, default="full", help="the run sheet's agenda (default: full)"
    )
    add_language(kt, None, key="language_kit")
    kt.add_argument("--start", help="the day's start time, e.g. 09:30 (default: 09:00)")
    kt.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    kt.add_argument(
        "--log", default=None, help="where kernels write their own messages (default OUT/kernels.log)"
    )
    _add_scheduler(kt)
    add_force(kt)
    kt.set_defaults(func=_kit)

    ex = verbs.add_parser("export", help="tidy CSV of all answers plus a data dictionary")
    ex.add_argument("config")
    ex.add_argument("--out", required=True)
    ex.add_argument("--drafts", action="store_true", help="include drafts and the full history")
    ex.set_defaults(func=_export)
    pb = verbs.add_parser(
        "publish", help="publish the group figures participants see, as the answers stand (a deadline)"
    )
    pb.add_argument("config")
    pb.add_argument("--step", help="only the figures of this step's workbooks, e.g. 3b")
    pb.set_defaults(func=_publish)
    _register_hub(verbs)


def _register_hub(verbs: argparse._SubParsersAction) -> None:
    hc = verbs.add_parser("hub-config", help=i18n.t("cohort.hub.help_config"))
    hc.add_argument("config", nargs="+", help=i18n.t("cohort.hub.help_files"))
    hc.add_argument("--out", help=i18n.t("cohort.hub.help_out"))
    hc.add_argument("--admin", action="append", metavar="USER", help=i18n.t("cohort.hub.help_admin"))
    hc.add_argument("--language", help=i18n.t("cohort.hub.help_language"))
    hc.add_argument("--service-url", default=LOCAL_SERVICE_URL, help=i18n.t("cohort.hub.help_service_url"))
    add_force(hc)
    hc.set_defaults(func=_hub_config)

    hs = verbs.add_parser("hub-sync", help=i18n.t("cohort.hub.help_sync"))
    hs.add_argument("config", nargs="+", help=i18n.t("cohort.hub.help_files"))
    hs.add_argument("--hub-url", required=True, help=i18n.t("cohort.hub.help_hub_url"))
    hs.add_argument("--token-file", help=i18n.t("cohort.hub.help_token_file"))
    hs.add_argument("--admin", action="append", metavar="USER", help=i18n.t("cohort.hub.help_admin"))
    hs.add_argument("--dry-run", action="store_true", help=i18n.t("cohort.hub.help_dry_run"))
    hs.set_defaults(func=_hub_sync)
