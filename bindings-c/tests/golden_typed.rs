//! The dosing vectors of `tests/golden` (screening_plan, initial_daily_dose, titrate) through the
//! typed functions `itb_screening_plan`, `itb_initial_daily_dose` and `itb_titrate`: the C
//! structs must give what the protocol gives, errors included (status and field, in the same
//! order of checks).
//!
//! A request is translated field by field: ids to `ITB_*` codes, quantity text to a typed struct
//! (parsed by the core, as the protocol does), plain numbers and bools as they are, absent
//! optional fields as `has_* = false` or the protocol's default. A case the typed API cannot
//! express (a missing or unknown field, text that does not parse, a profile that is no id, a
//! number given as a string) is left to `itb_eval_json`, whose golden test runs every case;
//! every success case must translate.

mod typed;

use itb_c::dosing::*;
use itb_c::profile::*;
use itb_c::quantity::*;
use serde_json::{Value, json};
use typed::{
    Answer, Inexpressible, Request, boolean, c_text, call, code, findings, number, q, quantity,
    required, run, with_result,
};

/// The protocol's field names of each operation: any other field is inexpressible.
const FIELDS: [(&str, &[&str]); 3] = [
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
];

fn profile(req: &Request) -> Result<u32, Inexpressible> {
    code(
        req,
        "profile",
        &[("us", ITB_PROFILE_US), ("uk", ITB_PROFILE_UK)],
    )
}

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

#[test]
fn dosing_golden_vectors_through_the_typed_functions() {
    let [successes, errors] = run(&FIELDS, |op, req| match op {
        "screening_plan" => screening_plan(req),
        "initial_daily_dose" => initial_daily_dose(req),
        _ => titrate(req),
    });
    // Counted by hand in the files when this was written: 25 + 22 + 65 success cases; of the
    // 79 error cases, 28 are expressible in C (a bad quantity, age, hours or change, and the
    // order of those checks), the rest a missing or unknown field, a bad id or text. Cases may
    // be added; fewer means cases stopped running.
    assert!(
        successes >= 112 && errors >= 28,
        "{successes} success and {errors} error cases ran"
    );
}
