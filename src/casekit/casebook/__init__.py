"""The casebook: the programme's cases as a validated, browsable case library linked to the exercises.

Cases live in ``casebook/<language>/cases/<id>.md`` (MyST Markdown with YAML front matter). This package
reads and checks them, filters them, checks the links between cases and notebooks both ways, and builds
the static site with Sphinx (imported only when building). Its errors are
:class:`casekit.errors.CasebookError`.

    >>> from casekit import casebook
    >>> [c.id for c in casebook.select(module=4)][:2]        # doctest: +SKIP
    >>> casebook.build("build/casebook", languages=["nb"])   # doctest: +SKIP
"""

from .base import root
from .glossary import Term, glossary_markdown, load_glossary
from .links import check_links, check_site, link_problems
from .model import (
    MODULES,
    SECTIONS,
    Case,
    get,
    load,
    read_case,
    section_titles,
    select,
    theme_codes,
    validate,
)
from .site import build, case_page, facts_markdown, index_page, module_page, notebook_targets

__all__ = [
    "MODULES",
    "SECTIONS",
    "Case",
    "Term",
    "build",
    "case_page",
    "check_links",
    "check_site",
    "facts_markdown",
    "get",
    "glossary_markdown",
    "index_page",
    "link_problems",
    "load",
    "load_glossary",
    "module_page",
    "notebook_targets",
    "read_case",
    "root",
    "section_titles",
    "select",
    "theme_codes",
    "validate",
]
