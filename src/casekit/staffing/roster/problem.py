"""The roster problem: who can work, which days, how many staff each shift needs, and what the soft goals
weigh. Every other roster module (the checker, the greedy roster, the search, the CP-SAT model and the
report) works from a :class:`RosterProblem`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import StaffingError
from ..model import DEFAULT_SHIFTS, PayRates, RosterRules, Shift, StaffMember, check_shifts

HOURS_PER_WEEK = 168.0
SCALE = 4  # the objective counts quarter-hours so 7.5-hour shifts stay whole numbers


def is_night(shift: Shift) -> bool:
    """A shift that runs past midnight."""
    return shift.end > 24.0


def is_day(shift: Shift) -> bool:
    """A shift that starts in the morning and ends the same day."""
    return shift.start < 12.0 and shift.end <= 24.0


def is_evening(shift: Shift) -> bool:
    """A shift that is neither a day nor a night shift."""
    return not is_night(shift) and not is_day(shift)


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
        self.staff = tuple(self.staff)
        self.shifts = check_shifts(self.shifts)
        self._check_shift_lengths()
        self._check_staff()
        codes = [s.code for s in self.shifts]
        missing = sorted({"date", "shift", "staff"} - set(self.need.columns))
        if missing:
            raise StaffingError("staffing.error.missing_column", column=", ".join(missing))
        unknown = sorted(set(self.need["shift"]) - set(codes))
        if unknown:
            raise StaffingError(
                "staffing.error.unknown_shift", value=", ".join(unknown), choices=", ".join(codes)
            )
        self.dates = _whole_weeks(self.need["date"])
        self.need_matrix = _need_matrix(self.need, self.dates, codes)
        self._check_wishes(codes)

    def _check_shift_lengths(self) -> None:
        """A shift longer than the averaging agreement allows can never be rostered lawfully: say so."""
        for s in self.shifts:
            if s.hours > self.rules.max_shift_hours + 1e-9:
                raise StaffingError(
                    "staffing.error.shift_too_long",
                    shift=s.code,
                    hours=s.hours,
                    maximum=self.rules.max_shift_hours,
                )

    def _check_staff(self) -> None:
        if not self.staff:
            raise StaffingError("staffing.error.no_staff")
        ids = [m.id for m in self.staff]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise StaffingError("staffing.error.duplicate_staff", ids=", ".join(dupes))

    def _check_wishes(self, codes: list[str]) -> None:
        for m in self.staff:
            bad = [d for d in m.days_off if not 0 <= d < len(self.dates)]
            if bad:
                raise StaffingError("staffing.error.wish_day", staff=m.name, day=bad[0], days=len(self.dates))
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

    def weekend_target(self) -> int:
        """Weekends each person should work at most: every ``weekend_every``-th weekend, at least one."""
        return max(1, -(-self.weeks // self.rules.weekend_every))

    def evening_shares(self) -> list[int]:
        """Each person's fair number of evening shifts: the planned evenings in proportion to contract."""
        evening_js = [j for j, s in enumerate(self.shifts) if is_evening(s)]
        total = float(self.need_matrix[:, evening_js].sum()) if evening_js else 0.0
        contracts = sum(m.contract for m in self.staff)
        return [round(total * m.contract / contracts) for m in self.staff]


def rest_single_day(
    prev: Shift | None, nxt: Shift | None, shifts: tuple[Shift, ...], clip_start: bool, clip_end: bool
) -> float:
    """Free hours around one free day d (hours counted from d 00:00): from the end of the previous day's
    shift (None: that day is free too) to the start of the next day's shift (None: free too), clipped to the
    calendar week when d is its Monday (``clip_start``) or Sunday (``clip_end``).

    A free neighbour is counted pessimistically (as if a night shift had spilled into it, or the earliest
    shift followed it), so the solver and the search never count on rest that the checker would not find."""
    free_from = prev.end - 24.0 if prev is not None else max(s.end for s in shifts) - 48.0
    if clip_start:
        free_from = max(free_from, 0.0)
    free_to = 24.0 + nxt.start if nxt is not None else 48.0 + min(s.start for s in shifts)
    if clip_end:
        free_to = min(free_to, 24.0)
    return free_to - free_from


def forbidden_pairs(problem: RosterProblem) -> list[tuple[int, int, int]]:
    """(shift on day d, shift on day d + gap, gap) pairs that break the daily rest or put a day shift
    straight after a night."""
    rules, shifts = problem.rules, problem.shifts
    found = []
    for j1, s1 in enumerate(shifts):
        for j2, s2 in enumerate(shifts):
            for gap in (1, 2):
                rest = 24.0 * gap + s2.start - s1.end
                if rest < rules.daily_rest_hours or (gap == 1 and is_night(s1) and is_day(s2)):
                    found.append((j1, j2, gap))
    return found


def shift_lengths(problem: RosterProblem) -> list[int]:
    """Each shift's length in quarter-hours."""
    return [round(s.hours * SCALE) for s in problem.shifts]


def _whole_weeks(values: pd.Series) -> pd.DatetimeIndex:
    """The roster's dates: whole weeks from a Monday, without gaps."""
    dates = pd.DatetimeIndex(sorted(pd.to_datetime(values).unique()))
    if len(dates) == 0 or dates[0].day_of_week != 0 or len(dates) % 7:
        raise StaffingError(
            "staffing.error.roster_weeks", start=str(dates[0].date()) if len(dates) else "-", days=len(dates)
        )
    expected = pd.date_range(dates[0], periods=len(dates), freq="D")
    if not dates.equals(expected):
        raise StaffingError(
            "staffing.error.gaps",
            model="need",
            count=len(expected) - len(dates),
            first=str(expected.difference(dates)[0].date()),
        )
    return dates


def _need_matrix(need: pd.DataFrame, dates: pd.DatetimeIndex, codes: list[str]) -> np.ndarray:
    """Staff needed per day (rows) and shift (columns), checked to be whole and not negative."""
    table = need.assign(date=pd.to_datetime(need["date"])).pivot_table(
        index="date", columns="shift", values="staff", aggfunc="sum"
    )
    table = table.reindex(index=dates, columns=codes)
    if table.isna().any().any():
        row = table[table.isna().any(axis=1)].index[0]
        raise StaffingError("staffing.error.need_missing", date=str(row.date()))
    values = table.to_numpy(dtype=float)
    if (values < 0).any() or (values != np.round(values)).any():
        raise StaffingError("staffing.error.need_whole")
    return values.astype(int)


def assignment_frame(problem: RosterProblem, rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    """A roster as a DataFrame (``staff_id``, ``name``, ``day``, ``shift``, ``date``) from
    ``(staff_id, day, shift)`` rows, sorted by day and person."""
    names = {m.id: m.name for m in problem.staff}
    frame = pd.DataFrame(rows, columns=["staff_id", "day", "shift"])
    frame.insert(1, "name", frame["staff_id"].map(names))
    frame["date"] = (
        problem.dates[frame["day"].to_numpy()] if len(frame) else pd.Series([], dtype="datetime64[ns]")
    )
    return frame.sort_values(["day", "staff_id"]).reset_index(drop=True)
