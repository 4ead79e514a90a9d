"""itb.datasets.refill_visits: the synthetic table of refill visits. Deterministic for a seed,
its columns and dtypes, sorted by patient then date, the bad rows as documented (exactly
round(n × 0.005), of every kind, each caught by the package), every good row a refill the
package plans, first visits without an aspirated volume, the residuals the previous row
leaves, an escalation for the analysis to find, late visits, the edge cases of n, and a
million rows in seconds.

Skipped without pandas (the ``[pandas]`` extra): the oldest-numpy venv runs without it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

pandas = pytest.importorskip("pandas")

import itb  # noqa: E402
from itb import datasets  # noqa: E402

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "patient_id",
    "pump",
    "concentration_mcg_per_ml",
    "daily_dose_mcg_per_day",
    "fill_volume_ml",
    "refill_date",
    "aspirated_volume_ml",
]
N = 100_000


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    frame: pd.DataFrame = datasets.refill_visits(N, seed=11)
    return frame


def reservoir_ml(pump: itb.PumpModel) -> float:
    """The pump's reservoir, from the package: what a plan at the default fill empties."""
    plan = itb.refill_plan(pump, "500 mcg/mL", "500 mcg/day")
    return plan.flow_rate.to("mL/day") * plan.days_to_empty.to("day")


def good_rows(df: pd.DataFrame) -> Any:
    """The rows with none of the documented data-entry errors."""
    reservoir = df["pump"].map({p: reservoir_ml(p) for p in datasets.PUMPS})
    low, high = datasets.DOSE_RANGE_MCG_PER_DAY
    dose, fill = df["daily_dose_mcg_per_day"], df["fill_volume_ml"]
    return (
        dose.between(low, high)
        & (df["concentration_mcg_per_ml"] > 0)
        & (fill > 0)
        & (fill <= reservoir)
        & ~(df["aspirated_volume_ml"] < 0)
    )


def plan_of(row: Any) -> itb.RefillPlan:
    return itb.refill_plan(
        row.pump,
        f"{row.concentration_mcg_per_ml} mcg/mL",
        f"{row.daily_dose_mcg_per_day} mcg/day",
        fill_volume=f"{row.fill_volume_ml} mL",
    )


def test_the_same_seed_gives_the_same_frame_and_another_seed_another() -> None:
    first = datasets.refill_visits(3000, seed=5)
    pandas.testing.assert_frame_equal(first, datasets.refill_visits(3000, seed=5))
    other = datasets.refill_visits(3000, seed=6)
    assert not first.equals(other)
    assert not first["daily_dose_mcg_per_day"].equals(other["daily_dose_mcg_per_day"])
    # The default seed is 0.
    pandas.testing.assert_frame_equal(datasets.refill_visits(500), datasets.refill_visits(500, seed=0))


def test_columns_and_dtypes(visits: pd.DataFrame) -> None:
    assert list(visits.columns) == COLUMNS == list(datasets.COLUMNS)
    assert len(visits) == N
    for name in ("patient_id", "pump"):
        assert pandas.api.types.is_string_dtype(visits[name]), name
        assert all(type(value) is str for value in visits[name].drop_duplicates()), name
    for name in ("concentration_mcg_per_ml", "daily_dose_mcg_per_day", "fill_volume_ml", "aspirated_volume_ml"):
        assert visits[name].dtype == np.float64, name
    assert visits["refill_date"].dtype == np.dtype("datetime64[ns]")
    assert (visits["refill_date"] == visits["refill_date"].dt.normalize()).all()  # days
    assert visits["patient_id"].str.fullmatch(r"P\d{6}").all()
    assert set(visits["pump"]) == set(datasets.PUMPS)
    assert set(datasets.PUMPS) <= set(itb._native.PUMP_MODELS)
    # The marketed refill strengths (and the zero of a bad row).
    refills = {p.concentration for p in itb.products().products if p.use == "refill" and p.concentration}
    strengths = {c.to("mcg/mL") for c in refills}
    assert strengths == {500.0, 1000.0, 2000.0}
    assert set(visits["concentration_mcg_per_ml"]) == strengths | {0.0}


def test_sorted_by_patient_then_date_with_about_100_visits_each(visits: pd.DataFrame) -> None:
    resorted = visits.sort_values(["patient_id", "refill_date"], kind="stable")
    assert resorted.index.equals(visits.index)
    assert visits.index.equals(pandas.RangeIndex(N))
    patients = visits.groupby("patient_id", sort=False)
    assert patients.ngroups == N // 100
    assert (patients["refill_date"].diff().dropna().dt.days >= 1).all()  # one visit a day at most
    # A patient's ids are contiguous rows, and each keeps its pump.
    assert (visits["patient_id"] != visits["patient_id"].shift()).sum() == N // 100
    assert patients["pump"].nunique().eq(1).all()
    # Each patient's last visit is in 2025; no history starts before ITB was in use.
    last, first = patients["refill_date"].max(), patients["refill_date"].min()
    assert (last.dt.year == 2025).all()
    assert first.min() > pandas.Timestamp("1992-01-01")


def test_bad_rows_exactly_as_documented_each_caught_by_the_package(visits: pd.DataFrame) -> None:
    good = good_rows(visits)
    bad = visits[~good]
    assert len(bad) == round(N * datasets.BAD_ROW_SHARE) == 500
    dose, c = bad["daily_dose_mcg_per_day"], bad["concentration_mcg_per_ml"]
    kinds = {
        "dose_missing": dose.isna(),
        "concentration_zero": c == 0,
        "dose_in_mg": dose < datasets.DOSE_RANGE_MCG_PER_DAY[0],
        "fill_above_reservoir": bad["fill_volume_ml"] > bad["pump"].map(reservoir_ml),
        "negative_volume": (bad["fill_volume_ml"] < 0) | (bad["aspirated_volume_ml"] < 0),
    }
    assert set(kinds) == set(datasets.BAD_ROW_KINDS)
    counts = {kind: int(rows.sum()) for kind, rows in kinds.items()}
    assert sum(counts.values()) == 500, counts  # one error a row
    assert all(60 <= count <= 140 for count in counts.values()), counts  # equally likely
    assert dose[kinds["dose_in_mg"]].between(0.02, 1.4).all()  # 1000 times too small
    # The package catches each: refill_plan refuses a missing dose, a zero concentration and
    # a fill above the reservoir, and flags a dose in mg; reconcile refuses a negative volume.
    for kind, code, field in [
        ("dose_missing", "not_finite", "daily_dose"),
        ("concentration_zero", "zero", "concentration"),
        ("fill_above_reservoir", "out_of_range", "fill_volume"),
    ]:
        row = next(bad[kinds[kind]].itertuples())
        with pytest.raises(itb.InputError) as caught:
            plan_of(row)
        assert (caught.value.code, caught.value.field) == (code, field), kind
    row = next(bad[kinds["dose_in_mg"]].itertuples())
    assert "daily_dose_below_label_range" in {f.code for f in plan_of(row).findings}
    row = next(bad[bad["aspirated_volume_ml"] < 0].itertuples())
    with pytest.raises(itb.InputError) as caught:
        itb.reconcile("20 mL", "30 day", f"{row.aspirated_volume_ml} mL", flow_rate="0.5 mL/day")
    assert caught.value.field == "aspirated_volume"


def test_first_visits_have_no_aspirated_volume_and_the_others_have_one(visits: pd.DataFrame) -> None:
    first = visits["patient_id"] != visits["patient_id"].shift()
    assert visits.loc[first, "aspirated_volume_ml"].isna().all()
    assert visits.loc[~first, "aspirated_volume_ml"].notna().all()


def test_good_doses_are_in_the_documented_range_with_a_realistic_median(visits: pd.DataFrame) -> None:
    good = visits[good_rows(visits)]
    dose = good["daily_dose_mcg_per_day"]
    low, high = datasets.DOSE_RANGE_MCG_PER_DAY
    assert (low, high) == (22.0, 1400.0)
    assert dose.between(low, high).all()
    assert 300 <= dose.median() <= 400
    assert dose.between(100, 1100).mean() > 0.9
    assert (dose.round(1) == dose).all()  # to 0.1 mcg/day
    # A patient keeps a concentration: it changes at few visits.
    changed = good.groupby("patient_id")["concentration_mcg_per_ml"].diff().fillna(0) != 0
    assert changed.mean() < 0.01
    # Fills: the reservoir mostly, sometimes less.
    full = good["fill_volume_ml"] == good["pump"].map(reservoir_ml)
    assert 0.75 < full.mean() < 0.95


def test_a_sample_of_good_rows_are_refills_the_package_plans(visits: pd.DataFrame) -> None:
    good = visits[good_rows(visits)]
    sample = good.sample(50, random_state=1)
    for row in sample.itertuples():
        plan = plan_of(row)
        assert plan.allowed, (row, plan.findings)
        assert plan.days_to_alarm.to("day") > 0


def test_each_visit_is_booked_from_the_previous_plan_and_aspirates_what_it_leaves(visits: pd.DataFrame) -> None:
    good = good_rows(visits)
    previous = visits.groupby("patient_id").shift(1)
    elapsed = (visits["refill_date"] - previous["refill_date"]).dt.days
    pairs = visits[good & good.shift(1, fill_value=False) & elapsed.notna()]
    sample = pairs.sample(60, random_state=2)
    late, discrepancies = 0, 0
    for i, row in zip(sample.index, sample.itertuples()):
        before = previous.loc[i]
        plan = itb.refill_plan(
            row.pump,
            f"{before.concentration_mcg_per_ml} mcg/mL",
            f"{before.daily_dose_mcg_per_day} mcg/day",
            fill_volume=f"{before.fill_volume_ml} mL",
        )
        days = elapsed[i]
        due = plan.refill_due.to("day")
        # On the due day, 5 days before to 2 after; or late: after the alarm.
        on_time = np.floor(due) - 5 <= days <= np.floor(due) + 2
        after_alarm = days > plan.days_to_alarm.to("day")
        assert on_time or after_alarm, (days, plan)
        late += after_alarm
        reconciled = itb.reconcile(
            f"{before.fill_volume_ml} mL",
            f"{days} day",
            f"{row.aspirated_volume_ml} mL",
            daily_dose=f"{before.daily_dose_mcg_per_day} mcg/day",
            concentration=f"{before.concentration_mcg_per_ml} mcg/mL",
        )
        # Small noise (3 %, and the 0.1 mL of rounding), or a large discrepancy (3 to 8 mL).
        off, expected = abs(reconciled.discrepancy.to("mL")), reconciled.expected_volume.to("mL")
        if off > 0.15 * expected + 0.1:
            assert off > 2.5, reconciled
            discrepancies += 1
    assert late <= 6 and discrepancies <= 4


def test_late_visits_escalations_and_discrepancies_are_there_to_find(visits: pd.DataFrame) -> None:
    good = good_rows(visits)
    previous = visits.groupby("patient_id").shift(1)
    pairs = good & good.shift(1, fill_value=False) & previous["refill_date"].notna()
    rows, before = visits[pairs], previous[pairs]
    elapsed = (rows["refill_date"] - before["refill_date"]).dt.days.to_numpy(dtype=np.float64)
    alarm = np.empty(len(rows))
    for pump in datasets.PUMPS:
        mine = (rows["pump"] == pump).to_numpy()
        alarm[mine] = itb.days_to_alarm_array(
            pump,
            before["fill_volume_ml"].to_numpy()[mine],
            before["daily_dose_mcg_per_day"].to_numpy()[mine],
            before["concentration_mcg_per_ml"].to_numpy()[mine],
        )
    flow = itb.daily_volume_array(
        before["daily_dose_mcg_per_day"], "mcg/day", before["concentration_mcg_per_ml"], "mcg/mL", "mL/day"
    )
    empty = before["fill_volume_ml"].to_numpy() / flow
    after_alarm, after_empty = (elapsed > alarm).mean(), (elapsed > empty).mean()
    # 2 % after the alarm; a quarter of them after the empty day, and others where the pump
    # empties soon after its alarm.
    assert 0.01 < after_alarm < 0.03 and 0.004 < after_empty < after_alarm, (after_alarm, after_empty)
    # Sudden escalations (> 50 %), which titrate flags, and titration steps the labels teach.
    change = (rows["daily_dose_mcg_per_day"] / before["daily_dose_mcg_per_day"] - 1) * 100
    escalations = change[change > 50]
    assert 50 < len(escalations) < 400
    flagged = itb.titrate("us", "400 mcg/day", float(escalations.iloc[0]), "spinal", "maintenance")
    assert "sudden_escalation" in {f.code for f in flagged.findings}
    steps = change[change.abs() > 0.5]
    assert 0.07 < len(steps) / len(change) < 0.14
    assert steps.between(-21, 31).mean() > 0.95
    # Large discrepancies both ways: more or less left than expected.
    expected = np.maximum(before["fill_volume_ml"].to_numpy() - flow * elapsed, 0)
    off = rows["aspirated_volume_ml"].to_numpy() - expected
    assert (off > 3).sum() > 100 and (off < -3).sum() > 100


@pytest.mark.parametrize("n", [0, 1, 2, 99, 150])
def test_small_frames(n: int) -> None:
    df = datasets.refill_visits(n)
    assert list(df.columns) == COLUMNS and len(df) == n
    assert df["refill_date"].dtype == np.dtype("datetime64[ns]")
    assert df["daily_dose_mcg_per_day"].dtype == np.float64
    assert df["patient_id"].nunique() == (max(1, round(n / 100)) if n else 0)
    if n:
        assert np.isnan(df["aspirated_volume_ml"].iloc[0])
        assert df["patient_id"].iloc[0] == "P000001"


def test_one_row_is_a_first_visit_of_one_patient() -> None:
    df = datasets.refill_visits(1, seed=3)
    (row,) = df.itertuples()
    assert row.patient_id == "P000001" and df["aspirated_volume_ml"].isna().all()
    assert plan_of(row).allowed


@pytest.mark.parametrize(
    ("n", "code"),
    [(-1, "negative"), (-1000, "negative"), (2.5, "invalid_value"), ("10", "invalid_value"), (True, "invalid_value")],
)
def test_a_bad_n_raises_naming_n_and_what_is_allowed(n: Any, code: str) -> None:
    with pytest.raises(ValueError, match=r"^n: .*allowed: a whole number of rows, 0 or more") as caught:
        datasets.refill_visits(n)
    assert isinstance(caught.value, itb.InputError)
    assert (caught.value.code, caught.value.field) == (code, "n")


def test_a_bad_seed_raises_naming_seed() -> None:
    with pytest.raises(itb.InputError, match=r"^seed: -1 is negative") as caught:
        datasets.refill_visits(10, seed=-1)
    assert caught.value.field == "seed"


def test_a_million_rows_in_seconds() -> None:
    start = time.perf_counter()
    df = datasets.refill_visits(1_000_000, seed=1)
    seconds = time.perf_counter() - start
    assert len(df) == 1_000_000 and df["patient_id"].nunique() == 10_000
    assert seconds < 30, seconds  # ~2 s on one core: vectorised, no loop per row


def test_import_itb_does_not_import_the_extras(tmp_path: Any) -> None:
    code = "import itb, sys; print(sorted(m for m in ('itb.datasets', 'itb.plot', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_pandas_the_import_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.delitem(sys.modules, "itb.datasets")
    with pytest.raises(ImportError, match=r"pip install itb-baclofen\[pandas\]"):
        importlib.import_module("itb.datasets")
