import matplotlib

matplotlib.use("Agg")

import pytest

import casekit
from casekit import i18n, intro, theme


def test_palette_roles_meet_wcag_for_graphics():
    for role in ("today", "ambition", "good", "bad", "text"):
        assert theme.contrast_ratio(theme.ROLE[role]) >= 3.0, role
    assert theme.contrast_ratio("#000000") == pytest.approx(21.0)
    assert theme.contrast_ratio("#FFFFFF") == pytest.approx(1.0)


def test_ui_message_colours_meet_wcag_aa_for_text():
    from casekit.ui import STYLES

    for fg, bg in STYLES.values():
        assert theme.contrast_ratio(fg, bg) >= 4.5


def test_axis_formatter_is_locale_aware(close_figures):
    ax = theme.axes()
    theme.format_axis(ax, "y", decimals=1, language="nb")
    assert ax.yaxis.get_major_formatter()(1234.5, 0).replace("\xa0", " ") == "1 234,5"
    theme.format_axis(ax, "x", percent=True, language="en")
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50\xa0%"


def test_apply_sets_projector_sizes():
    theme.apply()
    assert matplotlib.rcParams["font.size"] >= 14
    with theme.context():
        assert matplotlib.rcParams["axes.titlesize"] >= 18


def test_title_and_source_note(close_figures):
    ax = theme.axes(size="small")
    theme.title(ax, "Tittel", "Undertittel")
    theme.source_note(ax, "Kilde: SSB")
    assert ax.get_title(loc="left") == "Tittel"
    texts = [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.figure.texts]
    assert "Undertittel" in texts and "Kilde: SSB" in texts
    assert theme.figure("square").get_size_inches()[0] == theme.FIGSIZE["square"][0]


def test_long_subtitles_wrap_and_keep_their_line_breaks(close_figures):
    ax = theme.axes(size="small")
    theme.title(ax, "Tittel", "første linje;\n" + "ord " * 40, width=60)
    lines = ax.texts[0].get_text().split("\n")
    assert lines[0] == "første linje;" and len(lines) >= 3 and max(map(len, lines)) <= 60
    empty = theme.empty(theme.axes(size="small"), "Ingen svar ennå")
    assert empty.texts[0].get_text() == "Ingen svar ennå" and not empty.get_xticks().size


def test_fact_card_shows_the_register(close_figures):
    html = intro.fact_card("4228", "nb")._repr_html_()
    assert "Sirdal" in html and "1\xa0873" in html and "Agder" in html and "Digi Agder" in html
    assert "07459" in html
    assert intro.fact_card(casekit.setup("nb", "4228").municipality, "nb")._repr_html_() == html
    en = intro.fact_card("Kautokeino", "en")._repr_html_()
    assert "Guovdageaidnu" in en and "Population 1 January 2024" in en


def test_county_rank():
    assert intro.county_rank("4204") == (1, 25)  # Kristiansand is Agder's largest
    rank, total = intro.county_rank("4228")
    assert (rank, total) == (18, 25)  # seven Agder municipalities are smaller than Sirdal


def test_county_chart_highlights_the_municipality(close_figures):
    ax = intro.county_chart("4228", language="en")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 25 and "Sirdal" in labels
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Sirdal"]
    assert "Agder" in ax.get_title(loc="left")
    assert ax.get_xscale() == "log"


def test_programme_overview_has_four_modules_and_three_phases():
    html = intro.programme_overview("en")._repr_html_()
    for word in (
        "Organisation",
        "Leadership",
        "Strategy",
        "Technology",
        "Pre-work",
        "Gathering day",
        "Follow-up",
    ):
        assert word in html


def test_explorer_widget_updates_the_card():
    box = intro.explorer(casekit.setup("nb", "4228"))
    assert box.picker.value == "4228"
    box.picker.value = "4204"
    assert box.feedback.calls == 2 and box.feedback.last_exception is None
    assert box.feedback.value == ""


def test_guard_shows_expected_errors_inline():
    from casekit import municipalities, ui

    fb = ui.feedback()

    @ui.guard(fb)
    def handler():
        municipalities.get("9999")

    handler()
    assert fb.kind == "error" and "9999" in fb.value and "Traceback" not in fb.value
    i18n.set_language("en")

    @ui.guard(fb)
    def broken():
        raise RuntimeError("boom")

    broken()
    assert isinstance(fb.last_exception, RuntimeError) and "Sorry" in fb.value


def test_escape_and_table():
    from casekit import ui

    html = ui.table(["a"], [["<script>alert(1)</script>"]], caption="<b>x</b>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
