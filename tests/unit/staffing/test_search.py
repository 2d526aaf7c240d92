import numpy as np
import pandas as pd
import pytest

from casekit.staffing.model import RosterRules, StaffMember
from casekit.staffing.roster.cpsat import build_model
from casekit.staffing.roster.greedy import greedy_roster
from casekit.staffing.roster.problem import RosterProblem, assignment_frame
from casekit.staffing.roster.report import objective_terms
from casekit.staffing.roster.rules import check_roster
from casekit.staffing.roster.search import FREE, RosterSearch
from casekit.staffing.sample import sample_team

MONDAY = pd.Timestamp("2024-01-08")


def need_frame(weeks, per_shift):
    dates = pd.date_range(MONDAY, periods=7 * weeks, freq="D")
    return pd.DataFrame(
        [(d, s, per_shift[s]) for d in dates for s in per_shift], columns=["date", "shift", "staff"]
    )


@pytest.fixture(scope="module")
def team_problem():
    team = sample_team(10, weeks=3, seed=5)
    return RosterProblem(team, need_frame(3, {"day": 3, "evening": 2, "night": 1}))


def rows_of(frame):
    return [(r.staff_id, int(r.day), r.shift) for r in frame.itertuples(index=False)]


def total(problem, rows):
    return sum(objective_terms(problem, assignment_frame(problem, rows)).values())


def test_the_search_counts_the_solvers_objective_and_keeps_every_rule(team_problem):
    start = rows_of(greedy_roster(team_problem, fair=True))
    search = RosterSearch(team_problem, start, seed=3)
    assert search.value == pytest.approx(total(team_problem, start))
    best = search.run(60, steps=20_000)
    rows = search.best_rows()
    assert best == pytest.approx(total(team_problem, rows))  # the running count never drifts
    assert best < total(team_problem, start)  # it improved on the greedy roster
    assert check_roster(team_problem, assignment_frame(team_problem, rows)).empty


def test_a_run_of_so_many_steps_is_repeatable(team_problem):
    start = rows_of(greedy_roster(team_problem, fair=True))
    first = RosterSearch(team_problem, start, seed=8)
    second = RosterSearch(team_problem, start, seed=8)
    assert first.run(60, steps=3_000) == second.run(60, steps=3_000)
    assert first.best_rows() == second.best_rows()


def test_stop_ends_the_search_at_once(team_problem):
    search = RosterSearch(team_problem, rows_of(greedy_roster(team_problem)), seed=1)
    heard = []
    assert search.run(60, stop=lambda: True, on_better=heard.append) == search.value
    assert heard == []


def _model_accepts(problem, rows):
    """Does the CP-SAT model allow exactly this roster? (All shift variables fixed.)"""
    from ortools.sat.python import cp_model

    built = build_model(problem)
    codes = [s.code for s in problem.shifts]
    chosen = {(0, d, codes.index(code)) for _sid, d, code in rows}
    for key, var in built.x.items():
        built.model.add(var == int(key in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    return solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_the_search_and_the_model_agree_on_what_is_legal():
    """The search's own rule check is the model's, clause for clause: so a roster it returns from a start
    the model accepts is one the model accepts, and the solver's bound holds for it."""
    rng = np.random.default_rng(4)
    member = StaffMember("a", "Aud", 0.8)
    p = RosterProblem((member,), need_frame(2, {"day": 1, "evening": 1, "night": 1}), rules=RosterRules())
    agreed = {True: 0, False: 0}
    for _ in range(40):
        rows = [
            ("a", d, str(rng.choice(["day", "evening", "night"]))) for d in range(14) if rng.random() < 0.55
        ]
        search = RosterSearch(p, rows)
        legal = search.legal(0, 0, p.days - 1)
        assert legal == _model_accepts(p, rows), rows
        agreed[legal] += 1
        if legal:
            assert check_roster(p, assignment_frame(p, rows)).empty
    assert agreed[True] >= 3 and agreed[False] >= 3  # both sides were exercised


def test_every_move_keeps_the_counts_in_step(team_problem):
    search = RosterSearch(team_problem, rows_of(greedy_roster(team_problem, fair=True)), seed=11)
    for _ in range(3_000):
        search.step(50.0)  # hot: many moves are accepted, better and worse
    assert search.value == search.objective()
    grid = search.grid
    assert search.hours == [sum(search.length[j] for j in row if j != FREE) for row in grid]
    assert search.weekends == [
        sum(1 for k in range(team_problem.weeks) if row[7 * k + 5] != FREE or row[7 * k + 6] != FREE)
        for row in grid
    ]
