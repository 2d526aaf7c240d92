"""Rostering named staff: the problem, the rules, a manual-style roster, the search and the report.

- :mod:`.problem`: who can work, which days, how many staff each shift needs, the soft goals' weights;
- :mod:`.rules`: the independent rule checker, :func:`~.rules.check_roster`;
- :mod:`.greedy`: the roster a planner might fill in by hand (the *manual plan*, and the search's start);
- :mod:`.search`: a local search that improves a legal roster quickly;
- :mod:`.cpsat`: the OR-Tools CP-SAT model and :func:`~.cpsat.solve_roster`, which finds a roster and
  proves a bound on how good one can be;
- :mod:`.report`: cover, cost, fairness, wishes and broken rules, as a leader reads them.

OR-Tools is imported only when a model is built.
"""
