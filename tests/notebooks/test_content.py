"""Content checks that need no kernel: every participant notebook shows its duration; a figure stated in a
notebook or a case has a source or a label next to it; every casebook link and glossary term resolves; and
the README's curriculum table is the notebook catalogue, with every track through the phases it needs."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from casekit import casebook, i18n, notebooks
from casekit.casebook.glossary import load_glossary
from casekit.notebooks.render import cell_languages

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = i18n.available_languages()
PARTICIPANT = notebooks.catalogue("participant")


def markdown(info, language: str) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(info.path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "markdown" and language in cell_languages(c)]


def languages(info) -> list[str]:
    """The available languages, and any other language the notebook's markdown cells are tagged with (a
    language's cells arrive before its catalogue makes it available)."""
    nb = nbformat.read(info.path, as_version=4)
    tagged = {lang for c in nb.cells if c.cell_type == "markdown" for lang in cell_languages(c)}
    return [*LANGUAGES, *sorted(tagged - set(LANGUAGES))]


# --- durations ---------------------------------------------------------------------------------------------

#: How the first markdown cell says the duration from the metadata.
DURATION = {
    "nb": "om lag {minutes} minutter",
    "en": "about {minutes} minutes",
    "nn": "om lag {minutes} minutt",
}
PARTICIPANT_LANGUAGES = [
    pytest.param(info, language, id=f"{info.id}-{language}")
    for info in PARTICIPANT
    for language in languages(info)
]


def test_every_language_has_a_duration_phrase():
    tagged = {language for info in PARTICIPANT for language in languages(info)}
    assert tagged <= set(DURATION), sorted(tagged - set(DURATION))


@pytest.mark.parametrize(("info", "language"), PARTICIPANT_LANGUAGES)
def test_every_participant_notebook_shows_its_duration(info, language):
    first = markdown(info, language)[0].source
    phrase = DURATION[language].format(minutes=info.duration)
    assert phrase in first.lower(), f"{info.id} ({language}): the first cell should say “{phrase}”"


# --- figures need a source or a label ----------------------------------------------------------------------

#: Not read as text: URLs and link targets, code, MyST roles, and numbered steps of the programme.
_SKIP = re.compile(
    r"<https?://[^>]*>|\]\([^)]*\)|https?://\S+|`[^`]*`|\{[a-z]+\}`[^`]*`"
    r"|(?i:generasjon|generation|nivå|level|modul|module|trinn|step|fase|phase)\s+\d+"
)
_NUMBER = r"\d[\d\u00a0 .,]*"
#: A figure about the world: a share, an amount, a count of people, places or things, or a year.
FIGURE = re.compile(
    r"(?i)(?:"
    + _NUMBER
    + r"\s?(?:%|prosent\b|per cent\b|percent\b)|"
    + _NUMBER
    + r"\s?(?:kr\b|kroner\b|NOK\b|millioner\b|millionar\b|million\b|milliarder\b|milliardar\b"
    r"|billion\b)|\b"
    + _NUMBER
    + r"\s+(?:kommuner|kommunar|municipalities|innbyggere|innbyggjarar|inhabitants|residents|toppledere"
    r"|toppleiarar|top leaders|ledere\b|leiarar\b|leaders\b|deltakere|deltakarar|participants|fylker\b"
    r"|fylke\b|counties|ansatte|tilsette|employees|etterlatte|etterlatne|bereaved|personer\b|personar\b"
    r"|people\b|fagsystemer|fagsystem\b|systems\b|tjenester\b|tenester\b|services\b|livshendelser"
    r"|livshendingar|life events)"
    r"|\b(?:19|20)\d\d\b)"
)
#: What makes a figure checkable in the same cell or paragraph: a link, a named source or law, a cited
#: publication, an attribution, or a label saying it is an assumption, an illustration or sample data.
MARKER = re.compile(
    r"(?i)kilde|kjelde|\bsource|ifølge|ifølgje|according to|antakelse|antaking|assumption|illustrasjon"
    r"|illustration|syntetisk|synthetic|eksempel\w+|regneeksempel|rekneeksempel|worked example|\bsample\b"
    r"|\]\(|<https?://|§|\bsection \d"
    r"|forordning|regulation \(eu\)|\*[^*\n]+\*\s*\((?:19|20)\d\d|omtale|\baccount\b"
    r"|\b(?:SSB\w*|Statistics Norway|DI2X\w*|Digdir\w*|DFØ\w*|Lovdata|KS)\b"
)


def unsourced(text: str, sources: str = "") -> list[str]:
    """The figures in ``text`` with no marker in ``text`` and not found in ``sources`` (a case's list of
    sources, which names the publication a year or a number comes from)."""
    if MARKER.search(text):
        return []
    figures = [m.group(0).strip(" .,") for m in FIGURE.finditer(_SKIP.sub(" ", text))]
    return [f for f in figures if f not in sources]


def test_the_figure_check_can_fail():
    assert unsourced("Om lag 40 000 personer dør i Norge hvert år, og 12 % av dem bor alene.") == [
        "40 000 personer",
        "12 %",
    ]
    assert unsourced("Ifølge SSB dør om lag 40 000 personer i Norge hvert år.") == []
    assert unsourced("Om lag 40 000 personar døyr i Noreg kvart år.") == ["40 000 personar"]
    assert unsourced("Ifølgje SSB døyr om lag 40 000 personar i Noreg kvart år.") == []
    assert unsourced("*Illustrasjon:* en kommune med 300 ansatte.") == []
    assert unsourced("Generasjon 6 kom i 2024.") == ["2024"]
    assert unsourced("Generasjon 6 kom i 2024.", sources="- DI2X (2024): Klumme") == []
    assert unsourced("Modul 3 har 28 spørsmål og nivå 1–5.") == []  # the programme's own design


def test_the_figure_check_reads_nynorsk():
    assert unsourced("Om lag 40 000 personar døyr i Noreg kvart år, og 12 kommunar har 300 tilsette.") == [
        "40 000 personar",
        "12 kommunar",
        "300 tilsette",
    ]
    assert unsourced("Ifølgje kommunen har 300 tilsette slutta.") == []
    assert unsourced("Kjelde: kommunen. Han har 12 tenester og 3 millionar kroner.") == []
    assert unsourced("Persentil 60 tyder at 60 prosent ligg lågare (eit rekneeksempel).") == []


@pytest.mark.parametrize("info", notebooks.catalogue(), ids=lambda i: i.id)
def test_every_figure_in_a_notebook_has_a_source_or_a_label(info):
    found = [
        f"{cell.get('id')} ({language}): {', '.join(figures)}"
        for language in languages(info)
        for cell in markdown(info, language)
        if (figures := unsourced(cell.source))
    ]
    assert found == [], f"{info.id}: figures without a source or label in the cell:\n" + "\n".join(found)


# --- jargon in the AI-staffing notebooks -------------------------------------------------------------------

#: The technical words of the AI-staffing track. A notebook that uses one explains it in one plain line for a
#: director: a bullet ``- **<word> …**`` in its words cell.
JARGON = {
    "MAPE": r"\bMAPE\b",
    "MASE": r"\bMASE\b",
    "P10–P90": r"\bP(?:10|50|80|90)\b",
    "Erlang C": r"\bErlang C\b",
    "MILP": r"\bMILP\b",
    "CP-SAT": r"\bCP-SAT\b",
}
WORDS_CELL = {"nb": "**Ord og forkortelser", "en": "**Words and abbreviations", "nn": "**Ord og forkortingar"}
#: Words the notebooks' widgets and tables show whatever the markdown says: the backtest table's MAPE and
#: MASE, the forecast band and the quantile buttons, the checklist's quantiles and the vendor questions' MASE.
SHOWN_BY_WIDGETS = {
    "4b-ai-staffing-demand": {"MAPE", "MASE", "P10–P90"},
    "4c-ai-staffing-roster": {"P10–P90"},
    "4c-ai-staffing-ethics": {"P10–P90", "MASE"},
}
STAFFING = [i for i in PARTICIPANT if i.track == "ai-staffing"]


def explained(cell: str) -> set[str]:
    """The jargon a words cell explains: each bullet's bold words."""
    bold = " ".join(re.findall(r"^- \*\*([^*]+)\*\*", cell, re.M))
    return {word for word, pattern in JARGON.items() if re.search(pattern, bold)}


def test_the_words_check_can_fail():
    assert explained("- **MASE**: hvor mye prognosen bommer.\n- Ikke **CP-SAT** her.") == {"MASE"}
    assert explained("- **P50, P80 og P90**: hvor høyt dere planlegger.") == {"P10–P90"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("info", STAFFING, ids=lambda i: i.id)
def test_every_staffing_notebook_explains_its_jargon_in_plain_words(info, language):
    cells = markdown(info, language)
    words = [c.source for c in cells if c.source.lstrip().startswith(WORDS_CELL[language])]
    text = "\n".join(c.source for c in cells if not c.source.lstrip().startswith(WORDS_CELL[language]))
    text += "\n" + info.title.get(language, "") + "\n" + "\n".join(info.goals.get(language, []))
    used = {word for word, pattern in JARGON.items() if re.search(pattern, text)}
    used |= SHOWN_BY_WIDGETS.get(info.id, set())
    if not used:
        assert not words, f"{info.id} ({language}): a words cell with no jargon to explain"
        return
    assert len(words) == 1, f"{info.id} ({language}): uses {sorted(used)} but has {len(words)} words cells"
    missing = used - explained(words[0])
    assert not missing, f"{info.id} ({language}): no plain line for {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_in_a_case_is_attributed_or_in_its_sources(language):
    found = []
    for case in casebook.load(language):
        sources = case.sections["sources"]
        for key, text in case.sections.items():
            if key == "sources":
                continue
            for paragraph in re.split(r"\n\s*\n", text):
                if figures := unsourced(paragraph, sources):
                    found.append(f"{case.id} ({key}): {', '.join(figures)} in «{paragraph[:80]}…»")
        assert case.sections["sources"].strip(), case.id
    assert found == [], "\n".join(found)


# --- casebook links and glossary terms resolve -----------------------------------------------------------

_ROLE = re.compile(r"\{(term|doc|ref|notebook)\}`([^`]+)`")
_MD_LINK = re.compile(r"\]\((\.\./[^)#\s]+)(#[^)]*)?\)")


def _target(role: str, value: str) -> str:
    """The target of a MyST role: ``text <target>`` or the value itself."""
    inner = re.search(r"<([^>]+)>\s*$", value)
    return (inner.group(1) if inner else value).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_casebook_role_resolves(language):
    folder = ROOT / "casebook" / language
    terms = {t.term(language).lower() for t in load_glossary()}  # Sphinx matches terms case-insensitively
    labels = set(
        re.findall(r"^\((theory-[a-z-]+)\)=", (folder / "theory.md").read_text(encoding="utf-8"), re.M)
    )
    cases = {p.stem for p in (folder / "cases").glob("*.md")}
    ids = {i.id for i in notebooks.catalogue()}
    broken = []
    for path in sorted(folder.rglob("*.md")):
        for role, value in _ROLE.findall(path.read_text(encoding="utf-8")):
            target = _target(role, value)
            target = target.lower() if role == "term" else target
            known = {"term": terms, "ref": labels, "doc": cases, "notebook": ids}[role]
            if target not in known:
                broken.append(f"{path.relative_to(ROOT)}: {{{role}}}`{value}`")
    assert labels and terms and broken == [], "\n".join(broken)


def test_the_glossary_has_every_term_in_every_language():
    for term in load_glossary():
        for language in LANGUAGES:
            assert term.term(language), term


@pytest.mark.parametrize("info", notebooks.catalogue(), ids=lambda i: i.id)
def test_every_relative_link_in_a_notebook_resolves(info):
    broken = []
    for language in languages(info):
        for cell in markdown(info, language):
            for target, _anchor in _MD_LINK.findall(cell.source):
                if not (info.path.parent / target).resolve().is_file():
                    broken.append(f"{cell.get('id')}: {target}")
                elif "/casebook/" in target and f"/casebook/{language}/" not in target:
                    broken.append(f"{cell.get('id')} ({language}) links the other language: {target}")
    assert broken == [], "\n".join(broken)


# --- the README's curriculum table is the catalogue --------------------------------------------------------

#: Module 4's tracks must each run through all three phases (issue 15); none is missing any more, and a new
#: gap fails the test.
PENDING_PHASES: set[tuple[str, str]] = set()


def readme_rows() -> set[tuple[int, str, str, str, int]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- curriculum:start -->")[1].split("<!-- curriculum:end -->")[0]
    names = {i18n.t(f"programme.track.{t}", language="en"): t for t in notebooks.TRACKS}
    rows = set()
    for line in block.strip().splitlines()[2:]:
        module, phase, track, notebook, minutes = (c.strip() for c in line.strip().strip("|").split("|"))
        rows.add(
            (
                int(module.split()[0]),
                phase[:1] if phase != "–" else "",
                names[track],
                notebook.strip("`"),
                int(minutes),
            )
        )
    return rows


def test_the_readme_curriculum_table_is_the_catalogue():
    catalogue = {(i.module, i.phase if i.module else "", i.track, i.id, i.duration) for i in PARTICIPANT}
    table = readme_rows()
    assert table - catalogue == set(), f"in the README but not in the catalogue: {sorted(table - catalogue)}"
    assert catalogue - table == set(), f"in the catalogue but not in the README: {sorted(catalogue - table)}"


def test_every_module_runs_through_three_phases_on_every_track():
    steps = {(i.track, i.module, i.phase) for i in PARTICIPANT if i.module}
    missing = set()
    for module in (1, 2, 3):
        missing |= {("leaders", p) for p in notebooks.PHASES if ("leaders", module, p) not in steps}
    for track in ("radar", "ai-staffing", "it-architecture"):
        missing |= {(track, p) for p in notebooks.PHASES if (track, 4, p) not in steps}
    assert missing == PENDING_PHASES, f"missing phases {sorted(missing)}; pending {sorted(PENDING_PHASES)}"
    assert any(t == "politicians" and m == 3 for t, m, _ in steps)  # the short track covers module 3


# --- no variable names in participant text -----------------------------------------------------------------


@pytest.mark.parametrize("info", PARTICIPANT, ids=lambda i: i.id)
def test_participant_text_never_shows_the_privacy_parameter_name(info):
    """The threshold is explained in words ("at least five"), never as ``min_group_size``."""
    for language in languages(info):
        for cell in markdown(info, language):
            assert "min_group_size" not in cell.source, f"{info.id} {cell.get('id')} ({language})"


def test_participant_messages_never_show_the_privacy_parameter_name():
    """Only the messages about the setting itself name the key (the trainer's cohort config, and the one
    privacy check that refuses a bad value), because the trainer writes it."""
    for language in LANGUAGES:
        for path in (ROOT / "src" / "casekit" / "i18n" / "catalogues" / language).glob("*.yaml"):
            if path.stem in ("cohort", "privacy"):
                continue
            texts = _values(yaml.safe_load(path.read_text(encoding="utf-8")))
            assert not [v for v in texts if "min_group_size" in v], path.name


def _values(node: object) -> list[str]:
    """Every text in a catalogue (the values; keys may name the parameter)."""
    if isinstance(node, dict):
        return [v for value in node.values() for v in _values(value)]
    return [node] if isinstance(node, str) else []
