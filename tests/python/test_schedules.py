"""titration_schedule and taper_schedule (protocol version 2) through the Python API:
hand-worked steps, every finding with its severity and limit, the errors, the result objects,
and the golden vectors through the typed functions.

Worked by hand from the rules of docs/RULES.md and docs/PROTOCOL.md:
- titration schedule (001 Dosage/Dose-Titration Phase; the profile's guideline as in titrate):
  each step the previous × (1 + s/100) going up, × (1 − s/100) going down, never past the
  target; one step per interval, 1 day (2 days under uk with a non-programmable pump); default
  s: the profile's largest increase (titration spinal 30, cerebral 15; maintenance spinal 40
  us / 30 uk, cerebral 20), 20 for a decrease.
- taper (001 Administration/Delivery regimen: a gradual reduction over 2 to 4 weeks; resume at
  the initial dose): n = floor(duration / interval) equal reductions, step k at k × interval to
  current − k × (current − target) / n; under 14 days soft, a taper to zero info.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import DoseRate, Duration, Ratio


def codes(result: Any) -> dict[str, tuple[str, itb.Quantity, itb.Quantity | None]]:
    return {f.code: (f.severity, f.subject, f.limit) for f in result.findings}


def plan(schedule: itb.TitrationSchedule | itb.TaperSchedule) -> list[tuple[float, float]]:
    """The steps as (day, mcg/day)."""
    return [(s.at.to("day"), s.daily_dose.to("mcg/day")) for s in schedule.steps]


# --- titration_schedule --------------------------------------------------------------------------


def test_titration_up_by_the_profiles_largest_step() -> None:
    # uk spinal titration, +30 % a day: 100 × 1.3 = 130, 130 × 1.3 = 169, 169 × 1.3 = 219.7 is
    # past 200, so 200 on day 3
    s = itb.titration_schedule("uk", "spinal", "titration", "100 mcg/day", DoseRate("0.2 mg/day"))
    assert plan(s) == [(1, 130), (2, 169), (3, 200)]
    assert [(x.at.unit, x.daily_dose.unit) for x in s.steps] == [("day", "mcg/day")] * 3
    assert (s.step_count, s.step_percent, s.interval, s.days_to_target) == (3, 30, Duration("1 day"), Duration("3 day"))
    assert (s.findings, s.allowed) == ((), True)


def test_a_non_programmable_pump_under_uk_steps_every_two_days() -> None:
    # 001 Dosage/Dose-Titration Phase: 48 h between changes with a non-programmable pump
    s = itb.titration_schedule("uk", "spinal", "titration", "100 mcg/day", "200 mcg/day", pump_programmable=False)
    assert plan(s) == [(2, 130), (4, 169), (6, 200)]
    assert (s.interval, s.days_to_target) == (Duration("2 day"), Duration("6 day"))
    # the US label is silent on it: 1 day
    us = itb.titration_schedule("us", "spinal", "titration", "100 mcg/day", "200 mcg/day", pump_programmable=False)
    assert us.interval == Duration("1 day")


def test_titration_down_by_20_percent() -> None:
    # a decrease: 500 × 0.8 = 400, × 0.8 = 320, × 0.8 = 256 is past 300, so 300 on day 3;
    # 20 % is not above 20 %
    s = itb.titration_schedule("us", "spinal", "titration", "500 mcg/day", "300 mcg/day")
    assert plan(s) == [(1, 400), (2, 320), (3, 300)]
    assert (s.step_percent, s.findings) == (20, ())


def test_maintenance_spinal_us_steps_40_percent() -> None:
    # [SUMMARY-IT]: 100 × 1.4 = 140, × 1.4 = 196, then 274.4 is past 200: 200 on day 3
    s = itb.titration_schedule("us", "spinal", "maintenance", "100 mcg/day", "200 mcg/day")
    assert (plan(s), s.step_percent) == ([(1, 140), (2, 196), (3, 200)], 40)


def test_the_target_today_is_no_step() -> None:
    s = itb.titration_schedule("us", "cerebral", "titration", "200 mcg/day", "0.2 mg/day")
    assert (s.steps, s.step_count, s.days_to_target) == ((), 0, Duration("0 day"))
    assert s.findings == ()


def test_step_above_guideline() -> None:
    # us cerebral titration allows 15 %: 20 % is above it; 100 × 1.2 = 120, the target, day 1
    s = itb.titration_schedule("us", "cerebral", "titration", "100 mcg/day", "120 mcg/day", step_percent=20)
    assert plan(s) == [(1, 120)]
    assert codes(s) == {"step_above_guideline": ("soft", Ratio(20, "%"), Ratio(15, "%"))}
    assert (s.findings[0].source, s.allowed) == ("[SKY-NURSE]; [SAULINO-DOSE]", True)


def test_decrease_above_guideline() -> None:
    # 400 × 0.75 = 300, the target: a 25 % step is above 20 %
    s = itb.titration_schedule("uk", "spinal", "maintenance", "400 mcg/day", "300 mcg/day", step_percent=25)
    assert plan(s) == [(1, 300)]
    assert codes(s) == {"decrease_above_guideline": ("soft", Ratio(25, "%"), Ratio(20, "%"))}


def test_a_target_above_1000() -> None:
    # 1000 × 1.3 = 1300 is past 1100: 1100 on day 1, above 1000 mcg/day (titration: no range)
    s = itb.titration_schedule("us", "spinal", "titration", "1000 mcg/day", "1100 mcg/day")
    assert plan(s) == [(1, 1100)]
    assert codes(s) == {"daily_dose_above_1000": ("soft", DoseRate("1100 mcg/day"), None)}


def test_a_target_outside_the_maintenance_range() -> None:
    # uk child (10 < 18): 25–200 mcg/day; cerebral maintenance +20 %: 240, then 288 is past 250
    s = itb.titration_schedule("uk", "cerebral", "maintenance", "200 mcg/day", "250 mcg/day", age_years=10)
    assert plan(s) == [(1, 240), (2, 250)]
    assert codes(s) == {"outside_maintenance_range": ("soft", DoseRate("250 mcg/day"), DoseRate("200 mcg/day"))}
    # an adult's cerebral range is 22–1400: inside
    assert itb.titration_schedule("uk", "cerebral", "maintenance", "200 mcg/day", "250 mcg/day", age_years=30).findings == ()


@pytest.mark.parametrize(("profile", "severity", "allowed"), [("us", "soft", True), ("uk", "hard", False)])
def test_age_below_4_years(profile: itb.Profile, severity: str, allowed: bool) -> None:
    # 100 × 1.15 = 115, the target, day 1
    s = itb.titration_schedule(profile, "cerebral", "titration", "100 mcg/day", "115 mcg/day", age_years=3)
    assert plan(s) == [(1, 115)]
    assert codes(s) == {"age_below_4_years": (severity, Duration(3, "year"), Duration(4, "year"))}
    assert s.allowed is allowed


# --- taper_schedule ------------------------------------------------------------------------------


def test_taper_to_a_stop_in_four_days() -> None:
    # 400 / 4 = 100 mcg/day less each day: 300, 200, 100, 0. 4 days is under the label's 2
    # weeks (soft); a taper to zero: resume at the initial dose (info)
    t = itb.taper_schedule("400 mcg/day", "0 mcg/day", "4 day")
    assert plan(t) == [(1, 300), (2, 200), (3, 100), (4, 0)]
    assert [(x.at.unit, x.daily_dose.unit) for x in t.steps] == [("day", "mcg/day")] * 4
    assert (t.step_count, t.interval, t.interval.unit) == (4, Duration("1 day"), "day")
    assert codes(t) == {
        "taper_faster_than_label": ("soft", Duration("4 day"), Duration("14 day")),
        "resume_at_initial_dose": ("info", DoseRate("0 mcg/day"), None),
    }
    assert {f.source for f in t.findings} == {"001 Administration/Delivery regimen"}
    assert t.allowed is True


def test_taper_every_two_days_rounds_the_count_down() -> None:
    # floor(15 / 2) = 7 steps of 350 / 7 = 50 mcg/day: day 2 → 300 ... day 14 → 0. 15 days is
    # not under 14: only the resume reminder
    t = itb.taper_schedule("350 mcg/day", "0 mg/day", Duration("15 day"), interval="2 day")
    assert plan(t) == [(2, 300), (4, 250), (6, 200), (8, 150), (10, 100), (12, 50), (14, 0)]
    assert (t.step_count, t.interval) == (7, Duration("2 day"))
    assert set(codes(t)) == {"resume_at_initial_dose"}


def test_taper_over_two_weeks_to_a_lower_dose() -> None:
    # 14 steps of (300 − 100) / 14 = 14.2857142857 mcg/day: day 1 → 285.714285714, day 7 → 200,
    # day 14 → exactly 100. Exactly 14 days is not under 14: no finding
    t = itb.taper_schedule("300 mcg/day", "100 mcg/day", "14 day")
    assert t.step_count == 14
    assert t.steps[0].daily_dose.to("mcg/day") == pytest.approx(300 - 200 / 14, rel=1e-11)
    assert plan(t)[6] == (7, 200)
    assert plan(t)[-1] == (14, 100)
    assert (t.findings, t.allowed) == ((), True)


def test_taper_intervals_in_hours() -> None:
    # every 12 h (0.5 day) over 3 days: 6 steps of 100 mcg/day from 600
    t = itb.taper_schedule("600 mcg/day", "0 mcg/day", "3 day", interval="12 h")
    assert plan(t) == [(0.5, 500), (1, 400), (1.5, 300), (2, 200), (2.5, 100), (3, 0)]
    assert (t.interval, t.interval.unit) == (Duration("0.5 day"), "day")


# --- result objects ------------------------------------------------------------------------------

REQUESTS = [
    (lambda: itb.titration_schedule("uk", "spinal", "titration", "100 mcg/day", "200 mcg/day", pump_programmable=False, age_years=3),
     {"op": "titration_schedule", "profile": "uk", "origin": "spinal", "phase": "titration", "current_daily_dose": "100 mcg/day",
      "target_daily_dose": "200 mcg/day", "pump_programmable": False, "age_years": 3}),
    (lambda: itb.titration_schedule("us", "spinal", "titration", "500 mcg/day", "300 mcg/day", step_percent=25),
     {"op": "titration_schedule", "profile": "us", "origin": "spinal", "phase": "titration", "current_daily_dose": "500 mcg/day",
      "target_daily_dose": "300 mcg/day", "step_percent": 25}),
    (lambda: itb.titration_schedule("us", "spinal", "titration", "200 mcg/day", "200 mcg/day"),
     {"op": "titration_schedule", "profile": "us", "origin": "spinal", "phase": "titration", "current_daily_dose": "200 mcg/day",
      "target_daily_dose": "200 mcg/day"}),
    (lambda: itb.taper_schedule("400 mcg/day", "0 mcg/day", "4 day"),
     {"op": "taper_schedule", "current_daily_dose": "400 mcg/day", "target_daily_dose": "0 mcg/day", "duration": "4 day"}),
    (lambda: itb.taper_schedule("600 mcg/day", "100 mcg/day", "3 day", interval="12 h"),
     {"op": "taper_schedule", "current_daily_dose": "600 mcg/day", "target_daily_dose": "100 mcg/day", "duration": "3 day", "interval": "12 h"}),
]  # fmt: skip


@pytest.mark.parametrize(("call", "request_"), REQUESTS)
def test_to_dict_is_the_protocol_response(call: Callable[[], Any], request_: dict[str, Any]) -> None:
    result = call()
    assert result.to_dict() == itb.evaluate(request_)
    assert result.to_dict()["ok"] is True


def test_schedules_are_frozen_readable_and_picklable() -> None:
    s = itb.titration_schedule("uk", "spinal", "titration", "100 mcg/day", "200 mcg/day")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.step_count = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.steps[0].daily_dose = DoseRate("1 mcg/day")  # type: ignore[misc]
    assert repr(s).startswith(
        "TitrationSchedule(steps=(DoseStep(at=Duration('1 day'), daily_dose=DoseRate('130 mcg/day')), "
    )
    assert "step_count=3, days_to_target=Duration('3 day'), step_percent=30.0, interval=Duration('1 day')" in repr(s)
    assert pickle.loads(pickle.dumps(s)) == s
    t = itb.taper_schedule("400 mcg/day", "0 mcg/day", "4 day")
    assert pickle.loads(pickle.dumps(t)) == t
    assert hash(t) == hash(itb.taper_schedule("0.4 mg/day", "0 mcg/day", "96 h"))
    assert [str(x.daily_dose) for x in t.steps] == ["300 mcg/day", "200 mcg/day", "100 mcg/day", "0 mcg/day"]


def test_every_schedule_finding_is_raised_through_the_python_api() -> None:
    # each from a call worked by hand above
    raised = {
        f.code
        for r in (
            itb.taper_schedule("400 mcg/day", "0 mcg/day", "4 day"),
            itb.titration_schedule("us", "cerebral", "titration", "100 mcg/day", "120 mcg/day", step_percent=20),
            itb.titration_schedule("uk", "spinal", "maintenance", "400 mcg/day", "300 mcg/day", step_percent=25),
            itb.titration_schedule("uk", "cerebral", "maintenance", "200 mcg/day", "250 mcg/day", age_years=3),
            itb.titration_schedule("us", "spinal", "titration", "1000 mcg/day", "1100 mcg/day"),
        )
        for f in r.findings
    }
    assert raised == {
        "taper_faster_than_label", "resume_at_initial_dose", "step_above_guideline", "decrease_above_guideline",
        "outside_maintenance_range", "age_below_4_years", "daily_dose_above_1000",
    }  # fmt: skip


# --- errors --------------------------------------------------------------------------------------

S: tuple[itb.Profile, itb.Origin, itb.Phase] = ("us", "spinal", "titration")

RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    # units: a bare number is never a dose
    (lambda: itb.titration_schedule(*S, 100, "200 mcg/day"), itb.UnitError, "unit_required", "current_daily_dose", ("100 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule(*S, "100 mcg/day", 200.0), itb.UnitError, "unit_required", "target_daily_dose", ("200 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg"), itb.UnitError, "unit_mismatch", "target_daily_dose", ("not a dose rate",)),
    (lambda: itb.taper_schedule(400, "0 mcg/day", "4 day"), itb.UnitError, "unit_required", "current_daily_dose", ("400 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.taper_schedule("400 mcg/day", "0 mcg/day", 4), itb.UnitError, "unit_required", "duration", ("4 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.taper_schedule("400 mcg/day", "0 mcg/day", "4 day", interval="1 week"), itb.UnitError, "unit_unknown", "interval", ("week",)),
    # invalid_value: ids and plain numbers
    (lambda: itb.titration_schedule("US", "spinal", "titration", "100 mcg/day", "200 mcg/day"), itb.InputError, "invalid_value", "profile", ("'US'", "us, uk")),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule("us", "lumbar", "titration", "100 mcg/day", "200 mcg/day"), itb.InputError, "invalid_value", "origin", ("'lumbar'", "spinal, cerebral")),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule("us", "spinal", "taper", "100 mcg/day", "200 mcg/day"), itb.InputError, "invalid_value", "phase", ("'taper'", "titration, maintenance")),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", step_percent="30 %"), itb.InputError, "invalid_value", "step_percent", ("'30 %' is not a plain number",)),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", pump_programmable="yes"), itb.InputError, "invalid_value", "pump_programmable", ("'yes'",)),  # type: ignore[arg-type]
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", step_percent=float("nan")), itb.InputError, "not_finite", "step_percent", ("nan",)),
    # the step: above 0, below 100 going down, at most 365 steps
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", step_percent=0), itb.InputError, "zero", "step_percent", ("0 %",)),
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", step_percent=-10), itb.InputError, "negative", "step_percent", ("-10 %",)),
    (lambda: itb.titration_schedule(*S, "200 mcg/day", "100 mcg/day", step_percent=100), itb.InputError, "out_of_range", "step_percent", ("100 %", "below 100 %")),
    # 10 → 1000 mcg/day by 1 %: ln 100 / ln 1.01 = 463 steps, more than 365
    (lambda: itb.titration_schedule(*S, "10 mcg/day", "1000 mcg/day", step_percent=1), itb.InputError, "out_of_range", "step_percent", ("365 steps",)),
    (lambda: itb.titration_schedule(*S, "0 mcg/day", "200 mcg/day"), itb.InputError, "zero", "current_daily_dose", ("0 mcg/day",)),
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "0 mcg/day"), itb.InputError, "zero", "target_daily_dose", ("0 mcg/day",)),
    (lambda: itb.titration_schedule(*S, "100 mcg/day", "200 mcg/day", age_years=151), itb.InputError, "out_of_range", "age_years", ("151 years",)),
    # a taper reduces, over at least one interval, in at most 1,000 steps
    (lambda: itb.taper_schedule("300 mcg/day", "400 mcg/day", "14 day"), itb.InputError, "out_of_range", "target_daily_dose", ("400 mcg/day", "below current_daily_dose")),
    (lambda: itb.taper_schedule("300 mcg/day", "0.3 mg/day", "14 day"), itb.InputError, "out_of_range", "target_daily_dose", ("300 mcg/day",)),
    (lambda: itb.taper_schedule("300 mcg/day", "100 mcg/day", "12 h"), itb.InputError, "out_of_range", "duration", ("0.5 day", "at least one interval")),
    (lambda: itb.taper_schedule("300 mcg/day", "100 mcg/day", "50 day", interval="1 h"), itb.InputError, "out_of_range", "interval", ("1,000 steps",)),
    (lambda: itb.taper_schedule("300 mcg/day", "100 mcg/day", "0 day"), itb.InputError, "zero", "duration", ("0 day",)),
    (lambda: itb.taper_schedule("300 mcg/day", "100 mcg/day", "14 day", interval="0 h"), itb.InputError, "zero", "interval", ("0 day",)),
    (lambda: itb.taper_schedule("0 mcg/day", "0 mcg/day", "14 day"), itb.InputError, "zero", "current_daily_dose", ("0 mcg/day",)),
    (lambda: itb.taper_schedule("300 mcg/day", "-100 mcg/day", "14 day"), itb.InputError, "negative", "target_daily_dose", ("-100 mcg/day",)),
]  # fmt: skip


@pytest.mark.parametrize(("call", "cls", "code", "field", "fragments"), RAISED)
def test_raises(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(cls) as info:
        call()
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field), message
    for fragment in fragments:
        assert fragment in message, message


# --- the golden vectors through the typed functions ------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "titration_schedule": itb.titration_schedule,
    "taper_schedule": itb.taper_schedule,
}
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_schedule_golden_cases_are_typed_calls() -> None:
    by_op = {op: sum(1 for c, _ in GOLDEN if isinstance(c.request, dict) and c.request["op"] == op) for op in FUNCTIONS}
    assert min(by_op.values()) >= 20, by_op


@pytest.mark.parametrize(("case", "args"), GOLDEN, ids=[c.id for c, _ in GOLDEN])
def test_golden_case_through_the_typed_function(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    call = FUNCTIONS[case.request["op"]]
    if case.expect["ok"]:
        result = call(**args)
        assert compare_response(case.expect, result.to_dict(), case.tolerance) == []
        return
    with pytest.raises(itb.ItbError) as info:
        call(**args)
    assert (info.value.code, info.value.field) == (case.expect["error"]["code"], case.expect["error"]["field"])
