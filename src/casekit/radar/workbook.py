"""The steps of the module 4 radar notebooks, so each notebook cell is one short call.

Results come from the response store when it holds enough answers. When it does not (a fresh store, a
test run, a municipality that has not voted yet), the synthetic Agder sample is used, and a visible
notice says so: never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, municipalities, ui
from ..errors import CasekitError
from .model import Radar

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .editions import Edition
    from .votes import Ballot, CountyResult, GroupResult


def _t(key: str, language: str | None = None, **params: Any) -> str:
    return i18n.t(f"radar.{key}", language=language, **params)


def notice(text: str, kind: str = "info") -> ui.HTMLBlock:
    return ui.HTMLBlock(ui.message_html(text, kind))


def prefill_ballot(prefill: str, respondent: str, municipality: str) -> Ballot | None:
    """The ballot a workbook starts from: ``"sample"`` (or ``"demo"``, as the other workbooks call it) takes
    the respondent's synthetic ballot (or the first one from the municipality); an empty string starts from
    the store or from scratch."""
    from .sample import sample_ballots
    from .votes import Ballot, ballot_of

    if not prefill:
        return None
    if prefill not in ui.SAMPLE_PREFILLS:
        raise CasekitError("radar.error.prefill", value=prefill)
    frame = sample_ballots()
    if respondent in set(frame["respondent"]):
        sample = ballot_of(frame, respondent)
    else:
        mine = frame[frame["municipality"] == municipality]
        first = (mine if len(mine) else frame)["respondent"].iloc[0]
        sample = ballot_of(frame, first)
    return Ballot(respondent, municipality, sample.placements)


def ballot(
    radar: Radar,
    *,
    municipality: str,
    respondent: str,
    store_url: str = "",
    prefill: str = "",
    language: str | None = None,
) -> Any:
    """The ballot widget for a participant, started from ``prefill`` when given."""
    from .widgets import ballot as ballot_widget

    number = municipalities.get(municipality).number
    start = prefill_ballot(prefill, respondent, number)
    return ballot_widget(
        radar,
        respondent=respondent,
        municipality=number,
        store_url=store_url or None,
        language=language,
        prefill=start,
    )


@dataclass
class Ballots:
    """Ballots for a step, where they came from, and the notice to show about it (if any)."""

    frame: pd.DataFrame
    source: str
    message: ui.HTMLBlock | None = None

    def _repr_html_(self) -> str:
        return self.message.markup if self.message else ""


def municipal_ballots(
    municipality: str, *, store_url: str = "", min_group_size: int = 5, language: str | None = None
) -> Ballots:
    """The municipality's ballots from the store, or the synthetic sample when the store has too few."""
    from ..store import open_store
    from .sample import sample_ballots
    from .votes import ballots_frame, load_ballots

    me = municipalities.get(municipality)
    stored = load_ballots(open_store(store_url or None), municipality=me.number)
    if len(stored) >= min_group_size:
        return Ballots(ballots_frame(stored), "store")
    sample = sample_ballots()
    text = _t(
        "group.sample_notice", language, count=len(stored), minimum=min_group_size, municipality=me.name
    )
    mine = sample[sample["municipality"] == me.number]
    if mine.empty:
        first = sample["municipality"].iloc[0]
        mine = sample[sample["municipality"] == first]
        text = _t(
            "group.sample_other",
            language,
            count=len(stored),
            minimum=min_group_size,
            municipality=municipalities.get(str(first)).name,
        )
    return Ballots(mine.reset_index(drop=True), "sample", notice(text))


def county_ballots(municipality: str, *, store_url: str = "", language: str | None = None) -> Ballots:
    """Ballots from every municipality of the county in the store, or the Agder sample when fewer than
    two municipalities in the county have voted."""
    from ..store import open_store
    from .sample import sample_ballots
    from .votes import ballots_frame, load_ballots

    me = municipalities.get(municipality)
    county = {m.number for m in municipalities.in_county(me.county_number)}
    stored = [b for b in load_ballots(open_store(store_url or None)) if b.municipality in county]
    if len({b.municipality for b in stored}) >= 2:
        return Ballots(ballots_frame(stored), "store")
    text = _t("county.sample_notice", language, county=me.county_name)
    return Ballots(sample_ballots(), "sample", notice(text))


def group(
    ballots: Ballots | pd.DataFrame,
    radar: Radar,
    *,
    threshold: float = 0.15,
    min_group_size: int = 5,
    language: str | None = None,
) -> GroupResult | ui.HTMLBlock:
    """The group radar, or a notice when too few have voted (the privacy rule)."""
    from ..errors import InputError
    from .votes import group_radar

    frame = ballots.frame if isinstance(ballots, Ballots) else ballots
    try:
        return group_radar(
            frame, radar, threshold=threshold, min_group_size=min_group_size, language=language
        )
    except InputError as exc:
        return notice(exc.message(language))


def group_summary(result: GroupResult | ui.HTMLBlock, *, language: str | None = None) -> ui.HTMLBlock:
    """How many voted, how many blips are placed, and which to discuss again."""
    if isinstance(result, ui.HTMLBlock):
        return result
    discuss = result.discuss_again()
    lines = [
        _t(
            "group.summary",
            language,
            respondents=result.respondents,
            placed=len(result.radar.blips),
            discuss=len(discuss),
        )
    ]
    if discuss:
        lines.append(_t("group.discuss_list", language, names=", ".join(discuss)))
    if result.too_few:
        names = [result.table.set_index("id").loc[i, "name"] for i in result.too_few]
        lines.append(_t("group.too_few", language, names=", ".join(names)))
    if result.proposals:
        lines.append(_t("group.proposals", language, names=", ".join(b.name for b in result.proposals)))
    return ui.HTMLBlock("".join(f"<p>{ui.escape(line)}</p>" for line in lines))


def group_table(result: GroupResult | ui.HTMLBlock, *, language: str | None = None) -> ui.HTMLBlock:
    """Blips with the group's ring, votes, consensus and the discuss-again flag, lowest consensus first."""
    if isinstance(result, ui.HTMLBlock):
        return result
    frame = result.table.dropna(subset=["ring"]).sort_values(["consensus", "name"])
    labels = {r.key: r.label_in(language) for r in result.radar.config.rings}
    yes = _t("widget.discuss_mark", language)
    rows = [
        [
            r.name,
            labels[r.ring],
            r.votes,
            i18n.format_number(r.consensus, 2, language=language),
            yes if r.discuss_again else "",
        ]
        for r in frame.itertuples()
    ]
    cols = [
        i18n.t(f"radar.column.{c}", language=language)
        for c in ("name", "ring", "votes", "consensus", "discuss_again")
    ]
    return ui.table(cols, rows)


def my_ballot(
    respondent: str, municipality: str, *, store_url: str = "", ballots: Ballots | None = None
) -> Ballot | None:
    """The respondent's saved ballot, else their ballot in the sample shown, else None."""
    from ..store import open_store
    from .votes import ballot_of, load_ballot_for

    saved = load_ballot_for(open_store(store_url or None), respondent)
    if saved is not None:
        return saved
    if ballots is not None and len(ballots.frame):
        frame = ballots.frame
        who = respondent if respondent in set(frame["respondent"]) else frame["respondent"].iloc[0]
        return ballot_of(frame, who)
    return None


def ballot_vs_group(
    ballot: Ballot | None, result: GroupResult | ui.HTMLBlock, *, language: str | None = None, ax: Any = None
) -> Any:
    """The participant's ballot against the group's radar (a dot plot), or a notice."""
    from .charts import ballot_vs_group as chart
    from .votes import compare_ballot

    if isinstance(result, ui.HTMLBlock):
        return result
    if ballot is None:
        return notice(_t("group.no_ballot", language))
    frame = compare_ballot(ballot, result, language=language)
    return chart(frame, ax=ax, language=language)


def county(
    ballots: Ballots,
    radar: Radar,
    *,
    threshold: float = 0.15,
    min_group_size: int = 5,
    language: str | None = None,
) -> CountyResult | ui.HTMLBlock:
    from ..errors import InputError
    from .votes import county_from_ballots

    try:
        return county_from_ballots(
            ballots.frame, radar, threshold=threshold, min_group_size=min_group_size, language=language
        )
    except InputError as exc:
        return notice(exc.message(language))


def county_summary(
    result: CountyResult | ui.HTMLBlock, *, min_group_size: int = 5, language: str | None = None
) -> ui.HTMLBlock:
    if isinstance(result, ui.HTMLBlock):
        return result
    shown = len(result.matrix.columns)
    lines = [_t("county.summary", language, shown=shown, total=shown + len(result.suppressed))]
    if result.suppressed:
        names = ", ".join(municipalities.get(n).name for n in result.suppressed)
        lines.append(_t("county.suppressed", language, minimum=min_group_size, names=names))
    return ui.HTMLBlock("".join(f"<p>{ui.escape(line)}</p>" for line in lines))


def disagreements(
    result: CountyResult | ui.HTMLBlock, *, top: int = 10, language: str | None = None
) -> ui.HTMLBlock:
    """The blips the municipalities disagree on most: lowest consensus first, with the range of rings."""
    if isinstance(result, ui.HTMLBlock):
        return result
    labels = {r.key: r.label_in(language) for r in result.radar.config.rings}
    frame = result.table.dropna(subset=["ring"]).sort_values(["consensus", "name"]).head(top)
    rows = [
        [
            r.name,
            labels[r.ring],
            f"{labels[r.lowest]} – {labels[r.highest]}",
            r.disagree,
            i18n.format_number(r.consensus, 2, language=language),
        ]
        for r in frame.itertuples()
    ]
    cols = [
        _t("column.name", language),
        _t("column.ring", language),
        _t("column.range", language),
        _t("column.disagree", language),
        _t("column.consensus", language),
    ]
    return ui.table(cols, rows)


def most_contested(result: CountyResult | GroupResult) -> str:
    """The id of the blip with the lowest consensus (ties: alphabetical)."""
    frame = result.table.dropna(subset=["ring"]).sort_values(["consensus", "name"])
    return str(frame["id"].iloc[0])


def drilldown_chart(
    result: CountyResult | ui.HTMLBlock, blip: str, *, language: str | None = None, ax: Any = None
) -> Any:
    """Where each municipality put one blip, against the county's ring."""
    from .charts import ring_spread

    if isinstance(result, ui.HTMLBlock):
        return result
    frame = result.drilldown(blip, language=language)
    return ring_spread(
        frame,
        ax=ax,
        language=language,
        label_column="name",
        title=_t("chart.county_spread_title", language, name=frame.attrs["name"]),
        subtitle=_t("chart.county_spread_subtitle", language),
    )


def drilldown_table(
    result: CountyResult | ui.HTMLBlock, blip: str, *, language: str | None = None
) -> ui.HTMLBlock:
    if isinstance(result, ui.HTMLBlock):
        return result
    frame = result.drilldown(blip, language=language)
    rows = [
        [r.name, r.ring, f"{r.distance:+d}" if r.distance else "0"]
        for r in frame[frame["disagrees"]].itertuples()
    ]
    cols = [_t("column.municipality", language), _t("column.ring", language), _t("column.steps", language)]
    return ui.table(cols, rows, caption=_t("county.disagree_caption", language, name=frame.attrs["name"]))


# --- editions ----------------------------------------------------------------------------------------------


def editions(
    municipality: str, *, store_url: str = "", language: str | None = None
) -> tuple[list[Edition], ui.HTMLBlock]:
    """The municipality's saved editions (oldest first), else the sample editions, with a notice."""
    from ..store import open_store
    from .editions import load_editions
    from .sample import sample_editions

    number = municipalities.get(municipality).number
    saved = load_editions(open_store(store_url or None), municipality=number)
    if saved:
        return saved, notice(_t("edition.saved_list", language, labels=", ".join(e.label for e in saved)))
    return sample_editions(), notice(_t("edition.none_saved", language))


def proposal(
    municipality: str,
    radar: Radar,
    *,
    store_url: str = "",
    min_group_size: int = 5,
    language: str | None = None,
) -> Radar:
    """The leader group's radar from its ballots (the starting point for the next edition); the
    previous edition itself when the group radar cannot be shown."""
    result = group(
        municipal_ballots(municipality, store_url=store_url, min_group_size=min_group_size).frame,
        radar,
        min_group_size=min_group_size,
        language=language,
    )
    if isinstance(result, ui.HTMLBlock):
        return radar
    kept = {b.id for b in result.radar.blips}
    placed = list(result.radar.blips) + [b for b in radar.blips if b.id not in kept]
    return radar.with_blips(placed)


def changes_table(old: Radar, new: Radar, *, language: str | None = None) -> ui.HTMLBlock:
    """Every change between two radars: before, now, direction and size, and the rationale."""
    from .editions import diff

    frame = diff(old, new, language=language)
    frame = frame[frame["change"] != "no_change"]
    rows = [
        [
            r.name,
            r.old_ring or "–",
            r.new_ring or "–",
            _t(f"change.{r.change}", language),
            "" if r.steps is None or r.steps != r.steps else f"{int(r.steps):+d}",
            r.rationale,
        ]
        for r in frame.itertuples()
    ]
    cols = [
        _t(f"column.{c}", language) for c in ("name", "old_ring", "new_ring", "change", "steps", "rationale")
    ]
    if not rows:
        return notice(_t("widget.editor.no_changes", language))
    return ui.table(cols, rows)


def history_table(editions: list[Edition], blip: str, *, language: str | None = None) -> ui.HTMLBlock:
    from .charts import status_label
    from .editions import history

    frame = history(editions, blip, language=language)
    rows = [
        [
            r.edition,
            r.ring or "–",
            status_label(r.status, language)
            if r.status in _STATUS_KEYS
            else (_t("change.retired", language) if r.status == "retired" else "–"),
            r.rationale,
        ]
        for r in frame.itertuples()
    ]
    cols = [_t(f"column.{c}", language) for c in ("edition", "ring", "status", "rationale")]
    return ui.table(cols, rows)


_STATUS_KEYS = ("new", "moved_in", "moved_out", "no_change")


def most_moved(old: Radar, new: Radar) -> str:
    """The id of the blip that moved furthest (ties: alphabetical); the first blip if none moved."""
    from .editions import diff

    frame = diff(old, new)
    moved = frame[frame["size"] > 0].sort_values(["size", "name"], ascending=[False, True])
    return str((moved if len(moved) else frame)["id"].iloc[0])


def export(
    radar: Radar, municipality: str, *, folder: str | Path = ".", language: str | None = None
) -> ui.HTMLBlock:
    """Write the radar as BYOR CSV and as a self-contained HTML page; returns links to both."""
    from .charts import save
    from .io import write

    number = municipalities.get(municipality).number
    folder = Path(folder)
    files = [
        write(radar, folder / f"radar-{number}.byor.csv", "byor-csv", language=language),
        save(radar, folder / f"radar-{number}.html", "html", language=language),
    ]
    links = "".join(
        f'<li><a href="{ui.escape(p.name)}" target="_blank">{ui.escape(p.name)}</a></li>' for p in files
    )
    text = ui.escape(_t("edition.exported", language, files=", ".join(p.name for p in files)))
    return ui.HTMLBlock(f"<p>{text}</p><ul>{links}</ul>")
