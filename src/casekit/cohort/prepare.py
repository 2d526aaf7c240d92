"""``casekit cohort prepare``: personal workbooks for every municipality and participant.

Jobs are independent and run on any ``concurrent.futures.Executor`` (a local process pool by default, or
a Dask cluster: see :mod:`casekit.cohort.cluster`). A failing job never stops the others, and the summary
says which failed and why. ``manifest.json`` records cohort, notebook, parameters, casekit version, git
revision and dataset checksums, and for every workbook the digest of its inputs and of the content
casekit wrote (with the earlier versions it wrote there).

A participant's work is never lost. A rerun skips a workbook whose inputs have not changed, and rewrites
one whose inputs changed only when the file is still exactly what casekit wrote. A workbook that differs
from everything casekit wrote there (or that casekit cannot vouch for, because the manifest is gone or
damaged, and that differs from what casekit would write now) is left alone: the new version goes beside
it as ``<name>.new.ipynb``, and the summary lists it. ``force=True`` replaces such a workbook, but first
moves it to a timestamped backup beside it. A ``manifest.json`` that casekit did not write is never
overwritten without ``force``. ``cohort kit`` shares this machinery (:mod:`casekit.cohort.jobs`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__, _paths, data, notebooks
from ..errors import CasekitError, ConfigError
from ..outputs import output_folder
from .config import CohortConfig
from .jobs import (
    HISTORY,
    STATUSES,
    JobResult,
    PrepareResult,
    beside_path,
    next_record,
    place,
    read_manifest,
    run_all,
    unchanged,
    up_to_date,
    write_manifest,
)
from .paths import inside

__all__ = [
    "HISTORY",
    "MANIFEST",
    "STATUSES",
    "Job",
    "JobResult",
    "PrepareResult",
    "beside_path",
    "plan",
    "prepare",
    "run_job",
]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    notebook: str
    municipality: str
    respondent: str
    role: str | None
    language: str
    hide_code: bool
    parameters: dict[str, Any]
    target: str  # relative to the output folder

    def digest(self) -> str:
        """Changes whenever the workbook's content would change."""
        source = _notebook_digest(self.notebook)
        payload = json.dumps(
            [source, self.parameters, self.language, self.hide_code, __version__], sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@cache
def _notebook_digest(notebook_id: str) -> str:
    return hashlib.sha256(notebooks.get(notebook_id).path.read_bytes()).hexdigest()


def plan(config: CohortConfig, step: str | None = None) -> list[Job]:
    """Every workbook the cohort hands out in ``step`` (or in the whole schedule)."""
    jobs = []
    for nb_id in config.notebooks_for(step):
        info = notebooks.get(nb_id)
        for number in config.municipalities:
            language = config.language_of(number)
            for person in config.respondents(number):
                offered = {
                    "municipality": number,
                    "language": language,
                    "store_url": config.store_url,
                    "respondent": person.id,
                }
                params = {k: v for k, v in offered.items() if k in info.parameters}
                jobs.append(
                    Job(
                        nb_id,
                        number,
                        person.id,
                        person.role,
                        language,
                        config.hide_code,
                        params,
                        f"{number}/{person.id}/{info.id}.ipynb",
                    )
                )
    return jobs


def _render(job: Job) -> str:
    nb = notebooks.render(job.notebook, job.language, job.parameters, hide_code=job.hide_code)
    nb.metadata.setdefault("casekit", {})["workbook"] = {
        "municipality": job.municipality,
        "respondent": job.respondent,
        "role": job.role,
    }
    return _dumps(nb)


def run_job(job: Job, out: str, previous: dict[str, Any] | None = None, force: bool = False) -> JobResult:
    """Write one workbook (in a worker). ``previous`` is the workbook's manifest entry from the last run.
    Never raises: failures come back as results. Never overwrites a workbook that differs from what
    casekit wrote there, unless ``force`` (and then after a backup): see :func:`casekit.cohort.jobs.place`."""
    previous = previous or {}
    try:
        digest = job.digest()
        if up_to_date(Path(out), [job.target], previous.get("digest"), digest):
            return JobResult(job.target, "skipped", digest, files=[unchanged(job.target, previous)])
        placed = place(Path(out), job.target, _render(job), previous, force=force)
        return JobResult(job.target, placed.status, digest, files=[placed])
    except CasekitError as exc:
        return JobResult(job.target, "failed", error=exc.message())
    except Exception as exc:
        return JobResult(job.target, "failed", error=f"{type(exc).__name__}: {exc}")


def _dumps(nb: Any) -> str:
    from nbformat.v4.nbjson import writes

    return writes(nb) + "\n"


def _run_chunk(args: tuple[list[Job], str, list[dict[str, Any]], bool]) -> list[JobResult]:
    jobs, out, previous, force = args
    return [run_job(j, out, p, force) for j, p in zip(jobs, previous)]


def git_revision() -> str | None:
    root = _paths.repo_root()
    if root is None:
        return None
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):  # pragma: no cover
        return None
    return result.stdout.strip() or None


def prepare(
    config: CohortConfig,
    out: str | Path,
    *,
    step: str | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    chunk: int = 25,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> PrepareResult:
    """Write the workbooks and the manifest. Returns what happened to each workbook (see :data:`STATUSES`).

    Raises ConfigError when the cohort hands out nothing (no schedule, or no notebooks in ``step``), and
    OutputError when ``out`` cannot be used or holds a ``manifest.json`` casekit did not write (unless
    ``force``). Edited workbooks are kept; ``force`` replaces them after a backup.
    """
    jobs = plan(config, step)
    if not jobs:
        if step is None:
            raise ConfigError("cohort.prepare.no_schedule", cohort=config.id)
        raise ConfigError("cohort.prepare.empty_step", step=step, cohort=config.id)
    out = output_folder(out)
    for job in jobs:
        inside(out, job.target)
    manifest_path = out / MANIFEST
    previous, manifest_backup = read_manifest(manifest_path, "workbooks", force=force)
    known = [previous.get(j.target, {}) for j in jobs]
    chunks = [
        (jobs[i : i + chunk], str(out), known[i : i + chunk], force) for i in range(0, len(jobs), chunk)
    ]
    done: dict[str, JobResult] = {}
    for (batch_jobs, *_), batch in run_all(_run_chunk, chunks, executor=executor, workers=workers):
        if isinstance(batch, Exception):  # a worker that died: its workbooks failed, the others go on
            error = f"{type(batch).__name__}: {batch}"
            batch = [JobResult(j.target, "failed", error=error) for j in batch_jobs]
        done.update((r.target, r) for r in batch)
        if progress:
            progress(len(done), len(jobs))
    results = [done[j.target] for j in jobs]
    entries = _entries(previous, jobs, results)
    manifest = {
        "cohort": {
            "id": config.id,
            "title": config.title,
            "language": config.language,
            "neutral_language": config.neutral_language,
        },
        "step": step,
        "casekit_version": __version__,
        "git_revision": git_revision(),
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset_checksums": data.checksums(),
        "workbooks": dict(sorted(entries.items())),
        "failed": {r.target: r.error for r in results if r.status == "failed"},
    }
    write_manifest(manifest_path, manifest)
    return PrepareResult(out, manifest_path, results, manifest_backup=manifest_backup)


def _entries(
    previous: dict[str, dict[str, Any]], jobs: list[Job], results: list[JobResult]
) -> dict[str, dict[str, Any]]:
    """The manifest's workbook entries after a run: what casekit wrote where, and what it wrote before."""
    by_target = {r.target: r for r in results}
    entries = dict(previous)
    for job in jobs:
        res = by_target[job.target]
        before = previous.get(job.target, {})
        if res.status == "failed":
            if before:  # what casekit wrote there before is still worth knowing
                entries[job.target] = {**before, "status": "failed"}
            continue
        record = next_record(before, res.files[0])
        entries[job.target] = {**asdict(job), "digest": res.digest, "status": res.status, **record}
    return entries
