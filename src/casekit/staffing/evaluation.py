"""Evaluation leaders can read: the same held-out weeks planned three ways, and what-if sensitivity.

A :class:`StaffingCase` holds one municipality's history, the held-out weeks (whole weeks from a Monday,
never seen by the forecasts), a team and the share of the municipality's demand that team carries (one
home-care district). :func:`compare_plans` then plans those weeks three ways and scores each against what
really happened:

1. *manual plan*: last year's level plus a margin, turned into staff by the workload method and rostered
   by hand (:func:`~casekit.staffing.roster.greedy.greedy_roster`);
2. *forecast + workload*: the gradient-boosting forecast, the same workload method and the same manual
   rostering;
3. *forecast + optimised roster*: the forecast, shift counts from the MILP (at the manual plan's cost when
   ``equal_cost``) and a CP-SAT roster.

Scores: understaffed and overstaffed staff-hours against the real demand (after expected absence), pay
for the roster, the overtime it would cost to fill the gaps, fairness and rule violations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import i18n, municipalities, ui
from ..errors import StaffingError
from ..privacy import check_min_group_size
from .demand import SAMPLE_SEED, series
from .forecast import GradientBoostingForecaster, ManualPlan
from .model import DEFAULT_SHIFTS, PayRates, RosterRules, Shift, StaffMember, WorkloadSettings
from .roster.cpsat import RosterResult, solve_roster
from .roster.greedy import greedy_roster
from .roster.problem import RosterProblem
from .roster.report import coverage_table, roster_report
from .sample import load_demand, sample_team
from .shifts import optimise_shift_counts
from .workload import district_share, plan_cost, staff_plan

QUANTILES = (0.1, 0.5, 0.8, 0.9)
METHODS = ("manual", "forecast_workload", "forecast_roster")
#: At equal cost, an understaffed hour is priced so high that the MILP spends the whole budget on cover.
EQUAL_COST_PENALTY = 20.0
SENSITIVITY_PARAMETERS = ("absence_rate", "productive_share", "night_minimum", "budget", "quantile")
DEFAULT_VALUES: dict[str, tuple[float, ...]] = {
    "absence_rate": (0.05, 0.07, 0.09, 0.11, 0.13),
    "productive_share": (0.5, 0.55, 0.6, 0.65, 0.7),
    "night_minimum": (1, 2, 3),
    "budget": (0.85, 0.9, 0.95, 1.0, 1.05),
    "quantile": (0.5, 0.8, 0.9),
}


@dataclass
class StaffingCase:
    """Everything the plans for one district are built from (see :func:`prepare_case`)."""

    municipality: municipalities.Municipality
    history: pd.Series
    actual: pd.Series
    alarms_history: pd.Series
    alarms_actual: pd.Series
    forecast: pd.DataFrame
    alarm_forecast: pd.Series
    manual: pd.Series
    team: tuple[StaffMember, ...]
    share: float
    model: GradientBoostingForecaster
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS
    pay: PayRates = field(default_factory=PayRates)
    rules: RosterRules = field(default_factory=RosterRules)

    @property
    def weeks(self) -> int:
        return len(self.actual) // 7

    @property
    def dates(self) -> pd.DatetimeIndex:
        return self.actual.index

    def care_hours(self, quantile: float = 0.5) -> pd.Series:
        """The district's forecast care hours per day at a quantile (0.1, 0.5, 0.8 or 0.9)."""
        if quantile not in self.forecast.columns:
            raise StaffingError(
                "staffing.error.quantile_not_fitted",
                value=quantile,
                fitted=", ".join(str(q) for q in self.forecast.columns),
            )
        return self.forecast[quantile] * self.share

    def plan(
        self,
        method: str = "forecast_workload",
        settings: WorkloadSettings | None = None,
        *,
        budget: float | None = None,
        shortfall_penalty: float | None = None,
    ) -> pd.DataFrame:
        """Staff per day and shift (``date``, ``shift``, ``staff`` and the workload columns).

        ``budget`` and ``shortfall_penalty`` go to the MILP of the ``forecast_roster`` method."""
        settings = settings or WorkloadSettings()
        alarms = self.alarm_forecast * self.share
        if method == "manual":
            return staff_plan(self.manual * self.share, settings, self.shifts, alarms)
        if method not in METHODS:
            raise StaffingError("staffing.error.unknown_method", value=method, choices=", ".join(METHODS))
        base = staff_plan(self.care_hours(settings.quantile), settings, self.shifts, alarms)
        if method == "forecast_workload":
            return base
        result = optimise_shift_counts(
            base, settings, self.shifts, self.pay, budget=budget, shortfall_penalty=shortfall_penalty
        )
        return result.plan

    def problem(self, plan: pd.DataFrame) -> RosterProblem:
        return RosterProblem(self.team, plan[["date", "shift", "staff"]], self.shifts, self.rules, self.pay)


def holdout_start(dates: pd.DatetimeIndex, weeks: int) -> Any:
    """The Monday that starts the last ``weeks`` whole weeks of ``dates``."""
    last = dates[-1]
    end = last - pd.Timedelta(days=(last.day_of_week + 1) % 7)  # last Sunday on or before the end
    start = end - pd.Timedelta(days=7 * weeks - 1)
    if start < dates[0] + pd.Timedelta(days=400):
        raise StaffingError(
            "staffing.error.short_history", model="holdout", days=len(dates), minimum=400 + 7 * weeks
        )
    return start


def prepare_case(
    municipality: str | municipalities.Municipality,
    *,
    weeks: int = 6,
    team_size: int = 25,
    frame: pd.DataFrame | None = None,
    seed: int = SAMPLE_SEED,
    team: tuple[StaffMember, ...] | None = None,
) -> StaffingCase:
    """Hold out the last ``weeks`` whole weeks of a municipality's demand, fit the forecasts on what came
    before, and size one district for a team of ``team_size`` (a synthetic team unless ``team`` is given)."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 12:
        raise StaffingError("staffing.error.weeks", value=weeks)
    me = municipalities.get(municipality)
    frame = load_demand(me, seed=seed) if frame is None else frame
    care = series(frame, "home_care_hours")
    alarms = series(frame, "alarm_callouts")
    start = holdout_start(care.index, weeks)
    period = slice(start, start + pd.Timedelta(days=7 * weeks - 1))
    history, actual = care[care.index < start], care[period]
    alarms_history, alarms_actual = alarms[alarms.index < start], alarms[period]
    horizon = 7 * weeks
    model = GradientBoostingForecaster().fit(history)
    forecast = model.predict_quantiles(horizon, QUANTILES)
    alarm_model = GradientBoostingForecaster(calibration_days=0).fit(alarms_history)
    manual = ManualPlan().fit(history).predict(horizon)
    team = team if team is not None else sample_team(team_size, weeks=weeks)
    share = district_share(forecast[0.5], team)
    return StaffingCase(
        municipality=me,
        history=history,
        actual=actual,
        alarms_history=alarms_history,
        alarms_actual=alarms_actual,
        forecast=forecast,
        alarm_forecast=alarm_model.predict(horizon),
        manual=manual,
        team=team,
        share=share,
        model=model,
    )


# --- scoring ------------------------------------------------------------------------------------------------


def evaluate_staffing(
    case: StaffingCase, staffed: pd.DataFrame, settings: WorkloadSettings | None = None
) -> dict[str, float]:
    """Score staff per day and shift (``date``, ``shift``, ``staff``) against the real demand.

    Understaffed hours are staff-hours missing after expected absence; overstaffed hours are staff-hours
    above both the need and the floor; overtime cost is what filling the gaps with overtime would cost."""
    settings = settings or WorkloadSettings()
    by_code = {s.code: s for s in case.shifts}
    actual = case.actual * case.share
    merged = staffed[["date", "shift", "staff"]].copy()
    share = merged["shift"].map(lambda c: by_code[c].demand_share)
    length = merged["shift"].map(lambda c: by_code[c].hours).to_numpy(dtype=float)
    care = actual.reindex(merged["date"]).to_numpy() * share.to_numpy()
    need = care / settings.productive_share
    present = merged["staff"].to_numpy(dtype=float) * length * (1.0 - settings.absence_rate)
    floor_present = (
        merged["shift"].map(lambda c: by_code[c].minimum).to_numpy() * length * (1 - settings.absence_rate)
    )
    under = np.clip(need - present, 0, None)
    over = np.clip(present - np.maximum(need, floor_present), 0, None)
    hourly = case.pay.hourly
    return {
        "understaffed_hours": float(under.sum()),
        "overstaffed_hours": float(over.sum()),
        "overtime_cost": float(under.sum() * hourly * (1.0 + case.pay.overtime_share)),
    }


def rostered_staff(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """Staff actually rostered per day and shift."""
    table = coverage_table(problem, assignments)
    return table.rename(columns={"assigned": "staff"})[["date", "shift", "staff"]]


@dataclass
class Comparison:
    """The side-by-side table (one row per method) and the rosters behind it."""

    table: pd.DataFrame
    rosters: dict[str, pd.DataFrame]
    problems: dict[str, RosterProblem]
    plans: dict[str, pd.DataFrame]
    solve: RosterResult

    @property
    def optimised(self) -> RosterResult:
        """The solved roster of the forecast + optimised plan (the ``forecast_roster`` method)."""
        return self.solve


def compare_plans(
    case: StaffingCase,
    settings: WorkloadSettings | None = None,
    *,
    time_limit: float = 10.0,
    equal_cost: bool = True,
    workers: int = 2,
) -> Comparison:
    """Plan the held-out weeks three ways and score each against the real demand (see the module text)."""
    settings = settings or WorkloadSettings()
    plans = {
        "manual": case.plan("manual", settings),
        "forecast_workload": case.plan("forecast_workload", settings),
    }
    if equal_cost:  # spend what the manual plan spends, where the forecast says it is needed most
        budget = plan_cost(plans["manual"], case.pay, case.shifts)
        plans["forecast_roster"] = case.plan(
            "forecast_roster", settings, budget=budget, shortfall_penalty=EQUAL_COST_PENALTY * case.pay.hourly
        )
    else:
        plans["forecast_roster"] = case.plan("forecast_roster", settings)
    problems = {method: case.problem(plan) for method, plan in plans.items()}
    solve = solve_roster(problems["forecast_roster"], time_limit=time_limit, workers=workers)
    rosters = {
        method: solve.assignments if method == "forecast_roster" else greedy_roster(problem)
        for method, problem in problems.items()
    }
    rows = [
        _scores(case, method, plans[method], problems[method], rosters[method], settings) for method in plans
    ]
    return Comparison(pd.DataFrame(rows).set_index("method"), rosters, problems, plans, solve)


def _scores(
    case: StaffingCase,
    method: str,
    plan: pd.DataFrame,
    problem: RosterProblem,
    assignments: pd.DataFrame,
    settings: WorkloadSettings,
) -> dict[str, Any]:
    """One method's row of the comparison."""
    report = roster_report(problem, assignments)
    scores = evaluate_staffing(case, rostered_staff(problem, assignments), settings)
    return {
        "method": method,
        "planned_shifts": int(plan["staff"].sum()),
        "understaffed_hours": scores["understaffed_hours"],
        "overstaffed_hours": scores["overstaffed_hours"],
        "pay": report.total_cost,
        "overtime_cost": scores["overtime_cost"],
        "total_cost": report.total_cost + scores["overtime_cost"],
        "weekends_range": report.weekends_range,
        "weekends_gini": report.weekends_gini,
        "nights_range": report.nights_range,
        "nights_gini": report.nights_gini,
        "violations": report.violations,
    }


def comparison_table(comparison: Comparison, language: str | None = None) -> ui.HTMLBlock:
    """The comparison for participants: one column per method, figures in their language's format."""

    def t(key: str, **kw: Any) -> str:
        return i18n.t(f"staffing.compare.{key}", language=language, **kw)

    def num(v: float, d: int = 0) -> str:
        return i18n.format_number(v, decimals=d, language=language)

    def kr(v: float) -> str:
        return i18n.format_currency(v, language=language)

    table = comparison.table
    lines = [
        ("understaffed_hours", num),
        ("overstaffed_hours", num),
        ("pay", kr),
        ("overtime_cost", kr),
        ("total_cost", kr),
        ("weekends_range", num),
        ("weekends_gini", lambda v: num(v, 2)),
        ("nights_range", num),
        ("nights_gini", lambda v: num(v, 2)),
        ("violations", num),
    ]
    rows = [[t(f"row.{key}")] + [fmt(table.loc[m, key]) for m in table.index] for key, fmt in lines]
    columns = [""] + [t(f"method.{m}") for m in table.index]
    return ui.table(columns, rows, caption=t("caption", weeks=len(comparison.problems["manual"].dates) // 7))


# --- sensitivity --------------------------------------------------------------------------------------------


def sensitivity(
    case: StaffingCase,
    parameter: str,
    values: tuple[float, ...] | None = None,
    settings: WorkloadSettings | None = None,
) -> pd.DataFrame:
    """How risk (understaffed hours against real demand) and cost (planned pay plus overtime to fill the
    gaps) move when one setting changes. Plans are shift counts from the MILP, so each value takes
    milliseconds; the roster step is left out.

    ``parameter`` is one of ``absence_rate``, ``productive_share``, ``night_minimum``, ``budget`` (a share
    of the unconstrained plan's cost) and ``quantile`` (0.5, 0.8, 0.9). A changed setting is used both to
    plan and to score: if sick leave really is 11 %, the plan is built for 11 %."""
    if parameter not in SENSITIVITY_PARAMETERS:
        raise StaffingError(
            "staffing.error.unknown_parameter", value=parameter, choices=", ".join(SENSITIVITY_PARAMETERS)
        )
    settings = settings or WorkloadSettings()
    values = DEFAULT_VALUES[parameter] if values is None else tuple(values)
    reference = None
    if parameter == "budget":
        reference = plan_cost(case.plan("forecast_roster", settings), case.pay, case.shifts)
    rows = []
    for value in values:
        budget = None
        if parameter == "budget":
            budget, used = reference * float(value), settings
        elif parameter == "night_minimum":
            used = replace(settings, night_minimum=int(value))
        else:
            used = replace(settings, **{parameter: float(value)})
        plan = case.plan("forecast_roster", used, budget=budget)
        scores = evaluate_staffing(case, plan, used)
        pay = plan_cost(plan, case.pay, case.shifts)
        rows.append(
            {
                "parameter": parameter,
                "value": value,
                "shifts": int(plan["staff"].sum()),
                "understaffed_hours": scores["understaffed_hours"],
                "pay": pay,
                "overtime_cost": scores["overtime_cost"],
                "total_cost": pay + scores["overtime_cost"],
            }
        )
    return pd.DataFrame(rows)


def burden_by_contract(people: pd.DataFrame, *, min_group_size: int = 5) -> pd.DataFrame:
    """Bias check: weekends, nights and evenings per person by position size (full time, 75–99 %,
    50–74 %, under 50 %). A group with fewer than ``min_group_size`` people (floor 3) is not shown, so no
    one's burden can be read off a tiny group."""
    min_group_size = check_min_group_size(min_group_size)
    bins = [0.0, 0.4999, 0.7499, 0.9999, 1.0]
    labels = ["under_50", "p50_74", "p75_99", "full_time"]
    band = pd.cut(people["contract"], bins=bins, labels=labels, include_lowest=True)
    grouped = people.assign(band=band).groupby("band", observed=False)
    table = pd.DataFrame(
        {
            "people": grouped.size(),
            "weekends": grouped["weekends"].mean(),
            "nights": grouped["nights"].mean(),
            "evenings": grouped["evenings"].mean(),
            "weekends_per_fte": grouped.apply(
                lambda g: g["weekends"].sum() / g["contract"].sum() if len(g) else np.nan
            ),
        }
    ).reindex(labels[::-1])
    small = table["people"] < min_group_size
    table.loc[small, ["weekends", "nights", "evenings", "weekends_per_fte"]] = np.nan
    table["shown"] = ~small
    return table
