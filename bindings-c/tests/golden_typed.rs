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

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;

use itb::dosing::*;
use itb::finding::{ITB_SEVERITY_HARD, ITB_SEVERITY_INFO, ITB_SEVERITY_SOFT, ItbFinding};
use itb::profile::*;
use itb::quantity::*;
use itb::status::{ItbError, ItbStatus};
use itb_core::ErrorKind;
use itb_core::units::{Measure, Unit};
use serde_json::{Map, Value, json};

/// Why a case was not run: the typed API cannot express its request.
struct Inexpressible;

type Request = Map<String, Value>;

/// The protocol's field names of each operation: any other field is inexpressible.
const FIELDS: [(&str, &[&str]); 3] = [
    (
        "screening_plan",
        &["op", "profile", "age_years", "start_dose", "concentration"],
    ),
    (
        "initial_daily_dose",
        &["op", "profile", "effective_bolus", "effect_duration"],
    ),
    (
        "titrate",
        &[
            "op",
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

fn code(req: &Request, name: &str, ids: &[(&str, u32)]) -> Result<u32, Inexpressible> {
    let id = req.get(name).and_then(Value::as_str).ok_or(Inexpressible)?;
    let found = ids.iter().find(|(i, _)| *i == id);
    found.map(|(_, c)| *c).ok_or(Inexpressible)
}

fn profile(req: &Request) -> Result<u32, Inexpressible> {
    code(
        req,
        "profile",
        &[("us", ITB_PROFILE_US), ("uk", ITB_PROFILE_UK)],
    )
}

/// The `ITB_UNIT_*` code of a core unit, found through `itb_unit_symbol`.
fn unit_code(unit: Unit) -> u32 {
    (1..1000)
        .find(|c| symbol(*c) == Some(unit.symbol()))
        .unwrap_or_else(|| panic!("no code for {unit:?}"))
}

fn symbol(code: u32) -> Option<&'static str> {
    let mut p = std::ptr::null();
    // SAFETY: `p` is a valid place for one pointer.
    if unsafe { itb_unit_symbol(code, &mut p) } != ItbStatus::Ok {
        return None;
    }
    Some(c_text(p))
}

/// A string the library gave: static and NUL-terminated.
fn c_text(p: *const c_char) -> &'static str {
    // SAFETY: the library's strings are static and NUL-terminated, or the ItbError's own array.
    let text = unsafe { CStr::from_ptr(p) };
    text.to_str().expect("the library writes UTF-8")
}

/// A quantity field, text (`"75 mcg"`) or object (`{"value": 75, "unit": "mcg"}`), as
/// (value, unit code); `None` when absent.
fn quantity(req: &Request, name: &str) -> Result<Option<(f64, u32)>, Inexpressible> {
    let m = match req.get(name) {
        None => return Ok(None),
        Some(Value::String(text)) => Measure::parse(text).map_err(|_| Inexpressible)?,
        Some(Value::Object(o)) if o.len() == 2 => {
            let value = o
                .get("value")
                .and_then(Value::as_f64)
                .ok_or(Inexpressible)?;
            let unit = o.get("unit").and_then(Value::as_str).ok_or(Inexpressible)?;
            Measure::new(value, Unit::parse(unit).map_err(|_| Inexpressible)?)
        }
        Some(_) => return Err(Inexpressible),
    };
    Ok(Some((m.value, unit_code(m.unit))))
}

fn required<T>(v: Option<T>) -> Result<T, Inexpressible> {
    v.ok_or(Inexpressible)
}

/// A plain number field as (given, value).
fn number(req: &Request, name: &str) -> Result<(bool, f64), Inexpressible> {
    match req.get(name) {
        None => Ok((false, 0.0)),
        Some(v) => Ok((true, v.as_f64().ok_or(Inexpressible)?)),
    }
}

/// Calls an export; the result struct, or the status and the field its error names.
fn call<T>(f: impl FnOnce(*mut T, *mut ItbError) -> ItbStatus) -> Result<T, (ItbStatus, String)> {
    let mut out = MaybeUninit::<T>::uninit();
    let mut error = MaybeUninit::<ItbError>::uninit();
    match f(out.as_mut_ptr(), error.as_mut_ptr()) {
        // SAFETY: on success the library wrote the whole result.
        ItbStatus::Ok => Ok(unsafe { out.assume_init() }),
        status => {
            // SAFETY: on failure the library wrote the whole error.
            let error = unsafe { error.assume_init() };
            Err((status, c_text(error.field.as_ptr()).to_owned()))
        }
    }
}

fn q(value: f64, unit: u32) -> Value {
    json!({"value": value, "unit": symbol(unit).expect("a result unit")})
}

fn findings(allowed: bool, list: &[ItbFinding]) -> Value {
    let severity = |s| match s {
        ITB_SEVERITY_HARD => "hard",
        ITB_SEVERITY_SOFT => "soft",
        ITB_SEVERITY_INFO => "info",
        _ => panic!("severity {s}"),
    };
    let list: Vec<Value> = list
        .iter()
        .map(|f| {
            json!({
                "code": c_text(f.code_name),
                "severity": severity(f.severity),
                "source": c_text(f.source),
            })
        })
        .collect();
    json!({"allowed": allowed, "findings": list})
}

/// The C answer as `{"result", "allowed", "findings"}`, or the status and field of its error.
type Answer = Result<Value, (ItbStatus, String)>;

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
    // SAFETY: `call` passes valid pointers.
    let r =
        call(|out, e| unsafe { itb_screening_plan(profile, has_age, age_years, start, c, out, e) });
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
    let pump_programmable = match req.get("pump_programmable") {
        None => true, // the protocol's default
        Some(v) => v.as_bool().ok_or(Inexpressible)?,
    };
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

fn with_result(result: Value, mut rest: Value) -> Value {
    rest["result"] = result;
    rest
}

/// `expect` ⊆ `got`: every key of an expected object (but `text`, which C does not give)
/// present and equal, numbers within `tolerance` × max(1, |expected|).
fn matches(expect: &Value, got: &Value, tolerance: f64) -> bool {
    match (expect, got) {
        (Value::Object(e), Value::Object(g)) => e
            .iter()
            .filter(|(k, _)| *k != "text")
            .all(|(k, v)| g.get(k).is_some_and(|gv| matches(v, gv, tolerance))),
        (Value::Array(e), Value::Array(g)) => {
            e.len() == g.len() && e.iter().zip(g).all(|(a, b)| matches(a, b, tolerance))
        }
        (Value::Number(e), Value::Number(g)) => {
            let (e, g) = (e.as_f64(), g.as_f64());
            let (Some(e), Some(g)) = (e, g) else {
                return false;
            };
            (e - g).abs() <= tolerance * e.abs().max(1.0)
        }
        _ => expect == got,
    }
}

/// Findings as a sorted list of (code, severity, source): the protocol's order is not compared.
fn finding_set(list: &Value) -> Vec<(String, String, String)> {
    let field = |f: &Value, k: &str| f[k].as_str().unwrap_or("").to_owned();
    let mut set: Vec<_> = list
        .as_array()
        .map(|l| {
            l.iter()
                .map(|f| (field(f, "code"), field(f, "severity"), field(f, "source")))
                .collect()
        })
        .unwrap_or_default();
    set.sort();
    set
}

fn check(id: &str, expect: &Value, answer: Answer, tolerance: f64) {
    match answer {
        Ok(got) => {
            assert_eq!(expect["ok"], true, "{id}: C succeeded: {got}");
            assert_eq!(expect["allowed"], got["allowed"], "{id}");
            assert!(
                matches(&expect["result"], &got["result"], tolerance),
                "{id}: expected {}, C gave {}",
                expect["result"],
                got["result"]
            );
            assert_eq!(
                finding_set(&expect["findings"]),
                finding_set(&got["findings"]),
                "{id}"
            );
        }
        Err((status, field)) => {
            assert_eq!(
                expect["ok"], false,
                "{id}: C failed with {status:?} at {field}"
            );
            let code = expect["error"]["code"].as_str().expect("an error code");
            let kind = ErrorKind::ALL.into_iter().find(|k| k.code() == code);
            let want = kind.map(ItbStatus::of_kind);
            assert_eq!(Some(status), want, "{id}: {code}");
            assert_eq!(
                Some(field.as_str()),
                expect["error"]["field"].as_str(),
                "{id}"
            );
        }
    }
}

#[test]
fn dosing_golden_vectors_through_the_typed_functions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
    let mut ran = [0usize; 2]; // success cases, error cases
    for (op, fields) in FIELDS {
        let text = std::fs::read_to_string(dir.join(format!("{op}.json"))).expect("golden file");
        let doc: Value = serde_json::from_str(&text).expect("golden JSON");
        for case in doc["cases"].as_array().expect("cases") {
            let id = format!("{op}.json: {}", case["name"].as_str().unwrap_or("?"));
            let Some(req) = case["request"].as_object() else {
                continue; // a request_text: malformed JSON, the protocol's own business
            };
            let known = req.keys().all(|k| fields.contains(&k.as_str()));
            let answer = match (known, op) {
                (false, _) => Err(Inexpressible),
                (true, "screening_plan") => screening_plan(req),
                (true, "initial_daily_dose") => initial_daily_dose(req),
                (true, _) => titrate(req),
            };
            let expect = &case["expect"];
            let Ok(answer) = answer else {
                assert_eq!(expect["ok"], false, "{id}: a success case must translate");
                continue;
            };
            check(
                &id,
                expect,
                answer,
                case["tolerance"].as_f64().unwrap_or(1e-9),
            );
            ran[usize::from(expect["ok"] == false)] += 1;
        }
    }
    // Counted by hand in the files when this was written: 25 + 22 + 65 success cases; of the
    // 79 error cases, 28 are expressible in C (a bad quantity, age, hours or change, and the
    // order of those checks), the rest a missing or unknown field, a bad id or text. Cases may
    // be added; fewer means cases stopped running.
    let [successes, errors] = ran;
    assert!(
        successes >= 112 && errors >= 28,
        "{successes} success and {errors} error cases ran"
    );
}
