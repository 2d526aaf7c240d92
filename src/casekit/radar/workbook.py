"""The steps of the module 4 radar notebooks, so each notebook cell is one short call on the session.

Every helper takes the workbook session ``wb`` first (its municipality, respondent, language and store).
Group and county results come from the ballots of the latest published snapshot (:mod:`.published`), so
comparing them before and after one more ballot gives nobody's vote away; the participant's own ballot is
read as saved. When too few ballots are published (a fresh store, a test run, a municipality that has not
voted yet), the synthetic Agder sample is used, and a visible notice says so: never silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import municipalities, ui
from ..errors import CasekitError, InputError
from ..privacy import check_min_group_size
from ..session import Workbook
from . import tables
from .charts import ballot_vs_group as ballot_chart
from .charts import consensus_chart, plot_radar, ring_spread, save
from .editions import Edition, diff, load_editions
from .model import Radar
from .published import published_ballots
from .sample import sample_ballots, sample_editions, sample_radar
from .votes import (
    Ballot,
    CountyResult,
    GroupResult,
    ballot_of,
    compare_ballot,
    county_from_ballots,
    group_radar,
    load_ballot_for,
    load_ballots,
)
from .widgets import BallotForm, EditionEditor, Explorer
from .writing import write

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "Ballots",
    "ballot",
    "ballot_vs_group",
    "blip_table",
    "changes_table",
    "county",
    "county_ballots",
    "county_chart",
    "county_summary",
    "disagreements",
    "drilldown_chart",
    "drilldown_table",
    "editor",
    "explorer",
    "group",
    "group_chart",
    "group_consensus",
    "group_summary",
    "group_table",
    "history_table",
    "most_contested",
    "most_moved",
    "municipal_ballots",
    "my_ballot",
    "past_editions",
    "prefill_ballot",
    "proposal",
    "publish",
    "radar_chart",
    "sample_radar",
]


def notice(text: str, kind: str = "info") -> ui.HTMLBlock:
    return ui.HTMLBlock(ui.message_html(text, kind))


def _t(wb: Workbook, key: str, **params: Any) -> str:
    return wb.t(f"radar.{key}", **params)


# --- 4a: explore and vote ---------------------------------------------------------------------------------


def radar_chart(
    wb: Workbook, radar: Radar, *, title: str | None = None, highlight: set[str] | None = None
) -> Axes:
    """The radar as a static chart in the session's language. Every participant of an app sees the same
    sample radar, so in a kernel it is drawn and rendered once and kept (:func:`.ui.shared_chart`)."""
    drawn = repr(
        (radar.config, radar.blips, radar.title, radar.edition, wb.language, title, sorted(highlight or ()))
    )
    return ui.shared_chart(
        hashlib.sha256(drawn.encode()).hexdigest(),
        lambda: plot_radar(radar, language=wb.language, title=title, highlight=highlight),
    )


def explorer(wb: Workbook, radar: Radar, *, blip: str | None = None) -> Explorer:
    """Pick a technology and read its card."""
    return Explorer(wb, radar, blip=blip)


def blip_table(wb: Workbook, radar: Radar, *, quadrant: str | None = None) -> ui.HTMLBlock:
    """Every technology on the radar (of one quadrant) with its ring, status and description."""
    return tables.blip_table(radar, language=wb.language, quadrant=quadrant)


def prefill_ballot(wb: Workbook) -> Ballot | None:
    """The ballot a workbook starts from: with ``prefill="sample"`` (or ``"demo"``, as the other workbooks
    call it) the respondent's synthetic ballot (or the first one from the municipality); with an empty
    prefill, None (the ballot starts from the store or from scratch)."""
    if not wb.prefill:
        return None
    if not wb.sample:
        raise CasekitError("radar.error.prefill", value=wb.prefill)
    frame = sample_ballots()
    number = wb.municipality.number if wb.municipality else None
    if wb.respondent in set(frame["respondent"]):
        sample = ballot_of(frame, wb.respondent)
    else:
        mine = frame[frame["municipality"] == number]
        sample = ballot_of(frame, (mine if len(mine) else frame)["respondent"].iloc[0])
    return Ballot(wb.respondent, number, sample.placements)


def ballot(wb: Workbook, radar: Radar) -> BallotForm:
    """The ballot widget for the participant, started from the sample when the session asks for it."""
    return BallotForm(wb, radar, start=prefill_ballot(wb))


# --- 4b: the group and the county -------------------------------------------------------------------------


@dataclass
class Ballots:
    """Ballots for a step, where they came from, and the notice to show about it (if any)."""

    frame: pd.DataFrame
    source: str
    message: ui.HTMLBlock | None = None

    def _repr_html_(self) -> str:
        return self.message.markup if self.message else ""


def municipal_ballots(wb: Workbook, *, min_group_size: int = 5) -> Ballots:
    """The municipality's published ballots, or the synthetic sample when fewer than ``min_group_size``
    are published (the notice says whether too few have voted or their votes are not published yet)."""
    min_group_size = check_min_group_size(min_group_size)
    me = wb.municipality
    frame, _publication = published_ballots(wb.store, min_group_size=min_group_size)
    mine = frame[frame["municipality"] == me.number].reset_index(drop=True)
    if mine["respondent"].nunique() >= min_group_size:
        return Ballots(mine, "store")
    voted = len(load_ballots(wb.store, municipality=wb.number))
    kind = "unpublished" if voted >= min_group_size else "sample"
    sample = sample_ballots()
    own = sample[sample["municipality"] == me.number]
    if not own.empty:
        text = _t(wb, f"group.{kind}_notice", count=voted, minimum=min_group_size, municipality=me.name)
        return Ballots(own.reset_index(drop=True), "sample", notice(text))
    first = sample["municipality"].iloc[0]
    other = municipalities.get(str(first)).name
    text = _t(wb, f"group.{kind}_other", count=voted, minimum=min_group_size, municipality=other)
    return Ballots(sample[sample["municipality"] == first].reset_index(drop=True), "sample", notice(text))


def county_ballots(wb: Workbook, *, min_group_size: int = 5) -> Ballots:
    """The published ballots of every municipality of the county, or the Agder sample when fewer than
    two municipalities in the county have published ballots."""
    min_group_size = check_min_group_size(min_group_size)
    me = wb.municipality
    county = {m.number for m in municipalities.in_county(me.county_number)}
    frame, _publication = published_ballots(wb.store, min_group_size=min_group_size)
    stored = frame[frame["municipality"].isin(county)].reset_index(drop=True)
    if stored["municipality"].nunique() >= 2:
        return Ballots(stored, "store")
    return Ballots(sample_ballots(), "sample", notice(_t(wb, "county.sample_notice", county=me.county_name)))


def group(
    wb: Workbook,
    ballots: Ballots | pd.DataFrame,
    radar: Radar,
    *,
    threshold: float = 0.15,
    min_group_size: int = 5,
) -> GroupResult | ui.HTMLBlock:
    """The group radar, or a notice when too few have voted (the privacy rule)."""
    frame = ballots.frame if isinstance(ballots, Ballots) else ballots
    try:
        return group_radar(
            frame, radar, threshold=threshold, min_group_size=min_group_size, language=wb.language
        )
    except InputError as exc:
        return notice(exc.message(wb.language))


def group_summary(wb: Workbook, result: GroupResult | ui.HTMLBlock) -> ui.HTMLBlock:
    """How many voted, how many blips are placed, and which to discuss again (or the notice)."""
    if isinstance(result, ui.HTMLBlock):
        return result
    return tables.group_summary(result, language=wb.language)


def group_chart(wb: Workbook, result: GroupResult | ui.HTMLBlock) -> Axes | None:
    """The group radar with the blips to discuss again outlined; nothing when it cannot be shown."""
    if isinstance(result, ui.HTMLBlock):
        return None
    flagged = result.table["discuss_again"].fillna(False).astype(bool)
    discuss = set(result.table.loc[flagged, "id"])
    return radar_chart(wb, result.radar, title=_t(wb, "chart.group_title"), highlight=discuss)


def group_consensus(wb: Workbook, result: GroupResult | ui.HTMLBlock) -> Axes | None:
    """Consensus per blip, lowest first; nothing when the group radar cannot be shown."""
    if isinstance(result, ui.HTMLBlock):
        return None
    return consensus_chart(result.table, language=wb.language)


def group_table(wb: Workbook, result: GroupResult | ui.HTMLBlock) -> ui.HTMLBlock:
    """Blips with the group's ring, votes, consensus and the discuss-again flag (or the notice)."""
    if isinstance(result, ui.HTMLBlock):
        return result
    return tables.group_table(result, language=wb.language)


def my_ballot(wb: Workbook, ballots: Ballots | None = None) -> Ballot | None:
    """The respondent's saved ballot, else their ballot in the sample shown, else None."""
    saved = load_ballot_for(wb.store, wb.respondent)
    if saved is not None:
        return saved
    if ballots is not None and len(ballots.frame):
        frame = ballots.frame
        who = wb.respondent if wb.respondent in set(frame["respondent"]) else frame["respondent"].iloc[0]
        return ballot_of(frame, who)
    return None


def ballot_vs_group(
    wb: Workbook, ballot: Ballot | None, result: GroupResult | ui.HTMLBlock, *, ax: Any = None
) -> Any:
    """The participant's ballot against the group's radar (a dot plot), or a notice."""
    if isinstance(result, ui.HTMLBlock):
        return result
    if ballot is None:
        return notice(_t(wb, "group.no_ballot"))
    return ballot_chart(compare_ballot(ballot, result, language=wb.language), ax=ax, language=wb.language)


def county(
    wb: Workbook, ballots: Ballots, radar: Radar, *, threshold: float = 0.15, min_group_size: int = 5
) -> CountyResult | ui.HTMLBlock:
    """The county radar from the municipalities' group radars, or a notice when none can be shown."""
    try:
        return county_from_ballots(
            ballots.frame, radar, threshold=threshold, min_group_size=min_group_size, language=wb.language
        )
    except InputError as exc:
        return notice(exc.message(wb.language))


def county_summary(
    wb: Workbook, result: CountyResult | ui.HTMLBlock, *, min_group_size: int = 5
) -> ui.HTMLBlock:
    """How many municipalities are in the county radar, and which are not shown (or the notice)."""
    min_group_size = check_min_group_size(min_group_size)
    if isinstance(result, ui.HTMLBlock):
        return result
    return tables.county_summary(result, min_group_size=min_group_size, language=wb.language)


def county_chart(wb: Workbook, result: CountyResult | ui.HTMLBlock) -> Axes | None:
    """The county radar, titled with the session's county; nothing when it cannot be shown."""
    if isinstance(result, ui.HTMLBlock):
        return None
    title = _t(wb, "chart.county_title", county=wb.municipality.county_name)
    return radar_chart(wb, result.radar, title=title)


def disagreements(wb: Workbook, result: CountyResult | ui.HTMLBlock, *, top: int = 10) -> ui.HTMLBlock:
    """The blips the municipalities disagree on most (or the notice)."""
    if isinstance(result, ui.HTMLBlock):
        return result
    return tables.disagreements(result, top=top, language=wb.language)


def most_contested(result: CountyResult | GroupResult | ui.HTMLBlock) -> str | None:
    """The id of the blip with the lowest consensus (ties: alphabetical); None for a notice."""
    if isinstance(result, ui.HTMLBlock):
        return None
    frame = result.table.dropna(subset=["ring"]).sort_values(["consensus", "name"])
    return str(frame["id"].iloc[0])


def drilldown_chart(
    wb: Workbook, result: CountyResult | ui.HTMLBlock, blip: str | None = None, *, ax: Any = None
) -> Axes | None:
    """Where each municipality put one blip (default: the most contested), against the county's ring;
    nothing when the county radar cannot be shown."""
    if isinstance(result, ui.HTMLBlock):
        return None
    frame = result.drilldown(blip or most_contested(result), language=wb.language)
    return ring_spread(
        frame,
        ax=ax,
        language=wb.language,
        label_column="name",
        title=_t(wb, "chart.county_spread_title", name=frame.attrs["name"]),
        subtitle=_t(wb, "chart.county_spread_subtitle"),
    )


def drilldown_table(
    wb: Workbook, result: CountyResult | ui.HTMLBlock, blip: str | None = None
) -> ui.HTMLBlock | None:
    """The municipalities that put one blip (default: the most contested) in another ring than the
    county; nothing when the county radar cannot be shown."""
    if isinstance(result, ui.HTMLBlock):
        return None
    return tables.drilldown_table(result, blip or most_contested(result), language=wb.language)


# --- 4c: the municipality's own edition --------------------------------------------------------------------


def past_editions(wb: Workbook) -> tuple[list[Edition], ui.HTMLBlock]:
    """The municipality's saved editions (oldest first), else the sample editions, with a notice."""
    saved = load_editions(wb.store, municipality=wb.number)
    if saved:
        return saved, notice(_t(wb, "edition.saved_list", labels=", ".join(e.label for e in saved)))
    return sample_editions(), notice(_t(wb, "edition.none_saved"))


def proposal(wb: Workbook, radar: Radar, *, min_group_size: int = 5) -> Radar:
    """The leader group's radar from its ballots (the starting point for the next edition); the
    previous edition itself when the group radar cannot be shown."""
    ballots = municipal_ballots(wb, min_group_size=min_group_size)
    result = group(wb, ballots, radar, min_group_size=min_group_size)
    if isinstance(result, ui.HTMLBlock):
        return radar
    kept = {b.id for b in result.radar.blips}
    return radar.with_blips(list(result.radar.blips) + [b for b in radar.blips if b.id not in kept])


def changes_table(wb: Workbook, old: Radar, new: Radar) -> ui.HTMLBlock:
    """Every change between two radars: before, now, direction and size, and the rationale."""
    return tables.changes_table(old, new, language=wb.language)


def editor(wb: Workbook, radar: Radar, *, previous: Radar | None = None, label: str = "") -> EditionEditor:
    """The editor for the municipality's next edition, starting from ``radar``."""
    return EditionEditor(wb, radar, previous=previous, label=label)


def history_table(wb: Workbook, editions: list[Edition], blip: str) -> ui.HTMLBlock:
    """One technology across the editions: its ring, status and rationale in each."""
    return tables.history_table(editions, blip, language=wb.language)


def most_moved(old: Radar, new: Radar) -> str:
    """The id of the blip that moved furthest (ties: alphabetical); the first blip if none moved."""
    frame = diff(old, new)
    moved = frame[frame["size"] > 0].sort_values(["size", "name"], ascending=[False, True])
    return str((moved if len(moved) else frame)["id"].iloc[0])


def publish(wb: Workbook, radar: Radar, *, folder: str | Path = ".") -> ui.HTMLBlock:
    """Write the radar as BYOR CSV and as a self-contained HTML page; returns links to both."""
    folder = Path(folder)
    files = [
        write(radar, folder / f"radar-{wb.number}.byor.csv", "byor-csv", language=wb.language),
        save(radar, folder / f"radar-{wb.number}.html", "html", language=wb.language),
    ]
    links = "".join(
        f'<li><a href="{ui.escape(p.name)}" target="_blank">{ui.escape(p.name)}</a></li>' for p in files
    )
    text = ui.escape(_t(wb, "edition.exported", files=", ".join(p.name for p in files)))
    return ui.HTMLBlock(f"<p>{text}</p><ul>{links}</ul>")
