"""itb.dask: the pandas table functions over a Dask DataFrame, computed on a local cluster of two
worker processes: the same frame as itb.pandas gives, row for row."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
itb_dask = pytest.importorskip("itb.dask")
itb_pandas = pytest.importorskip("itb.pandas")
datasets = pytest.importorskip("itb.datasets")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A client of a local cluster: two worker processes, one thread each, no dashboard."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        # the workers' own logs go to the terminal, past pytest: quiet, as the bad rows that
        # test_refill_plans_raising_names_the_row raises are logged as failed tasks
        silence_logs=logging.CRITICAL,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def frame() -> Any:
    """2000 sample refill visits (about 20 patients), bad rows among them, on an index of their
    own (the result must keep each row's label)."""
    table = datasets.refill_visits(2000, seed=1)
    table.index = table.index * 3 + 1000
    return table


def tasks_on_workers(client: Any, compute: Any) -> tuple[Any, set[str]]:
    """Runs ``compute()`` with the client's task stream on: its result, and the workers that ran
    tasks for it."""
    with distributed.get_task_stream(client) as stream:
        result = compute()
    return result, {task["worker"] for task in stream.data}


def test_the_cluster_has_two_worker_processes(client: Any) -> None:
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()


@pytest.mark.parametrize("errors", ["coerce"])
def test_refill_plans_is_the_pandas_result(client: Any, frame: Any, errors: str) -> None:
    visits = dd.from_pandas(frame, npartitions=4)
    lazy = itb_dask.refill_plans(visits, errors=errors)
    want = itb_pandas.refill_plans(frame, errors=errors)
    assert list(lazy.columns) == list(want.columns)  # worked out on an empty frame, before computing
    got, workers = tasks_on_workers(client, lazy.compute)
    assert workers and workers <= set(client.scheduler_info()["workers"])  # the cluster computed it
    # (dask turns str columns into pyarrow strings: the values are compared, not the dtypes)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_categorical=False)
    assert got["error_code"].notna().any()  # the sample's bad rows are there, coerced


def test_refill_history_is_the_pandas_result(client: Any, frame: Any) -> None:
    visits = dd.from_pandas(frame, npartitions=4)  # each patient's visits over partitions
    lazy = itb_dask.refill_history(visits, errors="coerce")
    want = itb_pandas.refill_history(frame, errors="coerce")
    got, workers = tasks_on_workers(client, lazy.compute)
    assert workers and workers <= set(client.scheduler_info()["workers"])
    assert sorted(got.index) == sorted(want.index)
    # the shuffle by patient changes the order of the patients: compare row by row
    pd.testing.assert_frame_equal(got.loc[want.index], want, check_dtype=False, check_categorical=False)
    assert got["escalation"].any() and got["over_max_residence"].notna().any()


def test_refill_plans_raising_names_the_row(client: Any, frame: Any) -> None:
    itb = pytest.importorskip("itb")
    visits = dd.from_pandas(frame, npartitions=4)
    with pytest.raises(itb.ItbError) as info:
        itb_dask.refill_plans(visits).compute()
    # the first bad row of some partition, by its table column and its own index label
    # ("concentration_mcg_per_ml[6562]")
    column, _, rest = str(info.value).partition("[")
    label = int(rest.split("]")[0])
    assert column in frame.columns and label in frame.index
    with pytest.raises(itb.ItbError):
        itb_pandas.refill_plans(frame.loc[[label]])
