"""itb.evaluate: the protocol from Python, and hostile input that must never crash, hang, or
come back as a number without its unit."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

import itb

CONVERT = {"op": "convert", "quantity": "10 mg/20 mL", "to": "mcg/mL"}


def test_dict_str_and_bytes_give_the_same_response() -> None:
    # 10 mg / 20 mL = 500 mcg/mL
    expected = {
        "ok": True,
        "op": "convert",
        "allowed": True,
        "result": {"quantity": {"value": 500, "unit": "mcg/mL", "text": "500 mcg/mL"}},
        "findings": [],
    }
    text = json.dumps(CONVERT)
    assert itb.evaluate(CONVERT) == expected
    assert itb.evaluate(text) == expected
    assert itb.evaluate(text.encode()) == expected


def test_quantity_objects_inside_a_dict_are_written_as_value_and_unit() -> None:
    request = {"op": "daily_volume", "daily_dose": itb.DoseRate("0.5 mg/day"), "concentration": itb.Concentration(2, "mg/mL")}
    response = itb.evaluate(request)
    assert response["result"]["flow_rate"] == {"value": 0.25, "unit": "mL/day", "text": "0.25 mL/day"}


def test_numpy_numbers_inside_a_dict_are_numbers() -> None:
    import numpy as np

    request = {"op": "convert", "quantity": {"value": np.float64(2.5), "unit": "mg"}, "to": "mcg"}
    assert itb.evaluate(request)["result"]["quantity"]["value"] == 2500
    request["quantity"] = {"value": np.int64(3), "unit": "mg"}
    assert itb.evaluate(request)["result"]["quantity"]["value"] == 3000


def invalid_json(response: dict[str, Any]) -> str:
    assert response["ok"] is False
    assert response["op"] is None
    assert response["error"]["code"] == "invalid_json"
    assert response["error"]["field"] is None
    message: str = response["error"]["message"]
    return message


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_or_infinity_in_a_dict_is_invalid_json(bad: float) -> None:
    # JSON has no NaN: the request is refused whole, as the raw NaN token is in text.
    message = invalid_json(itb.evaluate({"op": "convert", "quantity": {"value": bad, "unit": "mg"}, "to": "mcg"}))
    assert "NaN or infinity" in message


def test_objects_json_cannot_hold_are_invalid_json() -> None:
    assert "set" in invalid_json(itb.evaluate({"op": "convert", "quantity": {1, 2}, "to": "mg"}))
    assert "object" in invalid_json(itb.evaluate({"op": "products", "x": object()}))


def test_a_numpy_bool_is_a_json_bool_not_a_number() -> None:
    import numpy as np

    response = itb.evaluate({"op": "convert", "quantity": np.True_, "to": "mg"})
    assert response["error"]["code"] == "invalid_value"
    assert "true is not a quantity" in response["error"]["message"]


def test_other_request_types_are_a_type_error() -> None:
    with pytest.raises(TypeError):
        itb.evaluate(["op", "products"])  # type: ignore[arg-type]


# --- hostile input ---------------------------------------------------------------------------

DEPTH = 100_000


def test_text_nested_100000_deep_is_invalid_json() -> None:
    text = '{"op": "products", "x": ' + "[" * DEPTH + "]" * DEPTH + "}"
    invalid_json(itb.evaluate(text))
    invalid_json(itb.evaluate('{"op": "products", "x": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}"))


def test_dict_nested_100000_deep_is_invalid_json() -> None:
    nested: dict[str, Any] = {}
    for _ in range(DEPTH):
        nested = {"x": nested}
    invalid_json(itb.evaluate({"op": "products", "x": nested}))


def test_one_megabyte_strings() -> None:
    big = "x" * 1_000_000
    response = itb.evaluate({"op": "convert", "quantity": big, "to": "mg"})
    assert response["error"]["code"] == "invalid_value"
    assert len(response["error"]["message"]) < 500  # the value is quoted cut short
    response = itb.evaluate({"op": "convert", "quantity": "1 mg", "to": big})
    assert response["error"]["code"] == "unit_unknown"
    assert len(response["error"]["message"]) < 500
    invalid_json(itb.evaluate(big))
    invalid_json(itb.evaluate(b"\xff" * 1_000_000))
    with pytest.raises(itb.InputError) as info:
        itb.Concentration("2" * 1_000_000 + " mg/mL")  # a number too large to be finite
    assert len(str(info.value)) < 500
    with pytest.raises(itb.ItbError) as caught:
        itb.Concentration(big)
    assert len(str(caught.value)) < 500
    with pytest.raises(itb.UnitError) as unit:
        itb.Mass("1 mg").to(big)
    assert (unit.value.code, len(str(unit.value)) < 500) == ("unit_unknown", True)


def test_digits_that_overflow_a_float() -> None:
    response = itb.evaluate({"op": "convert", "quantity": "1" + "0" * 400 + " mg", "to": "mcg"})
    assert response["error"]["code"] == "not_finite"
    response = itb.evaluate('{"op": "convert", "quantity": {"value": 1e400, "unit": "mg"}, "to": "mcg"}')
    assert response["ok"] is False


def test_1e308_mg_per_day_is_not_finite() -> None:
    # 1e308 mg/day is 1e311 mcg/day: past the largest float.
    response = itb.evaluate({"op": "convert", "quantity": "1e308 mg/day", "to": "mcg/day"})
    assert (response["error"]["code"], response["error"]["field"]) == ("not_finite", "quantity")
    response = itb.evaluate({"op": "daily_volume", "daily_dose": "1e308 mg/day", "concentration": "2 mg/mL"})
    assert response["error"]["code"] == "not_finite"


def test_invalid_utf8_and_lone_surrogates_are_invalid_json() -> None:
    assert "UTF-8" in invalid_json(itb.evaluate(b'{"op": "products", "x": "\xc3\x28"}'))
    assert "UTF-8" in invalid_json(itb.evaluate('{"op": "products", "x": "\ud800"}'))
    invalid_json(itb.evaluate({"op": "products", "x": "\ud800"}))  # written as an escape


def test_nul_and_control_characters_do_not_crash() -> None:
    response = itb.evaluate({"op": "convert", "quantity": "1\x00 mg", "to": "mcg"})
    assert response["ok"] is False
    assert itb.evaluate('{"op": "products"}\x00')["error"]["code"] == "invalid_json"


def test_every_response_quantity_has_its_unit() -> None:
    for request in (
        CONVERT,
        {"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2 mg/mL"},
        {"op": "dilution", "stock": "2 mg/mL", "target": "0.5 mg/mL", "final_volume": "20 mL"},
        {"op": "containers", "product": "itb_500mcg_20ml", "amount": "15 mg"},
    ):
        result = itb.evaluate(request)["result"]
        for value in result.values():
            if isinstance(value, dict):
                assert set(value) == {"value", "unit", "text"}
                assert value["unit"] in value["text"]
