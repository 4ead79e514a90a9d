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
and formatted by the core (``itb._native``). ``daily_volume``, ``dilution``, ``containers`` and
``products`` build a request of the core's JSON protocol from already-checked quantities and
read its response, so they give exactly the protocol's numbers, findings and errors; their
``to_dict()`` is that response. :func:`evaluate` speaks the protocol directly.
:func:`daily_volume_array` runs the core's rule over numpy arrays.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import numbers
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._errors import InputError, ItbError, RequestError, UnitError, error_for
from ._quantities import (
    CLASSES,
    Concentration,
    DoseRate,
    Duration,
    FlowRate,
    Length,
    Mass,
    Quantity,
    Volume,
    VolumePerLength,
    read,
    unit_text,
)

__version__: str = _native.__version__

__all__ = [
    "Concentration",
    "Containers",
    "DailyVolume",
    "Dilution",
    "DoseRate",
    "Duration",
    "Finding",
    "FlowRate",
    "InputError",
    "ItbError",
    "Length",
    "Mass",
    "Product",
    "Products",
    "Quantity",
    "RequestError",
    "UnitError",
    "Volume",
    "VolumePerLength",
    "__version__",
    "containers",
    "convert",
    "daily_volume",
    "daily_volume_array",
    "dilution",
    "evaluate",
    "products",
]

_Q = TypeVar("_Q", bound=Quantity)


@dataclasses.dataclass(frozen=True)
class Finding:
    """A clinical limit the result crosses. ``severity``: ``"hard"`` (a label limit: the result
    is not allowed), ``"soft"`` (a guideline a clinician may override with a reason) or
    ``"info"``; ``source`` names the seed section or reference the rule comes from."""

    code: str
    severity: str
    message: str
    source: str


class _Result:
    """What every result has besides its fields: ``to_dict()``, the protocol's response."""

    _response: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The protocol response: ``{"ok", "op", "allowed", "result", "findings"}``, the same
        dict :func:`evaluate` returns for this request."""
        return copy.deepcopy(self._response)


@dataclasses.dataclass(frozen=True)
class DailyVolume(_Result):
    """The flow that delivers a daily dose at a concentration."""

    flow_rate: FlowRate  # in mL/day
    hourly_flow: FlowRate  # in mL/h
    findings: tuple[Finding, ...]
    allowed: bool  # False exactly when a finding is hard
    _response: dict[str, Any] = dataclasses.field(repr=False, compare=False)


@dataclasses.dataclass(frozen=True)
class Dilution(_Result):
    """A recipe: ``stock_volume`` of the stock plus ``diluent_volume`` of ``diluent``."""

    stock_volume: Volume  # in mL
    diluent_volume: Volume  # in mL
    drug_amount: Mass  # in mcg
    diluent: str
    findings: tuple[Finding, ...]
    allowed: bool
    _response: dict[str, Any] = dataclasses.field(repr=False, compare=False)


@dataclasses.dataclass(frozen=True)
class Containers(_Result):
    """Whole containers of ``product`` to open for ``amount``, what is drawn and what is left."""

    product: str
    amount: Mass  # in mcg
    count: int
    drawn_volume: Volume  # in mL
    waste: Volume  # in mL: count × container volume − drawn
    findings: tuple[Finding, ...]
    allowed: bool
    _response: dict[str, Any] = dataclasses.field(repr=False, compare=False)


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
class Products(_Result):
    """The product catalogue."""

    products: tuple[Product, ...]
    findings: tuple[Finding, ...]
    allowed: bool
    _response: dict[str, Any] = dataclasses.field(repr=False, compare=False)


@overload
def convert(quantity: _Q, to: str) -> _Q: ...
@overload
def convert(quantity: str, to: str) -> Quantity: ...
def convert(quantity: Quantity | str, to: str) -> Quantity:
    """``quantity`` in the unit ``to``, as a quantity of its own class:
    ``convert("10 mg/20 mL", "mcg/mL") == Concentration("500 mcg/mL")``."""
    value, unit, dimension, _ = read(quantity, None, None, "quantity")
    to = unit_text(to, "to")
    return CLASSES[dimension](_native.convert(value, unit, to, "to"), to)


def daily_volume(daily_dose: DoseRate | str, concentration: Concentration | str) -> DailyVolume:
    """The volume a pump must deliver for ``daily_dose`` at ``concentration``.

    Findings: ``nonstandard_concentration``, ``concentration_above_commercial``,
    ``daily_dose_above_1000``. A zero dose or concentration raises :class:`InputError`.
    """
    response = _call(
        {
            "op": "daily_volume",
            "daily_dose": _argument(daily_dose, DoseRate, "daily_dose"),
            "concentration": _argument(concentration, Concentration, "concentration"),
        }
    )
    result = response["result"]
    return DailyVolume(
        flow_rate=_quantity(FlowRate, result["flow_rate"]),
        hourly_flow=_quantity(FlowRate, result["hourly_flow"]),
        findings=_findings(response),
        allowed=response["allowed"],
        _response=response,
    )


def dilution(
    stock: Concentration | str, target: Concentration | str, final_volume: Volume | str
) -> Dilution:
    """How to make ``final_volume`` at ``target`` from ``stock`` (a target above the stock
    raises :class:`InputError`, code ``out_of_range``)."""
    response = _call(
        {
            "op": "dilution",
            "stock": _argument(stock, Concentration, "stock"),
            "target": _argument(target, Concentration, "target"),
            "final_volume": _argument(final_volume, Volume, "final_volume"),
        }
    )
    result = response["result"]
    return Dilution(
        stock_volume=_quantity(Volume, result["stock_volume"]),
        diluent_volume=_quantity(Volume, result["diluent_volume"]),
        drug_amount=_quantity(Mass, result["drug_amount"]),
        diluent=result["diluent"],
        findings=_findings(response),
        allowed=response["allowed"],
        _response=response,
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
    request: dict[str, Any] = {"op": "containers", "product": product}
    given = (("amount", amount, Mass), ("volume", volume, Volume))
    for name, value, cls in given + (("concentration", concentration, Concentration),):
        if value is not None:
            request[name] = _argument(value, cls, name)
    response = _call(request)
    result = response["result"]
    return Containers(
        product=result["product"],
        amount=_quantity(Mass, result["amount"]),
        count=result["count"],
        drawn_volume=_quantity(Volume, result["drawn_volume"]),
        waste=_quantity(Volume, result["waste"]),
        findings=_findings(response),
        allowed=response["allowed"],
        _response=response,
    )


def products() -> Products:
    """Every baclofen product itb knows, intrathecal and oral."""
    response = _call({"op": "products"})

    def optional(cls: type[_Q], data: dict[str, Any], name: str) -> _Q | None:
        return _quantity(cls, data[name]) if name in data else None

    listed = tuple(
        Product(
            id=p["id"],
            label=p["label"],
            route=p["route"],
            use=p["use"],
            concentration=optional(Concentration, p, "concentration"),
            volume=optional(Volume, p, "volume"),
            amount=optional(Mass, p, "amount"),
            source=p["source"],
        )
        for p in response["result"]["products"]
    )
    return Products(
        products=listed, findings=_findings(response), allowed=response["allowed"], _response=response
    )


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


def _float_array(values: ArrayLike, field: str) -> NDArray[np.float64]:
    array = np.atleast_1d(np.asarray(values))
    if array.dtype.kind not in "iuf":  # a bool is not a number here either
        message = f"{field}: an array of {array.dtype}; allowed: numbers (int or float)"
        raise error_for("invalid_value", message, field)
    if array.ndim != 1:
        message = f"{field}: an array of {array.ndim} dimensions; allowed: one"
        raise error_for("invalid_value", message, field)
    return array.astype(np.float64, copy=False)


def _argument(value: object, cls: type[Quantity], field: str) -> str:
    """A quantity argument, checked by the core, as protocol text: ``"0.125 mcg/day"``.

    Text, not ``{"value": 0.125, ...}``: the core reads the digits of a text with Rust's exact
    float parser, while serde_json's default number parser may land one unit in the last place
    off for 17-digit values, so the result would differ from daily_volume_array's.
    """
    v, unit, _, _ = read(value, None, cls.dimension, field)
    return f"{v!r} {unit}"


def _call(request: dict[str, Any]) -> dict[str, Any]:
    """Evaluates a request built here; an error response raises its exception."""
    response = evaluate(request)
    if not response["ok"]:
        error = response["error"]
        raise error_for(error["code"], error["message"], error["field"])
    return response


def _quantity(cls: type[_Q], data: dict[str, Any]) -> _Q:
    return cls(data["value"], data["unit"])


def _findings(response: dict[str, Any]) -> tuple[Finding, ...]:
    return tuple(
        Finding(code=f["code"], severity=f["severity"], message=f["message"], source=f["source"])
        for f in response["findings"]
    )


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
