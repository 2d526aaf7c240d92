"""The notebook catalogue, read from each notebook's ``metadata.casekit`` block."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import _paths
from ..errors import NotebookError

#: Programme phases: a = pre-work (forarbeid), b = gathering day (samling), c = follow-up (etterarbeid).
PHASES = ("a", "b", "c")
AUDIENCES = ("participant", "trainer")
REQUIRED_KEYS = ("id", "audience", "module", "phase", "title", "duration", "goals", "parameters")
#: The tracks through the programme. ``leaders`` is the leader groups' main track; module 4 runs three
#: technology tracks for them (the trainer picks one or two per gathering day); ``politicians`` is the
#: short track for elected politicians and middle managers (the spring-2024 version of the programme).
TRACKS = ("leaders", "radar", "ai-staffing", "it-architecture", "politicians")
#: Module 4's technology tracks, found from the notebook id when ``metadata.casekit.track`` is not set
#: (``4b-ai-staffing-demand`` belongs to ``ai-staffing``).
TECHNOLOGY_TRACKS = ("radar", "ai-staffing", "it-architecture")


@dataclass(frozen=True)
class NotebookInfo:
    id: str
    path: Path
    audience: str
    module: int
    phase: str
    title: dict[str, str]
    duration: int
    goals: dict[str, list[str]]
    parameters: dict[str, dict[str, Any]]
    cases: tuple[str, ...] = ()
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def relpath(self) -> str:
        return self.path.relative_to(_paths.notebooks_dir()).as_posix()

    @property
    def track(self) -> str:
        """The track this notebook belongs to (see :data:`TRACKS`)."""
        return track_of(self.id, self.module, self.extra.get("track"))

    @property
    def step(self) -> str:
        """``3b`` for module 3's gathering day; ``0`` for the introduction."""
        return f"{self.module}{self.phase}" if self.module else "0"

    def title_in(self, language: str | None = None) -> str:
        from .. import i18n

        return i18n.text(self.title, language)

    def defaults(self) -> dict[str, Any]:
        return {name: spec.get("default") for name, spec in self.parameters.items()}


def track_of(notebook_id: str, module: int, declared: str | None = None) -> str:
    """A notebook's track: the declared one, else module 4's technology track from the id, else
    ``leaders``."""
    if declared:
        return declared
    if module == 4:
        slug = notebook_id.split("-", 1)[-1]
        for name in TECHNOLOGY_TRACKS:
            if slug.startswith(name):
                return name
    return "leaders"


def _info(path: Path) -> NotebookInfo:
    with path.open(encoding="utf-8") as fh:
        meta = json.load(fh).get("metadata", {}).get("casekit")
    if not isinstance(meta, dict):
        raise NotebookError("error.notebook.no_metadata", path=str(path))
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise NotebookError("error.notebook.metadata_missing", path=str(path), keys=", ".join(missing))
    if meta["audience"] not in AUDIENCES or (meta["phase"] not in PHASES and meta["module"] != 0):
        raise NotebookError(
            "error.notebook.metadata_invalid",
            path=str(path),
            field="audience/phase",
            value=f"{meta['audience']}/{meta['phase']}",
        )
    if "track" in meta and meta["track"] not in TRACKS:
        raise NotebookError(
            "error.notebook.metadata_invalid", path=str(path), field="track", value=str(meta["track"])
        )
    known = set(REQUIRED_KEYS) | {"cases", "order"}
    return NotebookInfo(
        id=meta["id"],
        path=path,
        audience=meta["audience"],
        module=int(meta["module"]),
        phase=meta["phase"],
        title=meta["title"],
        duration=int(meta["duration"]),
        goals=meta["goals"],
        parameters=meta["parameters"],
        cases=tuple(meta.get("cases", ())),
        order=int(meta.get("order", 0)),
        extra={k: v for k, v in meta.items() if k not in known},
    )


@lru_cache(maxsize=4)
def _catalogue_cached(
    root: str, stamp: tuple[tuple[str, float], ...]
) -> tuple[tuple[NotebookInfo, ...], dict[str, NotebookInfo]]:
    """The notebooks in curriculum order, and by id."""
    infos = [_info(Path(root) / rel) for rel, _ in stamp]
    ids = [i.id for i in infos]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise NotebookError("error.notebook.duplicate_id", ids=", ".join(dupes))
    ordered = sorted(infos, key=lambda i: (i.audience != "participant", i.module, i.phase, i.order, i.id))
    return tuple(ordered), {i.id: i for i in ordered}


def _current() -> tuple[tuple[NotebookInfo, ...], dict[str, NotebookInfo]]:
    root = _paths.notebooks_dir()
    files = sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    stamp = tuple((p.relative_to(root).as_posix(), p.stat().st_mtime) for p in files)
    return _catalogue_cached(str(root), stamp)


def catalogue(audience: str | None = None) -> list[NotebookInfo]:
    """All notebooks in curriculum order (participants first, then trainers)."""
    return [i for i in _current()[0] if audience is None or i.audience == audience]


def get(key: str | Path | NotebookInfo) -> NotebookInfo:
    """A notebook by id (``00-start-here``), step (``3a`` when only one notebook has it) or path."""
    if isinstance(key, NotebookInfo):
        return key
    infos, by_id = _current()
    text = str(key)
    if text in by_id:  # the common case, and the cheap one (prepare asks thousands of times)
        return by_id[text]
    for info in infos:
        if text in (info.id, info.relpath, str(info.path)) or Path(text).resolve() == info.path.resolve():
            return info
    by_step = [i for i in infos if i.step == text]
    if len(by_step) == 1:
        return by_step[0]
    from difflib import get_close_matches

    close = get_close_matches(text, [i.id for i in infos], n=3, cutoff=0.5)
    raise NotebookError("error.notebook.unknown", name=text, suggestions=", ".join(close) or "-")


def curriculum(language: str | None = None) -> list[dict[str, Any]]:
    """The participant curriculum as rows: module, phase, track, title, duration, id."""
    from .. import i18n

    rows = []
    for info in catalogue("participant"):
        rows.append(
            {
                "module": info.module,
                "module_name": i18n.t(f"programme.module_by_number.{info.module}", language=language),
                "phase": info.phase,
                "phase_name": i18n.t(f"programme.phase.{info.phase}", language=language)
                if info.module
                else "",
                "track": info.track,
                "track_name": i18n.t(f"programme.track.{info.track}", language=language),
                "title": info.title_in(language),
                "duration": info.duration,
                "id": info.id,
            }
        )
    return rows
