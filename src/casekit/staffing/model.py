"""The settings of the staffing exercise: demand parameters, shifts, pay, rules and staff.

Every number a participant can question has a documented default here. A field's ``metadata`` says where
the number comes from: ``kind="source"`` cites a public source (SSB, Helsedirektoratet, the KS tariff, the
Working Environment Act), ``kind="assumption"`` marks a value chosen for the exercise. Rounded public
figures are national levels; a municipality's own figures may differ, and the notebooks say so.

    >>> from casekit.staffing.model import DemandParameters
    >>> DemandParameters().users_per_1000_80_89
    250.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

import pandas as pd

from .. import i18n
from ..errors import StaffingError

# Citations used by several fields, kept in one place so the table of sources stays consistent.
SSB_POPULATION = "SSB, StatBank table 07459 (population by age, 1 January 2024); national shares, rounded"
SSB_PROJECTION = "SSB, national population projections 2024, main alternative (MMMM); yearly growth, rounded"
SSB_CARE = (
    "SSB, statistics 'Sjukeheimar, heimetenester og andre omsorgstenester' (KOSTRA/IPLOS): "
    "users of home-based services by age; rounded national level"
)
SSB_INSTITUTION = "SSB/KOSTRA indicator: share of inhabitants aged 80+ living in an institution; rounded"
SSB_SICK_LEAVE = (
    "SSB/NAV sickness absence statistics: health and social services 9.3 % in Q1 2023 "
    "(ssb.no, 'Nedgang i sykefraværet i 1. kvartal'); rounded to 9 %"
)
KS_TARIFF = "KS Hovedtariffavtalen, chapter 1 § 5 (minimum supplements; local rates are often higher)"
#: The full-time week of a rota worker in a municipality: a collective-agreement rule, not the Act's. The Act
#: only sets the ceiling (38 hours per 7 days for such rotas, § 10-4 (4); 36 for continuous shift work, (5)).
KS_WORKING_TIME = (
    "KS Hovedtariffavtalen, chapter 1 § 4, pkt. 4.2.2 (work at least every third Sunday or mainly at "
    "night: 35.5 h) and 4.2.4 (three-shift rota: Sunday and night hours count extra, down to 33.6 h, never "
    "above 35.5 h); the Act's ceiling for such rotas is 38 h, AML § 10-4 (4)"
)
AML = "Arbeidsmiljøloven (Working Environment Act)"


def _meta(kind: str, source: str, unit: str = "") -> dict[str, str]:
    return {"kind": kind, "source": source, "unit": unit}


def _src(source: str, unit: str = "") -> dict[str, str]:
    return _meta("source", source, unit)


def _assume(reason: str, unit: str = "") -> dict[str, str]:
    return _meta("assumption", reason, unit)


AGE_BANDS = ("under_67", "67_79", "80_89", "90_plus")
WEEKDAYS = 7


def _check_range(owner: str, name: str, value: float, low: float, high: float) -> None:
    if not isinstance(value, int | float) or math.isnan(value) or not low <= value <= high:
        raise StaffingError(
            "staffing.error.out_of_range", setting=f"{owner}.{name}", value=value, minimum=low, maximum=high
        )


@dataclass(frozen=True)
class DemandParameters:
    """How daily home-care and nursing-home demand is built for a municipality.

    Population by age band (base year 2024) × users per 1,000 × hours per user per week gives the yearly
    level; weekday and yearly profiles, public holidays, growth from ageing, negative-binomial noise and
    influenza waves shape the daily series.
    """

    share_67_79: float = field(default=0.125, metadata=_src(SSB_POPULATION, "share"))
    share_80_89: float = field(default=0.038, metadata=_src(SSB_POPULATION, "share"))
    share_90_plus: float = field(default=0.0085, metadata=_src(SSB_POPULATION, "share"))
    #: Small municipalities are older than the country as a whole; factor on the 67+ shares by size class.
    ageing_xs: float = field(
        default=1.45, metadata=_assume("SSB 'Seniorer i Norge 2024': older populations in rural areas")
    )
    ageing_s: float = field(default=1.30, metadata=_assume("as above", "factor"))
    ageing_m: float = field(default=1.15, metadata=_assume("as above", "factor"))
    ageing_l: float = field(default=1.00, metadata=_assume("as above", "factor"))
    ageing_xl: float = field(default=0.85, metadata=_assume("as above", "factor"))
    users_per_1000_under_67: float = field(
        default=12.0, metadata=_assume("about a third of home-care users are under 67 (SSB)", "per 1,000")
    )
    users_per_1000_67_79: float = field(default=60.0, metadata=_src(SSB_CARE, "per 1,000"))
    users_per_1000_80_89: float = field(default=250.0, metadata=_src(SSB_CARE, "per 1,000"))
    users_per_1000_90_plus: float = field(default=480.0, metadata=_src(SSB_CARE, "per 1,000"))
    hours_per_user_week_under_67: float = field(
        default=7.0, metadata=_assume("younger users often have larger packages", "hours/week")
    )
    hours_per_user_week_67_79: float = field(
        default=4.5, metadata=_assume("order of magnitude of SSB's allotted hours per week", "hours/week")
    )
    hours_per_user_week_80_89: float = field(default=5.5, metadata=_assume("as above", "hours/week"))
    hours_per_user_week_90_plus: float = field(default=6.5, metadata=_assume("as above", "hours/week"))
    nursing_home_residents_per_1000_80_plus: float = field(
        default=110.0, metadata=_src(SSB_INSTITUTION, "per 1,000")
    )
    nursing_home_care_hours_per_resident_day: float = field(
        default=4.0, metadata=_assume("direct care time per resident and day", "hours/day")
    )
    alarm_users_per_1000_80_plus: float = field(
        default=180.0, metadata=_assume("safety-alarm users aged 80+", "per 1,000")
    )
    alarm_callouts_per_user_day: float = field(
        default=0.025, metadata=_assume("call-outs that need a visit", "per user and day")
    )
    weekday_profile: tuple[float, ...] = field(
        default=(1.07, 1.06, 1.05, 1.05, 1.04, 0.88, 0.85),
        metadata=_assume("practical help is given on weekdays; Monday first", "factor"),
    )
    winter_amplitude: float = field(
        default=0.06, metadata=_assume("winter peak over summer trough, half-amplitude", "share")
    )
    winter_peak_day: int = field(default=20, metadata=_assume("peak around 20 January", "day of year"))
    holiday_factor: float = field(
        default=0.85, metadata=_assume("public holidays run like a Sunday-light service", "factor")
    )
    growth_under_67: float = field(default=0.005, metadata=_src(SSB_PROJECTION, "per year"))
    growth_67_79: float = field(default=0.015, metadata=_src(SSB_PROJECTION, "per year"))
    growth_80_89: float = field(default=0.045, metadata=_src(SSB_PROJECTION, "per year"))
    growth_90_plus: float = field(default=0.030, metadata=_src(SSB_PROJECTION, "per year"))
    base_year: int = field(default=2024, metadata=_src(SSB_POPULATION, "year"))
    visit_unit_hours: float = field(
        default=0.5, metadata=_assume("demand is counted in half-hour visit units", "hours")
    )
    dispersion: float = field(
        default=300.0, metadata=_assume("negative-binomial size: extra day-to-day variation", "size")
    )
    influenza_waves: bool = field(
        default=True, metadata=_assume("one influenza wave per winter (FHI influenza surveillance)", "")
    )
    influenza_peak_min: float = field(default=0.05, metadata=_assume("smallest wave", "share"))
    influenza_peak_max: float = field(default=0.15, metadata=_assume("largest wave", "share"))
    influenza_width_days: float = field(default=12.0, metadata=_assume("standard deviation", "days"))

    def __post_init__(self) -> None:
        for name in ("share_67_79", "share_80_89", "share_90_plus", "winter_amplitude"):
            _check_range("DemandParameters", name, getattr(self, name), 0.0, 0.5)
        for name in ("holiday_factor", "ageing_xs", "ageing_s", "ageing_m", "ageing_l", "ageing_xl"):
            _check_range("DemandParameters", name, getattr(self, name), 0.1, 3.0)
        for name in (
            "users_per_1000_under_67",
            "users_per_1000_67_79",
            "users_per_1000_80_89",
            "users_per_1000_90_plus",
            "nursing_home_residents_per_1000_80_plus",
            "alarm_users_per_1000_80_plus",
        ):
            _check_range("DemandParameters", name, getattr(self, name), 0.0, 1000.0)
        if len(self.weekday_profile) != WEEKDAYS or min(self.weekday_profile) <= 0:
            raise StaffingError(
                "staffing.error.weekday_profile", value=", ".join(str(v) for v in self.weekday_profile)
            )
        _check_range("DemandParameters", "dispersion", self.dispersion, 1.0, 1e9)
        _check_range("DemandParameters", "visit_unit_hours", self.visit_unit_hours, 0.05, 8.0)
        if self.influenza_peak_min > self.influenza_peak_max:
            raise StaffingError(
                "staffing.error.out_of_range",
                setting="DemandParameters.influenza_peak_min",
                value=self.influenza_peak_min,
                minimum=0,
                maximum=self.influenza_peak_max,
            )

    def ageing_factor(self, size_class: str) -> float:
        return float(getattr(self, f"ageing_{size_class}", 1.0))

    def users_per_1000(self, band: str) -> float:
        return float(getattr(self, f"users_per_1000_{band}"))

    def hours_per_user_week(self, band: str) -> float:
        return float(getattr(self, f"hours_per_user_week_{band}"))

    def growth(self, band: str) -> float:
        return float(getattr(self, f"growth_{band}"))


@dataclass(frozen=True)
class Shift:
    """One shift type. ``start`` is the clock hour (7.5 is 07:30); ``hours`` the paid length.

    ``demand_share`` is the share of a day's care hours that falls in this shift, ``alarm_share`` the
    share of the day's safety-alarm call-outs, and ``minimum`` the floor of staff on duty whatever the
    forecast says.
    """

    code: str
    start: float
    hours: float
    demand_share: float
    minimum: int
    alarm_share: float = 0.0

    @property
    def end(self) -> float:
        """End as hours after midnight of the start day (a night shift ends after 24)."""
        return self.start + self.hours


#: Typical Norwegian home-care turnus (assumption): day 07:30–15:00, evening 14:30–22:00, night 21:45–07:45.
#: Shares of care hours (62/30/8 %) and of alarm call-outs (45/30/25 %) by shift are assumptions too.
#:
#: The 10-hour night shift is longer than the 9 hours per 24 hours of normal working time the Act allows
#: without an agreement (AML § 10-4 (1)). It is lawful only with working time averaged by written agreement
#: under § 10-5: with the employee, up to 10 hours per 24 hours and 48 per 7 days (§ 10-5 (1)); or, in a
#: municipality bound by the KS agreement, with the union representatives, up to 12.5 hours per 24 hours
#: and 48 per 7 days, 48 averaged over 8 weeks and at most 54 in any single week (§ 10-5 (2)). The exercise
#: assumes such an agreement; :attr:`RosterRules.max_shift_hours` holds its daily limit and the rule checker
#: enforces it.
DEFAULT_SHIFTS: tuple[Shift, ...] = (
    Shift("day", 7.5, 7.5, 0.62, 2, 0.45),
    Shift("evening", 14.5, 7.5, 0.30, 2, 0.30),
    Shift("night", 21.75, 10.0, 0.08, 1, 0.25),
)


def check_shifts(shifts: tuple[Shift, ...]) -> tuple[Shift, ...]:
    shifts = tuple(shifts)
    if not shifts:
        raise StaffingError("staffing.error.no_shifts")
    codes = [s.code for s in shifts]
    if len(set(codes)) != len(codes):
        raise StaffingError("staffing.error.duplicate_shift", codes=", ".join(codes))
    total = sum(s.demand_share for s in shifts)
    if abs(total - 1.0) > 1e-6:
        raise StaffingError("staffing.error.shift_shares", total=round(total, 4))
    for s in shifts:
        _check_range("Shift", f"{s.code}.hours", s.hours, 1.0, 16.0)
        _check_range("Shift", f"{s.code}.start", s.start, 0.0, 24.0)
        _check_range("Shift", f"{s.code}.minimum", s.minimum, 0, 100)
    return shifts


@dataclass(frozen=True)
class WorkloadSettings:
    """The workload method: staff = care hours ÷ (shift length × productive share), then shrinkage.

    ``absence_rate`` is the expected sick leave and other absence; rostered staff are raised so that, after
    that absence, enough are present. ``quantile`` picks the forecast the plan is built on.
    """

    productive_share: float = field(
        default=0.60,
        metadata=_assume("share of a shift spent with users; the rest is travel and documentation", "share"),
    )
    absence_rate: float = field(default=0.09, metadata=_src(SSB_SICK_LEAVE, "share"))
    quantile: float = field(default=0.5, metadata=_assume("P50: plan for the median day", "quantile"))
    alarm_handling_minutes: float = field(
        default=40.0, metadata=_assume("drive, visit and report for one call-out", "minutes")
    )
    alarm_target_minutes: float = field(
        default=30.0, metadata=_assume("a responder on the way within 30 minutes", "minutes")
    )
    alarm_service_level: float = field(
        default=0.80, metadata=_assume("share of call-outs answered within the target", "share")
    )
    night_minimum: int | None = field(
        default=None, metadata=_assume("overrides the night shift's floor when set", "staff")
    )

    def __post_init__(self) -> None:
        _check_range("WorkloadSettings", "productive_share", self.productive_share, 0.2, 1.0)
        _check_range("WorkloadSettings", "absence_rate", self.absence_rate, 0.0, 0.4)
        _check_range("WorkloadSettings", "quantile", self.quantile, 0.05, 0.95)
        _check_range("WorkloadSettings", "alarm_service_level", self.alarm_service_level, 0.5, 0.999)
        _check_range("WorkloadSettings", "alarm_handling_minutes", self.alarm_handling_minutes, 1, 600)
        _check_range("WorkloadSettings", "alarm_target_minutes", self.alarm_target_minutes, 0, 600)
        if self.night_minimum is not None:
            _check_range("WorkloadSettings", "night_minimum", self.night_minimum, 0, 50)


@dataclass(frozen=True)
class PayRates:
    """Pay in NOK. Supplements follow the structure of the KS main collective agreement (chapter 1 § 5).

    Hourly pay is annual pay over the year's hours for a full-time rota week of 35.5 hours. That figure comes
    from the collective agreement (KS Hovedtariffavtalen chapter 1 § 4, pkt. 4.2.2 and 4.2.4), not from the
    Working Environment Act: § 10-4 (4) only caps such rotas at 38 hours per 7 days (and § 10-4 (5)
    continuous shift work at 36).
    """

    annual_salary: float = field(
        default=560_000.0,
        metadata=_assume("a team of nurses and healthcare workers at 2024 level; see KS chapter 4", "NOK"),
    )
    fulltime_hours_week: float = field(default=35.5, metadata=_src(KS_WORKING_TIME, "hours/week"))
    evening_night_supplement: float = field(
        default=70.0, metadata=_src(f"{KS_TARIFF} 5.4: 17:00–06:00; rounded assumption", "NOK/hour")
    )
    weekend_supplement: float = field(
        default=60.0, metadata=_src(f"{KS_TARIFF} 5.2: Saturday 00:00–Sunday 24:00; rounded", "NOK/hour")
    )
    holiday_supplement_share: float = field(
        default=4 / 3, metadata=_src(f"{KS_TARIFF} 5.3: 1 1/3 hourly pay per hour", "× hourly pay")
    )
    overtime_share: float = field(
        default=0.5,
        metadata=_src(
            "KS Hovedtariffavtalen chapter 1 § 6 (50 %); AML § 10-6 (11) requires at least 40 %", "share"
        ),
    )

    def __post_init__(self) -> None:
        _check_range("PayRates", "annual_salary", self.annual_salary, 100_000, 5_000_000)
        _check_range("PayRates", "fulltime_hours_week", self.fulltime_hours_week, 20, 48)
        _check_range("PayRates", "overtime_share", self.overtime_share, 0.0, 3.0)

    @property
    def hourly(self) -> float:
        return self.annual_salary / (self.fulltime_hours_week * 52.143)


@dataclass(frozen=True)
class RosterRules:
    """Hard rules for a roster of named staff (the tolerances are assumptions a local agreement sets).

    How the rule checker (:func:`casekit.staffing.roster.rules.check_roster`) treats the Working
    Environment Act (arbeidsmiljøloven, AML) chapter 10 and the KS agreement:

    *Enforced* (a roster that breaks them is rejected):

    - daily rest, § 10-8 (1): at least ``daily_rest_hours`` (11) of continuous rest within 24 hours, between
      the end of one shift and the start of the next;
    - weekly rest, § 10-8 (2): at least ``weekly_rest_hours`` (35) of continuous rest within every
      calendar week of the roster, Monday to Sunday (the Act speaks of any period of seven days); the
      week before the roster is taken to end without a night shift;
    - the length of a shift, at most ``max_shift_hours``: the daily limit of the averaging agreement the
      roster relies on. Without an agreement normal working time is at most 9 hours per 24 hours
      (§ 10-4 (1)), so the 10-hour night shift of :data:`DEFAULT_SHIFTS` needs one: a written agreement
      with the employee allows up to 10 hours (§ 10-5 (1)), one with the union representatives in a
      tariff-bound undertaking such as a municipality up to 12.5 hours (§ 10-5 (2)). The default assumes
      the latter; set 9 to check a roster with no agreement.

    *Modelled by agreement* (rules a local turnus agreement or the tariff sets; the values here are
    assumptions a municipality changes):

    - at most ``max_consecutive_days`` working days in a row;
    - no night shift followed by a day shift the next morning;
    - instead of weekly working-time limits, the hours over the whole roster period may exceed the
      contract (position size × ``PayRates.fulltime_hours_week``, 35.5 hours from the KS agreement) by at
      most ``contract_tolerance_hours``: working time averaged over the period, as § 10-5 allows by
      agreement;
    - nights only for staff who work nights.

    *Ignored* (not checked; a planner must see to them):

    - the weekly limits of normal working time: 38 hours per 7 days for such rotas without averaging
      (§ 10-4 (4)); with a § 10-5 (2) agreement 48 hours per 7 days averaged over 8 weeks and at most 54 in
      any single week. The contract rule above keeps the average far below 48, but one heavy week is not
      checked;
    - overtime (§ 10-6): at most 10 hours per 7 days, 25 per 4 weeks and 200 per 52 weeks (§ 10-6 (4)), or
      by agreement with the union representatives 20, 50 and 300 (§ 10-6 (5)); and total working time of
      at most 13 hours per 24 hours and 48 per 7 days (§ 10-6 (8)). The roster plans no overtime; the
      evaluation prices the overtime it would take to fill gaps, but does not check these caps;
    - the breaks of § 10-9;
    - Sunday and public-holiday rest, § 10-10: weekends are a *soft* goal only (``weekend_every``: every
      third weekend is the norm the solver aims for, not a rule the checker enforces);
    - the special rules for night work in § 10-11.
    """

    daily_rest_hours: float = field(default=11.0, metadata=_src(f"{AML} § 10-8 (1)", "hours"))
    weekly_rest_hours: float = field(default=35.0, metadata=_src(f"{AML} § 10-8 (2)", "hours"))
    max_shift_hours: float = field(
        default=12.5,
        metadata=_assume(
            "an averaging agreement with the union representatives, AML § 10-5 (2): at most 12.5 h per 24 h "
            "(no agreement: 9 h, § 10-4 (1); agreement with the employee: 10 h, § 10-5 (1))",
            "hours",
        ),
    )
    max_consecutive_days: int = field(
        default=5, metadata=_assume("common in local turnus agreements", "days")
    )
    contract_tolerance_hours: float = field(
        default=8.0, metadata=_assume("rostered hours may exceed the contract by this much", "hours")
    )
    weekend_every: int = field(
        default=3,
        metadata=_assume(
            "common norm in care rotas: every third weekend (a soft goal; AML § 10-10 is not checked)",
            "weeks",
        ),
    )

    def __post_init__(self) -> None:
        _check_range("RosterRules", "daily_rest_hours", self.daily_rest_hours, 0, 24)
        _check_range("RosterRules", "weekly_rest_hours", self.weekly_rest_hours, 0, 72)
        _check_range("RosterRules", "max_shift_hours", self.max_shift_hours, 1, 24)
        _check_range("RosterRules", "max_consecutive_days", self.max_consecutive_days, 1, 14)
        _check_range("RosterRules", "contract_tolerance_hours", self.contract_tolerance_hours, 0, 100)
        _check_range("RosterRules", "weekend_every", self.weekend_every, 1, 6)


@dataclass(frozen=True)
class StaffMember:
    """A named employee. ``contract`` is the position size (1.0 = full time).

    ``days_off`` are roster days (0 = first Monday) the person wished to be free; ``avoid`` lists shift
    codes the person prefers not to work; ``nights=False`` means the person does not work nights.
    """

    id: str
    name: str
    contract: float
    nights: bool = True
    days_off: tuple[int, ...] = ()
    avoid: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_range("StaffMember", f"{self.id}.contract", self.contract, 0.05, 1.0)

    def contract_hours(self, weeks: int, pay: PayRates | None = None) -> float:
        week = (pay or PayRates()).fulltime_hours_week
        return self.contract * week * weeks


def parameter_table(settings: Any, language: str | None = None) -> pd.DataFrame:
    """A DataFrame documenting a settings dataclass: name, value, unit, kind (source/assumption), source."""
    rows = []
    for f in fields(settings):
        meta = f.metadata
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            value = ", ".join(str(v) for v in value)
        rows.append(
            {
                "parameter": f.name,
                "value": value,
                "unit": meta.get("unit", ""),
                "kind": i18n.t(f"staffing.kind.{meta.get('kind', 'assumption')}", language=language),
                "source": meta.get("source", ""),
            }
        )
    return pd.DataFrame(rows)


def with_changes(settings: Any, **changes: Any) -> Any:
    """A copy of a settings dataclass with some fields changed (validated again)."""
    known = {f.name for f in fields(settings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise StaffingError(
            "staffing.error.unknown_setting",
            setting=", ".join(unknown),
            owner=type(settings).__name__,
            allowed=", ".join(sorted(known)),
        )
    return replace(settings, **changes)
