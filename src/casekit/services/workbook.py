"""The life-event workbook's cells (module 1, gathering day): one short helper per cell, each taking the
workbook session.

The marks (which municipal sectors touch each life event) start from what the respondent saved, else
what the municipality saved, else the catalogue's; a sample session saves the sample marks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n, municipalities, ui
from ..privacy import check_min_group_size
from . import charts
from .analysis import (
    INSTRUMENT,
    Marks,
    apply_team,
    check_marks,
    cross_event_team,
    handovers_table,
    journey,
    load_marks,
    save_marks,
    sector_pairs,
    summary,
    team_design,
)
from .model import load_life_events
from .published import published_marks
from .sample import sample_marks
from .widgets import JourneyExplorer

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..session import Workbook


def prepare_marks(wb: Workbook) -> dict[str, list[str]]:
    """The marks the workbook starts from. In a sample session with nothing saved yet for the respondent,
    the sample marks are saved first, so every view and the follow-up see the same answers."""
    if wb.sample and wb.respondent and wb.store.latest(wb.respondent, INSTRUMENT) is None:
        save_marks(wb.store, wb.respondent, wb.number, sample_marks())
    return saved_marks(wb)


def saved_marks(wb: Workbook) -> dict[str, list[str]]:
    """The respondent's latest marks, else the municipality's, else the catalogue's."""
    return load_marks(wb.store, respondent=wb.respondent or None, municipality=wb.number)


def cohort_view(wb: Workbook, *, min_group_size: int = 5) -> ui.HTMLBlock:
    """The municipalities of the Digi-network and, once enough of them have saved and their marks are
    published (:mod:`.published`), their handovers. Where no regional network was found, it says so:
    there are no network figures to compare with."""
    min_group_size = check_min_group_size(min_group_size)
    me, language = wb.municipality, wb.language
    if not me.network:
        note = wb.t("services.cohort.no_network", name=me.display_name())
        return ui.HTMLBlock(ui.message_html(note, "info"))
    peers = municipalities.in_network(me.network)
    marks, _publication = published_marks(wb.store, min_group_size=min_group_size)
    frame = handovers_table(
        marks, [m.number for m in peers], min_group_size=min_group_size, language=language
    )

    def t(key: str, **kw: Any) -> str:
        return wb.t(f"services.cohort.{key}", **kw)

    def fmt(value: Any) -> str:
        return "–" if value is None else i18n.format_number(value, decimals=1, language=language)

    intro = t("intro", network=me.network, count=len(peers), name=me.display_name())
    saved = int(frame["municipalities"].max()) if len(frame) else 0
    if not frame["shown"].any():
        body = ui.message_html(t("too_few", saved=saved, needed=min_group_size), "info")
    else:
        rows = [
            [r.title, r.municipalities, fmt(r.median), fmt(r.minimum), fmt(r.maximum)]
            for r in frame.itertuples()
        ]
        columns = [t("event"), t("municipalities"), t("median"), t("minimum"), t("maximum")]
        body = ui.table(columns, rows, caption=t("caption")).markup
    return ui.HTMLBlock(f"<div><p>{ui.escape(intro)}</p>{body}</div>")


def event_table(wb: Workbook) -> ui.HTMLBlock:
    """The life events in the catalogue with their steps, actors and public facts."""
    cat, language = load_life_events(), wb.language

    def t(key: str) -> str:
        return wb.t(f"services.table.{key}")

    rows = [
        [
            ev.name(language),
            t("yes") if ev.digdir_priority else t("no"),
            len(ev.steps),
            ", ".join(cat.actors[a].name(language) for a in ev.actors()),
            " ".join(wb.text(f) for f in ev.facts) or "–",
        ]
        for ev in cat.events.values()
    ]
    columns = [t("event"), t("priority"), t("steps"), t("actors"), t("facts")]
    return ui.table(columns, rows, caption=t("caption"))


def journey_chart(wb: Workbook, event: str, marks: Marks | None = None, *, team: bool = False) -> Axes:
    """The swimlane of one life event with the marked sectors; with ``team`` as the citizen meets it when
    the suggested cross-functional team does the municipal work."""
    cat, language = load_life_events(), wb.language
    ev = cat.event(event)
    frame = journey(ev, check_marks(marks, cat)[ev.id], catalogue=cat, language=language)
    title = ev.name(language)
    if team:
        frame = apply_team(frame, team_design(frame).members, language=language)
        title = wb.t("services.widget.with_team_title", event=title)
    return charts.swimlane(frame, title=title, language=language)


def journey_explorer(wb: Workbook, *, event: str | None = None) -> JourneyExplorer:
    """The journey explorer (see :class:`~casekit.services.widgets.JourneyExplorer`)."""
    return JourneyExplorer(wb, event=event)


def summary_table(wb: Workbook, marks: Marks | None = None, *, max_size: int = 3) -> ui.HTMLBlock:
    """Handovers per life event and the cross-functional team that would remove most of them."""
    frame = summary(marks, max_size=max_size, language=wb.language)

    def t(key: str) -> str:
        return wb.t(f"services.table.{key}")

    rows = [
        [r.title, r.steps, r.handovers, r.municipal_handovers, r.team or "–", r.with_team]
        for r in frame.itertuples()
    ]
    columns = [t("event"), t("steps"), t("handovers"), t("municipal_handovers"), t("team"), t("with_team")]
    return ui.table(columns, rows, caption=t("summary_caption"))


def handover_chart(wb: Workbook, marks: Marks | None = None) -> Axes:
    """Handovers per life event today and with the suggested team."""
    return charts.handover_chart(summary(marks, language=wb.language), language=wb.language)


def pair_chart(wb: Workbook, marks: Marks | None = None) -> Axes:
    """The pairs of municipal sectors that hand citizens over to each other most often."""
    return charts.pair_chart(sector_pairs(marks, language=wb.language), language=wb.language)


def team_card(wb: Workbook, marks: Marks | None = None, *, max_size: int = 3) -> ui.HTMLBlock:
    """The cross-functional team that removes most handovers across every life event at once."""
    cat, language = load_life_events(), wb.language
    design = cross_event_team(marks, catalogue=cat, max_size=max_size)

    def t(key: str) -> str:
        return wb.t(f"services.card.{key}")

    members = ", ".join(cat.actors[m].name(language) for m in design.members) or "–"
    rows = [
        (t("members"), members),
        (t("before"), i18n.format_number(design.before, language=language)),
        (t("after"), i18n.format_number(design.after, language=language)),
        (t("removed"), i18n.format_number(design.removed, language=language)),
    ]
    return ui.card(t("title"), rows, footer=t("footer"))


def gathering_team(wb: Workbook) -> ui.HTMLBlock:
    """The follow-up's starting point (1c): the cross-functional team from the marks the municipality saved
    at the gathering day (1b), or a note that none were saved (then the team from the default marks)."""
    subs = wb.store.submissions(INSTRUMENT, municipality=wb.number, latest="municipality")
    marks = load_marks(wb.store, municipality=wb.number)
    key = "services.carry.from_gathering" if subs else "services.carry.none_saved"
    intro = ui.message_html(wb.t(key), "info")
    return ui.HTMLBlock(intro + team_card(wb, marks).markup)
