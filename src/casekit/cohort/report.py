"""``casekit cohort report``: run the trainer notebooks of a phase against the store and publish HTML.

The HTML has no code and embeds its images, so it works on a projector and as an e-mail attachment. All
participant free text is escaped by the functions the notebooks call, and groups smaller than
``min_group_size`` are suppressed there too.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from .. import notebooks, ui
from ..errors import ConfigError
from ..outputs import output_file, output_folder
from .cluster import retrying
from .config import CohortConfig
from .gathering import cohort_county
from .paths import check_step, inside

#: The trainer notebook that covers every gathering day (participation, benchmarks, radar, initiatives).
COHORT_REPORT = "cohort-report"
#: Markdown cells with this tag are notes for the trainer: kept in JupyterLab, left out of the projected
#: report and carried as speaker notes in the slides.
FACILITATION = "facilitation"


def is_facilitation(cell: Any) -> bool:
    return cell.get("cell_type") == "markdown" and FACILITATION in cell.get("metadata", {}).get("tags", [])


def without_facilitation(nb: Any) -> Any:
    """A copy of an executed notebook without the trainer's notes (for the screen)."""
    import copy

    shown = copy.deepcopy(nb)
    shown.cells = [c for c in shown.cells if not is_facilitation(c)]
    return shown


def report_notebooks(step: str) -> list[Any]:
    """Trainer notebooks for ``step``: those made for that step, then the general cohort report."""
    step = check_step(step)
    trainer = notebooks.catalogue("trainer")
    chosen = [i for i in trainer if i.step == step and i.id != COHORT_REPORT]
    chosen += [i for i in trainer if i.id == COHORT_REPORT]
    if not chosen:
        raise ConfigError("cohort.report.no_notebooks", step=step)
    return chosen


def report_parameters(config: CohortConfig, info: Any, step: str) -> dict[str, Any]:
    """The cohort's values for the parameters a trainer notebook declares. A report never falls back to
    sample data (``cohort=""``): an empty store shows as empty."""
    offered = {
        "county": cohort_county(config.municipalities),
        "cohort": "",
        "store_url": config.store_url,
        "language": config.shared_language,
        "min_group_size": config.min_group_size,
        "municipalities": list(config.municipalities),
        "title": config.title,
        "step": step,
    }
    return {k: v for k, v in offered.items() if k in info.parameters}


#: Marks the index page as casekit's, so a rerun may replace it (and nothing else's).
GENERATOR = '<meta name="generator" content="casekit">'


def _ours(path: Path) -> bool:
    try:
        return GENERATOR in path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False


def render_page(
    info_id: str,
    params: dict[str, Any],
    language: str,
    out: str,
    target: str,
    title: str,
    keep: bool = False,
) -> tuple[str, Any]:
    """Execute one trainer notebook and write its HTML page without the trainer's notes (one job; runs in
    a worker too). Returns the page's path, and the executed notebook when ``keep``."""
    executed = notebooks.execute(info_id, params, language=language, cwd=out)
    page = str(notebooks.to_html(without_facilitation(executed), target, title=title))
    return page, executed if keep else None


def report(
    config: CohortConfig,
    step: str,
    out: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    force: bool = False,
    executed: dict[str, Any] | None = None,
) -> list[Path]:
    """Execute the phase's trainer notebooks and write one HTML file per notebook, plus ``index.html``.

    ``step`` must be a step of the curriculum; every page stays inside ``out``. With an ``executor`` (a
    Dask cluster's) the notebooks run as parallel jobs, each retried when its kernel met a port clash.
    An ``index.html`` that casekit did not write is not replaced unless ``force`` (after a backup).
    ``executed``, when given, receives each executed notebook by id (the kit makes its slides from them).
    """
    infos = report_notebooks(step)
    step = check_step(step) or step
    out = output_folder(out)
    index = output_file(out / "index.html", force=force, ours=_ours)
    keep = executed is not None
    jobs = []
    for info in infos:
        target = inside(out, f"{step}-{info.id}.html")
        args = (
            info.id,
            report_parameters(config, info, step),
            config.shared_language,
            str(out),
            str(target),
            f"{config.title}: {info.title_in(config.shared_language)}",
            keep,
        )
        jobs.append((info, args))
    pages = []
    done: list[tuple[Any, tuple[str, Any]]] = []
    if executor is None:
        for info, args in jobs:
            if progress:
                progress(info.id)
            done.append((info, render_page(*args)))
    else:
        futures = [(info, executor.submit(retrying, render_page, *args)) for info, args in jobs]
        for info, future in futures:
            done.append((info, future.result()))
            if progress:
                progress(info.id)
    for info, (page, notebook) in done:
        pages.append(Path(page))
        if executed is not None:
            executed[info.id] = notebook
    items = "".join(f'<li><a href="{ui.escape(p.name)}">{ui.escape(p.stem)}</a></li>' for p in pages)
    index.write_text(
        f'<!DOCTYPE html><html lang="{config.shared_language}"><head><meta charset="utf-8">{GENERATOR}'
        f"<title>{ui.escape(config.title)}</title></head><body><h1>{ui.escape(config.title)}</h1>"
        f"<ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    return [index, *pages]
