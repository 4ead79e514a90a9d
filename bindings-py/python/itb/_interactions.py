"""Drug interactions: the classes of drugs the labels name, and a lexicon of their common
members.

000 Drug Interactions: CNS depressants (opioids, benzodiazepines, sedatives, hypnotics, general
anaesthetics) "may potentiate CNS depression, including respiratory depression and sedation";
tricyclic antidepressants "may potentiate hypotonia" (major); alcohol has "additive CNS
depressant effects", antihypertensives "may cause additive hypotensive effects" (moderate). 001
Precautions and Warnings: "The co-administration of other intrathecal agents with intrathecal
baclofen is not recommended" (moderate)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import ClassVar, Literal, Union

from . import _native
from ._arguments import native_list
from ._results import Finding, Result

#: A class of drugs the labels name (its protocol id).
DrugClass = Union[
    Literal["opioid"],
    Literal["benzodiazepine"],
    Literal["sedative"],
    Literal["hypnotic"],
    Literal["general_anaesthetic"],
    Literal["tricyclic_antidepressant"],
    Literal["alcohol"],
    Literal["antihypertensive"],
    Literal["intrathecal_agent"],
]
#: How much an interaction matters (000 Drug Interactions).
InteractionSeverity = Union[Literal["major"], Literal["moderate"]]


@dataclasses.dataclass(frozen=True)
class Interaction:
    """A medication the lexicon knows: the name as given, its ``drug_class`` (the protocol's
    ``class``), how much the interaction matters, what it does, and the section that says so."""

    _keys: ClassVar[dict[str, str]] = {"drug_class": "class"}

    medication: str
    drug_class: DrugClass
    severity: InteractionSeverity
    effect: str
    source: str


@dataclasses.dataclass(frozen=True)
class InteractionCheck(Result):
    """The medications the lexicon knows, with their interaction, in the order given, and the
    names it does not know (``unrecognised``), in the order given: those were NOT checked."""

    _op: ClassVar[str] = "interactions"

    interactions: tuple[Interaction, ...]
    unrecognised: tuple[str, ...]
    findings: tuple[Finding, ...]
    allowed: bool


def interactions(medications: Sequence[str]) -> InteractionCheck:
    """Checks a patient's other ``medications`` (1 to 100 names or class names) against the
    interaction classes of the labels: ``interactions(["Morphine", " amLODipine ", "aspirin"])``
    finds an opioid (major) and an antihypertensive (moderate), and says aspirin was not
    checked.

    A name matches without regard to case, surrounding whitespace, or runs of spaces, ``_`` and
    ``-`` inside it. The class names match too (``"opioids"``, ``"general_anaesthetic"``,
    ``"TCA"``); the lexicon holds common members of each class (morphine, fentanyl, diazepam,
    midazolam, zolpidem, propofol, amitriptyline, amlodipine, ziconotide...). Severity (000 Drug
    Interactions): major for opioid, benzodiazepine, sedative, hypnotic, general_anaesthetic
    (CNS and respiratory depression) and tricyclic_antidepressant (hypotonia); moderate for
    alcohol, antihypertensive and intrathecal_agent (001 Precautions and Warnings).

    Findings: ``major_interaction`` (soft), ``moderate_interaction`` (info),
    ``unrecognised_medication`` (info; 000 Before Using This Medicine: those names were not
    checked, check them by hand).

    A text is one name, not a list, and is refused (``invalid_value`` on ``medications``),
    never read letter by letter; so is an empty list; more than 100 names, ``out_of_range``. A
    blank name, or one given twice (as names are compared), raises :class:`InputError`
    (``invalid_value``) naming its element (``medications[1]``).
    """
    return _native.interactions(native_list(medications))
