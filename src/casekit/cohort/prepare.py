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
overwritten without ``force``.
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
from ..errors import CasekitError, ConfigError, OutputError
from ..outputs import backup, output_folder
from .config import CohortConfig
from .paths import inside

MANIFEST = "manifest.json"
#: How many earlier versions casekit remembers having written to one workbook.
HISTORY = 20
#: Job outcomes: written (new or unchanged by anyone since casekit wrote it), skipped (up to date), kept
#: (edited by someone: left alone, new version beside it), replaced (edited, but ``force``: backed up
#: first) and failed.
STATUSES = ("written", "skipped", "kept", "replaced", "failed")


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
    status: str  # one of STATUSES
    digest: str = ""
    error: str = ""
    written: str | None = None  # sha256 of what casekit last wrote to the target
    beside: str = ""  # kept: where the new version went (relative to the output folder)
    beside_written: str | None = None
    backup: str = ""  # replaced: where the old file went


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

    @property
    def kept(self) -> list[JobResult]:
        """Workbooks someone edited: left as they were, the new version written beside them."""
        return [r for r in self.results if r.status == "kept"]

    @property
    def replaced(self) -> list[JobResult]:
        """Edited workbooks replaced because of ``force``, each with its backup."""
        return [r for r in self.results if r.status == "replaced"]

    manifest_backup: Path | None = None


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


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str | None:
    return _sha(path.read_bytes()) if path.is_file() else None


def beside_path(target: Path) -> Path:
    """``3a-maturity.ipynb`` → ``3a-maturity.new.ipynb``: where a new version goes when the workbook was
    edited."""
    return target.with_name(target.name.removesuffix(".ipynb") + ".new.ipynb")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # a half-written workbook never replaces a good one


def _render(job: Job) -> str:
    from .. import notebooks

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
    casekit wrote there, unless ``force`` (and then after a backup)."""
    target = Path(out) / job.target
    previous = previous or {}
    try:
        digest = job.digest()
        last = previous.get("written")
        ours = {h for h in [last, *previous.get("history", [])] if h}
        current = _file_sha(target)
        if current is not None and previous.get("digest") == digest:
            return JobResult(job.target, "skipped", digest, written=last)
        text = _render(job)
        new = _sha(text.encode("utf-8"))
        if current is None or current in ours:
            _write(target, text)
            return JobResult(job.target, "written", digest, written=new)
        if current == new:  # casekit would write exactly this: nothing to keep apart
            return JobResult(job.target, "skipped", digest, written=new)
        if force:
            moved = backup(target)
            _write(target, text)
            return JobResult(
                job.target, "replaced", digest, written=new, backup=str(moved.relative_to(Path(out)))
            )
        beside = beside_path(target)
        if _file_sha(beside) not in (None, previous.get("beside_written"), new):
            backup(beside)  # someone worked in the last new version too
        _write(beside, text)
        rel = str(beside.relative_to(Path(out)))
        return JobResult(job.target, "kept", digest, written=last, beside=rel, beside_written=new)
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
    force: bool = False,
) -> PrepareResult:
    """Write the workbooks and the manifest. Returns what happened to each workbook (see :data:`STATUSES`).

    Raises ConfigError when the cohort hands out nothing (no schedule, or no notebooks in ``step``), and
    OutputError when ``out`` cannot be used or holds a ``manifest.json`` casekit did not write (unless
    ``force``). Edited workbooks are kept; ``force`` replaces them after a backup.
    """
    from .. import data

    jobs = plan(config, step)
    if not jobs:
        if step is None:
            raise ConfigError("cohort.prepare.no_schedule", cohort=config.id)
        raise ConfigError("cohort.prepare.empty_step", step=step, cohort=config.id)
    out = output_folder(out)
    for job in jobs:
        inside(out, job.target)
    manifest_path = out / MANIFEST
    previous, manifest_backup = _read_manifest(manifest_path, force=force)
    known = [previous.get(j.target, {}) for j in jobs]
    chunks = [
        (jobs[i : i + chunk], str(out), known[i : i + chunk], force) for i in range(0, len(jobs), chunk)
    ]
    results = _run(chunks, len(jobs), executor, workers, progress)
    entries = _entries(previous, jobs, results)
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
    return PrepareResult(out, manifest_path, results, manifest_backup=manifest_backup)


def _run(
    chunks: list[tuple],
    total: int,
    executor: Executor | None,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[JobResult]:
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
                progress(len(results), total)
    finally:
        if own and executor is not None:
            executor.shutdown()
    return results


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
        history = [h for h in [before.get("written"), *before.get("history", [])] if h]
        history = [h for h in dict.fromkeys(history) if h != res.written][:HISTORY]
        entry = {**asdict(job), "digest": res.digest, "status": res.status, "written": res.written}
        entry["history"] = history
        if res.beside:
            entry.update(beside=res.beside, beside_written=res.beside_written)
        elif before.get("beside"):
            entry.update(beside=before["beside"], beside_written=before.get("beside_written"))
        entries[job.target] = entry
    return entries


def _read_manifest(path: Path, *, force: bool = False) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """The workbook entries of casekit's manifest, and where a damaged one was moved to.

    A file casekit did not write is refused (OutputError) unless ``force``, which moves it to a backup.
    casekit's own manifest that cannot be read any more is moved to a backup too; every workbook is then
    compared with what casekit would write, and one that differs is kept as someone's work.
    """
    if not path.exists():
        return {}, None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if '"casekit_version"' not in text and '"workbooks"' not in text:
        if not force:
            raise OutputError("cohort.prepare.foreign_manifest", path=str(path))
        return {}, backup(path)
    try:
        entries = json.loads(text).get("workbooks", {})
        if isinstance(entries, dict) and all(isinstance(v, dict) for v in entries.values()):
            return entries, None
    except (json.JSONDecodeError, AttributeError):
        pass
    return {}, backup(path)
