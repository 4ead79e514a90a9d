"""Quantities: numbers that always carry their unit, read and checked by the itb core."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, ClassVar, TypeVar, overload

from . import _native
from ._errors import error_for


class Quantity:
    """A value with its unit, of one dimension; immutable.

    Build it from a text, ``Concentration("2 mg/mL")`` (container notation too:
    ``Concentration("10 mg/20 mL")`` is 0.5 mg/mL), or from a number and a unit,
    ``Concentration(2, "mg/mL")``. A bare number raises :class:`itb.UnitError` (a bare number is
    never a dose), and so does a unit of another dimension; NaN, infinity and negative values
    raise :class:`itb.InputError`. Two quantities are equal when they are the same amount:
    ``Mass("1 mg") == Mass("1000 mcg")``.

    Negative quantities exist only in results (a residual discrepancy, a refill already
    overdue, a delivery below the programmed rate): the constructor refuses them, as every
    argument does. Their ``repr`` gives the number and the unit apart (``Volume(-2, 'mL')``).
    """

    __slots__ = ("_value", "_unit", "_canonical")
    #: The dimension's name: ``"mass"``, ``"concentration"``, ``"dose_rate"``...
    dimension: ClassVar[str] = ""

    _value: float
    _unit: str
    _canonical: float

    def __init__(self, value: Quantity | str | float, unit: str | None = None) -> None:
        if not self.dimension:
            raise TypeError("Quantity has no dimension: use Mass, Concentration, DoseRate...")
        v, u, _, canonical = read(value, unit, self.dimension, self.dimension)
        object.__setattr__(self, "_value", v)
        object.__setattr__(self, "_unit", u)
        # The value in the dimension's canonical unit (mcg, mL, mcg/mL...), for == and hash.
        object.__setattr__(self, "_canonical", canonical)

    @property
    def value(self) -> float:
        """The number, in :attr:`unit`."""
        return self._value

    @property
    def unit(self) -> str:
        """The unit, spelled the canonical way (``"mg/mL"``, ``"mcg/day"``)."""
        return self._unit

    def to(self, unit: str) -> float:
        """The value in ``unit`` (same dimension), to 12 significant digits:
        ``Concentration("2 mg/mL").to("mcg/mL") == 2000.0``."""
        # The core converts magnitudes (it refuses a negative input); a result's sign is kept.
        magnitude = _native.convert(abs(self._value), self._unit, unit_text(unit, "unit"), "unit")
        return -magnitude if self._value < 0 else magnitude

    def __str__(self) -> str:
        # ISMP safe writing: 0.5 mL, 2 mg, 2,000 mcg/mL.
        return _native.text(self._value, self._unit)

    def __repr__(self) -> str:
        # Exact (shortest round-trip digits), and a valid constructor call: no text holds an
        # output-only unit, so those are given apart.
        name, digits = type(self).__name__, _digits(self._value)
        if self._unit in OUTPUT_ONLY_UNITS or self._value < 0:
            return f"{name}({digits}, {self._unit!r})"
        return f"{name}({f'{digits} {self._unit}'!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return type(self) is type(other) and self._canonical == other._canonical

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._canonical))

    if not TYPE_CHECKING:  # hidden from type checkers, which then refuse the assignment too

        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(f"{type(self).__name__} is immutable")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        if self._value < 0:  # a result's sign: rebuilt as a result, not by the constructor
            return (result, (type(self), self._value, self._unit))
        return (type(self), (self._value, self._unit))


class Mass(Quantity):
    """A mass: a dose or an amount of drug (mcg, mg)."""

    __slots__ = ()
    dimension = "mass"


class Volume(Quantity):
    """A volume: a reservoir, a fill, a drawn or discarded volume (mL)."""

    __slots__ = ()
    dimension = "volume"


class Concentration(Quantity):
    """A concentration of baclofen (mcg/mL, mg/mL, or amount/volume like ``"10 mg/20 mL"``)."""

    __slots__ = ()
    dimension = "concentration"


class DoseRate(Quantity):
    """A dose rate: a daily dose or an hourly rate (mcg/day, mg/day, mcg/h, mg/h...)."""

    __slots__ = ()
    dimension = "dose_rate"


class FlowRate(Quantity):
    """A flow rate: volume delivered per unit of time (mL/day, mL/h, mL/min)."""

    __slots__ = ()
    dimension = "flow_rate"


class Duration(Quantity):
    """A duration (day, h, min; an age limit in ``year``, 365 days, output only)."""

    __slots__ = ()
    dimension = "duration"


class Length(Quantity):
    """A length: a catheter length (cm)."""

    __slots__ = ()
    dimension = "length"


class VolumePerLength(Quantity):
    """A volume per length of catheter (mL/cm)."""

    __slots__ = ()
    dimension = "volume_per_length"


class Ratio(Quantity):
    """A percentage (``%``): the limit a dose change crossed (``Ratio(30, "%")``).

    Output only, like the core's ``%``: no text parses as one, so build it from a number and
    ``"%"``, and give a change to :func:`itb.titrate` as a plain number of percent.
    """

    __slots__ = ()
    dimension = "ratio"


class Count(Quantity):
    """A count of flex steps (``step``): the subject and limit of ``too_many_steps``
    (``Count(14, 'step')``, ``str()`` ``"14 steps"``).

    Output only, like the core's ``step``: build it from a whole number and ``"step"``; a
    flex schedule is given as its steps, never as a count.
    """

    __slots__ = ()
    dimension = "count"


CLASSES: dict[str, type[Quantity]] = {
    c.dimension: c
    for c in (Mass, Volume, Concentration, DoseRate, FlowRate, Duration, Length, VolumePerLength, Ratio, Count)
}

#: The core's output-only units: results and findings use them, no quantity text parses them
#: (ages and percentages come in as plain numbers, flex steps as a list).
OUTPUT_ONLY_UNITS = frozenset({"year", "%", "step"})


_Q = TypeVar("_Q", bound=Quantity)


def result(cls: type[_Q], value: float, unit: str) -> _Q:
    """A quantity of a protocol response, as ``cls``. Unlike an argument it may be negative; the
    core checks its unit, its dimension and its magnitude as it checks every quantity."""
    v, u, _, canonical = _native.result_quantity(value, unit, cls.dimension)
    return _built(cls, v, u, canonical)


def result_of_any(value: float, unit: str) -> Quantity:
    """A quantity of a protocol response, as the class of its unit's dimension."""
    v, u, dimension, canonical = _native.result_quantity(value, unit, None)
    return _built(CLASSES[dimension], v, u, canonical)


def _built(cls: type[_Q], value: float, unit: str, canonical: float) -> _Q:
    q = cls.__new__(cls)
    for name, v in (("_value", value), ("_unit", unit), ("_canonical", canonical)):
        object.__setattr__(q, name, v)
    return q


def read(value: object, unit: object, dimension: str | None, field: str) -> tuple[float, str, str, float]:
    """Checks a quantity argument: ``(value, unit, dimension name, canonical value)``.

    Python decides the types (a bool is not a number; a quantity object gives its own value and
    unit), the core reads and checks the rest. ``dimension`` None accepts any.
    """
    if isinstance(value, Quantity):
        if unit is not None:
            message = f"{field}: {value!r} already has its unit; give the unit once"
            raise error_for("invalid_value", message, field)
        unit = value.unit
        value = value.value
    elif isinstance(value, bool) or not isinstance(value, (str, numbers.Real)):
        message = (
            f"{field}: {show(value)} is not a quantity; expected a text such as '2 mg/mL', "
            "or a number and a unit"
        )
        raise error_for("invalid_value", message, field)
    if unit is not None:
        unit = unit_text(unit, field)
    if not isinstance(value, str):
        try:
            value = float(value)
        except OverflowError:  # an int too large for a float
            message = f"{field} is too large to hold ({show(value)}); allowed: a finite number"
            raise error_for("not_finite", message, field) from None
    return _native.quantity(value, unit, dimension, field)


def unit_text(unit: object, field: str) -> str:
    """``unit``, refused unless it is a text."""
    if isinstance(unit, str):
        return unit
    message = f"{field}: unit {show(unit)} is not a text; expected a unit such as 'mg/mL'"
    raise error_for("invalid_value", message, field)


def show(value: object) -> str:
    """``repr(value)``, cut to 80 characters so a huge value stays out of a message."""
    try:
        text = repr(value)
    except Exception:  # a repr that fails (an int past Python's digit limit) must not hide the error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:80] + "…"


def _digits(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


@overload
def convert(quantity: _Q, to: str) -> _Q: ...
@overload
def convert(quantity: str, to: str) -> Quantity: ...
def convert(quantity: Quantity | str, to: str) -> Quantity:
    """``quantity`` in the unit ``to``, as a quantity of its own class:
    ``convert("10 mg/20 mL", "mcg/mL") == Concentration("500 mcg/mL")``."""
    return _native.convert_quantity(_argument(quantity), unit_text(to, "to"))


def _argument(value: object) -> str | tuple[float, str] | float:
    if isinstance(value, str):
        return value
    if isinstance(value, Quantity):
        return (value.value, value.unit)
    # The other types are refused or converted as every argument is; imported here, late:
    # _arguments needs this module's classes.
    from ._arguments import native

    return native(value, "quantity")
