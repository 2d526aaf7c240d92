import pytest
import yaml

from casekit import municipalities as m
from casekit.errors import (
    AmbiguousMunicipalityError,
    InvalidMunicipalityNumberError,
    MunicipalityError,
    UnknownMunicipalityError,
)


def test_register_has_all_2024_municipalities_and_counties():
    reg = m.register()
    assert len(reg) == 357
    assert reg["kommunenummer"].is_unique
    assert reg["kommunenummer"].str.fullmatch(r"\d{4}").all()
    assert reg["county_number"].nunique() == 15
    assert (reg["kommunenummer"].str[:2] == reg["county_number"]).all()
    assert int(reg["population"].sum()) == 5_550_203  # SSB's national total for 1 January 2024
    assert reg["size_class"].notna().all()
    # Every county has its network, except Oslo, where no regional network was found.
    assert set(reg.loc[reg["network"].isna(), "kommunenummer"]) == {"0301"}


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("0301", "Oslo"),
        ("3201", "Bærum"),
        ("4228", "Sirdal"),
        ("5059", "Orkland"),
        ("5501", "Tromsø"),
    ],
)
def test_real_2024_numbers(number, name):
    assert m.get(number).name == name
    assert m.get(name).number == number


@pytest.mark.parametrize("query", ["baerum", "BÆRUM", " Bærum ", "Baerum"])
def test_name_lookup_ignores_case_and_diacritics(query):
    assert m.get(query).number == "3201"


def test_sami_name_resolves():
    assert m.get("Guovdageaidnu").name == "Kautokeino"
    assert m.get("Kautokeino").name_sami_kven == "Guovdageaidnu"


@pytest.mark.parametrize("name", ["Herøy", "Våler", "heroy"])
def test_duplicate_names_ask_for_the_county(name):
    with pytest.raises(AmbiguousMunicipalityError) as err:
        m.get(name)
    assert "(" in str(err.value) and "fylke" in str(err.value)


def test_duplicate_names_resolve_with_county():
    assert m.get("Herøy", county="Nordland").number == "1818"
    assert m.get("Herøy", county="15").number == "1515"
    assert m.get("Våler (Innlandet)").number == "3419"
    assert m.get("Våler", county="Østfold").display_name() == "Våler (Østfold)"
    with pytest.raises(MunicipalityError, match="Agder"):
        m.get("Herøy", county="Agder")


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        ("9999", UnknownMunicipalityError, "9999"),
        ("301", InvalidMunicipalityNumberError, "0301 (Oslo)"),
        ("03O1", InvalidMunicipalityNumberError, "0301 (Oslo)"),
        ("", InvalidMunicipalityNumberError, "fire sifre"),
        ("Bergn", MunicipalityError, "Bergen"),
    ],
)
def test_bad_numbers_and_names_explain_the_fix(value, error, fragment):
    with pytest.raises(error) as err:
        m.get(value)
    assert fragment in str(err.value)


def test_unknown_number_suggests_neighbours():
    with pytest.raises(UnknownMunicipalityError, match="4228 Sirdal"):
        m.get("4229")


@pytest.mark.parametrize("document", ["municipality: 0301", "- 0301", "municipality: 301"])
def test_unquoted_yaml_number_is_refused_not_guessed(document):
    loaded = yaml.safe_load(document)
    value = loaded["municipality"] if isinstance(loaded, dict) else loaded[0]
    assert not isinstance(value, str)  # YAML 1.1 made it a number (0301 is even read as octal 193)
    with pytest.raises(InvalidMunicipalityNumberError, match="anførselstegn"):
        m.get(value)


def test_size_classes_and_bands():
    assert m.size_class(1873) == "xs"
    assert m.size_class(2000) == "s"
    assert m.size_class(19_999) == "m"
    assert m.size_class(20_000) == "l"
    assert m.size_class(717_710) == "xl"
    assert m.get("Sirdal").size_class == "xs"
    assert "2 000" in m.get("Sirdal").size_label("nb")


def test_county_network_and_peers():
    agder = m.in_county(42)
    assert len(agder) == 25 and {x.network for x in agder} == {"Digi Agder"}
    assert [x.number for x in m.in_county("agder")] == [x.number for x in agder]
    assert len(m.in_network("digi agder")) == 25
    assert "Digi Agder" in m.networks()
    peers = m.peers("4228")
    assert peers and all(p.size_class == "xs" and p.number != "4228" for p in peers)
    with pytest.raises(MunicipalityError, match="Agder"):
        m.in_county("Sørlandet")
    with pytest.raises(MunicipalityError, match="Digi Agder"):
        m.in_network("Digi Sørlandet")


def test_no_municipality_is_its_own_network():
    for muni in m.all():
        assert muni.network != muni.name and muni.network != f"{muni.name} kommune", muni.number
    oslo = m.get("0301")
    assert oslo.network is None
    assert oslo.network_label("nb") == "Ingen regionalt Digi-nettverk funnet"
    assert oslo.network_label("en") == "No regional Digi-network found"
    assert {x.network for x in m.in_county("39")} == {"DigiTV"} == {x.network for x in m.in_county("40")}
    assert "DigiTV" in m.networks() and None not in m.networks()
    assert len(m.counties()) == 15


def test_fact_card_says_honestly_that_oslo_has_no_network():
    from casekit import intro

    card = str(intro.fact_card("0301", "nb"))
    assert "Ingen regionalt Digi-nettverk funnet" in card and "Oslo kommune" not in card


def test_find_for_pickers():
    names = [x.name for x in m.find("sand")]
    assert names[0].lower().startswith("sand")
    assert "Sandnes" in names


def test_counties_summary():
    counties = m.counties()
    assert len(counties) == 15
    assert counties["population"].sum() == 5_550_203
    assert counties.set_index("county_name").loc["Agder", "municipalities"] == 25


@pytest.mark.parametrize(
    ("number", "standard", "language"),
    [
        ("4647", "nynorsk", "nn"),
        ("1811", "bokmal", "nb"),
        ("0301", "noytral", "nb"),
        ("4601", "noytral", "nb"),
    ],
)
def test_written_standard_decides_the_default_language(number, standard, language):
    assert m.get(number).written_standard == standard
    assert m.default_language(number) == language


def test_a_neutral_municipality_gets_the_neutral_language_and_others_keep_theirs():
    assert (
        m.default_language("0301", neutral="nn") == "nn" and m.default_language("0301", neutral="en") == "en"
    )
    assert (
        m.default_language("4647", neutral="en") == "nn" and m.default_language("1811", neutral="nn") == "nb"
    )
    standards = {x.written_standard for x in m.all()}
    assert standards == {"nynorsk", "bokmal", "noytral"}
