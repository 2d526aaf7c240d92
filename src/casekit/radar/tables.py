"""HTML cards, tables and summaries of radars and their results, for notebooks and the cohort report.

Plain functions in the style of the charts: they take a radar or a result and ``language=``, and return
a :class:`casekit.ui.HTMLBlock`. Every text they show is escaped; blip descriptions are sanitised.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import i18n, municipalities, ui
from ..privacy import check_min_group_size
from .editions import Edition, diff, history
from .layout import layout
from .model import STATUSES, Radar
from .sanitise import plain_text, safe_href, sanitise
from .style import status_label
from .votes import CountyResult, GroupResult

BLIP_FIELDS = ("rationale", "pros", "cons", "used_by", "owner")


def _t(key: str, language: str | None, **params: object) -> str:
    return i18n.t(f"radar.{key}", language=language, **params)


def _columns(keys: Sequence[str], language: str | None) -> list[str]:
    return [_t(f"column.{c}", language) for c in keys]


def _paragraphs(lines: Sequence[str]) -> ui.HTMLBlock:
    return ui.HTMLBlock("".join(f"<p>{ui.escape(line)}</p>" for line in lines))


def blip_card(radar: Radar, blip: str, *, language: str | None = None) -> ui.HTMLBlock:
    """A card for one blip: quadrant, ring, status, sanitised description, rationale and source link."""
    b = radar.get(blip)
    rows = [
        (_t("field.quadrant", language), radar.config.quadrant(b.quadrant).label_in(language)),
        (_t("field.ring", language), radar.config.ring(b.ring).label_in(language)),
        (_t("field.status", language), status_label(b.status, language)),
    ]
    rows += [(_t(f"field.{f}", language), b.field_in(f, language)) for f in BLIP_FIELDS if getattr(b, f)]
    body = "".join(
        f'<tr><th scope="row" style="text-align:left;padding:3px 14px 3px 0">{ui.escape(k)}</th>'
        f"<td>{ui.escape(v)}</td></tr>"
        for k, v in rows
    )
    link = ""
    href = safe_href(b.link) if b.link else None
    if href:
        link = (
            f'<p style="margin:6px 0 0"><a href="{ui.escape(href)}" target="_blank" '
            'rel="noopener noreferrer">'
            f"{ui.escape(_t('field.link', language))}: {ui.escape(href)}</a></p>"
        )
    return ui.HTMLBlock(
        '<div class="casekit-card" style="border:1px solid #ccc;border-radius:8px;padding:12px 16px;'
        f'max-width:720px"><h3 style="margin:0 0 6px">{ui.escape(b.label(language))}</h3>'
        f'<div style="margin:0 0 8px">{sanitise(b.description_in(language))}</div>'
        f"<table>{body}</table>{link}</div>"
    )


def blip_table(radar: Radar, *, language: str | None = None, quadrant: str | None = None) -> ui.HTMLBlock:
    """Every blip (of one quadrant) with ring, status and a plain-text description."""
    rows = []
    for p in layout(radar).placements:
        b = p.blip
        if quadrant and b.quadrant != radar.config.quadrant(quadrant).key:
            continue
        rows.append(
            [
                p.number,
                b.label(language),
                radar.config.quadrant(b.quadrant).label_in(language),
                radar.config.ring(b.ring).label_in(language),
                status_label(b.status, language),
                plain_text(b.description_in(language)),
            ]
        )
    return ui.table(_columns(("number", "name", "quadrant", "ring", "status", "description"), language), rows)


# --- group and county results ----------------------------------------------------------------------------


def group_summary(result: GroupResult, *, language: str | None = None) -> ui.HTMLBlock:
    """How many voted, how many blips are placed, and which to discuss again."""
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
    return _paragraphs(lines)


def group_table(result: GroupResult, *, language: str | None = None) -> ui.HTMLBlock:
    """Blips with the group's ring, votes, consensus and the discuss-again flag, lowest consensus first."""
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
    return ui.table(_columns(("name", "ring", "votes", "consensus", "discuss_again"), language), rows)


def county_summary(
    result: CountyResult, *, min_group_size: int = 5, language: str | None = None
) -> ui.HTMLBlock:
    """How many of the county's municipalities are in the county radar, and which are not shown."""
    min_group_size = check_min_group_size(min_group_size)
    shown = len(result.matrix.columns)
    lines = [_t("county.summary", language, shown=shown, total=shown + len(result.suppressed))]
    if result.suppressed:
        names = ", ".join(municipalities.get(n).name for n in result.suppressed)
        lines.append(_t("county.suppressed", language, minimum=min_group_size, names=names))
    return _paragraphs(lines)


def disagreements(result: CountyResult, *, top: int = 10, language: str | None = None) -> ui.HTMLBlock:
    """The blips the municipalities disagree on most: lowest consensus first, with the range of rings."""
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
    return ui.table(_columns(("name", "ring", "range", "disagree", "consensus"), language), rows)


def drilldown_table(result: CountyResult, blip: str, *, language: str | None = None) -> ui.HTMLBlock:
    """The municipalities that put one blip in another ring than the county, and how many rings away."""
    frame = result.drilldown(blip, language=language)
    rows = [
        [r.name, r.ring, f"{r.distance:+d}" if r.distance else "0"]
        for r in frame[frame["disagrees"]].itertuples()
    ]
    caption = _t("county.disagree_caption", language, name=frame.attrs["name"])
    return ui.table(_columns(("municipality", "ring", "steps"), language), rows, caption=caption)


# --- editions ----------------------------------------------------------------------------------------------


def changes_table(old: Radar, new: Radar, *, language: str | None = None) -> ui.HTMLBlock:
    """Every change between two radars: before, now, direction and size, and the rationale."""
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
    if not rows:
        return ui.HTMLBlock(ui.message_html(_t("widget.editor.no_changes", language)))
    return ui.table(
        _columns(("name", "old_ring", "new_ring", "change", "steps", "rationale"), language), rows
    )


def history_table(editions: Sequence[Edition], blip: str, *, language: str | None = None) -> ui.HTMLBlock:
    """One blip across editions: its ring, status and rationale in each."""
    frame = history(editions, blip, language=language)
    rows = [
        [r.edition, r.ring or "–", _history_status(r.status, language), r.rationale]
        for r in frame.itertuples()
    ]
    return ui.table(_columns(("edition", "ring", "status", "rationale"), language), rows)


def _history_status(status: str | None, language: str | None) -> str:
    if status in STATUSES:
        return status_label(status, language)
    return _t("change.retired", language) if status == "retired" else "–"
