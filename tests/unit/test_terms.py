"""One term per concept: the rejected variants in ``casebook/terms.yaml`` appear nowhere a participant or a
trainer reads (notebooks, message catalogues, the casebook)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml

from casekit import i18n, notebooks
from casekit.notebooks.render import cell_languages

ROOT = Path(__file__).resolve().parents[2]
TERMS = yaml.safe_load((ROOT / "casebook" / "terms.yaml").read_text(encoding="utf-8"))
LANGUAGES = i18n.available_languages()
#: Not checked: URLs and link targets, code in backticks (names in code, not words).
_SKIP = re.compile(r"<https?://[^>]*>|\]\([^)]*\)|https?://\S+|`[^`]*`")


def rejected(language: str) -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    """(term id, pattern, allowed phrases) for every rejected variant in ``language``."""
    found = []
    for entry in TERMS:
        spec = entry.get(language) or {}
        for variant in spec.get("rejected", []):
            stem = re.escape(variant.rstrip("*")).replace(r"\ ", r"\s+")
            ending = r"\w*" if variant.endswith("*") else r"(?!\w)"
            pattern = re.compile(stem + ending, re.I)
            found.append((entry["id"], pattern, tuple(a.lower() for a in spec.get("allowed", []))))
    return found


def problems(text: str, language: str, where: str) -> list[str]:
    """Each rejected variant in ``text``, named with where it was found."""
    text = _SKIP.sub(" ", text)
    out = []
    for term_id, pattern, allowed in rejected(language):
        clean = text
        for phrase in allowed:
            clean = re.sub(re.escape(phrase), " ", clean, flags=re.I)
        out += [f"{where}: «{m.group(0)}» (use the term for {term_id})" for m in pattern.finditer(clean)]
    return out


def _strings(node: object, language: str | None = None) -> Iterator[tuple[str, str | None]]:
    """Every string in a YAML tree, with the language of the nearest nb/en key above it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, key if key in LANGUAGES else language)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, language)
    elif isinstance(node, str):
        yield node, language


def notebook_texts() -> Iterator[tuple[str, str, str]]:
    for info in notebooks.catalogue():
        nb = nbformat.read(info.path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for language in cell_languages(cell):
                    yield f"{info.relpath} cell {cell.get('id')}", language, cell.source
        for language in LANGUAGES:
            texts = [info.title.get(language, ""), *info.goals.get(language, [])]
            yield f"{info.relpath} metadata", language, "\n".join(texts)


def catalogue_texts() -> Iterator[tuple[str, str, str]]:
    for language in LANGUAGES:
        for path in sorted((ROOT / "src" / "casekit" / "i18n" / "catalogues" / language).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for text, _ in _strings(data):
                yield str(path.relative_to(ROOT)), language, text


_SOURCES_HEADING = {"nb": "## Kilder", "en": "## Sources"}


def casebook_texts() -> Iterator[tuple[str, str, str]]:
    for language in LANGUAGES:
        for path in sorted((ROOT / "casebook" / language).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "cases":  # the list of sources quotes titles as published
                text = text.split(_SOURCES_HEADING[language])[0]
            yield str(path.relative_to(ROOT)), language, text
    for path in [
        ROOT / "casebook" / "glossary.yaml",
        *sorted((ROOT / "casebook" / "runsheets").glob("*.yaml")),
    ]:
        for text, language in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if language:
                yield str(path.relative_to(ROOT)), language, text


def test_the_term_list_covers_both_languages_and_names_the_chosen_term():
    ids = [entry["id"] for entry in TERMS]
    assert len(ids) == len(set(ids)) and {"cohort", "case", "action-part"} <= set(ids)
    for entry in TERMS:
        for language in LANGUAGES:
            assert entry[language]["term"], (entry["id"], language)
            for variant in entry[language].get("rejected", []):
                assert not entry[language]["term"].lower().startswith(variant.rstrip("*").lower()), entry[
                    "id"
                ]


def test_the_check_finds_a_rejected_variant_and_respects_exceptions():
    assert problems("Se kohortens profil og caset.", "nb", "x") == [
        "x: «kohortens» (use the term for cohort)",
        "x: «caset» (use the term for case)",
    ]
    assert (
        problems("Tiltak i handlingsdelen og casen. Kommunens handlingsplan for teknologi.", "nb", "x") == []
    )
    assert problems("See <https://www.digdir.no/handlingsplanen/x> and `handlingsplan`.", "nb", "x") == []
    assert problems("The chief executive takes the action plan to the council.", "en", "x") == [
        "x: «action plan» (use the term for action-part)",
        "x: «chief executive» (use the term for municipal-director)",
    ]


@pytest.mark.parametrize(
    "source", [notebook_texts, catalogue_texts, casebook_texts], ids=["notebooks", "catalogues", "casebook"]
)
def test_no_rejected_variant_is_used(source):
    found = [p for where, language, text in source() for p in problems(text, language, where)]
    assert found == [], "\n".join(found)
