"""Widgets for follow-up: the initiative form, the tracker, the strategy builder and the competence
planner. They are thin views over the functions in this package and show mistakes inline."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .. import i18n, ui
from . import charts, competence, onepage, strategy, tracker, views
from .model import DIMENSIONS, HORIZONS, SCALE, STATUSES, dimension_label
from .sample import once, prefill_strategy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _show_figure(out: Any, ax: Any) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    with out:
        display(ax.figure)
    plt.close(ax.figure)


def _sector_options(language: str | None) -> list[tuple[str, str]]:
    from ..services import load_life_events

    return [(a.name(language), a.id) for a in load_life_events().sectors()]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def initiative_form(
    municipality: str,
    *,
    respondent: str = "",
    store_url: str | None = "",
    session: str = "",
    language: str | None = None,
) -> Any:
    """Register a new initiative or update one: goal, measures, owner, sectors, horizon, impact and effort,
    status, evidence of implementation, evaluation and maturity dimensions. Every save is kept."""
    import ipywidgets as w

    from .. import municipalities

    me = municipalities.get(municipality)
    store = tracker.open_store(store_url or None)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.form.{key}", language=language, **kw)

    def f(key: str) -> str:
        return i18n.t(f"planning.field.{key}", language=language)

    wide = w.Layout(width="95%")
    choose = w.Dropdown(layout=w.Layout(width="480px"))
    title = w.Text(layout=wide)
    goal = w.Textarea(layout=w.Layout(width="95%", height="70px"))
    measures = w.Textarea(layout=w.Layout(width="95%", height="80px"))
    owner = w.Text(layout=wide)
    sector_options = _sector_options(language)
    sectors = w.SelectMultiple(options=sector_options, rows=6, layout=w.Layout(width="420px"))
    horizon = w.ToggleButtons(
        options=[(i18n.t(f"planning.horizon.{h}", language=language), h) for h in HORIZONS], value="short"
    )
    impact = w.IntSlider(value=3, min=SCALE[0], max=SCALE[1])
    effort = w.IntSlider(value=3, min=SCALE[0], max=SCALE[1])
    status = w.Dropdown(options=[(i18n.t(f"planning.status.{s}", language=language), s) for s in STATUSES])
    evidence = w.Textarea(layout=w.Layout(width="95%", height="60px"))
    evaluation = w.Textarea(layout=w.Layout(width="95%", height="60px"))
    dimensions = w.SelectMultiple(
        options=[(dimension_label(d, language), d) for d in DIMENSIONS],
        rows=7,
        layout=w.Layout(width="420px"),
    )
    start = w.DatePicker()
    due = w.DatePicker()
    save = w.Button(description=t("save"), button_style="primary", icon="save")
    fb = ui.feedback(language)
    listeners: list[Any] = []

    def refresh_choices(selected: str = "") -> None:
        frame = tracker.initiatives(store, me.number)
        choose.options = [(t("new"), "")] + [(row.label, row.id) for row in frame.itertuples(index=False)]
        choose.value = selected if selected in frame["id"].tolist() else ""

    def fill(_change: Any = None) -> None:
        frame = tracker.initiatives(store, me.number)
        row = frame[frame["id"] == choose.value]
        if row.empty:
            values = {
                "title": "",
                "goal": "",
                "measures": [],
                "owner": "",
                "sectors": [],
                "horizon": "short",
                "impact": 3,
                "effort": 3,
                "status": "idea",
                "evidence": "",
                "evaluation": "",
                "dimensions": [],
                "start": None,
                "due": None,
            }
        else:
            values = row.iloc[0].to_dict()
        title.value, goal.value, owner.value = values["title"], values["goal"], values["owner"]
        measures.value = "\n".join(values["measures"])
        known = {v for _, v in sector_options}
        extra = [(s, s) for s in values["sectors"] if s not in known]
        sectors.options = sector_options + extra
        sectors.value = tuple(values["sectors"])
        horizon.value, impact.value, effort.value = values["horizon"], values["impact"], values["effort"]
        status.value, evidence.value, evaluation.value = (
            values["status"],
            values["evidence"],
            values["evaluation"],
        )
        dimensions.value = tuple(values["dimensions"])
        start.value, due.value = _date(values["start"]), _date(values["due"])

    def collect() -> dict[str, Any]:
        return {
            "id": choose.value or None,
            "title": title.value,
            "goal": goal.value,
            "measures": measures.value,
            "owner": owner.value,
            "sectors": list(sectors.value),
            "horizon": horizon.value,
            "impact": impact.value,
            "effort": effort.value,
            "status": status.value,
            "evidence": evidence.value,
            "evaluation": evaluation.value,
            "dimensions": list(dimensions.value),
            "start": start.value,
            "due": due.value,
        }

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        sub = tracker.save_initiative(
            store, collect(), respondent=respondent, municipality=me.number, session=session
        )
        ident = sub.instrument[len(tracker.PREFIX) :]
        refresh_choices(ident)
        fb.ok(
            t(
                "saved",
                title=title.value or goal.value[:40],
                versions=len(tracker.history(store, me.number, ident)),
            )
        )
        for listener in listeners:
            listener()

    choose.observe(fill, names="value")
    save.on_click(on_save)
    refresh_choices()
    fill()

    def row(label: str, widget: Any, help_text: str | None = None) -> Any:
        return ui.labelled(widget, label, help_text)

    box = w.VBox(
        [
            row(t("choose"), choose, t("choose_help")),
            row(f("title"), title),
            row(f("goal") + " *", goal, t("goal_help")),
            row(f("measures"), measures, t("measures_help")),
            row(f("owner"), owner),
            row(f("sectors"), sectors, t("multi_help")),
            row(f("horizon"), horizon),
            w.HBox([row(f("impact"), impact, t("scale_help")), row(f("effort"), effort, t("scale_help"))]),
            row(f("status"), status),
            row(f("evidence"), evidence, t("evidence_help")),
            row(f("evaluation"), evaluation),
            row(f("dimensions"), dimensions, t("multi_help")),
            w.HBox([row(f("start"), start), row(f("due"), due)]),
            save,
            fb,
        ]
    )
    box.choose, box.save_button, box.feedback, box.listeners, box.store = choose, save, fb, listeners, store
    box.fields = {
        "title": title,
        "goal": goal,
        "measures": measures,
        "owner": owner,
        "sectors": sectors,
        "horizon": horizon,
        "impact": impact,
        "effort": effort,
        "status": status,
        "evidence": evidence,
        "evaluation": evaluation,
        "dimensions": dimensions,
        "start": start,
        "due": due,
    }
    return box


def tracker_view(municipality: str, *, store_url: str | None = "", language: str | None = None) -> Any:
    """The four views of the tracker in tabs: status board, impact/effort matrix, timeline and progress
    between two sessions. Call ``.refresh()`` (the form does it after each save) to redraw."""
    import ipywidgets as w
    from IPython.display import display

    from .. import municipalities

    me = municipalities.get(municipality)
    store = tracker.open_store(store_url or None)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.tracker.{key}", language=language, **kw)

    board, matrix, time, prog = w.Output(), w.Output(), w.Output(), w.Output()
    before, after = w.Dropdown(description=t("before")), w.Dropdown(description=t("after"))
    fb = ui.feedback(language)
    tabs = w.Tab(children=[board, matrix, time, w.VBox([w.HBox([before, after]), prog])])
    for i, key in enumerate(("board", "matrix", "timeline", "progress")):
        tabs.set_title(i, t(key))

    state: dict[str, Any] = {"updating": False, "frame": None, "progress": None}

    @ui.guard(fb)
    def show_progress(_change: Any = None) -> None:
        if state["updating"]:
            return
        prog.clear_output(wait=True)
        state["progress"] = None
        if not before.value or not after.value:
            with prog:
                display(ui.HTMLBlock(ui.message_html(t("one_session"), "info")))
            return
        frame = tracker.progress(store, me.number, before.value, after.value, language=language)
        state["progress"] = frame
        with prog:
            display(views.progress_table(frame, language=language))
        _show_figure(prog, charts.progress_chart(frame, language=language))

    @ui.guard(fb)
    def refresh() -> None:
        frame = tracker.initiatives(store, me.number)
        state["frame"] = frame
        for out in (board, matrix, time):
            out.clear_output(wait=True)
        with board:
            display(views.status_board(frame, language=language))
        _show_figure(matrix, charts.impact_effort(frame, language=language))
        _show_figure(time, charts.timeline(frame, language=language))
        order = tracker.sessions(store, me.number)
        state["updating"] = True
        try:
            before.options, after.options = order, order
            if len(order) >= 2:
                before.value, after.value = order[-2], order[-1]
        finally:
            state["updating"] = False
        show_progress()

    before.observe(show_progress, names="value")
    after.observe(show_progress, names="value")
    refresh()
    box = w.VBox([ui.readable(tabs), fb])
    box.refresh, box.tabs, box.before, box.after, box.feedback = refresh, tabs, before, after, fb
    box.state = state
    box.outputs = {"board": board, "matrix": matrix, "timeline": time, "progress": prog}
    return box


def strategy_builder(
    municipality: str,
    profile: pd.DataFrame | None = None,
    *,
    respondent: str = "",
    store_url: str | None = "",
    export_folder: str = "strategy",
    prefill: str = "",
    language: str | None = None,
) -> Any:
    """Set a target per maturity dimension, choose 3–7 initiatives, anchor each in the master plan's
    community part and the action plan with budget, then save and export the one-page strategy. With
    ``prefill="demo"`` a municipality without a strategy gets a sample one to start from."""
    import html as _html

    import ipywidgets as w
    from IPython.display import display

    from .. import municipalities

    me = municipalities.get(municipality)
    store = tracker.open_store(store_url or None)
    prof = strategy.protect(profile) if profile is not None else strategy.empty_profile(language)
    if prefill in ui.SAMPLE_PREFILLS and respondent:
        prefill_strategy(store, me.number, respondent, prof, language=language)
    saved = strategy.load_strategy(store, me.number)
    frame = tracker.initiatives(store, me.number)
    targets = dict(saved.targets) if saved else strategy.default_targets(prof)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.builder.{key}", language=language, **kw)

    statement = w.Textarea(
        value=saved.statement if saved else "", layout=w.Layout(width="95%", height="90px")
    )
    owner = w.Text(value=saved.owner if saved else "", layout=w.Layout(width="60%"))
    sliders = {
        d: w.FloatSlider(
            value=targets[d],
            min=SCALE[0],
            max=SCALE[1],
            step=0.5,
            description=dimension_label(d, language),
            style={"description_width": "260px"},
            layout=w.Layout(width="600px"),
        )
        for d in DIMENSIONS
    }
    live = frame[frame["status"] != "stopped"]
    options = [(row.label, row.id) for row in live.itertuples(index=False)]
    chosen = w.SelectMultiple(
        options=options,
        value=tuple(i for i in (saved.initiatives if saved else ()) if i in {ident for _, ident in options}),
        rows=min(10, max(4, len(options))),
        layout=w.Layout(width="520px"),
    )
    links: dict[str, dict[str, Any]] = {
        i: dict(link.__dict__) for i, link in (saved.links.items() if saved else [])
    }
    link_box = w.VBox()
    save = w.Button(description=t("save"), button_style="primary", icon="save", layout=w.Layout(width="auto"))
    fb = ui.feedback(language)
    chart_out, preview = w.Output(), w.Output()
    labels = dict(zip(frame["id"], frame["label"]))
    state: dict[str, Any] = {"paths": None, "strategy": None}

    def link_row(ident: str) -> Any:
        data = links.setdefault(ident, {"samfunnsdel": "", "handlingsplan": "", "budget": None, "year": None})
        # Each field carries its own visible label (tied to it for screen readers); the row wraps as needed.
        goal = w.Text(
            value=data["samfunnsdel"],
            description=t("samfunnsdel_placeholder"),
            style={"description_width": "initial"},
            layout=w.Layout(width="48%"),
        )
        action = w.Text(
            value=data["handlingsplan"],
            description=t("handlingsplan_placeholder"),
            style={"description_width": "initial"},
            layout=w.Layout(width="48%"),
        )
        budget = w.BoundedIntText(
            value=data["budget"] or 0,
            min=0,
            max=10**10,
            description=t("budget_label"),
            style={"description_width": "initial"},
            layout=w.Layout(width="30%"),
        )
        year = w.BoundedIntText(
            value=data["year"] or dt.date.today().year + 1,
            min=2000,
            max=2100,
            description=t("year_label"),
            style={"description_width": "initial"},
            layout=w.Layout(width="20%"),
        )

        def store_values(_change: Any = None) -> None:
            data.update(
                samfunnsdel=goal.value,
                handlingsplan=action.value,
                budget=budget.value or None,
                year=year.value,
            )

        for widget in (goal, action, budget, year):
            widget.observe(store_values, names="value")
        store_values()
        title = w.HTML(f"<b>{ui.escape(labels.get(ident, ident))}</b>")
        row = w.VBox([title, w.HBox([goal, action, budget, year], layout=w.Layout(flex_flow="row wrap"))])
        row.fields = {"samfunnsdel": goal, "handlingsplan": action, "budget": budget, "year": year}
        return row

    def rebuild(_change: Any = None) -> None:
        header = w.HTML(f"<i>{ui.escape(t('links_help'))}</i>")
        link_box.children = [header] + [link_row(i) for i in chosen.value]

    @ui.guard(fb)
    def redraw(_change: Any = None) -> None:
        chart_out.clear_output(wait=True)
        table = strategy.ambition_table(prof, {d: s.value for d, s in sliders.items()}, language=language)
        _show_figure(chart_out, charts.ambition_chart(table, language=language))

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        plan = strategy.make_strategy(
            me.number,
            statement.value,
            {d: s.value for d, s in sliders.items()},
            list(chosen.value),
            {i: links[i] for i in chosen.value if i in links},
            owner=owner.value,
            known=frame["id"].tolist(),
        )
        strategy.save_strategy(store, plan, respondent=respondent)
        paths = onepage.export_one_page(export_folder, plan, frame, prof, language=language)
        state["paths"], state["strategy"] = paths, plan
        fb.ok(t("saved", html=paths["html"].name, markdown=paths["markdown"].name, folder=export_folder))
        preview.clear_output(wait=True)
        page = onepage.one_page_html(plan, frame, prof, language=language)
        with preview:
            display(
                ui.HTMLBlock(
                    f'<iframe title="{ui.escape(t("preview"))}" srcdoc="{_html.escape(page, quote=True)}" '
                    'style="width:100%;height:640px;border:1px solid #ccc;box-sizing:border-box" '
                    "sandbox></iframe>"
                )
            )

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    chosen.observe(rebuild, names="value")
    save.on_click(on_save)
    rebuild()
    redraw()
    box = w.VBox(
        [
            ui.labelled(statement, t("statement"), t("statement_help")),
            ui.labelled(owner, t("owner")),
            ui.labelled(w.VBox(list(sliders.values())), t("targets"), t("targets_help")),
            chart_out,
            ui.labelled(chosen, t("initiatives"), t("initiatives_help")),
            link_box,
            save,
            fb,
            preview,
        ]
    )
    box.statement, box.owner, box.sliders, box.chosen, box.link_box = (
        statement,
        owner,
        sliders,
        chosen,
        link_box,
    )
    box.links, box.save_button, box.feedback, box.state, box.store = links, save, fb, state, store
    return box


def competence_planner(
    gaps: pd.DataFrame,
    municipality: str,
    *,
    respondent: str = "",
    store_url: str | None = "",
    prefill: str = "",
    language: str | None = None,
) -> Any:
    """One leader's development plan: for each area with a gap, what to do, how (internal training,
    peer learning, mentoring, self-study, masterclass, certification) and by when, plus a reflection.
    With ``prefill="demo"`` a leader without a saved plan gets the suggestion saved as a start."""
    import ipywidgets as w

    from .. import municipalities

    me = municipalities.get(municipality)
    store = tracker.open_store(store_url or None)
    frame = competence.check_gaps(gaps)

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"planning.planner.{key}", language=language, **kw)

    suggestion = competence.suggest_plan(frame, respondent=respondent, language=language)
    saved, reflection_text = competence.load_plan(store, respondent) if respondent else ({}, "")
    if prefill in ui.SAMPLE_PREFILLS and respondent and not saved and len(suggestion):
        once(
            store,
            me.number,
            respondent,
            f"competence_plan:{respondent}",
            lambda: competence.save_plan(
                store,
                respondent,
                {
                    r.area: {"what": r.what, "how": r.how, "by": r.by}
                    for r in suggestion.itertuples(index=False)
                },
                municipality=me.number,
                reflection=i18n.t("planning.sample.reflection", language=language),
            ),
        )
        saved, reflection_text = competence.load_plan(store, respondent)
    how_options = [(i18n.t(f"planning.option.{o}", language=language), o) for o in competence.OPTIONS]
    rows: dict[str, dict[str, Any]] = {}
    children: list[Any] = []
    for row in suggestion.itertuples(index=False):
        data = {**{"what": row.what, "how": row.how, "by": row.by}, **saved.get(row.area, {})}
        what = w.Text(value=data["what"], layout=w.Layout(width="45%"))
        how = w.Dropdown(
            options=how_options,
            value=data["how"] if data["how"] in competence.OPTIONS else "internal_training",
            layout=w.Layout(width="25%"),
        )
        by = w.DatePicker(value=_date(data["by"]))
        rows[row.area] = {"what": what, "how": how, "by": by}
        gap = i18n.format_number(row.gap, decimals=1, language=language)
        children.append(
            w.VBox(
                [
                    w.HTML(f"<b>{ui.escape(row.label)}</b> ({ui.escape(t('gap', gap=gap))})"),
                    w.HBox([what, how, by]),
                ]
            )
        )
    reflection = w.Textarea(value=reflection_text, layout=w.Layout(width="95%", height="80px"))
    save = w.Button(description=t("save"), button_style="primary", icon="save")
    fb = ui.feedback(language)

    @ui.guard(fb)
    def on_save(_button: Any = None) -> None:
        actions = {
            a: {"what": r["what"].value, "how": r["how"].value, "by": r["by"].value} for a, r in rows.items()
        }
        competence.save_plan(store, respondent, actions, municipality=me.number, reflection=reflection.value)
        fb.ok(t("saved", count=len(actions)))

    save.on_click(on_save)
    intro = t("intro", count=len(rows)) if rows else t("no_gaps")
    box = w.VBox(
        [
            w.HTML(f"<p>{ui.escape(intro)}</p>"),
            *children,
            ui.labelled(reflection, t("reflection"), t("reflection_help")),
            save,
            fb,
        ]
    )
    box.rows, box.reflection, box.save_button, box.feedback, box.store = rows, reflection, save, fb, store
    return box


def workbook_store(
    store_url: str | None,
    municipality: str,
    respondent: str = "",
    prefill: str = "",
    *,
    language: str | None = None,
) -> Any:
    """The store a follow-up workbook uses. With ``prefill="demo"`` (or ``"sample"``) a municipality
    without initiatives gets the sample ones (saved under the respondent), so a demonstration has
    something to show."""
    from .. import municipalities
    from .sample import prefill_initiatives

    store = tracker.open_store(store_url or None)
    if prefill in ui.SAMPLE_PREFILLS and respondent:
        prefill_initiatives(store, municipalities.get(municipality).number, respondent, language=language)
    return store


def collaboration_model(
    municipality: str,
    *,
    respondent: str = "",
    store_url: str | None = "",
    session: str = "",
    language: str | None = None,
) -> Any:
    """The initiative form and the tracker together: every save redraws the four views."""
    import ipywidgets as w

    form = initiative_form(
        municipality, respondent=respondent, store_url=store_url, session=session, language=language
    )
    view = tracker_view(municipality, store_url=store_url, language=language)
    form.listeners.append(view.refresh)
    box = w.VBox([form, view])
    box.form, box.tracker = form, view
    return box


def progress_summary(store: Any, municipality: str, *, language: str | None = None) -> ui.HTMLBlock:
    """Progress between the last two sessions with saved initiatives, or a note that there is only one."""
    from .. import municipalities

    number = municipalities.get(municipality).number
    order = tracker.sessions(store, number)
    if len(order) < 2:
        return ui.HTMLBlock(
            ui.message_html(i18n.t("planning.tracker.one_session", language=language), "info")
        )
    frame = tracker.progress(store, number, order[-2], order[-1], language=language)
    return views.progress_table(frame, language=language)


def one_page_preview(
    store: Any, municipality: str, profile: pd.DataFrame | None = None, *, language: str | None = None
) -> ui.HTMLBlock:
    """The municipality's saved one-page strategy in a frame (no scripts run in it), or a note that none
    is saved yet."""
    import html as _html

    from .. import municipalities

    number = municipalities.get(municipality).number
    saved = strategy.load_strategy(store, number)
    if saved is None:
        return ui.HTMLBlock(ui.message_html(i18n.t("planning.builder.none_saved", language=language), "info"))
    page = onepage.one_page_html(saved, tracker.initiatives(store, number), profile, language=language)
    title = ui.escape(i18n.t("planning.builder.preview", language=language))
    return ui.HTMLBlock(
        f'<iframe title="{title}" srcdoc="{_html.escape(page, quote=True)}" sandbox '
        'style="width:100%;height:720px;border:1px solid #ccc;box-sizing:border-box"></iframe>'
    )


def option_table(*, language: str | None = None) -> ui.HTMLBlock:
    """The ways to develop competence, from light to heavy, with what each is good for."""
    rows = [
        [
            i18n.t(f"planning.option.{o}", language=language),
            i18n.t(f"planning.option_help.{o}", language=language),
        ]
        for o in competence.OPTIONS
    ]
    return ui.table(
        [
            i18n.t("planning.planner.option", language=language),
            i18n.t("planning.planner.good_for", language=language),
        ],
        rows,
        caption=i18n.t("planning.planner.options_caption", language=language),
    )


def plan_table(store: Any, member: str, *, language: str | None = None) -> ui.HTMLBlock:
    """A member's saved development plan: what, how and by when, and the reflection."""
    actions, reflection = competence.load_plan(store, member) if member else ({}, "")
    if not actions and not reflection:
        return ui.HTMLBlock(ui.message_html(i18n.t("planning.planner.none_saved", language=language), "info"))

    def t(key: str) -> str:
        return i18n.t(f"planning.planner.{key}", language=language)

    rows = [
        [
            a["what"],
            i18n.t(f"planning.option.{a['how']}", language=language),
            i18n.format_date(a["by"], language=language),
        ]
        for a in actions.values()
    ]
    table = ui.table([t("what"), t("how"), t("by")], rows, caption=t("plan_caption")).markup
    note = f"<p><b>{ui.escape(t('reflection'))}:</b> {ui.escape(reflection)}</p>" if reflection else ""
    return ui.HTMLBlock(table + note)


def _fill_demo(store: Any, number: str, instrument: str) -> None:
    """Save the synthetic Agder leader group of the municipality for one instrument (demos only). A
    municipality outside the synthetic cohort gets nothing."""
    from ..assessment.synthetic import fill_store

    fill_store(store, "agder", instruments=(instrument,), municipalities=[number])


def workbook_profile(store: Any, municipality: str, *, prefill: str = "", language: str | None = None) -> Any:
    """The municipality's maturity profile (``casekit.assessment.municipality_profile``: today and the
    ambition from the module 3 pre-work). With ``prefill="demo"`` and no answers yet, the synthetic leader
    group is saved first, so a demonstration shows a real profile."""
    from .. import assessment, municipalities

    number = municipalities.get(municipality).number
    profile = assessment.municipality_profile(store, number, language=language)
    if prefill in ui.SAMPLE_PREFILLS and int(profile["n"].fillna(0).sum()) == 0:
        _fill_demo(store, number, "maturity")
        profile = assessment.municipality_profile(store, number, language=language)
    return profile


def workbook_gaps(store: Any, municipality: str, *, prefill: str = "", language: str | None = None) -> Any:
    """The leader group's competence gaps (``casekit.assessment.competence_gaps``). With
    ``prefill="demo"`` and no answers yet, the synthetic leader group is saved first."""
    from .. import assessment, municipalities

    number = municipalities.get(municipality).number
    gaps = assessment.competence_gaps(store, number, language=language)
    if prefill in ui.SAMPLE_PREFILLS and gaps.empty:
        _fill_demo(store, number, "competence")
        gaps = assessment.competence_gaps(store, number, language=language)
    return gaps
