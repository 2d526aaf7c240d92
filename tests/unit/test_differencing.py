"""The differencing attack, as a participant would run it: read the group figures, wait for a colleague to
submit, reload, and subtract. ``(n1·m1 − n0·m0) / (n1 − n0)`` gives the newcomer's score whenever a
figure moves by one person, and a hidden small municipality's mean when its answers enter a county figure.

Every test runs the attack twice on the same real store: against the live computation (the store as it
is, which is what participants saw before snapshots, and what a trainer still sees) to show the attack
works, and against what a participant's workbook shows now (the published snapshot), where it must fail
for every group a participant can see: the county, size class, Digi-network and cohort benchmarks, every
municipality's cells in the heat map, the leader group's own figures, the roles within the county, the
group and county radars, and the network's life-event figures.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import assessment
from casekit.assessment.benchmark import municipality_groups
from casekit.assessment.model import load_instrument
from casekit.assessment.synthetic import fill_store
from casekit.radar import sample_radar
from casekit.radar import workbook as radar_workbook
from casekit.radar.votes import Ballot, ballots_frame, load_ballots, save_ballot
from casekit.services import analysis as services_analysis
from casekit.services.published import published_marks
from casekit.store import SQLStore, normalise_url

K = 5
ME = "4204"  # Kristiansand: the participant's municipality, the largest leader group of Agder
SMALL = "4218"  # Iveland: a leader group of four in the synthetic cohort, never shown on its own
GROUPINGS = ("municipality", "county", "size", "network", "cohort", "role")


# --- what a participant can read ------------------------------------------------------------------------


def figures(scores: pd.DataFrame) -> dict[tuple, tuple[int, float]]:
    """(n, mean) of every group a participant's views are computed from, per dimension and perspective:
    each municipality (the heat map, the leader group's own figures), the county, size class, network,
    cohort and each role within the county. Only groups of at least K people are shown."""
    part = scores.dropna(subset=["score"]).copy()
    part["municipality"] = part["municipality"].astype(str)
    part = part.merge(municipality_groups(sorted(part["municipality"].unique())), on="municipality")
    found = {}
    for kind in GROUPINGS:
        keys = [kind, "dimension", "perspective"]
        for key, group in part.dropna(subset=[kind]).groupby(keys):
            if len(group) >= K:
                found[(kind, *map(str, key))] = (len(group), float(group["score"].mean()))
    return found


def subtract(before: dict, after: dict) -> dict[tuple, tuple[int, float]]:
    """Every figure shown both times whose n moved: how many people moved it and what subtraction gives."""
    out = {}
    for key in before.keys() & after.keys():
        (n0, m0), (n1, m1) = before[key], after[key]
        if n1 != n0:
            out[key] = (n1 - n0, (n1 * m1 - n0 * m0) / (n1 - n0))
    return out


def live(url: str, instrument: str) -> dict:
    """The live computation: the county's answers in the store as they are."""
    data = assessment.assessment_data(url, instrument, county="42", fallback=None)
    return figures(data.scores())


def shown(url: str, instrument: str, respondent: str = f"{ME}-r01") -> dict:
    """What the participant's workbook computes its views from: the published snapshot."""
    wb = casekit.setup("en", ME, store_url=url, respondent=respondent)
    data = assessment.cohort_data(wb, instrument, fallback=None)
    assert data.published is not None and data.published.shown
    return figures(data.scores())


def answers(instrument: str, today: int, ambition: int) -> dict[str, int]:
    inst = load_instrument(instrument)
    levels = dict(zip(inst.perspective_ids, (today, ambition)))
    return {f"{item.id}.{p}": levels[p] for item in inst.items for p in inst.perspective_ids}


def submit(url, respondent, instrument, today, ambition, municipality=ME, role="director"):
    inst = load_instrument(instrument)
    SQLStore(url).save(
        respondent,
        inst.id,
        answers(instrument, today, ambition),
        status="final",
        version=inst.version,
        municipality=municipality,
        role=role,
    )


@pytest.fixture
def agder(tmp_path):
    """The synthetic Agder cohort in a real store, without the small municipality's leader group."""
    url = normalise_url(tmp_path / "agder.sqlite")
    numbers = [m for m in (f"42{n:02d}" for n in range(1, 29)) if m != SMALL]
    fill_store(SQLStore(url), "agder", instruments=("maturity", "competence"), municipalities=numbers)
    return url


# --- the attack on the self-assessments ------------------------------------------------------------------


@pytest.mark.parametrize("instrument", ["maturity", "competence"])
def test_one_submission_gives_the_newcomers_score_away_live_but_not_from_the_published_figures(
    agder, instrument
):
    before_live, before_shown = live(agder, instrument), shown(agder, instrument)
    assert {key[0] for key in before_shown} == set(GROUPINGS)  # every kind of group is there to attack
    submit(agder, f"{ME}-new1", instrument, today=1, ambition=5)  # a director with extreme answers
    moved = subtract(before_live, live(agder, instrument))
    exposed = {key: value for key, (n, value) in moved.items() if n == 1}
    assert exposed, "the live figures must move by one person, or this test could not fail"
    # the newcomer's scores, exactly (1 today, 5 as the ambition or the required level)
    assert all(value == pytest.approx(1.0) or value == pytest.approx(5.0) for value in exposed.values())
    assert {key[0] for key in exposed} >= {"municipality", "county", "cohort", "role"}
    assert subtract(before_shown, shown(agder, instrument)) == {}  # the published figures did not move


@pytest.mark.parametrize("instrument", ["maturity", "competence"])
def test_several_submissions_below_the_threshold_move_nothing_and_then_at_least_k_people(agder, instrument):
    readings = [shown(agder, instrument)]
    for i in range(1, K):
        submit(agder, f"{ME}-new{i}", instrument, today=1 + i % 2, ambition=5, role="head_of_sector")
        readings.append(shown(agder, instrument))
    for before, after in itertools.combinations(readings, 2):
        assert subtract(before, after) == {}  # K − 1 newcomers: nothing a participant reads has moved
    submit(agder, f"{ME}-new{K}", instrument, today=2, ambition=5, role="head_of_sector")
    readings.append(shown(agder, instrument))
    moved = subtract(readings[0], readings[-1])
    assert moved and all(n >= K for n, _value in moved.values())  # the figures move by K people at once
    for before, after in itertools.combinations(readings, 2):
        assert all(abs(n) >= K for n, _value in subtract(before, after).values())


def test_a_hidden_small_municipalitys_mean_comes_out_of_the_county_live_but_not_when_published(agder):
    before_live, before_shown = live(agder, "maturity"), shown(agder, "maturity")
    for i, level in enumerate((2, 3, 3), start=1):  # a leader group of three: never shown on its own
        submit(agder, f"{SMALL}-r{i}", "maturity", today=level, ambition=4, municipality=SMALL)
    secret = np.mean([2, 3, 3])
    moved = subtract(before_live, live(agder, "maturity"))
    county = {key: value for key, (n, value) in moved.items() if key[0] == "county" and key[3] == "today"}
    assert county and all(value == pytest.approx(secret) for value in county.values())
    assert subtract(before_shown, shown(agder, "maturity")) == {}
    assert SMALL not in {key[1] for key in shown(agder, "maturity") if key[0] == "municipality"}


def test_the_leader_groups_own_view_moves_only_by_k_people(agder):
    wb = casekit.setup("en", ME, store_url=agder, respondent=f"{ME}-r01")
    first = assessment.leader_group(wb, "maturity")
    submit(agder, f"{ME}-new1", "maturity", today=1, ambition=5)
    again = assessment.leader_group(wb, "maturity")
    pd.testing.assert_frame_equal(first.profile, again.profile)
    assert again.submitted == first.submitted + 1  # the count says someone answered; the figures do not


# --- the attack on the radars ------------------------------------------------------------------------------


def votes(frame: pd.DataFrame) -> dict[tuple[str, str], dict[str, int]]:
    """Per municipality of K or more voters and technology: how many put it in each ring (or skipped)."""
    out = {}
    for number, part in frame.groupby("municipality"):
        if part["respondent"].nunique() < K:
            continue
        for blip, rows in part.groupby("blip"):
            out[(str(number), str(blip))] = rows["ring"].fillna("skip").value_counts().to_dict()
    return out


def ring_diff(before: dict, after: dict) -> dict[tuple[str, str], dict[str, int]]:
    out = {}
    for key in before.keys() & after.keys():
        diff = {r: after[key].get(r, 0) - before[key].get(r, 0) for r in set(before[key]) | set(after[key])}
        if any(diff.values()):
            out[key] = {r: d for r, d in diff.items() if d}
    return out


def test_one_ballot_gives_the_voters_rings_away_live_but_not_from_the_published_radars(tmp_path):
    url = normalise_url(tmp_path / "radar.sqlite")
    store, radar = SQLStore(url), sample_radar()
    for number, count in ((ME, 6), ("4201", 5), ("4202", 5)):
        for i in range(count):
            placements = {b.id: ["adopt", "trial", "assess"][(i + len(b.id)) % 3] for b in radar.blips}
            save_ballot(store, Ballot(f"{number}-r{i}", number, placements), radar)
    wb = casekit.setup("en", ME, store_url=url, respondent=f"{ME}-r0")

    def seen():
        group = votes(radar_workbook.municipal_ballots(wb).frame)
        county = votes(radar_workbook.county_ballots(wb).frame)
        return {("group", *k): v for k, v in group.items()} | {("county", *k): v for k, v in county.items()}

    def now():
        return votes(ballots_frame(load_ballots(store)))

    before_live, before_shown = now(), seen()
    save_ballot(store, Ballot(f"{ME}-new", ME, {b.id: "hold" for b in radar.blips}), radar)
    exposed = ring_diff(before_live, now())
    assert len(exposed) == len(radar.blips) and all(diff == {"hold": 1} for diff in exposed.values())
    assert ring_diff(before_shown, seen()) == {}
    for i in range(1, K - 1):
        save_ballot(store, Ballot(f"{ME}-new{i}", ME, {b.id: "hold" for b in radar.blips}), radar)
        assert ring_diff(before_shown, seen()) == {}  # fewer than K new ballots: nothing moves
    save_ballot(store, Ballot(f"{ME}-new{K - 1}", ME, {b.id: "hold" for b in radar.blips}), radar)
    moved = ring_diff(before_shown, seen())
    assert moved and all(sum(abs(d) for d in diff.values()) >= K for diff in moved.values())


# --- the attack on the life events -------------------------------------------------------------------------


def network_counts(subs) -> dict[str, int]:
    frame = services_analysis.handovers_table(subs, [m for m in (f"42{n:02d}" for n in range(1, 29))])
    return dict(zip(frame["event"], frame["municipalities"]))


def test_one_municipalitys_marks_move_the_network_figures_live_but_not_the_published_ones(tmp_path):
    url = normalise_url(tmp_path / "events.sqlite")
    store = SQLStore(url)
    marks = {"having_a_child": ["health_care", "education"]}
    for n in range(1, 7):
        services_analysis.save_marks(store, f"42{n:02d}-r1", f"42{n:02d}", marks)
    before_shown = network_counts(published_marks(store)[0])
    assert set(before_shown.values()) == {6}  # six municipalities' marks are published
    before_live = network_counts(store.submissions(services_analysis.INSTRUMENT, latest="municipality"))
    services_analysis.save_marks(store, "4207-r1", "4207", {"having_a_child": ["health_care"]})
    after_live = network_counts(store.submissions(services_analysis.INSTRUMENT, latest="municipality"))
    assert {after_live[e] - before_live[e] for e in before_live} == {1}  # one municipality: visible live
    assert network_counts(published_marks(store)[0]) == before_shown
