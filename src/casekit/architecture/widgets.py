"""The architecture workbooks' widgets: the pre-work's list of the municipality's own main systems, the
landscape editor (change the sample to look like your own and watch coupling and blast radius), and the
follow-up's decision note on a planned replacement."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import display

from .. import i18n, ui
from ..errors import ArchitectureError
from . import charts
from .analysis import blast_radii, coupling
from .decision import OPTIONS, TEXTS, DecisionNote, export_note, load_note, make_note, save_note
from .inventory import Inventory, base_name, inventory_summary, own_systems, product_of
from .model import (
    Landscape,
    entity_label,
    load_sample,
    new_system_id,
    save_landscape,
    saved_landscape,
)
from .sample import ENTITIES
from .views import compare_table, radius_card, summary_card

if TYPE_CHECKING:  # pragma: no cover
    from ..session import Workbook

#: The roles a new system can have (the sample's roles).
ROLES = (
    "care",
    "welfare",
    "education",
    "archive",
    "administration",
    "technical",
    "citizen",
    "infrastructure",
    "national",
    "other",
)
#: The editor's sections, in the order of its accordion.
SECTIONS = ("add_system", "remove_system", "add_integration", "remove_integration")


def _keep(dropdown: w.Dropdown, choices: list[tuple[str, str]], preferred: str | None = None) -> None:
    """New choices for a dropdown, keeping its value when it is still there (else ``preferred``, else the
    first)."""
    current = dropdown.value
    dropdown.options = choices
    values = [v for _, v in choices]
    if current in values:
        dropdown.value = current
    elif values:
        dropdown.value = preferred if preferred in values else values[0]


class LandscapeEditor(ui.View):
    """Add and remove systems and integrations; the figures, the map, the coupling and the blast radius
    follow every change. **Save** keeps your landscape for the follow-up; **Start again** goes back to the
    sample. It starts from the respondent's saved landscape, else the municipality's, else the sample.
    ``phase`` (``4b``, ``4c``) is recorded with each save; ``listeners`` are called with every new landscape
    (the decision note follows the editor that way)."""

    css_class = "casekit-landscape-editor"
    messages = "architecture.widget"

    def __init__(self, wb: Workbook, *, phase: str = "") -> None:
        super().__init__(wb)
        self.phase = phase
        self.listeners: list[Callable[[Landscape], None]] = []
        saved, _ = saved_landscape(wb.store, respondent=wb.respondent or None, municipality=wb.number)
        self.state: dict[str, Any] = {"landscape": saved}
        self.entities = {entity_label(e, self.language): e for e in ENTITIES}
        self.outputs = {key: w.Output() for key in ("card", "table", "map", "coupling", "blast")}
        self.controls = self._controls()
        self._connect()
        self.children = self._layout()
        self.refresh()

    def _controls(self) -> dict[str, w.Widget]:
        t = self.t
        roles = [(self.wb.t(f"architecture.role.{r}"), r) for r in ROLES]
        return {
            "new_name": w.Text(placeholder=t("name_placeholder")),
            "new_role": w.Dropdown(options=roles),
            "new_platform": w.Checkbox(value=False, description=t("is_platform"), indent=False),
            "add_system": w.Button(description=t("add_system"), icon="plus"),
            "old_system": w.Dropdown(),
            "remove_system": w.Button(description=t("remove_system"), icon="trash"),
            "source": w.Dropdown(description=t("source")),
            "target": w.Dropdown(description=t("target")),
            "entity": w.Combobox(
                options=list(self.entities), placeholder=t("entity_help"), description=t("entity")
            ),
            "kind": w.ToggleButtons(options=[(t("p2p"), "p2p"), (t("platform"), "platform")], value="p2p"),
            "via": w.Dropdown(description=t("via")),
            "two_way": w.Checkbox(value=False, description=t("two_way"), indent=False),
            "add_integration": w.Button(description=t("add_integration"), icon="plus"),
            "old_integration": w.Dropdown(layout=w.Layout(width="460px")),
            "remove_integration": w.Button(description=t("remove_integration"), icon="trash"),
            "blast_system": w.Dropdown(description=t("replace")),
            "save": w.Button(description=t("save"), button_style="primary", icon="save"),
            "reset": w.Button(description=t("reset"), icon="undo"),
        }

    def _connect(self) -> None:
        c = self.controls
        for name in ("add_system", "remove_system", "add_integration", "remove_integration", "save", "reset"):
            self.on_click(c[name], getattr(self, name))
        # Not a guarded handler: the dropdown changes with every redraw, which is not a participant's action.
        c["blast_system"].observe(self.show_blast, names="value")

    def _layout(self) -> list[w.Widget]:
        c, out = self.controls, self.outputs
        edit = w.Accordion(
            children=[
                w.VBox(
                    [
                        ui.labelled(c["new_name"], self.t("name")),
                        c["new_role"],
                        c["new_platform"],
                        c["add_system"],
                    ]
                ),
                w.VBox([c["old_system"], c["remove_system"]]),
                w.VBox(
                    [
                        c[k]
                        for k in ("source", "target", "entity", "kind", "via", "two_way", "add_integration")
                    ]
                ),
                w.VBox([c["old_integration"], c["remove_integration"]]),
            ]
        )
        for i, key in enumerate(SECTIONS):
            edit.set_title(i, self.t(key))
        return [
            out["card"],
            ui.readable(edit),
            w.HBox([c["save"], c["reset"]]),
            self.feedback,
            out["table"],
            out["map"],
            out["coupling"],
            ui.labelled(c["blast_system"], self.t("replace_label"), self.t("replace_help")),
            out["blast"],
        ]

    @property
    def landscape(self) -> Landscape:
        """The landscape as edited so far."""
        return self.state["landscape"]

    def _options(self) -> None:
        """Offer the landscape's systems, platforms and integrations in the dropdowns."""
        land, language, c = self.landscape, self.language, self.controls
        systems = sorted(((land.label(s, language), s) for s in land.ids()), key=lambda p: p[0].lower())
        biggest = blast_radii(land).iloc[0]["system"] if land.ids() else None
        for name in ("old_system", "source", "target"):
            _keep(c[name], systems)
        _keep(c["blast_system"], systems, biggest)
        _keep(c["via"], [(land.label(p, language), p) for p in land.platforms()])
        integrations = [
            (
                f"{r.id}: {land.label(r.source, language)} → {land.label(r.target, language)} "
                f"({entity_label(r.entity, language)})",
                r.id,
            )
            for r in land.integrations.itertuples(index=False)
        ]
        _keep(c["old_integration"], integrations)

    def show_blast(self, _change: Any = None) -> None:
        """The blast radius of replacing the chosen system."""
        system = self.controls["blast_system"].value
        if system:
            ui.show_figure(
                self.outputs["blast"], charts.blast_chart(self.landscape, system, language=self.language)
            )
        else:
            self.outputs["blast"].clear_output()

    def refresh(self) -> None:
        """Redraw the figures, tables and charts; a mistake shows in :attr:`feedback`."""
        ui.guard(self.feedback)(self._draw)()

    def _draw(self) -> None:
        land, language, out = self.landscape, self.language, self.outputs
        self._options()
        for key, view in (("card", summary_card), ("table", compare_table)):
            out[key].clear_output(wait=True)
            with out[key]:
                display(view(land, language=language))
        ui.show_figure(out["map"], charts.landscape_map(land, language=language))
        ui.show_figure(
            out["coupling"], charts.coupling_chart(coupling(land, language=language), language=language)
        )
        self.show_blast()

    def apply(self, new: Landscape, message: str) -> None:
        """Take an edited landscape, redraw and say what changed."""
        self.state["landscape"] = new
        self.refresh()
        for listener in self.listeners:
            listener(new)
        self.feedback.ok(message)

    def add_system(self, _button: Any = None) -> None:
        """Add a system with the typed name, role and platform flag."""
        c = self.controls
        name = c["new_name"].value
        ident = new_system_id(self.landscape, name)
        new = self.landscape.add_system(
            ident, name, role=c["new_role"].value, platform=c["new_platform"].value
        )
        self.apply(new, self.t("system_added", name=name.strip()))
        c["new_name"].value = ""

    def remove_system(self, _button: Any = None) -> None:
        """Remove the chosen system and its integrations."""
        system = self.controls["old_system"].value
        name = self.landscape.label(system, self.language)
        new, removed = self.landscape.remove_system(system)
        self.apply(new, self.t("system_removed", name=name, count=removed))

    def add_integration(self, _button: Any = None) -> None:
        """Add an integration (an entity typed outside the list is taken as it is)."""
        c = self.controls
        platform = c["kind"].value == "platform"
        new = self.landscape.add_integration(
            c["source"].value,
            c["target"].value,
            self.entities.get(c["entity"].value, c["entity"].value.strip()),
            kind=c["kind"].value,
            via=c["via"].value if platform else None,
            direction="two-way" if c["two_way"].value else "one-way",
        )
        self.apply(new, self.t("integration_added", count=len(new.integrations)))

    def remove_integration(self, _button: Any = None) -> None:
        """Remove the chosen integration."""
        ident = self.controls["old_integration"].value
        self.apply(self.landscape.remove_integration(ident), self.t("integration_removed", id=ident))

    def save(self, _button: Any = None) -> None:
        """Keep the landscape for the follow-up (every save is kept)."""
        save_landscape(
            self.wb.store,
            self.landscape,
            respondent=self.wb.respondent,
            municipality=self.wb.number,
            phase=self.phase,
        )
        self.feedback.ok(self.t("saved"))

    def reset(self, _button: Any = None) -> None:
        """Go back to the sample (what was saved stays saved)."""
        self.apply(load_sample(), self.t("reset_done"))


# --- the pre-work: the municipality's own main systems (4a) -------------------------------------------------


class SystemsChecklist(ui.View):
    """Tick the systems the municipality has, write the product each one is, add the main systems the list
    lacks, and press **Save**: the landscape is saved for the gathering day (4b) with the integrations of the
    systems kept. It starts from the saved landscape (the respondent's, else the municipality's), else the
    sample. A sample session with nothing saved applies the sample answer and saves it; a JSON prefill
    (``drop``, ``products``, ``added``) is applied the same way."""

    css_class = "casekit-systems-checklist"
    messages = "architecture.inventory"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        start, found = saved_landscape(wb.store, respondent=wb.respondent or None, municipality=wb.number)
        self.start, self.saved = start, found is not None
        self.keep: dict[str, w.Checkbox] = {}
        self.products: dict[str, w.Text] = {}
        self.added = w.Textarea(placeholder=self.t("added_placeholder"), layout=w.Layout(width="60%"))
        self.save_button = self.on_click(
            w.Button(description=self.t("save"), button_style="primary", icon="save"), self.save
        )
        self.summary, self.map = w.HTML(), w.Output()
        self.children = [
            *self._groups(),
            ui.labelled(self.added, self.t("added_label"), self.t("added_help")),
            self.save_button,
            self.feedback,
            self.summary,
            self.map,
        ]
        ui.guard(self.feedback)(self._start)()

    def _groups(self) -> list[w.Widget]:
        """One labelled group of rows per role: a tick box and a product field per system."""
        land, language = self.start, self.language
        groups = []
        for role in dict.fromkeys(land.systems["role"]):
            rows = []
            for system in land.systems.loc[land.systems["role"] == role, "id"]:
                name = base_name(land, system, language)
                self.keep[system] = w.Checkbox(
                    value=True, description=name, indent=False, layout=w.Layout(width="320px")
                )
                examples = str(land.systems.loc[land.systems["id"] == system, "vendor_examples"].iloc[0])
                self.products[system] = w.Text(
                    value=product_of(land, system),
                    description=self.t("product"),
                    placeholder=self.t("product_placeholder", examples=examples) if examples else "",
                    layout=w.Layout(width="360px"),
                )
                rows.append(w.HBox([self.keep[system], self.products[system]]))
            key = f"architecture.role.{role}"
            title = self.wb.t(key) if role and i18n.has(key, self.language) else (role or self.t("no_role"))
            groups.append(ui.labelled(w.VBox(rows), title))
        return groups

    def _start(self) -> None:
        if self.saved:
            self._show(self.start)
            return
        text = (self.wb.prefill or "").strip()
        if text in ("demo", "sample"):
            added = [{"name": self.t("sample_added"), "role": "administration"}]
            self.apply(Inventory.from_answers({**SAMPLE, "added": added}))
        elif text.startswith("{"):
            self.apply(Inventory.from_answers(_json(text)))

    def apply(self, inventory: Inventory) -> None:
        """Show an inventory (the sample answer, or a test's) in the form and save it."""
        for system in inventory.drop:
            if system in self.keep:
                self.keep[system].value = False
        for system, product in inventory.products:
            if system in self.products:
                self.products[system].value = product
        self.added.value = "\n".join(name for name, _ in inventory.added)
        self.save()

    def inventory(self) -> Inventory:
        """The form as an inventory."""
        lines = [" ".join(line.split()) for line in self.added.value.splitlines()]
        return Inventory(
            drop=tuple(s for s, box in self.keep.items() if not box.value),
            products=tuple((s, field.value) for s, field in self.products.items()),
            added=tuple((line, "other") for line in lines if line),
        )

    def save(self, _button: Any = None) -> None:
        """Build the municipality's landscape from the form and save it for the gathering day."""
        own = own_systems(self.start, self.inventory())
        save_landscape(
            self.wb.store, own, respondent=self.wb.respondent, municipality=self.wb.number, phase="4a"
        )
        self.feedback.ok(self.t("saved", summary=inventory_summary(self.start, own, self.language)))
        self._show(own)

    def _show(self, landscape: Landscape) -> None:
        self.summary.value = summary_card(landscape, language=self.language).markup
        ui.show_figure(self.map, charts.landscape_map(landscape, language=self.language))


#: The sample answer of the pre-work (an illustration): a municipality without its own venue-booking and
#: property-tax systems, and with a quality system the sample lacks (its name is in the catalogue).
SAMPLE = {"drop": ["booking", "property_tax"], "products": {}}


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchitectureError("architecture.error.prefill", reason=exc.msg) from None
    if not isinstance(value, dict):
        raise ArchitectureError("architecture.error.prefill", reason=type(value).__name__)
    return value


# --- the follow-up: a decision note on a planned replacement (4c) -------------------------------------------


class DecisionNoteView(ui.View):
    """Choose the system the municipality plans to replace, see what the replacement touches, write the
    decision and press **Save and make the note**: the note (and the landscape it was written on) is saved,
    exported as HTML and Markdown into ``export_folder`` and shown. With an ``editor``, the note follows the
    landscape as it is being edited; otherwise it uses the saved landscape. It starts from the saved note,
    else the system with the largest replacement work. A sample session with no note saves a sample one."""

    css_class = "casekit-decision-note"
    messages = "architecture.note"

    def __init__(
        self, wb: Workbook, editor: LandscapeEditor | None = None, *, export_folder: str = "decision-notes"
    ) -> None:
        super().__init__(wb)
        self.editor, self.export_folder = editor, export_folder
        self.state: dict[str, Any] = {"landscape": self._landscape(), "paths": None, "note": None}
        saved = load_note(wb.store, respondent=wb.respondent or None, municipality=wb.number)
        self.system = self.on_change(w.Dropdown(), self.show_radius)
        self.option = w.RadioButtons(
            options=[(wb.t(f"architecture.option.{o}"), o) for o in OPTIONS], layout=w.Layout(width="auto")
        )
        self.texts = {
            name: w.Textarea(
                placeholder=self.t(f"placeholder.{name}"), layout=w.Layout(width="95%", height="70px")
            )
            for name in TEXTS
        }
        self.save_button = self.on_click(
            w.Button(
                description=self.t("save"), button_style="primary", icon="save", layout=w.Layout(width="auto")
            ),
            self.save,
        )
        self.radius, self.chart, self.preview = w.HTML(), w.Output(), w.Output()
        self.children = [
            ui.labelled(self.system, self.t("system_label"), self.t("system_help")),
            self.radius,
            self.chart,
            ui.labelled(self.option, self.t("option_label")),
            *(ui.labelled(area, self.t(f"heading.{name}")) for name, area in self.texts.items()),
            self.save_button,
            self.feedback,
            self.preview,
        ]
        if editor is not None:
            editor.listeners.append(self.follow)
        ui.guard(self.feedback)(self._start)(saved)

    def _landscape(self) -> Landscape:
        if self.editor is not None:
            return self.editor.landscape
        wb = self.wb
        return saved_landscape(wb.store, respondent=wb.respondent or None, municipality=wb.number)[0]

    @property
    def landscape(self) -> Landscape:
        return self.state["landscape"]

    def _start(self, saved: DecisionNote | None) -> None:
        self._options(saved.system if saved else None)
        if saved is not None:
            self.option.value = saved.option
            for name, area in self.texts.items():
                area.value = getattr(saved, name)
            self.show_radius()
            return
        self.show_radius()
        if self.wb.sample and self.wb.respondent:
            self.option.value = "platform_first"
            for name, area in self.texts.items():
                area.value = self.t(f"sample.{name}")
            self.save()

    def _options(self, preferred: str | None = None) -> None:
        land, language = self.landscape, self.language
        systems = sorted(((land.label(s, language), s) for s in land.ids()), key=lambda p: p[0].lower())
        current = preferred or self.system.value
        biggest = blast_radii(land).iloc[0]["system"] if land.ids() else None
        self.system.options = systems
        values = [v for _, v in systems]
        if values:
            self.system.value = current if current in values else biggest

    def follow(self, landscape: Landscape) -> None:
        """Take the editor's new landscape: offer its systems and redraw the blast radius."""
        self.state["landscape"] = landscape
        self._options()
        ui.guard(self.feedback)(self.show_radius)()

    def show_radius(self, _change: Any = None) -> None:
        """The figures and the chart of what replacing the chosen system touches."""
        system = self.system.value
        if not system:
            self.radius.value = ""
            self.chart.clear_output()
            return
        note = self.draft(next_step="-")
        self.radius.value = radius_card(note, language=self.language).markup
        ui.show_figure(self.chart, charts.blast_chart(self.landscape, system, language=self.language))

    def draft(self, **texts: str) -> DecisionNote:
        """The note as the form says now (``texts`` override the fields)."""
        values = {name: area.value for name, area in self.texts.items()} | texts
        return make_note(
            self.landscape,
            self.system.value,
            self.option.value,
            municipality=self.wb.number,
            language=self.language,
            **values,
        )

    def save(self, _button: Any = None) -> None:
        """Check and save the note and its landscape, export the note and show it."""
        wb = self.wb
        note = self.draft()
        save_landscape(wb.store, self.landscape, respondent=wb.respondent, municipality=wb.number, phase="4c")
        save_note(wb.store, note, respondent=wb.respondent)
        paths = export_note(self.export_folder, note, language=self.language)
        self.state.update(paths=paths, note=note)
        self.feedback.ok(
            self.t(
                "saved", html=paths["html"].name, markdown=paths["markdown"].name, folder=self.export_folder
            )
        )
        self.show_page(paths["html"].read_text(encoding="utf-8"))

    def show_page(self, page: str) -> None:
        """The note in a frame where no script runs."""
        self.preview.clear_output(wait=True)
        with self.preview:
            display(ui.page_frame(self.t("preview"), page))
