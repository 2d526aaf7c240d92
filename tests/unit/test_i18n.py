import shutil

import pytest
import yaml

from casekit import i18n, messages
from casekit.errors import MissingTranslationError, UnknownLanguageError


def test_every_language_has_every_key():
    languages = i18n.available_languages()
    assert languages[0] == "nb" and "en" in languages
    reference = set().union(*(i18n.keys(lang) for lang in languages))
    for lang in languages:
        missing = sorted(reference - i18n.keys(lang))
        assert not missing, f"{lang} lacks {missing[:10]}"


def test_placeholders_agree_across_languages():
    for key in i18n.keys("nb"):
        nb, en = i18n.t(key, language="nb"), i18n.t(key, language="en")
        if isinstance(nb, str):
            assert i18n.placeholders(nb) == i18n.placeholders(en), key


def test_norwegian_number_format_uses_space_and_comma():
    assert i18n.format_number(1234.5, decimals=1, language="nb").replace("\xa0", " ") == "1 234,5"
    assert i18n.format_number(1234.5, decimals=1, language="en") == "1,234.5"
    assert i18n.format_number(5550203, language="nb").replace("\xa0", " ") == "5 550 203"


def test_currency_percent_and_date():
    assert i18n.format_currency(12500, language="nb").replace("\xa0", " ") == "12 500 kr"
    assert i18n.format_currency(12500, language="en") == "NOK 12,500"
    assert i18n.format_percent(0.253, decimals=1, language="nb").replace("\xa0", " ") == "25,3 %"
    assert i18n.format_date("2024-01-01", language="nb") == "1. januar 2024"
    assert i18n.format_date("2024-01-01", language="en") == "1 January 2024"


def test_messages_are_filled_and_language_switches():
    assert i18n.t("programme.module.strategy", language="en") == "Strategy"
    i18n.set_language("en")
    assert i18n.t("programme.phase.b") == "Gathering day"
    i18n.set_language("nb")
    assert i18n.t("programme.phase.b") == "Samling"
    assert "Oslo" in i18n.t("error.municipality.unknown_name", value="Oslo", suggestions="-")


@pytest.mark.parametrize("value", ["de", "", None, 3])
def test_unknown_language_is_refused_with_choices(value):
    with pytest.raises(UnknownLanguageError) as err:
        i18n.check_language(value)
    assert "nb" in str(err.value) and "en" in str(err.value)


def test_yaml_no_read_as_false_is_explained():
    parsed = yaml.safe_load("language: NO")["language"]
    assert parsed is False
    with pytest.raises(UnknownLanguageError, match="anførselstegn"):
        i18n.check_language(parsed)


def test_aliases_resolve():
    assert i18n.check_language("NB") == "nb"
    assert i18n.check_language("no") == "nb"
    assert i18n.check_language("en-GB") == "en"


def test_missing_key_raises():
    with pytest.raises(MissingTranslationError, match=r"no\.such\.key"):
        i18n.t("no.such.key")


def test_text_picks_language_from_mapping():
    assert i18n.text({"nb": "hei", "en": "hello"}, "en") == "hello"
    assert i18n.text("same") == "same"
    with pytest.raises(MissingTranslationError):
        i18n.text({"nb": "bare norsk"}, "en")


def test_nynorsk_is_a_language_with_every_key_and_babel_formats():
    assert i18n.available_languages() == ("nb", "en", "nn")
    assert i18n.keys("nn") == i18n.keys("nb")
    assert i18n.language_name("nn") == "Norsk nynorsk" and i18n.locale("nn") == "nn_NO"
    assert i18n.check_language("nn-NO") == "nn" and i18n.check_language("nno") == "nn"
    # Babel's nn_NO locale: the same separators as bokmål, nynorsk month names
    assert i18n.format_number(1234.5, decimals=1, language="nn").replace("\xa0", " ") == "1 234,5"
    assert i18n.format_percent(0.253, decimals=1, language="nn").replace("\xa0", " ") == "25,3 %"
    assert i18n.format_currency(12500, language="nn").replace("\xa0", " ") == "12 500 kr"
    assert i18n.format_date("2026-11-28", language="nn") == "28. november 2026"
    assert i18n.t("programme.phase.a", language="nn") == "Førearbeid"


def test_placeholders_agree_in_nynorsk():
    for key in i18n.keys("nb"):
        nb, nn = i18n.t(key, language="nb"), i18n.t(key, language="nn")
        if isinstance(nb, str):
            assert i18n.placeholders(nb) == i18n.placeholders(nn), key


def test_a_fourth_language_is_one_catalogue_folder(tmp_path, monkeypatch):
    """Northern Sami (se) stands in for a language that is not switched on: one folder with a _meta.yaml
    makes it available, and a missing key shows up in the same comparison the real test makes."""
    for lang in ("nb", "en", "nn"):
        shutil.copytree(messages.CATALOGUE_DIR / lang, tmp_path / lang)
    shutil.copytree(messages.CATALOGUE_DIR / "nb", tmp_path / "se")
    (tmp_path / "se" / "_meta.yaml").unlink()
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    messages.clear_caches()
    try:
        assert "se" not in i18n.available_languages()  # no _meta.yaml: not switched on
        (tmp_path / "se" / "_meta.yaml").write_text(
            "name: Davvisámegiella\nlocale: se_NO\n", encoding="utf-8"
        )
        messages.clear_caches()
        assert i18n.available_languages() == ("nb", "en", "nn", "se")
        assert i18n.keys("se") == i18n.keys("nb")
        assert i18n.format_number(1234.5, 1, language="se").replace("\xa0", " ") == "1 234,5"
        core = tmp_path / "se" / "core.yaml"
        data = yaml.safe_load(core.read_text(encoding="utf-8"))
        del data["ui"]["save"]
        core.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        messages.clear_caches()
        assert i18n.keys("nb") - i18n.keys("se") == {"ui.save"}
    finally:
        messages.clear_caches()


def test_duplicate_key_across_files_is_an_error(tmp_path, monkeypatch):
    from casekit.errors import ConfigError

    for lang in ("nb", "en", "nn"):  # the error message itself is rendered in the current language
        shutil.copytree(messages.CATALOGUE_DIR / lang, tmp_path / lang)
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "_meta.yaml").write_text("name: X\nlocale: en_GB\n", encoding="utf-8")
    (tmp_path / "xx" / "a.yaml").write_text("ui:\n  save: A\n", encoding="utf-8")
    (tmp_path / "xx" / "b.yaml").write_text("ui:\n  save: B\n", encoding="utf-8")
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    messages.clear_caches()
    try:
        with pytest.raises(ConfigError, match=r"ui\.save"):
            i18n.keys("xx")
    finally:
        messages.clear_caches()


def test_no_catalogue_file_repeats_a_key():
    """YAML keeps the last of two equal keys without a word, so a repeated key silently replaces a message."""
    from pathlib import Path

    def unique(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        assert not repeated, f"{node.start_mark.name}:{node.start_mark.line + 1}: {repeated}"
        return loader.construct_mapping(node, deep)

    class Strict(yaml.SafeLoader):
        pass

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, unique)
    folder = Path(i18n.__file__).parent / "catalogues"
    files = sorted(folder.glob("*/*.yaml"))
    assert files
    for path in files:
        with path.open(encoding="utf-8") as fh:
            yaml.load(fh, Loader=Strict)
