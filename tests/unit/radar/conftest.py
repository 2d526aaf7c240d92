"""Helpers for the radar tests: small radars built from the real model, real SQLite stores."""

from __future__ import annotations

import random

import pytest

from casekit.radar.model import STATUSES, Blip, Radar, default_config


def random_radar(n: int, seed: int = 0, config=None, statuses: bool = True) -> Radar:
    cfg = config or default_config()
    rng = random.Random(seed)
    blips = [
        Blip(
            f"Technology {i:03d}",
            rng.choice(cfg.quadrant_keys),
            rng.choice(cfg.ring_keys),
            status=rng.choice(STATUSES) if statuses else "no_change",
            description=f"About technology {i}",
        )
        for i in range(n)
    ]
    return Radar(cfg, blips)


@pytest.fixture
def make_radar():
    """A function making a radar of n random blips (deterministic per seed)."""
    return random_radar


@pytest.fixture
def store(tmp_path):
    from casekit.store import open_store

    return open_store(tmp_path / "answers.sqlite")


@pytest.fixture
def store_url(tmp_path):
    return str(tmp_path / "answers.sqlite")
