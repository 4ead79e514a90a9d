"""The golden vectors through itb.evaluate: the same numbers as the Rust, C and CLI front ends."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

import pytest

import itb
from golden import GOLDEN_DIR, Case, compare_response, load

CASES = load()


def test_every_golden_file_is_loaded() -> None:
    # Every file in tests/golden must contribute cases (an empty run proves nothing).
    on_disk = {p.name for p in GOLDEN_DIR.glob("*.json")}
    files = {case.id.split(":")[0] for case in CASES}
    assert len(on_disk) >= 9
    assert files == on_disk
    assert len(CASES) >= 432


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden_case(case: Case) -> None:
    response = itb.evaluate(case.request)
    assert compare_response(case.expect, response, case.tolerance) == []


@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.request, dict)], ids=lambda c: c.id)
def test_dict_and_text_requests_agree(case: Case) -> None:
    # A dict is sent through json.dumps; its text must give the identical response.
    assert isinstance(case.request, dict)
    assert itb.evaluate(case.request) == itb.evaluate(json.dumps(case.request))


# The comparator must be able to fail, or the golden tests above prove nothing.

EXPECT = {
    "ok": True,
    "op": "daily_volume",
    "allowed": True,
    "result": {"flow_rate": {"value": 0.25, "unit": "mL/day", "text": "0.25 mL/day"}},
    "findings": [{"code": "nonstandard_concentration", "severity": "info", "source": "s"}],
}
ACTUAL = {
    "ok": True,
    "op": "daily_volume",
    "allowed": True,
    "result": {"flow_rate": {"value": 0.25, "unit": "mL/day", "text": "0.25 mL/day"}, "extra": 1},
    "findings": [{"code": "nonstandard_concentration", "severity": "info", "source": "s", "message": "m"}],
}


def test_comparator_accepts_a_match_and_extra_result_keys() -> None:
    assert compare_response(EXPECT, ACTUAL, 1e-9) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.update(ok=False),
        lambda r: r.update(allowed=1),  # a number is not a bool
        lambda r: r["result"]["flow_rate"].update(value=0.2501),
        lambda r: r["result"]["flow_rate"].update(unit="mL/h"),
        lambda r: r["result"]["flow_rate"].update(value="0.25"),
        lambda r: r["result"].pop("flow_rate"),
        lambda r: r["findings"][0].update(severity="soft"),
        lambda r: r["findings"][0].update(message=""),
        lambda r: r["findings"].append({"code": "x", "severity": "info", "source": "s", "message": "m"}),
    ],
)
def test_comparator_rejects_a_difference(mutate: Callable[[dict[str, Any]], object]) -> None:
    actual = copy.deepcopy(ACTUAL)
    mutate(actual)
    assert compare_response(EXPECT, actual, 1e-9) != []


def test_comparator_tolerance_is_relative_to_the_expected_value() -> None:
    expect = {"result": {"x": 1000.0}}
    assert compare_response(expect, {"result": {"x": 1000.0000005}}, 1e-9) == []
    assert compare_response(expect, {"result": {"x": 1000.000002}}, 1e-9) != []


def test_comparator_checks_error_code_field_and_message() -> None:
    expect = {"ok": False, "error": {"code": "zero", "field": "daily_dose", "message_contains": ["0 mcg/day"]}}
    good: dict[str, Any] = {"ok": False, "error": {"code": "zero", "field": "daily_dose", "message": "daily_dose is zero (0 mcg/day)"}}
    assert compare_response(expect, good, 1e-9) == []
    for bad in (
        {"code": "negative"},
        {"field": None},
        {"message": "daily_dose is zero"},
        {"message": ""},
    ):
        actual = copy.deepcopy(good)
        actual["error"].update(bad)
        assert compare_response(expect, actual, 1e-9) != [], bad
