import json

import pandas as pd
import pytest

from casekit.apps.cli import main
from casekit.cohort.config import parse_config
from casekit.cohort.export import export
from casekit.cohort.status import status
from casekit.store import open_store


@pytest.fixture
def setup(tmp_path):
    url = f"sqlite:///{tmp_path}/s.sqlite"
    text = f"""id: pilot
title: Pilot
language: "nb"
municipalities: ["4228", "4204"]
store_url: "{url}"
min_group_size: 3
schedule:
  - {{step: 1a, date: 2025-03-01, notebooks: [00-start-here]}}
"""
    (tmp_path / "cohort.yaml").write_text(text, encoding="utf-8")
    store = open_store(url)
    for i in range(4):
        store.save(
            f"4204-r{i}",
            "maturity",
            {"q": i, "note": "<b>hei</b>"},
            municipality="4204",
            status="final" if i < 3 else "draft",
        )
    store.save("4228-r1", "maturity", {"q": 5}, municipality="4228", status="final")
    store.save("9999-x", "maturity", {"q": 1}, municipality="0301", status="final")  # another cohort
    return tmp_path, parse_config(text)


def test_status_counts_and_hides_small_groups(setup):
    _, config = setup
    rows = {r["municipality"]: r for r in status(config)}
    assert rows["4204"]["started"] == 4 and rows["4204"]["submitted"] == 3
    assert "4204-r0✓" in rows["4204"]["who"] and "4204-r3" in rows["4204"]["who"]
    assert rows["4228"]["started"] == 1 and rows["4228"]["who"] == ""  # below min_group_size: counts only


def test_export_writes_tidy_csv_and_dictionary(setup):
    tmp_path, config = setup
    paths = export(config, tmp_path / "export")
    answers = pd.read_csv(paths["answers"], dtype=str)
    assert set(answers["municipality"]) == {"4228", "4204"}  # other cohorts' answers stay out
    assert len(answers) == 3 * 2 + 1
    assert json.loads(answers.loc[answers["item"] == "note", "value"].iloc[0]) == "<b>hei</b>"
    text = paths["dictionary"].read_text(encoding="utf-8")
    assert "submission_id" in text and "maturity" in text
    with_drafts = pd.read_csv(export(config, tmp_path / "all", include_drafts=True)["answers"], dtype=str)
    assert len(with_drafts) == 4 * 2 + 1


def test_cli_prepare_status_export_links(setup, capsys):
    tmp_path, _ = setup
    cfg = str(tmp_path / "cohort.yaml")
    assert main(["cohort", "prepare", cfg, "--out", str(tmp_path / "wb"), "--workers", "1"]) == 0
    assert "2 skrevet" in capsys.readouterr().out
    assert main(["cohort", "status", cfg]) == 0
    assert "4204" in capsys.readouterr().out
    assert main(["cohort", "export", cfg, "--out", str(tmp_path / "ex")]) == 0
    assert (tmp_path / "ex" / "answers.csv").is_file()
    assert main(["cohort", "links", cfg]) == 1
    assert "hub" in capsys.readouterr().err


def test_cli_init(tmp_path, capsys):
    assert main(["cohort", "init", "--network", "Digi Agder"]) == 0
    assert '"4228"  # Sirdal' in capsys.readouterr().out
    target = tmp_path / "c.yaml"
    assert main(["cohort", "init", "--county", "03", "--out", str(target)]) == 0
    assert '"0301"' in target.read_text(encoding="utf-8")
    assert main(["cohort", "init", "--county", "99"]) == 1
