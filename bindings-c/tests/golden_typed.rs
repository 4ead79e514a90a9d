//! The dosing vectors of `tests/golden` (screening_plan, initial_daily_dose, titrate,
//! titration_schedule, taper_schedule, pk_profile) through the typed functions
//! `itb_screening_plan`, `itb_initial_daily_dose`, `itb_titrate`, `itb_titration_schedule`,
//! `itb_taper_schedule` and `itb_pk_profile`: the C structs must give what the protocol gives,
//! errors included (status and field, in the same order of checks).
//!
//! A request is translated field by field: ids to `ITB_*` codes, quantity text to a typed struct
//! (parsed by the core, as the protocol does), plain numbers and bools as they are, absent
//! optional fields as `has_* = false` or the protocol's default; a schedule's steps and a
//! profile's points come from an array of `ITB_TAPER_MAX_STEPS`, `ITB_TITRATION_MAX_STEPS` or
//! `times_len` items; PK `bolus` or `daily_dose` is the `kind`. A case the typed API cannot
//! express (a missing or unknown field, text that does not parse, a profile that is no id, a
//! number given as a string, both or neither of `bolus` and `daily_dose`) is left to
//! `itb_eval_json`, whose golden test runs every case; every success case must translate.

mod typed;

use itb_c::dosing::*;
use itb_c::finding::{ITB_FINDINGS_CAPACITY, ItbFinding};
use itb_c::pharmacokinetics::*;
use itb_c::profile::*;
use itb_c::quantity::*;
use itb_c::status::{ItbError, ItbStatus};
use itb_c::taper::*;
use itb_c::titration::*;
use serde_json::{Value, json};
use typed::{
    Answer, Inexpressible, Request, boolean, c_text, call, code, findings, number, q, quantities,
    quantity, required, run, with_result,
};

/// The protocol's field names of each operation: any other field is inexpressible.
const FIELDS: [(&str, &[&str]); 6] = [
    (
        "screening_plan",
        &[
            "profile",
            "age_years",
            "start_dose",
            "concentration",
            "hours_since_last_dose",
        ],
    ),
    (
        "initial_daily_dose",
        &["profile", "effective_bolus", "effect_duration"],
    ),
    (
        "titrate",
        &[
            "profile",
            "current_daily_dose",
            "change_percent",
            "origin",
            "phase",
            "age_years",
            "pump_programmable",
            "hours_since_last_change",
            "hours_since_start",
        ],
    ),
    (
        "titration_schedule",
        &[
            "profile",
            "origin",
            "phase",
            "current_daily_dose",
            "target_daily_dose",
            "step_percent",
            "pump_programmable",
            "age_years",
        ],
    ),
    (
        "taper_schedule",
        &[
            "current_daily_dose",
            "target_daily_dose",
            "duration",
            "interval",
        ],
    ),
    (
        "pk_profile",
        &["bolus", "daily_dose", "times", "half_life", "clearance"],
    ),
];

fn profile(req: &Request) -> Result<u32, Inexpressible> {
    code(
        req,
        "profile",
        &[("us", ITB_PROFILE_US), ("uk", ITB_PROFILE_UK)],
    )
}

fn origin(req: &Request) -> Result<u32, Inexpressible> {
    code(
        req,
        "origin",
        &[
            ("spinal", ITB_ORIGIN_SPINAL),
            ("cerebral", ITB_ORIGIN_CEREBRAL),
        ],
    )
}

fn phase(req: &Request) -> Result<u32, Inexpressible> {
    code(
        req,
        "phase",
        &[
            ("titration", ITB_PHASE_TITRATION),
            ("maintenance", ITB_PHASE_MAINTENANCE),
        ],
    )
}

/// A typed struct of a required quantity field.
macro_rules! field {
    ($req:expr, $name:literal, $ty:ident) => {{
        let (value, unit) = required(quantity($req, $name)?)?;
        $ty { value, unit }
    }};
}

/// A typed struct of an optional quantity field as (given, struct); NaN with unit 0 when absent
/// (not read).
macro_rules! optional {
    ($req:expr, $name:literal, $ty:ident) => {{
        match quantity($req, $name)? {
            Some((value, unit)) => (true, $ty { value, unit }),
            None => (
                false,
                $ty {
                    value: f64::NAN,
                    unit: 0,
                },
            ),
        }
    }};
}

/// The findings of a result struct as the protocol writes them.
fn result_findings(allowed: bool, list: &[ItbFinding; ITB_FINDINGS_CAPACITY], len: usize) -> Value {
    findings(allowed, &list[..len])
}

/// Calls an export that writes an array of up to `capacity` items and its result struct: the
/// result and the items it counts (`count` reads the count from the result).
fn call_with_array<T, I: Clone>(
    capacity: usize,
    unset: I,
    count: impl Fn(&T) -> usize,
    f: impl FnOnce(*mut I, usize, *mut T, *mut ItbError) -> ItbStatus,
) -> Result<(T, Vec<I>), (ItbStatus, String)> {
    let mut items = vec![unset; capacity];
    let ptr = items.as_mut_ptr();
    let result = call(|out, e| f(ptr, capacity, out, e))?;
    items.truncate(count(&result));
    Ok((result, items))
}

fn steps_json(steps: &[ItbDoseStep]) -> Value {
    let list: Vec<Value> = steps
        .iter()
        .map(|s| {
            json!({
                "at": q(s.at.value, s.at.unit),
                "daily_dose": q(s.daily_dose.value, s.daily_dose.unit),
            })
        })
        .collect();
    Value::Array(list)
}

const UNSET_STEP: ItbDoseStep = ItbDoseStep {
    at: ItbDuration {
        value: f64::NAN,
        unit: 0,
    },
    daily_dose: ItbDoseRate {
        value: f64::NAN,
        unit: 0,
    },
};

fn screening_plan(req: &Request) -> Result<Answer, Inexpressible> {
    let profile = profile(req)?;
    let (has_age, age_years) = number(req, "age_years")?;
    let (v, u) = quantity(req, "start_dose")?
        .unwrap_or((ITB_SCREENING_DEFAULT_START_DOSE_MCG, ITB_UNIT_MCG));
    let start = ItbMass { value: v, unit: u };
    let (v, u) = quantity(req, "concentration")?.unwrap_or((
        ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML,
        ITB_UNIT_MCG_PER_ML,
    ));
    let c = ItbConcentration { value: v, unit: u };
    let (has_hours, hours) = number(req, "hours_since_last_dose")?;
    // SAFETY: `call` passes valid pointers.
    let r = call(|out, e| unsafe {
        itb_screening_plan(
            profile, has_age, age_years, start, c, has_hours, hours, out, e,
        )
    });
    Ok(r.map(|p: ItbScreeningPlan| {
        let doses: Vec<Value> = p.doses[..p.doses_len]
            .iter()
            .map(|d| {
                let dose = q(d.dose.value, d.dose.unit);
                json!({"dose": dose, "volume": q(d.volume.value, d.volume.unit)})
            })
            .collect();
        let result = json!({
            "doses": doses,
            "min_interval": q(p.min_interval.value, p.min_interval.unit),
            "max_dose": q(p.max_dose.value, p.max_dose.unit),
        });
        with_result(result, findings(p.allowed, &p.findings[..p.findings_len]))
    }))
}

fn initial_daily_dose(req: &Request) -> Result<Answer, Inexpressible> {
    let profile = profile(req)?;
    let (v, u) = required(quantity(req, "effective_bolus")?)?;
    let bolus = ItbMass { value: v, unit: u };
    let (v, u) = required(quantity(req, "effect_duration")?)?;
    let effect = ItbDuration { value: v, unit: u };
    // SAFETY: `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_initial_daily_dose(profile, bolus, effect, out, e) });
    Ok(r.map(|d: ItbInitialDose| {
        let rule = match d.rule {
            ITB_RULE_DOUBLE_BOLUS => "double_bolus",
            ITB_RULE_SAME_AS_BOLUS => "same_as_bolus",
            other => panic!("rule {other}"),
        };
        let source = c_text(d.rule_source);
        let result = json!({
            "daily_dose": q(d.daily_dose.value, d.daily_dose.unit),
            "rule": rule,
            "rule_source": source,
        });
        with_result(result, findings(d.allowed, &d.findings[..d.findings_len]))
    }))
}

fn titrate(req: &Request) -> Result<Answer, Inexpressible> {
    let profile = profile(req)?;
    let (v, u) = required(quantity(req, "current_daily_dose")?)?;
    let (has_change, change_percent) = number(req, "change_percent")?;
    let origin = code(
        req,
        "origin",
        &[
            ("spinal", ITB_ORIGIN_SPINAL),
            ("cerebral", ITB_ORIGIN_CEREBRAL),
        ],
    )?;
    let phase = code(
        req,
        "phase",
        &[
            ("titration", ITB_PHASE_TITRATION),
            ("maintenance", ITB_PHASE_MAINTENANCE),
        ],
    )?;
    let (has_age, age_years) = number(req, "age_years")?;
    let pump_programmable = boolean(req, "pump_programmable", true)?; // the protocol's default
    let (has_last, hours_last) = number(req, "hours_since_last_change")?;
    let (has_start, hours_start) = number(req, "hours_since_start")?;
    required(has_change.then_some(()))?;
    let change = ItbDoseChange {
        profile,
        current_daily_dose: ItbDoseRate { value: v, unit: u },
        change_percent,
        origin,
        phase,
        has_age,
        age_years,
        pump_programmable,
        has_hours_since_last_change: has_last,
        hours_since_last_change: hours_last,
        has_hours_since_start: has_start,
        hours_since_start: hours_start,
    };
    // SAFETY: `change` is valid; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_titrate(&change, out, e) });
    Ok(r.map(|t: ItbTitration| {
        let result = json!({"new_daily_dose": q(t.new_daily_dose.value, t.new_daily_dose.unit)});
        with_result(result, findings(t.allowed, &t.findings[..t.findings_len]))
    }))
}

fn titration_schedule(req: &Request) -> Result<Answer, Inexpressible> {
    let (has_step_percent, step_percent) = number(req, "step_percent")?;
    let (has_age, age_years) = number(req, "age_years")?;
    let request = ItbTitrationScheduleRequest {
        profile: profile(req)?,
        origin: origin(req)?,
        phase: phase(req)?,
        current_daily_dose: field!(req, "current_daily_dose", ItbDoseRate),
        target_daily_dose: field!(req, "target_daily_dose", ItbDoseRate),
        has_step_percent,
        step_percent,
        pump_programmable: boolean(req, "pump_programmable", true)?, // the protocol's default
        has_age,
        age_years,
    };
    let r = call_with_array(
        ITB_TITRATION_MAX_STEPS,
        UNSET_STEP,
        |s: &ItbTitrationSchedule| s.step_count,
        // SAFETY: `request` is valid; the array holds `capacity` items; `call` passes valid
        // pointers.
        |steps, capacity, out, e| unsafe {
            itb_titration_schedule(&request, steps, capacity, out, e)
        },
    );
    Ok(r.map(|(s, steps)| {
        let result = json!({
            "steps": steps_json(&steps),
            "step_count": s.step_count,
            "days_to_target": q(s.days_to_target.value, s.days_to_target.unit),
            "step_percent": s.step_percent,
            "interval": q(s.interval.value, s.interval.unit),
        });
        with_result(
            result,
            result_findings(s.allowed, &s.findings, s.findings_len),
        )
    }))
}

fn taper_schedule(req: &Request) -> Result<Answer, Inexpressible> {
    let (has_interval, interval) = optional!(req, "interval", ItbDuration);
    let request = ItbTaperRequest {
        current_daily_dose: field!(req, "current_daily_dose", ItbDoseRate),
        target_daily_dose: field!(req, "target_daily_dose", ItbDoseRate),
        duration: field!(req, "duration", ItbDuration),
        has_interval,
        interval,
    };
    let r = call_with_array(
        ITB_TAPER_MAX_STEPS,
        UNSET_STEP,
        |t: &ItbTaperSchedule| t.step_count,
        // SAFETY: `request` is valid; the array holds `capacity` items; `call` passes valid
        // pointers.
        |steps, capacity, out, e| unsafe { itb_taper_schedule(&request, steps, capacity, out, e) },
    );
    Ok(r.map(|(t, steps)| {
        let result = json!({
            "steps": steps_json(&steps),
            "step_count": t.step_count,
            "interval": q(t.interval.value, t.interval.unit),
        });
        with_result(
            result,
            result_findings(t.allowed, &t.findings, t.findings_len),
        )
    }))
}

fn pk_profile(req: &Request) -> Result<Answer, Inexpressible> {
    let (has_bolus, bolus) = optional!(req, "bolus", ItbMass);
    let (has_dose, daily_dose) = optional!(req, "daily_dose", ItbDoseRate);
    let kind = match (has_bolus, has_dose) {
        (true, false) => ITB_PK_BOLUS,
        (false, true) => ITB_PK_INFUSION,
        _ => return Err(Inexpressible), // both or neither: the protocol's own errors
    };
    let times: Vec<ItbDuration> = required(quantities(req, "times")?)?
        .into_iter()
        .map(|(value, unit)| ItbDuration { value, unit })
        .collect();
    let (has_half_life, half_life) = optional!(req, "half_life", ItbDuration);
    let (has_clearance, clearance) = optional!(req, "clearance", ItbFlowRate);
    let request = ItbPkRequest {
        kind,
        bolus,
        daily_dose,
        times: times.as_ptr(),
        times_len: times.len(),
        has_half_life,
        half_life,
        has_clearance,
        clearance,
    };
    let unset = ItbPkPoint {
        time: UNSET_STEP.at,
        lumbar: ItbConcentration {
            value: f64::NAN,
            unit: 0,
        },
        cisternal: ItbConcentration {
            value: f64::NAN,
            unit: 0,
        },
    };
    let r = call_with_array(
        times.len(),
        unset,
        |p: &ItbPkProfile| p.point_count,
        // SAFETY: `request` and its times are valid; the array holds `capacity` items; `call`
        // passes valid pointers.
        |points, capacity, out, e| unsafe { itb_pk_profile(&request, points, capacity, out, e) },
    );
    Ok(r.map(|(p, points)| {
        let points: Vec<Value> = points
            .iter()
            .map(|x| {
                json!({
                    "time": q(x.time.value, x.time.unit),
                    "lumbar": q(x.lumbar.value, x.lumbar.unit),
                    "cisternal": q(x.cisternal.value, x.cisternal.unit),
                })
            })
            .collect();
        let steady_state = if p.has_steady_state {
            q(p.steady_state.value, p.steady_state.unit)
        } else {
            Value::Null
        };
        let time_to_90_percent = if p.has_time_to_90_percent {
            q(p.time_to_90_percent.value, p.time_to_90_percent.unit)
        } else {
            Value::Null
        };
        let result = json!({
            "volume": q(p.volume.value, p.volume.unit),
            "points": points,
            "steady_state": steady_state,
            "time_to_90_percent": time_to_90_percent,
        });
        with_result(
            result,
            result_findings(p.allowed, &p.findings, p.findings_len),
        )
    }))
}

#[test]
#[cfg_attr(miri, ignore = "reads the golden files; hundreds of cases, too slow")]
fn dosing_golden_vectors_through_the_typed_functions() {
    let [successes, errors] = run(&FIELDS, |op, req| match op {
        "screening_plan" => screening_plan(req),
        "initial_daily_dose" => initial_daily_dose(req),
        "titrate" => titrate(req),
        "titration_schedule" => titration_schedule(req),
        "taper_schedule" => taper_schedule(req),
        _ => pk_profile(req),
    });
    // Counted by hand in the files when this was written: screening_plan 34, initial_daily_dose
    // 21, titrate 65, titration_schedule 45, taper_schedule 12, pk_profile 8 = 185 success
    // cases; of the error cases, 13 + 10 + 10 + 15 + 15 + 15 = 78 are expressible in C (a bad
    // quantity, age, hours, change or step, a bad time in a list, a count of times, and the
    // order of those checks), the rest a missing or unknown field, a bad id or text, both or
    // neither of bolus and daily_dose. Cases may be added; fewer means cases stopped running.
    assert!(
        successes >= 185 && errors >= 78,
        "{successes} success and {errors} error cases ran"
    );
}
