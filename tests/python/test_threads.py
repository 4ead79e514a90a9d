"""Every typed function of itb from 8 threads at once (concurrent.futures), each answer compared
with the one computed on one thread first.

An answer is written out whole: a result's ``repr`` (every field, numbers to their shortest
exact digits) and its ``to_dict()``; a numpy array's dtype, shape and bytes; an error's class,
code, field and message. ``itb.evaluate`` runs on every golden request too. The threads run for
``ITB_THREAD_SECONDS`` seconds (default 1; scripts/harden: 10), each from its own starting point
in the list, every call at least once; ``ITB_THREADS_REPORT`` names a file the figures are
appended to (scripts/harden reads it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import numpy as np

import itb
from golden import load

THREADS = 8
SECONDS = float(os.environ.get("ITB_THREAD_SECONDS", "1"))

_records = np.array([20.0, 18.5, 10.0, 4.0], dtype=np.float64)
_doses = np.array([100.0, 500.0, 1000.0, 1500.0], dtype=np.float64)


def _typed_calls() -> list[tuple[str, Callable[[], object]]]:
    """At least one call of every typed function, most with a failing call beside it."""
    when = dt.datetime(2025, 3, 1, 9, 30)
    custom = itb.CustomPump(itb.Volume("30 mL"), "3 mL", accuracy_percent=15, programmable=True)
    steps: list[itb.Step] = [("04:00", "24 mcg/h"), {"start": "20:00", "rate": "28.8 mcg/h"}]
    return [
        ("Concentration", lambda: itb.Concentration("10 mg/20 mL")),
        ("Concentration bare number", lambda: itb.Concentration(2)),
        ("Mass negative", lambda: itb.Mass(-1, "mg")),
        ("Quantity.to", lambda: itb.DoseRate("0.5 mg/day").to("mcg/h")),
        ("str(Quantity)", lambda: str(itb.Concentration("2000 mcg/mL"))),
        ("convert", lambda: itb.convert("1 day", "h")),
        ("convert wrong dimension", lambda: itb.convert("1 day", "mL")),
        ("daily_volume", lambda: itb.daily_volume("1.5 mg/day", itb.Concentration("3000 mcg/mL"))),
        ("daily_volume error", lambda: itb.daily_volume("500 mcg/day", "0 mcg/mL")),
        ("daily_volume_array", lambda: itb.daily_volume_array(_doses, "mcg/day", 2000.0, "mcg/mL", "mL/day")),
        ("dilution", lambda: itb.dilution("2 mg/mL", "400 mcg/mL", itb.Volume("20 mL"))),
        ("dilution error", lambda: itb.dilution("2 mg/mL", "4000 mcg/mL", "20 mL")),
        ("containers", lambda: itb.containers("itb_500mcg_20ml", "30 mg")),
        ("containers by volume", lambda: itb.containers("itb_2000mcg_20ml", volume="20 mL", concentration="1 mg/mL")),
        ("products", lambda: itb.products()),
        ("screening_plan", lambda: itb.screening_plan("us", start_dose="50 mcg", concentration="50 mcg/mL")),
        ("screening_plan uk", lambda: itb.screening_plan("uk", age_years=3, start_dose="60 mcg", hours_since_last_dose=12)),
        ("initial_daily_dose", lambda: itb.initial_daily_dose("uk", "50 mcg", "10 h")),
        ("initial_daily_dose error", lambda: itb.initial_daily_dose("uk", "50 mcg", "10 mL")),
        (
            "titrate",
            lambda: itb.titrate("uk", "200 mcg/day", 45, "spinal", "maintenance", pump_programmable=True, hours_since_last_change=48),
        ),
        ("titrate error", lambda: itb.titrate("uk", "200 mcg/day", -100, "spinal", "titration")),
        ("titration_schedule", lambda: itb.titration_schedule("uk", "spinal", "titration", "100 mcg/day", "400 mcg/day")),
        ("taper_schedule", lambda: itb.taper_schedule("350 mcg/day", "0 mcg/day", "15 day", interval="2 day")),
        ("taper_schedule error", lambda: itb.taper_schedule("350 mcg/day", "350 mcg/day", "15 day")),
        ("pk_profile bolus", lambda: itb.pk_profile(["0 h", "1.51 h", "6 h"], bolus="100 mcg")),
        ("pk_profile infusion", lambda: itb.pk_profile(("0 h", "5 h", "2 day"), daily_dose="720 mcg/day")),
        ("flex_daily_dose", lambda: itb.flex_daily_dose(steps)),
        ("flex_daily_dose error", lambda: itb.flex_daily_dose([("20:00", "24 mcg/h"), ("04:00", "28.8 mcg/h")])),
        ("night_boost", lambda: itb.night_boost("576 mcg/day", 20, "22:00", "06:00")),
        ("refill_plan", lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", refill_at=when)),
        (
            "refill_plan custom late",
            lambda: itb.refill_plan(custom, "500 mcg/mL", steps=steps, lead_time="75 day", risk_factors=["prior_withdrawal"]),
        ),
        ("refill_plan error", lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", fill_volume="20.5 mL")),
        ("days_to_alarm_array", lambda: itb.days_to_alarm_array("synchromed_ii_20", _records, 500.0, _records, alarm_volume_ml=2.0)),
        ("reconcile", lambda: itb.reconcile("20 mL", "60 day", "1 mL", flow_rate="0.25 mL/day", pump="prometra_ii_20")),
        ("reconcile error", lambda: itb.reconcile("20 mL", "0 day", "1 mL", flow_rate="0.25 mL/day")),
        ("bridge_bolus", lambda: itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", itb.Volume("0.2 mL"))),
        ("catheter_volume", lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length=itb.Length("10 cm"))),
        ("catheter_volume error", lambda: itb.catheter_volume(catheter="prometra_ii", trimmed_length="110.5 cm")),
        ("constant_flow_fill", lambda: itb.constant_flow_fill("20 mL", "1 mL/day", "400 mcg/day", "2000 mcg/mL", priming_overage="3 mL")),
        ("programming_check", lambda: itb.programming_check("500 mcg/day", itb.Concentration("500 mcg/mL"), "2000 mcg/mL")),
        ("signs", lambda: itb.signs()),
        ("signs withdrawal", lambda: itb.signs("withdrawal")),
        ("signs error", lambda: itb.signs("seizures")),  # type: ignore[arg-type]
        ("triage", lambda: itb.triage([itb.SignCode.SEIZURES, "high_fever", "pruritus", "pump_alarm"])),
        ("triage error", lambda: itb.triage(["coma", "pump_alarm", "coma"])),
        ("interactions", lambda: itb.interactions(["Morphine", " amLODipine ", "aspirin", "diazepam"])),
        ("interactions error", lambda: itb.interactions(["morphine", "MORPHINE"])),
        (
            "patient_check",
            lambda: itb.patient_check(
                profile="us", age_years=70, pregnant=True, breastfeeding=True, infection=False,
                months_since_head_injury=6, route="epidural", risk_factors=[itb.RiskFactor.PRIOR_WITHDRAWAL],
            ),  # fmt: skip
        ),
        ("patient_check error", lambda: itb.patient_check(route="nasal")),  # type: ignore[arg-type]
        ("monitoring_plan", lambda: itb.monitoring_plan("maintenance")),
        ("monitoring_plan after_change", lambda: itb.monitoring_plan(itb.MonitoringPhase.AFTER_CHANGE)),
    ]


def _evaluate_calls() -> list[tuple[str, Callable[[], object]]]:
    calls: list[tuple[str, Callable[[], object]]] = []
    for case in load():
        request = case.request

        def call(request: dict[str, Any] | str = request) -> object:
            return json.dumps(itb.evaluate(request), sort_keys=True)

        calls.append((f"evaluate {case.id}", call))
    return calls


CALLS = _typed_calls() + _evaluate_calls()


def _written(value: object) -> object:
    """A value written out whole, for an exact comparison."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, tuple):
        return tuple(_written(v) for v in value)
    if isinstance(value, itb.Quantity):
        return (type(value).__name__, repr(value), value.value, value.unit, str(value))
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return (repr(value), json.dumps(to_dict(), sort_keys=True))
    return repr(value)


def _answer(call: Callable[[], object]) -> object:
    try:
        return ("ok", _written(call()))
    except itb.ItbError as e:
        return ("error", type(e).__name__, e.code, e.field, str(e))


def _worker(index: int, expected: list[object], deadline: float) -> tuple[int, list[str]]:
    calls, mismatches = 0, []
    start = (index * 7919) % len(CALLS)
    while True:
        for k in range(len(CALLS)):
            i = (start + k) % len(CALLS)
            name, call = CALLS[i]
            got = _answer(call)
            calls += 1
            if got != expected[i]:
                mismatches.append(f"thread {index}, {name}:\n  first: {expected[i]!r}\n  now:   {got!r}")
        if time.monotonic() >= deadline:
            return calls, mismatches


def test_every_function_from_8_threads_gives_the_single_threaded_answers() -> None:
    expected = [_answer(call) for _, call in CALLS]
    # The failing calls fail, and the others succeed: the list tests what it says.
    failing = {name for (name, _), answer in zip(CALLS, expected) if isinstance(answer, tuple) and answer[0] == "error"}
    typed_failing = {name for name in failing if not name.startswith("evaluate ")}
    assert typed_failing == {
        name for name, _ in CALLS if name.endswith((" error", "bare number", " negative", "wrong dimension"))
    }, typed_failing
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(_worker, i, expected, began + SECONDS) for i in range(THREADS)]
        results = [f.result() for f in futures]
    elapsed = time.monotonic() - began
    calls = sum(n for n, _ in results)
    mismatches = [m for _, ms in results for m in ms]
    line = (
        f"threads {THREADS} seconds {elapsed:.1f} functions {len(_typed_calls())} "
        f"evaluate_requests {len(CALLS) - len(_typed_calls())} calls {calls} "
        f"calls_per_second {calls / elapsed:.0f} mismatches {len(mismatches)}"
    )
    report = os.environ.get("ITB_THREADS_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(f"harden threads-python: {line}\n")
    print(line)
    assert calls >= THREADS * len(CALLS)
    assert not mismatches, "\n".join(mismatches[:3])
