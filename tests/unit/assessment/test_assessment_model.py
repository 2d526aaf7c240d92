"""Item banks: the shipped instruments, and validation that names the file, item and field."""

from __future__ import annotations

import pytest
import yaml

from casekit import data, i18n
from casekit.assessment.model import instruments_dir, load_instrument, shipped
from casekit.errors import MAX_LISTED_PROBLEMS, InvalidItemBankError, ItemBankError

MATURITY_DIMENSIONS = [
    "strategy",
    "leadership",
    "organisation",
    "services",
    "data",
    "technology",
    "competence",
]


def test_shipped_banks_follow_the_agreed_interfaces():
    assert shipped() == ["maturity", "capabilities", "competence"]
    maturity = load_instrument("maturity")
    assert [d.id for d in maturity.dimensions] == MATURITY_DIMENSIONS
    assert maturity.scale.levels == [1, 2, 3, 4, 5]
    assert maturity.perspective_ids == ["today", "ambition"]
    assert {o.code: o.counts_as for o in maturity.scale.options} == {
        "dont_know": "unanswered",
        "not_relevant": "excluded",
    }
    for dim in maturity.dimensions:
        assert 3 <= len(dim.items) <= 6
        assert sorted(dim.levels) == [1, 2, 3, 4, 5]
    assert maturity.answer_keys()[:2] == ["ST1.today", "ST1.ambition"]
    assert len(maturity.answer_keys()) == 2 * len(maturity.items)


def test_capabilities_has_teece_and_a_named_grid():
    bank = load_instrument("capabilities")
    assert {"sensing", "seizing", "transforming"} <= {d.id for d in bank.dimensions}
    assert bank.grid is not None and (bank.grid.x, bank.grid.y) == ("digital", "leadership")
    assert set(bank.grid.quadrants) == {"low_low", "high_low", "low_high", "high_high"}
    assert bank.grid.quadrant(4.0, 4.5).id == "high_high"
    assert bank.grid.quadrant(1.5, 4.0).id == "low_high"
    assert bank.grid.quadrant(3.0, 2.9).id == "high_low"  # the threshold belongs to "high"


def test_competence_gap_is_required_minus_current():
    bank = load_instrument("competence")
    assert bank.perspective_ids == ["required", "current"]
    assert bank.gap_perspectives() == ("current", "required")


def test_every_text_exists_in_every_language_and_sources_are_cited():
    for name in shipped():
        bank = load_instrument(name)
        assert len(bank.sources) >= 3, name
        assert "http" in bank.citation()
        for lang in i18n.available_languages():
            assert i18n.text(bank.title, lang)
            for dim in bank.dimensions:
                assert all(i18n.text(dim.levels[level], lang) for level in bank.scale.levels)
                assert all(i18n.text(item.text, lang) for item in dim.items)


def test_banks_are_registered_as_yaml_resources():
    for name in shipped():
        res = data.resource(f"instrument_{name}")
        assert res["format"] == "yaml" and res["path"] == f"instruments/{name}.yaml"
        assert data.load(f"instrument_{name}")["id"] == name
        assert res["provenance"]["version"] == load_instrument(name).version


def _write(tmp_path, raw, name="licensed.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _raw(name="maturity"):
    return yaml.safe_load((instruments_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def test_a_licensed_bank_loads_from_a_path(tmp_path):
    raw = _raw()
    raw["id"] = "licensed-maturity"
    raw["version"] = "2.1"
    bank = load_instrument(_write(tmp_path, raw))
    assert bank.id == "licensed-maturity" and bank.version == "2.1"
    assert bank.path.name == "licensed.yaml"


def test_duplicate_item_id_names_file_item_and_field(tmp_path):
    raw = _raw()
    raw["dimensions"][1]["items"][0]["id"] = "ST1"
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw))
    text = err.value.message("en")
    assert "licensed.yaml" in text and "“ST1”" in text and "“id”" in text and "leadership" in text


def test_missing_level_description_is_named(tmp_path):
    raw = _raw()
    del raw["dimensions"][4]["levels"][3]
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw))
    text = err.value.message("en")
    assert "dimension “data”" in text and "level 3" in text and "levels.3" in text


def test_missing_language_is_named(tmp_path):
    raw = _raw("competence")
    del raw["dimensions"][2]["items"][0]["text"]["en"]
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw))
    text = err.value.message("en")
    assert "item “services”" in text and "text.en" in text and "“en”" in text


def test_every_problem_is_listed_at_once(tmp_path):
    raw = _raw("capabilities")
    raw["dimensions"][0]["items"][1]["id"] = "SN1"
    raw["scale"]["options"][0]["counts_as"] = "ignored"
    raw["grid"]["x"] = "nowhere"
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw))
    assert err.value.params["count"] == 3
    fields = sorted(p.params["field"] for p in err.value.problems)
    assert fields == ["counts_as", "id", "x"]


def test_a_comma_inside_an_unquoted_flow_text_is_caught(tmp_path):
    text = (instruments_dir() / "maturity.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        '"Strategi og styring", en: "Strategy and governance"',
        "Strategi, styring, en: Strategy and governance",
    )
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ItemBankError) as err:
        load_instrument(path)
    assert "broken.yaml" in err.value.message("en") and "quotes" in err.value.message("en")


def test_yaml_syntax_error_gives_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nversion: '1'\ntitle: {nb: a, en: b\n", encoding="utf-8")
    with pytest.raises(ItemBankError) as err:
        load_instrument(path)
    assert "bad.yaml" in err.value.message("en") and "line" in err.value.message("en")


def test_unknown_name_and_missing_file(tmp_path):
    with pytest.raises(ItemBankError, match="maturity"):
        load_instrument("maturitty")
    with pytest.raises(ItemBankError, match=r"nothere\.yaml"):
        load_instrument(tmp_path / "nothere.yaml")


def test_structure_errors_are_reported_not_raised_as_python_errors(tmp_path):
    for raw, field in (
        ([1, 2], ""),
        ({"id": "x", "version": "1", "title": {"nb": "a", "en": "b"}}, "scale"),
        (
            {"id": "x y", "version": "1", "title": "plain", "scale": {"min": 5, "max": 1}, "dimensions": []},
            "id",
        ),
    ):
        with pytest.raises(ItemBankError) as err:
            load_instrument(_write(tmp_path, raw, "s.yaml"))
        assert field in {p.params["field"] for p in err.value.problems}


def _break(raw, path, value):
    target = raw
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


_DELETE = object()


@pytest.mark.parametrize(
    ("bank", "path", "value", "field"),
    [
        ("maturity", ("languages",), "nb", "languages"),
        ("maturity", ("languages",), ["nb"], "languages"),
        ("maturity", ("sources",), "see the web", "sources"),
        ("maturity", ("scale", "options"), "dont_know", "options"),
        ("maturity", ("scale", "options", 1, "code"), "dont_know", "code"),
        ("maturity", ("scale", "labels"), ["a", "b"], "labels"),
        ("maturity", ("scale", "labels", "x"), {"nb": "x", "en": "x"}, "labels.x"),
        ("maturity", ("scale", "stages", 9), {"nb": "x", "en": "x"}, "stages.9"),
        ("maturity", ("scale", "min"), "one", "min"),
        ("maturity", ("scale",), "1-5", "scale"),
        ("maturity", ("scale",), _DELETE, "scale"),
        ("maturity", ("perspectives",), [], "perspectives"),
        ("maturity", ("perspectives", 1, "id"), "today", "id"),
        ("maturity", ("dimensions",), "all", "dimensions"),
        ("maturity", ("dimensions",), _DELETE, "dimensions"),
        ("maturity", ("dimensions", 0, "items"), "ST1", "items"),
        ("maturity", ("dimensions", 0, "items"), _DELETE, "items"),
        ("maturity", ("dimensions", 0, "levels"), _DELETE, "levels"),
        ("maturity", ("dimensions", 0, "levels"), "see above", "levels"),
        ("maturity", ("dimensions", 0, "label"), "Strategy", "label"),
        ("maturity", ("dimensions", 0, "id"), "strategy.one", "id"),
        ("maturity", ("dimensions", 1, "id"), "strategy", "id"),
        ("maturity", ("gap",), "today", "gap"),
        ("maturity", ("gap", "to"), "tomorrow", "to"),
        ("capabilities", ("grid",), "2x2", "grid"),
        ("capabilities", ("grid", "threshold"), "middle", "threshold"),
        ("capabilities", ("grid", "quadrants"), _DELETE, "quadrants"),
        ("capabilities", ("grid", "quadrants", "high_high"), _DELETE, "quadrants.high_high"),
    ],
)
def test_each_broken_field_is_named(tmp_path, bank, path, value, field):
    raw = _break(_raw(bank), path, value)
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw, f"{bank}-broken.yaml"))
    assert field in {p.params["field"] for p in err.value.problems}, err.value.message("en")
    assert f"{bank}-broken.yaml" in err.value.message("en")


def test_long_problem_lists_are_cut_with_a_count(tmp_path):
    raw = _raw()
    for dim in raw["dimensions"]:
        for item in dim["items"]:
            item["text"] = {"nb": "bare norsk"}
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw))
    assert err.value.params["count"] == 28
    assert isinstance(err.value, InvalidItemBankError)
    text = err.value.message("en")
    assert text.count("\n  - ") == MAX_LISTED_PROBLEMS + 1  # the listed problems and the count line
    assert text.endswith(f"… and {28 - MAX_LISTED_PROBLEMS} more.")


def test_texts_and_labels_of_a_loaded_bank():
    bank = load_instrument("maturity")
    assert bank.option_label("dont_know", "en") == "Don't know"
    assert bank.option_label(5, "nb") == "5 Proaktiv og bærekraftig"
    assert bank.perspective_label("ambition", "en") == "Ambition in 2–3 years"
    assert bank.item("DA2").dimension == "data"
    with pytest.raises(KeyError):
        bank.dimension("nope")
    with pytest.raises(KeyError):
        bank.item("nope")
    with pytest.raises(KeyError):
        bank.perspective_label("yesterday")
    assert load_instrument(bank) is bank
    assert bank.scale.midpoint == 3 and bank.scale.codes("excluded") == {"not_relevant"}


def test_a_bank_that_is_not_a_mapping_is_explained_without_placeholders(tmp_path):
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, [1, 2], "s.yaml"))
    text = err.value.message("nb")
    assert "feltet «-»" not in text and "mapping" not in text and "(1 feil)" in text
    assert "en spørsmålsbank må være en YAML-fil med felt som id" in text
    assert "(1 problem)" in err.value.message("en")


def test_expected_kinds_are_named_in_the_readers_language(tmp_path):
    raw = {"id": "x", "version": "1", "title": {"nb": "a", "en": "b"}, "scale": 3}
    with pytest.raises(ItemBankError) as err:
        load_instrument(_write(tmp_path, raw, "s.yaml"))
    assert "må være en gruppe felt (navn: verdi), men er 3" in err.value.message("nb")
    assert "must be a group of fields (name: value), but it is 3" in err.value.message("en")


def test_maturity_levels_are_the_generations_of_the_generation_model():
    """Level n of the maturity scale is generation n of the generation model (DI2X numbers its
    generations; the wording is casekit's own), so the gap exercise can speak of generations."""
    bank = load_instrument("maturity")
    assert list(bank.scale.levels) == [1, 2, 3, 4, 5]
    for level in bank.scale.levels:
        assert bank.scale.stages[level]["nb"].startswith(f"Generasjon {level}:"), level
        assert bank.scale.stages[level]["en"].startswith(f"Generation {level}:"), level
    urls = [
        s.get("url", "")
        for s in yaml.safe_load((instruments_dir() / "maturity.yaml").read_text(encoding="utf-8"))["sources"]
    ]
    assert any("di2x.com" in u for u in urls)  # the model's source is cited in the bank itself
