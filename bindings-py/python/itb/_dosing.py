"""Dosing: the daily volume of a daily dose (one record or arrays of them), screening boluses,
the initial daily dose after implant, titration steps, and dose schedules (a titration to a
target, a taper)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Literal, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._arguments import flag, float_array, id_, ids, native, native_optional, number
from ._errors import error_for
from ._quantities import Concentration, DoseRate, Duration, FlowRate, Mass, Volume, unit_text
from ._results import Finding, Result

# The ids as types: mypy refuses a misspelt id before the code runs. Each is written as a Union
# of one-value Literals, which type checkers read as Literal["us", "uk"]: that is the runtime
# form mypy's stubtest expects of a Literal alias.

#: A labelling profile, where the sources disagree: ``"us"`` (the US label family) or ``"uk"``
#: (the UK SmPC).
Profile = Union[Literal["us"], Literal["uk"]]
_PROFILES = ids(Profile)
#: Where the spasticity comes from: ``"spinal"`` or ``"cerebral"``.
Origin = Union[Literal["spinal"], Literal["cerebral"]]
#: ``"titration"`` (the first weeks after implant) or ``"maintenance"``.
Phase = Union[Literal["titration"], Literal["maintenance"]]
#: How the initial daily dose was derived from the screening bolus.
InitialRule = Union[Literal["double_bolus"], Literal["same_as_bolus"]]


@dataclasses.dataclass(frozen=True)
class DailyVolume(Result):
    """The flow that delivers a daily dose at a concentration."""

    _op: ClassVar[str] = "daily_volume"

    flow_rate: FlowRate  # in mL/day
    hourly_flow: FlowRate  # in mL/h
    findings: tuple[Finding, ...]
    allowed: bool  # False exactly when a finding is hard


@dataclasses.dataclass(frozen=True)
class ScreeningDose:
    """One screening bolus and the volume that holds it at the plan's concentration."""

    dose: Mass  # in mcg
    volume: Volume  # in mL


@dataclasses.dataclass(frozen=True)
class ScreeningPlan(Result):
    """The screening boluses to try, in order, at least ``min_interval`` apart."""

    _op: ClassVar[str] = "screening_plan"

    doses: tuple[ScreeningDose, ...]  # the start dose, then 25 mcg steps to at most 100 mcg
    min_interval: Duration  # in h
    max_dose: Mass  # in mcg
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class InitialDose(Result):
    """The initial daily dose of continuous infusion, the rule that gave it, and the source of
    the profile's prolonged-response threshold that rule used."""

    _op: ClassVar[str] = "initial_daily_dose"

    daily_dose: DoseRate  # in mcg/day
    rule: InitialRule
    rule_source: str
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Titration(Result):
    """The daily dose after a change, and every limit the change crosses."""

    _op: ClassVar[str] = "titrate"

    new_daily_dose: DoseRate  # in mcg/day
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class DoseStep:
    """One step of a dose schedule: from ``at`` (counted from today) on, the daily dose is
    ``daily_dose``."""

    at: Duration  # in day
    daily_dose: DoseRate  # in mcg/day


@dataclasses.dataclass(frozen=True)
class TitrationSchedule(Result):
    """The steps from today's daily dose to a target, one each ``interval``, the last landing on
    the target ``days_to_target`` from today (no steps, 0 days, when the target is today's
    dose)."""

    _op: ClassVar[str] = "titration_schedule"

    steps: tuple[DoseStep, ...]
    step_count: int
    days_to_target: Duration  # in day
    step_percent: float  # the step used, a plain number of percent
    interval: Duration  # in day: the profile's minimum time between changes
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class TaperSchedule(Result):
    """A gradual reduction: ``step_count`` equal reductions, one each ``interval``, the last
    landing on the target."""

    _op: ClassVar[str] = "taper_schedule"

    steps: tuple[DoseStep, ...]
    step_count: int
    interval: Duration  # in day
    findings: tuple[Finding, ...]
    allowed: bool


def daily_volume(daily_dose: DoseRate | str, concentration: Concentration | str) -> DailyVolume:
    """The volume a pump must deliver for ``daily_dose`` at ``concentration``.

    Findings: ``nonstandard_concentration``, ``concentration_above_commercial``,
    ``daily_dose_above_1000``. A zero dose or concentration raises :class:`InputError`.
    """
    return _native.daily_volume(native(daily_dose, "daily_dose"), native(concentration, "concentration"))


def screening_plan(
    profile: Profile,
    *,
    age_years: float | None = None,
    start_dose: Mass | str | None = None,
    concentration: Concentration | str | None = None,
    hours_since_last_dose: float | None = None,
) -> ScreeningPlan:
    """The screening (test) boluses from ``start_dose``, then 25 mcg steps while not above
    100 mcg, with their volumes at ``concentration`` (the 50 mcg/mL screening solution by
    default): ``screening_plan("us")`` gives 50, 75, 100 mcg in 1, 1.5, 2 mL.

    ``start_dose`` and ``concentration`` left as None are the core's (50 mcg; the 50 mcg/mL
    screening solution, ``_native.DEFAULT_START_DOSE_MCG`` and ``SCREENING_MCG_PER_ML``).

    ``hours_since_last_dose``: a plain number of hours since the last screening bolus, when one
    was given (0 or more).

    Findings: ``screening_dose_above_max`` (hard; a start above 100 mcg, the plan is that one
    dose), ``screening_start_dose`` (soft; a start given that is neither 25 nor 50 mcg),
    ``screening_interval_too_short`` (hard; below 24 h since the last bolus),
    ``screening_concentration`` (soft; not 50 mcg/mL), ``age_below_4_years`` (US soft, UK
    hard). ``age_years`` is a plain number of years (0 to 150). A start dose of zero raises
    :class:`InputError` (``out_of_range``).
    """
    checked = id_(profile, "profile", _PROFILES)
    age = None if age_years is None else number(age_years, "age_years", "a number of years from 0 to 150")
    since = (
        None
        if hours_since_last_dose is None
        else number(hours_since_last_dose, "hours_since_last_dose", "a number of hours, 0 or more")
    )
    return _native.screening_plan(
        checked,
        age,
        native_optional(start_dose, "start_dose"),
        native_optional(concentration, "concentration"),
        since,
    )


def initial_daily_dose(
    profile: Profile, effective_bolus: Mass | str, effect_duration: Duration | str
) -> InitialDose:
    """The initial daily dose after implant: twice the effective screening bolus over 24 h, or
    the bolus unchanged when its effect lasted more than the profile's threshold (``"us"``
    8 h, ``"uk"`` 12 h): a 50 mcg bolus that lasted 10 h gives 50 mcg/day (us), 100 (uk).

    Findings: ``screening_dose_above_max`` (hard; a bolus above 100 mcg). A zero bolus raises
    :class:`InputError` (``out_of_range``).
    """
    return _native.initial_daily_dose(
        id_(profile, "profile", _PROFILES),
        native(effective_bolus, "effective_bolus"),
        native(effect_duration, "effect_duration"),
    )


def titrate(
    profile: Profile,
    current_daily_dose: DoseRate | str,
    change_percent: float,
    origin: Origin,
    phase: Phase,
    *,
    age_years: float | None = None,
    pump_programmable: bool = _native.DEFAULT_PUMP_PROGRAMMABLE,
    hours_since_last_change: float | None = None,
    hours_since_start: float | None = None,
) -> Titration:
    """A change of ``change_percent`` (a plain signed number: ``-15`` is a 15 % reduction;
    -100 or below raises, stopping is not a titration step) to ``current_daily_dose``, checked
    against the profile's rules for the origin and phase: 200 mcg/day spinal +30 % gives
    260 mcg/day.

    Findings: ``step_above_guideline`` (soft) with ``sudden_escalation`` (info) in maintenance,
    ``decrease_above_guideline`` (soft), ``increase_in_first_24h`` (hard), ``adjustment_too_soon``
    (soft; 24 h, or 48 h with a non-programmable pump under ``"uk"``), ``daily_dose_above_1000``,
    ``outside_maintenance_range``, ``large_step_at_high_dose`` (soft), ``age_below_4_years``
    (US soft, UK hard), ``monitor_after_change`` (info; every change that is not 0 %). Hours not
    given: those findings are not checked.
    """
    # What the protocol reads at once, in its order; the dose, origin and phase wait for the core.
    checked = id_(profile, "profile", _PROFILES)
    change = number(change_percent, "change_percent", "a number of percent above -100")
    hours = "a number of hours, 0 or more"
    age = None if age_years is None else number(age_years, "age_years", "a number of years from 0 to 150")
    programmable = flag(pump_programmable, "pump_programmable")
    since_change = None if hours_since_last_change is None else number(hours_since_last_change, "hours_since_last_change", hours)
    since_start = None if hours_since_start is None else number(hours_since_start, "hours_since_start", hours)
    dose = native(current_daily_dose, "current_daily_dose")
    return _native.titrate(checked, dose, change, origin, phase, age, programmable, since_change, since_start)


def titration_schedule(
    profile: Profile,
    origin: Origin,
    phase: Phase,
    current_daily_dose: DoseRate | str,
    target_daily_dose: DoseRate | str,
    *,
    step_percent: float | None = None,
    pump_programmable: bool | None = None,
    age_years: float | None = None,
) -> TitrationSchedule:
    """The steps from ``current_daily_dose`` to ``target_daily_dose``, each the previous dose
    × (1 + ``step_percent`` / 100) going up, × (1 − ``step_percent`` / 100) going down, never
    past the target, one per the profile's minimum interval (1 day; 2 days under ``"uk"`` with a
    non-programmable pump). ``uk`` spinal titration from 100 to 200 mcg/day: +30 % a day, 130
    and 169 mcg/day, then 200 mcg/day on day 3.

    ``step_percent`` is a plain number of percent above 0 (below 100 for a decrease); None: the
    largest step the profile allows for the origin and phase going up (titration: spinal 30,
    cerebral 15; maintenance: spinal 40 under ``"us"``, 30 under ``"uk"``, cerebral 20), 20
    going down. ``pump_programmable`` None: the core's default (programmable). ``age_years``: a
    plain number of years (0 to 150).

    Findings: ``step_above_guideline`` (soft; an increase step above the profile's range),
    ``decrease_above_guideline`` (soft; a decrease step above 20 %), ``daily_dose_above_1000``
    (soft; the target), ``outside_maintenance_range`` (soft; maintenance, the target),
    ``age_below_4_years`` (US soft, UK hard). More than 365 steps raises :class:`InputError`
    (``out_of_range`` on ``step_percent``); a zero dose, ``zero``.
    """
    # What the protocol reads at once, in its order; origin, phase and the doses wait for the core.
    checked = id_(profile, "profile", _PROFILES)
    step = None if step_percent is None else number(step_percent, "step_percent", "a number of percent above 0")
    programmable = None if pump_programmable is None else flag(pump_programmable, "pump_programmable")
    age = None if age_years is None else number(age_years, "age_years", "a number of years from 0 to 150")
    current = native(current_daily_dose, "current_daily_dose")
    target = native(target_daily_dose, "target_daily_dose")
    return _native.titration_schedule(checked, origin, phase, current, target, step, programmable, age)


def taper_schedule(
    current_daily_dose: DoseRate | str,
    target_daily_dose: DoseRate | str,
    duration: Duration | str,
    *,
    interval: Duration | str | None = None,
) -> TaperSchedule:
    """A gradual reduction from ``current_daily_dose`` to ``target_daily_dose`` (below it; zero
    allowed: a taper to a stop) over ``duration``: n = floor(duration / interval) equal
    reductions, step k (1 … n) at k × ``interval`` (None: the core's 1 day) to current − k ×
    (current − target) / n. 400 to 0 mcg/day over 4 days: 300, 200, 100, 0 mcg/day on days 1
    to 4.

    Findings: ``taper_faster_than_label`` (soft; a duration below 14 days: the label tapers over
    2 to 4 weeks), ``resume_at_initial_dose`` (info; a target of zero: baclofen is resumed at the
    initial continuous infusion dose, in hospital). A target at or above the current dose, a
    duration below one interval or more than 1,000 steps raise :class:`InputError`
    (``out_of_range``); a zero current dose, duration or interval, ``zero``.
    """
    return _native.taper_schedule(
        native(current_daily_dose, "current_daily_dose"),
        native(target_daily_dose, "target_daily_dose"),
        native(duration, "duration"),
        native_optional(interval, "interval"),
    )


def daily_volume_array(
    daily_dose: ArrayLike,
    daily_dose_unit: str,
    concentration: ArrayLike,
    concentration_unit: str,
    flow_rate_unit: str,
) -> NDArray[np.float64]:
    """:func:`daily_volume` over arrays, for many records at once: the flow rate of each daily
    dose (in ``daily_dose_unit``) at its concentration (in ``concentration_unit``), in
    ``flow_rate_unit``. ``concentration`` may be a single value for every dose::

        itb.daily_volume_array(doses, "mcg/day", 2000, "mcg/mL", "mL/day")

    An element the scalar function would refuse (negative, NaN, zero...) raises, naming its
    index and value; no NaN is returned in its place. Findings are not reported here: use
    :func:`daily_volume` on the records that need them.
    """
    doses = float_array(daily_dose, "daily_dose")
    concentrations = float_array(concentration, "concentration")
    try:
        doses, concentrations = np.broadcast_arrays(doses, concentrations)
    except ValueError:
        message = (
            f"concentration: {concentrations.size} values for {doses.size} daily doses; "
            "allowed: one value, or one per daily dose"
        )
        raise error_for("invalid_value", message, "concentration") from None
    return _native.daily_volume_array(
        doses,
        unit_text(daily_dose_unit, "daily_dose_unit"),
        concentrations,
        unit_text(concentration_unit, "concentration_unit"),
        unit_text(flow_rate_unit, "flow_rate_unit"),
    )
