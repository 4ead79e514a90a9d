"""Column functions: the core's operations over whole tables of records, at numpy speed.

Each function takes columns (numpy arrays, pandas Series, lists) and returns a dict of numpy
arrays, one per output, each in the unit its name gives (``flow_rate_ml_per_day``), so
``pandas.DataFrame(result)`` is a table. Every row is one call of the core's typed operation, run
in Rust without the GIL and split over the cores: a row's numbers and findings are exactly the
scalar function's (:func:`itb.refill_plan` and the others).

A quantity column gives its unit explicitly, in one of three ways::

    itb.columns.daily_volume((doses, "mcg/day"), (concentrations, "mg/mL"))  # numbers and a unit
    itb.columns.daily_volume(["500 mcg/day", "0.2 mg/day"], "2 mg/mL")       # texts, read by the core
    itb.columns.daily_volume((doses, "mcg/day"), itb.Concentration("2 mg/mL"))  # one for all rows

A bare column of numbers is refused (:class:`itb.UnitError`): a bare number is never a dose.
One value (a text, a quantity, or a column of length one) is broadcast to every row; every other
column has one value per row. Plain numbers whose name says their unit (``change_percent``,
``age_years``, ``hours_since_start``) are given as numbers. ``pump`` is one pump (an id or an
:class:`itb.CustomPump`) or a column of catalogued pump ids, one per row.

Bad rows, ``errors=``:

- ``"raise"`` (the default): the first bad row raises the scalar function's error, naming its
  column and row (``daily_dose[3]: ...``).
- ``"coerce"``: a bad row gets NaN in its numbers (NaT in its dates), ``allowed`` False, and its
  error code and message in the ``error_code`` and ``error`` columns (None on good rows); the
  good rows are computed as usual.

A missing value (NaN, None, pandas' NA or NaT) is a bad row (``missing_field``), never a zero.
A column is never cast: a column of texts holding a number, or of numbers holding a text, is
refused whole, naming the first cell that does not belong.

Every result has ``findings`` (each row's finding codes, comma-separated, ``""`` for none) and
``allowed`` (False when a hard finding was raised, or the row was bad). Use the scalar function
on a row to read its findings' messages, sources and limits.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Mapping
from typing import Any, Literal, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._arguments import id_
from ._errors import error_for
from ._pumps import CustomPump, Pump, _native_pump
from ._quantities import Quantity, show

__all__ = [
    "Errors",
    "QuantityColumn",
    "NumberColumn",
    "PumpColumn",
    "DateColumn",
    "daily_volume",
    "refill_plan",
    "reconcile",
    "bridge_bolus",
    "titrate",
    "programming_check",
    "convert",
    "dose_change",
]

#: How bad rows are handled: see the module's documentation.
Errors = Union[Literal["raise"], Literal["coerce"]]

#: A quantity column: ``(numbers, unit)``, texts with their units, or one quantity or text.
QuantityColumn = Union[Quantity, str, tuple[ArrayLike, str], ArrayLike]
#: A column of plain numbers whose argument name says the unit, or one number.
NumberColumn = Union[float, ArrayLike]
#: One pump, or a column of catalogued pump ids.
PumpColumn = Union[Pump, ArrayLike]
#: One date, or a column of dates (numpy ``datetime64``, pandas datetimes, ``datetime.date``).
DateColumn = Union[dt.date, ArrayLike]

#: The columns as the native module takes them.
_Native = Union[tuple[NDArray[np.float64], str], NDArray[np.float64], list[object]]


def _coerce(errors: object) -> bool:
    if errors == "raise":
        return False
    if errors == "coerce":
        return True
    message = f"errors: {show(errors)} is not allowed; allowed: raise, coerce"
    raise error_for("invalid_value", message, "errors")


def _cells(values: object) -> list[object]:
    """The cells of a column as a list (pandas' missing markers kept for the core to see)."""
    tolist = getattr(values, "tolist", None)
    if callable(tolist):
        cells = tolist()
        return cells if isinstance(cells, list) else [cells]
    if isinstance(values, (list, tuple)):
        return list(values)
    return list(np.atleast_1d(np.asarray(values, dtype=object)))


def _is_texts(values: object) -> bool:
    """A column of texts: numpy ``str`` or ``object``, or pandas ``string`` or ``object``."""
    dtype = getattr(values, "dtype", None)
    if dtype is None:
        values = np.asarray(values, dtype=object) if isinstance(values, (list, tuple)) else values
        dtype = getattr(values, "dtype", None)
        if dtype is not None and dtype.kind == "O":
            cells = np.asarray(values, dtype=object).ravel()
            # Texts, or nothing but missing values (a column of texts with none given).
            return any(isinstance(v, str) for v in cells) or all(v is None for v in cells)
    return dtype is not None and (dtype.kind in "OUS" or getattr(dtype, "name", "") == "string")


def _floats(values: object, field: str) -> NDArray[np.float64]:
    """A one-dimensional float64 array of the numbers of a column; a missing value (None,
    pandas NA) is NaN, which the core reports as missing. A bool or a text is refused."""
    to_numpy = getattr(values, "to_numpy", None)
    dtype = getattr(values, "dtype", None)
    if callable(to_numpy) and dtype is not None and getattr(dtype, "kind", "O") in "iuf":
        # pandas, nullable dtypes included: NA becomes NaN.
        array = np.asarray(to_numpy(dtype="float64", na_value=np.nan))
    else:
        array = np.atleast_1d(np.asarray(values))
    if array.ndim != 1:
        message = f"{field}: a column of {array.ndim} dimensions; allowed: one"
        raise error_for("invalid_value", message, field)
    if array.dtype.kind == "O":
        return _object_floats(array, field)
    if array.dtype.kind not in "iuf":
        message = f"{field}: a column of {array.dtype}; allowed: numbers (int or float)"
        raise error_for("invalid_value", message, field)
    return array.astype(np.float64, copy=False)


def _object_floats(array: NDArray[Any], field: str) -> NDArray[np.float64]:
    """An object column of numbers and missing values; anything else is refused, naming it."""
    out = np.empty(array.shape, dtype=np.float64)
    for i, v in enumerate(array):
        if v is None or type(v).__name__ in ("NAType", "NaTType"):
            out[i] = np.nan
        elif isinstance(v, numbers.Real) and not isinstance(v, bool):
            out[i] = float(v)
        else:
            message = (
                f"{show(v)} ({type(v).__name__}) in a column of numbers; a column holds numbers "
                "with one unit, or texts, never both"
            )
            raise error_for("invalid_value", f"{field}[{i}]: {message}", f"{field}[{i}]")
    return out


def _quantities(value: object, field: str) -> _Native:
    """A quantity column as the native module takes it."""
    if isinstance(value, Quantity):
        return (np.array([value.value]), value.unit)
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        return (_floats(value[0], field), value[1])
    if _is_texts(value):
        return _cells(value)
    message = (
        f"{field}: a column of bare numbers has no unit; a bare number is never a dose. Give "
        "(numbers, unit) such as (doses, 'mcg/day'), or texts such as '500 mcg/day'"
    )
    raise error_for("unit_required", message, field)


def _optional(value: object, field: str) -> _Native | None:
    return None if value is None else _quantities(value, field)


def _numbers(value: object, field: str) -> NDArray[np.float64]:
    """A column of plain numbers (the argument's name says the unit), or one number."""
    if isinstance(value, bool) or isinstance(value, str) or isinstance(value, Quantity):
        message = f"{field}: {show(value)} is not a number; the name says the unit"
        raise error_for("invalid_value", message, field)
    return _floats(value, field)


#: A pump column as the native module takes it.
_NativePumps = Union[str, tuple[float, float, float, bool], tuple[NDArray[np.int64], list[object]], list[object]]


def _pumps(value: object) -> _NativePumps:
    """One pump, or a column of pump ids: a pandas column coded by its own ``factorize`` (a
    code per row into its distinct ids, −1 for a missing one), so each id is read once."""
    if isinstance(value, (str, CustomPump, Mapping)):
        return _native_pump(value)
    factorize = getattr(value, "factorize", None)
    if callable(factorize):
        codes, ids = factorize()
        return (np.asarray(codes, dtype=np.int64), list(ids))
    return _cells(value)


def daily_volume(
    daily_dose: QuantityColumn,
    concentration: QuantityColumn,
    *,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.daily_volume` of every row: ``flow_rate_ml_per_day``, ``findings``,
    ``allowed`` (and with ``errors="coerce"``, ``error_code`` and ``error``)."""
    return _decoded(
        _native.daily_volume_columns(
            _quantities(daily_dose, "daily_dose"),
            _quantities(concentration, "concentration"),
            _coerce(errors),
        )
    )


def refill_plan(
    pump: PumpColumn,
    concentration: QuantityColumn,
    daily_dose: QuantityColumn,
    *,
    fill_volume: QuantityColumn | None = None,
    alarm_volume: QuantityColumn | None = None,
    max_residence: QuantityColumn | None = None,
    lead_time: QuantityColumn | None = None,
    refill_date: DateColumn | None = None,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.refill_plan` of every row (a daily dose per row; the defaults of the scalar
    function for what is left None): ``flow_rate_ml_per_day``, ``days_to_alarm``,
    ``earliest_alarm_days``, ``days_to_empty``, ``refill_due_days``, ``drug_amount_mcg``,
    ``daily_dose_mcg_per_day``, ``findings``, ``allowed``.

    With ``refill_date`` (one date, or one per row: ``datetime64`` days, pandas datetimes at
    midnight, or ``datetime.date``), also ``alarm_date``, ``earliest_alarm_date``,
    ``empty_date`` and ``due_date`` (``datetime64[D]``): the refill date plus the whole days,
    rounded down as the scalar function rounds them, so a date is never later than the exact
    time. A missing refill date is a bad row; a date with a time of day is refused.
    """
    return _decoded(
        _refill_plan(
            pump,
            concentration,
            daily_dose,
            fill_volume=fill_volume,
            alarm_volume=alarm_volume,
            max_residence=max_residence,
            lead_time=lead_time,
            refill_date=refill_date,
            errors=errors,
        )
    )


def _refill_plan(
    pump: PumpColumn,
    concentration: QuantityColumn,
    daily_dose: QuantityColumn,
    *,
    fill_volume: QuantityColumn | None,
    alarm_volume: QuantityColumn | None,
    max_residence: QuantityColumn | None,
    lead_time: QuantityColumn | None,
    refill_date: DateColumn | None,
    errors: Errors,
) -> dict[str, Any]:
    """:func:`refill_plan` with its findings and error codes still coded (see :func:`_decoded`)."""
    coerce = _coerce(errors)
    dates = None if refill_date is None else _dates(refill_date, "refill_date")
    result = dict(
        _native.refill_plan_columns(
            _pumps(pump),
            _quantities(concentration, "concentration"),
            _quantities(daily_dose, "daily_dose"),
            _optional(fill_volume, "fill_volume"),
            _optional(alarm_volume, "alarm_volume"),
            _optional(max_residence, "max_residence"),
            _optional(lead_time, "lead_time"),
            None if dates is None else dates.view(np.int64),
            coerce,
        )
    )
    # With refill dates, the native module gives each date as a day number (NaN on a bad row).
    days = {name: result.pop(f"{name}_whole_days") for name in _DATES}
    if dates is None:
        return result
    findings, allowed = result.pop("findings"), result.pop("allowed")
    errors_: dict[str, Any] = {k: result.pop(k) for k in ("error_code", "error") if k in result}
    for name in _DATES:
        numbers = days[name]
        day = np.full(numbers.shape, np.iinfo(np.int64).min, dtype=np.int64)  # NaT
        known = ~np.isnan(numbers)
        day[known] = numbers[known].astype(np.int64)
        result[f"{name}_date"] = day.view("datetime64[D]")
    result["findings"], result["allowed"] = findings, allowed
    result.update(errors_)
    return result


def _object_dates(array: NDArray[Any], field: str) -> NDArray[np.datetime64]:
    """An object column of dates (``datetime.date``, ``datetime``, numpy or pandas dates) and
    missing values."""
    out = np.empty(array.shape, dtype="datetime64[us]")
    for i, v in enumerate(array):
        if v is None or (isinstance(v, float) and np.isnan(v)) or type(v).__name__ in ("NAType", "NaTType"):
            out[i] = np.datetime64("NaT")
        elif isinstance(v, dt.datetime) and v.tzinfo is not None:
            message = f"{field}[{i}]: {v} has a time zone; allowed: dates (without a time zone)"
            raise error_for("invalid_value", message, f"{field}[{i}]")
        elif isinstance(v, (dt.date, np.datetime64)):
            out[i] = np.datetime64(v, "us") if not isinstance(v, np.datetime64) else v
        else:
            message = f"{field}[{i}]: {show(v)} ({type(v).__name__}) is not a date"
            raise error_for("invalid_value", message, f"{field}[{i}]")
    return out


#: The dates of a refill plan, by the whole-days column each is counted from.
_DATES = ("alarm", "earliest_alarm", "empty", "due")


def _dates(value: object, field: str) -> NDArray[np.datetime64]:
    """Days as ``datetime64[D]`` (NaT for a missing date: None, NaN, pandas' NA or NaT); a
    time of day, or a time zone, is refused."""
    if getattr(getattr(value, "dtype", None), "tz", None) is not None:
        message = f"{field}: dates with a time zone; allowed: dates (without a time zone)"
        raise error_for("invalid_value", message, field)
    if isinstance(value, dt.date):
        value = [value]
    to_numpy = getattr(value, "to_numpy", None)
    array = np.atleast_1d(np.asarray(to_numpy() if callable(to_numpy) else value))
    if array.dtype.kind == "O":
        array = _object_dates(array, field)
    if array.dtype.kind != "M" or array.ndim != 1:
        message = f"{field}: a column of {array.dtype}; allowed: dates (datetime64 or datetime.date)"
        raise error_for("invalid_value", message, field)
    days = array.astype("datetime64[D]")
    timed = np.flatnonzero(~np.isnat(array) & (days != array))
    if timed.size:
        i = int(timed[0])
        message = f"{field}[{i}]: {array[i]} has a time of day; allowed: dates (midnight)"
        raise error_for("invalid_value", message, f"{field}[{i}]")
    return days


#: A coded column as the native module gives it: a category code per row (−1: none) into a list
#: of texts. Rows with the same findings share one text; pandas takes it as a Categorical.
Coded = tuple[NDArray[np.int32], list[str]]


def _decoded(result: Mapping[str, Any]) -> dict[str, NDArray[Any]]:
    """The result with its coded columns (``findings``, ``error_code``) as arrays of texts
    (None where a row has no code)."""
    out = dict(result)
    for name in ("findings", "error_code"):
        if name in out:
            codes, names = out[name]
            out[name] = np.array([*names, None], dtype=object)[codes]
    return out


def reconcile(
    fill_volume: QuantityColumn,
    elapsed: QuantityColumn,
    aspirated_volume: QuantityColumn,
    *,
    daily_dose: QuantityColumn | None = None,
    concentration: QuantityColumn | None = None,
    flow_rate: QuantityColumn | None = None,
    threshold: QuantityColumn | None = None,
    pump: PumpColumn | None = None,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.reconcile` of every row, the programmed delivery as ``daily_dose`` and
    ``concentration`` or as ``flow_rate`` (exactly one): ``flow_rate_ml_per_day``,
    ``expected_volume_ml``, ``discrepancy_ml``, ``implied_flow_rate_ml_per_day``,
    ``delivery_error_percent``, ``findings``, ``allowed``."""
    return _decoded(
        _reconcile(
            fill_volume,
            elapsed,
            aspirated_volume,
            daily_dose=daily_dose,
            concentration=concentration,
            flow_rate=flow_rate,
            threshold=threshold,
            pump=pump,
            errors=errors,
        )
    )


def _reconcile(
    fill_volume: QuantityColumn,
    elapsed: QuantityColumn,
    aspirated_volume: QuantityColumn,
    *,
    daily_dose: QuantityColumn | None,
    concentration: QuantityColumn | None,
    flow_rate: QuantityColumn | None,
    threshold: QuantityColumn | None,
    pump: PumpColumn | None,
    errors: Errors,
) -> dict[str, Any]:
    """:func:`reconcile` with its findings and error codes still coded (see :func:`_decoded`)."""
    coerce = _coerce(errors)
    if flow_rate is not None and (daily_dose is not None or concentration is not None):
        message = "flow_rate: give flow_rate, or daily_dose and concentration, not both"
        raise error_for("invalid_value", message, "flow_rate")
    if flow_rate is None and (daily_dose is None or concentration is None):
        missing = "concentration" if daily_dose is not None else "daily_dose"
        message = f"{missing}: required: daily_dose and concentration, or flow_rate"
        raise error_for("missing_field", message, missing)
    return dict(
        _native.reconcile_columns(
            _quantities(fill_volume, "fill_volume"),
            _quantities(elapsed, "elapsed"),
            _quantities(aspirated_volume, "aspirated_volume"),
            _optional(daily_dose, "daily_dose"),
            _optional(concentration, "concentration"),
            _optional(flow_rate, "flow_rate"),
            _optional(threshold, "threshold"),
            None if pump is None else _pumps(pump),
            coerce,
        )
    )


def bridge_bolus(
    old_concentration: QuantityColumn,
    new_concentration: QuantityColumn,
    daily_dose: QuantityColumn,
    dead_space: QuantityColumn,
    *,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.bridge_bolus` of every row: ``required`` (bool; False on a bad row),
    ``old_flow_rate_ml_per_day``, ``new_flow_rate_ml_per_day``, ``bridge_duration_hours``,
    ``unbridged_daily_dose_mcg_per_day``, ``unbridged_duration_hours``, ``findings``,
    ``allowed``."""
    result = _decoded(
        _native.bridge_bolus_columns(
            _quantities(old_concentration, "old_concentration"),
            _quantities(new_concentration, "new_concentration"),
            _quantities(daily_dose, "daily_dose"),
            _quantities(dead_space, "dead_space"),
            _coerce(errors),
        )
    )
    result["required"] = result["required"] == 1.0
    return result


def titrate(
    profile: str,
    current_daily_dose: QuantityColumn,
    change_percent: NumberColumn,
    origin: str,
    phase: str,
    *,
    age_years: NumberColumn | None = None,
    pump_programmable: bool | None = None,
    hours_since_last_change: NumberColumn | None = None,
    hours_since_start: NumberColumn | None = None,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.titrate` of every row: one ``profile``, ``origin`` and ``phase`` for all
    rows; ``new_daily_dose_mcg_per_day``, ``findings``, ``allowed``."""
    return _decoded(
        _titrate(
            profile,
            current_daily_dose,
            change_percent,
            origin,
            phase,
            age_years=age_years,
            pump_programmable=pump_programmable,
            hours_since_last_change=hours_since_last_change,
            hours_since_start=hours_since_start,
            errors=errors,
        )
    )


def _titrate(
    profile: str,
    current_daily_dose: QuantityColumn,
    change_percent: NumberColumn,
    origin: str,
    phase: str,
    *,
    age_years: NumberColumn | None,
    pump_programmable: bool | None,
    hours_since_last_change: NumberColumn | None,
    hours_since_start: NumberColumn | None,
    errors: Errors,
) -> dict[str, Any]:
    """:func:`titrate` with its findings and error codes still coded (see :func:`_decoded`)."""
    coerce = _coerce(errors)
    profile = id_(profile, "profile", ("us", "uk"))
    if pump_programmable is not None and not isinstance(pump_programmable, bool):
        message = f"pump_programmable: {show(pump_programmable)} is not a bool"
        raise error_for("invalid_value", message, "pump_programmable")

    def optional(value: object, field: str) -> NDArray[np.float64] | None:
        return None if value is None else _numbers(value, field)

    return dict(
        _native.titrate_columns(
            profile,
            _quantities(current_daily_dose, "current_daily_dose"),
            _numbers(change_percent, "change_percent"),
            origin,
            phase,
            optional(age_years, "age_years"),
            pump_programmable,
            optional(hours_since_last_change, "hours_since_last_change"),
            optional(hours_since_start, "hours_since_start"),
            coerce,
        )
    )


def programming_check(
    programmed_daily_dose: QuantityColumn,
    programmed_concentration: QuantityColumn,
    reservoir_concentration: QuantityColumn,
    *,
    errors: Errors = "raise",
) -> dict[str, NDArray[Any]]:
    """:func:`itb.programming_check` of every row: ``flow_rate_ml_per_day``,
    ``delivered_daily_dose_mcg_per_day``, ``dose_ratio`` (a plain number), ``findings``,
    ``allowed``."""
    return _decoded(
        _native.programming_check_columns(
            _quantities(programmed_daily_dose, "programmed_daily_dose"),
            _quantities(programmed_concentration, "programmed_concentration"),
            _quantities(reservoir_concentration, "reservoir_concentration"),
            _coerce(errors),
        )
    )


def convert(
    values: QuantityColumn,
    to: str,
    *,
    field: str = "values",
    errors: Errors = "raise",
) -> NDArray[np.float64]:
    """Every row's quantity as a number in the unit ``to``, read and checked by the core as the
    scalar functions read a quantity of that dimension (a text's own unit, or the column's), and
    converted by the core (exact to 12 significant digits): ``convert(["2 mg/mL", "500
    mcg/mL"], "mcg/mL")`` is ``[2000, 500]``. A bad row raises naming ``field`` and the row, or
    with ``errors="coerce"`` is NaN."""
    if not isinstance(to, str):
        raise error_for("invalid_value", f"to: {show(to)} is not a unit text", "to")
    result = _native.convert_column(_quantities(values, field), to, field, _coerce(errors))
    converted: NDArray[np.float64] = result["value"]
    return converted


def dose_change(
    current_daily_dose: QuantityColumn,
    new_daily_dose: QuantityColumn,
    *,
    errors: Errors = "raise",
) -> NDArray[np.float64]:
    """The change from each current to each new daily dose, in percent, as :func:`titrate`
    takes it: (new / current − 1) × 100, snapped by the core, so 100 → 130 mcg/day is exactly
    30 (not 30.000000000000004, which would cross a 30 % limit). Both doses above zero."""
    result = _native.change_percent_columns(
        _quantities(current_daily_dose, "current_daily_dose"),
        _quantities(new_daily_dose, "new_daily_dose"),
        _coerce(errors),
    )
    change: NDArray[np.float64] = result["change_percent"]
    return change
