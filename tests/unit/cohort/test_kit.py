"""The gathering-day kit: run sheet pages, handouts (privacy first), slides and the one command.

Everything runs for real: SQLite stores filled with the synthetic cohort, papermill kernels for the report,
Debian's Chromium for the PDFs (the kit tests skip with the reason when it is missing), pypdf to read them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

from casekit import municipalities, theme
from casekit.apps.cli import main
from casekit.assessment.synthetic import fill_store as fill_assessment
from casekit.cohort import handouts, kit, runsheet, runsheet_doc, slides
from casekit.cohort.config import load_config, parse_config
from casekit.cohort.pdf import Printer
from casekit.errors import ConfigError, KitError, OutputError
from casekit.planning.sample import prefill_initiatives, prefill_strategy
from casekit.radar.sample import fill_store as fill_radar
from casekit.radar.votes import BALLOT_INSTRUMENT
from casekit.store import open_store

ROOT = Path(__file__).resolve().parents[3]
PILOT = ROOT / "examples" / "cohorts" / "pilot.yaml"
AGDER = ROOT / "examples" / "cohorts" / "agder.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed")
SMALL = "5059"  # Orkland: two respondents, below the threshold of five


def _copy_small_group(store, instrument: str, source: str, count: int = 2) -> None:
    """``count`` respondents in Orkland who answer like the first respondents of ``source``."""
    for i, sub in enumerate(store.submissions(instrument, municipality=source)[:count], start=1):
        store.save(f"{SMALL}-r{i:02d}", instrument, dict(sub.answers), status="final", municipality=SMALL)


@pytest.fixture(scope="module")
def cohort_store(tmp_path_factory):
    """The synthetic Agder answers and radar ballots, initiatives and a strategy for Kristiansand, and a
    leader group in Orkland too small to be shown."""
    path = tmp_path_factory.mktemp("store") / "kit.sqlite"
    url = f"sqlite:///{path}"
    store = open_store(url)
    fill_assessment(store, cohort="agder")
    fill_radar(store)
    prefill_initiatives(store, "4204", "4204-r01", language="nb")
    prefill_strategy(store, "4204", "4204-r01", language="nb")
    for instrument in ("maturity", "capabilities", "competence", BALLOT_INSTRUMENT):
        _copy_small_group(store, instrument, "4228")
    return url


def _config(path: Path, store_url: str, **changes):
    return load_config(path, check_store=False).model_copy(update={"store_url": store_url, **changes})


# --- checking the request -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["9z", "../x", "3b/../../etc", "", "4d"])
def test_steps_outside_the_curriculum_are_refused(bad):
    with pytest.raises(KitError) as caught:
        kit.check_steps(bad)
    assert "3b" in caught.value.message("en")  # the message lists the steps to choose from


def test_steps_are_normalised_and_kept_in_order():
    assert kit.check_steps(["3B", "1b", "3b"]) == ("3b", "1b")


@pytest.mark.parametrize("bad", ["9z", "../x"])
def test_the_command_refuses_a_bad_step_before_writing_anything(tmp_path, capsys, bad):
    out = tmp_path / "kit"
    code = main(["--lang", "en", "cohort", "kit", str(PILOT), "--step", bad, "--out", str(out)])
    assert code == 1  # invalid input, like every command
    assert bad in capsys.readouterr().err
    assert not out.exists()


def test_the_command_refuses_a_bad_start_time_before_writing_anything(tmp_path, capsys):
    out = tmp_path / "kit"
    code = main(
        ["--lang", "en", "cohort", "kit", str(PILOT), "--step", "3b", "--out", str(out), "--start", "25:70"]
    )
    assert code == 1
    assert "25:70" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_path_that_is_a_file_is_refused(tmp_path, cohort_store):
    target = tmp_path / "kit.txt"
    target.write_text("not a folder")
    with pytest.raises(OutputError, match=r"kit\.txt"):
        kit.build_kit(_config(PILOT, cohort_store), "3b", target)
    assert target.read_text() == "not a folder"


def test_a_file_is_never_placed_outside_the_folder(tmp_path):
    from casekit.cohort.jobs import place

    assert place(tmp_path, "3b/x.html", "<p>x</p>", {}).status == "written"
    with pytest.raises(ConfigError):
        place(tmp_path, "../x.html", "<p>x</p>", {})
    assert not (tmp_path.parent / "x.html").exists()


def test_handout_file_names_are_plain():
    names = {kit.slug(m.number) for m in municipalities.all()}
    assert all(re.fullmatch(r"\d{4}-[a-z0-9-]+", n) for n in names)
    assert kit.slug("5059") == "5059-orkland"


# --- the run sheet as a page --------------------------------------------------------------------------------


def test_run_sheet_page_shifts_the_agenda_and_counts_who_has_finished(cohort_store):
    numbers = ["4204", "4228", SMALL]
    page = runsheet_doc.runsheet_html(
        runsheet.load("3b"),
        language="en",
        start=dt.time(9, 30),
        cohort_title="Pilot",
        store=open_store(cohort_store),
        municipality_numbers=numbers,
    )
    assert '<td class="time">09:30–09:45</td>' in page  # the 09:00 welcome, moved to 09:30
    assert '<td class="time">15:20–15:30</td>' in page  # the day ends six hours after it began
    figures = runsheet_doc.completion(open_store(cohort_store), "3a-maturity", numbers)
    maturity = open_store(cohort_store).answers("maturity")
    expected = maturity[maturity["municipality"] == "4204"]["respondent"].nunique()
    assert figures.counts == {"4204": expected, "4228": figures.counts["4228"], SMALL: 2}
    assert "<td>Orkland</td><td>2</td><td>no (fewer than 5)</td>" in page
    assert f"<td>Kristiansand</td><td>{expected}</td><td>yes</td>" in page
    assert "Suggestion" in page and "Case: Orkland" in page  # marked proposals, case titles from the casebook


def test_run_sheet_page_escapes_every_text():
    raw = runsheet.load("3b").model_dump()
    raw["purpose"]["en"] = "<script>alert(1)</script> & more"
    raw["debrief"][0]["text"]["en"] = "<b>bold?</b>"
    sheet = runsheet.RunSheet.model_validate(raw)
    page = runsheet_doc.runsheet_html(sheet, language="en", cohort_title="<i>cohort</i>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "&lt;b&gt;bold?&lt;/b&gt;" in page and "&lt;i&gt;cohort&lt;/i&gt;" in page


def test_short_variant_lists_only_its_own_exercises():
    sheet = runsheet.load("3b")
    short = [e.id for e in runsheet_doc.exercises_in(sheet, "short")]
    full = [e.id for e in runsheet_doc.exercises_in(sheet, "full")]
    assert set(short) <= set(full) and "master-plan" not in short
    page = runsheet_doc.runsheet_html(sheet, language="nb", variant="short")
    assert "Kort variant (3 timer)" in page and "12:00" in page


# --- handouts -----------------------------------------------------------------------------------------------


def _source(store_url: str, numbers: tuple[str, ...], language: str = "en") -> handouts.HandoutSource:
    return handouts.HandoutSource(store_url, numbers, 5, language, "Pilot")


def test_a_group_below_the_threshold_is_never_shown(cohort_store):
    source = _source(cohort_store, ("4204", "4228", SMALL))
    body = handouts.handout_body(source, SMALL)
    sections = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', body, re.S))
    for name in ("maturity", "capabilities", "competence", "radar"):
        assert "Not shown: fewer than 5 answered." in sections[name], name
        assert "<img" not in sections[name], name
    assert SMALL not in set(handouts.grid_points(source, "4228")["kind"])  # no kind for it at all
    points = handouts.grid_points(source, "4228")
    assert list(points["kind"]) == [
        "benchmark",
        "municipality",
    ]  # Kristiansand unnamed, Sirdal; Orkland absent


def test_a_handout_names_only_its_own_municipality(cohort_store):
    source = _source(cohort_store, ("4204", "4228", SMALL))
    body = handouts.handout_body(source, "4204")
    page = handouts.handout_html(source, "4204", body, step_title="Gathering day 3b")
    assert "Kristiansand" in page and "Sirdal" not in page and "Orkland" not in page
    assert page.count("<img") == 3  # maturity, 2×2 and competence; the radar has only four voters
    assert "Not shown: fewer than 5 answered." in page  # Kristiansand's radar: four ballots
    assert "One-page strategy" in page and "<table" in page  # its strategy and initiatives


def test_print_colours_differ_in_lightness_as_well_as_hue():
    today, ambition = handouts.PRINT_ROLES["today"], handouts.PRINT_ROLES["ambition"]
    assert theme.contrast_ratio(today, ambition) >= 3.0  # apart on a greyscale printer
    assert theme.contrast_ratio(handouts.OUTLINE) >= 4.5  # the outlines show on white paper
    assert theme.ROLE["ambition"] != ambition  # screens keep the theme's colours
    with handouts.print_colours():
        assert theme.ROLE["ambition"] == ambition
    assert theme.ROLE["ambition"] == theme.PALETTE["vermillion"]


# --- slides -------------------------------------------------------------------------------------------------


def test_long_tables_are_split_by_county_for_a_large_cohort():
    names = [m.display_name() for m in municipalities.in_county("42")[:10]]
    names += [m.display_name() for m in municipalities.in_county("03")]
    rows = "".join(f"<tr><td>{n}</td><td>x</td></tr>" for n in names)
    markup = f"<table><thead><tr><th>a</th></tr></thead><tbody>{rows}</tbody></table>"
    pages = slides.paginate(markup, by_county=True)
    assert [label for label, _ in pages] == ["Agder · 1/2", "Agder · 2/2", "Oslo"]
    assert all(page.count("<tr>") <= slides.ROWS_PER_SLIDE + 1 for _, page in pages)
    assert all("<thead><tr><th>a</th></tr></thead>" in page for _, page in pages)
    assert [label for label, _ in slides.paginate(markup)] == ["1/2", "2/2"]


def test_the_deck_carries_agenda_debrief_and_notes_but_no_code():
    import nbformat

    executed = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("say this", metadata={"tags": ["lang-en", "facilitation"]}),
            nbformat.v4.new_code_cell("secret_code()"),
        ]
    )
    executed.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<h2>Results &amp; more</h2>"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>a chart</p>"}),
    ]
    deck = slides.slide_notebook(executed, runsheet.load("3b"), language="en", cohort_title="<Pilot>")
    page = slides.slides_html(deck, title="t", language="en")
    assert 'id="agenda"' in page and 'id="debrief"' in page and "secret_code" not in page
    assert "<h2>Results &amp; more</h2><p>a chart</p>" in page
    assert '<aside class="notes">' in page and "say this" in page
    assert "&lt;Pilot&gt;" in page
    assert 'src="reveal.js/dist/reveal.js"' in page and "unpkg" not in page and "cdnjs" not in page
    assert {"reveal.js/LICENSE", "reveal.js/dist/reveal.js", "reveal.js/dist/theme/white.css"} <= set(
        slides.reveal_files()
    )


# --- the whole kit ------------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(page.extract_text() or "" for page in reader.pages)


@needs_chromium
@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.parametrize("language", ["nb", "en", "nn"])
def test_the_pilot_kit_builds_in_every_language(tmp_path, cohort_store, language):
    config = _config(PILOT, cohort_store, language=language)
    out = tmp_path / "kit"
    result = kit.build_kit(config, "3b", out, workers=1)
    assert not result.failed and result.count("written") == 5  # report, run sheet, three handouts
    step = out / "3b"
    for name in ("index.html", "runsheet-3b-full.html", "report/index.html", "slides-3b.html"):
        assert (step / name).is_file(), name
    assert (step / "reveal.js" / "LICENSE").read_text().startswith("Copyright")
    pages, text = _pdf_text(step / "runsheet-3b-full.pdf")
    assert pages >= 3 and "Kristiansand" in text
    names = {number: municipalities.get(number).name for number in config.municipalities}
    for number, name in names.items():
        pdf = step / "handouts" / f"{kit.slug(number)}.pdf"
        pages, text = _pdf_text(pdf)
        assert pages >= 1, number
        assert name in text, number
        assert not [other for other in names.values() if other != name and other in text], number
    slides_page = (step / "slides-3b.html").read_text(encoding="utf-8")
    assert 'id="agenda"' in slides_page and 'id="debrief"' in slides_page
    manifest = json.loads((out / "kit-manifest.json").read_text(encoding="utf-8"))
    assert manifest["cohort"]["language"] == language and not manifest["failed"]


@needs_chromium
@pytest.mark.slow
def test_with_language_auto_each_handout_is_in_its_municipalitys_written_standard(tmp_path, cohort_store):
    # Åseral (4224) writes nynorsk; Sirdal (4228) is neutral, so it gets the cohort's neutral language (nb)
    config = _config(PILOT, cohort_store, language="auto", municipalities=["4228", "4224"])
    out = tmp_path / "kit"
    result = kit.build_kit(config, "1c", out, workers=1)  # a follow-up: run sheet and handouts only
    assert not result.failed and result.count("written") == 3
    handout = out / "1c" / "handouts"
    aaseral = (handout / f"{kit.slug('4224')}.html").read_text(encoding="utf-8")
    sirdal = (handout / f"{kit.slug('4228')}.html").read_text(encoding="utf-8")
    assert "Åseral: resultata til leiargruppa" in aaseral and 'lang="nn"' in aaseral
    assert "Sirdal: ledergruppens resultater" in sirdal and 'lang="nb"' in sirdal
    assert 'lang="nb"' in (out / "1c" / "runsheet-1c-full.html").read_text(encoding="utf-8")  # the trainer's
    manifest = json.loads((out / "kit-manifest.json").read_text(encoding="utf-8"))
    assert manifest["cohort"]["language"] == "nb"
    # an explicit language always wins: every handout in English, and the handouts are rebuilt
    again = kit.build_kit(config, "1c", out, workers=1, language="en")
    assert again.count("written") == 3
    assert "Åseral: the leader group&#x27;s results" in (handout / f"{kit.slug('4224')}.html").read_text(
        encoding="utf-8"
    )


@needs_chromium
@pytest.mark.slow
@pytest.mark.notebook
def test_a_rerun_skips_what_is_up_to_date_and_keeps_what_the_trainer_edited(tmp_path, cohort_store):
    store_path = tmp_path / "own.sqlite"
    shutil.copyfile(cohort_store.removeprefix("sqlite:///"), store_path)
    config = _config(PILOT, f"sqlite:///{store_path}", municipalities=["4228", SMALL])
    out = tmp_path / "kit"
    first = kit.build_kit(config, "1c", out, workers=1)  # a follow-up: run sheet and handouts only
    assert first.count("written") == 3 and not (out / "1c" / "slides-1c.html").exists()
    again = kit.build_kit(config, "1c", out, workers=1)
    assert again.count("skipped") == 3 and again.count("written") == 0
    edited = out / "1c" / "runsheet-1c-full.html"
    edited.write_text(edited.read_text(encoding="utf-8") + "<!-- my notes -->", encoding="utf-8")
    open_store(config.store_url).save(
        "4228-new", "notes:roles", {"roles": "x"}, status="final", municipality="4228"
    )
    third = kit.build_kit(config, "1c", out, workers=1)  # the store changed: everything is out of date
    assert [r.target for r in third.kept] == ["runsheet:1c:full"]
    assert third.kept[0].kept_files() == [("1c/runsheet-1c-full.html", "1c/runsheet-1c-full.new.html")]
    assert edited.read_text(encoding="utf-8").endswith("<!-- my notes -->")
    assert "<!-- my notes -->" not in (out / "1c" / "runsheet-1c-full.new.html").read_text(encoding="utf-8")
    assert third.count("written") == 2
    again = kit.build_kit(config, "1c", out, workers=1)  # nothing changed: the edited file is still theirs
    assert edited.read_text(encoding="utf-8").endswith("<!-- my notes -->") and again.count("written") == 0
    edited.unlink()
    assert kit.build_kit(config, "1c", out, workers=1).count("written") == 1


@needs_chromium
@pytest.mark.slow
@pytest.mark.notebook
def test_force_replaces_an_edited_kit_file_after_a_backup(tmp_path, cohort_store):
    store_path = tmp_path / "own.sqlite"
    shutil.copyfile(cohort_store.removeprefix("sqlite:///"), store_path)
    config = _config(PILOT, f"sqlite:///{store_path}", municipalities=["4228"])
    out = tmp_path / "kit"
    kit.build_kit(config, "1c", out, workers=1)
    edited = out / "1c" / "handouts" / "4228-sirdal.html"
    mine = edited.read_text(encoding="utf-8") + "<!-- my notes -->"
    edited.write_text(mine, encoding="utf-8")
    result = kit.build_kit(config, "1c", out, workers=1, force=True)
    assert not result.replaced  # the handout is up to date: nothing to replace, and the edits stay
    assert edited.read_text(encoding="utf-8") == mine
    open_store(config.store_url).save(
        "4228-new", "notes:roles", {"roles": "x"}, status="final", municipality="4228"
    )
    result = kit.build_kit(config, "1c", out, workers=1, force=True)
    assert [r.target for r in result.replaced] == ["handout:4228:1c"]
    [(path, moved)] = result.replaced[0].replaced_files()
    assert path == "1c/handouts/4228-sirdal.html" and ".backup-" in moved
    assert (out / moved).read_text(encoding="utf-8") == mine
    assert "<!-- my notes -->" not in edited.read_text(encoding="utf-8")


@needs_chromium
@pytest.mark.slow
@pytest.mark.notebook
def test_the_agder_kit_has_a_handout_for_every_municipality(tmp_path, cohort_store):
    config = _config(AGDER, cohort_store)
    out = tmp_path / "kit"
    result = kit.build_kit(config, "3b", out, workers=2)
    assert not result.failed, [(r.target, r.error) for r in result.failed]
    pdfs = sorted((out / "3b" / "handouts").glob("*.pdf"))
    assert len(pdfs) == len(config.municipalities) == 25
    index = (out / "3b" / "index.html").read_text(encoding="utf-8")
    assert all(f"handouts/{p.name}" in index for p in pdfs)
    _, text = _pdf_text(out / "3b" / "handouts" / f"{kit.slug('4204')}.pdf")
    assert "Kristiansand" in text and "Arendal" not in text and "Grimstad" not in text


def test_a_run_sheet_step_that_is_no_gathering_day_has_no_report(cohort_store):
    config = parse_config(
        f'id: x\ntitle: X\nmunicipalities: ["4228"]\nstore_url: "{cohort_store}"\n', check_store=False
    )
    settings = kit.KitSettings("X", "nb", config.store_url, ("4228",), 5, "full", None, {}, "0")
    jobs = kit.plan(settings, ("3a", "3b"), {s: runsheet.load(s) for s in ("3a", "3b")})
    assert [j.key for j in jobs] == [
        "report:3b",
        "runsheet:3a:full",
        "runsheet:3b:full",
        "handout:4228:3a+3b",
    ]
    assert kit.outputs(jobs[-1], settings) == [
        "3a/handouts/4228-sirdal.html",
        "3a/handouts/4228-sirdal.pdf",
        "3b/handouts/4228-sirdal.html",
        "3b/handouts/4228-sirdal.pdf",
    ]


def test_rows_with_long_text_take_more_room_on_a_slide():
    short = "<tr>" + "<td>a</td>" * 5 + "</tr>"
    long = f"<tr><td>{'word ' * 30}</td>" + "<td>a</td>" * 4 + "</tr>"  # 150 characters in a fifth: 9 lines
    markup = f"<table><thead></thead><tbody>{long * 3}{short * 9}</tbody></table>"
    pages = [page for _, page in slides.paginate(markup)]
    assert [page.count("<tr>") for page in pages] == [2, 8, 2]  # 18 lines, then at most eight rows


@needs_chromium
@pytest.mark.slow
def test_a_file_the_kit_did_not_write_is_never_overwritten(tmp_path, cohort_store):
    config = _config(PILOT, cohort_store, municipalities=["4228"])
    out = tmp_path / "kit"
    mine = out / "1c" / "runsheet-1c-full.pdf"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"the trainer's own notes")
    result = kit.build_kit(config, "1c", out, workers=1)
    assert [r.target for r in result.kept] == ["runsheet:1c:full"]
    assert result.kept[0].kept_files() == [("1c/runsheet-1c-full.pdf", "1c/runsheet-1c-full.new.pdf")]
    assert mine.read_bytes() == b"the trainer's own notes"
    assert (out / "1c" / "runsheet-1c-full.new.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "1c" / "runsheet-1c-full.html").is_file()  # the run sheet's other file was free
    assert result.count("written") == 1  # Sirdal's handout
    (out / "index.html").write_text("my index", encoding="utf-8")
    again = kit.build_kit(config, "1c", out, workers=1)
    assert (out / "index.html").read_text(encoding="utf-8") == "my index"  # edited after it was written
    assert ("index.html", "index.new.html") in [pair for r in again.kept for pair in r.kept_files()]


@needs_chromium
@pytest.mark.slow
def test_one_failing_municipality_does_not_stop_the_others(tmp_path, cohort_store, capsys):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(
        'id: two\ntitle: Two\nlanguage: "en"\nmunicipalities: ["4228", "4204"]\n'
        f'store_url: "{cohort_store}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "kit"
    (out / "1c" / "handouts" / "4204-kristiansand.html.tmp").mkdir(parents=True)  # its write must fail
    code = main(
        ["--lang", "en", "cohort", "kit", str(cohort), "--step", "1c", "--out", str(out), "--workers", "1"]
    )
    printed = capsys.readouterr().out
    assert code == 1
    assert "2 written, 0 unchanged, 0 kept, 1 failed" in printed
    assert "These failed (the rest were built):\n  handout:4204:1c: " in printed
    assert (out / "1c" / "handouts" / "4228-sirdal.pdf").is_file()
    manifest = json.loads((out / "kit-manifest.json").read_text(encoding="utf-8"))
    assert "handout:4204:1c" in manifest["failed"]
    index = (out / "1c" / "index.html").read_text(encoding="utf-8")
    assert '<li class="muted">Kristiansand</li>' in index  # listed, greyed out, without a broken link


@needs_chromium
@pytest.mark.slow
def test_the_kit_runs_on_a_dask_cluster(tmp_path, cohort_store):
    distributed = pytest.importorskip("distributed")
    from casekit.cohort.cluster import executor_for

    config = _config(PILOT, cohort_store, municipalities=["4228", SMALL])
    with executor_for("local", workers=2) as executor, distributed.get_task_stream() as stream:
        result = kit.build_kit(config, "1c", tmp_path / "kit", executor=executor)
    assert result.count("written") == 3 and not result.failed  # the run sheet and two handouts
    assert len([t for t in stream.data if "build_job" in t["key"]]) == 3  # each built on a worker
    assert (tmp_path / "kit" / "1c" / "handouts" / f"{kit.slug(SMALL)}.pdf").is_file()


def test_the_kit_command_takes_a_scheduler(tmp_path, cohort_store, capsys):
    cohort = tmp_path / "cohort.yaml"
    cohort.write_text(
        f'id: one\ntitle: One\nmunicipalities: ["4228"]\nstore_url: "{cohort_store}"\n', encoding="utf-8"
    )
    argv = ["--lang", "en", "cohort", "kit", str(cohort), "--step", "1c", "--out", str(tmp_path / "kit")]
    assert main([*argv, "--scheduler", "tcp://127.0.0.1:9"]) == 1  # nothing listens there
    assert "tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not list((tmp_path / "kit").rglob("*.pdf"))


@needs_chromium
@pytest.mark.slow
def test_an_index_page_that_cannot_be_written_is_listed_and_the_rest_is_recorded(tmp_path, cohort_store):
    config = _config(PILOT, cohort_store, municipalities=["4228"])
    out = tmp_path / "kit"
    (out / "1c" / "index.html.tmp").mkdir(parents=True)  # the index's write must fail
    result = kit.build_kit(config, "1c", out, workers=1)
    assert [r.target for r in result.failed] == ["index:1c/index.html"]
    manifest = json.loads((out / "kit-manifest.json").read_text(encoding="utf-8"))
    assert "index:1c/index.html" in manifest["failed"] and manifest["outputs"]["handout:4228:1c"]["files"]
    (out / "1c" / "index.html.tmp").rmdir()
    again = kit.build_kit(config, "1c", out, workers=1)  # the files written before are known as the kit's
    assert not again.failed and not again.kept and again.count("skipped") == 2
    assert (out / "1c" / "index.html").is_file()


@needs_chromium
def test_the_printer_works_inside_a_running_event_loop():
    """A Jupyter kernel (a trainer building the kit from a notebook) and a process that already drives a
    browser both have an asyncio loop running, where Playwright's sync API refuses to start."""

    async def print_in_loop() -> bytes:
        with Printer() as printer:
            return printer.pdf("<html><body><h1>Kristiansand</h1></body></html>")

    # In a thread of its own, so the test holds whatever loop this test process already runs.
    with ThreadPoolExecutor(max_workers=1) as thread:
        data = thread.submit(asyncio.run, print_in_loop()).result()
    assert data.startswith(b"%PDF")
