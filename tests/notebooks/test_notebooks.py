"""Every notebook under notebooks/ executes headless in every language, with its contract honoured."""

from __future__ import annotations

import json
import subprocess

import nbformat
import pytest

from casekit import i18n, notebooks
from casekit.notebooks.render import cell_languages

CATALOGUE = notebooks.catalogue()
LANGUAGES = i18n.available_languages()
ROOT = notebooks.get("00-start-here").path.parent.parent


def _ids(info):
    return info.id


def test_every_ipynb_is_in_the_catalogue():
    files = {
        p.resolve() for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    }
    assert files == {i.path.resolve() for i in CATALOGUE}


@pytest.mark.parametrize("info", CATALOGUE, ids=_ids)
def test_committed_without_outputs_and_with_python3_kernel(info):
    raw = json.loads(info.path.read_text(encoding="utf-8"))
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, info.id


def test_git_holds_the_stripped_versions():
    listed = subprocess.run(["git", "ls-files", "-s", "notebooks"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0 or not listed.stdout.strip():
        pytest.skip("not a git checkout")
    for line in listed.stdout.splitlines():
        path = line.split("\t", 1)[1]
        if path.endswith(".ipynb"):
            blob = subprocess.run(
                ["git", "show", f":{path}"], cwd=ROOT, capture_output=True, text=True
            ).stdout
            for cell in json.loads(blob)["cells"]:
                if cell["cell_type"] == "code":
                    assert not cell.get("outputs") and cell.get("execution_count") is None, path


@pytest.mark.parametrize("info", CATALOGUE, ids=_ids)
def test_parameters_cell_matches_the_contract(info):
    nb = nbformat.read(info.path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code_cells[0].metadata.get("tags", []), "first code cell must be tagged parameters"
    assigned = notebooks.read_parameters_cell(nb)
    assert assigned == info.defaults(), f"{info.id}: cell {assigned} vs contract {info.defaults()}"
    assert notebooks.check_parameters(info, assigned) is not None
    for spec in info.parameters.values():
        assert spec["type"] in notebooks.PARAMETER_TYPES


@pytest.mark.parametrize("info", CATALOGUE, ids=_ids)
def test_every_markdown_cell_is_translated(info):
    """Every markdown cell has one language tag, and every language has as many cells as the others: each
    available language, and a language whose cells arrive before its catalogue (which makes it available)."""
    nb = nbformat.read(info.path, as_version=4)
    counts = {lang: 0 for lang in LANGUAGES}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            langs = cell_languages(cell)
            assert len(langs) == 1, f"{info.id}: markdown needs one language tag: {cell.source[:60]}"
            counts[langs[0]] = counts.get(langs[0], 0) + 1
    assert len(set(counts.values())) == 1, f"{info.id}: markdown cells per language {counts}"
    for lang in counts:
        assert info.title.get(lang) and info.goals.get(lang), f"{info.id}: title/goals missing in {lang}"
    goals = {lang: len(info.goals[lang]) for lang in counts}
    assert len(set(goals.values())) == 1, f"{info.id}: goals per language {goals}"


@pytest.mark.parametrize("info", CATALOGUE, ids=_ids)
def test_unknown_parameter_is_rejected_before_running(info):
    from casekit.errors import ParameterError

    with pytest.raises(ParameterError):
        notebooks.execute(info, {"no_such_parameter": 1})


@pytest.mark.notebook
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("info", CATALOGUE, ids=_ids)
def test_notebook_executes(info, language, tmp_path):
    params = dict(info.extra.get("test_parameters", {}))
    executed = notebooks.execute(info, params, language=language, output=tmp_path / "out.ipynb", cwd=tmp_path)
    errors = [
        o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    streams = "".join(
        o.get("text", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "stream" and o.get("name") == "stderr"
    )
    assert "Traceback" not in streams
    texts = json.dumps([c.outputs for c in executed.cells if c.cell_type == "code"])
    other = [lang for lang in LANGUAGES if lang != language]
    assert executed.metadata["casekit"]["rendered_language"] == language
    assert all(not any(lang in cell_languages(c) for lang in other) for c in executed.cells)
    assert texts  # something was shown
