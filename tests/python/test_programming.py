"""programming_check (protocol version 2) through the Python API: hand-worked values, every
finding with its severity, the errors, the result object, and the golden vectors through the
typed function.

Worked by hand from the rule of docs/RULES.md and docs/PROTOCOL.md: a pump doses by volume, so
flow = programmed dose / programmed concentration ([ARCHIMEDES]); delivered = flow × reservoir
concentration; dose ratio = reservoir / programmed concentration. concentration_mismatch (hard;
002 Boxed Warning) when the ratio is not 1; the reservoir concentration's daily-volume findings
(nonstandard_concentration, concentration_above_commercial, screening_strength_in_pump) and
daily_dose_above_1000 on the delivered dose.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import Concentration, DoseRate, FlowRate


def codes(result: itb.ProgrammingCheck) -> dict[str, tuple[str, itb.Quantity, itb.Quantity | None]]:
    return {f.code: (f.severity, f.subject, f.limit) for f in result.findings}


def test_the_concentration_programmed_is_the_one_in_the_reservoir() -> None:
    # 300 / 2000 = 0.15 mL/day of 2000 mcg/mL: 300 mcg/day, a ratio of 1, nothing to report
    c = itb.programming_check("300 mcg/day", "2000 mcg/mL", Concentration("2 mg/mL"))
    assert (c.flow_rate, c.flow_rate.unit) == (FlowRate("0.15 mL/day"), "mL/day")
    assert (c.delivered_daily_dose, c.delivered_daily_dose.unit) == (DoseRate("300 mcg/day"), "mcg/day")
    assert (c.dose_ratio, type(c.dose_ratio)) == (1, float)
    assert (c.findings, c.allowed) == ((), True)


def test_a_stronger_reservoir_is_an_overdose() -> None:
    # programmed 500 mcg/day at 500 mcg/mL: 1 mL/day; filled with 2000 mcg/mL: 2,000 mcg/day,
    # four times the dose, and above 1000 mcg/day
    c = itb.programming_check("500 mcg/day", "500 mcg/mL", "2000 mcg/mL")
    assert (c.flow_rate.to("mL/day"), c.delivered_daily_dose.to("mcg/day"), c.dose_ratio) == (1, 2000, 4)
    assert codes(c) == {
        "concentration_mismatch": ("hard", DoseRate("2000 mcg/day"), DoseRate("500 mcg/day")),
        "daily_dose_above_1000": ("soft", DoseRate("2000 mcg/day"), None),
    }
    mismatch = c.findings[0]
    assert mismatch.source == "002 Boxed Warning"
    assert "overdose" in mismatch.message and "4 times" in mismatch.message, mismatch.message
    assert c.allowed is False


def test_a_weaker_reservoir_is_a_withdrawal() -> None:
    # programmed 400 mcg/day at 2000 mcg/mL: 0.2 mL/day; filled with 500 mcg/mL: 100 mcg/day,
    # a quarter of the dose
    c = itb.programming_check("0.4 mg/day", "2 mg/mL", "500 mcg/mL")
    assert (c.flow_rate.to("mL/day"), c.delivered_daily_dose.to("mcg/day"), c.dose_ratio) == (0.2, 100, 0.25)
    assert codes(c) == {"concentration_mismatch": ("hard", DoseRate("100 mcg/day"), DoseRate("400 mcg/day"))}
    message = c.findings[0].message
    assert "withdrawal" in message and "0.25 times" in message, message
    assert c.allowed is False


@pytest.mark.parametrize(
    ("reservoir", "found"),
    [
        # 50 mcg/mL is a labelled strength, for bolus tests only (001 Administration)
        ("50 mcg/mL", {"screening_strength_in_pump": ("soft", Concentration("50 mcg/mL"), None)}),
        # 1500 is no labelled strength (info; [GAB-LABEL])
        ("1500 mcg/mL", {"nonstandard_concentration": ("info", Concentration("1500 mcg/mL"), None)}),
        # 3000 is neither labelled nor commercial (soft; [MOBERG])
        (
            "3000 mcg/mL",
            {
                "nonstandard_concentration": ("info", Concentration("3000 mcg/mL"), None),
                "concentration_above_commercial": ("soft", Concentration("3000 mcg/mL"), None),
            },
        ),
    ],
)
def test_the_reservoir_concentration_is_checked_as_in_daily_volume(reservoir: str, found: dict[str, Any]) -> None:
    # programmed as what is in the reservoir: 60 mcg/day, ratio 1, no mismatch
    c = itb.programming_check("60 mcg/day", reservoir, reservoir)
    assert (c.dose_ratio, c.delivered_daily_dose.to("mcg/day")) == (1, 60)
    assert codes(c) == found
    assert c.allowed is True


def test_the_programmed_concentration_is_not_checked_as_a_strength() -> None:
    # a programmed 1500 mcg/mL against a reservoir of 1500: nothing about the programmed one
    assert itb.programming_check("60 mcg/day", "1500 mcg/mL", "2000 mcg/mL").findings[0].code == "concentration_mismatch"
    assert [f.code for f in itb.programming_check("60 mcg/day", "1500 mcg/mL", "1500 mcg/mL").findings] == ["nonstandard_concentration"]


def test_to_dict_is_the_protocol_response_and_the_result_is_frozen() -> None:
    c = itb.programming_check("500 mcg/day", "500 mcg/mL", "2000 mcg/mL")
    request = {
        "op": "programming_check",
        "programmed_daily_dose": "500 mcg/day",
        "programmed_concentration": "500 mcg/mL",
        "reservoir_concentration": "2000 mcg/mL",
    }
    assert c.to_dict() == itb.evaluate(request)
    assert c.to_dict()["result"]["dose_ratio"] == 4  # a plain number, no unit
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.dose_ratio = 1  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(c)) == c
    assert repr(c).startswith("ProgrammingCheck(flow_rate=FlowRate('1 mL/day'), delivered_daily_dose=DoseRate('2000 mcg/day'), dose_ratio=4.0, ")


RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str, tuple[str, ...]]] = [
    (lambda: itb.programming_check(500, "500 mcg/mL", "2000 mcg/mL"), itb.UnitError, "unit_required", "programmed_daily_dose", ("500 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.programming_check("500 mcg/day", 500, "2000 mcg/mL"), itb.UnitError, "unit_required", "programmed_concentration", ("500 has no unit",)),  # type: ignore[arg-type]
    (lambda: itb.programming_check("500 mcg/day", "500 mcg/mL", "2000 mcg"), itb.UnitError, "unit_mismatch", "reservoir_concentration", ("not a concentration",)),
    (lambda: itb.programming_check("500 mcg/mL", "500 mcg/mL", "2000 mcg/mL"), itb.UnitError, "unit_mismatch", "programmed_daily_dose", ("not a dose rate",)),
    (lambda: itb.programming_check("0 mcg/day", "500 mcg/mL", "2000 mcg/mL"), itb.InputError, "zero", "programmed_daily_dose", ("0 mcg/day",)),
    (lambda: itb.programming_check("500 mcg/day", "0 mcg/mL", "2000 mcg/mL"), itb.InputError, "zero", "programmed_concentration", ("0 mcg/mL",)),
    (lambda: itb.programming_check("500 mcg/day", "500 mcg/mL", "0 mg/mL"), itb.InputError, "zero", "reservoir_concentration", ("0 mcg/mL",)),
    (lambda: itb.programming_check("500 mcg/day", "-500 mcg/mL", "2000 mcg/mL"), itb.InputError, "negative", "programmed_concentration", ("-500 mcg/mL",)),
    # in the protocol's order: the first bad argument is named
    (lambda: itb.programming_check("500 mcg/day", "0 mcg/mL", "2000 mg"), itb.InputError, "zero", "programmed_concentration", ()),
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

FUNCTIONS: dict[str, Callable[..., Any]] = {"programming_check": itb.programming_check}
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
