"""Options and helpers several commands share: ``--force``, the kernel log."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ... import i18n, notebooks
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


def language_choices(*, auto: bool = False) -> str:
    """The languages a ``--language`` option takes, as help shows them: ``nb | en | nn`` (and ``auto``)."""
    return " | ".join([*i18n.available_languages(), *([notebooks.AUTO] if auto else [])])


def add_language(
    parser: argparse.ArgumentParser,
    default: str | None = "nb",
    *,
    auto: bool = False,
    key: str = "language_help",
) -> None:
    """A ``--language`` option whose help lists every switched-on language (and ``auto`` where the
    municipality's written standard may choose)."""
    text = i18n.t(f"cli.{key}", choices=language_choices(auto=auto), default=default)
    if auto:
        text += "; " + i18n.t("cli.language_auto")
    parser.add_argument("--language", default=default, help=text)
