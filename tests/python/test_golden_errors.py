"""The golden ERROR vectors through the typed functions: every case with ``expect.ok`` false
that a typed call can express raises the error :func:`itb.evaluate` answers for its request,
with the same code and field (the typed functions and the protocol share the core's checks,
in the protocol's order). Every operation a typed function expresses is covered."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import itb
import test_dosing
import test_interactions
import test_monitoring
import test_patient
import test_pharmacokinetics
import test_programming
import test_pumps
import test_schedules
import test_signs
from golden import Case, load, typed_call

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "convert": itb.convert,
    "products": itb.products,
    "daily_volume": itb.daily_volume,
    "dilution": itb.dilution,
    "containers": itb.containers,
    **test_dosing.FUNCTIONS,
    **test_pumps.FUNCTIONS,
    **test_programming.FUNCTIONS,
    **test_schedules.FUNCTIONS,
    **test_pharmacokinetics.FUNCTIONS,
    **test_signs.FUNCTIONS,
    **test_interactions.FUNCTIONS,
    **test_patient.FUNCTIONS,
    **test_monitoring.FUNCTIONS,
}



def _malformed_quantity_object(value: Any) -> bool:
    """A protocol quantity object other than ``{"value": <number>, "unit": <text>}``: JSON's own
    shape error, which no typed argument can make (a typed call takes a text or a quantity
    object)."""
    if isinstance(value, dict):
        if ("value" in value or "unit" in value) and set(value) != {"value", "unit"}:
            return True
        if set(value) == {"value", "unit"}:  # a value that is no JSON number, a unit no string
            number = isinstance(value["value"], (int, float)) and not isinstance(value["value"], bool)
            return not number or not isinstance(value["unit"], str)
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
    assert set(FUNCTIONS) - {"products"} <= ops, set(FUNCTIONS) - ops
    assert len(ERRORS) >= 150, len(ERRORS)


@pytest.mark.parametrize(("case", "args"), ERRORS, ids=[c.id for c, _ in ERRORS])
def test_error_vector_raises_what_evaluate_answers(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    expected = itb.evaluate(case.request)["error"]
    assert (expected["code"], expected["field"]) == (case.expect["error"]["code"], case.expect["error"]["field"])
    with pytest.raises(itb.ItbError) as info:
        FUNCTIONS[case.request["op"]](**args)
    assert (info.value.code, info.value.field) == (expected["code"], expected["field"])
    assert str(info.value).startswith(expected["field"] or ""), str(info.value)
