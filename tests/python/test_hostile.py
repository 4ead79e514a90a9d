"""Hostile input through the Python front end, itb.evaluate and the typed functions: deep
nesting, 10 MB strings, invalid UTF-8, NUL characters, a byte-order mark, huge and subnormal
numbers, Unicode look-alikes, 10,000 flex steps, 1,001 PK times, the ends of the calendar, lone
surrogates, nested and circular lists, and eight threads at once. The same cases go through
Rust, C and the command line in tests/hostile and cli/tests/hostile.rs.

Every call must give a correct answer or a clean error: the right code and field, a message
of at most 2,000 bytes with no Rust panic text, a response of bounded size. Every call runs
under a hang guard. A case that shows a library bug is ``xfail(strict=True)`` with the
behaviour expected, so that the fix turns it into a failure to remove the mark."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import Any, Callable, TypeVar

import pytest

import itb

T = TypeVar("T")

#: The hang guard: a call still running after this long is reported as a hang. It is not a
#: speed check (every call here takes well under a second); it is generous so that a slow or
#: loaded machine never fails a test.
HANG_GUARD_S = 60.0
MAX_MESSAGE_BYTES = 2_000
MAX_ERROR_RESPONSE_BYTES = 4_096
PANIC_TEXT = ("panicked at", "called `Result::unwrap()`", "called `Option::unwrap()`", "RUST_BACKTRACE", "stack backtrace")
TEN_MB = 10_000_000
#: Lower case, unlike the other constants: an upper-case name in brackets reads as a source
#: tag to the check of docs/SOURCES.md (tests/repo/tests/sources_doc.rs).
big_text = "x" * TEN_MB
DEPTH = 100_000


def guarded(call: Callable[[], T]) -> T:
    """``call()`` on a thread of its own, waited for at most HANG_GUARD_S; its exception, if
    any, is raised here."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(call())
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)

    worker = threading.Thread(target=run, name="hostile call", daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    if worker.is_alive():
        pytest.fail(f"hang guard: no answer within {HANG_GUARD_S:.0f} s (a hang, not a slow answer)")
    if errors:
        raise errors[0]
    return results[0]


def short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 300 else f"{text[:300]}… ({len(text)} characters)"


def clean_message(message: str) -> None:
    assert 0 < len(message.encode()) <= MAX_MESSAGE_BYTES, f"a message of {len(message.encode())} bytes: {short(message)}"
    assert not any(p in message for p in PANIC_TEXT), short(message)


def refused(request: dict[str, Any] | str | bytes, code: str, field: str | None) -> dict[str, Any]:
    """itb.evaluate must answer ``request`` with a clean error response."""
    response = guarded(lambda: itb.evaluate(request))
    assert response["ok"] is False, short(response)
    error = response["error"]
    assert (error["code"], error["field"]) == (code, field), short(response)
    clean_message(error["message"])
    size = len(json.dumps(response, ensure_ascii=False).encode())
    assert size <= MAX_ERROR_RESPONSE_BYTES, f"an error response of {size} bytes: {short(response)}"
    return response


def answered(request: dict[str, Any] | str | bytes, max_bytes: int = 1 << 20) -> dict[str, Any]:
    response = guarded(lambda: itb.evaluate(request))
    assert response["ok"] is True, short(response)
    text = json.dumps(response, ensure_ascii=False)
    assert len(text.encode()) <= max_bytes
    assert not any(p in text for p in PANIC_TEXT)
    return response


def raises(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str | None) -> itb.ItbError:
    """A typed call must raise ``cls`` with ``code`` on ``field`` and a clean message."""
    with pytest.raises(cls) as info:
        guarded(call)
    error = info.value
    assert (error.code, error.field) == (code, field), short(error)
    clean_message(str(error))
    return error


def convert(quantity: object, to: str = "mcg") -> dict[str, Any]:
    return {"op": "convert", "quantity": quantity, "to": to}


def daily_volume(dose: object) -> dict[str, Any]:
    return {"op": "daily_volume", "daily_dose": dose, "concentration": "2 mg/mL"}


def minute(i: int) -> str:
    """The start of minute ``i`` of the day, going round the clock."""
    return f"{i // 60 % 24:02d}:{i % 60:02d}"


def nested_list(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth):
        deeper: list[Any] = []
        inner.append(deeper)
        inner = deeper
    return outer


# ----- nesting -----


@pytest.mark.parametrize(
    "text",
    [
        "[" * DEPTH + "]" * DEPTH,
        '{"a":' * DEPTH + "1" + "}" * DEPTH,
        '{"op":"convert","quantity":' + "[" * DEPTH + "]" * DEPTH + ',"to":"mcg"}',
        "[" * DEPTH,
    ],
    ids=["arrays", "objects", "in a field", "unclosed"],
)
def test_100000_levels_of_nesting_are_invalid_json(text: str) -> None:
    refused(text, "invalid_json", None)
    refused(text.encode(), "invalid_json", None)


def test_nesting_too_deep_to_write_is_invalid_json() -> None:
    # json.dumps cannot write 100,000 levels; evaluate says so, as the core does for the text.
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(DEPTH):
        inner["a"] = {}
        inner = inner["a"]
    refused(deep, "invalid_json", None)
    refused({"op": "interactions", "medications": nested_list(DEPTH)}, "invalid_json", None)


def test_deeply_nested_and_circular_lists_as_medications() -> None:
    deep = nested_list(DEPTH)
    raises(lambda: itb.interactions(deep), itb.InputError, "invalid_value", "medications[0]")
    raises(lambda: itb.interactions(["morphine", deep]), itb.InputError, "invalid_value", "medications[1]")  # type: ignore[list-item]
    raises(lambda: itb.triage(deep), itb.InputError, "invalid_value", "signs[0]")
    plan = lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", risk_factors=deep)  # noqa: E731
    raises(plan, itb.InputError, "invalid_value", "risk_factors[0]")
    circular: list[Any] = []
    circular.append(circular)
    raises(lambda: itb.interactions(circular), itb.InputError, "invalid_value", "medications[0]")
    refused({"op": "interactions", "medications": circular}, "invalid_json", None)


def test_a_request_json_cannot_write_is_refused_for_what_it_is() -> None:
    circular: list[Any] = []
    circular.append(circular)
    message = refused({"op": "interactions", "medications": circular}, "invalid_json", None)["error"]["message"]
    assert "NaN" not in message, message


# ----- 10 MB strings -----


def test_ten_megabyte_strings_through_evaluate_get_short_errors() -> None:
    refused(convert(big_text), "invalid_value", "quantity")
    refused(convert("1 " + big_text), "unit_unknown", "quantity")
    refused(convert({"value": 1, "unit": big_text}), "unit_unknown", "quantity")
    refused(convert("1 mg", big_text), "unit_unknown", "to")
    refused(convert("1" * TEN_MB + " mg"), "not_finite", "quantity")
    refused({"op": "flex_daily_dose", "steps": [{"start": big_text, "rate": "10 mcg/h"}]}, "invalid_value", "steps[0].start")
    refused({"op": "interactions", "medications": [big_text]}, "invalid_value", "medications[0]")
    refused({"op": "convert", "quantity": "1 mg", "to": "mcg", "extra": big_text}, "unknown_field", "extra")
    refused(big_text, "invalid_json", None)


def test_ten_megabyte_strings_through_typed_functions_get_short_errors() -> None:
    raises(lambda: itb.Mass("1 " + big_text), itb.UnitError, "unit_unknown", "mass")
    raises(lambda: itb.Mass(1, big_text), itb.UnitError, "unit_unknown", "mass")
    raises(lambda: itb.convert("1 mg", big_text), itb.UnitError, "unit_unknown", "to")
    raises(lambda: itb.daily_volume("500 " + big_text, "2 mg/mL"), itb.UnitError, "unit_unknown", "daily_dose")
    raises(lambda: itb.refill_plan(big_text, "2000 mcg/mL", "500 mcg/day"), itb.InputError, "invalid_value", "pump")  # type: ignore[arg-type]
    risks = lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", risk_factors=[big_text])  # type: ignore[list-item]  # noqa: E731
    raises(risks, itb.InputError, "invalid_value", "risk_factors[0]")
    raises(lambda: itb.triage([big_text]), itb.InputError, "invalid_value", "signs[0]")  # type: ignore[list-item]
    raises(lambda: itb.signs(big_text), itb.InputError, "invalid_value", "list")  # type: ignore[arg-type]
    raises(lambda: itb.monitoring_plan(big_text), itb.InputError, "invalid_value", "phase")  # type: ignore[arg-type]
    raises(lambda: itb.patient_check(route=big_text), itb.InputError, "invalid_value", "route")  # type: ignore[arg-type]
    raises(lambda: itb.interactions([big_text]), itb.InputError, "invalid_value", "medications[0]")
    raises(lambda: itb.flex_daily_dose([(big_text, "10 mcg/h")]), itb.InputError, "invalid_value", "steps[0].start")


@pytest.mark.parametrize(
    ("request_", "code", "field"),
    [
        ({"op": big_text}, "unknown_op", "op"),
        ({"op": "screening_plan", "profile": big_text}, "invalid_value", "profile"),
        ({"op": "containers", "product": big_text, "amount": "10 mg"}, "invalid_value", "product"),
        ({"op": "signs", "list": big_text}, "invalid_value", "list"),
        ({"op": "titrate", "profile": "us", "current_daily_dose": "200 mcg/day", "change_percent": big_text, "origin": "spinal", "phase": "titration"}, "invalid_value", "change_percent"),
        ({"op": "convert", "quantity": "1 mg", "to": "mcg", big_text: 1}, "unknown_field", "x"),
    ],
    ids=["op", "profile", "product", "list", "a text for a number", "a key"],
)
def test_ten_megabyte_ids_through_evaluate_get_short_errors(request_: dict[str, Any], code: str, field: str) -> None:
    response = guarded(lambda: itb.evaluate(request_))
    assert len(json.dumps(response).encode()) <= MAX_ERROR_RESPONSE_BYTES, "the response is bounded"
    assert response["error"]["code"] == code
    assert response["error"]["field"].startswith(field) or field.startswith(response["error"]["field"])
    clean_message(response["error"]["message"])


@pytest.mark.parametrize(
    ("call", "code", "field"),
    [
        (lambda: itb.containers(big_text, "10 mg"), "invalid_value", "product"),
        (lambda: itb.flex_daily_dose([{"start": "00:00", "rate": "20 mcg/h", big_text: 1}]), "unknown_field", "steps[0]."),
        (lambda: itb.refill_plan({"reservoir": "20 mL", "low_alarm": "2 mL", big_text: 1}, "2000 mcg/mL", "500 mcg/day"), "unknown_field", "pump."),
    ],
    ids=["product", "a flex step key", "a custom pump key"],
)
def test_ten_megabyte_ids_through_typed_functions_get_short_errors(call: Callable[[], object], code: str, field: str) -> None:
    with pytest.raises(itb.ItbError) as info:
        guarded(call)
    assert info.value.code == code
    assert info.value.field is not None and info.value.field.startswith(field)
    assert len(info.value.field) <= 200, "the field is cut short too"
    clean_message(str(info.value))


# ----- bytes, NUL, byte-order mark -----


@pytest.mark.parametrize(
    "data",
    [
        b'{"op":"products","x":"\xff\xfe"}',
        b'{"op":"conv\x80ert"}',
        b'{"op":"products","x":"\xc0\xaf"}',
        b'{"op":"products","x":"\xed\xa0\x80"}',
        b'{"op":"products"}\xe2\x82',
        b'{"op":"convert","quantity":"500 \xb5g","to":"mcg"}',
        b'\xff\xfe{\x00"\x00o\x00p\x00"\x00',
        b"{" + b"\xff" * TEN_MB,
    ],
    ids=["ff fe", "continuation", "overlong", "encoded surrogate", "truncated", "latin-1 micro", "utf-16", "10 MB"],
)
def test_invalid_utf8_bytes_are_invalid_json(data: bytes) -> None:
    refused(data, "invalid_json", None)


def test_a_lone_surrogate_in_a_request_text_is_invalid_json() -> None:
    refused('{"op":"products","x":"\ud800"}', "invalid_json", None)
    refused({"op": "convert", "quantity": "1 mg\ud800", "to": "mcg"}, "invalid_json", None)


def test_nul_characters() -> None:
    # In a dict, json.dumps writes NUL as the escape \u0000: a character like any other.
    refused(convert("1\x00 mg"), "unit_unknown", "quantity")
    refused({"op": "screening_plan", "profile": "us\x00"}, "invalid_value", "profile")
    refused({"op": "convert\x00", "quantity": "1 mg", "to": "mcg"}, "unknown_op", "op")
    # Raw in the text, it is a control character JSON does not allow.
    refused('{"op":"convert","quantity":"1\x00 mg","to":"mcg"}', "invalid_json", None)
    refused(b'{"op":"products"}\x00', "invalid_json", None)
    raises(lambda: itb.Mass("1\x00 mg"), itb.UnitError, "unit_unknown", "mass")
    raises(lambda: itb.Mass(1, "mg\x00"), itb.UnitError, "unit_unknown", "mass")
    check = guarded(lambda: itb.interactions(["morphine\x00"]))
    assert check.unrecognised == ("morphine\x00",)


def test_a_byte_order_mark_is_accepted() -> None:
    assert answered(b'\xef\xbb\xbf{"op":"products"}')["op"] == "products"
    response = answered('\ufeff{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}')
    assert response["result"]["flow_rate"]["text"] == "0.25 mL/day"
    refused('\ufeff\ufeff{"op":"products"}', "invalid_json", None)
    refused(' \ufeff{"op":"products"}', "invalid_json", None)


# ----- numbers -----


def test_huge_numbers_are_out_of_range_or_not_finite() -> None:
    hundred_digits = 10**99
    refused(daily_volume({"value": 1e308, "unit": "mcg/day"}), "out_of_range", "daily_dose")
    refused(daily_volume("1e300 mcg/day"), "out_of_range", "daily_dose")
    refused(daily_volume({"value": hundred_digits, "unit": "mcg/day"}), "out_of_range", "daily_dose")
    refused(daily_volume(f"{hundred_digits} mcg/day"), "out_of_range", "daily_dose")
    refused(daily_volume("1e308 mg/day"), "not_finite", "daily_dose")
    refused(daily_volume("1e309 mcg/day"), "not_finite", "daily_dose")
    refused(daily_volume("1" + "0" * 9_999 + " mcg/day"), "not_finite", "daily_dose")
    # A JSON number past the range of a float cannot be read: the text is refused, as a raw
    # Infinity is. From a dict, json.dumps refuses it first (float("1e309") is inf; an int of
    # 10,001 digits is past Python's own limit for writing one).
    refused('{"op":"daily_volume","daily_dose":{"value":1e309,"unit":"mcg/day"},"concentration":"2 mg/mL"}', "invalid_json", None)
    refused(daily_volume({"value": float("1e309"), "unit": "mcg/day"}), "invalid_json", None)
    refused(daily_volume({"value": 10**10_000, "unit": "mcg/day"}), "invalid_json", None)
    # Typed: a quantity holds any finite number; the operation checks its range.
    raises(lambda: itb.daily_volume(itb.DoseRate(10**100, "mcg/day"), "2 mg/mL"), itb.InputError, "out_of_range", "daily_dose")
    raises(lambda: itb.daily_volume("1e308 mg/day", "2 mg/mL"), itb.InputError, "not_finite", "daily_dose")
    raises(lambda: itb.DoseRate(10**10_000, "mcg/day"), itb.InputError, "not_finite", "dose_rate")
    raises(lambda: itb.DoseRate("1" + "0" * 9_999 + " mcg/day"), itb.InputError, "not_finite", "dose_rate")


def test_subnormal_values_are_out_of_range() -> None:
    refused(daily_volume("5e-320 mcg/day"), "out_of_range", "daily_dose")
    refused(daily_volume({"value": 5e-320, "unit": "mcg/day"}), "out_of_range", "daily_dose")
    refused(daily_volume("-5e-320 mcg/day"), "negative", "daily_dose")
    raises(lambda: itb.daily_volume("5e-320 mcg/day", "2 mg/mL"), itb.InputError, "out_of_range", "daily_dose")
    raises(lambda: itb.daily_volume(itb.DoseRate(5e-320, "mcg/day"), "2 mg/mL"), itb.InputError, "out_of_range", "daily_dose")


def test_values_that_underflow_are_out_of_range() -> None:
    raises(lambda: itb.convert("1e-400 mg", "mcg"), itb.InputError, "out_of_range", "quantity")


# ----- Unicode -----


@pytest.mark.parametrize("micro", ["\u00b5", "\u03bc"], ids=["micro sign", "greek mu"])
def test_micro_signs_are_mcg(micro: str) -> None:
    assert guarded(lambda: itb.Mass(f"500 {micro}g")) == itb.Mass("500 mcg")
    assert guarded(lambda: itb.Mass(500, f"{micro}g")) == itb.Mass("500 mcg")
    assert guarded(lambda: itb.Mass("0.5 mg").to(f"{micro}g")) == 500
    response = answered(convert({"value": 500, "unit": f"{micro}g"}, "mg"))
    assert response["result"]["quantity"]["text"] == "0.5 mg"


@pytest.mark.parametrize(
    "unit",
    ["\u338d", "\u338e", "\uff4d\uff47", "\uff2d\uff23\uff27", "\u043cg", "\u039cG", "mg\u200b", "\u202emg", "mcg\u0301"],
    ids=["square mu g", "square mg", "fullwidth mg", "fullwidth MCG", "cyrillic em", "greek capital mu", "zero-width space", "rtl override", "combining acute"],
)
def test_unit_look_alikes_are_unknown(unit: str) -> None:
    refused(convert(f"500 {unit}"), "unit_unknown", "quantity")
    raises(lambda: itb.Mass(f"500 {unit}"), itb.UnitError, "unit_unknown", "mass")
    raises(lambda: itb.Mass(500, unit), itb.UnitError, "unit_unknown", "mass")


@pytest.mark.parametrize(
    "number",
    ["\uff15\uff10\uff10", "\u0665\u0660\u0660", "\u06f5\u06f0\u06f0", "\u096b\u0966\u0966", "\u2075\u2070\u2070", "\u00bd"],
    ids=["fullwidth", "arabic-indic", "extended arabic-indic", "devanagari", "superscript", "vulgar half"],
)
def test_digit_look_alikes_are_not_numbers(number: str) -> None:
    refused(convert(f"{number} mcg"), "invalid_value", "quantity")
    raises(lambda: itb.Mass(f"{number} mcg"), itb.InputError, "invalid_value", "mass")
    raises(lambda: itb.daily_volume(f"{number} mcg/day", "2 mg/mL"), itb.InputError, "invalid_value", "daily_dose")


# ----- long lists -----


def test_ten_thousand_flex_steps() -> None:
    # No count is set for flex steps, but starts are HH:MM and strictly increasing: a day
    # holds 1,440, and step 1,440 is the first to come round the clock.
    steps = [(minute(i), "20 mcg/h") for i in range(10_000)]
    raises(lambda: itb.flex_daily_dose(steps), itb.InputError, "invalid_value", "steps[1440].start")
    plan = lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", steps=steps)  # noqa: E731
    raises(plan, itb.InputError, "invalid_value", "steps[1440].start")
    refused({"op": "flex_daily_dose", "steps": [{"start": s, "rate": r} for s, r in steps]}, "invalid_value", "steps[1440].start")
    day = steps[:1_440]
    dose = guarded(lambda: itb.flex_daily_dose(day))
    assert dose.daily_dose.to("mcg/day") == pytest.approx(480, rel=1e-9)
    assert len(dose.steps) == 1_440
    refill = guarded(lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", steps=day))
    assert "too_many_steps" in [f.code for f in refill.findings]


def test_pk_time_points_are_limited_to_1000() -> None:
    times = [f"{i} min" for i in range(1_001)]
    profile = guarded(lambda: itb.pk_profile(times[:1_000], bolus="50 mcg"))
    assert len(profile.points) == 1_000
    raises(lambda: itb.pk_profile(times, bolus="50 mcg"), itb.InputError, "out_of_range", "times")
    refused({"op": "pk_profile", "bolus": "50 mcg", "times": times}, "out_of_range", "times")
    answered({"op": "pk_profile", "daily_dose": "500 mcg/day", "times": times[:1_000]})


# ----- calendar ends -----


def plan_at(refill_at: dt.date, fill_volume: str | None = None) -> itb.RefillPlan:
    return guarded(lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", fill_volume=fill_volume, refill_at=refill_at))


def test_refill_dates_at_the_ends_of_the_calendar() -> None:
    # Year 1 is not a leap year: 0001-01-01 + 72 days is 14 March, + 65 days 7 March.
    first = plan_at(dt.date.min)
    assert (first.alarm_at, first.due_at) == (dt.date(1, 3, 14), dt.date(1, 3, 7))
    edge = plan_at(dt.date.max - dt.timedelta(days=72))
    assert (edge.alarm_at, edge.due_at) == (dt.date.max, dt.date(9999, 12, 24))
    for last in (dt.date.max, dt.datetime.max, dt.datetime.max.replace(tzinfo=dt.timezone.utc), dt.date.max - dt.timedelta(days=71)):
        error = raises(lambda: plan_at(last), itb.InputError, "out_of_range", "refill_at")
        assert "9999-12-31" in str(error)


@pytest.mark.parametrize(
    ("refill_at", "fill_volume"),
    [
        (dt.date.min, "2.1 mL"),  # due 6.6 days before 0001-01-01
        (dt.datetime.min, "2.1 mL"),
        (dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14))), None),  # 0000-12-31 in UTC
    ],
    ids=["date.min overdue", "datetime.min overdue", "datetime.min at +14:00"],
)
def test_a_date_before_the_calendar_is_not_said_to_be_past_its_end(refill_at: dt.date, fill_volume: str | None) -> None:
    try:
        plan_at(refill_at, fill_volume)
    except itb.InputError as e:
        assert (e.code, e.field) == ("out_of_range", "refill_at")
        assert "9999-12-31" not in str(e), str(e)


# ----- lone surrogates -----


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: itb.Mass("5 \ud800"), "mass"),
        (lambda: itb.daily_volume("500 \ud800", "2 mg/mL"), "daily_dose"),
        (lambda: itb.daily_volume("500 mcg/day", "2000 mcg/mL\ud800"), "concentration"),
        (lambda: itb.interactions(["morphine", "\ud800"]), "medications[1]"),
        (lambda: itb.triage(["coma\ud800"]), "signs[0]"),  # type: ignore[list-item]
        (lambda: itb.night_boost("500 mcg/day", 10, "2\ud800:00", "06:00"), "effect_start"),
        (lambda: itb.pk_profile(["1 \ud800"], bolus="50 mcg"), "times[0]"),
        (lambda: itb.refill_plan("synchromed\ud800", "2000 mcg/mL", "500 mcg/day"), "pump"),  # type: ignore[arg-type]
        (lambda: itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", risk_factors=["\ud800"]), "risk_factors[0]"),  # type: ignore[list-item]
    ],
    ids=["Mass text", "dose", "concentration", "medication", "sign", "time", "pk time", "pump", "risk factor"],
)
def test_a_lone_surrogate_is_an_input_error_naming_its_field(call: Callable[[], object], field: str) -> None:
    raises(call, itb.InputError, "invalid_value", field)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: itb.Mass(5, "\ud800"), "mass"),
        (lambda: itb.Concentration(2, "mg/\ud800mL"), "concentration"),
        (lambda: itb.convert("1 mg", "\ud800"), "to"),
        (lambda: itb.Mass("1 mg").to("\ud800"), "unit"),
        (lambda: itb.flex_daily_dose([("0\ud800:00", "10 mcg/h")]), "steps[0].start"),
    ],
    ids=["Mass unit", "Concentration unit", "convert to", "Quantity.to", "flex start"],
)
def test_a_lone_surrogate_in_a_unit_or_time_is_an_input_error(call: Callable[[], object], field: str) -> None:
    raises(call, itb.InputError, "invalid_value", field)


# ----- threads -----

THREAD_REQUESTS: list[dict[str, Any] | str | bytes] = [
    {"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2 mg/mL"},
    {"op": "refill_plan", "pump": "synchromed_ii_20", "concentration": "2000 mcg/mL", "daily_dose": "500 mcg/day"},
    {"op": "pk_profile", "bolus": "50 mcg", "times": [f"{i} min" for i in range(100)]},
    {"op": "flex_daily_dose", "steps": [{"start": minute(i), "rate": "20 mcg/h"} for i in range(0, 1_440, 10)]},
    convert("500 \u00b5g", "mg"),
    convert("\uff15\uff10\uff10 mcg"),
    convert("1 " + "x" * 100_000),
    daily_volume("5e-320 mcg/day"),
    "[" * DEPTH + "]" * DEPTH,
    b'{"op":"products","x":"\xff"}',
    '\ufeff{"op":"products"}',
    '{"op":"products","x":"\ud800"}',
]


def test_eight_threads_for_five_seconds_get_identical_answers() -> None:
    expected = [json.dumps(itb.evaluate(r), sort_keys=True) for r in THREAD_REQUESTS]
    deadline = time.monotonic() + 5.0
    rounds = [0] * 8
    mismatches: list[str] = []

    def worker(n: int) -> None:
        while time.monotonic() < deadline:
            for request, want in zip(THREAD_REQUESTS, expected):
                got = json.dumps(itb.evaluate(request), sort_keys=True)
                if got != want:
                    mismatches.append(f"thread {n}: {short(request)}: {short(got)}")
            rounds[n] += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(HANG_GUARD_S)
    assert not any(t.is_alive() for t in threads), "hang guard: a thread still runs"
    assert not mismatches, "\n".join(mismatches[:10])
    assert all(r >= 1 for r in rounds), rounds
