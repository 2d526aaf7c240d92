import math

import pandas as pd
import pytest

from casekit.errors import StaffingError
from casekit.staffing import shifts, workload
from casekit.staffing.model import PayRates, WorkloadSettings


def plan_for(values):
    hours = pd.Series(values, index=pd.date_range("2024-01-08", periods=len(values), freq="D"), dtype=float)
    return workload.staff_plan(hours)


def test_with_a_high_shortfall_price_every_need_is_covered():
    plan = plan_for([70.0, 90.0, 55.0, 80.0, 65.0, 40.0, 35.0])
    result = shifts.optimise_shift_counts(plan, shortfall_penalty=1e6)
    assert result.status == "optimal" and result.understaffed_hours == pytest.approx(0.0, abs=1e-6)
    assert (
        result.plan["staff"].to_numpy() == plan["staff"].to_numpy()
    ).all()  # the workload method's ceiling
    assert result.cost == pytest.approx(workload.plan_cost(plan))


def test_a_cheap_shortfall_is_accepted_rather_than_a_whole_extra_shift():
    settings = WorkloadSettings()
    cover = 7.5 * (1 - settings.absence_rate)
    # the day shift needs just over 10 staff-equivalents: rounding up buys a whole shift for a sliver of need
    care = (10 * cover + 0.2) * settings.productive_share / 0.62
    plan = plan_for([care])
    strict = shifts.optimise_shift_counts(plan, shortfall_penalty=1e6)
    priced = shifts.optimise_shift_counts(plan)  # default: twice the hourly pay
    day = lambda r: int(r.plan.set_index("shift").loc["day", "staff"])  # noqa: E731
    assert day(strict) == 11 and day(priced) == 10
    assert priced.understaffed_hours == pytest.approx(0.2, abs=1e-6)


def test_understaffing_is_a_priced_slack_so_a_tiny_budget_still_solves():
    plan = plan_for([80.0] * 7)
    result = shifts.optimise_shift_counts(plan, budget=1000.0)
    assert result.status == "optimal"
    floors = plan["floor"].to_numpy()
    assert (result.plan["staff"].to_numpy() == floors).all()  # the floors alone cost more than the cap
    assert result.over_budget > 0 and result.understaffed_hours > 0


def test_a_budget_cap_is_respected_when_the_floors_allow():
    plan = plan_for([80.0] * 7)
    free = shifts.optimise_shift_counts(plan, shortfall_penalty=1e5)
    capped = shifts.optimise_shift_counts(plan, budget=0.9 * free.cost, shortfall_penalty=1e5)
    assert capped.cost <= 0.9 * free.cost + 1e-6
    assert capped.over_budget == pytest.approx(0.0, abs=1e-6)
    assert capped.understaffed_hours > free.understaffed_hours
    assert math.isfinite(capped.gap) and capped.seconds >= 0


def test_bad_inputs_are_explained():
    plan = plan_for([50.0])
    with pytest.raises(StaffingError, match="care_hours"):
        shifts.optimise_shift_counts(plan.drop(columns="care_hours"))
    with pytest.raises(StaffingError, match="kroner"):
        shifts.optimise_shift_counts(plan, budget=-5)
    odd = plan.assign(shift=plan["shift"].replace({"night": "graveyard"}))
    with pytest.raises(StaffingError, match="graveyard"):
        shifts.optimise_shift_counts(odd)
    assert (
        shifts.optimise_shift_counts(plan, pay=PayRates(annual_salary=700_000)).cost
        > shifts.optimise_shift_counts(plan).cost
    )
