"""Widgets for the radar notebooks: explorer, ballot, group editor and a live radar view.

They are thin views over :mod:`casekit.radar`'s functions. Every handler is wrapped in
:func:`casekit.ui.guard`, so an expected mistake (a missing rationale, a duplicate name) shows inline in
the participant's language. Every widget renders its initial state at once and never waits for input.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import i18n, ui
from .model import Blip, Radar, RadarError

if TYPE_CHECKING:  # pragma: no cover
    from .votes import Ballot

SKIP = "skip"


def _t(key: str, language: str | None, **params: Any) -> str:
    return i18n.t(f"radar.widget.{key}", language=language, **params)


class LiveRadar:
    """A radar view that redraws whenever :meth:`update` is called (inline SVG, fast enough to follow
    every click). ``last_ms`` is the time the last redraw took."""

    def __init__(
        self, radar: Radar, *, language: str | None = None, seed: int = 0, highlight: set[str] | None = None
    ):
        import ipywidgets as w

        self.language = language
        self.seed = seed
        self.highlight = set(highlight or ())
        self.widget = w.HTML(layout=w.Layout(width="100%", max_width="760px"))
        self.redraws = 0
        self.last_ms = 0.0
        self.radar = radar
        self.update(radar)

    def update(self, radar: Radar | None = None) -> float:
        from .export import to_svg

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


def blip_card(radar: Radar, blip: str, *, language: str | None = None) -> ui.HTMLBlock:
    """A card for one blip: quadrant, ring, status, sanitised description, rationale and source link."""
    from .charts import status_label
    from .sanitise import safe_href, sanitise

    b = radar.get(blip)
    rows = [
        (
            i18n.t("radar.field.quadrant", language=language),
            radar.config.quadrant(b.quadrant).label_in(language),
        ),
        (i18n.t("radar.field.ring", language=language), radar.config.ring(b.ring).label_in(language)),
        (i18n.t("radar.field.status", language=language), status_label(b.status, language)),
    ]
    for field in ("rationale", "pros", "cons", "used_by", "owner"):
        if getattr(b, field):
            rows.append((i18n.t(f"radar.field.{field}", language=language), getattr(b, field)))
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
            f"{ui.escape(i18n.t('radar.field.link', language=language))}: {ui.escape(href)}</a></p>"
        )
    return ui.HTMLBlock(
        '<div class="casekit-card" style="border:1px solid #ccc;border-radius:8px;padding:12px 16px;'
        f'max-width:720px"><h3 style="margin:0 0 6px">{ui.escape(b.label(language))}</h3>'
        f'<div style="margin:0 0 8px">{sanitise(b.description_in(language))}</div>'
        f"<table>{body}</table>{link}</div>"
    )


def blip_table(radar: Radar, *, language: str | None = None, quadrant: str | None = None) -> ui.HTMLBlock:
    """Every blip (of one quadrant) with ring, status and a plain-text description."""
    from .charts import status_label
    from .layout import layout
    from .sanitise import plain_text

    lay = layout(radar)
    rows = []
    for p in lay.placements:
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
    columns = [
        i18n.t(f"radar.column.{c}", language=language)
        for c in ("number", "name", "quadrant", "ring", "status", "description")
    ]
    return ui.table(columns, rows)


def explorer(radar: Radar, *, language: str | None = None, blip: str | None = None) -> Any:
    """Pick a technology (by quadrant) and read its card; the radar highlights the chosen blip."""
    import ipywidgets as w
    from IPython.display import display

    quadrants = [(q.label_in(language), q.key) for q in radar.config.quadrants]
    quadrant = w.Dropdown(options=quadrants, layout=w.Layout(width="340px"))
    picker = w.Dropdown(layout=w.Layout(width="420px"))
    out = w.Output()
    fb = ui.feedback()
    live = LiveRadar(radar, language=language)

    def options_for(key: str) -> list[tuple[str, str]]:
        return sorted(
            ((b.label(language), b.id) for b in radar.blips if b.quadrant == key),
            key=lambda o: o[0].casefold(),
        )

    @ui.guard(fb)
    def show(change: Any = None) -> None:
        out.clear_output(wait=True)
        if picker.value is None:
            return
        live.highlight = {picker.value}
        with out:
            display(blip_card(radar, picker.value, language=language))

    @ui.guard(fb)
    def on_quadrant(change: Any = None) -> None:
        picker.options = options_for(quadrant.value)
        picker.value = picker.options[0][1] if picker.options else None

    if blip is not None:
        chosen = radar.get(blip)
        quadrant.value = chosen.quadrant
        picker.options = options_for(chosen.quadrant)
        picker.value = chosen.id
    else:
        on_quadrant()
    quadrant.observe(on_quadrant, names="value")
    picker.observe(show, names="value")
    show()
    box = w.VBox(
        [
            ui.labelled(quadrant, _t("explorer.quadrant", language)),
            ui.labelled(picker, _t("explorer.blip", language), _t("explorer.help", language)),
            fb,
            out,
        ]
    )
    box.quadrant, box.picker, box.output, box.feedback, box.live = quadrant, picker, out, fb, live
    return box


# --- ballot -----------------------------------------------------------------------------------------------


def ballot(
    radar: Radar,
    *,
    respondent: str,
    municipality: str | None = None,
    store_url: str | None = None,
    language: str | None = None,
    prefill: Ballot | None = None,
) -> Any:
    """The ballot: a ring (or skip) for each sample technology, new technologies, and Save.

    It starts from ``prefill``, else from the respondent's latest saved ballot, else all skipped. Save
    appends a new ballot to the store; the newest counts.
    """
    import ipywidgets as w

    from ..store import open_store
    from .votes import Ballot, load_ballot_for, new_blip, save_ballot

    if not respondent or not str(respondent).strip():
        raise RadarError("radar.error.no_respondent")
    store = open_store(store_url or None)
    start = prefill if prefill is not None else load_ballot_for(store, respondent)
    placed = dict(start.placements) if start else {}
    additions: list[Blip] = list(start.additions) if start else []
    ring_options = [(_t("ballot.skip", language), SKIP)] + [
        (r.label_in(language), r.key) for r in radar.config.rings
    ]
    fb = ui.feedback()
    choices: dict[str, Any] = {}
    sections = []
    for q in radar.config.quadrants:
        rows = [w.HTML(f"<h4 style='margin:12px 0 4px'>{ui.escape(q.label_in(language))}</h4>")]
        for b in sorted(
            (b for b in radar.blips if b.quadrant == q.key), key=lambda b: b.label(language).casefold()
        ):
            value = placed.get(b.id) or SKIP
            dd = w.Dropdown(
                options=ring_options,
                value=value if value in radar.config.ring_keys else SKIP,
                layout=w.Layout(width="170px"),
            )
            choices[b.id] = dd
            from .sanitise import plain_text

            tip = ui.escape(plain_text(b.description_in(language)))
            rows.append(
                w.HBox(
                    [
                        dd,
                        w.HTML(
                            f'<span title="{tip}" style="line-height:32px">'
                            f"{ui.escape(b.label(language))}</span>"
                        ),
                    ]
                )
            )
        sections.append(w.VBox(rows))
    new_name = w.Text(layout=w.Layout(width="360px"))
    new_quadrant = w.Dropdown(
        options=[(q.label_in(language), q.key) for q in radar.config.quadrants],
        layout=w.Layout(width="360px"),
    )
    new_ring = w.Dropdown(options=ring_options[1:], layout=w.Layout(width="200px"))
    new_description = w.Textarea(layout=w.Layout(width="480px", height="70px"))
    add_button = w.Button(description=_t("ballot.add", language), icon="plus")
    save_button = w.Button(
        description=i18n.t("ui.save", language=language), button_style="primary", icon="save"
    )
    added = w.HTML()
    saved: list[Any] = []

    def current() -> Ballot:
        placements = {k: (None if dd.value == SKIP else dd.value) for k, dd in choices.items()}
        return Ballot(respondent, municipality, placements, tuple(additions))

    def show_added() -> None:
        if not additions:
            added.value = ""
            return
        items = "".join(
            f"<li>{ui.escape(a.name)} ({ui.escape(radar.config.ring(a.ring).label_in(language))})</li>"
            for a in additions
        )
        added.value = f"<p>{ui.escape(_t('ballot.added', language))}</p><ul>{items}</ul>"

    @ui.guard(fb)
    def on_add(_button: Any = None) -> None:
        blip = new_blip(radar, new_name.value, new_quadrant.value, new_ring.value, new_description.value)
        if any(a.id == blip.id for a in additions):
            raise RadarError("radar.error.new_name_exists", name=blip.name)
        additions.append(blip)
        new_name.value = ""
        new_description.value = ""
        show_added()
        fb.ok(_t("ballot.added_one", language, name=blip.name))

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        sub = save_ballot(store, current(), radar)
        saved.append(sub)
        count = sum(1 for dd in choices.values() if dd.value != SKIP)
        fb.ok(_t("ballot.saved", language, count=count, total=len(choices)))

    add_button.on_click(on_add)
    save_button.on_click(on_save)
    show_added()
    new_form = w.VBox(
        [
            w.HTML(f"<h4 style='margin:16px 0 4px'>{ui.escape(_t('ballot.new_heading', language))}</h4>"),
            ui.labelled(new_name, _t("ballot.new_name", language)),
            ui.labelled(new_quadrant, i18n.t("radar.field.quadrant", language=language)),
            ui.labelled(new_ring, i18n.t("radar.field.ring", language=language)),
            ui.labelled(
                new_description, _t("ballot.new_description", language), _t("ballot.new_help", language)
            ),
            add_button,
            added,
        ]
    )
    intro = w.HTML(f"<p>{ui.escape(_t('ballot.intro', language))}</p>")
    box = w.VBox([intro, *sections, new_form, save_button, fb])
    box.choices, box.feedback, box.saved, box.additions = choices, fb, saved, additions
    box.new_name, box.new_quadrant, box.new_ring, box.new_description = (
        new_name,
        new_quadrant,
        new_ring,
        new_description,
    )
    box.add_button, box.save_button, box.ballot, box.store = add_button, save_button, current, store
    return box


# --- editor -----------------------------------------------------------------------------------------------


def editor(
    radar: Radar,
    *,
    previous: Radar | None = None,
    respondent: str,
    municipality: str | None = None,
    store_url: str | None = None,
    language: str | None = None,
    label: str = "",
) -> Any:
    """The group's radar editor: move, add and retire blips (a rationale is asked for on every move and
    retirement), watch the live radar and the changes, and save the edition to the store."""
    import ipywidgets as w

    from ..store import open_store
    from .editions import diff, make_edition, save_edition
    from .votes import new_blip

    state: dict[str, Any] = {"radar": radar, "rationales": {}, "retired": {}}
    base = previous if previous is not None else radar
    fb = ui.feedback()
    live = LiveRadar(radar, language=language)
    changes = w.HTML()
    ring_options = [(r.label_in(language), r.key) for r in radar.config.rings]

    def blip_options() -> list[tuple[str, str]]:
        return sorted(
            ((b.label(language), b.id) for b in state["radar"].blips), key=lambda o: o[0].casefold()
        )

    blip = w.Dropdown(options=blip_options(), layout=w.Layout(width="420px"))
    ring = w.Dropdown(options=ring_options, layout=w.Layout(width="200px"))
    rationale = w.Textarea(
        placeholder=_t("editor.rationale_placeholder", language),
        layout=w.Layout(width="520px", height="70px"),
    )
    move_button = w.Button(description=_t("editor.move", language), icon="arrows")
    retire_button = w.Button(description=_t("editor.retire", language), icon="archive")
    new_name = w.Text(layout=w.Layout(width="360px"))
    new_quadrant = w.Dropdown(
        options=[(q.label_in(language), q.key) for q in radar.config.quadrants],
        layout=w.Layout(width="360px"),
    )
    new_ring = w.Dropdown(options=ring_options, layout=w.Layout(width="200px"))
    new_description = w.Textarea(layout=w.Layout(width="520px", height="60px"))
    add_button = w.Button(description=_t("editor.add", language), icon="plus")
    edition_label = w.Text(value=label, layout=w.Layout(width="200px"))
    save_button = w.Button(description=_t("editor.save", language), button_style="primary", icon="save")
    saved: list[Any] = []

    def refresh() -> None:
        live.update(state["radar"])
        table = diff(base, state["radar"], language=language)
        moved = table[table["change"] != "no_change"]
        rows = [
            [
                r.name,
                r.old_ring or "–",
                r.new_ring or "–",
                _change_label(r.change, language),
                state["rationales"].get(r.id) or state["retired"].get(r.id) or r.rationale or "",
            ]
            for r in moved.itertuples()
        ]
        columns = [
            i18n.t(f"radar.column.{c}", language=language)
            for c in ("name", "old_ring", "new_ring", "change", "rationale")
        ]
        changes.value = (
            str(ui.table(columns, rows, caption=_t("editor.changes", language, count=len(rows))))
            if rows
            else (f"<p>{ui.escape(_t('editor.no_changes', language))}</p>")
        )
        current = blip.value
        blip.options = blip_options()
        if current in state["radar"].ids():
            blip.value = current

    def on_blip(change: Any = None) -> None:
        if blip.value in state["radar"].ids():
            ring.value = state["radar"].get(blip.value).ring

    @ui.guard(fb)
    def on_move(_button: Any = None) -> None:
        target = state["radar"].get(blip.value)
        if ring.value == target.ring:
            raise RadarError("radar.error.same_ring", name=target.label(language))
        text = rationale.value.strip()
        if not text:
            raise RadarError("radar.error.rationale_needed", name=target.label(language))
        state["radar"] = state["radar"].with_blips(
            replace(b, ring=ring.value, rationale=text) if b.id == target.id else b
            for b in state["radar"].blips
        )
        state["rationales"][target.id] = text
        rationale.value = ""
        refresh()
        fb.ok(
            _t(
                "editor.moved",
                language,
                name=target.label(language),
                ring=radar.config.ring(ring.value).label_in(language),
            )
        )

    @ui.guard(fb)
    def on_retire(_button: Any = None) -> None:
        target = state["radar"].get(blip.value)
        text = rationale.value.strip()
        if not text:
            raise RadarError("radar.error.rationale_needed", name=target.label(language))
        state["radar"] = state["radar"].with_blips(b for b in state["radar"].blips if b.id != target.id)
        state["retired"][target.id] = text
        state["rationales"].pop(target.id, None)
        rationale.value = ""
        refresh()
        on_blip()
        fb.ok(_t("editor.retired", language, name=target.label(language)))

    @ui.guard(fb)
    def on_add(_button: Any = None) -> None:
        new = new_blip(
            state["radar"], new_name.value, new_quadrant.value, new_ring.value, new_description.value
        )
        state["radar"] = state["radar"].with_blips([*state["radar"].blips, new])
        new_name.value = ""
        new_description.value = ""
        refresh()
        fb.ok(_t("editor.added", language, name=new.name))

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        edition = make_edition(
            state["radar"],
            edition_label.value,
            previous=previous,
            rationales=state["rationales"],
            retired=state["retired"],
            municipality=municipality,
            author=respondent,
        )
        store = open_store(store_url or None)
        saved.append(save_edition(store, edition, respondent=respondent, municipality=municipality))
        fb.ok(_t("editor.saved", language, label=edition.label, count=len(edition.radar.blips)))

    blip.observe(on_blip, names="value")
    move_button.on_click(on_move)
    retire_button.on_click(on_retire)
    add_button.on_click(on_add)
    save_button.on_click(on_save)
    on_blip()
    refresh()
    box = w.VBox(
        [
            live.widget,
            w.HTML(f"<h4 style='margin:12px 0 4px'>{ui.escape(_t('editor.move_heading', language))}</h4>"),
            ui.labelled(blip, _t("editor.blip", language)),
            ui.labelled(ring, i18n.t("radar.field.ring", language=language)),
            ui.labelled(
                rationale,
                i18n.t("radar.field.rationale", language=language),
                _t("editor.rationale_help", language),
            ),
            w.HBox([move_button, retire_button]),
            w.HTML(f"<h4 style='margin:12px 0 4px'>{ui.escape(_t('editor.add_heading', language))}</h4>"),
            ui.labelled(new_name, _t("ballot.new_name", language)),
            ui.labelled(new_quadrant, i18n.t("radar.field.quadrant", language=language)),
            ui.labelled(new_ring, i18n.t("radar.field.ring", language=language)),
            ui.labelled(new_description, _t("ballot.new_description", language)),
            add_button,
            changes,
            ui.labelled(edition_label, _t("editor.label", language), _t("editor.label_help", language)),
            save_button,
            fb,
        ]
    )
    box.blip, box.ring, box.rationale = blip, ring, rationale
    box.move_button, box.retire_button, box.add_button, box.save_button = (
        move_button,
        retire_button,
        add_button,
        save_button,
    )
    box.new_name, box.new_quadrant, box.new_ring, box.new_description = (
        new_name,
        new_quadrant,
        new_ring,
        new_description,
    )
    box.label, box.feedback, box.live, box.changes, box.saved, box.state = (
        edition_label,
        fb,
        live,
        changes,
        saved,
        state,
    )
    return box


def _change_label(change: str, language: str | None) -> str:
    return i18n.t(f"radar.change.{change}", language=language)
