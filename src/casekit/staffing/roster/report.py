"""What a leader reads about a roster: cover against the plan, pay, fairness, wishes and broken rules,
and the solver's objective recomputed term by term."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..workload import pay_table
from .problem import SCALE, RosterProblem, is_evening, is_night
from .rules import check_roster


def gini(values: Any) -> float:
    """The Gini coefficient of non-negative counts: 0 when all have the same, towards 1 when one has all."""
    v = np.sort(np.asarray(values, dtype=float))
    if len(v) == 0 or v.sum() == 0:
        return 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))


def per_person(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per person: contract, hours, weekends, nights, evenings, wishes broken, unused hours."""
    by_code = {s.code: s for s in problem.shifts}
    rows = []
    for m in problem.staff:
        mine = assignments[assignments["staff_id"] == m.id]
        days = set(mine["day"].astype(int))
        shifts = [by_code[c] for c in mine["shift"]]
        hours = sum(s.hours for s in shifts)
        contract = problem.contract_hours(m)
        rows.append(
            {
                "staff_id": m.id,
                "name": m.name,
                "contract": m.contract,
                "nights_allowed": m.nights,
                "shifts": len(shifts),
                "hours": hours,
                "contract_hours": contract,
                "unused_hours": max(contract - hours, 0.0),
                "weekends": sum(1 for k in range(problem.weeks) if {7 * k + 5, 7 * k + 6} & days),
                "nights": sum(1 for s in shifts if is_night(s)),
                "evenings": sum(1 for s in shifts if is_evening(s)),
                "wishes_broken": len(days & set(m.days_off)) + sum(1 for c in mine["shift"] if c in m.avoid),
                "wishes": len(m.days_off),
            }
        )
    return pd.DataFrame(rows)


def objective_terms(problem: RosterProblem, assignments: pd.DataFrame) -> dict[str, float]:
    """The solver's objective, term by term, recomputed from a roster (points, as the solver counts them).

    The solver's reported objective is never below the sum of these terms; they are equal when its helper
    variables are tight, which they are once the search has settled."""
    w = problem.weights
    people = per_person(problem, assignments)
    cover = coverage_table(problem, assignments)
    quarter = cover["hours"] * SCALE
    terms = {
        "understaffed": float(
            (w.understaffed_hour * quarter * (cover["need"] - cover["assigned"]).clip(lower=0)).sum()
        ),
        "overstaffed": float(
            (w.overstaffed_hour * quarter * (cover["assigned"] - cover["need"]).clip(lower=0)).sum()
        ),
    }
    contract = np.array([round(problem.contract_hours(m) * SCALE) for m in problem.staff])
    hours = (people["hours"].to_numpy() * SCALE).round()
    terms["unused_contract"] = float(w.unused_contract_hour * np.clip(contract - hours, 0, None).sum())
    target = problem.weekend_target()
    weekends = people["weekends"].to_numpy()
    terms["weekend_over_target"] = float(w.weekend_over_target * np.clip(weekends - target, 0, None).sum())
    terms["weekend_range"] = float(w.weekend_range * (weekends.max() - weekends.min()))
    night_people = people[people["nights_allowed"]]
    has_nights = any(is_night(s) for s in problem.shifts) and len(night_people) > 1
    terms["night_range"] = (
        float(w.night_range * (night_people["nights"].max() - night_people["nights"].min()))
        if has_nights
        else 0.0
    )
    if any(is_evening(s) for s in problem.shifts):
        shares = np.array(problem.evening_shares())
        terms["evening_deviation"] = float(
            w.evening_deviation * np.abs(people["evenings"].to_numpy() - shares).sum()
        )
    else:
        terms["evening_deviation"] = 0.0
    days_off = sum(
        len(set(assignments.loc[assignments["staff_id"] == m.id, "day"].astype(int)) & set(m.days_off))
        for m in problem.staff
    )
    avoided = sum(
        int(assignments.loc[assignments["staff_id"] == m.id, "shift"].isin(m.avoid).sum())
        for m in problem.staff
    )
    terms["wishes"] = float(w.wish_day_off * days_off + w.avoided_shift * avoided)
    return terms


@dataclass
class RosterReport:
    """The figures a leader reads: cover, cost, fairness and rule violations."""

    understaffed_hours: float
    overstaffed_hours: float
    cost: dict[str, float]
    weekends_range: int
    weekends_gini: float
    nights_range: int
    nights_gini: float
    violations: int
    wishes_honoured: float
    people: pd.DataFrame
    violation_table: pd.DataFrame

    @property
    def total_cost(self) -> float:
        return float(sum(self.cost.values()))


def coverage_table(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """Assigned staff against planned staff for each day and shift."""
    counts = np.zeros_like(problem.need_matrix)
    codes = {s.code: j for j, s in enumerate(problem.shifts)}
    for row in assignments.itertuples(index=False):
        counts[int(row.day), codes[row.shift]] += 1
    rows = []
    for d in range(problem.days):
        for j, s in enumerate(problem.shifts):
            rows.append(
                {
                    "day": d,
                    "date": problem.dates[d],
                    "shift": s.code,
                    "need": int(problem.need_matrix[d, j]),
                    "assigned": int(counts[d, j]),
                    "hours": s.hours,
                }
            )
    out = pd.DataFrame(rows)
    out["understaffed_hours"] = (out["need"] - out["assigned"]).clip(lower=0) * out["hours"]
    out["overstaffed_hours"] = (out["assigned"] - out["need"]).clip(lower=0) * out["hours"]
    return out


def roster_cost(
    problem: RosterProblem, assignments: pd.DataFrame, people: pd.DataFrame | None = None
) -> dict[str, float]:
    """Pay in NOK: base pay for rostered hours, unused contract hours (paid anyway), evening/night, weekend,
    holiday supplements, and overtime (hours beyond full time, with the overtime supplement)."""
    pay = problem.pay
    table = pay_table(problem.dates, problem.shifts, pay).assign(
        day=lambda f: (f["date"] - problem.dates[0]).dt.days
    )
    merged = assignments[["day", "shift", "staff_id"]].merge(table, on=["day", "shift"], how="left")
    people = per_person(problem, assignments) if people is None else people
    full_time = pay.fulltime_hours_week * problem.weeks
    overtime_hours = (people["hours"] - full_time).clip(lower=0).sum()
    return {
        "base": float(merged["base"].sum()),
        "unused_contract": float(people["unused_hours"].sum() * pay.hourly),
        "evening_night": float(merged["evening_night"].sum()),
        "weekend": float(merged["weekend"].sum() + merged["holiday"].sum()),
        "overtime": float(overtime_hours * pay.hourly * pay.overtime_share),
    }


def roster_report(problem: RosterProblem, assignments: pd.DataFrame) -> RosterReport:
    """Cover against the plan, cost in NOK, fairness (range and Gini of weekends and of nights per person)
    and the number of broken hard rules (from :func:`check_roster`)."""
    people = per_person(problem, assignments)
    cover = coverage_table(problem, assignments)
    violations = check_roster(problem, assignments)
    night_people = people[people["nights_allowed"]]
    wishes = int(people["wishes"].sum())
    broken_days = sum(
        len(set(assignments.loc[assignments["staff_id"] == m.id, "day"].astype(int)) & set(m.days_off))
        for m in problem.staff
    )
    return RosterReport(
        understaffed_hours=float(cover["understaffed_hours"].sum()),
        overstaffed_hours=float(cover["overstaffed_hours"].sum()),
        cost=roster_cost(problem, assignments, people),
        weekends_range=int(people["weekends"].max() - people["weekends"].min()),
        weekends_gini=gini(people["weekends"]),
        nights_range=int(night_people["nights"].max() - night_people["nights"].min())
        if len(night_people)
        else 0,
        nights_gini=gini(night_people["nights"]) if len(night_people) else 0.0,
        violations=len(violations),
        wishes_honoured=1.0 - broken_days / wishes if wishes else 1.0,
        people=people,
        violation_table=violations,
    )
