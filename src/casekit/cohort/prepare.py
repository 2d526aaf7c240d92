"""``casekit cohort prepare``: personal workbooks for every municipality and participant.

Jobs are independent and run on any ``concurrent.futures.Executor`` (a local process pool by default; a
Dask ``Client.get_executor()`` works unchanged). A rerun skips workbooks whose inputs have not changed; a
failing job never stops the others, and the summary says which failed and why. ``manifest.json`` records
cohort, notebook, parameters, casekit version, git revision and dataset checksums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import CasekitError
from .config import CohortConfig

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


@dataclass
class JobResult:
    target: str
    status: str  # written | skipped | failed
    digest: str = ""
    error: str = ""


@dataclass
class PrepareResult:
    out: Path
    manifest: Path
    results: list[JobResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]


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


def run_job(job: Job, out: str, known_digest: str | None = None) -> JobResult:
    """Write one workbook (in a worker process). Never raises: failures come back as results."""
    from .. import notebooks

    target = Path(out) / job.target
    try:
        digest = job.digest()
        if known_digest == digest and target.is_file():
            return JobResult(job.target, "skipped", digest)
        nb = notebooks.render(job.notebook, job.language, job.parameters, hide_code=job.hide_code)
        nb.metadata.setdefault("casekit", {})["workbook"] = {
            "municipality": job.municipality,
            "respondent": job.respondent,
            "role": job.role,
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".ipynb.tmp")
        tmp.write_text(_dumps(nb), encoding="utf-8")
        os.replace(tmp, target)  # a half-written workbook never replaces a good one
        return JobResult(job.target, "written", digest)
    except CasekitError as exc:
        return JobResult(job.target, "failed", error=exc.message())
    except Exception as exc:
        return JobResult(job.target, "failed", error=f"{type(exc).__name__}: {exc}")


def _dumps(nb: Any) -> str:
    from nbformat.v4.nbjson import writes

    return writes(nb) + "\n"


def _run_chunk(args: tuple[list[Job], str, list[str | None]]) -> list[JobResult]:
    jobs, out, digests = args
    return [run_job(j, out, d) for j, d in zip(jobs, digests)]


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
    previous = _read_manifest(manifest_path)
    jobs = plan(config, step)
    known = [previous.get(j.target, {}).get("digest") for j in jobs]
    chunks = [(jobs[i : i + chunk], str(out), known[i : i + chunk]) for i in range(0, len(jobs), chunk)]
    results: list[JobResult] = []
    own = executor is None
    if own and (workers or os.cpu_count() or 1) > 1 and len(chunks) > 1:
        executor = ProcessPoolExecutor(max_workers=workers or os.cpu_count())
    try:
        mapped: Iterable[list[JobResult]] = (
            executor.map(_run_chunk, chunks) if executor else map(_run_chunk, chunks)
        )
        for batch in mapped:
            results.extend(batch)
            if progress:
                progress(len(results), len(jobs))
    finally:
        if own and executor is not None:
            executor.shutdown()
    by_target = {r.target: r for r in results}
    entries = dict(previous)
    for job in jobs:
        res = by_target[job.target]
        if res.status == "failed":
            entries.pop(job.target, None)
            continue
        entries[job.target] = {**asdict(job), "digest": res.digest, "status": res.status}
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
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return PrepareResult(out, manifest_path, results)


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("workbooks", {})
    except (json.JSONDecodeError, AttributeError):
        return {}  # an unreadable manifest only means everything is written again
