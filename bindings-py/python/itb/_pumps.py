"""Pumps and refills (issue 4): delivery schedules, refill plans with alarm and due dates,
residual reconciliation, bridge bolus, catheter volume, constant-flow fills, and the check of
the concentration programmed into a pump.

Each function checks the types of its arguments and calls the core's typed operation through
the native module, which builds the result object, as the other typed functions do. Dates are the one thing computed here: the core
works in durations, and :func:`refill_plan` adds them to the refill date it is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._arguments import NativeArg, flag, float_array, id_, native, native_optional, number
from ._results import Finding, Result
from ._errors import error_for
from ._patient import RiskFactorId, native_risk_factors
from ._quantities import (
    Concentration,
    DoseRate,
    Duration,
    FlowRate,
    Length,
    Mass,
    Ratio,
    Volume,
    VolumePerLength,
    show,
)

# Ids as Literal types (written as in itb.Profile): mypy refuses a misspelt one.

#: A catalogued pump model: SynchroMed II 20 and 40 mL (alarm 2 mL, 13 flex steps a day,
#: ±14.5 %), Prometra 20 mL and Prometra II 20 and 40 mL (refill basis 3 mL, ±15 %).
PumpModel = Union[
    Literal["synchromed_ii_20"],
    Literal["synchromed_ii_40"],
    Literal["prometra_20"],
    Literal["prometra_ii_20"],
    Literal["prometra_ii_40"],
]

_PUMP_KEYS = ("reservoir", "low_alarm", "accuracy_percent", "programmable")


@dataclasses.dataclass(frozen=True, init=False)
class CustomPump:
    """A pump itb does not catalogue: its ``reservoir``, the volume at which its
    ``low_alarm`` sounds (below the reservoir), its delivery accuracy in ± percent (a plain
    number; SynchroMed II's 14.5 by default) and whether it is ``programmable`` (a fixed-flow
    pump allows one flex step). Checked by the core when made: a bad one raises
    :class:`itb.InputError` naming ``pump.reservoir``, ``pump.low_alarm`` or
    ``pump.accuracy_percent``."""

    reservoir: Volume
    low_alarm: Volume
    accuracy_percent: float
    programmable: bool

    def __init__(
        self,
        reservoir: Volume | str,
        low_alarm: Volume | str,
        accuracy_percent: float = _native.DEFAULT_ACCURACY_PERCENT,
        programmable: bool = _native.DEFAULT_PROGRAMMABLE,
    ) -> None:
        # The plain number and flag first, as the protocol reads them; the volumes in the
        # core's turn, then its rules for a user-defined pump.
        percent = number(accuracy_percent, "pump.accuracy_percent", "a number of percent, 0 or more")
        is_programmable = flag(programmable, "pump.programmable")
        volumes = (native(reservoir, "pump.reservoir"), native(low_alarm, "pump.low_alarm"))
        _native.custom_pump(*volumes, percent, is_programmable)
        # Checked: each is a Volume, or a text the core read as one.
        object.__setattr__(self, "reservoir", reservoir if isinstance(reservoir, Volume) else Volume(reservoir))
        object.__setattr__(self, "low_alarm", low_alarm if isinstance(low_alarm, Volume) else Volume(low_alarm))
        object.__setattr__(self, "accuracy_percent", percent)
        object.__setattr__(self, "programmable", is_programmable)


#: A pump argument: a model id, a :class:`CustomPump`, or a dict of its fields (as in the
#: protocol: ``{"reservoir": "30 mL", "low_alarm": "3 mL"}``).
Pump = Union[PumpModel, CustomPump, Mapping[str, Any]]


@dataclasses.dataclass(frozen=True)
class FlexStep:
    """One step of a flex schedule: from ``start`` (``"HH:MM"``) at ``rate`` (in mcg/h) for
    ``duration`` (in h), until the next step's start."""

    start: str
    rate: DoseRate
    duration: Duration


@dataclasses.dataclass(frozen=True)
class FlexDose(Result):
    """The daily total of a flex schedule, and its steps with their durations."""

    _op: ClassVar[str] = "flex_daily_dose"

    daily_dose: DoseRate  # in mcg/day
    steps: tuple[FlexStep, ...]
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class NightBoost(Result):
    """A boost as a two-step flex schedule (by start time from 00:00), and its daily total."""

    _op: ClassVar[str] = "night_boost"

    steps: tuple[FlexStep, ...]
    daily_dose: DoseRate  # in mcg/day
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class RefillContainers:
    """Whole containers of a refill ``product`` that hold the fill's drug, what is drawn from
    them and what is left."""

    product: str
    count: int
    drawn_volume: Volume  # in mL
    waste: Volume  # in mL


@dataclasses.dataclass(frozen=True)
class RefillPlan(Result):
    """The next refill. Durations count from the refill; ``refill_due`` is negative when the
    refill is already late. ``alarm_at`` and ``due_at`` are given when ``refill_at`` was (see
    :func:`refill_plan`)."""

    _op: ClassVar[str] = "refill_plan"
    _python_only: ClassVar[tuple[str, ...]] = ("alarm_at", "due_at")

    flow_rate: FlowRate  # in mL/day
    days_to_alarm: Duration  # in day
    earliest_alarm: Duration  # in day: the alarm of a pump running fast at the edge of its accuracy
    days_to_empty: Duration  # in day
    refill_due: Duration  # in day
    drug_amount: Mass  # in mcg
    daily_dose: DoseRate  # in mcg/day (a flex schedule's total)
    containers: tuple[RefillContainers, ...]  # the refill products of exactly this concentration
    alarm_at: dt.date | None  # a datetime when refill_at is one
    due_at: dt.date | None
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Reconciliation(Result):
    """A refill visit: what should be left against what was drawn out."""

    _op: ClassVar[str] = "reconcile"
    _keys: ClassVar[dict[str, str]] = {"delivery_error": "delivery_error_percent"}

    flow_rate: FlowRate  # the programmed flow, in mL/day
    expected_volume: Volume  # in mL
    discrepancy: Volume  # aspirated − expected, in mL; negative: less left than expected
    implied_flow_rate: FlowRate  # in mL/day
    delivery_error: Ratio  # in %, signed (the protocol's delivery_error_percent)
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Bridge(Result):
    """The bridge at a concentration change: run at ``old_flow_rate`` for ``bridge_duration``,
    then switch; skipped, the patient gets ``unbridged_daily_dose`` for ``unbridged_duration``."""

    _op: ClassVar[str] = "bridge_bolus"

    required: bool  # False exactly when the concentrations are equal
    old_flow_rate: FlowRate  # in mL/day
    new_flow_rate: FlowRate  # in mL/day
    bridge_duration: Duration  # in h
    unbridged_daily_dose: DoseRate  # in mcg/day
    unbridged_duration: Duration  # in h
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class ProgrammingCheck(Result):
    """What a pump delivers as programmed: it runs ``flow_rate`` (the programmed dose / the
    programmed concentration), and the patient gets ``delivered_daily_dose`` (that flow × the
    concentration in the reservoir), ``dose_ratio`` times the programmed dose."""

    _op: ClassVar[str] = "programming_check"

    flow_rate: FlowRate  # in mL/day
    delivered_daily_dose: DoseRate  # in mcg/day
    dose_ratio: float  # reservoir / programmed concentration, a plain number (1 when they agree)
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class CatheterVolume(Result):
    """The volume of an implanted catheter."""

    _op: ClassVar[str] = "catheter_volume"

    volume: Volume  # in mL
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class ConstantFlowFill(Result):
    """A fill for a constant-flow (gas-driven) pump: ``stock_volume`` of the stock plus
    ``diluent_volume`` of ``diluent`` (priming overage included)."""

    _op: ClassVar[str] = "constant_flow_fill"

    running_time: Duration  # in day
    concentration: Concentration  # in mcg/mL
    drug_amount: Mass  # in mcg, in the reservoir (overage excluded)
    stock_volume: Volume  # in mL
    diluent_volume: Volume  # in mL
    diluent: str
    findings: tuple[Finding, ...]
    allowed: bool


#: A flex step argument: ``("22:00", "28.8 mcg/h")``, ``{"start": "22:00", "rate": "28.8
#: mcg/h"}``, or a :class:`FlexStep` of an earlier result (its duration is not read).
Step = Union[tuple[str, Union[DoseRate, str]], Mapping[str, Any], FlexStep]


def flex_daily_dose(steps: Sequence[Step]) -> FlexDose:
    """The daily dose of a flex schedule: each rate holds from its start (``"HH:MM"``, strictly
    increasing; the first may be any time) to the next, the last to the first start of the next
    day: ``[("04:00", "24 mcg/h"), ("20:00", "28.8 mcg/h")]`` gives 24 × 16 + 28.8 × 8 =
    614.4 mcg/day.

    Findings: ``daily_dose_above_1000``. An empty list, a repeated or out-of-order start, or a
    malformed time raises :class:`InputError` (``invalid_value``); a time past 23:59
    ``out_of_range``; a zero rate ``zero``. Errors name the step: ``steps[1].start``.
    """
    return _native.flex_daily_dose(_native_steps(steps, "steps"))


def night_boost(
    base_daily_dose: DoseRate | str,
    boost_percent: float,
    effect_start: str,
    effect_end: str,
    *,
    lead_time: Duration | str | None = None,
) -> NightBoost:
    """Raises the hourly rate by ``boost_percent`` (a plain signed number above -100) for the
    hours of ``effect_start`` to ``effect_end`` (``"HH:MM"``), both programmed ``lead_time``
    earlier (None: the core's 2 h, seed 001: two hours before the desired effect), so 576 mcg/day +20 % from 22:00 to
    06:00 gives 28.8 mcg/h from 20:00 to 04:00 and 24 mcg/h otherwise, 614.4 mcg/day.

    Findings: ``daily_dose_above_1000`` on the total.
    """
    # The protocol reads the percent at once; the dose, the times and the lead time in turn.
    percent = number(boost_percent, "boost_percent", "a number of percent above -100")
    base = native(base_daily_dose, "base_daily_dose")
    return _native.night_boost(base, percent, effect_start, effect_end, native_optional(lead_time, "lead_time"))


def refill_plan(
    pump: Pump,
    concentration: Concentration | str,
    daily_dose: DoseRate | str | None = None,
    *,
    steps: Sequence[Step] | None = None,
    fill_volume: Volume | str | None = None,
    alarm_volume: Volume | str | None = None,
    max_residence: Duration | str | None = None,
    lead_time: Duration | str | None = None,
    risk_factors: Sequence[RiskFactorId] | None = None,
    refill_at: dt.date | None = None,
) -> RefillPlan:
    """Plans the next refill of ``pump`` filled with ``fill_volume`` (default: the reservoir) at
    ``concentration``, delivering ``daily_dose`` or a flex schedule of ``steps`` (exactly one):
    days to the alarm = (fill − alarm volume) / flow (at least 0); due ``lead_time`` before the
    alarm, never later than ``max_residence`` (stability). synchromed_ii_20 at 2000 mcg/mL and
    500 mcg/day: 0.25 mL/day, alarm in 72 days, empty in 80, due in 65; 40,000 mcg, one 20 mL
    and four 5 mL ampoules of 2,000 mcg/mL. ``earliest_alarm`` is the alarm of a pump running
    fast at the edge of its accuracy: (fill − alarm volume) / (flow × (1 + accuracy / 100)),
    18 / (0.25 × 1.145) = 62.88 days for SynchroMed II (± 14.5 %), before that refill is due.

    ``max_residence`` (default: the core's 180 days) and ``lead_time`` (default: the core's 7
    days) left as None are the core's defaults.

    ``risk_factors``: the patient's withdrawal risk factors, a list of :class:`RiskFactor`
    members or their ids (``["prior_withdrawal"]``), each once; None or empty: none known.

    ``refill_at``: when the refill is done. A ``datetime`` gives ``alarm_at`` and ``due_at`` as
    the exact moments, refill_at + the days (to the microsecond; an aware datetime counts
    elapsed time across a daylight-saving change, in its own zone). A ``date`` gives dates:
    refill_at + the whole days, rounded down (72.9 days → 72 days later), so a date is never
    later than the exact moment and a clinic never books after the alarm.

    Findings: ``refill_interval_capped_by_stability`` (info), ``alarm_volume_below_recommended``
    (soft; below 2 mL), ``refill_due_now`` (hard; due in 0 days or fewer; with a risk factor its
    message names the early signs of withdrawal), ``alarm_before_due`` (info; the earliest alarm
    before the refill is due), ``too_many_steps`` (soft; its subject and limit are counts,
    ``Count(14, "step")``), ``withdrawal_risk`` (soft; any risk factor; its subject counts
    them), the daily-volume findings (with ``screening_strength_in_pump``, soft, for 50 mcg/mL)
    and ``pump_not_labelled_for_baclofen`` (info; Prometra). A fill above the reservoir or an
    alarm volume not below it raises :class:`InputError` (``out_of_range``); an unknown or
    repeated risk factor, ``invalid_value`` naming it (``risk_factors[1]``).
    """
    native_pump = _native_pump(pump)
    given = native(concentration, "concentration")
    dose = None if daily_dose is None else native(daily_dose, "daily_dose")
    native_steps = None if steps is None else _native_steps(steps, "steps")
    fill = None if fill_volume is None else native(fill_volume, "fill_volume")
    alarm = None if alarm_volume is None else native(alarm_volume, "alarm_volume")
    residence = None if max_residence is None else native(max_residence, "max_residence")
    lead = None if lead_time is None else native(lead_time, "lead_time")
    if refill_at is not None and not isinstance(refill_at, dt.date):
        message = f"refill_at: {show(refill_at)} is not a date or datetime"
        raise error_for("invalid_value", message, "refill_at")
    risks = native_risk_factors(risk_factors)
    plan = _native.refill_plan(native_pump, given, dose, native_steps, fill, alarm, residence, lead, risks)
    if refill_at is not None:
        # The one thing computed here: dates. The plan was just made, and is not shared yet.
        object.__setattr__(plan, "alarm_at", _after(refill_at, plan.days_to_alarm, "alarm"))
        object.__setattr__(plan, "due_at", _after(refill_at, plan.refill_due, "refill due"))
    return plan


def reconcile(
    fill_volume: Volume | str,
    elapsed: Duration | str,
    aspirated_volume: Volume | str,
    *,
    daily_dose: DoseRate | str | None = None,
    concentration: Concentration | str | None = None,
    flow_rate: FlowRate | str | None = None,
    threshold: Volume | str | None = None,
    pump: Pump | None = None,
    risk_factors: Sequence[RiskFactorId] | None = None,
) -> Reconciliation:
    """Reconciles a refill visit: ``fill_volume`` at the last refill, ``elapsed`` since, the
    programmed flow (``daily_dose`` and ``concentration``, or ``flow_rate``) and the
    ``aspirated_volume`` drawn out now. 20 mL, 60 days at 0.25 mL/day, 3 mL aspirated: 5 mL
    expected, discrepancy −2 mL, 0.2833 mL/day, +13.33 %, no finding.

    Findings: ``residual_discrepancy`` (soft; more than ``threshold`` either way; None: the
    core's 2 mL, ``_native.DEFAULT_THRESHOLD_ML``),
    ``over_delivery`` / ``under_delivery`` (soft; beyond the pump's accuracy, ±14.5 % without a
    pump), ``reservoir_expected_empty`` (hard; then neither over- nor under-delivery; with a
    risk factor its message names the early signs of withdrawal), the pump's findings,
    ``screening_strength_in_pump`` (soft; a ``concentration`` of 50 mcg/mL) and
    ``withdrawal_risk`` (soft; any of ``risk_factors``, given as in :func:`refill_plan`). An
    aspirated volume above the fill, or a fill above the pump's reservoir, raises
    :class:`InputError` (``out_of_range``).
    """
    return _native.reconcile(
        native(fill_volume, "fill_volume"),
        native(elapsed, "elapsed"),
        native(aspirated_volume, "aspirated_volume"),
        native_optional(daily_dose, "daily_dose"),
        native_optional(concentration, "concentration"),
        native_optional(flow_rate, "flow_rate"),
        native_optional(threshold, "threshold"),
        None if pump is None else _native_pump(pump),
        native_risk_factors(risk_factors),
    )


def bridge_bolus(
    old_concentration: Concentration | str,
    new_concentration: Concentration | str,
    daily_dose: DoseRate | str,
    dead_space: Volume | str,
) -> Bridge:
    """The bridge when the concentration changes: the old drug in the ``dead_space`` (pump
    path and catheter) is delivered at the old flow. 400 mcg/day from 500 to 2000 mcg/mL with
    0.2 mL: 0.8 mL/day for 6 h, then 0.2 mL/day; skipped, 100 mcg/day for 24 h.

    Findings: ``monitor_after_change`` (info; when the bridge is required: close monitoring
    after each change of concentration), ``screening_strength_in_pump`` (soft; a new
    concentration of 50 mcg/mL)."""
    return _native.bridge_bolus(
        native(old_concentration, "old_concentration"),
        native(new_concentration, "new_concentration"),
        native(daily_dose, "daily_dose"),
        native(dead_space, "dead_space"),
    )


def programming_check(
    programmed_daily_dose: DoseRate | str,
    programmed_concentration: Concentration | str,
    reservoir_concentration: Concentration | str,
) -> ProgrammingCheck:
    """Checks that the concentration programmed into a pump is the one in its reservoir. A pump
    doses by volume: programmed for 500 mcg/day at 500 mcg/mL it runs 1 mL/day, and filled
    with 2000 mcg/mL it delivers 2,000 mcg/day, a ``dose_ratio`` of 4 (an overdose; below 1,
    a withdrawal).

    Findings: ``concentration_mismatch`` (hard; a ratio other than 1, its message saying
    overdose or withdrawal), and the daily-volume findings of the reservoir concentration
    (``nonstandard_concentration``, ``concentration_above_commercial``,
    ``screening_strength_in_pump``) and of the delivered dose (``daily_dose_above_1000``). A
    zero dose or concentration raises :class:`InputError` (``zero``).
    """
    return _native.programming_check(
        native(programmed_daily_dose, "programmed_daily_dose"),
        native(programmed_concentration, "programmed_concentration"),
        native(reservoir_concentration, "reservoir_concentration"),
    )


def catheter_volume(
    *,
    implanted_length: Length | str | None = None,
    volume_per_length: VolumePerLength | str | None = None,
    catheter: Literal["prometra_ii"] | None = None,
    trimmed_length: Length | str | None = None,
) -> CatheterVolume:
    """The volume of a catheter: ``implanted_length`` × ``volume_per_length``, or a catalogued
    ``catheter`` less its ``trimmed_length``: Prometra II (110 cm at 0.0026 mL/cm) trimmed by
    10 cm holds 100 cm × 0.0026 mL/cm = 0.26 mL. A trimmed length above the catheter's raises
    :class:`InputError` (``out_of_range``).

    The catheter's type is written out: a one-value Literal alias is not one mypy's stubtest
    accepts."""
    return _native.catheter_volume(
        native_optional(implanted_length, "implanted_length"),
        native_optional(volume_per_length, "volume_per_length"),
        catheter,
        native_optional(trimmed_length, "trimmed_length"),
    )


def constant_flow_fill(
    reservoir: Volume | str,
    flow_rate: FlowRate | str,
    daily_dose: DoseRate | str,
    stock: Concentration | str,
    *,
    priming_overage: Volume | str | None = None,
) -> ConstantFlowFill:
    """A fill for a constant-flow pump, whose dose is set by the concentration (ARCHIMEDES
    worksheet): 20 mL at 1 mL/day for 400 mcg/day from 2000 mcg/mL runs 20 days at 400 mcg/mL,
    8,000 mcg: 4 mL of stock and 16 mL of diluent (plus ``priming_overage`` prepared at the
    same concentration; None: the core's 0 mL).

    Findings: ``concentration_above_commercial``, ``daily_dose_above_1000``. A concentration
    above the stock raises :class:`InputError` (``out_of_range``).
    """
    return _native.constant_flow_fill(
        native(reservoir, "reservoir"),
        native(flow_rate, "flow_rate"),
        native(daily_dose, "daily_dose"),
        native(stock, "stock"),
        native_optional(priming_overage, "priming_overage"),
    )


def days_to_alarm_array(
    pump: Pump,
    fill_volume_ml: ArrayLike,
    daily_dose_mcg_per_day: ArrayLike,
    concentration_mcg_per_ml: ArrayLike,
    *,
    alarm_volume_ml: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """The days to the low-reservoir alarm of many refill records in one ``pump``, by the
    core's refill rule (as :func:`refill_plan`'s ``days_to_alarm``): plain numbers in the units
    the argument names give, one per record or one for all; the alarm volume is the pump's
    unless ``alarm_volume_ml`` is given::

        itb.days_to_alarm_array("synchromed_ii_20", fills, doses, 2000)  # days

    The loop runs in Rust without the GIL, a long column split over the cores. A record the
    scalar function would refuse (a fill above the reservoir, a zero dose, NaN...) raises,
    naming its argument, index and value (``fill_volume_ml[3]``); no NaN is returned in its
    place. Findings are not reported here: use :func:`refill_plan` on the records that need
    them.
    """
    names = ["fill_volume_ml", "daily_dose_mcg_per_day", "concentration_mcg_per_ml"]
    values = [fill_volume_ml, daily_dose_mcg_per_day, concentration_mcg_per_ml]
    if alarm_volume_ml is not None:
        names.append("alarm_volume_ml")
        values.append(alarm_volume_ml)
    arrays = [float_array(v, name) for name, v in zip(names, values)]
    records = max(a.size for a in arrays)
    for name, array in zip(names, arrays):
        if array.size not in (1, records):
            allowed = "one value, or one per record"
            message = f"{name}: {array.size} values for {records} records; allowed: {allowed}"
            raise error_for("invalid_value", message, name)
    fill, dose, concentration, *alarm = np.broadcast_arrays(*arrays)
    alarm_ml = alarm[0] if alarm else None
    return _native.days_to_alarm_array(_native_pump(pump), fill, dose, concentration, alarm_ml)


# --- arguments and dates -----------------------------------------------------------------------


def _native_pump(pump: object) -> str | tuple[float, float, float, bool]:
    """A pump argument as the native module takes it: a model id, or a custom pump in mL."""
    if isinstance(pump, str):  # the usual case first: a Mapping check is slower
        return id_(pump, "pump", _native.PUMP_MODELS)
    if isinstance(pump, Mapping):
        pump = _custom_pump(pump)
    if isinstance(pump, CustomPump):
        return (pump.reservoir.to("mL"), pump.low_alarm.to("mL"), pump.accuracy_percent, pump.programmable)
    return id_(pump, "pump", _native.PUMP_MODELS)


def _key(key: str) -> str:
    """A dict key for a field path: at most 80 characters, so a huge key stays out of messages."""
    return key if len(key) <= 80 else key[:80] + "…"


def _custom_pump(fields: Mapping[Any, Any]) -> CustomPump:
    """A dict of a custom pump's fields, checked as the protocol checks its pump object."""
    unknown = sorted(str(k) for k in fields if k not in _PUMP_KEYS)
    if unknown:
        field = f"pump.{_key(unknown[0])}"
        message = f"{field}: unknown field; allowed: {', '.join(_PUMP_KEYS)}"
        raise error_for("unknown_field", message, field)
    for name in _PUMP_KEYS[:2]:
        if name not in fields:
            raise error_for("missing_field", f"pump.{name}: required", f"pump.{name}")
    return CustomPump(**fields)


def _native_steps(steps: object, field: str) -> list[tuple[str, NativeArg]]:
    """Flex steps as the native module takes them: ``[("HH:MM", rate)]``, each step's shape
    checked (errors name it: ``steps[1]``)."""
    if isinstance(steps, (str, bytes, Mapping)) or not isinstance(steps, Sequence):
        expected = "[(start, rate), ...] such as [('22:00', '28.8 mcg/h')]"
        message = f"{field}: {show(steps)} is not a list of steps; expected {expected}"
        raise error_for("invalid_value", message, field)
    out: list[tuple[str, NativeArg]] = []
    for i, step in enumerate(steps):
        if type(step) is tuple and len(step) == 2 and type(step[0]) is str and type(step[1]) is str:
            out.append(step)  # the usual case, ("22:00", "28.8 mcg/h"), as it is
            continue
        path = f"{field}[{i}]"
        start, rate = _step(step, path)
        out.append((start, native(rate, f"{path}.rate")))
    return out


def _step(step: object, path: str) -> tuple[str, object]:
    if isinstance(step, FlexStep):
        start, rate = step.start, step.rate
    elif isinstance(step, Mapping):
        unknown = sorted(str(k) for k in step if k not in ("start", "rate"))
        if unknown:
            field = f"{path}.{_key(unknown[0])}"
            message = f"{field}: unknown field; allowed: start, rate"
            raise error_for("unknown_field", message, field)
        for name in ("start", "rate"):
            if name not in step:
                raise error_for("missing_field", f"{path}.{name}: required", f"{path}.{name}")
        start, rate = step["start"], step["rate"]
    elif isinstance(step, Sequence) and not isinstance(step, (str, bytes)) and len(step) == 2:
        start, rate = step
    else:
        expected = "(start, rate) such as ('22:00', '28.8 mcg/h')"
        message = f"{path}: {show(step)} is not a step; expected {expected}"
        raise error_for("invalid_value", message, path)
    return _time(start, f"{path}.start"), rate


def _time(value: object, field: str) -> str:
    """A time of day: a text, read by the core (``"HH:MM"``, 00:00 to 23:59)."""
    if isinstance(value, str):
        return value
    message = f"{field}: {show(value)} is not a time of day; expected a text 'HH:MM', 00:00 to 23:59"
    raise error_for("invalid_value", message, field)


def _before_the_calendar_in_utc(start: dt.date) -> bool:
    """An aware datetime whose moment in UTC falls before 0001-01-01 (datetime.min east of
    Greenwich)."""
    if not isinstance(start, dt.datetime) or start.utcoffset() is None:
        return False
    try:
        start.astimezone(dt.timezone.utc)
    except OverflowError:
        return True
    return False


def _after(start: dt.date | None, days: Duration, what: str) -> dt.date | None:
    """``start`` + ``days``: the exact moment for a datetime, whole days rounded down for a
    date (never later than the exact moment: a clinic must not book after the alarm)."""
    if start is None:
        return None
    try:
        if not isinstance(start, dt.datetime):
            # The core's rule for a date booked from a duration: whole days, rounded down.
            return start + dt.timedelta(days=_native.whole_days(days.value, days.unit, "refill_at"))
        n = days.to("day")
        if start.utcoffset() is None:
            return start + dt.timedelta(days=n)
        # Aware: add elapsed time in UTC, so a daylight-saving change does not move the moment.
        return (start.astimezone(dt.timezone.utc) + dt.timedelta(days=n)).astimezone(start.tzinfo)
    except OverflowError:
        before = days.value < 0 or _before_the_calendar_in_utc(start)
        end = "before the first" if before else "past the last"
        limit = "0001-01-01" if before else "9999-12-31"
        message = f"refill_at: the {what} date, {start} + {days}, is {end} date Python holds ({limit})"
        raise error_for("out_of_range", message, "refill_at") from None
