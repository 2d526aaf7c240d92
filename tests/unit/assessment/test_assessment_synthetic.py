"""The synthetic cohorts: deterministic, plausible, flagged as synthetic, and loadable into a store."""

from __future__ import annotations

import numpy as np
import pytest

from casekit import data, municipalities
from casekit.assessment.model import load_instrument
from casekit.assessment.scoring import responses, score, wide
from casekit.assessment.synthetic import (
    COHORTS,
    cohort_answers,
    demo_answers,
    fill_store,
    generate,
    load,
    table_schema,
)
from casekit.errors import DatasetError


def test_regeneration_is_byte_identical():
    assert data.build(["assessment_synthetic_agder", "assessment_synthetic_national"], check=True) == {
        "assessment_synthetic_agder": True,
        "assessment_synthetic_national": True,
    }


def test_the_generator_depends_on_the_seed():
    assert generate(30, "agder").equals(generate(30, "agder"))
    assert not generate(30, "agder").equals(generate(31, "agder"))


def test_datasets_are_flagged_synthetic_with_generator_and_seed():
    for cohort, spec in COHORTS.items():
        res = data.resource(spec["dataset"])
        prov = res["provenance"]
        assert prov["kind"] == "synthetic" and prov["generator"].endswith("synthetic:generate")
        assert prov["arguments"] == {"cohort": cohort} and isinstance(prov["seed"], int)
        assert "SYNTHETIC" in res["description"]["en"]
        assert res["schema"] == table_schema()


def test_agder_cohort_shape():
    frame = load("agder")
    agder = {m.number for m in municipalities.in_county("42")}
    sizes = frame.groupby("municipality").size()
    assert set(sizes.index) == agder and len(agder) == 25
    assert sizes.min() >= 4 and sizes.max() <= 12
    assert frame["respondent"].str.fullmatch(r"\d{4}-r\d{2}").all()
    assert (frame.groupby("municipality")["role"].first() == "director").all()
    assert sizes["4228"] >= 5  # the default demo municipality has a full leader group


def test_national_sample_covers_every_municipality():
    frame = load("national")
    assert frame["municipality"].nunique() == 357
    assert 2000 <= len(frame) <= 2600


def test_dimensions_correlate_and_larger_municipalities_are_more_mature():
    scores = score(responses(cohort_answers("national", "maturity"), "maturity"))
    today = wide(scores, "today")
    corr = today.corr().to_numpy()[np.triu_indices(7, 1)]
    assert 0.3 < corr.mean() < 0.9
    by_municipality = scores[scores["perspective"] == "today"].groupby("municipality")["score"].mean()
    population = {m.number: m.population for m in municipalities.all()}
    logs = np.log10([population[m] for m in by_municipality.index])
    assert np.corrcoef(logs, by_municipality.to_numpy())[0, 1] > 0.2
    amb = wide(scores, "ambition")
    assert (amb.mean() > today.mean()).all()


def test_some_answers_are_dont_know_not_relevant_or_blank():
    frame = load("agder")
    values = frame.filter(like="maturity.").stack(future_stack=True)
    assert (values == "dont_know").mean() > 0.01
    assert (values == "not_relevant").any()
    assert values.isna().any()


def test_fill_store_saves_final_submissions_marked_synthetic(store):
    saved = fill_store(store, "agder", instruments=("maturity",), municipalities=["4228", "4222"])
    frame = load("agder")
    expected = int(frame["municipality"].isin(["4228", "4222"]).sum())
    assert saved == expected == len(store.submissions("maturity"))
    sub = store.submissions("maturity")[0]
    assert (
        sub.meta["synthetic"] is True
        and sub.meta["seed"] == data.resource("assessment_synthetic_agder")["provenance"]["seed"]
    )
    assert sub.version == load_instrument("maturity").version
    assert all(isinstance(v, int) or v in ("dont_know", "not_relevant") for v in sub.answers.values())


def test_demo_answers_are_complete_and_deterministic():
    first = demo_answers("maturity", "4228-r90", "4228")
    assert first == demo_answers("maturity", "4228-r90", "4228")
    assert set(first) == set(load_instrument("maturity").answer_keys())
    assert first != demo_answers("maturity", "4228-r91", "4228")
    assert all(isinstance(v, int) and 1 <= v <= 5 for v in first.values())


def test_unknown_cohort_is_named():
    with pytest.raises(DatasetError, match="trondelag"):
        generate(1, "trondelag")
