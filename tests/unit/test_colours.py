"""Every colour casekit draws text or meaning with meets WCAG 2.1 AA on the background it is drawn on.

AA asks 4.5:1 for text and 3:1 for graphics a reader needs (lines, dots, bars). The checks read the colours
from what casekit actually produces (matplotlib artists, widget HTML), not from a copy of the constants.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.colors import to_hex

from casekit import theme, ui

STYLE = re.compile(r'style="([^"]*)"')
WHITE = "#FFFFFF"


def inline_colours(markup: str) -> list[tuple[str, str]]:
    """``(text colour, background)`` for every inline style that sets a colour; white when no background."""
    found = []
    for style in STYLE.findall(markup):
        props = dict(
            (k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in style.split(";") if ":" in p)
        )
        if "color" in props:
            found.append((props["color"], props.get("background", WHITE)))
    return found


def long_hex(colour: str) -> str:
    h = colour.lstrip("#")
    return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert theme.contrast_ratio("#000000") == pytest.approx(21.0)
    assert theme.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert theme.contrast_ratio("#0072B2", "#FFFFFF") == theme.contrast_ratio("#FFFFFF", "#0072B2")


def test_chart_texts_meet_aa_on_the_figure(close_figures):
    with theme.context():
        ax = theme.axes()
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("x")
        theme.title(ax, "Tittel", "Undertittel")
        theme.source_note(ax, "Kilde: SSB")
        ax.figure.canvas.draw()
        background = to_hex(ax.figure.get_facecolor())
        axes_background = to_hex(ax.get_facecolor())
        texts = [ax.title, ax.xaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]
        texts += ax.figure.texts
    assert len(texts) >= 6
    for text in texts:
        colour = to_hex(text.get_color())
        for bg in (background, axes_background):
            assert theme.contrast_ratio(colour, bg) >= 4.5, (text.get_text(), colour, bg)


def test_graphic_roles_meet_aa_for_graphics():
    for role in ("today", "ambition", "benchmark", "good", "bad", "text"):
        assert theme.contrast_ratio(theme.ROLE[role]) >= 3.0, (role, theme.ROLE[role])


def test_every_palette_colour_can_carry_a_readable_label():
    for colour in theme.QUALITATIVE:
        best = max(theme.contrast_ratio("#000000", colour), theme.contrast_ratio("#FFFFFF", colour))
        assert best >= 4.5, colour


def test_widget_html_texts_meet_aa():
    import ipywidgets as w

    fb = ui.feedback()
    markup = [
        ui.card("Sirdal", [("Innbyggere", "1 000")], footer="Kilde: SSB").markup,
        ui.table(["A", "B"], [[1, 2]], caption="Tabell").markup,
        *(ui.message_html("Melding", kind) for kind in ui.STYLES),
        *(child.value for child in ui.labelled(w.Dropdown(options=["a"]), "Velg", "Hjelp").children[1:]),
    ]
    fb.error("Feil")
    markup.append(fb.value)
    pairs = [pair for m in markup for pair in inline_colours(m)]
    assert len(pairs) >= len(ui.STYLES) + 3  # footer, help line, every message kind, the feedback
    for fg, bg in pairs:
        assert theme.contrast_ratio(long_hex(fg), long_hex(bg)) >= 4.5, (fg, bg)


def test_labelled_makes_the_label_the_inputs_own():
    import ipywidgets as w

    slider = w.FloatSlider()
    box = ui.labelled(slider, "Sykefravær <b>%</b>", "Andel av tiden")
    assert box.children[0] is slider and slider.description == "Sykefravær <b>%</b>"
    assert slider.description_allow_html is False  # shown as text, never as markup
    assert slider.style.description_width == "initial"  # in full, never cut short
    assert "Andel av tiden" in box.children[1].value and "casekit-labelled" in box._dom_classes


def test_labelled_puts_a_heading_above_a_group():
    import ipywidgets as w

    group = w.VBox([w.Checkbox(description="Helse"), w.Checkbox(description="Skole")])
    box = ui.labelled(group, "Sektorer & ansvar", "Kryss av")
    assert box.children[1] is group and "Sektorer &amp; ansvar" in box.children[0].value
    assert "Kryss av" in box.children[2].value
