"""patient_check (protocol version 2) through the Python API: every finding worked by hand at
its boundary, the inputs checked, the errors in the protocol's order, the result object, and the
golden vectors through the typed function.

Worked by hand from docs/PROTOCOL.md (`patient_check`) and the labels: age_below_4_years below
4 years (US soft, 000 Special Patient Groups/Pediatric Use; UK hard, 001 Contraindications);
elderly (info) at 65 or older (000 Special Patient Groups/Geriatric Use); pregnancy (soft; 001
Pregnancy and Lactation/Pregnancy; 000 Special Patient Groups/Pregnancy); breastfeeding (info;
000 Special Patient Groups/Lactation); infection (soft; 001 Precautions and Warnings);
head_injury_under_1_year (soft; 001 Therapeutic Indications; 002 Indications and Usage) below 12
months, its subject in years (months / 12) against 1 year; route_not_intrathecal (hard; 002
Description; 002 Contraindications) for any route but intrathecal; withdrawal_risk (soft; 002
Boxed Warning) for any risk factor. `checked`: the inputs given, profile aside, in the order
age_years, pregnant, breastfeeding, infection, months_since_head_injury, route, risk_factors.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import Duration, Route

ELDERLY_FINDING = ("elderly", "info", "000 Special Patient Groups/Geriatric Use")
PREGNANCY = ("pregnancy", "soft", "001 Pregnancy and Lactation/Pregnancy; 000 Special Patient Groups/Pregnancy")
BREASTFEEDING = ("breastfeeding", "info", "000 Special Patient Groups/Lactation")
INFECTION = ("infection", "soft", "001 Precautions and Warnings")
HEAD_INJURY = ("head_injury_under_1_year", "soft", "001 Therapeutic Indications; 002 Indications and Usage")
ROUTE_FINDING = ("route_not_intrathecal", "hard", "002 Description; 002 Contraindications")
WITHDRAWAL_RISK = ("withdrawal_risk", "soft", "002 Boxed Warning")


def found(check: itb.PatientCheck) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.source) for f in check.findings]


def test_65_under_us_is_elderly() -> None:
    check = itb.patient_check(profile="us", age_years=65)
    assert found(check) == [ELDERLY_FINDING]
    (f,) = check.findings
    assert (f.subject, f.limit) == (Duration(65, "year"), Duration(65, "year"))
    assert "65 or more" in f.message
    assert (check.checked, check.allowed) == (("age_years",), True)
    assert itb.patient_check(profile="uk", age_years=64.9).findings == ()  # not yet 65


@pytest.mark.parametrize(
    ("profile", "severity", "source", "allowed"),
    [("us", "soft", "000 Special Patient Groups/Pediatric Use", True), ("uk", "hard", "001 Contraindications", False)],
)
def test_below_4_years(profile: itb.Profile, severity: str, source: str, allowed: bool) -> None:
    check = itb.patient_check(profile=profile, age_years=3.9)
    assert found(check) == [("age_below_4_years", severity, source)]
    assert (check.findings[0].subject, check.findings[0].limit) == (Duration(3.9, "year"), Duration(4, "year"))
    assert check.allowed is allowed
    assert itb.patient_check(profile=profile, age_years=4).findings == ()  # exactly 4 is not under 4


def test_11_9_months_after_a_head_injury_is_under_a_year() -> None:
    # 11.9 months is 11.9 / 12 = 0.991666... year, below 1 year
    check = itb.patient_check(months_since_head_injury=11.9)
    assert found(check) == [HEAD_INJURY]
    (f,) = check.findings
    assert f.subject.to("year") == pytest.approx(11.9 / 12, rel=1e-11)
    assert f.limit == Duration(1, "year")
    assert f.message.startswith("11.9 months"), f.message
    assert (check.checked, check.allowed) == (("months_since_head_injury",), True)
    # "at least one year": exactly 12 months raises nothing; 0 months does
    assert itb.patient_check(months_since_head_injury=12).findings == ()
    assert found(itb.patient_check(months_since_head_injury=0)) == [HEAD_INJURY]


@pytest.mark.parametrize("route", ["oral", "intravenous", "intramuscular", "subcutaneous", "epidural", Route.ORAL])
def test_every_route_but_intrathecal_is_hard(route: Any) -> None:
    check = itb.patient_check(route=route)
    assert found(check) == [ROUTE_FINDING]
    assert "intrathecal use only" in check.findings[0].message
    assert (check.checked, check.allowed) == (("route",), False)


def test_the_intrathecal_route_raises_nothing() -> None:
    assert itb.patient_check(route=Route.INTRATHECAL).findings == ()
    assert itb.patient_check(route="intrathecal").checked == ("route",)
    assert tuple(Route) == itb._native.ROUTES


@pytest.mark.parametrize(
    ("flag", "expected"),
    [("pregnant", PREGNANCY), ("breastfeeding", BREASTFEEDING), ("infection", INFECTION)],
)
def test_each_flag_true_raises_its_finding_false_nothing(flag: str, expected: tuple[str, str, str]) -> None:
    yes: dict[str, Any] = {flag: True}
    no: dict[str, Any] = {flag: False}
    assert found(itb.patient_check(**yes)) == [expected]
    check = itb.patient_check(**no)
    assert (check.findings, check.checked) == ((), (flag,))  # a False is still checked


def test_risk_factors() -> None:
    check = itb.patient_check(risk_factors=[itb.RiskFactor.PRIOR_WITHDRAWAL, "communication_difficulty"])
    assert found(check) == [WITHDRAWAL_RISK]
    empty = itb.patient_check(risk_factors=[])  # none known: checked, nothing raised
    assert (empty.findings, empty.checked) == ((), ("risk_factors",))


def test_everything_at_once_in_the_protocols_order() -> None:
    # given in another order than the protocol's; found and checked in the protocol's
    check = itb.patient_check(
        risk_factors=("sci_t6_or_above",), route="epidural", months_since_head_injury=3, infection=True,
        breastfeeding=True, pregnant=True, age_years=70, profile="uk",
    )  # fmt: skip
    assert found(check) == [ELDERLY_FINDING, PREGNANCY, BREASTFEEDING, INFECTION, HEAD_INJURY, ROUTE_FINDING, WITHDRAWAL_RISK]
    assert check.checked == (
        "age_years", "pregnant", "breastfeeding", "infection", "months_since_head_injury", "route", "risk_factors",
    )  # fmt: skip
    assert check.allowed is False


def test_to_dict_is_the_protocol_response_and_the_result_is_frozen() -> None:
    check = itb.patient_check(profile="us", age_years=2, route=Route.ORAL, pregnant=False)
    request = {"op": "patient_check", "profile": "us", "age_years": 2, "route": "oral", "pregnant": False}
    assert check.to_dict() == itb.evaluate(request)
    assert check.to_dict()["result"] == {"checked": ["age_years", "pregnant", "route"]}
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.checked = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(check)) == check


# --- bad input -------------------------------------------------------------------------------------

ROUTES = ("intrathecal, intravenous, intramuscular, subcutaneous, epidural, oral",)

RAISED: list[tuple[Callable[[], object], type[itb.ItbError], str, str | None, tuple[str, ...]]] = [
    (lambda: itb.patient_check(), itb.InputError, "missing_field", None, ("no input given", "profile with age_years")),
    (lambda: itb.patient_check(profile="us"), itb.InputError, "missing_field", "age_years", ()),
    (lambda: itb.patient_check(age_years=40), itb.InputError, "missing_field", "profile", ("us or uk",)),
    (lambda: itb.patient_check(profile="us", age_years=-1), itb.InputError, "negative", "age_years", ()),
    (lambda: itb.patient_check(profile="uk", age_years=151), itb.InputError, "out_of_range", "age_years", ()),
    (lambda: itb.patient_check(profile="uk", age_years=float("nan")), itb.InputError, "not_finite", "age_years", ()),
    (lambda: itb.patient_check(profile="uk", age_years="65"), itb.InputError, "invalid_value", "age_years", ("not a plain number",)),  # type: ignore[arg-type]
    (lambda: itb.patient_check(profile="US", age_years=65), itb.InputError, "invalid_value", "profile", ("'US' is not allowed", "us, uk")),  # type: ignore[arg-type]
    (lambda: itb.patient_check(months_since_head_injury=-1), itb.InputError, "negative", "months_since_head_injury", ()),
    (lambda: itb.patient_check(months_since_head_injury="11 months"), itb.InputError, "invalid_value", "months_since_head_injury", ()),  # type: ignore[arg-type]
    (lambda: itb.patient_check(pregnant=1), itb.InputError, "invalid_value", "pregnant", ("not True or False",)),  # type: ignore[arg-type]
    (lambda: itb.patient_check(infection="yes"), itb.InputError, "invalid_value", "infection", ()),  # type: ignore[arg-type]
    (lambda: itb.patient_check(route="Oral"), itb.InputError, "invalid_value", "route", ("'Oral' is not allowed", *ROUTES)),  # type: ignore[arg-type]
    (lambda: itb.patient_check(route=5), itb.InputError, "invalid_value", "route", ROUTES),  # type: ignore[arg-type]
    (lambda: itb.patient_check(risk_factors="prior_withdrawal"), itb.InputError, "invalid_value", "risk_factors", ("not a list of risk factors",)),  # type: ignore[arg-type]
    (lambda: itb.patient_check(risk_factors=["fever"]), itb.InputError, "invalid_value", "risk_factors[0]", ("sci_t6_or_above",)),  # type: ignore[list-item]
    (lambda: itb.patient_check(risk_factors=["prior_withdrawal", "prior_withdrawal"]), itb.InputError, "invalid_value", "risk_factors[1]", ("is repeated",)),
    # in the protocol's order: the profile, the plain numbers and flags at once; then the core's:
    # the age, the months, the route, the risk factors
    (lambda: itb.patient_check(profile="xx", route="bogus"), itb.InputError, "invalid_value", "profile", ()),  # type: ignore[arg-type]
    (lambda: itb.patient_check(route="bogus", infection=0), itb.InputError, "invalid_value", "infection", ()),  # type: ignore[arg-type]
    (lambda: itb.patient_check(route="bogus", months_since_head_injury=-1), itb.InputError, "negative", "months_since_head_injury", ()),  # type: ignore[arg-type]
    (lambda: itb.patient_check(risk_factors=["x"], route="bogus"), itb.InputError, "invalid_value", "route", ()),  # type: ignore[arg-type, list-item]
    (lambda: itb.patient_check(age_years=-1, pregnant=True), itb.InputError, "missing_field", "profile", ()),
]  # fmt: skip


@pytest.mark.parametrize(("call", "cls", "code", "field", "fragments"), RAISED)
def test_raises(
    call: Callable[[], object], cls: type[itb.ItbError], code: str, field: str | None, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(cls) as info:
        call()
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field or ""), message
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"profile": "us"},
        {"age_years": 40},
        {"profile": "us", "age_years": -1},
        {"profile": "uk", "age_years": 151},
        {"profile": "uk", "age_years": "65"},
        {"months_since_head_injury": -1},
        {"pregnant": 1},
        {"route": "Oral"},
        {"risk_factors": "prior_withdrawal"},
        {"risk_factors": ["fever"]},
        {"profile": "xx", "route": "bogus"},
        {"route": "bogus", "infection": 0},
        {"route": "bogus", "months_since_head_injury": -1},
        {"risk_factors": ["x"], "route": "bogus"},
    ],
)
def test_errors_are_the_protocols(arguments: dict[str, Any]) -> None:
    expected = itb.evaluate({"op": "patient_check", **arguments})["error"]
    with pytest.raises(itb.ItbError) as info:
        itb.patient_check(**arguments)
    assert (info.value.code, info.value.field) == (expected["code"], expected["field"])


# --- the golden vectors through the typed function -------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {"patient_check": itb.patient_check}
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_golden_cases_are_typed_calls() -> None:
    assert len(GOLDEN) >= 10, len(GOLDEN)


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
