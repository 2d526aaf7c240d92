"""The demo from start to finish, for English and the nynorsk path (the CLI runs bokmål as well)."""

import json

import pytest

from casekit.apps.demo import build_demo


@pytest.mark.notebook
@pytest.mark.slow
def test_demo_builds_the_agder_cohort_curriculum_reports_and_casebook(tmp_path):
    from casekit import notebooks
    from casekit.store import open_store

    out = tmp_path / "demo"
    index = build_demo(out, languages=("en",), workers=1)
    html = index.read_text(encoding="utf-8")
    for info in notebooks.catalogue("participant"):
        page = out / "participant" / "en" / f"{info.id}.html"
        assert f'href="participant/en/{info.id}.html"' in html and page.is_file(), info.id
        assert "casekit.setup" not in page.read_text(encoding="utf-8")  # no code in the export
    assert 'href="reports/en/3b/index.html"' in html and 'href="reports/en/4b/index.html"' in html
    assert (out / "reports" / "en" / "3b" / "3b-assessment-report.html").is_file()
    for step in ("1b", "2b", "3b", "4b"):  # the trainer's kit per gathering day, in the cohort's language
        assert f'href="kit/{step}/index.html"' in html
        assert (out / "kit" / step / f"slides-{step}.html").is_file()
        assert len(list((out / "kit" / step / "handouts").glob("*.pdf"))) == 25
    assert not json.loads((out / "kit" / "kit-manifest.json").read_text(encoding="utf-8"))["failed"]
    assert 'href="casebook/en/index.html"' in html and (out / "casebook" / "en" / "index.html").is_file()
    manifest = json.loads((out / "workbooks" / "manifest.json").read_text(encoding="utf-8"))
    assert len({w["municipality"] for w in manifest["workbooks"].values()}) == 25 and not manifest["failed"]
    store = open_store(f"sqlite:///{out / 'demo-en.sqlite'}")
    assert {s.instrument for s in store.submissions("maturity", municipality="4228")} == {"maturity"}
    demo_runs = [s for s in store.submissions(status="any", latest=False) if s.respondent == "4228-demo"]
    assert demo_runs  # the sample participant's own answers were saved as they worked through the phases
    instruments = {s.instrument for s in demo_runs}
    # module 4's pre-work and follow-up start from sample answers and save them for the next phase
    assert {"staffing-question", "staffing-choice", "architecture", "architecture-decision"} <= instruments
    phases = {s.meta.get("phase") for s in demo_runs if s.instrument == "architecture"}
    assert "4a" in phases
    # the cohort says language: auto, so Agder's nynorsk municipalities get nynorsk workbooks
    assert 'language: "auto"' in (out / "cohort.yaml").read_text(encoding="utf-8")
    languages = {w["municipality"]: w["language"] for w in manifest["workbooks"].values()}
    assert languages["4224"] == "nn" and languages["4228"] == "nb" and languages["4203"] == "nb"
    # one nynorsk path: a participant from Sunnfjord (Vestland, nynorsk) through the curriculum in nynorsk
    assert '<section lang="nn" id="nn" hidden>' in html and 'data-lang="nn"' in html
    for info in notebooks.catalogue("participant"):
        page = out / "participant" / "nn" / f"{info.id}.html"
        assert f'href="participant/nn/{info.id}.html"' in html and page.is_file(), info.id
    start = (out / "participant" / "nn" / "00-start-here.html").read_text(encoding="utf-8")
    assert "Sunnfjord" in start and "Kva du gjer her" in start
    assert "Sunnfjord har nynorsk som målform" in html  # the nynorsk section says why it is in nynorsk
    assert (out / "casebook" / "nn" / "index.html").is_file() and 'href="casebook/nn/index.html"' in html
    nn_store = open_store(f"sqlite:///{out / 'demo-nn.sqlite'}")
    assert [s for s in nn_store.submissions(status="any", latest=False) if s.respondent == "4647-demo"]
    assert not (out / "reports" / "nn").exists()  # the nynorsk path links the kit's reports, builds none
