import pytest

from casekit.errors import RadarError
from casekit.radar.model import (
    Blip,
    Quadrant,
    Radar,
    RadarConfig,
    Ring,
    clean_name,
    default_config,
    match_key,
    normalise_status,
    slug,
)


def test_default_config_has_the_municipal_quadrants_and_rings_in_both_languages():
    cfg = default_config()
    assert [r.label_in("nb") for r in cfg.rings] == ["Ta i bruk", "Prøv ut", "Utforsk", "Avvent"]
    assert [r.label_in("en") for r in cfg.rings] == ["Adopt", "Trial", "Assess", "Hold"]
    assert [q.label_in("nb") for q in cfg.quadrants] == [
        "Innbyggertjenester",
        "Velferdsteknologi og helse",
        "Data og KI",
        "Plattformer og infrastruktur",
    ]
    assert cfg.quadrants[1].label_in("en") == "Welfare technology & health"


@pytest.mark.parametrize("name", ["Ta i bruk", "  ta  I   BRUK ", "adopt", "ADOPT", "Adopt\n"])
def test_ring_names_match_ignoring_case_and_whitespace_in_any_language(name):
    assert default_config().ring(name).key == "adopt"


def test_unknown_ring_names_the_choices():
    with pytest.raises(RadarError) as err:
        default_config().ring("BRUK")
    assert "BRUK" in str(err.value) and "Ta i bruk" in str(err.value)


@pytest.mark.parametrize(
    ("rings", "quadrants", "ok"),
    [(1, 2, True), (4, 6, True), (0, 4, False), (5, 4, False), (4, 1, False), (4, 7, False)],
)
def test_ring_and_quadrant_counts_are_limited(rings, quadrants, ok):
    def make():
        return RadarConfig(
            tuple(Ring(f"r{i}", {"nb": f"R{i}", "en": f"R{i}"}) for i in range(rings)),
            tuple(Quadrant(f"q{i}", {"nb": f"Q{i}", "en": f"Q{i}"}) for i in range(quadrants)),
        )

    if ok:
        assert len(make().rings) == rings
    else:
        with pytest.raises(RadarError):
            make()


def test_a_name_used_by_two_rings_is_refused():
    with pytest.raises(RadarError, match="samme"):
        RadarConfig(
            (Ring("a", {"nb": "Samme", "en": "A"}), Ring("b", {"nb": "samme", "en": "B"})),
            (Quadrant("x", {"nb": "X"}), Quadrant("y", {"nb": "Y"})),
        )


def test_config_from_dict_accepts_plain_names_and_mappings():
    cfg = RadarConfig.from_dict(
        {
            "rings": ["BRUK", {"key": "vurder", "label": {"nb": "VURDER", "en": "CONSIDER"}}],
            "quadrants": ["A", "B"],
        }
    )
    assert cfg.ring_keys == ["bruk", "vurder"] and cfg.ring("consider").key == "vurder"
    assert RadarConfig.from_dict(cfg.as_dict()) == cfg
    with pytest.raises(RadarError, match="rings"):
        RadarConfig.from_dict({"quadrants": ["A", "B"]})


def test_blip_validates_status_and_derives_a_stable_id():
    b = Blip("KS Fiks – SvarUt", "platforms", "adopt")
    assert b.id == "ks-fiks-svarut" and b.status == "no_change"
    assert slug("Åpne data og API-er") == "apne-data-og-api-er"
    with pytest.raises(RadarError, match="moved"):
        Blip("X", "platforms", "adopt", status="moved")


def test_radar_refuses_duplicates_and_unknown_keys_naming_each():
    cfg = default_config()
    with pytest.raises(RadarError) as err:
        Radar(
            cfg,
            [
                Blip("A", "platforms", "adopt"),
                Blip(" a ", "platforms", "trial"),
                Blip("B", "nowhere", "soon"),
            ],
        )
    problems = err.value.problems
    assert [p.key for p in problems] == [
        "radar.problem.duplicate",
        "radar.problem.unknown_ring",
        "radar.problem.unknown_quadrant",
    ]
    assert problems[0].row == 2 and "Oppføring 3" in problems[2].message()


def test_lookup_by_name_id_or_english_label():
    r = Radar(
        default_config(),
        [Blip("Digitalt tilsyn", "welfare_health", "adopt", extra={"name_en": "Digital home monitoring"})],
    )
    assert r.get("digitalt tilsyn").id == r.get("Digital home monitoring").id == "digitalt-tilsyn"
    assert r.get("digitalt-tilsyn").label("en") == "Digital home monitoring"
    with pytest.raises(RadarError, match="Digitalt tilsyn"):
        r.get("Digital tilsynet")


def test_texts_pick_the_language_and_statuses_normalise():
    b = Blip("X", "platforms", "adopt", description={"nb": "hei", "en": "hello"})
    assert b.description_in("en") == "hello" and b.description_in("nb") == "hei"
    assert normalise_status(" Moved  In ") == "moved_in" and normalise_status("No Change") == "no_change"
    assert normalise_status("sideways") is None
    assert clean_name("Microsoft\n365   Copilot ") == "Microsoft 365 Copilot"
    assert match_key("Ta\ti  Bruk") == "ta i bruk"


def test_to_frame_labels_in_the_language():
    r = Radar(default_config(), [Blip("ID-porten", "citizen_services", "adopt")])
    frame = r.to_frame("en")
    assert frame.loc[0, "ring"] == "Adopt" and frame.loc[0, "quadrant"] == "Citizen services"
