"""casekit.staffing: forecast demand, plan shifts, build a fair legal roster and weigh the trade-offs."""
