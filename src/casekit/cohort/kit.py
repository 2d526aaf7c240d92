"""``casekit cohort kit``: everything a trainer needs for one step of the programme, built in one go.

For each step: the run sheet (HTML and PDF, in the cohort's language, with the cohort's completion figures),
on a gathering day the report (HTML without code) and the slides (an offline Reveal.js deck), and every
municipality's handout (HTML and PDF). The layout of ``out``::

    index.html                     links every step's kit
    kit-manifest.json              what was built from what (see casekit.cohort.jobs)
    3b/index.html                  links the step's files
    3b/runsheet-3b-full.html|.pdf
    3b/report/index.html, 3b/report/3b-cohort-report.html …
    3b/slides-3b.html, 3b/reveal.js/…
    3b/handouts/4204-kristiansand.html|.pdf

It shares ``prepare``'s machinery (:mod:`casekit.cohort.jobs`): jobs run on any executor (a process pool or
a Dask cluster), a failing municipality never stops the others, the summary lists what failed and why, and a
rerun skips what is up to date. A file changed since the kit wrote it, or one it never wrote, is never
overwritten: the new version goes beside it (``runsheet-3b-full.new.html``) and the summary lists it;
``force`` replaces it after a backup. Handout charts are drawn once per municipality for all the steps asked
for; one Chromium prints every PDF. Nothing is written outside ``out``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__, i18n, municipalities, notebooks, ui
from ..errors import CasekitError, KitError
from ..outputs import output_folder
from ..privacy import check_min_group_size
from ..store import open_store
from .cluster import retrying
from .config import CohortConfig
from .handouts import HandoutSource, handout_body, handout_html
from .jobs import (
    JobResult,
    Placed,
    PrepareResult,
    next_record,
    place,
    read_manifest,
    run_all,
    status_of,
    unchanged,
    up_to_date,
    write_manifest,
)
from .pdf import Printer
from .prepare import git_revision
from .report import COHORT_REPORT, report, report_notebooks
from .runsheet import STEPS, RunSheet, folder, load
from .runsheet_doc import runsheet_html
from .slides import reveal_files, slide_notebook, slides_html

#: Its own name, so a kit and ``prepare``'s workbooks can share a folder without losing either manifest.
MANIFEST = "kit-manifest.json"
VARIANTS = ("full", "short")


@dataclass(frozen=True)
class KitSettings:
    """Everything a worker needs, picklable."""

    title: str
    language: str
    store_url: str
    numbers: tuple[str, ...]
    min_group_size: int
    variant: str
    start: dt.time | None
    days: dict[str, dt.date]
    fingerprint: str
    #: With ``language: auto`` and no language asked for, each leader group's handout is in its
    #: municipality's written standard: (number, language) pairs. Empty: every handout in ``language``.
    handout_languages: tuple[tuple[str, str], ...] = ()

    def handout_language(self, number: str | None) -> str:
        return dict(self.handout_languages).get(number or "", self.language)

    def handout_source(self, number: str | None = None) -> HandoutSource:
        language = self.handout_language(number)
        return HandoutSource(
            self.store_url, self.numbers, self.min_group_size, language, self.title, self.fingerprint
        )


@dataclass(frozen=True)
class KitJob:
    key: str  # the manifest's name for the job
    kind: str  # runsheet | report | handout
    steps: tuple[str, ...]
    municipality: str | None = None
    digest: str = ""


@dataclass
class Built:
    """What a worker made: files by relative path, and which HTML files to print to which PDFs."""

    files: dict[str, bytes] = field(default_factory=dict)
    prints: dict[str, str] = field(default_factory=dict)  # pdf path -> html path (both relative)
    error: str = ""


# --- checking the request -----------------------------------------------------------------------------------


def check_steps(steps: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    """Steps of the curriculum (``3b``), in the order given; anything else is refused before work starts."""
    items = [steps] if isinstance(steps, str) else list(steps)
    checked = []
    for value in items:
        text = str(value).strip().lower()
        if text not in STEPS:
            raise KitError("kit.error.not_a_step", value=value, choices=", ".join(STEPS))
        if text not in checked:
            checked.append(text)
    if not checked:
        raise KitError("kit.error.not_a_step", value="", choices=", ".join(STEPS))
    return tuple(checked)


def slug(number: str) -> str:
    """``4204-kristiansand``: the number and a plain-letters name, safe as a file name anywhere."""
    name = municipalities.normalise(municipalities.get(number).name)
    return f"{number}-" + (re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "x")


def store_fingerprint(store_url: str) -> str:
    """Changes whenever a submission is added or erased: the count and the newest id of all submissions."""
    store = open_store(store_url or None)
    subs = store.submissions(None, status="any", latest=False)
    newest = max((s.id for s in subs), default=0)
    return f"{store.count()}:{newest}"


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps([__version__, *parts], sort_keys=True, default=str).encode()).hexdigest()


def _sheet_bytes(step: str) -> str:
    return hashlib.sha256((folder() / f"{step}.yaml").read_bytes()).hexdigest()


# --- planning -----------------------------------------------------------------------------------------------


def outputs(job: KitJob, settings: KitSettings) -> list[str]:
    """The files a job writes, relative to the kit's folder."""
    if job.kind == "runsheet":
        step = job.steps[0]
        name = f"{step}/runsheet-{step}-{settings.variant}"
        return [f"{name}.html", f"{name}.pdf"]
    if job.kind == "report":
        step = job.steps[0]
        pages = [f"{step}/report/{step}-{info.id}.html" for info in report_notebooks(step)]
        return [f"{step}/report/index.html", *pages, f"{step}/slides-{step}.html"] + [
            f"{step}/{path}" for path in reveal_files()
        ]
    name = slug(job.municipality or "")
    return [f"{step}/handouts/{name}.{ext}" for step in job.steps for ext in ("html", "pdf")]


def plan(settings: KitSettings, steps: tuple[str, ...], sheets: dict[str, RunSheet]) -> list[KitJob]:
    """The jobs, longest first: the reports (a notebook each), then run sheets, then the handouts."""
    common = (
        settings.language,
        settings.title,
        settings.fingerprint,
        settings.min_group_size,
        settings.numbers,
    )
    jobs = []
    for step in steps:
        if sheets[step].kind == "gathering":
            jobs.append(
                KitJob(
                    f"report:{step}",
                    "report",
                    (step,),
                    digest=_digest(
                        "report",
                        step,
                        [hashlib.sha256(i.path.read_bytes()).hexdigest() for i in report_notebooks(step)],
                        _sheet_bytes(step),
                        settings.variant,
                        settings.start,
                        settings.days.get(step),
                        *common,
                    ),
                )
            )
    for step in steps:
        jobs.append(
            KitJob(
                f"runsheet:{step}:{settings.variant}",
                "runsheet",
                (step,),
                digest=_digest(
                    "runsheet",
                    step,
                    _sheet_bytes(step),
                    settings.variant,
                    settings.start,
                    settings.days.get(step),
                    *common,
                ),
            )
        )
    titles = [sheets[s].title for s in steps]
    for number in settings.numbers:
        jobs.append(
            KitJob(
                f"handout:{number}:{'+'.join(steps)}",
                "handout",
                steps,
                number,
                digest=_digest(
                    "handout",
                    number,
                    steps,
                    titles,
                    [settings.days.get(s) for s in steps],
                    settings.handout_language(number),
                    *common,
                ),
            )
        )
    return jobs


# --- building (in a worker process) -------------------------------------------------------------------------


def _build_runsheet(job: KitJob, settings: KitSettings) -> Built:
    step = job.steps[0]
    page = runsheet_html(
        load(step),
        language=settings.language,
        variant=settings.variant,
        start=settings.start,
        cohort_title=settings.title,
        day=settings.days.get(step),
        store=open_store(settings.store_url or None),
        municipality_numbers=list(settings.numbers),
        min_group_size=settings.min_group_size,
    )
    html_path, pdf_path = outputs(job, settings)
    return Built({html_path: page.encode("utf-8")}, {pdf_path: html_path})


def _build_report(job: KitJob, settings: KitSettings, config: CohortConfig) -> Built:
    """The report as ``casekit cohort report`` writes it, and the slides from its executed notebook."""
    import tempfile

    step = job.steps[0]
    executed: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="casekit-kit-") as tmp:
        for page in report(config, step, tmp, executed=executed):
            files[f"{step}/report/{page.name}"] = page.read_bytes()
    info = notebooks.get(COHORT_REPORT)
    deck = slide_notebook(
        executed[COHORT_REPORT],
        load(step),
        language=settings.language,
        variant=settings.variant,
        start=settings.start,
        cohort_title=settings.title,
        day=settings.days.get(step),
        municipality_count=len(settings.numbers),
    )
    title = f"{settings.title}: {info.title_in(settings.language)}"
    files[f"{step}/slides-{step}.html"] = slides_html(deck, title=title, language=settings.language).encode()
    files.update({f"{step}/{path}": data for path, data in reveal_files().items()})
    return Built(files)


def _build_handouts(job: KitJob, settings: KitSettings) -> Built:
    number = job.municipality or ""
    source = settings.handout_source(number)
    body = handout_body(source, number)  # the charts are drawn once for every step
    built = Built()
    paths = outputs(job, settings)
    for step, (html_path, pdf_path) in zip(job.steps, zip(paths[::2], paths[1::2])):
        title = i18n.text(load(step).title, source.language)
        page = handout_html(source, number, body, step_title=title, day=settings.days.get(step))
        built.files[html_path] = page.encode("utf-8")
        built.prints[pdf_path] = html_path
    return built


def build_job(args: tuple[KitJob, KitSettings, CohortConfig]) -> Built:
    """Build one job's files (in a worker process). Never raises: a failure comes back as ``error``."""
    job, settings, config = args
    try:
        if job.kind == "runsheet":
            return _build_runsheet(job, settings)
        if job.kind == "report":  # its kernels may meet a port clash with another job's: tried again
            return retrying(_build_report, job, settings, config)
        return _build_handouts(job, settings)
    except CasekitError as exc:
        return Built(error=exc.message(settings.language))
    except Exception as exc:
        return Built(error=f"{type(exc).__name__}: {exc}")


# --- writing (in this process) ------------------------------------------------------------------------------


def _records(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A job's file records from the manifest (see :func:`casekit.cohort.jobs.next_record`)."""
    files = entry.get("files", {})
    if not isinstance(files, dict):
        return {}
    return {
        path: record if isinstance(record, dict) else {"written": record} for path, record in files.items()
    }


def _place_all(
    out: Path,
    built: Built,
    printer: Printer,
    records: dict[str, dict[str, Any]],
    placed: list[Placed],
    force: bool,
) -> list[Placed]:
    """Place a job's files and print its PDFs, appending to ``placed`` as it goes (so a job that fails
    half-way still knows which of its files it wrote). A file someone changed is never overwritten."""
    for relative, data in built.files.items():
        placed.append(place(out, relative, data, records.get(relative, {}), force=force))
    for pdf_path, html_path in built.prints.items():
        pdf = printer.pdf(built.files[html_path].decode("utf-8"))
        placed.append(place(out, pdf_path, pdf, records.get(pdf_path, {}), force=force))
    return placed


def build_kit(
    config: CohortConfig,
    steps: list[str] | tuple[str, ...] | str,
    out: str | Path,
    *,
    variant: str = "full",
    language: str | None = None,
    start: dt.time | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> PrepareResult:
    """Build the kit for ``steps`` into ``out`` and return what was written, skipped, kept, replaced and
    failed.

    Raises KitError for a step or variant that does not exist, RunSheetError for a broken run sheet, and
    OutputError when ``out`` cannot be used or holds a ``kit-manifest.json`` casekit did not write (unless
    ``force``). A file changed since the kit wrote it (or one the kit never wrote) is kept, with the new
    version beside it; ``force`` replaces it after a backup.
    """
    chosen = check_steps(steps)
    if variant not in VARIANTS:
        raise KitError("kit.error.variant", value=variant, choices=", ".join(VARIANTS))
    sheets = {step: load(step) for step in chosen}  # a broken run sheet stops here, with every problem named
    per_municipality = language is None and config.language == notebooks.AUTO
    language = i18n.check_language(language or config.shared_language)
    out = output_folder(out)
    handout_languages = tuple((n, config.language_of(n)) for n in config.municipalities if per_municipality)
    config = config.model_copy(update={"language": language})
    settings = KitSettings(
        title=config.title,
        language=language,
        store_url=config.store_url,
        numbers=tuple(config.municipalities),
        min_group_size=check_min_group_size(config.min_group_size),
        variant=variant,
        start=start,
        days={item.step: item.date for item in config.schedule},
        fingerprint=store_fingerprint(config.store_url),
        handout_languages=handout_languages,
    )
    manifest_path = out / MANIFEST
    previous, manifest_backup = read_manifest(manifest_path, "outputs", force=force)
    jobs = plan(settings, chosen, sheets)
    results: dict[str, JobResult] = {}
    todo = []
    for job in jobs:
        before = previous.get(job.key, {})
        if up_to_date(out, outputs(job, settings), before.get("digest"), job.digest):
            records = _records(before)
            files = [unchanged(path, records.get(path, {})) for path in outputs(job, settings)]
            results[job.key] = JobResult(job.key, "skipped", job.digest, files=files)
        else:
            todo.append(job)
    if progress:
        progress(len(results), len(jobs))
    with Printer() as printer:
        for (job, _, _), built in run_all(
            build_job, [(j, settings, config) for j in todo], executor=executor, workers=workers
        ):
            results[job.key] = _finish(out, job, built, printer, _records(previous.get(job.key, {})), force)
            if progress:
                progress(len(results), len(jobs))
    ordered = [results[j.key] for j in jobs]
    entries = _entries(previous, jobs, ordered)
    ordered += _write_indexes(out, settings, chosen, sheets, jobs, entries, force)
    _save_manifest(manifest_path, config, settings, chosen, entries, ordered)
    return PrepareResult(out, manifest_path, ordered, manifest_backup=manifest_backup)


def _finish(
    out: Path,
    job: KitJob,
    built: Built | Exception,
    printer: Printer,
    records: dict[str, dict[str, Any]],
    force: bool,
) -> JobResult:
    if isinstance(built, Exception):
        return JobResult(job.key, "failed", error=f"{type(built).__name__}: {built}")
    if built.error:
        return JobResult(job.key, "failed", error=built.error)
    placed: list[Placed] = []
    try:
        _place_all(out, built, printer, records, placed, force)
        return JobResult(job.key, status_of(placed), job.digest, files=placed)
    except CasekitError as exc:
        return JobResult(job.key, "failed", error=exc.message(), files=placed)
    except Exception as exc:
        return JobResult(job.key, "failed", error=f"{type(exc).__name__}: {exc}", files=placed)


def _entries(
    previous: dict[str, dict[str, Any]], jobs: list[KitJob], results: list[JobResult]
) -> dict[str, dict[str, Any]]:
    """The manifest's entries after a run: each job's digest and, for each of its files, what casekit wrote
    there and before. A job that failed keeps its last digest (so it runs again) and records the files it
    wrote before it failed."""
    entries = dict(previous)
    for job, res in zip(jobs, results):
        before = previous.get(job.key, {})
        files = _records(before)
        for placed in res.files:
            files[placed.path] = next_record(files.get(placed.path, {}), placed)
        if res.status == "failed":
            if before or res.files:
                entries[job.key] = {**before, "status": "failed", "files": files}
            continue
        entries[job.key] = {
            "kind": job.kind,
            "steps": list(job.steps),
            "municipality": job.municipality,
            "digest": res.digest,
            "status": res.status,
            "files": files,
        }
    return entries


def _save_manifest(
    path: Path,
    config: CohortConfig,
    settings: KitSettings,
    steps: tuple[str, ...],
    entries: dict[str, dict[str, Any]],
    results: list[JobResult],
) -> None:
    write_manifest(
        path,
        {
            "cohort": {"id": config.id, "title": config.title, "language": settings.language},
            "steps": list(steps),
            "variant": settings.variant,
            "casekit_version": __version__,
            "git_revision": git_revision(),
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "outputs": dict(sorted(entries.items())),
            "failed": {r.target: r.error for r in results if r.status == "failed"},
        },
    )


# --- index pages --------------------------------------------------------------------------------------------


def _t(key: str, language: str, **params: Any) -> str:
    return i18n.t(f"kit.index.{key}", language=language, **params)


def _page(title: str, body: str, language: str) -> str:
    e = ui.escape
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>body{{font-family:system-ui,sans-serif;max-width:60rem;"
        "margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#0B3D66}li{margin:.2rem 0}"
        f".muted{{color:#555}}</style></head><body><h1>{e(title)}</h1>{body}</body></html>"
    )


def _link(href: str, text: str, out: Path, base: str) -> str:
    target = out / base / href
    if not target.is_file():
        return f'<li class="muted">{ui.escape(text)}</li>'
    return f'<li><a href="{ui.escape(href)}">{ui.escape(text)}</a></li>'


def _step_index(out: Path, settings: KitSettings, step: str, sheet: RunSheet, jobs: list[KitJob]) -> str:
    lang = settings.language
    name = f"runsheet-{step}-{settings.variant}"
    items = [
        _link(f"{name}.html", _t("runsheet_html", lang), out, step),
        _link(f"{name}.pdf", _t("runsheet_pdf", lang), out, step),
    ]
    if sheet.kind == "gathering":
        items.append(_link("report/index.html", _t("report", lang), out, step))
        items.append(_link(f"slides-{step}.html", _t("slides", lang), out, step))
    handouts = []
    for job in jobs:
        if job.kind == "handout":
            file = f"handouts/{slug(job.municipality or '')}"
            label = municipalities.get(job.municipality or "").display_name()
            pdf, page = (out / step / f"{file}.pdf").is_file(), (out / step / f"{file}.html").is_file()
            if pdf or page:
                links = f'<a href="{file}.pdf">PDF</a> · <a href="{file}.html">HTML</a>'
                handouts.append(f"<li>{ui.escape(label)}: {links}</li>")
            else:
                handouts.append(f'<li class="muted">{ui.escape(label)}</li>')
    title = i18n.text(sheet.title, lang)
    body = (
        f"<p>{ui.escape(settings.title)}</p><ul>{''.join(items)}</ul>"
        f"<p class='muted'>{ui.escape(_t('slides_help', lang))}</p>"
        f"<h2>{ui.escape(_t('handouts', lang))}</h2><ul>{''.join(handouts)}</ul>"
    )
    return _page(title, body, lang)


def _write_indexes(
    out: Path,
    settings: KitSettings,
    steps: tuple[str, ...],
    sheets: dict[str, RunSheet],
    jobs: list[KitJob],
    entries: dict[str, dict[str, Any]],
    force: bool,
) -> list[JobResult]:
    """``<step>/index.html`` for each step and ``index.html`` for every step in the folder, placed like every
    other file (an edited index is kept, the new one beside it). Records them in ``entries``; returns a
    result for each index that was kept, replaced or could not be written, so the summary lists it."""
    pages = {f"{step}/index.html": _step_index(out, settings, step, sheets[step], jobs) for step in steps}
    present = sorted(p.parent.name for p in out.glob("*/index.html") if p.parent.name in STEPS)
    present = sorted(set(present) | set(steps))
    names = {step: i18n.text(load(step).title, settings.language) for step in present}
    lines = "".join(f'<li><a href="{step}/index.html">{ui.escape(names[step])}</a></li>' for step in present)
    pages["index.html"] = _page(
        _t("title", settings.language, cohort=settings.title), f"<ul>{lines}</ul>", settings.language
    )
    noted = []
    for relative, markup in pages.items():
        key = f"index:{relative}"
        records = _records(entries.get(key, {}))
        try:
            placed = place(out, relative, markup, records.get(relative, {}), force=force)
        except (CasekitError, OSError) as exc:  # the files already written are still recorded
            error = exc.message() if isinstance(exc, CasekitError) else f"{type(exc).__name__}: {exc}"
            noted.append(JobResult(key, "failed", error=error))
            continue
        entries[key] = {
            "kind": "index",
            "steps": [],
            "municipality": None,
            "digest": "",
            "status": placed.status,
            "files": {relative: next_record(records.get(relative, {}), placed)},
        }
        if placed.status in ("kept", "replaced"):
            noted.append(JobResult(key, placed.status, files=[placed]))
    return noted
