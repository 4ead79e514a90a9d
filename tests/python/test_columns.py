"""itb.columns: the core's operations over columns of records, each row the scalar function's.

Worked by hand from the rules of docs/RULES.md (as in test_pumps.py and test_dosing.py):
- daily volume: flow = dose / concentration (mL/day).
- refill plan: flow = dose / concentration; days to alarm = (fill − alarm) / flow; earliest
  alarm = (fill − alarm) / (flow × (1 + accuracy / 100)); days to empty = fill / flow; due =
  min(days to alarm − 7, 180); drug = fill × concentration; the dates = the refill date + the
  whole days, rounded down. SynchroMed II 20 / 40 mL: alarm 2 mL, ±14.5 %; Prometra II 20 /
  40 mL: alarm 3 mL, ±15 %. Findings: alarm_before_due (the earliest alarm before the refill is
  due), refill_interval_capped_by_stability (due capped at 180 days), pump_not_labelled_for_
  baclofen (Prometra), nonstandard_concentration (not a marketed 500, 1000 or 2000 mcg/mL).
- reconcile: expected = max(0, fill − flow × elapsed); discrepancy = aspirated − expected;
  implied flow = (fill − aspirated) / elapsed; delivery error = (implied / flow − 1) × 100 %;
  residual_discrepancy beyond 2 mL either way; over/under_delivery beyond ±14.5 % (no pump);
  reservoir_expected_empty (hard) when fill − flow × elapsed ≤ 0, then neither of those two.
- bridge: old flow = dose / old, new flow = dose / new; bridge for dead space / old flow;
  skipped: dose × old / new for dead space / new flow; required when the concentrations differ
  (then monitor_after_change).
- titrate: new = current × (1 + change / 100); US spinal maintenance: above +40 % raises
  step_above_guideline and sudden_escalation, a decrease beyond 20 % decrease_above_guideline,
  a change less than 24 h after the last adjustment_too_soon; every change monitor_after_change.
- programming check: flow = programmed dose / programmed concentration; delivered = flow ×
  reservoir concentration; ratio = reservoir / programmed; concentration_mismatch (hard) when
  the ratio is not 1; daily_dose_above_1000 on the delivered dose.

The property tests run random rows, bad values among them, through the column functions and
the scalar functions row by row: the columns must give the scalar function's numbers exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

import itb
from itb import columns

Result = dict[str, NDArray[Any]]

settings_ = settings(max_examples=60, deadline=None)


@pytest.fixture
def pd() -> Any:
    """pandas, for the tests of pandas inputs (skipped where the extra is not installed)."""
    return pytest.importorskip("pandas")


def days(start: str, *dates: str) -> NDArray[np.datetime64]:
    return np.array([start, *dates], dtype="datetime64[D]")


# --- hand-worked rows of each column function ---------------------------------------------------


def test_daily_volume_numbers_and_a_unit() -> None:
    # 500 / 2000 = 0.25 mL/day; 1000 / 500 = 2 mL/day; 1200 / 2000 = 0.6 mL/day (above 1000
    # mcg/day: daily_dose_above_1000); 300 / 1500 = 0.2 (1500 mcg/mL is not a marketed
    # strength: nonstandard_concentration)
    got = columns.daily_volume(
        (np.array([500.0, 1000.0, 1200.0, 300.0]), "mcg/day"), (np.array([2.0, 0.5, 2.0, 1.5]), "mg/mL")
    )
    assert set(got) == {"flow_rate_ml_per_day", "findings", "allowed"}
    assert got["flow_rate_ml_per_day"].dtype == np.float64
    assert got["flow_rate_ml_per_day"].tolist() == [0.25, 2.0, 0.6, 0.2]
    assert got["findings"].tolist() == ["", "", "daily_dose_above_1000", "nonstandard_concentration"]
    assert got["allowed"].dtype == np.bool_ and got["allowed"].tolist() == [True] * 4


def test_daily_volume_texts_each_with_its_unit() -> None:
    # 500 mcg/day at 2 mg/mL = 0.25; 1 mg/day = 1000 mcg/day at 500 mcg/mL = 2;
    # 24 mcg/h = 576 mcg/day at 2000 mcg/mL = 0.288 mL/day
    got = columns.daily_volume(["500 mcg/day", "1 mg/day", "24 mcg/h"], ["2 mg/mL", "500 mcg/mL", "2000 mcg/mL"])
    assert got["flow_rate_ml_per_day"].tolist() == [0.25, 2.0, 0.288]
    assert got["findings"].tolist() == ["", "", ""]


@pytest.mark.parametrize(
    "concentration",
    [itb.Concentration("2 mg/mL"), "2 mg/mL", ["2 mg/mL"], (np.array([2000.0]), "mcg/mL"), np.array(["2000 mcg/mL"])],
    ids=["quantity", "text", "one-text-column", "one-number-column", "numpy-str"],
)
def test_one_value_is_broadcast_to_every_row(concentration: Any) -> None:
    # 500 mcg/day and 0.5 mg/day at 2000 mcg/mL: 0.25 mL/day; 100 mcg/day: 0.05
    got = columns.daily_volume(["500 mcg/day", "0.5 mg/day", "100 mcg/day"], concentration)
    assert got["flow_rate_ml_per_day"].tolist() == [0.25, 0.25, 0.05]


def test_refill_plan_per_row_pump_and_dates() -> None:
    # row 0, synchromed_ii_20 (alarm 2 mL, ±14.5 %), 2000 mcg/mL, 500 mcg/day, 20 mL:
    #   0.25 mL/day; alarm 18 / 0.25 = 72 d; earliest 18 / (0.25 × 1.145) = 62.88 d; empty 80 d;
    #   due 72 − 7 = 65 d; 20 × 2000 = 40,000 mcg; from 2026-01-01 (Jan 1 + 59 d = Mar 1):
    #   alarm Mar 14, earliest (62 d) Mar 4, empty Mar 22, due Mar 7. 62.88 < 65: alarm_before_due
    # row 1, synchromed_ii_40, 1000 mcg/mL, 250 mcg/day, 40 mL: 0.25 mL/day; alarm 38 / 0.25 =
    #   152 d; earliest 38 / (0.25 × 1.145) = 132.75 d; empty 160 d; due 145 d; 40,000 mcg;
    #   Jan 1 + 151 = Jun 1: alarm Jun 2, earliest (132 d) May 13, empty Jun 10, due May 26;
    #   132.75 < 145: alarm_before_due
    # row 2, prometra_ii_20 (alarm 3 mL, ±15 %), 2000 mcg/mL, 500 mcg/day, 15 mL: 0.25 mL/day;
    #   alarm 12 / 0.25 = 48 d; earliest 12 / (0.25 × 1.15) = 41.74 d; empty 60 d; due 41 d;
    #   30,000 mcg; Jan 1 + 31 = Feb 1: alarm Feb 18, earliest Feb 11, empty Mar 2, due Feb 11;
    #   41.74 is not before 41: only pump_not_labelled_for_baclofen
    got = columns.refill_plan(
        ["synchromed_ii_20", "synchromed_ii_40", "prometra_ii_20"],
        ["2 mg/mL", "1000 mcg/mL", "2000 mcg/mL"],
        (np.array([500.0, 250.0, 500.0]), "mcg/day"),
        fill_volume=(np.array([20.0, 40.0, 15.0]), "mL"),
        refill_date=dt.date(2026, 1, 1),
    )
    assert got["flow_rate_ml_per_day"].tolist() == [0.25, 0.25, 0.25]
    assert got["days_to_alarm"].tolist() == [72.0, 152.0, 48.0]
    assert got["earliest_alarm_days"].tolist() == pytest.approx(
        [18 / (0.25 * 1.145), 38 / (0.25 * 1.145), 12 / (0.25 * 1.15)], rel=1e-11
    )
    assert got["days_to_empty"].tolist() == [80.0, 160.0, 60.0]
    assert got["refill_due_days"].tolist() == [65.0, 145.0, 41.0]
    assert got["drug_amount_mcg"].tolist() == [40_000.0, 40_000.0, 30_000.0]
    assert got["daily_dose_mcg_per_day"].tolist() == [500.0, 250.0, 500.0]
    assert got["alarm_date"].dtype == np.dtype("datetime64[D]")
    assert got["alarm_date"].tolist() == [dt.date(2026, 3, 14), dt.date(2026, 6, 2), dt.date(2026, 2, 18)]
    assert got["earliest_alarm_date"].tolist() == [dt.date(2026, 3, 4), dt.date(2026, 5, 13), dt.date(2026, 2, 11)]
    assert got["empty_date"].tolist() == [dt.date(2026, 3, 22), dt.date(2026, 6, 10), dt.date(2026, 3, 2)]
    assert got["due_date"].tolist() == [dt.date(2026, 3, 7), dt.date(2026, 5, 26), dt.date(2026, 2, 11)]
    assert got["findings"].tolist() == ["alarm_before_due", "alarm_before_due", "pump_not_labelled_for_baclofen"]
    assert got["allowed"].tolist() == [True, True, True]
    # no refill date, no dates; one pump for every row
    plain = columns.refill_plan("synchromed_ii_20", "2000 mcg/mL", ["500 mcg/day", "0.5 mg/day"])
    assert not any(name.endswith("_date") for name in plain)
    assert plain["days_to_alarm"].tolist() == [72.0, 72.0]


def test_refill_plan_dates_per_row_and_the_cap() -> None:
    # synchromed_ii_40 at 500 mcg/mL, 100 mcg/day, full (40 mL): 0.2 mL/day; alarm 38 / 0.2 =
    # 190 d; 190 − 7 = 183 > 180: due 180 d (refill_interval_capped_by_stability); earliest
    # 38 / (0.2 × 1.145) = 165.94 d < 180: alarm_before_due. From 2026-03-01: + 190 = Sep 7
    # (Mar 1 + 184 = Sep 1); + 180 = Aug 28; + 165 = Aug 13; empty 40 / 0.2 = 200 d: Sep 17.
    # The same plan from 2025-12-31: + 190 = 2026-07-09 (Dec 31 + 1 = Jan 1, + 189 = Jul 9).
    got = columns.refill_plan(
        "synchromed_ii_40", "500 mcg/mL", ["100 mcg/day", "0.1 mg/day"], refill_date=days("2026-03-01", "2025-12-31")
    )
    assert got["refill_due_days"].tolist() == [180.0, 180.0]
    assert got["earliest_alarm_days"].tolist() == pytest.approx([38 / (0.2 * 1.145)] * 2, rel=1e-11)
    assert got["alarm_date"].tolist() == [dt.date(2026, 9, 7), dt.date(2026, 7, 9)]
    assert got["due_date"][0] == np.datetime64("2026-08-28")
    assert got["earliest_alarm_date"][0] == np.datetime64("2026-08-13")
    assert got["empty_date"][0] == np.datetime64("2026-09-17")
    assert got["findings"].tolist() == ["refill_interval_capped_by_stability,alarm_before_due"] * 2


def test_reconcile_hand_worked() -> None:
    # row 0: 20 mL, 60 days at 0.25 mL/day, 3 mL drawn: expected 20 − 15 = 5; discrepancy −2
    #   (not beyond 2 mL); implied 17 / 60 = 0.2833; error (17 / 15 − 1) × 100 = +13.33 %
    #   (within ±14.5 %): no finding
    # row 1: 30 days: expected 20 − 7.5 = 12.5; 9 mL drawn: discrepancy −3.5 (residual_
    #   discrepancy); implied 11 / 30; error (11 / 7.5 − 1) × 100 = +46.67 % (over_delivery)
    # row 2: 2400 h = 100 days: 25 mL due out of 20: expected 0 (reservoir_expected_empty, hard);
    #   0 drawn: discrepancy 0; implied 20 / 100 = 0.2; error (20 / 25 − 1) × 100 = −20 %
    # row 3: 960 h = 40 days at 0.0125 mL/h = 0.3 mL/day: expected 20 − 12 = 8; 12 drawn:
    #   discrepancy +4 (residual_discrepancy); implied 8 / 40 = 0.2; error (8 / 12 − 1) × 100 =
    #   −33.33 % (under_delivery)
    got = columns.reconcile(
        (np.array([20.0, 20.0, 20.0, 20.0]), "mL"),
        ["60 day", "30 day", "2400 h", "960 h"],
        (np.array([3.0, 9.0, 0.0, 12.0]), "mL"),
        flow_rate=["0.25 mL/day", "0.25 mL/day", "0.25 mL/day", "0.0125 mL/h"],
    )
    assert got["flow_rate_ml_per_day"].tolist() == pytest.approx([0.25, 0.25, 0.25, 0.3], rel=1e-12)
    assert got["expected_volume_ml"].tolist() == pytest.approx([5.0, 12.5, 0.0, 8.0], rel=1e-12)
    assert got["discrepancy_ml"].tolist() == pytest.approx([-2.0, -3.5, 0.0, 4.0], rel=1e-12)
    assert got["implied_flow_rate_ml_per_day"].tolist() == pytest.approx([17 / 60, 11 / 30, 0.2, 0.2], rel=1e-11)
    assert got["delivery_error_percent"].tolist() == pytest.approx(
        [(17 / 15 - 1) * 100, (11 / 7.5 - 1) * 100, -20.0, (8 / 12 - 1) * 100], rel=1e-11
    )
    assert got["findings"].tolist() == [
        "",
        "residual_discrepancy,over_delivery",
        "reservoir_expected_empty",
        "residual_discrepancy,under_delivery",
    ]
    assert got["allowed"].tolist() == [True, True, False, True]
    # The programmed delivery as a dose at a concentration: 500 mcg/day at 2 mg/mL = 0.25
    # mL/day, row 0 again; with a Prometra pump (±15 %) +13.33 % is still within, and the
    # pump is not labelled for baclofen
    by_dose = columns.reconcile(
        "20 mL", "60 day", ["3 mL"], daily_dose="500 mcg/day", concentration="2 mg/mL", pump="prometra_ii_20"
    )
    assert by_dose["flow_rate_ml_per_day"].tolist() == [0.25]
    assert by_dose["expected_volume_ml"].tolist() == [5.0]
    assert by_dose["findings"].tolist() == ["pump_not_labelled_for_baclofen"]


def test_reconcile_needs_one_programmed_delivery() -> None:
    with pytest.raises(itb.InputError) as info:
        columns.reconcile("20 mL", "60 day", "3 mL", daily_dose="500 mcg/day")
    assert (info.value.code, info.value.field) == ("missing_field", "concentration")
    with pytest.raises(itb.InputError) as info:
        columns.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", daily_dose="500 mcg/day")
    assert (info.value.code, info.value.field) == ("invalid_value", "flow_rate")


def test_bridge_bolus_hand_worked() -> None:
    # row 0: 400 mcg/day, 500 → 2000 mcg/mL, 0.2 mL: old flow 400 / 500 = 0.8, new 0.2 mL/day;
    #   bridge 0.2 / 0.8 = 0.25 day = 6 h; skipped: 400 × 500 / 2000 = 100 mcg/day for
    #   0.2 / 0.2 = 1 day = 24 h; required: monitor_after_change
    # row 1: 2000 → 2000: not required, both 0.2 mL/day, 0.2 / 0.2 = 24 h at 400 mcg/day
    # row 2: 300 mcg/day, 1000 → 500, 0.3 mL: old 0.3, new 0.6 mL/day; bridge 0.3 / 0.3 = 24 h;
    #   skipped: 300 × 1000 / 500 = 600 mcg/day for 0.3 / 0.6 = 0.5 day = 12 h
    got = columns.bridge_bolus(
        ["500 mcg/mL", "2 mg/mL", "1000 mcg/mL"],
        (np.array([2000.0, 2000.0, 500.0]), "mcg/mL"),
        (np.array([400.0, 400.0, 300.0]), "mcg/day"),
        ["0.2 mL", "0.2 mL", "0.3 mL"],
    )
    assert got["required"].dtype == np.bool_ and got["required"].tolist() == [True, False, True]
    assert got["old_flow_rate_ml_per_day"].tolist() == [0.8, 0.2, 0.3]
    assert got["new_flow_rate_ml_per_day"].tolist() == [0.2, 0.2, 0.6]
    assert got["bridge_duration_hours"].tolist() == pytest.approx([6.0, 24.0, 24.0], rel=1e-12)
    assert got["unbridged_daily_dose_mcg_per_day"].tolist() == pytest.approx([100.0, 400.0, 600.0], rel=1e-12)
    assert got["unbridged_duration_hours"].tolist() == pytest.approx([24.0, 24.0, 12.0], rel=1e-12)
    assert got["findings"].tolist() == ["monitor_after_change", "", "monitor_after_change"]
    assert got["allowed"].tolist() == [True, True, True]


def test_titrate_hand_worked() -> None:
    # US spinal maintenance (largest step +40 %), 48, 48 and 12 hours after the last change:
    # 200 +30 % = 260 (within 40 %): monitor_after_change
    # 400 +50 % = 600: 50 > 40: step_above_guideline, sudden_escalation
    # 500 −25 % = 375: 25 > 20: decrease_above_guideline; 12 h < 24 h: adjustment_too_soon
    got = columns.titrate(
        "us",
        (np.array([200.0, 400.0, 500.0]), "mcg/day"),
        np.array([30.0, 50.0, -25.0]),
        "spinal",
        "maintenance",
        hours_since_last_change=np.array([48.0, 48.0, 12.0]),
    )
    assert got["new_daily_dose_mcg_per_day"].tolist() == [260.0, 600.0, 375.0]
    assert got["findings"].tolist() == [
        "monitor_after_change",
        "step_above_guideline,sudden_escalation,monitor_after_change",
        "decrease_above_guideline,adjustment_too_soon,monitor_after_change",
    ]
    assert got["allowed"].tolist() == [True, True, True]
    # one change for every row, a list of numbers: 0.2 mg/day +10 % = 220 mcg/day; 100 + 10 % = 110
    one = columns.titrate("uk", ["0.2 mg/day", "100 mcg/day"], 10, "spinal", "titration")
    assert one["new_daily_dose_mcg_per_day"].tolist() == pytest.approx([220.0, 110.0], rel=1e-12)


def test_titrate_takes_plain_numbers_for_the_percent() -> None:
    # change_percent is a plain number (its name says the unit): a text or a quantity is refused
    for bad in ("30 %", itb.Concentration("2 mg/mL"), True):
        with pytest.raises(itb.InputError) as info:
            columns.titrate("us", ["200 mcg/day"], bad, "spinal", "maintenance")  # type: ignore[arg-type]
        assert info.value.field == "change_percent"
    with pytest.raises(itb.InputError) as info:
        columns.titrate("eu", ["200 mcg/day"], 10, "spinal", "maintenance")
    assert info.value.field == "profile"


def test_programming_check_hand_worked() -> None:
    # row 0: programmed 500 mcg/day at 500 mcg/mL: 1 mL/day; filled with 2000 mcg/mL: 2000
    #   mcg/day delivered, ratio 2000 / 500 = 4: concentration_mismatch (hard) and the delivered
    #   dose above 1000 mcg/day
    # row 1: 500 at 2 mg/mL, filled 2 mg/mL: 0.25 mL/day, 500 mcg/day, ratio 1: nothing
    # row 2: 400 at 2000, filled 1000: 0.2 mL/day, 200 mcg/day, ratio 0.5: concentration_mismatch
    got = columns.programming_check(
        (np.array([500.0, 500.0, 400.0]), "mcg/day"),
        ["500 mcg/mL", "2 mg/mL", "2000 mcg/mL"],
        ["2000 mcg/mL", "2 mg/mL", "1 mg/mL"],
    )
    assert got["flow_rate_ml_per_day"].tolist() == [1.0, 0.25, 0.2]
    assert got["delivered_daily_dose_mcg_per_day"].tolist() == [2000.0, 500.0, 200.0]
    assert got["dose_ratio"].tolist() == [4.0, 1.0, 0.5]
    assert got["findings"].tolist() == ["concentration_mismatch,daily_dose_above_1000", "", "concentration_mismatch"]
    assert got["allowed"].tolist() == [False, True, False]


def test_convert() -> None:
    # 2 mg/mL = 2000 mcg/mL; 0.5 mg/mL = 500; 0.5 mg/day = 500 mcg/day; 24 mcg/h = 576 mcg/day
    assert columns.convert(["2 mg/mL", "500 mcg/mL", "0.5 mg/mL"], "mcg/mL").tolist() == [2000.0, 500.0, 500.0]
    got = columns.convert((np.array([0.5, 1.0]), "mg/day"), "mcg/day")
    assert got.dtype == np.float64 and got.tolist() == [500.0, 1000.0]
    assert columns.convert("24 mcg/h", "mcg/day").tolist() == [576.0]
    assert columns.convert(itb.Volume("2 mL"), "mL").tolist() == [2.0]


def test_convert_refuses_a_row_of_another_dimension() -> None:
    with pytest.raises(itb.UnitError) as info:
        columns.convert(["2 mg/mL", "2 mL"], "mcg/mL")
    assert (info.value.code, info.value.field) == ("unit_mismatch", "values[1]")
    with pytest.raises(itb.UnitError) as info:
        columns.convert(["2 mg/mL", "2 mL"], "mcg/mL", field="concentration")
    assert info.value.field == "concentration[1]"
    with pytest.raises(itb.InputError) as refused:
        columns.convert(["2 mg/mL", "-2 mg/mL"], "mcg/mL")
    assert (refused.value.code, refused.value.field) == ("negative", "values[1]")
    got = columns.convert(np.array(["2 mg/mL", "2 mL", None, "0.5 mg/mL"], dtype=object), "mcg/mL", errors="coerce")
    assert got[[0, 3]].tolist() == [2000.0, 500.0] and np.isnan(got[[1, 2]]).all()
    with pytest.raises(itb.UnitError) as info:
        columns.convert(["2 mg/mL"], "drops")
    assert (info.value.code, info.value.field) == ("unit_unknown", "to")


# --- pandas inputs -----------------------------------------------------------------------------


def test_pandas_series(pd: Any) -> None:
    # Positions, not index labels: the index is never read. 500 / 2000 = 0.25; 1000 / 2000 = 0.5
    index = [7, 3, 5]
    want = [0.25, 0.5, 0.05]  # 100 / 2000 = 0.05
    floats = pd.Series([500.0, 1000.0, 100.0], index=index, dtype="float64")
    nullable = pd.Series([500.0, 1000.0, 100.0], index=index, dtype="Float64")
    ints = pd.Series([500, 1000, 100], index=index, dtype="Int64")
    texts = pd.Series(["500 mcg/day", "1 mg/day", "100 mcg/day"], index=index)  # pandas' str
    objects = pd.Series(["500 mcg/day", "1 mg/day", "100 mcg/day"], index=index, dtype=object)
    strings = pd.Series(["500 mcg/day", "1 mg/day", "100 mcg/day"], index=index, dtype="string")
    concentration = pd.Series(["2 mg/mL"] * 3, index=[0, 1, 2])
    for dose in ((floats, "mcg/day"), (nullable, "mcg/day"), (ints, "mcg/day"), texts, objects, strings):
        got = columns.daily_volume(dose, concentration)
        assert got["flow_rate_ml_per_day"].tolist() == want, dose


def test_pandas_missing_values_are_bad_rows(pd: Any) -> None:
    # pd.NA in a nullable float column, None in pandas' str column and in a string column
    dose = pd.Series([500.0, None, 100.0], dtype="Float64")
    texts = pd.Series(["2 mg/mL", "2 mg/mL", None])
    assert_bad_rows(
        lambda rows, errors: columns.daily_volume((take(dose, rows), "mcg/day"), take(texts, rows), errors=errors),
        3,
        {1: "daily_dose", 2: "concentration"},
    )
    strings = pd.Series([None, "500 mcg/day", "100 mcg/day"], dtype="string")
    assert_bad_rows(lambda rows, errors: columns.daily_volume(take(strings, rows), "2 mg/mL", errors=errors), 3, {0: "daily_dose"})
    # NaT in a pandas datetime column of refill dates
    when = pd.Series(pd.to_datetime(["2026-01-01", None, "2026-01-03"]))
    assert_bad_rows(
        lambda rows, errors: columns.refill_plan(
            "synchromed_ii_20", "2 mg/mL", ["500 mcg/day"] * len(rows), refill_date=take(when, rows), errors=errors
        ),
        3,
        {1: "refill_date"},
    )
    # pd.NA among the plain numbers of titrate
    hours = pd.Series([48.0, 48.0, None], dtype="Float64")
    assert_bad_rows(
        lambda rows, errors: columns.titrate(
            "us", "200 mcg/day", np.full(len(rows), 10.0), "spinal", "maintenance",
            hours_since_last_change=take(hours, rows), errors=errors,
        ),
        3,
        {2: "hours_since_last_change"},
    )


def test_a_pandas_column_of_bare_numbers_is_refused(pd: Any) -> None:
    with pytest.raises(itb.UnitError) as info:
        columns.daily_volume(pd.Series([500.0, 1000.0]), "2 mg/mL")
    assert (info.value.code, info.value.field) == ("unit_required", "daily_dose")
    with pytest.raises(itb.InputError) as mixed:
        columns.daily_volume(pd.Series(["500 mcg/day", 500], dtype=object), "2 mg/mL")
    assert (mixed.value.code, mixed.value.field) == ("invalid_value", "daily_dose[1]")


# --- refused columns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: columns.daily_volume(np.array([500.0, 1000.0]), "2 mg/mL"), "daily_dose"),
        (lambda: columns.daily_volume([500, 1000], "2 mg/mL"), "daily_dose"),
        (lambda: columns.daily_volume(["500 mcg/day"], 2000.0), "concentration"),
        (lambda: columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"], fill_volume=np.array([20.0])), "fill_volume"),
        (lambda: columns.reconcile("20 mL", np.array([60.0]), "3 mL", flow_rate="0.25 mL/day"), "elapsed"),
        (lambda: columns.bridge_bolus("500 mcg/mL", "2 mg/mL", "400 mcg/day", [0.2]), "dead_space"),
        (lambda: columns.titrate("us", np.array([200.0]), 10, "spinal", "maintenance"), "current_daily_dose"),
        (lambda: columns.programming_check(["500 mcg/day"], "2 mg/mL", np.array([2.0])), "reservoir_concentration"),
        (lambda: columns.convert(np.array([2.0]), "mcg/mL"), "values"),
    ],
)
def test_a_column_of_bare_numbers_is_refused_naming_the_argument(call: Callable[[], object], field: str) -> None:
    with pytest.raises(itb.UnitError) as info:
        call()
    assert (info.value.code, info.value.field) == ("unit_required", field)
    assert str(info.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: columns.daily_volume(["500 mcg/day", 500.0], "2 mg/mL"), "daily_dose[1]"),  # type: ignore[arg-type]
        (lambda: columns.daily_volume(np.array(["500 mcg/day", "1 mg/day", 3], dtype=object), "2 mg/mL"), "daily_dose[2]"),
        (lambda: columns.daily_volume((np.array([500.0, "5"], dtype=object), "mcg/day"), "2 mg/mL"), "daily_dose[1]"),
        (lambda: columns.daily_volume((np.array([500.0, True], dtype=object), "mcg/day"), "2 mg/mL"), "daily_dose[1]"),
        (lambda: columns.refill_plan(["synchromed_ii_20", 20], "2 mg/mL", ["500 mcg/day"] * 2), "pump[1]"),  # type: ignore[arg-type]
    ],
)
def test_a_mixed_column_is_refused_naming_the_first_cell(call: Callable[[], object], field: str) -> None:
    # never cast: a column of texts holding a number (or of numbers holding a text) is refused
    # whole, even with errors="coerce"
    with pytest.raises(itb.InputError) as info:
        call()
    assert (info.value.code, info.value.field) == ("invalid_value", field)
    assert str(info.value).startswith(f"{field}: ")


def test_a_mixed_column_is_refused_when_coercing_too() -> None:
    with pytest.raises(itb.InputError) as info:
        columns.daily_volume(["500 mcg/day", 500.0], "2 mg/mL", errors="coerce")  # type: ignore[arg-type]
    assert info.value.field == "daily_dose[1]"


@pytest.mark.parametrize(
    ("call", "field", "sizes"),
    [
        (lambda: columns.daily_volume(["500 mcg/day"] * 3, ["2 mg/mL"] * 2), "concentration", ("2 values", "(3)")),
        (lambda: columns.daily_volume((np.ones(4), "mcg/day"), ["2 mg/mL"] * 3), "concentration", ("3 values", "(4)")),
        (
            lambda: columns.refill_plan(["synchromed_ii_20"] * 2, "2 mg/mL", ["500 mcg/day"] * 3),
            "daily_dose",
            ("3 values", "(2)"),
        ),
        (
            lambda: columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"] * 3, refill_date=days("2026-01-01", "2026-01-02")),
            "refill_date",
            ("2 values", "(3)"),
        ),
        (lambda: columns.titrate("us", ["200 mcg/day"] * 2, np.array([1.0, 2.0, 3.0]), "spinal", "maintenance"), "change_percent", ("3 values", "(2)")),
    ],
)
def test_columns_of_different_lengths_are_refused_naming_the_column(
    call: Callable[[], object], field: str, sizes: tuple[str, str]
) -> None:
    with pytest.raises(itb.InputError) as info:
        call()
    assert (info.value.code, info.value.field) == ("invalid_value", field)
    assert all(s in str(info.value) for s in sizes), str(info.value)


def test_an_unknown_pump_in_a_row() -> None:
    pumps = ["synchromed_ii_20", "medstream", "SynchroMed_II_20"]
    with pytest.raises(itb.InputError) as info:
        columns.refill_plan(pumps, "2 mg/mL", ["500 mcg/day"] * 3)
    assert (info.value.code, info.value.field) == ("invalid_value", "pump[1]")
    assert "medstream" in str(info.value)
    got = columns.refill_plan(pumps, "2 mg/mL", ["500 mcg/day"] * 3, errors="coerce")
    assert got["error_code"].tolist() == [None, "invalid_value", "invalid_value"]
    assert got["days_to_alarm"][0] == 72.0 and np.isnan(got["days_to_alarm"][1:]).all()
    # one pump for all rows: an unknown one refuses the call, naming pump
    with pytest.raises(itb.InputError) as info:
        columns.refill_plan("medstream", "2 mg/mL", ["500 mcg/day"], errors="coerce")
    assert info.value.field == "pump"


@pytest.mark.parametrize(
    "call",
    [
        lambda e: columns.daily_volume(["500 mcg/day"], "2 mg/mL", errors=e),
        lambda e: columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"], errors=e),
        lambda e: columns.reconcile("20 mL", "60 day", ["3 mL"], flow_rate="0.25 mL/day", errors=e),
        lambda e: columns.bridge_bolus("500 mcg/mL", "2 mg/mL", ["400 mcg/day"], "0.2 mL", errors=e),
        lambda e: columns.titrate("us", ["200 mcg/day"], 10, "spinal", "maintenance", errors=e),
        lambda e: columns.programming_check(["500 mcg/day"], "2 mg/mL", "2 mg/mL", errors=e),
        lambda e: columns.convert(["2 mg/mL"], "mcg/mL", errors=e),
    ],
)
def test_errors_must_be_raise_or_coerce(call: Callable[[Any], object]) -> None:
    for bogus in ("bogus", "ignore", None, True):
        with pytest.raises(itb.InputError) as info:
            call(bogus)
        assert (info.value.code, info.value.field) == ("invalid_value", "errors")


# --- missing values and bad rows --------------------------------------------------------------


def take(column: Any, rows: Sequence[int]) -> Any:
    """The cells of a column at some rows (a pandas Series by position)."""
    if isinstance(column, tuple):
        return (take(column[0], rows), column[1])
    if hasattr(column, "iloc"):
        return column.iloc[list(rows)]
    if isinstance(column, np.ndarray):
        return column[list(rows)]
    return [column[i] for i in rows]


def assert_bad_rows(call: Callable[[list[int], Any], Result], n: int, bad: dict[int, str]) -> None:
    """``call(rows, errors)`` runs a column function on some of its rows: the bad rows (row →
    the argument that is missing) raise naming the first, or when coercing are NaN (NaT) rows
    with their error, and the good rows are exactly what they are alone."""
    first = min(bad)
    with pytest.raises(itb.InputError) as info:
        call(list(range(n)), "raise")
    assert (info.value.code, info.value.field) == ("missing_field", f"{bad[first]}[{first}]")
    assert str(info.value).startswith(f"{bad[first]}[{first}]: ")
    got = call(list(range(n)), "coerce")
    good = [i for i in range(n) if i not in bad]
    for i, field in bad.items():
        assert_bad_row(got, i)
        assert got["error_code"][i] == "missing_field"
        assert got["error"][i].startswith(f"{field}[{i}]: "), got["error"][i]
    assert got["error_code"][good].tolist() == [None] * len(good)
    assert got["error"][good].tolist() == [None] * len(good)
    alone = call(good, "raise")
    assert set(got) == set(alone) | {"error_code", "error"}
    for name, column in alone.items():
        assert got[name].dtype == column.dtype, name
        np.testing.assert_array_equal(got[name][good], column, err_msg=name)


def assert_bad_row(got: Result, i: int) -> None:
    """Row i is a bad row: NaN in its numbers, NaT in its dates, not allowed, no findings, an
    error code and message."""
    for name, column in got.items():
        if column.dtype.kind == "f":
            assert np.isnan(column[i]), (name, column[i])
        elif column.dtype.kind == "M":
            assert np.isnat(column[i]), (name, column[i])
    assert got["allowed"].dtype == np.bool_ and not got["allowed"][i]
    if "required" in got:
        assert not got["required"][i]
    assert got["findings"][i] == ""
    assert isinstance(got["error_code"][i], str) and isinstance(got["error"][i], str)


def test_missing_values_in_daily_volume() -> None:
    # NaN among numbers with a unit, None among texts
    dose = (np.array([500.0, np.nan, 100.0, 1000.0]), "mcg/day")
    concentration = ["2 mg/mL", "2 mg/mL", "2 mg/mL", None]
    assert_bad_rows(
        lambda rows, errors: columns.daily_volume(take(dose, rows), take(concentration, rows), errors=errors),
        4,
        {1: "daily_dose", 3: "concentration"},
    )


def test_missing_values_in_refill_plan() -> None:
    # None among the pump ids, NaN among the fills, NaT among the refill dates
    pumps = ["synchromed_ii_20", None, "synchromed_ii_40", "prometra_ii_20", "synchromed_ii_20"]
    fill = (np.array([20.0, 20.0, 40.0, np.nan, 18.0]), "mL")
    when = days("2026-01-01", "2026-01-02", "NaT", "2026-01-04", "2026-01-05")
    assert_bad_rows(
        lambda rows, errors: columns.refill_plan(
            take(pumps, rows), "2 mg/mL", (np.full(len(rows), 500.0), "mcg/day"),
            fill_volume=take(fill, rows), refill_date=take(when, rows), errors=errors,
        ),
        5,
        {1: "pump", 2: "refill_date", 3: "fill_volume"},
    )


def test_a_missing_date_on_a_row_that_is_bad_already_keeps_its_first_error() -> None:
    got = columns.refill_plan(
        "synchromed_ii_20", "2 mg/mL", ["500 mcg/day", "-1 mcg/day"], refill_date=days("NaT", "NaT"), errors="coerce"
    )
    assert got["error_code"].tolist() == ["missing_field", "negative"]
    assert got["error"][0].startswith("refill_date[0]: ") and got["error"][1].startswith("daily_dose[1] ")


def test_missing_values_in_reconcile_bridge_titrate_programming_check() -> None:
    aspirated = ["3 mL", "3 mL", None]
    assert_bad_rows(
        lambda rows, errors: columns.reconcile("20 mL", "60 day", take(aspirated, rows), flow_rate="0.25 mL/day", errors=errors),
        3,
        {2: "aspirated_volume"},
    )
    dead = (np.array([np.nan, 0.2]), "mL")
    assert_bad_rows(
        lambda rows, errors: columns.bridge_bolus("500 mcg/mL", "2 mg/mL", "400 mcg/day", take(dead, rows), errors=errors),
        2,
        {0: "dead_space"},
    )
    change = np.array([10.0, np.nan, -10.0])
    assert_bad_rows(
        lambda rows, errors: columns.titrate("us", "200 mcg/day", take(change, rows), "spinal", "maintenance", errors=errors),
        3,
        {1: "change_percent"},
    )
    reservoir = ["2 mg/mL", None]
    assert_bad_rows(
        lambda rows, errors: columns.programming_check("500 mcg/day", "2 mg/mL", take(reservoir, rows), errors=errors),
        2,
        {1: "reservoir_concentration"},
    )


def test_a_bad_value_is_a_bad_row_with_the_scalar_functions_error() -> None:
    # a negative dose, a fill above the 20 mL reservoir, an unknown unit
    dose = ["500 mcg/day", "-5 mcg/day", "500 mcg/day", "500 drops/day"]
    fill = (np.array([20.0, 20.0, 25.0, 20.0]), "mL")
    got = columns.refill_plan("synchromed_ii_20", "2 mg/mL", dose, fill_volume=fill, errors="coerce")
    assert got["error_code"].tolist() == [None, "negative", "out_of_range", "unit_unknown"]
    for i in (1, 2, 3):
        assert_bad_row(got, i)
    for i, field in ((1, "daily_dose"), (2, "fill_volume"), (3, "daily_dose")):
        with pytest.raises(itb.ItbError) as info:
            itb.refill_plan("synchromed_ii_20", "2 mg/mL", dose[i], fill_volume=f"{fill[0][i]} mL")
        assert (info.value.code, info.value.field) == (got["error_code"][i], field)
        assert got["error"][i].startswith(f"{field}[{i}]")
    assert got["days_to_alarm"][0] == 72.0 and got["allowed"][0]
    with pytest.raises(itb.InputError) as raised:
        columns.refill_plan("synchromed_ii_20", "2 mg/mL", dose, fill_volume=fill)
    assert (raised.value.code, raised.value.field) == ("negative", "daily_dose[1]")


# --- empty columns and dates -------------------------------------------------------------------


def test_empty_columns_give_empty_arrays() -> None:
    none = (np.array([], dtype=np.float64), "mcg/day")
    for errors in ("raise", "coerce"):
        got = columns.daily_volume(none, "2 mg/mL", errors=errors)
        assert {name: column.shape for name, column in got.items()} == {name: (0,) for name in got}
        assert got["flow_rate_ml_per_day"].dtype == np.float64 and got["allowed"].dtype == np.bool_
        assert ("error_code" in got) == (errors == "coerce")
    plan = columns.refill_plan(
        np.array([], dtype=object), "2 mg/mL", none, refill_date=np.array([], dtype="datetime64[D]"), errors="coerce"
    )
    assert plan["due_date"].shape == (0,) and plan["due_date"].dtype == np.dtype("datetime64[D]")
    assert all(column.shape == (0,) for column in plan.values())
    titrated = columns.titrate("us", none, np.array([]), "spinal", "maintenance")
    assert titrated["new_daily_dose_mcg_per_day"].shape == (0,)
    assert columns.convert(np.array([], dtype=str), "mcg/mL").shape == (0,)


def test_empty_pandas_columns(pd: Any) -> None:
    got = columns.reconcile(
        pd.Series([], dtype="string"), "60 day", (pd.Series([], dtype="Float64"), "mL"), flow_rate="0.25 mL/day"
    )
    assert got["expected_volume_ml"].shape == (0,) and got["findings"].shape == (0,)


@pytest.mark.parametrize(
    ("when", "field"),
    [
        (dt.datetime(2026, 1, 1, 8, 30), "refill_date[0]"),
        (np.array(["2026-01-01T00:00", "2026-01-02T12:00"], dtype="datetime64[m]"), "refill_date[1]"),
        ([dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2, 0, 0, 1)], "refill_date[1]"),
    ],
)
def test_a_refill_date_with_a_time_of_day_is_refused(when: Any, field: str) -> None:
    for errors in ("raise", "coerce"):
        with pytest.raises(itb.InputError) as info:
            columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"] * 2, refill_date=when, errors=errors)
        assert (info.value.code, info.value.field) == ("invalid_value", field)
        assert "time of day" in str(info.value)


def test_a_refill_date_at_midnight_is_a_date() -> None:
    # 2026-01-01 + 72 days = 2026-03-14, as a date, a datetime at midnight, datetime64[s]
    for when in (
        dt.date(2026, 1, 1),
        dt.datetime(2026, 1, 1),
        np.datetime64("2026-01-01T00:00:00"),
        [dt.date(2026, 1, 1)],
        np.array(["2026-01-01T00:00:00"], dtype="datetime64[ns]"),
    ):
        got = columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"], refill_date=when)  # type: ignore[arg-type]
        assert got["alarm_date"].tolist() == [dt.date(2026, 3, 14)], when


def test_a_refill_date_that_is_not_a_date_is_refused() -> None:
    for when in (["2026-01-01"], [20260101], np.array([1.5])):
        with pytest.raises(itb.InputError) as info:
            columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"], refill_date=when)
        assert (info.value.code, info.value.field) == ("invalid_value", "refill_date")


# --- the column functions and the scalar functions, row by row (hypothesis) ---------------------


@dataclasses.dataclass(frozen=True)
class Cell:
    """One row's value of a column, as the scalar function gets it."""

    scalar: Any  # a text (or a plain number, a pump id); None: missing
    bad: bool = False  # drawn from the bad values
    # bad before the core checks it: a text it cannot read, a missing or non-finite value, an
    # unknown pump. A row with one of these and another bad value may report either.
    early: bool = False
    missing: bool = False  # NaN or None: the columns report missing_field


@dataclasses.dataclass(frozen=True)
class Drawn:
    """A column as given to a column function, and its cell in each row."""

    given: Any
    cells: list[Cell]
    one: bool = False  # one value for every row


def rows(table: dict[str, Any]) -> int:
    """The rows of a drawn table: one when every column is one value for all."""
    drawn = [v for v in table.values() if isinstance(v, Drawn)]
    return table["n"] if any(not d.one for d in drawn) else 1


# The good values of each argument are well inside the core's plausible ranges and valid
# together (a good fill fits every reservoir, a good residual every good fill), so that a row's
# only errors come from its bad values.
# A unit, and how many of it one of the canonical unit is (1 mcg/day = 1/24 mcg/h)
CONCENTRATION_UNITS = [("mcg/mL", 1.0), ("mg/mL", 0.001)]
DOSE_UNITS = [("mcg/day", 1.0), ("mg/day", 0.001), ("mcg/h", 1 / 24)]
VOLUME_UNITS = [("mL", 1.0)]
DURATION_UNITS = [("day", 1.0), ("h", 24.0)]
FLOW_UNITS = [("mL/day", 1.0), ("mL/h", 1 / 24)]
BAD_NUMBERS = [0.0, -1.0, -250.0, 1e300, math.nan, math.inf]
PUMPS = ["synchromed_ii_20", "synchromed_ii_40", "prometra_20", "prometra_ii_20", "prometra_ii_40"]


def text(value: float, unit: str) -> str:
    return f"{value!r} {unit}"  # repr: the shortest text that reads back as the same float


def sometimes_bad(draw: st.DrawFn) -> bool:
    return draw(st.integers(0, 3)) == 0


@st.composite
def quantities(
    draw: st.DrawFn,
    n: int,
    good: st.SearchStrategy[float],
    units: Sequence[tuple[str, float]],
    alien: str,
    bad_numbers: Sequence[float] = (),
    optional: bool = False,
) -> Drawn:
    """A quantity column of n rows: (numbers, unit), texts each with its unit, or one text for
    every row. ``good`` draws values in the first unit; ``alien`` is a text of another dimension;
    ``optional``: None is the default, not a missing value, so never drawn."""
    bads = [*BAD_NUMBERS, *bad_numbers]
    mode = draw(st.sampled_from(["numbers", "texts", "one"]))

    def number_cell(unit: str, per: float) -> tuple[float, Cell]:
        if sometimes_bad(draw):
            v = draw(st.sampled_from(bads)) * per
            return v, Cell(text(v, unit), bad=True, early=not math.isfinite(v), missing=math.isnan(v))
        v = draw(good) * per
        return v, Cell(text(v, unit))

    def text_cell() -> Cell:
        unit, per = draw(st.sampled_from(units))
        if not sometimes_bad(draw):
            return Cell(text(draw(good) * per, unit))
        kind = draw(st.sampled_from(["number", "unknown_unit", "alien", "malformed", "missing"]))
        if kind == "number":
            v = draw(st.sampled_from(bads)) * per
            return Cell(text(v, unit), bad=True, early=not math.isfinite(v))
        if kind == "unknown_unit":
            return Cell(text(draw(good), "drops"), bad=True, early=True)
        if kind == "alien":
            return Cell(alien, bad=True, early=True)
        if kind == "missing" and not optional:
            return Cell(None, bad=True, early=True, missing=True)
        return Cell(draw(st.sampled_from(["", "abc", "2 2 mL", "mL"])), bad=True, early=True)

    if mode == "numbers":
        unit, per = draw(st.sampled_from(units))
        drawn = [number_cell(unit, per) for _ in range(n)]
        return Drawn((np.array([v for v, _ in drawn], dtype=np.float64), unit), [c for _, c in drawn])
    if mode == "one":
        cell = text_cell()
        while cell.scalar is None:
            cell = text_cell()
        return Drawn(cell.scalar, [cell] * n, one=True)
    cells = [text_cell() for _ in range(n)]
    given = [c.scalar for c in cells]
    # (a list of Nones alone says nothing of its type: refused as a column of bare numbers)
    as_array = draw(st.booleans()) or all(v is None for v in given)
    return Drawn(np.array(given, dtype=object) if as_array else given, cells)


@st.composite
def plain_numbers(
    draw: st.DrawFn, n: int, good: st.SearchStrategy[float], bad: Sequence[float]
) -> Drawn:
    """A column of plain numbers (a percent, hours, years), or one number for every row."""
    def cell() -> Cell:
        if sometimes_bad(draw):
            v = draw(st.sampled_from([*bad, math.nan, math.inf]))
            return Cell(v, bad=True, early=not math.isfinite(v), missing=math.isnan(v))
        return Cell(draw(good))

    if draw(st.booleans()):
        one = cell()
        return Drawn(one.scalar, [one] * n, one=True)
    cells = [cell() for _ in range(n)]
    return Drawn(np.array([c.scalar for c in cells], dtype=np.float64), cells)


@st.composite
def pumps(draw: st.DrawFn, n: int, optional: bool = False) -> Drawn:
    """One catalogued pump for every row, or a pump id per row (unknown ones too, and missing
    ones unless the argument is ``optional``: then None is no pump)."""
    if draw(st.booleans()):
        one = draw(st.sampled_from(PUMPS))
        return Drawn(one, [Cell(one)] * n, one=True)
    cells = []
    for _ in range(n):
        if sometimes_bad(draw):
            bad = draw(st.sampled_from(["medstream", "SynchroMed_II_20", "", *([] if optional else [None])]))
            cells.append(Cell(bad, bad=True, early=True, missing=bad is None))
        else:
            cells.append(Cell(draw(st.sampled_from(PUMPS))))
    return Drawn([c.scalar for c in cells], cells)


def in_unit(q: itb.Quantity, unit: str) -> float:
    assert q.unit == unit, (q, unit)
    return q.value


def check_row(
    got: Result, i: int, scalar: Callable[[], Any], numbers: dict[str, tuple[str, str]], cells: dict[str, Cell]
) -> Any:
    """Row i of a column result against the scalar function on that row; returns the scalar
    result (None when it raised).

    A good row has the scalar function's numbers exactly, its finding codes and ``allowed``. A row
    the scalar function refuses is a bad row with an error code: the scalar function's, naming
    the same argument, but missing_field for a missing (NaN, None) value, when the row has one
    bad value or only values the core itself refuses."""
    try:
        want = scalar()
    except itb.ItbError as e:
        assert_bad_row(got, i)
        bad = [c for c in cells.values() if c.bad]
        if len(bad) <= 1 or not any(c.early for c in bad):
            cell = cells.get(e.field or "")
            code = "missing_field" if cell is not None and cell.missing else e.code
            assert got["error_code"][i] == code, (got["error"][i], repr(e))
            if e.field is not None:
                assert re.match(rf"{re.escape(e.field)}\[{i}\]\D", got["error"][i]), (got["error"][i], repr(e))
        return None
    for name, (attribute, unit) in numbers.items():
        assert got[name][i] == in_unit(getattr(want, attribute), unit), (name, got[name][i], getattr(want, attribute))
    assert got["findings"][i] == ",".join(f.code for f in want.findings)
    assert bool(got["allowed"][i]) is want.allowed
    assert got["error_code"][i] is None and got["error"][i] is None
    return want


REFILL_NUMBERS = {
    "flow_rate_ml_per_day": ("flow_rate", "mL/day"),
    "days_to_alarm": ("days_to_alarm", "day"),
    "earliest_alarm_days": ("earliest_alarm", "day"),
    "days_to_empty": ("days_to_empty", "day"),
    "refill_due_days": ("refill_due", "day"),
    "drug_amount_mcg": ("drug_amount", "mcg"),
    "daily_dose_mcg_per_day": ("daily_dose", "mcg/day"),
}
REFILL_DATES = {
    "alarm_date": "days_to_alarm",
    "earliest_alarm_date": "earliest_alarm",
    "empty_date": "days_to_empty",
    "due_date": "refill_due",
}

CONCENTRATIONS = st.sampled_from([500.0, 1000.0, 2000.0, 50.0]) | st.floats(100, 4000)
DOSES = st.floats(20, 1500)  # mcg/day


@st.composite
def refill_tables(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 8))
    table: dict[str, Any] = {
        "n": n,
        "pump": draw(pumps(n)),
        "concentration": draw(quantities(n, CONCENTRATIONS, CONCENTRATION_UNITS, "500 mcg/day")),
        "daily_dose": draw(quantities(n, DOSES, DOSE_UNITS, "2 mg/mL")),
    }
    if draw(st.booleans()):  # at most 20 mL: within every reservoir; 25 and 45 mL above some
        table["fill_volume"] = draw(quantities(n, st.floats(3.5, 20), VOLUME_UNITS, "3 h", [25.0, 45.0], optional=True))
    if draw(st.booleans()):  # below every reservoir; 20 and 50 mL at or above some
        table["alarm_volume"] = draw(quantities(n, st.floats(0.5, 3), VOLUME_UNITS, "3 h", [20.0, 50.0], optional=True))
    if draw(st.booleans()):
        dates = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
        # (refill dates per row beside one value of every other argument: see
        # test_refill_dates_alone_give_the_rows)
        if draw(st.booleans()) or rows(table) == 1:
            one = draw(dates)
            table["refill_date"] = Drawn(one, [Cell(one)] * n, one=True)
        else:
            cells = [Cell(None) if draw(st.integers(0, 5)) == 0 else Cell(draw(dates)) for _ in range(n)]
            given = np.array([np.datetime64("NaT") if c.scalar is None else c.scalar for c in cells], dtype="datetime64[D]")
            table["refill_date"] = Drawn(given, cells)
    return table


@settings_
@given(refill_tables())
def test_refill_plan_rows_are_the_scalar_functions(table: dict[str, Any]) -> None:
    optional = {name: table[name].given for name in ("fill_volume", "alarm_volume", "refill_date") if name in table}
    got = columns.refill_plan(
        table["pump"].given, table["concentration"].given, table["daily_dose"].given, errors="coerce", **optional
    )
    assert {column.shape for column in got.values()} == {(rows(table),)}
    for i in range(rows(table)):
        names = ("pump", "concentration", "daily_dose", "fill_volume", "alarm_volume")
        cells: dict[str, Cell] = {name: table[name].cells[i] for name in names if name in table}

        def scalar() -> itb.RefillPlan:
            return itb.refill_plan(
                cells["pump"].scalar,
                cells["concentration"].scalar,
                cells["daily_dose"].scalar,
                fill_volume=cells["fill_volume"].scalar if "fill_volume" in cells else None,
                alarm_volume=cells["alarm_volume"].scalar if "alarm_volume" in cells else None,
            )

        if "refill_date" not in table:
            check_row(got, i, scalar, REFILL_NUMBERS, cells)
            continue
        date = table["refill_date"].cells[i].scalar
        if date is None:  # NaT: the row's own error first, else a missing refill date
            try:
                scalar()
            except itb.ItbError:
                check_row(got, i, scalar, REFILL_NUMBERS, cells)
                continue
            assert_bad_row(got, i)
            assert got["error_code"][i] == "missing_field"
            assert got["error"][i].startswith(f"refill_date[{i}]: ")
            continue
        want = check_row(got, i, scalar, REFILL_NUMBERS, cells)
        if want is None:
            continue
        for name, attribute in REFILL_DATES.items():
            # the refill date + the whole days, rounded down
            whole = math.floor(in_unit(getattr(want, attribute), "day"))
            assert got[name][i] == np.datetime64(date) + np.timedelta64(whole, "D"), name
        dated = itb.refill_plan(
            cells["pump"].scalar,
            cells["concentration"].scalar,
            cells["daily_dose"].scalar,
            fill_volume=cells["fill_volume"].scalar if "fill_volume" in cells else None,
            alarm_volume=cells["alarm_volume"].scalar if "alarm_volume" in cells else None,
            refill_at=date,
        )
        assert (got["alarm_date"][i], got["due_date"][i]) == (np.datetime64(dated.alarm_at), np.datetime64(dated.due_at))


RECONCILE_NUMBERS = {
    "flow_rate_ml_per_day": ("flow_rate", "mL/day"),
    "expected_volume_ml": ("expected_volume", "mL"),
    "discrepancy_ml": ("discrepancy", "mL"),
    "implied_flow_rate_ml_per_day": ("implied_flow_rate", "mL/day"),
    "delivery_error_percent": ("delivery_error", "%"),
}


@st.composite
def reconcile_tables(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 8))
    # good fills (10 to 20 mL, within every reservoir) hold every good residual (0 to 10 mL)
    table: dict[str, Any] = {
        "n": n,
        "fill_volume": draw(quantities(n, st.floats(10, 20), VOLUME_UNITS, "3 h", [25.0, 45.0])),
        "elapsed": draw(quantities(n, st.floats(1, 200), DURATION_UNITS, "3 mL")),
        "aspirated_volume": draw(quantities(n, st.just(0.0) | st.floats(0.001, 10), VOLUME_UNITS, "3 h", [21.0])),
    }
    if draw(st.booleans()):
        table["flow_rate"] = draw(quantities(n, st.floats(0.02, 2), FLOW_UNITS, "5 mcg/mL", optional=True))
    else:
        table["daily_dose"] = draw(quantities(n, DOSES, DOSE_UNITS, "2 mg/mL", optional=True))
        table["concentration"] = draw(quantities(n, CONCENTRATIONS, CONCENTRATION_UNITS, "500 mcg/day", optional=True))
    if draw(st.booleans()):
        table["threshold"] = draw(quantities(n, st.floats(0.5, 5), VOLUME_UNITS, "3 h", optional=True))
    if draw(st.booleans()):
        table["pump"] = draw(pumps(n, optional=True))
    return table


@settings_
@given(reconcile_tables())
def test_reconcile_rows_are_the_scalar_functions(table: dict[str, Any]) -> None:
    names = ("daily_dose", "concentration", "flow_rate", "threshold", "pump")
    optional = {name: table[name].given for name in names if name in table}
    got = columns.reconcile(
        table["fill_volume"].given, table["elapsed"].given, table["aspirated_volume"].given, errors="coerce", **optional
    )
    assert {column.shape for column in got.values()} == {(rows(table),)}
    for i in range(rows(table)):
        cells: dict[str, Cell] = {name: table[name].cells[i] for name in table if name != "n"}
        arguments = {name: cells[name].scalar for name in names if name in cells}

        def scalar() -> itb.Reconciliation:
            return itb.reconcile(
                cells["fill_volume"].scalar, cells["elapsed"].scalar, cells["aspirated_volume"].scalar, **arguments
            )

        check_row(got, i, scalar, RECONCILE_NUMBERS, cells)


@st.composite
def titrate_tables(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 8))
    table: dict[str, Any] = {
        "n": n,
        "profile": draw(st.sampled_from(["us", "uk"])),
        "origin": draw(st.sampled_from(["spinal", "cerebral"])),
        "phase": draw(st.sampled_from(["titration", "maintenance"])),
        "pump_programmable": draw(st.sampled_from([None, True, False])),
        "current_daily_dose": draw(quantities(n, DOSES, DOSE_UNITS, "2 mg/mL")),
        # -100 % or less stops the pump; above 1000 % is refused
        "change_percent": draw(plain_numbers(n, st.floats(-90, 200), [-100.0, -150.0, 1500.0])),
    }
    if draw(st.booleans()):
        table["age_years"] = draw(plain_numbers(n, st.floats(1, 90), [-1.0, 200.0]))
    for name in ("hours_since_last_change", "hours_since_start"):
        if draw(st.booleans()):
            table[name] = draw(plain_numbers(n, st.just(0.0) | st.floats(0.01, 500), [-1.0]))
    return table


@settings_
@given(titrate_tables())
def test_titrate_rows_are_the_scalar_functions(table: dict[str, Any]) -> None:
    optional = ("age_years", "hours_since_last_change", "hours_since_start")
    got = columns.titrate(
        table["profile"],
        table["current_daily_dose"].given,
        table["change_percent"].given,
        table["origin"],
        table["phase"],
        pump_programmable=table["pump_programmable"],
        errors="coerce",
        **{name: table[name].given for name in optional if name in table},
    )
    assert {column.shape for column in got.values()} == {(rows(table),)}
    for i in range(rows(table)):
        names = ("current_daily_dose", "change_percent", *optional)
        cells: dict[str, Cell] = {name: table[name].cells[i] for name in names if name in table}
        programmable = {} if table["pump_programmable"] is None else {"pump_programmable": table["pump_programmable"]}

        def scalar() -> itb.Titration:
            return itb.titrate(
                table["profile"],
                cells["current_daily_dose"].scalar,
                cells["change_percent"].scalar,
                table["origin"],
                table["phase"],
                **{name: cells[name].scalar for name in optional if name in cells},
                **programmable,
            )

        check_row(got, i, scalar, {"new_daily_dose_mcg_per_day": ("new_daily_dose", "mcg/day")}, cells)


# --- the order of the findings, and rows with more than one bad value ----------------------------


@pytest.mark.parametrize(
    ("column", "scalar"),
    [
        # synchromed_ii_20 at 1500 mcg/mL, 300 mcg/day: 0.2 mL/day; alarm 18 / 0.2 = 90 d, due
        # 83 d, earliest 18 / (0.2 × 1.145) = 78.6 d < 83: the refill rule raises
        # alarm_before_due, then the concentration check nonstandard_concentration
        (
            lambda: columns.refill_plan("synchromed_ii_20", "1500 mcg/mL", ["300 mcg/day"]),
            lambda: itb.refill_plan("synchromed_ii_20", "1500 mcg/mL", "300 mcg/day"),
        ),
        # 500 mcg/day programmed at 500 mcg/mL, 2000 in the reservoir: concentration_mismatch,
        # then the delivered 2000 mcg/day's daily_dose_above_1000
        (
            lambda: columns.programming_check(["500 mcg/day"], "500 mcg/mL", "2000 mcg/mL"),
            lambda: itb.programming_check("500 mcg/day", "500 mcg/mL", "2000 mcg/mL"),
        ),
        # 900 mcg/day +50 % = 1350 (US spinal maintenance): the step's findings first, then
        # daily_dose_above_1000
        (
            lambda: columns.titrate("us", ["900 mcg/day"], 50, "spinal", "maintenance"),
            lambda: itb.titrate("us", "900 mcg/day", 50, "spinal", "maintenance"),
        ),
    ],
    ids=["refill_plan", "programming_check", "titrate"],
)
def test_findings_come_in_the_scalar_functions_order(column: Callable[[], Result], scalar: Callable[[], Any]) -> None:
    # rows where the order raised is not the order the codes are declared in (Code::ALL)
    want = scalar()
    assert len(want.findings) >= 2
    assert column()["findings"].tolist() == [",".join(f.code for f in want.findings)]


@pytest.mark.parametrize(
    ("column", "scalar"),
    [
        # a zero concentration (refused by the core) and a dose in an unknown unit: the scalar
        # function reads the concentration first
        (
            lambda: columns.refill_plan("synchromed_ii_20", ["0 mcg/mL"], ["5 drops/day"], errors="coerce"),
            lambda: itb.refill_plan("synchromed_ii_20", "0 mcg/mL", "5 drops/day"),
        ),
        # an infinite change and a zero dose: the scalar function checks the plain number first
        (
            lambda: columns.titrate("us", ["0 mcg/day"], np.array([math.inf]), "spinal", "maintenance", errors="coerce"),
            lambda: itb.titrate("us", "0 mcg/day", math.inf, "spinal", "maintenance"),
        ),
    ],
    ids=["refill_plan", "titrate"],
)
def test_a_row_with_two_bad_values_reports_the_scalar_functions_error(
    column: Callable[[], Result], scalar: Callable[[], Any]
) -> None:
    with pytest.raises(itb.ItbError) as info:
        scalar()
    got = column()
    assert got["error_code"].tolist() == [info.value.code]
    assert got["error"][0].startswith(f"{info.value.field}[0]")


def test_raising_names_the_first_bad_row_when_it_is_a_missing_date() -> None:
    # row 0 has no refill date; row 1 a negative dose: the first bad row is row 0
    with pytest.raises(itb.InputError) as info:
        columns.refill_plan(
            "synchromed_ii_20", "2 mg/mL", ["500 mcg/day", "-1 mcg/day"], refill_date=days("NaT", "2026-01-01")
        )
    assert (info.value.code, info.value.field) == ("missing_field", "refill_date[0]")


@pytest.mark.parametrize("missing", ["nan", "pd.NA", "date32[pyarrow]"])
def test_a_missing_value_among_date_objects_is_a_bad_row(missing: str) -> None:
    first = dt.date(2026, 1, 1)
    when: Any
    if missing == "nan":
        when = [first, math.nan]
    else:
        pd = pytest.importorskip("pandas")
        if missing == "pd.NA":
            when = pd.Series([first, pd.NA], dtype=object)
        else:
            pytest.importorskip("pyarrow")
            when = pd.Series([first, None], dtype="date32[pyarrow]")
    got = columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"] * 2, refill_date=when, errors="coerce")
    assert got["alarm_date"][0] == np.datetime64("2026-03-14")
    assert got["error_code"].tolist() == [None, "missing_field"]


def test_a_time_zone_aware_refill_date_is_refused_without_a_warning() -> None:
    pd = pytest.importorskip("pandas")
    when = pd.Series(pd.to_datetime(["2026-01-01"]).tz_localize("UTC"))
    with pytest.raises(itb.InputError) as info:  # warnings are errors here (pytest.ini)
        columns.refill_plan("synchromed_ii_20", "2 mg/mL", ["500 mcg/day"], refill_date=when)
    assert info.value.field == "refill_date"


def test_refill_dates_alone_give_the_rows() -> None:
    # one pump, concentration and dose for every row: 72 days to the alarm from each date;
    # 2026-01-01 + 72 = Mar 14; 2026-02-01 + 72 = Apr 14 (Feb 1 + 59 = Apr 1)
    got = columns.refill_plan("synchromed_ii_20", "2 mg/mL", "500 mcg/day", refill_date=days("2026-01-01", "2026-02-01"))
    assert got["alarm_date"].tolist() == [dt.date(2026, 3, 14), dt.date(2026, 4, 14)]
    assert got["days_to_alarm"].tolist() == [72.0, 72.0]
