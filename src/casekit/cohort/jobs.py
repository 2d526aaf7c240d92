"""The machinery behind ``casekit cohort prepare`` and ``casekit cohort kit``: resumable jobs with a manifest.

* Jobs run on any ``concurrent.futures.Executor`` (a local process pool by default; a Dask
  ``Client.get_executor()`` works unchanged); a failing job never stops the others.
* The manifest records, for every output file, the digest of its inputs and the SHA-256 of what was written.
  A rerun skips an output whose inputs have not changed, and never overwrites a file that was changed after it
  was written (a trainer's edits): that output is *kept* and the summary says so. Moving or deleting the
  edited file is the explicit choice that lets the next run write it again.
* Files are written to a temporary name first, so a half-written file never replaces a good one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: What happened to one job: written, skipped (up to date), kept (an output was edited) or failed.
STATUSES = ("written", "skipped", "kept", "failed")


@dataclass
class JobResult:
    target: str
    status: str  # one of STATUSES
    digest: str = ""
    error: str = ""
    files: dict[str, str] = field(default_factory=dict)  # relative path -> SHA-256 of what was written


@dataclass
class PrepareResult:
    """The outcome of a run: every job's result and where the manifest is."""

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
        return [r for r in self.results if r.status == "kept"]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def edited(out: Path, recorded: dict[str, str]) -> list[str]:
    """The recorded files that exist but no longer hold what was written (someone changed them)."""
    changed = []
    for relative, digest in recorded.items():
        path = out / relative
        if digest and path.is_file() and file_sha256(path) != digest:
            changed.append(relative)
    return changed


def write_atomic(target: Path, data: bytes | str) -> str:
    """Write ``data`` to ``target`` through a temporary file; returns the SHA-256 of the bytes written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, target)
    return sha256_bytes(raw)


def inside(out: Path, relative: str) -> Path:
    """``out / relative``, refusing any path that would land outside ``out``."""
    base = out.resolve()
    path = (base / relative).resolve()
    if path != base and base not in path.parents:
        raise ValueError(f"{relative!r} is outside {base}")
    return path


def read_manifest(path: Path, key: str) -> dict[str, dict[str, Any]]:
    """The entries under ``key`` of a manifest (an unreadable manifest means everything is built again)."""
    if not path.is_file():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get(key, {})
    except (json.JSONDecodeError, AttributeError, UnicodeDecodeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")


def run_all(
    func: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
) -> Iterator[tuple[Any, Any]]:
    """Run ``func`` on every item and yield ``(item, result)`` as each finishes.

    With no ``executor``, a process pool of ``workers`` (default: all cores) is used when there is more than
    one item and more than one core, and the items run in this process otherwise. Every item is submitted
    before the first result is yielded. ``func`` should not raise (return failures as results); if it does,
    the exception is yielded in place of the result, so one failure never stops the others.
    """
    items = list(items)
    own = executor is None
    if own and (workers or os.cpu_count() or 1) > 1 and len(items) > 1:
        executor = ProcessPoolExecutor(max_workers=min(workers or os.cpu_count() or 1, len(items)))
    try:
        if executor is None:
            for item in items:
                try:
                    yield item, func(item)
                except Exception as exc:  # pragma: no cover - func returns failures itself
                    yield item, exc
            return
        futures: dict[Future[Any], Any] = {executor.submit(func, item): item for item in items}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except Exception as exc:  # a worker that died, or a result that could not be sent back
                yield futures[future], exc
    finally:
        if own and executor is not None:
            executor.shutdown()
