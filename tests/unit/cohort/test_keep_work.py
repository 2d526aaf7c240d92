"""A rerun of ``cohort prepare`` never loses a participant's work, and ``cohort init``/``prepare`` never
overwrite a file casekit did not write."""

import json

import nbformat
import pytest

from casekit.apps.cli import main
from casekit.cohort import prepare as prepare_module
from casekit.cohort.config import parse_config
from casekit.cohort.prepare import prepare
from casekit.errors import OutputError

TARGET = "4228/4228-group/3a-maturity.ipynb"


def _config(tmp_path, language="nb", store="s"):
    return parse_config(f"""id: pilot
title: Pilot
language: "{language}"
municipalities: ["4228", "4204"]
store_url: "sqlite:///{tmp_path}/{store}.sqlite"
schedule:
  - {{step: 3a, date: 2025-03-01, notebooks: [3a-maturity]}}
""")


def _source(path):
    return "".join(c.source for c in nbformat.read(path, as_version=4).cells)


def _edit(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Våre egne notater fra ledermøtet"))
    nbformat.write(nb, path)
    return path.read_bytes()


@pytest.fixture
def edited(tmp_path):
    out = tmp_path / "wb"
    prepare(_config(tmp_path), out, workers=1)
    return out, _edit(out / TARGET)


@pytest.mark.parametrize(
    "change",
    ["language", "store_url", "manifest_deleted", "manifest_corrupt", "upgrade"],
)
def test_an_edited_workbook_survives_any_rerun(tmp_path, edited, monkeypatch, change):
    out, mine = edited
    config = _config(tmp_path)
    if change == "language":
        config = _config(tmp_path, language="en")
    elif change == "store_url":
        config = _config(tmp_path, store="other")
    elif change == "manifest_deleted":
        (out / "manifest.json").unlink()
    elif change == "manifest_corrupt":
        (out / "manifest.json").write_text('{"casekit_version": "0.1", "workbooks": {', encoding="utf-8")
    else:
        monkeypatch.setattr(prepare_module, "__version__", "99.0")
    result = prepare(config, out, workers=1)
    assert (out / TARGET).read_bytes() == mine  # the participant's notes are still there
    assert [r.target for r in result.kept] == [TARGET]
    beside = out / "4228/4228-group/3a-maturity.new.ipynb"
    assert result.kept[0].beside == str(beside.relative_to(out)) and beside.is_file()
    untouched = out / "4204/4204-group/3a-maturity.ipynb"
    assert "Våre egne notater" not in untouched.read_text(encoding="utf-8")
    if change == "manifest_corrupt":
        assert result.manifest_backup is not None and result.manifest_backup.is_file()
    # the next rerun still recognises the participant's file as theirs
    again = prepare(config, out, workers=1)
    assert (out / TARGET).read_bytes() == mine and not again.replaced


def test_an_unedited_workbook_follows_the_cohort_file(tmp_path):
    out = tmp_path / "wb"
    prepare(_config(tmp_path), out, workers=1)
    result = prepare(_config(tmp_path, language="en"), out, workers=1)
    assert result.count("written") == 2 and not result.kept
    assert 'language = "en"' in _source(out / TARGET)
    assert not list(out.rglob("*.new.ipynb"))


def test_force_replaces_an_edited_workbook_after_a_backup(tmp_path, edited):
    out, mine = edited
    result = prepare(_config(tmp_path, language="en"), out, workers=1, force=True)
    assert [r.target for r in result.replaced] == [TARGET]
    backup = out / result.replaced[0].backup
    assert backup.read_bytes() == mine and ".backup-" in backup.name
    assert 'language = "en"' in _source(out / TARGET)


def test_the_cli_lists_every_kept_workbook(tmp_path, edited, capsys):
    out, mine = edited
    cfg = tmp_path / "cohort.yaml"
    cfg.write_text(
        f'id: pilot\ntitle: Pilot\nlanguage: "en"\nmunicipalities: ["4228", "4204"]\n'
        f'store_url: "sqlite:///{tmp_path}/s.sqlite"\n'
        "schedule:\n  - {step: 3a, date: 2025-03-01, notebooks: [3a-maturity]}\n",
        encoding="utf-8",
    )
    assert main(["cohort", "prepare", str(cfg), "--out", str(out), "--workers", "1"]) == 0
    text = capsys.readouterr().out
    assert "1 arbeidsbok er endret av en deltaker" in text
    assert f"{TARGET} → 4228/4228-group/3a-maturity.new.ipynb" in text
    assert (out / TARGET).read_bytes() == mine


def test_a_foreign_manifest_is_never_overwritten(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    foreign = '{"name": "Min app", "start_url": "/"}\n'
    (out / "manifest.json").write_text(foreign, encoding="utf-8")
    with pytest.raises(OutputError, match="ikke skrevet av casekit"):
        prepare(_config(tmp_path), out, workers=1)
    assert (out / "manifest.json").read_text(encoding="utf-8") == foreign
    assert not (out / "4228").exists()
    prepare(_config(tmp_path), out, workers=1, force=True)
    backups = list(out.glob("manifest.backup-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == foreign
    assert "workbooks" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_cohort_init_never_replaces_an_edited_file(tmp_path, capsys):
    target = tmp_path / "cohort.yaml"
    assert main(["cohort", "init", "--county", "42", "--out", str(target)]) == 0
    assert main(["cohort", "init", "--county", "03", "--out", str(target)]) == 0  # unedited: may be redone
    assert '"0301"' in target.read_text(encoding="utf-8")
    edited = target.read_text(encoding="utf-8").replace("Kompetanseløftet", "Vårt eget kull")
    target.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["cohort", "init", "--county", "42", "--out", str(target)]) == 1
    assert "finnes allerede" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == edited
    other = tmp_path / "other.yaml"
    other.write_text("id: mine\n", encoding="utf-8")  # written by hand, without casekit's header
    assert main(["cohort", "init", "--county", "42", "--out", str(other)]) == 1
    assert main(["cohort", "init", "--county", "42", "--out", str(target), "--force"]) == 0
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob("cohort.backup-*.yaml")] == [edited]
