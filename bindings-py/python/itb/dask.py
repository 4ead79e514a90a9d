"""The same table functions over a Dask DataFrame, past one machine.

Needs the ``dask`` extra (``pip install itb-baclofen[dask]``; add ``distributed`` for a cluster).
Each function runs :mod:`itb.pandas` on every partition (``map_partitions``), with the result's
columns and types worked out once on an empty frame, so the result is the pandas path's, partition
by partition::

    import dask.dataframe as dd
    visits = dd.read_parquet("visits/")
    plans = itb.dask.refill_plans(visits, errors="coerce").compute()

:func:`refill_history` needs every visit of a patient in one partition: it shuffles the visits on
the patient column first (skip that with ``shuffle=False`` when the partitions are already by
patient), and sorts each partition by patient and date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from . import pandas as itb_pandas
from .columns import Errors

try:
    import dask.dataframe as dd
except ImportError as _missing:  # pragma: no cover - the extra is not installed
    raise ImportError("itb.dask needs dask: pip install itb-baclofen[dask]") from _missing

__all__ = ["refill_plans", "refill_history"]


def refill_plans(
    visits: dd.DataFrame,
    columns: Mapping[str, str | tuple[str, str]] | None = None,
    *,
    errors: Errors = "raise",
) -> dd.DataFrame:
    """:func:`itb.pandas.refill_plans` of every partition."""
    arguments: dict[str, Any] = {"columns": columns, "errors": errors}
    meta = itb_pandas.refill_plans(visits._meta, **arguments)
    # dask's map_partitions is untyped: the result is a Dask DataFrame of meta's columns.
    plans = visits.map_partitions(itb_pandas.refill_plans, meta=meta, **arguments)  # type: ignore[no-untyped-call]
    return cast(dd.DataFrame, plans)


def refill_history(
    visits: dd.DataFrame,
    columns: Mapping[str, str | tuple[str, str]] | None = None,
    *,
    profile: str = "us",
    origin: str = "spinal",
    errors: Errors = "raise",
    shuffle: bool = True,
) -> dd.DataFrame:
    """:func:`itb.pandas.refill_history` of every partition, after putting each patient's visits
    in one partition (``shuffle``)."""
    arguments: dict[str, Any] = {"columns": columns, "profile": profile, "origin": origin, "errors": errors}
    patient = dict(itb_pandas.DEFAULT_COLUMNS, **(columns or {}))["patient_id"]
    if shuffle:
        visits = visits.shuffle(on=patient)
    meta = itb_pandas.refill_history(visits._meta, **arguments)
    history = visits.map_partitions(itb_pandas.refill_history, meta=meta, **arguments)  # type: ignore[no-untyped-call]
    return cast(dd.DataFrame, history)
