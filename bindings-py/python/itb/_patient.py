"""The patient: what about them changes the care a computation calls for (the withdrawal risk
factors of 002 Boxed Warning)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Literal, Union


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
