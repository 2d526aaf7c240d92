"""``casekit demo``: the Agder sample cohort from start to finish, published as static HTML.

1. the Agder cohort (25 municipalities) is configured and its workbooks are prepared;
2. the store is filled with the synthetic answers (self-assessments and radar ballots);
3. a sample participant works through the whole curriculum with pre-filled answers, in every language;
4. the gathering-day reports are built for each module;
5. the casebook is built and linked;
6. ``index.html`` (bokmål, with an English switch) links everything.

Executed notebooks run two at a time (one chain per language keeps the phases' continuity).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .. import casebook, i18n, municipalities, notebooks, ui
from ..assessment.synthetic import fill_store as fill_assessment
from ..cohort.config import load_config, starter_config
from ..cohort.prepare import prepare
from ..cohort.report import report, report_notebooks
from ..planning.sample import prefill_initiatives
from ..radar.sample import fill_store as fill_radar
from ..store import open_store

DEMO_MUNICIPALITY = "4228"
GATHERING_STEPS = ("1b", "2b", "3b", "4b")
SAMPLE_INITIATIVE_MUNICIPALITIES = ("4204", "4203", "4207")


def _participant_parameters(info: Any, municipality: str, store_url: str) -> dict[str, Any]:
    """Short runs (the notebook's test parameters) with the demo participant's own values."""
    params = dict(info.extra.get("test_parameters", {}))
    params.update(
        {
            "municipality": municipality,
            "store_url": store_url,
            "respondent": f"{municipality}-demo",
            "prefill": "demo",
        }
    )
    return {k: v for k, v in params.items() if k in info.parameters}


def _run_curriculum(language: str, municipality: str, store_url: str, out: str) -> list[tuple[str, str]]:
    """Execute every participant notebook in curriculum order (so later phases see earlier answers)."""

    pages = []
    for info in notebooks.catalogue("participant"):
        executed = notebooks.execute(
            info, _participant_parameters(info, municipality, store_url), language=language
        )
        target = Path(out) / "participant" / language / f"{info.id}.html"
        notebooks.to_html(executed, target, title=info.title_in(language))
        pages.append((info.id, info.title_in(language)))
    return pages


def _run_reports(language: str, config_path: str, store_url: str, out: str) -> list[tuple[str, str]]:

    config = load_config(config_path).model_copy(update={"language": language, "store_url": store_url})
    pages = []
    for step in GATHERING_STEPS:
        try:
            report_notebooks(step)
        except Exception:
            continue
        folder = Path(out) / "reports" / language
        folder.mkdir(parents=True, exist_ok=True)  # the demo owns its output tree
        index = report(config, step, folder / step)[0]
        pages.append((step, index.relative_to(out).as_posix()))
    return pages


def _run_language(
    language: str, municipality: str, store_url: str, config_path: str, out: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """One language's chain: the participant's curriculum, then the gathering-day reports on that store."""
    return (
        _run_curriculum(language, municipality, store_url, out),
        _run_reports(language, config_path, store_url, out),
    )


def build_demo(
    out: Path,
    municipality: str = DEMO_MUNICIPALITY,
    languages: tuple[str, ...] | None = None,
    workers: int | None = None,
) -> Path:
    """Build the whole demo into ``out`` and return the path of ``index.html``."""

    me = municipalities.get(municipality)
    languages = languages or i18n.available_languages()
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    database = out / "demo.sqlite"
    for stale in out.glob("demo*.sqlite*"):  # the demo stores are rebuilt from the synthetic data every time
        stale.unlink()
    store_url = f"sqlite:///{database}"
    bar = ui.progress(6, "demo")

    config_path = out / "cohort.yaml"
    text = starter_config(county=me.county_number, year=dt.date.today().year)
    config_path.write_text(text.replace("sqlite:///casekit.sqlite", store_url), encoding="utf-8")
    config = load_config(config_path)
    bar.update(1)

    store = open_store(store_url)
    fill_assessment(store, cohort="agder")
    fill_radar(store)
    for number in SAMPLE_INITIATIVE_MUNICIPALITIES:  # other leader groups' initiatives for the 4b report
        prefill_initiatives(store, number, f"{number}-r01", language=languages[0])
    bar.update(1)

    prepared = prepare(config, out / "workbooks", workers=workers)
    bar.update(1)

    store.engine.dispose()
    # Each language works on its own copy, so the English participant's texts never appear in bokmål pages.
    stores = {}
    for lang in languages:
        copy = out / f"demo-{lang}.sqlite"
        shutil.copyfile(database, copy)
        stores[lang] = f"sqlite:///{copy}"
    with ProcessPoolExecutor(max_workers=workers or min(len(languages), os.cpu_count() or 1)) as pool:
        jobs = {
            lang: pool.submit(_run_language, lang, me.number, stores[lang], str(config_path), str(out))
            for lang in languages
        }
        results = {lang: job.result() for lang, job in jobs.items()}
    participant = {lang: pages for lang, (pages, _) in results.items()}
    reports = {lang: pages for lang, (_, pages) in results.items()}
    bar.update(2)

    if (out / "casebook").exists():
        shutil.rmtree(out / "casebook")
    casebook.build(out / "casebook", languages=list(languages), notebook_html=out / "participant")
    bar.update(1)
    bar.close()

    index = out / "index.html"
    index.write_text(
        _index_html(
            languages,
            participant,
            reports,
            me.display_name(),
            config.title,
            prepared.count("written") + prepared.count("skipped"),
        ),
        encoding="utf-8",
    )
    return index


def _index_html(
    languages: tuple[str, ...],
    participant: dict[str, list[tuple[str, str]]],
    reports: dict[str, list[tuple[str, str]]],
    municipality: str,
    cohort: str,
    workbooks: int,
) -> str:
    def t(key: str, lang: str, **kw: Any) -> str:
        return ui.escape(i18n.t(f"demo.{key}", language=lang, **kw))

    sections = []
    for lang in languages:
        steps = "".join(
            f'<li><a href="participant/{lang}/{ui.escape(nb_id)}.html">{ui.escape(title)}</a></li>'
            for nb_id, title in participant[lang]
        )
        rep = "".join(
            f'<li><a href="{ui.escape(href)}">{t("report", lang, step=step)}</a></li>'
            for step, href in reports[lang]
        )
        hidden = "" if lang == languages[0] else " hidden"
        sections.append(
            f'<section lang="{lang}" id="{lang}"{hidden}><h1>{t("title", lang)}</h1>'
            f"<p>{t('intro', lang, municipality=municipality)}</p>"
            f"<h2>{t('participant', lang)}</h2><ol>{steps}</ol>"
            f"<h2>{t('reports', lang, cohort=cohort)}</h2><ul>{rep}</ul>"
            f"<h2>{t('more', lang)}</h2><ul>"
            f'<li><a href="casebook/{lang}/index.html">{t("casebook", lang)}</a></li>'
            f'<li><a href="workbooks/manifest.json">{t("workbooks", lang, count=workbooks)}</a></li>'
            f'<li><a href="cohort.yaml">{t("config", lang)}</a></li></ul></section>'
        )
    switch = " · ".join(
        f'<a href="#{lang}" data-lang="{lang}">{ui.escape(i18n.language_name(lang))}</a>'
        for lang in languages
    )
    return (
        f'<!DOCTYPE html><html lang="{languages[0]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>casekit demo</title>'
        "<style>body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.55;color:#1a1a1a}a{color:#0B3D66}nav{float:right}li{margin:.2rem 0}</style>"
        "<script>function show(l){document.querySelectorAll('section').forEach(s=>s.hidden=s.lang!==l);"
        "document.documentElement.lang=l;}addEventListener('DOMContentLoaded',()=>{"
        "document.querySelectorAll('nav a').forEach(a=>a.onclick=e=>{"
        "e.preventDefault();show(a.dataset.lang);});"
        "if(location.hash)show(location.hash.slice(1));});</script></head>"
        f'<body><nav aria-label="language">{switch}</nav>{"".join(sections)}'
        f"<footer><small>casekit · {dt.date.today().isoformat()}</small></footer></body></html>"
    )
