"""Placement: no two blips overlap, every blip stays in its cell, numbering runs round each quadrant."""

import math

import pytest

from casekit.radar.layout import (
    FOOTPRINT,
    Geometry,
    candidates,
    layout,
    outside_cell,
    overlaps,
    quadrant_spans,
)
from casekit.radar.model import Blip, Quadrant, Radar, RadarConfig, Ring, default_config


@pytest.mark.parametrize("n", [10, 50, 150])
@pytest.mark.parametrize("seed", [0, 7])
def test_no_overlaps_and_every_blip_in_its_cell(make_radar, n, seed):
    r = make_radar(n, seed=seed)
    lay = layout(r, seed=seed)
    assert len(lay.placements) == n
    assert overlaps(lay) == []
    assert outside_cell(lay) == []
    # Check independently of the helpers: pairwise distances and the cell each centre falls in.
    pts = lay.placements
    nearest = min(math.dist((a.x, a.y), (b.x, b.y)) for i, a in enumerate(pts) for b in pts[i + 1 :])
    assert nearest >= 2 * FOOTPRINT
    q_index = {k: i for i, k in enumerate(r.config.quadrant_keys)}
    r_index = {k: i for i, k in enumerate(r.config.ring_keys)}
    for p in pts:
        assert lay.geometry.cell_of(p.x, p.y) == (q_index[p.blip.quadrant], r_index[p.blip.ring])


def test_the_helpers_do_catch_overlaps_and_strays(make_radar):
    from dataclasses import replace

    lay = layout(make_radar(10))
    a, b = lay.placements[0], lay.placements[1]
    moved = replace(b, x=a.x + 0.5, y=a.y)
    broken = replace(lay, placements=(a, moved, *lay.placements[2:]))
    assert (a.number, b.number) in overlaps(broken)
    assert b.number in outside_cell(replace(lay, placements=(replace(b, x=0.0, y=0.0),)))


def test_an_overfull_ring_grows_and_loses_no_blip():
    cfg = default_config()
    crowd = Radar(cfg, [Blip(f"T{i}", "data_ai", "adopt") for i in range(150)])
    lay = layout(crowd)
    assert len(lay.placements) == 150 and overlaps(lay) == [] and outside_cell(lay) == []
    roomy = layout(Radar(cfg, [Blip("T", "data_ai", "adopt")]))
    assert lay.geometry.ring_radii[0] > 2 * roomy.geometry.ring_radii[0]


def test_layout_is_deterministic_and_seeded(make_radar):
    r = make_radar(40, seed=3)
    one, two = layout(r, seed=5), layout(r, seed=5)
    assert [(p.x, p.y) for p in one.placements] == [(p.x, p.y) for p in two.placements]
    other = layout(r, seed=6)
    assert [(p.x, p.y) for p in other.placements] != [(p.x, p.y) for p in one.placements]


def test_numbering_runs_quadrant_by_quadrant_ring_by_ring_clockwise(make_radar):
    r = make_radar(60, seed=2)
    lay = layout(r)
    assert [p.number for p in lay.placements] == list(range(1, 61))
    keys = [(p.quadrant, p.ring) for p in lay.placements]
    assert keys == sorted(keys)
    for q in range(4):
        for ring in range(4):
            cell = [p for p in lay.placements if p.quadrant == q and p.ring == ring]
            start = quadrant_spans(4)[q][0]
            angles = [(p.angle - start) % (2 * math.pi) for p in cell]
            assert angles == sorted(angles, reverse=True)  # clockwise from 12 o'clock side


@pytest.mark.parametrize(("n_rings", "n_quadrants"), [(1, 2), (2, 3), (3, 5), (4, 6)])
def test_any_allowed_shape_lays_out_cleanly(make_radar, n_rings, n_quadrants):
    cfg = RadarConfig(
        tuple(Ring(f"r{i}", {"nb": f"R{i}", "en": f"R{i}"}) for i in range(n_rings)),
        tuple(Quadrant(f"q{i}", {"nb": f"Q{i}", "en": f"Q{i}"}) for i in range(n_quadrants)),
    )
    lay = layout(make_radar(70, seed=n_rings, config=cfg))
    assert overlaps(lay) == [] and outside_cell(lay) == [] and len(lay.placements) == 70


def test_candidates_keep_their_distance_and_the_geometry_answers_questions():
    pts = candidates(3.0, 9.0, 0.0, math.pi / 2)
    assert pts and min(math.dist(a, b) for i, a in enumerate(pts) for b in pts[i + 1 :]) >= 2 * FOOTPRINT
    assert candidates(0.0, 1.0, 0.0, math.pi / 2) == []
    geo = Geometry((5.0, 10.0), quadrant_spans(4))
    assert geo.cell_of(1.0, 1.0) == (0, 0) and geo.cell_of(-7.0, 0.5) == (3, 1)
    assert geo.cell_of(20.0, 0.0) is None
    assert geo.clearance(1.0, 1.0, 1, 0) < 0
