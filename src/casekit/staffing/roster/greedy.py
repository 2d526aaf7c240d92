"""A manual-style roster: what a planner might fill in by hand, day by day, following the hard rules but
without looking ahead. It is the *manual plan* the exercise compares with, and a legal start for the
search."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..model import Shift, StaffMember
from .problem import HOURS_PER_WEEK, RosterProblem, assignment_frame, is_day, is_night
from .rules import Interval, person_problems


@dataclass
class _Person:
    """What a planner keeps in mind about one person while filling in the days."""

    hours: float = 0.0
    last_end: float = -1e9
    last: Shift | None = None
    last_day: int = -10
    run: int = 0
    rested: set[int] = field(default_factory=set)
    weekends: set[int] = field(default_factory=set)
    nights: int = 0


def greedy_roster(
    problem: RosterProblem, need: Any = None, *, fair: bool = False, fill: bool = True
) -> pd.DataFrame:
    """The roster a planner might fill in by hand: day by day, nights first, each open shift goes to the
    legally available person with the most contract hours left (wishes respected when someone else can
    take the shift). It follows the hard rules but does not look ahead for fairness or cover.

    With ``fair=True`` weekend and night shifts go first to those with the fewest so far (the solver's
    starting point). With ``fill=True`` a last pass adds weekday day shifts until each person's contract
    is used, as a planner does when a turnus must add up to each position."""
    need = problem.need_matrix if need is None else np.asarray(need, dtype=int)
    order = sorted(range(len(problem.shifts)), key=lambda j: (not is_night(problem.shifts[j]), j))
    state = {m.id: _Person() for m in problem.staff}
    rows = []
    for day in range(problem.days):
        busy: set[str] = set()
        for j in order:
            shift = problem.shifts[j]
            ranked = sorted(_candidates(problem, state, busy, day, shift, fair))
            for *_rank, staff_id in ranked[: need[day, j]]:
                _assign(problem, state[staff_id], day, shift)
                busy.add(staff_id)
                rows.append((staff_id, day, shift.code))
        week, w1 = day // 7, (day // 7 + 1) * HOURS_PER_WEEK
        for st in state.values():  # a week whose last free stretch reaches Sunday midnight is rested
            if day % 7 == 6 and w1 - max(st.last_end, w1 - HOURS_PER_WEEK) >= problem.rules.weekly_rest_hours:
                st.rested.add(week)
    if fill:
        rows = fill_contracts(problem, rows)
    return assignment_frame(problem, rows)


def _candidates(
    problem: RosterProblem, state: dict[str, _Person], busy: set[str], day: int, shift: Shift, fair: bool
) -> list[tuple[Any, ...]]:
    """Everyone who may take ``shift`` on ``day``, each with a rank (lowest first) and their id."""
    found = []
    for m in problem.staff:
        st = state[m.id]
        if m.id in busy or not problem.allowed(m, shift) or not _may_work(problem, m, st, day, shift):
            continue
        found.append((*_rank(problem, m, st, day, shift, fair), m.id))
    return found


def _may_work(problem: RosterProblem, m: StaffMember, st: _Person, day: int, shift: Shift) -> bool:
    """Can the person work this shift without breaking a rule, as far as a planner can see?"""
    rules = problem.rules
    start, end = 24.0 * day + shift.start, 24.0 * day + shift.end
    week = day // 7
    w0, w1 = week * HOURS_PER_WEEK, (week + 1) * HOURS_PER_WEEK
    if start - st.last_end < rules.daily_rest_hours:
        return False
    if st.last is not None and is_night(st.last) and is_day(shift) and st.last_day == day - 1:
        return False
    if (st.run + 1 if st.last_day == day - 1 else 1) > rules.max_consecutive_days:
        return False
    if st.hours + shift.hours > problem.contract_hours(m) + rules.contract_tolerance_hours + 1e-9:
        return False
    gap = start - max(st.last_end, w0)
    return week in st.rested or gap >= rules.weekly_rest_hours or w1 - end >= rules.weekly_rest_hours


def _rank(
    problem: RosterProblem, m: StaffMember, st: _Person, day: int, shift: Shift, fair: bool
) -> tuple[float, float, float]:
    """Wishes first, then the burden of weekends and nights (with ``fair``), then the contract left."""
    week = day // 7
    left = problem.contract_hours(m) - st.hours
    wish = (day in m.days_off) + 0.5 * (shift.code in m.avoid)
    # Saturday's people are asked first on Sunday: a weekend is worked as a whole
    burden = -100 * (day % 7 == 6 and week in st.weekends)
    if fair:
        if day % 7 >= 5:
            burden += 3 * (len(st.weekends) - (week in st.weekends))
        if is_night(shift):
            burden += st.nights
    return wish, burden, -left / max(problem.contract_hours(m), 1e-9)


def _assign(problem: RosterProblem, st: _Person, day: int, shift: Shift) -> None:
    week = day // 7
    start = 24.0 * day + shift.start
    if day % 7 >= 5:
        st.weekends.add(week)
    st.nights += is_night(shift)
    if start - max(st.last_end, week * HOURS_PER_WEEK) >= problem.rules.weekly_rest_hours:
        st.rested.add(week)
    st.run = st.run + 1 if st.last_day == day - 1 else 1
    st.hours += shift.hours
    st.last_end, st.last, st.last_day = start + shift.hours, shift, day


def fill_contracts(problem: RosterProblem, rows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Give people their contracted hours: add weekday day shifts (extra staff on the busiest days first)
    while every rule still holds for that person and at least one whole shift of contract is unused."""
    by_code = {s.code: s for s in problem.shifts}
    day_shifts = [s for s in problem.shifts if is_day(s)]
    if not day_shifts:
        return rows
    extra_shift = day_shifts[0]
    mine: dict[str, list[Interval]] = {m.id: [] for m in problem.staff}
    for staff_id, day, code in rows:
        shift = by_code[code]
        start = 24.0 * day + shift.start
        mine[staff_id].append((start, start + shift.hours, day, shift))
    load = {d: 0 for d in range(problem.days)}
    for _staff_id, day, _code in rows:
        load[day] += 1
    weekdays = sorted((d for d in range(problem.days) if d % 7 < 5), key=lambda d: (load[d], d))
    out = list(rows)
    for m in problem.staff:
        items = sorted(mine[m.id])
        hours = sum(e - s for s, e, _, _ in items)
        for day in weekdays:
            if problem.contract_hours(m) - hours < extra_shift.hours:
                break
            if day in m.days_off or any(d == day for _, _, d, _ in items):
                continue
            start = 24.0 * day + extra_shift.start
            trial = sorted([*items, (start, start + extra_shift.hours, day, extra_shift)])
            if not person_problems(problem, m, trial):
                items, hours = trial, hours + extra_shift.hours
                out.append((m.id, day, extra_shift.code))
                load[day] += 1
    return out
