"""Pharmacokinetics: a one-compartment estimate of baclofen in the cerebrospinal fluid (CSF)
after lumbar intrathecal delivery, from the US label's mean figures (002 Clinical
Pharmacology). An estimate for teaching and planning, never a dosing rule."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar

from . import _native
from ._arguments import NativeArg, native, native_optional
from ._quantities import Concentration, DoseRate, Duration, FlowRate, Mass, Volume
from ._results import Finding, Result


@dataclasses.dataclass(frozen=True)
class PkPoint:
    """The estimated CSF concentrations ``time`` after the bolus or the start of the infusion:
    ``lumbar``, and ``cisternal`` (a quarter of it: the lumbar:cisternal gradient of about
    4:1)."""

    time: Duration  # in h
    lumbar: Concentration  # in mcg/mL
    cisternal: Concentration  # in mcg/mL


@dataclasses.dataclass(frozen=True)
class PkProfile(Result):
    """A CSF profile: the model's distribution ``volume``, a point at each time asked, in their
    order, and for an infusion its ``steady_state`` and the time to reach 90 % of it (both None
    after a bolus)."""

    _op: ClassVar[str] = "pk_profile"
    _omitted_when_none: ClassVar[tuple[str, ...]] = ("steady_state", "time_to_90_percent")

    volume: Volume  # in mL: clearance / k, k = ln 2 / half-life
    points: tuple[PkPoint, ...]
    steady_state: Concentration | None  # in mcg/mL: daily dose / clearance (an infusion)
    time_to_90_percent: Duration | None  # in h: ln 10 / k (an infusion)
    findings: tuple[Finding, ...]
    allowed: bool


def pk_profile(
    times: Sequence[Duration | str],
    *,
    bolus: Mass | str | None = None,
    daily_dose: DoseRate | str | None = None,
    half_life: Duration | str | None = None,
    clearance: FlowRate | str | None = None,
) -> PkProfile:
    """The estimated lumbar and cisternal CSF concentrations at each of ``times`` (1 to 1,000
    durations, each 0 or more) after a ``bolus`` given at time 0, or during an infusion of
    ``daily_dose`` from time 0: exactly one of the two.

    k = ln 2 / ``half_life`` (None: the core's 1.51 h); volume V = ``clearance`` (None: the
    core's 30 mL/h) / k, 65.35 mL by default. A bolus B: C(t) = B / V × e^(−k t), so 100 mcg
    gives 100 / 65.35 = 1.530 mcg/mL at 0 h and half of it 1.51 h later. An infusion R: C(t) =
    R / clearance × (1 − e^(−k t)), approaching R / clearance (720 mcg/day = 30 mcg/h: 1 mcg/mL)
    and reaching 90 % of it at ln 10 / k (5.016 h).

    Findings: ``model_estimate`` (info, always: the parameters are means of 7 and 10 patients
    with great variability). Both ``bolus`` and ``daily_dose`` raise :class:`InputError`
    (``invalid_value`` on ``daily_dose``), neither ``missing_field`` on ``bolus``; no times,
    ``invalid_value``, more than 1,000 ``out_of_range`` (on ``times``); a bad time names its
    element (``times[1]``); a zero bolus ``out_of_range``, a zero daily dose, half-life or
    clearance ``zero``.
    """
    return _native.pk_profile(
        native_optional(bolus, "bolus"),
        native_optional(daily_dose, "daily_dose"),
        _native_times(times),
        native_optional(half_life, "half_life"),
        native_optional(clearance, "clearance"),
    )


def _native_times(times: object) -> object:
    """Times as the native module takes them: a list of quantity arguments, each named by its
    element (``times[1]``). Anything but a sequence (a text is one quantity, not a list) goes as
    it is, and the native module refuses it as the protocol refuses a value that is not a list."""
    if isinstance(times, Sequence) and not isinstance(times, (str, bytes)):
        out: list[NativeArg] = [native(t, f"times[{i}]") for i, t in enumerate(times)]
        return out
    return times
