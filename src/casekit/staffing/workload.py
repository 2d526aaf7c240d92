"""From forecast care hours to staff per shift, safety-alarm staffing (Erlang C) and the pay of a shift.

The workload method (per day and shift)::

    present staff  = care hours in the shift ÷ (shift length × productive share)
    rostered staff = present staff ÷ (1 − absence rate)          # shrinkage for sick leave and absence
    planned staff  = max(⌈rostered staff⌉, floor, alarm responders)

Safety-alarm call-outs are staffed with the Erlang C formula: the fewest responders so that the share of
call-outs reached within the target time meets the service level.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import StaffingError
from .demand import is_holiday
from .model import DEFAULT_SHIFTS, PayRates, Shift, StaffMember, WorkloadSettings, check_shifts

EVENING_NIGHT_WINDOWS = ((-7.0, 6.0), (17.0, 30.0), (41.0, 54.0))  # 17:00–06:00, hours from day start


# --- Erlang C -----------------------------------------------------------------------------------------------


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call-out must wait (Erlang C), for ``traffic`` in erlangs and ``agents`` staff.

    Computed through the Erlang B recursion, which stays stable for large numbers of agents.
    """
    if traffic < 0 or agents < 0:
        raise StaffingError("staffing.error.erlang", traffic=traffic, agents=agents)
    if traffic == 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return agents * b / (agents - traffic * (1 - b))


def service_level(
    calls_per_hour: float, handling_minutes: float, agents: int, target_minutes: float
) -> float:
    """Share of call-outs reached within ``target_minutes`` with ``agents`` responders (Erlang C)."""
    traffic = calls_per_hour * handling_minutes / 60.0
    if traffic == 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    wait = erlang_c(traffic, agents)
    return 1.0 - wait * math.exp(-(agents - traffic) * target_minutes / handling_minutes)


def alarm_responders(
    calls_per_hour: float, handling_minutes: float, target_minutes: float, level: float, max_agents: int = 500
) -> int:
    """The fewest responders that reach ``level`` of call-outs within ``target_minutes`` (0 with no calls)."""
    if calls_per_hour < 0:
        raise StaffingError("staffing.error.erlang", traffic=calls_per_hour, agents=0)
    if calls_per_hour == 0:
        return 0
    traffic = calls_per_hour * handling_minutes / 60.0
    agents = max(1, math.floor(traffic) + 1)
    while agents <= max_agents:
        if service_level(calls_per_hour, handling_minutes, agents, target_minutes) >= level:
            return agents
        agents += 1
    raise StaffingError("staffing.error.erlang", traffic=traffic, agents=max_agents)


# --- workload method ----------------------------------------------------------------------------------------


def _daily(values: Any, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        values = values.iloc[:, 0]
    if not isinstance(values, pd.Series) or not isinstance(values.index, pd.DatetimeIndex):
        raise StaffingError("staffing.error.not_series", model=name)
    if values.isna().any() or (values < 0).any():
        raise StaffingError("staffing.error.negative", model=name, date=str(values.index[0].date()))
    return values.astype(float)


def floors(shifts: tuple[Shift, ...], settings: WorkloadSettings) -> dict[str, int]:
    """The minimum staff per shift, with the night floor overridden by ``settings.night_minimum``."""
    out = {s.code: s.minimum for s in shifts}
    if settings.night_minimum is not None and "night" in out:
        out["night"] = int(settings.night_minimum)
    return out


def staff_plan(
    care_hours: pd.Series,
    settings: WorkloadSettings | None = None,
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS,
    alarm_callouts: pd.Series | None = None,
) -> pd.DataFrame:
    """Staff per day and shift by the workload method. One row per (date, shift) with the care hours, the
    exact staff need before rounding, the floor, the Erlang C alarm responders and the planned ``staff``."""
    settings = settings or WorkloadSettings()
    shifts = check_shifts(shifts)
    daily = _daily(care_hours, "staff_plan")
    alarms = None if alarm_callouts is None else _daily(alarm_callouts, "alarm_callouts").reindex(daily.index)
    floor = floors(shifts, settings)
    parts = []
    for s in shifts:
        hours = daily.to_numpy() * s.demand_share
        exact = hours / (s.hours * settings.productive_share) / (1.0 - settings.absence_rate)
        if alarms is not None and s.alarm_share > 0:
            rates = alarms.fillna(0).to_numpy() * s.alarm_share / s.hours
            responders = np.array(
                [
                    alarm_responders(
                        r,
                        settings.alarm_handling_minutes,
                        settings.alarm_target_minutes,
                        settings.alarm_service_level,
                    )
                    for r in rates
                ]
            )
        else:
            responders = np.zeros(len(daily), dtype=int)
        staff = np.maximum.reduce([np.ceil(exact - 1e-9), np.full(len(daily), floor[s.code]), responders])
        parts.append(
            pd.DataFrame(
                {
                    "date": daily.index,
                    "shift": s.code,
                    "care_hours": hours,
                    "need_exact": exact,
                    "floor": floor[s.code],
                    "alarm_responders": responders.astype(int),
                    "staff": staff.astype(int),
                }
            )
        )
    order = {s.code: i for i, s in enumerate(shifts)}
    plan = pd.concat(parts, ignore_index=True)
    plan = plan.sort_values(["date", "shift"], key=lambda c: c.map(order) if c.name == "shift" else c)
    return plan.reset_index(drop=True)


def staff_hours_needed(care_hours: Any, shift: Shift, settings: WorkloadSettings) -> Any:
    """Staff-hours that must be present to deliver ``care_hours`` in a shift."""
    return care_hours / settings.productive_share


def present_hours(staff: Any, shift: Shift, settings: WorkloadSettings) -> Any:
    """Staff-hours present when ``staff`` are rostered and the expected absence is taken out."""
    return staff * shift.hours * (1.0 - settings.absence_rate)


# --- pay ----------------------------------------------------------------------------------------------------


def _overlap(start: float, end: float, windows: Any) -> float:
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in windows)


def pay_table(
    dates: Any,
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS,
    pay: PayRates | None = None,
    holidays: Any = None,
) -> pd.DataFrame:
    """What one person costs on each (date, shift), in NOK: base pay, evening/night supplement
    (17:00–06:00), weekend supplement (Saturday and Sunday) or, on public holidays, the holiday supplement
    (the larger of the two is paid, as the KS agreement does not pay both for the same hours)."""
    pay = pay or PayRates()
    index = pd.DatetimeIndex(dates)
    if len(index):
        following = index + pd.Timedelta(days=1)
        if holidays is None:
            hol0, hol1 = is_holiday(index), is_holiday(following)
        else:
            chosen = {pd.Timestamp(h).date() for h in holidays}
            hol0 = np.array([d.date() in chosen for d in index], dtype=bool)
            hol1 = np.array([d.date() in chosen for d in following], dtype=bool)
        wk0, wk1 = index.day_of_week.to_numpy() >= 5, following.day_of_week.to_numpy() >= 5
    else:
        hol0 = hol1 = wk0 = wk1 = np.zeros(0, dtype=bool)
    hourly = pay.hourly
    parts = []
    for s in shifts:
        part0 = _overlap(s.start, s.end, ((0.0, 24.0),))
        part1 = _overlap(s.start, s.end, ((24.0, 48.0),))
        holiday = part0 * hol0 + part1 * hol1
        weekend = part0 * (wk0 & ~hol0) + part1 * (wk1 & ~hol1)
        parts.append(
            pd.DataFrame(
                {
                    "date": index,
                    "shift": s.code,
                    "hours": s.hours,
                    "base": s.hours * hourly,
                    "evening_night": _overlap(s.start, s.end, EVENING_NIGHT_WINDOWS)
                    * pay.evening_night_supplement,
                    "weekend": weekend * pay.weekend_supplement,
                    "holiday": holiday * hourly * pay.holiday_supplement_share,
                    "weekend_hours": weekend + holiday,
                }
            )
        )
    order = {s.code: i for i, s in enumerate(shifts)}
    table = pd.concat(parts, ignore_index=True)
    table = table.assign(_o=table["shift"].map(order)).sort_values(["date", "_o"]).drop(columns="_o")
    table = table.reset_index(drop=True)
    table["total"] = table[["base", "evening_night", "weekend", "holiday"]].sum(axis=1)
    return table


def plan_cost(
    plan: pd.DataFrame, pay: PayRates | None = None, shifts: tuple[Shift, ...] = DEFAULT_SHIFTS
) -> float:
    """The pay cost in NOK of a plan with ``date``, ``shift`` and ``staff`` columns."""
    table = pay_table(plan["date"].unique(), shifts, pay)
    merged = plan.merge(table[["date", "shift", "total"]], on=["date", "shift"], how="left")
    return float((merged["staff"] * merged["total"]).sum())


# --- the team -----------------------------------------------------------------------------------------------


def team_hours(team: tuple[StaffMember, ...], weeks: int, pay: PayRates | None = None) -> float:
    """The team's contracted hours over ``weeks`` weeks."""
    return sum(m.contract_hours(weeks, pay) for m in team)


def district_share(
    care_hours: pd.Series,
    team: tuple[StaffMember, ...],
    settings: WorkloadSettings | None = None,
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS,
    pay: PayRates | None = None,
    utilisation: float = 0.95,
) -> float:
    """The share of a municipality's care hours that a team can carry: the team's contracted hours (times
    ``utilisation``) over the rostered hours the workload method asks for. Used to plan one district."""
    settings = settings or WorkloadSettings()
    weeks = max(1, len(care_hours) // 7)
    needed = float(care_hours.sum()) / settings.productive_share / (1.0 - settings.absence_rate)
    if needed <= 0:
        raise StaffingError("staffing.error.no_demand")
    return min(1.0, utilisation * team_hours(team, weeks, pay) / needed)
