import pytest

from casekit import __version__
from casekit.apps.cli import main


def test_datasets_list_and_describe(capsys):
    assert main(["datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "municipalities" in out and "reelle data" in out
    assert main(["--lang", "en", "datasets", "describe", "municipalities"]) == 0
    assert "07459" in capsys.readouterr().out


def test_datasets_validate_ok(capsys):
    assert main(["datasets", "validate"]) == 0
    assert "municipalities: gyldig" in capsys.readouterr().out


def test_datasets_validate_reports_broken_file(tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    (tmp_path / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {
                        "name": "t",
                        "path": "t.csv",
                        "provenance": {"kind": "real", "source": "x", "date": "2024"},
                        "schema": {"fields": [{"name": "n", "type": "integer"}]},
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "t.csv").write_text("n\n1\nto\n", encoding="utf-8")
    assert main(["datasets", "validate"]) == 1
    out = capsys.readouterr().out
    assert "UGYLDIG" in out and "rad 3" in out and "«to»" in out


def test_datasets_build_check(tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.setenv("CASEKIT_DATASETS_DIR", str(tmp_path))
    (tmp_path / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {
                        "name": "demo",
                        "path": "demo.csv",
                        "provenance": {
                            "kind": "synthetic",
                            "generator": "casekit.data:_example_generator",
                            "seed": 1,
                        },
                        "schema": {
                            "fields": [{"name": "i", "type": "integer"}, {"name": "x", "type": "number"}]
                        },
                    }
                ]
            }
        )
    )
    assert main(["datasets", "build", "--check"]) == 1
    assert main(["datasets", "build"]) == 0
    assert main(["datasets", "build", "--check"]) == 0
    assert "identisk" in capsys.readouterr().out


def test_unknown_dataset_is_a_plain_message(capsys):
    assert main(["datasets", "describe", "kommuner"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Feil:") and "Traceback" not in err


def test_notebooks_list_shows_parameters(capsys):
    assert main(["--lang", "en", "notebooks", "list"]) == 0
    out = capsys.readouterr().out
    assert "Start here" in out and "municipality: municipality='4228'" in out and "Duration" in out


def test_notebooks_render(tmp_path, capsys):
    target = tmp_path / "r.ipynb"
    assert (
        main(
            [
                "notebooks",
                "render",
                "00-start-here",
                "--language",
                "en",
                "-p",
                "municipality='0301'",
                "--out",
                str(target),
                "--hide-code",
            ]
        )
        == 0
    )
    assert target.is_file()
    assert (
        main(["notebooks", "render", "00-start-here", "-p", "municipality=0301", "--out", str(target)]) == 1
    )
    assert "anførselstegn" in capsys.readouterr().err
    assert main(["notebooks", "render", "00-start-here", "-p", "nonsense", "--out", str(target)]) == 1
    assert "skriv navn=verdi" in capsys.readouterr().err  # in Norwegian, like the rest of the message


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_app_renders_every_participant_notebook(tmp_path, capsys):
    import nbformat

    from casekit import notebooks

    assert (
        main(["app", "--language", "en", "--out", str(tmp_path), "--no-serve", "-p", "municipality='5059'"])
        == 0
    )
    written = sorted(p.stem for p in (tmp_path / "en").glob("*.ipynb"))
    assert written == sorted(i.id for i in notebooks.catalogue("participant"))
    nb = nbformat.read(tmp_path / "en" / "00-start-here.ipynb", as_version=4)
    assert nb.metadata["casekit"]["rendered_language"] == "en"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in nb.cells if c.cell_type == "code")


def test_voila_command_hides_code():
    from casekit.apps.app import voila_command

    command = voila_command("build/app/nb", 9000)
    assert "--strip_sources=True" in command and "--port=9000" in command
    assert not any(a.startswith("--preheat_kernel") for a in command)
    pooled = voila_command("build/app/nb", 9000, pool_size=2)
    assert "--preheat_kernel=True" in pooled and "--pool_size=2" in pooled
    assert "--VoilaKernelManager.fill_delay=5.0" in pooled  # the refill waits until the visitor's page is up


def test_usage_errors_exit_2_in_the_users_language(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["cohort", "prepare"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "bruk: casekit cohort prepare" in err and "feil: disse argumentene mangler: config, --out" in err
    with pytest.raises(SystemExit):
        main(["--lang=en", "radar", "render", "x.csv", "--format", "gif"])
    assert "invalid choice: 'gif'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["radar", "render", "x.csv", "--format", "gif"])
    assert "ugyldig valg: 'gif' (velg blant" in capsys.readouterr().err


def test_help_is_translated_and_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "vis denne hjelpeteksten og avslutt" in out and "valg:" in out
    assert "Avslutningskoder: 0 i orden · 1 ugyldig inndata" in out and "· 2 feil bruk" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "Exit codes: 0 ok · 1 invalid input" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["casebook", "build"], "nb | en | nn"),
        (["casebook", "list"], "nb | en | nn"),
        (["notebooks", "render"], "nb | en | nn | auto"),
        (["notebooks", "run"], "nb | en | nn | auto"),
        (["cohort", "init"], "nb | en | nn | auto"),
        (["cohort", "kit"], "nb | en | nn"),
        (["app"], "nb | en | nn | auto"),
        (["radar", "render"], "nb | en | nn"),
    ],
)
def test_help_lists_every_language(command, expected, capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", *command, "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps help lines
    assert expected in out, out
    if expected.endswith("auto"):
        assert "official written standard" in out


def test_top_level_help_lists_nynorsk_and_speaks_it(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "nn", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "nb | en | nn" in out and "Avslutningskodar" in out and "vis denne hjelpeteksten" in out


def test_app_with_language_auto_follows_the_given_municipality(tmp_path):
    import nbformat

    args = ["app", "--language", "auto", "--out", str(tmp_path), "--no-serve", "--no-preheat"]
    assert main([*args, "-p", "municipality='4647'"]) == 0
    nb = nbformat.read(tmp_path / "nn" / "00-start-here.ipynb", as_version=4)
    assert nb.metadata["casekit"]["rendered_language"] == "nn"
    assert not (tmp_path / "auto").exists()
