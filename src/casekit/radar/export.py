"""A self-contained HTML radar: one file, no CDN, no fonts or scripts from elsewhere; it works offline.

The radar is drawn as inline SVG from the same layout as the static chart. Hovering (or focusing) a blip
shows its name, ring and description: natively through the SVG ``<title>`` and, with the small inline
script, in the side panel with the description's formatting. Descriptions pass through
:func:`casekit.radar.sanitise.sanitise`, every other text through ``casekit.ui.escape``.
"""

from __future__ import annotations

import math

from .. import i18n, ui
from .layout import LABEL_CORRIDOR, Layout, label_ray, layout
from .model import Radar, text_in
from .sanitise import plain_text, sanitise
from .style import (
    CORE,
    GAP_TO_EDGE,
    KEY_ORDER,
    MARK,
    RING_SHADES,
    legend_sides,
    quadrant_colour,
    readable,
    status_label,
    subtitle,
    text_colour,
)

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#222;
background:#fff;font-size:16px}
h1{font-size:1.6em;margin:0 0 4px}.sub{color:#555;margin:0 0 16px}
.radar-wrap{display:grid;grid-template-columns:minmax(220px,1fr) minmax(320px,2.2fr) minmax(220px,1fr);
gap:16px;align-items:start}
.legend h2{font-size:1.05em;margin:14px 0 4px}.legend h3{font-size:.92em;font-style:italic;color:#444;
margin:8px 0 2px;font-weight:600}.legend ol{list-style:none;padding:0;margin:0}
.legend li{margin:2px 0}.legend summary{cursor:pointer}.legend .num{display:inline-block;min-width:2.2em;
font-weight:700;text-align:right;margin-right:.4em}
.blip{cursor:pointer}.blip:hover .disc,.blip:focus .disc{stroke:#000;stroke-width:.25}
.blip:focus{outline:none}
#panel{border:1px solid #ccc;border-radius:8px;padding:10px 14px;margin-top:12px;min-height:3em}
.desc{font-size:.95em}.status{color:#555;font-size:.9em}
.key span{margin-right:18px;white-space:nowrap}.key svg{vertical-align:middle}
@media (max-width:900px){.radar-wrap{grid-template-columns:1fr}}
"""

_SCRIPT = """
(function(){var panel=document.getElementById('panel');
function show(id){var d=document.getElementById('d-'+id);if(d){panel.innerHTML=d.innerHTML;}}
document.querySelectorAll('.blip').forEach(function(g){
g.addEventListener('mouseenter',function(){show(g.getAttribute('data-id'));});
g.addEventListener('focus',function(){show(g.getAttribute('data-id'));});});})();
"""


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def to_svg(radar: Radar, *, language: str | None = None, seed: int = 0, lay: Layout | None = None) -> str:
    """The radar as an inline SVG element (rings, quadrants, numbered blips with status marks)."""
    lay = lay or layout(radar, seed=seed)
    geo = lay.geometry
    outer = geo.outer_radius
    pad = outer * 0.03
    view = f"{_num(-outer - pad)} {_num(-outer - pad)} {_num(2 * (outer + pad))} {_num(2 * (outer + pad))}"
    parts = [
        f'<svg class="radar" viewBox="{view}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{ui.escape(radar.title or text_in(radar.config.title, language))}">'
    ]
    for r in reversed(range(len(geo.ring_radii))):
        parts.append(
            f'<circle r="{_num(geo.ring_radii[r])}" fill="{RING_SHADES[r % 4]}" stroke="#9A9A9A" '
            'stroke-width="0.12"/>'
        )
    for start, _end in geo.quadrant_spans:
        parts.append(
            f'<line x1="0" y1="0" x2="{_num(outer * math.cos(start))}" y2="{_num(-outer * math.sin(start))}" '
            'stroke="#9A9A9A" stroke-width="0.16"/>'
        )
    ray = label_ray(geo.quadrant_spans)
    rotation = -readable(math.degrees(ray))
    for r, ring in enumerate(radar.config.rings):
        text = ring.label_in(language)
        inner, outer_r = geo.inner_radius(r), geo.ring_radii[r]
        mid = (inner + outer_r) / 2
        size = min(
            0.9, 2 * (LABEL_CORRIDOR + GAP_TO_EDGE) * 0.8, (outer_r - inner) * 0.85 / max(len(text) * 0.62, 1)
        )
        x, y = mid * math.cos(ray), -mid * math.sin(ray)
        parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="{_num(size)}" font-weight="700" fill="#444" '
            f'transform="rotate({_num(rotation)} {_num(x)} {_num(y)})">{ui.escape(text)}</text>'
        )
    for p in lay.placements:
        colour = quadrant_colour(p.quadrant)
        ring_label = radar.config.rings[p.ring].label_in(language)
        tooltip = (
            f"{p.number}. {p.blip.label(language)} ({ring_label}, {status_label(p.blip.status, language)})"
        )
        desc = plain_text(p.blip.description_in(language))
        if desc:
            tooltip += f": {desc}"
        x, y = p.x, -p.y
        mark = _mark_svg(x, y, p.blip.status, colour, math.atan2(-y, -x))
        parts.append(
            f'<g class="blip" tabindex="0" data-id="{ui.escape(p.blip.id)}" data-status="{p.blip.status}">'
            f"<title>{ui.escape(tooltip)}</title>{mark}"
            f'<circle class="disc" cx="{_num(x)}" cy="{_num(y)}" r="{_num(CORE)}" fill="{colour}" '
            'stroke="#fff" stroke-width="0.08"/>'
            f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="{0.78 if p.number < 100 else 0.62}" font-weight="700" '
            f'fill="{text_colour(colour)}">{p.number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _mark_svg(x: float, y: float, status: str, colour: str, toward: float) -> str:
    """The status mark around a blip: a second ring (new) or an arc facing in (moved in) or out."""
    if status == "new":
        return (
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(MARK)}" fill="none" stroke="{colour}" '
            'stroke-width="0.18"/>'
        )
    if status not in ("moved_in", "moved_out"):
        return ""
    centre = toward if status == "moved_in" else toward + math.pi
    a0, a1 = centre - math.radians(70), centre + math.radians(70)
    x0, y0 = x + MARK * math.cos(a0), y + MARK * math.sin(a0)
    x1, y1 = x + MARK * math.cos(a1), y + MARK * math.sin(a1)
    return (
        f'<path d="M{_num(x0)},{_num(y0)} A{_num(MARK)},{_num(MARK)} 0 0 1 {_num(x1)},{_num(y1)}" '
        f'fill="none" stroke="{colour}" stroke-width="0.26"/>'
    )


def status_icon(status: str) -> str:
    """A small inline SVG of a status mark, for keys and tables."""
    return (
        '<svg width="22" height="22" viewBox="-1.1 -1.1 2.2 2.2" aria-hidden="true">'
        f"{_mark_svg(0, 0, status, '#666', math.pi / 2)}"
        f'<circle r="{_num(CORE)}" fill="#666"/></svg>'
    )


def legend_html(radar: Radar, lay: Layout, quadrants: list[int], language: str | None = None) -> str:
    """One quadrant legend per quadrant: every blip with number, name and ring; the description opens
    on click (no script needed)."""
    parts = []
    for q in quadrants:
        quadrant = radar.config.quadrants[q]
        parts.append(f'<h2 style="color:{quadrant_colour(q)}">{ui.escape(quadrant.label_in(language))}</h2>')
        for r, ring in enumerate(radar.config.rings):
            here = [p for p in lay.placements if p.quadrant == q and p.ring == r]
            if not here:
                continue
            parts.append(f"<h3>{ui.escape(ring.label_in(language))}</h3><ol>")
            for p in here:
                desc = sanitise(p.blip.description_in(language))
                parts.append(
                    f'<li><details><summary><span class="num">{p.number}</span>'
                    f"{ui.escape(p.blip.label(language))}"
                    f"</summary>{_blip_detail(radar, p, language, desc)}</details></li>"
                )
            parts.append("</ol>")
    return "".join(parts)


def _blip_detail(radar: Radar, p, language: str | None, desc: str) -> str:
    ring = radar.config.rings[p.ring].label_in(language)
    lines = [f'<p class="status">{ui.escape(ring)} · {ui.escape(status_label(p.blip.status, language))}</p>']
    if desc:
        lines.append(f'<div class="desc">{desc}</div>')
    for field in ("rationale", "pros", "cons", "used_by", "owner"):
        value = p.blip.field_in(field, language) if getattr(p.blip, field) else ""
        if value:
            label = i18n.t(f"radar.field.{field}", language=language)
            lines.append(f"<p><b>{ui.escape(label)}:</b> {ui.escape(value)}</p>")
    return "".join(lines)


def to_html(radar: Radar, *, language: str | None = None, seed: int = 0, title: str | None = None) -> str:
    """A complete, self-contained HTML page with the radar, its legends and hover descriptions."""
    lang = i18n.check_language(language or i18n.get_language())
    lay = layout(radar, seed=seed)
    right, left = legend_sides(len(radar.config.quadrants))
    heading = title or radar.title or text_in(radar.config.title, lang)
    sub = subtitle(radar, lang)
    details = "".join(
        f'<div hidden id="d-{ui.escape(p.blip.id)}"><b>{p.number}. {ui.escape(p.blip.label(lang))}</b>'
        f"{_blip_detail(radar, p, lang, sanitise(p.blip.description_in(lang)))}</div>"
        for p in lay.placements
    )
    key = "".join(f"<span>{status_icon(s)} {ui.escape(status_label(s, lang))}</span>" for s in KEY_ORDER)
    hover = ui.escape(i18n.t("radar.html.hover", language=lang))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{ui.escape(heading)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{ui.escape(heading)}</h1><p class="sub">{ui.escape(sub)}</p>'
        f'<div class="radar-wrap"><div class="legend">{legend_html(radar, lay, left, lang)}</div>'
        f'<div>{to_svg(radar, language=lang, lay=lay)}<p class="key">{key}</p>'
        f'<div id="panel" aria-live="polite">{hover}</div></div>'
        f'<div class="legend">{legend_html(radar, lay, right, lang)}</div></div>'
        f"{details}<script>{_SCRIPT}</script></body></html>\n"
    )
