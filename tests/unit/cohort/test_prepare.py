import json
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from casekit.cohort.config import parse_config
from casekit.cohort.links import links, nbgitpuller_url
from casekit.cohort.prepare import plan, prepare


@pytest.fixture
def config(tmp_path):
    return parse_config(f"""id: pilot
title: Pilot
language: "en"
municipalities: ["4228", "Kristiansand", "5059"]
store_url: "sqlite:///{tmp_path}/s.sqlite"
participants:
  "4228": [{{id: sirdal-1, role: kommunedirektør}}, {{id: sirdal-2}}]
hub: {{url: "https://hub.example.org", repo: "https://github.com/example/workbooks", branch: main}}
schedule:
  - {{step: 1a, date: 2025-03-01, notebooks: [00-start-here]}}
""")


def test_plan_one_workbook_per_participant_or_group(config):
    jobs = plan(config)
    assert [j.target for j in jobs] == [
        "4228/sirdal-1/00-start-here.ipynb",
        "4228/sirdal-2/00-start-here.ipynb",
        "4204/4204-group/00-start-here.ipynb",
        "5059/5059-group/00-start-here.ipynb",
    ]
    assert jobs[0].parameters == {"municipality": "4228", "language": "en"}


def test_prepare_writes_parameterised_rendered_workbooks(config, tmp_path):
    out = tmp_path / "out"
    result = prepare(config, out, executor=ThreadPoolExecutor(2), chunk=1)
    assert result.count("written") == 4 and not result.failed
    nb = nbformat.read(out / "4228/sirdal-1/00-start-here.ipynb", as_version=4)
    nbformat.validate(nb)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'municipality = "4228"' in injected.source and 'language = "en"' in injected.source
    assert all("lang-nb" not in c.metadata.get("tags", []) for c in nb.cells)
    assert all(c.metadata["jupyter"]["source_hidden"] for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["casekit"]["workbook"] == {
        "municipality": "4228",
        "respondent": "sirdal-1",
        "role": "kommunedirektør",
    }
    manifest = json.loads(result.manifest.read_text())
    assert manifest["cohort"]["id"] == "pilot" and manifest["casekit_version"]
    assert "municipalities" in manifest["dataset_checksums"]
    entry = manifest["workbooks"]["4204/4204-group/00-start-here.ipynb"]
    assert entry["parameters"] == {"municipality": "4204", "language": "en"} and len(entry["digest"]) == 64


def test_rerun_skips_up_to_date_and_rewrites_changed(config, tmp_path):
    out = tmp_path / "out"
    prepare(config, out, workers=1)
    again = prepare(config, out, workers=1)
    assert again.count("skipped") == 4 and again.count("written") == 0
    (out / "5059/5059-group/00-start-here.ipynb").unlink()
    third = prepare(config, out, workers=1)
    assert third.count("written") == 1 and third.count("skipped") == 3


def test_one_failure_does_not_stop_the_others(config, tmp_path):
    out = tmp_path / "out"
    (out / "4204/4204-group/00-start-here.ipynb.tmp").mkdir(parents=True)  # the write there must fail
    result = prepare(config, out, workers=1)
    assert [r.target for r in result.failed] == ["4204/4204-group/00-start-here.ipynb"]
    assert result.count("written") == 3
    manifest = json.loads(result.manifest.read_text())
    assert "4204/4204-group/00-start-here.ipynb" in manifest["failed"]
    assert "4204/4204-group/00-start-here.ipynb" not in manifest["workbooks"]


@pytest.mark.slow
def test_process_pool_gives_the_same_files(config, tmp_path):
    serial, parallel = tmp_path / "a", tmp_path / "b"
    prepare(config, serial, workers=1)
    result = prepare(config, parallel, workers=2, chunk=1)
    assert result.count("written") == 4
    for path in serial.rglob("*.ipynb"):
        assert path.read_bytes() == (parallel / path.relative_to(serial)).read_bytes()


def test_nbgitpuller_links(config):
    url = nbgitpuller_url(
        "https://hub.example.org/",
        "https://github.com/example/workbooks.git",
        "main",
        "workbooks/4228/a b.ipynb",
    )
    assert url.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A//github.com/")
    assert "urlpath=lab/tree/workbooks/workbooks/4228/a%20b.ipynb" in url and "branch=main" in url
    rows = links(config)
    assert len(rows) == 4 and rows[0]["respondent"] == "sirdal-1"
    per_municipality = links(config, per="municipality", app=True)
    assert len(per_municipality) == 3 and "voila/render" in per_municipality[0]["url"]


def test_links_need_a_hub(config):
    from casekit.errors import ConfigError

    config.hub = None
    with pytest.raises(ConfigError, match="hub"):
        links(config)


def test_a_workbook_changed_after_it_was_written_is_kept(config, tmp_path):
    out = tmp_path / "out"
    prepare(config, out, workers=1)
    edited = out / "4228/sirdal-2/00-start-here.ipynb"
    edited.write_text(edited.read_text() + "\n", encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["workbooks"]["4228/sirdal-2/00-start-here.ipynb"]["digest"] = "0" * 64  # its inputs changed
    (out / "manifest.json").write_text(json.dumps(manifest))
    again = prepare(config, out, workers=1)
    assert [r.target for r in again.kept] == ["4228/sirdal-2/00-start-here.ipynb"]
    assert edited.read_text().endswith("\n\n")  # not overwritten
    assert again.count("skipped") == 3
    edited.unlink()  # the explicit choice: move the edited file away, and the next run writes it again
    third = prepare(config, out, workers=1)
    assert third.count("written") == 1 and not third.kept


def _auto_config(tmp_path, extra=""):
    # Sunnfjord (4647) writes nynorsk, Bindal (1811) bokmål, Oslo (0301) is neutral
    return parse_config(f"""id: vestland
title: Vestland
language: auto
{extra}municipalities: ["4647", "1811", "0301"]
store_url: "sqlite:///{tmp_path}/s.sqlite"
schedule:
  - {{step: 1a, date: 2025-03-01, notebooks: [00-start-here]}}
""")


def _markdown_languages(path):
    nb = nbformat.read(path, as_version=4)
    return {t for c in nb.cells if c.cell_type == "markdown" for t in c.metadata.get("tags", [])}


def test_auto_renders_each_municipality_in_its_written_standard(tmp_path):
    config = _auto_config(tmp_path)
    assert config.language == "auto" and config.neutral_language == "nb"
    languages = {j.municipality: j.parameters["language"] for j in plan(config)}
    assert languages == {"4647": "nn", "1811": "nb", "0301": "nb"}
    out = tmp_path / "out"
    result = prepare(config, out, workers=1)
    assert result.count("written") == 3 and not result.failed
    assert _markdown_languages(out / "4647/4647-group/00-start-here.ipynb") == {"lang-nn"}
    assert _markdown_languages(out / "1811/1811-group/00-start-here.ipynb") == {"lang-nb"}
    nb = nbformat.read(out / "4647/4647-group/00-start-here.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'language = "nn"' in injected.source  # the workbook gets the resolved language, not "auto"
    manifest = json.loads(result.manifest.read_text())
    assert manifest["cohort"]["language"] == "auto" and manifest["cohort"]["neutral_language"] == "nb"
    assert manifest["workbooks"]["4647/4647-group/00-start-here.ipynb"]["language"] == "nn"


def test_neutral_municipalities_get_the_cohorts_neutral_language(tmp_path):
    config = _auto_config(tmp_path, extra="neutral_language: nn\n")
    languages = {j.municipality: j.language for j in plan(config)}
    assert languages == {"4647": "nn", "1811": "nb", "0301": "nn"}
    assert config.shared_language == "nn"  # two of three municipalities read nynorsk


def test_an_explicit_language_always_wins(tmp_path):
    for language in ("nb", "en", "nn"):
        config = _auto_config(tmp_path).model_copy(update={"language": language})
        assert {j.language for j in plan(config)} == {language}
        assert config.shared_language == language


def test_a_language_change_rewrites_an_untouched_workbook(tmp_path):
    out = tmp_path / "out"
    prepare(_auto_config(tmp_path).model_copy(update={"language": "nb"}), out, workers=1)
    again = prepare(_auto_config(tmp_path), out, workers=1)
    assert again.count("written") == 1 and again.count("skipped") == 2  # only Sunnfjord changes language
    assert _markdown_languages(out / "4647/4647-group/00-start-here.ipynb") == {"lang-nn"}
