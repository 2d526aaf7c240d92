"""The independent rule checker: every broken hard rule of a roster, from the shifts' clock times.

It shares no code with the solver's model or the search, so it can judge them. The rules (see
:class:`casekit.staffing.model.RosterRules` for how they relate to the Working Environment Act):

- at most one shift per person and day;
- 11 hours' rest between shifts (§ 10-8 (1));
- 35 hours' continuous rest within every calendar week of the roster (§ 10-8 (2)); the week before the
  roster is taken to end without a night shift;
- no shift longer than the daily limit of the averaging agreement, ``max_shift_hours`` (12.5 hours by
  agreement with the union representatives, § 10-5 (2); 9 hours with no agreement, § 10-4 (1));
- no night shift followed by a day shift;
- at most ``max_consecutive_days`` working days in a row;
- rostered hours no more than the contract (position size × 35.5 h/week, the KS agreement's rota week)
  plus a small tolerance;
- nights only for staff who work nights.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from ..model import Shift, StaffMember
from .problem import HOURS_PER_WEEK, RosterProblem, is_day, is_night

VIOLATION_COLUMNS = ["staff_id", "rule", "day", "detail"]

#: A shift as a clock interval: start and end in hours from the roster's first midnight, day, shift.
Interval = tuple[float, float, int, Shift]


def intervals(problem: RosterProblem, assignments: pd.DataFrame) -> dict[str, list[Interval]]:
    """Each person's shifts as sorted clock intervals."""
    by_code = {s.code: s for s in problem.shifts}
    out: dict[str, list[Interval]] = {m.id: [] for m in problem.staff}
    for row in assignments.itertuples(index=False):
        shift = by_code[row.shift]
        start = 24.0 * int(row.day) + shift.start
        out.setdefault(str(row.staff_id), []).append((start, start + shift.hours, int(row.day), shift))
    for items in out.values():
        items.sort()
    return out


def _longest_rest(items: list[Interval], w0: float, w1: float) -> float:
    """The longest free stretch between clock hours ``w0`` and ``w1``."""
    busy = sorted((max(s, w0), min(e, w1)) for s, e, _, _ in items if e > w0 and s < w1)
    longest, cursor = 0.0, w0
    for s, e in busy:
        longest = max(longest, s - cursor)
        cursor = max(cursor, e)
    return max(longest, w1 - cursor)


def person_problems(
    problem: RosterProblem, member: StaffMember, items: list[Interval]
) -> list[tuple[str, int, str]]:
    """The broken rules in one person's shifts, given as sorted (start, end, day, shift) clock intervals."""
    rules = problem.rules
    out: list[tuple[str, int, str]] = []
    days = [d for _, _, d, _ in items]
    for d in sorted({d for d in days if days.count(d) > 1}):
        out.append(("one_shift_per_day", d, f"{days.count(d)} shifts"))
    for (_s1, e1, d1, sh1), (s2, _e2, d2, sh2) in itertools.pairwise(items):
        if s2 - e1 < rules.daily_rest_hours:
            out.append(("daily_rest", d2, f"{s2 - e1:g} h after {sh1.code}"))
        if is_night(sh1) and is_day(sh2) and d2 == d1 + 1:
            out.append(("night_then_day", d2, f"{sh1.code} → {sh2.code}"))
    for _start, _end, day, shift in items:
        if is_night(shift) and not member.nights:
            out.append(("nights_not_allowed", day, shift.code))
        if shift.hours > rules.max_shift_hours + 1e-9:
            out.append(("shift_length", day, f"{shift.code} {shift.hours:g} h > {rules.max_shift_hours:g} h"))
    for week in range(problem.weeks):
        longest = _longest_rest(items, week * HOURS_PER_WEEK, (week + 1) * HOURS_PER_WEEK)
        if longest < rules.weekly_rest_hours:
            out.append(("weekly_rest", week * 7, f"longest rest {longest:g} h in week {week + 1}"))
    worked = sorted(set(days))
    run = 0
    for i, d in enumerate(worked):
        run = run + 1 if i and d == worked[i - 1] + 1 else 1
        if run == rules.max_consecutive_days + 1:
            out.append(("consecutive_days", d, f"{run} days in a row"))
    hours = sum(e - s for s, e, _, _ in items)
    limit = problem.contract_hours(member) + rules.contract_tolerance_hours
    if hours > limit + 1e-9:
        out.append(("contract_hours", problem.days - 1, f"{hours:g} h > {limit:g} h"))
    return out


def _unknown_rows(problem: RosterProblem, assignments: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows that name an unknown person or shift, or a day outside the roster."""
    members = {m.id for m in problem.staff}
    codes = {s.code for s in problem.shifts}
    found = []
    for row in assignments.itertuples(index=False):
        staff_id, day = str(row.staff_id), int(row.day)
        broken = [
            ("unknown_staff", staff_id, staff_id not in members),
            ("unknown_shift", str(row.shift), row.shift not in codes),
            ("outside_period", str(row.day), not 0 <= day < problem.days),
        ]
        found += [
            {"staff_id": staff_id, "rule": rule, "day": day, "detail": detail}
            for rule, detail, bad in broken
            if bad
        ]
    return found


def check_roster(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """Every broken hard rule as a row (``staff_id``, ``rule``, ``day``, ``detail``). Empty means legal.

    It works from the shifts' clock times, independently of how the solver models the rules.
    """
    problems = _unknown_rows(problem, assignments)
    if not problems:
        members = {m.id: m for m in problem.staff}
        for staff_id, items in intervals(problem, assignments).items():
            for rule, day, detail in person_problems(problem, members[staff_id], items):
                problems.append({"staff_id": staff_id, "rule": rule, "day": day, "detail": detail})
    return pd.DataFrame(problems, columns=VIOLATION_COLUMNS)
