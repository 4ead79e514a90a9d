"""itb: unit-safe intrathecal baclofen (ITB) computations.

Every number carries its unit, every limit crossed comes back as a finding, and every bad input
raises an error that names the field, the value and what is allowed::

    >>> import itb
    >>> dv = itb.daily_volume("500 mcg/day", itb.Concentration("10 mg/5 mL"))
    >>> dv.flow_rate.to("mL/day")
    0.25
    >>> str(dv.flow_rate)
    '0.25 mL/day'
    >>> itb.Concentration(2)
    Traceback (most recent call last):
    itb.UnitError: concentration: 2 has no unit; a bare number is never a dose. ...

How it is built: the computations are the Rust core's. Quantities are read, checked, converted
and formatted by the core (``itb._native``). Every function that returns a result object calls
the core's typed operation directly (no JSON): the core checks every argument in the protocol's
order and resolves every default left as None, and the native module builds the result object
from the core's typed result. A function gives exactly the protocol's numbers, findings (with
the value that raised each and the limit it crossed) and errors; its ``to_dict()`` writes the
protocol's response from its fields, equal to :func:`evaluate`'s, which speaks the protocol
itself. :func:`daily_volume_array` and :func:`days_to_alarm_array` run the core's rules over
numpy arrays. Pumps and refills: :func:`flex_daily_dose`, :func:`night_boost`,
:func:`refill_plan` (with alarm and due dates), :func:`reconcile`, :func:`bridge_bolus`,
:func:`catheter_volume`, :func:`constant_flow_fill`.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Literal, TypeVar, Union, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._common import Finding, Result, evaluate
from ._common import flag as _flag
from ._common import float_array as _float_array
from ._common import id_ as _id
from ._common import ids as _ids
from ._common import native as _native_arg
from ._common import native_optional as _native_optional
from ._common import number as _number
from ._errors import InputError, ItbError, RequestError, UnitError, error_for
from ._pumps import (
    Bridge,
    CatheterVolume,
    ConstantFlowFill,
    CustomPump,
    FlexDose,
    FlexStep,
    NightBoost,
    Pump,
    PumpModel,
    Reconciliation,
    RefillContainers,
    RefillPlan,
    Step,
    bridge_bolus,
    catheter_volume,
    constant_flow_fill,
    days_to_alarm_array,
    flex_daily_dose,
    night_boost,
    reconcile,
    refill_plan,
)
from ._quantities import (
    CLASSES,
    Concentration,
    Count,
    DoseRate,
    Duration,
    FlowRate,
    Length,
    Mass,
    Quantity,
    Ratio,
    Volume,
    VolumePerLength,
    read,
    unit_text,
)

__version__: str = _native.__version__

__all__ = [
    "Bridge",
    "CatheterVolume",
    "Concentration",
    "ConstantFlowFill",
    "Containers",
    "Count",
    "CustomPump",
    "DailyVolume",
    "Dilution",
    "DoseRate",
    "Duration",
    "Finding",
    "FlexDose",
    "FlexStep",
    "FlowRate",
    "InitialDose",
    "InitialRule",
    "InputError",
    "ItbError",
    "Length",
    "Mass",
    "NightBoost",
    "Origin",
    "Phase",
    "Product",
    "Products",
    "Profile",
    "Pump",
    "PumpModel",
    "Quantity",
    "Ratio",
    "Reconciliation",
    "RefillContainers",
    "RefillPlan",
    "RequestError",
    "ScreeningDose",
    "ScreeningPlan",
    "Step",
    "Titration",
    "UnitError",
    "Volume",
    "VolumePerLength",
    "__version__",
    "bridge_bolus",
    "catheter_volume",
    "constant_flow_fill",
    "containers",
    "convert",
    "daily_volume",
    "daily_volume_array",
    "days_to_alarm_array",
    "dilution",
    "evaluate",
    "flex_daily_dose",
    "initial_daily_dose",
    "night_boost",
    "products",
    "reconcile",
    "refill_plan",
    "screening_plan",
    "titrate",
]

_Q = TypeVar("_Q", bound=Quantity)

# The ids as types: mypy refuses a misspelt id before the code runs. Each is written as a Union
# of one-value Literals, which type checkers read as Literal["us", "uk"]: that is the runtime
# form mypy's stubtest expects of a Literal alias.

#: A labelling profile, where the sources disagree: ``"us"`` (the US label family) or ``"uk"``
#: (the UK SmPC).
Profile = Union[Literal["us"], Literal["uk"]]
_PROFILES = _ids(Profile)
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
class Dilution(Result):
    """A recipe: ``stock_volume`` of the stock plus ``diluent_volume`` of ``diluent``."""

    _op: ClassVar[str] = "dilution"

    stock_volume: Volume  # in mL
    diluent_volume: Volume  # in mL
    drug_amount: Mass  # in mcg
    diluent: str
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Containers(Result):
    """Whole containers of ``product`` to open for ``amount``, what is drawn and what is left."""

    _op: ClassVar[str] = "containers"

    product: str
    amount: Mass  # in mcg
    count: int
    drawn_volume: Volume  # in mL
    waste: Volume  # in mL: count × container volume − drawn
    findings: tuple[Finding, ...]
    allowed: bool


@dataclasses.dataclass(frozen=True)
class Product:
    """A baclofen product; a field its source does not state is None, never guessed."""

    id: str
    label: str
    route: str  # "intrathecal" or "oral"
    use: str  # "screening", "refill" or "oral"
    concentration: Concentration | None
    volume: Volume | None
    amount: Mass | None
    source: str


@dataclasses.dataclass(frozen=True)
class Products(Result):
    """The product catalogue."""

    _op: ClassVar[str] = "products"

    products: tuple[Product, ...]
    findings: tuple[Finding, ...]
    allowed: bool


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


@overload
def convert(quantity: _Q, to: str) -> _Q: ...
@overload
def convert(quantity: str, to: str) -> Quantity: ...
def convert(quantity: Quantity | str, to: str) -> Quantity:
    """``quantity`` in the unit ``to``, as a quantity of its own class:
    ``convert("10 mg/20 mL", "mcg/mL") == Concentration("500 mcg/mL")``."""
    return _native.convert_quantity(_native_arg(quantity, "quantity"), unit_text(to, "to"))


def daily_volume(daily_dose: DoseRate | str, concentration: Concentration | str) -> DailyVolume:
    """The volume a pump must deliver for ``daily_dose`` at ``concentration``.

    Findings: ``nonstandard_concentration``, ``concentration_above_commercial``,
    ``daily_dose_above_1000``. A zero dose or concentration raises :class:`InputError`.
    """
    return _native.daily_volume(_native_arg(daily_dose, "daily_dose"), _native_arg(concentration, "concentration"))


def dilution(
    stock: Concentration | str, target: Concentration | str, final_volume: Volume | str
) -> Dilution:
    """How to make ``final_volume`` at ``target`` from ``stock`` (a target above the stock
    raises :class:`InputError`, code ``out_of_range``)."""
    return _native.dilution(
        _native_arg(stock, "stock"), _native_arg(target, "target"), _native_arg(final_volume, "final_volume")
    )


def containers(
    product: str | Product,
    amount: Mass | str | None = None,
    *,
    volume: Volume | str | None = None,
    concentration: Concentration | str | None = None,
) -> Containers:
    """Containers of an intrathecal ``product`` (an id such as ``"itb_500mcg_20ml"``) for
    ``amount`` of drug, or for ``volume`` at ``concentration`` (diluted from the product)."""
    if isinstance(product, Product):
        product = product.id
    if not isinstance(product, str):
        message = f"product: {product!r} is not a product id (a text such as 'itb_500mcg_20ml')"
        raise error_for("invalid_value", message, "product")
    return _native.containers(
        product,
        _native_optional(amount, "amount"),
        _native_optional(volume, "volume"),
        _native_optional(concentration, "concentration"),
    )


def products() -> Products:
    """Every baclofen product itb knows, intrathecal and oral."""
    return _native.products()


def screening_plan(
    profile: Profile,
    *,
    age_years: float | None = None,
    start_dose: Mass | str | None = None,
    concentration: Concentration | str | None = None,
) -> ScreeningPlan:
    """The screening (test) boluses from ``start_dose``, then 25 mcg steps while not above
    100 mcg, with their volumes at ``concentration`` (the 50 mcg/mL screening solution by
    default): ``screening_plan("us")`` gives 50, 75, 100 mcg in 1, 1.5, 2 mL.

    ``start_dose`` and ``concentration`` left as None are the core's (50 mcg; the 50 mcg/mL
    screening solution, ``_native.DEFAULT_START_DOSE_MCG`` and ``SCREENING_MCG_PER_ML``).

    Findings: ``screening_dose_above_max`` (hard; a start above 100 mcg, the plan is that one
    dose), ``screening_concentration`` (soft; not 50 mcg/mL), ``age_below_4_years`` (US soft,
    UK hard). ``age_years`` is a plain number of years (0 to 150). A start dose of zero raises
    :class:`InputError` (``out_of_range``).
    """
    checked = _id(profile, "profile", _PROFILES)
    age = None if age_years is None else _number(age_years, "age_years", "a number of years from 0 to 150")
    return _native.screening_plan(
        checked, age, _native_optional(start_dose, "start_dose"), _native_optional(concentration, "concentration")
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
        _id(profile, "profile", _PROFILES),
        _native_arg(effective_bolus, "effective_bolus"),
        _native_arg(effect_duration, "effect_duration"),
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
    (US soft, UK hard). Hours not given: those findings are not checked.
    """
    # What the protocol reads at once, in its order; the dose, origin and phase wait for the core.
    checked = _id(profile, "profile", _PROFILES)
    change = _number(change_percent, "change_percent", "a number of percent above -100")
    hours = "a number of hours, 0 or more"
    age = None if age_years is None else _number(age_years, "age_years", "a number of years from 0 to 150")
    programmable = _flag(pump_programmable, "pump_programmable")
    since_change = None if hours_since_last_change is None else _number(hours_since_last_change, "hours_since_last_change", hours)
    since_start = None if hours_since_start is None else _number(hours_since_start, "hours_since_start", hours)
    dose = _native_arg(current_daily_dose, "current_daily_dose")
    return _native.titrate(checked, dose, change, origin, phase, age, programmable, since_change, since_start)


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
    doses = _float_array(daily_dose, "daily_dose")
    concentrations = _float_array(concentration, "concentration")
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
