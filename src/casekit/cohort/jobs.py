"""The machinery behind ``casekit cohort prepare`` and ``casekit cohort kit``: resumable jobs whose files
never replace someone's work.

* Jobs run on any ``concurrent.futures.Executor`` (a local process pool by default, or a Dask cluster: see
  :mod:`casekit.cohort.cluster`); a failing job never stops the others.
* A manifest records, for every job, the digest of its inputs, and for every file it wrote the SHA-256 of
  what casekit wrote there, with the earlier versions it wrote (``written``, ``history``). A rerun skips a
  job whose inputs have not changed and whose files are all there.
* A file is rewritten only when it is missing or still exactly something casekit wrote there. A file that
  differs from everything casekit wrote (someone's edits, or a file casekit never wrote) is left alone: the
  new version goes beside it as ``<name>.new.<ext>`` and the job is *kept*. ``force`` replaces such a file,
  but first moves it to a timestamped backup beside it (the job is *replaced*).
* Files are written to a temporary name first, so a half-written file never replaces a good one.
* A manifest casekit did not write is never overwritten without ``force`` (then it is backed up); casekit's
  own manifest that can no longer be read is backed up, and every file is then treated as someone's.
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

from ..errors import OutputError
from ..outputs import backup
from .paths import inside

#: What happened to a job or a file: written (new, or unchanged by anyone since casekit wrote it), skipped
#: (up to date), kept (edited by someone: left alone, the new version beside it), replaced (edited, but
#: ``force``: backed up first) and failed.
STATUSES = ("written", "skipped", "kept", "replaced", "failed")
#: How many earlier versions casekit remembers having written to one file.
HISTORY = 20


@dataclass
class Placed:
    """What happened to one output file (paths relative to the output folder)."""

    path: str
    status: str  # written, skipped, kept or replaced
    written: str | None = None  # SHA-256 of what casekit last wrote to ``path``
    beside: str = ""  # kept: where the new version went
    beside_written: str | None = None
    backup: str = ""  # replaced: where the old file went


@dataclass
class JobResult:
    target: str
    status: str  # one of STATUSES
    digest: str = ""
    error: str = ""
    files: list[Placed] = field(default_factory=list)

    @property
    def beside(self) -> str:
        """Where the new versions of the job's edited files went (one path for a one-file job)."""
        return ", ".join(p.beside for p in self.files if p.beside and p.status == "kept")

    @property
    def backup(self) -> str:
        """Where the job's replaced files went (one path for a one-file job)."""
        return ", ".join(p.backup for p in self.files if p.backup)

    def kept_files(self) -> list[tuple[str, str]]:
        """(edited file, new version beside it) for each file left alone."""
        return [(p.path, p.beside) for p in self.files if p.status == "kept"]

    def replaced_files(self) -> list[tuple[str, str]]:
        """(file, backup of the edited one) for each file replaced because of ``force``."""
        return [(p.path, p.backup) for p in self.files if p.status == "replaced"]


@dataclass
class PrepareResult:
    """The outcome of a run: every job's result, where the manifest is, and where a manifest that could not
    be used was moved to."""

    out: Path
    manifest: Path
    results: list[JobResult] = field(default_factory=list)
    manifest_backup: Path | None = None

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def kept(self) -> list[JobResult]:
        """Jobs with a file someone edited: left as it was, the new version written beside it."""
        return [r for r in self.results if r.status == "kept"]

    @property
    def replaced(self) -> list[JobResult]:
        """Jobs with edited files replaced because of ``force``, each with its backup."""
        return [r for r in self.results if r.status == "replaced"]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str | None:
    """The SHA-256 of the file at ``path``, or None when there is none."""
    path = Path(path)
    return sha256_bytes(path.read_bytes()) if path.is_file() else None


def beside_path(target: Path) -> Path:
    """``3a-maturity.ipynb`` → ``3a-maturity.new.ipynb``: where a new version goes when the file was
    edited."""
    suffix = target.suffix
    return target.with_name(target.name.removesuffix(suffix) + ".new" + suffix)


def write_atomic(target: Path, data: bytes | str) -> str:
    """Write ``data`` to ``target`` through a temporary file; returns the SHA-256 of the bytes written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, target)
    return sha256_bytes(raw)


def up_to_date(out: Path, files: Iterable[str], known_digest: str | None, digest: str) -> bool:
    """Whether a job need not run: its inputs are those of the last run and all its files are there."""
    return known_digest == digest and all((out / f).is_file() for f in files)


def unchanged(relative: str, record: dict[str, Any]) -> Placed:
    """A file of a job that was skipped: casekit's record of it stays as it was."""
    return Placed(relative, "skipped", record.get("written"))


def place(
    out: Path, relative: str, data: bytes | str, record: dict[str, Any], *, force: bool = False
) -> Placed:
    """Write ``data`` to ``out/relative`` unless that would replace someone's work.

    ``record`` is the file's manifest record from the last run (``written``, ``history``,
    ``beside_written``). The file is written when it is missing or still holds something casekit wrote
    there; when it differs, the new version goes beside it (``force``: the file is backed up, then
    replaced). A new version beside it that someone worked in is backed up before it is replaced.
    """
    target = inside(out, relative)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    new = sha256_bytes(raw)
    last = record.get("written")
    ours = {h for h in [last, *record.get("history", [])] if h}
    current = file_sha256(target)
    if current is None or current in ours:
        return Placed(relative, "written", write_atomic(target, raw))
    if current == new:  # casekit would write exactly this: nothing to keep apart
        return Placed(relative, "skipped", new)
    if force:
        moved = backup(target)
        write_atomic(target, raw)
        return Placed(relative, "replaced", new, backup=str(moved.relative_to(out)))
    beside = beside_path(target)
    if file_sha256(beside) not in (None, record.get("beside_written"), new):
        backup(beside)  # someone worked in the last new version too
    write_atomic(beside, raw)
    return Placed(relative, "kept", last, beside=str(beside.relative_to(out)), beside_written=new)


def status_of(files: list[Placed]) -> str:
    """A job's status from its files': replaced or kept when any file was, skipped when all were."""
    statuses = {p.status for p in files}
    for status in ("replaced", "kept"):
        if status in statuses:
            return status
    return "skipped" if statuses == {"skipped"} else "written"


def next_record(before: dict[str, Any], placed: Placed) -> dict[str, Any]:
    """A file's manifest record after a run: what casekit wrote there last, what it wrote before (up to
    :data:`HISTORY` versions), and where the last new version beside it went."""
    history = [h for h in [before.get("written"), *before.get("history", [])] if h]
    history = [h for h in dict.fromkeys(history) if h != placed.written][:HISTORY]
    record: dict[str, Any] = {"written": placed.written, "history": history}
    if placed.beside:
        record.update(beside=placed.beside, beside_written=placed.beside_written)
    elif before.get("beside"):
        record.update(beside=before["beside"], beside_written=before.get("beside_written"))
    return record


def read_manifest(
    path: Path, key: str, *, force: bool = False
) -> tuple[dict[str, dict[str, Any]], Path | None]:
    """The entries under ``key`` of casekit's manifest at ``path``, and where a damaged one was moved to.

    A file casekit did not write is refused (OutputError) unless ``force``, which moves it to a backup.
    casekit's own manifest that cannot be read any more is moved to a backup too; every file is then
    compared with what casekit would write, and one that differs is kept as someone's work.
    """
    if not path.exists():
        return {}, None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if '"casekit_version"' not in text and f'"{key}"' not in text:
        if not force:
            raise OutputError("cohort.prepare.foreign_manifest", path=str(path))
        return {}, backup(path)
    try:
        entries = json.loads(text).get(key, {})
        if isinstance(entries, dict) and all(isinstance(v, dict) for v in entries.values()):
            return entries, None
    except (json.JSONDecodeError, AttributeError):
        pass
    return {}, backup(path)


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
