"""HTML views of the tracker: the status board and tables. Every free text is escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n, ui
from .charts import STATUS_COLOURS
from .model import STATUSES, dimension_label

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def status_board(data: pd.DataFrame, *, language: str | None = None) -> ui.HTMLBlock:
    """A board with one column per status and a card per initiative (owner, horizon, impact/effort,
    whether implementation is documented and evaluated)."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.board.{key}", language=language, **kw)

    if data.empty:
        return ui.HTMLBlock(ui.message_html(i18n.t("planning.chart.empty", language=language), "info"))
    columns = []
    for status in STATUSES:
        part = data[data["status"] == status]
        if status == "stopped" and part.empty:
            continue
        cards = []
        for row in part.itertuples(index=False):
            facts = [
                t("owner", owner=row.owner) if row.owner else t("no_owner"),
                i18n.t(f"planning.horizon.{row.horizon}", language=language),
                t("impact_effort", impact=row.impact, effort=row.effort),
            ]
            if row.evidence:
                facts.append("✔ " + t("documented"))
            if row.evaluation:
                facts.append("✔ " + t("evaluated"))
            dims = ", ".join(dimension_label(d, language) for d in row.dimensions)
            cards.append(
                '<div style="background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 8px;'
                'margin:6px 0">'
                f'<div style="font-weight:600">{ui.escape(row.label)}</div>'
                f'<div style="font-size:0.9em;color:#333">{ui.escape(" · ".join(facts))}</div>'
                + (f'<div style="font-size:0.85em;color:#555">{ui.escape(dims)}</div>' if dims else "")
                + "</div>"
            )
        colour = STATUS_COLOURS[status]
        heading = ui.escape(i18n.t(f"planning.status.{status}", language=language))
        columns.append(
            f'<div style="flex:1;min-width:150px;background:#F5F5F5;border-top:5px solid {colour};'
            'border-radius:6px;padding:6px">'
            f'<div style="font-weight:700">{heading} ({len(part)})</div>{"".join(cards)}</div>'
        )
    return ui.HTMLBlock(
        f'<div class="casekit-board" role="region" aria-label="{ui.escape(t("caption"))}" '
        f'style="display:flex;gap:8px;align-items:flex-start;flex-wrap:wrap">{"".join(columns)}</div>'
    )


def initiative_table(data: pd.DataFrame, *, language: str | None = None) -> ui.HTMLBlock:
    """The initiatives with goal, measures, owner, horizon, status, evidence and evaluation."""

    def t(key: str) -> str:
        return i18n.t(f"planning.field.{key}", language=language)

    rows = [
        [
            r.label,
            r.goal,
            "; ".join(r.measures) or "–",
            r.owner or "–",
            i18n.t(f"planning.horizon.{r.horizon}", language=language),
            i18n.t(f"planning.status.{r.status}", language=language),
            r.evidence or "–",
            r.evaluation or "–",
        ]
        for r in data.itertuples(index=False)
    ]
    columns = ["title", "goal", "measures", "owner", "horizon", "status", "evidence", "evaluation"]
    return ui.table(
        [t(c) for c in columns], rows, caption=i18n.t("planning.board.table_caption", language=language)
    )


def progress_table(data: pd.DataFrame, *, language: str | None = None) -> ui.HTMLBlock:
    """The output of :func:`casekit.planning.progress` as a table."""

    def t(key: str) -> str:
        return i18n.t(f"planning.progress.{key}", language=language)

    def status(value: Any) -> str:
        return i18n.t(f"planning.status.{value}", language=language) if isinstance(value, str) else "–"

    yes, no = t("yes"), t("no")
    rows = [
        [
            r.label,
            status(r.status_before),
            status(r.status_after),
            r.change_label,
            yes if r.evidence_added else no,
            yes if r.evaluation_added else no,
        ]
        for r in data.itertuples(index=False)
    ]
    return ui.table(
        [t("initiative"), t("before"), t("after"), t("change"), t("evidence"), t("evaluation")],
        rows,
        caption=t("caption"),
    )


def coverage_table(data: pd.DataFrame, *, language: str | None = None) -> ui.HTMLBlock:
    """The output of :func:`casekit.planning.strategy.gap_coverage` as a table with a verdict per row."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.coverage.{key}", language=language, **kw)

    def num(value: Any) -> str:
        import pandas as pd

        return "–" if value is None or pd.isna(value) else str(int(value))

    rows = []
    for r in data.itertuples(index=False):
        if num(r.gap) == "–":
            verdict = t("unknown")
        elif int(r.gap) <= 0:
            verdict = t("no_gap")
        elif r.initiatives:
            verdict = t("covered", count=int(r.initiatives))
        else:
            verdict = "⚠ " + t("open")
        rows.append(
            [
                r.label,
                num(r.today_generation),
                num(r.target_generation),
                num(r.gap),
                str(r.initiatives),
                verdict,
            ]
        )
    columns = [t(key) for key in ("dimension", "today", "target", "gap", "initiatives", "verdict")]
    return ui.table(columns, rows, caption=t("caption"))


def notes_list(notes: list[dict[str, str]], labels: dict[str, str], *, heading: str) -> ui.HTMLBlock:
    """Free-text notes (one dict per person, field → text) under ``heading``, escaped, without names."""
    items = []
    for note in notes:
        parts = [
            f"<b>{ui.escape(labels.get(field, field))}:</b> {ui.escape(text)}"
            for field, text in note.items()
            if text
        ]
        if parts:
            items.append("<li>" + "<br>".join(parts) + "</li>")
    return ui.HTMLBlock(f"<h4>{ui.escape(heading)}</h4><ul>{''.join(items)}</ul>")
