"""The casebook: case files, their links to the notebooks both ways, and the static site."""

from __future__ import annotations

import json
import re
import shutil
from html import escape as html_escape
from pathlib import Path

import pytest

from casekit import casebook, i18n, municipalities, notebooks
from casekit.apps.cli import main
from casekit.casebook.site import _run_sphinx, _sphinx_config
from casekit.errors import CasebookError

# myst-parser still calls a Sphinx API that Sphinx has deprecated; that is theirs to fix, not ours.
pytestmark = pytest.mark.filterwarnings(
    "ignore::PendingDeprecationWarning", "ignore::DeprecationWarning:myst_parser"
)

REAL = casebook.root()
LANGUAGES = i18n.available_languages()
#: The cases the programme's seed account asks for (issue 7), by id.
SEED_CASES = {
    "programme",
    "baerum-teams",
    "elverum-collaboration",
    "modular-architecture",
    "agder-radar",
    "ai-staffing",
    "orkland-master-plan",
    "life-events",
    "sirdal-leadership",
    "certification-masterclass",
}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A writable copy of the real casebook."""
    target = tmp_path / "casebook"
    shutil.copytree(REAL, target)
    return target


def edit(book: Path, lang: str, case_id: str, old: str, new: str, count: int = 1) -> Path:
    path = book / lang / "cases" / f"{case_id}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def problem_keys(exc: CasebookError) -> list[str]:
    return [p.key for p in (exc.problems or [exc])]


# --- the real casebook -----------------------------------------------------------------------------------


def test_real_casebook_is_valid_in_every_language():
    loaded = casebook.validate()
    assert set(loaded) == set(LANGUAGES)
    ids = {lang: {c.id for c in cases} for lang, cases in loaded.items()}
    assert len(ids["nb"]) >= 10
    assert all(found == ids["nb"] for found in ids.values())
    for lang, cases in loaded.items():
        for case in cases:
            assert set(case.sections) == set(casebook.SECTIONS), (lang, case.id)
            assert all(text.strip() for text in case.sections.values()), (lang, case.id)
            assert 3 <= len(case.questions()) <= 5, (lang, case.id)
            assert case.notebooks, (lang, case.id)


def test_the_seed_cases_are_all_there():
    assert {c.id for c in casebook.load("nb")} >= SEED_CASES


def test_links_between_cases_and_notebooks_hold_both_ways():
    assert casebook.link_problems() == []
    casebook.check_links()


def test_start_here_and_the_programme_case_link_each_other():
    assert "programme" in notebooks.get("00-start-here").cases
    assert "00-start-here" in casebook.get("programme", "nb").notebooks


def test_every_participant_notebook_names_existing_cases():
    ids = {c.id for c in casebook.load("nb")}
    for info in notebooks.catalogue("participant"):
        assert info.cases and set(info.cases) <= ids, info.id


def test_fact_box_numbers_come_from_the_register():
    for lang in LANGUAGES:
        for case in casebook.load(lang):
            box = casebook.facts_markdown(case)
            for number in case.municipalities:
                me = municipalities.get(number)
                assert me.number == number
                assert i18n.format_number(me.population, language=lang) in box
                assert me.size_label(lang) in box and me.county_name in box
            counties = municipalities.counties().set_index("county_number")
            for county in case.counties:
                population = int(counties.loc[county, "population"])
                assert i18n.format_number(population, language=lang) in box


def test_fact_box_for_many_municipalities_counts_the_whole_register():
    case = casebook.get("modular-architecture", "en")
    box = casebook.facts_markdown(case)
    total = len(municipalities.all())
    assert f"| {i18n.format_number(total, language='en')} |" in box
    for code, _ in municipalities.SIZE_CLASSES:
        assert i18n.t(f"municipalities.size.{code}", language="en") in box


def test_case_page_puts_the_fact_box_under_the_context_heading():
    case = casebook.get("baerum-teams", "nb")
    page = casebook.case_page(case)
    assert page.startswith(f"# {case.title}\n")
    context = page.index("## Kontekst")
    assert context < page.index("Fakta fra kommuneregisteret") < page.index("## Utfordringen")
    assert "(../modules/module-1.md)" in page and "(../modules/module-2.md)" in page


# --- validation of case files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("nb", "## Kilder"), ("en", "## Sources")])
def test_a_missing_section_fails_in_either_language(book, lang, heading):
    path = edit(book, lang, "elverum-collaboration", heading, "### Sources and further reading")
    with pytest.raises(CasebookError) as err:
        casebook.validate(book)
    assert "casebook.error.missing_section" in problem_keys(err.value)
    message = err.value.message()
    assert str(path) in message and heading.removeprefix("## ") in message


def test_a_case_with_many_problems_lists_ten_and_counts_the_rest(book):
    extra = "".join(f"note{n}: x\n" for n in range(12))  # twelve fields the front matter does not know
    path = edit(book, "en", "baerum-teams", "id: baerum-teams\n", "id: baerum-teams\n" + extra)
    with pytest.raises(CasebookError) as err:
        casebook.read_case(path, "en")
    assert problem_keys(err.value) == ["casebook.error.unknown_field"] * 12  # every problem is kept
    message = err.value.message("en")
    assert message.startswith("The casebook has 12 problem(s):") and "note9" in message
    assert "note10" not in message and message.endswith("… and 2 more.")


def test_unknown_municipality_number_is_named_with_its_file(book):
    path = edit(book, "nb", "baerum-teams", 'municipalities: ["3201"]', 'municipalities: ["3299"]')
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert err.value.key == "casebook.error.municipality"
    assert str(path) in err.value.message() and "3299" in err.value.message()


def test_unquoted_municipality_number_asks_for_quotes(book):
    edit(book, "en", "orkland-master-plan", 'municipalities: ["5059"]', "municipalities: [0301]")
    with pytest.raises(CasebookError) as err:
        casebook.load("en", book)
    assert "anførselstegn" in err.value.message("nb")
    assert "quote" in err.value.message("en").lower()


def test_municipality_given_by_name_is_refused_with_its_number(book):
    edit(book, "nb", "baerum-teams", 'municipalities: ["3201"]', 'municipalities: ["Bærum"]')
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert "3201" in err.value.message()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("themes: [teams, collaboration, leadership]", "themes: [teams, spaceships]", "casebook.error.theme"),
        ("modules: [1, 2]", "modules: [1, 5]", "casebook.error.module"),
        ("modules: [1, 2]", "modules: []", "casebook.error.field_type"),
        ("modules: [1, 2]", 'modules: ["1"]', "casebook.error.field_type"),
        ("modules: [1, 2]", "modules: 1", "casebook.error.field_type"),
        ("modules: [1, 2]", "modules: [1, 1]", "casebook.error.duplicate"),
        ("id: baerum-teams", "id: baerum", "casebook.error.bad_id"),
        ("id: baerum-teams\n", "", "casebook.error.missing_field"),
        ("modules: [1, 2]", "modules: [1, 2]\nmodule: 4", "casebook.error.unknown_field"),
        ("notebooks: [1a-capabilities,", "notebooks: [Capabilities,", "casebook.error.notebook_id"),
        ('title: "Bærum', 'title: ""\ntitle_old: "Bærum', "casebook.error.field_type"),
        ('summary: "En stor', "summary: [En stor", "casebook.error.front_matter_yaml"),
        ("municipalities:", 'counties: ["99"]\nmunicipalities:', "casebook.error.county"),
        ("themes: [teams, collaboration, leadership]", "themes: [teams, 7]", "casebook.error.field_type"),
    ],
)
def test_front_matter_mistakes_are_reported(book, old, new, key):
    edit(book, "nb", "baerum-teams", old, new)
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert key in problem_keys(err.value)
    assert "baerum-teams.md" in err.value.message()


def test_file_without_front_matter_or_with_a_list(book):
    path = book / "nb" / "cases" / "baerum-teams.md"
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CasebookError, match=r"baerum-teams\.md") as err:
        casebook.read_case(path, "nb")
    assert err.value.key == "casebook.error.no_front_matter"
    path.write_text("---\n- a\n- b\n---\n" + body, encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.read_case(path, "nb")
    assert err.value.key == "casebook.error.not_mapping"
    path.write_bytes(b"\xff\xfe---")
    with pytest.raises(CasebookError) as err:
        casebook.read_case(path, "nb")
    assert err.value.key == "casebook.error.unreadable"


def test_body_structure_mistakes_are_reported(book):
    edit(book, "nb", "baerum-teams", "## Kontekst", "# Bærum\n\n## Kontekst")
    edit(book, "nb", "baerum-teams", "## Utfordringen", "## Bakgrunn\n\nTekst.\n\n## Utfordringen")
    edit(book, "nb", "baerum-teams", "4. Hvordan sørger vi", "Hvordan sørger vi")
    edit(book, "nb", "baerum-teams", "3. Hvordan skal", "Hvordan skal")
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    keys = problem_keys(err.value)
    assert {"casebook.error.h1", "casebook.error.unexpected_section", "casebook.error.questions"} <= set(keys)
    assert "Bakgrunn" in err.value.message()


def test_sections_out_of_order_and_duplicated(book):
    path = book / "en" / "cases" / "ai-staffing.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("## The challenge", "## TMP").replace("## What they did", "## The challenge")
    text = text.replace("## TMP", "## What they did") + "\n## Sources\n\n- again\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load("en", book)
    assert {"casebook.error.order", "casebook.error.duplicate"} <= set(problem_keys(err.value))


def test_headings_inside_code_fences_are_not_sections(book):
    edit(book, "en", "ai-staffing", "## The challenge", "```text\n## Not a section\n```\n\n## The challenge")
    case = casebook.read_case(book / "en" / "cases" / "ai-staffing.md", "en")
    assert "## Not a section" in case.sections["context"]


def test_try_it_and_sources_need_content(book):
    edit(book, "en", "certification-masterclass", "- {notebook}`2a-competence`", "- the competence workbook")
    edit(book, "en", "certification-masterclass", "- {notebook}`2c-competence-plan`", "- the plan workbook")
    path = book / "en" / "cases" / "certification-masterclass.md"
    text = path.read_text(encoding="utf-8")
    head, _ = text.split("## Sources")
    path.write_text(head + "## Sources\n\nSee the programme's account.\n", encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load("en", book)
    assert {"casebook.error.no_notebook_link", "casebook.error.no_sources"} <= set(problem_keys(err.value))


def test_notebook_links_must_match_the_front_matter(book):
    edit(book, "nb", "agder-radar", "- {notebook}`2c-competence-plan`", "- {notebook}`2a-competence`")
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert err.value.key == "casebook.error.links_differ"
    assert "2c-competence-plan" in err.value.message()


def test_empty_section_is_reported(book):
    path = book / "nb" / "cases" / "life-events.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## Teorien bak") + len("## Teorien bak")
    path.write_text(text[:start] + "\n\n" + text[text.index("## Spørsmål") :], encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert "casebook.error.empty_section" in problem_keys(err.value)


def test_languages_must_agree(book):
    edit(book, "en", "sirdal-leadership", "modules: [2, 3]", "modules: [2]")
    (book / "en" / "cases" / "life-events.md").unlink()
    with pytest.raises(CasebookError) as err:
        casebook.validate(book)
    keys = problem_keys(err.value)
    assert {"casebook.error.mismatch", "casebook.error.missing_translation"} <= set(keys)
    message = err.value.message("en")
    assert "sirdal-leadership" in message and "life-events" in message
    assert message.startswith(f"The casebook has {len(keys)} problem(s):")


def test_missing_folders_and_pages(book, tmp_path):
    with pytest.raises(CasebookError) as err:
        casebook.root(tmp_path / "nowhere")
    assert err.value.key == "casebook.error.no_folder"
    (book / "nb" / "theory.md").unlink()
    with pytest.raises(CasebookError) as err:
        casebook.load("nb", book)
    assert err.value.key == "casebook.error.missing_page"
    for case in (book / "en" / "cases").glob("*.md"):
        case.unlink()
    with pytest.raises(CasebookError) as err:
        casebook.load("en", book)
    assert err.value.key == "casebook.error.no_cases"
    shutil.rmtree(book / "en")
    with pytest.raises(CasebookError) as err:
        casebook.load("en", book)
    assert err.value.key == "casebook.error.no_language"


# --- selecting -------------------------------------------------------------------------------------------


def test_select_by_module_theme_and_municipality():
    everything = casebook.load("nb")
    for module in casebook.MODULES:
        chosen = casebook.select(module=module, language="nb")
        assert chosen == [c for c in everything if module in c.modules]
        assert 0 < len(chosen) < len(everything)
    assert [c.id for c in casebook.select(theme="ai")] == [c.id for c in everything if "ai" in c.themes]
    assert "baerum-teams" in {c.id for c in casebook.select(municipality="Bærum")}
    in_agder = {c.id for c in casebook.select(municipality="Kristiansand")}
    assert "agder-radar" in in_agder and "baerum-teams" not in in_agder


def test_select_refuses_unknown_filters():
    with pytest.raises(CasebookError) as err:
        casebook.select(module=7)
    assert err.value.key == "casebook.error.module"
    with pytest.raises(CasebookError) as err:
        casebook.select(theme="spaceships")
    assert "ai" in err.value.message()


def test_get_unknown_case_suggests_a_close_one():
    with pytest.raises(CasebookError, match="baerum-teams"):
        casebook.get("baerum-team")


# --- links both ways -------------------------------------------------------------------------------------


def test_a_case_linking_to_a_missing_notebook_is_reported_with_a_suggestion(book):
    for lang in LANGUAGES:  # the front matter and the links in the text agree, in every language
        edit(book, lang, "agder-radar", "4a-radar-explore-vote", "4a-radar-explore-vot", count=-1)
    problems = casebook.link_problems(book)
    assert [(p.key, p.params["case"], p.params["value"]) for p in problems] == [
        ("casebook.error.unknown_notebook", "agder-radar", "4a-radar-explore-vot")
    ]
    assert "4a-radar-explore-vote" in problems[0].params["suggestions"]
    assert "4a-radar-explore-vot" in problems[0].message()


def test_notebooks_without_cases_or_with_unknown_cases_are_reported(tmp_path, monkeypatch):
    source = json.loads(notebooks.get("00-start-here").path.read_text(encoding="utf-8"))
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for nb_id, cases in (("0a-lonely", []), ("0b-stranger", ["no-such-case", "programme"])):
        copy = json.loads(json.dumps(source))
        copy["metadata"]["casekit"].update(id=nb_id, cases=cases)
        (folder / f"{nb_id}.ipynb").write_text(json.dumps(copy), encoding="utf-8")
    monkeypatch.setenv("CASEKIT_NOTEBOOKS_DIR", str(folder))
    problems = casebook.link_problems()
    keys = {(p.key, p.params.get("notebook")) for p in problems}
    assert ("casebook.error.notebook_without_case", "0a-lonely") in keys
    assert ("casebook.error.notebook_unknown_case", "0b-stranger") in keys
    with pytest.raises(CasebookError):
        casebook.check_links()


# --- glossary --------------------------------------------------------------------------------------------


def test_glossary_has_every_term_in_every_language():
    terms = casebook.load_glossary()
    assert len(terms) >= 20
    for lang in LANGUAGES:
        page = casebook.glossary_markdown(terms, lang)
        assert page.count("\n  ") == len(terms)
        for entry in terms:
            assert f"\n{entry.term(lang)}\n" in page
    assert {
        "fylke",
        "kommunedirektør",
        "Digi-nettverk",
        "samling",
        "forarbeid",
        "etterarbeid",
        "KS",
        "DIF",
    } <= {t.term("nb") for t in casebook.load_glossary()}


def test_glossary_mistakes_are_reported(book):
    path = book / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("    term: county\n", "    name: county\n").replace(
        "term: KS\n", "term: fylke\n", 1
    )
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load_glossary(book)
    assert {"casebook.error.glossary_missing", "casebook.error.glossary_duplicate"} <= set(
        problem_keys(err.value)
    )
    path.write_text("fylke: county\n", encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load_glossary(book)
    assert err.value.key == "casebook.error.glossary_format"
    path.write_text("- 1\n- id: x\n", encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.load_glossary(book)
    assert "casebook.error.glossary_format" in problem_keys(err.value)


# --- site checks without Sphinx --------------------------------------------------------------------------


def test_check_site_finds_broken_links_and_anchors(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a><a href="sub/page.html#gone">anchor</a>'
        '<a href="missing.html">file</a><a href="#top" id="top">self</a>'
        '<a href="https://example.org/x">external</a><link href="style.css"><img src="pic.png">',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "page.html").write_text('<h1 id="here">x</h1><a href="../index.html">up</a>')
    (tmp_path / "style.css").write_text("")
    found = sorted(p.params["href"] for p in casebook.check_site(tmp_path))
    assert found == ["missing.html", "pic.png", "sub/page.html#gone"]


def test_build_refuses_to_overwrite_a_foreign_folder(tmp_path):
    (tmp_path / "out" / "nb").mkdir(parents=True)
    (tmp_path / "out" / "nb" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CasebookError) as err:
        casebook.build(tmp_path / "out", ["nb"])
    assert err.value.key == "casebook.error.out_not_casebook"
    assert (tmp_path / "out" / "nb" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_notebook_targets(tmp_path):
    start = notebooks.get("00-start-here")
    local = casebook.notebook_targets("nb")["00-start-here"]
    assert local == {"label": start.title_in("nb"), "target": str(start.path.resolve()), "url": False}
    hub = casebook.notebook_targets("en", notebook_url="https://hub.example/{lang}/{path}?id={id}")
    assert hub["00-start-here"]["target"] == f"https://hub.example/en/{start.relpath}?id=00-start-here"
    assert hub["00-start-here"]["url"] is True
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "00-start-here.html").write_text("<html></html>", encoding="utf-8")
    demo = casebook.notebook_targets("nb", notebook_html=tmp_path)["00-start-here"]
    assert demo["target"] == str((tmp_path / "nb" / "00-start-here.html").resolve())
    with pytest.raises(CasebookError) as err:
        casebook.notebook_targets("nb", notebook_url="notebooks/{path}")
    assert err.value.key == "casebook.error.notebook_url"


def test_index_and_module_pages_list_every_case():
    cases = casebook.load("en")
    index = casebook.index_page("# Intro\n", cases, "en")
    for case in cases:
        assert f"](cases/{case.id}.md)" in index and f"cases/{case.id}\n" in index
    for module in casebook.MODULES:
        page = casebook.module_page(module, cases, "en", ["4a-radar-explore-vote"])
        mine = [c for c in cases if module in c.modules]
        assert page.count("{doc}`../cases/") == len(mine)
        assert "{notebook}`4a-radar-explore-vote`" in page


# --- the command line ------------------------------------------------------------------------------------


def test_cli_list_filters_by_module(capsys):
    assert main(["casebook", "list", "--module", "4"]) == 0
    out = capsys.readouterr().out
    for case in casebook.load("nb"):
        assert (case.id in out) == (4 in case.modules), case.id


def test_cli_list_in_english_by_theme_and_empty_result(capsys):
    assert main(["--lang", "en", "casebook", "list", "--theme", "small"]) == 0
    out = capsys.readouterr().out
    assert "Sirdal" in out and "small municipalities" in out
    assert main(["casebook", "list", "--theme", "ai", "--municipality", "Bærum"]) == 0
    assert i18n.t("casebook.list.none") in capsys.readouterr().out


def test_cli_check_reports_success_and_problems(capsys, book, monkeypatch):
    assert main(["casebook", "check"]) == 0
    expected = i18n.t("casebook.list.check_ok", cases=len(casebook.load("nb")), languages=len(LANGUAGES))
    assert expected in capsys.readouterr().out
    edit(book, "nb", "baerum-teams", 'municipalities: ["3201"]', 'municipalities: ["3299"]')
    monkeypatch.setenv("CASEKIT_CASEBOOK_DIR", str(book))
    assert main(["casebook", "check"]) == 1
    err = capsys.readouterr().err
    assert "3299" in err and "Traceback" not in err


# --- Sphinx builds ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_build_writes_both_languages_with_working_links(tmp_path):
    demo = tmp_path / "demo"
    (demo / "nb").mkdir(parents=True)
    (demo / "nb" / "00-start-here.html").write_text("<html><body>demo</body></html>", encoding="utf-8")
    out = demo / "casebook"
    index = casebook.build(out, notebook_html=demo)
    assert index == out / "index.html"
    assert casebook.check_site(out / "nb") == [] and casebook.check_site(out / "en") == []
    for lang in LANGUAGES:
        site = out / lang
        assert f'href="{lang}/index.html"' in index.read_text(encoding="utf-8")
        for page in (
            "index",
            "search",
            "glossary",
            "theory",
            *(f"modules/module-{m}" for m in casebook.MODULES),
        ):
            assert (site / f"{page}.html").is_file(), (lang, page)
        for case in casebook.load(lang):
            html = (site / "cases" / f"{case.id}.html").read_text(encoding="utf-8")
            assert html_escape(case.title, quote=False) in html
            for number in case.municipalities:
                assert i18n.format_number(municipalities.get(number).population, language=lang) in html
        assert not (site / "_sources").exists()
    nb_programme = (out / "nb" / "cases" / "programme.html").read_text(encoding="utf-8")
    assert 'href="../../../nb/00-start-here.html"' in nb_programme
    en_programme = (out / "en" / "cases" / "programme.html").read_text(encoding="utf-8")
    target = re.search(r'class="casekit-notebook[^"]*" href="([^"]+)"', en_programme).group(1)
    assert target.endswith("00-start-here.ipynb")
    assert ((out / "en" / "cases") / target).resolve() == notebooks.get("00-start-here").path.resolve()
    hrefs = re.findall(r'class="casekit-notebook[^"]*" href="([^"]+)"', en_programme)
    for nb_id in casebook.get("programme", "en").notebooks:  # every exercise of the case is a live link
        assert any(h.endswith("/" + notebooks.get(nb_id).path.name) for h in hrefs), nb_id
    # A second build replaces the first instead of refusing.
    assert casebook.build(out, ["en"], notebook_url="https://hub.example/{path}") == index
    assert 'href="https://hub.example/00-start-here.ipynb"' in (
        out / "en" / "cases" / "programme.html"
    ).read_text(encoding="utf-8")


@pytest.mark.slow
def test_warnings_fail_the_build(tmp_path):
    stage = tmp_path / "src"
    stage.mkdir()
    (stage / "index.md").write_text(
        "# Test\n\nSee {doc}`no-such-page` and {notebook}`9z-no-such-notebook`.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    config = _sphinx_config("nb", out, {})
    with pytest.raises(CasebookError) as err:
        _run_sphinx(stage, out, tmp_path / "doctrees", "nb", config)
    assert err.value.key == "casebook.error.build_failed"
    message = err.value.message()
    assert "no-such-page" in message and "9z-no-such-notebook" in message
    assert str(stage) not in message


@pytest.mark.slow
def test_cli_build_one_language(tmp_path, capsys):
    assert main(["casebook", "build", "--language", "en", "--out", str(tmp_path / "site")]) == 0
    assert str((tmp_path / "site" / "index.html").resolve()) in capsys.readouterr().out
    assert (tmp_path / "site" / "en" / "search.html").is_file()
    assert not (tmp_path / "site" / "nb").exists()
