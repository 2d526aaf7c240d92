"""The generation gap (module 3) and the leader group's own results carried from pre-work to gathering day
(modules 1 and 3), against real SQLite stores."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import casekit
from casekit import assessment
from casekit.assessment.generations import generation, generation_gaps
from casekit.assessment.model import load_instrument
from casekit.errors import InputError, PrivacyError

pytestmark = pytest.mark.usefixtures("close_figures")


def save_group(store, instrument: str, municipality: str, values: dict[str, int], count: int) -> None:
    """``count`` leaders of ``municipality`` answer every item of a dimension with the same value
    (``values``: perspective → level, or dimension id → level for a one-perspective bank)."""
    inst = load_instrument(instrument)
    for i in range(count):
        answers = {}
        for dim in inst.dimensions:
            for item in dim.items:
                for perspective in inst.perspective_ids:
                    answers[f"{item.id}.{perspective}"] = values.get(dim.id, values.get(perspective, 3))
        store.save(
            f"{municipality}-r{i + 1:02d}",
            inst.id,
            answers,
            status="final",
            version=inst.version,
            municipality=municipality,
        )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, 1),
        (2.49, 2),
        (2.5, 3),
        (4.6, 5),
        (5.0, 5),
        (0.2, 1),
        (7.0, 5),
        (float("nan"), None),
        (None, None),
    ],
)
def test_generation_is_the_mean_rounded_half_up_within_the_scale(value, expected):
    assert generation(value) == expected


def profile(n: int = 6) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "dimension": ["strategy", "data", "services"],
            "label": ["Strategy", "Data", "Services"],
            "today": [2.0, 2.6, 3.0],
            "ambition": [4.2, 3.4, 2.9],
            "gap": [2.2, 0.8, -0.1],
            "n": [n, n, 2],
        }
    )
    return frame


def test_generation_gaps_count_the_steps_and_hide_small_groups():
    gaps = generation_gaps(profile(), "maturity", min_group_size=5).set_index("dimension")
    assert gaps.loc["strategy", ["today_generation", "ambition_generation", "gap"]].tolist() == [2, 4, 2]
    assert gaps.loc["data", ["today_generation", "ambition_generation", "gap"]].tolist() == [3, 3, 0]
    hidden = gaps.loc["services"]
    assert not hidden["shown"] and pd.isna(hidden["gap"]) and math.isnan(hidden["today"])


def test_generation_gaps_refuse_a_threshold_below_the_floor_and_a_bank_without_a_gap():
    with pytest.raises(PrivacyError):
        generation_gaps(profile(), "maturity", min_group_size=2)
    with pytest.raises(InputError):
        generation_gaps(profile(), "capabilities")


def test_the_gap_view_reads_the_leader_groups_saved_prework(store):
    save_group(store, "maturity", "4228", {"today": 2, "ambition": 4}, count=5)
    wb = casekit.setup("en", "4228", store_url=store.url, respondent="4228-r01")
    html = assessment.generation_gap_view(wb).markup
    assert "From the pre-work (3a): 5 in the leader group have submitted answers." in html
    assert "SAMPLE DATA" not in html
    # today generation 2, the ambition needs 4: two steps, starting with what generation 3 means
    strategy = load_instrument("maturity").dimension("strategy")
    assert '<td style="padding:4px 10px;vertical-align:top">2</td>' in html
    assert "2 steps" in html and casekit.ui.escape(strategy.levels[3]["en"]) in html


def test_the_gap_view_hides_a_leader_group_below_the_threshold(store):
    save_group(store, "maturity", "4228", {"today": 2, "ambition": 4}, count=4)
    wb = casekit.setup("nb", "4228", store_url=store.url, respondent="4228-r01")
    html = assessment.generation_gap_view(wb).markup
    assert "4 i ledergruppen har sendt inn svar" in html and "minst 5" in html
    assert "<table" not in html


def test_a_sample_session_fills_a_labelled_synthetic_group(store):
    wb = casekit.setup("nb", "4228", store_url=store.url, respondent="4228-r90", prefill="demo")
    html = assessment.generation_gap_view(wb).markup
    assert "EKSEMPELDATA" in html and "<table" in html
    assert all(s.meta.get("synthetic") for s in store.submissions("maturity", municipality="4228"))


def test_the_capability_start_shows_the_groups_place_in_the_grid(store):
    inst = load_instrument("capabilities")
    high = {d.id: 4 for d in inst.dimensions}
    save_group(store, "capabilities", "4228", high, count=5)
    wb = casekit.setup("en", "4228", store_url=store.url, respondent="4228-r02")
    html = assessment.capability_start(wb).markup
    quadrant = inst.grid.quadrant(4, 4).label["en"]
    assert "From the pre-work (1a): 5 in the leader group" in html
    assert casekit.ui.escape(f"The leader group's place in the grid: {quadrant}") in html
    small = casekit.setup("en", "4204", store_url=store.url, respondent="4204-r01")
    assert "0 in the leader group" in assessment.capability_start(small).markup
