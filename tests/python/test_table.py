"""itb.pandas: refill plans and refill-visit histories of whole tables, hand-checked.

Worked by hand from the rules of docs/RULES.md (as in test_columns.py):
- refill plan: flow = dose / concentration; days to alarm = (fill − alarm) / flow; earliest
  alarm = (fill − alarm) / (flow × (1 + accuracy / 100)); days to empty = fill / flow; due =
  min(days to alarm − 7, 180); drug = fill × concentration; dates = the refill date + the whole
  days, rounded down. SynchroMed II 20 / 40 mL: alarm 2 mL, ±14.5 %; Prometra II 20 mL: alarm
  3 mL, ±15 %.
- each interval between two visits of a patient, on the later visit: elapsed days; the earlier
  visit's fill reconciled against this visit's residual: expected = max(0, fill − flow ×
  elapsed), discrepancy = aspirated − expected, implied flow = (fill − aspirated) / elapsed,
  delivery error = (implied / flow − 1) × 100 %; the dose change (new / old − 1) × 100 %,
  checked as a US spinal maintenance change: above +40 % raises step_above_guideline and
  sudden_escalation (core/src/titration.rs, check_step), so escalation; late after the
  previous plan's alarm or empty date when strictly after it; over the 180-day residence when
  strictly more than 180 days.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest

import itb

pd = pytest.importorskip("pandas")
itb_pandas = pytest.importorskip("itb.pandas")

PLAN_NUMBERS = ["flow_rate_ml_per_day", "days_to_alarm", "earliest_alarm_days", "days_to_empty", "refill_due_days", "drug_amount_mcg"]
PLAN_DATES = ["alarm_date", "earliest_alarm_date", "empty_date", "due_date"]
INTERVALS = [
    "elapsed_days",
    "expected_volume_ml",
    "discrepancy_ml",
    "implied_flow_rate_ml_per_day",
    "delivery_error_percent",
    "reconcile_findings",
    "dose_change_percent",
    "titration_findings",
    "escalation",
    "late_after_alarm",
    "late_after_empty",
    "over_max_residence",
]


def visits() -> Any:
    """Three refill visits under the default column names, on index labels 10 to 12.

    10: synchromed_ii_20, 2000 mcg/mL, 500 mcg/day, 20 mL on 2026-01-01: 0.25 mL/day; alarm
        18 / 0.25 = 72 d (Mar 14); earliest 18 / (0.25 × 1.145) = 62.88 d (Mar 4); empty 80 d
        (Mar 22); due 65 d (Mar 7); 40,000 mcg; 62.88 < 65: alarm_before_due.
    11: prometra_ii_20, 2000 mcg/mL, 500 mcg/day, 15 mL on 2026-02-01: 0.25 mL/day; alarm
        12 / 0.25 = 48 d (Feb 1 + 28 = Mar 1, + 20: Mar 21); earliest 12 / (0.25 × 1.15) =
        41.74 d (Mar 14); empty 60 d (Apr 2); due 41 d (Mar 14); 30,000 mcg; 41.74 is not
        before 41: only pump_not_labelled_for_baclofen.
    12: synchromed_ii_40, 500 mcg/mL, 100 mcg/day, 40 mL on 2026-03-01: 0.2 mL/day; alarm
        38 / 0.2 = 190 d (Mar 1 + 184 = Sep 1, + 6: Sep 7); 183 > 180: due 180 d (Aug 28),
        refill_interval_capped_by_stability; earliest 38 / (0.2 × 1.145) = 165.94 d (Aug 13),
        before 180: alarm_before_due; empty 200 d (Sep 17); 20,000 mcg.
    """
    return pd.DataFrame(
        {
            "pump": ["synchromed_ii_20", "prometra_ii_20", "synchromed_ii_40"],
            "concentration_mcg_per_ml": [2000.0, 2000.0, 500.0],
            "daily_dose_mcg_per_day": [500.0, 500.0, 100.0],
            "fill_volume_ml": [20.0, 15.0, 40.0],
            "refill_date": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
        },
        index=[10, 11, 12],
    )


def assert_hand_worked_plans(got: Any) -> None:
    """The plans of :func:`visits`, worked by hand there."""
    assert got["flow_rate_ml_per_day"].tolist() == [0.25, 0.25, 0.2]
    assert got["days_to_alarm"].tolist() == [72.0, 48.0, 190.0]
    assert got["earliest_alarm_days"].tolist() == pytest.approx(
        [18 / (0.25 * 1.145), 12 / (0.25 * 1.15), 38 / (0.2 * 1.145)], rel=1e-11
    )
    assert got["days_to_empty"].tolist() == [80.0, 60.0, 200.0]
    assert got["refill_due_days"].tolist() == [65.0, 41.0, 180.0]
    assert got["drug_amount_mcg"].tolist() == [40_000.0, 30_000.0, 20_000.0]
    dates = {name: [d.date() for d in got[name]] for name in PLAN_DATES}
    assert dates == {
        "alarm_date": [dt.date(2026, 3, 14), dt.date(2026, 3, 21), dt.date(2026, 9, 7)],
        "earliest_alarm_date": [dt.date(2026, 3, 4), dt.date(2026, 3, 14), dt.date(2026, 8, 13)],
        "empty_date": [dt.date(2026, 3, 22), dt.date(2026, 4, 2), dt.date(2026, 9, 17)],
        "due_date": [dt.date(2026, 3, 7), dt.date(2026, 3, 14), dt.date(2026, 8, 28)],
    }
    assert [str(f) for f in got["findings"]] == [
        "alarm_before_due",
        "pump_not_labelled_for_baclofen",
        "refill_interval_capped_by_stability,alarm_before_due",
    ]
    assert got["allowed"].tolist() == [True, True, True]


# --- refill_plans -------------------------------------------------------------------------------


def test_refill_plans_beside_the_table_on_its_index() -> None:
    table = visits()
    got = itb_pandas.refill_plans(table)
    assert list(got.index) == [10, 11, 12]
    # the table's own columns first, unchanged; the plan's beside them (its daily dose is the
    # table's own daily_dose_mcg_per_day, not repeated)
    assert list(got.columns) == [*table.columns, *PLAN_NUMBERS, *PLAN_DATES, "findings", "allowed"]
    pd.testing.assert_frame_equal(got[list(table.columns)], table)
    assert_hand_worked_plans(got)
    pd.testing.assert_frame_equal(table, visits())  # the input is not changed


def test_refill_plans_with_columns_named_otherwise() -> None:
    # The concentration as texts with their units, the dose as numbers in mg/day: the same
    # plans. 2 mg/mL = 2000 mcg/mL, 0.5 mg/mL = 500; 0.5 mg/day = 500 mcg/day, 0.1 = 100.
    table = visits().drop(columns=["concentration_mcg_per_ml", "daily_dose_mcg_per_day"])
    table["strength"] = ["2 mg/mL", "2000 mcg/mL", "0.5 mg/mL"]
    table["dose_mg"] = [0.5, 0.5, 0.1]
    got = itb_pandas.refill_plans(table, columns={"concentration": "strength", "daily_dose": ("dose_mg", "mg/day")})
    assert list(got.index) == [10, 11, 12]
    assert_hand_worked_plans(got)
    # the table has no daily dose in mcg/day: the plan gives it
    assert got["daily_dose_mcg_per_day"].tolist() == [500.0, 500.0, 100.0]


def test_refill_plans_of_a_pyarrow_table() -> None:
    pa = pytest.importorskip("pyarrow")
    table = visits()
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    got = itb_pandas.refill_plans(arrow)
    assert isinstance(got, pa.Table)
    assert got.column_names == list(itb_pandas.refill_plans(table).columns)
    back = got.to_pandas()
    assert_hand_worked_plans(back)
    want = itb_pandas.refill_plans(table).reset_index(drop=True)
    pd.testing.assert_frame_equal(back, want, check_dtype=False, check_categorical=False)


def test_a_missing_column_is_named() -> None:
    with pytest.raises(itb.InputError) as info:
        itb_pandas.refill_plans(visits().drop(columns=["concentration_mcg_per_ml"]))
    assert (info.value.code, info.value.field) == ("missing_field", "concentration")
    assert "'concentration_mcg_per_ml'" in str(info.value)
    with pytest.raises(itb.InputError) as renamed:
        itb_pandas.refill_plans(visits(), columns={"daily_dose": ("dose_mg", "mg/day")})
    assert (renamed.value.code, renamed.value.field) == ("missing_field", "daily_dose")
    assert "'dose_mg'" in str(renamed.value)
    with pytest.raises(itb.InputError) as history:
        itb_pandas.refill_history(visits())
    assert history.value.field == "patient_id"


def test_a_table_that_is_not_a_table_and_a_column_that_would_be_replaced() -> None:
    with pytest.raises(itb.InputError) as info:
        itb_pandas.refill_plans({"pump": ["synchromed_ii_20"]})
    assert (info.value.code, info.value.field) == ("invalid_value", "table")
    clash = visits().assign(days_to_alarm=1.0)
    with pytest.raises(itb.InputError) as replaced:
        itb_pandas.refill_plans(clash)
    assert (replaced.value.code, replaced.value.field) == ("invalid_value", "days_to_alarm")
    with pytest.raises(itb.InputError) as bad_source:
        itb_pandas.refill_plans(visits(), columns={"concentration": ("conc", "mg/mL", "x")})
    assert bad_source.value.code == "invalid_value"


def test_raising_names_the_row_by_its_index_label() -> None:
    table = visits()
    table.loc[11, "daily_dose_mcg_per_day"] = -5.0
    with pytest.raises(itb.InputError) as info:
        itb_pandas.refill_plans(table)
    assert info.value.code == "negative"
    # named by the table's column and index label, not the argument and position
    assert str(info.value).startswith("daily_dose_mcg_per_day[11] is negative")
    assert info.value.field == "daily_dose_mcg_per_day[11]"
    undated = visits()
    undated.loc[12, "refill_date"] = pd.NaT
    with pytest.raises(itb.InputError) as missing:
        itb_pandas.refill_plans(undated)
    assert missing.value.code == "missing_field"
    assert str(missing.value).startswith("refill_date[12]: missing")


def test_coercing_bad_rows() -> None:
    table = visits()
    table.loc[11, "daily_dose_mcg_per_day"] = np.nan
    table.loc[12, "fill_volume_ml"] = 45.0  # above the 40 mL reservoir
    got = itb_pandas.refill_plans(table, errors="coerce")
    assert list(got.index) == [10, 11, 12]
    assert got.loc[10, "days_to_alarm"] == 72.0 and got.loc[10, "allowed"]
    assert got[PLAN_NUMBERS].loc[[11, 12]].isna().all().all()
    assert got[PLAN_DATES].loc[[11, 12]].isna().all().all()
    assert got["allowed"].isna().tolist() == [False, True, True]  # NA: a bad row is not judged
    assert [None if pd.isna(c) else str(c) for c in got["error_code"]] == [None, "missing_field", "out_of_range"]
    assert pd.isna(got.loc[10, "error"])
    assert got.loc[11, "error"].startswith("daily_dose") and got.loc[12, "error"].startswith("fill_volume")


# --- refill_history ------------------------------------------------------------------------------


def history_visits() -> Any:
    """Two patients' visits, shuffled, on index labels 20 to 25.

    P01, synchromed_ii_20 (alarm 2 mL) at 2000 mcg/mL, filled to 20 mL each time:
      23: 2026-01-01, 500 mcg/day: 0.25 mL/day; alarm 72 d (Mar 14), empty 80 d (Mar 22)
      25: 2026-03-22 (80 days; after the alarm, exactly on the empty date), 0.5 mL drawn,
          800 mcg/day: 0.4 mL/day; alarm 18 / 0.4 = 45 d (May 6), empty 50 d (May 11)
      21: 2026-05-12 (51 days: after both), nothing drawn, 880 mcg/day
    P02, synchromed_ii_40 (alarm 2 mL) at 1000 mcg/mL, filled to 40 mL each time:
      22: 2025-06-01, 100 mcg/day: 0.1 mL/day; alarm 38 / 0.1 = 380 d (2026-06-16)
      20: 2025-11-29 (181 days: Jun 1 + 29 = Jun 30, + 31 + 31 + 30 + 31 = Oct 31, + 29),
          20 mL drawn, 130 mcg/day: 0.13 mL/day; alarm 38 / 0.13 = 292 whole days
      24: 2026-05-28 (180 days: Nov 29 + 1 = Nov 30, + 31 + 31 + 28 + 31 + 30 = Apr 30,
          + 28), 16.6 mL drawn, 130 mcg/day
    """
    rows = {
        20: ("P02", "synchromed_ii_40", 1000.0, 130.0, 40.0, "2025-11-29", 20.0),
        21: ("P01", "synchromed_ii_20", 2000.0, 880.0, 20.0, "2026-05-12", 0.0),
        22: ("P02", "synchromed_ii_40", 1000.0, 100.0, 40.0, "2025-06-01", np.nan),
        23: ("P01", "synchromed_ii_20", 2000.0, 500.0, 20.0, "2026-01-01", np.nan),
        24: ("P02", "synchromed_ii_40", 1000.0, 130.0, 40.0, "2026-05-28", 16.6),
        25: ("P01", "synchromed_ii_20", 2000.0, 800.0, 20.0, "2026-03-22", 0.5),
    }
    names = [
        "patient_id", "pump", "concentration_mcg_per_ml", "daily_dose_mcg_per_day", "fill_volume_ml", "refill_date",
        "aspirated_volume_ml",
    ]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    table["refill_date"] = pd.to_datetime(table["refill_date"])
    return table


def test_refill_history_sorted_per_patient_by_date() -> None:
    table = history_visits()
    got = itb_pandas.refill_history(table)
    assert list(got.index) == [23, 25, 21, 22, 20, 24]
    assert got["patient_id"].tolist() == ["P01"] * 3 + ["P02"] * 3
    assert [d.date() for d in got["refill_date"]] == [
        dt.date(2026, 1, 1), dt.date(2026, 3, 22), dt.date(2026, 5, 12),
        dt.date(2025, 6, 1), dt.date(2025, 11, 29), dt.date(2026, 5, 28),
    ]
    assert list(got.columns[: len(table.columns)]) == list(table.columns)
    pd.testing.assert_frame_equal(got[list(table.columns)], table.loc[got.index])
    # each visit's own plan beside it: the first is the published example, the fourth capped
    assert got.loc[23, "days_to_alarm"] == 72.0 and got.loc[23, "due_date"].date() == dt.date(2026, 3, 7)
    assert got.loc[22, "refill_due_days"] == 180.0  # 380 − 7 = 373, capped at 180


def test_refill_history_intervals_hand_worked() -> None:
    got = itb_pandas.refill_history(history_visits())
    # A patient's first visit: no interval
    for first in (23, 22):
        assert got.loc[first, INTERVALS].isna().all(), got.loc[first, INTERVALS]
    # elapsed: 80, 51, 181, 180 days
    later = [25, 21, 20, 24]
    assert got.loc[later, "elapsed_days"].tolist() == [80.0, 51.0, 181.0, 180.0]
    # expected = max(0, fill − flow × elapsed): 20 − 0.25 × 80 = 0; 20 − 0.4 × 51 = −0.4 → 0;
    # 40 − 0.1 × 181 = 21.9; 40 − 0.13 × 180 = 16.6
    assert got.loc[later, "expected_volume_ml"].tolist() == pytest.approx([0.0, 0.0, 21.9, 16.6], rel=1e-12)
    # discrepancy = aspirated − expected: 0.5, 0, 20 − 21.9 = −1.9, 16.6 − 16.6 = 0
    assert got.loc[later, "discrepancy_ml"].tolist() == pytest.approx([0.5, 0.0, -1.9, 0.0], rel=1e-12, abs=1e-12)
    # implied = (fill − aspirated) / elapsed: 19.5 / 80, 20 / 51, 20 / 181, 23.4 / 180 = 0.13
    assert got.loc[later, "implied_flow_rate_ml_per_day"].tolist() == pytest.approx(
        [19.5 / 80, 20 / 51, 20 / 181, 0.13], rel=1e-11
    )
    # error = (implied / flow − 1) × 100: (0.24375 / 0.25 − 1) × 100 = −2.5;
    # (20 / 20.4 − 1) × 100 = −1.96; (20 / 18.1 − 1) × 100 = +10.50; 0
    assert got.loc[later, "delivery_error_percent"].tolist() == pytest.approx(
        [-2.5, (20 / 20.4 - 1) * 100, (20 / 18.1 - 1) * 100, 0.0], rel=1e-11, abs=1e-9
    )
    # P01's reservoir was due out by each visit (fill − flow × elapsed ≤ 0): hard; P02's
    # discrepancies are within 2 mL and its errors within ±14.5 %
    assert [str(got.loc[i, "reconcile_findings"]) for i in later] == [
        "reservoir_expected_empty", "reservoir_expected_empty", "", ""
    ]
    # dose changes: 500 → 800 = +60 %; 800 → 880 = +10 %; 100 → 130 = +30 %; 130 → 130 = 0
    assert got.loc[later, "dose_change_percent"].tolist() == pytest.approx([60.0, 10.0, 30.0, 0.0], rel=1e-12, abs=1e-12)
    # +60 % > 40 % (US spinal maintenance): step_above_guideline and sudden_escalation; +10 %
    # and +30 % are within it; no change, no findings
    assert [str(got.loc[i, "titration_findings"]) for i in later] == [
        "step_above_guideline,sudden_escalation,monitor_after_change",
        "monitor_after_change",
        "monitor_after_change",
        "",
    ]
    assert got.loc[later, "escalation"].tolist() == [True, False, False, False]
    # 2026-03-22 is after the alarm (Mar 14) and on the empty date (Mar 22): not after it;
    # 2026-05-12 is after both (May 6, May 11); P02 came before its alarms
    assert got.loc[later, "late_after_alarm"].tolist() == [True, True, False, False]
    assert got.loc[later, "late_after_empty"].tolist() == [False, True, False, False]
    # 181 days is over the 180-day limit; 180 is not
    assert got.loc[later, "over_max_residence"].tolist() == [False, False, True, False]
    for flag in ("escalation", "late_after_alarm", "late_after_empty", "over_max_residence"):
        assert str(got[flag].dtype) == "boolean"


def test_refill_history_of_a_sorted_table_is_the_same() -> None:
    table = history_visits()
    want = itb_pandas.refill_history(table)
    ordered = table.loc[[23, 25, 21, 22, 20, 24]]
    pd.testing.assert_frame_equal(itb_pandas.refill_history(ordered), want)


def test_refill_history_with_the_uk_profile() -> None:
    # UK spinal maintenance allows +30 %: +60 % escalates, +10 % does not
    got = itb_pandas.refill_history(history_visits(), profile="uk")
    assert got.loc[[25, 21, 24], "escalation"].tolist() == [True, False, False]
    assert str(got.loc[21, "titration_findings"]) == "monitor_after_change"


def test_a_change_of_exactly_the_uk_limit_is_not_an_escalation() -> None:
    # 100 → 130 mcg/day is +30 %, not above the UK's 30 % (itb.titrate("uk", "100 mcg/day", 30,
    # "spinal", "maintenance") raises only monitor_after_change)
    got = itb_pandas.refill_history(history_visits(), profile="uk")
    assert str(got.loc[20, "titration_findings"]) == "monitor_after_change"
    assert got.loc[20, "escalation"] == False  # noqa: E712 (pandas' boolean scalar)


def test_refill_history_raising_names_the_later_visit() -> None:
    table = history_visits()
    table.loc[25, "aspirated_volume_ml"] = 25.0  # more than the 20 mL filled at visit 23
    with pytest.raises(itb.InputError) as info:
        itb_pandas.refill_history(table)
    assert info.value.code == "out_of_range"
    assert str(info.value).startswith("aspirated_volume_ml[25] is out of range")
    assert str(info.value).endswith("(checking the interval from the visit before)")
    assert info.value.field == "aspirated_volume_ml[25]"
    got = itb_pandas.refill_history(table, errors="coerce")
    assert str(got.loc[25, "visit_error_code"]) == "out_of_range"
    assert got.loc[25, "visit_error"].startswith("aspirated_volume")
    assert math.isnan(got.loc[25, "expected_volume_ml"])
    assert got.loc[[21, 20, 24], "visit_error_code"].isna().all()


def test_refill_history_of_the_sample_visits() -> None:
    datasets = pytest.importorskip("itb.datasets")
    table = datasets.refill_visits(2000, seed=1)
    got = itb_pandas.refill_history(table, errors="coerce")
    assert len(got) == len(table) and got.index.is_unique and set(got.index) == set(table.index)
    bad = got["error_code"].notna().to_numpy()
    assert bad.any() and not bad.all()
    plan = got[PLAN_NUMBERS].to_numpy(dtype=float)
    # a row with no error has finite plan numbers and dates, and is judged
    assert np.isfinite(plan[~bad]).all()
    assert got.loc[~bad, PLAN_DATES].notna().all().all()
    assert got.loc[~bad, "allowed"].notna().all()
    # a bad row has its error, no numbers, and is not judged
    assert np.isnan(plan[bad]).all()
    assert got.loc[bad, "error"].map(lambda e: isinstance(e, str) and len(e) > 0).all()
    assert got.loc[bad, "allowed"].isna().all()
    # every patient's first visit has no interval; every later one its elapsed days
    first = ~got["patient_id"].eq(got["patient_id"].shift()).to_numpy()
    assert got.loc[first, "elapsed_days"].isna().all()
    assert (got.loc[~first, "elapsed_days"] > 0).all()
    # an interval with no error on either side is reconciled
    checked = got["visit_error_code"].isna().to_numpy() & ~first
    assert np.isfinite(got.loc[checked, "expected_volume_ml"].to_numpy(dtype=float)).all()
    # the result sorted per patient by date
    for _, visits_of in got.groupby("patient_id", sort=False):
        assert visits_of["refill_date"].is_monotonic_increasing
