"""The Python-side checks of argument types, before the native module reads the arguments:
Python decides what is a text, a number, a quantity or a flag; the core reads and checks the
rest, in the protocol's order."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Union, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._errors import error_for
from ._quantities import Quantity, show


#: A quantity argument as the native module takes it: a text, ``(value, unit)``, or a bare
#: number (which the core refuses, naming its field, in the protocol's order).
NativeArg = Union[str, tuple[float, str], float]


def native(value: object, field: str) -> NativeArg:
    """A quantity argument for the native module. Python decides the types (a bool is not a
    number; a quantity object gives its value and unit); the core reads and checks the rest
    when it reaches the field, so an earlier field's error comes first."""
    if isinstance(value, str):
        return value
    if isinstance(value, Quantity):
        return (value.value, value.unit)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        message = (
            f"{field}: {show(value)} is not a quantity; expected a text such as '2 mg/mL', "
            "or a number and a unit"
        )
        raise error_for("invalid_value", message, field)
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        message = f"{field} is too large to hold ({show(value)}); allowed: a finite number"
        raise error_for("not_finite", message, field) from None


def native_optional(value: object, field: str) -> NativeArg | None:
    """:func:`native`, or None for an argument left to the core's default."""
    return None if value is None else native(value, field)


def id_(value: object, field: str, ids_type: object) -> str:
    """One of the ids of an id type such as :data:`itb.Profile`, or of a tuple of ids
    (case-sensitive, as in the protocol). A tuple is the fast form: reading the ids of a type
    takes microseconds."""
    allowed = ids_type if isinstance(ids_type, tuple) else ids(ids_type)
    if isinstance(value, str) and value in allowed:
        return value
    message = f"{field}: {show(value)} is not allowed; allowed (case-sensitive): {', '.join(allowed)}"
    raise error_for("invalid_value", message, field)


def native_list(value: object) -> object:
    """A list argument as the native module takes it (sign codes, medication names): a list of
    a sequence. Anything else (a text, a set, a number) goes as it is, and the native module
    refuses it as the protocol refuses a value that is not a list: a text is never read letter
    by letter."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    return value


def ids(ids_type: object) -> tuple[str, ...]:
    """The ids an id type (a Union of one-value Literals) allows: ``ids(itb.Profile) == ("us",
    "uk")``."""
    return tuple(id_ for literal in get_args(ids_type) for id_ in get_args(literal))


def number(value: object, field: str, allowed: str) -> float:
    """A plain number (a percentage, hours, an age): a finite int or float. A bool, a text or a
    quantity is refused, not read: these fields have a fixed unit of their own."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        message = f"{field}: {show(value)} is not a plain number; allowed: {allowed}"
        raise error_for("invalid_value", message, field)
    try:
        as_float = float(value)
    except OverflowError:  # an int too large for a float
        as_float = math.inf
    if not math.isfinite(as_float):
        message = f"{field}: {show(value)} is not a finite number; allowed: {allowed}"
        raise error_for("not_finite", message, field)
    return as_float


def flag(value: object, field: str) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    message = f"{field}: {show(value)} is not True or False"
    raise error_for("invalid_value", message, field)


def float_array(values: ArrayLike, field: str) -> NDArray[np.float64]:
    """A one-dimensional float64 array of numbers (ints and floats; a bool is not a number)."""
    array = np.atleast_1d(np.asarray(values))
    if array.dtype.kind not in "iuf":
        message = f"{field}: an array of {array.dtype}; allowed: numbers (int or float)"
        raise error_for("invalid_value", message, field)
    if array.ndim != 1:
        message = f"{field}: an array of {array.ndim} dimensions; allowed: one"
        raise error_for("invalid_value", message, field)
    return array.astype(np.float64, copy=False)
