import itertools

import numpy as np
import pandas as pd
import pytest

from casekit.errors import StaffingError
from casekit.staffing.model import DEFAULT_SHIFTS, RosterRules, StaffMember
from casekit.staffing.roster.cpsat import _rows_of, _Run, build_model, solve_roster
from casekit.staffing.roster.greedy import greedy_roster
from casekit.staffing.roster.problem import RosterProblem, assignment_frame, rest_single_day
from casekit.staffing.roster.report import coverage_table, gini, objective_terms, per_person, roster_report
from casekit.staffing.roster.rules import check_roster
from casekit.staffing.sample import sample_team
from casekit.staffing.workload import district_share, team_hours

MONDAY = pd.Timestamp("2024-01-08")


def need_frame(weeks=1, per_shift=None, start=MONDAY):
    per_shift = per_shift or {"day": 1, "evening": 1, "night": 1}
    dates = pd.date_range(start, periods=7 * weeks, freq="D")
    return pd.DataFrame(
        [(d, s, per_shift[s]) for d in dates for s in per_shift], columns=["date", "shift", "staff"]
    )


def problem(staff=None, weeks=1, **kw):
    staff = staff or (StaffMember("a", "Aud", 1.0), StaffMember("b", "Berit", 1.0, nights=False))
    return RosterProblem(tuple(staff), need_frame(weeks, kw.pop("per_shift", None)), **kw)


def assign(rows):
    return pd.DataFrame(rows, columns=["staff_id", "day", "shift"])


def rules_broken(p, rows):
    return sorted(set(check_roster(p, assign(rows))["rule"]))


def test_a_legal_week_passes_the_checker():
    rows = [("a", d, "day") for d in range(5)] + [("b", d, "evening") for d in range(5)]
    assert rules_broken(problem(), rows) == []


@pytest.mark.parametrize(
    ("rows", "rule"),
    [
        ([("a", 0, "evening"), ("a", 1, "day")], "daily_rest"),  # 22:00 → 07:30 is 9.5 h
        ([("a", 0, "night"), ("a", 1, "day")], "night_then_day"),
        ([("a", 0, "day"), ("a", 0, "evening")], "one_shift_per_day"),
        ([("a", d, "day") for d in range(6)], "consecutive_days"),
        ([("b", 2, "night")], "nights_not_allowed"),
        (
            [
                ("a", 0, "day"),
                ("a", 1, "day"),
                ("a", 2, "evening"),
                ("a", 4, "day"),
                ("a", 5, "day"),
                ("a", 6, "evening"),
            ],
            "weekly_rest",
        ),
        ([("x", 0, "day")], "unknown_staff"),
        ([("a", 0, "brunch")], "unknown_shift"),
        ([("a", 9, "day")], "outside_period"),
    ],
)
def test_each_broken_rule_is_found(rows, rule):
    assert rule in rules_broken(problem(), rows)


def test_weekly_rest_counts_clock_hours_within_the_week():
    p = problem()
    # off Wednesday between a Tuesday day shift (ends 15:00) and a Thursday evening (starts 14:30): 47.5 h
    ok = [("a", 0, "day"), ("a", 1, "day"), ("a", 3, "evening"), ("a", 4, "evening"), ("a", 5, "evening")]
    assert "weekly_rest" not in rules_broken(p, ok)
    # off Wednesday between an evening (ends 22:00) and a day shift (07:30): 33.5 h, and no other free stretch
    tight = [
        ("a", 0, "day"),
        ("a", 1, "evening"),
        ("a", 3, "day"),
        ("a", 4, "day"),
        ("a", 5, "day"),
        ("a", 6, "evening"),
    ]
    assert "weekly_rest" in rules_broken(p, tight)


def test_contract_hours_have_a_ceiling():
    part = StaffMember("p", "Per", 0.2)  # 7.1 h a week, tolerance 8 h
    p = problem(staff=(part,))
    assert "contract_hours" in rules_broken(p, [("p", 0, "day"), ("p", 2, "day"), ("p", 4, "day")])
    assert rules_broken(p, [("p", 0, "day"), ("p", 2, "day")]) == []  # 15 h ≤ 7.1 h + 8 h


def test_problem_validation_explains_the_fix():
    staff = (StaffMember("a", "Aud", 1.0),)
    with pytest.raises(StaffingError, match="mandag"):
        RosterProblem(staff, need_frame(start=MONDAY + pd.Timedelta(days=1)))
    with pytest.raises(StaffingError, match="unik"):
        RosterProblem(staff * 2, need_frame())
    with pytest.raises(StaffingError, match="alle vakter"):
        RosterProblem(staff, need_frame().iloc[:-1])
    with pytest.raises(StaffingError, match="hele"):
        RosterProblem(staff, need_frame().assign(staff=1.5))
    with pytest.raises(StaffingError, match="dag 9"):
        RosterProblem((StaffMember("a", "Aud", 1.0, days_off=(9,)),), need_frame())
    with pytest.raises(StaffingError, match="ingen ansatte"):
        RosterProblem((), need_frame())


def test_greedy_roster_is_legal_and_fills_what_it_can():
    team = sample_team(8, weeks=2, seed=3)
    p = RosterProblem(team, need_frame(2, {"day": 2, "evening": 1, "night": 1}))
    for fair in (False, True):
        rows = greedy_roster(p, fair=fair)
        assert check_roster(p, rows).empty
        cover = coverage_table(p, rows)
        assert (cover["assigned"] >= cover["need"]).mean() > 0.8
    unfilled = greedy_roster(p, fill=False)
    people = per_person(p, rows)
    assert len(rows) >= len(unfilled)  # the fill pass only adds shifts, to use the contracts
    assert (people["hours"] <= people["contract_hours"] + p.rules.contract_tolerance_hours).all()


def test_cp_sat_roster_is_legal_covers_the_need_and_reports_its_objective():
    team = sample_team(8, weeks=2, seed=3)
    p = RosterProblem(team, need_frame(2, {"day": 2, "evening": 1, "night": 1}))
    result = solve_roster(p, time_limit=5, workers=1)
    assert result.has_roster and result.gap >= 0
    assert check_roster(p, result.assignments).empty
    terms = objective_terms(p, result.assignments)
    assert sum(terms.values()) == pytest.approx(result.objective)  # the objective is the roster's own
    assert 0 <= result.bound <= result.objective
    expected_gap = 0.0 if result.status == "optimal" else (result.objective - result.bound) / result.objective
    assert result.gap == pytest.approx(expected_gap)
    report = roster_report(p, result.assignments)
    greedy = roster_report(p, greedy_roster(p))
    assert report.violations == 0 and report.understaffed_hours <= greedy.understaffed_hours
    assert report.understaffed_hours <= 10  # two night workers cannot take all 14 nights; the rest is covered
    assert report.total_cost > 0 and set(report.cost) == {
        "base",
        "unused_contract",
        "evening_night",
        "weekend",
        "overtime",
    }


def test_the_solver_beats_or_matches_its_greedy_start():
    team = sample_team(8, weeks=2, seed=4)
    p = RosterProblem(team, need_frame(2, {"day": 2, "evening": 2, "night": 1}))
    start = greedy_roster(p, fair=True)
    result = solve_roster(p, time_limit=1.5, workers=1, start=start)
    assert sum(objective_terms(p, result.assignments).values()) <= sum(objective_terms(p, start).values())


def test_the_solver_honours_wishes_when_it_can():
    staff = tuple(StaffMember(f"s{i}", f"S{i}", 1.0, days_off=(2,) if i == 0 else ()) for i in range(4))
    p = RosterProblem(staff, need_frame(1, {"day": 1, "evening": 1, "night": 0}))
    result = solve_roster(p, time_limit=1.5, workers=1)
    worked = result.assignments
    assert not ((worked["staff_id"] == "s0") & (worked["day"] == 2)).any()


def test_progress_callback_and_stop():
    import threading

    team = sample_team(6, weeks=1, seed=2)
    p = RosterProblem(team, need_frame(1, {"day": 2, "evening": 1, "night": 1}))
    seen = []
    stop = threading.Event()
    stop.set()  # asked to stop at once: it still returns the best roster so far
    result = solve_roster(p, time_limit=30, workers=1, on_progress=seen.append, stop=stop)
    assert result.seconds < 10 and result.has_roster
    assert all({"seconds", "objective", "bound"} <= set(s) for s in seen)
    with pytest.raises(StaffingError, match="sekunder"):
        solve_roster(p, time_limit=0)


def _model_accepts(p, rows):
    """Does the CP-SAT model allow exactly this roster? (All shift variables fixed.)"""
    from ortools.sat.python import cp_model

    built = build_model(p)
    model, x = built.model, built.x
    chosen = {(0, d, [s.code for s in p.shifts].index(code)) for _sid, d, code in rows}
    for key, var in x.items():
        model.add(var == int(key in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_whatever_the_solver_model_accepts_the_independent_checker_accepts():
    rng = np.random.default_rng(11)
    p = problem(staff=(StaffMember("a", "Aud", 1.0),), weeks=2, rules=RosterRules(max_consecutive_days=6))
    accepted = 0
    for _ in range(40):
        rows = [
            ("a", d, str(rng.choice(["day", "evening", "night"]))) for d in range(14) if rng.random() < 0.5
        ]
        if _model_accepts(p, rows):
            accepted += 1
            assert check_roster(p, assign(rows)).empty, rows
    assert accepted >= 3  # the property was exercised, not vacuous


def test_rest_around_a_free_day_is_counted_pessimistically():
    day, evening, night = DEFAULT_SHIFTS
    assert rest_single_day(day, day, DEFAULT_SHIFTS, False, False) == pytest.approx(9 + 24 + 7.5)
    assert rest_single_day(evening, day, DEFAULT_SHIFTS, False, False) == pytest.approx(33.5)
    assert rest_single_day(night, night, DEFAULT_SHIFTS, False, False) == pytest.approx(38.0)
    assert rest_single_day(None, day, DEFAULT_SHIFTS, True, False) == pytest.approx(31.5)


def test_gini_and_fairness_figures():
    assert gini([2, 2, 2, 2]) == 0
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert gini([]) == 0
    for a, b in itertools.combinations([[1, 2, 3], [0, 3, 3], [0, 0, 6]], 2):
        assert gini(a) < gini(b)


def test_sample_team_is_deterministic_part_time_heavy_and_validated():
    team = sample_team(25, seed=7)
    assert team == sample_team(25, seed=7)
    assert len({m.id for m in team}) == 25 and any(m.nights for m in team)
    assert sum(m.contract < 1 for m in team) >= 10
    with pytest.raises(StaffingError, match="mellom 2"):
        sample_team(1)


def test_district_share_sizes_demand_to_the_team():
    team = sample_team(10, weeks=2)
    care = pd.Series(100.0, index=pd.date_range(MONDAY, periods=14, freq="D"))
    share = district_share(care, team, utilisation=1.0)
    needed = 1400 / 0.6 / 0.91
    assert share == pytest.approx(team_hours(team, 2) / needed)
    with pytest.raises(StaffingError):
        district_share(care * 0, team)


def test_the_night_shift_needs_an_averaging_agreement():
    """The 10-hour night is over the Act's 9 hours per 24 hours (§ 10-4 (1)): with the default agreement
    (§ 10-5 (2), 12.5 hours) it is legal; with no agreement the problem is refused with the rule named,
    and the independent checker flags every such shift."""
    night = next(s for s in DEFAULT_SHIFTS if s.code == "night")
    assert night.hours > 9 and RosterRules().max_shift_hours == 12.5
    assert rules_broken(problem(), [("a", 0, "night")]) == []
    with pytest.raises(StaffingError) as err:
        problem(rules=RosterRules(max_shift_hours=9))
    assert "«night»" in str(err.value) and "10-4" in str(err.value) and "10-5" in str(err.value)
    p = problem()
    p.rules = RosterRules(max_shift_hours=9)  # a roster checked against rules it was not built for
    found = check_roster(p, assign([("a", 0, "night"), ("a", 2, "day")]))
    assert found["rule"].tolist() == ["shift_length"] and "10 h > 9 h" in found["detail"].iloc[0]


def test_the_rota_week_is_cited_from_the_collective_agreement_not_the_act():
    from dataclasses import fields

    from casekit.staffing.model import PayRates

    source = {f.name: f.metadata["source"] for f in fields(PayRates())}["fulltime_hours_week"]
    assert "Hovedtariffavtalen" in source and "4.2.2" in source and "4.2.4" in source
    assert "38 h" in source  # the Act's ceiling is named as a ceiling, not as the source of 35.5
    rules = {f.name: f.metadata for f in fields(RosterRules())}
    assert "10-5 (2)" in rules["max_shift_hours"]["source"] and rules["weekend_every"]["kind"] == "assumption"


def _small_problem():
    staff = (
        StaffMember("a", "Aud", 0.8),
        StaffMember("b", "Berit", 0.6),
        StaffMember("c", "Cato", 0.8, nights=False, days_off=(3,)),
        StaffMember("d", "Dina", 0.5, nights=False, avoid=("evening",)),
    )
    return RosterProblem(staff, need_frame(2, {"day": 1, "evening": 1, "night": 1}))


def _optimum(p):
    """The optimum of a small problem, proved by CP-SAT on the plain model."""
    from ortools.sat.python import cp_model

    built = build_model(p)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 60
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return solver.objective_value, _rows_of(p, built.x, solver.boolean_value)


@pytest.mark.parametrize("kind", ["ranges", "prove"])
def test_a_capped_round_never_proves_more_than_the_optimum(kind):
    """A round capped below the best roster so far bounds only the rosters under the cap; with the best
    roster above it the bound it reports is still valid: never above the optimum, and the optimum itself
    when the best roster is optimal and the round proves nothing lies below it."""
    p = _small_problem()
    best, rows = _optimum(p)
    start = greedy_roster(p, fair=True)
    start_rows = [(r.staff_id, int(r.day), r.shift) for r in start.itertuples(index=False)]
    start_value = sum(objective_terms(p, start).values())
    assert start_value > best  # the round has something to find
    run = _Run(p, 5.0, 2, 0, None, None)
    run.offer(start_rows, start_value)
    run._solve_round(kind)
    assert run.bound <= best <= run.best_value
    assert check_roster(p, assignment_frame(p, run.best_rows)).empty
    if kind == "prove":
        at_optimum = _Run(p, 10.0, 2, 0, None, None)
        at_optimum.offer(rows, best)
        at_optimum._solve_round(kind)
        assert at_optimum.bound == best  # nothing below the optimum: the round proves it optimal


def test_the_bound_branches_on_every_range_and_the_solver_proves_a_small_roster_optimal():
    p = _small_problem()
    built = build_model(p)
    assert len(built.ranges) == 2  # weekends and nights, most and fewest of each
    best, _rows = _optimum(p)
    result = solve_roster(p, time_limit=5, workers=2)
    assert result.bound <= best <= result.objective
    assert result.status == "optimal" and result.objective == best and result.gap == 0
    assert check_roster(p, result.assignments).empty


def test_a_round_near_the_best_roster_improves_it_legally_and_leaves_the_bound_alone():
    """With all but a few people fixed, what the round proves holds only near the best roster: the bound must
    not move. A roster it finds is better than the best so far and keeps every rule."""
    team = sample_team(8, weeks=2, seed=3)
    p = RosterProblem(team, need_frame(2, {"day": 2, "evening": 1, "night": 1}))
    start = greedy_roster(p, fair=True)
    start_rows = [(r.staff_id, int(r.day), r.shift) for r in start.itertuples(index=False)]
    start_value = sum(objective_terms(p, start).values())
    run = _Run(p, 10.0, 2, 0, None, None)
    run.offer(start_rows, start_value)
    for _ in range(6):
        run._neighbour_round()
    assert run.bound == 0
    assert run.best_value < start_value
    assert sum(objective_terms(p, assignment_frame(p, run.best_rows)).values()) == run.best_value
    assert check_roster(p, assignment_frame(p, run.best_rows)).empty
