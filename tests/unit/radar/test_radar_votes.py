"""Ballots to group radar (median ring, consensus, discuss again) and municipal radars to a county radar."""

import math

import pandas as pd
import pytest

from casekit.errors import InputError, PrivacyError, RadarError
from casekit.radar.model import Blip, Radar, default_config
from casekit.radar.sample import sample_ballots, sample_radar
from casekit.radar.votes import (
    BALLOT_INSTRUMENT,
    Ballot,
    ballot_of,
    ballots_frame,
    compare_ballot,
    consensus,
    county_from_ballots,
    county_radar,
    group_radar,
    load_ballots,
    median_ring,
    save_ballot,
    spread_of,
)


def _radar():
    cfg = default_config()
    return Radar(cfg, [Blip(n, "data_ai", "trial") for n in ("A", "B", "C", "D")])


def _ballots(votes: dict[str, list[str | None]], municipality="4228"):
    """votes: blip id -> ring per respondent (None = skip)."""
    n = len(next(iter(votes.values())))
    return [
        Ballot(
            f"{municipality}-r{i + 1:02d}", municipality, {blip: rings[i] for blip, rings in votes.items()}
        )
        for i in range(n)
    ]


def test_median_ring_and_ties_go_to_the_outer_ring():
    assert median_ring([0, 0, 1, 3, 3]) == 1
    assert median_ring([0, 1]) == 1  # between adopt and trial: trial, the more cautious
    assert median_ring([3, 0, 2, 1]) == 2
    with pytest.raises(ValueError):
        median_ring([])


def test_consensus_runs_from_split_to_unanimous():
    assert consensus([2, 2, 2, 2], 4) == 1.0
    assert consensus([0, 0, 3, 3], 4) == pytest.approx(0.0, abs=1e-9)
    middling = consensus([0, 1, 1, 2], 4)
    assert 0.0 < middling < 1.0
    assert consensus([0, 0, 1, 1], 4) > consensus([0, 0, 2, 2], 4)
    assert consensus([0, 0], 1) == 1.0 and math.isnan(consensus([], 4))


def test_group_radar_uses_the_median_and_flags_close_votes():
    votes = {
        "a": ["adopt", "adopt", "adopt", "adopt", "trial"],  # clear: adopt
        "b": ["adopt", "adopt", "hold", "hold", "assess"],  # 2 v 2: discuss again
        "c": ["trial", "trial", "trial", "assess", "assess"],  # 3 v 2 = 0.2 apart
        "d": ["hold", None, None, None, "hold"],  # only 2 votes: too few to place
    }
    result = group_radar(_ballots(votes), _radar(), threshold=0.15)
    t = result.table.set_index("id")
    assert t.loc["a", "ring"] == "adopt" and t.loc["b", "ring"] == "assess" and t.loc["c", "ring"] == "trial"
    assert t.loc["a", "discuss_again"] is False or not t.loc["a", "discuss_again"]
    assert bool(t.loc["b", "discuss_again"]) and not bool(t.loc["c", "discuss_again"])
    assert result.discuss_again() == ["B"]
    assert result.too_few == ("d",) and "d" not in result.radar.ids()
    assert t.loc["d", "skipped"] == 3 and t.loc["a", "votes"] == 5
    assert result.radar.get("a").status == "moved_in" and result.radar.get("c").status == "no_change"
    # A wider threshold flags the 3-v-2 vote too.
    wider = group_radar(_ballots(votes), _radar(), threshold=0.25)
    assert set(wider.discuss_again()) == {"B", "C"}


def test_privacy_needs_the_minimum_group_size():
    votes = {"a": ["adopt"] * 4}
    with pytest.raises(InputError, match="Bare 4"):
        group_radar(_ballots(votes), _radar())
    assert group_radar(_ballots(votes), _radar(), min_group_size=3).respondents == 4
    with pytest.raises(PrivacyError, match="minst 3"):
        group_radar(_ballots(votes), _radar(), min_group_size=2)
    with pytest.raises(InputError):
        group_radar(_ballots({"a": ["adopt"] * 5}), _radar(), threshold=1.5)


def test_participant_against_group_and_proposals():
    votes = {"a": ["adopt", "adopt", "adopt", "hold", "adopt"], "b": ["trial"] * 5}
    ballots = _ballots(votes)
    extra = Blip("Ny sensor", "data_ai", "assess", status="new", description="x")
    ballots[3] = Ballot(ballots[3].respondent, "4228", ballots[3].placements, (extra,))
    result = group_radar(ballots, _radar())
    frame = compare_ballot(ballots[3], result, language="en")
    row = frame.set_index("id").loc["a"]
    assert (row.own_ring, row.group_ring, row.difference) == ("Hold", "Adopt", 3)
    assert [b.name for b in result.proposals] == ["Ny sensor"]


def test_ballots_frame_accepts_frames_and_rejects_missing_columns():
    frame = pd.DataFrame({"respondent": ["x"], "municipality": ["4228"], "blip": ["a"], "ring": ["skip"]})
    assert ballots_frame(frame)["ring"].tolist() == [None]
    with pytest.raises(RadarError, match="ring"):
        ballots_frame(frame.drop(columns="ring"))
    assert ballot_of(frame, "x").placements == {"a": None}
    with pytest.raises(InputError):
        ballot_of(frame, "nobody")


def test_county_radar_takes_the_median_of_municipalities_and_drills_down():
    base = _radar()
    ballots = []
    for number, ring in (("4201", "adopt"), ("4202", "adopt"), ("4203", "hold"), ("4204", "adopt")):
        ballots += _ballots({"a": [ring] * 5, "b": ["trial"] * 5}, municipality=number)
    ballots += _ballots({"a": ["hold"] * 3, "b": ["hold"] * 3}, municipality="4205")  # too small: left out
    county = county_from_ballots(ballots, base)
    assert county.suppressed == ("4205",)
    assert list(county.matrix.columns) == ["4201", "4202", "4203", "4204"]
    assert county.radar.get("a").ring == "adopt"
    drill = county.drilldown("a", language="en")
    assert drill.loc[drill.disagrees, "name"].tolist() == ["Arendal"]  # 4203
    assert drill.attrs["median_index"] == 0
    row = county.table.set_index("id").loc["a"]
    assert (row.disagree, row.lowest, row.highest) == (1, "adopt", "hold")
    with pytest.raises(InputError):
        county_radar({}, base)


def test_county_from_municipal_radar_files():
    base = _radar()
    a = base.with_blips([b if b.id != "a" else Blip("A", "data_ai", "hold") for b in base.blips])
    county = county_radar({"4201": base, "4202": a, "4203": a}, base)
    assert county.radar.get("a").ring == "hold" and county.radar.get("b").ring == "trial"


def test_ballots_are_appended_to_the_store_and_read_back(store):
    r = _radar()
    first = Ballot("4228-r01", "4228", {"a": "adopt", "b": None})
    save_ballot(store, first, r)
    second = Ballot(
        "4228-r01", "4228", {"a": "hold", "b": "trial"}, (Blip("Ny", "data_ai", "assess", status="new"),)
    )
    save_ballot(store, second, r)
    assert len(store.history("4228-r01", BALLOT_INSTRUMENT)) == 2  # append-only
    loaded = load_ballots(store, municipality="4228")
    assert len(loaded) == 1 and loaded[0].placements == {"a": "hold", "b": "trial"}
    assert loaded[0].additions[0].name == "Ny"
    with pytest.raises(RadarError, match="zzz"):
        save_ballot(store, Ballot("x", "4228", {"zzz": "adopt"}), r)
    with pytest.raises(RadarError, match="soon"):
        save_ballot(store, Ballot("x", "4228", {"a": "soon"}), r)


def test_sample_ballots_make_a_group_and_a_county_radar():
    sample = sample_radar()
    ballots = sample_ballots()
    mine = ballots[ballots.municipality == "4228"]
    result = group_radar(mine, sample)
    assert result.respondents == mine.respondent.nunique() >= 5
    county = county_from_ballots(ballots, sample)
    assert len(county.matrix.columns) + len(county.suppressed) == 25
    assert county.suppressed  # some Agder municipalities have fewer than five voters
    spread = spread_of(mine, sample, "m365-copilot")
    assert spread.attrs["median_index"] in range(4) and len(spread) <= result.respondents
