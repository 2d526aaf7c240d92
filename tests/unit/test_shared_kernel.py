"""One kernel for a run of notebooks (the demo's): each notebook starts from a cleared kernel in its own
working folder, sees nothing of the one before, and its outputs are those of a kernel of its own."""

from __future__ import annotations

import contextlib
import importlib
import json

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from casekit import notebooks
from casekit.notebooks.execute import _execute_shared

pytestmark = pytest.mark.notebook
execute_module = importlib.import_module("casekit.notebooks.execute")


def _notebook(*cells: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def _printed(nb: nbformat.NotebookNode) -> list[str]:
    return [o["text"].strip() for c in nb.cells for o in c.outputs if o.get("name") == "stdout"]


def test_each_notebook_starts_from_a_cleared_kernel_in_its_own_folder(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    with notebooks.shared_kernel():
        one = _notebook(
            "import os, ipywidgets, matplotlib.pyplot as plt\nsecret = 'from the first notebook'",
            "button = ipywidgets.Button(); plt.figure(); print(os.getpid(), os.getcwd())",
        )
        _execute_shared(one, str(first), timeout=60)
        two = _notebook(
            "import os, ipywidgets, matplotlib.pyplot as plt\n"
            "from ipywidgets.widgets.widget import _instances\n"
            "print(os.getpid(), os.getcwd())\n"
            "print('secret' in globals(), len(_instances), plt.get_fignums())"
        )
        _execute_shared(two, str(second), timeout=60)
    pid_one, folder_one = _printed(one)[0].split()
    pid_two_line, state = _printed(two)[0].splitlines()
    pid_two, folder_two = pid_two_line.split()
    assert pid_one == pid_two  # one kernel
    assert (folder_one, folder_two) == (str(first), str(second))
    assert state == "False 0 []"  # no variable, widget or chart of the first notebook


def test_a_catalogue_notebook_gives_the_same_page_in_a_shared_kernel(tmp_path):
    params = {"municipality": "4204"}
    alone = notebooks.execute("00-start-here", params, language="en")
    with notebooks.shared_kernel():
        notebooks.execute("1a-capabilities", {"municipality": "0301", "prefill": "demo"}, language="en")
        shared = notebooks.execute("00-start-here", params, language="en", output=tmp_path / "out.ipynb")

    def texts(nb):
        return [
            o.get("text") or o.get("data", {}).get("text/html")
            for c in nb.cells
            for o in c.get("outputs", [])
            if o.get("output_type") != "display_data" or "text/html" in o.get("data", {})
        ]

    assert texts(shared) == texts(alone)
    assert "Kristiansand" in json.dumps(texts(shared))
    assert "Oslo" not in json.dumps(texts(shared))  # nothing of the notebook before
    assert texts(nbformat.read(tmp_path / "out.ipynb", as_version=4)) == texts(shared)  # written as returned


def test_a_failing_cell_fails_the_run_and_the_next_notebook_still_runs(tmp_path):
    with notebooks.shared_kernel():
        with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
            _execute_shared(_notebook("1 / 0"), str(tmp_path), timeout=60)
        after = _notebook("print('still here')")
        _execute_shared(after, str(tmp_path), timeout=60)
    assert _printed(after) == ["still here"]


def _pid(nb: nbformat.NotebookNode) -> str:
    return _printed(nb)[-1]


def test_a_cell_without_an_answer_in_time_restarts_the_shared_kernel(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(execute_module, "STALL_S", 1)
    monkeypatch.delenv(execute_module.KERNEL_LOG, raising=False)
    with notebooks.shared_kernel():
        before = _notebook("import os; print(os.getpid())")
        assert _execute_shared(before, str(tmp_path), timeout=60)
        assert not _execute_shared(_notebook("import time; time.sleep(3)"), str(tmp_path), timeout=60)
        # the stall is logged with what the client found: the busy kernel's late reply, unread
        logged = capsys.readouterr().err
        assert "casekit: cell 0 gave no answer in 1 s;" in logged and "['execute_reply']" in logged
        after = _notebook("import os; print(os.getpid())")
        assert _execute_shared(after, str(tmp_path), timeout=60)
    assert _pid(before) != _pid(after)  # a new kernel process


def test_a_notebook_whose_cell_gave_no_answer_runs_again_in_a_kernel_of_its_own(monkeypatch):
    monkeypatch.setattr(execute_module, "STALL_S", 1)  # the first cell imports casekit: more than 1 s
    with notebooks.shared_kernel():
        nb = notebooks.execute("00-start-here", {"municipality": "4204"}, language="en")
    assert "papermill" in nb.metadata  # run again by papermill
    assert "Kristiansand" in json.dumps([c.get("outputs", []) for c in nb.cells])


@pytest.mark.parametrize("shared", [False, True])
def test_a_long_cell_is_waited_for_in_short_looks_and_its_notebook_runs_as_before(monkeypatch, shared):
    monkeypatch.setattr(execute_module, "LOOK_S", 0.2)
    from nbclient import NotebookClient
    from papermill.clientwrap import PapermillNotebookClient

    clients = [execute_module._watchful(PapermillNotebookClient), execute_module._watchful(NotebookClient)]
    before = [c.looks for c in clients]
    context = notebooks.shared_kernel() if shared else contextlib.nullcontext()
    with context:
        nb = notebooks.execute("00-start-here", {"municipality": "4204"}, language="en")
    assert "Kristiansand" in json.dumps([c.get("outputs", []) for c in nb.cells])
    assert sum(c.looks for c in clients) - sum(before) >= 2  # the first cell imports casekit: > 0.4 s
