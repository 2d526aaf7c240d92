import json

import nbformat
import pytest

from casekit import i18n, notebooks
from casekit.errors import InvalidMunicipalityNumberError, NotebookError, ParameterError
from casekit.notebooks.render import cell_languages


def test_catalogue_lists_start_here_first():
    infos = notebooks.catalogue()
    assert infos[0].id == "00-start-here"
    assert infos[0].step == "0"
    assert notebooks.get("00-start-here").title_in("en") == "Start here"


def test_get_by_path_and_unknown():
    info = notebooks.get("00-start-here")
    assert notebooks.get(info.path) is info or notebooks.get(info.path).id == info.id
    assert notebooks.get(info.relpath).id == info.id
    with pytest.raises(NotebookError, match="00-start-here"):
        notebooks.get("00-start-her")


def test_contract_accepts_valid_values_and_canonicalises():
    values = notebooks.check_parameters("00-start-here", {"municipality": "Sirdal", "language": "EN"})
    assert values == {"municipality": "4228", "language": "en"}
    filled = notebooks.check_parameters("00-start-here", {}, fill_defaults=True)
    assert filled == {"municipality": "4228", "language": "nb"}


def test_unknown_parameter_is_rejected():
    with pytest.raises(ParameterError, match="kommune") as err:
        notebooks.check_parameters("00-start-here", {"kommune": "0301"})
    assert "municipality" in str(err.value)


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("municipality", 301, "anførselstegn"),
        ("municipality", "03O1", "0301"),
        ("municipality", "9999", "9999"),
        ("language", False, "NO"),
        ("language", "de", "nb, en, nn, auto"),
    ],
)
def test_ill_typed_parameter_is_rejected(name, value, fragment):
    with pytest.raises(ParameterError) as err:
        notebooks.check_parameters("00-start-here", {name: value})
    assert fragment in str(err.value) and name in str(err.value)


def test_basic_types():
    from casekit.notebooks.contract import PARAMETER_TYPES

    assert PARAMETER_TYPES["int"](3) == 3
    assert PARAMETER_TYPES["float"](3) == 3.0
    assert PARAMETER_TYPES["date"]("2024-05-01") == "2024-05-01"
    assert PARAMETER_TYPES["list[str]"](["a"]) == ["a"]
    for type_name, bad in (
        ("int", True),
        ("int", "3"),
        ("float", "x"),
        ("bool", 1),
        ("date", 20240501),
        ("list[str]", ["a", 1]),
        ("str", 5),
    ):
        with pytest.raises((TypeError, ValueError)):
            PARAMETER_TYPES[type_name](bad)
    with pytest.raises(InvalidMunicipalityNumberError):
        PARAMETER_TYPES["municipality"](301)


@pytest.mark.parametrize("language", i18n.available_languages())
def test_render_keeps_one_language_and_injects_parameters(language):
    nb = notebooks.render("00-start-here", language=language, parameters={"municipality": "0301"})
    langs = {lang for cell in nb.cells for lang in cell_languages(cell)}
    assert langs == {language}
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'municipality = "0301"' in injected[0].source
    assert f'language = "{language}"' in injected[0].source
    assert nb.metadata["casekit"]["rendered_language"] == language


def test_render_can_hide_code():
    nb = notebooks.render("00-start-here", "nb", hide_code=True)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.metadata["jupyter"]["source_hidden"] for c in code)
    shown = notebooks.render("00-start-here", "nb")
    assert not any(c.metadata.get("jupyter", {}).get("source_hidden") for c in shown.cells)


def test_render_refuses_a_language_without_cells():
    from casekit.notebooks.render import LanguageFilter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("hei", metadata={"tags": ["lang-nb"]})]
    with pytest.raises(NotebookError, match="lang-en"):
        LanguageFilter(language="en").preprocess(nb, {})


def test_render_to_file_writes_a_valid_notebook(tmp_path):
    target = notebooks.render_to_file(
        "00-start-here", tmp_path / "x" / "start.ipynb", "en", {"municipality": "5501"}, hide_code=True
    )
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    assert "5501" in json.dumps(nb)


def test_strip_widget_views():
    from casekit.notebooks.render import WIDGET_VIEW_MIME

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={WIDGET_VIEW_MIME: {"model_id": "1"}, "text/plain": "VBox"}
        ),
        nbformat.v4.new_output("display_data", data={"text/html": "<b>card</b>"}),
    ]
    nb.cells = [cell]
    out, _ = notebooks.StripWidgetViews().preprocess(nb, {})
    assert [list(o.data) for o in out.cells[0].outputs] == [["text/html"]]


def test_catalogue_rejects_broken_metadata(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_NOTEBOOKS_DIR", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nbformat.write(nb, tmp_path / "a.ipynb")
    with pytest.raises(NotebookError, match=r"a\.ipynb"):
        notebooks.catalogue()
    nb.metadata["casekit"] = {"id": "x", "audience": "participant"}
    nbformat.write(nb, tmp_path / "a.ipynb")
    with pytest.raises(NotebookError, match="module"):
        notebooks.catalogue()


def test_curriculum_rows():
    rows = notebooks.curriculum("en")
    assert rows[0]["title"] == "Start here" and rows[0]["duration"] > 0


def test_tracks_are_declared_or_follow_module_4_ids():
    from casekit.notebooks.catalogue import track_of

    assert track_of("4b-ai-staffing-demand", 4) == "ai-staffing"
    assert track_of("4c-it-architecture", 4) == "it-architecture"
    assert track_of("4a-radar-explore-vote", 4) == "radar"
    assert track_of("3b-maturity-benchmark", 3) == "leaders"
    assert track_of("3b-politicians-strategy", 3, "politicians") == "politicians"
    tracks = {row["id"]: row["track"] for row in notebooks.curriculum("en")}
    assert tracks["3b-politicians-strategy"] == "politicians" and tracks["1a-capabilities"] == "leaders"
    assert set(tracks.values()) <= set(notebooks.TRACKS)


def test_an_unknown_track_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_NOTEBOOKS_DIR", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.metadata["casekit"] = {
        "id": "3b-x",
        "audience": "participant",
        "module": 3,
        "phase": "b",
        "title": {"nb": "x", "en": "x"},
        "duration": 10,
        "goals": {"nb": ["x"], "en": ["x"]},
        "parameters": {},
        "track": "councillors",
    }
    nbformat.write(nb, tmp_path / "3b-x.ipynb")
    with pytest.raises(NotebookError, match="councillors"):
        notebooks.catalogue()


def test_a_leader_cohort_schedule_leaves_out_the_politicians_short_track():
    from casekit.cohort.config import starter_config

    text = starter_config(county=42)
    assert "3b-maturity-benchmark" in text and "3b-politicians-strategy" not in text


def _languages(nb):
    return {lang for c in nb.cells if c.cell_type == "markdown" for lang in cell_languages(c)}


def test_render_auto_picks_the_written_standard_and_the_neutral_language():
    sunnfjord = notebooks.render("00-start-here", "auto", {"municipality": "4647"})
    assert _languages(sunnfjord) == {"nn"} and sunnfjord.metadata["casekit"]["rendered_language"] == "nn"
    injected = next(c for c in sunnfjord.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'language = "nn"' in injected.source
    assert _languages(notebooks.render("00-start-here", "auto", {"municipality": "1811"})) == {"nb"}
    oslo = notebooks.render("00-start-here", "auto", {"municipality": "0301"}, neutral="nn")
    assert _languages(oslo) == {"nn"}
    assert _languages(notebooks.render("00-start-here", "en", {"municipality": "4647"})) == {"en"}
