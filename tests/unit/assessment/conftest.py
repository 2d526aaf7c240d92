"""Fixtures for the assessment tests: real SQLite stores in tmp_path and small hand-made answer sets."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from casekit.store import SQLStore, normalise_url


@pytest.fixture
def store_url(tmp_path):
    return normalise_url(tmp_path / "answers.sqlite")


@pytest.fixture
def store(store_url):
    return SQLStore(store_url)


@pytest.fixture
def tidy():
    return make_tidy


@pytest.fixture
def answers():
    return make_answers


@pytest.fixture
def full_maturity():
    return make_full_maturity


def make_tidy(rows):
    """Tidy answers from ``(respondent, municipality, item, value)`` tuples."""
    return pd.DataFrame(
        [
            {"respondent": r, "municipality": m, "role": "head_of_sector", "item": i, "value": v}
            for r, m, i, v in rows
        ]
    )


def make_answers(values, items):
    """Tidy answers, the same value on every item: municipality → one value per respondent."""
    return make_tidy(
        [
            (f"{number}-r{i:02d}", number, f"{item}.today", value)
            for number, scores in values.items()
            for i, value in enumerate(scores, start=1)
            for item in items
        ]
    )


def make_full_maturity(today=3, ambition=4):
    """Every maturity item answered with the same two values."""
    from casekit.assessment.model import load_instrument

    bank = load_instrument("maturity")
    out = {}
    for item in bank.items:
        out[f"{item.id}.today"] = today
        out[f"{item.id}.ambition"] = ambition
    return out
