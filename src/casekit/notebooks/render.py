"""Notebook transformations as nbconvert preprocessor chains (the nbgrader pattern).

* :class:`InjectParameters` — papermill's parameter injection, after contract checks.
* :class:`LanguageFilter` — keep the markdown cells of one language (tags ``lang-nb``, ``lang-en``...).
* :class:`HideCode` — collapse code cells for participants (JupyterLab honours ``source_hidden``).
* :class:`StripWidgetViews` — drop live-widget outputs before a static HTML export.
* :class:`Preheat` — cells for Voilà's preheated kernels (see :mod:`casekit.notebooks.preheat`).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Dict, Unicode

from .. import i18n
from ..errors import NotebookError
from .catalogue import NotebookInfo, get
from .contract import check_parameters, resolve_language

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


PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})


class Preheat(Preprocessor):
    """Add the cells Voilà's preheated kernels need: import and wait before the parameters, apply the
    visitor's query string after them. Code is hidden like the rest."""

    enabled = Bool(False).tag(config=True)
    notebook_id = Unicode().tag(config=True)

    def preprocess(self, nb, resources):
        if not self.enabled:
            return nb, resources
        tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
        first = next(i for i, t in enumerate(tags) if "parameters" in t)
        last = max(i for i, t in enumerate(tags) if t & PARAMETER_TAGS)
        # The rehearsal runs the parameter cells and the cells after them (see casekit.notebooks.preheat).
        parameters = [nb.cells[i].source for i in range(first, last + 1) if tags[i] & PARAMETER_TAGS]
        rest = [c.source for c in nb.cells[last + 1 :] if c.cell_type == "code"]
        warm = (
            "from casekit.notebooks import preheat as _preheat\n\n"
            f"_preheat.warm(\n    {used_modules(nb)!r},\n    parameters={parameters!r},\n"
            f"    cells={rest!r},\n)\n_preheat.wait({self.notebook_id!r})"
        )
        visitor = f"globals().update(_preheat.visitor_parameters({json.dumps(self.notebook_id)}))"
        cells = list(nb.cells)
        cells.insert(last + 1, _code_cell(visitor, "casekit-visitor"))
        cells.insert(first, _code_cell(warm, "casekit-preheat"))
        nb.cells = cells
        return nb, resources


def _code_cell(source: str, tag: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [tag], "jupyter": {"source_hidden": True}})
    cell.id = tag
    return cell


def used_modules(nb: nbformat.NotebookNode) -> list[str]:
    """The casekit modules a notebook's code imports, in the order it imports them."""
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                if name.split(".")[0] == "casekit" and name not in found and _is_module(name):
                    found.append(name)
    return found


def _is_module(name: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def render(
    notebook: str | Path | NotebookInfo,
    language: str = "nb",
    parameters: dict[str, Any] | None = None,
    *,
    hide_code: bool = False,
    preheat: bool = False,
    neutral: str = "nb",
) -> nbformat.NotebookNode:
    """A notebook prepared for one participant: parameters injected, one language, code optionally hidden,
    and with ``preheat`` the cells Voilà's preheated kernels need.

    ``language="auto"`` renders the municipality's official written standard (``neutral`` for a
    municipality whose standard is neutral)."""
    from papermill.iorw import load_notebook_node  # adds the metadata papermill's injection expects

    info = get(notebook)
    nb = load_notebook_node(str(info.path))
    params = dict(parameters or {})
    municipality = params.get("municipality", info.parameters.get("municipality", {}).get("default"))
    language = resolve_language(language, municipality, neutral)
    if "language" in info.parameters:
        params.setdefault("language", language)
        if str(params["language"]).strip().lower() == "auto":
            params["language"] = language
    chain = [
        InjectParameters(parameters=params, notebook_id=info.id),
        LanguageFilter(language=language),
        HideCode(enabled=hide_code),
        Preheat(enabled=preheat, notebook_id=info.id),
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
    preheat: bool = False,
    neutral: str = "nb",
) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nb = render(notebook, language, parameters, hide_code=hide_code, preheat=preheat, neutral=neutral)
    nbformat.write(nb, target)
    return target
