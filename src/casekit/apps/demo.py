"""``casekit demo``: the Agder sample cohort from start to finish, published as static HTML.

1. the Agder cohort (25 municipalities) is configured with ``language: auto`` and its workbooks are prepared,
   each municipality's in its official written standard (bokmål for most, nynorsk for six);
2. the store is filled with the synthetic answers (self-assessments and radar ballots);
3. a sample participant from Sirdal works through the whole curriculum with pre-filled answers, in bokmål
   and in English;
4. the gathering-day reports are built for each module;
5. the trainer's kit (run sheets, reports, slides and handouts) is built for the four gathering days;
6. one nynorsk path: a sample participant from a Vestland municipality whose written standard is nynorsk
   (Sunnfjord) works through the curriculum with ``language: auto``, which gives nynorsk;
7. the casebook is built and linked;
8. ``index.html`` (bokmål, with nynorsk and English switches) links everything.

Every path's notebooks run as one chain (which keeps the phases' continuity), and all chains run at once: a
chain keeps about one core busy, and with two at a time the third ran on alone at the end while the other
core had little to do. The nynorsk path is the only thing done a third time, so nynorsk adds one curriculum
to the demo, not a second demo. The time of each phase is printed at the end.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import casebook, i18n, municipalities, notebooks, ui
from ..assessment.synthetic import fill_store as fill_assessment
from ..cohort.config import load_config, starter_config
from ..cohort.kit import build_kit
from ..cohort.prepare import prepare
from ..cohort.report import report, report_notebooks
from ..errors import MunicipalityError
from ..planning.sample import prefill_initiatives
from ..radar.sample import fill_store as fill_radar
from ..store import open_store

DEMO_MUNICIPALITY = "4228"
#: The Sirdal participant's languages; nynorsk gets a path of its own, from a nynorsk municipality.
DEMO_LANGUAGES = ("nb", "en")
NYNORSK_MUNICIPALITY = "4647"  # Sunnfjord, Vestland: nynorsk is its official written standard
NYNORSK = "nn"
KIT_FOLDER = "kit"
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
    """Execute every participant notebook in curriculum order (so later phases see earlier answers), one
    after another in one kernel that is cleared between them (it keeps the imports)."""
    pages = []
    with notebooks.shared_kernel():
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
    language: str, municipality: str, store_url: str, config_path: str, out: str, reports: bool = True
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """One language's chain: the participant's curriculum, then the gathering-day reports on that store
    (unless the trainer's kit builds them)."""
    return (
        _run_curriculum(language, municipality, store_url, out),
        _run_reports(language, config_path, store_url, out) if reports else [],
    )


def _run_written_standard(municipality: str, store_url: str, out: str) -> list[tuple[str, str]]:
    """The nynorsk path: a participant from ``municipality`` with ``language: auto``, which its written
    standard turns into nynorsk."""
    return _run_curriculum(
        notebooks.resolve_language(notebooks.AUTO, municipality), municipality, store_url, out
    )


def build_demo(
    out: Path,
    municipality: str = DEMO_MUNICIPALITY,
    languages: tuple[str, ...] | None = None,
    workers: int | None = None,
    nynorsk: str | None = NYNORSK_MUNICIPALITY,
) -> Path:
    """Build the whole demo into ``out`` and return the path of ``index.html``. ``languages`` are the Sirdal
    participant's (bokmål and English); ``nynorsk`` names the municipality of the nynorsk path (None for
    none); its written standard must be nynorsk."""

    me = municipalities.get(municipality)
    languages = languages or DEMO_LANGUAGES
    if nynorsk is not None:
        nynorsk = municipalities.get(nynorsk).number
        if municipalities.default_language(nynorsk) != NYNORSK:
            raise MunicipalityError("error.municipality.not_nynorsk", value=nynorsk)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    database = out / "demo.sqlite"
    for stale in out.glob("demo*.sqlite*"):  # the demo stores are rebuilt from the synthetic data every time
        stale.unlink()
    store_url = f"sqlite:///{database}"
    bar = ui.progress(7, "demo")
    clock = _Phases()

    config_path = out / "cohort.yaml"
    year = dt.date.today().year
    text = starter_config(county=me.county_number, language=notebooks.AUTO, year=year, store_url=store_url)
    config_path.write_text(text, encoding="utf-8")
    config = load_config(config_path)
    bar.update(1)
    clock.lap("cohort")

    _fill_store(store_url, languages[0])
    bar.update(1)
    clock.lap("store")

    prepared = prepare(config, out / "workbooks", workers=workers)
    bar.update(1)
    clock.lap("prepare")

    paths = _paths(languages, nynorsk)
    stores = _language_stores(out, database, paths)
    chains = {lang: (nynorsk if lang == NYNORSK and nynorsk else me.number) for lang in paths}
    results, kit = _run_chains(chains, stores, config, config_path, out, workers, clock, me.number)
    bar.update(1)
    participant = {lang: pages for lang, (pages, _) in results.items()}
    reports = {lang: pages for lang, (_, pages) in results.items()}
    shared = config.shared_language
    reports[shared] = [(step, f"{KIT_FOLDER}/{step}/report/index.html") for step, _ in kit]
    bar.update(2)
    clock.lap("workbooks, other languages")

    if (out / "casebook").exists():
        shutil.rmtree(out / "casebook")
    casebook.build(out / "casebook", languages=list(paths), notebook_html=out / "participant")
    bar.update(1)
    bar.close()
    clock.lap("casebook")

    sections = [
        _Section(
            lang,
            chains[lang],
            participant[lang],
            reports.get(lang) or reports[shared],
            lang if reports.get(lang) else shared,
            written_standard=chains[lang] != me.number,
        )
        for lang in paths
    ]
    count = prepared.count("written") + prepared.count("skipped")
    index = out / "index.html"
    index.write_text(_index_html(sections, config.title, count, kit), encoding="utf-8")
    clock.lap("index")
    print(clock.summary(), file=sys.stderr)
    return index


def _fill_store(store_url: str, language: str) -> None:
    """The synthetic Agder answers: self-assessments, radar ballots and other leader groups' initiatives."""
    store = open_store(store_url)
    fill_assessment(store, cohort="agder")
    fill_radar(store)
    for number in SAMPLE_INITIATIVE_MUNICIPALITIES:  # other leader groups' initiatives for the 4b report
        prefill_initiatives(store, number, f"{number}-r01", language=language)
    store.engine.dispose()


def _paths(languages: tuple[str, ...], nynorsk: str | None) -> tuple[str, ...]:
    """The demo's paths by language, in the index's order: the Sirdal participant's languages with the
    nynorsk path after the first (bokmål, nynorsk, English)."""
    chosen = [i18n.check_language(lang) for lang in languages if lang != NYNORSK or nynorsk is None]
    if nynorsk is not None:
        chosen.insert(min(1, len(chosen)), NYNORSK)
    return tuple(dict.fromkeys(chosen))


def _language_stores(out: Path, database: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """A store per path, so the English participant's texts never appear in bokmål pages."""
    stores = {}
    for lang in languages:
        copy = out / f"demo-{lang}.sqlite"
        shutil.copyfile(database, copy)
        stores[lang] = f"sqlite:///{copy}"
    return stores


def _run_chains(
    chains: dict[str, str],
    stores: dict[str, str],
    config: Any,
    config_path: Path,
    out: Path,
    workers: int | None,
    clock: _Phases,
    main: str,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Every path's chain (language → municipality), all at once, and the trainer's kit. The kit is in the
    cohort's shared language and builds that language's reports, so it starts as soon as that language's
    chain is done, while the other chains go on. The nynorsk path builds no reports of its own: it links
    the kit's."""
    kit_language = config.shared_language
    with ProcessPoolExecutor(max_workers=workers or len(chains)) as pool:
        jobs = {}
        for lang, number in chains.items():
            if number != main:  # the nynorsk path
                jobs[lang] = pool.submit(_run_written_standard, number, stores[lang], str(out))
                continue
            reports = lang != kit_language
            args = (lang, number, stores[lang], str(config_path), str(out), reports)
            jobs[lang] = pool.submit(_run_language, *args)
        results = {}
        if kit_language in jobs:
            results[kit_language] = jobs[kit_language].result()
            clock.lap(f"workbooks {kit_language}")
        kit = _build_kit(config, out, stores.get(kit_language, str(config.store_url)), workers)
        clock.lap("kit")
        for lang, job in jobs.items():
            if lang not in results:
                done = job.result()
                results[lang] = done if isinstance(done, tuple) else (done, [])
    return results, kit


class _Phases:
    """Wall-clock time per phase of the demo, printed at the end."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.times: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.last))
        self.last = now

    def summary(self) -> str:
        phases = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in self.times)
        return i18n.t("kit.demo.phases", phases=phases, total=f"{self.last - self.start:.1f} s")


def _build_kit(config: Any, out: Path, store_url: str, workers: int | None) -> list[tuple[str, str]]:
    """The trainer's kit for the four gathering days, in the cohort's language; (step, index page) pairs."""
    result = build_kit(
        config.model_copy(update={"store_url": store_url}), GATHERING_STEPS, out / KIT_FOLDER, workers=workers
    )
    for failed in result.failed:
        print(f"{failed.target}: {failed.error}", file=sys.stderr)
    return [
        (step, f"{KIT_FOLDER}/{step}/index.html")
        for step in GATHERING_STEPS
        if (out / KIT_FOLDER / step / "index.html").is_file()
    ]


@dataclass(frozen=True)
class _Section:
    """One language's part of the index: whose path it shows, and the reports it links (``reports_language``
    is theirs; the nynorsk path links the reports in the cohort's shared language)."""

    language: str
    municipality: str
    participant: list[tuple[str, str]]
    reports: list[tuple[str, str]]
    reports_language: str
    written_standard: bool = False  # the nynorsk path: a municipality whose written standard chose it


def _section_html(
    section: _Section, cohort: str, workbooks: int, kit: list[tuple[str, str]], first: bool
) -> str:
    lang = section.language
    kit_name = i18n.language_name(section.reports_language)  # the kit is in the cohort's shared language

    def t(key: str, **kw: Any) -> str:
        return ui.escape(i18n.t(f"demo.{key}", language=lang, **kw))

    name = municipalities.get(section.municipality).display_name()
    intro = t("intro_written_standard" if section.written_standard else "intro", municipality=name)
    heading = (
        t("reports", cohort=cohort)
        if section.reports_language == lang
        else t("reports_shared", cohort=cohort, name=i18n.language_name(section.reports_language))
    )
    steps = "".join(
        f'<li><a href="participant/{lang}/{ui.escape(nb_id)}.html">{ui.escape(title)}</a></li>'
        for nb_id, title in section.participant
    )
    rep = "".join(
        f'<li><a href="{ui.escape(href)}">{t("report", step=step)}</a></li>' for step, href in section.reports
    )
    kits = "".join(f'<li><a href="{ui.escape(href)}">{t("report", step=step)}</a></li>' for step, href in kit)
    kit_part = (
        f"<h2>{ui.escape(i18n.t('kit.demo.heading', language=lang, cohort=cohort))}</h2>"
        f"<p>{ui.escape(i18n.t('kit.demo.intro', language=lang, name=kit_name))}</p><ul>{kits}</ul>"
        if kits
        else ""
    )
    return (
        f'<section lang="{lang}" id="{lang}"{"" if first else " hidden"}><h1>{t("title")}</h1>'
        f"<p>{intro}</p><h2>{t('participant')}</h2><ol>{steps}</ol>"
        f"<h2>{heading}</h2><ul>{rep}</ul>{kit_part}"
        f"<h2>{t('more')}</h2><ul>"
        f'<li><a href="casebook/{lang}/index.html">{t("casebook")}</a></li>'
        f'<li><a href="workbooks/manifest.json">{t("workbooks", count=workbooks)}</a></li>'
        f'<li><a href="cohort.yaml">{t("config")}</a></li></ul></section>'
    )


def _index_html(
    sections: list[_Section], cohort: str, workbooks: int, kit: list[tuple[str, str]] | None = None
) -> str:
    """The demo's index page: one section per language, the first shown, a switch for the others."""
    body = "".join(
        _section_html(section, cohort, workbooks, kit or [], i == 0) for i, section in enumerate(sections)
    )
    switch = " · ".join(
        f'<a href="#{s.language}" data-lang="{s.language}" lang="{s.language}">'
        f"{ui.escape(i18n.language_name(s.language))}</a>"
        for s in sections
    )
    first = sections[0].language if sections else i18n.DEFAULT_LANGUAGE
    return (
        f'<!DOCTYPE html><html lang="{first}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>casekit demo</title>'
        "<style>body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.55;color:#1a1a1a}a{color:#0B3D66}nav{float:right}li{margin:.2rem 0}</style>"
        "<script>function show(l){document.querySelectorAll('section').forEach(s=>s.hidden=s.lang!==l);"
        "document.documentElement.lang=l;}addEventListener('DOMContentLoaded',()=>{"
        "document.querySelectorAll('nav a').forEach(a=>a.onclick=e=>{"
        "e.preventDefault();show(a.dataset.lang);});"
        "if(location.hash)show(location.hash.slice(1));});</script></head>"
        f'<body><nav aria-label="language">{switch}</nav>{body}'
        f"<footer><small>casekit · {dt.date.today().isoformat()}</small></footer></body></html>"
    )
