import pytest

from casekit.errors import StaffingError
from casekit.staffing import ethics

ALL_YES = {key: True for key in ethics.CHECKLIST}


def test_checklist_cites_the_law_in_both_languages():
    nb = ethics.checklist("nb")
    en = ethics.checklist("en")
    assert [k for k, _, _ in nb] == list(ethics.CHECKLIST) == [k for k, _, _ in en]
    text_nb = " ".join(q + w for _, q, w in nb)
    text_en = " ".join(q + w for _, q, w in en)
    for citation in ("§ 10-3", "§ 10-8", "art. 22", "art. 26"):
        assert citation in text_nb
    for citation in ("§ 10-3", "Art. 22", "Art. 26", "Art. 14"):
        assert citation in text_en


def test_approval_needs_every_item_a_named_person_and_no_violations():
    approval = ethics.approve(ALL_YES, "  Kari Nordmann, kommunalsjef ")
    assert approval.approver == "Kari Nordmann, kommunalsjef" and approval.violations == 0
    assert "Kari Nordmann" in approval.summary("nb")
    missing = dict(ALL_YES, union=False, bias=None)
    with pytest.raises(StaffingError) as err:
        ethics.approve(missing, "Kari")
    assert "2 punkter" in str(err.value) and "tillitsvalgte" in str(err.value)
    with pytest.raises(StaffingError, match="menneske"):
        ethics.approve(ALL_YES, "   ")
    with pytest.raises(StaffingError, match="3 regler"):
        ethics.approve(ALL_YES, "Kari", violations=3)
    with pytest.raises(StaffingError, match="weather"):
        ethics.approve({**ALL_YES, "weather": True}, "Kari")
    with pytest.raises(StaffingError):
        ethics.approve({**ALL_YES, "union": "yes"}, "Kari")  # only a real yes counts


def test_vendor_questions_and_sources():
    assert (
        len(ethics.vendor_questions("nb"))
        == len(ethics.VENDOR_QUESTIONS)
        == len(ethics.vendor_questions("en"))
    )
    assert any("MASE" in q for q in ethics.vendor_questions("en"))
    markup = ethics.sources_table("en").markup
    assert "2024/1689" in markup and "lovdata.no" in markup
