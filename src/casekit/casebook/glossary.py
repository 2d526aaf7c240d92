"""The glossary: the programme's terms in every language, kept in one file so no language can drift.

``casebook/glossary.yaml`` is a list of entries::

    - id: fylke
      nb: {term: fylke, definition: "..."}
      en: {term: county, definition: "..."}

Each language's site gets a generated glossary page (a Sphinx ``glossary``), so cases can link a term
with ``{term}`fylke``` and a missing term fails the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import i18n
from .._yaml import safe_load
from ..errors import CasebookError
from .base import raise_all, root

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    id: str
    terms: dict[str, str]
    definitions: dict[str, str]

    def term(self, language: str) -> str:
        return self.terms[language]


def load_glossary(path: str | Path | None = None, languages: Sequence[str] | None = None) -> list[Term]:
    """Every glossary entry, checked: an id, and a term and a definition in each language."""
    file = root(path) / GLOSSARY_FILE
    languages = tuple(languages or i18n.available_languages())
    try:
        data = safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CasebookError("casebook.error.unreadable", file=str(file), reason=str(exc)) from None
    if not isinstance(data, list):
        raise CasebookError("casebook.error.glossary_format", file=str(file))
    problems: list[CasebookError] = []
    entries = []
    seen: dict[str, set[str]] = {lang: set() for lang in languages}
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(CasebookError("casebook.error.glossary_format", file=str(file)))
            continue
        terms, definitions = {}, {}
        for lang in languages:
            block = entry.get(lang)
            term = block.get("term") if isinstance(block, dict) else None
            definition = block.get("definition") if isinstance(block, dict) else None
            if not (
                isinstance(term, str) and term.strip() and isinstance(definition, str) and definition.strip()
            ):
                problems.append(
                    CasebookError(
                        "casebook.error.glossary_missing",
                        file=str(file),
                        entry=f"{number} ({entry['id']})",
                        lang=lang,
                    )
                )
                continue
            if term.casefold() in seen[lang]:
                problems.append(
                    CasebookError("casebook.error.glossary_duplicate", file=str(file), term=term, lang=lang)
                )
            seen[lang].add(term.casefold())
            terms[lang], definitions[lang] = term.strip(), " ".join(definition.split())
        entries.append(Term(entry["id"], terms, definitions))
    raise_all(problems)
    return entries


def glossary_markdown(terms: Sequence[Term], language: str) -> str:
    """The glossary page in MyST Markdown for one language, terms sorted alphabetically."""
    others = [lang for lang in i18n.available_languages() if lang != language]
    lines = [
        f"# {i18n.t('casebook.page.glossary', language=language)}",
        "",
        i18n.t("casebook.page.glossary_intro", language=language),
        "",
        "```{glossary}",
        ":sorted:",
        "",
    ]
    for entry in terms:
        lines.append(entry.term(language))
        extra = "; ".join(f"*{i18n.language_name(o)}:* {entry.term(o)}" for o in others if o in entry.terms)
        lines.append(f"  {entry.definitions[language]}" + (f" ({extra})" if extra else ""))
        lines.append("")
    lines.append("```")
    return "\n".join(lines) + "\n"
