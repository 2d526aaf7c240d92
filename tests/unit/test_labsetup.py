import json

from casekit.apps.labsetup import TRANSLATION_PLUGIN, app_settings_dir, write_overrides


def test_overrides_select_the_norwegian_language_pack(tmp_path):
    path = write_overrides("nb", tmp_path)
    assert json.loads(path.read_text())[TRANSLATION_PLUGIN]["locale"] == "no_NO"
    other = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light"}}
    path.write_text(json.dumps(other))
    settings = json.loads(write_overrides("en", tmp_path).read_text())
    assert (
        settings[TRANSLATION_PLUGIN]["locale"] == "en" and "@jupyterlab/apputils-extension:themes" in settings
    )


def test_participant_settings_and_default_folder(tmp_path):
    settings = json.loads(write_overrides("nb", tmp_path).read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    assert app_settings_dir(tmp_path) == tmp_path / "share" / "jupyter" / "lab" / "settings"


def test_nynorsk_falls_back_to_the_bokmaal_language_pack_and_says_so(tmp_path):
    # No JupyterLab language pack for nynorsk exists on PyPI (only jupyterlab-language-pack-no-NO, bokmål).
    from casekit import i18n
    from casekit.apps.labsetup import LANGUAGE_PACK, fallback_note, lab_locale

    assert lab_locale("nn") == ("no_NO", "nb") and lab_locale("nb") == ("no_NO", None)
    assert lab_locale("en") == ("en", None) and LANGUAGE_PACK["no_NO"] == "jupyterlab-language-pack-no-NO"
    settings = json.loads(write_overrides("nn", tmp_path).read_text())
    assert settings[TRANSLATION_PLUGIN]["locale"] == "no_NO"
    assert fallback_note("nb") == "" and fallback_note("en") == ""
    note = fallback_note("nn")
    assert "jupyterlab-language-pack-no-NO" in note and "nynorsk" in note and "bokmål" in note
    i18n.set_language("nn")
    try:
        assert fallback_note("nn").startswith("JupyterLab har inga språkpakke for nynorsk")
    finally:
        i18n.set_language("nb")


def test_an_unknown_language_is_refused_with_the_choices(tmp_path):
    import pytest

    from casekit.errors import UnknownLanguageError

    with pytest.raises(UnknownLanguageError, match="nn"):
        write_overrides("se", tmp_path)
