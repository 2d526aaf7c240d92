"""``casekit cohort prepare``: personal workbooks for every municipality and participant.

Jobs are independent and run on any ``concurrent.futures.Executor`` (a local process pool by default; a
Dask ``Client.get_executor()`` works unchanged). A rerun skips workbooks whose inputs have not changed and
keeps any workbook changed since it was written; a failing job never stops the others, and the summary says
which failed and why (see :mod:`casekit.cohort.jobs`). ``manifest.json`` records cohort, notebook,
parameters, casekit version, git revision and dataset checksums.
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

from .. import __version__
from ..errors import CasekitError
from .config import CohortConfig
from .jobs import JobResult, PrepareResult, edited, read_manifest, run_all, write_atomic, write_manifest

__all__ = ["MANIFEST", "Job", "JobResult", "PrepareResult", "plan", "prepare", "run_job"]

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
    from .. import notebooks

    return hashlib.sha256(notebooks.get(notebook_id).path.read_bytes()).hexdigest()


def plan(config: CohortConfig, step: str | None = None) -> list[Job]:
    """Every workbook the cohort hands out in ``step`` (or in the whole schedule)."""
    from .. import notebooks

    jobs = []
    for nb_id in config.notebooks_for(step):
        info = notebooks.get(nb_id)
        for number in config.municipalities:
            for person in config.respondents(number):
                offered = {
                    "municipality": number,
                    "language": config.language,
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
                        config.language,
                        config.hide_code,
                        params,
                        f"{number}/{person.id}/{info.id}.ipynb",
                    )
                )
    return jobs


def run_job(job: Job, out: str, known_digest: str | None = None, written_sha: str | None = None) -> JobResult:
    """Write one workbook (in a worker process). Never raises: failures come back as results. A workbook
    whose file no longer holds what was written (``written_sha``) is kept as it is."""
    from .. import notebooks

    target = Path(out) / job.target
    try:
        digest = job.digest()
        if written_sha and edited(Path(out), {job.target: written_sha}):
            return JobResult(job.target, "kept", known_digest or "", files={job.target: written_sha})
        if known_digest == digest and target.is_file():
            return JobResult(job.target, "skipped", digest, files={job.target: written_sha or ""})
        nb = notebooks.render(job.notebook, job.language, job.parameters, hide_code=job.hide_code)
        nb.metadata.setdefault("casekit", {})["workbook"] = {
            "municipality": job.municipality,
            "respondent": job.respondent,
            "role": job.role,
        }
        sha = write_atomic(target, _dumps(nb))  # a half-written workbook never replaces a good one
        return JobResult(job.target, "written", digest, files={job.target: sha})
    except CasekitError as exc:
        return JobResult(job.target, "failed", error=exc.message())
    except Exception as exc:
        return JobResult(job.target, "failed", error=f"{type(exc).__name__}: {exc}")


def _dumps(nb: Any) -> str:
    from nbformat.v4.nbjson import writes

    return writes(nb) + "\n"


def _run_chunk(args: tuple[list[Job], str, list[dict[str, Any]]]) -> list[JobResult]:
    jobs, out, previous = args
    return [run_job(j, out, p.get("digest"), p.get("sha256")) for j, p in zip(jobs, previous)]


def git_revision() -> str | None:
    from .. import _paths

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
) -> PrepareResult:
    """Write the workbooks and the manifest. Returns counts of written, skipped and failed workbooks."""
    from .. import data

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    previous = read_manifest(manifest_path, "workbooks")
    jobs = plan(config, step)
    known = [previous.get(j.target, {}) for j in jobs]
    chunks = [(jobs[i : i + chunk], str(out), known[i : i + chunk]) for i in range(0, len(jobs), chunk)]
    results: list[JobResult] = []
    for (batch_jobs, _, _), batch in run_all(_run_chunk, chunks, executor=executor, workers=workers):
        if isinstance(batch, Exception):
            error = f"{type(batch).__name__}: {batch}"
            batch = [JobResult(j.target, "failed", error=error) for j in batch_jobs]
        results.extend(batch)
        if progress:
            progress(len(results), len(jobs))
    by_target = {r.target: r for r in results}
    entries = dict(previous)
    for job in jobs:
        res = by_target[job.target]
        if res.status == "failed":
            entries.pop(job.target, None)
            continue
        if res.status == "kept":
            entries[job.target] = {**entries.get(job.target, {}), "status": "kept"}
            continue
        sha = res.files.get(job.target) or previous.get(job.target, {}).get("sha256", "")
        entries[job.target] = {**asdict(job), "digest": res.digest, "status": res.status, "sha256": sha}
    manifest = {
        "cohort": {"id": config.id, "title": config.title, "language": config.language},
        "step": step,
        "casekit_version": __version__,
        "git_revision": git_revision(),
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dataset_checksums": data.checksums(),
        "workbooks": dict(sorted(entries.items())),
        "failed": {r.target: r.error for r in results if r.status == "failed"},
    }
    write_manifest(manifest_path, manifest)
    return PrepareResult(out, manifest_path, results)
