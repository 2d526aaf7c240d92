"""The competence planner: one leader's development plan, from their gaps to what, how and by when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ... import i18n, ui
from ..competence import OPTIONS, check_gaps, load_plan, save_plan, suggest_plan
from ..model import to_date

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...session import Workbook


class CompetencePlanner(ui.View):
    """The session respondent's development plan: for each area with a gap, what to do, how (internal
    training, peer learning, mentoring, self-study, masterclass, certification) and by when, plus a
    reflection. It starts from the saved plan, else from the suggestion."""

    css_class = "casekit-competence-planner"
    messages = "planning.planner"

    def __init__(self, wb: Workbook, gaps: pd.DataFrame) -> None:
        super().__init__(wb)
        suggestion = suggest_plan(check_gaps(gaps), respondent=wb.respondent, language=self.language)
        saved, reflection = load_plan(wb.store, wb.respondent) if wb.respondent else ({}, "")
        self.rows: dict[str, dict[str, w.Widget]] = {}
        lines = [self._line(row, saved.get(row.area, {})) for row in suggestion.itertuples(index=False)]
        self.reflection = w.Textarea(value=reflection, layout=w.Layout(width="95%", height="80px"))
        self.save_button = self.on_click(
            w.Button(description=self.t("save"), button_style="primary", icon="save"), self.save
        )
        intro = self.t("intro", count=len(self.rows)) if self.rows else self.t("no_gaps")
        self.children = [
            w.HTML(f"<p>{ui.escape(intro)}</p>"),
            *lines,
            ui.labelled(self.reflection, self.t("reflection"), self.t("reflection_help")),
            self.save_button,
            self.feedback,
        ]

    def _line(self, row: Any, saved: dict[str, str]) -> w.Widget:
        """One area: its gap, and what, how and by when (the saved plan over the suggestion)."""
        data = {"what": row.what, "how": row.how, "by": row.by, **saved}
        how_options = [(self.wb.t(f"planning.option.{o}"), o) for o in OPTIONS]
        inputs = {
            "what": w.Text(value=data["what"], layout=w.Layout(width="45%")),
            "how": w.Dropdown(
                options=how_options,
                value=data["how"] if data["how"] in OPTIONS else "internal_training",
                layout=w.Layout(width="25%"),
            ),
            "by": w.DatePicker(value=to_date(data["by"])),
        }
        self.rows[row.area] = inputs
        gap = i18n.format_number(row.gap, decimals=1, language=self.language)
        heading = f"<b>{ui.escape(row.label)}</b> ({ui.escape(self.t('gap', gap=gap))})"
        return w.VBox([w.HTML(heading), w.HBox(list(inputs.values()))])

    def actions(self) -> dict[str, dict[str, Any]]:
        """The plan as typed: ``{area: {what, how, by}}``."""
        return {
            area: {key: widget.value for key, widget in inputs.items()} for area, inputs in self.rows.items()
        }

    def save(self, _button: Any = None) -> None:
        """Check and save the plan; nothing is saved when a line is incomplete."""
        actions = self.actions()
        save_plan(
            self.wb.store,
            self.wb.respondent,
            actions,
            municipality=self.wb.number,
            reflection=self.reflection.value,
        )
        self.feedback.ok(self.t("saved", count=len(actions)))
