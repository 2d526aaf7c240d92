"""One privacy check for every path that publishes a group figure."""

import ast
import functools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import assessment, privacy, services, ui
from casekit.assessment import benchmark
from casekit.assessment import privacy as privacy_rules
from casekit.assessment import published as assessment_published
from casekit.assessment.generations import generation_gaps
from casekit.assessment.model import load_instrument
from casekit.assessment.scoring import competence_gaps, municipality_profile
from casekit.assessment.synthetic import fill_store
from casekit.cohort import gathering, runsheet, runsheet_doc
from casekit.errors import PrivacyError
from casekit.hub import published as hub_published
from casekit.planning import competence, strategy
from casekit.planning.model import Strategy
from casekit.planning.strategy import default_targets
from casekit.privacy import DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR, check_min_group_size
from casekit.radar import published as radar_published
from casekit.radar import tables as radar_tables
from casekit.radar import votes
from casekit.radar import workbook as radar_workbook
from casekit.radar.sample import sample_ballots, sample_radar
from casekit.services import analysis as services_analysis
from casekit.services import published as services_published
from casekit.staffing.evaluation import burden_by_contract
from casekit.store import SQLStore, normalise_url, open_store


def test_whole_numbers_from_the_floor_up_are_accepted():
    assert (MIN_GROUP_SIZE_FLOOR, DEFAULT_MIN_GROUP_SIZE) == (3, 5)
    assert check_min_group_size(3) == 3 and check_min_group_size(12) == 12
    accepted = check_min_group_size(np.int64(7))  # a count taken from a DataFrame
    assert accepted == 7 and type(accepted) is int


@pytest.mark.parametrize("value", [1, 0, -5, 2])
def test_sizes_below_the_floor_are_refused_naming_value_and_floor(value):
    with pytest.raises(PrivacyError) as err:
        check_min_group_size(value)
    assert f"min_group_size er {value}" in err.value.message() and "minst 3" in err.value.message()
    assert f"min_group_size is {value}" in err.value.message("en") and "at least 3" in err.value.message("en")


@pytest.mark.parametrize("value", [True, False, 3.5, 5.0, "5", None, [5]])
def test_anything_but_a_whole_number_is_refused_with_a_clear_message(value):
    with pytest.raises(PrivacyError) as err:
        check_min_group_size(value)
    assert repr(value) in err.value.message() and "heltall på minst 3" in err.value.message()
    assert "whole number of at least 3" in err.value.message("en")


# --- every path that publishes a group figure uses the one check ----------------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "casekit"
BAD_SIZES = [1, 0, -5, True, 3.5, "5", None]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    url = normalise_url(tmp_path_factory.mktemp("privacy") / "agder.sqlite")
    fill_store(SQLStore(url), "agder")
    return url


@functools.cache
def _paths(url):
    """Each public function with a ``min_group_size`` parameter, called the way a notebook, a report or a
    trainer would, with the size to check."""
    inst = "maturity"
    scores = assessment.assessment_data(url, inst, county="42").scores()
    wb = casekit.setup("en", "4204", store_url=url, respondent="4204-r01")
    sirdal = casekit.setup("en", "4228", store_url=url)  # Digi Agder: a network with peers
    ballots = radar_workbook.Ballots(sample_ballots(), "sample")
    frame, base = sample_ballots(), sample_radar()
    county = votes.county_from_ballots(frame, base)
    profile = municipality_profile(url, "4204")
    plan = Strategy(municipality="4204", statement="", targets=default_targets(profile), initiatives=())
    rows = pd.DataFrame({"submission_id": [1], "who": ["a"], "unit": ["4204"], "facet": ["f"]})
    people = pd.DataFrame(
        {"contract": [1.0] * 6, "weekends": [2] * 6, "nights": [1] * 6, "evenings": [3] * 6}
    )
    return {
        "assessment.benchmark.build_benchmark": lambda k: benchmark.build_benchmark(
            scores, inst, min_group_size=k
        ),
        "assessment.benchmark.compare": lambda k: benchmark.compare(scores, "4204", inst, min_group_size=k),
        "assessment.benchmark.cohort_profile": lambda k: benchmark.cohort_profile(
            scores, inst, min_group_size=k
        ),
        "assessment.benchmark.answer_distribution": lambda k: benchmark.answer_distribution(
            assessment.assessment_data(url, inst).responses(), "today", min_group_size=k
        ),
        "assessment.generations.generation_gaps": lambda k: generation_gaps(profile, min_group_size=k),
        "assessment.privacy.suppress": lambda k: privacy_rules.suppress({"a": 6}, {"all": {"a": "g"}}, k),
        "assessment.privacy.safe_group": lambda k: privacy_rules.safe_group(9, 0, k),
        "assessment.workbook.assessment_data": lambda k: assessment.assessment_data(url, min_group_size=k),
        "assessment.workbook.cohort_data": lambda k: assessment.cohort_data(wb, inst, min_group_size=k),
        "assessment.workbook.leader_group": lambda k: assessment.leader_group(wb, inst, min_group_size=k),
        "assessment.workbook.capability_start": lambda k: assessment.capability_start(wb, min_group_size=k),
        "assessment.workbook.generation_gap_view": lambda k: assessment.generation_gap_view(
            wb, min_group_size=k
        ),
        "assessment.workbook.AssessmentData": lambda k: assessment.AssessmentData(
            load_instrument(inst), pd.DataFrame(), min_group_size=k
        ),
        "cohort.gathering.participation": lambda k: gathering.participation(
            open_store(url), ["4204"], min_group_size=k
        ),
        "cohort.gathering.gathering_sections": lambda k: gathering.gathering_sections(
            url, ["4204"], "1c", min_group_size=k
        ),
        "cohort.gathering.gathering_report": lambda k: gathering.gathering_report(
            url, ["4204"], "1c", min_group_size=k
        ),
        "cohort.runsheet_doc.runsheet_html": lambda k: runsheet_doc.runsheet_html(
            runsheet.load("3b"), language="en", min_group_size=k
        ),
        "planning.competence.group_needs": lambda k: competence.group_needs(
            competence_gaps(url, "4204"), min_group_size=k
        ),
        "planning.strategy.protect": lambda k: strategy.protect(profile, k),
        "planning.strategy.default_targets": lambda k: strategy.default_targets(profile, min_group_size=k),
        "planning.strategy.ambition_table": lambda k: strategy.ambition_table(profile, min_group_size=k),
        "planning.strategy.gap_coverage": lambda k: strategy.gap_coverage(
            profile, plan, pd.DataFrame(), min_group_size=k
        ),
        "radar.tables.county_summary": lambda k: radar_tables.county_summary(county, min_group_size=k),
        "radar.votes.group_radar": lambda k: votes.group_radar(frame, base, min_group_size=k),
        "radar.votes.municipal_results": lambda k: votes.municipal_results(frame, base, min_group_size=k),
        "radar.votes.county_from_ballots": lambda k: votes.county_from_ballots(frame, base, min_group_size=k),
        "radar.workbook.municipal_ballots": lambda k: radar_workbook.municipal_ballots(wb, min_group_size=k),
        "radar.workbook.county_ballots": lambda k: radar_workbook.county_ballots(wb, min_group_size=k),
        "radar.workbook.group": lambda k: radar_workbook.group(wb, ballots, base, min_group_size=k),
        "radar.workbook.county": lambda k: radar_workbook.county(wb, ballots, base, min_group_size=k),
        "radar.workbook.county_summary": lambda k: radar_workbook.county_summary(
            wb, ui.HTMLBlock(""), min_group_size=k
        ),
        "radar.workbook.proposal": lambda k: radar_workbook.proposal(wb, base, min_group_size=k),
        "services.analysis.cohort_handovers": lambda k: services_analysis.cohort_handovers(
            url, ["4204"], min_group_size=k
        ),
        "services.analysis.handovers_table": lambda k: services_analysis.handovers_table(
            [], ["4204"], min_group_size=k
        ),
        "services.workbook.cohort_view": lambda k: services.cohort_view(sirdal, min_group_size=k),
        "privacy.next_cut": lambda k: privacy.next_cut(rows, None, min_group_size=k),
        "privacy.published": lambda k: privacy.published(open_store(url), "x", rows, min_group_size=k),
        "privacy.publish": lambda k: privacy.publish(open_store(url), "x", rows, min_group_size=k),
        "assessment.published.published_answers": lambda k: assessment_published.published_answers(
            url, inst, min_group_size=k
        ),
        "assessment.published.published_group": lambda k: assessment_published.published_group(
            url, "4204", inst, min_group_size=k
        ),
        "assessment.published.publish_answers": lambda k: assessment_published.publish_answers(
            url, inst, min_group_size=k
        ),
        "radar.published.published_ballots": lambda k: radar_published.published_ballots(
            open_store(url), min_group_size=k
        ),
        "radar.published.publish_ballots": lambda k: radar_published.publish_ballots(
            open_store(url), min_group_size=k
        ),
        "services.published.published_marks": lambda k: services_published.published_marks(
            open_store(url), min_group_size=k
        ),
        "services.published.publish_marks": lambda k: services_published.publish_marks(
            open_store(url), min_group_size=k
        ),
        "hub.published.serve": lambda k: hub_published.serve(
            open_store(url), "maturity", min_group_size=k, caller="4204-r01", secret=b"test"
        ),
        "staffing.evaluation.burden_by_contract": lambda k: burden_by_contract(people, min_group_size=k),
    }


def _public_functions_with_a_group_size() -> set[str]:
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names = [a.arg for a in node.args.args + node.args.kwonlyargs]
                if "min_group_size" in names:
                    found.add(f"{module}.{node.name}")
    return found


def test_every_public_function_taking_a_group_size_is_checked_here(filled):
    covered = {name for name in _paths(filled) if name.split(".")[-1][0].islower()}
    assert _public_functions_with_a_group_size() - covered == set()


@pytest.mark.parametrize("value", BAD_SIZES)
def test_every_path_that_publishes_a_group_figure_refuses_an_unsafe_size_the_same_way(filled, value):
    for name, call in _paths(filled).items():
        with pytest.raises(PrivacyError) as err:
            call(value)
        assert err.value.key.startswith("privacy.error.min_group_size"), name
        assert "min_group_size" in err.value.message("en"), name


def test_every_path_accepts_the_floor(filled):
    for name, call in _paths(filled).items():
        try:
            call(MIN_GROUP_SIZE_FLOOR)
        except PrivacyError as exc:  # pragma: no cover - the failure message names the path
            pytest.fail(f"{name}: {exc.message('en')}")
        finally:
            plt.close("all")
