"""Widgets for the radar notebooks: explorer, ballot, edition editor and a live radar view.

Each widget is a :class:`casekit.ui.View` built from the workbook session. Every handler is guarded, so
an expected mistake (a missing rationale, a duplicate name) shows inline in the participant's language.
Every widget renders its initial state at once and never waits for input.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import ipywidgets as w
from IPython.display import display
from ipywidgets.widgets.widget_description import DescriptionStyle  # not exported at the top of ipywidgets 8

from .. import ui
from ..errors import RadarError
from ..session import Workbook
from ..store import Store, Submission
from .editions import diff, make_edition, save_edition
from .export import to_svg
from .model import Blip, Quadrant, Radar
from .sanitise import plain_text
from .tables import blip_card
from .votes import Ballot, load_ballot_for, new_blip, save_ballot

SKIP = "skip"


def _heading(text: str, margin: str = "12px 0 4px") -> w.HTML:
    return w.HTML(f"<h4 style='margin:{margin}'>{ui.escape(text)}</h4>")


class LiveRadar:
    """A radar view that redraws whenever :meth:`update` is called (inline SVG, fast enough to follow
    every click). ``last_ms`` is the time the last redraw took."""

    def __init__(
        self, radar: Radar, *, language: str | None = None, seed: int = 0, highlight: set[str] | None = None
    ):
        self.language = language
        self.seed = seed
        self.highlight = set(highlight or ())
        self.widget = w.HTML(layout=w.Layout(width="100%", max_width="760px"))
        self.widget.add_class("casekit-live-radar")
        self.redraws = 0
        self.last_ms = 0.0
        self.radar = radar
        self.update(radar)

    def update(self, radar: Radar | None = None) -> float:
        start = time.perf_counter()
        if radar is not None:
            self.radar = radar
        self.widget.value = to_svg(self.radar, language=self.language, seed=self.seed)
        self.redraws += 1
        self.last_ms = (time.perf_counter() - start) * 1000
        return self.last_ms

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:  # pragma: no cover - display in a kernel
        return self.widget._repr_mimebundle_(**kwargs)


def live_view(radar: Radar, *, language: str | None = None, seed: int = 0) -> LiveRadar:
    return LiveRadar(radar, language=language, seed=seed)


# --- explorer ---------------------------------------------------------------------------------------------


class Explorer(ui.View):
    """Pick a technology (by quadrant) and read its card; the radar highlights the chosen blip."""

    css_class = "casekit-radar-explorer"
    messages = "radar.widget.explorer"

    def __init__(self, wb: Workbook, radar: Radar, *, blip: str | None = None) -> None:
        super().__init__(wb)
        self.radar = radar
        quadrants = [(q.label_in(self.language), q.key) for q in radar.config.quadrants]
        self.quadrant = w.Dropdown(options=quadrants, layout=w.Layout(width="340px"))
        self.picker = w.Dropdown(layout=w.Layout(width="420px"))
        self.output = w.Output()
        self.live = LiveRadar(radar, language=self.language)
        if blip is None:
            self.pick_quadrant()
        else:
            self.choose(blip)
        self.on_change(self.quadrant, self.pick_quadrant)
        self.on_change(self.picker, self.show)
        self.show()
        self.children = [
            ui.labelled(self.quadrant, self.t("quadrant")),
            ui.labelled(self.picker, self.t("blip"), self.t("help")),
            self.feedback,
            self.output,
        ]

    def options_for(self, quadrant: str) -> list[tuple[str, str]]:
        blips = (b for b in self.radar.blips if b.quadrant == quadrant)
        return sorted(((b.label(self.language), b.id) for b in blips), key=lambda o: o[0].casefold())

    def choose(self, blip: str) -> None:
        """Open the explorer on one technology (by name or id)."""
        chosen = self.radar.get(blip)
        self.quadrant.value = chosen.quadrant
        self.picker.options = self.options_for(chosen.quadrant)
        self.picker.value = chosen.id

    def pick_quadrant(self, _change: Any = None) -> None:
        self.picker.options = self.options_for(self.quadrant.value)
        self.picker.value = self.picker.options[0][1] if self.picker.options else None

    def show(self, _change: Any = None) -> None:
        self.output.clear_output(wait=True)
        if self.picker.value is None:
            return
        self.live.highlight = {self.picker.value}
        with self.output:
            display(blip_card(self.radar, self.picker.value, language=self.language))


# --- the shared "new technology" inputs -------------------------------------------------------------------


class _RadarForm(ui.View):
    """A radar view with the inputs for a new technology: name, quadrant, ring and description."""

    def _new_inputs(self, radar: Radar, description_size: tuple[str, str]) -> None:
        self.new_name = w.Text(layout=w.Layout(width="360px"))
        self.new_quadrant = w.Dropdown(
            options=[(q.label_in(self.language), q.key) for q in radar.config.quadrants],
            layout=w.Layout(width="360px"),
        )
        self.new_ring = w.Dropdown(
            options=[(r.label_in(self.language), r.key) for r in radar.config.rings],
            layout=w.Layout(width="200px"),
        )
        width, height = description_size
        self.new_description = w.Textarea(layout=w.Layout(width=width, height=height))

    def _new_fields(self, help_text: str | None = None) -> list[Any]:
        t = self.wb.t
        return [
            ui.labelled(self.new_name, t("radar.widget.ballot.new_name")),
            ui.labelled(self.new_quadrant, t("radar.field.quadrant")),
            ui.labelled(self.new_ring, t("radar.field.ring")),
            ui.labelled(self.new_description, t("radar.widget.ballot.new_description"), help_text),
        ]

    def _new_blip(self, radar: Radar) -> Blip:
        """The new technology in the inputs, checked against ``radar``."""
        return new_blip(
            radar,
            self.new_name.value,
            self.new_quadrant.value,
            self.new_ring.value,
            self.new_description.value,
        )

    def _clear_new(self) -> None:
        self.new_name.value = ""
        self.new_description.value = ""

    @property
    def municipality(self) -> str | None:
        return self.wb.municipality.number if self.wb.municipality else None

    @property
    def store(self) -> Store:
        return self.wb.store


# --- ballot -----------------------------------------------------------------------------------------------


class BallotForm(_RadarForm):
    """The ballot: a ring (or skip) for each sample technology, new technologies, and Save.

    It starts from ``start``, else from the respondent's latest saved ballot, else all skipped. Save
    appends a new ballot to the store; the newest counts.
    """

    css_class = "casekit-ballot"
    messages = "radar.widget.ballot"

    def __init__(self, wb: Workbook, radar: Radar, *, start: Ballot | None = None) -> None:
        super().__init__(wb)
        if not wb.respondent or not wb.respondent.strip():
            raise RadarError("radar.error.no_respondent")
        self.radar = radar
        begin = start if start is not None else load_ballot_for(wb.store, wb.respondent)
        placed = dict(begin.placements) if begin else {}
        self.additions: list[Blip] = list(begin.additions) if begin else []
        self.saved: list[Submission] = []
        self.choices = self._choices(placed)
        self._new_inputs(radar, ("480px", "70px"))
        self.add_button = self.on_click(w.Button(description=self.t("add"), icon="plus"), self.add)
        save = w.Button(description=wb.t("ui.save"), button_style="primary", icon="save")
        self.save_button = self.on_click(save, self.save)
        self.save_button.add_class("casekit-save")
        self.added = w.HTML()
        self.live = LiveRadar(self.my_radar(), language=self.language)
        for dd in self.choices.values():
            self.on_change(dd, self.redraw)
        self.show_added()
        self.children = self._layout()

    def _layout(self) -> list[Any]:
        new_form = w.VBox(
            [
                _heading(self.t("new_heading"), "16px 0 4px"),
                *self._new_fields(self.t("new_help")),
                self.add_button,
                self.added,
            ]
        )
        return [
            w.HTML(f"<p>{ui.escape(self.t('intro'))}</p>"),
            *(self._section(q) for q in self.radar.config.quadrants),
            new_form,
            self.save_button,
            self.feedback,
            _heading(self.t("your_radar"), "16px 0 4px"),
            self.live.widget,
        ]

    def _in_order(self, quadrant: Quadrant) -> list[Blip]:
        """A quadrant's technologies in alphabetical order."""
        here = [b for b in self.radar.blips if b.quadrant == quadrant.key]
        return sorted(here, key=lambda b: b.label(self.language).casefold())

    def _choices(self, placed: dict[str, str | None]) -> dict[str, w.Dropdown]:
        """A ring (or skip) for each technology, quadrant by quadrant. The technology's name is the
        dropdown's own label, so it is announced with it and never cut short."""
        lang, config = self.language, self.radar.config
        options = [(self.t("skip"), SKIP)] + [(r.label_in(lang), r.key) for r in config.rings]
        name_width = f"{max((len(b.label(lang)) for b in self.radar.blips), default=10) * 0.62 + 1:.0f}em"
        # Every dropdown looks the same, so they share one style and one layout model: a model each would
        # triple what the kernel makes and the page restores before the ballot shows.
        style = DescriptionStyle(description_width=name_width)
        layout = w.Layout(width=f"calc({name_width} + 170px)", max_width="100%")
        choices = {}
        for b in (b for q in config.quadrants for b in self._in_order(q)):
            ring = placed.get(b.id)
            choices[b.id] = w.Dropdown(
                options=options,
                value=ring if ring in config.ring_keys else SKIP,
                description=b.label(lang),
                tooltip=plain_text(b.description_in(lang)) or b.label(lang),
                style=style,
                layout=layout,
            )
            choices[b.id].add_class("casekit-ballot-ring")
        return choices

    def _section(self, quadrant: Quadrant) -> w.VBox:
        """One quadrant's heading and its technologies' dropdowns."""
        return w.VBox(
            [
                _heading(quadrant.label_in(self.language)),
                *(self.choices[b.id] for b in self._in_order(quadrant)),
            ]
        )

    def ballot(self) -> Ballot:
        """The ballot as it stands now."""
        placements = {k: (None if dd.value == SKIP else dd.value) for k, dd in self.choices.items()}
        return Ballot(self.wb.respondent, self.municipality, placements, tuple(self.additions))

    def my_radar(self) -> Radar:
        """The ballot drawn as a radar: the placed technologies in the chosen rings, and the new ones."""
        now = self.ballot().placements
        blips = [replace(b, ring=now[b.id], status="no_change") for b in self.radar.blips if now.get(b.id)]
        return self.radar.with_blips([*blips, *self.additions], title=self.t("your_radar"))

    def redraw(self, _change: Any = None) -> None:
        self.live.update(self.my_radar())

    def show_added(self) -> None:
        if not self.additions:
            self.added.value = ""
            return
        ring = self.radar.config.ring
        items = "".join(
            f"<li>{ui.escape(a.name)} ({ui.escape(ring(a.ring).label_in(self.language))})</li>"
            for a in self.additions
        )
        self.added.value = f"<p>{ui.escape(self.t('added'))}</p><ul>{items}</ul>"

    def add(self, _button: Any = None) -> None:
        blip = self._new_blip(self.radar)
        if any(a.id == blip.id for a in self.additions):
            raise RadarError("radar.error.new_name_exists", name=blip.name)
        self.additions.append(blip)
        self._clear_new()
        self.show_added()
        self.redraw()
        self.feedback.ok(self.t("added_one", name=blip.name))

    def save(self, _button: Any = None) -> None:
        self.saved.append(save_ballot(self.store, self.ballot(), self.radar))
        count = sum(1 for dd in self.choices.values() if dd.value != SKIP)
        self.feedback.ok(self.t("saved", count=count, total=len(self.choices)))


# --- editor -----------------------------------------------------------------------------------------------


class EditionEditor(_RadarForm):
    """The group's radar editor: move, add and retire blips (a rationale is asked for on every move and
    retirement), watch the live radar and the changes, and save the edition to the store."""

    css_class = "casekit-radar-editor"
    messages = "radar.widget.editor"

    def __init__(self, wb: Workbook, radar: Radar, *, previous: Radar | None = None, label: str = "") -> None:
        super().__init__(wb)
        self.radar = radar
        self.previous = previous
        self.base = previous if previous is not None else radar
        self.rationales: dict[str, str] = {}
        self.retired: dict[str, str] = {}
        self.saved: list[Submission] = []
        self.live = LiveRadar(radar, language=self.language)
        self.changes = w.HTML()
        rings = [(r.label_in(self.language), r.key) for r in radar.config.rings]
        self.blip = w.Dropdown(options=self._blip_options(), layout=w.Layout(width="420px"))
        self.ring = w.Dropdown(options=rings, layout=w.Layout(width="200px"))
        self.rationale = w.Textarea(
            placeholder=self.t("rationale_placeholder"), layout=w.Layout(width="520px", height="70px")
        )
        self.move_button = self.on_click(w.Button(description=self.t("move"), icon="arrows"), self.move)
        self.retire_button = self.on_click(
            w.Button(description=self.t("retire"), icon="archive"), self.retire
        )
        self._new_inputs(radar, ("520px", "60px"))
        self.add_button = self.on_click(w.Button(description=self.t("add"), icon="plus"), self.add)
        self.label = w.Text(value=label, layout=w.Layout(width="200px"))
        save = w.Button(description=self.t("save"), button_style="primary", icon="save")
        self.save_button = self.on_click(save, self.save)
        self.on_change(self.blip, self.show_ring)
        self.show_ring()
        self.refresh()
        self.children = self._layout()

    def _layout(self) -> list[Any]:
        t = self.wb.t
        return [
            self.live.widget,
            _heading(self.t("move_heading")),
            ui.labelled(self.blip, self.t("blip")),
            ui.labelled(self.ring, t("radar.field.ring")),
            ui.labelled(self.rationale, t("radar.field.rationale"), self.t("rationale_help")),
            w.HBox([self.move_button, self.retire_button]),
            _heading(self.t("add_heading")),
            *self._new_fields(),
            self.add_button,
            self.changes,
            ui.labelled(self.label, self.t("label"), self.t("label_help")),
            self.save_button,
            self.feedback,
        ]

    @property
    def state(self) -> dict[str, Any]:
        """The radar as edited so far, with the rationales for moves and retirements."""
        return {"radar": self.radar, "rationales": self.rationales, "retired": self.retired}

    def _blip_options(self) -> list[tuple[str, str]]:
        return sorted(
            ((b.label(self.language), b.id) for b in self.radar.blips), key=lambda o: o[0].casefold()
        )

    def _changes_html(self) -> str:
        table = diff(self.base, self.radar, language=self.language)
        rows = [
            [
                r.name,
                r.old_ring or "–",
                r.new_ring or "–",
                self.wb.t(f"radar.change.{r.change}"),
                self.rationales.get(r.id) or self.retired.get(r.id) or r.rationale or "",
            ]
            for r in table[table["change"] != "no_change"].itertuples()
        ]
        if not rows:
            return f"<p>{ui.escape(self.t('no_changes'))}</p>"
        columns = [
            self.wb.t(f"radar.column.{c}") for c in ("name", "old_ring", "new_ring", "change", "rationale")
        ]
        return str(ui.table(columns, rows, caption=self.t("changes", count=len(rows))))

    def refresh(self) -> None:
        """Redraw the radar and the table of changes, and list the blips as they are now."""
        self.live.update(self.radar)
        self.changes.value = self._changes_html()
        current = self.blip.value
        self.blip.options = self._blip_options()
        if current in self.radar.ids():
            self.blip.value = current

    def show_ring(self, _change: Any = None) -> None:
        if self.blip.value in self.radar.ids():
            self.ring.value = self.radar.get(self.blip.value).ring

    def _rationale_for(self, target: Blip) -> str:
        text = self.rationale.value.strip()
        if not text:
            raise RadarError("radar.error.rationale_needed", name=target.label(self.language))
        return text

    def move(self, _button: Any = None) -> None:
        target = self.radar.get(self.blip.value)
        if self.ring.value == target.ring:
            raise RadarError("radar.error.same_ring", name=target.label(self.language))
        text = self._rationale_for(target)
        self.radar = self.radar.with_blips(
            replace(b, ring=self.ring.value, rationale=text) if b.id == target.id else b
            for b in self.radar.blips
        )
        self.rationales[target.id] = text
        self.rationale.value = ""
        self.refresh()
        ring = self.radar.config.ring(self.ring.value).label_in(self.language)
        self.feedback.ok(self.t("moved", name=target.label(self.language), ring=ring))

    def retire(self, _button: Any = None) -> None:
        target = self.radar.get(self.blip.value)
        text = self._rationale_for(target)
        self.radar = self.radar.with_blips(b for b in self.radar.blips if b.id != target.id)
        self.retired[target.id] = text
        self.rationales.pop(target.id, None)
        self.rationale.value = ""
        self.refresh()
        self.show_ring()
        self.feedback.ok(self.t("retired", name=target.label(self.language)))

    def add(self, _button: Any = None) -> None:
        new = self._new_blip(self.radar)
        self.radar = self.radar.with_blips([*self.radar.blips, new])
        self._clear_new()
        self.refresh()
        self.feedback.ok(self.t("added", name=new.name))

    def save(self, _button: Any = None) -> None:
        edition = make_edition(
            self.radar,
            self.label.value,
            previous=self.previous,
            rationales=self.rationales,
            retired=self.retired,
            municipality=self.municipality,
            author=self.wb.respondent,
        )
        self.saved.append(
            save_edition(self.store, edition, respondent=self.wb.respondent, municipality=self.municipality)
        )
        self.feedback.ok(self.t("saved", label=edition.label, count=len(edition.radar.blips)))
