"""Views over the staffing functions, on the :class:`casekit.ui.View` base, and the static blocks the
notebooks show.

Every view renders its initial state when created and never waits for input, so notebooks run headless.
Its handlers are guarded: an expected mistake shows inline in the participant's language. Charts are drawn
to PNG images, so a view updates the same way in JupyterLab, Voilà and tests. The roster view solves in a
background thread with a progress bar, a status line and a stop button, so the notebook never freezes
silently.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import i18n, theme, ui
from ..municipalities import Municipality
from ..session import Workbook
from . import charts
from .demand import population_by_band, series, yearly_summary
from .ethics import Approval, approve, checklist, vendor_questions
from .evaluation import DEFAULT_VALUES, SENSITIVITY_PARAMETERS, StaffingCase, evaluate_staffing, sensitivity
from .forecast import default_models, model_label
from .model import WorkloadSettings, parameter_table
from .question import (
    CHECKS,
    CHOICE_FIELDS,
    INVOLVED,
    QUANTILES,
    QUESTIONS,
    SERVICES,
    SOURCES,
    StaffingChoice,
    StaffingQuestion,
    check_choice,
    check_question,
    load_choice,
    load_question,
    prefilled,
    readiness,
    sample_choice,
    sample_question,
    save_choice,
    save_question,
)
from .roster.cpsat import RosterResult, solve_roster
from .roster.report import RosterReport, roster_report
from .workload import plan_cost

#: Figure sizes of the charts inside views (inches).
WIDE = theme.FIGSIZE["wide"]
SMALL = theme.FIGSIZE["small"]


def _png(fig: Any, dpi: int) -> bytes:
    buffer = io.BytesIO()
    # constrained layout already fits the margins; light compression keeps encoding quick for live updates
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches=None, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class LiveChart:
    """One figure redrawn in place for views that update often: the layout is worked out at the first
    draw and then kept, so a slider move costs one draw instead of a new figure and two layout passes."""

    def __init__(
        self, draw: Callable[[Any, Any], Any], size: Any = "wide", dpi: int = 80, update: Any = None
    ) -> None:
        self.draw, self.size, self.dpi, self.update = draw, size, dpi, update
        self.fig: Any = None

    def render(self, data: Any) -> bytes:
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


class _StaffingView(ui.View):
    messages = "staffing.widget"

    def num(self, value: float, decimals: int = 0) -> str:
        return i18n.format_number(value, decimals=decimals, language=self.language)

    def first_draw(self, redraw: Callable[..., Any]) -> None:
        """Draw the initial state through the guard, as a change would."""
        ui.guard(self.feedback)(redraw)()


# --- the municipality's own question (4a) and the gathering day's choices (4b) ------------------------------


class _SavedForm(_StaffingView):
    """A form that brings back what the participant saved, or starts from the prefill (sample or JSON) and
    saves it. Subclasses name how their answer is loaded, shown as a card, sampled and checked."""

    def _resume(self, load: Callable[..., Any], card: Callable[..., Any], sample: Any, check: Any) -> None:
        wb = self.wb
        saved, _ = load(wb.store, respondent=wb.respondent, municipality=wb.number)
        if saved is not None:
            self.fill(saved)
            self.summary.value = card(saved, self.language).markup
            return
        start = prefilled(wb.prefill, sample, check)
        if start is not None:
            self.fill(start)
            self.save()


def _boxes(keys: tuple[str, ...], label: Callable[[str], str]) -> dict[str, w.Checkbox]:
    return {
        key: w.Checkbox(value=False, description=label(key), indent=False, layout=w.Layout(width="auto"))
        for key in keys
    }


class QuestionForm(_SavedForm):
    """The pre-work (4a): which service and unit, what question a forecast should answer, which data the
    municipality has and which checks of quality and legal basis are done, and who decides. **Save** keeps
    it for the gathering day. It starts from the respondent's saved answer, else a colleague's in the same
    municipality; a sample session with nothing saved starts from the sample and saves it."""

    css_class = "casekit-staffing-question"
    messages = "staffing.question"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        t = self.t
        self.service = w.Dropdown(options=[(t(f"service.{s}"), s) for s in SERVICES])
        self.unit = w.Text(placeholder=t("unit_placeholder"), layout=w.Layout(width="60%"))
        self.question = w.RadioButtons(
            options=[(t(f"question.{q}"), q) for q in QUESTIONS], layout=w.Layout(width="auto")
        )
        self.question_text = w.Textarea(
            placeholder=t("question_text_placeholder"), layout=w.Layout(width="95%", height="70px")
        )
        self.sources = _boxes(SOURCES, lambda k: t(f"source.{k}"))
        self.checks = _boxes(CHECKS, lambda k: t(f"check.{k}"))
        self.owner = w.Text(placeholder=t("owner_placeholder"), layout=w.Layout(width="60%"))
        self.involved = _boxes(INVOLVED, lambda k: t(f"involved.{k}"))
        self.save_button = self.on_click(
            w.Button(description=t("save"), button_style="primary", icon="save"), self.save
        )
        self.summary = w.HTML()
        self.children = [
            ui.labelled(self.service, t("service_label")),
            ui.labelled(self.unit, t("unit_label")),
            ui.labelled(self.question, t("question_label"), t("question_help")),
            ui.labelled(self.question_text, t("question_text_label")),
            ui.labelled(w.VBox(list(self.sources.values())), t("sources_label"), t("sources_help")),
            ui.labelled(w.VBox(list(self.checks.values())), t("checks_label"), t("checks_help")),
            ui.labelled(self.owner, t("owner_label"), t("owner_help")),
            ui.labelled(w.VBox(list(self.involved.values())), t("involved_label")),
            self.save_button,
            self.feedback,
            self.summary,
        ]
        ui.guard(self.feedback)(self._start)()

    def _start(self) -> None:
        """Bring back what was saved; with nothing saved, apply the prefill (sample or JSON) and save it."""
        self._resume(load_question, question_card, sample_question(self.language), check_question)

    def fill(self, question: StaffingQuestion) -> None:
        """Show a saved or sample answer in the form."""
        self.service.value, self.question.value = question.service, question.question
        self.unit.value, self.question_text.value = question.unit, question.question_text
        self.owner.value = question.owner
        for chosen, boxes in (
            (question.sources, self.sources),
            (question.checks, self.checks),
            (question.involved, self.involved),
        ):
            for key, box in boxes.items():
                box.value = key in chosen

    def value(self) -> StaffingQuestion:
        """The form as a checked answer (raises a StaffingError naming what to fix)."""
        return check_question(
            {
                "service": self.service.value,
                "question": self.question.value,
                "owner": self.owner.value,
                "unit": self.unit.value,
                "question_text": self.question_text.value,
                "sources": [k for k, box in self.sources.items() if box.value],
                "checks": [k for k, box in self.checks.items() if box.value],
                "involved": [k for k, box in self.involved.items() if box.value],
            }
        )

    def save(self, _button: Any = None) -> None:
        """Check and save the answer for the gathering day, and show what was saved."""
        question = self.value()
        save_question(self.wb.store, question, respondent=self.wb.respondent, municipality=self.wb.number)
        self.feedback.ok(self.t("saved"))
        self.summary.value = question_card(question, self.language).markup


class ChoiceForm(_SavedForm):
    """The gathering day's choices (4b): the quantile to plan for and the leader group's written answers to
    three questions. **Save** keeps them for the follow-up (4c). It starts from what was saved; a sample
    session with nothing saved starts from the sample and saves it."""

    css_class = "casekit-staffing-choice"
    messages = "staffing.choice"

    def __init__(self, wb: Workbook) -> None:
        super().__init__(wb)
        t = self.t
        self.quantile = w.ToggleButtons(options=[(f"P{round(q * 100)}", q) for q in QUANTILES], value=0.5)
        self.answers = {
            name: w.Textarea(
                placeholder=t(f"{name}_placeholder"), layout=w.Layout(width="95%", height="70px")
            )
            for name in CHOICE_FIELDS
        }
        self.save_button = self.on_click(
            w.Button(description=t("save"), button_style="primary", icon="save"), self.save
        )
        self.summary = w.HTML()
        self.children = [
            ui.labelled(self.quantile, t("quantile_label"), t("quantile_help")),
            *(ui.labelled(area, t(f"{name}_label")) for name, area in self.answers.items()),
            self.save_button,
            self.feedback,
            self.summary,
        ]
        ui.guard(self.feedback)(self._start)()

    def _start(self) -> None:
        self._resume(load_choice, choice_card, sample_choice(self.language), check_choice)

    def fill(self, choice: StaffingChoice) -> None:
        self.quantile.value = choice.quantile
        for name, area in self.answers.items():
            area.value = getattr(choice, name)

    def value(self) -> StaffingChoice:
        answers = {name: area.value for name, area in self.answers.items()}
        return check_choice({"quantile": self.quantile.value, **answers})

    def save(self, _button: Any = None) -> None:
        """Check and save the choices for the follow-up, and show what was saved."""
        choice = self.value()
        save_choice(self.wb.store, choice, respondent=self.wb.respondent, municipality=self.wb.number)
        self.feedback.ok(self.t("saved"))
        self.summary.value = choice_card(choice, self.language).markup


def _names(keys: tuple[str, ...], prefix: str, language: str | None) -> str:
    return ", ".join(i18n.t(f"{prefix}.{k}", language=language) for k in keys) or "–"


def question_card(question: StaffingQuestion | None, language: str | None = None) -> ui.HTMLBlock:
    """What the pre-work saved, with what the question still lacks; or a prompt when nothing is saved."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.question.card.{key}", language=language, **kw)

    if question is None:
        return ui.HTMLBlock(ui.message_html(t("none"), "info"))
    ready = readiness(question)
    service = i18n.t(f"staffing.question.service.{question.service}", language=language)
    asked = i18n.t(f"staffing.question.question.{question.question}", language=language)
    rows = [
        (t("service"), f"{service}: {question.unit}" if question.unit else service),
        (t("question"), f"{asked} {question.question_text}".strip()),
        (t("owner"), question.owner),
        (t("involved"), _names(question.involved, "staffing.question.involved", language)),
        (t("sources"), _names(question.sources, "staffing.question.source", language)),
        (t("missing_sources"), _names(ready.missing_sources, "staffing.question.source", language)),
        (t("missing_checks"), _names(ready.missing_checks, "staffing.question.check", language)),
    ]
    footer = t("footer") + ("" if ready.union_involved else " " + t("union_missing"))
    return ui.card(t("title"), rows, footer)


def choice_card(
    choice: StaffingChoice | None, language: str | None = None, question: StaffingQuestion | None = None
) -> ui.HTMLBlock:
    """What the gathering day saved, with the service and the decision owner from the pre-work when
    ``question`` is given; or a prompt when nothing is saved."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.choice.card.{key}", language=language, **kw)

    if choice is None:
        return ui.HTMLBlock(ui.message_html(t("none"), "info"))
    rows = []
    if question is not None:
        service = i18n.t(f"staffing.question.service.{question.service}", language=language)
        rows += [
            (t("service"), f"{service}: {question.unit}" if question.unit else service),
            (t("owner"), question.owner),
        ]
    rows.append((t("quantile"), f"P{round(choice.quantile * 100)}"))
    rows += [
        (i18n.t(f"staffing.choice.{name}_label", language=language), getattr(choice, name) or "–")
        for name in CHOICE_FIELDS
    ]
    return ui.card(t("title"), rows, t("footer"))


# --- forecast -----------------------------------------------------------------------------------------------


class ForecastView(_StaffingView):
    """Pick a model and see its forecast for the last weeks of the history against what happened."""

    css_class = "casekit-forecast"

    def __init__(
        self, wb: Workbook, frame: pd.DataFrame, *, horizon: int = 28, target: str = "home_care_hours"
    ) -> None:
        super().__init__(wb)
        self.frame, self.horizon = frame, horizon
        models = [(model_label(key, self.language), key) for key in default_models()]
        self.model = self.on_change(w.Dropdown(options=models, value="gradient_boosting"), self.redraw)
        targets = [(wb.t(f"staffing.target.{key}"), key) for key in ("home_care_hours", "nursing_home_hours")]
        self.target = self.on_change(w.Dropdown(options=targets, value=target), self.redraw)
        self.image = w.Image(format="png")
        self.forecast: pd.DataFrame | None = None
        choices = w.HBox(
            [ui.labelled(self.model, self.t("model")), ui.labelled(self.target, self.t("series"))]
        )
        self.children = [choices, self.feedback, self.image]
        self.first_draw(self.redraw)

    def redraw(self, _change: Any = None) -> None:
        y = series(self.frame, self.target.value)
        history, actual = y.iloc[: -self.horizon], y.iloc[-self.horizon :]
        model = default_models()[self.model.value].fit(history)
        if model.supports_quantiles:
            table = model.predict_quantiles(self.horizon, (0.1, 0.5, 0.9))
        else:
            table = model.predict(self.horizon).to_frame(0.5)
        self.forecast = table
        language = self.language
        self.image.value = ui.png(
            lambda ax: charts.forecast_chart(history, table, actual, ax=ax, language=language), WIDE
        )
        self.feedback.clear()


# --- workload -----------------------------------------------------------------------------------------------


class WorkloadView(_StaffingView):
    """Sliders for sick leave, productive share, minimum night staffing, forecast quantile and budget; the
    plan (MILP shift counts), its cost and its risk against the real held-out weeks update at once."""

    css_class = "casekit-workload"
    QUANTILES = (("P50", 0.5), ("P80", 0.8), ("P90", 0.9))

    def __init__(self, wb: Workbook, case: StaffingCase, settings: WorkloadSettings | None = None) -> None:
        super().__init__(wb)
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
            value=night if base.night_minimum is None else base.night_minimum, min=0, max=4
        )
        quantile = base.quantile if base.quantile in (0.5, 0.8, 0.9) else 0.5
        self.quantile = w.ToggleButtons(options=self.QUANTILES, value=quantile)
        self.budget = w.IntSlider(value=100, min=70, max=130, step=5, readout_format="d")
        for control in (self.absence, self.productive, self.night, self.quantile, self.budget):
            self.on_change(control, self.redraw)
        self.summary, self.image = w.HTML(), w.Image(format="png")
        self.chart = LiveChart(
            lambda plan, ax: charts.staffing_chart(plan, ax=ax, language=self.language),
            update=charts.update_staffing_chart,
        )
        self.reference_cost = plan_cost(case.plan("forecast_roster", base), case.pay, case.shifts)
        self.children = [
            ui.labelled(self.absence, self.t("absence"), self.t("absence_help")),
            ui.labelled(self.productive, self.t("productive"), self.t("productive_help")),
            ui.labelled(self.night, self.t("night")),
            ui.labelled(self.quantile, self.t("quantile"), self.t("quantile_help")),
            ui.labelled(self.budget, self.t("budget"), self.t("budget_help")),
            self.feedback,
            self.summary,
            self.image,
        ]
        self.first_draw(self.redraw)

    def settings(self) -> WorkloadSettings:
        return replace(
            WorkloadSettings(),
            absence_rate=float(self.absence.value),
            productive_share=float(self.productive.value),
            night_minimum=int(self.night.value),
            quantile=float(self.quantile.value),
        )

    def redraw(self, _change: Any = None) -> None:
        settings = self.settings()
        budget = self.reference_cost * self.budget.value / 100 if self.budget.value != 100 else None
        self.plan = self.case.plan("forecast_roster", settings, budget=budget)
        self.scores = evaluate_staffing(self.case, self.plan, settings)
        self.cost = plan_cost(self.plan, self.case.pay, self.case.shifts)
        self.over_budget = max(0.0, self.cost - budget) if budget is not None else 0.0
        self.summary.value = self._card().markup
        self.image.value = self.chart.render(self.plan)
        self.feedback.clear()

    def _card(self) -> ui.HTMLBlock:
        def kr(value: float) -> str:
            return i18n.format_currency(value, language=self.language)

        rows = [
            (self.t("shifts"), self.num(int(self.plan["staff"].sum()))),
            (self.t("pay"), kr(self.cost)),
            (self.t("understaffed"), self.num(self.scores["understaffed_hours"])),
            (self.t("overtime"), kr(self.scores["overtime_cost"])),
        ]
        if self.over_budget > 1.0:  # the floors alone cost more than the cap: say so, do not hide it
            rows.append((self.t("over_budget"), kr(self.over_budget)))
        return ui.card(self.t("summary_title", weeks=self.case.weeks), rows, self.t("summary_footer"))


# --- roster -------------------------------------------------------------------------------------------------


class RosterView(_StaffingView):
    """Build a roster in the background: a time-limit slider, a start and a stop button, a progress bar
    that moves with the clock and a status line with the best roster so far and its gap. Stopping early
    keeps the best roster found."""

    css_class = "casekit-roster"

    def __init__(
        self,
        wb: Workbook,
        case: StaffingCase,
        plan: pd.DataFrame | None = None,
        *,
        time_limit: float = 10.0,
        workers: int = 2,
    ) -> None:
        super().__init__(wb)
        self.case = case
        self.plan = plan if plan is not None else case.plan("forecast_roster")
        self.problem = case.problem(self.plan)
        self.workers = workers
        self.time_limit = w.FloatSlider(
            value=float(time_limit), min=1.0, max=120.0, step=1.0, readout_format=".0f"
        )
        self.start = self.on_click(
            w.Button(description=self.t("solve"), button_style="primary", icon="play"), self.solve
        )
        self.stop_button = self.on_click(
            w.Button(description=self.t("stop"), icon="stop", disabled=True), self.stop
        )
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="")
        ready = self.t("ready", staff=len(self.problem.staff), weeks=self.problem.weeks)
        self.status = w.HTML(ui.message_html(ready))
        self.summary, self.image = w.HTML(), w.Image(format="png")
        self.result: RosterResult | None = None
        self.report: RosterReport | None = None
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.best: dict[str, float] = {}
        self.children = [
            ui.labelled(self.time_limit, self.t("time_limit"), self.t("time_limit_help")),
            w.HBox([self.start, self.stop_button]),
            self.progress,
            self.status,
            self.feedback,
            self.summary,
            self.image,
        ]

    def solve(self, _button: Any = None) -> None:
        """Start solving in a background thread (once at a time)."""
        if self.thread is not None and self.thread.is_alive():
            self.feedback.show(self.t("busy"), "info")
            return
        self._stop.clear()
        self.best = {}
        self.progress.value = 0.0
        self.start.disabled, self.stop_button.disabled = True, False
        limit = float(self.time_limit.value)
        self.status.value = ui.message_html(self.t("solving", seconds=self.num(limit)))
        self.thread = threading.Thread(target=self._run, args=(limit,), daemon=True)
        self.thread.start()

    def stop(self, _button: Any = None) -> None:
        """End the search early; the best roster so far is shown."""
        self._stop.set()

    def _run(self, limit: float) -> None:
        outcome: dict[str, Any] = {}

        def solve() -> None:
            try:
                outcome["result"] = solve_roster(
                    self.problem,
                    time_limit=limit,
                    workers=self.workers,
                    on_progress=self.best.update,
                    stop=self._stop,
                )
            except Exception as exc:  # shown in the feedback line below, never swallowed
                outcome["error"] = exc

        started = time.perf_counter()
        solver = threading.Thread(target=solve, daemon=True)
        solver.start()
        while solver.is_alive():
            self._tick(time.perf_counter() - started, limit)
            solver.join(0.25)
        self.progress.value = 1.0
        self.start.disabled, self.stop_button.disabled = False, True
        if "error" in outcome:
            self.feedback.last_exception = outcome["error"]
            self.feedback.error(
                i18n.t("ui.unexpected", language=self.language, reason=type(outcome["error"]).__name__)
            )
            return
        self.show(outcome["result"], roster_report(self.problem, outcome["result"].assignments))

    def _tick(self, elapsed: float, limit: float) -> None:
        """Move the progress bar with the clock and say how far the best roster may be from the best."""
        self.progress.value = min(elapsed / limit, 1.0)
        best = dict(self.best)
        if best:
            gap = (best["objective"] - best["bound"]) / max(1.0, abs(best["objective"]))
            percent = i18n.format_percent(max(gap, 0.0), decimals=0, language=self.language)
            self.status.value = ui.message_html(self.t("progress", seconds=self.num(elapsed), gap=percent))

    def show(self, result: RosterResult, report: RosterReport) -> None:
        """Show a solved roster: status, gap, cover, cost, fairness and rule violations, and the grid."""
        self.result, self.report = result, report
        gap = result.gap if result.gap == result.gap else 1.0
        self.status.value = ui.message_html(
            self.t(
                "done" if result.has_roster else "no_roster",
                status=self.wb.t(f"staffing.status.{result.status}"),
                seconds=self.num(result.seconds, 1),
                gap=i18n.format_percent(gap, decimals=0, language=self.language),
            ),
            "ok" if result.has_roster else "error",
        )
        if result.has_roster:
            self.summary.value = report_card(report, self.language).markup
            problem, language = self.problem, self.language
            self.image.value = ui.png(
                lambda ax: charts.roster_chart(result.assignments, problem, ax=ax, language=language),
                (12.0, max(4.0, 0.3 * len(problem.staff) + 1.5)),
            )

    def wait(self, timeout: float | None = None) -> None:
        """Block until a running solve has finished (for tests and scripts)."""
        if self.thread is not None:
            self.thread.join(timeout)


# --- sensitivity --------------------------------------------------------------------------------------------


class SensitivityView(_StaffingView):
    """Choose a setting and see how risk and cost move across its values."""

    css_class = "casekit-sensitivity"

    def __init__(self, wb: Workbook, case: StaffingCase, parameter: str = "quantile") -> None:
        super().__init__(wb)
        self.case = case
        options = [(wb.t(f"staffing.sensitivity.{p}"), p) for p in SENSITIVITY_PARAMETERS]
        self.parameter = self.on_change(w.Dropdown(options=options, value=parameter), self.redraw)
        self.table_html, self.image = w.HTML(), w.Image(format="png")
        self.children = [
            ui.labelled(self.parameter, self.t("parameter")),
            self.feedback,
            self.table_html,
            self.image,
        ]
        self.first_draw(self.redraw)

    def redraw(self, _change: Any = None) -> None:
        parameter = self.parameter.value
        table = self.table = sensitivity(self.case, parameter, DEFAULT_VALUES[parameter])
        self.table_html.value = sensitivity_table(table, self.language).markup
        language = self.language
        self.image.value = ui.png(lambda ax: charts.sensitivity_chart(table, ax=ax, language=language), SMALL)
        self.feedback.clear()


def sensitivity_table(table: pd.DataFrame, language: str | None = None) -> ui.HTMLBlock:
    def t(key: str) -> str:
        return i18n.t(f"staffing.sensitivity.column.{key}", language=language)

    parameter = str(table["parameter"].iloc[0])
    rows = [
        [
            charts.value_label(parameter, r.value, language),
            i18n.format_number(r.shifts, language=language),
            i18n.format_number(r.understaffed_hours, decimals=0, language=language),
            i18n.format_currency(r.pay, language=language),
            i18n.format_currency(r.overtime_cost, language=language),
            i18n.format_currency(r.total_cost, language=language),
        ]
        for r in table.itertuples(index=False)
    ]
    columns = [i18n.t(f"staffing.sensitivity.{parameter}", language=language)]
    columns += [t(key) for key in ("shifts", "understaffed", "pay", "overtime", "total")]
    return ui.table(columns, rows)


# --- approval -----------------------------------------------------------------------------------------------


class ApprovalView(_StaffingView):
    """The checklist a leader answers before approving a roster; the button refuses until all is done."""

    css_class = "casekit-approval"

    def __init__(self, wb: Workbook, violations: int = 0) -> None:
        super().__init__(wb)
        self.violations = violations
        self.items: dict[str, w.Checkbox] = {}
        rows = []
        for key, question, why in checklist(self.language):
            box = w.Checkbox(value=False, description=question, indent=False, layout=w.Layout(width="auto"))
            self.items[key] = box
            note = w.HTML(f'<span style="color:#444;margin-left:24px">{ui.escape(why)}</span>')
            rows.append(w.VBox([box, note]))
        self.approver = w.Text(placeholder=self.t("approver_placeholder"))
        self.button = self.on_click(
            w.Button(description=self.t("approve"), button_style="primary", icon="check"), self.approve
        )
        self.approval: Approval | None = None
        self.children = [*rows, ui.labelled(self.approver, self.t("approver")), self.button, self.feedback]

    def approve(self, _button: Any = None) -> None:
        answers = {key: bool(box.value) for key, box in self.items.items()}
        self.approval = approve(answers, self.approver.value, violations=self.violations)
        self.feedback.ok(self.approval.summary(self.language))


# --- static blocks for the notebooks ------------------------------------------------------------------------


def report_card(report: RosterReport, language: str | None = None) -> ui.HTMLBlock:
    """The roster's figures as a card: cover, cost by part, fairness, wishes and rule violations."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.report.{key}", language=language, **kw)

    def kr(v: float) -> str:
        return i18n.format_currency(v, language=language)

    def fairness(spread: int, gini: float) -> str:
        return t("fairness_value", range=spread, gini=i18n.format_number(gini, decimals=2, language=language))

    rows = [
        (t("understaffed"), i18n.format_number(report.understaffed_hours, decimals=0, language=language)),
        (t("overstaffed"), i18n.format_number(report.overstaffed_hours, decimals=0, language=language)),
        (t("cost_base"), kr(report.cost["base"])),
        (t("cost_unused"), kr(report.cost["unused_contract"])),
        (t("cost_evening_night"), kr(report.cost["evening_night"])),
        (t("cost_weekend"), kr(report.cost["weekend"])),
        (t("cost_overtime"), kr(report.cost["overtime"])),
        (t("cost_total"), kr(report.total_cost)),
        (t("weekends"), fairness(report.weekends_range, report.weekends_gini)),
        (t("nights"), fairness(report.nights_range, report.nights_gini)),
        (t("wishes"), i18n.format_percent(report.wishes_honoured, decimals=0, language=language)),
        (t("violations"), str(report.violations)),
    ]
    return ui.card(t("title"), rows, t("footer"))


def case_card(case: StaffingCase, language: str | None = None) -> ui.HTMLBlock:
    """What the exercise plans: which municipality, which weeks, how large a district and team."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.case.{key}", language=language, **kw)

    me = case.municipality
    weeks = t(
        "weeks_value",
        start=i18n.format_date(case.dates[0].date(), language=language),
        end=i18n.format_date(case.dates[-1].date(), language=language),
        weeks=case.weeks,
    )
    team = t(
        "team_value",
        staff=len(case.team),
        fte=i18n.format_number(sum(m.contract for m in case.team), decimals=1, language=language),
        nights=sum(m.nights for m in case.team),
    )
    rows = [
        (t("municipality"), f"{me.name} ({me.number})"),
        (t("weeks"), weeks),
        (t("history"), t("history_value", days=i18n.format_number(len(case.history), language=language))),
        (t("share"), i18n.format_percent(case.share, decimals=0, language=language)),
        (t("team"), team),
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
    columns = [t(key) for key in ("band", "people", "weekends", "nights", "evenings", "weekends_per_fte")]
    return ui.table(columns, rows, caption=t("caption"))


def checklist_block(language: str | None = None) -> ui.HTMLBlock:
    """The approval checklist as a static list (for printouts and the HTML export)."""
    items = "".join(
        f"<li><strong>{ui.escape(q)}</strong><br><span>{ui.escape(why)}</span></li>"
        for _k, q, why in checklist(language)
    )
    title = ui.escape(i18n.t("staffing.checklist.heading", language=language))
    return ui.HTMLBlock(f'<div class="casekit-checklist"><strong>{title}</strong><ol>{items}</ol></div>')


def vendor_block(language: str | None = None) -> ui.HTMLBlock:
    """Questions to ask a vendor, as a numbered list."""
    items = "".join(f"<li>{ui.escape(q)}</li>" for q in vendor_questions(language))
    title = ui.escape(i18n.t("staffing.vendor.heading", language=language))
    return ui.HTMLBlock(f'<div class="casekit-vendor"><strong>{title}</strong><ol>{items}</ol></div>')


def parameter_block(settings: Any, language: str | None = None) -> ui.HTMLBlock:
    """A settings dataclass with each value's source or assumption."""
    table = parameter_table(settings, language)

    def t(key: str) -> str:
        return i18n.t(f"staffing.parameters.{key}", language=language)

    return ui.table(
        [t("name"), t("value"), t("unit"), t("kind"), t("source")],
        table[["parameter", "value", "unit", "kind", "source"]].itertuples(index=False),
        caption=t("caption"),
    )


def demand_card(me: Municipality, frame: pd.DataFrame, language: str | None = None) -> ui.HTMLBlock:
    """The municipality's demand at a glance: inhabitants by age band, daily hours and yearly growth."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.demand_card.{key}", language=language, **kw)

    def num(value: float, decimals: int = 0) -> str:
        return i18n.format_number(value, decimals=decimals, language=language)

    bands = population_by_band(me)
    years = yearly_summary(frame)
    first, last = years.index[0], years.index[-1]
    growth = (years.loc[last, "home_care_hours"] / years.loc[first, "home_care_hours"]) ** (
        1 / max(last - first, 1)
    ) - 1
    rows = [
        (t("population"), num(me.population)),
        (t("over_80"), num(round(bands["80_89"] + bands["90_plus"]))),
        (t("home_care", year=last), num(years.loc[last, "home_care_hours"])),
        (t("nursing", year=last), num(years.loc[last, "nursing_home_hours"])),
        (t("alarms", year=last), num(years.loc[last, "alarm_callouts"], 1)),
        (t("growth", first=first, last=last), i18n.format_percent(growth, decimals=1, language=language)),
    ]
    return ui.card(t("title", name=me.display_name()), rows, t("footer"))
