"""Python figures of BENCHMARKS.md, as a user sees them: the installed wheel, timed in one run
with the plain-numpy formula beside each column function, so the ratios come from one machine
state. Run by scripts/bench (which installs the wheel first); prints a table, asserts nothing.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

import numpy as np

import itb


def per_call(f: Callable[[], object], seconds: float = 1.0) -> float:
    """Median seconds per call over a few batches of about ``seconds`` in all."""
    f()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.05:
        f()
        n += 1
    batches = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(n):
            f()
        batches.append((time.perf_counter() - t) / n)
    return sorted(batches)[len(batches) // 2]


def once(f: Callable[[], object]) -> float:
    """Best of three runs of a long call, in seconds."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def main(rows: int) -> None:
    print(f"itb {itb.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    scalar = [
        ("itb.daily_volume", lambda: itb.daily_volume("500 mcg/day", "2 mg/mL")),
        (
            "itb.refill_plan",
            lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day"),
        ),
        (
            "itb.evaluate daily_volume",
            lambda: itb.evaluate(
                {"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2 mg/mL"}
            ),
        ),
    ]
    print(f"\n{'call':40} {'per call':>12}")
    for name, f in scalar:
        print(f"{name:40} {per_call(f) * 1e6:10.2f} µs")

    rng = np.random.default_rng(7)
    fills = rng.uniform(10.0, 20.0, rows)
    doses = rng.uniform(50.0, 900.0, rows)
    concentration = 2000.0
    alarm = 2.0

    def numpy_days() -> np.ndarray:
        return np.maximum(fills - alarm, 0.0) / (doses / concentration)

    def itb_days() -> np.ndarray:
        return itb.days_to_alarm_array("synchromed_ii_20", fills, doses, concentration)

    def numpy_flow() -> np.ndarray:
        return doses / concentration

    def itb_flow() -> np.ndarray:
        return itb.daily_volume_array(doses, "mcg/day", concentration, "mcg/mL", "mL/day")

    print(f"\n{'column function over ' + format(rows, ',') + ' rows':40} {'itb':>9} {'numpy':>9} {'ratio':>7}")
    for name, ours, theirs in [
        ("days_to_alarm_array", itb_days, numpy_days),
        ("daily_volume_array", itb_flow, numpy_flow),
    ]:
        a, b = once(ours), once(theirs)
        print(f"{name:40} {a:8.3f}s {b:8.3f}s {a / b:6.1f}×")


    tables(min(rows, 1_000_000))


def tables(rows: int) -> None:
    """The analysts' figures (issue 12): whole tables through itb.columns and itb.pandas."""
    import itb.datasets
    import itb.pandas

    visits = itb.datasets.refill_visits(rows, seed=0)
    good = visits[visits["daily_dose_mcg_per_day"].notna()]
    pumps, fills = visits["pump"], (visits["fill_volume_ml"], "mL")
    concentrations = (visits["concentration_mcg_per_ml"], "mcg/mL")
    doses = (visits["daily_dose_mcg_per_day"], "mcg/day")

    def plans() -> object:
        return itb.columns.refill_plan(pumps, concentrations, doses, fill_volume=fills, errors="coerce")

    print(f"\n{'tables of ' + format(rows, ',') + ' refill visits':40} {'seconds':>9}")
    for name, f in [
        ("itb.columns.refill_plan (all outputs)", plans),
        ("itb.pandas.refill_plans", lambda: itb.pandas.refill_plans(visits, errors="coerce")),
        ("itb.pandas.refill_history", lambda: itb.pandas.refill_history(visits, errors="coerce")),
    ]:
        print(f"{name:40} {once(f):8.3f}s")

    # A Python loop of scalar calls against the column function, on the same 10,000 rows.
    sample = good.head(10_000)
    rows_of = list(zip(sample["pump"], sample["concentration_mcg_per_ml"], sample["daily_dose_mcg_per_day"], sample["fill_volume_ml"]))

    def loop() -> object:
        out = []
        for pump, c, d, v in rows_of:
            try:
                out.append(itb.refill_plan(pump, (c, "mcg/mL"), (d, "mcg/day"), fill_volume=(v, "mL")))
            except itb.ItbError:
                out.append(None)
        return out

    def column() -> object:
        return itb.columns.refill_plan(
            sample["pump"],
            (sample["concentration_mcg_per_ml"], "mcg/mL"),
            (sample["daily_dose_mcg_per_day"], "mcg/day"),
            fill_volume=(sample["fill_volume_ml"], "mL"),
            errors="coerce",
        )

    a, b = once(loop), once(column)
    print(f"{'scalar loop / column, 10,000 rows':40} {a:8.3f}s {b:8.4f}s {a / b:6.0f}×")
    print(f"{'peak memory / input, pandas.refill_plans':40} {peak_memory_ratio(rows):8.2f}×")


def peak_memory_ratio(rows: int) -> float:
    """The memory a table function takes at its peak, over the input table's own size (pandas'
    deep memory usage): the resident set sampled every millisecond during the call (a thread
    reading /proc/self/statm), its highest value less the value before the call."""
    import gc
    import os
    import threading

    import itb.datasets
    import itb.pandas

    page = os.sysconf("SC_PAGE_SIZE")

    def resident() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page

    visits = itb.datasets.refill_visits(rows, seed=0)
    size = int(visits.memory_usage(deep=True).sum())
    itb.pandas.refill_plans(visits.head(1000), errors="coerce")  # first-call costs
    gc.collect()
    before, peak, done = resident(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], resident())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out = itb.pandas.refill_plans(visits, errors="coerce")
    done.set()
    sampler.join()
    del out
    return (max(peak[0], resident()) - before) / size


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
