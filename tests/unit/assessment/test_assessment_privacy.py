"""Minimum group size and complementary suppression, including the subtraction attack."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.assessment.benchmark import build_benchmark
from casekit.assessment.privacy import check_min_group_size, safe_group, suppress
from casekit.assessment.scoring import responses, score
from casekit.errors import PrivacyError


def test_min_group_size_default_and_floor():
    assert check_min_group_size(5) == 5 and check_min_group_size(3) == 3
    with pytest.raises(PrivacyError) as err:
        check_min_group_size(2)
    assert "3" in err.value.message("en")
    for bad in (True, 4.5, "5", None):
        with pytest.raises(PrivacyError):
            check_min_group_size(bad)


def test_primary_suppression_alone_is_not_enough():
    counts = {"A": 2, "B": 6, "C": 7, "D": 9}
    result = suppress(counts, None, 5)
    assert result.primary == {"A"}
    assert len(result.hidden) >= 2 and result.complementary  # a partner cell is hidden too
    hidden = [counts[c] for c in result.hidden]
    assert sum(hidden) - max(hidden) >= 5  # safe even for a reader who knows one hidden cell


def test_a_total_that_cannot_be_protected_is_withheld():
    result = suppress({"A": 1, "B": 6}, None, 5)
    assert ("total", "all") in result.hidden_totals
    assert not result.shows_total("total", "all")
    assert suppress({"A": 3}, None, 5).hidden_totals == {("total", "all")}


def test_withheld_group_totals_are_protected_against_the_grand_total():
    # Kristiansand alone in the largest size class with four respondents: the grand total minus the other
    # size classes would give it away, so a second size class is withheld with it.
    counts = {"K": 4, "a": 6, "b": 7, "c": 8, "d": 9}
    groupings = {
        "size": {"K": "xl", "a": "s", "b": "s", "c": "m", "d": "m"},
        "cohort": dict.fromkeys(counts, "all"),
    }
    result = suppress(counts, groupings, 5)
    assert not result.shows_total("size", "xl")
    withheld = [g for g in ("s", "m") if not result.shows_total("size", g)]
    assert withheld, "a second size class must be withheld"
    assert all(not result.shows(c) for c in counts if groupings["size"][c] in ["xl", *withheld])


def test_safe_group_for_a_reader_who_knows_their_own_municipality():
    assert safe_group(4, 4) == "small"
    assert safe_group(12, 12) == "only_own"
    assert safe_group(12, 9) == "subtraction"
    assert safe_group(20, 9) is None


#: The four items of the data dimension; each respondent gives all four the same value.
DATA = ("DA1", "DA2", "DA3", "DA4")


def _published(frame):
    """Everything the cohort heatmap publishes for the data dimension: shown cells, the total and n."""
    table = build_benchmark(score(responses(frame, "maturity")), "maturity", min_group_size=5).table()
    shown = table.shown()["data"]
    return (
        {m: (None if np.isnan(v) else round(v, 9)) for m, v in shown.items()},
        round(table.total["data"], 9),
        int(table.total_n["data"]),
    )


def test_the_subtraction_attack_on_a_constructed_case(answers):
    # Four Agder municipalities; Bykle (4222) has only two respondents.
    base = {"4222": [1, 1], "4203": [3, 3, 3, 4, 4, 4], "4204": [2, 3, 3, 3, 4, 4, 4], "4215": [3] * 9}
    cells, total, n = _published(answers(base, DATA))
    assert cells["4222"] is None  # the small group is hidden

    # Without complementary suppression an attacker recovers Bykle exactly from the published numbers:
    naive = {m: np.mean(v) for m, v in base.items() if len(v) >= 5}
    recovered = (total * n - sum(naive[m] * len(base[m]) for m in naive)) / len(base["4222"])
    assert recovered == pytest.approx(1.0)

    # With it, a partner cell is hidden as well, and the attack no longer has a unique answer: two data
    # sets that differ inside the hidden cells (keeping their combined sum) publish exactly the same.
    partners = [m for m, v in cells.items() if v is None and m != "4222"]
    assert partners
    partner = partners[0]
    shifted = dict(base)
    shifted["4222"] = [3, 3]  # +4 in total ...
    moved = list(base[partner])
    for i in range(4):  # ... taken from the partner
        moved[i] -= 1
    shifted[partner] = moved
    assert _published(answers(shifted, DATA)) == (cells, total, n)
    assert np.mean(shifted["4222"]) != np.mean(base["4222"])


def test_benchmark_never_lets_a_reader_subtract_their_own_group(answers):
    # The county holds Sirdal (8) and one other municipality (3): county − Sirdal would reveal the other.
    frame = answers(
        {"4228": [3] * 8, "4222": [2, 2, 2], "0301": [4] * 9, "1103": [3] * 9, "5001": [2] * 9}, DATA
    )
    bench = build_benchmark(score(responses(frame, "maturity")), "maturity", min_group_size=5)
    rows = bench.for_municipality("4228", language="en").set_index(["group", "dimension"])
    county = rows.loc[("county", "data")]
    assert not county["shown"] and county["reason"] in ("subtraction", "small") and np.isnan(county["mean"])
    assert rows.loc[("cohort", "data"), "shown"]
