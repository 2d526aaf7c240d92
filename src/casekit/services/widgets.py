"""The journey explorer: pick a life event, tick the municipal sectors that touch it, see the journey and
the cross-functional team that would remove most handovers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from .. import ui
from . import charts
from .analysis import INSTRUMENT, apply_team, journey, load_marks, save_marks, team_design
from .model import Catalogue, load_life_events
from .sample import sample_marks

if TYPE_CHECKING:  # pragma: no cover
    from ..session import Workbook


class JourneyExplorer(ui.View):
    """Pick a life event, tick the municipal sectors that touch it, and see the journey and team.

    The marks are kept for every event while you switch between them; **Save** stores them all
    (instrument ``life_events``) so the follow-up can load them. They start from the respondent's saved
    marks, else the municipality's, else the catalogue's; a sample session without saved marks starts
    from the sample marks.
    """

    css_class = "casekit-journey-explorer"
    messages = "services.widget"

    def __init__(self, wb: Workbook, *, event: str | None = None, catalogue: Catalogue | None = None) -> None:
        super().__init__(wb)
        self.catalogue = cat = catalogue or load_life_events()
        self.marks = self._start_marks()
        self.state: dict[str, Any] = {"journey": None, "design": None}
        self._updating = False
        self.picker = w.Dropdown(
            options=[(ev.name(self.language), ev.id) for ev in cat.events.values()],
            value=cat.event(event).id if event else next(iter(cat.events)),
            layout=w.Layout(width="420px"),
        )
        self.sectors = {
            s.id: w.Checkbox(value=False, description=s.name(self.language), indent=False)
            for s in cat.sectors()
        }
        self.team_toggle = w.Checkbox(value=True, description=self.t("show_team"), indent=False)
        self.save_button = self.on_click(
            w.Button(
                description=self.t("save"), button_style="primary", icon="save", layout=w.Layout(width="auto")
            ),
            self.save,
        )
        self.output, self.note, self.team_output = w.Output(), w.HTML(), w.Output()
        self._connect()
        self.children = self._layout()
        self.load_boxes()
        self.render()

    def _start_marks(self) -> dict[str, list[str]]:
        wb, cat = self.wb, self.catalogue
        if wb.sample and wb.respondent and wb.store.latest(wb.respondent, INSTRUMENT) is None:
            return sample_marks(cat)
        return load_marks(wb.store, respondent=wb.respondent or None, municipality=wb.number, catalogue=cat)

    def _connect(self) -> None:
        self.picker.observe(self.show_event, names="value")
        for box in self.sectors.values():
            box.observe(self.mark, names="value")
        self.team_toggle.observe(self.render, names="value")

    def _layout(self) -> list[w.Widget]:
        grid = w.GridBox(
            list(self.sectors.values()),
            layout=w.Layout(grid_template_columns="repeat(2, minmax(260px, 1fr))"),
        )
        return [
            ui.labelled(self.picker, self.t("event_label"), self.t("event_help")),
            ui.labelled(grid, self.t("sectors_label"), self.t("sectors_help")),
            self.team_toggle,
            self.save_button,
            self.feedback,
            self.output,
            self.note,
            self.team_output,
        ]

    def load_boxes(self) -> None:
        """Tick the sectors marked for the chosen event (without redrawing for each box)."""
        self._updating = True
        try:
            for sector, box in self.sectors.items():
                box.value = sector in self.marks[self.picker.value]
        finally:
            self._updating = False

    def show_event(self, _change: Any = None) -> None:
        """Another event was chosen: show its marks and journey."""
        self.load_boxes()
        self.render()

    def mark(self, _change: Any = None) -> None:
        """A sector was ticked or unticked: keep the marks and redraw."""
        if self._updating:
            return
        self.marks[self.picker.value] = [s for s, box in self.sectors.items() if box.value]
        self.render()

    def render(self, _change: Any = None) -> None:
        """Draw the journey and the suggested team; a mistake (a journey with nothing left) shows inline."""
        ui.guard(self.feedback)(self._draw)()

    def _draw(self) -> None:
        cat, event = self.catalogue, self.catalogue.event(self.picker.value)
        frame = journey(event, self.marks[event.id], catalogue=cat, language=self.language)
        design = team_design(frame)
        self.state["journey"], self.state["design"] = frame, design
        self.feedback.clear()
        ui.show_figure(
            self.output, charts.swimlane(frame, title=event.name(self.language), language=self.language)
        )
        self.note.value = f"<p>{ui.escape(design.describe(cat, self.language))}</p>"
        self.team_output.clear_output()
        if self.team_toggle.value and design.members:
            after = apply_team(frame, design.members, language=self.language)
            title = self.t("with_team_title", event=event.name(self.language))
            ui.show_figure(self.team_output, charts.swimlane(after, title=title, language=self.language))

    def save(self, _button: Any = None) -> None:
        """Check and save the marks of every event."""
        save_marks(self.wb.store, self.wb.respondent, self.wb.number, self.marks, catalogue=self.catalogue)
        self.feedback.ok(self.t("saved", count=len(self.marks)))
