"""AI staffing in health and care: forecast demand, turn it into shifts, build a fair legal roster, and show
leaders the trade-offs and the ethics.

The notebooks call the helpers below (:mod:`.workbook`), one per cell, each taking the workbook session.
Everything else is imported from its module, in the order data flows through them:

- :mod:`.model`: documented settings (demand parameters with sources, shifts, pay, rules);
- :mod:`.demand`: synthetic daily demand for any municipality; :mod:`.sample`: the shipped samples and a
  synthetic team;
- :mod:`.forecast`: forecasters (``fit``/``predict``), the rolling-origin backtest and permutation
  importance of the calendar drivers;
- :mod:`.workload`: the workload method, Erlang C for safety alarms, shift pay and a district's share;
- :mod:`.shifts`: shift counts with ``scipy.optimize.milp``;
- :mod:`.roster`: rostering named staff (the problem, the independent rule checker, a manual-style roster,
  a local search, the CP-SAT model and the report);
- :mod:`.evaluation`: three plans on the same held-out weeks, sensitivity, bias check;
- :mod:`.question`: the municipality's own question, data and decision owner (pre-work) and the gathering
  day's choices, saved to the store;
- :mod:`.ethics`: the approval checklist, vendor questions and sources;
- :mod:`.charts` and :mod:`.widgets`: what participants see.

scipy, statsmodels, scikit-learn, holidays and OR-Tools (the ``staffing`` extra) load only when used.

    >>> import casekit
    >>> from casekit import staffing
    >>> wb = casekit.setup("en", "4228")
    >>> case = staffing.staffing_case(wb, weeks=2, team_size=10)       # doctest: +SKIP
"""

from .workbook import (
    approval_view,
    backtest,
    backtest_chart,
    backtest_table,
    burden_chart,
    burden_table,
    case_card,
    choice_card,
    choice_form,
    compare_plans,
    comparison_chart,
    comparison_table,
    demand_assumptions,
    demand_card,
    demand_chart,
    demand_data,
    drivers,
    drivers_chart,
    drivers_list,
    forecast_view,
    optimised_roster,
    question_card,
    question_form,
    roster_card,
    roster_chart,
    roster_view,
    saved_choice,
    saved_question,
    sensitivity_view,
    sources_table,
    staffing_case,
    vendor_block,
    workload_view,
)

__all__ = [
    "approval_view",
    "backtest",
    "backtest_chart",
    "backtest_table",
    "burden_chart",
    "burden_table",
    "case_card",
    "choice_card",
    "choice_form",
    "compare_plans",
    "comparison_chart",
    "comparison_table",
    "demand_assumptions",
    "demand_card",
    "demand_chart",
    "demand_data",
    "drivers",
    "drivers_chart",
    "drivers_list",
    "forecast_view",
    "optimised_roster",
    "question_card",
    "question_form",
    "roster_card",
    "roster_chart",
    "roster_view",
    "saved_choice",
    "saved_question",
    "sensitivity_view",
    "sources_table",
    "staffing_case",
    "vendor_block",
    "workload_view",
]
