"""Figures for the AI-staffing module, printed as measured on this machine.

1. Forecast backtest on the three shipped samples: rolling origin, 28-day horizon, 8 origins. MASE per
   model (against the seasonal naive's in-sample error); the exercise's bar is MASE <= 0.8 for the best
   model.
2. Roster for 25 staff x 42 days with CP-SAT on 2 workers: wall time (time limit 10 s) and optimality gap.
3. Median latency of one slider update in the workload view (target <= 250 ms): MILP, scoring against the
   held-out weeks, summary card and chart PNG.
4. Understaffed hours of the manual plan against forecast + optimised roster at equal cost, on the same
   held-out six weeks.
"""

from __future__ import annotations

import statistics
import time

HORIZON, ORIGINS = 28, 8


def backtests() -> None:
    from casekit.staffing import demand, forecast

    print(f"== 1. Backtest: rolling origin, {HORIZON}-day horizon, {ORIGINS} origins (MASE, lower is better)")
    models = list(forecast.default_models())
    learned = ("ets", "gradient_boosting")
    head = f"{'municipality':<20}" + "".join(f"{m:>20}" for m in models)
    print(head + f"{'best of all':>20}{'best model':>19}{'<= 0.8':>8}")
    for size, number in demand.SAMPLE_MUNICIPALITIES.items():
        y = demand.series(demand.load_demand(number))
        started = time.perf_counter()
        result = forecast.backtest(y, horizon=HORIZON, origins=ORIGINS)
        seconds = time.perf_counter() - started
        mase = result.table["mase"]
        best_model = min(learned, key=lambda m: mase[m])
        line = f"{f'{number} ({size})':<20}" + "".join(f"{mase[m]:>20.3f}" for m in models)
        ok = "yes" if mase[best_model] <= 0.8 else "NO"
        print(line + f"{result.best:>20}{best_model:>19}{ok:>8}")
        for m in learned:
            row = result.table.loc[m]
            print(
                f"{'':<20}{m}: MAPE {row['mape']:.1f} %, bias {row['bias']:+.1f} %, "
                f"P90 coverage {row['p90_coverage']:.0%}"
            )
        print(f"{'':<20}({seconds:.0f} s for {len(models)} models x {ORIGINS} origins)")


def roster_solve(case) -> None:
    from casekit.staffing import roster

    print("== 2. Roster: 25 staff x 42 days, CP-SAT, 2 workers, time limit 10 s")
    plan = case.plan("forecast_roster")
    problem = case.problem(plan)
    for seed in (0, 1, 2):
        result = roster.solve_roster(problem, time_limit=10.0, workers=2, seed=seed)
        report = roster.roster_report(problem, result.assignments)
        print(
            f"seed {seed}: wall {result.seconds:5.2f} s  status {result.status:<8}"
            f"  objective {result.objective:8.0f}"
            f"  bound {result.bound:8.0f}  gap {result.gap:6.1%}  violations {report.violations}"
            f"  understaffed {report.understaffed_hours:.0f} h  weekends range {report.weekends_range}"
        )


def slider_latency(case) -> None:
    from casekit.staffing import widgets
    from casekit.staffing.evaluation import evaluate_staffing
    from casekit.staffing.workload import plan_cost

    print("== 3. Workload view: one slider update (MILP + scoring + card + chart PNG), target <= 250 ms")
    view = widgets.workload_view(case)
    moves = [("absence", v) for v in (0.05, 0.07, 0.11, 0.13, 0.09)]
    moves += [("productive", v) for v in (0.5, 0.55, 0.65, 0.7, 0.6)]
    moves += [("night", v) for v in (2, 3, 1)] + [("quantile", v) for v in (0.8, 0.9, 0.5)]
    moves += [("budget", v) for v in (90, 95, 105, 100)]
    samples, compute = [], []
    for _round in range(2):
        for name, value in moves:
            started = time.perf_counter()
            getattr(view, name).value = value
            samples.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            plan = case.plan("forecast_roster", view.settings())
            evaluate_staffing(case, plan, view.settings())
            plan_cost(plan, case.pay, case.shifts)
            compute.append((time.perf_counter() - started) * 1000)
    assert view.feedback.last_exception is None, view.feedback.last_exception
    samples.sort()
    median = statistics.median(samples)
    print(
        f"{len(samples)} updates: median {median:.0f} ms, p90 {samples[int(0.9 * len(samples)) - 1]:.0f} ms, "
        f"max {samples[-1]:.0f} ms; median / target = {median / 250:.2f}"
    )
    print(
        f"of which planning and scoring alone: median {statistics.median(compute):.0f} ms"
        " (the rest is the card and the chart)"
    )


def improvement(case, label: str) -> None:
    from casekit.staffing import evaluation

    comparison = evaluation.compare_plans(case, time_limit=10.0, workers=2)
    t = comparison.table
    manual, optimised, workload = t.loc["manual"], t.loc["forecast_roster"], t.loc["forecast_workload"]
    cut = (
        1 - optimised["understaffed_hours"] / manual["understaffed_hours"]
        if manual["understaffed_hours"]
        else 0
    )
    print(
        f"{label:<24} understaffed h: manual {manual['understaffed_hours']:6.0f} | forecast+workload "
        f"{workload['understaffed_hours']:6.0f} | forecast+optimised {optimised['understaffed_hours']:6.0f} "
        f"({cut:.0%} fewer than manual)  pay ratio optimised/manual {optimised['pay'] / manual['pay']:.3f}  "
        f"total cost ratio {optimised['total_cost'] / manual['total_cost']:.3f}  weekends range "
        f"{int(manual['weekends_range'])}->{int(optimised['weekends_range'])}  violations "
        f"{int(t['violations'].sum())}"
    )


def main() -> None:
    from casekit.staffing import demand, evaluation

    backtests()
    sirdal = evaluation.prepare_case("4228", weeks=6, team_size=25)
    print(
        f"(case: Sirdal 4228, held-out weeks from {sirdal.dates[0].date()},"
        f" district share {sirdal.share:.0%})"
    )
    roster_solve(sirdal)
    slider_latency(sirdal)
    print("== 4. Same held-out 6 weeks, 25 staff, equal cost (MILP budget = the manual plan's pay)")
    improvement(sirdal, "4228 (small)")
    for size in ("medium", "large"):
        number = demand.SAMPLE_MUNICIPALITIES[size]
        improvement(
            evaluation.prepare_case(number, weeks=6, team_size=25), f"{number} ({size}), one district"
        )


if __name__ == "__main__":
    main()
