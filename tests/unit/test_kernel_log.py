"""Kernels' own chatter goes to a log file, so a trainer's terminal shows progress and the result."""

import pytest

from casekit.apps.cli.common import kernel_log
from casekit.notebooks.execute import execute


@pytest.mark.notebook
def test_kernel_warnings_go_to_the_log_not_the_terminal(tmp_path, capfd):
    log = tmp_path / "kernels.log"
    with kernel_log(log):
        execute("00-start-here", {"municipality": "4228"}, language="nb")
    captured = capfd.readouterr()
    assert "Kernel is running over TCP" not in captured.err + captured.out
    assert "Kernel is running over TCP without encryption" in log.read_text(encoding="utf-8")
    execute("00-start-here", {"municipality": "4228"}, language="nb")  # outside the block: as before
    assert "Kernel is running over TCP" in capfd.readouterr().err
