"""Shift counts optimised with a mixed-integer program (``scipy.optimize.milp``, the HiGHS solver).

For every day and shift the program picks a whole number of staff. It minimises pay plus a price on every
understaffed staff-hour. Understaffing is a *priced slack*, so the model always has a solution: when the
budget cap or the forecast makes full cover too dear, the plan says where and by how much it falls short
instead of failing. Going over the budget cap is a second slack with a far higher price, used only when the
floors alone cost more than the cap.

    minimise   Σ pay[d,s]·x[d,s] + penalty·Σ u[d,s] + big·b
    subject to x[d,s]·hours[s]·(1 − absence) + u[d,s] ≥ need[d,s]      (staff-hours present)
               Σ pay[d,s]·x[d,s] − b ≤ budget                          (only with a cap)
               x[d,s] ≥ max(floor, alarm responders),  x integer,  u, b ≥ 0
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import DEFAULT_SHIFTS, PayRates, Shift, StaffingError, WorkloadSettings, check_shifts
from .workload import pay_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: An understaffed staff-hour is priced at this multiple of hourly pay (overtime to fill it plus the risk
#: to users; an assumption to discuss).
SHORTFALL_PENALTY_FACTOR = 2.0
OVER_BUDGET_FACTOR = 1000.0


@dataclass
class ShiftOptimum:
    """The optimised plan (one row per date and shift) and the solver's account of it."""

    plan: pd.DataFrame
    cost: float
    understaffed_hours: float
    budget: float | None
    over_budget: float
    status: str
    gap: float
    seconds: float


def optimise_shift_counts(
    plan: pd.DataFrame,
    settings: WorkloadSettings | None = None,
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS,
    pay: PayRates | None = None,
    *,
    budget: float | None = None,
    shortfall_penalty: float | None = None,
    max_staff: int | None = None,
    time_limit: float = 10.0,
) -> ShiftOptimum:
    """Optimise whole staff counts for a plan from :func:`casekit.staffing.workload.staff_plan`.

    ``budget`` caps the pay for the whole period in NOK; ``shortfall_penalty`` is the price in NOK of one
    understaffed staff-hour (default: twice the hourly pay).
    """
    import numpy as np
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    settings = settings or WorkloadSettings()
    pay = pay or PayRates()
    shifts = check_shifts(shifts)
    required = {"date", "shift", "care_hours", "floor", "alarm_responders"}
    missing = sorted(required - set(plan.columns))
    if missing:
        raise StaffingError("staffing.error.missing_column", column=", ".join(missing))
    if budget is not None and (not isinstance(budget, int | float) or budget < 0):
        raise StaffingError("staffing.error.budget", value=budget)
    by_code = {s.code: s for s in shifts}
    unknown = sorted(set(plan["shift"]) - set(by_code))
    if unknown:
        raise StaffingError(
            "staffing.error.unknown_shift", value=", ".join(unknown), choices=", ".join(by_code)
        )
    penalty = shortfall_penalty if shortfall_penalty is not None else SHORTFALL_PENALTY_FACTOR * pay.hourly
    costs = pay_table(plan["date"].unique(), shifts, pay)[["date", "shift", "total"]]
    rows = plan.merge(costs, on=["date", "shift"], how="left").reset_index(drop=True)
    n = len(rows)
    length = rows["shift"].map(lambda c: by_code[c].hours).to_numpy(dtype=float)
    need = rows["care_hours"].to_numpy(dtype=float) / settings.productive_share
    lower = np.maximum(rows["floor"].to_numpy(dtype=float), rows["alarm_responders"].to_numpy(dtype=float))
    cover = length * (1.0 - settings.absence_rate)
    natural = np.ceil(need / cover - 1e-9)
    upper = np.full(n, float(max_staff)) if max_staff is not None else np.maximum(natural, lower) + 2
    upper = np.maximum(upper, lower)
    pay_each = rows["total"].to_numpy(dtype=float)
    big = OVER_BUDGET_FACTOR * max(penalty, pay.hourly)

    # variables: x (n, integer), u (n, continuous), b (1, continuous)
    c = np.concatenate([pay_each, np.full(n, penalty), [big if budget is not None else 0.0]])
    integrality = np.concatenate([np.ones(n), np.zeros(n), [0]])
    bounds = Bounds(
        np.concatenate([lower, np.zeros(n), [0.0]]),
        np.concatenate([upper, need, [np.inf if budget is not None else 0.0]]),
    )
    cover_rows = sparse.hstack([sparse.diags(cover), sparse.identity(n), sparse.csr_matrix((n, 1))]).tocsr()
    constraints = [LinearConstraint(cover_rows, need, np.inf)]
    if budget is not None:
        constraints.append(
            LinearConstraint(np.concatenate([pay_each, np.zeros(n), [-1.0]])[None, :], -np.inf, budget)
        )
    started = time.perf_counter()
    result = milp(
        c, integrality=integrality, bounds=bounds, constraints=constraints, options={"time_limit": time_limit}
    )
    seconds = time.perf_counter() - started
    if result.x is None:  # pragma: no cover - the slacks keep the model feasible
        raise StaffingError("staffing.error.solver", status=str(result.message))
    x = np.round(result.x[:n]).astype(int)
    shortfall = np.maximum(need - x * cover, 0.0)
    out = rows[["date", "shift", "care_hours"]].copy()
    out["floor"] = lower.astype(int)
    out["staff"] = x
    out["need_hours"] = need
    out["present_hours"] = x * cover
    out["understaffed_hours"] = shortfall
    out["cost"] = x * pay_each
    gap = getattr(result, "mip_gap", None)
    return ShiftOptimum(
        plan=out,
        cost=float(out["cost"].sum()),
        understaffed_hours=float(shortfall.sum()),
        budget=budget,
        over_budget=float(result.x[-1]) if budget is not None else 0.0,
        status="optimal" if result.status == 0 else ("time_limit" if result.status == 1 else "other"),
        gap=float(gap) if gap is not None else 0.0,
        seconds=seconds,
    )
