"""What the typed functions share: findings, results and their protocol response, the protocol
call (:func:`evaluate`), and the Python-side checks of argument types before the native module
reads the arguments."""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
from typing import Any, ClassVar, Union, cast, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._errors import error_for
from ._quantities import Quantity, show


@dataclasses.dataclass(frozen=True)
class Finding:
    """A clinical limit the result crosses. ``severity``: ``"hard"`` (a label limit: the result
    is not allowed), ``"soft"`` (a guideline a clinician may override with a reason) or
    ``"info"``; ``source`` names the seed section or reference the rule comes from.

    ``subject`` is the value that raised the finding, in its clinical unit (``Volume(-2.1,
    'mL')`` for a residual discrepancy, ``Count(14, 'step')`` for too many flex steps);
    ``limit`` the limit it crossed when the rule names one (``Ratio(30, "%")``,
    ``Duration('24 h')``, ``DoseRate('800 mcg/day')``), else None. Both come from the
    protocol's response.
    """

    code: str
    severity: str
    message: str
    source: str
    subject: Quantity
    limit: Quantity | None = None


class Result:
    """What every result has besides its fields: ``to_dict()``, the protocol's response.

    The native module builds a result's fields straight from the core's typed result; the
    response is written from them only when asked.
    """

    #: The protocol operation.
    _op: ClassVar[str] = ""
    #: The protocol's name of a field, where it differs from the field's.
    _keys: ClassVar[dict[str, str]] = {}
    #: Fields computed in Python, not part of the response (a refill plan's dates).
    _python_only: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """The protocol response: ``{"ok", "op", "allowed", "result", "findings"}``, the same
        dict :func:`evaluate` returns for this request."""
        skip = ("findings", "allowed", *self._python_only)
        names = [f.name for f in dataclasses.fields(cast(Any, self)) if f.name not in skip]
        findings: tuple[Finding, ...] = getattr(self, "findings")
        return {
            "ok": True,
            "op": self._op,
            "allowed": getattr(self, "allowed"),
            "result": {self._keys.get(name, name): _plain(getattr(self, name)) for name in names},
            "findings": [_finding_dict(f) for f in findings],
        }


def _plain(value: object) -> Any:
    """A result's field as the protocol writes it: a quantity as ``{"value", "unit", "text"}``,
    a tuple as a list, a record as a dict of its fields given (a product's unstated fields are
    left out)."""
    if isinstance(value, Quantity):
        return {"value": value.value, "unit": value.unit, "text": str(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        given = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {name: _plain(v) for name, v in given if v is not None}
    return value


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "source": f.source,
        "subject": _plain(f.subject),
        "limit": None if f.limit is None else _plain(f.limit),
    }


def evaluate(request: dict[str, Any] | str | bytes) -> dict[str, Any]:
    """One request of the itb JSON protocol in, its response out, as the Rust, C and command
    line front ends give it. A bad request is an error response (``{"ok": False, ...}``), never
    an exception.

    A dict is written with ``json.dumps``; quantity objects in it are written as
    ``{"value", "unit"}``. A dict holding NaN or infinity, an object JSON cannot hold, or nesting
    too deep to write gives an ``invalid_json`` response, as the raw ``NaN`` token does in text:
    JSON has no NaN, and the request is refused whole rather than guessed at.
    """
    if isinstance(request, dict):
        try:
            text = json.dumps(request, allow_nan=False, default=_jsonable)
        except ValueError as e:
            return _invalid_json(f"{e} (JSON has no NaN or infinity)")
        except (TypeError, RecursionError) as e:
            return _invalid_json(str(e))
        data = text.encode()
    elif isinstance(request, str):
        # Lone surrogates pass through as invalid UTF-8, which the core answers invalid_json.
        data = request.encode("utf-8", "surrogatepass")
    elif isinstance(request, bytes):
        data = request
    else:
        raise TypeError(f"request must be a dict, str or bytes, not {type(request).__name__}")
    response: dict[str, Any] = json.loads(_native.evaluate(data))
    return response


# --- arguments -------------------------------------------------------------------------------


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


def _jsonable(value: object) -> Any:
    """What ``json.dumps`` cannot write by itself: quantities, numpy numbers and bools."""
    if isinstance(value, Quantity):
        return {"value": value.value, "unit": value.unit}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _invalid_json(reason: str) -> dict[str, Any]:
    # The protocol's response for a request that is not JSON (op is unknown, hence null).
    message = f"invalid JSON: the request cannot be written as JSON: {reason}"
    return {"ok": False, "op": None, "error": {"code": "invalid_json", "message": message, "field": None}}
