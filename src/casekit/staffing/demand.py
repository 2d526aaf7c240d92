"""Synthetic daily demand for home care, nursing homes and safety-alarm call-outs in any municipality.

The series is built from the municipality's population (the 2024 register), an age structure by band,
users per 1,000 and hours per user per week by band (:class:`~casekit.staffing.model.DemandParameters`),
then shaped by weekday and winter profiles, Norwegian public holidays (the ``holidays`` package), growth
from ageing, negative-binomial noise and an influenza wave each winter. It is synthetic and says so.

    >>> from casekit.staffing import demand
    >>> frame = demand.generate_demand("4228", start="2023-01-01", end="2023-01-31", seed=1)
    >>> list(frame.columns)[:3]
    ['date', 'kommunenummer', 'holiday']
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .. import municipalities
from ..errors import StaffingError
from .model import AGE_BANDS, DemandParameters

#: The period and seed of the shipped samples (:mod:`.sample`), and the defaults for any municipality.
SAMPLE_START = "2021-01-01"
SAMPLE_END = "2023-12-31"
SAMPLE_SEED = 2024
COLUMNS = (
    "date",
    "kommunenummer",
    "holiday",
    "influenza",
    "home_care_hours",
    "nursing_home_hours",
    "alarm_callouts",
)
#: The series a forecast can target.
TARGETS = ("home_care_hours", "nursing_home_hours", "alarm_callouts")


@lru_cache(maxsize=16)
def _holidays(first_year: int, last_year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.Norway(years=range(first_year, last_year + 1), language="no").items())


def holiday_table(start: Any, end: Any) -> pd.DataFrame:
    """One row per day from ``start`` to ``end``: ``date``, ``holiday`` (bool) and ``holiday_name``."""
    dates = _dates(start, end)
    named = _holidays(dates[0].year, dates[-1].year + 1)
    names = [named.get(d.date(), "") for d in dates]
    return pd.DataFrame({"date": dates, "holiday": [bool(n) for n in names], "holiday_name": names})


def is_holiday(dates: Any) -> Any:
    """A boolean numpy array: is each date a Norwegian public holiday?"""
    index = pd.DatetimeIndex(dates)
    if len(index) == 0:
        return np.zeros(0, dtype=bool)
    named = _holidays(int(index.year.min()), int(index.year.max()))
    return np.array([d.date() in named for d in index], dtype=bool)


def _dates(start: Any, end: Any) -> pd.DatetimeIndex:
    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError):
        raise StaffingError("staffing.error.bad_dates", start=str(start), end=str(end)) from None
    if last < first:
        raise StaffingError("staffing.error.bad_dates", start=str(start), end=str(end))
    return pd.date_range(first.normalize(), last.normalize(), freq="D")


def population_by_band(
    municipality: str | municipalities.Municipality, params: DemandParameters | None = None
) -> dict[str, float]:
    """Inhabitants per age band in the base year (2024): national shares × an ageing factor by size."""
    params = params or DemandParameters()
    me = municipalities.get(municipality)
    factor = params.ageing_factor(me.size_class)
    bands = {
        "67_79": me.population * params.share_67_79 * factor,
        "80_89": me.population * params.share_80_89 * factor,
        "90_plus": me.population * params.share_90_plus * factor,
    }
    bands["under_67"] = max(me.population - sum(bands.values()), 0.0)
    return {band: bands[band] for band in AGE_BANDS}


def _band_series(pop: dict[str, float], params: DemandParameters, years: Any) -> dict[str, Any]:
    """Inhabitants per band on each day: base-year count × (1 + growth)^(years from base)."""
    return {band: pop[band] * (1.0 + params.growth(band)) ** years for band in AGE_BANDS}


def _influenza(dates: pd.DatetimeIndex, params: DemandParameters, rng: Any) -> Any:
    """A multiplicative influenza wave each winter season: a Gaussian bump with a random peak and size."""
    wave = np.ones(len(dates))
    if not params.influenza_waves:
        return wave
    day = (dates - dates[0]).days.to_numpy(dtype=float)
    for season in range(dates[0].year - 1, dates[-1].year + 1):
        peak = pd.Timestamp(season, 12, 15) + pd.Timedelta(days=float(rng.uniform(0, 75)))
        size = rng.uniform(params.influenza_peak_min, params.influenza_peak_max)
        centre = (peak - dates[0]).days
        wave *= 1.0 + size * np.exp(-0.5 * ((day - centre) / params.influenza_width_days) ** 2)
    return wave


def expected_demand(
    municipality: str | municipalities.Municipality,
    start: Any = SAMPLE_START,
    end: Any = SAMPLE_END,
    params: DemandParameters | None = None,
    influenza: Any = None,
) -> pd.DataFrame:
    """The mean of each series per day, before noise (``influenza`` is an optional multiplier array)."""
    params = params or DemandParameters()
    me = municipalities.get(municipality)
    dates = _dates(start, end)
    years = (dates.year - params.base_year).to_numpy() + (dates.day_of_year.to_numpy() - 1) / 365.25
    bands = _band_series(population_by_band(me, params), params, years)
    users = sum(bands[b] * params.users_per_1000(b) / 1000.0 for b in AGE_BANDS)
    weekly_hours = sum(
        bands[b] * params.users_per_1000(b) / 1000.0 * params.hours_per_user_week(b) for b in AGE_BANDS
    )
    over_80 = bands["80_89"] + bands["90_plus"]
    weekday = np.asarray(params.weekday_profile)[dates.day_of_week.to_numpy()]
    weekday = weekday / np.mean(params.weekday_profile)
    season = 1.0 + params.winter_amplitude * np.cos(
        2 * np.pi * (dates.day_of_year.to_numpy() - params.winter_peak_day) / 365.25
    )
    holiday = is_holiday(dates)
    holiday_effect = np.where(holiday, params.holiday_factor, 1.0)
    flu = np.ones(len(dates)) if influenza is None else np.asarray(influenza, dtype=float)
    home = weekly_hours / 7.0 * weekday * season * holiday_effect * flu
    residents = over_80 * params.nursing_home_residents_per_1000_80_plus / 1000.0
    nursing = (
        residents * params.nursing_home_care_hours_per_resident_day * (1 + 0.5 * (season - 1)) * flu**0.5
    )
    alarms = over_80 * params.alarm_users_per_1000_80_plus / 1000.0 * params.alarm_callouts_per_user_day
    alarms = alarms * season * flu
    return pd.DataFrame(
        {
            "date": dates,
            "kommunenummer": me.number,
            "holiday": holiday,
            "influenza": flu,
            "home_care_users": users,
            "home_care_hours": home,
            "nursing_home_hours": nursing,
            "alarm_callouts": alarms,
        }
    )


def generate_demand(
    municipality: str | municipalities.Municipality,
    start: Any = SAMPLE_START,
    end: Any = SAMPLE_END,
    *,
    seed: int = SAMPLE_SEED,
    params: DemandParameters | None = None,
) -> pd.DataFrame:
    """Daily synthetic demand: ``date``, ``kommunenummer``, ``holiday``, ``influenza`` (the wave's factor),
    ``home_care_hours``, ``nursing_home_hours`` (care hours) and ``alarm_callouts`` (a count).

    The same municipality, dates, seed and parameters always give the same numbers.
    """
    params = params or DemandParameters()
    me = municipalities.get(municipality)
    dates = _dates(start, end)
    rng = np.random.default_rng([int(seed), int(me.number)])
    flu = _influenza(dates, params, rng)
    mean = expected_demand(me, dates[0], dates[-1], params, influenza=flu)
    unit = params.visit_unit_hours

    def negative_binomial(expected_hours: Any, size: float) -> Any:
        units = np.maximum(expected_hours / unit, 1e-9)
        return rng.negative_binomial(size, size / (size + units)) * unit

    frame = mean[["date", "kommunenummer", "holiday"]].copy()
    frame["influenza"] = np.round(flu, 4)
    frame["home_care_hours"] = np.round(
        negative_binomial(mean["home_care_hours"].to_numpy(), params.dispersion), 2
    )
    frame["nursing_home_hours"] = np.round(
        negative_binomial(mean["nursing_home_hours"].to_numpy(), params.dispersion * 10), 2
    )
    frame["alarm_callouts"] = rng.poisson(mean["alarm_callouts"].to_numpy()).astype("int64")
    return frame.reset_index(drop=True)


def series(frame: pd.DataFrame, target: str = "home_care_hours") -> pd.Series:
    """One demand column as a daily series indexed by date (what the forecasters take)."""
    if target not in TARGETS:
        raise StaffingError("staffing.error.unknown_target", value=target, choices=", ".join(TARGETS))
    missing = [c for c in ("date", target) if c not in frame.columns]
    if missing:
        raise StaffingError("staffing.error.missing_column", column=", ".join(missing))
    out = pd.Series(frame[target].to_numpy(dtype=float), index=pd.DatetimeIndex(frame["date"]), name=target)
    return out.asfreq("D")


def yearly_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean daily demand per calendar year, the growth a leader sees in the budget."""
    out = frame.assign(year=frame["date"].dt.year).groupby("year")[list(TARGETS)].mean()
    return out.round(1)
