"""The wheel ships datasets/ and notebooks/, and environment.yml agrees with pyproject.toml."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[2]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"ortools": "ortools-python"}
PIP_ONLY = {"jupyterlab-language-pack-no-NO"}  # not on conda-forge; installed by pip in environment.yml
# pip extras that are packages of their own on conda-forge, with the same version
CONDA_EXTRAS = {"dask[distributed]": ["distributed"]}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].strip()


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    for extra in ("staffing", "architecture", "casebook", "app", "lab", "postgres", "cluster", "kit", "hub"):
        wanted.update({_name(r): r for r in extras[extra]})
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
        else:
            conda[_name(dep)] = dep
    assert "." in pip or "-e ." in pip, "environment.yml must install casekit itself"
    for name, requirement in wanted.items():
        if name in PIP_ONLY:
            assert name in pip, name
            continue
        conda_name = CONDA_NAMES.get(name, name).lower()
        assert conda_name in {k.lower() for k in conda}, f"{name} missing from environment.yml"
        spec = re.sub(r"^\[[^\]]*\]", "", requirement[len(name) :])  # conda has no pip extras
        assert conda[next(k for k in conda if k.lower() == conda_name)].endswith(spec), f"{name}: {spec}"
        for package in CONDA_EXTRAS.get(requirement.split(">")[0].split("=")[0], []):
            assert conda.get(package, "").endswith(spec), f"{package} for {requirement}"
    also = {p for r in wanted.values() for p in CONDA_EXTRAS.get(r.split(">")[0].split("=")[0], [])}
    extra = {k.lower() for k in conda} - {CONDA_NAMES.get(n, n).lower() for n in wanted} - {"python", "pip"}
    extra -= also
    assert not extra, f"environment.yml lists packages pyproject does not: {extra}"


@pytest.mark.slow
def test_wheel_ships_data_and_loads_a_dataset(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("casekit-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (target / "casekit" / "_data" / "datasets" / "datapackage.json").is_file()
    assert (target / "casekit" / "_data" / "notebooks" / "00-start-here.ipynb").is_file()
    reveal = target / "casekit" / "cohort" / "static" / "reveal.js"
    assert (reveal / "LICENSE").is_file() and (reveal / "dist" / "reveal.js").is_file()  # slides run offline
    assert (target / "casekit" / "cohort" / "templates" / "casekit_slides" / "index.html.j2").is_file()
    code = (
        "import casekit, casekit.data as d, casekit.notebooks as n;"
        "print(casekit.__file__); print(d.root());"
        "print(d.load('municipalities').query('kommunenummer == \"0301\"').name.item());"
        "print(n.get('00-start-here').path)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEKIT_")}
    env["PYTHONPATH"] = str(target)
    # The installed copy goes first on sys.path, ahead of the editable checkout.
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(target)!r}); " + code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    module_file, data_root, oslo, notebook = result.stdout.split("\n")[:4]
    assert module_file.startswith(str(target))
    assert data_root.startswith(str(target)) and oslo == "Oslo"
    assert notebook.startswith(str(target))
