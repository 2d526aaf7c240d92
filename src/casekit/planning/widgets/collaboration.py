"""The collaboration model: the initiative form, the tracker's four views, and the two together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import display

from ... import ui
from ...services.model import load_life_events
from .. import charts, views
from ..model import DIMENSIONS, HORIZONS, SCALE, STATUSES, dimension_label, to_date
from ..tracker import PREFIX, history, initiatives, progress, save_initiative, sessions

if TYPE_CHECKING:  # pragma: no cover
    from ...session import Workbook

#: The form's fields for a new initiative.
BLANK: dict[str, Any] = {
    "title": "",
    "goal": "",
    "measures": [],
    "owner": "",
    "sectors": [],
    "horizon": "short",
    "impact": 3,
    "effort": 3,
    "status": "idea",
    "evidence": "",
    "evaluation": "",
    "dimensions": [],
    "start": None,
    "due": None,
}
#: Fields whose saved value goes into the input as it is.
PLAIN = ("title", "goal", "owner", "horizon", "impact", "effort", "status", "evidence", "evaluation")


def _show_html(out: w.Output, block: Any) -> None:
    """Show an HTML block in an Output, replacing what was there."""
    out.clear_output(wait=True)
    with out:
        display(block)


class InitiativeForm(ui.View):
    """Register a new initiative or update one: goal, measures, owner, sectors, horizon, impact and effort,
    status, evidence of implementation, evaluation and maturity dimensions. Every save is kept, in the
    follow-up ``session`` (such as ``1c``); each function in :attr:`listeners` is called after a save."""

    css_class = "casekit-initiative-form"
    messages = "planning.form"

    def __init__(self, wb: Workbook, *, session: str = "") -> None:
        super().__init__(wb)
        self.session = session
        self.listeners: list[Callable[[], Any]] = []
        self.sector_options = [(a.name(self.language), a.id) for a in load_life_events().sectors()]
        self.choose = w.Dropdown(layout=w.Layout(width="480px"))
        self.fields = self._fields()
        self.save_button = self.on_click(
            w.Button(description=self.t("save"), button_style="primary", icon="save"), self.save
        )
        # Choosing an initiative only fills the fields (a save chooses it too), so it is no guarded action.
        self.choose.observe(self.fill, names="value")
        self.children = self._rows()
        self.refresh_choices()
        self.fill()

    def _fields(self) -> dict[str, w.Widget]:
        wide, text = w.Layout(width="95%"), lambda height: w.Layout(width="95%", height=height)
        options = {
            "horizon": [(self.wb.t(f"planning.horizon.{h}"), h) for h in HORIZONS],
            "status": [(self.wb.t(f"planning.status.{s}"), s) for s in STATUSES],
            "dimensions": [(dimension_label(d, self.language), d) for d in DIMENSIONS],
        }
        return {
            "title": w.Text(layout=wide),
            "goal": w.Textarea(layout=text("70px")),
            "measures": w.Textarea(layout=text("80px")),
            "owner": w.Text(layout=wide),
            "sectors": w.SelectMultiple(options=self.sector_options, rows=6, layout=w.Layout(width="420px")),
            "horizon": w.ToggleButtons(options=options["horizon"], value="short"),
            "impact": w.IntSlider(value=3, min=SCALE[0], max=SCALE[1]),
            "effort": w.IntSlider(value=3, min=SCALE[0], max=SCALE[1]),
            "status": w.Dropdown(options=options["status"]),
            "evidence": w.Textarea(layout=text("60px")),
            "evaluation": w.Textarea(layout=text("60px")),
            "dimensions": w.SelectMultiple(
                options=options["dimensions"], rows=7, layout=w.Layout(width="420px")
            ),
            "start": w.DatePicker(),
            "due": w.DatePicker(),
        }

    def _rows(self) -> list[w.Widget]:
        f = self.fields

        def row(key: str, help_key: str | None = None, suffix: str = "") -> w.Widget:
            label = self.wb.t(f"planning.field.{key}") + suffix
            return ui.labelled(f[key], label, self.t(help_key) if help_key else None)

        return [
            ui.labelled(self.choose, self.t("choose"), self.t("choose_help")),
            row("title"),
            row("goal", "goal_help", " *"),
            row("measures", "measures_help"),
            row("owner"),
            row("sectors", "multi_help"),
            row("horizon"),
            w.HBox([row("impact", "scale_help"), row("effort", "scale_help")]),
            row("status"),
            row("evidence", "evidence_help"),
            row("evaluation"),
            row("dimensions", "multi_help"),
            w.HBox([row("start"), row("due")]),
            self.save_button,
            self.feedback,
        ]

    def refresh_choices(self, selected: str = "") -> None:
        """List the saved initiatives (and a new one) to choose from; select ``selected`` if it is saved."""
        frame = initiatives(self.wb.store, self.wb.number)
        self.choose.options = [(self.t("new"), "")] + [
            (row.label, row.id) for row in frame.itertuples(index=False)
        ]
        self.choose.value = selected if selected in frame["id"].tolist() else ""

    def fill(self, _change: Any = None) -> None:
        """Put the chosen initiative's current state (or a blank one) into the fields."""
        frame = initiatives(self.wb.store, self.wb.number)
        row = frame[frame["id"] == self.choose.value]
        values = BLANK if row.empty else row.iloc[0].to_dict()
        f = self.fields
        for key in PLAIN:
            f[key].value = values[key]
        f["measures"].value = "\n".join(values["measures"])
        known = {v for _, v in self.sector_options}
        f["sectors"].options = self.sector_options + [(s, s) for s in values["sectors"] if s not in known]
        f["sectors"].value = tuple(values["sectors"])
        f["dimensions"].value = tuple(values["dimensions"])
        f["start"].value, f["due"].value = to_date(values["start"]), to_date(values["due"])

    def collect(self) -> dict[str, Any]:
        """The fields as an initiative (the chosen id, or none for a new one)."""
        values = {key: widget.value for key, widget in self.fields.items()}
        values.update(sectors=list(values["sectors"]), dimensions=list(values["dimensions"]))
        return {"id": self.choose.value or None, **values}

    def save(self, _button: Any = None) -> None:
        """Check and append the initiative, select it, say how many versions it has, tell the listeners."""
        wb = self.wb
        sub = save_initiative(
            wb.store, self.collect(), respondent=wb.respondent, municipality=wb.number, session=self.session
        )
        ident = sub.instrument[len(PREFIX) :]
        self.refresh_choices(ident)
        title = self.fields["title"].value or self.fields["goal"].value[:40]
        versions = len(history(wb.store, wb.number, ident))
        self.feedback.ok(self.t("saved", title=title, versions=versions))
        for listener in self.listeners:
            listener()


class TrackerView(ui.View):
    """The four views of the tracker in tabs: status board, impact/effort matrix, timeline and progress
    between two sessions. Call :meth:`refresh` (the form does it after each save) to redraw."""

    css_class = "casekit-tracker"
    messages = "planning.tracker"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        self.outputs = {
            key: w.Output() for key in ("board", "matrix", "timeline", "progress", "progress_chart")
        }
        self.before = w.Dropdown(description=self.t("before"))
        self.after = w.Dropdown(description=self.t("after"))
        self.state: dict[str, Any] = {"frame": None, "progress": None}
        self._updating = False
        out = self.outputs
        comparison = w.VBox([w.HBox([self.before, self.after]), out["progress"], out["progress_chart"]])
        self.tabs = w.Tab(children=[out["board"], out["matrix"], out["timeline"], comparison])
        for i, key in enumerate(("board", "matrix", "timeline", "progress")):
            self.tabs.set_title(i, self.t(key))
        self.on_change(self.before, self.show_progress)
        self.on_change(self.after, self.show_progress)
        self.children = [ui.readable(self.tabs), self.feedback]
        self.refresh()

    def refresh(self) -> None:
        """Redraw every view from the store; mistakes show in :attr:`feedback`."""
        ui.guard(self.feedback)(self._draw)()

    def _draw(self) -> None:
        frame = initiatives(self.wb.store, self.wb.number)
        self.state["frame"] = frame
        _show_html(self.outputs["board"], views.status_board(frame, language=self.language))
        ui.show_figure(self.outputs["matrix"], charts.impact_effort(frame, language=self.language))
        ui.show_figure(self.outputs["timeline"], charts.timeline(frame, language=self.language))
        self._sessions(sessions(self.wb.store, self.wb.number))
        self.show_progress()

    def _sessions(self, order: list[str]) -> None:
        """Offer the sessions to compare and pick the last two, without redrawing on every change."""
        self._updating = True
        try:
            self.before.options, self.after.options = order, order
            if len(order) >= 2:
                self.before.value, self.after.value = order[-2], order[-1]
        finally:
            self._updating = False

    def show_progress(self, _change: Any = None) -> None:
        """The progress between the two chosen sessions, or a note that two are needed."""
        if self._updating:
            return
        table, chart = self.outputs["progress"], self.outputs["progress_chart"]
        self.state["progress"] = None
        if not self.before.value or not self.after.value:
            chart.clear_output()
            _show_html(table, ui.HTMLBlock(ui.message_html(self.t("one_session"), "info")))
            return
        frame = progress(
            self.wb.store, self.wb.number, self.before.value, self.after.value, language=self.language
        )
        self.state["progress"] = frame
        _show_html(table, views.progress_table(frame, language=self.language))
        ui.show_figure(chart, charts.progress_chart(frame, language=self.language))


class CollaborationModel(ui.View):
    """The initiative form and the tracker together: every save redraws the tracker's four views."""

    css_class = "casekit-collaboration-model"

    def __init__(self, wb: Workbook, *, session: str = "") -> None:
        super().__init__(wb)
        self.form = InitiativeForm(wb, session=session)
        self.tracker = TrackerView(wb)
        self.form.listeners.append(self.tracker.refresh)
        self.children = [self.form, self.tracker]
