"""The notebook steps: the store when it has enough answers, the sample with a visible notice otherwise."""

import pytest

from casekit import radar, ui
from casekit.errors import CasekitError
from casekit.radar import Ballot, workbook
from casekit.store import open_store


def _vote(store_url, municipality, n, ring="adopt"):
    sample = radar.sample_radar()
    st = open_store(store_url)
    for i in range(1, n + 1):
        placements = {b.id: ring for b in sample.blips}
        radar.save_ballot(st, Ballot(f"{municipality}-r{i:02d}", municipality, placements), sample)


def test_prefill_takes_the_sample_ballot():
    b = workbook.prefill_ballot("sample", "4228-r01", "4228")
    assert b.respondent == "4228-r01" and any(b.placements.values())
    other = workbook.prefill_ballot("sample", "0301-r01", "0301")  # not in the sample: another ballot
    assert other.municipality == "0301" and other.placements
    assert workbook.prefill_ballot("", "x", "4228") is None
    with pytest.raises(CasekitError, match="prefill"):
        workbook.prefill_ballot("everything", "x", "4228")


def test_ballot_widget_from_the_workbook(store_url):
    box = workbook.ballot(
        radar.sample_radar(),
        municipality="Sirdal",
        respondent="4228-r01",
        store_url=store_url,
        prefill="sample",
    )
    assert sum(dd.value != "skip" for dd in box.choices.values()) > 30


def test_municipal_ballots_use_the_store_when_enough_have_voted(store_url):
    fallback = workbook.municipal_ballots("4228", store_url=store_url)
    assert fallback.source == "sample" and "syntetiske" in fallback._repr_html_()
    assert set(fallback.frame["municipality"]) == {"4228"}
    oslo = workbook.municipal_ballots("0301", store_url=store_url)
    assert oslo.source == "sample" and "bare Agder" in oslo._repr_html_()
    _vote(store_url, "4228", 5)
    stored = workbook.municipal_ballots("4228", store_url=store_url)
    assert stored.source == "store" and stored._repr_html_() == ""
    result = workbook.group(stored, radar.sample_radar())
    assert {b.ring for b in result.radar.blips} == {"adopt"}
    assert "5 har stemt" in str(workbook.group_summary(result))
    assert "Teknologi" in str(workbook.group_table(result))


def test_too_few_voters_gives_a_notice_not_a_traceback(store_url):
    _vote(store_url, "4228", 3)
    ballots = radar.ballots_frame(radar.load_ballots(open_store(store_url)))
    result = workbook.group(ballots, radar.sample_radar())
    assert isinstance(result, ui.HTMLBlock) and "Bare 3" in str(result)
    assert workbook.group_summary(result) is result and workbook.group_table(result) is result
    assert workbook.ballot_vs_group(None, result) is result


def test_the_gathering_day_steps_with_the_sample(store_url, close_figures):
    sample = radar.sample_radar()
    ballots = workbook.municipal_ballots("4228", store_url=store_url)
    group = workbook.group(ballots, sample)
    mine = workbook.my_ballot("4228-r02", "4228", store_url=store_url, ballots=ballots)
    assert mine.respondent == "4228-r02"
    assert workbook.ballot_vs_group(mine, group, language="en").get_title(loc="left")
    assert "Ingen stemmeseddel" in str(workbook.ballot_vs_group(None, group))
    assert workbook.my_ballot("x", "4228", store_url=store_url) is None
    county_ballots = workbook.county_ballots("4228", store_url=store_url)
    assert county_ballots.source == "sample"
    county = workbook.county(county_ballots, sample)
    summary = str(workbook.county_summary(county))
    assert "av 25 kommuner" in summary and "Ikke vist" in summary
    contested = workbook.most_contested(county)
    assert str(workbook.disagreements(county)).count("<tr>") == 11  # header + top 10
    assert workbook.drilldown_chart(county, contested).get_title(loc="left")
    assert "<table" in str(workbook.drilldown_table(county, contested))


def test_county_ballots_from_the_store(store_url):
    _vote(store_url, "4201", 5)
    _vote(store_url, "4202", 5, ring="hold")
    got = workbook.county_ballots("4228", store_url=store_url)
    assert got.source == "store" and set(got.frame["municipality"]) == {"4201", "4202"}
    county = workbook.county(got, radar.sample_radar())
    assert county.radar.get("id-porten").ring == "hold"  # median of two: the outer ring


def test_editions_proposal_changes_history_and_export(store_url, tmp_path):
    editions, note = workbook.editions("4228", store_url=store_url)
    assert [e.label for e in editions] == ["2024", "2025"] and "eksempelutgavene" in str(note)
    previous = editions[-1]
    proposal = workbook.proposal("4228", previous.radar, store_url=store_url)
    assert set(proposal.ids()) == set(previous.radar.ids())
    table = str(workbook.changes_table(previous.radar, proposal))
    assert "<table" in table or "Ingen endringer" in table
    assert "Ingen endringer" in str(workbook.changes_table(previous.radar, previous.radar))
    moved = workbook.most_moved(editions[0].radar, previous.radar)
    assert "Flyttet" in str(workbook.history_table(editions, moved))
    links = str(workbook.export(previous.radar, "4228", folder=tmp_path))
    assert (tmp_path / "radar-4228.byor.csv").is_file() and (tmp_path / "radar-4228.html").is_file()
    assert "radar-4228.html" in links
    radar.save_edition(
        open_store(store_url),
        radar.make_edition(previous.radar, "egen"),
        respondent="4228-r01",
        municipality="4228",
    )
    saved, note = workbook.editions("4228", store_url=store_url)
    assert [e.label for e in saved] == ["egen"] and "egen" in str(note)
