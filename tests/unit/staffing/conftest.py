"""Shared, session-scoped inputs: fitting the forecasts once keeps the staffing tests fast."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sirdal_frame():
    from casekit.staffing.sample import load_demand

    return load_demand("4228")


@pytest.fixture(scope="session")
def small_case(sirdal_frame):
    """Two held-out weeks of Sirdal's home care for a team of ten."""
    from casekit.staffing import evaluation

    return evaluation.prepare_case("4228", weeks=2, team_size=10, frame=sirdal_frame)
