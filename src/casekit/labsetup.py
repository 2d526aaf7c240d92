"""Make JupyterLab start in Norwegian bokmål: ``python -m casekit.labsetup`` (used by ``make lab``).

JupyterLab reads default settings from ``<prefix>/share/jupyter/lab/settings/overrides.json``; the
language pack ``jupyterlab-language-pack-no-NO`` provides the ``no_NO`` locale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
LAB_LOCALE = {"nb": "no_NO", "en": "en"}


def write_overrides(language: str = "nb", prefix: str | Path = sys.prefix) -> Path:
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current.setdefault(TRANSLATION_PLUGIN, {})["locale"] = LAB_LOCALE[language]
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_overrides(sys.argv[1] if len(sys.argv) > 1 else "nb"))
