"""The golden ERROR vectors through the typed functions: every case with ``expect.ok`` false
that a typed call can express raises the error :func:`itb.evaluate` answers for its request,
with the same code and field (the typed functions and the protocol share the core's checks,
in the protocol's order)."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import itb
import test_dosing
import test_pumps
from golden import Case, load, typed_call

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "daily_volume": itb.daily_volume,
    "dilution": itb.dilution,
    "containers": itb.containers,
    **test_dosing.FUNCTIONS,
    **test_pumps.FUNCTIONS,
}



def _malformed_quantity_object(value: Any) -> bool:
    """A protocol quantity object other than ``{"value", "unit"}``: JSON's own shape error, which
    no typed argument can make (a typed call takes a text or a quantity object)."""
    if isinstance(value, dict):
        if ("value" in value or "unit" in value) and set(value) != {"value", "unit"}:
            return True
        return any(_malformed_quantity_object(v) for v in value.values())
    if isinstance(value, list):
        return any(_malformed_quantity_object(v) for v in value)
    return False


ERRORS = [
    (case, args)
    for case in load()
    if not case.expect["ok"]
    and not _malformed_quantity_object(case.request)
    and (args := typed_call(case, FUNCTIONS)) is not None
]


def test_most_error_vectors_are_typed_calls() -> None:
    ops = {c.request["op"] for c, _ in ERRORS if isinstance(c.request, dict)}
    assert {"daily_volume", "refill_plan", "dilution"} <= ops, ops
    assert len(ERRORS) >= 150, len(ERRORS)


@pytest.mark.parametrize(("case", "args"), ERRORS, ids=[c.id for c, _ in ERRORS])
def test_error_vector_raises_what_evaluate_answers(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    expected = itb.evaluate(case.request)["error"]
    assert (expected["code"], expected["field"]) == (case.expect["error"]["code"], case.expect["error"]["field"])
    with pytest.raises(itb.ItbError) as info:
        FUNCTIONS[case.request["op"]](**args)
    if case.id in test_dosing.FIRST_OF_TWO_ERRORS:
        return  # still through JSON, with each argument checked before the request is built
    assert (info.value.code, info.value.field) == (expected["code"], expected["field"])
    assert str(info.value).startswith(expected["field"] or ""), str(info.value)
