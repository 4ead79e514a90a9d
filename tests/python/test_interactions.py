"""interactions (protocol version 2) through the Python API: hand-worked matches, every finding
with its severity, the errors, the result object, and the golden vectors through the typed
function.

Worked by hand from docs/PROTOCOL.md (`interactions`) and the labels: a name matches without
regard to case, surrounding whitespace, or runs of spaces, `_` and `-` inside it; the class
names match too. Severity (000 Drug Interactions): major for opioid, benzodiazepine, sedative,
hypnotic, general_anaesthetic ("may potentiate CNS depression, including respiratory depression
and sedation") and tricyclic_antidepressant ("may potentiate hypotonia"); moderate for alcohol
("additive CNS depressant effects"), antihypertensive ("may cause additive hypotensive
effects") and intrathecal_agent (001 Precautions and Warnings: not recommended). Findings:
major_interaction (soft), moderate_interaction (info), both 000 Drug Interactions;
unrecognised_medication (info, 000 Before Using This Medicine); each subject the count of its
medications. The interactions and the unrecognised names keep the order given, each name as
given.
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
from itb import Count

DRUG_INTERACTIONS = "000 Drug Interactions"
CNS_EFFECT = "may potentiate CNS depression, including respiratory depression and sedation"


def found(check: itb.InteractionCheck) -> list[tuple[str, str, str, itb.Quantity]]:
    return [(f.code, f.severity, f.source, f.subject) for f in check.findings]


def test_amlodipine_with_odd_case_and_spaces_is_an_antihypertensive() -> None:
    check = itb.interactions([" amLODipine "])
    (i,) = check.interactions
    assert i == itb.Interaction(" amLODipine ", "antihypertensive", "moderate", "may cause additive hypotensive effects", DRUG_INTERACTIONS)
    assert check.unrecognised == ()
    assert found(check) == [("moderate_interaction", "info", DRUG_INTERACTIONS, Count(1, "step"))]
    assert check.allowed is True


def test_aspirin_is_not_checked_and_kept_in_order() -> None:
    # morphine is an opioid (major); aspirin and paracetamol are not in the lexicon: reported,
    # in the order given, never dropped
    check = itb.interactions(["aspirin", "Morphine", "paracetamol"])
    assert [(i.medication, i.drug_class, i.severity, i.effect) for i in check.interactions] == [("Morphine", "opioid", "major", CNS_EFFECT)]
    assert check.unrecognised == ("aspirin", "paracetamol")
    assert found(check) == [
        ("major_interaction", "soft", DRUG_INTERACTIONS, Count(1, "step")),
        ("unrecognised_medication", "info", "000 Before Using This Medicine", Count(2, "step")),
    ]
    assert "NOT checked" in check.findings[1].message
    assert check.allowed is True  # soft: a clinician's judgement


def test_every_class_by_its_name_with_its_severity_and_source() -> None:
    names = [
        "opioid", "benzodiazepine", "sedative", "hypnotic", "general anaesthetic", "tricyclic antidepressant",
        "alcohol", "antihypertensive", "intrathecal agent",
    ]  # fmt: skip
    check = itb.interactions(names)
    assert [(i.drug_class, i.severity) for i in check.interactions] == [
        ("opioid", "major"),
        ("benzodiazepine", "major"),
        ("sedative", "major"),
        ("hypnotic", "major"),
        ("general_anaesthetic", "major"),
        ("tricyclic_antidepressant", "major"),
        ("alcohol", "moderate"),
        ("antihypertensive", "moderate"),
        ("intrathecal_agent", "moderate"),
    ]
    assert [i.medication for i in check.interactions] == names
    assert [i.source for i in check.interactions] == [DRUG_INTERACTIONS] * 8 + ["001 Precautions and Warnings"]
    effects = [i.effect for i in check.interactions]
    assert effects[:5] == [CNS_EFFECT] * 5
    assert effects[5:8] == ["may potentiate hypotonia", "additive CNS depressant effects", "may cause additive hypotensive effects"]
    assert "not recommended" in effects[8]
    # six major, three moderate
    assert found(check) == [("major_interaction", "soft", DRUG_INTERACTIONS, Count(6, "step")), ("moderate_interaction", "info", DRUG_INTERACTIONS, Count(3, "step"))]
    assert tuple(i.drug_class for i in check.interactions) == itb._native.DRUG_CLASSES


@pytest.mark.parametrize(
    ("name", "drug_class"),
    [
        ("Opioids", "opioid"),
        ("OPIATES", "opioid"),
        ("general_anaesthetic", "general_anaesthetic"),
        ("General-Anesthetics", "general_anaesthetic"),
        ("  Nitrous __ Oxide ", "general_anaesthetic"),
        ("TCA", "tricyclic_antidepressant"),
        ("tricyclic  antidepressants", "tricyclic_antidepressant"),
        ("Ethanol", "alcohol"),
        ("diazepam", "benzodiazepine"),
        ("midazolam", "benzodiazepine"),
        ("zolpidem", "hypnotic"),
        ("propofol", "general_anaesthetic"),
        ("amitriptyline", "tricyclic_antidepressant"),
        ("fentanyl", "opioid"),
        ("ziconotide", "intrathecal_agent"),
    ],
)
def test_names_and_class_names_match_as_the_protocol_says(name: str, drug_class: str) -> None:
    (i,) = itb.interactions([name]).interactions
    assert (i.medication, i.drug_class) == (name, drug_class)


def test_a_tuple_and_the_longest_list() -> None:
    assert itb.interactions(("codeine", "ramipril")).unrecognised == ()
    # 100 names, none known: all reported, the count in the finding
    names = [f"unknown drug {n}" for n in range(100)]
    check = itb.interactions(names)
    assert (check.interactions, check.unrecognised) == ((), tuple(names))
    assert found(check) == [("unrecognised_medication", "info", "000 Before Using This Medicine", Count(100, "step"))]


def test_to_dict_uses_the_protocols_class_and_the_result_is_frozen() -> None:
    names = ["Morphine", " amLODipine ", "aspirin"]
    check = itb.interactions(names)
    assert check.to_dict() == itb.evaluate({"op": "interactions", "medications": names})
    first = check.to_dict()["result"]["interactions"][0]
    assert first == {"medication": "Morphine", "class": "opioid", "severity": "major", "effect": CNS_EFFECT, "source": DRUG_INTERACTIONS}
    assert check.to_dict()["result"]["unrecognised"] == ["aspirin"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.unrecognised = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(check)) == check


# --- bad input -------------------------------------------------------------------------------------

RAISED: list[tuple[Callable[[], object], str, str, tuple[str, ...]]] = [
    # a text is one name, not a list: never read letter by letter
    (lambda: itb.interactions("morphine"), "invalid_value", "medications", ("'morphine' is not a list of medication names",)),
    (lambda: itb.interactions(None), "invalid_value", "medications", ("None is not a list",)),  # type: ignore[arg-type]
    (lambda: itb.interactions({"morphine"}), "invalid_value", "medications", ("is not a list",)),  # type: ignore[arg-type]
    (lambda: itb.interactions([]), "invalid_value", "medications", ("at least one medication",)),
    (lambda: itb.interactions(["x"] * 101), "out_of_range", "medications", ("at most 100",)),
    (lambda: itb.interactions(["morphine", " MORPHINE "]), "invalid_value", "medications[1]", ("' MORPHINE '", "each medication once")),
    (lambda: itb.interactions(["Nitrous oxide", "nitrous_oxide"]), "invalid_value", "medications[1]", ("'nitrous_oxide'", "each medication once")),
    # an unknown name given twice is a repeat too: names are compared, not looked up
    (lambda: itb.interactions(["aspirin", "Aspirin"]), "invalid_value", "medications[1]", ("each medication once",)),
    (lambda: itb.interactions(["morphine", "  "]), "invalid_value", "medications[1]", ("'  '", "at least one letter")),
    (lambda: itb.interactions(["morphine", " _- "]), "invalid_value", "medications[1]", ("at least one letter",)),
    (lambda: itb.interactions(["morphine", 5]), "invalid_value", "medications[1]", ("5 is not a text",)),  # type: ignore[list-item]
    (lambda: itb.interactions(["\udc80"]), "invalid_value", "medications[0]", ("not a valid text",)),
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
    "medications",
    [[], ["x"] * 101, ["morphine", " MORPHINE "], ["morphine", "  "], ["morphine", 5], [5, "  "], "morphine", None],
)
def test_errors_are_the_protocols(medications: Any) -> None:
    expected = itb.evaluate({"op": "interactions", "medications": medications})["error"]
    with pytest.raises(itb.ItbError) as info:
        itb.interactions(medications)
    assert (info.value.code, info.value.field) == (expected["code"], expected["field"])


def test_a_name_of_100_bytes_is_read_whole_and_a_longer_one_refused_with_a_short_message() -> None:
    # Drug and class names are short; a longer text is a paste gone wrong (the core's limit).
    name = "x" * 100
    check = itb.interactions([name])
    assert check.unrecognised == (name,)  # as given, never cut
    long = "x" * 1_000_000
    with pytest.raises(itb.InputError) as info:
        itb.interactions(["morphine", long])
    assert (info.value.code, info.value.field) == ("invalid_value", "medications[1]")
    assert "100 bytes" in str(info.value) and len(str(info.value)) < 1000


NAMES = st.one_of(
    st.sampled_from(["morphine", " Morphine", "TCA", "nitrous_oxide", "Nitrous-Oxide", "aspirin", "alcohol", ""]),
    st.text(alphabet=" _-abcAB\t", max_size=6),
    st.integers(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAMES, max_size=6))
def test_any_list_is_checked_as_the_protocol_checks_it(medications: list[Any]) -> None:
    # the same response or the same error as itb.evaluate: repeats as names compare, blanks,
    # names in any case and spacing, other types
    expected = itb.evaluate({"op": "interactions", "medications": medications})
    try:
        result = itb.interactions(medications)
    except itb.ItbError as e:
        assert not expected["ok"] and (e.code, e.field) == (expected["error"]["code"], expected["error"]["field"])
    else:
        assert result.to_dict() == expected


# --- the golden vectors through the typed function -------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {"interactions": itb.interactions}
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
