"""A local search that improves a legal roster quickly, while CP-SAT proves the bound (see :mod:`.cpsat`).

CP-SAT's own neighbourhoods free random variables; a roster gets better through moves a planner would
make: give a shift to someone else or move it to another day, swap two people's days, hand a whole weekend
over and take weekday shifts back so that both keep their hours, let one person work both days of a
weekend instead of two people one day each, trade nights between night workers. The search tries such
moves by the hundred thousand (simulated annealing: a worse roster is accepted now and then, less and less
often). It keeps every roster legal under the model's own rules, clause for clause, and counts the model's
own objective, so the bound CP-SAT proves holds for its rosters.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from .problem import (
    SCALE,
    RosterProblem,
    forbidden_pairs,
    is_evening,
    is_night,
    rest_single_day,
    shift_lengths,
)

FREE = -1
#: How often each kind of move is tried, as cumulative shares in the order of ``RosterSearch.moves``; the
#: rest are swaps of a few days. Chosen by measurement on the exercise's roster.
MOVES = (0.2, 0.4, 0.55, 0.65, 0.8, 0.87, 0.94)
#: How many people pass shifts along when a weekend is joined (drawn from these, equally likely).
CHAIN = (0, 0, 1, 2)


class RosterSearch:
    """Simulated annealing over one roster, in place. ``rows`` are ``(staff_id, day, shift)`` of a legal
    roster; :meth:`run` improves it and :meth:`best_rows` returns the best one seen."""

    def __init__(self, problem: RosterProblem, rows: list[tuple[str, int, str]], *, seed: int = 0) -> None:
        self.problem = problem
        self.rng = random.Random(seed)
        self.people, self.days, self.kinds = len(problem.staff), problem.days, len(problem.shifts)
        self._rules(problem)
        self._goals(problem)
        self.moves = (
            self._change_one,
            self._swap_one_day,
            self._hand_over_weekend,
            self._join_weekend,
            self._trade_weekend,
            self._trade_nights,
            self._relocate,
        )
        self.grid = [[FREE] * self.days for _ in range(self.people)]
        index = {m.id: e for e, m in enumerate(problem.staff)}
        codes = {s.code: j for j, s in enumerate(problem.shifts)}
        for staff_id, day, code in rows:
            self.grid[index[staff_id]][int(day)] = codes[code]
        self._count()
        self.value = self.objective()
        self.best_value, self.best_grid = self.value, [row[:] for row in self.grid]

    def _rules(self, problem: RosterProblem) -> None:
        rules, shifts = problem.rules, problem.shifts
        self.length = shift_lengths(problem)
        self.night = [is_night(s) for s in shifts]
        self.evening = [is_evening(s) for s in shifts]
        self.allowed = [[problem.allowed(m, s) for s in shifts] for m in problem.staff]
        self.options = [[FREE, *(j for j in range(self.kinds) if ok[j])] for ok in self.allowed]
        self.forbidden = {1: set(), 2: set()}
        for j1, j2, gap in forbidden_pairs(problem):
            self.forbidden[gap].add((j1, j2))
        around = [None, *shifts]
        self.rest_ok = {
            (first, last): [
                [rest_single_day(a, b, shifts, first, last) >= rules.weekly_rest_hours for b in around]
                for a in around
            ]
            for first in (False, True)
            for last in (False, True)
        }
        self.max_run = rules.max_consecutive_days
        self.contract = [round(problem.contract_hours(m) * SCALE) for m in problem.staff]
        tolerance = round(rules.contract_tolerance_hours * SCALE)
        self.cap = [c + tolerance for c in self.contract]

    def _goals(self, problem: RosterProblem) -> None:
        self.w = problem.weights
        self.need = problem.need_matrix.tolist()
        self.target = problem.weekend_target()
        self.night_staff = [e for e, m in enumerate(problem.staff) if m.nights]
        self.count_nights = any(self.night) and len(self.night_staff) > 1
        self.share = problem.evening_shares()
        self.count_evenings = any(self.evening)
        self.days_off = [set(m.days_off) for m in problem.staff]
        self.avoid = [[s.code in m.avoid for s in problem.shifts] for m in problem.staff]

    def _count(self) -> None:
        self.on_duty = [[0] * self.kinds for _ in range(self.days)]
        for row in self.grid:
            for d, j in enumerate(row):
                if j != FREE:
                    self.on_duty[d][j] += 1
        self.hours = [sum(self.length[j] for j in row if j != FREE) for row in self.grid]
        #: weekend days worked per person and week, and weekends worked per person
        self.weekend_days = [
            [(row[7 * k + 5] != FREE) + (row[7 * k + 6] != FREE) for k in range(self.days // 7)]
            for row in self.grid
        ]
        self.weekends = [sum(1 for n in worked if n) for worked in self.weekend_days]
        self.nights = [sum(1 for j in row if j != FREE and self.night[j]) for row in self.grid]
        self.evenings = [sum(1 for j in row if j != FREE and self.evening[j]) for row in self.grid]

    # --- rules ----------------------------------------------------------------------------------------------

    def legal(self, e: int, first: int, last: int) -> bool:
        """Does person e keep every rule after a change to days ``first``..``last``?"""
        row, days = self.grid[e], self.days
        if self.hours[e] > self.cap[e]:
            return False
        for d in range(max(0, first - 2), min(days, last + 1)):
            j = row[d]
            if j == FREE:
                continue
            if d + 1 < days and row[d + 1] != FREE and (j, row[d + 1]) in self.forbidden[1]:
                return False
            if d + 2 < days and row[d + 2] != FREE and (j, row[d + 2]) in self.forbidden[2]:
                return False
        run = 0
        for d in range(max(0, first - self.max_run), min(days, last + self.max_run + 1)):
            run = run + 1 if row[d] != FREE else 0
            if run > self.max_run:
                return False
        weeks = range(max(0, first - 1) // 7, min(days - 1, last + 1) // 7 + 1)
        return all(self._rested(row, week) for week in weeks)

    def _rested(self, row: list[int], week: int) -> bool:
        """Is some free day of the week surrounded by enough rest (counted as the model counts it)?"""
        for d in range(7 * week, 7 * week + 7):
            if row[d] != FREE:
                continue
            before = row[d - 1] + 1 if d > 0 and row[d - 1] != FREE else 0
            after = row[d + 1] + 1 if d + 1 < self.days and row[d + 1] != FREE else 0
            if self.rest_ok[d % 7 == 0, d % 7 == 6][before][after]:
                return True
        return False

    # --- the objective (the model's, term by term) ----------------------------------------------------------

    def _cell(self, d: int, j: int) -> int:
        short = self.need[d][j] - self.on_duty[d][j]
        weight = self.w.understaffed_hour if short > 0 else -self.w.overstaffed_hour
        return weight * short * self.length[j]

    def _person(self, e: int) -> int:
        w = self.w
        cost = w.unused_contract_hour * max(0, self.contract[e] - self.hours[e])
        cost += w.weekend_over_target * max(0, self.weekends[e] - self.target)
        if self.count_evenings:
            cost += w.evening_deviation * abs(self.evenings[e] - self.share[e])
        return cost

    def _wish(self, e: int, d: int) -> int:
        j = self.grid[e][d]
        if j == FREE:
            return 0
        return self.w.wish_day_off * (d in self.days_off[e]) + self.w.avoided_shift * self.avoid[e][j]

    def _ranges(self) -> int:
        cost = self.w.weekend_range * (max(self.weekends) - min(self.weekends))
        if self.count_nights:
            nights = [self.nights[e] for e in self.night_staff]
            cost += self.w.night_range * (max(nights) - min(nights))
        return cost

    def objective(self) -> int:
        """The CP-SAT model's objective for the current roster."""
        cells = sum(self._cell(d, j) for d in range(self.days) for j in range(self.kinds))
        people = sum(self._person(e) for e in range(self.people))
        wishes = sum(self._wish(e, d) for e in range(self.people) for d in range(self.days))
        return cells + people + wishes + self._ranges()

    # --- changes --------------------------------------------------------------------------------------------

    def _set(self, e: int, d: int, j: int) -> int:
        """Put shift j (or FREE) on person e's day d, keeping every count; returns what was there."""
        old = self.grid[e][d]
        if old != FREE:
            self.on_duty[d][old] -= 1
            self.hours[e] -= self.length[old]
            self.nights[e] -= self.night[old]
            self.evenings[e] -= self.evening[old]
        if j != FREE:
            self.on_duty[d][j] += 1
            self.hours[e] += self.length[j]
            self.nights[e] += self.night[j]
            self.evenings[e] += self.evening[j]
        self.grid[e][d] = j
        if d % 7 >= 5 and (old == FREE) != (j == FREE):
            worked = self.weekend_days[e]
            before = worked[d // 7]
            worked[d // 7] = before + (1 if old == FREE else -1)
            self.weekends[e] += bool(worked[d // 7]) - bool(before)
        return old

    def _local(self, changes: list[tuple[int, int, int]], people: set[int]) -> int:
        """The part of the objective that ``changes`` can move."""
        cells = {(d, k) for e, d, j in changes for k in (self.grid[e][d], j) if k != FREE}
        value = sum(self._cell(d, k) for d, k in cells) + sum(self._person(e) for e in people)
        return value + sum(self._wish(e, d) for e, d, _ in changes) + self._ranges()

    def attempt(self, changes: list[tuple[int, int, int]], temperature: float) -> bool:
        """Make the changes if the roster stays legal and the annealing accepts the new objective."""
        people = {e for e, _, _ in changes}
        before = self._local(changes, people)
        undo = [(e, d, self._set(e, d, j)) for e, d, j in changes]
        if all(self.legal(e, *_span(changes, e)) for e in people):
            delta = self._local(undo, people) - before
            if delta <= 0 or self.rng.random() < math.exp(-delta / temperature):
                self.value += delta
                if self.value < self.best_value:
                    self.best_value, self.best_grid = self.value, [row[:] for row in self.grid]
                return True
        for e, d, old in reversed(undo):
            self._set(e, d, old)
        return False

    # --- moves ----------------------------------------------------------------------------------------------

    def step(self, temperature: float) -> bool:
        """Try one random move."""
        pick = self.rng.random()
        for share, move in zip(MOVES, self.moves):
            if pick < share:
                changes = move()
                break
        else:
            changes = self._swap_days()
        return bool(changes) and self.attempt(changes, temperature)

    def _change_one(self) -> list[tuple[int, int, int]]:
        e, d = self._two()[0], int(self.rng.random() * self.days)
        j = self.rng.choice(self.options[e])
        return [] if j == self.grid[e][d] else [(e, d, j)]

    def _swap(self, e1: int, e2: int, first: int, last: int) -> list[tuple[int, int, int]]:
        """Two people's shifts swapped on days ``first``..``last`` (nothing if one may not work them)."""
        changes = []
        for d in range(max(first, 0), min(last, self.days - 1) + 1):
            j1, j2 = self.grid[e1][d], self.grid[e2][d]
            if j1 == j2:
                continue
            if (j2 != FREE and not self.allowed[e1][j2]) or (j1 != FREE and not self.allowed[e2][j1]):
                return []
            changes += [(e1, d, j2), (e2, d, j1)]
        return changes

    def _relocate(self) -> list[tuple[int, int, int]]:
        """One person's shift moves to another day, to the shift that day is shortest of (or the same)."""
        e = int(self.rng.random() * self.people)
        row = self.grid[e]
        first, second = int(self.rng.random() * self.days), int(self.rng.random() * self.days)
        if row[first] == FREE or row[second] != FREE:
            return []
        short = [self.need[second][j] - self.on_duty[second][j] for j in range(self.kinds)]
        j = max(range(self.kinds), key=short.__getitem__)
        if short[j] <= 0 or not self.allowed[e][j]:
            j = row[first]
        return [(e, first, FREE), (e, second, j)]

    def _two(self) -> tuple[int, int]:
        pick = self.rng.random
        return int(pick() * self.people), int(pick() * self.people)

    def _swap_one_day(self) -> list[tuple[int, int, int]]:
        e1, e2 = self._two()
        day = int(self.rng.random() * self.days)
        return self._swap(e1, e2, day, day) if e1 != e2 else []

    def _swap_days(self) -> list[tuple[int, int, int]]:
        e1, e2 = self._two()
        length = self.rng.randint(2, min(7, self.days))
        first = self.rng.randrange(self.days - length + 1)
        return self._swap(e1, e2, first, first + length - 1) if e1 != e2 else []

    def _saturday(self) -> int:
        return 7 * self.rng.randrange(self.days // 7) + 5

    def _weekend_workers(self, saturday: int) -> tuple[list[int], list[int]]:
        """Who works the weekend starting on ``saturday``, and who does not."""
        week = saturday // 7
        busy, free = [], []
        for e, worked in enumerate(self.weekend_days):
            (busy if worked[week] else free).append(e)
        return busy, free

    def _hand_over_weekend(self) -> list[tuple[int, int, int]]:
        """Someone who works a weekend swaps it, with a few days around it, with someone else."""
        saturday = self._saturday()
        busy, _free = self._weekend_workers(saturday)
        if not busy:
            return []
        e1, e2 = self.rng.choice(busy), self.rng.randrange(self.people)
        if e1 == e2:
            return []
        return self._swap(e1, e2, saturday - self.rng.randint(0, 3), saturday + 1 + self.rng.randint(0, 1))

    def _join_weekend(self) -> list[tuple[int, int, int]]:
        """One person works both days of a weekend instead of two people one day each. The one freed takes
        a weekday shift back, so both keep their hours. When the freed shift cannot follow the joiner's other
        day, up to two people who work that day pass shifts along a chain to make it fit."""
        day = self._saturday() + self.rng.randint(0, 1)
        other = day + 1 if day % 7 == 5 else day - 1
        halves = [e for e in range(self.people) if self.grid[e][day] != FREE and self.grid[e][other] == FREE]
        givers = [e for e in range(self.people) if self.grid[e][other] != FREE and self.grid[e][day] == FREE]
        if not halves or not givers:
            return []
        e1, e2 = self.rng.choice(halves), self.rng.choice(givers)
        working = [e for e in range(self.people) if self.grid[e][other] != FREE and e != e2]
        chain = self.rng.sample(working, min(len(working), self.rng.choice(CHAIN)))
        if e1 in chain:
            return []
        # e1 takes the first link's shift, each link takes the next one's, the last takes e2's
        takers, givers_ = [e1, *chain], [*chain, e2]
        changes = [(e2, other, FREE)]
        for taker, giver in zip(takers, givers_):
            j = self.grid[giver][other]
            if not self.allowed[taker][j]:
                return []
            changes.append((taker, other, j))
        if self.rng.random() < 0.7:
            back = self._weekday_shifts(e1, e2, day, 1)
            changes = changes + back if back else []
        return changes

    def _weekday_shifts(self, giver: int, taker: int, near: int, count: int) -> list[tuple[int, int, int]]:
        """``count`` weekday shifts near day ``near`` moved from ``giver`` to ``taker`` (who is free then)."""
        days = [
            d
            for d in range(max(0, near - 12), min(self.days, near + 10))
            if d % 7 < 5
            and self.grid[giver][d] != FREE
            and self.grid[taker][d] == FREE
            and self.allowed[taker][self.grid[giver][d]]
        ]
        if len(days) < count:
            return []
        moves = [((taker, d, self.grid[giver][d]), (giver, d, FREE)) for d in self.rng.sample(days, count)]
        return [change for pair in moves for change in pair]

    def _trade_weekend(self) -> list[tuple[int, int, int]]:
        """A weekend changes hands for weekday shifts: the one who takes it gives as many weekdays back.
        Half the time it goes from someone with the most weekends to someone with the fewest."""
        saturday = self._saturday()
        busy, free = self._weekend_workers(saturday)
        if not busy or not free:
            return []
        if self.rng.random() < 0.5:
            most, fewest = max(self.weekends[e] for e in busy), min(self.weekends[e] for e in free)
            busy = [e for e in busy if self.weekends[e] == most]
            free = [e for e in free if self.weekends[e] == fewest]
        e1, e2 = self.rng.choice(busy), self.rng.choice(free)
        changes = []
        for d in (saturday, saturday + 1):
            j = self.grid[e1][d]
            if j != FREE:
                if not self.allowed[e2][j]:
                    return []
                changes += [(e1, d, FREE), (e2, d, j)]
        back = self._weekday_shifts(e2, e1, saturday, len(changes) // 2)
        return changes + back if back else []

    def _trade_nights(self) -> list[tuple[int, int, int]]:
        """A run of up to three days around a night changes hands between two night workers; half the
        time from the one with the most nights to one with the fewest."""
        if not self.count_nights:
            return []
        day = self.rng.randrange(self.days)
        workers = [e for e in self.night_staff if self.grid[e][day] != FREE and self.night[self.grid[e][day]]]
        if not workers:
            return []
        e1, e2 = self.rng.choice(workers), self.rng.choice(self.night_staff)
        if self.rng.random() < 0.5:
            nights = [self.nights[e] for e in self.night_staff]
            if self.nights[e1] != max(nights):
                return []
            e2 = self.rng.choice([e for e in self.night_staff if self.nights[e] == min(nights)])
        if e1 == e2:
            return []
        length = self.rng.randint(1, 3)
        first = day - self.rng.randint(0, length - 1)
        return self._swap(e1, e2, first, first + length - 1)

    # --- running --------------------------------------------------------------------------------------------

    def run(
        self,
        seconds: float,
        *,
        steps: int | None = None,
        hot: float = 15.0,
        cold: float = 0.2,
        stop: Callable[[], bool] | None = None,
        on_better: Callable[[int], None] | None = None,
    ) -> int:
        """Anneal for ``seconds`` of wall time (or ``steps`` moves, whichever ends first: a count of steps
        makes a run repeatable), from temperature ``hot`` down to ``cold`` (in objective points);
        ``stop()`` ends it early. ``on_better`` hears of a better best at most five times a second.
        Returns the best objective."""
        started = last_report = time.perf_counter()
        reported, done = self.best_value, 0
        while not (stop and stop()):
            progress = (time.perf_counter() - started) / seconds
            if steps is not None:
                progress = max(progress, done / steps)
            if progress >= 1:
                break
            temperature = hot * (cold / hot) ** progress
            for _ in range(100):
                self.step(temperature)
            done += 100
            if on_better and self.best_value < reported and time.perf_counter() - last_report > 0.2:
                reported, last_report = self.best_value, time.perf_counter()
                on_better(self.best_value)
        if on_better and self.best_value < reported:
            on_better(self.best_value)
        return self.best_value

    def best_rows(self) -> list[tuple[str, int, str]]:
        """The best roster seen, as ``(staff_id, day, shift)`` rows."""
        staff, shifts = self.problem.staff, self.problem.shifts
        return [
            (staff[e].id, d, shifts[j].code)
            for e, row in enumerate(self.best_grid)
            for d, j in enumerate(row)
            if j != FREE
        ]


def _span(changes: list[tuple[int, int, int]], e: int) -> tuple[int, int]:
    days = [d for person, d, _ in changes if person == e]
    return min(days), max(days)
