"""The assessment notebooks end to end: defaults without pre-filled answers, a real cohort store, and the
pre-filled answers landing in the store the notebook was given."""

from __future__ import annotations

import json

import pytest

from casekit import notebooks
from casekit.assessment.synthetic import fill_store
from casekit.store import SQLStore, normalise_url

pytestmark = pytest.mark.notebook


def _outputs(nb):
    return json.dumps([c.outputs for c in nb.cells if c.cell_type == "code"], ensure_ascii=False)


def test_prework_with_defaults_renders_and_asks_for_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_DATA_DIR", str(tmp_path / "data"))
    nb = notebooks.execute("3a-maturity", {}, language="en", cwd=tmp_path)
    text = _outputs(nb)
    assert "Fill in the questionnaire above" in text and "Strategy and governance" in text
    assert (tmp_path / "data" / "casekit.sqlite").is_file()  # the default store, in the data folder
    assert not (tmp_path / "casekit.sqlite").exists()  # never in the working directory


def test_prefilled_answers_reach_the_given_store(tmp_path):
    url = normalise_url(tmp_path / "cohort.sqlite")
    nb = notebooks.execute(
        "1a-capabilities",
        {"store_url": url, "respondent": "4228-r42", "prefill": "demo", "municipality": "4228"},
        language="nb",
        cwd=tmp_path,
    )
    assert "Plasseringen deres" in _outputs(nb)
    final = SQLStore(url).latest("4228-r42", "capabilities", status="final")
    assert final is not None and len(final.answers) == 20


def test_gathering_day_and_trainer_report_use_a_real_cohort_store(tmp_path):
    url = normalise_url(tmp_path / "agder.sqlite")
    fill_store(SQLStore(url), "agder")
    nb = notebooks.execute(
        "3b-maturity-benchmark", {"store_url": url, "municipality": "4204"}, language="en", cwd=tmp_path
    )
    text = _outputs(nb)
    # the store's answers, not the fallback cohort (the store's answers are themselves synthetic, and the
    # generation-gap view says so)
    assert "Answers from the response store" in text and "holds too few answers for a benchmark" not in text
    assert "of the answers are synthetic sample answers, not the leader group" in text
    assert "Kristiansand compared with its groups" in text
    report = notebooks.execute(
        "assessment-report", {"store_url": url, "cohort": ""}, language="nb", cwd=tmp_path
    )
    text = _outputs(report)
    assert "Svar fra svarlageret" in text and "Cronbachs alfa" in text and "EKSEMPELDATA" not in text
    html = notebooks.to_html(report, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "assessment.cohort_heatmap" not in html and "data:image/png" in html
