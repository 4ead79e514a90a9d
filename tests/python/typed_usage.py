"""Typed use of the itb package, checked by `mypy --strict` (not a pytest module).

If a stub or an annotation in itb drifts from how the package is meant to be used, this file
stops type-checking.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import itb


def plan(records: NDArray[np.float64]) -> tuple[float, str, NDArray[np.float64]]:
    concentration = itb.Concentration("10 mg/20 mL")
    same: itb.Concentration = itb.Concentration(0.5, "mg/mL")
    assert concentration == same
    in_mcg: float = concentration.to("mcg/mL")
    dose: itb.DoseRate = itb.convert(itb.DoseRate("0.5 mg/day"), "mcg/day")
    any_quantity: itb.Quantity = itb.convert("1 day", "h")
    dv: itb.DailyVolume = itb.daily_volume(dose, concentration)
    flow: itb.FlowRate = dv.flow_rate
    findings: tuple[itb.Finding, ...] = dv.findings
    allowed: bool = dv.allowed and all(f.severity != "hard" for f in findings)
    recipe: itb.Dilution = itb.dilution("2 mg/mL", concentration, itb.Volume("20 mL"))
    opened: itb.Containers = itb.containers("itb_500mcg_20ml", "30 mg")
    kit: itb.Containers = itb.containers("itb_2000mcg_20ml", volume="20 mL", concentration="1 mg/mL")
    catalogue: tuple[itb.Product, ...] = itb.products().products
    maybe: itb.Volume | None = catalogue[0].volume
    response: dict[str, object] = itb.evaluate({"op": "products"})
    as_dict: dict[str, object] = recipe.to_dict()
    flows = itb.daily_volume_array(records, "mcg/day", 2000.0, "mcg/mL", "mL/day")
    try:
        itb.Mass(-1, "mg")
    except itb.InputError as e:
        code: str = e.code
        field: str | None = e.field
        assert code and field
    except itb.ItbError:
        pass
    del any_quantity, allowed, opened, kit, maybe, response, as_dict
    return in_mcg + flow.to("mL/day"), itb.__version__, flows


def dosing(profile: itb.Profile, origin: itb.Origin, phase: itb.Phase) -> tuple[itb.DoseRate, bool]:
    plan: itb.ScreeningPlan = itb.screening_plan(profile, age_years=30, start_dose=itb.Mass("25 mcg"))
    volumes: list[itb.Volume] = [d.volume for d in plan.doses]
    interval: itb.Duration = plan.min_interval
    start: itb.InitialDose = itb.initial_daily_dose(profile, plan.doses[-1].dose, "10 h")
    rule: itb.InitialRule = start.rule
    change: itb.Titration = itb.titrate(
        profile, start.daily_dose, -12.5, origin, phase,
        age_years=8, pump_programmable=False, hours_since_last_change=48.0, hours_since_start=72,
    )  # fmt: skip
    limits: list[itb.Quantity | None] = [f.limit for f in change.findings]
    percent: itb.Ratio = itb.Ratio(30, "%")
    del volumes, interval, rule, limits, percent
    return change.new_daily_dose, plan.allowed and start.allowed and change.allowed
