"""Steps and paths of the trainer's pipeline: a step must be one of the curriculum's, and every file a
command writes stays inside the folder the trainer gave with ``--out``."""

from __future__ import annotations

from pathlib import Path

from .. import notebooks
from ..errors import ConfigError
from .config import STEP


def curriculum_steps(audience: str | None = None) -> list[str]:
    """The steps (``1a`` … ``4c``) the notebook catalogue has notebooks for, in order."""
    return sorted({info.step for info in notebooks.catalogue(audience) if info.module})


def check_step(step: str | None, *, audience: str | None = None) -> str | None:
    """``step`` normalised (``" 3A "`` → ``"3a"``) when the curriculum has it; None stays None. Raises a
    ConfigError naming the steps that exist."""
    if step is None:
        return None
    text = str(step).strip().lower()
    steps = curriculum_steps(audience)
    if not STEP.fullmatch(text) or text not in steps:
        raise ConfigError("cohort.step.unknown", value=step, choices=", ".join(steps))
    return text


def inside(out: str | Path, relative: str | Path) -> Path:
    """``out / relative``, refusing a path that would land outside ``out`` (``..``, an absolute path)."""
    base = Path(out).resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise ConfigError("cohort.step.outside", path=str(relative), out=str(out))
    return Path(out) / relative
