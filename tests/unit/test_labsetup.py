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
