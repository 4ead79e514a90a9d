"""Typed use of the itb package, checked by `mypy --strict` (not a pytest module).

If a stub or an annotation in itb drifts from how the package is meant to be used, this file
stops type-checking.
"""

from __future__ import annotations

import datetime as dt

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


def refill(pump: itb.PumpModel, when: dt.datetime, records: NDArray[np.float64]) -> tuple[dt.date | None, bool]:
    plan: itb.RefillPlan = itb.refill_plan(pump, "2000 mcg/mL", itb.DoseRate("500 mcg/day"), refill_at=when)
    days: itb.Duration = plan.days_to_alarm
    ampoules: list[tuple[str, int]] = [(c.product, c.count) for c in plan.containers]
    custom = itb.CustomPump(itb.Volume("30 mL"), "3 mL", accuracy_percent=15, programmable=False)
    boost: itb.NightBoost = itb.night_boost("576 mcg/day", 20, "22:00", "06:00", lead_time=itb.Duration("90 min"))
    steps: tuple[itb.FlexStep, ...] = itb.flex_daily_dose([("04:00", "24 mcg/h"), {"start": "20:00", "rate": "28.8 mcg/h"}]).steps
    flex: itb.RefillPlan = itb.refill_plan(custom, "1000 mcg/mL", steps=boost.steps + steps)
    visit: itb.Reconciliation = itb.reconcile("20 mL", "60 day", "3 mL", flow_rate="0.25 mL/day", pump=pump)
    error: itb.Ratio = visit.delivery_error
    subjects: list[itb.Quantity] = [f.subject for f in flex.findings]
    bridge: itb.Bridge = itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", itb.Volume("0.2 mL"))
    catheter: itb.Volume = itb.catheter_volume(catheter="prometra_ii", trimmed_length=itb.Length("10 cm")).volume
    fill: itb.ConstantFlowFill = itb.constant_flow_fill("20 mL", "1 mL/day", "400 mcg/day", "2000 mcg/mL", priming_overage="3 mL")
    days_left: NDArray[np.float64] = itb.days_to_alarm_array(pump, records, 500.0, records, alarm_volume_ml=2.0)
    count: itb.Count = itb.Count(14, "step")
    del days, ampoules, error, subjects, bridge, catheter, fill, days_left, count
    return plan.alarm_at, visit.allowed


def version_2(profile: itb.Profile, origin: itb.Origin, phase: itb.Phase) -> tuple[itb.DoseRate, bool]:
    screening: itb.ScreeningPlan = itb.screening_plan(profile, start_dose="25 mcg", hours_since_last_dose=36.0)
    check: itb.ProgrammingCheck = itb.programming_check("500 mcg/day", itb.Concentration("500 mcg/mL"), "2000 mcg/mL")
    ratio: float = check.dose_ratio
    delivered: itb.DoseRate = check.delivered_daily_dose
    schedule: itb.TitrationSchedule = itb.titration_schedule(
        profile, origin, phase, "100 mcg/day", itb.DoseRate("200 mcg/day"),
        step_percent=25, pump_programmable=False, age_years=30,
    )  # fmt: skip
    steps: tuple[itb.DoseStep, ...] = schedule.steps
    days: list[itb.Duration] = [s.at for s in steps]
    count: int = schedule.step_count
    percent: float = schedule.step_percent
    taper: itb.TaperSchedule = itb.taper_schedule("400 mcg/day", "0 mcg/day", itb.Duration("28 day"), interval="2 day")
    last: itb.DoseRate = taper.steps[-1].daily_dose
    profile_: itb.PkProfile = itb.pk_profile(["0 h", itb.Duration("90 min")], bolus=itb.Mass("100 mcg"), half_life="1.51 h", clearance="30 mL/h")
    infusion: itb.PkProfile = itb.pk_profile(("0 h", "5 h"), daily_dose="720 mcg/day")
    points: tuple[itb.PkPoint, ...] = profile_.points
    cisternal: list[itb.Concentration] = [p.cisternal for p in points]
    steady: itb.Concentration | None = infusion.steady_state
    t90: itb.Duration | None = infusion.time_to_90_percent
    volume: itb.Volume = infusion.volume
    factors: list[itb.RiskFactor] = [itb.RiskFactor.PRIOR_WITHDRAWAL, itb.RiskFactor("sci_t6_or_above")]
    plan: itb.RefillPlan = itb.refill_plan("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", risk_factors=factors)
    earliest: itb.Duration = plan.earliest_alarm
    visit: itb.Reconciliation = itb.reconcile(
        "20 mL", "80 day", "0 mL", flow_rate="0.25 mL/day", risk_factors=["communication_difficulty", itb.RiskFactor.PRIOR_WITHDRAWAL]
    )
    bridge: itb.Bridge = itb.bridge_bolus("500 mcg/mL", "2000 mcg/mL", "400 mcg/day", "0.2 mL")
    findings: tuple[itb.Finding, ...] = bridge.findings + visit.findings + screening.findings
    del ratio, delivered, days, count, percent, last, cisternal, steady, t90, volume, earliest, findings
    return schedule.steps[-1].daily_dose, check.allowed and taper.allowed and plan.allowed


def knowledge(profile: itb.Profile, phase: itb.MonitoringPhase) -> tuple[list[str], bool]:
    lists: tuple[itb.SignList, ...] = itb.signs()
    (overdose,) = itb.signs(itb.SignListId.OVERDOSE)
    withdrawal: itb.SignList = itb.signs("withdrawal")[0]
    codes: list[itb.SignCode] = [s.code for s in overdose.signs]
    actions: tuple[itb.Action, ...] = withdrawal.actions
    first: itb.Sign = lists[2].signs[0]
    seen: list[itb.SignCode | str] = ["seizures", itb.SignCode.PUMP_ALARM]
    triage: itb.Triage = itb.triage([itb.SignCode.SEIZURES, "high_fever"])
    matched: list[itb.SignListId] = [m.list for m in triage.matches]
    match: itb.Match = triage.matches[0]
    check: itb.InteractionCheck = itb.interactions(["Morphine", " amLODipine ", "aspirin"])
    interaction: itb.Interaction = check.interactions[0]
    drug_class: itb.DrugClass = interaction.drug_class
    severity: itb.InteractionSeverity = interaction.severity
    unrecognised: tuple[str, ...] = check.unrecognised
    patient: itb.PatientCheck = itb.patient_check(
        profile=profile, age_years=70, pregnant=False, breastfeeding=True, infection=False,
        months_since_head_injury=11.5, route=itb.Route.INTRATHECAL, risk_factors=[itb.RiskFactor.PRIOR_WITHDRAWAL],
    )  # fmt: skip
    by_id: itb.PatientCheck = itb.patient_check(route="oral", risk_factors=["sci_t6_or_above"])
    checked: tuple[str, ...] = patient.checked
    plan: itb.MonitoringPlan = itb.monitoring_plan(phase)
    after: itb.MonitoringPlan = itb.monitoring_plan("after_change")
    item: itb.MonitoringItem = plan.items[0]
    echoed: itb.MonitoringPhase = after.phase
    findings: tuple[itb.Finding, ...] = triage.findings + check.findings + patient.findings + plan.findings
    del codes, actions, first, seen, matched, match, drug_class, severity, unrecognised, checked, item, echoed, findings
    return [i.frequency for i in after.items], triage.allowed and check.allowed and by_id.allowed
