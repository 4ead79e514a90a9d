"""Signs: the signs of overdose, of withdrawal and of a pump or catheter problem that the labels
list, what to do about each, and a triage of observed signs into those lists (never a
diagnosis).

The lists are the labels': 000 Overdose Information and Seek Immediate Medical Attention, the
002 Boxed Warning and the 001 withdrawal text. The texts are the project's short wording of the
sources' facts; each sign and action carries the section that states it."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from typing import ClassVar, Literal, Union

from . import _native
from ._arguments import native_list
from ._results import Finding, Result


class SignCode(enum.StrEnum):
    """A sign a patient, a carer or a clinician can observe. Each member is its protocol code, a
    text: ``SignCode.HIGH_FEVER == "high_fever"``; :func:`triage` takes either."""

    # Overdose (000 Overdose Information).
    #: Profound muscle weakness.
    HYPOTONIA = "hypotonia"
    #: Sleepiness, profound drowsiness.
    SOMNOLENCE = "somnolence"
    #: Lightheadedness.
    LIGHTHEADEDNESS = "lightheadedness"
    #: Dizziness.
    DIZZINESS = "dizziness"
    #: Slow or shallow breathing.
    RESPIRATORY_DEPRESSION = "respiratory_depression"
    #: A slow heart rate.
    BRADYCARDIA = "bradycardia"
    #: A low body temperature.
    HYPOTHERMIA = "hypothermia"
    #: Seizures: a sign of overdose and of withdrawal.
    SEIZURES = "seizures"
    #: Loss of consciousness, coma.
    COMA = "coma"
    # Withdrawal (002 Boxed Warning; 000 Seek Immediate Medical Attention; 001).
    #: A high fever.
    HIGH_FEVER = "high_fever"
    #: Confusion, an altered mental state.
    ALTERED_MENTAL_STATUS = "altered_mental_status"
    #: Hallucinations.
    HALLUCINATIONS = "hallucinations"
    #: Spasticity returning exaggerated.
    REBOUND_SPASTICITY = "rebound_spasticity"
    #: Muscle rigidity.
    MUSCLE_RIGIDITY = "muscle_rigidity"
    #: Itching.
    PRURITUS = "pruritus"
    #: Low blood pressure.
    HYPOTENSION = "hypotension"
    #: Muscle breakdown.
    RHABDOMYOLYSIS = "rhabdomyolysis"
    # A pump or catheter problem (000 Seek Immediate Medical Attention).
    #: Pain at the pump site.
    PUMP_SITE_PAIN = "pump_site_pain"
    #: Redness at the pump site.
    PUMP_SITE_REDNESS = "pump_site_redness"
    #: Swelling at the pump site.
    PUMP_SITE_SWELLING = "pump_site_swelling"
    #: Warmth at the pump site.
    PUMP_SITE_WARMTH = "pump_site_warmth"
    #: A pump alarm.
    PUMP_ALARM = "pump_alarm"
    #: A sudden return of spasticity.
    SUDDEN_RETURN_OF_SPASTICITY = "sudden_return_of_spasticity"


class SignListId(enum.StrEnum):
    """A list of signs. Each member is its protocol id, a text: ``SignListId.PUMP_PROBLEM ==
    "pump_problem"``; :func:`signs` takes either."""

    #: Overdose (000 Overdose Information).
    OVERDOSE = "overdose"
    #: Withdrawal (002 Boxed Warning).
    WITHDRAWAL = "withdrawal"
    #: A pump or catheter problem (000 Seek Immediate Medical Attention).
    PUMP_PROBLEM = "pump_problem"


#: A sign argument: a member of :class:`SignCode`, or its code.
SignCodeId = Union[
    SignCode,
    Literal["hypotonia"],
    Literal["somnolence"],
    Literal["lightheadedness"],
    Literal["dizziness"],
    Literal["respiratory_depression"],
    Literal["bradycardia"],
    Literal["hypothermia"],
    Literal["seizures"],
    Literal["coma"],
    Literal["high_fever"],
    Literal["altered_mental_status"],
    Literal["hallucinations"],
    Literal["rebound_spasticity"],
    Literal["muscle_rigidity"],
    Literal["pruritus"],
    Literal["hypotension"],
    Literal["rhabdomyolysis"],
    Literal["pump_site_pain"],
    Literal["pump_site_redness"],
    Literal["pump_site_swelling"],
    Literal["pump_site_warmth"],
    Literal["pump_alarm"],
    Literal["sudden_return_of_spasticity"],
]

#: A list argument: a member of :class:`SignListId`, or its id.
ListId = Union[SignListId, Literal["overdose"], Literal["withdrawal"], Literal["pump_problem"]]


@dataclasses.dataclass(frozen=True)
class Sign:
    """A sign of a list: its ``code``, what it looks like in plain words, and the label section
    that names it."""

    code: SignCode
    text: str
    source: str


@dataclasses.dataclass(frozen=True)
class Action:
    """What to do: the project's wording of a label's instruction, with its section."""

    text: str
    source: str


@dataclasses.dataclass(frozen=True)
class SignList:
    """A list of signs (``list``: overdose, withdrawal or pump_problem), in the label's order,
    and what to do when they appear."""

    list: SignListId
    signs: tuple[Sign, ...]
    actions: tuple[Action, ...]


@dataclasses.dataclass(frozen=True)
class Match:
    """The observed signs that one list holds, in the list's order."""

    list: SignListId
    signs: tuple[SignCode, ...]


@dataclasses.dataclass(frozen=True)
class Triage(Result):
    """The lists the observed signs fall in, most matches first (ties in the order overdose,
    withdrawal, pump_problem); lists without a match are left out. Never a diagnosis."""

    _op: ClassVar[str] = "triage"

    matches: tuple[Match, ...]
    findings: tuple[Finding, ...]
    allowed: bool  # False when signs of overdose or withdrawal are seen: seek help at once


def signs(list: ListId | None = None) -> tuple[SignList, ...]:
    """The sign lists of the labels, for teaching and checklists: the one ``list`` asked for
    (``"overdose"``, ``"withdrawal"``, ``"pump_problem"``, or a :class:`SignListId`), or all
    three in that order. Each list's signs carry their code (:class:`SignCode`), a plain text
    and their source; its actions say what to do.

    Overdose (000 Overdose Information): hypotonia, somnolence, lightheadedness, dizziness,
    respiratory depression, bradycardia, hypothermia, seizures, coma; seek help at once,
    supportive care (airway, breathing, vital signs), no induced vomiting, physostigmine only by
    specialists. Withdrawal (002 Boxed Warning; 000 Seek Immediate Medical Attention; 001): high
    fever, altered mental status, hallucinations, rebound spasticity, muscle rigidity, pruritus,
    hypotension, seizures, rhabdomyolysis; seek help at once and restore intrathecal delivery
    (check the pump, its programming, the refill and the catheter). A pump problem (000 Seek
    Immediate Medical Attention): pain, redness, swelling or warmth at the pump site, a pump
    alarm, a sudden return of spasticity.

    The lists are constants: each call returns the same objects. Another ``list`` raises
    :class:`InputError` (``invalid_value``, listing the ids).
    """
    return _native.signs(list)


def triage(signs: Sequence[SignCodeId]) -> Triage:
    """Which lists the observed ``signs`` fall in (a list of :class:`SignCode` members or their
    codes, each once): ``triage(["seizures"])`` matches overdose and withdrawal, seizures being
    on both. Never a diagnosis.

    Findings, one per matched list: ``overdose_signs`` (hard; 000 Overdose Information: seek
    medical help at once), ``withdrawal_signs`` (hard; 002 Boxed Warning: seek help and restore
    intrathecal delivery), ``pump_problem_signs`` (soft; 000 Seek Immediate Medical Attention),
    and ``signs_overlap`` (info; 000 Clinical Pearls: overdose can mimic withdrawal) when both
    overdose and withdrawal match.

    A text is one sign, not a list, and is refused (``invalid_value`` on ``signs``), never read
    letter by letter; so is an empty list. An unknown or repeated code raises
    :class:`InputError` (``invalid_value``) naming its element (``signs[1]``) and listing the
    codes.
    """
    return _native.triage(native_list(signs))

