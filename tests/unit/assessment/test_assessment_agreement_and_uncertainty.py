"""Agreement inside a group (a prompt for discussion) and bootstrap intervals (deterministic by seed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.assessment.scoring import (
    agreement,
    agreement_prompts,
    bootstrap_ci,
    group_means,
    responses,
    score,
)


def _scores(tidy, values_by_respondent):
    rows = []
    for respondent, (municipality, value) in values_by_respondent.items():
        rows += [(respondent, municipality, f"DA{i}.today", value) for i in range(1, 5)]
    return score(responses(tidy(rows), "maturity"))


def test_sd_and_range_per_group_and_dimension(tidy):
    scores = _scores(tidy, {"a": ("4228", 2), "b": ("4228", 4), "c": ("4203", 3), "d": ("4203", 3)})
    spread = agreement(scores, perspective="today").set_index(["municipality", "dimension"])
    sirdal = spread.loc[("4228", "data")]
    assert sirdal["sd"] == pytest.approx(math.sqrt(2))  # values 2 and 4, n − 1 in the denominator
    assert sirdal["range"] == 2 and sirdal["n"] == 2 and bool(sirdal["discuss"])
    arendal = spread.loc[("4203", "data")]
    assert arendal["sd"] == 0 and not bool(arendal["discuss"])
    assert ("4228", "strategy") not in spread.index  # no scores, no row


def test_prompts_invite_conversation_and_say_so_when_there_is_agreement(tidy):
    scores = _scores(tidy, {"a": ("4228", 1), "b": ("4228", 4)})
    prompts = agreement_prompts(agreement(scores), "maturity", language="en")
    assert (
        len(prompts) == 1
        and "Data and information management" in prompts[0]
        and "from 1.0 to 4.0" in prompts[0]
    )
    calm = agreement_prompts(
        agreement(_scores(tidy, {"a": ("4228", 3), "b": ("4228", 3)})), "maturity", language="nb"
    )
    assert calm == [agreement_prompts.__globals__["i18n"].t("assessment.agreement.none", language="nb")]


def test_bootstrap_is_deterministic_with_a_seed():
    values = [2.13, 2.57, 3.01, 3.49, 4.44, 1.92, 2.86]
    first = bootstrap_ci(values, seed=11)
    assert first == bootstrap_ci(values, seed=11)
    assert first != bootstrap_ci(values, seed=12)
    low, high = first
    assert low < np.mean(values) < high
    assert min(values) <= low and high <= max(values)
    narrow = bootstrap_ci(values, seed=11, confidence=0.5)
    assert narrow[0] >= low and narrow[1] <= high


def test_bootstrap_needs_two_values():
    assert all(np.isnan(v) for v in bootstrap_ci([3.0], seed=1))
    assert all(np.isnan(v) for v in bootstrap_ci([np.nan, 2.0], seed=1))


def test_group_intervals_do_not_depend_on_other_groups(tidy):
    both = _scores(
        tidy, {"a": ("4228", 2), "b": ("4228", 4), "c": ("4228", 3), "d": ("4203", 3), "e": ("4203", 5)}
    )
    alone = both[both["municipality"] == "4228"]
    a = group_means(both, seed=3).set_index(["municipality", "dimension"]).loc[("4228", "data")]
    b = group_means(alone, seed=3).set_index(["municipality", "dimension"]).loc[("4228", "data")]
    assert (a["ci_low"], a["ci_high"]) == (b["ci_low"], b["ci_high"])
    assert a["mean"] == pytest.approx(3.0) and a["n"] == 3
