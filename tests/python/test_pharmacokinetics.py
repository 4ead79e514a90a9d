"""pk_profile (protocol version 2) through the Python API: hand-worked CSF concentrations, the
finding, the errors, the result object, and the golden vectors through the typed function.

Worked by hand from the model of docs/PROTOCOL.md (002 Clinical Pharmacology: CSF half-life
1.51 h, clearance 30 mL/h, lumbar:cisternal about 4:1): k = ln 2 / half-life; V = clearance /
k; a bolus B: C(t) = B / V × e^(−k t); an infusion R: C(t) = R / clearance × (1 − e^(−k t)),
steady state R / clearance, 90 % of it at ln 10 / k; cisternal = lumbar / 4. model_estimate
(info) always.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
from typing import Any, Callable

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import Concentration, Duration, Mass

V = 30 * 1.51 / math.log(2)  # mL: the default volume, clearance / (ln 2 / half-life) = 65.35 mL
T90 = 1.51 * math.log(10) / math.log(2)  # h: ln 10 / k = 5.016 h
REL = 1e-11  # the core gives 12 significant digits


def lumbar(p: itb.PkProfile) -> list[float]:
    return [x.lumbar.to("mcg/mL") for x in p.points]


def test_a_bolus_halves_each_half_life() -> None:
    # 100 mcg in 65.35 mL: 1.530 mcg/mL at 0 h, half of it at 1.51 h, a quarter at 3.02 h, and
    # 2^(−1.5/1.51) of it at 90 min
    p = itb.pk_profile(["0 h", "1.51 h", Duration("3.02 h"), "90 min"], bolus="100 mcg")
    c0 = 100 / V
    assert lumbar(p) == pytest.approx([c0, c0 / 2, c0 / 4, c0 * 2 ** (-1.5 / 1.51)], rel=REL)
    assert [x.cisternal.to("mcg/mL") for x in p.points] == pytest.approx([c / 4 for c in lumbar(p)], rel=REL)
    assert [x.time.to("h") for x in p.points] == [0, 1.51, 3.02, 1.5]
    assert {(x.time.unit, x.lumbar.unit, x.cisternal.unit) for x in p.points} == {("h", "mcg/mL", "mcg/mL")}
    assert p.volume.to("mL") == pytest.approx(V, rel=REL)
    assert p.volume.unit == "mL"
    assert (p.steady_state, p.time_to_90_percent) == (None, None)  # a bolus has no steady state


def test_an_infusion_approaches_its_steady_state() -> None:
    # 720 mcg/day = 30 mcg/h at 30 mL/h: 1 mcg/mL at steady state; half of it one half-life in,
    # 90 % at ln 10 / k = 5.016 h
    p = itb.pk_profile(["0 h", "1.51 h", f"{T90} h", "1 day"], daily_dose="720 mcg/day")
    assert lumbar(p) == pytest.approx([0, 0.5, 0.9, 1 - 2 ** (-24 / 1.51)], rel=REL, abs=1e-12)
    assert p.steady_state is not None and p.time_to_90_percent is not None
    assert (p.steady_state, p.steady_state.unit) == (Concentration("1 mcg/mL"), "mcg/mL")
    assert p.time_to_90_percent.to("h") == pytest.approx(T90, rel=REL)
    assert p.time_to_90_percent.unit == "h"
    assert p.points[3].time == Duration("24 h")


def test_the_points_come_in_the_order_asked() -> None:
    p = itb.pk_profile(["2 h", "0 h", "30 min"], bolus=Mass("0.1 mg"))
    assert [x.time.to("h") for x in p.points] == [2, 0, 0.5]
    assert lumbar(p) == pytest.approx([100 / V * 2 ** (-2 / 1.51), 100 / V, 100 / V * 2 ** (-0.5 / 1.51)], rel=REL)


def test_a_half_life_and_clearance_of_ones_own() -> None:
    # half-life 2 h, 1 mL/min = 60 mL/h: V = 60 × 2 / ln 2 = 173.1 mL; 1 mg at 2 h: 1000 / V / 2
    p = itb.pk_profile(["2 h"], bolus="1 mg", half_life="2 h", clearance="1 mL/min")
    volume = 60 * 2 / math.log(2)
    assert p.volume.to("mL") == pytest.approx(volume, rel=REL)
    assert lumbar(p) == pytest.approx([1000 / volume / 2], rel=REL)
    (f,) = p.findings
    assert f.subject == Duration("2 h")  # the half-life the model used


def test_model_estimate_is_always_raised() -> None:
    for p in (itb.pk_profile(["0 h"], bolus="100 mcg"), itb.pk_profile(["0 h"], daily_dose="500 mcg/day")):
        (f,) = p.findings
        assert (f.code, f.severity, f.source, f.subject, f.limit) == ("model_estimate", "info", "002 Clinical Pharmacology", Duration("1.51 h"), None)
        assert f.message and p.allowed is True


def test_a_thousand_times_are_allowed() -> None:
    p = itb.pk_profile([f"{i} min" for i in range(1000)], daily_dose="720 mcg/day")
    assert len(p.points) == 1000
    assert p.points[999].time.to("h") == pytest.approx(999 / 60, rel=REL)


REQUESTS = [
    (lambda: itb.pk_profile(["0 h", "1.51 h", "4 h"], bolus="100 mcg"), {"op": "pk_profile", "bolus": "100 mcg", "times": ["0 h", "1.51 h", "4 h"]}),
    (lambda: itb.pk_profile(("0 h", Duration("90 min")), daily_dose="500 mcg/day", half_life="90 min", clearance="0.5 mL/min"),
     {"op": "pk_profile", "daily_dose": "500 mcg/day", "times": ["0 h", "90 min"], "half_life": "90 min", "clearance": "0.5 mL/min"}),
]  # fmt: skip


@pytest.mark.parametrize(("call", "request_"), REQUESTS)
def test_to_dict_is_the_protocol_response(call: Callable[[], Any], request_: dict[str, Any]) -> None:
    # a bolus's response has no steady state keys; an infusion's has both
    result = call()
    assert result.to_dict() == itb.evaluate(request_)
    keys = set(result.to_dict()["result"])
    infusion = "daily_dose" in request_
    assert keys == {"volume", "points"} | ({"steady_state", "time_to_90_percent"} if infusion else set())


def test_the_profile_is_frozen_readable_and_picklable() -> None:
    p = itb.pk_profile(["0 h", "1.51 h"], daily_dose="720 mcg/day")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.volume = p.volume  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.points[0].lumbar = Concentration("1 mcg/mL")  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(p)) == p
    assert repr(p).startswith("PkProfile(volume=Volume(")
    assert "PkPoint(time=Duration('1.51 h'), lumbar=Concentration('0.5 mcg/mL'), cisternal=Concentration('0.125 mcg/mL'))" in repr(p)


# --- errors --------------------------------------------------------------------------------------

RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    # exactly one of bolus and daily_dose, as the protocol
    (lambda: itb.pk_profile(["0 h"], bolus="100 mcg", daily_dose="500 mcg/day"), itb.InputError, "invalid_value", "daily_dose", ("not both",)),
    (lambda: itb.pk_profile(["0 h"]), itb.InputError, "missing_field", "bolus", ("bolus or daily_dose",)),
    # 1 to 1,000 times, each a duration 0 or more, named by its element
    (lambda: itb.pk_profile(["0 h"] * 1001, bolus="100 mcg"), itb.InputError, "out_of_range", "times", ("1,000",)),
    (lambda: itb.pk_profile([], bolus="100 mcg"), itb.InputError, "invalid_value", "times", ("1 to 1,000",)),
    (lambda: itb.pk_profile(["0 h", "-1 h"], bolus="100 mcg"), itb.InputError, "negative", "times[1]", ("-1 h",)),
    (lambda: itb.pk_profile(["0 h", 2], bolus="100 mcg"), itb.UnitError, "unit_required", "times[1]", ("2 has no unit",)),  # type: ignore[list-item]
    (lambda: itb.pk_profile(["1 mL"], bolus="100 mcg"), itb.UnitError, "unit_mismatch", "times[0]", ("not a duration",)),
    (lambda: itb.pk_profile(["0 h", "NaN h"], bolus="100 mcg"), itb.InputError, "not_finite", "times[1]", ()),
    (lambda: itb.pk_profile(["0 h", "1 fortnight"], bolus="100 mcg"), itb.UnitError, "unit_unknown", "times[1]", ("fortnight",)),
    (lambda: itb.pk_profile(["0 h", None], bolus="100 mcg"), itb.InputError, "invalid_value", "times[1]", ("None is not a quantity",)),  # type: ignore[list-item]
    (lambda: itb.pk_profile("1 h", bolus="100 mcg"), itb.InputError, "invalid_value", "times", ("'1 h' is not a list",)),
    (lambda: itb.pk_profile(Duration("1 h"), bolus="100 mcg"), itb.InputError, "invalid_value", "times", ("is not a list",)),  # type: ignore[arg-type]
    # the dose, the model
    (lambda: itb.pk_profile(["0 h"], bolus=100), itb.UnitError, "unit_required", "bolus", ("100 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.pk_profile(["0 h"], daily_dose="500 mcg"), itb.UnitError, "unit_mismatch", "daily_dose", ("not a dose rate",)),
    (lambda: itb.pk_profile(["0 h"], bolus="0 mcg"), itb.InputError, "out_of_range", "bolus", ("0 mcg",)),
    (lambda: itb.pk_profile(["0 h"], daily_dose="0 mcg/day"), itb.InputError, "zero", "daily_dose", ("0 mcg/day",)),
    (lambda: itb.pk_profile(["0 h"], bolus="100 mcg", half_life="0 h"), itb.InputError, "zero", "half_life", ("0 h",)),
    (lambda: itb.pk_profile(["0 h"], bolus="100 mcg", clearance="0 mL/h"), itb.InputError, "zero", "clearance", ("0 mL/h",)),
    (lambda: itb.pk_profile(["0 h"], bolus="100 mcg", clearance="30 mL"), itb.UnitError, "unit_mismatch", "clearance", ("not a flow rate",)),
    # in the protocol's order: the dose, then the times, then the model
    (lambda: itb.pk_profile(["-1 h"], bolus="0 mcg"), itb.InputError, "out_of_range", "bolus", ()),
    (lambda: itb.pk_profile(["0 h", "-1 h"], bolus="100 mcg", half_life="0 h"), itb.InputError, "negative", "times[1]", ()),
]  # fmt: skip


@pytest.mark.parametrize(("call", "cls", "code", "field", "fragments"), RAISED)
def test_raises(call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(cls) as info:
        call()
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field), message
    for fragment in fragments:
        assert fragment in message, message


# --- the golden vectors through the typed function -------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {"pk_profile": itb.pk_profile}
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_golden_cases_are_typed_calls() -> None:
    assert len(GOLDEN) >= 20, len(GOLDEN)


@pytest.mark.parametrize(("case", "args"), GOLDEN, ids=[c.id for c, _ in GOLDEN])
def test_golden_case_through_the_typed_function(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    call = FUNCTIONS[case.request["op"]]
    if case.expect["ok"]:
        result = call(**args)
        assert compare_response(case.expect, result.to_dict(), case.tolerance) == []
        return
    with pytest.raises(itb.ItbError) as info:
        call(**args)
    assert (info.value.code, info.value.field) == (case.expect["error"]["code"], case.expect["error"]["field"])
