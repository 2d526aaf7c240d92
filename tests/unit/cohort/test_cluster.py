"""prepare and report on a real Dask cluster (distributed.LocalCluster, one thread per worker)."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import cloudpickle
import pytest
import zmq

from casekit.apps.cli import main
from casekit.cohort.cluster import executor_for, is_port_clash, retrying
from casekit.cohort.config import parse_config
from casekit.cohort.prepare import prepare
from casekit.errors import ConfigError

distributed = pytest.importorskip("distributed")
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import test modules

pytestmark = pytest.mark.slow


def _config(tmp_path):
    return parse_config(f"""id: pilot
title: Pilot
language: "nb"
municipalities: ["4228", "4204", "5059"]
store_url: "sqlite:///{tmp_path}/s.sqlite"
participants:
  "4228": [{{id: sirdal-1}}, {{id: sirdal-2}}]
schedule:
  - {{step: 3a, date: 2025-03-01, notebooks: [3a-maturity, 00-start-here]}}
""")


@pytest.fixture(scope="module")
def cluster():
    with executor_for("local", workers=2) as executor:
        yield executor


def test_prepare_on_a_local_cluster_writes_the_same_workbooks(tmp_path, cluster):
    serial, on_cluster = tmp_path / "serial", tmp_path / "cluster"
    prepare(_config(tmp_path), serial, workers=1)
    with distributed.get_task_stream() as stream:
        result = prepare(_config(tmp_path), on_cluster, executor=cluster, chunk=2)
    assert result.count("written") == 8 and not result.failed
    ran = [t for t in stream.data if "_run_chunk" in t["key"]]
    assert len(ran) == 4  # every chunk ran as a task on the cluster's workers
    assert {t["worker"] for t in ran} <= set(cluster._client.scheduler_info()["workers"])
    for path in serial.rglob("*.ipynb"):
        assert path.read_bytes() == (on_cluster / path.relative_to(serial)).read_bytes()
    again = prepare(_config(tmp_path), on_cluster, executor=cluster)
    assert again.count("skipped") == 8


def _clash_once(counter: str, busy_port: int) -> str:
    """Bind a socket as a kernel does: the first time to a port that is taken, then to a free one."""
    path = Path(counter)
    attempt = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(attempt))
    context = zmq.Context.instance()
    sock = context.socket(zmq.ROUTER)
    try:
        if attempt == 1:
            sock.bind(f"tcp://127.0.0.1:{busy_port}")
        else:
            sock.bind_to_random_port("tcp://127.0.0.1")
    finally:
        sock.close(linger=0)
    return f"bound on attempt {attempt}"


def test_a_job_that_meets_a_port_clash_is_retried_on_the_cluster(tmp_path, cluster):
    context = zmq.Context.instance()
    taken = context.socket(zmq.ROUTER)
    port = taken.bind_to_random_port("tcp://127.0.0.1")
    try:
        counter = str(tmp_path / "attempts")
        assert cluster.submit(retrying, _clash_once, counter, port).result() == "bound on attempt 2"
        with pytest.raises(zmq.ZMQError) as caught:  # without the retry the clash is the job's end
            cluster.submit(_clash_once, str(tmp_path / "once"), port).result()
        assert caught.value.errno == errno.EADDRINUSE and is_port_clash(caught.value)
    finally:
        taken.close(linger=0)
    assert not is_port_clash(ValueError("a cell failed"))


def test_cli_prepare_with_a_local_cluster(tmp_path, capsys):
    cfg = tmp_path / "cohort.yaml"
    cfg.write_text(
        f'id: pilot\ntitle: Pilot\nmunicipalities: ["4228", "4204"]\nstore_url: "sqlite:///{tmp_path}/s.sqlite"\n'
        "schedule:\n  - {step: 3a, date: 2025-03-01, notebooks: [3a-maturity]}\n",
        encoding="utf-8",
    )
    argv = [
        "cohort",
        "prepare",
        str(cfg),
        "--out",
        str(tmp_path / "wb"),
        "--scheduler",
        "local",
        "--workers",
        "2",
    ]
    assert main(argv) == 0
    assert "2 skrevet" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_a_clear_message():
    with pytest.raises(ConfigError) as caught, executor_for("tcp://127.0.0.1:9"):
        pass
    assert "tcp://127.0.0.1:9" in caught.value.message("nb") and "--scheduler local" in caught.value.message(
        "nb"
    )


@pytest.mark.notebook
def test_report_on_a_local_cluster(tmp_path, cluster):
    from casekit import assessment
    from casekit.cohort.config import starter_config
    from casekit.cohort.report import report
    from casekit.store import open_store

    url = f"sqlite:///{tmp_path}/s.sqlite"
    config = parse_config(starter_config(county=42, year=2025).replace("sqlite:///casekit.sqlite", url))
    assessment.synthetic.fill_store(open_store(url), cohort="agder", instruments=("maturity",))
    pages = report(config, "3b", tmp_path / "out", executor=cluster)
    assert [p.name for p in pages] == ["index.html", "3b-assessment-report.html", "3b-cohort-report.html"]
    for page in pages[1:]:
        assert "data:image/png;base64" in page.read_text(encoding="utf-8")
