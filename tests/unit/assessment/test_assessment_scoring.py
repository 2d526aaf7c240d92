"""Dimension scores (the 2/3 rule), don't know / not relevant, gaps and the store-backed profiles."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from casekit.assessment.model import load_instrument
from casekit.assessment.scoring import (
    competence_gaps,
    municipality_profile,
    profile,
    responses,
    responses_from_answers,
    score,
)
from casekit.errors import AnswerError


def _strategy(answers, threshold=Fraction(2, 3)):
    """The respondent's strategy score (today) from answers to ST1..ST4."""
    resp = responses_from_answers({f"ST{i}.today": v for i, v in answers.items()}, "maturity")
    row = score(resp, threshold=threshold).query("dimension == 'strategy' and perspective == 'today'").iloc[0]
    return row


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({1: 2, 2: 3, 3: 4, 4: 5}, 3.5),  # all four answered
        ({1: 2, 2: 3, 3: 4}, 3.0),  # 3 of 4 ≥ 2/3
        ({1: 2, 2: 4}, None),  # 2 of 4 < 2/3
        ({1: 2, 2: 4, 3: "dont_know", 4: "dont_know"}, None),  # don't know counts as unanswered
        ({1: 2, 2: 4, 3: "dont_know"}, None),  # 2 of 4 again
        ({1: 2, 2: 4, 3: "not_relevant"}, 3.0),  # 2 of 3 relevant = 2/3 exactly
        ({1: 5, 2: "not_relevant", 3: "not_relevant"}, None),  # 1 of 2 relevant
        ({1: 5, 2: "not_relevant", 3: "not_relevant", 4: "not_relevant"}, 5.0),  # 1 of 1 relevant
        ({1: "not_relevant", 2: "not_relevant", 3: "not_relevant", 4: "not_relevant"}, None),  # nothing left
    ],
)
def test_two_thirds_rule(answers, expected):
    row = _strategy(answers)
    if expected is None:
        assert np.isnan(row["score"])
    else:
        assert row["score"] == pytest.approx(expected)


def test_no_answers_give_no_rows():
    assert score(responses_from_answers({}, "maturity")).empty


def test_counts_explain_the_rule():
    row = _strategy({1: 2, 2: 4, 3: "dont_know", 4: "not_relevant"})
    assert (row["answered"], row["relevant"], row["items"]) == (2, 3, 4)
    assert row["score"] == pytest.approx(3.0)


def test_threshold_is_configurable():
    answers = {1: 2, 2: 4}
    assert np.isnan(_strategy(answers)["score"])
    assert _strategy(answers, threshold=0.5)["score"] == pytest.approx(3.0)
    assert _strategy(answers, threshold="1/2")["score"] == pytest.approx(3.0)
    assert np.isnan(_strategy({1: 2, 2: 3, 3: 4}, threshold=1)["score"])
    for bad in (0, 1.5, "half", -1):
        with pytest.raises(AnswerError):
            _strategy(answers, threshold=bad)


def test_gap_is_ambition_minus_today(full_maturity):
    answers = full_maturity(today=2, ambition=4)
    answers["ST1.ambition"] = 5  # strategy ambition mean (5+4+4+4)/4
    resp = responses_from_answers(answers, "maturity")
    prof = profile(score(resp), "maturity", language="en")
    strategy = prof.set_index("dimension").loc["strategy"]
    assert strategy["today"] == 2 and strategy["ambition"] == pytest.approx(4.25)
    assert strategy["gap"] == pytest.approx(2.25)
    assert list(prof.columns) == ["dimension", "label", "today", "ambition", "gap", "n"]
    assert strategy["label"] == "Strategy and governance"


def test_invalid_values_are_refused_with_respondent_item_and_value(tidy):
    frame = tidy(
        [("r1", "4228", "ST1.today", 3), ("r2", "4228", "ST2.today", 7), ("r3", "4228", "ST3.today", True)]
    )
    with pytest.raises(AnswerError) as err:
        responses(frame, "maturity")
    text = err.value.message("en")
    assert "r2 / ST2.today / 7" in text and "r3 / ST3.today / True" in text and "dont_know" in text


def test_unknown_items_are_refused_not_dropped(tidy):
    with pytest.raises(AnswerError) as err:
        responses(tidy([("r1", "4228", "XX9.today", 3)]), "maturity")
    assert "r1 / XX9.today" in err.value.message("en")


def test_numbers_as_text_and_blank_values_are_read(tidy):
    frame = tidy(
        [("r1", "4228", "ST1.today", "4"), ("r1", "4228", "ST2.today", None), ("r1", "4228", "ST3.today", 2)]
    )
    resp = responses(frame, "maturity")
    assert np.nansum(resp.values) == 6 and not resp.dont_know.any()


def test_the_last_answer_of_a_respondent_counts(tidy):
    frame = tidy([("r1", "4228", "ST1.today", 1), ("r1", "4228", "ST1.today", 5)])
    frame["submission_id"] = [2, 1]  # the first row is the newer submission
    resp = responses(frame, "maturity")
    assert resp.values[0, resp.keys.index("ST1.today")] == 1


def test_other_instruments_in_the_frame_are_left_alone(tidy):
    frame = tidy([("r1", "4228", "ST1.today", 3), ("r1", "4228", "SN1.today", 4)])
    frame["instrument"] = ["maturity", "capabilities"]
    assert len(responses(frame, "maturity")) == 1
    assert responses(frame, "capabilities").values[0, 0] == 4


def test_municipality_profile_reads_the_latest_final_submissions(store, full_maturity):
    store.save("4228-r01", "maturity", full_maturity(2, 3), municipality="4228", status="final")
    store.save("4228-r02", "maturity", full_maturity(4, 5), municipality="4228", status="final")
    store.save("4228-r02", "maturity", full_maturity(1, 1), municipality="4228", status="draft")  # ignored
    store.save("4203-r01", "maturity", full_maturity(1, 2), municipality="4203", status="final")  # elsewhere
    prof = municipality_profile(store, "Sirdal", language="nb")
    assert list(prof.columns) == ["dimension", "label", "today", "ambition", "gap", "n"]
    assert prof["today"].tolist() == [3.0] * 7 and prof["ambition"].tolist() == [4.0] * 7
    assert prof["gap"].tolist() == [1.0] * 7 and prof["n"].tolist() == [2] * 7
    assert prof.loc[0, "label"] == "Strategi og styring"
    empty = municipality_profile(store.url, "0301")
    assert empty["today"].isna().all() and (empty["n"] == 0).all()


def test_competence_gaps_per_person_and_area(store):
    bank = load_instrument("competence")
    mine = {f"{d.id}.required": 4 for d in bank.dimensions} | {f"{d.id}.current": 2 for d in bank.dimensions}
    mine["data.current"] = "dont_know"
    store.save("4228-r01", "competence", mine, municipality="4228", status="final")
    gaps = competence_gaps(store, "4228", language="en")
    assert list(gaps.columns) == ["respondent", "area", "label", "required", "current", "gap"]
    assert len(gaps) == len(bank.dimensions)
    mindset = gaps.set_index("area").loc["mindset"]
    assert (mindset["required"], mindset["current"], mindset["gap"]) == (4, 2, 2)
    assert np.isnan(gaps.set_index("area").loc["data", "gap"])
    assert gaps["area"].tolist() == [d.id for d in bank.dimensions]
