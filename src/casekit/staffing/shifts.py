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
from typing import Any

import numpy as np
import pandas as pd

from ..errors import StaffingError
from .model import DEFAULT_SHIFTS, PayRates, Shift, WorkloadSettings, check_shifts
from .workload import pay_table

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
    settings = settings or WorkloadSettings()
    pay = pay or PayRates()
    shifts = check_shifts(shifts)
    _check_plan(plan, shifts, budget)
    penalty = shortfall_penalty if shortfall_penalty is not None else SHORTFALL_PENALTY_FACTOR * pay.hourly
    program = _Program.of(plan, settings, shifts, pay, max_staff)
    started = time.perf_counter()
    result = program.solve(penalty, budget, OVER_BUDGET_FACTOR * max(penalty, pay.hourly), time_limit)
    seconds = time.perf_counter() - started
    if result.x is None:  # pragma: no cover - the slacks keep the model feasible
        raise StaffingError("staffing.error.solver", status=str(result.message))
    x = np.round(result.x[: program.size]).astype(int)
    out = program.plan(x)
    gap = getattr(result, "mip_gap", None)
    return ShiftOptimum(
        plan=out,
        cost=float(out["cost"].sum()),
        understaffed_hours=float(out["understaffed_hours"].sum()),
        budget=budget,
        over_budget=float(result.x[-1]) if budget is not None else 0.0,
        status="optimal" if result.status == 0 else ("time_limit" if result.status == 1 else "other"),
        gap=float(gap) if gap is not None else 0.0,
        seconds=seconds,
    )


def _check_plan(plan: pd.DataFrame, shifts: tuple[Shift, ...], budget: float | None) -> None:
    required = {"date", "shift", "care_hours", "floor", "alarm_responders"}
    missing = sorted(required - set(plan.columns))
    if missing:
        raise StaffingError("staffing.error.missing_column", column=", ".join(missing))
    if budget is not None and (not isinstance(budget, int | float) or budget < 0):
        raise StaffingError("staffing.error.budget", value=budget)
    codes = [s.code for s in shifts]
    unknown = sorted(set(plan["shift"]) - set(codes))
    if unknown:
        raise StaffingError(
            "staffing.error.unknown_shift", value=", ".join(unknown), choices=", ".join(codes)
        )


@dataclass
class _Program:
    """The program's data, one entry per (date, shift) row of the plan."""

    rows: pd.DataFrame
    need: np.ndarray  # staff-hours that must be present
    cover: np.ndarray  # staff-hours one rostered person brings, after absence
    lower: np.ndarray
    upper: np.ndarray
    pay: np.ndarray

    @classmethod
    def of(
        cls,
        plan: pd.DataFrame,
        settings: WorkloadSettings,
        shifts: tuple[Shift, ...],
        pay: PayRates,
        max_staff: int | None,
    ) -> _Program:
        by_code = {s.code: s for s in shifts}
        costs = pay_table(plan["date"].unique(), shifts, pay)[["date", "shift", "total"]]
        rows = plan.merge(costs, on=["date", "shift"], how="left").reset_index(drop=True)
        length = rows["shift"].map(lambda c: by_code[c].hours).to_numpy(dtype=float)
        need = rows["care_hours"].to_numpy(dtype=float) / settings.productive_share
        lower = np.maximum(
            rows["floor"].to_numpy(dtype=float), rows["alarm_responders"].to_numpy(dtype=float)
        )
        cover = length * (1.0 - settings.absence_rate)
        natural = np.ceil(need / cover - 1e-9)
        upper = (
            np.full(len(rows), float(max_staff)) if max_staff is not None else np.maximum(natural, lower) + 2
        )
        return cls(rows, need, cover, lower, np.maximum(upper, lower), rows["total"].to_numpy(dtype=float))

    @property
    def size(self) -> int:
        return len(self.rows)

    def solve(self, penalty: float, budget: float | None, big: float, time_limit: float) -> Any:
        """Variables: x (staff, integer), u (understaffed staff-hours), b (pay over the budget)."""
        from scipy import sparse
        from scipy.optimize import Bounds, LinearConstraint, milp

        n = self.size
        c = np.concatenate([self.pay, np.full(n, penalty), [big if budget is not None else 0.0]])
        integrality = np.concatenate([np.ones(n), np.zeros(n), [0]])
        bounds = Bounds(
            np.concatenate([self.lower, np.zeros(n), [0.0]]),
            np.concatenate([self.upper, self.need, [np.inf if budget is not None else 0.0]]),
        )
        cover_rows = sparse.hstack(
            [sparse.diags(self.cover), sparse.identity(n), sparse.csr_matrix((n, 1))]
        ).tocsr()
        constraints = [LinearConstraint(cover_rows, self.need, np.inf)]
        if budget is not None:
            budget_row = np.concatenate([self.pay, np.zeros(n), [-1.0]])[None, :]
            constraints.append(LinearConstraint(budget_row, -np.inf, budget))
        return milp(
            c,
            integrality=integrality,
            bounds=bounds,
            constraints=constraints,
            options={"time_limit": time_limit},
        )

    def plan(self, x: np.ndarray) -> pd.DataFrame:
        """The plan with ``x`` staff per row: cover, shortfall and cost."""
        shortfall = np.maximum(self.need - x * self.cover, 0.0)
        out = self.rows[["date", "shift", "care_hours"]].copy()
        out["floor"] = self.lower.astype(int)
        out["staff"] = x
        out["need_hours"] = self.need
        out["present_hours"] = x * self.cover
        out["understaffed_hours"] = shortfall
        out["cost"] = x * self.pay
        return out
