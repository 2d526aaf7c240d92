"""``casekit cohort report``: run the trainer notebooks of a phase against the store and publish HTML.

The HTML has no code and embeds its images, so it works on a projector and as an e-mail attachment. All
participant free text is escaped by the functions the notebooks call, and groups smaller than
``min_group_size`` are suppressed there too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .config import CohortConfig

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
    from .. import notebooks

    trainer = notebooks.catalogue("trainer")
    chosen = [i for i in trainer if i.step == step and i.id != COHORT_REPORT]
    chosen += [i for i in trainer if i.id == COHORT_REPORT]
    if not chosen:
        raise ConfigError("cohort.report.no_notebooks", step=step)
    return chosen


def report_parameters(config: CohortConfig, info: Any, step: str) -> dict[str, Any]:
    """The cohort's values for the parameters a trainer notebook declares. A report never falls back to
    sample data (``cohort=""``): an empty store shows as empty."""
    from .gathering import cohort_county

    offered = {
        "county": cohort_county(config.municipalities),
        "cohort": "",
        "store_url": config.store_url,
        "language": config.language,
        "min_group_size": config.min_group_size,
        "municipalities": list(config.municipalities),
        "title": config.title,
        "step": step,
    }
    return {k: v for k, v in offered.items() if k in info.parameters}


def report(
    config: CohortConfig,
    step: str,
    out: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
    executed: dict[str, Any] | None = None,
) -> list[Path]:
    """Execute the phase's trainer notebooks and write one HTML file per notebook, plus ``index.html``.
    ``executed``, when given, receives each executed notebook by id (the kit makes its slides from them)."""
    from .. import notebooks, ui

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for info in report_notebooks(step):
        if progress:
            progress(info.id)
        params = report_parameters(config, info, step)
        result = notebooks.execute(info, params, language=config.language, cwd=out)
        if executed is not None:
            executed[info.id] = result
        target = notebooks.to_html(
            without_facilitation(result),
            out / f"{step}-{info.id}.html",
            title=f"{config.title}: {info.title_in(config.language)}",
        )
        pages.append(target)
    items = "".join(f'<li><a href="{ui.escape(p.name)}">{ui.escape(p.stem)}</a></li>' for p in pages)
    index = out / "index.html"
    index.write_text(
        f'<!DOCTYPE html><html lang="{config.language}"><head><meta charset="utf-8">'
        f"<title>{ui.escape(config.title)}</title></head><body><h1>{ui.escape(config.title)}</h1>"
        f"<ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    return [index, *pages]
