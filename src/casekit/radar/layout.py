"""Deterministic, collision-free placement of blips in their quadrant × ring cells.

Everything is measured in *blip units*: a blip's footprint (its disc plus the status mark around it) has
radius 1. Each cell offers candidate positions on arcs spaced at least :data:`SPACING` apart, radially
and along the arc, and inset from the cell's edges, so any choice of candidates is free of overlaps and
stays inside the cell. A ring that has too few candidates for its fullest cell grows outwards until every
blip fits: no blip is ever left out. From the candidates, a seeded farthest-point choice spreads the blips
out; then blips are numbered quadrant by quadrant, ring by ring, in angle order, so the numbers run round
each quadrant.

    >>> lay = layout(radar, seed=1)
    >>> lay.placements[0].number, lay.geometry.outer_radius
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass

from .model import Blip, Radar, match_key

FOOTPRINT = 1.0  # radius of a blip including its status mark
GAP = 0.25  # free space between two footprints
SPACING = 2 * FOOTPRINT + GAP
BASE_RADIUS = 15.0  # outer radius of a radar whose rings all have room to spare
FIRST_RING_SHARE = 1.4  # the innermost ring is this much wider than the others, as in BYOR
GROWTH_STEP = SPACING / 2
LABEL_CORRIDOR = 0.6  # extra clearance on each side of the ray that carries the ring names


@dataclass(frozen=True)
class Geometry:
    """Ring radii (outer edge of each ring, innermost first) and quadrant angle spans in radians
    (``start < end``; quadrant 0 starts at 12 o'clock and they run clockwise)."""

    ring_radii: tuple[float, ...]
    quadrant_spans: tuple[tuple[float, float], ...]
    footprint: float = FOOTPRINT

    @property
    def outer_radius(self) -> float:
        return self.ring_radii[-1]

    def inner_radius(self, ring: int) -> float:
        return 0.0 if ring == 0 else self.ring_radii[ring - 1]

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(quadrant, ring) of a point, or None outside the radar."""
        r = math.hypot(x, y)
        ring = next((i for i, outer in enumerate(self.ring_radii) if r <= outer), None)
        if ring is None:
            return None
        angle = math.atan2(y, x)
        for q, (start, end) in enumerate(self.quadrant_spans):
            for a in (angle, angle + 2 * math.pi, angle - 2 * math.pi):
                if start <= a <= end:
                    return q, ring
        return None  # pragma: no cover - the spans cover the circle

    def clearance(self, x: float, y: float, quadrant: int, ring: int) -> float:
        """The distance from a point to the nearest edge of a cell (negative when outside it)."""
        r = math.hypot(x, y)
        start, end = self.quadrant_spans[quadrant]
        angle = math.atan2(y, x)
        while angle < start:
            angle += 2 * math.pi
        while angle > end + 1e-12 and angle - 2 * math.pi >= start - 1e-12:
            angle -= 2 * math.pi
        radial = min(r - self.inner_radius(ring), self.ring_radii[ring] - r)
        if not start - 1e-9 <= angle <= end + 1e-9:
            return -1.0
        side = min(_distance_to_ray(x, y, start), _distance_to_ray(x, y, end))
        return min(radial, side)


def _distance_to_ray(x: float, y: float, angle: float) -> float:
    ux, uy = math.cos(angle), math.sin(angle)
    along = x * ux + y * uy
    if along <= 0:
        return math.hypot(x, y)
    return abs(x * uy - y * ux)


@dataclass(frozen=True)
class Placement:
    blip: Blip
    number: int
    x: float
    y: float
    quadrant: int
    ring: int

    @property
    def angle(self) -> float:
        return math.atan2(self.y, self.x)


@dataclass(frozen=True)
class Layout:
    geometry: Geometry
    placements: tuple[Placement, ...]
    seed: int

    def by_id(self) -> dict[str, Placement]:
        return {p.blip.id: p for p in self.placements}

    def in_quadrant(self, quadrant: int) -> list[Placement]:
        return [p for p in self.placements if p.quadrant == quadrant]


def quadrant_spans(count: int) -> tuple[tuple[float, float], ...]:
    """Equal spans clockwise from 12 o'clock: with four quadrants, 0 is top right and 3 top left."""
    step = 2 * math.pi / count
    return tuple((math.pi / 2 - (i + 1) * step, math.pi / 2 - i * step) for i in range(count))


def label_ray(spans: tuple[tuple[float, float], ...]) -> float:
    """The quadrant boundary closest to 3 o'clock; the ring names are written along it."""
    return min((start for start, _end in spans), key=lambda a: abs(math.remainder(a, 2 * math.pi)))


def _label_sides(spans: tuple[tuple[float, float], ...], q: int) -> tuple[float, float]:
    """Extra clearance at the start and end edge of quadrant q (the ring-name corridor)."""
    ray = label_ray(spans)
    start, end = spans[q]

    def same(a: float, b: float) -> bool:
        return abs(math.remainder(a - b, 2 * math.pi)) < 1e-9

    return (LABEL_CORRIDOR if same(start, ray) else 0.0, LABEL_CORRIDOR if same(end, ray) else 0.0)


def candidates(
    r0: float, r1: float, start: float, end: float, extra: tuple[float, float] = (0.0, 0.0)
) -> list[tuple[float, float]]:
    """Positions in the cell between radii r0..r1 and angles start..end, pairwise ≥ SPACING apart and
    ≥ FOOTPRINT + GAP/2 from every edge of the cell (plus ``extra`` at the start and end edges)."""
    inset = FOOTPRINT + GAP / 2
    lo, hi = r0 + inset, r1 - inset
    if hi < lo:
        return []
    n_rows = int((hi - lo) // SPACING) + 1
    step = (hi - lo) / (n_rows - 1) if n_rows > 1 else 0.0
    points = []
    for k in range(n_rows):
        r = lo + k * step if n_rows > 1 else (lo + hi) / 2
        if r <= inset:
            continue
        if inset + max(extra) >= r:
            continue
        a_lo = start + math.asin(min(1.0, (inset + extra[0]) / r))
        a_hi = end - math.asin(min(1.0, (inset + extra[1]) / r))
        if a_hi < a_lo:
            continue
        if 2 * r <= SPACING:
            m = 1
        else:
            min_step = 2 * math.asin(SPACING / (2 * r))
            m = int((a_hi - a_lo) // min_step) + 1
        angles = [(a_lo + a_hi) / 2] if m == 1 else [a_lo + j * (a_hi - a_lo) / (m - 1) for j in range(m)]
        points.extend((r * math.cos(a), r * math.sin(a)) for a in angles)
    return points


def _ring_radii(counts: list[list[int]], spans: tuple[tuple[float, float], ...]) -> tuple[float, ...]:
    """Outer radius per ring, grown until each ring's fullest cell has room for all its blips."""
    n_rings = len(counts[0]) if counts else 1
    unit = BASE_RADIUS / (FIRST_RING_SHARE + n_rings - 1)
    radii = []
    inner = 0.0
    for ring in range(n_rings):
        width = unit * (FIRST_RING_SHARE if ring == 0 else 1.0)
        while any(
            len(candidates(inner, inner + width, *spans[q], _label_sides(spans, q))) < counts[q][ring]
            for q in range(len(spans))
        ):
            width += GROWTH_STEP
        inner += width
        radii.append(inner)
    return tuple(radii)


def _spread(points: list[tuple[float, float]], k: int, rng: random.Random) -> list[tuple[float, float]]:
    """k of the points, spread out: a seeded start, then each next point farthest from those chosen."""
    if k >= len(points):
        return list(points)
    order = list(points)
    rng.shuffle(order)
    chosen = [order.pop()]
    nearest = [math.dist(p, chosen[0]) for p in order]
    while len(chosen) < k:
        best = max(range(len(order)), key=nearest.__getitem__)
        pick = order.pop(best)
        nearest.pop(best)
        chosen.append(pick)
        nearest = [min(d, math.dist(p, pick)) for d, p in zip(nearest, order)]
    return chosen


def layout(radar: Radar, seed: int = 0) -> Layout:
    """Place every blip of ``radar``; the same radar and seed always give the same layout."""
    config = radar.config
    n_q, n_r = len(config.quadrants), len(config.rings)
    q_index = {k: i for i, k in enumerate(config.quadrant_keys)}
    r_index = {k: i for i, k in enumerate(config.ring_keys)}
    cells: dict[tuple[int, int], list[Blip]] = {}
    for b in radar.blips:
        cells.setdefault((q_index[b.quadrant], r_index[b.ring]), []).append(b)
    counts = [[len(cells.get((q, r), [])) for r in range(n_r)] for q in range(n_q)]
    spans = quadrant_spans(n_q)
    radii = _ring_radii(counts, spans)
    geometry = Geometry(radii, spans)
    placements: list[Placement] = []
    number = 0
    for q in range(n_q):
        start, end = spans[q]
        for r in range(n_r):
            blips = sorted(cells.get((q, r), []), key=lambda b: (match_key(b.name), b.id))
            if not blips:
                continue
            rng = random.Random(zlib.crc32(f"{seed}:{q}:{r}:{len(blips)}".encode()))
            cell = candidates(geometry.inner_radius(r), radii[r], start, end, _label_sides(spans, q))
            points = _spread(cell, len(blips), rng)
            # Clockwise from the quadrant's start at 12 o'clock: decreasing angle, unwrapped into the span.
            points.sort(key=lambda p: -_unwrap(math.atan2(p[1], p[0]), start))
            for blip, (x, y) in zip(blips, points):
                number += 1
                placements.append(Placement(blip, number, x, y, q, r))
    return Layout(geometry, tuple(placements), seed)


def _unwrap(angle: float, start: float) -> float:
    while angle < start - 1e-9:
        angle += 2 * math.pi
    return angle


def overlaps(lay: Layout) -> list[tuple[int, int]]:
    """Pairs of blip numbers whose footprints overlap (an empty list for a valid layout)."""
    pts = lay.placements
    found = []
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            if math.dist((pts[i].x, pts[i].y), (pts[j].x, pts[j].y)) < 2 * lay.geometry.footprint - 1e-9:
                found.append((pts[i].number, pts[j].number))
    return found


def outside_cell(lay: Layout) -> list[int]:
    """Numbers of blips whose footprint is not wholly inside their own quadrant × ring cell."""
    bad = []
    for p in lay.placements:
        if lay.geometry.clearance(p.x, p.y, p.quadrant, p.ring) < lay.geometry.footprint - 1e-9:
            bad.append(p.number)
    return bad
