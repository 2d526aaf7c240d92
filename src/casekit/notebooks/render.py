"""Notebook transformations as nbconvert preprocessor chains (the nbgrader pattern).

* :class:`InjectParameters` — papermill's parameter injection, after contract checks.
* :class:`LanguageFilter` — keep the markdown cells of one language (tags ``lang-nb``, ``lang-en``...).
* :class:`HideCode` — collapse code cells for participants (JupyterLab honours ``source_hidden``).
* :class:`StripWidgetViews` — drop live-widget outputs before a static HTML export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Dict, Unicode

from ..errors import NotebookError
from .catalogue import NotebookInfo, get
from .contract import check_parameters

LANG_TAG_PREFIX = "lang-"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def cell_languages(cell: Any) -> list[str]:
    return [
        t[len(LANG_TAG_PREFIX) :]
        for t in cell.get("metadata", {}).get("tags", [])
        if t.startswith(LANG_TAG_PREFIX)
    ]


class LanguageFilter(Preprocessor):
    """Drop the markdown cells tagged for other languages; untagged cells stay."""

    language = Unicode("nb").tag(config=True)

    def preprocess(self, nb, resources):
        from .. import i18n

        code = i18n.check_language(self.language)
        kept, found = [], False
        for cell in nb.cells:
            langs = cell_languages(cell)
            if not langs or code in langs:
                kept.append(cell)
                found = found or bool(langs)
        if not found and any(cell_languages(c) for c in nb.cells):
            raise NotebookError("error.notebook.no_language_cells", lang=code)
        nb.cells = kept
        nb.metadata.setdefault("casekit", {})["rendered_language"] = code
        nb.metadata["language_info"] = {**nb.metadata.get("language_info", {}), "name": "python"}
        return nb, resources


class HideCode(Preprocessor):
    """Collapse every code cell's source (participants see widgets and outputs, not code)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if self.enabled and cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        return cell, resources


class InjectParameters(Preprocessor):
    """Check parameters against the notebook's contract, then inject them with papermill."""

    parameters = Dict().tag(config=True)
    notebook_id = Unicode().tag(config=True)

    def preprocess(self, nb, resources):
        from papermill.parameterize import parameterize_notebook

        if not self.parameters:
            return nb, resources
        values = check_parameters(self.notebook_id, self.parameters)
        nb = parameterize_notebook(nb, values, kernel_name="python3", language="python")
        for cell in nb.cells:  # a stable id keeps rendered workbooks byte-identical between runs
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        return nb, resources


class StripWidgetViews(Preprocessor):
    """Remove live-widget views (they need a kernel); static outputs such as charts and HTML stay."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if WIDGET_VIEW_MIME not in o.get("data", {})]
        return cell, resources


def render(
    notebook: str | Path | NotebookInfo,
    language: str = "nb",
    parameters: dict[str, Any] | None = None,
    *,
    hide_code: bool = False,
) -> nbformat.NotebookNode:
    """A notebook prepared for one participant: parameters injected, one language, code optionally hidden."""
    from papermill.iorw import load_notebook_node  # adds the metadata papermill's injection expects

    info = get(notebook)
    nb = load_notebook_node(str(info.path))
    params = dict(parameters or {})
    if "language" in info.parameters:
        params.setdefault("language", language)
    chain = [
        InjectParameters(parameters=params, notebook_id=info.id),
        LanguageFilter(language=language),
        HideCode(enabled=hide_code),
    ]
    resources: dict[str, Any] = {}
    for step in chain:
        nb, resources = step.preprocess(nb, resources)
    return nb


def render_to_file(
    notebook: str | Path | NotebookInfo,
    target: str | Path,
    language: str = "nb",
    parameters: dict[str, Any] | None = None,
    *,
    hide_code: bool = False,
) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(render(notebook, language, parameters, hide_code=hide_code), target)
    return target
