"""Links both ways between cases and notebooks, and every link in a built site.

- Each case links to at least one notebook id, and each id is in the notebook catalogue.
- Each participant notebook lists at least one case in ``metadata.casekit.cases``, and each is a case id.
- :func:`check_site` opens every page of a built site and checks that each relative link and anchor exists.
"""

from __future__ import annotations

from difflib import get_close_matches
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import notebooks
from ..errors import CasebookError
from .base import raise_all
from .model import load


def link_problems(path: str | Path | None = None) -> list[CasebookError]:
    """Every broken link between cases and notebooks, in both directions (an empty list when all is well)."""
    cases = load(None, path)
    case_ids = [c.id for c in cases]
    infos = notebooks.catalogue()
    known = {info.id for info in infos}
    problems: list[CasebookError] = []
    for case in cases:
        for nb_id in case.notebooks:
            if nb_id not in known:
                close = get_close_matches(nb_id, sorted(known), n=3, cutoff=0.5)
                problems.append(
                    CasebookError(
                        "casebook.error.unknown_notebook",
                        case=case.id,
                        value=nb_id,
                        suggestions=", ".join(close) or "-",
                    )
                )
    for info in infos:
        if info.audience == "participant" and not info.cases:
            problems.append(
                CasebookError("casebook.error.notebook_without_case", notebook=info.id, path=info.relpath)
            )
        for case_id in info.cases:
            if case_id not in case_ids:
                close = get_close_matches(case_id, case_ids, n=3, cutoff=0.4)
                problems.append(
                    CasebookError(
                        "casebook.error.notebook_unknown_case",
                        notebook=info.id,
                        value=case_id,
                        suggestions=", ".join(close) or "-",
                    )
                )
    return problems


def check_links(path: str | Path | None = None) -> None:
    """Raise one CasebookError listing every broken case↔notebook link."""
    raise_all(link_problems(path))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value is not None and (name, tag) in {
                ("href", "a"),
                ("href", "link"),
                ("src", "script"),
                ("src", "img"),
            }:
                self.links.append(value)


def _parse(file: Path, cache: dict[Path, _Links]) -> _Links:
    if file not in cache:
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        cache[file] = parser
    return cache[file]


def check_site(site: str | Path) -> list[CasebookError]:
    """Every relative link or anchor in the HTML pages under ``site`` that points to nothing."""
    site = Path(site)
    cache: dict[Path, _Links] = {}
    problems = []
    for page in sorted(site.rglob("*.html")):
        for href in _parse(page, cache).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            fragment = unquote(parts.fragment)
            ok = target.exists()
            if ok and fragment and target.suffix == ".html":
                ok = fragment in _parse(target, cache).ids
            if not ok:
                problems.append(
                    CasebookError("casebook.error.broken_link", file=str(page.relative_to(site)), href=href)
                )
    return problems
