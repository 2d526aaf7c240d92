"""The notebook steps: the store when it has enough answers, the sample with a visible notice otherwise."""

import pytest

import casekit
from casekit import ui
from casekit.errors import CasekitError
from casekit.radar import workbook
from casekit.radar.editions import make_edition, save_edition
from casekit.radar.sample import sample_radar
from casekit.radar.votes import Ballot, ballots_frame, load_ballots, save_ballot
from casekit.radar.widgets import BallotForm, EditionEditor, Explorer
from casekit.store import open_store


def _vote(store_url, municipality, n, ring="adopt"):
    sample = sample_radar()
    st = open_store(store_url)
    for i in range(1, n + 1):
        placements = {b.id: ring for b in sample.blips}
        save_ballot(st, Ballot(f"{municipality}-r{i:02d}", municipality, placements), sample)


def _session(store_url, municipality="4228", respondent="4228-r01", prefill="", language="nb"):
    return casekit.setup(language, municipality, respondent=respondent, store_url=store_url, prefill=prefill)


def test_prefill_takes_the_sample_ballot(store_url):
    b = workbook.prefill_ballot(_session(store_url, prefill="sample"))
    assert b.respondent == "4228-r01" and any(b.placements.values())
    # not in the sample: another ballot
    other = workbook.prefill_ballot(_session(store_url, "0301", "0301-r01", prefill="sample"))
    assert other.municipality == "0301" and other.placements
    assert workbook.prefill_ballot(_session(store_url, respondent="x")) is None
    with pytest.raises(CasekitError, match="prefill"):
        workbook.prefill_ballot(_session(store_url, respondent="x", prefill="everything"))


def test_ballot_widget_from_the_workbook(store_url):
    box = workbook.ballot(_session(store_url, "Sirdal", prefill="sample"), sample_radar())
    assert isinstance(box, BallotForm) and box.municipality == "4228"
    assert sum(dd.value != "skip" for dd in box.choices.values()) > 30


def test_exploring_the_radar_in_the_session_language(store_url, close_figures):
    wb = _session(store_url, language="en")
    sample = sample_radar()
    ax = workbook.radar_chart(wb, sample)
    assert ax.get_title(loc="left") == "Municipal technology radar"  # the English title
    box = workbook.explorer(wb, sample, blip="id-porten")
    assert isinstance(box, Explorer) and box.picker.value == "id-porten" and box.language == "en"
    table = str(workbook.blip_table(wb, sample, quadrant="citizen_services"))
    assert "Citizen services" in table and "Data &amp; AI" not in table


def test_municipal_ballots_use_the_store_when_enough_have_voted(store_url, close_figures):
    wb = _session(store_url)
    fallback = workbook.municipal_ballots(wb)
    assert fallback.source == "sample" and "syntetiske" in fallback._repr_html_()
    assert set(fallback.frame["municipality"]) == {"4228"}
    oslo = workbook.municipal_ballots(_session(store_url, "0301", "0301-r01"))
    assert oslo.source == "sample" and "bare Agder" in oslo._repr_html_()
    _vote(store_url, "4228", 5)
    stored = workbook.municipal_ballots(wb)
    assert stored.source == "store" and stored._repr_html_() == ""
    result = workbook.group(wb, stored, sample_radar())
    assert {b.ring for b in result.radar.blips} == {"adopt"}
    assert "5 har stemt" in str(workbook.group_summary(wb, result))
    assert "Teknologi" in str(workbook.group_table(wb, result))
    assert workbook.group_chart(wb, result).get_title(loc="left")
    assert workbook.group_consensus(wb, result).get_title(loc="left")


def test_too_few_voters_gives_a_notice_not_a_traceback(store_url):
    wb = _session(store_url)
    _vote(store_url, "4228", 3)
    ballots = ballots_frame(load_ballots(open_store(store_url)))
    result = workbook.group(wb, ballots, sample_radar())
    assert isinstance(result, ui.HTMLBlock) and "Bare 3" in str(result)
    assert workbook.group_summary(wb, result) is result and workbook.group_table(wb, result) is result
    assert workbook.ballot_vs_group(wb, None, result) is result
    # The charts are left out: the notice is shown once, by the summary.
    assert workbook.group_chart(wb, result) is None and workbook.group_consensus(wb, result) is None


def test_the_gathering_day_steps_with_the_sample(store_url, close_figures):
    sample = sample_radar()
    wb = _session(store_url, respondent="4228-r02")
    ballots = workbook.municipal_ballots(wb)
    group = workbook.group(wb, ballots, sample)
    mine = workbook.my_ballot(wb, ballots)
    assert mine.respondent == "4228-r02"
    assert workbook.ballot_vs_group(_session(store_url, language="en"), mine, group).get_title(loc="left")
    assert "Ingen stemmeseddel" in str(workbook.ballot_vs_group(wb, None, group))
    assert workbook.my_ballot(_session(store_url, respondent="x")) is None
    county_ballots = workbook.county_ballots(wb)
    assert county_ballots.source == "sample"
    county = workbook.county(wb, county_ballots, sample)
    summary = str(workbook.county_summary(wb, county))
    assert "av 25 kommuner" in summary and "Ikke vist" in summary
    assert "Agder" in workbook.county_chart(wb, county).get_title(loc="left")
    contested = workbook.most_contested(county)
    assert str(workbook.disagreements(wb, county)).count("<tr>") == 11  # header + top 10
    assert workbook.drilldown_chart(wb, county, contested).get_title(loc="left")
    assert "<table" in str(workbook.drilldown_table(wb, county, contested))
    # Without a blip the drilldown shows the most contested one.
    assert str(workbook.drilldown_table(wb, county)) == str(workbook.drilldown_table(wb, county, contested))


def test_a_county_notice_leaves_the_county_charts_out(store_url):
    wb = _session(store_url)
    notice = workbook.county(wb, workbook.Ballots(ballots_frame([]), "store"), sample_radar())
    assert isinstance(notice, ui.HTMLBlock) and workbook.disagreements(wb, notice) is notice
    assert workbook.most_contested(notice) is None and workbook.county_chart(wb, notice) is None
    assert workbook.drilldown_chart(wb, notice) is None and workbook.drilldown_table(wb, notice) is None


def test_county_ballots_from_the_store(store_url):
    _vote(store_url, "4201", 5)
    _vote(store_url, "4202", 5, ring="hold")
    wb = _session(store_url)
    got = workbook.county_ballots(wb)
    assert got.source == "store" and set(got.frame["municipality"]) == {"4201", "4202"}
    county = workbook.county(wb, got, sample_radar())
    assert county.radar.get("id-porten").ring == "hold"  # median of two: the outer ring


def test_editions_proposal_changes_history_and_publishing(store_url, tmp_path):
    wb = _session(store_url)
    editions, note = workbook.past_editions(wb)
    assert [e.label for e in editions] == ["2024", "2025"] and "eksempelutgavene" in str(note)
    previous = editions[-1]
    proposal = workbook.proposal(wb, previous.radar)
    assert set(proposal.ids()) == set(previous.radar.ids())
    table = str(workbook.changes_table(wb, previous.radar, proposal))
    assert "<table" in table or "Ingen endringer" in table
    assert "Ingen endringer" in str(workbook.changes_table(wb, previous.radar, previous.radar))
    box = workbook.editor(wb, proposal, previous=previous.radar)
    assert isinstance(box, EditionEditor) and box.municipality == "4228"
    moved = workbook.most_moved(editions[0].radar, previous.radar)
    assert "Flyttet" in str(workbook.history_table(wb, editions, moved))
    links = str(workbook.publish(wb, previous.radar, folder=tmp_path))
    assert (tmp_path / "radar-4228.byor.csv").is_file() and (tmp_path / "radar-4228.html").is_file()
    assert "radar-4228.html" in links
    save_edition(
        open_store(store_url),
        make_edition(previous.radar, "egen"),
        respondent="4228-r01",
        municipality="4228",
    )
    saved, note = workbook.past_editions(wb)
    assert [e.label for e in saved] == ["egen"] and "egen" in str(note)


def test_the_package_offers_the_workbook_steps():
    from casekit import radar

    assert radar.__all__ == workbook.__all__
    assert all(getattr(radar, name) is getattr(workbook, name) for name in radar.__all__)


@pytest.mark.notebook
def test_in_a_kernel_the_same_radar_is_rendered_once_and_a_changed_one_again(tmp_path):
    import base64

    import nbformat
    from nbclient import NotebookClient

    setup = (
        "import casekit, matplotlib.pyplot as plt\nfrom casekit import radar, ui\n"
        "sample = radar.sample_radar('2025')\n"
        "nb, en = casekit.setup('nb', '4228'), casekit.setup('en', '4228')"
    )
    cells = [
        setup,
        "first = radar.radar_chart(nb, sample)",
        "again = radar.radar_chart(nb, sample)",
        "english = radar.radar_chart(en, sample)",
        "print(plt.get_fignums(), len(ui._SHARED_CHARTS), first is again, first is english)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    pictures = []
    for cell in nb.cells[1:4]:
        images = [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, cell.outputs  # shown once, not again by the inline backend
        pictures.append(base64.b64decode(images[0]))
    assert pictures[0] == pictures[1] and pictures[0] != pictures[2]  # English labels: drawn anew
    assert pictures[0].startswith(b"\x89PNG")
    # no figure left open; two pictures kept; the second page's chart was not drawn again
    assert nb.cells[4].outputs[0]["text"].strip() == "[] 2 True False"
