"""AI staffing in health and care: forecast demand, turn it into shifts, build a fair legal roster, and show
leaders the trade-offs and the ethics.

Modules, in the order data flows through them:

- :mod:`~casekit.staffing.model`: documented settings (demand parameters with sources, shifts, pay, rules);
- :mod:`~casekit.staffing.demand`: synthetic daily demand for any municipality, and the shipped samples;
- :mod:`~casekit.staffing.forecast`: forecasters (``fit``/``predict``), the rolling-origin backtest and
  permutation importance of the calendar drivers;
- :mod:`~casekit.staffing.workload`: the workload method, Erlang C for safety alarms and shift pay;
- :mod:`~casekit.staffing.shifts`: shift counts with ``scipy.optimize.milp``;
- :mod:`~casekit.staffing.roster`: CP-SAT roster for named staff, a manual-style roster and the rule checker;
- :mod:`~casekit.staffing.evaluation`: three plans on the same held-out weeks, sensitivity, bias check;
- :mod:`~casekit.staffing.ethics`: the approval checklist, vendor questions and sources;
- :mod:`~casekit.staffing.charts` and :mod:`~casekit.staffing.widgets`: what participants see.

scipy, statsmodels, scikit-learn, holidays and OR-Tools (the ``staffing`` extra) load only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = (
    "charts",
    "demand",
    "ethics",
    "evaluation",
    "forecast",
    "model",
    "roster",
    "shifts",
    "widgets",
    "workload",
)

__all__ = list(_MODULES)


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'casekit.staffing' has no attribute {name!r}")
