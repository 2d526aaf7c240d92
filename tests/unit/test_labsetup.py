import json

from casekit.labsetup import TRANSLATION_PLUGIN, write_overrides


def test_overrides_select_the_norwegian_language_pack(tmp_path):
    path = write_overrides("nb", prefix=tmp_path)
    assert json.loads(path.read_text())[TRANSLATION_PLUGIN]["locale"] == "no_NO"
    other = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light"}}
    path.write_text(json.dumps(other))
    settings = json.loads(write_overrides("en", prefix=tmp_path).read_text())
    assert (
        settings[TRANSLATION_PLUGIN]["locale"] == "en" and "@jupyterlab/apputils-extension:themes" in settings
    )
