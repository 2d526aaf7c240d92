"""A roster for named staff: OR-Tools CP-SAT (imported only when solving), a manual-style greedy roster
to compare with, and an independent rule checker.

Hard rules (never broken; :func:`check_roster` verifies them without using the solver's model):

- at most one shift per person and day;
- 11 hours' rest between shifts (Working Environment Act § 10-8 (1));
- 35 hours' continuous rest within every calendar week of the roster (§ 10-8 (2)); the week before the
  roster is taken to end without a night shift;
- no night shift followed by a day shift;
- at most ``max_consecutive_days`` working days in a row;
- rostered hours no more than the contract (position size × 35.5 h/week) plus a small tolerance; hours
  below the contract are paid anyway and reported as *unused contract hours*;
- nights only for staff who work nights.

Soft goals (weighed in the objective): cover the planned staff per shift, spread weekends fairly (every
third weekend is the norm), spread nights and evenings fairly, respect wishes, use the contracted hours.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import (
    DEFAULT_SHIFTS,
    PayRates,
    RosterRules,
    Shift,
    StaffingError,
    StaffMember,
    WorkloadSettings,
    check_shifts,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

HOURS_PER_WEEK = 168.0
SCALE = 4  # the objective counts quarter-hours so 7.5-hour shifts stay whole numbers

FIRST_NAMES = (
    "Aud", "Berit", "Camilla", "Dag", "Eli", "Frida", "Geir", "Hanne", "Ingrid", "Jonas", "Kari", "Lars",
    "Mona", "Nils", "Oda", "Per", "Ragnhild", "Sara", "Tone", "Unni", "Vidar", "Wenche", "Yasmin", "Åse",
    "Ahmed", "Bodil", "Cecilie", "Daniel", "Elin", "Fatima", "Gunn", "Hilde", "Ida", "Jorunn", "Kjersti",
    "Linn", "Marit", "Nora", "Ole", "Anita",
)  # fmt: skip


def is_night(shift: Shift) -> bool:
    """A shift that runs past midnight."""
    return shift.end > 24.0


def is_day(shift: Shift) -> bool:
    """A shift that starts in the morning and ends the same day."""
    return shift.start < 12.0 and shift.end <= 24.0


@dataclass(frozen=True)
class RosterWeights:
    """Weights of the soft goals (points per unit); coverage dominates, the rest breaks ties fairly."""

    understaffed_hour: int = 100
    overstaffed_hour: int = 2
    unused_contract_hour: int = 4
    weekend_over_target: int = 60
    weekend_range: int = 40
    night_range: int = 20
    evening_deviation: int = 6
    wish_day_off: int = 30
    avoided_shift: int = 10


@dataclass
class RosterProblem:
    """Who can work, which days, and how many staff each shift needs.

    ``need`` is a DataFrame with ``date``, ``shift`` and ``staff`` (whole numbers), for example the plan
    from :func:`casekit.staffing.shifts.optimise_shift_counts`. The roster starts on ``need``'s first
    date, which must be a Monday, and covers whole weeks.
    """

    staff: tuple[StaffMember, ...]
    need: pd.DataFrame
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS
    rules: RosterRules = field(default_factory=RosterRules)
    pay: PayRates = field(default_factory=PayRates)
    weights: RosterWeights = field(default_factory=RosterWeights)

    def __post_init__(self) -> None:
        import numpy as np
        import pandas as pd

        self.staff = tuple(self.staff)
        self.shifts = check_shifts(self.shifts)
        if not self.staff:
            raise StaffingError("staffing.error.no_staff")
        ids = [m.id for m in self.staff]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise StaffingError("staffing.error.duplicate_staff", ids=", ".join(dupes))
        missing = sorted({"date", "shift", "staff"} - set(self.need.columns))
        if missing:
            raise StaffingError("staffing.error.missing_column", column=", ".join(missing))
        codes = [s.code for s in self.shifts]
        unknown = sorted(set(self.need["shift"]) - set(codes))
        if unknown:
            raise StaffingError(
                "staffing.error.unknown_shift", value=", ".join(unknown), choices=", ".join(codes)
            )
        dates = pd.DatetimeIndex(sorted(pd.to_datetime(self.need["date"]).unique()))
        if len(dates) == 0 or dates[0].day_of_week != 0 or len(dates) % 7:
            raise StaffingError(
                "staffing.error.roster_weeks",
                start=str(dates[0].date()) if len(dates) else "-",
                days=len(dates),
            )
        expected = pd.date_range(dates[0], periods=len(dates), freq="D")
        if not dates.equals(expected):
            raise StaffingError(
                "staffing.error.gaps",
                model="need",
                count=len(expected) - len(dates),
                first=str(expected.difference(dates)[0].date()),
            )
        table = self.need.assign(date=pd.to_datetime(self.need["date"])).pivot_table(
            index="date", columns="shift", values="staff", aggfunc="sum"
        )
        table = table.reindex(index=dates, columns=codes)
        if table.isna().any().any():
            row = table[table.isna().any(axis=1)].index[0]
            raise StaffingError("staffing.error.need_missing", date=str(row.date()))
        values = table.to_numpy(dtype=float)
        if (values < 0).any() or (values != np.round(values)).any():
            raise StaffingError("staffing.error.need_whole")
        self.dates = dates
        self.need_matrix = values.astype(int)
        for m in self.staff:
            bad = [d for d in m.days_off if not 0 <= d < len(dates)]
            if bad:
                raise StaffingError("staffing.error.wish_day", staff=m.name, day=bad[0], days=len(dates))
            bad_codes = sorted(set(m.avoid) - set(codes))
            if bad_codes:
                raise StaffingError(
                    "staffing.error.unknown_shift", value=", ".join(bad_codes), choices=", ".join(codes)
                )

    @property
    def days(self) -> int:
        return len(self.dates)

    @property
    def weeks(self) -> int:
        return self.days // 7

    def contract_hours(self, member: StaffMember) -> float:
        return member.contract_hours(self.weeks, self.pay)

    def allowed(self, member: StaffMember, shift: Shift) -> bool:
        return member.nights or not is_night(shift)


# --- the independent checker --------------------------------------------------------------------------------


def _intervals(
    problem: RosterProblem, assignments: pd.DataFrame
) -> dict[str, list[tuple[float, float, int, Shift]]]:
    by_code = {s.code: s for s in problem.shifts}
    out: dict[str, list[tuple[float, float, int, Shift]]] = {m.id: [] for m in problem.staff}
    for row in assignments.itertuples(index=False):
        shift = by_code[row.shift]
        start = 24.0 * int(row.day) + shift.start
        out.setdefault(str(row.staff_id), []).append((start, start + shift.hours, int(row.day), shift))
    for items in out.values():
        items.sort()
    return out


def _person_problems(
    problem: RosterProblem, member: StaffMember, items: list[tuple[float, float, int, Shift]]
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
    for week in range(problem.weeks):
        w0, w1 = week * HOURS_PER_WEEK, (week + 1) * HOURS_PER_WEEK
        busy = sorted((max(s, w0), min(e, w1)) for s, e, _, _ in items if e > w0 and s < w1)
        longest, cursor = 0.0, w0
        for s, e in busy:
            longest = max(longest, s - cursor)
            cursor = max(cursor, e)
        longest = max(longest, w1 - cursor)
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


def check_roster(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """Every broken hard rule as a row (``staff_id``, ``rule``, ``day``, ``detail``). Empty means legal.

    It works from the shifts' clock times, independently of how the solver models the rules.
    """
    import pandas as pd

    problems: list[dict[str, Any]] = []

    def flag(staff_id: str, rule: str, day: int, detail: str) -> None:
        problems.append({"staff_id": staff_id, "rule": rule, "day": day, "detail": detail})

    members = {m.id: m for m in problem.staff}
    codes = {s.code for s in problem.shifts}
    for row in assignments.itertuples(index=False):
        if str(row.staff_id) not in members:
            flag(str(row.staff_id), "unknown_staff", int(row.day), str(row.staff_id))
        if row.shift not in codes:
            flag(str(row.staff_id), "unknown_shift", int(row.day), str(row.shift))
        if not 0 <= int(row.day) < problem.days:
            flag(str(row.staff_id), "outside_period", int(row.day), str(row.day))
    if problems:
        return pd.DataFrame(problems, columns=["staff_id", "rule", "day", "detail"])
    for staff_id, items in _intervals(problem, assignments).items():
        for rule, day, detail in _person_problems(problem, members[staff_id], items):
            flag(staff_id, rule, day, detail)
    return pd.DataFrame(problems, columns=["staff_id", "rule", "day", "detail"])


# --- a manual-style roster ----------------------------------------------------------------------------------


def greedy_roster(
    problem: RosterProblem, need: Any = None, *, fair: bool = False, fill: bool = True
) -> pd.DataFrame:
    """The roster a planner might fill in by hand: day by day, nights first, each open shift goes to the
    legally available person with the most contract hours left (wishes respected when someone else can
    take the shift). It follows the hard rules but does not look ahead for fairness or cover.

    With ``fair=True`` weekend and night shifts go first to those with the fewest so far (the solver's
    starting point). With ``fill=True`` a last pass adds weekday day shifts until each person's contract
    is used, as a planner does when a turnus must add up to each position."""
    import numpy as np

    need = problem.need_matrix if need is None else np.asarray(need, dtype=int)
    rules = problem.rules
    order = sorted(range(len(problem.shifts)), key=lambda j: (not is_night(problem.shifts[j]), j))
    state = {
        m.id: {
            "hours": 0.0,
            "last_end": -1e9,
            "last": None,
            "last_day": -10,
            "run": 0,
            "rested": set(),
            "weekends": set(),
            "nights": 0,
        }
        for m in problem.staff
    }
    rows = []
    for day in range(problem.days):
        week = day // 7
        w0, w1 = week * HOURS_PER_WEEK, (week + 1) * HOURS_PER_WEEK
        busy_today: set[str] = set()
        for j in order:
            shift = problem.shifts[j]
            start, end = 24.0 * day + shift.start, 24.0 * day + shift.end
            candidates = []
            for m in problem.staff:
                st = state[m.id]
                if m.id in busy_today or not problem.allowed(m, shift):
                    continue
                if start - st["last_end"] < rules.daily_rest_hours:
                    continue
                if (
                    st["last"] is not None
                    and is_night(st["last"])
                    and is_day(shift)
                    and st["last_day"] == day - 1
                ):
                    continue
                run = st["run"] + 1 if st["last_day"] == day - 1 else 1
                if run > rules.max_consecutive_days:
                    continue
                limit = problem.contract_hours(m) + rules.contract_tolerance_hours
                if st["hours"] + shift.hours > limit + 1e-9:
                    continue
                gap = start - max(st["last_end"], w0)
                if (
                    week not in st["rested"]
                    and gap < rules.weekly_rest_hours
                    and w1 - end < rules.weekly_rest_hours
                ):
                    continue
                left = problem.contract_hours(m) - st["hours"]
                wish = (day in m.days_off) + 0.5 * (shift.code in m.avoid)
                # Saturday's people are asked first on Sunday: a weekend is worked as a whole
                burden = -100 * (day % 7 == 6 and week in st["weekends"])
                if fair:
                    if day % 7 >= 5:
                        burden += 3 * (len(st["weekends"]) - (week in st["weekends"]))
                    if is_night(shift):
                        burden += st["nights"]
                candidates.append((wish, burden, -left / max(problem.contract_hours(m), 1e-9), m.id))
            for *_rank, staff_id in sorted(candidates)[: need[day, j]]:
                st = state[staff_id]
                if day % 7 >= 5:
                    st["weekends"].add(week)
                st["nights"] += is_night(shift)
                gap = start - max(st["last_end"], w0)
                if gap >= rules.weekly_rest_hours:
                    st["rested"].add(week)
                st["run"] = st["run"] + 1 if st["last_day"] == day - 1 else 1
                st.update(hours=st["hours"] + shift.hours, last_end=end, last=shift, last_day=day)
                busy_today.add(staff_id)
                rows.append((staff_id, day, shift.code))
        for m in problem.staff:  # a week whose last free stretch reaches Sunday midnight is rested
            st = state[m.id]
            if day % 7 == 6 and w1 - max(st["last_end"], w0) >= rules.weekly_rest_hours:
                st["rested"].add(week)
    if fill:
        rows = _fill_contracts(problem, rows)
    return _assignment_frame(problem, rows)


def _fill_contracts(problem: RosterProblem, rows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Give people their contracted hours: add weekday day shifts (extra staff on the busiest days first)
    while every rule still holds for that person and at least one whole shift of contract is unused."""
    by_code = {s.code: s for s in problem.shifts}
    day_shifts = [s for s in problem.shifts if is_day(s)]
    if not day_shifts:
        return rows
    extra_shift = day_shifts[0]
    mine: dict[str, list[tuple[float, float, int, Shift]]] = {m.id: [] for m in problem.staff}
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
            if not _person_problems(problem, m, trial):
                items, hours = trial, hours + extra_shift.hours
                out.append((m.id, day, extra_shift.code))
                load[day] += 1
    return out


def _assignment_frame(problem: RosterProblem, rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    import pandas as pd

    names = {m.id: m.name for m in problem.staff}
    frame = pd.DataFrame(rows, columns=["staff_id", "day", "shift"])
    frame.insert(1, "name", frame["staff_id"].map(names))
    frame["date"] = (
        problem.dates[frame["day"].to_numpy()] if len(frame) else pd.Series([], dtype="datetime64[ns]")
    )
    return frame.sort_values(["day", "staff_id"]).reset_index(drop=True)


# --- CP-SAT -------------------------------------------------------------------------------------------------


@dataclass
class RosterResult:
    """A solved roster: the assignments, the solver status, objective, best bound, gap and wall time."""

    problem: RosterProblem
    assignments: pd.DataFrame
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    time_limit: float

    @property
    def has_roster(self) -> bool:
        return self.status in ("optimal", "feasible")


def _rest_single_day(
    prev: Shift | None, nxt: Shift | None, shifts: tuple[Shift, ...], clip_start: bool, clip_end: bool
) -> float:
    """Free hours around one free day d (hours counted from d 00:00): from the end of the previous day's
    shift (None: that day is free too) to the start of the next day's shift (None: free too), clipped to the
    calendar week when d is its Monday (``clip_start``) or Sunday (``clip_end``).

    A free neighbour is counted pessimistically (as if a night shift had spilled into it, or the earliest
    shift followed it), so the solver never counts on rest that :func:`check_roster` would not find."""
    free_from = prev.end - 24.0 if prev is not None else max(s.end for s in shifts) - 48.0
    if clip_start:
        free_from = max(free_from, 0.0)
    free_to = 24.0 + nxt.start if nxt is not None else 48.0 + min(s.start for s in shifts)
    if clip_end:
        free_to = min(free_to, 24.0)
    return free_to - free_from


def _build_model(problem: RosterProblem) -> tuple[Any, dict[tuple[int, int, int], Any]]:
    """The CP-SAT model of a roster problem and its shift variables x[person, day, shift]."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    staff, shifts, rules, w = problem.staff, problem.shifts, problem.rules, problem.weights
    days, need = problem.days, problem.need_matrix
    n_shifts = len(shifts)
    x: dict[tuple[int, int, int], Any] = {}
    for e, m in enumerate(staff):
        for d in range(days):
            for j, s in enumerate(shifts):
                if problem.allowed(m, s):
                    x[e, d, j] = model.new_bool_var(f"x_{e}_{d}_{j}")
    work: dict[tuple[int, int], Any] = {}
    for e in range(len(staff)):
        for d in range(days):
            lits = [x[e, d, j] for j in range(n_shifts) if (e, d, j) in x]
            work[e, d] = model.new_bool_var(f"w_{e}_{d}")
            model.add(sum(lits) == work[e, d])

    def lit(e: int, d: int, j: int | None) -> Any:
        """The literal 'person e works shift j on day d' (j None: 'is free on day d'); None if impossible."""
        if j is None:
            return work[e, d].Not()
        return x.get((e, d, j))

    # 11 h daily rest and no night followed by a day shift
    for j1, s1 in enumerate(shifts):
        for j2, s2 in enumerate(shifts):
            for gap_days in (1, 2):
                rest = 24.0 * gap_days + s2.start - s1.end
                forbidden = rest < rules.daily_rest_hours or (gap_days == 1 and is_night(s1) and is_day(s2))
                if not forbidden:
                    continue
                for e in range(len(staff)):
                    for d in range(days - gap_days):
                        a, b = lit(e, d, j1), lit(e, d + gap_days, j2)
                        if a is not None and b is not None:
                            model.add_bool_or([a.Not(), b.Not()])
    # 35 h weekly rest: some free day in each week must carry enough rest around it
    options = [*range(n_shifts), None]
    for e in range(len(staff)):
        for week in range(problem.weeks):
            rested = []
            for d in range(week * 7, week * 7 + 7):
                r = model.new_bool_var(f"r_{e}_{d}")
                model.add_implication(r, work[e, d].Not())
                first, last = d == week * 7, d == week * 7 + 6
                for p in options:
                    for q in options:
                        prev_shift = shifts[p] if p is not None else None
                        next_shift = shifts[q] if q is not None else None
                        if d == 0 and p is not None:
                            continue  # nothing is rostered before day 0
                        if d == days - 1 and q is not None:
                            continue
                        rest = _rest_single_day(prev_shift, next_shift, shifts, first, last)
                        if rest >= rules.weekly_rest_hours:
                            continue
                        clause = [r.Not()]
                        if d > 0:
                            a = lit(e, d - 1, p)
                            if a is None:
                                continue
                            clause.append(a.Not())
                        if d < days - 1:
                            b = lit(e, d + 1, q)
                            if b is None:
                                continue
                            clause.append(b.Not())
                        model.add_bool_or(clause)
                rested.append(r)
            model.add_bool_or(rested)
    # maximum consecutive working days
    span = rules.max_consecutive_days + 1
    for e in range(len(staff)):
        for d in range(days - span + 1):
            model.add(sum(work[e, d + k] for k in range(span)) <= rules.max_consecutive_days)
    # contract hours (upper bound hard) and unused contract hours (soft)
    length = [round(s.hours * SCALE) for s in shifts]
    objective = []
    for e, m in enumerate(staff):
        hours = sum(length[j] * x[e, d, j] for d in range(days) for j in range(n_shifts) if (e, d, j) in x)
        contract = round(problem.contract_hours(m) * SCALE)
        model.add(hours <= contract + round(rules.contract_tolerance_hours * SCALE))
        unused = model.new_int_var(0, contract, f"unused_{e}")
        model.add(unused >= contract - hours)
        objective.append(w.unused_contract_hour * unused)
    # coverage
    unders: dict[tuple[int, int], Any] = {}
    for d in range(days):
        for j in range(n_shifts):
            assigned = sum(x[e, d, j] for e in range(len(staff)) if (e, d, j) in x)
            under = unders[d, j] = model.new_int_var(0, int(need[d, j]), f"under_{d}_{j}")
            over = model.new_int_var(0, len(staff), f"over_{d}_{j}")
            model.add(assigned + under - over == int(need[d, j]))
            objective.append(w.understaffed_hour * length[j] * under)
            objective.append(w.overstaffed_hour * length[j] * over)
    # fair weekends (every n-th weekend is the target)
    target = max(1, math.ceil(problem.weeks / rules.weekend_every))
    weekend_counts, excesses = [], []
    flags_by_week: dict[int, list[Any]] = {week: [] for week in range(problem.weeks)}
    for e in range(len(staff)):
        flags = []
        for week in range(problem.weeks):
            flag = model.new_bool_var(f"weekend_{e}_{week}")
            saturday, sunday = work[e, week * 7 + 5], work[e, week * 7 + 6]
            model.add(flag >= saturday)  # linear, so the LP relaxation sees it
            model.add(flag >= sunday)
            model.add(flag <= saturday + sunday)
            flags.append(flag)
            flags_by_week[week].append(flag)
        count = model.new_int_var(0, problem.weeks, f"weekends_{e}")
        model.add(count == sum(flags))
        excess = model.new_int_var(0, problem.weeks, f"weekend_excess_{e}")
        model.add(excess >= count - target)
        objective.append(w.weekend_over_target * excess)
        weekend_counts.append(count)
        excesses.append(excess)
    # redundant cuts that let the LP bound see the weekend burden the cover demands
    for week, flags in flags_by_week.items():
        for d in (week * 7 + 5, week * 7 + 6):
            model.add(sum(flags) >= int(need[d].sum()) - sum(unders[d, j] for j in range(n_shifts)))
    model.add(sum(excesses) >= sum(weekend_counts) - target * len(staff))
    objective.append(w.weekend_range * _range(model, weekend_counts, problem.weeks, "weekend"))
    # fair nights among those who work nights, evenings in proportion to contract
    night_js = [j for j, s in enumerate(shifts) if is_night(s)]
    night_staff = [e for e, m in enumerate(staff) if m.nights]
    if night_js and len(night_staff) > 1:
        counts = []
        for e in night_staff:
            c = model.new_int_var(0, days, f"nights_{e}")
            model.add(c == sum(x[e, d, j] for d in range(days) for j in night_js))
            counts.append(c)
        objective.append(w.night_range * _range(model, counts, days, "night"))
    evening_js = [j for j, s in enumerate(shifts) if not is_night(s) and not is_day(s)]
    if evening_js:
        total = float(need[:, evening_js].sum())
        contracts = sum(m.contract for m in staff)
        for e, m in enumerate(staff):
            share = round(total * m.contract / contracts)
            dev = model.new_int_var(0, days, f"evening_dev_{e}")
            count = sum(x[e, d, j] for d in range(days) for j in evening_js if (e, d, j) in x)
            model.add(dev >= count - share)
            model.add(dev >= share - count)
            objective.append(w.evening_deviation * dev)
    # wishes
    for e, m in enumerate(staff):
        for d in m.days_off:
            objective.append(w.wish_day_off * work[e, d])
        for j, s in enumerate(shifts):
            if s.code in m.avoid:
                objective.extend(w.avoided_shift * x[e, d, j] for d in range(days) if (e, d, j) in x)
    model.minimize(sum(objective))
    return model, x


def _complete_hint(
    model: Any, x: dict[tuple[int, int, int], Any], chosen: set[tuple[int, int, int]], seconds: float
) -> bool:
    """Turn a start roster into a complete hint (every helper variable too), so the search starts from it.

    A short solve with the shift variables fixed fills in the rest; returns False when the start roster
    does not satisfy the model (then it stays a partial hint)."""
    from ortools.sat.python import cp_model

    for key, var in x.items():
        model.add_hint(var, key in chosen)
    helper = cp_model.CpSolver()
    helper.parameters.fix_variables_to_their_hinted_value = True
    helper.parameters.num_workers = 1
    helper.parameters.max_time_in_seconds = max(seconds, 0.1)
    status = helper.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(i)
        model.add_hint(var, helper.value(var))
    return True


def solve_roster(
    problem: RosterProblem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[dict[str, float]], None] | None = None,
    stop: threading.Event | None = None,
    start: pd.DataFrame | None = None,
) -> RosterResult:
    """Solve the roster with CP-SAT within ``time_limit`` seconds of wall time, model building included.

    The search starts from ``start`` (default: a fairness-minded greedy roster), so it always has a legal
    roster to improve. ``on_progress`` is called with ``{"seconds", "objective", "bound"}`` at each better
    roster; setting ``stop`` ends the search early with the best roster so far. The result reports the
    optimality gap: (objective − best bound) ÷ objective, 0 when proved optimal.
    """
    from ortools.sat.python import cp_model

    if not isinstance(time_limit, int | float) or isinstance(time_limit, bool) or time_limit <= 0:
        raise StaffingError("staffing.error.time_limit", value=time_limit)
    started = time.perf_counter()
    model, x = _build_model(problem)
    staff, shifts = problem.staff, problem.shifts
    start = greedy_roster(problem, fair=True) if start is None else start
    index = {m.id: e for e, m in enumerate(staff)}
    codes = {s.code: j for j, s in enumerate(shifts)}
    chosen = {(index[r.staff_id], int(r.day), codes[r.shift]) for r in start.itertuples(index=False)}
    _complete_hint(model, x, chosen, 0.2 * time_limit)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit) - (time.perf_counter() - started))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = int(seed)

    class _Progress(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()

        def on_solution_callback(self) -> None:
            if on_progress is not None:
                on_progress(
                    {
                        "seconds": time.perf_counter() - started,
                        "objective": self.objective_value,
                        "bound": self.best_objective_bound,
                    }
                )

    watcher = None
    finished = threading.Event()
    if stop is not None:  # stop promptly, even while no better roster turns up

        def watch() -> None:
            while not finished.wait(0.1):
                if stop.is_set():
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        status = solver.solve(model, _Progress())
    finally:
        finished.set()
        if watcher is not None:
            watcher.join()
    seconds = time.perf_counter() - started
    name = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }.get(status, "unknown")
    rows = []
    if name in ("optimal", "feasible"):
        for (e, d, j), var in x.items():
            if solver.boolean_value(var):
                rows.append((staff[e].id, d, shifts[j].code))
        objective_value, bound = solver.objective_value, solver.best_objective_bound
        gap = 0.0 if name == "optimal" else abs(objective_value - bound) / max(1.0, abs(objective_value))
    else:
        objective_value, bound, gap = math.nan, math.nan, math.nan
    return RosterResult(
        problem,
        _assignment_frame(problem, rows),
        name,
        objective_value,
        bound,
        gap,
        seconds,
        float(time_limit),
    )


def _range(model: Any, counts: list[Any], top: int, name: str) -> Any:
    """max − min of ``counts`` as a linear expression (bounds only: the objective pushes them tight)."""
    high = model.new_int_var(0, top, f"{name}_max")
    low = model.new_int_var(0, top, f"{name}_min")
    for c in counts:
        model.add(high >= c)
        model.add(low <= c)
    return high - low


# --- reporting ----------------------------------------------------------------------------------------------


def gini(values: Any) -> float:
    """The Gini coefficient of non-negative counts: 0 when all have the same, towards 1 when one has all."""
    import numpy as np

    v = np.sort(np.asarray(values, dtype=float))
    if len(v) == 0 or v.sum() == 0:
        return 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))


def per_person(problem: RosterProblem, assignments: pd.DataFrame) -> pd.DataFrame:
    """One row per person: contract, hours, weekends, nights, evenings, wishes broken, unused hours."""
    import pandas as pd

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
                "evenings": sum(1 for s in shifts if not is_night(s) and not is_day(s)),
                "wishes_broken": len(days & set(m.days_off)) + sum(1 for c in mine["shift"] if c in m.avoid),
                "wishes": len(m.days_off),
            }
        )
    return pd.DataFrame(rows)


def objective_terms(problem: RosterProblem, assignments: pd.DataFrame) -> dict[str, float]:
    """The solver's objective, term by term, recomputed from a roster (points, as the solver counts them).

    The solver's reported objective is never below the sum of these terms; they are equal when its helper
    variables are tight, which they are once the search has settled."""
    import math as _math

    import numpy as np

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
    target = max(1, _math.ceil(problem.weeks / problem.rules.weekend_every))
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
    evening_js = [j for j, s in enumerate(problem.shifts) if not is_night(s) and not is_day(s)]
    if evening_js:
        total = float(problem.need_matrix[:, evening_js].sum())
        contracts = sum(m.contract for m in problem.staff)
        shares = np.array([round(total * m.contract / contracts) for m in problem.staff])
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
    import numpy as np
    import pandas as pd

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
    from .workload import pay_table

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


# --- a team to plan for -------------------------------------------------------------------------------------


#: Position sizes in Norwegian care, where part-time is the norm (assumption; SSB reports that about half of
#: employees in health and care work part-time).
CONTRACT_MIX = ((1.0, 0.35), (0.8, 0.2), (0.75, 0.15), (0.6, 0.15), (0.5, 0.15))


def sample_team(
    size: int = 25, *, seed: int = 7, weeks: int = 6, night_share: float = 0.3
) -> tuple[StaffMember, ...]:
    """A synthetic team with Norwegian first names, a mix of position sizes, some night workers, a couple
    of wished days off each and a few shift preferences. Deterministic for a given seed."""
    import numpy as np

    if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= len(FIRST_NAMES):
        raise StaffingError("staffing.error.team_size", value=size, maximum=len(FIRST_NAMES))
    rng = np.random.default_rng(seed)
    sizes, probs = zip(*CONTRACT_MIX)
    contracts = rng.choice(sizes, size=size, p=probs)
    nights = np.zeros(size, dtype=bool)
    nights[rng.choice(size, size=max(1, round(size * night_share)), replace=False)] = True
    names = [FIRST_NAMES[i] for i in rng.choice(len(FIRST_NAMES), size=size, replace=False)]
    team = []
    for i in range(size):
        days_off = tuple(sorted(int(d) for d in rng.choice(weeks * 7, size=2, replace=False)))
        avoid = ("evening",) if rng.random() < 0.15 else ()
        team.append(
            StaffMember(f"s{i + 1:02d}", names[i], float(contracts[i]), bool(nights[i]), days_off, avoid)
        )
    return tuple(team)


def team_hours(team: tuple[StaffMember, ...], weeks: int, pay: PayRates | None = None) -> float:
    """The team's contracted hours over ``weeks`` weeks."""
    return sum(m.contract_hours(weeks, pay) for m in team)


def district_share(
    care_hours: pd.Series,
    team: tuple[StaffMember, ...],
    settings: WorkloadSettings | None = None,
    shifts: tuple[Shift, ...] = DEFAULT_SHIFTS,
    pay: PayRates | None = None,
    utilisation: float = 0.95,
) -> float:
    """The share of a municipality's care hours that a team can carry: the team's contracted hours (times
    ``utilisation``) over the rostered hours the workload method asks for. Used to plan one district."""
    settings = settings or WorkloadSettings()
    weeks = max(1, len(care_hours) // 7)
    needed = float(care_hours.sum()) / settings.productive_share / (1.0 - settings.absence_rate)
    if needed <= 0:
        raise StaffingError("staffing.error.no_demand")
    return min(1.0, utilisation * team_hours(team, weeks, pay) / needed)
