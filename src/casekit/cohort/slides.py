"""The gathering-day report as projector slides: a Reveal.js deck made with nbconvert's ``SlidesExporter``.

The deck is built from the executed report notebook, so the privacy rules are exactly the report's: every
chart and table on a slide is an output of that notebook. :func:`slide_notebook` rearranges those outputs into
one idea per slide (a chart, a table page or a message, under its section's heading), adds the run sheet's
title, agenda, exercises and debrief questions, and turns the trainer's facilitation notes into speaker notes.
Long tables are split over several slides, by county for a cohort too large for one chart.

The deck has no code, embeds its images and loads reveal.js from the copy in ``reveal.js/`` beside it
(:func:`reveal_files`), so it runs offline from a USB stick.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache
from importlib import resources
from typing import Any

import nbformat

from .. import i18n, municipalities, theme
from ..errors import MunicipalityError
from ..ui import escape
from .report import is_facilitation
from .runsheet import RunSheet
from .runsheet_doc import agenda_rows, exercises_in

#: The folder, beside the deck, that holds reveal.js.
REVEAL_DIR = "reveal.js"
#: At most this many table rows and lines of table text on one slide, so the type stays large (22 px on a
#: 1280 × 720 slide): a row counts one line per CHARS_PER_ROW / columns characters of its longest cell.
ROWS_PER_SLIDE = 8
LINES_PER_SLIDE = 18
CHARS_PER_ROW = 90
SIZE = (1280, 720)

SLIDE_CSS = """
.reveal { font-size: 34px; }
.reveal .slides section { text-align: left; }
.reveal h1, .reveal h2 { text-transform: none !important; }
.reveal h1 { font-size: 1.8em !important; line-height: 1.15 !important; }
.reveal h2 { font-size: 1.15em !important; line-height: 1.2 !important; color: #0B3D66 !important;
  margin: 0 0 0.4em !important; }
.reveal p, .reveal li { line-height: 1.35; }
.reveal .sub { color: #444; font-size: 0.8em; }
.reveal .jp-RenderedHTMLCommon, .reveal .jp-OutputArea-output { font-size: inherit; line-height: inherit; }
.reveal img { display: block; margin: 0 auto !important; width: auto !important;
  max-width: 100% !important; max-height: 540px !important; }
.reveal h2 ~ div img, .reveal h2 + img { max-height: 500px !important; }
.reveal table { border-collapse: collapse; width: 100%; }
.reveal section table, .reveal section th, .reveal section td { font-size: 22px !important;
  line-height: 1.25; }
.reveal th, .reveal td { border-bottom: 1px solid #bbb; padding: 6px 10px; text-align: left !important;
  vertical-align: top; }
.reveal th { background: #E8F1FA; }
.reveal .meta { color: #444; font-size: 0.75em; }
.reveal .time { white-space: nowrap; font-variant-numeric: tabular-nums; width: 22%; }
.reveal ol, .reveal ul { margin-left: 1em; }
.reveal .small li { font-size: 0.62em; }
"""

_TABLE = re.compile(r"(?s)^(?P<head>.*?<tbody>)(?P<body>.*)(?P<tail></tbody>.*)$")
_ROW = re.compile(r"(?s)<tr>.*?</tr>")
_FIRST_CELL = re.compile(r"(?s)<td[^>]*>(.*?)</td>")
_HEADING = re.compile(r"(?s)^\s*<h2>(.*?)</h2>\s*$")
_TITLE = re.compile(r"(?s)<h1>")


def _t(key: str, language: str, **params: Any) -> str:
    return i18n.t(f"kit.slides.{key}", language=language, **params)


def output_html(output: Any) -> str | None:
    """One notebook output as HTML: an image as an embedded ``<img>``, HTML as it is, nothing else."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    data = output.get("data", {})
    if "image/png" in data:
        png = data["image/png"]
        png = "".join(png) if isinstance(png, list) else png
        return f'<img alt="" src="data:image/png;base64,{png.strip()}">'
    if "text/html" in data:
        markup = data["text/html"]
        return "".join(markup) if isinstance(markup, list) else markup
    return None


def _county_of(cell: str) -> str:
    name = html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
    try:
        return municipalities.get(name).county_name
    except MunicipalityError:
        return ""


def paginate(markup: str, *, by_county: bool = False) -> list[tuple[str, str]]:
    """Split a long table into pages of :data:`ROWS_PER_SLIDE` rows, each with the table's head; by county
    (named by the first cell's municipality) when ``by_county``. Returns (label, markup) pairs."""
    match = _TABLE.match(markup)
    rows = _ROW.findall(match.group("body")) if match else []
    if not match or (len(_chunks(rows)) == 1 and not by_county):
        return [("", markup)]
    groups: dict[str, list[str]] = {}
    for row in rows:
        first = _FIRST_CELL.search(row)
        key = _county_of(first.group(1)) if by_county and first else ""
        groups.setdefault(key, []).append(row)
    pages = []
    for county, members in groups.items():
        chunks = _chunks(members)
        for i, chunk in enumerate(chunks, start=1):
            label = " · ".join(p for p in (county, f"{i}/{len(chunks)}" if len(chunks) > 1 else "") if p)
            pages.append((label, match.group("head") + "".join(chunk) + match.group("tail")))
    return pages


def _lines(row: str) -> int:
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"(?s)<td[^>]*>(.*?)</td>", row)]
    width = max(8, CHARS_PER_ROW // max(len(cells), 1))
    return max([1, *(-(-len(c.strip()) // width) for c in cells)])


def _chunks(rows: list[str]) -> list[list[str]]:
    """Rows in pages of at most :data:`ROWS_PER_SLIDE` rows and :data:`LINES_PER_SLIDE` lines."""
    chunks: list[list[str]] = [[]]
    used = 0
    for row in rows:
        lines = _lines(row)
        if chunks[-1] and (used + lines > LINES_PER_SLIDE or len(chunks[-1]) >= ROWS_PER_SLIDE):
            chunks.append([])
            used = 0
        chunks[-1].append(row)
        used += lines
    return chunks


class _Deck:
    """Slides as notebook cells: each slide a code cell whose one output is its HTML; notes follow it."""

    def __init__(self) -> None:
        self.cells: list[Any] = []
        self.pending_notes: list[str] = []

    def slide(self, markup: str) -> None:
        cell = nbformat.v4.new_code_cell("", metadata={"slideshow": {"slide_type": "slide"}})
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup})]
        self.cells.append(cell)
        for text in self.pending_notes:
            self.notes(text)
        self.pending_notes = []

    def notes(self, text: str) -> None:
        self.cells.append(
            nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "notes"}})
        )


def _title_slide(deck: _Deck, sheet: RunSheet, language: str, cohort_title: str, day: dt.date | None) -> None:
    sub = " · ".join(p for p in (cohort_title, i18n.format_date(day, language=language) if day else "") if p)
    deck.slide(f"<h1>{escape(i18n.text(sheet.title, language))}</h1><p class='sub'>{escape(sub)}</p>")
    deck.notes(i18n.text(sheet.purpose, language))


def _agenda_slides(deck: _Deck, sheet: RunSheet, variant: str, start: dt.time | None, language: str) -> None:
    rows = agenda_rows(sheet, variant, start)
    chunks = [rows[i : i + 9] for i in range(0, len(rows), 9)]
    for i, chunk in enumerate(chunks, start=1):
        lines = "".join(
            f'<tr><td class="time">{a}–{b}</td><td>{escape(i18n.text(item.title, language))}</td></tr>'
            for a, b, item in chunk
        )
        part = f" ({i}/{len(chunks)})" if len(chunks) > 1 else ""
        deck.slide(
            f'<h2 id="agenda">{escape(_t("agenda", language))}{part}</h2>'
            f'<table class="agenda"><tbody>{lines}</tbody></table>'
        )
        for a, _, item in chunk:
            if item.notes:
                deck.notes(f"{a} {i18n.text(item.title, language)}: {i18n.text(item.notes, language)}")


def _report_slides(deck: _Deck, executed: Any, language: str, by_county: bool) -> None:
    heading = ""
    for cell in executed.cells:
        if is_facilitation(cell):
            deck.pending_notes.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            markup = output_html(output)
            if not markup or _TITLE.search(markup):
                continue  # the title is the deck's first slide already
            found = _HEADING.match(markup)
            if found:
                heading = html.unescape(found.group(1))
                continue
            for label, page in paginate(markup, by_county=by_county):
                title = " · ".join(p for p in (heading, label) if p)
                top = f"<h2>{escape(title)}</h2>" if title else ""
                deck.slide(top + page)


def _exercise_slides(deck: _Deck, sheet: RunSheet, variant: str, language: str) -> None:
    for exercise in exercises_in(sheet, variant):
        grouping = i18n.t(f"kit.grouping.{exercise.grouping}", language=language)
        steps = "".join(f"<li>{escape(b.render(language))}</li>" for b in exercise.instructions)
        deck.slide(
            f"<h2>{escape(i18n.text(exercise.title, language))}</h2>"
            f'<p class="meta">{exercise.minutes} min · {escape(grouping)}</p>'
            f'<ol class="small">{steps}</ol>'
            f'<p class="meta">{escape(_t("output", language))} '
            f"{escape(i18n.text(exercise.output, language))}</p>"
        )


def _debrief_slide(deck: _Deck, sheet: RunSheet, language: str) -> None:
    questions = "".join(f"<li>{escape(b.render(language))}</li>" for b in sheet.debrief)
    deck.slide(f'<h2 id="debrief">{escape(_t("debrief", language))}</h2><ol>{questions}</ol>')


def slide_notebook(
    executed: Any,
    sheet: RunSheet,
    *,
    language: str,
    variant: str = "full",
    start: dt.time | None = None,
    cohort_title: str = "",
    day: dt.date | None = None,
    municipality_count: int = 0,
) -> Any:
    """The deck as a notebook for nbconvert's SlidesExporter (see the module's docstring)."""
    deck = _Deck()
    _title_slide(deck, sheet, language, cohort_title, day)
    _agenda_slides(deck, sheet, variant, start, language)
    _report_slides(deck, executed, language, municipality_count > theme.MAX_MUNICIPALITY_ROWS)
    if sheet.kind == "gathering":
        _exercise_slides(deck, sheet, variant, language)
    _debrief_slide(deck, sheet, language)
    nb = nbformat.v4.new_notebook(cells=deck.cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def slides_html(nb: Any, *, title: str, language: str) -> str:
    """The deck as one HTML file: no code, images embedded, reveal.js from ``reveal.js/`` beside it."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        template_name="casekit_slides",
        extra_template_basedirs=[str(resources.files(__package__) / "templates")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        reveal_url_prefix=REVEAL_DIR,
        reveal_theme="white",
        reveal_width=str(SIZE[0]),
        reveal_height=str(SIZE[1]),
    )
    meta = {"name": title}
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": meta, "casekit_css": SLIDE_CSS, "language_code": language}
    )
    return body


@cache
def reveal_files() -> dict[str, bytes]:
    """The vendored reveal.js files, by their path relative to the deck (``reveal.js/dist/reveal.js``…)."""
    root = resources.files(__package__) / "static" / REVEAL_DIR
    found: dict[str, bytes] = {}

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name != "README.md":
                found[f"{REVEAL_DIR}/{prefix}{child.name}"] = child.read_bytes()

    walk(root, "")
    return found
