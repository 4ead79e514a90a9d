"""The patient: what about them changes the care a computation calls for (the withdrawal risk
factors of 002 Boxed Warning), and the patient-level cautions of the labels
(:func:`patient_check`)."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from typing import ClassVar, Literal, Union

from . import _native
from ._arguments import flag, id_, number
from ._dosing import _PROFILES, Profile
from ._results import Finding, Result


class RiskFactor(enum.StrEnum):
    """A withdrawal risk factor of the US boxed warning (002 Boxed Warning: "spinal cord injuries
    at T-6 or above, communication difficulties, history of withdrawal symptoms from oral or
    intrathecal baclofen"). Each member is its protocol id, a text: ``RiskFactor.PRIOR_WITHDRAWAL
    == "prior_withdrawal"``; a function takes either."""

    #: A spinal cord injury at T6 or above.
    SCI_T6_OR_ABOVE = "sci_t6_or_above"
    #: Difficulty communicating: the patient may not report early signs.
    COMMUNICATION_DIFFICULTY = "communication_difficulty"
    #: Withdrawal symptoms before, from oral or intrathecal baclofen.
    PRIOR_WITHDRAWAL = "prior_withdrawal"


#: A risk factor argument: a member of :class:`RiskFactor`, or its id.
RiskFactorId = Union[
    RiskFactor,
    Literal["sci_t6_or_above"],
    Literal["communication_difficulty"],
    Literal["prior_withdrawal"],
]


def native_risk_factors(value: object) -> object:
    """Risk factors as the native module takes them: a list of a sequence, None for none given.
    Anything else (a text, a set, a number) goes as it is, and the core refuses it in its turn
    (risk factors are read last), as the protocol refuses a value that is not a list: a text is
    never read letter by letter."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    return value


class Route(enum.StrEnum):
    """How a drug is given. Intrathecal baclofen is for the intrathecal route only (002
    Description; 002 Contraindications). Each member is its protocol id, a text:
    ``Route.ORAL == "oral"``; :func:`patient_check` takes either."""

    #: Into the cerebrospinal fluid: the only route of intrathecal baclofen.
    INTRATHECAL = "intrathecal"
    #: Into a vein.
    INTRAVENOUS = "intravenous"
    #: Into a muscle.
    INTRAMUSCULAR = "intramuscular"
    #: Under the skin.
    SUBCUTANEOUS = "subcutaneous"
    #: Into the epidural space.
    EPIDURAL = "epidural"
    #: By mouth.
    ORAL = "oral"


#: A route argument: a member of :class:`Route`, or its id.
RouteId = Union[
    Route,
    Literal["intrathecal"],
    Literal["intravenous"],
    Literal["intramuscular"],
    Literal["subcutaneous"],
    Literal["epidural"],
    Literal["oral"],
]


@dataclasses.dataclass(frozen=True)
class PatientCheck(Result):
    """The patient-level cautions of the labels: ``checked`` names the inputs that were checked
    (the arguments given, ``profile`` aside, in the order ``age_years``, ``pregnant``,
    ``breastfeeding``, ``infection``, ``months_since_head_injury``, ``route``,
    ``risk_factors``; a flag given as False is checked too), and the findings say what applies."""

    _op: ClassVar[str] = "patient_check"

    checked: tuple[str, ...]
    findings: tuple[Finding, ...]
    allowed: bool


def patient_check(
    *,
    profile: Profile | None = None,
    age_years: float | None = None,
    pregnant: bool | None = None,
    breastfeeding: bool | None = None,
    infection: bool | None = None,
    months_since_head_injury: float | None = None,
    route: RouteId | None = None,
    risk_factors: Sequence[RiskFactorId] | None = None,
) -> PatientCheck:
    """The patient-level cautions of the labels for what is known of a patient; every argument
    is optional, at least one must be given (None: not known, not checked).

    ``age_years`` (a plain number of years, 0 to 150) needs ``profile`` (``"us"`` or ``"uk"``),
    which decides the under-4 finding. ``pregnant``, ``breastfeeding``, ``infection``: True or
    False. ``months_since_head_injury``: a plain number of months, 0 or more. ``route``: how the
    drug is to be given (a :class:`Route` or its id). ``risk_factors``: the withdrawal risk
    factors known (:class:`RiskFactor` members or their ids, each once; an empty list: none).

    Findings, in this order: ``age_below_4_years`` (below 4 years; US soft, 000 Pediatric Use;
    UK hard, 001 Contraindications), ``elderly`` (info; 65 or older: 000 Geriatric Use, start
    low and titrate slowly), ``pregnancy`` (soft; 001 Pregnancy and Lactation, 000 Pregnancy),
    ``breastfeeding`` (info; 000 Lactation), ``infection`` (soft; 001 Precautions and Warnings:
    infection-free before screening and implantation), ``head_injury_under_1_year`` (soft; below
    12 months: 001 Therapeutic Indications, 002 Indications and Usage), ``route_not_intrathecal``
    (hard; any route but intrathecal: 002 Description, 002 Contraindications),
    ``withdrawal_risk`` (soft; any risk factor: 002 Boxed Warning).

    Nothing given raises :class:`InputError` (``missing_field``, field None); ``age_years``
    without ``profile``, ``missing_field`` on ``profile``; ``profile`` alone, on ``age_years``.
    A negative age or number of months, ``negative``; an age above 150, ``out_of_range``; an
    unknown route or risk factor, ``invalid_value`` listing the ids.
    """
    # What the protocol reads at once, in its order; the route and risk factors wait for the core.
    checked = None if profile is None else id_(profile, "profile", _PROFILES)
    age = None if age_years is None else number(age_years, "age_years", "a number of years from 0 to 150")
    pregnant_ = None if pregnant is None else flag(pregnant, "pregnant")
    breastfeeding_ = None if breastfeeding is None else flag(breastfeeding, "breastfeeding")
    infection_ = None if infection is None else flag(infection, "infection")
    months = (
        None
        if months_since_head_injury is None
        else number(months_since_head_injury, "months_since_head_injury", "a number of months, 0 or more")
    )
    risks = None if risk_factors is None else native_risk_factors(risk_factors)
    return _native.patient_check(checked, age, pregnant_, breastfeeding_, infection_, months, route, risks)
