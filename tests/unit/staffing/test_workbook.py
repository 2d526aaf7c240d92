"""The notebooks' helpers: each takes the session and answers in its language, for its municipality."""

import pytest

import casekit
from casekit import staffing
from casekit.staffing import ethics
from casekit.staffing.evaluation import METHODS
from casekit.staffing.roster.rules import check_roster


@pytest.fixture
def wb():
    return casekit.setup("en", "4228")


@pytest.fixture(scope="module")
def roster(small_case):
    return staffing.optimised_roster(casekit.setup("en", "4228"), small_case, time_limit=1.5)


def test_the_package_offers_the_workbook_helpers_only():
    assert set(staffing.__all__) == {name for name in dir(staffing.workbook) if name in staffing.__all__}
    assert "optimised_roster" in staffing.__all__ and "RosterProblem" not in staffing.__all__


def test_demand_helpers_use_the_sessions_municipality_and_language(wb, close_figures):
    frame = staffing.demand_data(wb)
    assert set(frame["kommunenummer"]) == {"4228"}
    assert "Demand in Sirdal" in staffing.demand_card(wb, frame).markup
    assert "assumption" in staffing.demand_assumptions(wb).markup
    assert staffing.demand_chart(wb, frame).get_title(loc="left") == "Home-care hours per day"


def test_backtest_with_progress_and_its_table(wb, sirdal_frame):
    result = staffing.backtest(wb, sirdal_frame, horizon=7, origins=1)
    assert len(result.origins) == 1 and set(result.table.index) == {
        "seasonal_naive",
        "same_week_last_year",
        "manual_plan",
        "ets",
        "gradient_boosting",
    }
    assert "Gradient boosting" in staffing.backtest_table(wb, result).markup


def test_the_case_is_the_sessions_municipality(wb):
    case = staffing.staffing_case(wb, weeks=2, team_size=10)
    assert case.municipality == wb.municipality and case.weeks == 2 and len(case.team) == 10
    assert "Sirdal (4228)" in staffing.case_card(wb, case).markup


def test_roster_helpers(wb, roster):
    assert roster.has_roster and check_roster(roster.problem, roster.assignments).empty
    assert "The roster in figures" in staffing.roster_card(wb, roster).markup
    assert "Full time" in staffing.burden_table(wb, roster).markup
    view = staffing.approval_view(wb, roster)
    assert view.violations == 0 and view.language == "en"
    assert staffing.vendor_block(wb).markup.count("<li>") == len(ethics.VENDOR_QUESTIONS)
    assert "Sources for the ethics and law section" in staffing.sources_table(wb).markup


def test_comparison_helpers(wb, small_case, close_figures):
    comparison = staffing.compare_plans(wb, small_case, time_limit=1.5)
    assert list(comparison.table.index) == list(METHODS)
    assert comparison.optimised is comparison.solve
    assert comparison.optimised.assignments.equals(comparison.rosters["forecast_roster"])
    assert "Manual plan" in staffing.comparison_table(wb, comparison).markup
    view = staffing.roster_view(wb, small_case, comparison, time_limit=3)
    assert view.plan.equals(comparison.plans["forecast_roster"]) and view.language == "en"
    assert staffing.roster_chart(wb, comparison.optimised).get_yticklabels()
