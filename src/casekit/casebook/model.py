"""Cases as files: reading, validating and selecting them.

A case is one MyST Markdown file per language, ``casebook/<language>/cases/<id>.md``. It starts with YAML
front matter and has the same second-level sections, in the same order, in every language::

    ---
    id: baerum-teams
    title: "Bærum: tverrfaglige utviklingsteam"
    summary: "One sentence for the index and the module pages."
    municipalities: ["3201"]      # 4-digit numbers as text, checked against the municipal register
    counties: []                  # optional: 2-digit county numbers as text
    modules: [1, 2]               # 1 organisation, 2 leadership, 3 strategy, 4 technology
    themes: [teams, leadership]   # codes from the catalogue (casebook.theme.*)
    notebooks: [1a-capabilities]  # the exercises the "try it" section links to
    ---

    ## Kontekst
    ...

The section headings come from the message catalogue (``casebook.section.*``), so a new language is a
catalogue plus a folder of cases. Everything but ``title`` and ``summary`` must agree across languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .. import i18n, municipalities
from .._yaml import safe_load
from ..errors import CasebookError, MunicipalityError
from .base import raise_all, root
from .glossary import load_glossary

#: The required sections of a case, in order. Their headings per language are ``casebook.section.<key>``.
SECTIONS: tuple[str, ...] = (
    "context",
    "challenge",
    "actions",
    "results",
    "theory",
    "questions",
    "try",
    "sources",
)
#: The programme's modules (module 0 is the start-here introduction, which has no cases of its own).
MODULES: tuple[int, ...] = (1, 2, 3, 4)
#: How many discussion questions a case asks.
QUESTIONS = (3, 5)
REQUIRED_FIELDS = ("id", "title", "summary", "municipalities", "modules", "themes", "notebooks")
OPTIONAL_FIELDS = ("counties",)
#: Fields that must be identical in every language.
SHARED_FIELDS = ("municipalities", "counties", "modules", "themes", "notebooks")
#: Pages every language folder needs besides the cases.
PAGES = ("index.md", "theory.md")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NOTEBOOK_ID_PATTERN = re.compile(r"[0-9][a-z0-9]*(?:-[a-z0-9]+)*")
NOTEBOOK_ROLE = re.compile(r"\{notebook\}`([^`]+)`")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")
_LIST_ITEM = re.compile(r"^(?:\d+[.)]|[-*+])\s+\S")


@dataclass(frozen=True)
class Case:
    """One case in one language. ``sections`` maps each key of :data:`SECTIONS` to its Markdown text."""

    id: str
    language: str
    title: str
    summary: str
    municipalities: tuple[str, ...]
    counties: tuple[str, ...]
    modules: tuple[int, ...]
    themes: tuple[str, ...]
    notebooks: tuple[str, ...]
    path: Path = field(compare=False)
    body: str = field(compare=False, repr=False)
    sections: dict[str, str] = field(compare=False, repr=False, default_factory=dict)

    def shared(self) -> dict[str, tuple[Any, ...]]:
        """The fields that must agree across languages."""
        return {name: getattr(self, name) for name in SHARED_FIELDS}

    def questions(self) -> list[str]:
        """The discussion questions, one string per list item."""
        return _list_items(self.sections.get("questions", ""))

    def theme_labels(self, language: str | None = None) -> list[str]:
        return [i18n.t(f"casebook.theme.{t}", language=language or self.language) for t in self.themes]

    def places(self) -> list[str]:
        """Municipality names, then county names, for lists and tables."""
        names = [municipalities.get(n).display_name() for n in self.municipalities]
        return names + [county_names()[c] for c in self.counties]


@lru_cache(maxsize=1)
def county_names() -> dict[str, str]:
    """``{"42": "Agder", ...}`` from the register (cached like the register itself)."""
    return {c.county_number: c.county_name for c in municipalities.counties().itertuples()}


# --- locations -------------------------------------------------------------------------------------------


def section_titles(language: str | None = None) -> dict[str, str]:
    """``{"context": "Kontekst", ...}`` in the given language."""
    return {key: i18n.t(f"casebook.section.{key}", language=language) for key in SECTIONS}


def theme_codes() -> list[str]:
    prefix = "casebook.theme."
    return sorted(k[len(prefix) :] for k in i18n.keys(i18n.DEFAULT_LANGUAGE) if k.startswith(prefix))


# --- parsing ---------------------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """``(front_matter, body, body_first_line)`` or None when the file does not start with ``---``."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def _headings(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """``(level, line number, text)`` of the ATX headings outside code fences and directives."""
    found = []
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[len(marker) :]:
                fence = None
            continue
        if fence is None:
            heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if heading:
                found.append((len(heading.group(1)), first_line + offset, heading.group(2)))
    return found


def _split_sections(body: str, first_line: int) -> list[tuple[str, int, str]]:
    """``(heading, line, text)`` of each second-level section."""
    lines = body.splitlines()
    marks = [(line, text) for level, line, text in _headings(body, first_line) if level == 2]
    out = []
    for i, (line, text) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else first_line + len(lines)
        out.append((text, line, "\n".join(lines[line - first_line + 1 : end - first_line]).strip()))
    return out


def _list_items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if _LIST_ITEM.match(line)]


def _shown(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else f"«{value}»"


def _string_list(
    data: dict[str, Any], name: str, file: str, problems: list[CasebookError], *, item: type = str
) -> tuple[Any, ...]:
    value = data.get(name, [])
    expected = i18n.t("casebook.expected.numbers" if item is int else "casebook.expected.texts")
    if not isinstance(value, list):
        problems.append(
            CasebookError(
                "casebook.error.field_type", file=file, field=name, value=_shown(value), expected=expected
            )
        )
        return ()
    good = []
    for v in value:
        wrong_int = item is int and (isinstance(v, bool) or not isinstance(v, int))
        # Municipality numbers that YAML read as integers get the register's own, more specific message.
        wrong_str = item is str and not isinstance(v, str) and name != "municipalities"
        if wrong_int or wrong_str:
            problems.append(
                CasebookError(
                    "casebook.error.field_type", file=file, field=name, value=_shown(v), expected=expected
                )
            )
        elif v in good:
            problems.append(CasebookError("casebook.error.duplicate", file=file, field=name, value=v))
        else:
            good.append(v)
    return tuple(good)


def _check_municipalities(values: Iterable[Any], file: str, problems: list[CasebookError]) -> tuple[str, ...]:
    good = []
    for value in values:
        try:
            found = municipalities.get(value)
            if not isinstance(value, str) or value.strip() != found.number:
                # A name resolves, but the front matter must hold the number, which never changes spelling.
                raise MunicipalityError(
                    "error.municipality.malformed", value=value, hint=f"{found.number} ({found.name})"
                )
            good.append(found.number)
        except MunicipalityError as exc:
            problems.append(CasebookError("casebook.error.municipality", file=file, reason=exc.message()))
    return tuple(good)


def _check_counties(values: Iterable[Any], file: str, problems: list[CasebookError]) -> tuple[str, ...]:
    known = county_names()
    good = []
    for value in values:
        if isinstance(value, str) and value in known:
            good.append(value)
        else:
            problems.append(
                CasebookError(
                    "casebook.error.county",
                    file=file,
                    value=_shown(value),
                    choices=", ".join(f"{k} {v}" for k, v in known.items()),
                )
            )
    return tuple(good)


def read_case(path: str | Path, language: str) -> Case:
    """Read and validate one case file. Every problem in the file is reported in one CasebookError."""
    path = Path(path)
    language = i18n.check_language(language)
    file = str(path)
    data, body, first_line = _front_matter(path)
    problems: list[CasebookError] = []
    _check_fields(data, path, problems)
    texts = {name: _text_field(data, name, file, problems) for name in ("title", "summary")}
    numbers = _check_municipalities(_string_list(data, "municipalities", file, problems), file, problems)
    counties = _check_counties(_string_list(data, "counties", file, problems), file, problems)
    modules = _check_modules(data, file, problems)
    themes = _check_themes(data, file, problems)
    notebooks = _check_notebooks(data, file, problems)
    sections = _check_body(body, first_line, language, file, notebooks, problems)
    raise_all(problems)
    return Case(
        id=data.get("id"),
        language=language,
        title=texts["title"],
        summary=texts["summary"],
        municipalities=numbers,
        counties=counties,
        modules=tuple(sorted(modules)),
        themes=themes,
        notebooks=notebooks,
        path=path,
        body=body,
        sections=sections,
    )


def _front_matter(path: Path) -> tuple[dict[str, Any], str, int]:
    """The front matter as a mapping, the body and the body's first line number; a file that cannot be
    read this far raises at once."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasebookError("casebook.error.unreadable", file=file, reason=str(exc)) from None
    parts = split_front_matter(text)
    if parts is None:
        raise CasebookError("casebook.error.no_front_matter", file=file)
    head, body, first_line = parts
    try:
        data = safe_load(head)
    except yaml.YAMLError as exc:
        raise CasebookError("casebook.error.front_matter_yaml", file=file, reason=str(exc)) from None
    if not isinstance(data, dict):
        raise CasebookError("casebook.error.not_mapping", file=file)
    return data, body, first_line


def _check_fields(data: dict[str, Any], path: Path, problems: list[CasebookError]) -> None:
    """Every required field is there, no unknown one, and the id is the file's name."""
    file = str(path)
    allowed = REQUIRED_FIELDS + OPTIONAL_FIELDS
    for name in REQUIRED_FIELDS:
        if name not in data:
            problems.append(CasebookError("casebook.error.missing_field", file=file, field=name))
    for name in data:
        if name not in allowed:
            problems.append(
                CasebookError(
                    "casebook.error.unknown_field", file=file, field=name, allowed=", ".join(allowed)
                )
            )
    case_id = data.get("id")
    if "id" in data and (
        not isinstance(case_id, str) or case_id != path.stem or not ID_PATTERN.fullmatch(case_id)
    ):
        problems.append(CasebookError("casebook.error.bad_id", file=file, value=case_id, stem=path.stem))


def _text_field(data: dict[str, Any], name: str, file: str, problems: list[CasebookError]) -> str:
    value = data.get(name)
    if name in data and (not isinstance(value, str) or not value.strip()):
        problems.append(
            CasebookError(
                "casebook.error.field_type",
                file=file,
                field=name,
                value=_shown(value),
                expected=i18n.t("casebook.expected.text"),
            )
        )
    return value.strip() if isinstance(value, str) else ""


def _check_modules(data: dict[str, Any], file: str, problems: list[CasebookError]) -> tuple[int, ...]:
    modules = _string_list(data, "modules", file, problems, item=int)
    for m in modules:
        if m not in MODULES:
            problems.append(CasebookError("casebook.error.module", file=file, value=m))
    if "modules" in data and not modules:
        problems.append(
            CasebookError(
                "casebook.error.field_type",
                file=file,
                field="modules",
                value="[]",
                expected=i18n.t("casebook.expected.modules"),
            )
        )
    return modules


def _check_themes(data: dict[str, Any], file: str, problems: list[CasebookError]) -> tuple[str, ...]:
    themes = _string_list(data, "themes", file, problems)
    known = theme_codes()
    for t in themes:
        if t not in known:
            problems.append(
                CasebookError("casebook.error.theme", file=file, value=t, allowed=", ".join(known))
            )
    return themes


def _check_notebooks(data: dict[str, Any], file: str, problems: list[CasebookError]) -> tuple[str, ...]:
    notebooks = _string_list(data, "notebooks", file, problems)
    for nb in notebooks:
        if not NOTEBOOK_ID_PATTERN.fullmatch(nb):
            problems.append(CasebookError("casebook.error.notebook_id", file=file, value=nb))
    return notebooks


def _check_body(
    body: str,
    first_line: int,
    language: str,
    file: str,
    notebooks: Sequence[str],
    problems: list[CasebookError],
) -> dict[str, str]:
    titles = section_titles(language)
    by_title = {v: k for k, v in titles.items()}
    expected = ", ".join(titles.values())
    for level, line, _text in _headings(body, first_line):
        if level == 1:
            problems.append(CasebookError("casebook.error.h1", file=file, line=line))
    sections: dict[str, str] = {}
    order = []
    for heading, line, text in _split_sections(body, first_line):
        key = by_title.get(heading)
        if key is None:
            problems.append(
                CasebookError(
                    "casebook.error.unexpected_section",
                    file=file,
                    line=line,
                    heading=heading,
                    expected=expected,
                )
            )
            continue
        if key in sections:
            problems.append(CasebookError("casebook.error.duplicate", file=file, field="##", value=heading))
            continue
        sections[key] = text
        order.append(key)
    for key in SECTIONS:
        if key not in sections:
            problems.append(
                CasebookError(
                    "casebook.error.missing_section", file=file, section=titles[key], expected=expected
                )
            )
    if order != [k for k in SECTIONS if k in sections]:
        problems.append(CasebookError("casebook.error.order", file=file, expected=expected))
    for key, text in sections.items():
        if not text.strip():
            problems.append(CasebookError("casebook.error.empty_section", file=file, section=titles[key]))
    if sections.get("questions"):
        count = len(_list_items(sections["questions"]))
        low, high = QUESTIONS
        if not low <= count <= high:
            problems.append(
                CasebookError(
                    "casebook.error.questions",
                    file=file,
                    section=titles["questions"],
                    count=count,
                    minimum=low,
                    maximum=high,
                )
            )
    if sections.get("try") and not NOTEBOOK_ROLE.search(sections["try"]):
        problems.append(CasebookError("casebook.error.no_notebook_link", file=file, section=titles["try"]))
    if sections.get("sources") and not _list_items(sections["sources"]):
        problems.append(CasebookError("casebook.error.no_sources", file=file, section=titles["sources"]))
    in_text = sorted({m.strip() for m in NOTEBOOK_ROLE.findall(body)})
    if in_text and sorted(set(notebooks)) != in_text:
        problems.append(
            CasebookError(
                "casebook.error.links_differ",
                file=file,
                in_text=", ".join(in_text),
                in_front_matter=", ".join(sorted(notebooks)) or "-",
            )
        )
    return sections


# --- the whole casebook ----------------------------------------------------------------------------------


def _case_files(folder: Path, language: str) -> list[Path]:
    lang_dir = folder / language
    if not lang_dir.is_dir():
        raise CasebookError("casebook.error.no_language", lang=language, path=str(lang_dir))
    files = sorted((lang_dir / "cases").glob("*.md"))
    if not files:
        raise CasebookError("casebook.error.no_cases", path=str(lang_dir / "cases"))
    return files


def load(language: str | None = None, path: str | Path | None = None) -> list[Case]:
    """Every case in one language (default: the current one), validated, in id order."""
    language = i18n.check_language(language or i18n.get_language())
    folder = root(path)
    problems: list[CasebookError] = []
    found = []
    for file in _case_files(folder, language):
        try:
            found.append(read_case(file, language))
        except CasebookError as exc:
            problems.extend(exc.problems or [exc])
    for page in PAGES:
        if not (folder / language / page).is_file():
            problems.append(CasebookError("casebook.error.missing_page", path=str(folder / language / page)))
    raise_all(problems)
    return found


def validate(path: str | Path | None = None, languages: Sequence[str] | None = None) -> dict[str, list[Case]]:
    """Load every language and check that each case exists in all of them with the same shared fields.

    Returns ``{language: [Case, ...]}``. Raises one CasebookError listing every problem found.
    """
    folder = root(path)
    languages = tuple(languages or i18n.available_languages())
    problems: list[CasebookError] = []
    loaded: dict[str, list[Case]] = {}
    for lang in languages:
        try:
            loaded[lang] = load(lang, folder)
        except CasebookError as exc:
            problems.extend(exc.problems or [exc])
    try:
        load_glossary(folder, languages)
    except CasebookError as exc:
        problems.extend(exc.problems or [exc])
    by_lang = {lang: {c.id: c for c in cases} for lang, cases in loaded.items()}
    all_ids = sorted(set().union(*(set(d) for d in by_lang.values()))) if by_lang else []
    for case_id in all_ids:
        present = {lang: d[case_id] for lang, d in by_lang.items() if case_id in d}
        for lang in by_lang:
            if lang not in present:
                problems.append(
                    CasebookError(
                        "casebook.error.missing_translation",
                        case=case_id,
                        lang=lang,
                        path=str(folder / lang / "cases" / f"{case_id}.md"),
                    )
                )
        ref_lang, ref = next(iter(present.items()))
        for lang, other in present.items():
            for name, value in other.shared().items():
                if value != ref.shared()[name]:
                    problems.append(
                        CasebookError(
                            "casebook.error.mismatch",
                            case=case_id,
                            field=name,
                            lang_a=ref_lang,
                            value_a=list(ref.shared()[name]),
                            lang_b=lang,
                            value_b=list(value),
                        )
                    )
    raise_all(problems)
    return loaded


def get(case_id: str, language: str | None = None, path: str | Path | None = None) -> Case:
    """One case by id."""
    cases = {c.id: c for c in load(language, path)}
    if case_id in cases:
        return cases[case_id]
    close = get_close_matches(case_id, list(cases), n=3, cutoff=0.4)
    raise CasebookError("casebook.error.unknown_case", name=case_id, suggestions=", ".join(close) or "-")


def select(
    module: int | None = None,
    theme: str | None = None,
    municipality: str | None = None,
    language: str | None = None,
    path: str | Path | None = None,
) -> list[Case]:
    """Cases filtered by module (1–4), theme code and municipality (number or name), in id order."""
    cases = load(language, path)
    if module is not None:
        if int(module) not in MODULES:
            raise CasebookError("casebook.error.module", file="--module", value=module)
        cases = [c for c in cases if int(module) in c.modules]
    if theme is not None:
        if theme not in theme_codes():
            raise CasebookError(
                "casebook.error.theme", file="--theme", value=theme, allowed=", ".join(theme_codes())
            )
        cases = [c for c in cases if theme in c.themes]
    if municipality is not None:
        me = municipalities.get(municipality)
        cases = [c for c in cases if me.number in c.municipalities or me.county_number in c.counties]
    return cases
