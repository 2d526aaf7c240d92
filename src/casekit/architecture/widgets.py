"""The landscape editor: change the sample to look like your own and watch coupling and blast radius."""

from __future__ import annotations

from typing import Any

from .. import i18n, ui
from . import analysis, charts
from .model import Landscape, entity_label, load_landscape, load_sample, new_system_id, save_landscape
from .sample import ENTITIES as ENTITIES_HINT


def summary_card(landscape: Landscape, *, language: str | None = None) -> ui.HTMLBlock:
    """Headline figures and what a platform would remove."""
    figures = analysis.summary(landscape)
    savings = analysis.platform_savings(landscape)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.card.{key}", language=language, **kw)

    rows = [
        (t("systems"), str(figures["systems"])),
        (
            t("integrations"),
            t(
                "integrations_value",
                total=figures["integrations"],
                p2p=figures["p2p"],
                platform=figures["via_platform"],
            ),
        ),
        (
            t("busiest"),
            t(
                "busiest_value",
                name=landscape.label(figures["busiest"], language),
                degree=figures["max_degree"],
            )
            if figures["busiest"]
            else "–",
        ),
        (t("hub"), landscape.label(figures["hub"], language) if figures["hub"] else "–"),
        (
            t("savings"),
            t("savings_value", removed=savings.removed, connectors=savings.connectors, net=savings.net),
        ),
    ]
    return ui.card(t("title"), rows, footer=t("footer"))


def compare_table(landscape: Landscape, *, language: str | None = None) -> ui.HTMLBlock:
    frame = analysis.compare(landscape, language=language)
    measures = ["integrations", "p2p", "via_platform", "connections", "max_degree", "mean_work", "max_work"]

    def fmt(value: Any) -> str:
        decimals = 1 if isinstance(value, float) else 0
        return i18n.format_number(value, decimals=decimals, language=language)

    rows = [
        [i18n.t(f"architecture.measure.{m}", language=language), *(fmt(v) for v in frame[m])]
        for m in measures
    ]
    rows.append([i18n.t("architecture.measure.hub", language=language), *frame["hub"].tolist()])
    return ui.table(
        [i18n.t("architecture.measure.measure", language=language), *frame["label"]],
        rows,
        caption=i18n.t("architecture.chart.compare_title", language=language),
    )


def landscape_editor(
    municipality: str,
    *,
    respondent: str = "",
    store_url: str | None = "",
    language: str | None = None,
) -> Any:
    """Add and remove systems and integrations; the figures, the map, the coupling and the blast radius
    follow every change. **Save** keeps your landscape for the follow-up; **Start again** goes back to the
    sample."""
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .. import municipalities
    from ..store import open_store

    me = municipalities.get(municipality)
    store = open_store(store_url or None)
    state: dict[str, Any] = {
        "landscape": load_landscape(store, respondent=respondent or None, municipality=me.number)
    }

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"architecture.widget.{key}", language=language, **kw)

    fb = ui.feedback(language)
    card, tables, figures = w.Output(), w.Output(), w.Output()
    blast_out = w.Output()
    # add a system
    new_name = w.Text(placeholder=t("name_placeholder"))
    new_role = w.Dropdown(options=[(i18n.t(f"architecture.role.{r}", language=language), r) for r in ROLES])
    new_platform = w.Checkbox(value=False, description=t("is_platform"), indent=False)
    add_system = w.Button(description=t("add_system"), icon="plus")
    # remove a system
    old_system = w.Dropdown()
    remove_system = w.Button(description=t("remove_system"), icon="trash")
    # add an integration
    source, target, via = (
        w.Dropdown(description=t("source")),
        w.Dropdown(description=t("target")),
        w.Dropdown(description=t("via")),
    )
    entity = w.Combobox(
        options=[entity_label(e, language) for e in ENTITIES_HINT],
        placeholder=t("entity_help"),
        description=t("entity"),
    )
    kind = w.ToggleButtons(options=[(t("p2p"), "p2p"), (t("platform"), "platform")], value="p2p")
    two_way = w.Checkbox(value=False, description=t("two_way"), indent=False)
    add_integration = w.Button(description=t("add_integration"), icon="plus")
    # remove an integration
    old_integration = w.Dropdown(layout=w.Layout(width="460px"))
    remove_integration = w.Button(description=t("remove_integration"), icon="trash")
    # blast radius
    blast_system = w.Dropdown(description=t("replace"))
    save = w.Button(description=t("save"), button_style="primary", icon="save")
    reset = w.Button(description=t("reset"), icon="undo")
    labels_to_entity = {entity_label(e, language): e for e in ENTITIES_HINT}

    def options() -> None:
        land = state["landscape"]
        systems = sorted(((land.label(s, language), s) for s in land.ids()), key=lambda p: p[0].lower())
        biggest = analysis.blast_radii(land).iloc[0]["system"] if land.ids() else None

        def keep(dropdown: Any, choices: list[tuple[str, str]], preferred: str | None = None) -> None:
            current = dropdown.value
            dropdown.options = choices
            values = [v for _, v in choices]
            if current in values:
                dropdown.value = current
            elif values:
                dropdown.value = preferred if preferred in values else values[0]

        for dropdown in (old_system, source, target):
            keep(dropdown, systems)
        keep(blast_system, systems, biggest)
        keep(via, [(land.label(p, language), p) for p in land.platforms()])
        keep(
            old_integration,
            [
                (
                    f"{r.id}: {land.label(r.source, language)} → {land.label(r.target, language)} "
                    f"({entity_label(r.entity, language)})",
                    r.id,
                )
                for r in land.integrations.itertuples(index=False)
            ],
        )

    def show_blast(_change: Any = None) -> None:
        blast_out.clear_output(wait=True)
        if blast_system.value:
            ax = charts.blast_chart(state["landscape"], blast_system.value, language=language)
            with blast_out:
                display(ax.figure)
            plt.close(ax.figure)

    @ui.guard(fb)
    def refresh() -> None:
        land = state["landscape"]
        options()
        for out in (card, tables, figures):
            out.clear_output(wait=True)
        with card:
            display(summary_card(land, language=language))
        with tables:
            display(compare_table(land, language=language))
        for ax in (
            charts.landscape_map(land, language=language),
            charts.coupling_chart(analysis.coupling(land, language=language), language=language),
        ):
            with figures:
                display(ax.figure)
            plt.close(ax.figure)
        show_blast()

    def apply(new: Landscape, message: str) -> None:
        state["landscape"] = new
        refresh()
        fb.ok(message)

    @ui.guard(fb)
    def on_add_system(_b: Any = None) -> None:
        land = state["landscape"]
        ident = new_system_id(land, new_name.value)
        apply(
            land.add_system(ident, new_name.value, role=new_role.value, platform=new_platform.value),
            t("system_added", name=new_name.value.strip()),
        )
        new_name.value = ""

    @ui.guard(fb)
    def on_remove_system(_b: Any = None) -> None:
        name = state["landscape"].label(old_system.value, language)
        new, removed = state["landscape"].remove_system(old_system.value)
        apply(new, t("system_removed", name=name, count=removed))

    @ui.guard(fb)
    def on_add_integration(_b: Any = None) -> None:
        chosen = labels_to_entity.get(entity.value, entity.value.strip())
        new = state["landscape"].add_integration(
            source.value,
            target.value,
            chosen,
            kind=kind.value,
            via=via.value if kind.value == "platform" else None,
            direction="two-way" if two_way.value else "one-way",
        )
        apply(new, t("integration_added", count=len(new.integrations)))

    @ui.guard(fb)
    def on_remove_integration(_b: Any = None) -> None:
        apply(
            state["landscape"].remove_integration(old_integration.value),
            t("integration_removed", id=old_integration.value),
        )

    @ui.guard(fb)
    def on_save(_b: Any = None) -> None:
        save_landscape(store, state["landscape"], respondent=respondent, municipality=me.number)
        fb.ok(t("saved"))

    @ui.guard(fb)
    def on_reset(_b: Any = None) -> None:
        apply(load_sample(), t("reset_done"))

    add_system.on_click(on_add_system)
    remove_system.on_click(on_remove_system)
    add_integration.on_click(on_add_integration)
    remove_integration.on_click(on_remove_integration)
    save.on_click(on_save)
    reset.on_click(on_reset)
    blast_system.observe(show_blast, names="value")
    refresh()
    edit = w.Accordion(
        children=[
            w.VBox([ui.labelled(new_name, t("name")), new_role, new_platform, add_system]),
            w.VBox([old_system, remove_system]),
            w.VBox([source, target, entity, kind, via, two_way, add_integration]),
            w.VBox([old_integration, remove_integration]),
        ]
    )
    for i, key in enumerate(("add_system", "remove_system", "add_integration", "remove_integration")):
        edit.set_title(i, t(key))
    box = w.VBox(
        [
            card,
            ui.readable(edit),
            w.HBox([save, reset]),
            fb,
            tables,
            figures,
            ui.labelled(blast_system, t("replace_label"), t("replace_help")),
            blast_out,
        ]
    )
    box.state, box.feedback, box.store = state, fb, store
    box.controls = {
        "new_name": new_name,
        "new_role": new_role,
        "new_platform": new_platform,
        "add_system": add_system,
        "old_system": old_system,
        "remove_system": remove_system,
        "source": source,
        "target": target,
        "entity": entity,
        "kind": kind,
        "via": via,
        "two_way": two_way,
        "add_integration": add_integration,
        "old_integration": old_integration,
        "remove_integration": remove_integration,
        "blast_system": blast_system,
        "save": save,
        "reset": reset,
    }
    return box


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
