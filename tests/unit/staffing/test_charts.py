import pytest

from casekit.staffing import charts, demand, evaluation, forecast
from casekit.staffing.roster.greedy import greedy_roster
from casekit.staffing.roster.report import per_person


@pytest.fixture(autouse=True)
def _close(close_figures):
    yield


def title(ax):
    return ax.get_title(loc="left")


def test_demand_and_forecast_charts(sirdal_frame):
    ax = charts.demand_chart(sirdal_frame, language="en")
    assert title(ax) == "Home-care hours per day"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Public holiday" in labels
    y = demand.series(sirdal_frame)
    model = forecast.SeasonalNaive().fit(y.iloc[:-14])
    table = model.predict(14).to_frame(0.5).assign(**{"0.9": 0})
    table.columns = [0.5, 0.9]
    ax = charts.forecast_chart(y.iloc[:-14], table, y.iloc[-14:], language="nb")
    assert title(ax) == "Prognose for de neste ukene"
    ticks = ax.yaxis.get_major_formatter()(1234.0, 0)
    assert ticks.replace("\xa0", " ") == "1 234"


def test_backtest_and_importance_charts():
    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"mase": [1.0, 0.7]}, index=["seasonal_naive", "gradient_boosting"])
    ax = charts.backtest_chart(table, language="en")
    assert title(ax) == "How well do the models forecast?"
    assert [t.get_text() for t in ax.get_yticklabels()][-1].startswith("Gradient boosting")
    imp = pd.DataFrame({"mae_increase": [2.0, 0.5, -0.1]}, index=["weekday", "season", "holiday"])
    ax = charts.importance_chart(imp, language="nb")
    assert "ukedagen" in [t.get_text() for t in ax.get_yticklabels()]
    assert np.all([p.get_width() >= 0 for p in ax.patches])


def test_plan_roster_comparison_sensitivity_and_burden_charts(small_case):
    plan = small_case.plan("forecast_roster")
    ax = charts.staffing_chart(plan, language="en")
    assert title(ax) == "Planned staff per shift" and len(ax.get_lines()) == 3
    problem = small_case.problem(plan)
    rows = greedy_roster(problem)
    ax = charts.roster_chart(rows, problem, language="nb")
    assert len(ax.get_yticklabels()) == len(problem.staff) and "Uke 1" in [
        t.get_text() for t in ax.get_xticklabels()
    ]
    table = evaluation.sensitivity(small_case, "budget", (0.9, 1.0))
    ax = charts.sensitivity_chart(table, language="nb")
    assert "Budsjettramme" in title(ax)
    assert {"90\xa0%", "100\xa0%"} <= {t.get_text() for t in ax.texts}
    compare = table.set_index(pandas_index(["manual", "forecast_roster"])).assign(
        understaffed_hours=[10.0, 5.0]
    )
    ax = charts.comparison_chart(compare, language="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Manual plan", "Forecast + optimised roster"]
    people = per_person(problem, rows)
    ax = charts.burden_chart(evaluation.burden_by_contract(people, min_group_size=3), language="en")
    assert title(ax) == "Who carries the weekends and nights?"


def pandas_index(values):
    import pandas as pd

    return pd.Index(values, name="method")
