"""Benchmarks: groups, percentiles worked out by hand, anonymous distributions, no league tables."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.assessment.benchmark import build_benchmark, cohort_profile, compare
from casekit.assessment.scoring import responses, score

STRATEGY = ("ST1", "ST2", "ST3", "ST4")
AGDER = {
    "4228": [3] * 5,  # Sirdal, the reader (mean 3)
    "4222": [1] * 5,  # Bykle 1
    "4221": [2] * 5,  # Valle 2
    "4224": [3] * 5,  # Åseral 3 (a tie)
    "4220": [4] * 5,  # Bygland 4
    "4204": [5] * 6,  # Kristiansand 5
}


@pytest.fixture
def bench(answers):
    return build_benchmark(
        score(responses(answers(AGDER, STRATEGY), "maturity")), "maturity", min_group_size=5
    )


def test_rows_per_group_and_dimension_in_bank_order(bench):
    rows = bench.for_municipality("4228", language="en")
    assert list(dict.fromkeys(rows["group"])) == ["county", "size", "network", "cohort"]
    assert rows[rows["group"] == "county"]["dimension"].tolist() == bench.dimensions
    assert rows.loc[rows["group"] == "county", "group_label"].iloc[0] == "Agder"
    assert rows.loc[rows["group"] == "network", "group_label"].iloc[0] == "Digi Agder"


def test_percentile_by_hand(bench):
    county = bench.for_municipality("4228").set_index(["group", "dimension"]).loc[("county", "strategy")]
    # Others: 1, 2, 3, 4, 5 → two below, one tie: (2 + 0.5) / 5 = 50 %
    assert county["percentile"] == pytest.approx(50.0)
    assert county["own"] == 3 and county["own_n"] == 5 and county["n"] == 31
    assert county["mean"] == pytest.approx((5 * (3 + 1 + 2 + 3 + 4) + 6 * 5) / 31)
    assert county["shown"] and county["reason"] == ""
    size = bench.for_municipality("4228").set_index(["group", "dimension"]).loc[("size", "strategy")]
    # Very small municipalities (< 2 000): Sirdal, Bykle, Valle, Åseral, Bygland → others 1, 2, 3, 4
    assert size["percentile"] == pytest.approx(100 * (2 + 0.5) / 4)


def test_distribution_is_anonymous_and_sorted_by_value(bench):
    dist = bench.distribution("4228", "county")
    assert list(dist.columns) == ["dimension", "value", "own"]
    strategy = dist[dist["dimension"] == "strategy"]
    assert strategy["value"].tolist() == sorted(strategy["value"].tolist())
    assert strategy["own"].sum() == 1 and len(strategy) == 6


def test_table_for_the_heatmap(bench):
    table = bench.table(language="en")
    assert list(table.means.index) == sorted(AGDER)  # by municipality number, not by score
    assert table.row_labels[0] == "Kristiansand" and table.column_labels[0] == "Strategy and governance"
    assert table.total["strategy"] == pytest.approx((5 * 13 + 30) / 31)
    assert not table.hidden.to_numpy().any() and not table.total_hidden["strategy"]
    assert table.total_hidden["leadership"]  # no respondents there at all
    assert table.shown()["leadership"].isna().all()  # nobody answered leadership


def _two_counties(answers, stavanger_sandnes):
    frame = answers({**AGDER, **dict(zip(("1103", "1108"), stavanger_sandnes))}, STRATEGY)
    return build_benchmark(score(responses(frame, "maturity")), "maturity", min_group_size=5)


def test_county_rows_use_every_respondent_of_the_county(answers):
    table = _two_counties(answers, ([4] * 5, [2] * 5)).table(rows="county", language="en")
    assert table.rows == "county"
    assert list(table.means.index) == ["11", "42"] and table.row_labels == ["Rogaland", "Agder"]
    assert table.means.loc["11", "strategy"] == pytest.approx(3.0)  # (5 × 4 + 5 × 2) / 10
    assert table.means.loc["42", "strategy"] == pytest.approx((5 * 13 + 30) / 31)
    assert table.n.loc["11", "strategy"] == 10 and table.n.loc["42", "strategy"] == 31
    assert not table.hidden.to_numpy().any()
    assert table.shown()["leadership"].isna().all()  # nobody answered leadership anywhere
    assert table.total_n["strategy"] == 41


def test_county_rows_follow_the_privacy_rules(answers):
    # Sandnes has 3 respondents: its own cell is hidden, and Rogaland's total is hidden too, or Sandnes
    # could be worked out as Rogaland minus Stavanger.
    bench = _two_counties(answers, ([4] * 5, [2] * 3))
    by_municipality = bench.table()
    assert by_municipality.hidden.loc["1108", "strategy"]
    table = bench.table(rows="county")
    assert table.hidden.loc["11", "strategy"] and np.isnan(table.shown().loc["11", "strategy"])
    # The cohort minus Agder is Rogaland again, so one of those two must be hidden as well.
    assert table.hidden.loc["42", "strategy"] or table.total_hidden["strategy"]
    assert not table.hidden.loc["42", "strategy"] or not table.total_hidden["strategy"]
    with pytest.raises(ValueError, match="network"):
        bench.table(rows="network")


def test_groups_too_small_or_only_own_are_not_shown(answers):
    rows = compare(score(responses(answers({"4228": [3] * 6}, STRATEGY), "maturity")), "4228", "maturity")
    county = rows.set_index(["group", "dimension"]).loc[("county", "strategy")]
    assert not county["shown"] and county["reason"] == "only_own" and np.isnan(county["percentile"])


def test_cohort_profile_hides_dimensions_with_few_respondents(answers):
    scores = score(responses(answers({"4228": [3] * 4}, STRATEGY), "maturity"))
    assert cohort_profile(scores, "maturity", min_group_size=5)["today"].isna().all()
    assert cohort_profile(scores, "maturity", min_group_size=4).loc[0, "today"] == 3
