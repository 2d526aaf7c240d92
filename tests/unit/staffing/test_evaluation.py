import numpy as np
import pandas as pd
import pytest

from casekit.errors import PrivacyError, StaffingError
from casekit.staffing import evaluation
from casekit.staffing.model import WorkloadSettings
from casekit.staffing.roster.rules import check_roster
from casekit.staffing.workload import plan_cost


def test_the_case_holds_out_whole_weeks_the_forecast_never_saw(small_case):
    case = small_case
    assert case.dates[0].day_of_week == 0 and len(case.dates) == 14
    assert case.history.index[-1] < case.dates[0]
    assert list(case.forecast.columns) == list(evaluation.QUANTILES)
    assert list(case.forecast.index) == list(case.dates)
    assert 0 < case.share <= 1 and len(case.team) == 10


def test_holdout_start_and_bad_weeks():
    dates = pd.date_range("2021-01-01", "2023-12-31", freq="D")  # ends on a Sunday
    start = evaluation.holdout_start(dates, 6)
    assert start == pd.Timestamp("2023-11-20") and start.day_of_week == 0
    with pytest.raises(StaffingError, match="historikk"):
        evaluation.holdout_start(dates[:420], 6)
    with pytest.raises(StaffingError, match="12"):
        evaluation.prepare_case("4228", weeks=0)


def test_evaluation_scores_against_the_real_demand(small_case):
    settings = WorkloadSettings()
    plan = small_case.plan("forecast_workload", settings)
    none = plan.assign(staff=0)
    scores = evaluation.evaluate_staffing(small_case, none, settings)
    total_need = float((small_case.actual * small_case.share).sum()) / settings.productive_share
    assert scores["understaffed_hours"] == pytest.approx(total_need)
    assert scores["overtime_cost"] == pytest.approx(total_need * small_case.pay.hourly * 1.5)
    lavish = evaluation.evaluate_staffing(small_case, plan.assign(staff=plan["staff"] * 3), settings)
    assert lavish["understaffed_hours"] == 0 and lavish["overstaffed_hours"] > 0


def test_plans_differ_by_method(small_case):
    manual = small_case.plan("manual")
    forecast = small_case.plan("forecast_workload")
    optimised = small_case.plan("forecast_roster")
    assert len(manual) == len(forecast) == len(optimised) == 14 * 3
    assert not manual["staff"].equals(forecast["staff"])
    with pytest.raises(StaffingError, match="gjett"):
        small_case.plan("gjett")
    with pytest.raises(StaffingError, match=r"0\.3"):
        small_case.care_hours(0.3)


@pytest.fixture(scope="module")
def comparison(small_case):
    return evaluation.compare_plans(small_case, time_limit=3, workers=1)


def test_compare_plans_scores_three_legal_rosters_on_the_same_weeks(small_case, comparison):
    table = comparison.table
    assert list(table.index) == list(evaluation.METHODS)
    assert (table["violations"] == 0).all()
    for method, problem in comparison.problems.items():
        assert check_roster(problem, comparison.rosters[method]).empty
        assert list(problem.dates) == list(small_case.dates)
    # at equal cost: the optimised plan spends no more than the manual plan
    assert plan_cost(comparison.plans["forecast_roster"]) <= plan_cost(comparison.plans["manual"]) + 1e-6
    assert (table["understaffed_hours"] >= 0).all() and (table["total_cost"] > table["pay"] - 1e-6).all()


def test_comparison_table_for_participants(comparison):
    nb = evaluation.comparison_table(comparison, language="nb").markup
    en = evaluation.comparison_table(comparison, language="en").markup
    assert "Manuell plan" in nb and "Underbemannede timer" in nb and " kr" in nb
    assert "Forecast + optimised roster" in en and "NOK" in en


def test_sensitivity_moves_risk_and_cost_the_expected_way(small_case):
    quantiles = evaluation.sensitivity(small_case, "quantile")
    assert list(quantiles["value"]) == [0.5, 0.8, 0.9]
    assert quantiles["pay"].is_monotonic_increasing
    assert quantiles["understaffed_hours"].iloc[-1] <= quantiles["understaffed_hours"].iloc[0]
    budget = evaluation.sensitivity(small_case, "budget", (0.8, 1.0))
    assert budget["pay"].iloc[0] <= budget["pay"].iloc[1]
    assert budget["understaffed_hours"].iloc[0] >= budget["understaffed_hours"].iloc[1]
    nights = evaluation.sensitivity(small_case, "night_minimum", (1, 3))
    assert nights["shifts"].iloc[1] - nights["shifts"].iloc[0] >= 2 * 14 * 0.9
    absence = evaluation.sensitivity(small_case, "absence_rate", (0.05, 0.15))
    assert absence["pay"].iloc[1] > absence["pay"].iloc[0]
    productive = evaluation.sensitivity(small_case, "productive_share", (0.5, 0.7))
    assert productive["shifts"].iloc[0] > productive["shifts"].iloc[1]
    with pytest.raises(StaffingError, match="absence_rate"):
        evaluation.sensitivity(small_case, "weather")


def test_burden_by_contract_hides_small_groups():
    people = pd.DataFrame(
        {
            "contract": [1.0] * 5 + [0.5] * 2 + [0.8] * 3,
            "weekends": [2, 2, 2, 2, 2, 4, 4, 3, 3, 3],
            "nights": [1] * 10,
            "evenings": [3] * 10,
        }
    )
    table = evaluation.burden_by_contract(people, min_group_size=3)
    assert table.loc["full_time", "weekends"] == 2 and table.loc["full_time", "shown"]
    assert not table.loc["p50_74", "shown"] and np.isnan(table.loc["p50_74", "weekends"])  # two people only
    assert table.loc["p75_99", "weekends_per_fte"] == pytest.approx(9 / 2.4)
    strict = evaluation.burden_by_contract(people)  # default five
    assert list(strict.index[strict["shown"]]) == ["full_time"]
    with pytest.raises(PrivacyError, match="3"):
        evaluation.burden_by_contract(people, min_group_size=2)
