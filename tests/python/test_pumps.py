"""Pumps and refills (issue 4) through the Python API: hand-worked values, refill dates, every
new finding with its subject and limit, every error kind, result objects, and the golden
vectors through the typed functions.

Worked by hand from the rules of docs/RULES.md (sources as in docs/SOURCES.md) and docs/PROTOCOL.md:
- flow = daily dose / concentration (mL/day); a flex schedule's daily dose = Σ rate × hours.
- days to alarm = max(0, (fill − alarm) / flow); to empty = fill / flow; due = min(days to
  alarm − lead time, max residence); drug = fill × concentration; containers = drug / drug per
  container, rounded up. Earliest alarm = max(0, (fill − alarm) / (flow × (1 + accuracy /
  100))), accuracy SynchroMed 14.5 %, Prometra 15 % ([MDT-FSN16]; [MDT-FSN14]);
  alarm_before_due (info) when it is before the refill is due.
- withdrawal risk factors (002 Boxed Warning): any raises withdrawal_risk (soft, its subject
  counts them), and a late refill or an empty reservoir then names the early signs.
- screening_strength_in_pump (soft; 001 Administration): exactly 50 mcg/mL in a pump.
- reconcile: expected = fill − flow × elapsed (at least 0); discrepancy = aspirated − expected;
  implied flow = (fill − aspirated) / elapsed; delivery error = (implied / flow − 1) × 100 %.
- night boost: base / 24 per hour, × (1 + boost); both times moved earlier by the lead time.
- catheter: (110 − trimmed) cm × 0.0026 mL/cm. Bridge: dead space / old flow; skipped, dose ×
  old / new for dead space / new flow. Constant flow: reservoir / flow days at dose / flow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import pickle
from typing import Any, Callable, get_args, get_type_hints
from zoneinfo import ZoneInfo

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import Concentration, Count, DoseRate, Duration, FlowRate, Length, Mass, Ratio, Volume

# synchromed_ii_20 at 2000 mcg/mL and 500 mcg/day: the worked refill, derived from [ARCHIMEDES];
# alarm at 2 mL [RESID-2004]
PUBLISHED: tuple[itb.PumpModel, str, str] = ("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day")


def codes(result: Any) -> dict[str, tuple[str, itb.Quantity, itb.Quantity | None]]:
    return {f.code: (f.severity, f.subject, f.limit) for f in result.findings}


# --- refill_plan ---------------------------------------------------------------------------------


def test_refill_plan_published_example() -> None:
    # 500 / 2000 = 0.25 mL/day; (20 − 2) / 0.25 = 72 days; 20 / 0.25 = 80; due 72 − 7 = 65;
    # 20 × 2000 = 40,000 mcg: one 20 mL ampoule of 40,000 mcg, four 5 mL of 10,000, none left
    plan = itb.refill_plan(*PUBLISHED)
    assert plan.flow_rate == FlowRate("0.25 mL/day") and plan.flow_rate.unit == "mL/day"
    assert (plan.days_to_alarm.to("day"), plan.days_to_empty.to("day"), plan.refill_due.to("day")) == (72, 80, 65)
    assert [str(d) for d in (plan.days_to_alarm, plan.days_to_empty, plan.refill_due)] == ["72 days", "80 days", "65 days"]
    assert (plan.drug_amount, str(plan.drug_amount)) == (Mass("40 mg"), "40,000 mcg")
    assert plan.daily_dose == DoseRate("500 mcg/day")
    assert [(c.product, c.count, c.drawn_volume.to("mL"), c.waste.to("mL")) for c in plan.containers] == [
        ("itb_2000mcg_20ml", 1, 20, 0),
        ("itb_2000mcg_5ml", 4, 20, 0),
    ]
    assert (plan.allowed, plan.alarm_at, plan.due_at) == (True, None, None)
    # running 14.5 % fast: 18 / (0.25 × 1.145) = 62.88 days, before the refill due on day 65
    assert plan.earliest_alarm.to("day") == pytest.approx(18 / (0.25 * 1.145), rel=1e-11)
    assert (plan.earliest_alarm.unit, str(plan.earliest_alarm)) == ("day", "62.88 days")
    assert codes(plan) == {"alarm_before_due": ("info", plan.earliest_alarm, Duration("65 day"))}
    (f,) = plan.findings
    assert f.source == "[MDT-FSN16]; [MDT-FSN14]"
    assert "62.88 days" in f.message and "65 days" in f.message


def test_refill_plan_in_other_units_is_the_same_plan() -> None:
    # 2 mg/mL = 2000 mcg/mL, 0.5 mg/day = 500 mcg/day, 20 mL given explicitly
    plan = itb.refill_plan("synchromed_ii_20", Concentration(2, "mg/mL"), "0.5 mg/day", fill_volume=Volume("20 mL"))
    assert plan.to_dict() == itb.refill_plan(*PUBLISHED).to_dict()


def test_refill_interval_capped_by_stability() -> None:
    # 40 mL at 100 mcg/day: 0.05 mL/day; (40 − 2) / 0.05 = 760 days; 40 / 0.05 = 800; 760 − 7
    # = 753 > 180 → due in 180 days (info); 80,000 mcg: two 20 mL, eight 5 mL ampoules. The
    # earliest alarm, 38 / (0.05 × 1.145) = 663.76 days, is after the due date: no finding
    plan = itb.refill_plan("synchromed_ii_40", "2000 mcg/mL", "100 mcg/day")
    assert (plan.flow_rate.to("mL/day"), plan.days_to_alarm.to("day"), plan.days_to_empty.to("day")) == (0.05, 760, 800)
    assert plan.refill_due == Duration("180 day")
    assert codes(plan) == {"refill_interval_capped_by_stability": ("info", Duration("753 day"), Duration("180 day"))}
    assert plan.earliest_alarm.to("day") == pytest.approx(38 / (0.05 * 1.145), rel=1e-11)
    assert plan.allowed is True
    assert [(c.product, c.count) for c in plan.containers] == [("itb_2000mcg_20ml", 2), ("itb_2000mcg_5ml", 8)]


def test_alarm_volume_below_recommended() -> None:
    # alarm at 1.5 mL < 2 mL: (20 − 1.5) / 0.25 = 74 days; due 67; earliest 18.5 / (0.25 ×
    # 1.145) = 64.63 days
    plan = itb.refill_plan(*PUBLISHED, alarm_volume="1.5 mL")
    assert (plan.days_to_alarm.to("day"), plan.refill_due.to("day")) == (74, 67)
    found = codes(plan)
    assert found.pop("alarm_before_due") == ("info", plan.earliest_alarm, Duration("67 day"))
    assert plan.earliest_alarm.to("day") == pytest.approx(18.5 / (0.25 * 1.145), rel=1e-11)
    assert found == {"alarm_volume_below_recommended": ("soft", Volume("1.5 mL"), Volume("2 mL"))}


def test_refill_due_now_is_hard_at_exactly_zero_days() -> None:
    # fill 3.75 mL: (3.75 − 2) / 0.25 = 7 days to the alarm; 7 − 7 = 0 → due now, not allowed.
    # The earliest alarm, 1.75 / (0.25 × 1.145) = 6.11 days, is after it
    plan = itb.refill_plan(*PUBLISHED, fill_volume="3.75 mL")
    assert (plan.days_to_alarm.to("day"), plan.refill_due.to("day")) == (7, 0)
    assert codes(plan) == {"refill_due_now": ("hard", Duration("0 day"), None)}
    assert plan.allowed is False
    assert plan.earliest_alarm.to("day") == pytest.approx(1.75 / (0.25 * 1.145), rel=1e-11)
    assert "itching" not in plan.findings[0].message  # no risk factor known


def test_refill_already_late_has_a_negative_due() -> None:
    # fill 1.5 mL, below the 2 mL alarm: 0 days to the alarm; due 0 − 7 = −7 days
    plan = itb.refill_plan(*PUBLISHED, fill_volume="1.5 mL")
    assert (plan.days_to_alarm.to("day"), plan.days_to_empty.to("day"), plan.refill_due.to("day")) == (0, 6, -7)
    assert (str(plan.refill_due), repr(plan.refill_due)) == ("-7 days", "Duration(-7, 'day')")
    (due_now,) = plan.findings
    assert (due_now.code, due_now.severity, due_now.subject.to("day")) == ("refill_due_now", "hard", -7)


def test_prometra_is_not_labelled_for_baclofen() -> None:
    # Prometra II 20 mL: refill basis 3 mL: (20 − 3) / 0.25 = 68 days; due 61. Prometra is
    # accurate to ±15 %: the earliest alarm is 17 / (0.25 × 1.15) = 59.13 days
    plan = itb.refill_plan("prometra_ii_20", "2000 mcg/mL", "500 mcg/day")
    assert (plan.days_to_alarm.to("day"), plan.refill_due.to("day")) == (68, 61)
    found = codes(plan)
    assert found.pop("alarm_before_due") == ("info", plan.earliest_alarm, Duration("61 day"))
    assert plan.earliest_alarm.to("day") == pytest.approx(17 / (0.25 * 1.15), rel=1e-11)
    assert found == {"pump_not_labelled_for_baclofen": ("info", Volume("20 mL"), None)}
    assert plan.allowed is True


def test_too_many_steps_counts_steps() -> None:
    # 14 hourly steps of 10 mcg/h (the last runs 13:00 → 24:00): 240 mcg/day; 14 > 13. At
    # 0.12 mL/day the alarm is in 150 days, due 143; the earliest alarm 18 / (0.12 × 1.145) = 131
    steps = [(f"{h:02}:00", "10 mcg/h") for h in range(14)]
    plan = itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", steps=steps)
    assert plan.daily_dose == DoseRate("240 mcg/day")
    found = codes(plan)
    assert found.pop("alarm_before_due") == ("info", plan.earliest_alarm, Duration("143 day"))
    assert found == {"too_many_steps": ("soft", Count(14, "step"), Count(13, "step"))}
    assert plan.allowed is True
    # 13 steps are allowed
    assert [f.code for f in itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", steps=steps[:13]).findings] == ["alarm_before_due"]


def test_custom_fixed_flow_pump_allows_one_step() -> None:
    # 08:00–20:00 at 10 mcg/h = 120, 20:00–08:00 at 15 = 180: 300 mcg/day at 1000 = 0.3 mL/day;
    # (30 − 2) / 0.3 = 93.3333333333 days; two 20 mL ampoules of 1,000 mcg/mL (30,000 mcg)
    pump = itb.CustomPump("30 mL", "2 mL", programmable=False)
    plan = itb.refill_plan(pump, "1000 mcg/mL", steps=[("08:00", "10 mcg/h"), ("20:00", "15 mcg/h")])
    assert (plan.daily_dose.to("mcg/day"), plan.flow_rate.to("mL/day")) == (300, 0.3)
    assert plan.days_to_alarm.to("day") == 93.3333333333
    assert str(plan.days_to_alarm) == "93.33 days"
    assert [(c.product, c.count, c.waste.to("mL")) for c in plan.containers] == [("itb_1000mcg_20ml", 2, 10)]
    # the custom pump's accuracy, 14.5 % by default: 28 / (0.3 × 1.145) = 81.51 days, before the
    # refill due on day 93.33 − 7 = 86.33
    found = codes(plan)
    assert found.pop("alarm_before_due") == ("info", plan.earliest_alarm, plan.refill_due)
    assert plan.earliest_alarm.to("day") == pytest.approx(28 / (0.3 * 1.145), rel=1e-11)
    assert plan.refill_due.to("day") == pytest.approx(28 / 0.3 - 7, rel=1e-11)
    assert found == {"too_many_steps": ("soft", Count(2, "step"), Count(1, "step"))}
    as_dict = itb.refill_plan(
        {"reservoir": "30 mL", "low_alarm": "2 mL", "programmable": False},
        "1000 mcg/mL",
        steps=[{"start": "08:00", "rate": "10 mcg/h"}, {"start": "20:00", "rate": "15 mcg/h"}],
    )
    assert as_dict.to_dict() == plan.to_dict()


def test_a_night_boost_is_a_refill_schedule() -> None:
    # the boost's steps: 614.4 mcg/day / 2000 = 0.3072 mL/day; 18 / 0.3072 = 58.59375 days
    boost = itb.night_boost("576 mcg/day", 20, "22:00", "06:00")
    plan = itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", steps=boost.steps)
    assert (plan.daily_dose.to("mcg/day"), plan.flow_rate.to("mL/day"), plan.days_to_alarm.to("day")) == (614.4, 0.3072, 58.59375)


def test_every_new_finding_code_is_raised_through_the_python_api() -> None:
    # the nine finding codes of issue 4, each from a call worked by hand in the tests above
    results: list[itb.RefillPlan | itb.Reconciliation] = [
        itb.refill_plan("prometra_ii_20", "2000 mcg/mL", "500 mcg/day"),
        itb.refill_plan("synchromed_ii_40", "2000 mcg/mL", "100 mcg/day"),
        itb.refill_plan(*PUBLISHED, alarm_volume="1.5 mL"),
        itb.refill_plan(*PUBLISHED, fill_volume="3.75 mL"),
        itb.refill_plan(itb.CustomPump("30 mL", "2 mL", programmable=False), "1000 mcg/mL", steps=[("08:00", "10 mcg/h"), ("20:00", "15 mcg/h")]),
        itb.reconcile("20 mL", "30 day", "19 mL", daily_dose="180 mcg/day", concentration="500 mcg/mL"),
        itb.reconcile("20 mL", "60 day", "2 mL", flow_rate="0.25 mL/day"),
        itb.reconcile("20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day"),
    ]
    raised = {f.code for r in results for f in r.findings}
    assert raised >= {
        "pump_not_labelled_for_baclofen", "refill_interval_capped_by_stability", "alarm_volume_below_recommended",
        "refill_due_now", "too_many_steps", "residual_discrepancy", "over_delivery", "under_delivery",
        "reservoir_expected_empty",
    }  # fmt: skip


def test_every_version_2_pump_finding_is_raised_through_the_python_api() -> None:
    # each from a call worked by hand in the tests of this module
    results: list[itb.RefillPlan | itb.Reconciliation | itb.Bridge] = [
        itb.refill_plan(*PUBLISHED),
        itb.refill_plan(*PUBLISHED, fill_volume="3.75 mL", risk_factors=["prior_withdrawal"]),
        itb.refill_plan("synchromed_ii_20", "50 mcg/mL", "50 mcg/day"),
        itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "0.2 mL"),
    ]
    raised = {f.code for r in results for f in r.findings}
    assert raised >= {"alarm_before_due", "withdrawal_risk", "screening_strength_in_pump", "monitor_after_change"}


# --- withdrawal risk factors and the screening strength in a pump ------------------------------

SIGNS = ("itching", "fever")  # early withdrawal signs a message names for a patient at risk


@pytest.mark.parametrize(
    "factors",
    [
        ["prior_withdrawal"],
        [itb.RiskFactor.PRIOR_WITHDRAWAL],
        ("sci_t6_or_above", itb.RiskFactor.COMMUNICATION_DIFFICULTY, "prior_withdrawal"),
    ],
)
def test_withdrawal_risk_is_soft_and_a_late_refill_names_the_signs(factors: Any) -> None:
    # 002 Boxed Warning: fill 3.75 mL, due now (hard, as above); any risk factor: withdrawal_risk
    # (soft, its subject counts them), and the refill_due_now message names the early signs
    plan = itb.refill_plan(*PUBLISHED, fill_volume="3.75 mL", risk_factors=factors)
    assert codes(plan) == {
        "refill_due_now": ("hard", Duration("0 day"), None),
        "withdrawal_risk": ("soft", Count(len(factors), "step"), None),
    }
    due_now, risk = plan.findings
    assert all(sign in due_now.message for sign in SIGNS), due_now.message
    assert (risk.source, plan.allowed) == ("002 Boxed Warning", False)


def test_no_risk_factor_known_is_no_finding() -> None:
    # an empty list, like None, says no risk factor is known: the published plan, unchanged
    plan = itb.refill_plan(*PUBLISHED, risk_factors=[])
    assert plan.to_dict() == itb.refill_plan(*PUBLISHED).to_dict()
    assert "withdrawal_risk" not in codes(plan)


def test_an_empty_reservoir_names_the_signs_for_a_patient_at_risk() -> None:
    # 80 days at 0.25 mL/day empties 20 mL (hard, as above); two risk factors
    r = itb.reconcile(
        "20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day", risk_factors=[itb.RiskFactor.SCI_T6_OR_ABOVE, "communication_difficulty"]
    )
    assert codes(r) == {
        "reservoir_expected_empty": ("hard", Volume("0 mL"), None),
        "withdrawal_risk": ("soft", Count(2, "step"), None),
    }
    empty = r.findings[0]
    assert all(sign in empty.message for sign in SIGNS), empty.message
    plain = itb.reconcile("20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day")
    assert not any(sign in plain.findings[0].message for sign in SIGNS)


def test_risk_factors_are_the_cores() -> None:
    assert tuple(itb.RiskFactor) == itb._native.RISK_FACTORS
    assert itb.RiskFactor("prior_withdrawal") is itb.RiskFactor.PRIOR_WITHDRAWAL
    member = itb.RiskFactor.SCI_T6_OR_ABOVE
    assert isinstance(member, str) and (member.value, str(member), f"{member}") == ("sci_t6_or_above",) * 3


def test_the_screening_strength_in_a_pump() -> None:
    # 001 Administration: 50 mcg/mL is for bolus test injections, never a pump's reservoir.
    # synchromed_ii_20 at 50 mcg/day: 1 mL/day, alarm in 18 days, due 11; the earliest alarm,
    # 18 / 1.145 = 15.72 days, is after it
    plan = itb.refill_plan("synchromed_ii_20", "50 mcg/mL", "50 mcg/day")
    assert (plan.flow_rate.to("mL/day"), plan.days_to_alarm.to("day"), plan.refill_due.to("day")) == (1, 18, 11)
    strength = ("soft", Concentration("50 mcg/mL"), None)
    assert codes(plan) == {"screening_strength_in_pump": strength}
    assert plan.findings[0].source == "001 Administration"
    # reconcile, when it takes a concentration: 25 mcg/day at 50 mcg/mL = 0.5 mL/day; 30 days use
    # 15 mL, 5 mL left, 5 mL drawn: no discrepancy, 0 %
    r = itb.reconcile("20 mL", "30 day", "5 mL", daily_dose="25 mcg/day", concentration="50 mcg/mL")
    assert (r.discrepancy.to("mL"), r.delivery_error.to("%")) == (0, 0)
    assert codes(r) == {"screening_strength_in_pump": strength}
    assert itb.reconcile("20 mL", "30 day", "5 mL", flow_rate="0.5 mL/day").findings == ()
    # the bridge to it: the new concentration only. 100 / 500 = 0.2 mL/day, 100 / 50 = 2 mL/day
    b = itb.bridge_bolus("500 mcg/mL", "50 mcg/mL", "100 mcg/day", "0.2 mL")
    assert codes(b) == {"monitor_after_change": ("info", Concentration("50 mcg/mL"), None), "screening_strength_in_pump": strength}
    away = itb.bridge_bolus("50 mcg/mL", "500 mcg/mL", "100 mcg/day", "0.2 mL")
    assert codes(away) == {"monitor_after_change": ("info", Concentration("500 mcg/mL"), None)}


# --- refill dates --------------------------------------------------------------------------------

MARCH_1 = dt.datetime(2025, 3, 1, 9, 30)


def test_a_datetime_refill_gives_the_exact_alarm_and_due_moments() -> None:
    # 1 March 09:30 + 72 days = 12 May 09:30 (March 31 + April 30 = 61 days to 1 May, + 11);
    # + 65 days = 5 May 09:30
    plan = itb.refill_plan(*PUBLISHED, refill_at=MARCH_1)
    assert plan.alarm_at == dt.datetime(2025, 5, 12, 9, 30)
    assert plan.due_at == dt.datetime(2025, 5, 5, 9, 30)


def test_a_fraction_of_a_day_is_kept_for_a_datetime_and_rounded_down_for_a_date() -> None:
    # synchromed_ii_40 filled with 20.225 mL: (20.225 − 2) / 0.25 = 72.9 days; due 65.9.
    # 0.9 day = 21.6 h = 21:36. A date gets whole days, rounded down: +72 and +65
    plan = itb.refill_plan("synchromed_ii_40", "2000 mcg/mL", "500 mcg/day", fill_volume="20.225 mL", refill_at=dt.date(2025, 3, 1))
    assert (plan.days_to_alarm.to("day"), plan.refill_due.to("day")) == (72.9, 65.9)
    assert (plan.alarm_at, plan.due_at) == (dt.date(2025, 5, 12), dt.date(2025, 5, 5))
    assert type(plan.alarm_at) is dt.date
    exact = itb.refill_plan("synchromed_ii_40", "2000 mcg/mL", "500 mcg/day", fill_volume="20.225 mL", refill_at=dt.datetime(2025, 3, 1))
    assert (exact.alarm_at, exact.due_at) == (dt.datetime(2025, 5, 12, 21, 36), dt.datetime(2025, 5, 5, 21, 36))
    # a date is never later than the exact moment
    assert isinstance(exact.alarm_at, dt.datetime) and plan.alarm_at <= exact.alarm_at.date()


def test_an_overdue_refill_date_is_rounded_down_too() -> None:
    # fill 2.1 mL: (2.1 − 2) / 0.25 = 0.4 day to the alarm; due 0.4 − 7 = −6.6 days.
    # 1 March 00:00 − 6.6 days = 22 February 09:36; the date rounds down to −7: 22 February
    plan = itb.refill_plan(*PUBLISHED, fill_volume="2.1 mL", refill_at=dt.date(2025, 3, 1))
    assert (plan.refill_due.to("day"), plan.due_at) == (-6.6, dt.date(2025, 2, 22))
    exact = itb.refill_plan(*PUBLISHED, fill_volume="2.1 mL", refill_at=dt.datetime(2025, 3, 1))
    assert exact.due_at == dt.datetime(2025, 2, 22, 9, 36)
    assert exact.alarm_at == dt.datetime(2025, 3, 1, 9, 36)  # + 0.4 day = 9.6 h


def test_a_date_is_booked_by_the_cores_whole_days_rule() -> None:
    # itb.refill::whole_days, exported as _native.whole_days: rounded down after the snap to 12
    # significant digits, so float noise below a whole day is not a day less.
    whole_days = itb._native.whole_days
    assert whole_days(72.9, "day", "refill_at") == 72
    assert whole_days(71.99999999999999, "day", "refill_at") == 72
    assert whole_days(-6.6, "day", "refill_at") == -7
    assert whole_days(47, "h", "refill_at") == 1
    with pytest.raises(itb.InputError) as caught:
        whole_days(1e19, "day", "refill_at")
    assert (caught.value.code, caught.value.field) == ("out_of_range", "refill_at")
    assert "64-bit" in str(caught.value)
    with pytest.raises(itb.UnitError) as mismatch:
        whole_days(1, "mL", "refill_at")
    assert mismatch.value.code == "unit_mismatch"


def test_an_aware_datetime_counts_elapsed_time_across_daylight_saving() -> None:
    # London moves to BST on 30 March 2025. 1 March 09:30 GMT (09:30 UTC) + 72 × 24 h is
    # 12 May 09:30 UTC, which is 10:30 BST; + 65 days, 5 May 10:30 BST
    london = ZoneInfo("Europe/London")
    plan = itb.refill_plan(*PUBLISHED, refill_at=MARCH_1.replace(tzinfo=london))
    assert plan.alarm_at == dt.datetime(2025, 5, 12, 10, 30, tzinfo=london)
    assert isinstance(plan.alarm_at, dt.datetime) and plan.alarm_at.tzinfo is london
    assert plan.alarm_at.utcoffset() == dt.timedelta(hours=1)
    assert plan.due_at == dt.datetime(2025, 5, 5, 10, 30, tzinfo=london)
    # elapsed time is measured in UTC (Python subtracts two times of one zone on the wall clock)
    utc = dt.timezone.utc
    assert plan.alarm_at.astimezone(utc) - MARCH_1.replace(tzinfo=utc) == dt.timedelta(days=72)


# --- reconcile -----------------------------------------------------------------------------------

PUBLISHED_VISIT = ("20 mL", "60 day")  # filled 20 mL, 60 days ago


def test_reconcile_published_example() -> None:
    # expected 20 − 0.25 × 60 = 5 mL; discrepancy 3 − 5 = −2 mL; implied (20 − 3) / 60 =
    # 0.283333333333 mL/day; (0.283333 / 0.25 − 1) × 100 = +13.3333333333 %. Exactly 2 mL is
    # not above 2 mL, 13.3 % is within 14.5 %: no finding
    r = itb.reconcile(*PUBLISHED_VISIT, "3 mL", flow_rate="0.25 mL/day")
    assert (r.flow_rate, r.expected_volume) == (FlowRate("0.25 mL/day"), Volume("5 mL"))
    assert (r.discrepancy.to("mL"), str(r.discrepancy), repr(r.discrepancy)) == (-2, "-2 mL", "Volume(-2, 'mL')")
    assert (r.implied_flow_rate.to("mL/day"), str(r.implied_flow_rate)) == (0.283333333333, "0.2833 mL/day")
    assert (r.delivery_error.to("%"), str(r.delivery_error)) == (13.3333333333, "13.33 %")
    assert (r.findings, r.allowed) == ((), True)
    # the programmed flow may be given as a daily dose and concentration: 500 / 2000
    by_dose = itb.reconcile(*PUBLISHED_VISIT, "3 mL", daily_dose="500 mcg/day", concentration="2 mg/mL")
    assert (by_dose.flow_rate, by_dose.discrepancy, by_dose.delivery_error) == (r.flow_rate, r.discrepancy, r.delivery_error)


def test_residual_discrepancy_names_the_signed_discrepancy() -> None:
    # aspirated 2.9 mL: 2.9 − 5 = −2.1 mL, more than 2 mL; implied 17.1 / 60 = 0.285 mL/day,
    # +14 % (within 14.5 %)
    r = itb.reconcile(*PUBLISHED_VISIT, "2.9 mL", flow_rate="0.25 mL/day")
    assert (r.discrepancy.to("mL"), r.delivery_error.to("%")) == (-2.1, 14)
    ((code, (severity, subject, limit)),) = codes(r).items()
    assert (code, severity, repr(subject), limit) == ("residual_discrepancy", "soft", "Volume(-2.1, 'mL')", Volume("2 mL"))


def test_over_delivery_beyond_the_pump_accuracy() -> None:
    # aspirated 2 mL: 18 / 60 = 0.3 mL/day, +20 % > 14.5 %; discrepancy −3 mL is not above a
    # 3 mL threshold
    r = itb.reconcile(*PUBLISHED_VISIT, "2 mL", flow_rate="0.25 mL/day", threshold="3 mL")
    assert codes(r) == {"over_delivery": ("soft", Ratio(20, "%"), Ratio(14.5, "%"))}


@pytest.mark.parametrize(
    ("pump", "found"),
    [
        # 50 days at 0.25 = 12.5 mL programmed; 20 − 5.65 = 14.35 mL delivered: +14.8 %
        ("synchromed_ii_20", {"over_delivery": ("soft", Ratio(14.8, "%"), Ratio(14.5, "%"))}),
        ("prometra_ii_20", {"pump_not_labelled_for_baclofen": ("info", Volume("20 mL"), None)}),  # ±15 %
        (itb.CustomPump("20 mL", "2 mL", accuracy_percent=10), {"over_delivery": ("soft", Ratio(14.8, "%"), Ratio(10, "%"))}),
        ({"reservoir": "20 mL", "low_alarm": "2 mL", "accuracy_percent": 15}, {}),
    ],
)
def test_accuracy_is_the_pumps(pump: itb.Pump, found: dict[str, Any]) -> None:
    r = itb.reconcile("20 mL", "50 day", "5.65 mL", flow_rate="0.25 mL/day", pump=pump)
    assert r.delivery_error.to("%") == 14.8
    assert codes(r) == found


def test_under_delivery_sgouros_case() -> None:
    # 180 mcg/day at 500 mcg/mL = 0.36 mL/day; 30 days: 10.8 mL programmed, 20 − 10.8 = 9.2 mL
    # expected, 19 mL left: discrepancy 9.8 mL; 1 mL delivered: 1 / 10.8 − 1 = −90.7407407407 %
    r = itb.reconcile("20 mL", "30 day", "19 mL", daily_dose="180 mcg/day", concentration="500 mcg/mL")
    assert (r.expected_volume.to("mL"), r.discrepancy.to("mL")) == (9.2, 9.8)
    assert r.delivery_error.to("%") == -90.7407407407
    assert codes(r) == {
        "residual_discrepancy": ("soft", Volume("9.8 mL"), Volume("2 mL")),
        "under_delivery": ("soft", Ratio(90.7407407407, "%"), Ratio(14.5, "%")),
    }


def test_reservoir_expected_empty_is_hard() -> None:
    # 80 days at 0.25 = 20 mL: nothing should be left; 0 mL aspirated is no discrepancy, and the
    # delivery error then says nothing about the pump
    r = itb.reconcile("20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day")
    assert (r.expected_volume.to("mL"), r.discrepancy.to("mL")) == (0, 0)
    assert codes(r) == {"reservoir_expected_empty": ("hard", Volume("0 mL"), None)}
    assert r.allowed is False


def test_a_negative_result_cannot_be_given_back_as_an_argument() -> None:
    r = itb.reconcile(*PUBLISHED_VISIT, "3 mL", flow_rate="0.25 mL/day")
    with pytest.raises(itb.InputError) as info:
        itb.reconcile(*PUBLISHED_VISIT, "3 mL", flow_rate="0.25 mL/day", threshold=r.discrepancy)
    assert (info.value.code, info.value.field) == ("negative", "threshold")
    with pytest.raises(itb.InputError):
        Volume(-2, "mL")  # the constructor refuses what only a result may hold
    # pickled and compared like any quantity; converted with its sign
    assert pickle.loads(pickle.dumps(r.discrepancy)) == r.discrepancy
    assert hash(r.discrepancy) == hash(itb.reconcile("20 mL", "1440 h", "3 mL", flow_rate="0.25 mL/day").discrepancy)
    assert r.discrepancy != r.expected_volume
    assert itb.refill_plan(*PUBLISHED, fill_volume="1.5 mL").refill_due.to("h") == -168  # −7 × 24


# --- schedules -----------------------------------------------------------------------------------


def test_night_boost_published_example() -> None:
    # 576 / 24 = 24 mcg/h; +20 % = 28.8 mcg/h from 22:00 − 2 h = 20:00 to 06:00 − 2 h = 04:00
    # (8 h), 24 mcg/h otherwise (16 h): 28.8 × 8 + 24 × 16 = 230.4 + 384 = 614.4 mcg/day
    boost = itb.night_boost("576 mcg/day", 20, "22:00", "06:00")
    assert [(s.start, s.rate.to("mcg/h"), s.duration.to("h")) for s in boost.steps] == [("04:00", 24, 16), ("20:00", 28.8, 8)]
    assert [s.rate.unit for s in boost.steps] == ["mcg/h", "mcg/h"]
    assert (boost.daily_dose, str(boost.daily_dose)) == (DoseRate("614.4 mcg/day"), "614.4 mcg/day")
    assert (boost.findings, boost.allowed) == ((), True)


def test_night_boost_lead_time_and_a_reduction() -> None:
    # lead 0: boost at the effect times, 22:00–06:00; −25 % of 24 = 18 mcg/h for 8 h:
    # 18 × 8 + 24 × 16 = 144 + 384 = 528 mcg/day
    boost = itb.night_boost(DoseRate(24, "mcg/h"), -25, "22:00", "06:00", lead_time=Duration("0 min"))
    assert [(s.start, s.rate.to("mcg/h")) for s in boost.steps] == [("06:00", 24), ("22:00", 18)]
    assert boost.daily_dose.to("mcg/day") == 528


def test_night_boost_above_1000_mcg_per_day() -> None:
    # 960 / 24 = 40 mcg/h; +50 % = 60 for 8 h: 480 + 640 = 1120 mcg/day > 1000
    boost = itb.night_boost("960 mcg/day", 50, "22:00", "06:00")
    assert boost.daily_dose.to("mcg/day") == 1120
    assert codes(boost) == {"daily_dose_above_1000": ("soft", DoseRate("1120 mcg/day"), None)}


@pytest.mark.parametrize(
    "steps",
    [
        [("04:00", "24 mcg/h"), ("20:00", "28.8 mcg/h")],
        [{"start": "04:00", "rate": DoseRate("0.024 mg/h")}, {"start": "20:00", "rate": "691.2 mcg/day"}],
        (["04:00", "24 mcg/h"], ("20:00", DoseRate(28.8, "mcg/h"))),
        itb.night_boost("576 mcg/day", 20, "22:00", "06:00").steps,
    ],
)
def test_flex_daily_dose_published_schedule(steps: Any) -> None:
    # 24 mcg/h for 16 h + 28.8 mcg/h (691.2 mcg/day) for 8 h = 384 + 230.4 = 614.4 mcg/day
    flex = itb.flex_daily_dose(steps)
    assert flex.daily_dose == DoseRate("614.4 mcg/day")
    assert [(s.start, s.duration) for s in flex.steps] == [("04:00", Duration("16 h")), ("20:00", Duration("8 h"))]
    assert flex.findings == ()


def test_flex_one_step_lasts_a_day_and_the_last_wraps_midnight() -> None:
    # one step: 25 mcg/h × 24 h = 600; 22:00 → 06:00 is 8 h
    assert itb.flex_daily_dose([("13:17", "25 mcg/h")]).steps[0].duration == Duration("24 h")
    flex = itb.flex_daily_dose([("06:00", "24 mcg/h"), ("22:00", "28.8 mcg/h")])
    assert [s.duration.to("h") for s in flex.steps] == [16, 8]


# --- bolus and fills -----------------------------------------------------------------------------


def test_catheter_volume_published_prometra_trimmed_10_cm() -> None:
    # (110 − 10) cm × 0.0026 mL/cm = 0.26 mL
    v = itb.catheter_volume(catheter="prometra_ii", trimmed_length="10 cm")
    assert (v.volume, str(v.volume), v.findings) == (Volume("0.26 mL"), "0.26 mL", ())
    direct = itb.catheter_volume(implanted_length=Length("100 cm"), volume_per_length="0.0026 mL/cm")
    assert direct.volume == v.volume
    # untrimmed: 110 × 0.0026 = 0.286 mL; trimmed whole: 0 mL
    assert itb.catheter_volume(catheter="prometra_ii", trimmed_length="0 cm").volume.to("mL") == 0.286
    assert itb.catheter_volume(catheter="prometra_ii", trimmed_length="110 cm").volume.to("mL") == 0


def test_bridge_bolus_when_the_concentration_goes_up() -> None:
    # 400 / 500 = 0.8 mL/day, 400 / 2000 = 0.2 mL/day; 0.2 mL / 0.8 mL/day = 0.25 day = 6 h;
    # skipped: 400 × 500 / 2000 = 100 mcg/day for 0.2 / 0.2 = 1 day = 24 h
    b = itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "0.2 mL")
    assert b.required is True
    assert (b.old_flow_rate.to("mL/day"), b.new_flow_rate.to("mL/day")) == (0.8, 0.2)
    assert (b.bridge_duration, b.bridge_duration.unit) == (Duration("6 h"), "h")
    assert (b.unbridged_daily_dose, b.unbridged_duration) == (DoseRate("100 mcg/day"), Duration("24 h"))
    # a change of concentration: monitor closely (002 Warnings); its subject is the new one
    assert codes(b) == {"monitor_after_change": ("info", Concentration("2000 mcg/mL"), None)}
    assert (b.findings[0].source, b.allowed) == ("002 Warnings", True)


def test_no_bridge_between_equal_concentrations() -> None:
    # 2 mg/mL is 2000 mcg/mL; 500 / 2000 = 0.25 mL/day; 0.26 / 0.25 = 1.04 day = 24.96 h
    b = itb.bridge_bolus("2 mg/mL", "2000 mcg/mL", "500 mcg/day", "0.26 mL")
    assert (b.required, b.findings) == (False, ())  # no change: nothing to monitor
    assert (b.bridge_duration.to("h"), b.unbridged_daily_dose.to("mcg/day")) == (24.96, 500)


def test_constant_flow_fill_archimedes_worksheet() -> None:
    # 20 mL / 1 mL/day = 20 days; 400 / 1 = 400 mcg/mL; 20 × 400 = 8,000 mcg; 8,000 / 2,000 =
    # 4 mL of stock, 16 mL of diluent
    fill = itb.constant_flow_fill("20 mL", "1 mL/day", "400 mcg/day", "2000 mcg/mL")
    assert (fill.running_time, str(fill.running_time)) == (Duration("20 day"), "20 days")
    assert (fill.concentration, fill.drug_amount) == (Concentration("400 mcg/mL"), Mass("8000 mcg"))
    assert (fill.stock_volume.to("mL"), fill.diluent_volume.to("mL")) == (4, 16)
    assert fill.diluent == "preservative-free 0.9 % sodium chloride"
    assert (fill.findings, fill.allowed) == ((), True)
    # + 3 mL priming: 23 mL × 400 / 2000 = 4.6 mL stock, 18.4 mL diluent; the drug in the
    # reservoir stays 8,000 mcg
    primed = itb.constant_flow_fill("20 mL", "1 mL/day", "400 mcg/day", "2000 mcg/mL", priming_overage="3 mL")
    assert (primed.stock_volume.to("mL"), primed.diluent_volume.to("mL"), primed.drug_amount.to("mcg")) == (4.6, 18.4, 8000)


def test_constant_flow_fill_findings() -> None:
    # 1200 / 0.5 = 2400 mcg/mL, above 2000 (soft; the rule names no limit), from a compounded
    # 4000 mcg/mL stock; 1200 mcg/day is above 1000 (soft). 30 / 0.5 = 60 days
    fill = itb.constant_flow_fill("30 mL", "0.5 mL/day", "1200 mcg/day", "4000 mcg/mL")
    assert fill.running_time.to("day") == 60
    assert codes(fill) == {
        "concentration_above_commercial": ("soft", Concentration("2400 mcg/mL"), None),
        "daily_dose_above_1000": ("soft", DoseRate("1200 mcg/day"), None),
    }


# --- pumps, counts and ids -----------------------------------------------------------------------


def test_custom_pump_is_checked_frozen_and_picklable() -> None:
    pump = itb.CustomPump(Volume("30 mL"), "3 mL")
    assert (pump.reservoir, pump.low_alarm, pump.accuracy_percent, pump.programmable) == (Volume("30 mL"), Volume("3 mL"), 14.5, True)
    assert repr(pump) == "CustomPump(reservoir=Volume('30 mL'), low_alarm=Volume('3 mL'), accuracy_percent=14.5, programmable=True)"
    assert pump == itb.CustomPump("30 mL", Volume(3, "mL"), 14.5, True)
    assert pickle.loads(pickle.dumps(pump)) == pump
    with pytest.raises(dataclasses.FrozenInstanceError):
        pump.reservoir = Volume("40 mL")  # type: ignore[misc]


@pytest.mark.parametrize(
    "pump",
    [
        {"reservoir": "abc", "low_alarm": "2 mL", "accuracy_percent": "10"},  # the plain number first
        {"reservoir": "abc", "low_alarm": "30 mL"},  # the unreadable reservoir in its turn
        {"reservoir": "20 mL", "low_alarm": "2 kg"},
        {"reservoir": "2 mg", "low_alarm": "xyz"},
        {"reservoir": "20 mL", "low_alarm": "20 mL"},
    ],
)
def test_a_custom_pump_is_refused_as_the_protocol_refuses_its_pump_object(pump: dict[str, Any]) -> None:
    expected = itb.evaluate({"op": "refill_plan", "pump": pump, "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day"})
    with pytest.raises(itb.ItbError) as info:
        itb.refill_plan(pump, "2000 mcg/mL", "500 mcg/day")
    assert (info.value.code, info.value.field) == (expected["error"]["code"], expected["error"]["field"])


def test_the_custom_pump_accuracy_default_is_the_cores() -> None:
    # SynchroMed II's ±14.5 %, as the protocol applies to a pump object without one
    assert itb._native.DEFAULT_ACCURACY_PERCENT == 14.5
    r = itb.reconcile("20 mL", "60 day", "2 mL", flow_rate="0.25 mL/day", threshold="3 mL", pump={"reservoir": "20 mL", "low_alarm": "2 mL"})
    assert codes(r)["over_delivery"][2] == Ratio(14.5, "%")


def test_pump_and_catheter_ids_are_the_cores() -> None:
    from itb._arguments import ids

    models = ("synchromed_ii_20", "synchromed_ii_40", "prometra_20", "prometra_ii_20", "prometra_ii_40")
    assert ids(itb.PumpModel) == itb._native.PUMP_MODELS == models
    hints = get_type_hints(itb.catheter_volume)
    (literal, _) = get_args(hints["catheter"])  # Literal["prometra_ii"] | None
    assert get_args(literal) == itb._native.CATHETERS == ("prometra_ii",)


def test_step_counts_are_output_only_quantities() -> None:
    assert (str(Count(14, "step")), str(Count(1, "step")), Count(14, "step").to("step")) == ("14 steps", "1 step", 14)
    assert eval(repr(Count(13, "step")), {"Count": Count}) == Count(13, "step")
    bad: list[tuple[Callable[[], object], str]] = [
        (lambda: Count(2.5, "step"), "invalid_value"),
        (lambda: Count(-1, "step"), "negative"),
        (lambda: Count("14 steps"), "unit_unknown"),
        (lambda: Count(14, "mL"), "unit_mismatch"),
        (lambda: Count(float("nan"), "step"), "not_finite"),
        (lambda: itb.refill_plan(*PUBLISHED, fill_volume=Count(2, "step")), "unit_mismatch"),  # type: ignore[arg-type]
    ]
    for call, code in bad:
        with pytest.raises(itb.ItbError) as info:
            call()
        assert info.value.code == code


# --- result objects ------------------------------------------------------------------------------

# (the typed call, the same request with every default left to the core)
REQUESTS: list[tuple[Callable[[], Any], dict[str, Any]]] = [
    (lambda: itb.refill_plan(*PUBLISHED), {"op": "refill_plan", "pump": "synchromed_ii_20", "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day"}),
    (lambda: itb.night_boost("576 mcg/day", 20, "22:00", "06:00"), {"op": "night_boost", "base_daily_dose": "576 mcg/day", "boost_percent": 20, "effect_start": "22:00", "effect_end": "06:00"}),
    (lambda: itb.reconcile("20 mL", "60 day", "2 mL", flow_rate="0.25 mL/day", pump=itb.CustomPump("20 mL", "2 mL")),
     {"op": "reconcile", "fill_volume": "20 mL", "elapsed": "60 day", "flow_rate": "0.25 mL/day", "aspirated_volume": "2 mL", "pump": {"reservoir": "20 mL", "low_alarm": "2 mL"}}),
    (lambda: itb.constant_flow_fill("20 mL", "1 mL/day", "400 mcg/day", "2000 mcg/mL"), {"op": "constant_flow_fill", "reservoir": "20 mL", "flow_rate": "1 mL/day", "daily_dose": "400 mcg/day", "stock": "2000 mcg/mL"}),
    (lambda: itb.flex_daily_dose([("04:00", "24 mcg/h")]), {"op": "flex_daily_dose", "steps": [{"start": "04:00", "rate": "24 mcg/h"}]}),
    (lambda: itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "0.2 mL"), {"op": "bridge_bolus", "old_concentration": "500 mcg/mL", "new_concentration": "2000 mcg/mL", "daily_dose": "400 mcg/day", "dead_space": "0.2 mL"}),
    (lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length="10 cm"), {"op": "catheter_volume", "catheter": "prometra_ii", "trimmed_length": "10 cm"}),
    (lambda: itb.refill_plan(*PUBLISHED, fill_volume="3.75 mL", risk_factors=[itb.RiskFactor.PRIOR_WITHDRAWAL]),
     {"op": "refill_plan", "pump": "synchromed_ii_20", "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day", "fill_volume": "3.75 mL", "risk_factors": ["prior_withdrawal"]}),
    (lambda: itb.reconcile("20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day", risk_factors=("sci_t6_or_above",)),
     {"op": "reconcile", "fill_volume": "20 mL", "elapsed": "80 day", "flow_rate": "0.25 mL/day", "aspirated_volume": "0 mL", "risk_factors": ["sci_t6_or_above"]}),
    (lambda: itb.bridge_bolus("500 mcg/mL", "50 mcg/mL", "100 mcg/day", "0.2 mL"), {"op": "bridge_bolus", "old_concentration": "500 mcg/mL", "new_concentration": "50 mcg/mL", "daily_dose": "100 mcg/day", "dead_space": "0.2 mL"}),
]  # fmt: skip


@pytest.mark.parametrize(("call", "request_"), REQUESTS)
def test_to_dict_is_the_protocol_response_and_the_defaults_are_the_cores(call: Callable[[], Any], request_: dict[str, Any]) -> None:
    result = call()
    assert result.to_dict() == itb.evaluate(request_)
    assert result.to_dict()["ok"] is True


def test_results_are_frozen_readable_and_picklable() -> None:
    plan = itb.refill_plan(*PUBLISHED, fill_volume="1.5 mL", refill_at=dt.date(2025, 3, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.refill_due = Duration("1 day")  # type: ignore[misc]
    text = repr(plan)
    assert text.startswith("RefillPlan(flow_rate=FlowRate('0.25 mL/day'), days_to_alarm=Duration('0 day'), ")
    assert "refill_due=Duration(-7, 'day')" in text and "due_at=datetime.date(2025, 2, 22)" in text
    assert "subject=Duration(-7, 'day')" in text and "_response" not in text
    assert pickle.loads(pickle.dumps(plan)) == plan
    r = itb.reconcile("20 mL", "60 day", "2.9 mL", flow_rate="0.25 mL/day")
    assert pickle.loads(pickle.dumps(r)) == r
    assert "delivery_error=Ratio(14, '%')" in repr(r)


# --- errors --------------------------------------------------------------------------------------

STEPS = [("04:00", "24 mcg/h"), ("20:00", "28.8 mcg/h")]

# (call, exception class, code, field, fragments the message must contain)
RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    # out_of_range
    (lambda: itb.refill_plan(*PUBLISHED, fill_volume="20.5 mL"), itb.InputError, "out_of_range", "fill_volume", ("20.5 mL", "no larger than the pump's reservoir")),
    (lambda: itb.reconcile("25 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", pump="synchromed_ii_20"), itb.InputError, "out_of_range", "fill_volume", ("25 mL",)),
    (lambda: itb.reconcile("20 mL", "60 day", "20.5 mL", flow_rate="0.25 mL/day"), itb.InputError, "out_of_range", "aspirated_volume", ("20.5 mL", "no more than the volume filled")),
    (lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length="110.5 cm"), itb.InputError, "out_of_range", "trimmed_length", ("110.5 cm", "110 cm")),
    (lambda: itb.flex_daily_dose([("04:00", "24 mcg/h"), ("25:00", "30 mcg/h")]), itb.InputError, "out_of_range", "steps[1].start", ("00:00 to 23:59", "25:00")),
    (lambda: itb.flex_daily_dose([("24:00", "24 mcg/h")]), itb.InputError, "out_of_range", "steps[0].start", ("24:00",)),
    (lambda: itb.CustomPump("20 mL", "20 mL"), itb.InputError, "out_of_range", "pump.low_alarm", ("20 mL", "below the reservoir")),
    (lambda: itb.refill_plan({"reservoir": "20 mL", "low_alarm": "25 mL"}, "2000 mcg/mL", "500 mcg/day"), itb.InputError, "out_of_range", "pump.low_alarm", ("25 mL",)),
    (lambda: itb.refill_plan(*PUBLISHED, alarm_volume="20 mL"), itb.InputError, "out_of_range", "alarm_volume", ("20 mL",)),
    (lambda: itb.night_boost("576 mcg/day", -100, "22:00", "06:00"), itb.InputError, "out_of_range", "boost_percent", ("-100 %", "more than -100 %")),
    (lambda: itb.night_boost("576 mcg/day", 20, "22:00", "06:00", lead_time="24 h"), itb.InputError, "out_of_range", "lead_time", ("below 24 h",)),
    (lambda: itb.constant_flow_fill("20 mL", "0.5 mL/day", "1100 mcg/day", "2000 mcg/mL"), itb.InputError, "out_of_range", "stock", ("2,000 mcg/mL",)),
    (lambda: itb.refill_plan(*PUBLISHED, refill_at=dt.date(9999, 12, 1)), itb.InputError, "out_of_range", "refill_at", ("alarm", "9999-12-31")),
    # invalid_value
    (lambda: itb.flex_daily_dose([("08:00", "24 mcg/h"), ("20:00", "30 mcg/h"), ("06:00", "20 mcg/h")]), itb.InputError, "invalid_value", "steps[2].start", ("strictly increasing",)),
    (lambda: itb.flex_daily_dose([("08:00", "24 mcg/h"), ("08:00", "30 mcg/h")]), itb.InputError, "invalid_value", "steps[1].start", ("strictly increasing",)),
    (lambda: itb.flex_daily_dose([("7:5", "24 mcg/h")]), itb.InputError, "invalid_value", "steps[0].start", ("HH:MM", "7:5")),
    (lambda: itb.flex_daily_dose([]), itb.InputError, "invalid_value", "steps", ("at least one step",)),
    (lambda: itb.flex_daily_dose("04:00"), itb.InputError, "invalid_value", "steps", ("'04:00' is not a list of steps",)),  # type: ignore[arg-type]
    (lambda: itb.flex_daily_dose([("04:00", "24 mcg/h", "16 h")]), itb.InputError, "invalid_value", "steps[0]", ("is not a step", "(start, rate)")),  # type: ignore[list-item]
    (lambda: itb.flex_daily_dose([(400, "24 mcg/h")]), itb.InputError, "invalid_value", "steps[0].start", ("400 is not a time of day",)),  # type: ignore[list-item]
    (lambda: itb.refill_plan("synchromed_ii", "2000 mcg/mL", "500 mcg/day"), itb.InputError, "invalid_value", "pump", ("'synchromed_ii'", "synchromed_ii_20, synchromed_ii_40, prometra_20")),  # type: ignore[arg-type]
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", pump="medtronic"), itb.InputError, "invalid_value", "pump", ("'medtronic'",)),  # type: ignore[arg-type]
    (lambda: itb.catheter_volume(catheter="Prometra_II", trimmed_length="10 cm"), itb.InputError, "invalid_value", "catheter", ("'Prometra_II'", "prometra_ii")),  # type: ignore[arg-type]
    (lambda: itb.refill_plan(*PUBLISHED, steps=STEPS), itb.InputError, "invalid_value", "steps", ("daily_dose or steps, not both",)),
    (lambda: itb.night_boost("576 mcg/day", "20", "22:00", "06:00"), itb.InputError, "invalid_value", "boost_percent", ("'20' is not a plain number",)),  # type: ignore[arg-type]
    (lambda: itb.night_boost("576 mcg/day", 20, "22:00", "6am"), itb.InputError, "invalid_value", "effect_end", ("HH:MM", "6am")),
    (lambda: itb.night_boost("576 mcg/day", 20, "22:00", "22:00"), itb.InputError, "invalid_value", "effect_end", ("different from the start",)),
    (lambda: itb.refill_plan(*PUBLISHED, refill_at="2025-03-01"), itb.InputError, "invalid_value", "refill_at", ("'2025-03-01' is not a date",)),  # type: ignore[arg-type]
    (lambda: itb.CustomPump("20 mL", "2 mL", programmable="no"), itb.InputError, "invalid_value", "pump.programmable", ("'no'",)),  # type: ignore[arg-type]
    (lambda: itb.CustomPump("20 mL", "2 mL", accuracy_percent="10"), itb.InputError, "invalid_value", "pump.accuracy_percent", ("'10' is not a plain number",)),  # type: ignore[arg-type]
    # invalid_value: risk factors, named by element, read last (as the protocol reads them)
    (lambda: itb.refill_plan(*PUBLISHED, risk_factors=["prior_withdrawal", "fever"]), itb.InputError, "invalid_value", "risk_factors[1]", ("'fever'", "sci_t6_or_above, communication_difficulty, prior_withdrawal")),  # type: ignore[list-item]
    (lambda: itb.refill_plan(*PUBLISHED, risk_factors=["Prior_Withdrawal"]), itb.InputError, "invalid_value", "risk_factors[0]", ("'Prior_Withdrawal'", "case-sensitive")),  # type: ignore[list-item]
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", risk_factors=[1]), itb.InputError, "invalid_value", "risk_factors[0]", ("1 is not allowed",)),  # type: ignore[list-item]
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", risk_factors=[itb.RiskFactor.PRIOR_WITHDRAWAL, "prior_withdrawal"]), itb.InputError, "invalid_value", "risk_factors[1]", ("is repeated", "give each risk factor once", "sci_t6_or_above")),
    (lambda: itb.refill_plan(*PUBLISHED, risk_factors="prior_withdrawal"), itb.InputError, "invalid_value", "risk_factors", ("'prior_withdrawal' is not a list of risk factors",)),  # type: ignore[arg-type]
    (lambda: itb.refill_plan(*PUBLISHED, risk_factors=itb.RiskFactor.PRIOR_WITHDRAWAL), itb.InputError, "invalid_value", "risk_factors", ("is not a list of risk factors",)),  # type: ignore[arg-type]
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", risk_factors={"prior_withdrawal"}), itb.InputError, "invalid_value", "risk_factors", ("is not a list of risk factors",)),  # type: ignore[arg-type]
    (lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg", "500 mcg/day", risk_factors=["fever"]), itb.UnitError, "unit_mismatch", "concentration", ("not a concentration",)),  # type: ignore[list-item]
    # zero
    (lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "0 mcg/day"), itb.InputError, "zero", "daily_dose", ("0 mcg/day", "stopped pump")),
    (lambda: itb.refill_plan(*PUBLISHED, fill_volume="0 mL"), itb.InputError, "zero", "fill_volume", ("0 mL",)),
    (lambda: itb.CustomPump("0 mL", "2 mL"), itb.InputError, "zero", "pump.reservoir", ("0 mL", "above 0 mL")),
    (lambda: itb.reconcile("20 mL", "0 day", "3 mL", flow_rate="0.25 mL/day"), itb.InputError, "zero", "elapsed", ("0 days",)),
    (lambda: itb.flex_daily_dose([("04:00", "24 mcg/h"), ("20:00", "0 mcg/h")]), itb.InputError, "zero", "steps[1].rate", ("0 mcg/h",)),
    (lambda: itb.bridge_bolus("0 mcg/mL", "2000 mcg/mL", "400 mcg/day", "0.2 mL"), itb.InputError, "zero", "old_concentration", ("0 mcg/mL",)),
    (lambda: itb.constant_flow_fill("20 mL", "0 mL/day", "400 mcg/day", "2000 mcg/mL"), itb.InputError, "zero", "flow_rate", ("0 mL/day",)),
    # negative
    (lambda: itb.refill_plan(*PUBLISHED, lead_time="-1 day"), itb.InputError, "negative", "lead_time", ("-1 day",)),
    (lambda: itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "-0.2 mL"), itb.InputError, "negative", "dead_space", ("-0.2 mL",)),
    (lambda: itb.CustomPump("20 mL", "2 mL", accuracy_percent=-1), itb.InputError, "negative", "pump.accuracy_percent", ("-1 %",)),
    (lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length="-5 cm"), itb.InputError, "negative", "trimmed_length", ("-5 cm",)),
    (lambda: itb.flex_daily_dose([("04:00", DoseRate("24 mcg/h")), ("20:00", "-1 mcg/h")]), itb.InputError, "negative", "steps[1].rate", ("-1 mcg/h",)),
    # not_finite
    (lambda: itb.night_boost("576 mcg/day", float("nan"), "22:00", "06:00"), itb.InputError, "not_finite", "boost_percent", ("nan",)),
    (lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length="NaN cm"), itb.InputError, "not_finite", "trimmed_length", ("not a finite number",)),
    (lambda: itb.CustomPump("20 mL", "2 mL", accuracy_percent=float("inf")), itb.InputError, "not_finite", "pump.accuracy_percent", ("inf",)),
    # units
    (lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "0.25 mL/day"), itb.UnitError, "unit_mismatch", "daily_dose", ("mL/day is a flow rate", "not a dose rate")),
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", flow_rate=DoseRate("500 mcg/day")), itb.UnitError, "unit_mismatch", "flow_rate", ("not a flow rate",)),  # type: ignore[arg-type]
    (lambda: itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "100 cm"), itb.UnitError, "unit_mismatch", "dead_space", ("cm is a length",)),
    (lambda: itb.constant_flow_fill(20, "1 mL/day", "400 mcg/day", "2000 mcg/mL"), itb.UnitError, "unit_required", "reservoir", ("20 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.flex_daily_dose([("04:00", 24)]), itb.UnitError, "unit_required", "steps[0].rate", ("24 has no unit",)),  # type: ignore[list-item]
    (lambda: itb.reconcile("20 mL", "60 day", "3 cc", flow_rate="0.25 mL/day"), itb.UnitError, "unit_unknown", "aspirated_volume", ("cc",)),
    (lambda: itb.night_boost("576 mcg/day", 20, "22:00", "06:00", lead_time="1 week"), itb.UnitError, "unit_unknown", "lead_time", ("week",)),
    # missing_field: what a Python signature cannot require (one of two forms)
    (lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL"), itb.InputError, "missing_field", "daily_dose", ("daily_dose or steps",)),
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL"), itb.InputError, "missing_field", "daily_dose", ("or flow_rate",)),
    (lambda: itb.reconcile("20 mL", "60 day", "3 mL", daily_dose="500 mcg/day"), itb.InputError, "missing_field", "concentration", ("with daily_dose",)),
    (lambda: itb.catheter_volume(), itb.InputError, "missing_field", "implanted_length", ("catheter and trimmed_length",)),
    (lambda: itb.catheter_volume(catheter="prometra_ii"), itb.InputError, "missing_field", "trimmed_length", ("required",)),
    (lambda: itb.refill_plan({"reservoir": "20 mL"}, "2000 mcg/mL", "500 mcg/day"), itb.InputError, "missing_field", "pump.low_alarm", ("required",)),
    (lambda: itb.flex_daily_dose([{"start": "04:00"}]), itb.InputError, "missing_field", "steps[0].rate", ("required",)),
    # unknown_field: a dict given for a pump or a step is read as the protocol reads it
    (lambda: itb.refill_plan({"reservoir": "20 mL", "low_alarm": "2 mL", "volume": "20 mL"}, "2000 mcg/mL", "500 mcg/day"), itb.RequestError, "unknown_field", "pump.volume", ("allowed: reservoir, low_alarm",)),
    (lambda: itb.flex_daily_dose([{"start": "04:00", "rate": "24 mcg/h", "duration": "16 h"}]), itb.RequestError, "unknown_field", "steps[0].duration", ("allowed: start, rate",)),
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


def test_absurd_inputs_are_refused_before_any_result() -> None:
    # 1e300 mcg/day at 1e-300 mcg/mL would be a flow no float holds: the core refuses the first
    # implausible input (the concentration, read first) with its range, never a null flow
    with pytest.raises(itb.InputError) as info:
        itb.refill_plan("synchromed_ii_20", "1e-300 mcg/mL", "1e300 mcg/day")
    assert (info.value.code, info.value.field) == ("out_of_range", "concentration")
    assert "0.000001 to 100,000 mcg/mL" in str(info.value)


def test_raised_codes_cover_every_error_the_pump_functions_can_meet() -> None:
    # invalid_json and unknown_op cannot happen: the functions build the request themselves
    assert {code for _, _, code, _, _ in RAISED} == {
        "unit_required", "unit_unknown", "unit_mismatch", "not_finite", "negative", "zero",
        "out_of_range", "invalid_value", "missing_field", "unknown_field",
    }  # fmt: skip


# --- the golden vectors through the typed functions ------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "flex_daily_dose": itb.flex_daily_dose,
    "night_boost": itb.night_boost,
    "refill_plan": itb.refill_plan,
    "reconcile": itb.reconcile,
    "bridge_bolus": itb.bridge_bolus,
    "catheter_volume": itb.catheter_volume,
    "constant_flow_fill": itb.constant_flow_fill,
}


GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_pump_golden_cases_are_typed_calls() -> None:
    by_op = {op: sum(1 for c, _ in GOLDEN if isinstance(c.request, dict) and c.request["op"] == op) for op in FUNCTIONS}
    assert min(by_op.values()) >= 15, by_op
    assert len(GOLDEN) >= 220


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
    # the same error as the protocol's, even where two arguments are bad (value_order_* cases)
    assert (info.value.code, info.value.field) == (case.expect["error"]["code"], case.expect["error"]["field"])
