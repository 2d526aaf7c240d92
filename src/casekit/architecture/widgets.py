"""The landscape editor: change the sample to look like your own and watch coupling and blast radius."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import display

from .. import ui
from . import charts
from .analysis import blast_radii, coupling
from .model import Landscape, entity_label, load_landscape, load_sample, new_system_id, save_landscape
from .sample import ENTITIES
from .views import compare_table, summary_card

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
    sample. It starts from the respondent's saved landscape, else the municipality's, else the sample."""

    css_class = "casekit-landscape-editor"
    messages = "architecture.widget"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        saved = load_landscape(wb.store, respondent=wb.respondent or None, municipality=wb.number)
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
            self.wb.store, self.landscape, respondent=self.wb.respondent, municipality=self.wb.number
        )
        self.feedback.ok(self.t("saved"))

    def reset(self, _button: Any = None) -> None:
        """Go back to the sample (what was saved stays saved)."""
        self.apply(load_sample(), self.t("reset_done"))
