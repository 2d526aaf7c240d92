from dataclasses import fields

import pytest

from casekit.errors import StaffingError
from casekit.staffing import model
from casekit.staffing.model import (
    DEFAULT_SHIFTS,
    DemandParameters,
    PayRates,
    RosterRules,
    Shift,
    StaffMember,
    WorkloadSettings,
)

SETTINGS = (DemandParameters(), WorkloadSettings(), PayRates(), RosterRules())


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: type(s).__name__)
def test_every_default_names_its_source_or_says_it_is_an_assumption(settings):
    for f in fields(settings):
        assert f.metadata.get("kind") in ("source", "assumption"), f.name
        assert f.metadata.get("source", "").strip(), f"{f.name} has no citation or reason"


def test_public_sources_are_cited_for_the_figures_the_issue_names():
    sources = {f.name: f.metadata["source"] for f in fields(DemandParameters())}
    assert "SSB" in sources["share_80_89"] and "07459" in sources["share_80_89"]
    assert "SSB" in sources["users_per_1000_80_89"]
    assert "9.3 %" in {f.name: f.metadata["source"] for f in fields(WorkloadSettings())}["absence_rate"]
    pay = {f.name: f.metadata["source"] for f in fields(PayRates())}
    assert "KS" in pay["evening_night_supplement"] and "KS" in pay["weekend_supplement"]
    rules = {f.name: f.metadata["source"] for f in fields(RosterRules())}
    assert "10-8" in rules["daily_rest_hours"] and "10-8" in rules["weekly_rest_hours"]


def test_parameter_table_lists_every_field_with_translated_kind():
    table = model.parameter_table(DemandParameters(), language="en")
    assert len(table) == len(fields(DemandParameters()))
    assert set(table["kind"]) == {"source", "assumption"}
    nb = model.parameter_table(WorkloadSettings(), language="nb")
    assert "kilde" in set(nb["kind"])


@pytest.mark.parametrize(
    ("factory", "setting"),
    [
        (lambda: DemandParameters(share_80_89=0.9), "share_80_89"),
        (lambda: WorkloadSettings(productive_share=0.05), "productive_share"),
        (lambda: WorkloadSettings(absence_rate=-0.1), "absence_rate"),
        (lambda: PayRates(annual_salary=10), "annual_salary"),
        (lambda: RosterRules(max_consecutive_days=0), "max_consecutive_days"),
        (lambda: StaffMember("a", "Aud", 1.5), "a.contract"),
    ],
)
def test_out_of_range_settings_name_the_setting_and_the_range(factory, setting):
    with pytest.raises(StaffingError) as err:
        factory()
    assert setting in str(err.value) and "mellom" in str(err.value)


def test_weekday_profile_needs_seven_positive_values():
    with pytest.raises(StaffingError, match="sju"):
        DemandParameters(weekday_profile=(1.0, 1.0))


def test_with_changes_validates_and_refuses_unknown_names():
    changed = model.with_changes(WorkloadSettings(), absence_rate=0.12)
    assert changed.absence_rate == 0.12 and WorkloadSettings().absence_rate == 0.09
    with pytest.raises(StaffingError, match="sick_leave"):
        model.with_changes(WorkloadSettings(), sick_leave=0.1)
    with pytest.raises(StaffingError):
        model.with_changes(WorkloadSettings(), absence_rate=0.9)


def test_shift_checks():
    assert model.check_shifts(DEFAULT_SHIFTS) == DEFAULT_SHIFTS
    assert abs(sum(s.demand_share for s in DEFAULT_SHIFTS) - 1) < 1e-9
    assert DEFAULT_SHIFTS[2].end > 24  # the night shift runs past midnight
    with pytest.raises(StaffingError, match="summerer"):
        model.check_shifts((Shift("day", 7.5, 7.5, 0.5, 1),))
    with pytest.raises(StaffingError, match="unike"):
        model.check_shifts((Shift("day", 7.5, 7.5, 0.5, 1), Shift("day", 15, 7.5, 0.5, 1)))
    with pytest.raises(StaffingError):
        model.check_shifts(())


def test_contract_hours_and_hourly_pay():
    member = StaffMember("s1", "Aud", 0.5)
    assert member.contract_hours(6) == pytest.approx(0.5 * 35.5 * 6)
    assert PayRates().hourly == pytest.approx(560_000 / (35.5 * 52.143))
