"""One helper per cell of the staffing notebooks (``4a-ai-staffing-data``, ``4b-ai-staffing-demand``,
``4c-ai-staffing-roster`` and ``4c-ai-staffing-ethics``). Each takes the workbook session ``wb`` first and
returns what the cell shows: a table or card, a chart's Axes, a widget, or the data the next cells use. The
logic lives in the other modules; this one only wires them to the session's municipality and language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import ui
from ..session import Workbook
from . import charts, widgets
from .demand import series
from .ethics import sources_table as _sources_table
from .evaluation import Comparison, StaffingCase, burden_by_contract, prepare_case
from .evaluation import compare_plans as _compare_plans
from .evaluation import comparison_table as _comparison_table
from .forecast import BacktestResult, explain_drivers
from .forecast import backtest as _backtest
from .forecast import backtest_table as _backtest_table
from .forecast import drivers as _drivers
from .model import DemandParameters, WorkloadSettings
from .question import StaffingChoice, StaffingQuestion, load_choice, load_question
from .roster.cpsat import RosterResult, solve_roster
from .roster.report import RosterReport, roster_report
from .sample import load_demand

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

# --- 4a: the municipality's own question, and what later phases start from ---------------------------------


def question_form(wb: Workbook) -> widgets.QuestionForm:
    """The pre-work form: service, question, data, checks and who decides (saved for the gathering day)."""
    return widgets.QuestionForm(wb)


def saved_question(wb: Workbook) -> StaffingQuestion | None:
    """The question the respondent saved in the pre-work, else a colleague's in the municipality."""
    return load_question(wb.store, respondent=wb.respondent or None, municipality=wb.number)[0]


def question_card(wb: Workbook, question: StaffingQuestion | None) -> ui.HTMLBlock:
    """What the pre-work saved, or a prompt to do it when nothing is saved."""
    return widgets.question_card(question, wb.language)


def choice_form(wb: Workbook) -> widgets.ChoiceForm:
    """The gathering day's choices: the quantile and the three written answers (saved for the follow-up)."""
    return widgets.ChoiceForm(wb)


def saved_choice(wb: Workbook) -> StaffingChoice | None:
    """The choices saved at the gathering day by the respondent, else by a colleague in the municipality."""
    return load_choice(wb.store, respondent=wb.respondent or None, municipality=wb.number)[0]


def choice_card(
    wb: Workbook, choice: StaffingChoice | None, question: StaffingQuestion | None = None
) -> ui.HTMLBlock:
    """What the gathering day saved (with the pre-work's service and decision owner when ``question`` is
    given), or a prompt when nothing is saved."""
    return widgets.choice_card(choice, wb.language, question)


# --- 4b: demand and forecast --------------------------------------------------------------------------------


def demand_data(wb: Workbook) -> pd.DataFrame:
    """Three years of daily demand for the session's municipality (the shipped sample or generated)."""
    return load_demand(wb.municipality)


def demand_card(wb: Workbook, frame: pd.DataFrame) -> ui.HTMLBlock:
    return widgets.demand_card(wb.municipality, frame, wb.language)


def demand_chart(wb: Workbook, frame: pd.DataFrame) -> Axes:
    return charts.demand_chart(frame, language=wb.language)


def demand_assumptions(wb: Workbook) -> ui.HTMLBlock:
    """Every number behind the demand, with its source or marked as an assumption."""
    return widgets.parameter_block(DemandParameters(), wb.language)


def backtest(wb: Workbook, frame: pd.DataFrame, *, horizon: int = 28, origins: int = 8) -> BacktestResult:
    """The rolling-origin backtest of every model, with a progress bar (it refits each model per origin)."""
    bar = ui.progress(origins, wb.t("staffing.widget.backtest_progress"))
    try:
        return _backtest(
            series(frame),
            horizon=horizon,
            origins=origins,
            progress=lambda done, _total: bar.update(done - bar.n),
        )
    finally:
        bar.close()


def backtest_table(wb: Workbook, result: BacktestResult) -> ui.HTMLBlock:
    return _backtest_table(result, wb.language)


def backtest_chart(wb: Workbook, result: BacktestResult) -> Axes:
    return charts.backtest_chart(result, language=wb.language)


def forecast_view(
    wb: Workbook, frame: pd.DataFrame, *, horizon: int = 28, question: StaffingQuestion | None = None
) -> widgets.ForecastView:
    """The forecast view, on the service the pre-work chose (home care when nothing is saved)."""
    target = question.service if question is not None else "home_care_hours"
    return widgets.ForecastView(wb, frame, horizon=horizon, target=target)


def drivers(wb: Workbook, frame: pd.DataFrame) -> pd.DataFrame:
    """How much the forecast leans on each calendar driver (permutation importance over the last year)."""
    return _drivers(series(frame))


def drivers_list(wb: Workbook, importance: pd.DataFrame) -> ui.HTMLBlock:
    return widgets.drivers_list(explain_drivers(importance, language=wb.language), wb.language)


def drivers_chart(wb: Workbook, importance: pd.DataFrame) -> Axes:
    return charts.importance_chart(importance, language=wb.language)


# --- 4c: shifts and roster ----------------------------------------------------------------------------------


def staffing_case(wb: Workbook, *, weeks: int = 6, team_size: int = 25) -> StaffingCase:
    """The exercise's district in the session's municipality: the last ``weeks`` whole weeks held out, the
    forecasts fitted on what came before, and a synthetic team of ``team_size``."""
    return prepare_case(wb.municipality, weeks=weeks, team_size=team_size)


def case_card(wb: Workbook, case: StaffingCase) -> ui.HTMLBlock:
    return widgets.case_card(case, wb.language)


def workload_view(
    wb: Workbook, case: StaffingCase, choice: StaffingChoice | None = None
) -> widgets.WorkloadView:
    """The workload sliders, starting from the quantile the gathering day chose (P50 when none is saved)."""
    settings = WorkloadSettings(quantile=choice.quantile) if choice is not None else None
    return widgets.WorkloadView(wb, case, settings)


def sensitivity_view(wb: Workbook, case: StaffingCase) -> widgets.SensitivityView:
    return widgets.SensitivityView(wb, case)


def compare_plans(wb: Workbook, case: StaffingCase, *, time_limit: float = 10.0) -> Comparison:
    """The held-out weeks planned three ways (manual, forecast + workload, forecast + optimised roster)."""
    return _compare_plans(case, time_limit=time_limit)


def comparison_table(wb: Workbook, comparison: Comparison) -> ui.HTMLBlock:
    return _comparison_table(comparison, wb.language)


def comparison_chart(wb: Workbook, comparison: Comparison) -> Axes:
    return charts.comparison_chart(comparison.table, language=wb.language)


def roster_card(wb: Workbook, roster: RosterResult) -> ui.HTMLBlock:
    """A solved roster's cover, cost, fairness, wishes and broken rules."""
    return widgets.report_card(_report(roster), wb.language)


def roster_chart(wb: Workbook, roster: RosterResult) -> Axes:
    return charts.roster_chart(roster.assignments, roster.problem, language=wb.language)


def roster_view(
    wb: Workbook, case: StaffingCase, comparison: Comparison, *, time_limit: float = 10.0
) -> widgets.RosterView:
    """Build the optimised plan's roster again, watching its progress (and stopping it early)."""
    return widgets.RosterView(wb, case, comparison.plans["forecast_roster"], time_limit=time_limit)


# --- 4c: ethics, law and approval ---------------------------------------------------------------------------


def optimised_roster(wb: Workbook, case: StaffingCase, *, time_limit: float = 10.0) -> RosterResult:
    """The forecast + optimised plan's roster (shift counts from the MILP, named staff by the solver)."""
    return solve_roster(case.problem(case.plan("forecast_roster")), time_limit=time_limit)


def sources_table(wb: Workbook) -> ui.HTMLBlock:
    return _sources_table(wb.language)


def burden_table(wb: Workbook, roster: RosterResult) -> ui.HTMLBlock:
    """Weekends, nights and evenings per person by position size (small groups hidden)."""
    return widgets.burden_table(burden_by_contract(_report(roster).people), wb.language)


def burden_chart(wb: Workbook, roster: RosterResult) -> Axes:
    return charts.burden_chart(burden_by_contract(_report(roster).people), language=wb.language)


def approval_view(wb: Workbook, roster: RosterResult) -> widgets.ApprovalView:
    """The checklist before approval; it refuses a roster that breaks a hard rule."""
    return widgets.ApprovalView(wb, violations=_report(roster).violations)


def vendor_block(wb: Workbook) -> ui.HTMLBlock:
    return widgets.vendor_block(wb.language)


def _report(roster: RosterResult) -> RosterReport:
    return roster_report(roster.problem, roster.assignments)
