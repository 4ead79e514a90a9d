//! The knowledge vectors of `tests/golden` (signs, triage, interactions, patient_check,
//! monitoring_plan) through the typed functions `itb_signs`, `itb_triage`,
//! `itb_interactions`, `itb_patient_check` and `itb_monitoring_plan`: the C structs must give
//! what the protocol gives, errors included (status and field).
//!
//! Translated as a C caller would write it: list, sign, route, profile and phase ids to their
//! `ITB_*` codes; a request without a `list` to the three calls of `itb_signs`, in the order
//! overdose, withdrawal, pump problem; medication names to NUL-terminated strings, each
//! interaction's `medication` and each unrecognised name read back by its index; patient inputs
//! to `has_*` flags and `risk_factors` ids to `ITB_RISK_*` flags; the `ITB_CHECKED_*` flags back
//! to the input names. What C cannot express (see `typed/mod.rs`, and an id that is no code: an
//! unknown sign, list, route or phase, whose protocol error C reports as
//! `ITB_STATUS_INVALID_ARGUMENT`; a name holding a NUL) is left to `itb_eval_json`.

mod typed;

use std::ffi::{CString, c_char};

use itb_c::interactions::*;
use itb_c::monitoring::*;
use itb_c::patient::*;
use itb_c::profile::{ITB_PROFILE_UK, ITB_PROFILE_US};
use itb_c::signs::*;
use itb_c::status::{ItbError, ItbStatus};
use serde_json::{Value, json};
use typed::{
    Answer, Inexpressible, Request, boolean, c_text, call, code, findings, number, risk_flags, run,
    with_result,
};

/// The protocol's field names of each operation: any other field is inexpressible.
const FIELDS: [(&str, &[&str]); 5] = [
    ("signs", &["list"]),
    ("triage", &["signs"]),
    ("interactions", &["medications"]),
    (
        "patient_check",
        &[
            "profile",
            "age_years",
            "pregnant",
            "breastfeeding",
            "infection",
            "months_since_head_injury",
            "route",
            "risk_factors",
        ],
    ),
    ("monitoring_plan", &["phase"]),
];

const LISTS: [(&str, u32); 3] = [
    ("overdose", ITB_SIGN_LIST_OVERDOSE),
    ("withdrawal", ITB_SIGN_LIST_WITHDRAWAL),
    ("pump_problem", ITB_SIGN_LIST_PUMP_PROBLEM),
];

/// Every sign code with its `ITB_SIGN_*` number, written out as a C caller would.
const SIGNS: [(&str, u32); 23] = [
    ("hypotonia", ITB_SIGN_HYPOTONIA),
    ("somnolence", ITB_SIGN_SOMNOLENCE),
    ("lightheadedness", ITB_SIGN_LIGHTHEADEDNESS),
    ("dizziness", ITB_SIGN_DIZZINESS),
    ("respiratory_depression", ITB_SIGN_RESPIRATORY_DEPRESSION),
    ("bradycardia", ITB_SIGN_BRADYCARDIA),
    ("hypothermia", ITB_SIGN_HYPOTHERMIA),
    ("seizures", ITB_SIGN_SEIZURES),
    ("coma", ITB_SIGN_COMA),
    ("high_fever", ITB_SIGN_HIGH_FEVER),
    ("altered_mental_status", ITB_SIGN_ALTERED_MENTAL_STATUS),
    ("hallucinations", ITB_SIGN_HALLUCINATIONS),
    ("rebound_spasticity", ITB_SIGN_REBOUND_SPASTICITY),
    ("muscle_rigidity", ITB_SIGN_MUSCLE_RIGIDITY),
    ("pruritus", ITB_SIGN_PRURITUS),
    ("hypotension", ITB_SIGN_HYPOTENSION),
    ("rhabdomyolysis", ITB_SIGN_RHABDOMYOLYSIS),
    ("pump_site_pain", ITB_SIGN_PUMP_SITE_PAIN),
    ("pump_site_redness", ITB_SIGN_PUMP_SITE_REDNESS),
    ("pump_site_swelling", ITB_SIGN_PUMP_SITE_SWELLING),
    ("pump_site_warmth", ITB_SIGN_PUMP_SITE_WARMTH),
    ("pump_alarm", ITB_SIGN_PUMP_ALARM),
    (
        "sudden_return_of_spasticity",
        ITB_SIGN_SUDDEN_RETURN_OF_SPASTICITY,
    ),
];

const ROUTES: [(&str, u32); 6] = [
    ("intrathecal", ITB_ROUTE_INTRATHECAL),
    ("intravenous", ITB_ROUTE_INTRAVENOUS),
    ("intramuscular", ITB_ROUTE_INTRAMUSCULAR),
    ("subcutaneous", ITB_ROUTE_SUBCUTANEOUS),
    ("epidural", ITB_ROUTE_EPIDURAL),
    ("oral", ITB_ROUTE_ORAL),
];

const PHASES: [(&str, u32); 4] = [
    ("screening", ITB_MONITORING_SCREENING),
    ("titration", ITB_MONITORING_TITRATION),
    ("maintenance", ITB_MONITORING_MAINTENANCE),
    ("after_change", ITB_MONITORING_AFTER_CHANGE),
];

/// The inputs of a patient check in the protocol's order, with their flags.
const CHECKED: [(&str, u32); 7] = [
    ("age_years", ITB_CHECKED_AGE_YEARS),
    ("pregnant", ITB_CHECKED_PREGNANT),
    ("breastfeeding", ITB_CHECKED_BREASTFEEDING),
    ("infection", ITB_CHECKED_INFECTION),
    (
        "months_since_head_injury",
        ITB_CHECKED_MONTHS_SINCE_HEAD_INJURY,
    ),
    ("route", ITB_CHECKED_ROUTE),
    ("risk_factors", ITB_CHECKED_RISK_FACTORS),
];

/// No findings, allowed: the answer of an operation that raises none.
fn no_findings(result: Value) -> Value {
    with_result(result, findings(true, &[]))
}

const UNSET_SIGN: ItbSign = ItbSign {
    code: 0,
    code_name: std::ptr::null(),
    text: std::ptr::null(),
    source: std::ptr::null(),
};

fn sign_json(s: &ItbSign) -> Value {
    json!({"code": c_text(s.code_name), "text": c_text(s.text), "source": c_text(s.source)})
}

/// One list through `itb_signs`, its arrays as long as the longest list.
fn one_list(list: u32) -> Result<Value, (ItbStatus, String)> {
    let mut signs = [UNSET_SIGN; ITB_SIGN_LIST_MAX_SIGNS];
    let mut actions = [ItbSignAction {
        text: std::ptr::null(),
        source: std::ptr::null(),
    }; ITB_SIGN_LIST_MAX_ACTIONS];
    // SAFETY: each array holds its capacity; `call` passes valid pointers.
    let l: ItbSignList = call(|out, e| unsafe {
        itb_signs(
            list,
            signs.as_mut_ptr(),
            signs.len(),
            actions.as_mut_ptr(),
            actions.len(),
            out,
            e,
        )
    })?;
    let signs: Vec<Value> = signs[..l.sign_count].iter().map(sign_json).collect();
    let actions: Vec<Value> = actions[..l.action_count]
        .iter()
        .map(|a| json!({"text": c_text(a.text), "source": c_text(a.source)}))
        .collect();
    Ok(json!({"list": c_text(l.list_name), "signs": signs, "actions": actions}))
}

fn signs(req: &Request) -> Result<Answer, Inexpressible> {
    let lists = match req.contains_key("list") {
        true => vec![code(req, "list", &LISTS)?],
        false => LISTS.iter().map(|(_, c)| *c).collect(), // the protocol's "all", in order
    };
    let answer: Result<Vec<Value>, _> = lists.into_iter().map(one_list).collect();
    Ok(answer.map(|lists| no_findings(json!({"lists": lists}))))
}

fn triage(req: &Request) -> Result<Answer, Inexpressible> {
    let items = req
        .get("signs")
        .and_then(Value::as_array)
        .ok_or(Inexpressible)?;
    let mut codes = Vec::with_capacity(items.len());
    for item in items {
        let id = item.as_str().ok_or(Inexpressible)?;
        let (_, c) = SIGNS.iter().find(|(i, _)| *i == id).ok_or(Inexpressible)?;
        codes.push(*c);
    }
    let ptr = match codes.len() {
        0 => std::ptr::null(),
        _ => codes.as_ptr(),
    };
    // SAFETY: `codes` holds `codes.len()` codes; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_triage(ptr, codes.len(), out, e) });
    Ok(r.map(|t: ItbTriage| {
        let matches: Vec<Value> = t.matches[..t.match_count]
            .iter()
            .map(|m| {
                let signs: Vec<&str> = m.signs[..m.sign_count]
                    .iter()
                    .map(|s| c_text(s.code_name))
                    .collect();
                json!({"list": c_text(m.list_name), "signs": signs})
            })
            .collect();
        with_result(
            json!({"matches": matches}),
            findings(t.allowed, &t.findings[..t.findings_len]),
        )
    }))
}

fn interactions(req: &Request) -> Result<Answer, Inexpressible> {
    let items = req
        .get("medications")
        .and_then(Value::as_array)
        .ok_or(Inexpressible)?;
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        let text = item.as_str().ok_or(Inexpressible)?;
        names.push(CString::new(text).map_err(|_| Inexpressible)?);
    }
    let pointers: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
    let list = match pointers.len() {
        0 => std::ptr::null(),
        _ => pointers.as_ptr(),
    };
    let unset = ItbInteraction {
        index: usize::MAX,
        drug_class: 0,
        drug_class_name: std::ptr::null(),
        severity: 0,
        severity_name: std::ptr::null(),
        effect: std::ptr::null(),
        source: std::ptr::null(),
    };
    // Arrays as long as the list always hold the answer (up to the limit; a longer list is
    // refused before they are written).
    let capacity = names.len().min(ITB_INTERACTIONS_MAX_MEDICATIONS);
    let mut found = vec![unset; capacity];
    let mut missed = vec![usize::MAX; capacity];
    let (f, m) = match capacity {
        0 => (std::ptr::null_mut(), std::ptr::null_mut()),
        _ => (found.as_mut_ptr(), missed.as_mut_ptr()),
    };
    // SAFETY: `list` holds `names.len()` NUL-terminated names; each array holds `capacity`
    // items; `call` passes valid pointers.
    let r = call(|out, e: *mut ItbError| unsafe {
        itb_interactions(list, names.len(), f, capacity, m, capacity, out, e)
    });
    let given = |i: usize| items[i].as_str().expect("a name");
    Ok(r.map(|c: ItbInteractionCheck| {
        let list: Vec<Value> = found[..c.interaction_count]
            .iter()
            .map(|i| {
                json!({
                    "medication": given(i.index),
                    "class": c_text(i.drug_class_name),
                    "severity": c_text(i.severity_name),
                    "effect": c_text(i.effect),
                    "source": c_text(i.source),
                })
            })
            .collect();
        let unrecognised: Vec<&str> = missed[..c.unrecognised_count]
            .iter()
            .map(|i| given(*i))
            .collect();
        with_result(
            json!({"interactions": list, "unrecognised": unrecognised}),
            findings(c.allowed, &c.findings[..c.findings_len]),
        )
    }))
}

/// An optional bool field as (given, value).
fn flag(req: &Request, name: &str) -> Result<(bool, bool), Inexpressible> {
    Ok((req.contains_key(name), boolean(req, name, false)?))
}

/// An optional id field as (given, code).
fn optional_code(
    req: &Request,
    name: &str,
    ids: &[(&str, u32)],
) -> Result<(bool, u32), Inexpressible> {
    match req.contains_key(name) {
        true => Ok((true, code(req, name, ids)?)),
        false => Ok((false, 0)),
    }
}

fn patient_check(req: &Request) -> Result<Answer, Inexpressible> {
    let profiles = [("us", ITB_PROFILE_US), ("uk", ITB_PROFILE_UK)];
    let (has_profile, profile) = optional_code(req, "profile", &profiles)?;
    let (has_age, age_years) = number(req, "age_years")?;
    let (has_pregnant, pregnant) = flag(req, "pregnant")?;
    let (has_breastfeeding, breastfeeding) = flag(req, "breastfeeding")?;
    let (has_infection, infection) = flag(req, "infection")?;
    let (has_months, months) = number(req, "months_since_head_injury")?;
    let (has_route, route) = optional_code(req, "route", &ROUTES)?;
    let risk = risk_flags(req)?;
    let request = ItbPatientRequest {
        has_profile,
        profile,
        has_age,
        age_years,
        has_pregnant,
        pregnant,
        has_breastfeeding,
        breastfeeding,
        has_infection,
        infection,
        has_months_since_head_injury: has_months,
        months_since_head_injury: months,
        has_route,
        route,
        has_risk_factors: risk.is_some(),
        risk_factors: risk.unwrap_or(0),
    };
    // SAFETY: `request` is valid; `call` passes valid pointers.
    let r = call(|out, e| unsafe { itb_patient_check(&request, out, e) });
    Ok(r.map(|c: ItbPatientCheck| {
        let checked: Vec<&str> = CHECKED
            .iter()
            .filter(|(_, bit)| c.checked & bit != 0)
            .map(|(name, _)| *name)
            .collect();
        with_result(
            json!({"checked": checked}),
            findings(c.allowed, &c.findings[..c.findings_len]),
        )
    }))
}

fn monitoring_plan(req: &Request) -> Result<Answer, Inexpressible> {
    let phase = code(req, "phase", &PHASES)?;
    let unset = ItbMonitoringItem {
        what: std::ptr::null(),
        frequency: std::ptr::null(),
        action: std::ptr::null(),
        source: std::ptr::null(),
    };
    let mut items = [unset; ITB_MONITORING_MAX_ITEMS];
    // SAFETY: the array holds its capacity; `call` passes valid pointers.
    let r = call(|out, e| unsafe {
        itb_monitoring_plan(phase, items.as_mut_ptr(), items.len(), out, e)
    });
    Ok(r.map(|p: ItbMonitoringPlan| {
        let list: Vec<Value> = items[..p.item_count]
            .iter()
            .map(|i| {
                json!({
                    "what": c_text(i.what),
                    "frequency": c_text(i.frequency),
                    "action": c_text(i.action),
                    "source": c_text(i.source),
                })
            })
            .collect();
        let (id, _) = PHASES.iter().find(|(_, c)| *c == p.phase).expect("a phase");
        no_findings(json!({"phase": id, "items": list}))
    }))
}

#[test]
#[cfg_attr(miri, ignore = "reads the golden files; hundreds of cases, too slow")]
fn knowledge_golden_vectors_through_the_typed_functions() {
    let [successes, errors] = run(&FIELDS, |op, req| match op {
        "signs" => signs(req),
        "triage" => triage(req),
        "interactions" => interactions(req),
        "patient_check" => patient_check(req),
        _ => monitoring_plan(req),
    });
    // Counted by hand in the files when this was written: signs 4, triage 16, interactions
    // 17, patient_check 32, monitoring_plan 4 = 73 success cases; of the error cases, 3 triage
    // (an empty list, a repeated sign twice), 7 interactions (an empty list, 101 names, a blank
    // name twice, a repeat three times) and 8 patient_check (nothing given, only the profile,
    // an age without the profile twice, a negative or too great age, negative months twice)
    // are expressible in C: 18. The rest is an unknown field, an id that is no code (a list,
    // sign, route, profile, phase or risk factor), a value of the wrong JSON type or null.
    // Cases may be added; fewer means cases stopped running.
    assert!(
        successes >= 73 && errors >= 18,
        "{successes} success and {errors} error cases ran"
    );
}
