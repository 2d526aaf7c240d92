"""Editions: statuses from the previous edition, moves with direction and size, rationales, history."""

import pytest

from casekit.errors import RadarError
from casekit.radar.editions import (
    Edition,
    diff,
    history,
    load_editions,
    make_edition,
    missing_rationales,
    save_edition,
    with_statuses,
)
from casekit.radar.model import Blip, Quadrant, Radar, RadarConfig, Ring, default_config
from casekit.radar.sample import sample_editions, sample_radar


def _pair():
    cfg = default_config()
    old = Radar(
        cfg,
        [
            Blip("A", "data_ai", "trial"),
            Blip("B", "data_ai", "trial"),
            Blip("C", "data_ai", "hold"),
            Blip("Gone", "platforms", "hold"),
        ],
        edition="2024",
    )
    new = Radar(
        cfg,
        [
            Blip("A", "data_ai", "adopt"),
            Blip("B", "data_ai", "hold"),
            Blip("C", "data_ai", "hold"),
            Blip("Fresh", "platforms", "assess"),
        ],
    )
    return old, new


def test_diff_gives_change_direction_and_size():
    old, new = _pair()
    t = diff(old, new, language="en").set_index("id")
    assert t.loc["a", ["change", "direction", "size", "steps"]].tolist() == ["moved_in", "in", 1, -1]
    assert t.loc["b", ["change", "direction", "size", "steps"]].tolist() == ["moved_out", "out", 2, 2]
    assert t.loc["c", "change"] == "no_change" and t.loc["fresh", "change"] == "new"
    assert t.loc["gone", "change"] == "retired" and t.loc["gone", "old_ring"] == "Hold"


def test_statuses_are_computed_from_the_previous_edition():
    old, new = _pair()
    statuses = {b.id: b.status for b in with_statuses(old, new).blips}
    assert statuses == {"a": "moved_in", "b": "moved_out", "c": "no_change", "fresh": "new"}
    assert {b.status for b in with_statuses(None, new).blips} == {"new"}


def test_every_move_and_retirement_needs_a_rationale():
    old, new = _pair()
    with pytest.raises(RadarError) as err:
        make_edition(new, "2025", previous=old)
    assert "A, B, Gone" in str(err.value)
    with pytest.raises(RadarError, match="Gone"):
        make_edition(new, "2025", previous=old, rationales={"a": "tested", "b": "too costly"})
    edition = make_edition(
        new, "2025", previous=old, rationales={"a": "tested", "b": "too costly"}, retired={"gone": "replaced"}
    )
    assert edition.previous == "2024" and edition.radar.edition == "2025"
    assert edition.rationales == {"a": "tested", "b": "too costly"}
    assert edition.radar.get("a").rationale == "tested" and edition.radar.get("a").status == "moved_in"
    with pytest.raises(RadarError, match="zzz"):
        make_edition(new, "2025", previous=old, rationales={"zzz": "x"})
    with pytest.raises(RadarError):
        make_edition(new, " ", previous=old)


def test_an_old_rationale_does_not_count_for_a_new_move():
    cfg = default_config()
    old = Radar(cfg, [Blip("A", "data_ai", "trial", rationale="moved last year")])
    new = Radar(cfg, [Blip("A", "data_ai", "adopt", rationale="moved last year")])
    assert missing_rationales(old, new, {}) == ["A"]
    assert diff(old, new).loc[0, "rationale"] == ""  # last year's text is not shown as this move's
    fresh = new.with_blips([Blip("A", "data_ai", "adopt", rationale="now proven")])
    assert missing_rationales(old, fresh, {}) == []
    kept = make_edition(
        Radar(cfg, [Blip("A", "data_ai", "trial", rationale="moved last year")]), "2", previous=old
    )
    assert kept.radar.get("a").rationale == ""  # an unchanged blip does not carry last year's rationale


def test_editions_with_different_rings_cannot_be_compared():

    other = RadarConfig((Ring("x", {"nb": "X"}),), default_config().quadrants)
    old, _new = _pair()
    with pytest.raises(RadarError, match="ringer"):
        diff(old, Radar(other, [Blip("A", "data_ai", "x")]))
    assert Quadrant  # imported for the config above


def test_editions_are_stored_append_only_and_history_follows_a_blip(store):
    old, new = _pair()
    first = make_edition(old, "2024")
    save_edition(store, first, respondent="4228-r01", municipality="4228")
    second = make_edition(
        new, "2025", previous=first, rationales={"a": "tested", "b": "costly"}, retired={"gone": "replaced"}
    )
    save_edition(store, second, respondent="4228-r02", municipality="4228")
    loaded = load_editions(store, municipality="4228")
    assert [e.label for e in loaded] == ["2024", "2025"] and isinstance(loaded[0], Edition)
    assert loaded[1].radar.blips == second.radar.blips and loaded[1].retired == {"gone": "replaced"}
    assert loaded[1].author == "4228-r02" and loaded[1].created_at is not None
    a_history = history(loaded, "A", language="en")
    assert a_history[["edition", "ring", "status", "rationale"]].values.tolist() == [
        ["2024", "Trial", "new", ""],
        ["2025", "Adopt", "moved_in", "tested"],
    ]
    gone = history(loaded, "gone")
    assert gone["status"].tolist() == ["new", "retired"] and gone["rationale"].tolist()[1] == "replaced"
    with pytest.raises(RadarError):
        history(loaded, "never-there")


def test_sample_editions_show_moves_with_rationales():
    old, new = sample_radar("2024"), sample_radar("2025")
    t = diff(old, new)
    moved = t[t["change"].isin(["moved_in", "moved_out"])]
    assert len(moved) >= 10 and (moved["rationale"].str.len() > 20).all()
    assert missing_rationales(old, new, {}) == []
    assert {b.status for b in new.blips} == {"new", "moved_in", "moved_out", "no_change"}
    editions = sample_editions()
    assert [e.label for e in editions] == ["2024", "2025"]
    with pytest.raises(RadarError):
        sample_radar("1999")
