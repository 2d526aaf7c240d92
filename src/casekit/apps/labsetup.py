"""Make JupyterLab start in Norwegian bokmål: ``python -m casekit.apps.labsetup`` (used by ``make lab``).

JupyterLab reads default settings from ``<prefix>/share/jupyter/lab/settings/overrides.json``; the
language pack ``jupyterlab-language-pack-no-NO`` provides the ``no_NO`` locale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: JupyterLab has no nynorsk language pack; nynorsk readers get the bokmål one, the closest there is.
LAB_LOCALE = {"nb": "no_NO", "en": "en", "nn": "no_NO"}
#: Settings that spare participants dialogs they cannot be expected to answer.
PARTICIPANT_SETTINGS = {
    # start the notebook's own kernel without a "Select Kernel" dialog
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    # no pop-up asking about Jupyter news
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def app_settings_dir(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def write_overrides(language: str = "nb", settings_dir: str | Path | None = None) -> Path:
    """Write (or update) ``overrides.json`` in JupyterLab's app settings folder and return its path."""
    path = Path(settings_dir or app_settings_dir()) / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current.setdefault(TRANSLATION_PLUGIN, {})["locale"] = LAB_LOCALE[language]
    for plugin, values in PARTICIPANT_SETTINGS.items():
        current.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_overrides(sys.argv[1] if len(sys.argv) > 1 else "nb"))  # used by `make lab`
