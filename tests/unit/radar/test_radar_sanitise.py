"""The allow-list sanitiser keeps BYOR's tags and removes scripts and event handlers."""

import pytest

from casekit.radar.sanitise import plain_text, safe_href, sanitise

PAYLOADS = [
    '<script>alert("x")</script>',
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p onclick="steal()">hi</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt&#58;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<b style="behaviour:url(x)" onmouseover="alert(1)">b</b>',
    "<scr<script>ipt>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    '<a href="//evil.example/x">protocol-relative</a>',
    '"><script>alert(1)</script>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_scripts_and_event_handlers_are_removed(payload):
    cleaned = sanitise(payload).lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "javascript:",
        "<iframe",
        "<style",
        "<svg",
        "<img",
        "data:text",
        "evil.example",
        "style=",
    ):
        assert bad not in cleaned, (payload, cleaned)


def test_byor_allowed_tags_and_safe_links_are_kept():
    markup = (
        "<h3>Title</h3><p>Text with <b>b</b>, <i>i</i>, <em>em</em>, <strong>s</strong> and <u>u</u>.<br>"
        '<a href="https://www.digdir.no" target="_blank">Digdir</a></p><ul><li>one</li><li>two</li></ul>'
    )
    out = sanitise(markup)
    for tag in ("<h3>", "<p>", "<b>", "<i>", "<em>", "<strong>", "<u>", "<br>", "<ul>", "<li>"):
        assert tag in out
    assert '<a href="https://www.digdir.no" rel="noopener noreferrer">Digdir</a>' in out
    assert "target" not in out


def test_other_tags_go_but_their_text_stays_and_text_is_escaped():
    assert sanitise("<div><span>kept</span></div>") == "kept"
    assert sanitise("a < b & c") == "a &lt; b &amp; c"
    assert sanitise("<table><tr><td>x</td></tr></table>") == "x"


def test_unclosed_tags_are_closed_and_stray_end_tags_ignored():
    assert sanitise("<p><b>bold") == "<p><b>bold</b></p>"
    assert sanitise("text</p></b>") == "text"
    assert sanitise("") == "" and sanitise(None) == ""


def test_relative_and_mail_links_are_allowed():
    assert safe_href("/radar/x") == "/radar/x"
    assert safe_href("mailto:it@kommune.no") == "mailto:it@kommune.no"
    assert safe_href("vbscript:msgbox") is None


def test_plain_text_for_tooltips():
    assert plain_text("<p>Hei <b>du</b></p><p>der</p><script>x()</script>") == "Hei du der"
