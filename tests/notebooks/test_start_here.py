"""Checks on what the start-here notebook shows (stable outputs)."""

import pytest

from casekit import notebooks


@pytest.mark.notebook
def test_start_here_shows_fact_card_and_chart_for_the_parameter(tmp_path):
    nb = notebooks.execute("00-start-here", {"municipality": "5059"}, language="en", cwd=tmp_path)
    html = "".join(
        o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "Fact card: Orkland" in html and "Trøndelag" in html and "Digi Trøndelag" in html
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1
    target = notebooks.to_html(nb, tmp_path / "start.html")
    text = target.read_text(encoding="utf-8")
    assert "Fact card: Orkland" in text and "intro.fact_card" not in text  # no code in the export
