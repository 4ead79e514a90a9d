"""Every error kind at the Python front end: the exception class, its protocol code, its field,
and a message naming the field, the value and what is allowed. Nothing here may crash, return
a number without its unit, or be fixed silently."""

from __future__ import annotations

import pickle
from typing import Any, Callable

import numpy as np
import pytest

import itb
from itb import Concentration, DoseRate, Duration, Mass, Volume

# (call, exception class, code, field, fragments the message must contain)
RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    # unit_required: a bare number is never a dose
    (lambda: Concentration(2), itb.UnitError, "unit_required", "concentration", ("2 has no unit", "a concentration")),
    (lambda: Concentration("2"), itb.UnitError, "unit_required", "concentration", ('"2"', "without a unit")),
    (lambda: Mass(2, ""), itb.UnitError, "unit_required", "mass", ("no unit",)),
    (lambda: itb.daily_volume(500, "2 mg/mL"), itb.UnitError, "unit_required", "daily_dose", ("500 has no unit", "a dose rate")),  # type: ignore[arg-type]
    (lambda: itb.convert(5, "mg"), itb.UnitError, "unit_required", "quantity", ("5 has no unit",)),  # type: ignore[call-overload]
    # unit_unknown
    (lambda: Concentration("2 furlongs/mL"), itb.UnitError, "unit_unknown", "concentration", ("furlongs", "allowed: mcg, mg")),
    (lambda: Mass(2, "grain"), itb.UnitError, "unit_unknown", "mass", ('"grain"', "unknown unit")),
    (lambda: Mass("2 mg").to("stone"), itb.UnitError, "unit_unknown", "unit", ('"stone"',)),
    # unit_mismatch: the message names the dimension that was expected
    (lambda: Concentration("2 mg"), itb.UnitError, "unit_mismatch", "concentration", ("mg is a mass", "not a concentration (mcg/mL")),
    (lambda: Concentration(2, "mg/day"), itb.UnitError, "unit_mismatch", "concentration", ("mg/day is a dose rate",)),
    (lambda: Concentration(Mass("2 mg")), itb.UnitError, "unit_mismatch", "concentration", ("mg is a mass",)),
    (lambda: itb.daily_volume(Mass("2 mg"), "2 mg/mL"), itb.UnitError, "unit_mismatch", "daily_dose", ("mg is a mass", "not a dose rate")),  # type: ignore[arg-type]
    (lambda: itb.dilution("2 mg/mL", "1 mg/mL", "20 mg"), itb.UnitError, "unit_mismatch", "final_volume", ("mg is a mass", "not a volume")),
    (lambda: Concentration("2 mg/mL").to("mg"), itb.UnitError, "unit_mismatch", "unit", ("mg is a mass", "not a concentration")),
    (lambda: itb.convert("2 mg", "mL"), itb.UnitError, "unit_mismatch", "to", ("mL is a volume", "not a mass")),
    # not_finite: NaN, infinity, too large to hold after conversion
    (lambda: Concentration("NaN mg/mL"), itb.InputError, "not_finite", "concentration", ("not a finite number",)),
    (lambda: Concentration(float("nan"), "mg/mL"), itb.InputError, "not_finite", "concentration", ("NaN mg/mL", "allowed: a finite number")),
    (lambda: Volume(float("inf"), "mL"), itb.InputError, "not_finite", "volume", ("inf mL",)),
    (lambda: Mass("-inf mg"), itb.InputError, "not_finite", "mass", ("not a finite number",)),
    (lambda: DoseRate("1e308 mg/day"), itb.InputError, "not_finite", "dose_rate", ("1e308 mg/day", "stays finite in every unit")),
    (lambda: itb.daily_volume("1e308 mg/day", "2 mg/mL"), itb.InputError, "not_finite", "daily_dose", ("1e308 mg/day",)),
    (lambda: Mass(10**400, "mg"), itb.InputError, "not_finite", "mass", ("allowed: a finite number",)),
    # negative
    (lambda: Mass(-1, "mg"), itb.InputError, "negative", "mass", ("-1 mg", "allowed: 0 or more")),
    (lambda: Concentration("-0.5 mg/mL"), itb.InputError, "negative", "concentration", ("-0.5 mg/mL", "allowed: 0 or more")),
    (lambda: itb.convert("-5 mg", "mcg"), itb.InputError, "negative", "quantity", ("-5 mg",)),
    (lambda: itb.dilution("2 mg/mL", "-1 mg/mL", "20 mL"), itb.InputError, "negative", "target", ("-1 mg/mL",)),
    # zero: where a rule divides by it, and a daily dose of zero
    (lambda: itb.daily_volume("0 mcg/day", "2 mg/mL"), itb.InputError, "zero", "daily_dose", ("0 mcg/day", "above 0")),
    (lambda: itb.daily_volume("500 mcg/day", "0 mg/mL"), itb.InputError, "zero", "concentration", ("0 mcg/mL",)),
    (lambda: itb.dilution("2 mg/mL", "1 mg/mL", "0 mL"), itb.InputError, "zero", "final_volume", ("0 mL", "above 0 mL")),
    (lambda: itb.containers("itb_500mcg_20ml", "0 mg"), itb.InputError, "zero", "amount", ("0 mcg",)),
    (lambda: Concentration("10 mg/0 mL"), itb.InputError, "zero", "concentration", ("container volume of zero",)),
    # out_of_range
    (lambda: itb.dilution("500 mcg/mL", "2000 mcg/mL", "20 mL"), itb.InputError, "out_of_range", "target", ("2,000 mcg/mL", "no higher than the stock")),
    (lambda: itb.containers("itb_500mcg_20ml", volume="20 mL", concentration="1 mg/mL"), itb.InputError, "out_of_range", "concentration", ("1,000 mcg/mL", "no higher than the product")),
    # invalid_value
    (lambda: Concentration(True, "mg/mL"), itb.InputError, "invalid_value", "concentration", ("True is not a quantity",)),
    (lambda: Concentration(np.bool_(True), "mg/mL"), itb.InputError, "invalid_value", "concentration", ("is not a quantity",)),  # type: ignore[arg-type]
    (lambda: Concentration(None), itb.InputError, "invalid_value", "concentration", ("None is not a quantity",)),  # type: ignore[arg-type]
    (lambda: Concentration([2], "mg/mL"), itb.InputError, "invalid_value", "concentration", ("[2] is not a quantity",)),  # type: ignore[arg-type]
    (lambda: Concentration(2, 5), itb.InputError, "invalid_value", "concentration", ("unit 5 is not a text",)),  # type: ignore[arg-type]
    (lambda: Concentration("2 mg/mL", "mg/mL"), itb.InputError, "invalid_value", "concentration", ("give the unit once",)),
    (lambda: Concentration(Concentration("2 mg/mL"), "mg/mL"), itb.InputError, "invalid_value", "concentration", ("give the unit once",)),
    (lambda: Mass("1,000 mcg"), itb.InputError, "invalid_value", "mass", ("'.' as the decimal mark",)),
    (lambda: Mass("0,5 mg"), itb.InputError, "invalid_value", "mass", ("'.' as the decimal mark",)),
    (lambda: Mass(".5 mg"), itb.InputError, "invalid_value", "mass", ("0.5, not .5",)),
    (lambda: Mass("two mg"), itb.InputError, "invalid_value", "mass", ("not a number followed by a unit",)),
    (lambda: Mass(2, "2 mg"), itb.InputError, "invalid_value", "mass", ("a unit was expected",)),
    (lambda: Mass("2 mg").to(2), itb.InputError, "invalid_value", "unit", ("unit 2 is not a text",)),  # type: ignore[arg-type]
    (lambda: itb.containers("oral_10mg_tablet", "10 mg"), itb.InputError, "invalid_value", "product", ("oral product", "itb_500mcg_20ml")),
    (lambda: itb.containers("ITB_500MCG_20ML", "10 mg"), itb.InputError, "invalid_value", "product", ("unknown product", "case-sensitive")),
    (lambda: itb.containers("itb_2000mcg_refill_kit", "10 mg"), itb.InputError, "invalid_value", "product", ("not stated",)),
    (lambda: itb.containers(42, "10 mg"), itb.InputError, "invalid_value", "product", ("42 is not a product id",)),  # type: ignore[arg-type]
    (lambda: itb.containers("itb_500mcg_20ml", "10 mg", volume="20 mL", concentration="500 mcg/mL"), itb.InputError, "invalid_value", "amount", ("not both",)),
    # missing_field
    (lambda: itb.containers("itb_500mcg_20ml"), itb.InputError, "missing_field", "amount", ("amount, or volume and concentration",)),
    (lambda: itb.containers("itb_500mcg_20ml", volume="20 mL"), itb.InputError, "missing_field", "concentration", ("required with volume",)),
]


@pytest.mark.parametrize(("call", "cls", "code", "field", "fragments"), RAISED)
def test_raises(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(cls) as info:
        call()
    error = info.value
    assert (error.code, error.field) == (code, field)
    assert isinstance(error, ValueError)
    message = str(error)
    assert message.startswith(field), message  # the message names its field first
    for fragment in fragments:
        assert fragment in message, message


def test_raised_codes_cover_every_error_a_typed_call_can_meet() -> None:
    codes = {code for _, _, code, _, _ in RAISED}
    assert codes == {
        "unit_required", "unit_unknown", "unit_mismatch", "not_finite", "negative", "zero",
        "out_of_range", "invalid_value", "missing_field",
    }  # fmt: skip


def test_exception_hierarchy() -> None:
    for cls in (itb.UnitError, itb.InputError, itb.RequestError):
        assert issubclass(cls, itb.ItbError)
    assert issubclass(itb.ItbError, ValueError)
    assert itb.UnitError.__module__ == "itb"


@pytest.mark.parametrize(
    ("code", "cls"),
    [("unknown_field", itb.RequestError), ("invalid_json", itb.RequestError), ("unknown_op", itb.RequestError),
     ("zero", itb.InputError), ("unit_mismatch", itb.UnitError), ("a_future_code", itb.ItbError)],
)  # fmt: skip
def test_error_class_for_each_code(code: str, cls: type[itb.ItbError]) -> None:
    from itb._errors import error_for

    error = error_for(code, "f: message", "f")
    assert type(error) is cls
    assert (error.code, error.field, str(error)) == (code, "f", "f: message")


def test_errors_pickle_with_code_and_field() -> None:
    with pytest.raises(itb.InputError) as info:
        Mass(-1, "mg")
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is itb.InputError
    assert (again.code, again.field, str(again)) == ("negative", "mass", str(info.value))


# Through the protocol, every error code docs/PROTOCOL.md gives these operations comes back as an
# error response (never an exception).
EVALUATED: list[tuple[Any, str, str | None]] = [
    ('{"op": "convert", ', "invalid_json", None),
    ({"op": "convert", "quantity": {"value": float("nan"), "unit": "mg"}, "to": "mcg"}, "invalid_json", None),
    ({"op": "refill"}, "unknown_op", "op"),
    ({"op": "products", "concentraton": "2 mg/mL"}, "unknown_field", "concentraton"),
    ({"op": "convert", "to": "mcg"}, "missing_field", "quantity"),
    ({"op": "convert", "quantity": 5, "to": "mcg"}, "unit_required", "quantity"),
    ({"op": "convert", "quantity": "5 grain", "to": "mcg"}, "unit_unknown", "quantity"),
    ({"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2 mg"}, "unit_mismatch", "concentration"),
    ({"op": "convert", "quantity": "1e308 mg/day", "to": "mcg/day"}, "not_finite", "quantity"),
    ({"op": "convert", "quantity": "-5 mg", "to": "mcg"}, "negative", "quantity"),
    ({"op": "daily_volume", "daily_dose": "0 mcg/day", "concentration": "2 mg/mL"}, "zero", "daily_dose"),
    ({"op": "dilution", "stock": "500 mcg/mL", "target": "2 mg/mL", "final_volume": "20 mL"}, "out_of_range", "target"),
    ({"op": "containers", "product": "nope", "amount": "10 mg"}, "invalid_value", "product"),
    ({"op": "convert", "quantity": Mass("2 mg"), "to": 5}, "invalid_value", "to"),
]


@pytest.mark.parametrize(("request_", "code", "field"), EVALUATED)
def test_evaluate_answers_an_error_response(request_: Any, code: str, field: str | None) -> None:
    response = itb.evaluate(request_)
    assert response["ok"] is False
    assert response["error"]["code"] == code
    assert response["error"]["field"] == field
    assert response["error"]["message"]
    assert set(response) == {"ok", "op", "error"}


def test_evaluate_covers_every_protocol_error_code() -> None:
    assert {code for _, code, _ in EVALUATED} == {
        "invalid_json", "unknown_op", "unknown_field", "missing_field", "unit_required",
        "unit_unknown", "unit_mismatch", "not_finite", "negative", "zero", "out_of_range",
        "invalid_value",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: itb.daily_volume("\ud800", "2 mg/mL"), "daily_dose"),
        (lambda: itb.daily_volume("500 mcg/day", Concentration("\ud800")), "concentration"),
        (lambda: itb.convert("\ud800", "mcg"), "quantity"),
        (lambda: Mass("\ud800"), "mass"),
        (lambda: itb.triage(["\ud800"]), "signs[0]"),  # type: ignore[list-item]
    ],
)
def test_a_lone_surrogate_is_an_input_error_naming_its_field(call: Callable[[], object], field: str) -> None:
    # A Python str that is no text ("\ud800") is refused like any unreadable value: never a
    # TypeError or UnicodeEncodeError naming the binding's internals.
    with pytest.raises(itb.InputError) as info:
        call()
    assert info.value.field == field
    assert "lone surrogate" in str(info.value) and "Given" not in str(info.value)
