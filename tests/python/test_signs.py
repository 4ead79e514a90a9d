"""signs and triage (protocol version 2) through the Python API: the lists, a triage worked by
hand for each finding, the errors, the result objects, and the golden vectors through the typed
functions.

Worked by hand from docs/PROTOCOL.md (`signs`, `triage`): the lists hold exactly the protocol's
codes (overdose: 000 Overdose Information; withdrawal: 002 Boxed Warning, 000 Seek Immediate
Medical Attention, 001; pump_problem: 000 Seek Immediate Medical Attention), `seizures` on both
the overdose and the withdrawal list. A triage lists every list with a match, most matches
first, ties in the order overdose, withdrawal, pump_problem, each list's matched signs in the
list's order. Findings: overdose_signs (hard, 000 Overdose Information), withdrawal_signs (hard,
002 Boxed Warning), pump_problem_signs (soft, 000 Seek Immediate Medical Attention), one per
matched list, their subject the count of its signs; signs_overlap (info, 000 Clinical Pearls)
when overdose and withdrawal both match.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itb
from golden import Case, compare_response, load, typed_call
from itb import Count, SignCode, SignListId

OVERDOSE = [
    "hypotonia", "somnolence", "lightheadedness", "dizziness", "respiratory_depression", "bradycardia",
    "hypothermia", "seizures", "coma",
]  # fmt: skip
WITHDRAWAL = [
    "high_fever", "altered_mental_status", "hallucinations", "rebound_spasticity", "muscle_rigidity", "pruritus",
    "hypotension", "seizures", "rhabdomyolysis",
]  # fmt: skip
PUMP_PROBLEM = [
    "pump_site_pain", "pump_site_redness", "pump_site_swelling", "pump_site_warmth", "pump_alarm",
    "sudden_return_of_spasticity",
]  # fmt: skip

SEEK = "000 Seek Immediate Medical Attention"
FINDING_OF = {
    "overdose": ("overdose_signs", "hard", "000 Overdose Information"),
    "withdrawal": ("withdrawal_signs", "hard", "002 Boxed Warning"),
    "pump_problem": ("pump_problem_signs", "soft", SEEK),
}
OVERLAP = ("signs_overlap", "info", "000 Clinical Pearls")


# --- signs -----------------------------------------------------------------------------------------


def test_the_three_lists_hold_exactly_the_protocols_codes_in_order() -> None:
    lists = itb.signs()
    assert [x.list for x in lists] == ["overdose", "withdrawal", "pump_problem"]
    assert [[s.code for s in x.signs] for x in lists] == [OVERDOSE, WITHDRAWAL, PUMP_PROBLEM]
    for x in lists:
        assert type(x.list) is SignListId
        assert all(type(s.code) is SignCode and s.text and s.source for s in x.signs)
        assert x.actions and all(a.text and a.source for a in x.actions)


def test_each_sign_and_action_names_its_section() -> None:
    overdose, withdrawal, pump = itb.signs()
    assert {s.source for s in overdose.signs} <= {"000 Overdose Information", SEEK}
    assert {s.source for s in pump.signs} == {SEEK}
    # the boxed warning's signs, the 000 list's, and seizures from the 001 withdrawal text
    assert {s.source for s in withdrawal.signs} == {"002 Boxed Warning", SEEK, "001 Side Effects/Withdrawal Symptoms and Signs"}
    overdose_actions = " ".join(a.text for a in overdose.actions).lower()
    assert "vomiting" in overdose_actions and "physostigmine" in overdose_actions  # 000 Overdose Information
    assert "000 Overdose Information" in {a.source for a in overdose.actions}
    withdrawal_actions = " ".join(a.text for a in withdrawal.actions).lower()
    assert "restore intrathecal delivery" in withdrawal_actions  # 002 Boxed Warning
    assert "002 Boxed Warning" in {a.source for a in withdrawal.actions}


def test_one_list_is_the_same_object_as_in_all_three() -> None:
    everything = itb.signs()
    assert itb.signs("withdrawal") == (everything[1],)
    assert itb.signs(SignListId.PUMP_PROBLEM)[0] is everything[2]
    assert itb.signs(list="overdose")[0] is itb.signs()[0]  # constants, built once


def test_the_enums_are_the_cores_ids() -> None:
    assert tuple(SignCode) == itb._native.SIGN_CODES
    assert tuple(SignListId) == itb._native.SIGN_LISTS == ("overdose", "withdrawal", "pump_problem")
    # 9 + 9 + 6 codes, seizures on two lists: 23
    assert len(SignCode) == 23
    assert {s.code for x in itb.signs() for s in x.signs} == set(SignCode)
    # each code is its own member, not another's
    assert all(s.code is SignCode(s.code.value) for x in itb.signs() for s in x.signs)
    member = SignCode.HIGH_FEVER
    assert isinstance(member, str) and (member.value, str(member), f"{member}") == ("high_fever",) * 3
    assert SignCode("pump_alarm") is SignCode.PUMP_ALARM


def test_the_lists_are_frozen_and_pickle() -> None:
    (overdose,) = itb.signs("overdose")
    with pytest.raises(dataclasses.FrozenInstanceError):
        overdose.signs = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(overdose)) == overdose
    assert repr(overdose.signs[-1]) == "Sign(code=<SignCode.COMA: 'coma'>, text='loss of consciousness, coma', source='000 Overdose Information')"


def signs_response(lists: tuple[itb.SignList, ...]) -> dict[str, Any]:
    """The protocol's response to `signs`, written from the lists by the protocol's names (no
    findings; allowed)."""

    def written(sign_list: itb.SignList) -> dict[str, Any]:
        return {
            "list": str(sign_list.list),
            "signs": [{"code": str(s.code), "text": s.text, "source": s.source} for s in sign_list.signs],
            "actions": [{"text": a.text, "source": a.source} for a in sign_list.actions],
        }

    return {"ok": True, "op": "signs", "allowed": True, "result": {"lists": [written(x) for x in lists]}, "findings": []}


@pytest.mark.parametrize("request_", [{"op": "signs"}, {"op": "signs", "list": "pump_problem"}])
def test_the_lists_are_the_protocols(request_: dict[str, Any]) -> None:
    arguments = {k: v for k, v in request_.items() if k != "op"}
    assert signs_response(itb.signs(**arguments)) == itb.evaluate(request_)


# --- triage ----------------------------------------------------------------------------------------


def findings(t: itb.Triage) -> list[tuple[str, str, str, itb.Quantity]]:
    return [(f.code, f.severity, f.source, f.subject) for f in t.findings]


def matches(t: itb.Triage) -> list[tuple[str, list[str]]]:
    return [(str(m.list), [str(c) for c in m.signs]) for m in t.matches]


def test_seizures_are_a_sign_of_overdose_and_of_withdrawal() -> None:
    # on both lists, one sign each: a tie, overdose first; both matched: they overlap
    t = itb.triage(["seizures"])
    assert matches(t) == [("overdose", ["seizures"]), ("withdrawal", ["seizures"])]
    assert findings(t) == [
        (*FINDING_OF["overdose"], Count(1, "step")),
        (*FINDING_OF["withdrawal"], Count(1, "step")),
        (*OVERLAP, Count(2, "step")),
    ]
    assert t.allowed is False  # hard: seek immediate medical attention
    assert all(f.message for f in t.findings)
    assert "overdose can mimic withdrawal" in t.findings[2].message


def test_most_matches_first_each_lists_signs_in_its_order() -> None:
    # pump_alarm and pump_site_pain: two pump signs, listed in the pump list's order (pain
    # before alarm); coma: one overdose sign, after
    t = itb.triage(["pump_alarm", SignCode.COMA, "pump_site_pain"])
    assert matches(t) == [("pump_problem", ["pump_site_pain", "pump_alarm"]), ("overdose", ["coma"])]
    assert findings(t) == [(*FINDING_OF["pump_problem"], Count(2, "step")), (*FINDING_OF["overdose"], Count(1, "step"))]
    assert t.allowed is False


def test_withdrawal_alone() -> None:
    # three withdrawal signs, in the list's order: high_fever, pruritus, rhabdomyolysis
    t = itb.triage(("rhabdomyolysis", "high_fever", "pruritus"))
    assert matches(t) == [("withdrawal", ["high_fever", "pruritus", "rhabdomyolysis"])]
    assert findings(t) == [(*FINDING_OF["withdrawal"], Count(3, "step"))]
    assert "withdrawal can kill" in t.findings[0].message
    assert t.allowed is False


def test_a_pump_problem_alone_is_soft() -> None:
    t = itb.triage([SignCode.SUDDEN_RETURN_OF_SPASTICITY])
    assert matches(t) == [("pump_problem", ["sudden_return_of_spasticity"])]
    assert findings(t) == [(*FINDING_OF["pump_problem"], Count(1, "step"))]
    assert t.allowed is True  # soft: seek help, but not a hard limit


def test_ties_keep_the_order_overdose_withdrawal_pump_problem() -> None:
    # one sign on each list, given in the reverse order
    t = itb.triage(["pump_site_warmth", "hallucinations", "somnolence"])
    assert [m.list for m in t.matches] == ["overdose", "withdrawal", "pump_problem"]
    assert [f.code for f in t.findings] == ["overdose_signs", "withdrawal_signs", "pump_problem_signs", "signs_overlap"]


def test_two_withdrawal_signs_before_one_of_overdose() -> None:
    t = itb.triage(["coma", "hallucinations", "hypotension"])
    assert matches(t) == [("withdrawal", ["hallucinations", "hypotension"]), ("overdose", ["coma"])]
    assert [f.code for f in t.findings] == ["withdrawal_signs", "overdose_signs", "signs_overlap"]


def test_triage_result_members_to_dict_and_frozen() -> None:
    t = itb.triage(["seizures", "bradycardia"])
    assert all(type(m.list) is SignListId and all(type(c) is SignCode for c in m.signs) for m in t.matches)
    assert t.matches[0].signs == (SignCode.BRADYCARDIA, SignCode.SEIZURES)  # the overdose list's order
    assert t.to_dict() == itb.evaluate({"op": "triage", "signs": ["seizures", "bradycardia"]})
    assert t.to_dict()["result"]["matches"][0] == {"list": "overdose", "signs": ["bradycardia", "seizures"]}
    assert type(t.to_dict()["result"]["matches"][0]["list"]) is str  # a plain id, not the member
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.matches = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(t)) == t


# --- bad input -------------------------------------------------------------------------------------

ALL_CODES = ("hypotonia", "seizures", "pump_site_pain", "sudden_return_of_spasticity")

RAISED: list[tuple[Callable[[], object], str, str, tuple[str, ...]]] = [
    # a text is one sign, not a list: never read letter by letter
    (lambda: itb.triage("seizures"), "invalid_value", "signs", ("'seizures' is not a list of sign codes",)),  # type: ignore[arg-type]
    (lambda: itb.triage(SignCode.COMA), "invalid_value", "signs", ("is not a list",)),  # type: ignore[arg-type]
    (lambda: itb.triage({"coma"}), "invalid_value", "signs", ("is not a list",)),  # type: ignore[arg-type]
    (lambda: itb.triage(None), "invalid_value", "signs", ("None is not a list",)),  # type: ignore[arg-type]
    (lambda: itb.triage([]), "invalid_value", "signs", ("at least one sign",)),
    (lambda: itb.triage(["fever"]), "invalid_value", "signs[0]", ("'fever' is not a sign code", *ALL_CODES)),  # type: ignore[list-item]
    (lambda: itb.triage(["coma", "Coma"]), "invalid_value", "signs[1]", ("'Coma' is not a sign code", "case-sensitive")),  # type: ignore[list-item]
    (lambda: itb.triage(["coma", SignCode.COMA]), "invalid_value", "signs[1]", ("is repeated", "each sign once", *ALL_CODES)),
    (lambda: itb.triage(["coma", 1]), "invalid_value", "signs[1]", ("1 is not a text",)),  # type: ignore[list-item]
    # as the protocol: every element a text first, then each a code, then the repeats
    (lambda: itb.triage(["bogus", 5]), "invalid_value", "signs[1]", ()),  # type: ignore[list-item]
    (lambda: itb.triage(["coma", "coma", "bogus"]), "invalid_value", "signs[2]", ("'bogus'",)),  # type: ignore[list-item]
    (lambda: itb.triage(["\ud800"]), "invalid_value", "signs[0]", ("not a valid text",)),  # type: ignore[list-item]
    (lambda: itb.signs("fever"), "invalid_value", "list", ("'fever' is not allowed", "overdose, withdrawal, pump_problem")),  # type: ignore[arg-type]
    (lambda: itb.signs("Overdose"), "invalid_value", "list", ("case-sensitive",)),  # type: ignore[arg-type]
    (lambda: itb.signs(1), "invalid_value", "list", ("1 is not allowed",)),  # type: ignore[arg-type]
]  # fmt: skip


@pytest.mark.parametrize(("call", "code", "field", "fragments"), RAISED)
def test_raises(call: Callable[[], object], code: str, field: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(itb.InputError) as info:
        call()
    assert (info.value.code, info.value.field) == (code, field)
    message = str(info.value)
    assert message.startswith(field), message
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(
    "signs",
    [["fever"], ["coma", "Coma"], ["coma", "coma"], ["bogus", 5], ["coma", "coma", "bogus"], [], "seizures", None],
)
def test_errors_are_the_protocols(signs: Any) -> None:
    expected = itb.evaluate({"op": "triage", "signs": signs})["error"]
    with pytest.raises(itb.ItbError) as info:
        itb.triage(signs)
    assert (info.value.code, info.value.field) == (expected["code"], expected["field"])


def test_a_megabyte_sign_is_quoted_short() -> None:
    with pytest.raises(itb.InputError) as info:
        itb.triage(["x" * 1_000_000])  # type: ignore[list-item]
    assert info.value.field == "signs[0]" and len(str(info.value)) < 1000


CODES_AND_OTHERS = st.one_of(st.sampled_from([c.value for c in SignCode]), st.text(max_size=8), st.integers(), st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(CODES_AND_OTHERS, max_size=8))
def test_any_list_is_triaged_as_the_protocol_triages_it(signs: list[Any]) -> None:
    # the same response or the same error as itb.evaluate, for codes in any order, repeats,
    # unknown texts and other types
    expected = itb.evaluate({"op": "triage", "signs": signs})
    try:
        result = itb.triage(signs)
    except itb.ItbError as e:
        assert not expected["ok"] and (e.code, e.field) == (expected["error"]["code"], expected["error"]["field"])
    else:
        assert result.to_dict() == expected


# --- the golden vectors through the typed functions ------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {"signs": itb.signs, "triage": itb.triage}
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_golden_cases_are_typed_calls() -> None:
    ops = {c.request["op"] for c, _ in GOLDEN if isinstance(c.request, dict)}
    assert ops == set(FUNCTIONS), ops
    assert len(GOLDEN) >= 10, len(GOLDEN)


@pytest.mark.parametrize(("case", "args"), GOLDEN, ids=[c.id for c, _ in GOLDEN])
def test_golden_case_through_the_typed_function(case: Case, args: dict[str, Any]) -> None:
    assert isinstance(case.request, dict)
    call = FUNCTIONS[case.request["op"]]
    if case.expect["ok"]:
        result = call(**args)
        response = signs_response(result) if case.request["op"] == "signs" else result.to_dict()
        assert compare_response(case.expect, response, case.tolerance) == []
        return
    with pytest.raises(itb.ItbError) as info:
        call(**args)
    assert (info.value.code, info.value.field) == (case.expect["error"]["code"], case.expect["error"]["field"])
