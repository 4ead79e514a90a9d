"""Monitoring: what to watch, how often, and what to do, in each phase of the therapy.

From 000 Monitoring (baseline and routine monitoring: spasticity, adverse effects, vital signs,
the pump at each refill), 001 (respiratory and cardiac monitoring and resuscitation facilities
during screening and after implant; new neurological signs; scoliosis) and 002 Warnings (a
medically supervised, equipped setting for screening and the adjustment after implant; close
monitoring after every change of the dosing rate or the concentration). The texts are the
project's short wording of the sources' facts."""

from __future__ import annotations

import dataclasses
import enum
from typing import ClassVar, Literal, Union

from . import _native
from ._results import Finding, Result


class MonitoringPhase(enum.StrEnum):
    """A phase of the therapy. Each member is its protocol id, a text:
    ``MonitoringPhase.AFTER_CHANGE == "after_change"``; :func:`monitoring_plan` takes either."""

    #: The screening (test) boluses.
    SCREENING = "screening"
    #: The dose titration after implant.
    TITRATION = "titration"
    #: Long-term maintenance.
    MAINTENANCE = "maintenance"
    #: After a change of the dosing rate or the concentration.
    AFTER_CHANGE = "after_change"


#: A phase argument: a member of :class:`MonitoringPhase`, or its id.
MonitoringPhaseId = Union[
    MonitoringPhase,
    Literal["screening"],
    Literal["titration"],
    Literal["maintenance"],
    Literal["after_change"],
]


@dataclasses.dataclass(frozen=True)
class MonitoringItem:
    """One thing to monitor: ``what`` to watch, how often (``frequency``), what to do about it
    (``action``), and the label section that says so."""

    what: str
    frequency: str
    action: str
    source: str


@dataclasses.dataclass(frozen=True)
class MonitoringPlan(Result):
    """What to monitor in ``phase``. No findings: a plan, not a check (``findings`` is empty and
    ``allowed`` True, as in the protocol's response)."""

    _op: ClassVar[str] = "monitoring_plan"

    phase: MonitoringPhase
    items: tuple[MonitoringItem, ...]
    findings: tuple[Finding, ...]
    allowed: bool


def monitoring_plan(phase: MonitoringPhaseId) -> MonitoringPlan:
    """What to monitor in ``phase`` (``"screening"``, ``"titration"``, ``"maintenance"``,
    ``"after_change"``, or a :class:`MonitoringPhase`), how often, and what to do.

    Screening: a baseline of spasticity, motor function, reflexes and sensation (000 Monitoring),
    an infection-free patient, respiratory and cardiac function and resuscitation equipment
    throughout (001; 002 Warnings), the response to each bolus. Titration: close monitoring
    after implant in an equipped setting (001), spasticity daily, adverse effects, vital signs
    (000 Routine Monitoring). Maintenance: spasticity monthly to quarterly, adverse effects,
    vital signs and the pump (reservoir, operation, alarms) at each refill (000), new
    neurological signs, scoliosis (001). After a change of the dosing rate or the concentration:
    close monitoring until the response is stable (002 Warnings), and the signs of overdose and
    withdrawal (000 Seek Immediate Medical Attention).

    Another ``phase`` raises :class:`InputError` (``invalid_value``, listing the phases).
    """
    return _native.monitoring_plan(phase)
