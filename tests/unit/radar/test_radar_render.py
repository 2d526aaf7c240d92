"""Static charts (PNG, SVG, PDF) and the self-contained HTML export."""

import re

import pytest

from casekit.errors import RadarError
from casekit.radar.charts import ballot_vs_group, consensus_chart, plot_radar, ring_spread, save
from casekit.radar.export import to_svg
from casekit.radar.layout import layout
from casekit.radar.model import Blip, Radar, default_config
from casekit.radar.sample import sample_radar


@pytest.mark.usefixtures("close_figures")
@pytest.mark.parametrize("n", [10, 50, 150])
def test_plot_lists_every_blip_with_number_name_and_ring(make_radar, n):
    r = make_radar(n, seed=n)
    ax = plot_radar(r, language="en")
    texts = [t.get_text() for a in (ax, *ax.child_axes) for t in a.texts]
    lay = layout(r)
    for p in lay.placements:
        assert f"{p.number:>3}  {p.blip.name}" in texts  # legend line
        assert str(p.number) in texts  # number on the radar
    for ring in r.config.rings:
        assert ring.label_in("en") in texts
    for q in r.config.quadrants:
        assert q.label_in("en") in texts
    assert ax.get_title(loc="left") == "Municipal technology radar"


@pytest.mark.usefixtures("close_figures")
def test_plot_into_given_axes_and_highlight(make_radar):
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=(8, 8))
    r = make_radar(12)
    out = plot_radar(r, ax=ax, language="nb", legend=False, title="Vår radar", highlight={r.blips[0].id})
    assert out is ax and ax.get_title(loc="left") == "Vår radar"
    collection = ax.collections[0]
    assert sorted(collection.get_linewidths())[-2:] == [0.8, 2.5]  # exactly one blip is highlighted


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_save_static_formats(tmp_path, fmt):
    path = save(sample_radar(), tmp_path / f"r.{fmt}", language="en")
    head = path.read_bytes()[:8]
    assert {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt] in head
    if fmt == "svg":
        assert "ID-porten" in path.read_text(encoding="utf-8")


def test_unknown_render_format_is_refused(tmp_path):
    with pytest.raises(RadarError, match="gif"):
        save(sample_radar(), tmp_path / "r.gif")


PAYLOAD = '<p>Nyttig<script>alert("x")</script><img src=x onerror="alert(2)"></p>'


def test_html_is_self_contained_offline_and_sanitised(tmp_path):
    r = Radar(
        default_config(),
        [
            Blip("Trygg <b>tekst</b>", "data_ai", "adopt", description=PAYLOAD, status="new"),
            Blip(
                "ID-porten", "citizen_services", "adopt", description="<b>Login</b>", rationale="<i>fordi</i>"
            ),
        ],
    )
    path = save(r, tmp_path / "r.html", language="nb")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nb">' in html
    # Offline: nothing is loaded from elsewhere.
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    # The only script is our own; the payload's script and handler are gone, its text is kept.
    assert html.count("<script>") == 1 and 'alert("x")' not in html and "onerror" not in html
    assert "Nyttig" in html and "<b>Login</b>" in html
    # Names and rationales are escaped, not interpreted.
    assert "Trygg &lt;b&gt;tekst&lt;/b&gt;" in html and "&lt;i&gt;fordi&lt;/i&gt;" in html
    # Hovering a blip shows its description: a native tooltip and the panel's data.
    assert re.search(r'<g class="blip"[^>]*data-id="id-porten"[^>]*><title>[^<]*Login', html)
    assert 'id="d-id-porten"' in html and "mouseenter" in html


def test_svg_marks_each_status(make_radar):
    svg = to_svg(make_radar(40, seed=4))
    for status in ("new", "moved_in", "moved_out", "no_change"):
        assert f'data-status="{status}"' in svg
    assert svg.count('class="blip"') == 40


@pytest.mark.usefixtures("close_figures")
def test_vote_and_county_charts():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["A", "B"],
            "own_ring": ["Adopt", "Hold"],
            "group_ring": ["Adopt", "Trial"],
            "own_index": [0, 3],
            "group_index": [0, 1],
            "difference": [0, 2],
        }
    )
    frame.attrs["ring_labels"] = ["Adopt", "Trial", "Assess", "Hold"]
    ax = ballot_vs_group(frame, language="en")
    labels = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert labels["A"] > labels["B"]  # the first row is at the top
    assert len(ax.lines) == 1  # only B differs
    spread = pd.DataFrame({"respondent": ["r1", "r2", "r3"], "ring_index": [0, 0, 2]})
    spread.attrs.update(ring_labels=["Adopt", "Trial", "Assess", "Hold"], median_index=0)
    ax2 = ring_spread(spread, title="T")
    assert len(ax2.collections) == 3 and ax2.get_legend() is not None
    table = pd.DataFrame({"name": ["A", "B"], "consensus": [0.2, 0.9], "discuss_again": [True, False]})
    ax3 = consensus_chart(table, language="en")
    heights = {t.get_text(): t.get_position()[1] for t in ax3.get_yticklabels()}
    assert heights["A"] > heights["B"]  # lowest consensus first, at the top
    assert ax3.get_xlabel() == "Consensus (0–1)"


@pytest.mark.usefixtures("close_figures")
def test_names_with_dollar_signs_are_drawn_as_written(tmp_path):
    # As mathtext "$\nosuch$" is an unknown command and drawing fails; as plain text it is just characters.
    name = r"Lisens $\nosuch$ per bruker"
    r = Radar(default_config(), [Blip(name, "data_ai", "adopt"), Blip("a_b^c", "platforms", "hold")])
    ax = plot_radar(r, language="en", title=r"Kost $\nosuch$")
    texts = [t.get_text() for a in (ax, *ax.child_axes) for t in a.texts]
    assert any(t.endswith(name) for t in texts)
    save(r, tmp_path / "dollar.png")
    assert (tmp_path / "dollar.png").stat().st_size > 0
