import pandas as pd
import pytest

from casekit import assessment
from casekit.cohort import gathering as reports
from casekit.cohort.config import parse_config, starter_config
from casekit.cohort.report import report, report_notebooks, report_parameters
from casekit.errors import ConfigError
from casekit.radar.sample import fill_store
from casekit.store import open_store


@pytest.fixture
def agder(tmp_path):
    url = f"sqlite:///{tmp_path}/s.sqlite"
    config = parse_config(starter_config(county=42, year=2025, store_url=url))
    store = open_store(url)
    assessment.synthetic.fill_store(store, cohort="agder", instruments=("maturity",))
    fill_store(store)
    return config, store


def test_participation_suppresses_small_groups(agder):
    config, store = agder
    store.save("4228-x1", "maturity", {"a": 1}, municipality="0301", status="final")  # outside the cohort
    table = reports.participation(store, config.municipalities, min_group_size=5)
    assert list(table["municipality"]) == config.municipalities
    counts = {r.municipality: r.maturity for r in table.itertuples()}
    sizes = {m: len({s.respondent for s in store.submissions("maturity", municipality=m)}) for m in counts}
    for number, shown in counts.items():
        assert (shown == sizes[number]) if sizes[number] >= 5 else pd.isna(shown)
    assert any(pd.isna(v) for v in counts.values()) and any(not pd.isna(v) for v in counts.values())


def test_participation_chart_marks_hidden_groups(agder, close_figures):
    config, store = agder
    table = reports.participation(store, config.municipalities, min_group_size=5)
    ax = reports.participation_chart(table, language="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["name"])
    hollow = [c for c in ax.collections if len(c.get_offsets()) and (c.get_facecolors().size == 0)]
    assert sum(len(c.get_offsets()) for c in hollow) == int(
        table[["maturity", "radar-ballot"]].isna().sum().sum()
    )


def test_report_parameters_and_notebooks(agder):
    config, _ = agder
    info = report_notebooks("3b")[0]
    params = report_parameters(config, info, "3b")
    assert params["county"] == "42" and params["cohort"] == "" and params["store_url"] == config.store_url
    assert [i.id for i in report_notebooks("4b")] == ["cohort-report"]
    assert reports.cohort_county(["4228", "0301"]) == ""


def test_unknown_step_has_no_notebooks(monkeypatch):
    from casekit import notebooks

    monkeypatch.setattr(notebooks, "catalogue", lambda audience=None: [])
    with pytest.raises(ConfigError, match="9z"):
        report_notebooks("9z")


@pytest.mark.notebook
@pytest.mark.slow
def test_report_escapes_free_text_and_embeds_images(agder, tmp_path):
    config, store = agder
    evil = "<img src=x onerror=alert(3)><script>alert(1)</script>"
    for i in range(5):  # a role needs min_group_size people before the report shows it
        answers = assessment.synthetic.demo_answers(
            "competence", respondent=f"4201-e{i}", municipality="4201"
        )
        store.save(f"4201-e{i}", "competence", answers, municipality="4201", role=evil, status="final")
    pages = report(config, "3b", tmp_path / "out")
    html = "".join(p.read_text(encoding="utf-8") for p in pages[1:])
    assert "&lt;img src=x onerror=alert(3)&gt;" in html  # shown, as text
    assert "<img src=x onerror" not in html and "<script>alert(1)" not in html
    assert "data:image/png;base64" in html
    assert "3b-cohort-report.html" in pages[0].read_text(encoding="utf-8")


def test_initiatives_across_municipalities_escape_free_text(agder):
    from casekit.planning.sample import prefill_initiatives
    from casekit.planning.tracker import save_initiative

    config, store = agder
    assert reports.initiatives_across(store, config.municipalities) == []
    prefill_initiatives(store, "4204", "4204-r01", language="en")
    evil = "<img src=x onerror=alert(1)>"
    save_initiative(
        store,
        {"id": "evil", "title": "T", "goal": evil, "horizon": "short", "impact": 3, "effort": 2},
        respondent="4228-r01",
        municipality="4228",
    )
    heading, table = reports.initiatives_across(store, ["4204", "4228"], language="en")
    html = table._repr_html_()
    assert "Kristiansand" in html and "Sirdal" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and evil not in html
    assert "Initiatives across municipalities" in heading._repr_html_()


def test_a_national_cohort_shows_participation_per_county(agder, close_figures):
    from casekit import municipalities

    _, store = agder
    everyone = [m.number for m in municipalities.all()]
    table = reports.participation(store, everyone, min_group_size=5)
    counties = reports.participation_by_county(table)
    assert counties["municipalities"].sum() == len(everyone) == 357
    agder_row = counties.set_index("county").loc["Agder"]
    in_agder = table[table["county"] == "Agder"]
    assert agder_row["municipalities"] == 25
    assert agder_row["maturity"] == pytest.approx((in_agder["maturity"].fillna(0) > 0).mean())
    assert 0 < agder_row["maturity"] < 1  # some Agder groups are too small to show
    assert counties.set_index("county").loc["Oslo", "maturity"] == 0
    ax = reports.participation_chart(table, language="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        f"{r.county} ({r.municipalities})" for r in counties.itertuples()
    ]
    assert ax.get_title(loc="left").startswith("Participation by county")
