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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
