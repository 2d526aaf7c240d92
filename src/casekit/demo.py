"""``casekit demo``: run notebooks for a sample municipality and publish them as HTML without code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import i18n, ui

DEMO_NOTEBOOKS = ("00-start-here",)


def build_demo(out: Path, municipality: str = "4228", languages: tuple[str, ...] | None = None) -> Path:
    """Execute the demo notebooks in every language and write ``out/index.html`` linking them."""
    from . import municipalities, notebooks

    me = municipalities.get(municipality)
    languages = languages or i18n.available_languages()
    out.mkdir(parents=True, exist_ok=True)
    links: dict[str, list[tuple[str, str]]] = {lang: [] for lang in languages}
    jobs = [(nb_id, lang) for lang in languages for nb_id in DEMO_NOTEBOOKS]
    bar = ui.progress(len(jobs), "demo")
    for nb_id, lang in jobs:
        info = notebooks.get(nb_id)
        bar.set_postfix_str(f"{nb_id} ({lang})")
        executed = notebooks.execute(info, {"municipality": me.number}, language=lang)
        target = out / lang / f"{nb_id}.html"
        notebooks.to_html(executed, target, title=info.title_in(lang))
        links[lang].append((target.relative_to(out).as_posix(), info.title_in(lang)))
        bar.update(1)
    bar.close()
    index = out / "index.html"
    index.write_text(_index_html(links, me.display_name()), encoding="utf-8")
    return index


def _index_html(links: dict[str, list[tuple[str, str]]], municipality: str) -> str:
    sections = []
    for lang, items in links.items():
        lis = "".join(f'<li><a href="{ui.escape(href)}">{ui.escape(title)}</a></li>' for href, title in items)
        sections.append(
            f'<section lang="{lang}" id="{lang}"><h2>{ui.escape(i18n.language_name(lang))}</h2>'
            f"<p>{ui.escape(i18n.t('demo.intro', language=lang, municipality=municipality))}</p>"
            f"<ul>{lis}</ul></section>"
        )
    switch = " | ".join(f'<a href="#{lang}">{ui.escape(i18n.language_name(lang))}</a>' for lang in links)
    stamp = dt.date.today().isoformat()
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>casekit demo</title></head><body style="font-family:system-ui,sans-serif;max-width:60rem;'
        f'margin:2rem auto;padding:0 1rem;line-height:1.5"><h1>casekit</h1><nav>{switch}</nav>'
        f"{''.join(sections)}<footer><small>casekit · {stamp}</small></footer></body></html>"
    )
