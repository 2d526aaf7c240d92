import datetime as dt

import pytest

from casekit.cohort.config import CohortConfig, load_config, parse_config, starter_config
from casekit.errors import ConfigError

BASE = """id: agder-2025
title: Kompetanseløftet Agder
language: {language}
municipalities:
  - "4228"
  - {municipality}
store_url: "{store}"
min_group_size: {size}
schedule:
  - step: 1a
    date: {date}
    notebooks: [00-start-here]
"""


def config_text(tmp_path, **kw):
    values = {
        "language": '"nb"',
        "municipality": "Kristiansand",
        "store": f"sqlite:///{tmp_path}/s.sqlite",
        "size": 5,
        "date": "2025-03-14",
    }
    values.update(kw)
    return BASE.format(**values)


def test_valid_config_resolves_names(tmp_path):
    config = parse_config(config_text(tmp_path))
    assert config.municipalities == ["4228", "4204"]
    assert config.language == "nb" and config.min_group_size == 5
    assert config.schedule[0].date == dt.date(2025, 3, 14)
    assert config.notebooks_for("1a") == ["00-start-here"] and config.notebooks_for("2a") == []
    assert [p.id for p in config.respondents("4228")] == ["4228-group"]


@pytest.mark.parametrize(
    ("change", "line", "fragments"),
    [
        ({"municipality": "0301"}, 6, ["0301", "193", '"0301"']),
        ({"municipality": "Atlantis"}, 6, ["Atlantis"]),
        ({"municipality": "Sirdal"}, 6, ["to ganger", "4228"]),
        ({"municipality": "Herøy"}, 6, ["Herøy (Nordland", "fylke"]),
        ({"municipality": '"9999"'}, 6, ["9999"]),
        ({"language": "NO"}, 3, ["NO", "anførselstegn"]),
        ({"language": "de"}, 3, ["de", "nb, en, nn, auto"]),
        ({"date": "14.03.2025"}, 11, ["14.03.2025", "ÅÅÅÅ-MM-DD"]),
        ({"size": 2}, 8, ["min_group_size", "3"]),
    ],
)
def test_errors_name_line_field_and_fix(tmp_path, change, line, fragments):
    with pytest.raises(ConfigError) as err:
        parse_config(config_text(tmp_path, **change), source="cohort.yaml")
    message = str(err.value)
    assert message.startswith(f"cohort.yaml, linje {line}, felt"), message
    for fragment in fragments:
        assert fragment in message, message


def test_language_auto_and_the_neutral_language(tmp_path):
    config = parse_config(config_text(tmp_path, language="auto"))
    assert config.language == "auto" and config.neutral_language == "nb"
    assert config.language_of("4228") == "nb"  # Sirdal's written standard is neutral
    text = config_text(tmp_path, language="AUTO").replace(
        "language: AUTO\n", "language: AUTO\nneutral_language: nn\n"
    )
    config = parse_config(text)
    assert config.language_of("4228") == "nn" and config.shared_language == "nn"
    with pytest.raises(ConfigError, match="neutral_language"):
        parse_config(text.replace("neutral_language: nn", "neutral_language: auto"))
    with pytest.raises(ConfigError, match="anførselstegn"):
        parse_config(text.replace("neutral_language: nn", "neutral_language: NO"))


def test_store_that_cannot_be_opened(tmp_path):
    (tmp_path / "notes.sqlite").write_text("not a database", encoding="utf-8")
    with pytest.raises(ConfigError, match="linje 7, felt «store_url»"):
        parse_config(config_text(tmp_path, store=f"sqlite:///{tmp_path}/notes.sqlite"))
    assert (tmp_path / "notes.sqlite").read_text(encoding="utf-8") == "not a database"


def test_unknown_field_and_unknown_notebook(tmp_path):
    with pytest.raises(ConfigError, match="linje 13, felt «colour»"):
        parse_config(config_text(tmp_path) + "colour: blue\n")
    with pytest.raises(ConfigError, match="00-start-her"):
        parse_config(config_text(tmp_path).replace("[00-start-here]", "[00-start-her]"))


def test_participants(tmp_path):
    text = config_text(tmp_path) + 'participants:\n  "4228": [{id: s1, role: leder}, {id: s2}]\n'
    config = parse_config(text)
    assert [p.id for p in config.respondents("4228")] == ["s1", "s2"]
    with pytest.raises(ConfigError, match="0301"):
        parse_config(config_text(tmp_path) + "participants:\n  0301: [{id: x}]\n")
    with pytest.raises(ConfigError, match="s1"):
        parse_config(config_text(tmp_path) + 'participants:\n  "4228": [{id: s1}, {id: s1}]\n')
    with pytest.raises(ConfigError, match="0301"):
        parse_config(config_text(tmp_path) + 'participants:\n  "0301": [{id: x}]\n')


def test_yaml_syntax_error_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="linje"):
        parse_config("id: [unclosed\n")
    with pytest.raises(ConfigError, match="cohort init"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError):
        parse_config("- just\n- a list\n")


def test_english_messages(tmp_path):
    from casekit import i18n

    i18n.set_language("en")
    with pytest.raises(ConfigError, match="line 6, field “municipalities”"):
        parse_config(config_text(tmp_path, municipality="0301"))


@pytest.mark.parametrize(
    ("kwargs", "count"), [({"county": 42}, 25), ({"network": "Digi Agder"}, 25), ({"county": "Vestfold"}, 6)]
)
def test_starter_config_round_trips(tmp_path, kwargs, count):
    text = starter_config(**kwargs, store_url=f"sqlite:///{tmp_path}/s.sqlite")
    config = parse_config(text)
    assert len(config.municipalities) == count
    assert all(len(n) == 4 for n in config.municipalities)
    with pytest.raises(ConfigError):
        starter_config()


def test_shipped_examples_are_valid(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    root = Path(__file__).resolve().parents[3] / "examples" / "cohorts"
    sizes = {}
    for path in sorted(root.glob("*.yaml")):
        sizes[path.stem] = len(load_config(path).municipalities)
    assert sizes["agder"] == 25 and sizes["pilot"] == 3 and sizes["national"] == 357
    vestland = load_config(root / "vestland.yaml")  # language: auto, so 41 of 43 get nynorsk
    assert sizes["vestland"] == 43 and vestland.language == "auto" and vestland.shared_language == "nn"
    assert sum(vestland.language_of(n) == "nn" for n in vestland.municipalities) == 41


def test_model_guards_direct_use():
    with pytest.raises(Exception, match="9999"):
        CohortConfig(id="x", title="t", municipalities=["9999"])


def test_starter_config_with_language_auto_speaks_the_countys_written_standard(tmp_path):
    text = starter_config(county=46, language="auto", store_url=f"sqlite:///{tmp_path}/s.sqlite")
    assert text.startswith("# Kull for Vestland.") and "køyr «casekit cohort prepare»" in text  # nynorsk
    assert 'language: "auto"' in text and 'neutral_language: "nb"' in text
    config = parse_config(text)
    assert config.language == "auto" and config.shared_language == "nn"
    assert config.language_of("4647") == "nn" and config.language_of("4601") == "nb"  # Bergen is neutral
    agder = parse_config(
        starter_config(county=42, language="auto", store_url=f"sqlite:///{tmp_path}/s.sqlite")
    )
    assert agder.shared_language == "nb"
