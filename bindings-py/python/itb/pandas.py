"""pandas in and out: refill plans and refill-visit histories of whole DataFrames.

Needs the ``pandas`` extra (``pip install itb-baclofen[pandas]``). A pyarrow ``Table`` works
wherever a DataFrame does, and gives a ``Table`` back.

A table holds one row per refill visit. By default its columns are those of
:func:`itb.datasets.refill_visits`, their units in their names:

=========================== ==========================================================
``patient_id``              the patient
``pump``                    the catalogued pump id (``synchromed_ii_20``...)
``concentration_mcg_per_ml`` the concentration filled, in mcg/mL
``daily_dose_mcg_per_day``  the daily dose programmed at the visit, in mcg/day
``fill_volume_ml``          the volume filled, in mL
``refill_date``             the day of the visit
``aspirated_volume_ml``     the residual drawn out at the visit, before the refill, in mL
=========================== ==========================================================

``columns=`` maps an argument to another column: a column of texts (``"2 mg/mL"``, read by the
core, with their units) by its name, a column of numbers as ``(name, unit)``::

    itb.pandas.refill_plans(df, columns={"concentration": ("conc", "mg/mL"), "daily_dose": "dose"})

Every number is computed by the core (:mod:`itb.columns`), row by row as the scalar functions
compute it. Errors: as in :mod:`itb.columns`, with the row named by its index label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

import numpy as np

from . import _native, columns
from ._errors import ItbError, error_for
from ._quantities import show

try:
    import pandas as pd
except ImportError as _missing:  # pragma: no cover - the extra is not installed
    raise ImportError("itb.pandas needs pandas: pip install itb-baclofen[pandas]") from _missing

__all__ = ["DEFAULT_COLUMNS", "refill_plans", "refill_history"]

#: Where each argument is read from by default: a column name (texts, pump ids, dates), or a
#: column name and the unit of its numbers.
DEFAULT_COLUMNS: Mapping[str, str | tuple[str, str]] = {
    "patient_id": "patient_id",
    "pump": "pump",
    "concentration": ("concentration_mcg_per_ml", "mcg/mL"),
    "daily_dose": ("daily_dose_mcg_per_day", "mcg/day"),
    "fill_volume": ("fill_volume_ml", "mL"),
    "refill_date": "refill_date",
    "aspirated_volume": ("aspirated_volume_ml", "mL"),
}

#: A pandas DataFrame, or a pyarrow Table: the result is of the same type.
_Table = TypeVar("_Table")
_Source = Union[str, tuple[str, str]]


def refill_plans(
    table: _Table,
    columns: Mapping[str, _Source] | None = None,
    *,
    errors: columns.Errors = "raise",
) -> _Table:
    """The table with the refill plan of each row beside its columns (:func:`itb.columns.refill_plan`:
    flow, days to the alarm, earliest alarm, days to empty, refill due, drug amount, the dates
    when a refill date column is there, ``findings``, ``allowed``; coercing, ``error_code`` and
    ``error``). Reads ``pump``, ``concentration``, ``daily_dose``, and when present
    ``fill_volume`` (else the full reservoir), ``alarm_volume``, ``max_residence``,
    ``lead_time`` and ``refill_date``."""
    df, back = _frame(table)
    plan, _ = _plan(df, _sources(columns), errors)
    return cast(_Table, back(_beside(df, plan)))


def refill_history(
    table: _Table,
    columns: Mapping[str, _Source] | None = None,
    *,
    profile: str = "us",
    origin: str = "spinal",
    errors: columns.Errors = "raise",
) -> _Table:
    """The refill-visit analysis, per patient, sorted by refill date: each visit's refill plan
    (as :func:`refill_plans`), and for every visit after a patient's first, what the interval
    since the previous visit shows:

    - ``elapsed_days``, and the previous visit's refill reconciled against this visit's
      aspirated residual (:func:`itb.reconcile` with the previous fill, dose, concentration and
      pump): ``expected_volume_ml``, ``discrepancy_ml``, ``implied_flow_rate_ml_per_day``,
      ``delivery_error_percent``, ``reconcile_findings``;
    - the dose change from the previous visit, checked as a maintenance change under ``profile``
      and ``origin`` (:func:`itb.titrate`, with the hours since the previous visit):
      ``dose_change_percent``, ``titration_findings`` (empty when the dose did not change), and
      ``escalation``: the change raised ``sudden_escalation`` ("a sudden requirement for
      substantial dose escalation is indicative of a catheter complication ... or pump
      malfunction", 001 Administration/Delivery regimen);
    - ``late_after_alarm`` and ``late_after_empty``: this visit fell after the previous plan's
      alarm date, or after its empty date;
    - ``over_max_residence``: the drug stayed in the pump longer than the core's limit
      (``itb._native.DEFAULT_MAX_RESIDENCE_DAYS``, 180 days) since the previous refill.

    A patient's first visit has NA in these. ``visit_error_code`` and ``visit_error`` hold why an
    interval could not be checked (a bad row on either side), when coercing.
    """
    df, back = _frame(table)
    sources = _sources(columns)
    for needed in ("patient_id", "refill_date", "aspirated_volume"):
        _column(df, sources, needed)
    df = _sorted(df, sources)
    plan, doses = _plan(df, sources, errors)
    history = _intervals(df, sources, plan, doses, profile, origin, errors)
    return cast(_Table, back(_beside(df, pd.concat([plan, history], axis=1))))


def _frame(table: Any) -> tuple[pd.DataFrame, Any]:
    """The table as a DataFrame, and how to give the result back in the caller's type."""
    if isinstance(table, pd.DataFrame):
        return table, lambda df: df
    if type(table).__module__.startswith("pyarrow") and hasattr(table, "to_pandas"):
        # Back through the table's own class: pyarrow itself is never imported here.
        table_type = type(table)
        return table.to_pandas(), lambda df: table_type.from_pandas(df, preserve_index=False)
    message = f"table: {show(table)} is not a pandas DataFrame or a pyarrow Table"
    raise error_for("invalid_value", message, "table")


def _sources(columns: Mapping[str, _Source] | None) -> dict[str, _Source]:
    sources = dict(DEFAULT_COLUMNS)
    for argument, source in (columns or {}).items():
        if not (isinstance(source, str) or (isinstance(source, tuple) and len(source) == 2)):
            message = f"columns[{argument!r}]: {show(source)}; allowed: a column name, or (name, unit)"
            raise error_for("invalid_value", message, f"columns[{argument!r}]")
        sources[argument] = source
    return sources


def _column(df: pd.DataFrame, sources: Mapping[str, _Source], argument: str) -> Any:
    """The column an argument is read from: a Series, or ``(Series, unit)``."""
    source = sources[argument]
    name = source if isinstance(source, str) else source[0]
    if name not in df.columns:
        message = f"no column {name!r} in the table (for {argument}); its columns: {', '.join(map(str, df.columns))}"
        raise error_for("missing_field", message, argument)
    return df[name] if isinstance(source, str) else (df[name], source[1])


def _optional(df: pd.DataFrame, sources: Mapping[str, _Source], argument: str) -> Any:
    """The column of an optional argument, when the table has it."""
    source = sources.get(argument)
    if source is None or (source if isinstance(source, str) else source[0]) not in df.columns:
        return None
    return _column(df, sources, argument)


def _plan(df: pd.DataFrame, sources: Mapping[str, _Source], errors: columns.Errors) -> tuple[pd.DataFrame, Any]:
    """The refill plan of every row, as columns on the table's index, and each row's daily dose
    in mcg/day as the core read it (NaN on a bad row)."""

    def read(argument: str) -> Any:
        return _column(df, sources, argument)

    def optional(argument: str) -> Any:
        return _optional(df, sources, argument)

    arguments = {
        name: optional(name) for name in ("fill_volume", "alarm_volume", "max_residence", "lead_time")
    }
    plan = _labelled(
        df,
        sources,
        lambda: columns._refill_plan(
            read("pump"),
            read("concentration"),
            read("daily_dose"),
            refill_date=optional("refill_date"),
            errors=errors,
            **arguments,
        ),
    )
    doses = plan["daily_dose_mcg_per_day"]
    if "daily_dose_mcg_per_day" in df.columns:
        # The plan's daily dose is the row's own, in mcg/day: the table has it already.
        del plan["daily_dose_mcg_per_day"]
    return _as_frame(plan, df.index), doses


def _as_frame(result: Mapping[str, Any], index: pd.Index) -> pd.DataFrame:
    """A column function's result on the table's index: coded columns (findings, error codes)
    as Categoricals, messages as objects, bools with NA where the row was bad."""
    columns_ = dict(result)
    bad = None
    for name in ("findings", "error_code"):
        if name in columns_:
            columns_[name] = _categorical(columns_[name])
    messages = columns_.pop("error", None)
    if "error_code" in columns_:
        bad = columns_["error_code"].codes >= 0
        for name in ("allowed", "required"):
            if name in columns_:
                columns_[name] = pd.arrays.BooleanArray(columns_[name].astype(bool), bad)
    frame = pd.DataFrame(columns_, index=index, copy=False)
    if messages is not None:
        # Objects (mostly None), not pandas' str: no conversion of a million cells.
        frame["error"] = pd.Series(_unindexed(messages), index=index, dtype=object)
    return frame


def _categorical(coded: columns.Coded) -> pd.Categorical:
    """A coded column (a code per row into a list of texts, −1 for none) as a Categorical."""
    codes, names = coded
    return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object))


_ROW = re.compile(r"^(?P<argument>[a-z_]+)\[(?P<row>\d+)\]")


def _labelled(df: pd.DataFrame, sources: Mapping[str, _Source], call: Any) -> Any:
    """Runs a column function; its error names the row by position (``daily_dose[3]``), which
    becomes the table's column and index label (``daily_dose_mcg_per_day[17]``)."""
    try:
        return call()
    except ItbError as e:
        raise _at_label(e, df.index, sources) from None


def _at_label(e: ItbError, labels: Any, sources: Mapping[str, _Source]) -> ItbError:
    """The error of a column function, its row named by the table's column and index label."""
    found = _ROW.match(e.field or "")
    if found is None:
        return e
    source = sources.get(found["argument"], found["argument"])
    column = source if isinstance(source, str) else source[0]
    field = f"{column}[{labels[int(found['row'])]}]"
    return type(e)(_ROW.sub(lambda m: field, str(e), count=1), e.code, field)


def _sorted(df: pd.DataFrame, sources: Mapping[str, _Source]) -> pd.DataFrame:
    """The visits per patient by date (a stable sort: visits on one day keep their order)."""
    patient, date = _column(df, sources, "patient_id"), _column(df, sources, "refill_date")
    keys = pd.DataFrame({"p": patient.to_numpy(), "d": date.to_numpy()})
    ordered = (keys["p"].shift() <= keys["p"]) | (keys.index == 0)
    same = keys["p"].shift() == keys["p"]
    if bool(ordered.all()) and bool(((keys["d"].shift() <= keys["d"]) | ~same).all()):
        return df
    order = keys.sort_values(["p", "d"], kind="stable").index.to_numpy()
    return df.iloc[order]


def _intervals(
    df: pd.DataFrame,
    sources: Mapping[str, _Source],
    plan: pd.DataFrame,
    doses: Any,
    profile: str,
    origin: str,
    errors: columns.Errors,
) -> pd.DataFrame:
    """What each interval between two visits of a patient shows, on the later visit's row."""
    patient = _column(df, sources, "patient_id")
    later = (patient == patient.shift()).to_numpy(dtype=bool, na_value=False)
    rows = np.flatnonzero(later)  # the later visit of each interval; rows - 1 the earlier
    dates = columns._dates(_column(df, sources, "refill_date"), "refill_date")
    elapsed = (dates[rows] - dates[rows - 1]).astype("timedelta64[D]").astype(np.float64)
    out = pd.DataFrame(index=df.index)
    out["elapsed_days"] = _spread(len(df), rows, elapsed)
    visit = _Interval(df, sources, rows, errors)
    reconciled = visit.reconcile(elapsed)
    titrated, change = visit.titrate(doses, elapsed, profile, origin)
    for name in ("expected_volume_ml", "discrepancy_ml", "implied_flow_rate_ml_per_day", "delivery_error_percent"):
        out[name] = _spread(len(df), rows, reconciled[name])
    out["reconcile_findings"] = _spread_coded(len(df), rows, reconciled["findings"])
    out["dose_change_percent"] = _spread(len(df), rows, change)
    out["titration_findings"] = _spread_coded(len(df), rows, titrated)
    codes, names = titrated
    escalated = np.array(["sudden_escalation" in name.split(",") for name in names] + [False])
    out["escalation"] = _flags(len(df), rows, escalated[codes], known=codes >= 0)
    for when in ("alarm", "empty"):
        if f"{when}_date" in plan:
            before = plan[f"{when}_date"].to_numpy()[rows - 1]
            late = dates[rows] > before
            out[f"late_after_{when}"] = _flags(len(df), rows, late, known=~np.isnat(before))
    limit = float(_native.DEFAULT_MAX_RESIDENCE_DAYS)
    out["over_max_residence"] = _flags(len(df), rows, elapsed > limit)
    if errors == "coerce":
        out["visit_error_code"] = _spread_coded(len(df), rows, reconciled["error_code"])
        messages = _spread(len(df), rows, _unindexed(reconciled["error"]), None)
        out["visit_error"] = pd.Series(messages, index=df.index, dtype=object)
    return out


class _Interval:
    """The columns of the earlier and the later visit of each interval."""

    def __init__(self, df: pd.DataFrame, sources: Mapping[str, _Source], rows: Any, errors: columns.Errors) -> None:
        self.df, self.sources, self.rows, self.errors_mode = df, sources, rows, errors

    def at(self, argument: str, rows: Any) -> Any:
        """An argument's column at some rows (a Series, or ``(numbers, unit)``)."""
        column = _column(self.df, self.sources, argument)
        if isinstance(column, tuple):
            return (column[0].to_numpy()[rows], column[1])
        return column.to_numpy()[rows]

    def reconcile(self, elapsed: Any) -> dict[str, Any]:
        before = self.rows - 1
        fill = _optional(self.df, self.sources, "fill_volume")
        pump = self.at("pump", before)
        if fill is None:  # filled to the reservoir: the previous plan's fill is the reservoir
            message = "refill_history needs the volume filled at each visit (fill_volume)"
            raise error_for("missing_field", message, "fill_volume")
        return self._call(
            lambda: columns._reconcile(
                self.at("fill_volume", before),
                (elapsed, "day"),
                self.at("aspirated_volume", self.rows),
                daily_dose=self.at("daily_dose", before),
                concentration=self.at("concentration", before),
                flow_rate=None,
                threshold=None,
                pump=pump,
                errors=self.errors_mode,
            )
        )

    def titrate(self, doses: Any, elapsed: Any, profile: str, origin: str) -> tuple[columns.Coded, Any]:
        """The findings of each dose change (coded; empty when the dose did not change, none
        when a dose is bad), and the change in percent (NaN: unknown). ``doses``: each row's
        daily dose in mcg/day as its plan read it (NaN on a bad row, whose plan has the error)."""
        current_mcg, new_mcg = doses[self.rows - 1], doses[self.rows]
        # NaN where a dose is bad (its row's plan has the error); else the core's change.
        change = columns.dose_change((current_mcg, "mcg/day"), (new_mcg, "mcg/day"), errors="coerce")
        codes = np.full(len(self.rows), -1, dtype=np.int32)
        names: list[str] = [""]
        codes[change == 0.0] = 0
        changed = np.flatnonzero(np.isfinite(change) & (change != 0.0))
        if changed.size:
            titrated = columns._titrate(
                profile,
                (current_mcg[changed], "mcg/day"),
                change[changed],
                origin,
                "maintenance",
                age_years=None,
                pump_programmable=None,
                hours_since_last_change=elapsed[changed] * 24.0,
                hours_since_start=None,
                errors="coerce",
            )
            found, found_names = titrated["findings"]
            bad = titrated["error_code"][0] >= 0
            # The titration's names after the "" of the unchanged doses, each once.
            where = {name: i for i, name in enumerate(names)}
            remap = np.array([where.setdefault(name, len(where)) for name in found_names], dtype=np.int32)
            names = list(where)
            codes[changed] = np.where(bad, -1, remap[found] if found.size else found)
        return (codes, names), change

    def _call(self, call: Any) -> dict[str, Any]:
        """Runs a column function over the intervals; its error names the later visit's row."""
        try:
            return dict(call())
        except ItbError as e:
            err = _at_label(e, self.df.index[self.rows], self.sources)
            message = f"{err} (checking the interval from the visit before)"
            raise type(err)(message, err.code, err.field) from None


def _unindexed(messages: Any) -> Any:
    """Messages of bad rows, each on its own row: the row number of the column function
    (``daily_dose[3]``) is dropped, the argument kept."""
    out = np.array(messages, dtype=object)
    for i in np.flatnonzero(out != None):  # noqa: E711 (elementwise on objects)
        out[i] = _ROW.sub(lambda m: m["argument"], out[i], count=1)
    return out


def _spread_coded(n: int, rows: Any, coded: columns.Coded) -> pd.Categorical:
    """A coded column of the later visits as a Categorical on every row (NA on each patient's
    first)."""
    codes, names = coded
    out = np.full(n, -1, dtype=np.int32)
    out[rows] = codes
    return _categorical((out, names))


def _spread(n: int, rows: Any, values: Any, missing: Any = np.nan) -> Any:
    """Values of the later visits, on every row (``missing`` on each patient's first)."""
    values = np.asarray(values)
    out = np.full(n, missing, dtype=values.dtype if missing is not None else object)
    if missing is not None and values.dtype.kind == "f":
        out = np.full(n, np.nan)
    out[rows] = values
    return out


def _flags(n: int, rows: Any, values: Any, known: Any = None) -> pd.arrays.BooleanArray:
    """Flags of the later visits, NA on each patient's first (and where ``known`` is False)."""
    data = np.zeros(n, dtype=bool)
    mask = np.ones(n, dtype=bool)
    data[rows] = values
    mask[rows] = False if known is None else ~known
    return pd.arrays.BooleanArray(data, mask)


def _beside(df: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The table with the new columns beside its own (a column of the same name is refused)."""
    clash = [name for name in new.columns if name in df.columns]
    if clash:
        message = f"the table already has a column {clash[0]!r}, which the result would replace"
        raise error_for("invalid_value", message, clash[0])
    return pd.concat([df, new], axis=1)
