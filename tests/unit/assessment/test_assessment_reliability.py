"""Cronbach's alpha and item–rest correlations against values worked out by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from casekit.assessment.model import load_instrument
from casekit.assessment.reliability import cronbach_alpha, item_rest_correlations, reliability
from casekit.assessment.scoring import responses

# Four respondents, three items.
MATRIX = [[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5]]
# By hand (sample variances, n − 1 = 3):
#   item 1: 1,2,3,4  mean 2.5   squares 2.25+0.25+0.25+2.25 = 5      var 5/3
#   item 2: 2,3,3,5  mean 3.25  squares 1.5625+0.0625+0.0625+3.0625 = 4.75  var 19/12
#   item 3: 2,3,4,5  mean 3.5   squares 5                             var 5/3
#   sums:   5,8,10,14 mean 9.25 squares 18.0625+1.5625+0.5625+22.5625 = 42.75  var 14.25 = 57/4
#   alpha = 3/2 · (1 − (59/12) / (57/4)) = 3/2 · (1 − 59/171) = 3/2 · 112/171 = 168/171
ALPHA_BY_HAND = Fraction(168, 171)
# Item 1 against the rest (items 2 + 3 = 4,6,7,10, mean 6.75):
#   cross products (−1.5·−2.75)+(−0.5·−0.75)+(0.5·0.25)+(1.5·3.25) = 9.5
#   squares of item 1 = 5; squares of the rest = 7.5625+0.5625+0.0625+10.5625 = 18.75
ITEM1_REST_BY_HAND = 9.5 / math.sqrt(5 * 18.75)


def test_alpha_matches_the_hand_calculation():
    assert cronbach_alpha(MATRIX) == pytest.approx(float(ALPHA_BY_HAND), abs=1e-12)


def test_item_rest_matches_the_hand_calculation():
    r = item_rest_correlations(MATRIX)
    assert r[0] == pytest.approx(ITEM1_REST_BY_HAND, abs=1e-12)
    assert len(r) == 3 and all(-1 <= v <= 1 for v in r)


def test_incomplete_rows_are_left_out():
    with_gap = [*MATRIX, [np.nan, 1, 5]]
    assert cronbach_alpha(with_gap) == pytest.approx(float(ALPHA_BY_HAND))


def test_undefined_cases_give_nan():
    assert np.isnan(cronbach_alpha([[1], [2], [3]]))  # one item
    assert np.isnan(cronbach_alpha([[1, 2]]))  # one respondent
    assert np.isnan(cronbach_alpha([[3, 3], [3, 3], [3, 3]]))  # no variance
    assert np.isnan(item_rest_correlations([[1, 2], [2, 3]])).all()  # too few rows
    constant = item_rest_correlations([[3, 1, 2], [3, 2, 3], [3, 4, 4]])
    assert np.isnan(constant[0]) and not np.isnan(constant[1])
    with pytest.raises(ValueError):
        cronbach_alpha([1, 2, 3])


def test_reliability_report_per_dimension(tidy):
    rows = []
    for n, values in enumerate(MATRIX, start=1):
        for item, value in zip(("ST1", "ST2", "ST3"), values):
            rows.append((f"r{n}", "4228", f"{item}.today", value))
        rows.append((f"r{n}", "4228", "ST4.today", "dont_know"))
    report = reliability(responses(tidy(rows), "maturity"))
    strategy = report.dimensions.set_index("dimension").loc["strategy"]
    assert strategy["n"] == 0 and np.isnan(strategy["alpha"])  # ST4 is never answered: no complete rows
    rows = [r for r in rows if not r[2].startswith("ST4")]
    bank = load_instrument("maturity")
    report = reliability(responses(tidy(rows), bank))
    assert report.respondents == 4
    html = str(report.table(bank, language="en"))
    assert "Cronbach" in html and "Strategy and governance" in html
