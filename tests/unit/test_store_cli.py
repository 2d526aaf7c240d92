"""``casekit store``: export-person, erase (an explicit choice), purge --expired and the audit trail."""

import datetime as dt
import json

import pytest

from casekit.apps.cli import main
from casekit.store import SQLStore, normalise_url


@pytest.fixture
def url(tmp_path):
    address = normalise_url(tmp_path / "s.sqlite")
    store = SQLStore(address)
    agder = store.bound("agder-2024")
    agder.save("4204-r1", "maturity", {"q1": 3, "note": "hemmelig"}, municipality="4204", status="final")
    agder.save("4204-r2", "maturity", {"q1": 4}, municipality="4204", status="final")
    store.save("0301-r1", "maturity", {"q1": 1}, municipality="0301", status="final")
    store.register_cohort("agder-2024", dt.date(2025, 6, 30))
    store.engine.dispose()
    return address


def test_export_person_prints_or_writes_json(url, tmp_path, capsys):
    assert main(["store", "export-person", "4204-r1", "--store", url, "--actor", "dpo"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["respondent"]["id"] == "4204-r1" and data["submissions"][0]["answers"]["note"] == "hemmelig"
    out = tmp_path / "person" / "4204-r1.json"
    assert main(["store", "export-person", "4204-r1", "--store", url, "--out", str(out)]) == 0
    assert "1 innsendinger" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["submissions"][0]["cohort"] == "agder-2024"
    assert main(["store", "export-person", "nobody", "--store", url]) == 1  # invalid input
    assert "nobody" in capsys.readouterr().err


def test_erase_without_yes_shows_what_would_go_and_deletes_nothing(url, capsys):
    assert main(["store", "erase", "4204-r1", "--store", url]) == 1
    out = capsys.readouterr().out
    assert "Ville slettet 4204-r1: 1 innsendinger med 2 svar" in out and "--yes" in out
    assert SQLStore(url).latest("4204-r1", "maturity") is not None
    assert (
        main(["--lang", "en", "store", "erase", "4204-r1", "--store", url, "--yes", "--reason", "req-17"])
        == 0
    )
    assert "Erased 4204-r1: 1 submissions with 2 answers" in capsys.readouterr().out
    assert SQLStore(url).latest("4204-r1", "maturity") is None


def test_purge_expired_dry_run_then_for_real_and_the_audit(url, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["store", "purge", "--store", url])  # --expired is the explicit choice
    assert stop.value.code == 2 and "--expired" in capsys.readouterr().err
    args = ["store", "purge", "--expired", "--store", url, "--today", "2025-07-01", "--actor", "cron"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Ville slettet kullet agder-2024: 2 innsendinger" in out
    assert "Urørt: 1 innsendinger som ikke hører til noe kull" in out
    assert SQLStore(url).count() == 3
    assert main(args) == 0
    assert "Slettet kullet agder-2024: 2 innsendinger" in capsys.readouterr().out
    assert SQLStore(url).count() == 1
    assert main(["store", "audit", "--store", url]) == 0
    out = capsys.readouterr().out
    assert "cron" in out and "purge" in out and "cohort:agder-2024" in out and "hemmelig" not in out
    with pytest.raises(SystemExit):
        main(["store", "purge", "--expired", "--store", url, "--today", "1. juli"])
    assert "ISO date" in capsys.readouterr().err
