import datetime as dt
import sqlite3

import pandas as pd
import pytest

from casekit import i18n
from casekit.errors import PlanningError
from casekit.planning import model, tracker
from casekit.planning.sample import prefill_initiatives, sample_initiatives
from casekit.store import open_store

GOOD = {
    "title": "Tverrfaglig team",
    "goal": "Ett kontaktpunkt for småbarnsfamilier",
    "measures": ["Kartlegge reisen", "Pilot i én bydel"],
    "owner": "Kommunalsjef oppvekst",
    "sectors": ["health_care", "education"],
    "horizon": "short",
    "impact": 4,
    "effort": 2,
    "status": "planned",
    "dimensions": ["services", "organisation"],
    "start": "2025-01-01",
    "due": "2025-12-31",
}


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "answers.sqlite")


def test_a_valid_initiative_is_normalised():
    item = model.make_initiative({**GOOD, "measures": "Kartlegge reisen\n\nPilot i én bydel\n"})
    assert item.measures == ("Kartlegge reisen", "Pilot i én bydel")
    assert item.dimensions == ("organisation", "services")  # fixed dimension order
    assert item.id.startswith("tverrfaglig-team-") and item.label == "Tverrfaglig team"
    assert model.make_initiative({**GOOD, "impact": 5.0}).impact == 5
    assert model.make_initiative({"goal": "x" * 60}).label.endswith("…")
    assert model.make_initiative({**GOOD, "start": dt.date(2025, 2, 1)}).start == "2025-02-01"
    assert item.replace(status="in_progress").status == "in_progress"


@pytest.mark.parametrize(
    ("change", "fragments_en", "fragment_nb"),
    [
        ({"goal": "  "}, ["has no goal", "Tverrfaglig team"], "mangler mål"),
        ({"goal": None}, ["has no goal"], "mangler mål"),
        ({"effort": 0}, ["effort", "1 to 5", "0"], "innsats"),
        ({"effort": 6}, ["effort", "6"], "innsats"),
        ({"effort": 2.5}, ["effort", "2.5"], "innsats"),
        ({"effort": True}, ["effort", "True"], "innsats"),
        ({"effort": "3"}, ["effort", "'3'"], "innsats"),
        ({"impact": -1}, ["impact", "-1"], "effekt"),
        ({"horizon": "medium"}, ["medium", "short, long"], "tidshorisonten"),
        ({"status": "done"}, ["done", "in_progress"], "statusen"),
        ({"dimensions": ["ai"]}, ["ai", "strategy"], "modenhetsdimensjon"),
        ({"due": "2024-12-31"}, ["2024-12-31", "before"], "før startdatoen"),
        ({"start": "31.12.2024"}, ["31.12.2024", "YYYY-MM-DD"], "ÅÅÅÅ-MM-DD"),
        ({"id": "Has Spaces"}, ["Has Spaces"], "ugyldig id"),
        ({"colour": "red"}, ["colour"], "Ukjent felt"),
        ({"measures": [1, 2]}, ["measures"], "liste"),
        ({"owner": 5}, ["owner"], "tekst"),
        ({"evidence": "x" * 5000}, ["5000", "4000"], "Kort ned"),
    ],
)
def test_bad_input_gets_a_clear_message_in_both_languages(change, fragments_en, fragment_nb):
    with pytest.raises(PlanningError) as err:
        model.make_initiative({**GOOD, **change})
    for fragment in fragments_en:
        assert fragment in err.value.message("en"), err.value.message("en")
    assert fragment_nb in err.value.message("nb"), err.value.message("nb")


def test_not_a_mapping_is_refused():
    with pytest.raises(PlanningError):
        model.make_initiative(["goal"])


def test_saved_initiatives_are_append_only_and_latest_wins(store):
    first = tracker.save_initiative(
        store, {**GOOD, "id": "team"}, respondent="4228-r01", municipality="4228", session="1c"
    )
    assert first.instrument == "initiative:team" and first.meta == {"session": "1c"}
    tracker.save_initiative(
        store,
        {**GOOD, "id": "team", "status": "in_progress"},
        respondent="4228-r02",
        municipality="4228",
        session="4c",
    )
    tracker.save_initiative(
        store, {"goal": "Annen kommune", "id": "team"}, respondent="0301-r01", municipality="0301"
    )
    frame = tracker.initiatives(store, "4228")
    assert frame["id"].tolist() == ["team"]
    row = frame.iloc[0]
    assert (row["status"], row["versions"], row["saved_by"], row["session"]) == (
        "in_progress",
        2,
        "4228-r02",
        "4c",
    )
    assert row["measures"] == GOOD["measures"]
    assert tracker.history(store, "4228", "team")["status"].tolist() == ["planned", "in_progress"]
    assert tracker.initiatives(store, "0301")["goal"].tolist() == ["Annen kommune"]
    assert tracker.initiatives(store, "4228").columns.tolist() == tracker.COLUMNS
    with pytest.raises(PlanningError, match="nope"):
        tracker.history(store, "4228", "nope")


@pytest.mark.parametrize(
    "bad", [{"goal": ""}, {"effort": 7}, {"impact": 0}, {"status": "finished"}, {"dimensions": ["x"]}]
)
def test_bad_input_leaves_saved_data_intact_in_a_real_sqlite_file(store, tmp_path, bad):
    tracker.save_initiative(store, {**GOOD, "id": "team"}, respondent="4228-r01", municipality="4228")
    path = tmp_path / "answers.sqlite"

    def rows():
        with sqlite3.connect(path) as conn:
            return conn.execute("select * from submissions").fetchall(), conn.execute(
                "select * from answers order by submission_id, item"
            ).fetchall()

    before = rows()
    i18n.set_language("en")
    with pytest.raises(PlanningError):
        tracker.save_initiative(
            store, {**GOOD, "id": "team", **bad}, respondent="4228-r01", municipality="4228"
        )
    assert rows() == before
    assert tracker.initiatives(store, "4228").iloc[0]["effort"] == GOOD["effort"]


def test_saving_needs_a_respondent(store):
    with pytest.raises(PlanningError, match="respondent"):
        tracker.save_initiative(store, GOOD, respondent="", municipality="4228")
    assert store.count() == 0


def test_sessions_snapshots_and_progress(store):
    def save(session, **fields):
        tracker.save_initiative(
            store, {**GOOD, **fields}, respondent="4228-r01", municipality="4228", session=session
        )

    save("1c", id="a", status="idea")
    save("1c", id="b", status="in_progress")
    save("1c", id="c", status="planned")
    save("4c", id="a", status="in_progress", evidence="Vedtak i kommunestyret")
    save("4c", id="b", status="planned")
    save("4c", id="c", status="stopped")
    save("4c", id="d", status="idea")
    save("1c", id="e", status="idea")  # a late save labelled with the earlier session
    assert tracker.sessions(store, "4228") == ["1c", "4c"]
    assert set(tracker.snapshot(store, "4228", "1c")["id"]) == {"a", "b", "c", "e"}
    frame = tracker.progress(store, "4228", "1c", "4c", language="en").set_index("id")
    assert frame.loc["a", "change"] == "advanced" and frame.loc["a", "evidence_added"]
    assert frame.loc["b", "change"] == "regressed" and frame.loc["b", "change_label"] == "moved back"
    assert frame.loc["c", "change"] == "stopped"
    assert frame.loc["d", "change"] == "new" and pd.isna(frame.loc["d", "status_before"])
    assert frame.loc["e", "change"] == "unchanged"
    with pytest.raises(PlanningError, match="2c"):
        tracker.snapshot(store, "4228", "2c")


def test_schedule_estimates_missing_dates_from_the_horizon(store):
    tracker.save_initiative(
        store, {"goal": "kort", "id": "s", "horizon": "short"}, respondent="r", municipality="4228"
    )
    tracker.save_initiative(
        store,
        {"goal": "lang", "id": "l", "horizon": "long", "start": "2030-01-31"},
        respondent="r",
        municipality="4228",
    )
    tracker.save_initiative(store, {**GOOD, "id": "g"}, respondent="r", municipality="4228")
    frame = tracker.schedule(tracker.initiatives(store, "4228")).set_index("id")
    saved = dt.date.today()
    assert frame.loc["s", "start"] in (saved, saved - dt.timedelta(days=1)) and frame.loc["s", "estimated"]
    assert (frame.loc["s", "end"] - frame.loc["s", "start"]).days in range(330, 370)
    assert frame.loc["l", "start"] == dt.date(2030, 1, 31) and frame.loc["l", "end"] == dt.date(2033, 1, 28)
    assert not frame.loc["g", "estimated"] and frame.loc["g", "end"] == dt.date(2025, 12, 31)


def test_the_sample_is_only_written_once(store):
    assert prefill_initiatives(store, "4228", "4228-r01", language="en") == 9
    frame = tracker.initiatives(store, "4228")
    assert len(frame) == 5 and "Cross-functional team for young families" in frame["title"].tolist()
    assert tracker.sessions(store, "4228") == ["1b", "1c"]
    assert prefill_initiatives(store, "4228", "4228-r01") == 0
    assert len(store.submissions("initiative:*", latest=False)) == 9


def _prefill_in_a_process(url, language, start):
    import time

    from casekit.store import SQLStore

    while time.time() < start:  # every process starts writing at the same moment
        time.sleep(0.001)
    prefill_initiatives(SQLStore(url), "4228", "4228-demo", language=language)


def test_kernels_prefilling_at_once_write_one_sample_in_one_language(tmp_path):
    import multiprocessing as mp
    import time

    from casekit.store import SQLStore, normalise_url

    url = normalise_url(tmp_path / "demo.sqlite")
    SQLStore(url)
    start = time.time() + 1.0
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_prefill_in_a_process, args=(url, lang, start)) for lang in ("nb", "en") * 3]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    st = SQLStore(url)
    assert len(st.submissions("initiative:*", latest=False)) == 9
    titles = set(tracker.initiatives(st, "4228")["title"])
    assert titles in ({t[0]["title"] for t in sample_initiatives(lang)} for lang in ("nb", "en"))
