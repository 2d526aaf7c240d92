"""Kernels' own chatter goes to a log file, so a trainer's terminal shows progress and the result."""

import pytest

from casekit.apps.cli.common import kernel_log
from casekit.notebooks.execute import execute

#: Every Python that starts with this setting writes one line to its stderr, so each kernel says something
#: of its own (what it says by itself differs between ipykernel versions).
PROBE = "ignore::CasekitKernelLogProbe"
LINE = "unknown warning category: 'CasekitKernelLogProbe'"


@pytest.mark.notebook
def test_kernel_warnings_go_to_the_log_not_the_terminal(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("PYTHONWARNINGS", PROBE)
    log = tmp_path / "kernels.log"
    with kernel_log(log):
        execute("00-start-here", {"municipality": "4228"}, language="nb")
    captured = capfd.readouterr()
    assert LINE not in captured.err + captured.out
    assert LINE in log.read_text(encoding="utf-8")
    execute("00-start-here", {"municipality": "4228"}, language="nb")  # outside the block: as before
    assert LINE in capfd.readouterr().err
