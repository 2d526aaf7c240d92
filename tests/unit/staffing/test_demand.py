import numpy as np
import pandas as pd
import pytest

from casekit import data
from casekit.errors import StaffingError
from casekit.staffing import demand, sample
from casekit.staffing.model import DemandParameters


def test_the_same_seed_gives_the_same_series_and_another_seed_does_not():
    a = demand.generate_demand("4228", "2023-01-01", "2023-03-31", seed=5)
    b = demand.generate_demand("4228", "2023-01-01", "2023-03-31", seed=5)
    c = demand.generate_demand("4228", "2023-01-01", "2023-03-31", seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a["home_care_hours"].equals(c["home_care_hours"])
    assert list(a.columns) == list(demand.COLUMNS)
    assert (a["kommunenummer"] == "4228").all()


def test_demand_scales_with_population_and_age_structure():
    large = demand.expected_demand("4204", "2023-03-01", "2023-03-31")["home_care_hours"].mean()
    small = demand.expected_demand("4228", "2023-03-01", "2023-03-31")["home_care_hours"].mean()
    pop = demand.population_by_band("4204"), demand.population_by_band("4228")
    assert large / small > 30  # Kristiansand has about 60 times Sirdal's population
    assert sum(pop[1].values()) == pytest.approx(1873)  # the bands add up to the register's population
    share_80 = [(p["80_89"] + p["90_plus"]) / sum(p.values()) for p in pop]
    assert share_80[1] > share_80[0]  # the small municipality is older


def test_age_band_rates_drive_the_level():
    base = DemandParameters()
    doubled = DemandParameters(users_per_1000_80_89=2 * base.users_per_1000_80_89)
    a = demand.expected_demand("4228", "2023-03-01", "2023-03-07", base)["home_care_hours"].sum()
    b = demand.expected_demand("4228", "2023-03-01", "2023-03-07", doubled)["home_care_hours"].sum()
    assert b > a * 1.2


def test_profiles_holidays_and_growth_shape_the_mean():
    frame = demand.expected_demand("4207", "2022-01-01", "2023-12-31")
    frame = frame.set_index("date")
    weekday = frame.index.day_of_week
    plain = ~frame["holiday"]
    assert (
        frame.loc[plain & (weekday == 0), "home_care_hours"].mean()
        > frame.loc[plain & (weekday == 6), "home_care_hours"].mean()
    )
    assert frame.loc["2023-01", "home_care_hours"].mean() > frame.loc["2023-07", "home_care_hours"].mean()
    assert frame.loc["2023", "home_care_hours"].mean() > frame.loc["2022", "home_care_hours"].mean()
    # 17 May 2023 (Constitution Day, a Wednesday) against the Wednesdays either side
    may17 = frame.loc["2023-05-17", "home_care_hours"]
    around = frame.loc[["2023-05-10", "2023-05-24"], "home_care_hours"].mean()
    assert may17 == pytest.approx(around * DemandParameters().holiday_factor, rel=0.02)


def test_influenza_waves_can_be_switched_off():
    on = demand.generate_demand("4228", "2022-10-01", "2023-04-30", seed=1)
    off = demand.generate_demand(
        "4228", "2022-10-01", "2023-04-30", seed=1, params=DemandParameters(influenza_waves=False)
    )
    assert on["influenza"].max() > 1.04
    assert (off["influenza"] == 1).all()


def test_holiday_table_uses_norwegian_holidays():
    table = demand.holiday_table("2024-05-01", "2024-05-31").set_index("date")
    assert table.loc["2024-05-17", "holiday"] and "Grunnlov" in table.loc["2024-05-17", "holiday_name"]
    assert not table.loc["2024-05-15", "holiday"]


def test_bad_dates_and_unknown_targets_are_explained(sirdal_frame):
    with pytest.raises(StaffingError, match="ÅÅÅÅ-MM-DD"):
        demand.generate_demand("4228", "2023-05-01", "2023-01-01")
    with pytest.raises(StaffingError, match="ÅÅÅÅ-MM-DD"):
        demand.generate_demand("4228", "not a date", "2023-01-01")
    with pytest.raises(StaffingError, match="home_care_hours"):
        demand.series(sirdal_frame, "visits")
    with pytest.raises(StaffingError, match="kolonnen"):
        demand.series(sirdal_frame.drop(columns="alarm_callouts"), "alarm_callouts")


@pytest.mark.parametrize("number", sorted(sample.SAMPLE_MUNICIPALITIES.values()))
def test_sample_datasets_are_described_flagged_synthetic_and_regenerate_byte_for_byte(number):
    name = sample.resource_name(number)
    res = data.resource(name)
    assert res["provenance"]["kind"] == "synthetic"
    assert res["provenance"]["generator"] == "casekit.staffing.sample:sample_dataset"
    assert "SYNTETISKE" in res["description"]["nb"] and "SYNTHETIC" in res["description"]["en"]
    assert data.build([name], check=True) == {name: True}
    frame = data.load(name)
    assert len(frame) == 1095 and frame["date"].min() == pd.Timestamp("2021-01-01")


def test_the_three_samples_differ_in_size():
    levels = {
        k: data.load(sample.resource_name(v))["home_care_hours"].mean()
        for k, v in sample.SAMPLE_MUNICIPALITIES.items()
    }
    assert levels["large"] > levels["medium"] > levels["small"]


def test_load_demand_reads_the_sample_and_generates_elsewhere(sirdal_frame):
    assert sirdal_frame["holiday"].dtype == bool and sirdal_frame["alarm_callouts"].dtype == np.int64
    generated = demand.generate_demand("4228")
    assert np.allclose(generated["home_care_hours"], sirdal_frame["home_care_hours"])
    other = sample.load_demand("0301")
    assert other["kommunenummer"].iloc[0] == "0301" and len(other) == 1095


def test_yearly_summary_shows_growth(sirdal_frame):
    summary = demand.yearly_summary(sirdal_frame)
    assert list(summary.index) == [2021, 2022, 2023]
    assert summary.loc[2023, "home_care_hours"] > summary.loc[2021, "home_care_hours"]
