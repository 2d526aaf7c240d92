"""Every participant notebook opens, in every language, with a title and a short "what to do" line.

In Voilà that first cell is all a participant sees before the widgets, so it must say what the page is and
what to do on it.
"""

from __future__ import annotations

import nbformat
import pytest

from casekit import i18n, notebooks
from casekit.notebooks.render import cell_languages

#: The line's opening words. Bokmål and nynorsk say "du" to one reader and "dere"/"de" to a leader group
#: working together.
WHAT_TO_DO = {
    "nb": ("**Hva du gjør her:**", "**Hva dere gjør her:**"),
    "en": ("**What to do here:**",),
    "nn": ("**Kva du gjer her:**", "**Kva de gjer her:**"),
}
PARTICIPANT = notebooks.catalogue("participant")


def languages(info) -> list[str]:
    """The available languages, and any other language the notebook's markdown cells are tagged with (a
    language's cells arrive before its catalogue makes it available)."""
    nb = nbformat.read(info.path, as_version=4)
    tagged = {lang for c in nb.cells if c.cell_type == "markdown" for lang in cell_languages(c)}
    return [*i18n.available_languages(), *sorted(tagged - set(i18n.available_languages()))]


PARTICIPANT_LANGUAGES = [
    pytest.param(info, language, id=f"{info.id}-{language}")
    for info in PARTICIPANT
    for language in languages(info)
]


def first_markdown(info, language: str) -> str:
    nb = nbformat.read(info.path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "markdown" and language in cell_languages(c)]
    assert cells, f"{info.id}: no markdown in {language}"
    return cells[0].source


def test_every_language_has_a_what_to_do_marker():
    tagged = {language for info in PARTICIPANT for language in languages(info)}
    assert tagged <= set(WHAT_TO_DO), sorted(tagged - set(WHAT_TO_DO))


@pytest.mark.parametrize(("info", "language"), PARTICIPANT_LANGUAGES)
def test_opens_with_title_and_what_to_do(info, language):
    text = first_markdown(info, language)
    lines = text.strip().splitlines()
    assert lines[0].startswith("# ") and lines[0][2:].strip(), f"{info.id} ({language}) starts {lines[0]!r}"
    todo = [line for line in lines if line.startswith(WHAT_TO_DO[language])]
    assert todo, f"{info.id} ({language}): no line starting {' or '.join(WHAT_TO_DO[language])}"
    opening = next(m for m in WHAT_TO_DO[language] if todo[0].startswith(m))
    assert 20 <= len(todo[0]) - len(opening) <= 300, f"{info.id} ({language}): not a short line: {todo[0]}"
