"""monitoring_plan (protocol version 2) through the Python API: what each phase asks for, the
errors, the result object, and the golden vectors through the typed function.

From docs/PROTOCOL.md (`monitoring_plan`) and the labels: respiratory and cardiac monitoring and
resuscitation equipment during screening (001 Screening Phase; 002 Warnings); spasticity daily
during titration and monthly to quarterly in maintenance, the pump (reservoir, alarms) at each
refill (000 Routine Monitoring); after every change of the dosing rate or the concentration,
close monitoring (002 Warnings) and the signs of overdose and withdrawal (000 Seek Immediate
Medical Attention). No findings.
"""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, Callable

import pytest

import itb
from golden import Case, compare_response, load, typed_call
from itb import MonitoringPhase


def items(plan: itb.MonitoringPlan) -> list[tuple[str, str, str, str]]:
    return [(i.what, i.frequency, i.action, i.source) for i in plan.items]


def test_after_a_change_the_response_and_the_signs_of_overdose_and_withdrawal() -> None:
    plan = itb.monitoring_plan("after_change")
    assert plan.phase is MonitoringPhase.AFTER_CHANGE
    response, signs = plan.items
    # 002 Warnings: close monitoring after every change of the dosing rate or the concentration
    assert response.source == "002 Warnings"
    assert "after each change" in response.frequency and "close" in response.action
    # the signs the 000 label tells patients to seek help for
    assert "overdose" in signs.what and "withdrawal" in signs.what
    assert signs.source == "000 Seek Immediate Medical Attention"
    assert (plan.findings, plan.allowed) == ((), True)


def test_screening_watches_breathing_and_the_heart_with_resuscitation_at_hand() -> None:
    plan = itb.monitoring_plan(MonitoringPhase.SCREENING)
    by_what = {i.what: i for i in plan.items}
    assert by_what["respiratory and cardiac function"].source == "001 Additional Dosage Information/Screening Phase"
    assert by_what["resuscitation equipment"].source == "002 Warnings"
    assert any(i.what == "infection" for i in plan.items)  # an infection-free patient (001)


def test_spasticity_daily_in_titration_monthly_to_quarterly_in_maintenance() -> None:
    def spasticity(phase: itb.MonitoringPhase) -> str:
        (item,) = [i for i in itb.monitoring_plan(phase).items if i.what == "spasticity and function"]
        assert item.source == "000 Monitoring/Routine Monitoring"
        return item.frequency

    assert "daily" in spasticity(MonitoringPhase.TITRATION)
    assert "monthly to quarterly" in spasticity(MonitoringPhase.MAINTENANCE)
    pump = [i for i in itb.monitoring_plan("maintenance").items if i.what.startswith("the pump")]
    assert len(pump) == 1 and "reservoir" in pump[0].what and "alarms" in pump[0].what
    assert "each refill" in pump[0].frequency


def test_every_phase_has_items_each_with_a_source() -> None:
    assert tuple(MonitoringPhase) == itb._native.MONITORING_PHASES
    for phase in MonitoringPhase:
        plan = itb.monitoring_plan(phase)
        assert plan.phase is phase and plan.items
        assert all(i.what and i.frequency and i.action and i.source for i in plan.items)


def test_to_dict_is_the_protocol_response_and_the_plan_is_frozen() -> None:
    plan = itb.monitoring_plan("titration")
    assert plan.to_dict() == itb.evaluate({"op": "monitoring_plan", "phase": "titration"})
    assert plan.to_dict()["result"]["phase"] == "titration"
    assert type(plan.to_dict()["result"]["phase"]) is str
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.items = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(plan)) == plan


# --- bad input -------------------------------------------------------------------------------------

PHASES = "screening, titration, maintenance, after_change"


@pytest.mark.parametrize(
    ("phase", "fragment"),
    [("AFTER_CHANGE", "'AFTER_CHANGE' is not allowed"), ("weekly", "'weekly'"), (None, "None"), (3, "3 is not allowed")],
)
def test_another_phase_is_refused_listing_the_phases(phase: Any, fragment: str) -> None:
    with pytest.raises(itb.InputError) as info:
        itb.monitoring_plan(phase)
    assert (info.value.code, info.value.field) == ("invalid_value", "phase")
    message = str(info.value)
    assert message.startswith("phase") and fragment in message and PHASES in message, message
    expected = itb.evaluate({"op": "monitoring_plan", "phase": phase})["error"]
    assert (expected["code"], expected["field"]) == ("invalid_value", "phase")


# --- the golden vectors through the typed function -------------------------------------------------

FUNCTIONS: dict[str, Callable[..., Any]] = {"monitoring_plan": itb.monitoring_plan}
GOLDEN = [(case, args) for case in load() if (args := typed_call(case, FUNCTIONS)) is not None]


def test_most_golden_cases_are_typed_calls() -> None:
    assert len(GOLDEN) >= 4, len(GOLDEN)


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
