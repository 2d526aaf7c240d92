"""Steps come from the curriculum, participant ids cannot be folder names, and every file stays inside
``--out``; a cohort file's mistakes are told in the user's language."""

import pytest

from casekit.apps.cli import main
from casekit.cohort.config import parse_config
from casekit.cohort.paths import check_step, inside
from casekit.errors import ConfigError

BASE = """id: pilot
title: Pilot
language: "nb"
municipalities: ["4228"]
store_url: "sqlite:///{tmp}/s.sqlite"
"""


@pytest.fixture
def cohort_file(tmp_path):
    path = tmp_path / "cohort.yaml"
    path.write_text(
        BASE.format(tmp=tmp_path)
        + "schedule:\n  - {step: 1a, date: 2025-03-01, notebooks: [00-start-here]}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("phase", ["../../escaped", "9z", "5a", "3d"])
def test_report_refuses_a_step_outside_the_curriculum(tmp_path, cohort_file, capsys, phase):
    out = tmp_path / "deep"
    assert main(["cohort", "report", str(cohort_file), "--phase", phase, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"«{phase}» er ikke et steg i programmet" in err and "3b" in err and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "escaped").exists()


def test_prepare_and_links_refuse_an_unknown_step(tmp_path, cohort_file, capsys):
    assert main(["cohort", "prepare", str(cohort_file), "--out", str(tmp_path / "w"), "--step", "9z"]) == 1
    assert "«9z» er ikke et steg" in capsys.readouterr().err
    assert main(["cohort", "links", str(cohort_file), "--step", "../x"]) == 1


def test_steps_are_normalised_and_paths_stay_inside(tmp_path):
    assert check_step(" 3A ") == "3a" and check_step(None) is None
    assert inside(tmp_path, "3b-report.html") == tmp_path / "3b-report.html"
    with pytest.raises(ConfigError, match="utenfor"):
        inside(tmp_path / "out", "../../escaped-report.html")


@pytest.mark.parametrize("ident", [".", "..", "..."])
def test_a_participant_id_made_of_dots_is_refused(tmp_path, ident):
    text = BASE.format(tmp=tmp_path) + f'participants:\n  "4228": [{{id: "{ident}"}}]\n'
    with pytest.raises(ConfigError, match="bare av punktum") as caught:
        parse_config(text)
    assert "linje 7" in caught.value.message()


def test_a_cohort_without_a_schedule_says_why_nothing_was_prepared(tmp_path, capsys):
    path = tmp_path / "cohort.yaml"
    path.write_text(BASE.format(tmp=tmp_path), encoding="utf-8")
    assert main(["cohort", "prepare", str(path), "--out", str(tmp_path / "w")]) == 1
    err = capsys.readouterr().err
    assert "ingen «schedule» med notatbøker" in err and "0 skrevet" not in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.5", "heltall på minst 3, ikke 3.5"),
        ("true", "heltall på minst 3, ikke True"),
        ('"fem"', "ikke 'fem'"),
    ],
)
def test_min_group_size_mistakes_are_told_in_norwegian(tmp_path, value, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(BASE.format(tmp=tmp_path) + f"min_group_size: {value}\n")
    text = caught.value.message()
    assert expected in text and "min_group_size" in text
    assert "Input should" not in text and "er 1" not in text


def test_an_unknown_kind_of_mistake_is_never_pydantic_english(tmp_path):
    with pytest.raises(ConfigError) as caught:
        parse_config(BASE.format(tmp=tmp_path) + "schedule:\n  - {step: 1a, date: [1], notebooks: []}\n")
    assert "Input should" not in caught.value.message() and "dato" in caught.value.message()
