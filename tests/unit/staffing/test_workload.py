import math

import numpy as np
import pandas as pd
import pytest

from casekit.errors import StaffingError
from casekit.staffing import workload
from casekit.staffing.model import DEFAULT_SHIFTS, PayRates, WorkloadSettings


def test_erlang_c_matches_the_textbook_value():
    # two erlangs on three servers: P(wait) = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)) = 4/9
    assert workload.erlang_c(2.0, 3) == pytest.approx(4 / 9)
    assert workload.erlang_c(0.0, 1) == 0.0
    assert workload.erlang_c(3.0, 3) == 1.0  # no spare capacity: every call waits
    with pytest.raises(StaffingError):
        workload.erlang_c(-1.0, 2)


def test_erlang_c_agrees_with_the_closed_form_for_many_cases():
    for traffic, agents in [(0.5, 1), (1.2, 2), (4.0, 6), (9.5, 12)]:
        top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
        bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
        assert workload.erlang_c(traffic, agents) == pytest.approx(top / bottom)


def test_alarm_responders_are_the_fewest_that_meet_the_service_level():
    for calls in (0.2, 1.0, 3.0, 8.0):
        n = workload.alarm_responders(calls, 40, 30, 0.8)
        assert workload.service_level(calls, 40, n, 30) >= 0.8
        if n > 1:
            assert workload.service_level(calls, 40, n - 1, 30) < 0.8
    assert workload.alarm_responders(0.0, 40, 30, 0.8) == 0
    assert workload.alarm_responders(8.0, 40, 30, 0.95) >= workload.alarm_responders(8.0, 40, 30, 0.8)


def daily(values, start="2024-01-08"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"), dtype=float)


def test_staff_plan_follows_the_workload_formula_and_floors():
    settings = WorkloadSettings(productive_share=0.6, absence_rate=0.1)
    plan = workload.staff_plan(daily([100.0, 0.0]), settings)
    day = plan[(plan["shift"] == "day")].iloc[0]
    expected = 100 * 0.62 / (7.5 * 0.6) / 0.9
    assert day["need_exact"] == pytest.approx(expected)
    assert day["staff"] == math.ceil(expected)
    quiet = plan[plan["date"] == plan["date"].max()].set_index("shift")["staff"]
    assert quiet.to_dict() == {s.code: s.minimum for s in DEFAULT_SHIFTS}  # nothing to do: the floors hold
    raised = workload.staff_plan(daily([0.0]), WorkloadSettings(night_minimum=3)).set_index("shift")["staff"]
    assert raised["night"] == 3


def test_more_absence_or_less_productive_time_needs_more_staff():
    hours = daily([80.0] * 7)
    base = workload.staff_plan(hours)["staff"].sum()
    assert workload.staff_plan(hours, WorkloadSettings(absence_rate=0.2))["staff"].sum() > base
    assert workload.staff_plan(hours, WorkloadSettings(productive_share=0.4))["staff"].sum() > base


def test_alarm_callouts_raise_the_shift_to_the_erlang_c_level():
    plan = workload.staff_plan(daily([0.0]), alarm_callouts=daily([200.0])).set_index("shift")
    night_rate = 200 * 0.25 / 10.0
    assert plan.loc["night", "alarm_responders"] == workload.alarm_responders(night_rate, 40, 30, 0.8)
    assert plan.loc["night", "staff"] == plan.loc["night", "alarm_responders"] > 1


def test_negative_care_hours_are_refused():
    with pytest.raises(StaffingError, match="negativ"):
        workload.staff_plan(daily([5.0, -1.0]))
    with pytest.raises(StaffingError, match="tidsserie"):
        workload.staff_plan([1.0, 2.0])


def test_pay_table_applies_the_supplements_to_the_right_hours():
    pay = PayRates()
    # Monday 8 Jan 2024 (ordinary), Friday 12 Jan (night runs into Saturday), Wednesday 17 May 2023 (holiday)
    table = workload.pay_table(pd.to_datetime(["2024-01-08", "2024-01-12"]), pay=pay).set_index(
        ["date", "shift"]
    )
    monday = table.loc[pd.Timestamp("2024-01-08")]
    assert monday.loc["day", "total"] == pytest.approx(7.5 * pay.hourly)
    assert monday.loc["evening", "evening_night"] == pytest.approx(
        5.0 * pay.evening_night_supplement
    )  # 17–22
    assert monday.loc["night", "evening_night"] == pytest.approx(
        8.25 * pay.evening_night_supplement
    )  # 21:45–06
    friday_night = table.loc[(pd.Timestamp("2024-01-12"), "night")]
    assert friday_night["weekend"] == pytest.approx(7.75 * pay.weekend_supplement)  # Saturday 00:00–07:45
    holiday = workload.pay_table(pd.to_datetime(["2023-05-17"]), pay=pay).set_index("shift")
    assert holiday.loc["day", "holiday"] == pytest.approx(7.5 * pay.hourly * 4 / 3)
    assert holiday.loc["day", "weekend"] == 0


def test_plan_cost_sums_staff_times_pay():
    plan = workload.staff_plan(daily([60.0] * 7))
    table = workload.pay_table(plan["date"].unique())
    expected = float((plan["staff"].to_numpy() * table["total"].to_numpy()).sum())
    assert workload.plan_cost(plan) == pytest.approx(expected)
    assert np.isfinite(expected) and expected > 0
