"""The one-page strategy a director can take to the political level, as HTML and as Markdown.

Both exports carry no code and no scripts. Every free text (statement, titles, goals, owners, plan
references) is escaped: in HTML with :func:`casekit.ui.escape`, in Markdown by escaping HTML and the
Markdown punctuation, so a pasted ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, municipalities, ui
from .model import PlanLink, Strategy, dimension_label
from .strategy import ambition_table, empty_profile

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#!|~])")  # emphasis, links, images, tables, headings, code


def md_escape(value: Any) -> str:
    """Text safe inside Markdown: HTML escaped, Markdown punctuation backslash-escaped, one line."""
    text = html.escape("" if value is None else str(value), quote=False)  # no &#x27; for # to break
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _number(value: Any, language: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return i18n.format_number(float(value), decimals=1, language=language)


#: The columns of the initiative table (message keys under ``planning.onepage``).
INITIATIVE_COLUMNS = (
    "initiative",
    "goal",
    "owner_column",
    "horizon",
    "dimensions",
    "samfunnsdel",
    "handlingsplan",
    "budget",
    "benefit",
)
#: What the page shows for a chosen initiative that is not (or no longer) in the tracker.
_UNKNOWN = {"goal": "", "owner": "", "horizon": "short", "dimensions": [], "status": "idea"}


def _item(row: dict[str, Any], link: PlanLink | None, language: str | None) -> dict[str, str]:
    """One initiative on the page, with its plan anchoring, as plain text."""
    budget = link.budget if link else None
    return {
        "title": row["label"],
        "goal": row["goal"],
        "owner": row["owner"] or "–",
        "horizon": i18n.t(f"planning.horizon.{row['horizon']}", language=language),
        "status": i18n.t(f"planning.status.{row['status']}", language=language),
        "dimensions": ", ".join(dimension_label(d, language) for d in row["dimensions"]) or "–",
        "samfunnsdel": (link.samfunnsdel if link else "") or "–",
        "handlingsplan": (link.handlingsplan if link else "") or "–",
        "budget": i18n.format_currency(budget, language=language) if budget is not None else "–",
        "year": str(link.year) if link and link.year else "–",
        "benefit": _benefit(link, language),
    }


def _benefit(link: PlanLink | None, language: str | None) -> str:
    """The expected benefit and who owns realising it, as one cell."""
    if link is None or not (link.benefit or link.benefit_owner):
        return "–"
    owner = i18n.t("planning.onepage.benefit_owner", language=language, owner=link.benefit_owner or "–")
    return f"{link.benefit or '–'} ({owner})"


def _items(
    strategy: Strategy, initiatives: pd.DataFrame, language: str | None
) -> tuple[list[dict[str, str]], dict[int, int]]:
    """The chosen initiatives as page items, and the budget per year they add up to."""
    by_id = {row["id"]: row for row in initiatives.to_dict("records")} if len(initiatives) else {}
    items = []
    budgets: dict[int, int] = {}
    for ident in strategy.initiatives:
        link = strategy.links.get(ident)
        if link and link.budget is not None and link.year is not None:
            budgets[link.year] = budgets.get(link.year, 0) + link.budget
        items.append(_item(by_id.get(ident, {"label": ident, **_UNKNOWN}), link, language))
    return items, budgets


def _initiative_rows(items: list[dict[str, str]]) -> list[list[str]]:
    return [
        [
            i["title"],
            i["goal"],
            i["owner"],
            i["horizon"],
            i["dimensions"],
            i["samfunnsdel"],
            i["handlingsplan"],
            f"{i['budget']} ({i['year']})" if i["budget"] != "–" else "–",
            i["benefit"],
        ]
        for i in items
    ]


def _content(
    strategy: Strategy,
    initiatives: pd.DataFrame,
    profile: pd.DataFrame | None,
    language: str | None,
    generated: dt.date | None,
) -> dict[str, Any]:
    """Everything on the page as plain (unescaped) text, shared by both formats."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.onepage.{key}", language=language, **kw)

    me = municipalities.get(strategy.municipality)
    table = ambition_table(
        profile if profile is not None else empty_profile(language), strategy.targets, language=language
    )
    items, budgets = _items(strategy, initiatives, language)
    return {
        "title": t("title", municipality=me.display_name()),
        "subtitle": t("subtitle", date=i18n.format_date(generated or dt.date.today(), language=language)),
        "statement_heading": t("statement"),
        "statement": strategy.statement,
        "owner": t("owner", owner=strategy.owner) if strategy.owner else "",
        "sustainability_heading": t("sustainability"),
        "sustainability": strategy.sustainability or t("sustainability_missing"),
        "ambition_heading": t("ambition"),
        "ambition_columns": [t("dimension"), t("today"), t("prework_ambition"), t("target")],
        "ambition_rows": [
            [r.label, _number(r.today, language), _number(r.ambition, language), _number(r.target, language)]
            for r in table.itertuples(index=False)
        ],
        "initiatives_heading": t("initiatives", count=len(items)),
        "initiative_columns": [t(key) for key in INITIATIVE_COLUMNS],
        "initiative_rows": _initiative_rows(items),
        "budget_line": "; ".join(
            t("budget_total", year=year, amount=i18n.format_currency(amount, language=language))
            for year, amount in sorted(budgets.items())
        ),
        "anchoring": t("anchoring"),
        "follow_up": t("follow_up"),
    }


def one_page_html(
    strategy: Strategy,
    initiatives: pd.DataFrame,
    profile: pd.DataFrame | None = None,
    *,
    language: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """A standalone, printable HTML page (A4) with no scripts; all free text escaped."""
    return _html(_content(strategy, initiatives, profile, language, generated), language)


def _html(c: dict[str, Any], language: str | None) -> str:
    code = i18n.check_language(language or i18n.get_language())
    e = ui.escape

    def table(columns: list[str], rows: list[list[str]]) -> str:
        head = "".join(f'<th scope="col">{e(col)}</th>' for col in columns)
        body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    paragraphs = "".join(f"<p>{e(p.strip())}</p>" for p in c["statement"].split("\n\n") if p.strip())
    owner = f'<p class="owner">{e(c["owner"])}</p>' if c["owner"] else ""
    budget = f"<p><strong>{e(c['budget_line'])}</strong></p>" if c["budget_line"] else ""
    style = (
        "@page{size:A4;margin:14mm}body{font-family:'Source Sans Pro','Segoe UI',Arial,sans-serif;"
        "color:#222;max-width:190mm;margin:auto;font-size:10.5pt;line-height:1.35}"
        "h1{font-size:18pt;margin:0}h2{font-size:12.5pt;margin:12px 0 4px;color:#0B3D66}"
        ".sub{color:#555;margin:2px 0 10px}table{border-collapse:collapse;width:100%;font-size:9.5pt}"
        "th,td{border-bottom:1px solid #ccc;text-align:left;padding:3px 5px;vertical-align:top}"
        "th{background:#E8F1FA}.owner{color:#444}.foot{color:#555;font-size:9pt;margin-top:10px}"
    )
    return (
        f'<!DOCTYPE html><html lang="{code}"><head><meta charset="utf-8">'
        f"<title>{e(c['title'])}</title><style>{style}</style></head><body>"
        f'<h1>{e(c["title"])}</h1><p class="sub">{e(c["subtitle"])}</p>'
        f"<h2>{e(c['statement_heading'])}</h2>{paragraphs}{owner}"
        f"<h2>{e(c['sustainability_heading'])}</h2><p>{e(c['sustainability'])}</p>"
        f"<h2>{e(c['ambition_heading'])}</h2>{table(c['ambition_columns'], c['ambition_rows'])}"
        f"<h2>{e(c['initiatives_heading'])}</h2>{table(c['initiative_columns'], c['initiative_rows'])}"
        f'{budget}<p class="foot">{e(c["anchoring"])} {e(c["follow_up"])}</p></body></html>'
    )


def one_page_markdown(
    strategy: Strategy,
    initiatives: pd.DataFrame,
    profile: pd.DataFrame | None = None,
    *,
    language: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """The same page as Markdown (for e-mail, Teams or the case system); all free text escaped."""
    return _markdown(_content(strategy, initiatives, profile, language, generated))


def _markdown(c: dict[str, Any]) -> str:
    m = md_escape

    def table(columns: list[str], rows: list[list[str]]) -> list[str]:
        lines = ["| " + " | ".join(m(col) for col in columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(m(v) for v in row) + " |" for row in rows]
        return lines

    lines = [f"# {m(c['title'])}", "", f"*{m(c['subtitle'])}*", "", f"## {m(c['statement_heading'])}", ""]
    for paragraph in c["statement"].split("\n\n"):
        if paragraph.strip():
            lines += [m(paragraph), ""]
    if c["owner"]:
        lines += [m(c["owner"]), ""]
    lines += [f"## {m(c['sustainability_heading'])}", "", m(c["sustainability"]), ""]
    lines += [f"## {m(c['ambition_heading'])}", "", *table(c["ambition_columns"], c["ambition_rows"]), ""]
    lines += [
        f"## {m(c['initiatives_heading'])}",
        "",
        *table(c["initiative_columns"], c["initiative_rows"]),
        "",
    ]
    if c["budget_line"]:
        lines += [f"**{m(c['budget_line'])}**", ""]
    lines += [f"{m(c['anchoring'])} {m(c['follow_up'])}", ""]
    return "\n".join(lines)


def export_one_page(
    folder: str | Path,
    strategy: Strategy,
    initiatives: pd.DataFrame,
    profile: pd.DataFrame | None = None,
    *,
    language: str | None = None,
    generated: dt.date | None = None,
) -> dict[str, Path]:
    """Write ``strategy-<municipality>.html`` and ``.md`` into ``folder``; returns both paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    stem = f"strategy-{strategy.municipality}-{i18n.check_language(language or i18n.get_language())}"
    html_path = target / f"{stem}.html"
    md_path = target / f"{stem}.md"
    content = _content(strategy, initiatives, profile, language, generated)
    html_path.write_text(_html(content, language), encoding="utf-8")
    md_path.write_text(_markdown(content), encoding="utf-8")
    return {"html": html_path, "markdown": md_path}
