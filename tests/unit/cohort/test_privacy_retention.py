"""The cohort pipeline and the store's data protection: one privacy check on every path that publishes a
group figure, retention dates registered from cohort.yaml, audited exports, and reports that skip a
record they cannot show instead of failing for everyone."""

import datetime as dt
import json
import sqlite3

import pandas as pd
import pytest

from casekit.cohort import gathering
from casekit.cohort.config import parse_config
from casekit.cohort.export import export
from casekit.cohort.status import status
from casekit.errors import ConfigError, PrivacyError
from casekit.planning import tracker as planning
from casekit.store import open_store

BAD_SIZES = [1, 0, -5, True, 3.5, "5", None]


def _config_text(url, extra=""):
    return f"""id: pilot-2025
title: Pilot
language: "nb"
municipalities: ["4228", "4204"]
store_url: "{url}"
{extra}
"""


@pytest.fixture
def url(tmp_path):
    address = f"sqlite:///{tmp_path}/s.sqlite"
    store = open_store(address)
    for i in range(5):
        store.save(f"4204-r{i}", "maturity", {"q": i}, municipality="4204", status="final")
    store.save("4228-r1", "maturity", {"q": 5}, municipality="4228", status="final")
    return address


@pytest.mark.parametrize("value", BAD_SIZES)
def test_participation_and_the_cohort_report_refuse_an_unsafe_group_size(url, value):
    store = open_store(url)
    with pytest.raises(PrivacyError) as err:
        gathering.participation(store, ["4204", "4228"], min_group_size=value)
    assert "min_group_size" in err.value.message()
    with pytest.raises(PrivacyError):
        gathering.gathering_report(url, ["4204", "4228"], "1c", min_group_size=value)


def test_participation_still_shows_groups_at_the_size_and_hides_smaller_ones(url):
    table = gathering.participation(open_store(url), ["4204", "4228"], min_group_size=5)
    counts = dict(zip(table["municipality"], table["maturity"]))
    assert counts["4204"] == 5 and pd.isna(counts["4228"])


@pytest.mark.parametrize(("raw", "shown"), [("1", "1"), ('"5"', "'5'"), ("3.5", "3.5"), ("true", "True")])
def test_cohort_yaml_refuses_an_unsafe_group_size_with_line_and_field(url, raw, shown):
    with pytest.raises(ConfigError) as err:
        parse_config(_config_text(url, f"min_group_size: {raw}"))
    text = err.value.message()
    assert "linje 6" in text and "min_group_size" in text and shown in text


def test_retention_is_read_from_cohort_yaml_and_registered_where_the_pipeline_opens_the_store(url, tmp_path):
    config = parse_config(_config_text(url, "retention_until: 2026-06-30"))
    assert config.retention_until == dt.date(2026, 6, 30)
    assert parse_config(_config_text(url)).retention_until is None
    with pytest.raises(ConfigError, match=r"30\.06\.2026"):
        parse_config(_config_text(url, 'retention_until: "30.06.2026"'))
    status(config)
    store = open_store(url)
    preview = store.purge_expired(dt.date(2026, 7, 1), actor="trainer", dry_run=True)
    assert preview.expired == {"pilot-2025": 0}  # registered, with nothing stamped yet
    export(config, tmp_path / "out", actor="trainer-b")
    actions = [(e.action, e.actor) for e in store.audit()]
    assert ("retention", actions[0][1]) == actions[0] and ("export", "trainer-b") in actions


def _write_past_the_limits(url, municipality, goal):
    """An initiative as an older store could save it: straight into the tables, no limits applied."""
    with sqlite3.connect(url[len("sqlite:///") :]) as conn:
        conn.execute(
            "insert or ignore into respondents values ('old-r1', ?, null, '2024-01-01T00:00:00+00:00')",
            (municipality,),
        )
        cur = conn.execute(
            "insert into submissions (respondent, municipality, role, instrument, version, status,"
            " created_at, meta) values ('old-r1', ?, null, 'initiative:huge', '1', 'final',"
            " '2024-01-01T00:00:00+00:00', '{}')",
            (municipality,),
        )
        conn.execute(
            "insert into answers values (?, 'goal', ?)", (cur.lastrowid, json.dumps(goal, ensure_ascii=False))
        )


def test_a_record_the_report_cannot_show_is_skipped_and_counted_not_fatal(url):
    store = open_store(url)
    planning.save_initiative(
        store,
        {"id": "one-door", "goal": "Én inngang for familier", "horizon": "short"},
        respondent="4228-r1",
        municipality="4228",
    )
    planning.save_initiative(
        store,
        {"id": "shared-data", "goal": "Felles data", "horizon": "long"},
        respondent="4204-r1",
        municipality="4204",
    )
    _write_past_the_limits(url, "4204", "x" * 1_000_000)  # a 1 MB goal
    with pytest.raises(Exception):  # noqa: B017 - the tracker refuses it, as it should
        planning.initiatives(store, "4204")
    parts = gathering.initiatives_across(store, ["4204", "4228"], language="en")
    html = "".join(p._repr_html_() for p in parts)
    assert "Én inngang for familier" in html and "Felles data" in html and "xxxxxxxxxx" not in html
    assert "1 records could not be shown" in html
    report = gathering.gathering_report(url, ["4204", "4228"], "1c", min_group_size=5, language="nb")
    notes = "".join(p._repr_html_() for p in report if hasattr(p, "_repr_html_"))
    assert "1 poster kunne ikke vises" in notes and "Felles data" in notes
