"""Views for the life-event exercise: the catalogue, the cohort, the journey explorer and team design."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n, ui
from . import analysis, charts
from .model import Catalogue, load_life_events

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store


def sample_marks(catalogue: Catalogue | None = None) -> dict[str, list[str]]:
    """Marks a typical leader group makes: the catalogue's sectors, adjusted where municipalities differ."""
    cat = catalogue or load_life_events()
    marks = analysis.default_marks(cat)
    changes = {
        "starting_school": ("remove", "finance"),  # after-school care invoiced by the school office
        "new_in_norway": ("add", "culture"),  # library and voluntary sector as meeting places
        "home_care": ("add", "utilities"),  # assisted waste collection
    }
    for event, (action, sector) in changes.items():
        if event in marks:
            current = set(marks[event])
            current = current - {sector} if action == "remove" else current | {sector}
            marks[event] = [s.id for s in cat.sectors() if s.id in current]
    return marks


def event_table(*, catalogue: Catalogue | None = None, language: str | None = None) -> ui.HTMLBlock:
    """The life events in the catalogue with their steps, actors and public facts."""
    cat = catalogue or load_life_events()

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"services.table.{key}", language=language, **kw)

    rows = []
    for ev in cat.events.values():
        rows.append(
            [
                ev.name(language),
                t("yes") if ev.digdir_priority else t("no"),
                len(ev.steps),
                ", ".join(cat.actors[a].name(language) for a in ev.actors()),
                " ".join(i18n.text(f, language) for f in ev.facts) or "–",
            ]
        )
    return ui.table(
        [t("event"), t("priority"), t("steps"), t("actors"), t("facts")], rows, caption=t("caption")
    )


def summary_table(
    marks: analysis.Marks | None = None,
    *,
    catalogue: Catalogue | None = None,
    max_size: int = 3,
    language: str | None = None,
) -> ui.HTMLBlock:
    """Handovers per life event and the cross-functional team that would remove most of them."""
    frame = analysis.summary(marks, catalogue=catalogue, max_size=max_size, language=language)

    def t(key: str) -> str:
        return i18n.t(f"services.table.{key}", language=language)

    rows = [
        [r.title, r.steps, r.handovers, r.municipal_handovers, r.team or "–", r.with_team]
        for r in frame.itertuples()
    ]
    return ui.table(
        [t("event"), t("steps"), t("handovers"), t("municipal_handovers"), t("team"), t("with_team")],
        rows,
        caption=t("summary_caption"),
    )


def cohort_view(
    municipality: str,
    store: Store | str | None = None,
    *,
    min_group_size: int = 5,
    catalogue: Catalogue | None = None,
    language: str | None = None,
) -> ui.HTMLBlock:
    """The municipalities of the Digi-network and, once enough of them have saved, their handovers."""
    from .. import municipalities

    me = municipalities.get(municipality)
    peers = municipalities.in_network(me.network)
    frame = analysis.cohort_handovers(
        store,
        [m.number for m in peers],
        catalogue=catalogue,
        min_group_size=min_group_size,
        language=language,
    )

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"services.cohort.{key}", language=language, **kw)

    intro = t("intro", network=me.network, count=len(peers), name=me.display_name())
    saved = int(frame["municipalities"].max()) if len(frame) else 0
    if not frame["shown"].any():
        body = ui.message_html(t("too_few", saved=saved, needed=min_group_size), "info")
    else:

        def fmt(value: Any) -> str:
            return "–" if value is None else i18n.format_number(value, decimals=1, language=language)

        rows = [
            [r.title, r.municipalities, fmt(r.median), fmt(r.minimum), fmt(r.maximum)]
            for r in frame.itertuples()
        ]
        body = ui.table(
            [t("event"), t("municipalities"), t("median"), t("minimum"), t("maximum")],
            rows,
            caption=t("caption"),
        ).markup
    return ui.HTMLBlock(f"<div><p>{ui.escape(intro)}</p>{body}</div>")


def journey_explorer(
    municipality: str,
    *,
    respondent: str = "",
    store_url: str | None = "",
    event: str | None = None,
    prefill: str = "",
    catalogue: Catalogue | None = None,
    language: str | None = None,
) -> Any:
    """Pick a life event, tick the municipal sectors that touch it, and see the journey and team.

    The marks are kept for every event while you switch between them; **Save** stores them all
    (instrument ``life_events``) so the follow-up can load them.
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .. import municipalities
    from ..store import open_store

    cat = catalogue or load_life_events()
    me = municipalities.get(municipality)
    store = open_store(store_url or None)
    marks = analysis.load_marks(store, respondent=respondent or None, municipality=me.number, catalogue=cat)
    if prefill in ui.SAMPLE_PREFILLS and respondent and store.latest(respondent, analysis.INSTRUMENT) is None:
        marks = sample_marks(cat)
    first = cat.event(event).id if event else next(iter(cat.events))

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"services.widget.{key}", language=language, **kw)

    picker = w.Dropdown(
        options=[(ev.name(language), ev.id) for ev in cat.events.values()],
        value=first,
        layout=w.Layout(width="420px"),
    )
    boxes = {s.id: w.Checkbox(value=False, description=s.name(language), indent=False) for s in cat.sectors()}
    team_toggle = w.Checkbox(value=True, description=t("show_team"), indent=False)
    save = w.Button(description=t("save"), button_style="primary", icon="save", layout=w.Layout(width="auto"))
    fb = ui.feedback(language)
    out = w.Output()
    state: dict[str, Any] = {"updating": False, "journey": None, "design": None}

    def load_boxes() -> None:
        state["updating"] = True
        try:
            for sector, box in boxes.items():
                box.value = sector in marks[picker.value]
        finally:
            state["updating"] = False

    @ui.guard(fb)
    def render(_change: Any = None) -> None:
        out.clear_output(wait=True)
        frame = analysis.journey(picker.value, marks[picker.value], catalogue=cat, language=language)
        design = analysis.team_design(frame)
        state["journey"], state["design"] = frame, design
        fb.clear()
        with out:
            ax = charts.swimlane(frame, title=cat.event(picker.value).name(language), language=language)
            display(ax.figure)
            plt.close(ax.figure)
            display(ui.HTMLBlock(f"<p>{ui.escape(design.describe(cat, language))}</p>"))
            if team_toggle.value and design.members:
                after = analysis.apply_team(frame, design.members, language=language)
                ax = charts.swimlane(
                    after, title=t("with_team_title", event=cat.event(picker.value).name(language))
                )
                display(ax.figure)
                plt.close(ax.figure)

    def on_event(_change: Any) -> None:
        load_boxes()
        render()

    def on_sector(_change: Any) -> None:
        if state["updating"]:
            return
        marks[picker.value] = [s for s, box in boxes.items() if box.value]
        render()

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        analysis.save_marks(store, respondent, me.number, marks, catalogue=cat)
        fb.ok(t("saved", count=len(marks)))

    picker.observe(on_event, names="value")
    for box in boxes.values():
        box.observe(on_sector, names="value")
    team_toggle.observe(render, names="value")
    save.on_click(on_save)
    load_boxes()
    render()
    grid = w.GridBox(
        list(boxes.values()), layout=w.Layout(grid_template_columns="repeat(2, minmax(260px, 1fr))")
    )
    box = w.VBox(
        [
            ui.labelled(picker, t("event_label"), t("event_help")),
            ui.labelled(grid, t("sectors_label"), t("sectors_help")),
            team_toggle,
            save,
            fb,
            out,
        ]
    )
    box.picker, box.sectors, box.team_toggle, box.save_button = picker, boxes, team_toggle, save
    box.feedback, box.output, box.marks, box.state, box.store = fb, out, marks, state, store
    return box


def prepare_marks(
    store_url: str | None,
    municipality: str,
    respondent: str = "",
    prefill: str = "",
    *,
    catalogue: Catalogue | None = None,
) -> dict[str, list[str]]:
    """The marks a workbook starts from. With ``prefill="demo"`` (or ``"sample"``) and nothing saved yet
    for the respondent, the sample marks are saved first, so every view and the follow-up see the same
    answers."""
    from .. import municipalities
    from ..store import open_store

    number = municipalities.get(municipality).number
    store = open_store(store_url or None)
    if prefill in ui.SAMPLE_PREFILLS and respondent and store.latest(respondent, analysis.INSTRUMENT) is None:
        analysis.save_marks(store, respondent, number, sample_marks(catalogue), catalogue=catalogue)
    return analysis.load_marks(store, respondent=respondent or None, municipality=number, catalogue=catalogue)


def journey_chart(
    event: str,
    marks: analysis.Marks | None = None,
    *,
    team: bool = False,
    ax: Any = None,
    catalogue: Catalogue | None = None,
    language: str | None = None,
) -> Any:
    """The swimlane of one life event with the marked sectors; with ``team`` as the citizen meets it when
    the suggested cross-functional team does the municipal work."""
    cat = catalogue or load_life_events()
    ev = cat.event(event)
    checked = analysis.check_marks(marks, cat)
    frame = analysis.journey(ev, checked[ev.id], catalogue=cat, language=language)
    title = ev.name(language)
    if team:
        design = analysis.team_design(frame)
        frame = analysis.apply_team(frame, design.members, language=language)
        title = i18n.t("services.widget.with_team_title", language=language, event=title)
    return charts.swimlane(frame, ax=ax, title=title, language=language)


def team_card(
    marks: analysis.Marks | None = None,
    *,
    max_size: int = 3,
    catalogue: Catalogue | None = None,
    language: str | None = None,
) -> ui.HTMLBlock:
    """The cross-functional team that removes most handovers across every life event at once."""
    cat = catalogue or load_life_events()
    design = analysis.cross_event_team(marks, catalogue=cat, max_size=max_size)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"services.card.{key}", language=language, **kw)

    members = ", ".join(cat.actors[m].name(language) for m in design.members) or "–"
    rows = [
        (t("members"), members),
        (t("before"), i18n.format_number(design.before, language=language)),
        (t("after"), i18n.format_number(design.after, language=language)),
        (t("removed"), i18n.format_number(design.removed, language=language)),
    ]
    return ui.card(t("title"), rows, footer=t("footer"))
