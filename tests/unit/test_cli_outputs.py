"""Every command that writes gets a wrong ``--out`` as a trainer would give it: a folder, a missing parent,
a place nobody may write and a file that is already there. Each answers with a clear message in the
user's language and exit status 1, never a traceback, and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casekit.apps.cli import main

REPO = Path(__file__).resolve().parents[2]
RADAR = REPO / "datasets" / "radar" / "sample-radar-2025.csv"
#: Writing here fails even for root (sysfs refuses new files and folders).
UNWRITABLE_FILE = "/sys/casekit-out.csv"
UNWRITABLE_FOLDER = "/sys/casekit-out"


@pytest.fixture
def inputs(tmp_path):
    radar = tmp_path / "radar.csv"
    shutil.copy(RADAR, radar)
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(
        f'id: pilot\ntitle: Pilot\nmunicipalities: ["4228"]\nstore_url: "sqlite:///{tmp_path}/s.sqlite"\n'
        "schedule:\n  - {step: 1a, date: 2025-03-01, notebooks: [00-start-here]}\n",
        encoding="utf-8",
    )
    return {"radar": str(radar), "cohort": str(cohort), "store": str(tmp_path / "s.sqlite")}


#: Commands whose --out is a file, with a function that gives their arguments for an output path.
FILE_COMMANDS = {
    "cohort init": lambda i, out: ["cohort", "init", "--county", "42", "--out", out],
    "radar render": lambda i, out: ["radar", "render", i["radar"], "--format", "svg", "--out", out],
    "radar convert": lambda i, out: ["radar", "convert", i["radar"], "--to", "byor-csv", "--out", out],
    "assessment export": lambda i, out: ["assessment", "export", "--store", i["store"], "--out", out],
    "notebooks render": lambda i, out: ["notebooks", "render", "00-start-here", "--out", out],
    "notebooks run": lambda i, out: ["notebooks", "run", "00-start-here", "--html", out],
}
#: Commands whose --out is a folder.
FOLDER_COMMANDS = {
    "cohort prepare": lambda i, out: ["cohort", "prepare", i["cohort"], "--out", out, "--workers", "1"],
    "cohort report": lambda i, out: ["cohort", "report", i["cohort"], "--phase", "3b", "--out", out],
    "cohort export": lambda i, out: ["cohort", "export", i["cohort"], "--out", out],
    "casebook build": lambda i, out: ["casebook", "build", "--out", out],
    "demo": lambda i, out: ["demo", "--out", out],
    "app": lambda i, out: ["app", "--no-serve", "--out", out],
}


def _fails_clearly(capsys, argv, *needles):
    assert main(argv) == 1, argv
    captured = capsys.readouterr()
    assert captured.err.startswith("Feil:"), captured.err
    assert "Traceback" not in captured.err + captured.out
    for needle in needles:
        assert needle in captured.err, (needle, captured.err)
    return captured.err


@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_file_outputs_refuse_wrong_places(tmp_path, inputs, capsys, command):
    args = FILE_COMMANDS[command]
    folder = tmp_path / "a-folder"
    folder.mkdir()
    _fails_clearly(capsys, args(inputs, str(folder)), "er en mappe")
    missing = tmp_path / "missing" / "deeper" / "out.x"
    _fails_clearly(capsys, args(inputs, str(missing)), f"mappen {tmp_path / 'missing'} finnes ikke")
    assert not (tmp_path / "missing").exists()
    _fails_clearly(capsys, args(inputs, UNWRITABLE_FILE), UNWRITABLE_FILE, "skrivetilgang")
    existing = tmp_path / "existing.txt"
    existing.write_text("someone's file\n", encoding="utf-8")
    _fails_clearly(capsys, args(inputs, str(existing)), "finnes allerede", "--force")
    assert existing.read_text(encoding="utf-8") == "someone's file\n"


@pytest.mark.parametrize("command", sorted(FOLDER_COMMANDS))
def test_folder_outputs_refuse_wrong_places(tmp_path, inputs, capsys, command):
    args = FOLDER_COMMANDS[command]
    missing = tmp_path / "missing" / "out"
    _fails_clearly(capsys, args(inputs, str(missing)), f"mappen {tmp_path / 'missing'} finnes ikke")
    assert not (tmp_path / "missing").exists()
    _fails_clearly(capsys, args(inputs, UNWRITABLE_FOLDER), UNWRITABLE_FOLDER, "skrivetilgang")
    existing = tmp_path / "existing.txt"
    existing.write_text("someone's file\n", encoding="utf-8")
    _fails_clearly(capsys, args(inputs, str(existing)), "er en fil, ikke en mappe")
    assert existing.read_text(encoding="utf-8") == "someone's file\n"


def test_render_creates_nothing_at_the_filesystem_root(inputs, capsys):
    out = Path(f"/casekit-missing-{id(inputs)}") / "x.html"
    try:
        _fails_clearly(capsys, ["radar", "render", inputs["radar"], "--format", "html", "--out", str(out)])
        assert not out.parent.exists()
    finally:  # should it ever be created again, it does not stay at the root
        if out.parent.exists():
            shutil.rmtree(out.parent)


def test_force_keeps_a_backup(tmp_path, inputs, capsys):
    target = tmp_path / "radar.svg"
    target.write_text("<svg>mine</svg>", encoding="utf-8")
    argv = ["radar", "render", inputs["radar"], "--format", "svg", "--out", str(target), "--force"]
    assert main(argv) == 0
    backups = list(tmp_path.glob("radar.backup-*.svg"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ["<svg>mine</svg>"]
    assert target.read_text(encoding="utf-8") != "<svg>mine</svg>"


def test_an_output_folder_below_an_existing_one_is_created(tmp_path, inputs, capsys):
    out = tmp_path / "export"
    assert main(["cohort", "export", inputs["cohort"], "--out", str(out)]) == 0
    assert (out / "answers.csv").is_file()


def test_a_commands_own_default_folder_is_created_with_its_parents(tmp_path, monkeypatch):
    from casekit.outputs import output_folder

    monkeypatch.chdir(tmp_path)
    assert output_folder("build/demo", default="build/demo").is_dir()
    with pytest.raises(Exception, match="finnes ikke"):
        output_folder("other/demo", default="build/demo")  # the user's own path: only the last folder
