"""Voilà's preheated kernels: the app notebook imports and waits before the parameters, and the visitor's
page address decides the municipality after them."""

from __future__ import annotations

import json
import os

import pytest
from ipywidgets.widgets.widget import _instances

from casekit import notebooks
from casekit.errors import ParameterError
from casekit.notebooks import preheat
from casekit.notebooks.execute import _engine
from casekit.notebooks.preheat import rehearse, visitor_parameters
from casekit.notebooks.render import used_modules

pytestmark = pytest.mark.notebook


def _tags(nb):
    return [c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code"]


def test_an_app_notebook_waits_for_the_visitor_between_imports_and_parameters():
    nb = notebooks.render("3a-maturity", "nb", {"respondent": "4228-r01"}, hide_code=True, preheat=True)
    tags = _tags(nb)
    assert tags[:4] == [["casekit-preheat"], ["parameters"], ["injected-parameters"], ["casekit-visitor"]]
    warm = next(c for c in nb.cells if "casekit-preheat" in c.metadata.get("tags", []))
    assert "'casekit.assessment'" in warm.source and "_preheat.wait('3a-maturity')" in warm.source
    # The rehearsal gets the parameter cells and the app's own cells, not the visitor's.
    assert "parameters=" in warm.source and "assessment.questionnaire(wb" in warm.source
    assert "visitor_parameters" not in warm.source.split("cells=")[1]
    assert all(c.metadata["jupyter"]["source_hidden"] for c in nb.cells if c.cell_type == "code")
    plain = notebooks.render("3a-maturity", "nb", {"respondent": "4228-r01"}, hide_code=True)
    assert ["casekit-preheat"] not in _tags(plain)


def test_used_modules_reads_the_notebooks_imports():
    nb = notebooks.render("3c-strategy-plan", "en")
    assert "casekit" in used_modules(nb) and "casekit.planning" in used_modules(nb)


def test_the_visitor_may_choose_municipality_and_respondent_but_nothing_else():
    got = visitor_parameters(
        "3a-maturity", "municipality=Kristiansand&respondent=4204-r07&store_url=x&prefill=demo"
    )
    assert got == {"municipality": "4204", "respondent": "4204-r07"}
    assert visitor_parameters("3a-maturity", "") == {}
    with pytest.raises(ParameterError, match="9999"):
        visitor_parameters("3a-maturity", "municipality=9999")


def test_the_query_string_reaches_the_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "municipality=4204")
    import papermill as pm

    target = notebooks.render_to_file("00-start-here", tmp_path / "start.ipynb", "en", preheat=True)
    nb = pm.execute_notebook(
        target,
        tmp_path / "out.ipynb",
        kernel_name="python3",
        cwd=tmp_path,
        progress_bar=False,
        execution_timeout=600,
        engine_name=_engine(),  # the one every casekit run uses (see casekit.notebooks.execute)
    )
    text = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "Kristiansand" in text and "Sirdal" not in text


def _rehearsal(notebook_id: str) -> tuple[list[str], list[str]]:
    """The parameter cells and the app's cells as the preheat cell hands them to the rehearsal."""
    nb = notebooks.render(notebook_id, "nb", {"respondent": "4228-r01"}, hide_code=True, preheat=True)
    tags = _tags(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    wanted = {"parameters", "injected-parameters"}
    parameters = [src for src, t in zip(code, tags, strict=True) if wanted & set(t)]
    visitor = tags.index(["casekit-visitor"])
    return parameters, code[visitor + 1 :]


@pytest.mark.parametrize("notebook_id", ["3a-maturity", "4a-radar-explore-vote"])
def test_a_rehearsal_runs_the_app_and_leaves_nothing_behind(notebook_id, tmp_path, monkeypatch, capsys):
    store = tmp_path / "answers.sqlite"
    monkeypatch.setenv("CASEKIT_STORE_URL", f"sqlite:///{store}")
    monkeypatch.chdir(tmp_path)
    before = set(_instances)
    parameters, cells = _rehearsal(notebook_id)
    assert rehearse(parameters, cells) is True
    assert set(_instances) == before  # every widget it made is closed
    assert os.getcwd() == str(tmp_path) and sorted(p.name for p in tmp_path.iterdir()) == []
    assert capsys.readouterr() == ("", "")  # its displays and printing went nowhere
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []


def test_a_rehearsal_that_fails_says_so_in_the_log_and_still_cleans_up(tmp_path, monkeypatch, capfd):
    monkeypatch.chdir(tmp_path)
    before = set(_instances)
    parameters, cells = _rehearsal("3a-maturity")
    assert rehearse(parameters, [*cells, "raise RuntimeError('no such thing')"]) is False
    assert "rehearsal stopped: RuntimeError('no such thing')" in capfd.readouterr().err
    assert set(_instances) == before
    assert os.getcwd() == str(tmp_path)


def test_a_rehearsal_starts_no_cell_after_its_budget(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(preheat, "REHEARSAL_BUDGET_S", 0.5)
    cells = ["import time; time.sleep(0.7)", "raise RuntimeError('this cell should not run')"]
    assert rehearse(["x = 1"], cells) is True
