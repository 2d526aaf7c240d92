"""Options and helpers several commands share: ``--force``, the kernel log."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ... import i18n
from ...notebooks.execute import KERNEL_LOG


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help=i18n.t("cli.force_help"))


@contextlib.contextmanager
def kernel_log(path: str | Path) -> Iterator[Path]:
    """Kernels started inside the block (here and in worker processes) write their chatter to ``path``,
    so the terminal shows only progress and the result."""
    path = Path(path)
    saved = os.environ.get(KERNEL_LOG)
    os.environ[KERNEL_LOG] = str(path.resolve())
    try:
        yield path
    finally:
        if saved is None:
            os.environ.pop(KERNEL_LOG, None)
        else:
            os.environ[KERNEL_LOG] = saved
