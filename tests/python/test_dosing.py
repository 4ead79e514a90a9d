"""screening_plan, initial_daily_dose, titrate (issue 3): hand-worked values, every finding
code with its severity and limit, the profile conflicts, result objects and their to_dict().

Worked by hand from the rules of docs/RULES.md and docs/PROTOCOL.md (sources: docs/SOURCES.md):
- screening (001 Dosage/Screening Phase (Test Dose); [DRUGS-DOSE]): the start dose, then +25
  mcg while not above 100 mcg; volume = dose / concentration (at 50 mcg/mL, volume in mL = dose
  in mcg / 50); 24 h apart; at most 100 mcg.
- initial daily dose (001 Dosage/Dose-Titration Phase; [SKY-NURSE]): 2 × the bolus over 24 h,
  or 1 × when the effect lasted more than 8 h (us, [SKY-NURSE]) / 12 h (uk, 001 Dosage/
  Dose-Titration Phase).
- titration (001 Dosage/Dose-Titration Phase, 001 Dosage/Maintenance, 001 Administration/
  Delivery regimen; [SKY-NURSE]; [SUMMARY-IT]; [MEDSCAPE-ITB]): new = current × (100 + change)
  / 100; largest increase: titration spinal 30 %, cerebral 15 % (both profiles); maintenance
  spinal 40 % (us) / 30 % (uk), cerebral 20 %; a decrease of more than 20 %; no increase in the
  first 24 h; 24 h between changes (uk with a non-programmable pump: 48 h); maintenance ranges
  spinal 12–2003, cerebral 22–1400, children us (< 12 y) 24–1199, uk (< 18 y) 25–200 mcg/day;
  [SAULINO-DOSE]: more than 20 % from above the usual top (spinal 800, cerebral 703 mcg/day);
  under 4 years: us soft, uk hard. Every change that is not 0 % raises monitor_after_change
  (info; 002 Warnings: close monitoring each time the dosing rate is adjusted).
- screening start (001 Dosage/Screening Phase (Test Dose): "Initial test dose: 25micrograms or
  50micrograms"): a start given that is neither 25 nor 50 mcg is soft; boluses at least 24 h
  apart: fewer hours since the last one is hard.
"""

from __future__ import annotations

import dataclasses
import pickle
import inspect
from typing import Any, Callable

import numpy as np
import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import Concentration, DoseRate, Duration, Mass, Ratio

US_SOURCE = "[SKY-NURSE]; [SAULINO-DOSE]"  # the US label family's titration parameters
# Every titration step that changes the dose: close monitoring (002 Warnings).
MONITOR: dict[str, tuple[str, itb.Quantity | None]] = {"monitor_after_change": ("info", None)}


def codes(result: itb.ScreeningPlan | itb.InitialDose | itb.Titration) -> dict[str, tuple[str, itb.Quantity | None]]:
    return {f.code: (f.severity, f.limit) for f in result.findings}


# --- screening_plan ------------------------------------------------------------------------


def test_screening_plan_published_volumes() -> None:
    # [DRUGS-DOSE]: at 50 mcg/mL, 50 mcg = 1 mL, 75 mcg = 1.5 mL, 100 mcg = 2 mL
    plan = itb.screening_plan("us")
    assert [(d.dose.to("mcg"), d.volume.to("mL")) for d in plan.doses] == [(50, 1), (75, 1.5), (100, 2)]
    assert plan.min_interval == Duration("24 h") and plan.min_interval.unit == "h"
    assert plan.max_dose == Mass("100 mcg") and plan.max_dose.unit == "mcg"
    assert (plan.findings, plan.allowed) == ((), True)
    assert [str(d.volume) for d in plan.doses] == ["1 mL", "1.5 mL", "2 mL"]


START = {"screening_start_dose": ("soft", None)}  # a first test dose other than 25 or 50 mcg


@pytest.mark.parametrize(
    ("start", "doses_mcg", "volumes_ml", "found"),
    [
        ("25 mcg", [25, 50, 75, 100], [0.5, 1, 1.5, 2], {}),  # 25 / 50 = 0.5 mL; a label start
        ("60 mcg", [60, 85], [1.2, 1.7], START),  # 110 is above 100; 60 / 50 = 1.2, 85 / 50 = 1.7
        ("100 mcg", [100], [2], START),  # exactly 100 is not above the maximum, but not a start
        (Mass("0.075 mg"), [75, 100], [1.5, 2], START),
    ],
)
def test_screening_plan_steps_of_25_mcg_to_100(
    start: Mass | str, doses_mcg: list[float], volumes_ml: list[float], found: dict[str, Any]
) -> None:
    plan = itb.screening_plan("uk", start_dose=start)
    assert [d.dose.to("mcg") for d in plan.doses] == doses_mcg
    assert [d.volume.to("mL") for d in plan.doses] == volumes_ml
    assert codes(plan) == found
    assert plan.allowed is True


def test_screening_plan_in_mg_and_container_notation_is_the_default_plan() -> None:
    # 0.05 mg = 50 mcg; 50 mcg/1 mL = 0.05 mg/mL = 50 mcg/mL: no screening_concentration
    plan = itb.screening_plan("us", start_dose="0.05 mg", concentration="50 mcg/1 mL")
    assert plan.doses == itb.screening_plan("us").doses
    assert plan.findings == ()


def test_screening_dose_above_max_is_hard_and_the_plan_is_that_one_dose() -> None:
    # 150 mcg > 100 mcg: one dose, 150 / 50 = 3 mL, not allowed
    plan = itb.screening_plan("us", start_dose="150 mcg")
    assert [(d.dose.to("mcg"), d.volume.to("mL")) for d in plan.doses] == [(150, 3)]
    assert codes(plan) == {"screening_dose_above_max": ("hard", Mass("100 mcg")), **START}
    assert plan.allowed is False


def test_screening_concentration_is_soft() -> None:
    # at 500 mcg/mL: 50 / 500 = 0.1 mL, 75 / 500 = 0.15 mL, 100 / 500 = 0.2 mL
    plan = itb.screening_plan("uk", concentration=Concentration("0.5 mg/mL"))
    assert [d.volume.to("mL") for d in plan.doses] == [0.1, 0.15, 0.2]
    assert codes(plan) == {"screening_concentration": ("soft", None)}
    assert plan.allowed is True


@pytest.mark.parametrize(("profile", "severity", "allowed"), [("us", "soft", True), ("uk", "hard", False)])
def test_under_4_years_us_soft_uk_hard(profile: itb.Profile, severity: str, allowed: bool) -> None:
    # the sources disagree: US "not established" (000 Special Patient Groups/Pediatric Use), UK
    # "contraindicated" (001 Contraindications)
    plan = itb.screening_plan(profile, age_years=3.5)
    assert codes(plan) == {"age_below_4_years": (severity, Duration(4, "year"))}
    assert plan.allowed is allowed
    limit = plan.findings[0].limit
    assert limit is not None and (limit.value, limit.unit, str(limit)) == (4, "year", "4 years")
    assert "3.5 years" in plan.findings[0].message


def test_exactly_4_years_is_not_under_4() -> None:
    assert itb.screening_plan("uk", age_years=4).findings == ()


@pytest.mark.parametrize("start", ["25 mcg", "50 mcg", "0.025 mg", Mass(0.05, "mg")])
def test_a_label_start_dose_is_no_finding_in_any_unit(start: Mass | str) -> None:
    # 0.025 mg is 25 mcg, 0.05 mg is 50 mcg: compared in mcg, after conversion
    assert itb.screening_plan("us", start_dose=start).findings == ()


def test_screening_start_dose_is_soft_and_names_the_dose() -> None:
    # 30 mcg: 30, 55, 80 mcg (105 is above 100), 0.6, 1.1, 1.6 mL; not 25 or 50 mcg
    plan = itb.screening_plan("us", start_dose="30 mcg")
    assert [(d.dose.to("mcg"), d.volume.to("mL")) for d in plan.doses] == [(30, 0.6), (55, 1.1), (80, 1.6)]
    (f,) = plan.findings
    assert (f.code, f.severity, f.subject, f.limit) == ("screening_start_dose", "soft", Mass("30 mcg"), None)
    assert f.source == "001 Dosage/Screening Phase (Test Dose)"
    assert "30 mcg" in f.message
    assert plan.allowed is True


@pytest.mark.parametrize(("hours", "found"), [(12, True), (23.5, True), (24, False), (0, True), (72, False)])
def test_screening_interval_too_short_is_hard_below_24_hours(hours: float, found: bool) -> None:
    # boluses at least 24 h apart (001 Dosage/Screening Phase (Test Dose)); exactly 24 is enough
    plan = itb.screening_plan("uk", hours_since_last_dose=hours)
    if not found:
        assert (plan.findings, plan.allowed) == ((), True)
        return
    (f,) = plan.findings
    assert (f.code, f.severity, f.subject, f.limit) == ("screening_interval_too_short", "hard", Duration(hours, "h"), Duration("24 h"))
    assert f.source == "001 Dosage/Screening Phase (Test Dose)"
    assert plan.allowed is False


# --- initial_daily_dose ----------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["us", "uk"])
def test_initial_dose_doubles_a_short_bolus(profile: itb.Profile) -> None:
    # 001 Dosage/Dose-Titration Phase: 50 mcg effective, effect 6 h → 2 × 50 = 100 mcg/day (6 h is under 8 and 12)
    d = itb.initial_daily_dose(profile, "50 mcg", "6 h")
    assert (d.daily_dose, d.daily_dose.unit, d.rule) == (DoseRate("100 mcg/day"), "mcg/day", "double_bolus")
    assert (d.findings, d.allowed) == ((), True)


def test_initial_dose_profiles_disagree_at_10_hours() -> None:
    # 50 mcg, 10 h → us 50 mcg/day (10 > 8, [SKY-NURSE]), uk 100 mcg/day (10 < 12,
    # 001 Dosage/Dose-Titration Phase)
    us = itb.initial_daily_dose("us", Mass("50 mcg"), Duration("10 h"))
    uk = itb.initial_daily_dose("uk", Mass("50 mcg"), Duration("10 h"))
    assert (us.daily_dose.to("mcg/day"), us.rule, us.rule_source) == (50, "same_as_bolus", US_SOURCE)
    assert (uk.daily_dose.to("mcg/day"), uk.rule, uk.rule_source) == (100, "double_bolus", "001 Dosage/Dose-Titration Phase")


@pytest.mark.parametrize(
    ("profile", "duration", "daily_mcg", "rule"),
    [
        ("us", "8 h", 100, "double_bolus"),  # exactly 8 h is not more than 8 h
        ("us", "481 min", 50, "same_as_bolus"),  # 8 h 1 min
        ("uk", "0.5 day", 100, "double_bolus"),  # 12 h exactly
        ("uk", "12.5 h", 50, "same_as_bolus"),
    ],
)
def test_initial_dose_thresholds_are_strict(profile: itb.Profile, duration: str, daily_mcg: float, rule: str) -> None:
    d = itb.initial_daily_dose(profile, "0.05 mg", duration)
    assert (d.daily_dose.to("mcg/day"), d.rule) == (daily_mcg, rule)


def test_initial_dose_from_a_bolus_above_100_mcg_is_not_allowed() -> None:
    # 150 mcg, 6 h → 2 × 150 = 300 mcg/day, but the bolus is above the 100 mcg maximum
    d = itb.initial_daily_dose("uk", "150 mcg", "6 h")
    assert d.daily_dose.to("mcg/day") == 300
    assert codes(d) == {"screening_dose_above_max": ("hard", Mass("100 mcg"))}
    assert d.allowed is False


# --- titrate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["us", "uk"])
def test_titrate_spinal_plus_30(profile: itb.Profile) -> None:
    # 001 Dosage/Dose-Titration Phase: 200 × 1.3 = 260 mcg/day; 30 % is the top of the range, not above it
    t = itb.titrate(profile, "200 mcg/day", 30, "spinal", "titration")
    assert (t.new_daily_dose, t.new_daily_dose.unit, str(t.new_daily_dose)) == (DoseRate("260 mcg/day"), "mcg/day", "260 mcg/day")
    assert (codes(t), t.allowed) == (MONITOR, True)


def test_titrate_cerebral_plus_15() -> None:
    # 001 Dosage/Dose-Titration Phase: 200 × 1.15 = 230 mcg/day; 15 % is the cerebral top, not above it
    t = itb.titrate("uk", DoseRate("0.2 mg/day"), 15, "cerebral", "titration")
    assert t.new_daily_dose.to("mcg/day") == 230
    assert codes(t) == MONITOR


def test_step_above_guideline_in_titration() -> None:
    # 200 × 1.31 = 262; 31 > 30 (spinal titration); no sudden_escalation outside maintenance
    t = itb.titrate("us", "200 mcg/day", 31, "spinal", "titration")
    assert t.new_daily_dose.to("mcg/day") == 262
    assert codes(t) == {"step_above_guideline": ("soft", Ratio(30, "%")), **MONITOR}
    assert t.findings[0].source == US_SOURCE
    assert t.allowed is True


def test_maintenance_spinal_40_percent_us_allows_uk_does_not() -> None:
    # the sources disagree ([SUMMARY-IT]; 001 Administration/Delivery regimen): 200 × 1.4 = 280,
    # in the spinal range 12–2003. us: 40 is not above 40; uk: 40 > 30 → step_above_guideline, and in maintenance sudden_escalation (info)
    us = itb.titrate("us", "200 mcg/day", 40, "spinal", "maintenance")
    uk = itb.titrate("uk", "200 mcg/day", 40, "spinal", "maintenance")
    assert us.new_daily_dose == uk.new_daily_dose == DoseRate("280 mcg/day")
    assert codes(us) == MONITOR
    assert codes(uk) == {"step_above_guideline": ("soft", Ratio(30, "%")), "sudden_escalation": ("info", None), **MONITOR}
    assert uk.allowed is True


def test_decrease_above_guideline() -> None:
    # 200 × 0.75 = 150; a 25 % decrease is more than 20 %; exactly −20 % (160) is not
    t = itb.titrate("uk", "200 mcg/day", -25, "spinal", "titration")
    assert t.new_daily_dose.to("mcg/day") == 150
    assert codes(t) == {"decrease_above_guideline": ("soft", Ratio(20, "%")), **MONITOR}
    assert "25 %" in t.findings[0].message
    again = itb.titrate("uk", "200 mcg/day", -20, "spinal", "titration")
    assert (again.new_daily_dose.to("mcg/day"), codes(again)) == (160, MONITOR)


def test_increase_in_first_24h_is_hard() -> None:
    # 10 h after the infusion began: 200 × 1.1 = 220, not allowed
    t = itb.titrate("us", "200 mcg/day", 10, "spinal", "titration", hours_since_start=10)
    assert t.new_daily_dose.to("mcg/day") == 220
    assert codes(t) == {"increase_in_first_24h": ("hard", Duration("24 h")), **MONITOR}
    assert t.allowed is False


@pytest.mark.parametrize(("change", "hours"), [(10, 24), (-10, 10)])
def test_no_first_24h_finding_at_24_h_or_for_a_decrease(change: float, hours: float) -> None:
    assert codes(itb.titrate("us", "200 mcg/day", change, "spinal", "titration", hours_since_start=hours)) == MONITOR


@pytest.mark.parametrize(
    ("profile", "programmable", "hours", "limit_h"),
    [
        ("us", True, 12, 24),
        ("uk", True, 23.5, 24),
        ("uk", False, 30, 48),  # UK: 48 h with a non-programmable pump
    ],
)
def test_adjustment_too_soon(profile: itb.Profile, programmable: bool, hours: float, limit_h: float) -> None:
    t = itb.titrate(profile, "200 mcg/day", 10, "spinal", "titration", pump_programmable=programmable, hours_since_last_change=hours)
    assert codes(t) == {"adjustment_too_soon": ("soft", Duration(limit_h, "h")), **MONITOR}


@pytest.mark.parametrize(("profile", "programmable", "hours"), [("us", False, 30), ("uk", True, 24), ("uk", False, 48)])
def test_adjustment_not_too_soon(profile: itb.Profile, programmable: bool, hours: float) -> None:
    # the US label is silent on non-programmable pumps: 24 h; thresholds are strict
    t = itb.titrate(profile, "200 mcg/day", 10, "spinal", "titration", pump_programmable=programmable, hours_since_last_change=hours)
    assert codes(t) == MONITOR


def test_daily_dose_above_1000_after_the_change() -> None:
    # 950 × 1.1 = 1045 mcg/day (titration: no maintenance range; 10 % is not above 20 %)
    t = itb.titrate("us", "950 mcg/day", 10, "spinal", "titration")
    assert t.new_daily_dose.to("mcg/day") == 1045
    assert codes(t) == {"daily_dose_above_1000": ("soft", None), **MONITOR}


@pytest.mark.parametrize(
    ("profile", "origin", "age", "current", "change", "new_mcg", "limit_mcg"),
    [
        ("uk", "cerebral", 10, "200 mcg/day", 10, 220, 200),  # uk child (10 < 18): 25–200
        ("us", "spinal", 12, "13 mcg/day", -10, 11.7, 12),  # us adult (not under 12): spinal 12–2003
        ("uk", "cerebral", 20, "1300 mcg/day", 10, 1430, 1400),  # adult cerebral 22–1400
    ],
)
def test_outside_maintenance_range(
    profile: itb.Profile, origin: itb.Origin, age: float, current: str, change: float, new_mcg: float, limit_mcg: float
) -> None:
    t = itb.titrate(profile, current, change, origin, "maintenance", age_years=age)
    assert t.new_daily_dose.to("mcg/day") == new_mcg
    assert codes(t)["outside_maintenance_range"] == ("soft", DoseRate(limit_mcg, "mcg/day"))


def test_us_child_range_goes_to_1199() -> None:
    # us, 10 years (< 12): 24–1199, so 220 is inside; the same change in uk is outside (above)
    assert codes(itb.titrate("us", "200 mcg/day", 10, "cerebral", "maintenance", age_years=10)) == MONITOR


def test_large_step_at_high_dose() -> None:
    # us spinal titration: 810 × 1.21 = 980.1; 21 ≤ 30 (no step finding) but 21 > 20 from a dose
    # above the usual spinal top of 800 mcg/day (Saulino)
    t = itb.titrate("us", "810 mcg/day", 21, "spinal", "titration")
    assert t.new_daily_dose.to("mcg/day") == 980.1
    assert codes(t) == {"large_step_at_high_dose": ("soft", DoseRate("800 mcg/day")), **MONITOR}
    assert t.findings[0].source == "[SAULINO-DOSE]"


@pytest.mark.parametrize(("profile", "severity", "allowed"), [("us", "soft", True), ("uk", "hard", False)])
def test_titrate_under_4_years(profile: itb.Profile, severity: str, allowed: bool) -> None:
    t = itb.titrate(profile, "100 mcg/day", 10, "cerebral", "titration", age_years=3)
    assert t.new_daily_dose.to("mcg/day") == 110
    assert codes(t) == {"age_below_4_years": (severity, Duration(4, "year")), **MONITOR}
    assert t.allowed is allowed


def test_every_limit_of_one_bad_change() -> None:
    # uk, 3 years, non-programmable pump, maintenance spinal: 900 × 1.45 = 1305 mcg/day,
    # 10 h after start and 12 h after the last change. 45 > 30 (step, + sudden escalation);
    # 45 > 20 from 900 > 800 (Saulino); 10 h < 24 h (hard); 12 h < 48 h; 1305 > 1000; a child
    # (3 < 18) above 200; 3 < 4 (hard).
    t = itb.titrate(
        "uk", "900 mcg/day", 45, "spinal", "maintenance",
        age_years=3, pump_programmable=False, hours_since_last_change=12, hours_since_start=10,
    )  # fmt: skip
    assert t.new_daily_dose.to("mcg/day") == 1305
    assert codes(t) == {
        "step_above_guideline": ("soft", Ratio(30, "%")),
        "sudden_escalation": ("info", None),
        "large_step_at_high_dose": ("soft", DoseRate("800 mcg/day")),
        "increase_in_first_24h": ("hard", Duration("24 h")),
        "adjustment_too_soon": ("soft", Duration("48 h")),
        "daily_dose_above_1000": ("soft", None),
        "outside_maintenance_range": ("soft", DoseRate("200 mcg/day")),
        "age_below_4_years": ("hard", Duration(4, "year")),
        **MONITOR,
    }
    assert t.allowed is False
    assert all(f.message and f.source for f in t.findings)


def test_plain_numbers_take_ints_floats_and_numpy() -> None:
    # 200 × 1.075 = 215 mcg/day
    t = itb.titrate(
        "us", "200 mcg/day", np.float64(7.5), "spinal", "titration",
        hours_since_start=np.int64(30), pump_programmable=np.bool_(True),  # type: ignore[arg-type]
    )  # fmt: skip
    assert t.new_daily_dose.to("mcg/day") == 215


# --- findings of the other functions have no limit -----------------------------------------


def test_findings_without_a_limit() -> None:
    dv = itb.daily_volume("1200 mcg/day", "3000 mcg/mL")
    assert len(dv.findings) == 3
    assert all(f.limit is None for f in dv.findings)


# --- result objects ----------------------------------------------------------------------------

REQUESTS = [
    (lambda: itb.screening_plan("us"), {"op": "screening_plan", "profile": "us"}),
    (
        lambda: itb.screening_plan("uk", age_years=3, start_dose="150 mcg", concentration="0.5 mg/mL"),
        {"op": "screening_plan", "profile": "uk", "age_years": 3, "start_dose": "150 mcg", "concentration": "0.5 mg/mL"},
    ),
    (
        lambda: itb.screening_plan("us", start_dose="30 mcg", hours_since_last_dose=12),
        {"op": "screening_plan", "profile": "us", "start_dose": "30 mcg", "hours_since_last_dose": 12},
    ),
    (
        lambda: itb.initial_daily_dose("us", "50 mcg", "10 h"),
        {"op": "initial_daily_dose", "profile": "us", "effective_bolus": "50 mcg", "effect_duration": "10 h"},
    ),
    (
        lambda: itb.titrate("uk", "900 mcg/day", 45, "spinal", "maintenance", age_years=3, hours_since_last_change=12),
        {"op": "titrate", "profile": "uk", "current_daily_dose": "900 mcg/day", "change_percent": 45, "origin": "spinal",
         "phase": "maintenance", "age_years": 3, "hours_since_last_change": 12},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("call", "request_"), REQUESTS)
def test_to_dict_is_the_protocol_response(call: Callable[[], Any], request_: dict[str, Any]) -> None:
    result = call()
    assert result.to_dict() == itb.evaluate(request_)
    assert result.to_dict()["ok"] is True
    # the result's findings are the protocol's, in order, with their subject and limit
    assert [f["code"] for f in result.to_dict()["findings"]] == [f.code for f in result.findings]
    for f, data in zip(result.findings, result.to_dict()["findings"]):
        assert (f.subject.value, f.subject.unit) == (data["subject"]["value"], data["subject"]["unit"])
        assert (f.limit and (f.limit.value, f.limit.unit)) == (data["limit"] and (data["limit"]["value"], data["limit"]["unit"]))


def test_dosing_results_are_frozen_readable_and_picklable() -> None:
    plan = itb.screening_plan("uk", age_years=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.allowed = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.findings[0].limit = None  # type: ignore[misc]
    text = repr(plan)
    assert text.startswith("ScreeningPlan(doses=(ScreeningDose(dose=Mass('50 mcg'), volume=Volume('1 mL')), ")
    assert "min_interval=Duration('24 h'), max_dose=Mass('100 mcg')" in text
    assert "severity='hard'" in text and "limit=Duration(4, 'year')" in text
    assert "_response" not in text
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert hash(plan) == hash(itb.screening_plan("uk", age_years=3.0))
    d = itb.initial_daily_dose("us", "50 mcg", "10 h")
    assert repr(d).startswith("InitialDose(daily_dose=DoseRate('50 mcg/day'), rule='same_as_bolus', rule_source=")
    t = itb.titrate("us", "200 mcg/day", 31, "spinal", "titration")
    assert "limit=Ratio(30, '%')" in repr(t)


def test_ids_of_the_literal_types() -> None:
    from itb._arguments import ids

    assert ids(itb.Profile) == ("us", "uk")
    assert ids(itb.Origin) == ("spinal", "cerebral")
    assert ids(itb.Phase) == ("titration", "maintenance")
    assert ids(itb.InitialRule) == ("double_bolus", "same_as_bolus")


def test_subjects_and_limits_are_read_from_the_protocol_response() -> None:
    # One call of the core: each finding's limit and subject are the response's own, in order.
    # uk maintenance spinal, 12 h after a change: 200 × 1.45 = 290; 45 % > 30 %; 12 h < 24 h;
    # a change of 45 %: monitor closely
    t = itb.titrate("uk", "200 mcg/day", 45, "spinal", "maintenance", hours_since_last_change=12)
    assert [(f.code, f.subject, f.limit) for f in t.findings] == [
        ("step_above_guideline", Ratio(45, "%"), Ratio(30, "%")),
        ("sudden_escalation", Ratio(45, "%"), None),
        ("adjustment_too_soon", Duration("12 h"), Duration("24 h")),
        ("monitor_after_change", Ratio(45, "%"), None),
    ]
    response = t.to_dict()["findings"]
    assert [(f["subject"]["value"], f["limit"] and f["limit"]["value"]) for f in response] == [(45, 30), (45, None), (12, 24), (45, None)]


def test_monitor_after_change_on_every_change_but_none() -> None:
    # 002 Warnings: close monitoring each time the dosing rate is adjusted; a change of 0 % is none
    up = itb.titrate("us", "200 mcg/day", 10, "spinal", "titration")
    (f,) = up.findings
    assert (f.code, f.severity, f.source, f.subject, f.limit) == ("monitor_after_change", "info", "002 Warnings", Ratio(10, "%"), None)
    assert "monitor" in f.message
    down = itb.titrate("us", "200 mcg/day", -10, "spinal", "titration")
    assert [(f.code, f.subject.value) for f in down.findings] == [("monitor_after_change", -10)]
    same = itb.titrate("us", "200 mcg/day", 0, "spinal", "titration")
    assert (same.new_daily_dose, same.findings, same.allowed) == (DoseRate("200 mcg/day"), (), True)


# --- output-only units: percent and year -------------------------------------------------------


def test_ratio_and_year_quantities() -> None:
    r = Ratio(30, "%")
    assert (r.value, r.unit, str(r), r.to("%"), r.dimension) == (30, "%", "30 %", 30, "ratio")
    age = Duration(4, "year")
    assert (str(age), str(Duration(1, "year"))) == ("4 years", "1 year")
    assert age.to("day") == 1460  # a year is 365 days
    assert age == Duration("35040 h")  # 4 × 365 × 24
    assert Duration("730 day").to("year") == 2
    for q in (r, age):
        assert eval(repr(q), {"Ratio": Ratio, "Duration": Duration}) == q
        assert pickle.loads(pickle.dumps(q)) == q


@pytest.mark.parametrize(
    ("call", "cls", "code", "field"),
    [
        (lambda: Ratio("30 %"), itb.UnitError, "unit_unknown", "ratio"),  # no text parses as %
        (lambda: Duration("4 year"), itb.UnitError, "unit_unknown", "duration"),
        (lambda: Ratio(30, "mg"), itb.UnitError, "unit_mismatch", "ratio"),
        (lambda: Mass(30, "%"), itb.UnitError, "unit_mismatch", "mass"),
        (lambda: Ratio(-5, "%"), itb.InputError, "negative", "ratio"),
        (lambda: Ratio(30), itb.UnitError, "unit_required", "ratio"),
    ],
)
def test_output_only_units_are_still_checked(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str) -> None:
    with pytest.raises(cls) as info:
        call()
    assert (info.value.code, info.value.field) == (code, field)


# --- errors ------------------------------------------------------------------------------------

# A valid titrate call; the cases below spoil one argument of it at a time.
T: tuple[itb.Profile, str, float, itb.Origin, itb.Phase] = ("us", "200 mcg/day", 10, "spinal", "titration")

# (call, exception class, code, field, fragments the message must contain)
RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    # invalid_value: unknown ids (case-sensitive), naming the allowed ones
    (lambda: itb.screening_plan("UK"), itb.InputError, "invalid_value", "profile", ("'UK'", "allowed (case-sensitive): us, uk")),  # type: ignore[arg-type]
    (lambda: itb.initial_daily_dose("eu", "50 mcg", "6 h"), itb.InputError, "invalid_value", "profile", ("'eu'", "us, uk")),  # type: ignore[arg-type]
    (lambda: itb.titrate("us", "200 mcg/day", 10, "Spinal", "titration"), itb.InputError, "invalid_value", "origin", ("'Spinal'", "spinal, cerebral")),  # type: ignore[arg-type]
    (lambda: itb.titrate("us", "200 mcg/day", 10, "spinal", "induction"), itb.InputError, "invalid_value", "phase", ("'induction'", "titration, maintenance")),  # type: ignore[arg-type]
    (lambda: itb.screening_plan(None), itb.InputError, "invalid_value", "profile", ("None", "us, uk")),  # type: ignore[arg-type]
    # invalid_value: a plain number that is not one
    (lambda: itb.titrate("us", "200 mcg/day", "30", "spinal", "titration"), itb.InputError, "invalid_value", "change_percent", ("'30'", "not a plain number", "percent")),  # type: ignore[arg-type]
    (lambda: itb.titrate("us", "200 mcg/day", "30 %", "spinal", "titration"), itb.InputError, "invalid_value", "change_percent", ("'30 %'",)),  # type: ignore[arg-type]
    (lambda: itb.titrate("us", "200 mcg/day", True, "spinal", "titration"), itb.InputError, "invalid_value", "change_percent", ("True is not a plain number",)),
    (lambda: itb.titrate("us", "200 mcg/day", Ratio(30, "%"), "spinal", "titration"), itb.InputError, "invalid_value", "change_percent", ("Ratio(30, '%')",)),  # type: ignore[arg-type]
    (lambda: itb.screening_plan("us", age_years="15"), itb.InputError, "invalid_value", "age_years", ("'15'", "years from 0 to 150")),  # type: ignore[arg-type]
    (lambda: itb.screening_plan("us", age_years=np.bool_(True)), itb.InputError, "invalid_value", "age_years", ("not a plain number",)),  # type: ignore[arg-type]
    (lambda: itb.titrate(*T, hours_since_start=Duration("2 h")), itb.InputError, "invalid_value", "hours_since_start", ("Duration('2 h')", "hours")),  # type: ignore[arg-type]
    (lambda: itb.titrate(*T, pump_programmable=1), itb.InputError, "invalid_value", "pump_programmable", ("1 is not True or False",)),  # type: ignore[arg-type]
    (lambda: itb.titrate(*T, pump_programmable="no"), itb.InputError, "invalid_value", "pump_programmable", ("'no'",)),  # type: ignore[arg-type]
    (lambda: itb.initial_daily_dose("us", "fifty mcg", "6 h"), itb.InputError, "invalid_value", "effective_bolus", ("fifty",)),
    # not_finite
    (lambda: itb.titrate("us", "200 mcg/day", float("nan"), "spinal", "titration"), itb.InputError, "not_finite", "change_percent", ("nan is not a finite number",)),
    (lambda: itb.titrate("us", "200 mcg/day", float("-inf"), "spinal", "titration"), itb.InputError, "not_finite", "change_percent", ("-inf",)),
    (lambda: itb.titrate("us", "200 mcg/day", 10**400, "spinal", "titration"), itb.InputError, "not_finite", "change_percent", ("not a finite number",)),
    (lambda: itb.screening_plan("uk", age_years=float("inf")), itb.InputError, "not_finite", "age_years", ("inf",)),
    (lambda: itb.titrate(*T, hours_since_last_change=float("nan")), itb.InputError, "not_finite", "hours_since_last_change", ("nan",)),
    (lambda: itb.screening_plan("us", hours_since_last_dose=float("inf")), itb.InputError, "not_finite", "hours_since_last_dose", ("inf",)),
    (lambda: itb.screening_plan("us", hours_since_last_dose="12 h"), itb.InputError, "invalid_value", "hours_since_last_dose", ("'12 h' is not a plain number", "hours")),  # type: ignore[arg-type]
    (lambda: itb.initial_daily_dose("us", "50 mcg", "NaN h"), itb.InputError, "not_finite", "effect_duration", ("not a finite number",)),
    # out_of_range: −100 % or less (stopping is not a titration step), an age above 150, zero boluses
    (lambda: itb.titrate("us", "200 mcg/day", -100, "spinal", "titration"), itb.InputError, "out_of_range", "change_percent", ("-100 %", "more than -100 %")),
    (lambda: itb.titrate("us", "200 mcg/day", -150.5, "spinal", "titration"), itb.InputError, "out_of_range", "change_percent", ("-150.5 %",)),
    (lambda: itb.screening_plan("uk", age_years=151), itb.InputError, "out_of_range", "age_years", ("151 years", "from 0 to 150")),
    (lambda: itb.screening_plan("us", start_dose="0 mcg"), itb.InputError, "out_of_range", "start_dose", ("0 mcg", "above 0 mcg")),
    (lambda: itb.initial_daily_dose("us", Mass("0 mg"), "6 h"), itb.InputError, "out_of_range", "effective_bolus", ("0 mcg", "above 0 mcg")),
    # negative
    (lambda: itb.screening_plan("us", age_years=-1), itb.InputError, "negative", "age_years", ("is negative (-1 years)", "0 or more")),
    (lambda: itb.titrate(*T, age_years=-0.5), itb.InputError, "negative", "age_years", ("-0.5",)),
    (lambda: itb.titrate(*T, hours_since_start=-2), itb.InputError, "negative", "hours_since_start", ("is negative (-2 h)",)),
    (lambda: itb.titrate("us", "-200 mcg/day", 10, "spinal", "titration"), itb.InputError, "negative", "current_daily_dose", ("-200 mcg/day",)),
    (lambda: itb.initial_daily_dose("uk", "50 mcg", "-6 h"), itb.InputError, "negative", "effect_duration", ("-6 h",)),
    (lambda: itb.screening_plan("uk", hours_since_last_dose=-1), itb.InputError, "negative", "hours_since_last_dose", ("-1 h",)),
    # zero: an effect of zero is no response, and no candidate for infusion
    (lambda: itb.initial_daily_dose("uk", "50 mcg", "0 min"), itb.InputError, "zero", "effect_duration", ("0 h",)),
    # zero: a daily dose of zero is a stopped pump; a zero concentration divides
    (lambda: itb.titrate("us", "0 mcg/day", 10, "spinal", "titration"), itb.InputError, "zero", "current_daily_dose", ("0 mcg/day", "above 0 mcg/day")),
    (lambda: itb.screening_plan("us", concentration="0 mcg/mL"), itb.InputError, "zero", "concentration", ("0 mcg/mL",)),
    # units
    (lambda: itb.initial_daily_dose("us", "50 mcg/mL", "10 h"), itb.UnitError, "unit_mismatch", "effective_bolus", ("mcg/mL is a concentration", "not a mass")),
    (lambda: itb.initial_daily_dose("us", DoseRate("50 mcg/day"), "10 h"), itb.UnitError, "unit_mismatch", "effective_bolus", ("mcg/day is a dose rate",)),  # type: ignore[arg-type]
    (lambda: itb.initial_daily_dose("us", "50 mcg", "10 mL"), itb.UnitError, "unit_mismatch", "effect_duration", ("not a duration",)),
    (lambda: itb.titrate("us", "200 mcg", 10, "spinal", "titration"), itb.UnitError, "unit_mismatch", "current_daily_dose", ("mcg is a mass", "not a dose rate")),
    (lambda: itb.screening_plan("us", concentration="50 mcg"), itb.UnitError, "unit_mismatch", "concentration", ("not a concentration",)),
    (lambda: itb.initial_daily_dose("us", 50, "10 h"), itb.UnitError, "unit_required", "effective_bolus", ("50 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.titrate("us", 200, 10, "spinal", "titration"), itb.UnitError, "unit_required", "current_daily_dose", ("200 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.screening_plan("us", start_dose="50"), itb.UnitError, "unit_required", "start_dose", ("without a unit",)),
    (lambda: itb.initial_daily_dose("us", "50 mcg", "1 fortnight"), itb.UnitError, "unit_unknown", "effect_duration", ("fortnight",)),
    # year is output only: a Duration in years is refused as an argument, as the protocol does
    (lambda: itb.initial_daily_dose("us", "50 mcg", Duration(0.5, "year")), itb.UnitError, "unit_unknown", "effect_duration", ("0.5 year", "day, h, min")),
]  # fmt: skip


@pytest.mark.parametrize(("call", "cls", "code", "field", "fragments"), RAISED)
def test_raises(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(cls) as info:
        call()
    error = info.value
    assert (error.code, error.field) == (code, field)
    message = str(error)
    assert message.startswith(field), message
    for fragment in fragments:
        assert fragment in message, message


def test_raised_codes_cover_every_error_the_dosing_functions_can_meet() -> None:
    # missing_field cannot happen: a missing argument is Python's TypeError
    assert {code for _, _, code, _, _ in RAISED} == {
        "unit_required", "unit_unknown", "unit_mismatch", "not_finite", "negative", "zero",
        "out_of_range", "invalid_value",
    }  # fmt: skip


# --- the golden vectors through the typed functions ------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "screening_plan": itb.screening_plan,
    "initial_daily_dose": itb.initial_daily_dose,
    "titrate": itb.titrate,
}
# With two bad arguments the typed functions may name another one first: they check each
# argument's type, unit and sign in order, and the core's rules (a zero bolus, a change of
# -100 %) once every argument is read.
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_dosing_golden_cases_are_typed_calls() -> None:
    by_op = {op: sum(1 for c, _ in GOLDEN if isinstance(c.request, dict) and c.request["op"] == op) for op in FUNCTIONS}
    assert min(by_op.values()) >= 20, by_op
    assert len(GOLDEN) >= 160


@pytest.mark.parametrize(("case", "args"), GOLDEN, ids=[c.id for c, _ in GOLDEN])
def test_golden_case_through_the_typed_function(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    call = FUNCTIONS[case.request["op"]]
    if case.expect["ok"]:
        result = call(**args)  # also pairs each finding with its limit, or raises
        assert compare_response(case.expect, result.to_dict(), case.tolerance) == []
        return
    with pytest.raises(itb.ItbError) as info:
        call(**args)
    assert (info.value.code, info.value.field) == (case.expect["error"]["code"], case.expect["error"]["field"])
