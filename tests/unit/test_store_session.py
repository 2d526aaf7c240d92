"""A workbook in a cohort stamps the cohort on every save, through the one store seam."""

import pytest

import casekit
from casekit.errors import StoreError
from casekit.store import SQLStore, normalise_url


def test_a_cohort_workbook_stamps_its_cohort_on_every_save(tmp_path):
    url = normalise_url(tmp_path / "s.sqlite")
    wb = casekit.setup("nb", "4228", store_url=url, respondent="4228-r1", cohort="agder-2025", theme=False)
    assert wb.cohort == "agder-2025" and wb.store.cohort == "agder-2025"
    wb.store.save(wb.respondent, "maturity", {"q": 3}, municipality=wb.number, status="final")
    plain = casekit.setup("nb", "4228", store_url=url, respondent="4228-r2", theme=False)
    assert plain.cohort == "" and plain.store.cohort is None
    plain.store.save(plain.respondent, "maturity", {"q": 4}, municipality=plain.number, status="final")
    other = wb.with_store(SQLStore(normalise_url(tmp_path / "other.sqlite")))
    other.store.save(other.respondent, "maturity", {"q": 5}, status="final")
    assert other.store.latest("4228-r1", "maturity").cohort == "agder-2025"
    stamped = {s.respondent: s.cohort for s in SQLStore(url).submissions("maturity")}
    assert stamped == {"4228-r1": "agder-2025", "4228-r2": None}


def test_a_bad_cohort_id_is_refused_at_setup():
    with pytest.raises(StoreError, match=r"cohort\.yaml"):
        casekit.setup("nb", "4228", cohort="Agder 2025!", theme=False)
