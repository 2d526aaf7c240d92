"""Make JupyterLab start in the workbooks' language: ``python -m casekit.apps.labsetup [nb|en|nn]`` (used by
``make lab``).

JupyterLab reads default settings from ``<prefix>/share/jupyter/lab/settings/overrides.json``. Its menus
come from language packs on PyPI: ``jupyterlab-language-pack-no-NO`` is Norwegian bokmål (locale
``no_NO``), and English is built in. There is no nynorsk language pack (none on PyPI up to JupyterLab
4.5), so for nynorsk JupyterLab's own menus are in bokmål, the closest there is, while the workbooks, the
widgets and casekit's messages are in nynorsk. :func:`lab_locale` says when that fallback applies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import i18n

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: The JupyterLab locale for each language, and the pip package that provides it (None: built in).
LAB_LOCALE = {"nb": "no_NO", "en": "en", "nn": "no_NO"}
LANGUAGE_PACK = {"no_NO": "jupyterlab-language-pack-no-NO", "en": None}
#: Languages without a JupyterLab language pack of their own, and the language whose pack they get.
FALLBACK = {"nn": "nb"}
#: Settings that spare participants dialogs they cannot be expected to answer.
PARTICIPANT_SETTINGS = {
    # start the notebook's own kernel without a "Select Kernel" dialog
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    # no pop-up asking about Jupyter news
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def lab_locale(language: str) -> tuple[str, str | None]:
    """JupyterLab's locale for ``language``, and the language whose pack stands in for it (None when the
    language has a pack of its own or needs none). ``lab_locale("nn") == ("no_NO", "nb")``."""
    code = i18n.check_language(language)
    return LAB_LOCALE[code], FALLBACK.get(code)


def fallback_note(language: str) -> str:
    """One line for the person setting JupyterLab up, or "" when the language has its own pack."""
    locale, stand_in = lab_locale(language)
    if stand_in is None:
        return ""
    return i18n.t(f"lab.fallback.{i18n.check_language(language)}", package=LANGUAGE_PACK[locale])


def app_settings_dir(prefix: str | Path = sys.prefix) -> Path:
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def write_overrides(language: str = "nb", settings_dir: str | Path | None = None) -> Path:
    """Write (or update) ``overrides.json`` in JupyterLab's app settings folder and return its path."""
    locale, _ = lab_locale(language)
    path = Path(settings_dir or app_settings_dir()) / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current.setdefault(TRANSLATION_PLUGIN, {})["locale"] = locale
    for plugin, values in PARTICIPANT_SETTINGS.items():
        current.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    chosen = sys.argv[1] if len(sys.argv) > 1 else "nb"  # used by `make lab`
    print(write_overrides(chosen))
    if note := fallback_note(chosen):
        print(note)
