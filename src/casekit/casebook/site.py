"""Build the casebook as a static site: one Sphinx + MyST project per language.

The source files in ``casebook/<language>/`` are copied into a staging folder together with generated
pages (the index's module and case tables, one navigation page per module, the glossary, and a fact box
from the municipal register in each case's context section). Sphinx then builds the staging folder with
warnings as errors, and :func:`~casekit.casebook.links.check_site` checks every relative link in the
result.

Notebook links point, in order of preference:

1. to ``<notebook_html>/<language>/<id>.html`` when that file exists (the demo's executed notebooks);
2. to ``notebook_url`` filled in with ``{id}``, ``{path}`` and ``{lang}``, when given (e.g. a JupyterHub
   or repository address);
3. otherwise to the ``.ipynb`` file in the source checkout, as a relative path.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import i18n, municipalities, notebooks
from ..errors import CasebookError
from .base import raise_all, root
from .glossary import Term, glossary_markdown, load_glossary
from .links import check_links, check_site
from .model import MODULES, Case, _headings, section_titles, split_front_matter, validate

DEFAULT_OUT = Path("build") / "casebook"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- generated Markdown ----------------------------------------------------------------------------------


def _network(value: Any, language: str) -> str:
    """A county's Digi-network, or the plain statement that none was found (never an empty cell)."""
    import pandas as pd

    if value is None or pd.isna(value):
        return i18n.t("municipalities.card.network_none", language=language)
    return str(value)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def facts_markdown(case: Case, language: str | None = None) -> str:
    """The fact box for a case's context section, computed from the municipal register.

    One column per municipality (number, county, population, size class, Digi-network), one per county
    (municipalities and population), or, for a case about many municipalities, the register by size class.
    """
    language = i18n.check_language(language or case.language)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(key, language=language, **kw)

    def n(value: float) -> str:
        return i18n.format_number(value, language=language)

    lines: list[str] = []
    if case.municipalities:
        found = [municipalities.get(number) for number in case.municipalities]
        rows = [
            (t("municipalities.card.number"), *(m.number for m in found)),
            (t("municipalities.card.county"), *(f"{m.county_name} ({m.county_number})" for m in found)),
            (t("municipalities.card.population"), *(n(m.population) for m in found)),
            (t("municipalities.card.size"), *(m.size_label(language) for m in found)),
            (t("municipalities.card.network"), *(m.network_label(language) for m in found)),
        ]
        lines += [*_table(["", *(m.display_name() for m in found)], rows), ""]
    if case.counties:
        table = municipalities.counties().set_index("county_number")
        chosen = [table.loc[c] for c in case.counties]
        rows = [
            (t("casebook.page.facts_county_municipalities"), *(n(int(c.municipalities)) for c in chosen)),
            (t("casebook.page.facts_county_population"), *(n(int(c.population)) for c in chosen)),
            (t("municipalities.card.network"), *(_network(c.network, language) for c in chosen)),
        ]
        header = ["", *(t("casebook.page.facts_county", name=c.county_name) for c in chosen)]
        lines += [*_table(header, rows), ""]
    heading = t("casebook.page.facts_heading")
    if not lines:
        heading = t("casebook.page.facts_national_heading")
        frame = municipalities.register()
        total = int(frame["population"].sum())
        rows = []
        for code, _lower in municipalities.SIZE_CLASSES:
            part = frame[frame["size_class"] == code]
            share = i18n.format_percent(int(part["population"].sum()) / total, decimals=1, language=language)
            rows.append((i18n.t(f"municipalities.size.{code}", language=language), n(len(part)), share))
        rows.append(
            (t("casebook.page.facts_total"), n(len(frame)), i18n.format_percent(1, language=language))
        )
        header = [
            t("casebook.page.facts_size"),
            t("casebook.page.facts_count"),
            t("casebook.page.facts_share"),
        ]
        lines += [*_table(header, rows), ""]
    return "\n".join([f"**{heading}**", "", *lines, f"*{t('municipalities.card.source')}*", ""])


def _module_name(module: int, language: str) -> str:
    return i18n.t(f"programme.module_by_number.{module}", language=language)


def case_page(case: Case) -> str:
    """A case's page: title, summary, modules and themes, then the authored body with the fact box."""
    lang = case.language
    modules = ", ".join(f"[{m} {_module_name(m, lang)}](../modules/module-{m}.md)" for m in case.modules)
    meta = i18n.t(
        "casebook.page.case_meta", language=lang, modules=modules, themes=", ".join(case.theme_labels())
    )
    body_lines = case.body.splitlines()
    context_title = section_titles(lang)["context"]
    context_line = next(
        line for level, line, text in _headings(case.body, 1) if level == 2 and text == context_title
    )
    body_lines.insert(context_line, "\n" + facts_markdown(case))
    return "\n".join([f"# {case.title}", "", f"*{case.summary}*", "", meta, "", *body_lines]) + "\n"


def _sorted_cases(cases: Sequence[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: (c.modules[0], c.title.casefold()))


def _places(case: Case, language: str) -> str:
    return ", ".join(case.places()) or i18n.t("casebook.page.national", language=language)


def index_page(intro: str, cases: Sequence[Case], language: str) -> str:
    """The authored introduction followed by the module list, the case table and the navigation."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"casebook.page.{key}", language=language, **kw)

    ordered = _sorted_cases(cases)
    lines = [intro.rstrip(), "", f"## {t('modules')}", ""]
    for m in MODULES:
        count = sum(m in c.modules for c in cases)
        heading = t("module_heading", number=m, name=_module_name(m, language))
        lines.append(f"- [{heading}](modules/module-{m}.md) ({count})")
    lines += ["", f"## {t('all_cases')}", ""]
    rows = [
        (
            f"[{c.title}](cases/{c.id}.md)",
            _places(c, language),
            ", ".join(str(m) for m in c.modules),
            ", ".join(c.theme_labels(language)),
        )
        for c in ordered
    ]
    lines += _table([t("column_case"), t("column_where"), t("column_modules"), t("column_themes")], rows)
    lines += [
        "",
        f"## {t('background')}",
        "",
        f"- [{t('theory')}](theory.md)",
        f"- [{t('glossary')}](glossary.md)",
        f"- {{ref}}`{t('search')} <search>`",
        f'- <a href="../index.html">{t("languages")}</a>',
        "",
    ]
    toctrees = [
        (t("modules"), [f"modules/module-{m}" for m in MODULES]),
        (t("all_cases"), [f"cases/{c.id}" for c in ordered]),
        (t("background"), ["theory", "glossary"]),
    ]
    for caption, entries in toctrees:
        lines += ["```{toctree}", ":hidden:", f":caption: {caption}", "", *entries, "```", ""]
    return "\n".join(lines)


def module_page(module: int, cases: Sequence[Case], language: str, notebook_ids: Sequence[str]) -> str:
    """One module: its cases with their summaries, and the exercises that belong to it."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"casebook.page.{key}", language=language, **kw)

    name = _module_name(module, language)
    lines = [f"# {t('module_heading', number=module, name=name)}", "", t("module_intro", name=name), ""]
    lines += [f"## {t('module_cases')}", ""]
    mine = [c for c in _sorted_cases(cases) if module in c.modules]
    lines += [f"- {{doc}}`../cases/{c.id}`: {c.summary}" for c in mine] or [t("module_no_cases")]
    lines += ["", f"## {t('module_notebooks')}", ""]
    lines += [f"- {{notebook}}`{nb_id}`" for nb_id in notebook_ids]
    return "\n".join(lines) + "\n"


# --- notebook links --------------------------------------------------------------------------------------


def _module_of(nb_id: str) -> int:
    return int(nb_id[0]) if nb_id[:1].isdigit() else 0


def notebook_targets(
    language: str, notebook_url: str | None = None, notebook_html: str | Path | None = None
) -> dict[str, dict[str, Any]]:
    """Where each notebook in the catalogue links to, with its label in ``language``."""
    if notebook_url is not None and "://" not in notebook_url:
        raise CasebookError("casebook.error.notebook_url", value=notebook_url)
    targets = {}
    for info in notebooks.catalogue():
        if info.module:
            label = i18n.t(
                "casebook.page.notebook_label",
                language=language,
                title=info.title_in(language),
                module=_module_name(info.module, language),
                phase=i18n.t(f"programme.phase.{info.phase}", language=language).lower(),
            )
        else:
            label = info.title_in(language)
        html = Path(notebook_html) / language / f"{info.id}.html" if notebook_html is not None else None
        if html is not None and html.is_file():
            target, is_url = str(html.resolve()), False
        elif notebook_url is not None:
            target = notebook_url.format_map({"id": info.id, "path": info.relpath, "lang": language})
            is_url = True
        else:
            target, is_url = str(info.path.resolve()), False
        targets[info.id] = {"label": label, "target": target, "url": is_url}
    return targets


# --- the build -------------------------------------------------------------------------------------------


def _prepare_out(target: Path) -> None:
    """Clear an earlier build of the casebook; never touch a folder that holds something else."""
    if target.exists():
        if not (target / ".buildinfo").is_file() and any(target.iterdir()):
            raise CasebookError("casebook.error.out_not_casebook", path=str(target))
        shutil.rmtree(target)


def _stage(
    folder: Path,
    language: str,
    cases: Sequence[Case],
    terms: Sequence[Term],
    stage: Path,
    module_notebooks: dict,
) -> None:
    src = folder / language
    intro_parts = split_front_matter((src / "index.md").read_text(encoding="utf-8"))
    intro = intro_parts[1] if intro_parts else (src / "index.md").read_text(encoding="utf-8")
    (stage / "cases").mkdir(parents=True)
    (stage / "modules").mkdir()
    (stage / "index.md").write_text(index_page(intro, cases, language), encoding="utf-8")
    shutil.copyfile(src / "theory.md", stage / "theory.md")
    (stage / "glossary.md").write_text(glossary_markdown(terms, language), encoding="utf-8")
    for m in MODULES:
        page = module_page(m, cases, language, module_notebooks.get(m, []))
        (stage / "modules" / f"module-{m}.md").write_text(page, encoding="utf-8")
    for case in cases:
        (stage / "cases" / f"{case.id}.md").write_text(case_page(case), encoding="utf-8")


def _sphinx_config(language: str, out_lang: Path, targets: dict) -> dict[str, Any]:
    from sphinx.search import languages as search_languages

    search = {"nb": "no"}.get(language, language)
    return {
        "project": i18n.t("casebook.site_title", language=language),
        "author": "casekit",
        "language": language,
        "html_search_language": search if search in search_languages else "en",
        "extensions": ["myst_parser", "casekit.casebook.sphinxext"],
        "root_doc": "index",
        "html_theme": "alabaster",
        "html_title": i18n.t("casebook.site_title", language=language),
        "html_theme_options": {
            "description": i18n.t("casebook.site_description", language=language),
            "show_powered_by": False,
        },
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_show_copyright": False,
        "html_use_index": False,
        "html_domain_indices": False,
        "myst_heading_anchors": 2,
        "casekit_notebooks": targets,
        "casekit_outdir": str(out_lang.resolve()),
    }


def _run_sphinx(stage: Path, out_lang: Path, doctrees: Path, language: str, config: dict[str, Any]) -> None:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    status = 1
    with patch_docutils(stage), docutils_namespace():
        app = Sphinx(
            str(stage),
            None,
            str(out_lang),
            str(doctrees),
            "html",
            confoverrides=config,
            status=None,
            warning=warnings,
            freshenv=True,
            warningiserror=True,
        )
        try:
            app.build()
            status = app.statuscode
        except Exception as exc:  # Sphinx raises on some warnings with -W; report them all the same way
            warnings.write(f"{type(exc).__name__}: {exc}\n")
    sources = out_lang / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()  # html_copy_source is off; Sphinx still leaves the empty folder
    text = _ANSI.sub("", warnings.getvalue()).replace(str(stage), language)
    if status or text.strip():
        raise CasebookError("casebook.error.build_failed", lang=language, warnings=text.strip())


def _chooser(out: Path) -> Path:
    built = [lang for lang in i18n.available_languages() if (out / lang / "index.html").is_file()]
    items = "".join(
        f'<li><a href="{lang}/index.html" lang="{lang}">{i18n.language_name(lang)}</a></li>' for lang in built
    )
    title = " / ".join(i18n.t("casebook.page.chooser_title", language=lang) for lang in built)
    page = out / "index.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        '<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">'
        f"<h1>{title}</h1><ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    return page


def build(
    out: str | Path | None = None,
    languages: Sequence[str] | None = None,
    *,
    path: str | Path | None = None,
    notebook_url: str | None = None,
    notebook_html: str | Path | None = None,
) -> Path:
    """Validate the casebook and its links, build ``out/<language>/`` for each language and return the path
    of ``out/index.html`` (a page that links each language).

    ``out`` defaults to ``build/casebook``. For the demo, call
    ``build(demo_out / "casebook", notebook_html=demo_out)`` after the demo notebooks are written, so the
    cases link to the executed notebooks; others link to the ``.ipynb`` files.
    """
    folder = root(path)
    wanted = tuple(i18n.check_language(lang) for lang in (languages or i18n.available_languages()))
    loaded = validate(folder)
    check_links(folder)
    terms = load_glossary(folder)
    out = Path(out) if out is not None else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    module_notebooks: dict[int, list[str]] = {}
    for nb_id in sorted((i.id for i in notebooks.catalogue("participant")), key=lambda i: (i[:2], i)):
        module_notebooks.setdefault(_module_of(nb_id), []).append(nb_id)
    for lang in wanted:
        out_lang = out / lang
        _prepare_out(out_lang)
        targets = notebook_targets(lang, notebook_url, notebook_html)
        with tempfile.TemporaryDirectory(prefix="casebook-") as tmp:
            stage = Path(tmp) / "src"
            _stage(folder, lang, loaded[lang], terms, stage, module_notebooks)
            config = _sphinx_config(lang, out_lang, targets)
            _run_sphinx(stage, out_lang, Path(tmp) / "doctrees", lang, config)
    index = _chooser(out)
    problems = []
    for lang in wanted:
        problems += check_site(out / lang)
    raise_all(problems)
    return index
