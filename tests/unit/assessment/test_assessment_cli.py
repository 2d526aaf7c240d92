"""``casekit assessment``: validate banks, fill a store with a sample cohort, export answers."""

from __future__ import annotations

import yaml

from casekit.apps.cli import main
from casekit.assessment.model import instruments_dir
from casekit.store import SQLStore


def test_validate_shipped_and_broken_banks(tmp_path, capsys):
    assert main(["--lang", "en", "assessment", "validate"]) == 0
    out = capsys.readouterr().out
    assert "maturity.yaml: valid item bank “maturity”" in out and "competence" in out
    raw = yaml.safe_load((instruments_dir() / "maturity.yaml").read_text(encoding="utf-8"))
    raw["dimensions"][0]["items"][2]["text"].pop("nb")
    broken = tmp_path / "mine.yaml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert main(["--lang", "en", "assessment", "validate", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "mine.yaml" in err and "ST3" in err and "text.nb" in err and "Traceback" not in err


def test_fill_store_and_export(tmp_path, capsys):
    url = tmp_path / "demo.sqlite"
    assert main(["assessment", "fill-store", "--store", str(url)]) == 0
    assert "syntetiske" in capsys.readouterr().out
    assert len(SQLStore(f"sqlite:///{url}").submissions("competence")) > 100
    out = tmp_path / "answers.csv"
    assert (
        main(["assessment", "export", "--store", str(url), "--instrument", "maturity", "--out", str(out)])
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("submission_id,respondent") and all(
        ",maturity," in line for line in lines[1:50]
    )
