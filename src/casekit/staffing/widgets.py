"""Thin ipywidgets views over the staffing functions.

Every view renders its initial state when created and never waits for input, so notebooks run headless.
Handlers are wrapped with :func:`casekit.ui.guard`: an expected mistake shows inline in the participant's
language. Charts are drawn to PNG images, so a view updates the same way in JupyterLab, Voilà and tests.
The roster view solves in a background thread with a progress bar and a status line, so the notebook
never freezes silently.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .. import i18n, ui
from . import charts
from .evaluation import DEFAULT_VALUES, SENSITIVITY_PARAMETERS, StaffingCase, evaluate_staffing, sensitivity
from .model import WorkloadSettings
from .workload import plan_cost

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def figure_png(draw: Any, size: Any = "wide", dpi: int = 80) -> bytes:
    """Draw with ``draw(ax)`` on a new themed figure and return it as PNG bytes (the figure is closed)."""
    import matplotlib.pyplot as plt

    from .. import theme

    with theme.context():
        fig = theme.figure(size)
        draw(fig.axes[0])
        data = _png(fig, dpi)
    plt.close(fig)
    return data


def _png(fig: Any, dpi: int) -> bytes:
    import io

    buf = io.BytesIO()
    # constrained layout already fits the margins; light compression keeps encoding quick for live updates
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches=None, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


class LiveChart:
    """One figure redrawn in place for views that update often: the layout is worked out at the first
    draw and then kept, so a slider move costs one draw instead of a new figure and two layout passes."""

    def __init__(self, draw: Any, size: Any = "wide", dpi: int = 80, update: Any = None) -> None:
        self.draw, self.size, self.dpi, self.update = draw, size, dpi, update
        self.fig: Any = None

    def render(self, data: Any) -> bytes:
        from .. import theme

        with theme.context():
            if self.fig is None:
                import matplotlib.pyplot as plt

                self.fig = theme.figure(self.size)
                plt.close(self.fig)  # owned here, not by pyplot: nothing leaks into the notebook
                self.draw(data, self.fig.axes[0])
                self.fig.canvas.draw()
                self.fig.set_layout_engine("none")
            elif self.update is not None:  # move the data, keep every text in place
                self.update(data, self.fig.axes[0])
            else:
                ax = self.fig.axes[0]
                ax.clear()
                self.draw(data, ax)
            return _png(self.fig, self.dpi)


class _View:
    """Shared behaviour: the root widget displays itself."""

    widget: Any

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _t(key: str, **kw: Any) -> str:
    return i18n.t(f"staffing.widget.{key}", **kw)


# --- forecast -----------------------------------------------------------------------------------------------


class ForecastView(_View):
    """Pick a model and see its forecast for the last weeks of the history against what happened."""

    def __init__(self, frame: pd.DataFrame, *, horizon: int = 28, target: str = "home_care_hours") -> None:
        import ipywidgets as w

        from .forecast import default_models, model_label

        self.frame, self.horizon = frame, horizon
        keys = list(default_models())
        self.model = w.Dropdown(options=[(model_label(k), k) for k in keys], value="gradient_boosting")
        self.target = w.Dropdown(
            options=[(i18n.t(f"staffing.target.{k}"), k) for k in ("home_care_hours", "nursing_home_hours")],
            value=target,
        )
        self.image = w.Image(format="png")
        self.feedback = ui.feedback()
        self.update = ui.guard(self.feedback)(self._update)
        self.model.observe(lambda _c: self.update(), names="value")
        self.target.observe(lambda _c: self.update(), names="value")
        self.widget = w.VBox(
            [
                w.HBox([ui.labelled(self.model, _t("model")), ui.labelled(self.target, _t("series"))]),
                self.feedback,
                self.image,
            ]
        )
        self.update()

    def _update(self) -> None:
        from .demand import series
        from .forecast import default_models

        y = series(self.frame, self.target.value)
        history, actual = y.iloc[: -self.horizon], y.iloc[-self.horizon :]
        model = default_models()[self.model.value].fit(history)
        if model.supports_quantiles:
            table = model.predict_quantiles(self.horizon, (0.1, 0.5, 0.9))
        else:
            point = model.predict(self.horizon)
            table = point.to_frame(0.5)
        self.forecast = table
        self.image.value = figure_png(lambda ax: charts.forecast_chart(history, table, actual, ax=ax))
        self.feedback.clear()


def forecast_view(frame: pd.DataFrame, *, horizon: int = 28) -> ForecastView:
    return ForecastView(frame, horizon=horizon)


# --- workload -----------------------------------------------------------------------------------------------


class WorkloadView(_View):
    """Sliders for sick leave, productive share, minimum night staffing, forecast quantile and budget; the
    plan (MILP shift counts), its cost and its risk against the real held-out weeks update at once."""

    QUANTILES = (("P50", 0.5), ("P80", 0.8), ("P90", 0.9))

    def __init__(self, case: StaffingCase, settings: WorkloadSettings | None = None) -> None:
        import ipywidgets as w

        self.case = case
        base = settings or WorkloadSettings()
        night = next((s.minimum for s in case.shifts if s.code == "night"), 1)
        self.absence = w.FloatSlider(
            value=base.absence_rate, min=0.0, max=0.2, step=0.01, readout_format=".0%"
        )
        self.productive = w.FloatSlider(
            value=base.productive_share, min=0.4, max=0.8, step=0.05, readout_format=".0%"
        )
        self.night = w.IntSlider(
            value=base.night_minimum if base.night_minimum is not None else night, min=0, max=4
        )
        self.quantile = w.ToggleButtons(
            options=self.QUANTILES, value=base.quantile if base.quantile in (0.5, 0.8, 0.9) else 0.5
        )
        self.budget = w.IntSlider(value=100, min=70, max=130, step=5, readout_format="d")
        self.summary = w.HTML()
        self.image = w.Image(format="png")
        self.chart = LiveChart(
            lambda plan, ax: charts.staffing_chart(plan, ax=ax), update=charts.update_staffing_chart
        )
        self.feedback = ui.feedback()
        self.update = ui.guard(self.feedback)(self._update)
        for control in (self.absence, self.productive, self.night, self.quantile, self.budget):
            control.observe(lambda _c: self.update(), names="value")
        self.reference_cost = plan_cost(case.plan("forecast_roster", base), case.pay, case.shifts)
        self.widget = w.VBox(
            [
                ui.labelled(self.absence, _t("absence"), _t("absence_help")),
                ui.labelled(self.productive, _t("productive"), _t("productive_help")),
                ui.labelled(self.night, _t("night")),
                ui.labelled(self.quantile, _t("quantile"), _t("quantile_help")),
                ui.labelled(self.budget, _t("budget"), _t("budget_help")),
                self.feedback,
                self.summary,
                self.image,
            ]
        )
        self.update()

    def settings(self) -> WorkloadSettings:
        return replace(
            WorkloadSettings(),
            absence_rate=float(self.absence.value),
            productive_share=float(self.productive.value),
            night_minimum=int(self.night.value),
            quantile=float(self.quantile.value),
        )

    def _update(self) -> None:
        settings = self.settings()
        budget = self.reference_cost * self.budget.value / 100 if self.budget.value != 100 else None
        self.plan = self.case.plan("forecast_roster", settings, budget=budget)
        self.scores = evaluate_staffing(self.case, self.plan, settings)
        self.cost = plan_cost(self.plan, self.case.pay, self.case.shifts)
        rows = [
            (_t("shifts"), i18n.format_number(int(self.plan["staff"].sum()))),
            (_t("pay"), i18n.format_currency(self.cost)),
            (_t("understaffed"), i18n.format_number(self.scores["understaffed_hours"], decimals=0)),
            (_t("overtime"), i18n.format_currency(self.scores["overtime_cost"])),
        ]
        self.over_budget = max(0.0, self.cost - budget) if budget is not None else 0.0
        if self.over_budget > 1.0:  # the floors alone cost more than the cap: say so, do not hide it
            rows.append((_t("over_budget"), i18n.format_currency(self.over_budget)))
        self.summary.value = ui.card(
            _t("summary_title", weeks=self.case.weeks), rows, _t("summary_footer")
        ).markup
        self.image.value = self.chart.render(self.plan)
        self.feedback.clear()


def workload_view(case: StaffingCase, settings: WorkloadSettings | None = None) -> WorkloadView:
    return WorkloadView(case, settings)


# --- roster -------------------------------------------------------------------------------------------------


class RosterView(_View):
    """Build a roster with CP-SAT in the background: a time-limit slider, a start and a stop button, a
    progress bar that moves with the clock and a status line with the best roster so far and its gap."""

    def __init__(
        self,
        case: StaffingCase,
        plan: pd.DataFrame | None = None,
        *,
        time_limit: float = 10.0,
        workers: int = 2,
    ) -> None:
        import ipywidgets as w

        self.case = case
        self.plan = plan if plan is not None else case.plan("forecast_roster")
        self.problem = case.problem(self.plan)
        self.workers = workers
        self.time_limit = w.FloatSlider(
            value=float(time_limit), min=1.0, max=120.0, step=1.0, readout_format=".0f"
        )
        self.start = w.Button(description=_t("solve"), button_style="primary", icon="play")
        self.stop_button = w.Button(description=_t("stop"), icon="stop", disabled=True)
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="")
        self.status = w.HTML(
            ui.message_html(_t("ready", staff=len(self.problem.staff), weeks=self.problem.weeks))
        )
        self.summary = w.HTML()
        self.image = w.Image(format="png")
        self.feedback = ui.feedback()
        self.result: Any = None
        self.report: Any = None
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._best: dict[str, float] = {}
        self.start.on_click(ui.guard(self.feedback)(self._start))
        self.stop_button.on_click(ui.guard(self.feedback)(lambda _b: self._stop.set()))
        self.widget = w.VBox(
            [
                ui.labelled(self.time_limit, _t("time_limit"), _t("time_limit_help")),
                w.HBox([self.start, self.stop_button]),
                self.progress,
                self.status,
                self.feedback,
                self.summary,
                self.image,
            ]
        )

    def _start(self, _button: Any = None) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.feedback.show(_t("busy"), "info")
            return
        self._stop.clear()
        self._best = {}
        self.progress.value = 0.0
        self.start.disabled, self.stop_button.disabled = True, False
        limit = float(self.time_limit.value)
        self.status.value = ui.message_html(_t("solving", seconds=i18n.format_number(limit, decimals=0)))
        self.thread = threading.Thread(target=self._run, args=(limit,), daemon=True)
        self.thread.start()

    def _run(self, limit: float) -> None:
        from .roster import roster_report, solve_roster

        outcome: dict[str, Any] = {}

        def solve() -> None:
            try:
                outcome["result"] = solve_roster(
                    self.problem,
                    time_limit=limit,
                    workers=self.workers,
                    on_progress=self._best.update,
                    stop=self._stop,
                )
            except Exception as exc:  # shown in the feedback line below, never swallowed
                outcome["error"] = exc

        started = time.perf_counter()
        solver = threading.Thread(target=solve, daemon=True)
        solver.start()
        while solver.is_alive():
            elapsed = time.perf_counter() - started
            self.progress.value = min(elapsed / limit, 1.0)
            if self._best:
                gap = (self._best["objective"] - self._best["bound"]) / max(1.0, abs(self._best["objective"]))
                self.status.value = ui.message_html(
                    _t(
                        "progress",
                        seconds=i18n.format_number(elapsed, decimals=0),
                        gap=i18n.format_percent(max(gap, 0.0), decimals=0),
                    )
                )
            solver.join(0.25)
        self.progress.value = 1.0
        self.start.disabled, self.stop_button.disabled = False, True
        if "error" in outcome:
            self.feedback.last_exception = outcome["error"]
            self.feedback.error(i18n.t("ui.unexpected", reason=type(outcome["error"]).__name__))
            return
        self.show(outcome["result"], roster_report(self.problem, outcome["result"].assignments))

    def show(self, result: Any, report: Any) -> None:
        """Show a solved roster: status, gap, cover, cost, fairness and rule violations, and the grid."""
        self.result, self.report = result, report
        key = "done" if result.has_roster else "no_roster"
        self.status.value = ui.message_html(
            _t(
                key,
                status=i18n.t(f"staffing.status.{result.status}"),
                seconds=i18n.format_number(result.seconds, decimals=1),
                gap=i18n.format_percent(result.gap if result.gap == result.gap else 1.0, decimals=0),
            ),
            "ok" if result.has_roster else "error",
        )
        if result.has_roster:
            self.summary.value = report_card(report).markup
            self.image.value = figure_png(
                lambda ax: charts.roster_chart(result.assignments, self.problem, ax=ax),
                size=(12.0, max(4.0, 0.3 * len(self.problem.staff) + 1.5)),
            )

    def wait(self, timeout: float | None = None) -> None:
        """Block until a running solve has finished (for tests and scripts)."""
        if self.thread is not None:
            self.thread.join(timeout)


def roster_view(
    case: StaffingCase, plan: pd.DataFrame | None = None, *, time_limit: float = 10.0
) -> RosterView:
    return RosterView(case, plan, time_limit=time_limit)


def report_card(report: Any, language: str | None = None) -> ui.HTMLBlock:
    """The roster's figures as a card: cover, cost by part, fairness, wishes and rule violations."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.report.{key}", language=language, **kw)

    def kr(v: float) -> str:
        return i18n.format_currency(v, language=language)

    rows = [
        (t("understaffed"), i18n.format_number(report.understaffed_hours, decimals=0, language=language)),
        (t("overstaffed"), i18n.format_number(report.overstaffed_hours, decimals=0, language=language)),
        (t("cost_base"), kr(report.cost["base"])),
        (t("cost_unused"), kr(report.cost["unused_contract"])),
        (t("cost_evening_night"), kr(report.cost["evening_night"])),
        (t("cost_weekend"), kr(report.cost["weekend"])),
        (t("cost_overtime"), kr(report.cost["overtime"])),
        (t("cost_total"), kr(report.total_cost)),
        (
            t("weekends"),
            t(
                "fairness_value",
                range=report.weekends_range,
                gini=i18n.format_number(report.weekends_gini, decimals=2, language=language),
            ),
        ),
        (
            t("nights"),
            t(
                "fairness_value",
                range=report.nights_range,
                gini=i18n.format_number(report.nights_gini, decimals=2, language=language),
            ),
        ),
        (t("wishes"), i18n.format_percent(report.wishes_honoured, decimals=0, language=language)),
        (t("violations"), str(report.violations)),
    ]
    return ui.card(t("title"), rows, t("footer"))


# --- sensitivity --------------------------------------------------------------------------------------------


class SensitivityView(_View):
    """Choose a setting and see how risk and cost move across its values."""

    def __init__(self, case: StaffingCase, parameter: str = "quantile") -> None:
        import ipywidgets as w

        self.case = case
        self.parameter = w.Dropdown(
            options=[(i18n.t(f"staffing.sensitivity.{p}"), p) for p in SENSITIVITY_PARAMETERS],
            value=parameter,
        )
        self.table_html = w.HTML()
        self.image = w.Image(format="png")
        self.feedback = ui.feedback()
        self.update = ui.guard(self.feedback)(self._update)
        self.parameter.observe(lambda _c: self.update(), names="value")
        self.widget = w.VBox(
            [ui.labelled(self.parameter, _t("parameter")), self.feedback, self.table_html, self.image]
        )
        self.update()

    def _update(self) -> None:
        parameter = self.parameter.value
        self.table = sensitivity(self.case, parameter, DEFAULT_VALUES[parameter])
        self.table_html.value = sensitivity_table(self.table).markup
        table = self.table
        self.image.value = figure_png(lambda ax: charts.sensitivity_chart(table, ax=ax), size="small")
        self.feedback.clear()


def sensitivity_view(case: StaffingCase, parameter: str = "quantile") -> SensitivityView:
    return SensitivityView(case, parameter)


def sensitivity_table(table: pd.DataFrame, language: str | None = None) -> ui.HTMLBlock:
    def t(key: str) -> str:
        return i18n.t(f"staffing.sensitivity.column.{key}", language=language)

    parameter = str(table["parameter"].iloc[0])
    rows = [
        [
            charts._value_label(parameter, r.value, language),
            i18n.format_number(r.shifts, language=language),
            i18n.format_number(r.understaffed_hours, decimals=0, language=language),
            i18n.format_currency(r.pay, language=language),
            i18n.format_currency(r.overtime_cost, language=language),
            i18n.format_currency(r.total_cost, language=language),
        ]
        for r in table.itertuples(index=False)
    ]
    return ui.table(
        [
            i18n.t(f"staffing.sensitivity.{parameter}", language=language),
            t("shifts"),
            t("understaffed"),
            t("pay"),
            t("overtime"),
            t("total"),
        ],
        rows,
    )


# --- approval -----------------------------------------------------------------------------------------------


class ApprovalView(_View):
    """The checklist a leader answers before approving a roster; the button refuses until all is done."""

    def __init__(self, violations: int = 0) -> None:
        import ipywidgets as w

        from .ethics import checklist

        self.violations = violations
        self.items = {}
        rows = []
        for key, question, why in checklist():
            box = w.Checkbox(value=False, description=question, indent=False, layout=w.Layout(width="auto"))
            self.items[key] = box
            rows.append(
                w.VBox([box, w.HTML(f'<span style="color:#444;margin-left:24px">{ui.escape(why)}</span>')])
            )
        self.approver = w.Text(placeholder=_t("approver_placeholder"))
        self.button = w.Button(description=_t("approve"), button_style="success", icon="check")
        self.feedback = ui.feedback()
        self.approval: Any = None
        self.button.on_click(ui.guard(self.feedback)(self._approve))
        self.widget = w.VBox([*rows, ui.labelled(self.approver, _t("approver")), self.button, self.feedback])

    def _approve(self, _button: Any = None) -> None:
        from .ethics import approve

        answers = {key: bool(box.value) for key, box in self.items.items()}
        self.approval = approve(answers, self.approver.value, violations=self.violations)
        self.feedback.ok(self.approval.summary())


def approval_view(violations: int = 0) -> ApprovalView:
    return ApprovalView(violations)


# --- static blocks for the notebooks ------------------------------------------------------------------------


def case_card(case: StaffingCase, language: str | None = None) -> ui.HTMLBlock:
    """What the exercise plans: which municipality, which weeks, how large a district and team."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.case.{key}", language=language, **kw)

    me = case.municipality
    fte = sum(m.contract for m in case.team)
    rows = [
        (t("municipality"), f"{me.name} ({me.number})"),
        (
            t("weeks"),
            t(
                "weeks_value",
                start=i18n.format_date(case.dates[0].date(), language=language),
                end=i18n.format_date(case.dates[-1].date(), language=language),
                weeks=case.weeks,
            ),
        ),
        (t("history"), t("history_value", days=i18n.format_number(len(case.history), language=language))),
        (t("share"), i18n.format_percent(case.share, decimals=0, language=language)),
        (
            t("team"),
            t(
                "team_value",
                staff=len(case.team),
                fte=i18n.format_number(fte, decimals=1, language=language),
                nights=sum(m.nights for m in case.team),
            ),
        ),
        (
            t("demand"),
            i18n.format_number(float(case.actual.mean() * case.share), decimals=0, language=language),
        ),
    ]
    return ui.card(t("title"), rows, t("footer"))


def drivers_list(sentences: list[str], language: str | None = None) -> ui.HTMLBlock:
    """The plain-language explanation of the forecast's drivers as a list."""
    items = "".join(f"<li>{ui.escape(s)}</li>" for s in sentences)
    title = ui.escape(i18n.t("staffing.driver.heading", language=language))
    return ui.HTMLBlock(f'<div class="casekit-drivers"><strong>{title}</strong><ul>{items}</ul></div>')


def burden_table(table: pd.DataFrame, language: str | None = None) -> ui.HTMLBlock:
    """The bias check by position size; groups too small to show say so."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.burden.{key}", language=language, **kw)

    def num(v: float) -> str:
        return "–" if v != v else i18n.format_number(v, decimals=1, language=language)

    rows = [
        [
            i18n.t(f"staffing.band.{band}", language=language),
            i18n.format_number(int(r.people), language=language),
            num(r.weekends),
            num(r.nights),
            num(r.evenings),
            num(r.weekends_per_fte),
        ]
        for band, r in table.iterrows()
    ]
    return ui.table(
        [t("band"), t("people"), t("weekends"), t("nights"), t("evenings"), t("weekends_per_fte")],
        rows,
        caption=t("caption"),
    )


def checklist_block(language: str | None = None) -> ui.HTMLBlock:
    """The approval checklist as a static list (for printouts and the HTML export)."""
    from .ethics import checklist

    items = "".join(
        f"<li><strong>{ui.escape(q)}</strong><br><span>{ui.escape(why)}</span></li>"
        for _k, q, why in checklist(language)
    )
    title = ui.escape(i18n.t("staffing.checklist.heading", language=language))
    return ui.HTMLBlock(f'<div class="casekit-checklist"><strong>{title}</strong><ol>{items}</ol></div>')


def vendor_block(language: str | None = None) -> ui.HTMLBlock:
    """Questions to ask a vendor, as a numbered list."""
    from .ethics import vendor_questions

    items = "".join(f"<li>{ui.escape(q)}</li>" for q in vendor_questions(language))
    title = ui.escape(i18n.t("staffing.vendor.heading", language=language))
    return ui.HTMLBlock(f'<div class="casekit-vendor"><strong>{title}</strong><ol>{items}</ol></div>')


def parameter_block(settings: Any, language: str | None = None) -> ui.HTMLBlock:
    """A settings dataclass with each value's source or assumption."""
    from .model import parameter_table

    table = parameter_table(settings, language)

    def t(key: str) -> str:
        return i18n.t(f"staffing.parameters.{key}", language=language)

    return ui.table(
        [t("name"), t("value"), t("unit"), t("kind"), t("source")],
        table[["parameter", "value", "unit", "kind", "source"]].itertuples(index=False),
        caption=t("caption"),
    )


def demand_card(municipality: Any, frame: pd.DataFrame, language: str | None = None) -> ui.HTMLBlock:
    """The municipality's demand at a glance: inhabitants by age band, daily hours and yearly growth."""
    from .. import municipalities
    from .demand import population_by_band, yearly_summary

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.demand_card.{key}", language=language, **kw)

    me = municipalities.get(municipality)
    bands = population_by_band(me)
    years = yearly_summary(frame)
    first, last = years.index[0], years.index[-1]
    growth = (years.loc[last, "home_care_hours"] / years.loc[first, "home_care_hours"]) ** (
        1 / max(last - first, 1)
    ) - 1
    rows = [
        (t("population"), i18n.format_number(me.population, language=language)),
        (t("over_80"), i18n.format_number(round(bands["80_89"] + bands["90_plus"]), language=language)),
        (
            t("home_care", year=last),
            i18n.format_number(years.loc[last, "home_care_hours"], decimals=0, language=language),
        ),
        (
            t("nursing", year=last),
            i18n.format_number(years.loc[last, "nursing_home_hours"], decimals=0, language=language),
        ),
        (
            t("alarms", year=last),
            i18n.format_number(years.loc[last, "alarm_callouts"], decimals=1, language=language),
        ),
        (t("growth", first=first, last=last), i18n.format_percent(growth, decimals=1, language=language)),
    ]
    return ui.card(t("title", name=me.display_name()), rows, t("footer"))


def run_backtest(
    frame: pd.DataFrame, *, horizon: int = 28, origins: int = 8, target: str = "home_care_hours"
) -> Any:
    """The rolling-origin backtest of every model, with a progress bar (it refits each model per origin)."""
    from .demand import series
    from .forecast import backtest

    bar = ui.progress(origins, i18n.t("staffing.widget.backtest_progress"))
    try:
        return backtest(
            series(frame, target),
            horizon=horizon,
            origins=origins,
            progress=lambda done, _total: bar.update(done - bar.n),
        )
    finally:
        bar.close()
