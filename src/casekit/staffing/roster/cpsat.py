"""The roster as an OR-Tools CP-SAT model (OR-Tools is imported only here, and only when a model is built).

The hard rules become constraints on Boolean shift variables ``x[person, day, shift]``; the soft goals
become one weighted objective, counted in points (see :class:`~.problem.RosterWeights`):

- cover: understaffed and overstaffed staff-quarter-hours per day and shift, as integer slack with tight
  bounds (at most the need below, at most the team above);
- contract: unused contract quarter-hours per person, with a cut that knows shifts come in whole lengths;
- weekends: weekends over the target per person, and the range (most minus fewest) across the team;
- nights: the range of nights among those who work nights; evenings: the distance from a share in
  proportion to the contract;
- wishes: wished days off worked and avoided shifts worked.

The model is deliberately a little stricter than :func:`~.rules.check_roster` about weekly rest (a free
neighbour is counted pessimistically), so whatever it accepts the checker accepts.

:func:`solve_roster` uses the model for what CP-SAT does best on it, the bound. For the roster itself a
local search that moves whole weekends and trades shifts between people (:mod:`.search`) does far better in
seconds than CP-SAT's own neighbourhoods, which left the 25-person, six-week exercise 11–16 % from the bound
after ten seconds. Both run side by side, and the better roster wins.

The linear relaxation alone cannot see the ranges: with fractional counts everyone can work 2.6 weekends
and the range is 0, although a whole number of weekends each, with more weekend shifts than two each can
carry, makes the range at least 1. So CP-SAT solves in rounds. The first solves the model as it is (the
relaxation's bound within a second or so; on a small problem, a proof that the best roster is optimal).
Then each round asks for a roster better than the best the search has found so far and branches first on
the ranges' most and fewest: under that cap the branch "everyone works the same" is cut off by the
relaxation wherever an equal share costs more than the cap allows, and the bound takes in one step of that
range. On the exercise's roster that is the weekend range, 40 points of the 3 % (about 115 points) the gap
may have; an equal share of nights costs hardly more than an unequal one there, so the night range stays
out of the bound. When that has settled, a capped round in CP-SAT's own way tries to prove the best roster
optimal, and after it CP-SAT looks for better rosters near the best one: five people's shifts free, the
rest fixed, a second at a time. It rearranges those five exactly, which the search's single moves reach
only by chance; what such a round proves holds only near the best roster, so it leaves the bound alone.
Whenever the search finds a roster well below the cap, the ranges are branched on again.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...errors import StaffingError
from .greedy import greedy_roster
from .problem import (
    SCALE,
    RosterProblem,
    assignment_frame,
    forbidden_pairs,
    is_evening,
    is_night,
    rest_single_day,
    shift_lengths,
)
from .search import RosterSearch


@dataclass
class RosterModel:
    """A CP-SAT model of a roster problem: the shift variables ``x[person, day, shift]``, the working-day
    variables ``work[person, day]`` and the objective's terms by name (for the report and the tests)."""

    problem: RosterProblem
    model: Any
    x: dict[tuple[int, int, int], Any]
    work: dict[tuple[int, int], Any]
    terms: dict[str, list[Any]] = field(default_factory=dict)
    #: the (most, fewest) variables of each range term, for the bound search to branch on
    ranges: list[tuple[Any, Any]] = field(default_factory=list)

    def literal(self, e: int, d: int, j: int | None) -> Any:
        """'Person e works shift j on day d' (j None: 'is free on day d'); None when impossible."""
        if j is None:
            return self.work[e, d].Not()
        return self.x.get((e, d, j))

    def objective(self) -> Any:
        return sum(sum(parts) for parts in self.terms.values())

    def minimise(self) -> None:
        self.model.minimize(self.objective())


def build_model(problem: RosterProblem) -> RosterModel:
    """The CP-SAT model of a roster problem, with its objective set."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int, int], Any] = {}
    work: dict[tuple[int, int], Any] = {}
    for e, m in enumerate(problem.staff):
        for d in range(problem.days):
            for j, s in enumerate(problem.shifts):
                if problem.allowed(m, s):
                    x[e, d, j] = model.new_bool_var(f"x_{e}_{d}_{j}")
            work[e, d] = model.new_bool_var(f"w_{e}_{d}")
            model.add(sum(x[e, d, j] for j in range(len(problem.shifts)) if (e, d, j) in x) == work[e, d])
    rm = RosterModel(problem, model, x, work)
    _daily_rest(rm)
    _weekly_rest(rm)
    _consecutive_days(rm)
    _contract_hours(rm)
    unders = _cover(rm)
    _weekends(rm, unders)
    _nights_and_evenings(rm)
    _wishes(rm)
    rm.minimise()
    return rm


def _daily_rest(rm: RosterModel) -> None:
    """11 h daily rest and no night followed by a day shift."""
    for j1, j2, gap in forbidden_pairs(rm.problem):
        for e in range(len(rm.problem.staff)):
            for d in range(rm.problem.days - gap):
                a, b = rm.literal(e, d, j1), rm.literal(e, d + gap, j2)
                if a is not None and b is not None:
                    rm.model.add_bool_or([a.Not(), b.Not()])


def _weekly_rest(rm: RosterModel) -> None:
    """35 h weekly rest: some free day in each calendar week must carry enough rest around it."""
    problem = rm.problem
    for e in range(len(problem.staff)):
        for week in range(problem.weeks):
            rested = []
            for d in range(week * 7, week * 7 + 7):
                r = rm.model.new_bool_var(f"r_{e}_{d}")
                rm.model.add_implication(r, rm.work[e, d].Not())
                for clause in _short_rest_clauses(rm, e, d):
                    rm.model.add_bool_or([r.Not(), *clause])
                rested.append(r)
            rm.model.add_bool_or(rested)


def _short_rest_clauses(rm: RosterModel, e: int, d: int) -> list[list[Any]]:
    """For a free day d: one clause per (previous, next) pair of shifts that leaves too little rest
    around it, saying 'not that pair'."""
    problem = rm.problem
    shifts, days = problem.shifts, problem.days
    options = [*range(len(shifts)), None]
    first, last = d % 7 == 0, d % 7 == 6
    clauses = []
    for p in options:
        for q in options:
            if (d == 0 and p is not None) or (d == days - 1 and q is not None):
                continue  # nothing is rostered outside the period
            prev_shift = shifts[p] if p is not None else None
            next_shift = shifts[q] if q is not None else None
            rest = rest_single_day(prev_shift, next_shift, shifts, first, last)
            if rest >= problem.rules.weekly_rest_hours:
                continue
            a = rm.literal(e, d - 1, p) if d > 0 else None
            b = rm.literal(e, d + 1, q) if d < days - 1 else None
            if (d > 0 and a is None) or (d < days - 1 and b is None):
                continue  # that pair cannot happen
            clauses.append([lit.Not() for lit in (a, b) if lit is not None])
    return clauses


def _consecutive_days(rm: RosterModel) -> None:
    span = rm.problem.rules.max_consecutive_days + 1
    for e in range(len(rm.problem.staff)):
        for d in range(rm.problem.days - span + 1):
            rm.model.add(sum(rm.work[e, d + k] for k in range(span)) <= span - 1)


def _contract_hours(rm: RosterModel) -> None:
    """Hours up to the contract plus the tolerance (hard), and unused contract hours (soft).

    Shifts come in whole lengths, so a person's hours move in steps of ``step`` (the greatest common
    divisor of the lengths they may work). With ``contract = k·step + r``, the unused hours are at least
    ``r`` at ``k`` steps and 0 at ``k + 1``; the cut through those two points is valid for every whole
    number of steps and lets the linear relaxation see what rounding costs."""
    problem, model = rm.problem, rm.model
    length = shift_lengths(problem)
    tolerance = round(problem.rules.contract_tolerance_hours * SCALE)
    parts = []
    for e, m in enumerate(problem.staff):
        mine = [(length[j], var) for (pe, _d, j), var in rm.x.items() if pe == e]
        hours = sum(n * var for n, var in mine)
        contract = round(problem.contract_hours(m) * SCALE)
        model.add(hours <= contract + tolerance)
        unused = model.new_int_var(0, contract, f"unused_{e}")
        model.add(unused >= contract - hours)
        step = math.gcd(*{n for n, _ in mine}) if mine else 0
        if step:
            k, r = divmod(contract, step)
            if r:
                model.add(step * unused + r * hours >= r * step * (k + 1))
        parts.append(problem.weights.unused_contract_hour * unused)
    rm.terms["unused_contract"] = parts


def _cover(rm: RosterModel) -> dict[tuple[int, int], Any]:
    """Understaffed and overstaffed staff per day and shift; returns the understaffed slacks."""
    problem, model, w = rm.problem, rm.model, rm.problem.weights
    length, need = shift_lengths(problem), problem.need_matrix
    unders: dict[tuple[int, int], Any] = {}
    rm.terms["understaffed"], rm.terms["overstaffed"] = [], []
    for d in range(problem.days):
        for j in range(len(problem.shifts)):
            on_duty = [rm.x[e, d, j] for e in range(len(problem.staff)) if (e, d, j) in rm.x]
            under = unders[d, j] = model.new_int_var(0, int(need[d, j]), f"under_{d}_{j}")
            over = model.new_int_var(0, max(0, len(on_duty) - int(need[d, j])), f"over_{d}_{j}")
            model.add(sum(on_duty) + under - over == int(need[d, j]))
            rm.terms["understaffed"].append(w.understaffed_hour * length[j] * under)
            rm.terms["overstaffed"].append(w.overstaffed_hour * length[j] * over)
    return unders


def _weekends(rm: RosterModel, unders: dict[tuple[int, int], Any]) -> None:
    """Weekends over the target per person and the range across the team."""
    problem, model, w = rm.problem, rm.model, rm.problem.weights
    target, staff = problem.weekend_target(), range(len(problem.staff))
    flags = {}
    for e in staff:
        for week in range(problem.weeks):
            flag = flags[e, week] = model.new_bool_var(f"weekend_{e}_{week}")
            saturday, sunday = rm.work[e, week * 7 + 5], rm.work[e, week * 7 + 6]
            model.add(flag >= saturday)  # linear, so the relaxation sees it
            model.add(flag >= sunday)
            model.add(flag <= saturday + sunday)
    counts, excesses = [], []
    for e in staff:
        count = model.new_int_var(0, problem.weeks, f"weekends_{e}")
        model.add(count == sum(flags[e, week] for week in range(problem.weeks)))
        excess = model.new_int_var(0, max(0, problem.weeks - target), f"weekend_excess_{e}")
        model.add(excess >= count - target)
        counts.append(count)
        excesses.append(excess)
    # redundant cuts that let the relaxation see the weekend burden the cover demands
    for week in range(problem.weeks):
        for d in (week * 7 + 5, week * 7 + 6):
            short = sum(unders[d, j] for j in range(len(problem.shifts)))
            model.add(sum(flags[e, week] for e in staff) >= int(problem.need_matrix[d].sum()) - short)
    model.add(sum(excesses) >= sum(counts) - target * len(staff))
    rm.terms["weekend_over_target"] = [w.weekend_over_target * excess for excess in excesses]
    rm.terms["weekend_range"] = [w.weekend_range * _range(rm, counts, problem.weeks, "weekend")]


def _nights_and_evenings(rm: RosterModel) -> None:
    """Fair nights among those who work nights; evenings in proportion to the contract."""
    problem, model, w = rm.problem, rm.model, rm.problem.weights
    days = range(problem.days)
    night_js = [j for j, s in enumerate(problem.shifts) if is_night(s)]
    night_staff = [e for e, m in enumerate(problem.staff) if m.nights]
    rm.terms["night_range"], rm.terms["evening_deviation"] = [], []
    if night_js and len(night_staff) > 1:
        counts = []
        for e in night_staff:
            count = model.new_int_var(0, problem.days, f"nights_{e}")
            model.add(count == sum(rm.x[e, d, j] for d in days for j in night_js))
            counts.append(count)
        rm.terms["night_range"].append(w.night_range * _range(rm, counts, problem.days, "night"))
    evening_js = [j for j, s in enumerate(problem.shifts) if is_evening(s)]
    if evening_js:
        for e, share in enumerate(problem.evening_shares()):
            dev = model.new_int_var(0, problem.days, f"evening_dev_{e}")
            count = sum(rm.x[e, d, j] for d in days for j in evening_js if (e, d, j) in rm.x)
            model.add(dev >= count - share)
            model.add(dev >= share - count)
            rm.terms["evening_deviation"].append(w.evening_deviation * dev)


def _wishes(rm: RosterModel) -> None:
    problem, w = rm.problem, rm.problem.weights
    parts = []
    for e, m in enumerate(problem.staff):
        parts.extend(w.wish_day_off * rm.work[e, d] for d in m.days_off)
        for j, s in enumerate(problem.shifts):
            if s.code in m.avoid:
                worked = [rm.x[e, d, j] for d in range(problem.days) if (e, d, j) in rm.x]
                parts.extend(w.avoided_shift * var for var in worked)
    rm.terms["wishes"] = parts


def _range(rm: RosterModel, counts: list[Any], top: int, name: str) -> Any:
    """max − min of ``counts`` as a linear expression (bounds only: the objective pushes them tight)."""
    model = rm.model
    high = model.new_int_var(0, top, f"{name}_max")
    low = model.new_int_var(0, top, f"{name}_min")
    for c in counts:
        model.add(high >= c)
        model.add(low <= c)
    rm.ranges.append((high, low))
    return high - low


# --- solving ------------------------------------------------------------------------------------------------


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


def check_time_limit(time_limit: Any) -> float:
    if not isinstance(time_limit, int | float) or isinstance(time_limit, bool) or not time_limit > 0:
        raise StaffingError("staffing.error.time_limit", value=time_limit)
    return float(time_limit)


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
    """The best roster found within ``time_limit`` seconds of wall time (model building included), with a
    bound proved by CP-SAT on how good a roster can be.

    It starts from ``start`` (default: a fairness-minded greedy roster), so it always has a legal roster.
    A local search (:mod:`.search`, one thread) improves it until time is up; beside it CP-SAT solves the
    whole model (``workers - 1`` threads, at least one), in rounds that ask for a roster better than the
    best so far: its linear relaxation, cuts and first branches give the bound, and a better roster it
    finds, in the whole model or near the best roster, is kept too. The search keeps to the model's rules,
    so from a start the model accepts (the greedy roster is one) the bound holds for its rosters as well.
    It ends early when the roster is proved optimal.

    ``on_progress`` is called with ``{"seconds", "objective", "bound"}`` whenever the roster or the bound
    gets better; setting ``stop`` ends the search early with the best roster so far. The result reports
    the gap: (objective − best bound) ÷ objective, 0 when proved optimal.
    """
    run = _Run(problem, check_time_limit(time_limit), max(1, int(workers)), int(seed), on_progress, stop)
    return run.solve(greedy_roster(problem, fair=True) if start is None else start)


#: A round of the bound search gives way to the next (see ``_Run._next_round``) once its bound has not
#: moved for ``SETTLED_SECONDS``, and for as long as the round took to get there (on a busy machine the
#: relaxation is slow, and a round cut short loses its work), with more than ``NEW_ROUND_SECONDS`` left.
#: The ranges are branched on again when a roster ``NEW_ROUND_SHARE`` below the last bound round's cap has
#: been found. Chosen by measurement on the exercise's roster: a tighter cap proves a better bound (a cap
#: of 5000 points gave 3744, 4200 gave 3766, 3900 gave 3770), and each round takes about a second.
NEW_ROUND_SHARE = 0.03
SETTLED_SECONDS = 0.3
NEW_ROUND_SECONDS = 1.0
#: The kinds of round: the model as it is; capped, branching first on the ranges; capped, CP-SAT's own way;
#: capped, with all but a few people's shifts fixed as in the best roster.
PLAIN, RANGES, PROVE, NEIGHBOURS = "plain", "ranges", "prove", "neighbours"
#: How many people's shifts a round near the best roster frees, and for how long at most.
NEIGHBOURS_PEOPLE = 5
NEIGHBOURS_SECONDS = 1.0


class _Run:
    """One call of :func:`solve_roster`: the clock, the best roster and the best bound so far, and the
    CP-SAT solver to stop when time is up or the participant presses stop."""

    def __init__(
        self,
        problem: RosterProblem,
        time_limit: float,
        workers: int,
        seed: int,
        on_progress: Callable[[dict[str, float]], None] | None,
        stop: threading.Event | None,
    ) -> None:
        self.started = time.perf_counter()
        self.problem, self.time_limit, self.workers, self.seed = problem, time_limit, workers, seed
        self.on_progress, self.stop = on_progress, stop or threading.Event()
        self.deadline = self.started + time_limit
        self.rm = build_model(problem)
        self.lock = threading.Lock()
        self.solver: Any = None
        self.ceiling = math.inf  # the current round's cap on the objective
        self.bound_cap = math.inf  # the cap of the last capped round that proved a bound
        self.moved = math.inf  # when the current round's bound last moved
        self.round_started = math.inf
        self.kind: str = PLAIN
        self.rng = random.Random(seed)
        self.next_kind: str | None = None
        self.finished = threading.Event()  # the search is over
        self.proved = threading.Event()  # the CP-SAT solve is over
        self.best_value, self.best_rows = math.inf, []
        self.bound = 0.0  # every term of the objective is a count times a positive weight

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def done(self) -> bool:
        """Time is up, stop was pressed, the search is over or the best roster is proved optimal."""
        proved = self.best_value - self.bound < 0.5
        return proved or self.stop.is_set() or self.finished.is_set() or self.left() <= 0

    def solve(self, start: pd.DataFrame) -> RosterResult:
        rows = [(str(r.staff_id), int(r.day), str(r.shift)) for r in start.itertuples(index=False)]
        search = RosterSearch(self.problem, rows, seed=self.seed)
        self.offer(rows, search.value)
        threads = [
            threading.Thread(target=self._watch, daemon=True),
            threading.Thread(target=self._prove, daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            search.run(self.left(), stop=self.done, on_better=lambda _value: self.offer(*_best(search)))
            self.offer(*_best(search))
        finally:
            self.finished.set()
            for thread in threads:
                thread.join()
        return self._result()

    def offer(self, rows: list[tuple[str, int, str]], value: float) -> None:
        """Keep a roster if it is better than the best so far."""
        with self.lock:
            if value >= self.best_value:
                return
            self.best_value, self.best_rows = value, rows
        self._report()

    def raise_bound(self, value: float) -> None:
        with self.lock:
            if value <= self.bound:
                return
            self.bound = value
        self._report()

    def _report(self) -> None:
        if self.on_progress is not None:
            with self.lock:
                figures = {
                    "seconds": time.perf_counter() - self.started,
                    "objective": float(self.best_value),
                    "bound": float(min(self.bound, self.best_value)),
                }
            self.on_progress(figures)

    def _watch(self) -> None:
        """Stop the CP-SAT search promptly when time is up, stop is pressed or the search is over, or when a
        new round would prove more; again and again until it has stopped (a stop that comes as the solve
        starts could be missed)."""
        while not self.proved.wait(0.05):
            with self.lock:
                if self.solver is None:
                    continue
                self.next_kind = self._next_round()
                if self.next_kind is None and not self.done():
                    continue
                self.solver.stop_search()

    def _next_round(self) -> str | None:
        """The kind of round to start now instead of the current one, if any: once the current round's bound
        has settled, the plain round gives way to a round on the ranges; a round on the ranges gives way
        to one that tries to prove the best roster optimal, and that one to rounds that look for a better
        roster near the best; and whenever a roster well below the cap of the last round that proved a
        bound has been found, a new round on the ranges starts from it."""
        now = time.perf_counter()
        settled = now - self.moved >= max(SETTLED_SECONDS, self.moved - self.round_started)
        if not settled or self.left() <= NEW_ROUND_SECONDS:
            return None
        ranges = RANGES if self.rm.ranges else PROVE
        if self.kind == PLAIN or self.best_value <= self.bound_cap - NEW_ROUND_SHARE * self.bound_cap:
            return ranges
        return {RANGES: PROVE, PROVE: NEIGHBOURS}.get(self.kind)

    def _prove(self) -> None:
        """CP-SAT on the whole model, beside the search, in rounds (see :meth:`_next_round`). The first
        solves the model as it is: its linear relaxation and cuts give a bound within a second or so, and on
        a small problem it may prove the best roster optimal. Any better roster a round finds is kept."""
        try:
            kind: str | None = PLAIN
            while kind is not None and not self.done():
                self.next_kind = None
                if kind == NEIGHBOURS:
                    self._neighbour_round()
                else:
                    self._solve_round(kind)
                kind = self.next_kind or (NEIGHBOURS if kind == NEIGHBOURS else None)
        finally:
            self.proved.set()

    def _solve_round(self, kind: str) -> None:
        """One round. Every kind but the plain one caps the objective below the best roster so far; on the
        ranges it branches first on each range's most and fewest: the branches where a range is 0
        (everyone equal) are cut off by the relaxation wherever an equal share costs more than the cap
        allows, so the bound takes in one step of that range. What a capped round proves holds for every
        roster below the cap; the best roster itself lies above it, so the lesser of the two is a bound."""
        from ortools.sat.python import cp_model

        capped = kind != PLAIN
        with self.lock:
            ceiling, rows = (round(self.best_value) - 1 if capped else math.inf), self.best_rows
        model = self.rm.model.clone()
        solver = self._solver(self.left())
        if capped:
            model.add(self.rm.objective() <= ceiling)
        if kind == RANGES:
            for high, low in self.rm.ranges:
                for var, pick in ((high, cp_model.SELECT_MIN_VALUE), (low, cp_model.SELECT_MAX_VALUE)):
                    strategy = [model.get_int_var_from_proto_index(var.index)]
                    model.add_decision_strategy(strategy, cp_model.CHOOSE_FIRST, pick)
            solver.parameters.search_branching = cp_model.FIXED_SEARCH
        elif not capped:
            for index, value in _chosen(self.problem, rows, self.rm.x).items():
                model.add_hint(model.get_bool_var_from_proto_index(index), value)
        solver.best_bound_callback = lambda value: self._round_bound(value, ceiling)
        with self.lock:
            self.solver, self.kind, self.ceiling, self.moved = solver, kind, ceiling, math.inf
            self.round_started = time.perf_counter()
            if capped:
                self.bound_cap = ceiling
        if self.done():
            return
        status = solver.solve(model, _Solutions(self))
        if status == cp_model.OPTIMAL:
            self.raise_bound(solver.objective_value)
        elif status == cp_model.INFEASIBLE and capped:
            self.raise_bound(ceiling + 1)  # nothing is better than the best roster: it is optimal
        elif status in (cp_model.FEASIBLE, cp_model.UNKNOWN):
            self.raise_bound(min(solver.best_objective_bound, ceiling + 1))

    def _neighbour_round(self) -> None:
        """A roster better than the best so far, looked for near it: a few people's shifts are free and
        everyone else's stay as they are. CP-SAT rearranges those few exactly, which the search's single
        moves reach only by chance. What such a round proves holds only near the best roster, so it never
        touches the bound."""
        with self.lock:
            ceiling, rows = round(self.best_value) - 1, self.best_rows
        people = len(self.problem.staff)
        free = set(self.rng.sample(range(people), min(people, NEIGHBOURS_PEOPLE)))
        model = self.rm.model.clone()
        model.add(self.rm.objective() <= ceiling)
        chosen = _chosen(self.problem, rows, self.rm.x)
        for (e, _d, _j), var in self.rm.x.items():
            mine = model.get_bool_var_from_proto_index(var.index)
            if e in free:
                model.add_hint(mine, chosen[var.index])
            else:
                model.add(mine == chosen[var.index])
        solver = self._solver(min(NEIGHBOURS_SECONDS, self.left()))
        with self.lock:
            self.solver, self.kind, self.ceiling = solver, NEIGHBOURS, ceiling
            self.moved = self.round_started = time.perf_counter()
        if not self.done():
            solver.solve(model, _Solutions(self))

    def _solver(self, seconds: float) -> Any:
        """A CP-SAT solver for one round: the workers beside the search, the seed, ``seconds`` at most."""
        from ortools.sat.python import cp_model

        solver = cp_model.CpSolver()
        solver.parameters.num_workers = max(1, self.workers - 1)
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = max(0.01, seconds)
        return solver

    def _round_bound(self, value: float, ceiling: int) -> None:
        with self.lock:
            if ceiling == self.ceiling:
                self.moved = time.perf_counter()
        self.raise_bound(min(value, ceiling + 1))

    def _result(self) -> RosterResult:
        best, bound = float(self.best_value), min(float(self.bound), float(self.best_value))
        proved = best - bound < 0.5
        return RosterResult(
            self.problem,
            assignment_frame(self.problem, self.best_rows),
            "optimal" if proved else "feasible",
            best,
            bound,
            0.0 if proved else (best - bound) / max(1.0, abs(best)),
            time.perf_counter() - self.started,
            self.time_limit,
        )


class _Solutions:
    """CP-SAT's solution callback for the background solve: hands every better roster to the run."""

    def __new__(cls, run: _Run) -> Any:
        from ortools.sat.python import cp_model

        class Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                run.offer(_rows_of(run.problem, run.rm.x, self.boolean_value), self.objective_value)

        return Callback()


def _best(search: RosterSearch) -> tuple[list[tuple[str, int, str]], float]:
    return search.best_rows(), search.best_value


def _chosen(problem: RosterProblem, rows: list[tuple[str, int, str]], x: dict) -> dict[int, int]:
    """The value of every shift variable (by its index in the model) in a roster."""
    index = {m.id: e for e, m in enumerate(problem.staff)}
    codes = {s.code: j for j, s in enumerate(problem.shifts)}
    on = {(index[staff_id], day, codes[code]) for staff_id, day, code in rows}
    return {var.index: int(key in on) for key, var in x.items()}


def _rows_of(problem: RosterProblem, x: dict, value: Callable[[Any], bool]) -> list[tuple[str, int, str]]:
    return [(problem.staff[e].id, d, problem.shifts[j].code) for (e, d, j), var in x.items() if value(var)]
