"""An allow-list HTML sanitiser for blip descriptions, built on the standard library's ``html.parser``.

It keeps the tags Thoughtworks' Build-Your-Own-Radar keeps (``b i em strong u a h1–h6 ul li p br``) and
``href`` on links with a safe scheme (http, https, mailto, tel, or a relative link). Everything else is
removed: other tags disappear but their text stays, while ``script``, ``style`` and similar elements
disappear with their content; every attribute other than a safe ``href`` (``onerror``, ``onclick``,
``style``...) is dropped. Text is re-escaped, so the output is well-formed and cannot open a new tag.

    >>> sanitise('<p onclick="x()">Hei <script>alert(1)</script><b>du</b></p>')
    '<p>Hei <b>du</b></p>'

Why not nh3 (the maintained Rust sanitiser, ammonia)? It was tried against this module's tests
(``tests/unit/radar/test_radar_sanitise.py``) with the same tags, ``href`` on links, the same schemes,
``link_rel="noopener noreferrer"`` and the same elements dropped with their content, and it does not
pass them: it keeps protocol-relative links (``<a href="//evil.example/x">``), because it checks the
scheme of absolute URLs only, so the link check here would still be needed as its ``attribute_filter``;
and it turns a stray end tag into markup (``text</p></b>`` becomes ``text<p></p>``, as HTML5 parsing
prescribes). With both, nh3 would add a compiled dependency and still need our own link rule, for no
gain over this module, which held up under the attack payloads in those tests.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: The tags BYOR's sanitiser allows in descriptions.
ALLOWED_TAGS = frozenset(
    {"b", "i", "em", "strong", "u", "a", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "p", "br"}
)
VOID_TAGS = frozenset({"br"})
#: Elements dropped together with everything inside them.
DROP_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "textarea",
        "select",
        "svg",
        "math",
    }
)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def safe_href(value: str) -> str | None:
    """The link if its scheme is safe (or it is relative), else None. Control characters and spaces
    inside the scheme (``java\\tscript:``) are removed before the scheme is checked."""
    compact = _INVISIBLE.sub("", html.unescape(value))
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return None
    if compact.startswith("//"):
        return None  # protocol-relative: would load from elsewhere
    return value.strip()


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0
        self.drop_tag: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT:
            self.dropping += 1
            self.drop_tag.append(tag)
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        attr_text = ""
        if tag == "a":
            href = next((v for k, v in attrs if k.lower() == "href" and v is not None), None)
            href = safe_href(href) if href is not None else None
            if href:
                attr_text = f' href="{html.escape(href, quote=True)}" rel="noopener noreferrer"'
        if tag in VOID_TAGS:
            self.out.append(f"<{tag}>")
            return
        self.out.append(f"<{tag}{attr_text}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in DROP_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and self.open and self.open[-1] == tag.lower():
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT:
            if self.dropping and tag in self.drop_tag:
                while self.drop_tag:
                    self.dropping -= 1
                    if self.drop_tag.pop() == tag:
                        break
            return
        if self.dropping or tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.open:
            return
        while self.open:
            last = self.open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitise(markup: str | None) -> str:
    """Keep BYOR's allowed tags and safe links; remove scripts, event handlers and every other tag."""
    if not markup:
        return ""
    parser = _Sanitiser()
    parser.feed(str(markup))
    return parser.result()


def plain_text(markup: str | None) -> str:
    """The text of a description without any tags (for tooltips and charts)."""
    cleaned = sanitise(markup)
    text = re.sub(r"<br>|</p>|</li>|</h\d>", " ", cleaned)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
