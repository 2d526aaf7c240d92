"""Live radar redraw time for 60 blips (target: median ≤ 300 ms).

The live view (``casekit.radar.widgets.LiveRadar``) recomputes the layout and redraws the inline SVG each
time the editor changes the radar. Each run moves one blip to another ring and redraws, as a click in the
editor does. For comparison the script also times a full static matplotlib redraw (figure, layout, draw
and PNG) of the same radar. It prints medians and the ratio to the target.
"""

from __future__ import annotations

import io
import random
import statistics
import time

import matplotlib
from summary import record

matplotlib.use("Agg")

RUNS = 25
BLIPS = 60
TARGET_MS = 300.0


def _radar():
    from casekit.radar.model import STATUSES, Blip, Radar, default_config

    cfg = default_config()
    rng = random.Random(60)
    blips = [
        Blip(
            f"Teknologi {i:02d}",
            rng.choice(cfg.quadrant_keys),
            rng.choice(cfg.ring_keys),
            status=rng.choice(STATUSES),
            description=f"<p>Beskrivelse av teknologi {i}</p>",
        )
        for i in range(BLIPS)
    ]
    return Radar(cfg, blips)


def _moves(radar, n):
    from dataclasses import replace

    rng = random.Random(1)
    keys = radar.config.ring_keys
    out = []
    current = radar
    for _ in range(n):
        i = rng.randrange(len(current.blips))
        moved = replace(current.blips[i], ring=rng.choice([k for k in keys if k != current.blips[i].ring]))
        current = current.with_blips([moved if j == i else b for j, b in enumerate(current.blips)])
        out.append(current)
    return out


def main() -> None:
    import matplotlib.pyplot as plt

    from casekit.radar.charts import plot_radar
    from casekit.radar.layout import layout
    from casekit.radar.widgets import LiveRadar

    base = _radar()
    live = LiveRadar(base)
    live_ms = [live.update(r) for r in _moves(base, RUNS)]

    static_ms = []
    for r in _moves(base, 7):
        start = time.perf_counter()
        ax = plot_radar(r)
        ax.figure.savefig(io.BytesIO(), format="png", dpi=100)
        plt.close(ax.figure)
        static_ms.append((time.perf_counter() - start) * 1000)

    layout_ms = []
    for r in _moves(base, RUNS):
        start = time.perf_counter()
        layout(r)
        layout_ms.append((time.perf_counter() - start) * 1000)

    live_median = statistics.median(live_ms)
    print(f"blips                              {BLIPS:8d}")
    print(f"layout only (median)               {statistics.median(layout_ms):8.1f} ms")
    p90 = sorted(live_ms)[int(RUNS * 0.9)]
    print(f"live redraw, SVG view (median)     {live_median:8.1f} ms   (p90 {p90:.1f} ms)")
    print(f"static redraw, matplotlib PNG      {statistics.median(static_ms):8.1f} ms")
    record(f"radar live redraw, {BLIPS} blips (median)", live_median, "ms", TARGET_MS)
    print(f"ratio live / target ({TARGET_MS:.0f} ms)        {live_median / TARGET_MS:8.3f}  (target <= 1)")


if __name__ == "__main__":
    main()
