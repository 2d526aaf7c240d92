"""Where casekit writes: checked output files and folders, and backups instead of silent overwrites.

Every command that writes asks here first, so a wrong ``--out`` gives one clear message that names the
path and the fix, never a traceback. Nothing is created outside what the user asked for: an output file
needs an existing folder, and an output folder is created only when its parent exists. A file that is
already there is replaced only on an explicit choice (``--force``), and then the old one is first moved to
a timestamped backup beside it.

    >>> target = output_file("radar.html", force=False)   # raises OutputError naming the problem
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import messages
from .errors import OutputError

#: errno → message key for an operating-system error met while writing.
_OS_REASONS = {
    errno.EACCES: "output.reason.permission",
    errno.EPERM: "output.reason.permission",
    errno.EROFS: "output.reason.read_only",
    errno.ENOENT: "output.reason.missing",
    errno.ENOTDIR: "output.reason.not_folder",
    errno.EISDIR: "output.reason.is_folder",
    errno.ENOSPC: "output.reason.full",
    errno.EEXIST: "output.reason.exists",
}


def _missing_ancestor(path: Path) -> Path:
    """The topmost folder of ``path`` that does not exist (what the user would have to create)."""
    missing = path
    for parent in path.parents:
        if parent.exists():
            break
        missing = parent
    return missing


def _check_folder_writable(folder: Path, path: Path) -> None:
    if not folder.is_dir():
        if folder.exists():
            raise OutputError("output.parent_not_folder", path=str(path), folder=str(folder))
        raise OutputError(
            "output.no_parent", path=str(path), folder=str(_missing_ancestor(folder.absolute()))
        )
    try:  # the only sure test (permission bits say nothing for root, sysfs, read-only mounts)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".casekit-probe-"):
            pass
    except OSError as exc:
        raise OutputError(
            "output.not_writable", path=str(path), reason=_reason(exc.errno, exc.strerror or "")
        ) from None


def output_file(
    path: str | Path,
    *,
    force: bool = False,
    ours: Callable[[Path], bool] | None = None,
    example: str = "",
) -> Path:
    """Check that ``path`` can be written as a file, and make way for it.

    Refuses a folder, a missing or unwritable parent folder, and an existing file, unless ``ours(path)``
    says casekit wrote it and nobody changed it since, or ``force`` is given: then the old file is moved
    to a backup first (:func:`backup`). ``example`` is a file name to suggest when ``path`` is a folder.
    Raises :class:`~casekit.errors.OutputError`.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError("output.is_folder", path=str(path), example=str(path / (example or "out")))
    _check_folder_writable(path.absolute().parent, path)
    if path.exists() or path.is_symlink():
        if ours is not None and ours(path):
            return path
        if not force:
            raise OutputError("output.exists", path=str(path))
        backup(path)
    return path


def output_folder(path: str | Path, *, default: str | Path | None = None) -> Path:
    """Check that ``path`` can be used as an output folder, creating it (and only it) when its parent
    exists. Raises :class:`~casekit.errors.OutputError` for a file, a missing parent or no permission.

    ``default`` is the command's own default place (``build/demo``): when ``path`` is that, casekit chose
    it, not the user, and its parent folders are created too."""
    path = Path(path)
    if default is not None and path == Path(default) and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(exc, path.parent) from None
    if path.exists() and not path.is_dir():
        raise OutputError("output.not_folder", path=str(path))
    if path.is_dir():
        _check_folder_writable(path, path)
        return path
    _check_folder_writable(path.absolute().parent, path)
    try:
        path.mkdir()
    except OSError as exc:
        raise write_error(exc, path) from None
    return path


def backup_name(path: Path, when: dt.datetime | None = None) -> Path:
    """``report.html`` → ``report.backup-20250301-101500.html`` (numbered when that exists too)."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "".join(path.suffixes[-1:])
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    candidate = path.with_name(f"{stem}.backup-{stamp}{suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}.backup-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def backup(path: str | Path) -> Path:
    """Move ``path`` aside to a timestamped backup in the same folder and return the backup's path."""
    path = Path(path)
    target = backup_name(path)
    try:
        os.replace(path, target)
    except OSError as exc:
        raise write_error(exc, path) from None
    return target


def _reason(code: int | None, fallback: str = "") -> _Reason:
    key = _OS_REASONS.get(code or -1)
    return _Reason(key, fallback)


class _Reason:
    """An operating-system reason, rendered in the reader's language when casekit knows it."""

    def __init__(self, key: str | None, fallback: str) -> None:
        self.key, self.fallback = key, fallback

    def render(self, language: str | None = None) -> str:
        if self.key is None:
            return self.fallback
        return str(messages.lookup(self.key, language))


def write_error(exc: OSError, path: str | Path | None = None) -> OutputError:
    """An :class:`~casekit.errors.OutputError` for an operating-system error met while writing ``path``."""
    if isinstance(exc, OutputError):
        return exc
    where = exc.filename if exc.filename is not None else path
    return OutputError(
        "output.not_writable", path=str(where or "?"), reason=_reason(exc.errno, exc.strerror or str(exc))
    )
