"""Nynorsk text carries no bokmål forms.

The forms to flag, with their nynorsk replacements, are in ``src/casekit/i18n/nynorsk.yaml``. The lint reads
every nynorsk text in the repository:

- ``casebook/nn/**/*.md`` (the body, and ``title`` and ``summary`` in the front matter),
- the ``nn`` entries of ``casebook/glossary.yaml``,
- every text in ``src/casekit/i18n/catalogues/nn/*.yaml``,
- markdown cells tagged ``lang-nn`` in ``notebooks/**/*.ipynb``, and ``nn`` values in notebook metadata,
- ``nn`` values in ``datasets/**/*.yaml``, ``datasets/datapackage.json`` and ``casebook/runsheets/*.yaml``,
- ``*_nn`` columns of ``datasets/**/*.csv`` (names, descriptions and rationales),
- ``"nn"`` entries of dict literals in ``src/casekit/**/*.py`` (labels such as radar rings).

Each hit names the file, the place (line, cell or key) and the replacement. Quotations, code, role targets,
addresses, placeholders and the titles of cited works are not read (see ``allow`` in the rules file).
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from casekit.casebook.model import split_front_matter

ROOT = Path(__file__).resolve().parents[2]
RULES_FILE = ROOT / "src" / "casekit" / "i18n" / "nynorsk.yaml"
LANG = "nn"
WORD = re.compile(r"[^\W\d_]+")


# --- the rules -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    words: dict[str, tuple[str, ...]]
    stems: dict[str, tuple[str, ...]]
    prefixes: dict[str, tuple[str, ...]]
    endings: dict[str, tuple[str, ...]]
    accepted: frozenset[str]
    headings: frozenset[str]
    phrases: tuple[str, ...]

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> Rules:
        return cls.from_data(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))

    @classmethod
    def from_data(cls, data: Any, source: str = "rules") -> Rules:
        """The rules, or a ValueError that lists every malformed entry."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise ValueError(
                f"{source}: expected a mapping with words, stems, prefixes, endings, accepted, allow"
            )

        def section(name: str) -> dict[str, tuple[str, ...]]:
            found: dict[str, tuple[str, ...]] = {}
            for key, value in (data.get(name) or {}).items():
                values = [value] if isinstance(value, str) else value
                good_key = isinstance(key, str) and key.strip() and key == key.lower()
                good_values = (
                    isinstance(values, list) and values and all(isinstance(v, str) and v for v in values)
                )
                if not (good_key and good_values):
                    problems.append(
                        f"{name}: {key!r}: {value!r} (a lower-case bokmål form and one replacement or a list)"
                    )
                    continue
                found[key] = tuple(values)
            return found

        words, stems = section("words"), section("stems")
        prefixes, endings = section("prefixes"), section("endings")
        accepted = data.get("accepted") or []
        if not all(isinstance(a, str) and a == a.lower() for a in accepted):
            problems.append(f"accepted: every entry is a lower-case word, not {accepted!r}")
        allow = data.get("allow") or {}
        headings, phrases = allow.get("headings") or [], allow.get("phrases") or []
        if not all(isinstance(x, str) and x for x in [*headings, *phrases]):
            problems.append(f"allow: headings and phrases are lists of texts, not {allow!r}")
        if problems:
            raise ValueError(f"{source} has {len(problems)} problems:\n" + "\n".join(problems))
        return cls(words, stems, prefixes, endings, frozenset(accepted), frozenset(headings), tuple(phrases))

    def check(self, word: str) -> tuple[str, str] | None:
        """``(suggestion, rules applied)`` when ``word`` is a bokmål form, else None."""
        low = word.lower()
        if low in self.accepted or (len(word) > 1 and word.isupper()):
            return None
        if low in self.words:
            return " / ".join(_case_like(word, r) for r in self.words[low]), ""
        stems = self._stems_in(low)
        ending = None
        for name in sorted((e for e in self.endings if low.endswith(e)), key=len, reverse=True):
            fitted = _fit_ending(low, name, self.endings[name][0], stems)
            if fitted is not None:
                ending, stems = (name, *fitted[:3]), fitted[3]
                break
        taken = [(start, end) for start, end, _ in stems] + ([(ending[1], len(low))] if ending else [])
        prefix = max((p for p in self.prefixes if low.startswith(p)), key=len, default=None)
        if prefix and any(start < len(prefix) for start, _ in taken):
            prefix = None
        if not (stems or ending or prefix):
            return None
        form, applied, cut = low, [], len(low)
        if ending:
            name, cut, _, target = ending
            form = low[:cut] + target
            applied.append(f"-{name} → -{' / -'.join(self.endings[name])}")
        for start, end, stem in sorted(stems, reverse=True):
            form = form[:start] + self.stems[stem][0] + form[end:]
            applied.append(f"{stem} → {' / '.join(self.stems[stem])}")
        if prefix:
            form = self.prefixes[prefix][0] + form[len(prefix) :]
            applied.append(f"{prefix}- → {' / '.join(self.prefixes[prefix])}-")
        return _case_like(word, form), ", ".join(applied)

    def _stems_in(self, low: str) -> list[tuple[int, int, str]]:
        """``(start, end, stem)`` of the stems in ``low``, longer stems first, none overlapping."""
        found: list[tuple[int, int, str]] = []
        for stem in sorted(self.stems, key=len, reverse=True):
            for match in re.finditer(re.escape(stem), low):
                if all(match.end() <= s or match.start() >= e for s, e, _ in found):
                    found.append((match.start(), match.end(), stem))
        return found


def _fit_ending(
    low: str, source: str, target: str, stems: list[tuple[int, int, str]]
) -> tuple[int, str, str, list[tuple[int, int, str]]] | None:
    """Where an ending goes beside the stems: ``(start, source, target, stems kept)``, or None when a stem
    covers the ending or overlaps it where the two rewrite the letters differently."""
    start, kept = len(low) - len(source), []
    for stem in stems:
        s, e, _ = stem
        if e <= start:
            kept.append(stem)
        elif s >= start:
            continue  # the ending covers this stem («ledere»)
        elif e >= len(low):
            return None  # the stem covers the ending («virksomhet»)
        else:
            overlap, same = e - start, len(_common_prefix(source, target))
            if overlap > same:
                return None
            start, source, target = e, source[overlap:], target[overlap:]
            kept.append(stem)
    return start, source, target, kept


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _case_like(word: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if word[:1].isupper() else replacement


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.load()


# --- what the lint does not read -------------------------------------------------------------------------

ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`(?=([^\W\d_]*))")
TITLED_TARGET = re.compile(r"^(.*?\S)\s*<[^<>]*>$", re.DOTALL)
CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
ADDRESSES = (
    re.compile(r"<(?:https?|mailto):[^>\s]*>"),
    re.compile(r"\]\([^)\s]*\)"),
    re.compile(r"\b(?:https?://|www\.)\S+"),
)
PLACEHOLDER = re.compile(r"\{\{?[\w.]*\}?\}")
QUOTES = (re.compile(r'"[^"\n]*"'), re.compile(r"“[^”]*”"), re.compile(r"‘[^’]*’"))
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\S*)")
CODE_DIRECTIVES = {"{code-cell}", "{code}", "{code-block}", "{math}", "{eval-rst}", "{raw}"}
LABEL = re.compile(r"(?m)^\([^)\s]+\)=\s*$")
HTML = (re.compile(r"<!--.*?-->", re.DOTALL), re.compile(r"</?[A-Za-z][^<>]*>"))
HEADING = re.compile(r"(?m)^(#{1,6})\s+(.*?)\s*#*\s*$")
ITALIC = (
    re.compile(r"(?<![*\w])\*(?![*\s])[^*\n]+?(?<!\s)\*(?![*\w])"),
    re.compile(r"(?<![_\w])_(?![_\s])[^_\n]+?(?<!\s)_(?![_\w])"),
)


def _blank(text: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in text)


def _sub(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: _blank(m.group(0)), text)


def _mask_guillemets(text: str) -> str:
    """Blank «…», nested ones included, up to the matching closing mark."""
    out, depth = [], 0
    for char in text:
        if char == "«":
            depth += 1
        out.append(char if depth == 0 or char == "\n" else " ")
        if char == "»" and depth:
            depth -= 1
    return "".join(out)


def _keep_role_title(match: re.Match[str]) -> str:
    """Blank a role but keep its title; a target with letters right after it ({term}`kommuneplan`en) keeps
    its last word, so the word it forms with them (kommuneplanen) is read."""
    titled = TITLED_TARGET.match(match.group(1))
    if not titled:
        words = WORD.findall(match.group(1))
        last = words[-1] if words and match.group(2) else ""
        return _blank(match.group(0)[: len(match.group(0)) - len(last)]) + last
    start = match.start(1) - match.start(0)
    title = titled.group(1)
    return _blank(match.group(0)[:start]) + title + _blank(match.group(0)[start + len(title) :])


def mask_inline(text: str, rules: Rules) -> str:
    """``text`` with everything the lint does not read replaced by spaces (offsets and lines stay)."""
    for phrase in rules.phrases:
        text = text.replace(phrase, _blank(phrase))
    text = ROLE.sub(_keep_role_title, text)
    text = _sub(CODE, text)
    for pattern in ADDRESSES:
        text = _sub(pattern, text)
    text = _sub(PLACEHOLDER, text)
    text = _mask_guillemets(text)
    for pattern in QUOTES:
        text = _sub(pattern, text)
    return text


def mask_markdown(text: str, rules: Rules) -> str:
    """Blank code blocks, labels, HTML and italic titles in source sections, then what mask_inline blanks."""
    lines = text.split("\n")
    fence: tuple[str, bool] | None = None  # (marker, body is code)
    for i, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            info = match.group(2)
            fence = (match.group(1), not info.startswith("{") or info in CODE_DIRECTIVES)
            lines[i] = _blank(line)
        elif fence is not None and match and match.group(1)[0] == fence[0][0] and not match.group(2):
            fence, lines[i] = None, _blank(line)
        elif fence is not None and (fence[1] or re.match(r"^\s*:[\w-]+:", line)):
            lines[i] = _blank(line)
    text = "\n".join(lines)
    text = _sub(LABEL, text)
    for pattern in HTML:
        text = _sub(pattern, text)
    text = _mask_titles(text, rules)
    return mask_inline(text, rules)


def _mask_titles(text: str, rules: Rules) -> str:
    """In sections whose heading is in ``allow.headings`` (the source lists), italics are titles of works."""
    headings = list(HEADING.finditer(text))
    for i, heading in enumerate(headings):
        if heading.group(2) not in rules.headings:
            continue
        level = len(heading.group(1))
        end = next((h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(text))
        section = text[heading.end() : end]
        for pattern in ITALIC:
            section = _sub(pattern, section)
        text = text[: heading.end()] + section + text[end:]
    return text


# --- linting one text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One nynorsk text: ``place`` names it in its file; ``line`` is the file line its first line is on."""

    file: str
    place: str
    text: str
    line: int | None = None
    markdown: bool = False


@dataclass(frozen=True)
class Hit:
    file: str
    place: str
    word: str
    suggestion: str
    applied: str

    def __str__(self) -> str:
        rule = f" ({self.applied})" if self.applied else ""
        return f"{self.file}, {self.place}: «{self.word}» → {self.suggestion}{rule}"


def lint(source: Source, rules: Rules) -> list[Hit]:
    masked = mask_markdown(source.text, rules) if source.markdown else mask_inline(source.text, rules)
    hits = []
    for match in WORD.finditer(masked):
        found = rules.check(match.group(0))
        if found is None:
            continue
        place = source.place
        if source.line is not None:
            line = f"line {source.line + masked.count(chr(10), 0, match.start())}"
            place = f"{place}, {line}" if place else line
        hits.append(Hit(source.file, place, match.group(0), *found))
    return hits


def lint_text(text: str, rules: Rules, *, markdown: bool = False) -> list[Hit]:
    return lint(Source("text", "", text, line=1, markdown=markdown), rules)


# --- finding the nynorsk text ----------------------------------------------------------------------------


def _yaml_texts(node: yaml.Node, path: str, inside: bool) -> Iterator[tuple[str, int, str]]:
    """``(key path, line, text)`` of the strings under a key ``nn`` (or all of them when ``inside``)."""
    if isinstance(node, yaml.ScalarNode):
        if inside and node.tag == "tag:yaml.org,2002:str":
            yield path, node.start_mark.line + 1, node.value
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _yaml_texts(item, f"{path}[{index}]", inside)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            yield from _yaml_texts(value, f"{path}.{name}" if path else name, inside or name == LANG)


def _yaml_sources(file: Path, root: Path, *, everything: bool = False) -> Iterator[Source]:
    node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if node is None:
        return
    for path, line, text in _yaml_texts(node, "", everything):
        yield Source(str(file.relative_to(root)), f"{path} (line {line})", text)


def _json_texts(value: Any, path: str, inside: bool = False) -> Iterator[tuple[str, str]]:
    if isinstance(value, str) and inside:
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_texts(item, f"{path}[{index}]", inside)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_texts(item, f"{path}.{key}", inside or key == LANG)


def _csv_sources(file: Path, root: Path) -> Iterator[Source]:
    """The ``*_nn`` columns of a data table (``name_nn``, ``description_nn``, ``rationale_nn``)."""
    with file.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = [c for c in reader.fieldnames or [] if c.endswith(f"_{LANG}")]
        if not columns:
            return
        for number, row in enumerate(reader, start=2):
            for column in columns:
                if row.get(column):
                    yield Source(str(file.relative_to(root)), f"{column} (line {number})", row[column])


def _markdown_sources(file: Path, root: Path) -> Iterator[Source]:
    name = str(file.relative_to(root))
    text = file.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        yield Source(name, "", text, line=1, markdown=True)
        return
    head, body, first_line = parts
    node = yaml.compose(head, Loader=yaml.SafeLoader)
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if key.value in ("title", "summary") and isinstance(value, yaml.ScalarNode):
            yield Source(name, f"{key.value} (line {value.start_mark.line + 2})", value.value)
    yield Source(name, "", body, line=first_line, markdown=True)


def _notebook_sources(file: Path, root: Path) -> Iterator[Source]:
    name = str(file.relative_to(root))
    notebook = json.loads(file.read_text(encoding="utf-8"))
    for path, text in _json_texts(notebook.get("metadata", {}), "metadata"):
        yield Source(name, path, text)
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        metadata = cell.get("metadata", {})
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown" and f"lang-{LANG}" in metadata.get("tags", []):
            yield Source(name, f"cell {number}", text, line=1, markdown=True)
        for path, value in _json_texts(metadata, f"cell {number} metadata"):
            yield Source(name, path, value)


def _python_sources(file: Path, root: Path) -> Iterator[Source]:
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value == LANG:
                items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
                for item in items:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        yield Source(str(file.relative_to(root)), f"line {item.lineno}", item.value)


def repository_sources(root: Path = ROOT) -> Iterator[Source]:
    """Every nynorsk text under ``root``, which has the repository's layout."""
    for file in sorted((root / "casebook" / LANG).rglob("*.md")):
        yield from _markdown_sources(file, root)
    glossary = root / "casebook" / "glossary.yaml"
    if glossary.exists():
        yield from _yaml_sources(glossary, root)
    for file in sorted((root / "src" / "casekit" / "i18n" / "catalogues" / LANG).glob("*.yaml")):
        yield from _yaml_sources(file, root, everything=True)
    for file in sorted((root / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in file.parts:
            yield from _notebook_sources(file, root)
    data = [*(root / "datasets").rglob("*.yaml"), *(root / "casebook" / "runsheets").glob("*.yaml")]
    for file in sorted(data):
        yield from _yaml_sources(file, root)
    for file in sorted((root / "datasets").rglob("*.csv")):
        yield from _csv_sources(file, root)
    package = root / "datasets" / "datapackage.json"
    if package.exists():
        texts = _json_texts(json.loads(package.read_text(encoding="utf-8")), "")
        yield from (Source(str(package.relative_to(root)), path, text) for path, text in texts)
    for file in sorted((root / "src" / "casekit").rglob("*.py")):
        yield from _python_sources(file, root)


# --- the repository --------------------------------------------------------------------------------------


def test_nynorsk_text_in_the_repository_has_no_bokmaal_forms(rules):
    hits = [hit for source in repository_sources() for hit in lint(source, rules)]
    assert not hits, f"{len(hits)} bokmål forms in nynorsk text:\n" + "\n".join(map(str, hits))


def test_the_scan_reads_the_nynorsk_casebook_and_glossary():
    sources = list(repository_sources())
    pages = {s.file for s in sources if s.file.startswith("casebook/nn/")}
    expected = {str(p.relative_to(ROOT)) for p in (ROOT / "casebook" / "nn").rglob("*.md")}
    assert pages == expected and len(expected) >= 12
    entries = yaml.safe_load((ROOT / "casebook" / "glossary.yaml").read_text(encoding="utf-8"))
    glossary = [s for s in sources if s.file == "casebook/glossary.yaml"]
    assert len(glossary) == 2 * len(entries)  # a term and a definition per entry
    titles = [s for s in sources if s.file.startswith("casebook/nn/cases/") and s.place.startswith("title")]
    assert len(titles) == len(list((ROOT / "casebook" / "nn" / "cases").glob("*.md")))


# --- the rules file --------------------------------------------------------------------------------------


def test_the_rules_file_has_no_duplicate_forms():
    # YAML keeps the last of two equal keys without a word, so a second entry would hide the first
    node = yaml.compose(RULES_FILE.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for section, mapping in node.value:
        if isinstance(mapping, yaml.MappingNode):
            keys = [key.value for key, _ in mapping.value]
            assert len(keys) == len(set(keys)), (
                section.value,
                sorted({k for k in keys if keys.count(k) > 1}),
            )


def test_ordinary_nynorsk_passes(rules):
    text = (
        "Leiargruppa tar tak i saka, og kommunedirektøren bruker tid på henne. "
        "Ingen av tinga i ringen er tekne i bruk enno. Ho arbeider på skolen, og bygget er nytt. "
        "Syklusen er forskjellig frå år til år, og økta var kort. Dei har tatt vegen til fylket. "
        "Samtidig fekk dei tilsette ei ny teneste; no kan innbyggjarane søkje på nett. "
        "Det er viktig at tiltaka blir vurderte, og at ein kan stole på dataa."
    )
    assert not lint_text(text, rules)


def test_accepted_forms_are_never_flagged(rules):
    assert rules.accepted and not lint_text(" ".join(sorted(rules.accepted)), rules)


def test_no_whole_word_is_both_flagged_and_accepted(rules):
    # a stem, prefix or ending may equal an accepted word («bruker»): the word itself is exempt
    assert not set(rules.words) & rules.accepted


def test_every_replacement_is_itself_nynorsk(rules):
    replacements = {
        r
        for section in (rules.words, rules.stems, rules.prefixes, rules.endings)
        for values in section.values()
        for r in values
    }
    flagged = [str(hit) for r in sorted(replacements) for hit in lint_text(r, rules)]
    assert not flagged, flagged


def test_the_brief_list_is_in_the_rules(rules):
    required = {
        "ikke": "ikkje", "hva": "kva", "hvordan": "korleis", "mye": "mykje", "bare": "berre", "jeg": "eg",
        "hvis": "viss", "noen": "nokon", "hvem": "kven", "hvor": "kor", "dere": "de", "være": "vere",
        "ble": "vart", "gjøre": "gjere", "gjør": "gjer", "samme": "same", "sammen": "saman", "hele": "heile",
        "selv": "sjølv", "frem": "fram", "uten": "utan", "disse": "desse", "hvert": "kvart", "hver": "kvar",
        "noe": "noko", "svarene": "svara", "resultatene": "resultata", "øke": "auke",
        "ledergruppe": "leiargruppe", "tjeneste": "teneste", "virksomhet": "verksemd", "leder": "leiar",
        "ansatte": "tilsette", "medarbeider": "medarbeidar", "brukere": "brukarar", "økning": "auke",
    }  # fmt: skip
    for bokmaal, nynorsk in required.items():
        found = rules.check(bokmaal)
        assert found is not None and nynorsk in found[0].split(" / "), (bokmaal, found)


def test_a_malformed_rules_file_lists_every_problem():
    with pytest.raises(ValueError) as err:
        Rules.from_data(
            {"words": {"Ikke": "ikkje", False: "nei", "hva": [], "hvem": "kven"}, "accepted": ["Også"]}
        )
    message = str(err.value)
    assert "4 problems" in message and "'Ikke'" in message and "False" in message and "'hva'" in message


# --- the lint on small texts -----------------------------------------------------------------------------


def test_ikke_is_flagged_with_its_replacement_and_line(rules):
    hits = lint_text("Det er ikkje slik.\nMen det er ikke her.", rules)
    assert [(h.word, h.suggestion, h.place) for h in hits] == [("ikke", "ikkje", "line 2")]


def test_whole_words_only(rules):
    assert not lint_text("ikkje, Sikkerheit, Mikkel, likevel, mellom, heile, Noreg, leiargruppa", rules)


def test_case_is_kept_and_acronyms_are_left_alone(rules):
    assert [h.suggestion for h in lint_text("Ikke her.", rules)] == ["Ikkje"]
    assert not lint_text("KS, NAV, IT, SE og EN 301 549", rules)


def test_hyphen_separates_words(rules):
    assert not lint_text("IT-avdelinga og Digi-nettverka", rules)
    assert [h.word for h in lint_text("IT-leder", rules)] == ["leder"]


def test_compounds_and_endings_get_a_built_suggestion(rules):
    found = {h.word: h.suggestion for h in lint_text("hjemmetjenesten tydelig muligheter løsningene", rules)}
    assert found["tydelig"] == "tydeleg"
    assert found["muligheter"] == "moglegheiter"
    assert found["løsningene"] == "løysingane"
    assert "heime" in found["hjemmetjenesten"] and "tenest" in found["hjemmetjenesten"]


def test_the_verb_bruker_passes_but_the_noun_forms_do_not(rules):
    assert not lint_text("Slik bruker de casane.", rules)
    assert [h.suggestion for h in lint_text("brukerne og brukerbehov", rules)] == ["brukarane", "brukarbehov"]


def test_quotations_are_not_read(rules):
    text = 'Ho sa «ikke slik», "hva da" og “hvordan”, og «ytre «indre ikke» ikke».'
    assert not lint_text(text, rules)
    assert [h.word for h in lint_text("«ikkje» og så ikke", rules)] == ["ikke"]


def test_code_and_role_targets_are_not_read_but_role_titles_are(rules):
    assert not lint_text(
        "`ikke` og {term}`ledergruppe` og {doc}`hva` og {ref}`rolla til leiinga <ledelse>`", rules
    )
    assert [h.word for h in lint_text("Sjå {ref}`ledelsens rolle <theory-leadership>`.", rules)] == [
        "ledelsens"
    ]


def test_letters_after_a_role_are_read_with_the_last_word_of_its_target(rules):
    assert not lint_text("{term}`kommuneplan`en og dei regionale {term}`Digi-nettverk`a", rules)
    hits = lint_text("i {term}`leiargruppe`n", rules)
    assert [(h.word, h.suggestion) for h in hits] == [("leiargruppen", "leiargruppa")]


def test_addresses_and_placeholders_are_not_read(rules):
    text = "Sjå <https://x.no/ikke-bare>, https://y.no/hva, [lenkja](https://z.no/ikke) og {ikke} {{hva}}."
    assert not lint_text(text, rules)


def test_markdown_code_blocks_and_labels_are_not_read(rules):
    text = "```python\nikke = hva\n```\n\n(theory-ikke)=\n## Tittel\n\n<!-- ikke -->\nTekst ikke.\n"
    hits = lint_text(text, rules, markdown=True)
    assert [(h.word, h.place) for h in hits] == [("ikke", "line 9")]


def test_directive_bodies_are_read(rules):
    assert [
        h.word for h in lint_text("```{note}\n:class: tip\nDet er ikke slik.\n```\n", rules, markdown=True)
    ] == ["ikke"]


def test_italics_are_titles_only_under_a_sources_heading(rules):
    text = (
        "## Kontekst\n\nDet er *ikke* slik.\n\n## Kjelder\n\n- KS: *Lære hele livet*.\n\n## Anna\n\n*hele*\n"
    )
    hits = lint_text(text, rules, markdown=True)
    assert [(h.word, h.place) for h in hits] == [("ikke", "line 3"), ("hele", "line 11")]


def test_allowed_names_keep_their_spelling(rules):
    assert [h.suggestion for h in lint_text("Innovasjon Norge har kontor i heile Norge.", rules)] == ["Noreg"]


# --- finding the texts -----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_case_front_matter_title_and_summary_are_read(tmp_path, rules):
    _write(
        tmp_path / "casebook" / "nn" / "cases" / "x.md",
        '---\nid: ikke\ntitle: "Hva dei gjorde"\nsummary: "Ein case."\nthemes: [hva]\n---\n'
        "\n## Kontekst\n\nikke\n",
    )
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == [
        "casebook/nn/cases/x.md, title (line 3): «Hva» → Kva",
        "casebook/nn/cases/x.md, line 10: «ikke» → ikkje",
    ]


def test_yaml_data_is_read_under_nn_keys_only(tmp_path, rules):
    _write(
        tmp_path / "datasets" / "instruments" / "x.yaml",
        "items:\n  - label: {nb: ikke, en: not, nn: ikkje}\n  - label:\n      nb: hva\n      nn: hva\n",
    )
    _write(tmp_path / "casebook" / "runsheets" / "1a.yaml", "notes:\n  nn:\n    - Ein merknad.\n    - hvem\n")
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == [
        "casebook/runsheets/1a.yaml, notes.nn[1] (line 4): «hvem» → kven",
        "datasets/instruments/x.yaml, items[1].label.nn (line 5): «hva» → kva",
    ]


def test_nn_columns_of_data_tables_and_nn_texts_of_the_data_package_are_read(tmp_path, rules):
    _write(
        tmp_path / "datasets" / "radar" / "x.csv",
        "id,rationale,rationale_nn\na,Vi prøver ikke,Vi prøver ikkje\nb,Hva nå,Hva no\n",
    )
    _write(
        tmp_path / "datasets" / "datapackage.json",
        '{"resources": [{"title": {"nb": "ikke", "nn": "ikke"}, "path": "hvem.csv"}]}',
    )
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == [
        "datasets/radar/x.csv, rationale_nn (line 3): «Hva» → Kva",
        "datasets/datapackage.json, .resources[0].title.nn: «ikke» → ikkje",
    ]


def test_every_text_of_the_nn_catalogue_is_read(tmp_path, rules):
    _write(
        tmp_path / "src" / "casekit" / "i18n" / "catalogues" / "nn" / "core.yaml",
        'core:\n  error:\n    missing: "Fila {file} finst ikke."\n',
    )
    _write(tmp_path / "src" / "casekit" / "i18n" / "catalogues" / "nb" / "core.yaml", "core: {x: ikke}\n")
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == ["src/casekit/i18n/catalogues/nn/core.yaml, core.error.missing (line 3): «ikke» → ikkje"]


def test_notebook_cells_tagged_lang_nn_and_nn_metadata_are_read(tmp_path, rules):
    notebook = {
        "metadata": {"casekit": {"title": {"nb": "Hva", "nn": "Hva no"}}},
        "cells": [
            {"cell_type": "markdown", "metadata": {"tags": ["lang-nb"]}, "source": ["ikke\n"]},
            {"cell_type": "markdown", "metadata": {"tags": ["lang-nn"]}, "source": ["Hei\n", "ikke\n"]},
            {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["ikke = 1\n"]},
        ],
    }
    _write(tmp_path / "notebooks" / "m1" / "x.ipynb", json.dumps(notebook))
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == [
        "notebooks/m1/x.ipynb, metadata.casekit.title.nn: «Hva» → Kva",
        "notebooks/m1/x.ipynb, cell 2, line 2: «ikke» → ikkje",
    ]


def test_nn_entries_of_dict_literals_in_the_code_are_read(tmp_path, rules):
    _write(
        tmp_path / "src" / "casekit" / "x.py", 'LABEL = {"nb": "ikke", "en": "not",\n         "nn": "ikke"}\n'
    )
    hits = [str(h) for s in repository_sources(tmp_path) for h in lint(s, rules)]
    assert hits == ["src/casekit/x.py, line 2: «ikke» → ikkje"]
