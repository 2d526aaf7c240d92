"""The shipped sample data: a realistic radar in two editions and synthetic Agder ballots."""

import re

from casekit import data, municipalities
from casekit.radar.sample import agder_ballots, sample_ballots, sample_radar


def test_sample_radar_has_at_least_forty_technologies_with_nb_and_en_descriptions():
    r = sample_radar("2025")
    assert len(r.blips) >= 40
    for b in r.blips:
        assert isinstance(b.description, dict)
        assert len(b.description["nb"]) > 40 and len(b.description["en"]) > 40, b.name
    names = " ".join(r.names()).lower()
    for expected in (
        "id-porten",
        "altinn",
        "helsenorge",
        "fiks",
        "digitalt tilsyn",
        "medisindispenser",
        "trygghetsalarm",
        "chatbot",
        "rpa",
        "lavkode",
        "copilot",
        "dataplattform",
        "åpne data",
        "skytjenester",
        "digital postkasse",
    ):
        assert expected in names, expected
    assert {b.quadrant for b in r.blips} == set(r.config.quadrant_keys)


def test_sources_are_cited_in_the_metadata():
    res = data.resource("radar-sample-2025")
    paths = " ".join(s["path"] for s in res["sources"])
    for site in ("digdir.no", "ks.no", "helsenorge.no", "nhn.no", "helsedirektoratet.no"):
        assert site in paths
    assert res["provenance"]["kind"] == "illustrative" and "ring" in res["provenance"]["illustrative"]


def test_synthetic_ballots_are_flagged_and_cover_agder():
    res = data.resource("radar-agder-ballots")
    prov = res["provenance"]
    assert prov["kind"] == "synthetic" and prov["generator"] == "casekit.radar.sample:agder_ballots"
    assert "SYNTHETIC" in res["description"]["en"]
    ballots = sample_ballots()
    agder = {m.number for m in municipalities.in_county(42)}
    assert set(ballots["municipality"]) == agder and len(agder) == 25
    per = ballots.groupby("municipality")["respondent"].nunique()
    assert per.min() >= 4 and per.max() <= 12
    assert all(re.fullmatch(rf"{m}-r\d\d", r) for r, m in zip(ballots["respondent"], ballots["municipality"]))
    assert set(ballots["blip"]) == set(sample_radar().ids())


def test_synthetic_ballots_regenerate_byte_for_byte():
    assert data.build(["radar-agder-ballots"], check=True) == {"radar-agder-ballots": True}
    other = agder_ballots(seed=1)
    assert not other.equals(data.load("radar-agder-ballots"))


def test_every_rationale_of_the_sample_radar_is_in_every_language():
    from casekit import i18n
    from casekit.radar.editions import diff, history
    from casekit.radar.tables import changes_table

    new, old = sample_radar("2025"), sample_radar("2024")
    moved = [b for b in new.blips if b.rationale]
    assert len(moved) >= 15
    for b in moved:
        texts = {lang: b.field_in("rationale", lang) for lang in i18n.available_languages()}
        assert texts["nb"] == b.rationale and len(set(texts.values())) == 3, b.id  # three own texts
    vkp = new.get("vkp")
    assert "tryggleiksalarmar" in vkp.field_in("rationale", "nn") and "safety alarms" in vkp.field_in(
        "rationale", "en"
    )
    shown = set(diff(old, new, language="nn")["rationale"]) - {""}
    assert shown == {b.field_in("rationale", "nn") for b in moved}
    assert "tryggleiksalarmar" in str(changes_table(old, new, language="nn"))
    assert "trygghetsalarmer" not in str(changes_table(old, new, language="nn"))
    assert history([old, new], "vkp", language="en")["rationale"].iloc[-1] == vkp.field_in("rationale", "en")
    assert new.get("altinn").field_in("pros", "nn") == ""  # a field the file leaves empty stays empty
