//! Sending golden vectors through the typed C functions: translating a request's fields into
//! codes and typed structs, calling an export, turning its C result back into the protocol's
//! shape and comparing it with the expected response (results, findings, error status and
//! field). Used by `golden_typed.rs` (dosing), `golden_typed_refill.rs` (pumps and refills) and
//! `golden_typed_knowledge.rs` (signs, triage, interactions, patient check, monitoring).
//!
//! A case the typed API cannot express (a missing or unknown field, text that does not parse,
//! an id that is no code, a number given as a string) is `Inexpressible` and left to
//! `itb_eval_json`, whose golden test runs every case; every success case must translate.
#![allow(dead_code)] // each test binary uses part of this module

use std::ffi::{CStr, c_char};
use std::mem::MaybeUninit;

use itb::ErrorKind;
use itb::units::{Measure, Unit};
use itb_c::finding::{ITB_SEVERITY_HARD, ITB_SEVERITY_INFO, ITB_SEVERITY_SOFT, ItbFinding};
use itb_c::patient::{
    ITB_RISK_COMMUNICATION_DIFFICULTY, ITB_RISK_PRIOR_WITHDRAWAL, ITB_RISK_SCI_T6_OR_ABOVE,
};
use itb_c::quantity::itb_unit_symbol;
use itb_c::status::{ItbError, ItbStatus};
use serde_json::{Map, Value, json};

/// Why a case was not run: the typed API cannot express its request.
pub struct Inexpressible;

pub type Request = Map<String, Value>;

/// The C answer as `{"result", "allowed", "findings"}`, or the status and field of its error.
pub type Answer = Result<Value, (ItbStatus, String)>;

/// The code of an id field (`"profile": "us"`), from a table of (id, code).
pub fn code(req: &Request, name: &str, ids: &[(&str, u32)]) -> Result<u32, Inexpressible> {
    let id = req.get(name).and_then(Value::as_str).ok_or(Inexpressible)?;
    let found = ids.iter().find(|(i, _)| *i == id);
    found.map(|(_, c)| *c).ok_or(Inexpressible)
}

/// The `ITB_UNIT_*` code of a core unit, found through `itb_unit_symbol`.
pub fn unit_code(unit: Unit) -> u32 {
    (1..1100)
        .find(|c| symbol(*c) == Some(unit.symbol()))
        .unwrap_or_else(|| panic!("no code for {unit:?}"))
}

pub fn symbol(code: u32) -> Option<&'static str> {
    let mut p = std::ptr::null();
    // SAFETY: `p` is a valid place for one pointer.
    if unsafe { itb_unit_symbol(code, &mut p) } != ItbStatus::Ok {
        return None;
    }
    Some(c_text(p))
}

/// A string the library gave: static and NUL-terminated.
pub fn c_text(p: *const c_char) -> &'static str {
    // SAFETY: the library's strings are static and NUL-terminated, or the ItbError's own array.
    let text = unsafe { CStr::from_ptr(p) };
    text.to_str().expect("the library writes UTF-8")
}

/// A quantity field, text (`"75 mcg"`) or object (`{"value": 75, "unit": "mcg"}`), as
/// (value, unit code); `None` when absent.
pub fn quantity(req: &Request, name: &str) -> Result<Option<(f64, u32)>, Inexpressible> {
    let m = match req.get(name) {
        None => return Ok(None),
        Some(v) => measure(v)?,
    };
    Ok(Some((m.value, unit_code(m.unit))))
}

/// A list of quantities (`"times": ["0 h", "1.5 h"]`), each as (value, unit code); `None` when
/// absent. Anything but a list of quantities is inexpressible.
pub fn quantities(req: &Request, name: &str) -> Result<Option<Vec<(f64, u32)>>, Inexpressible> {
    let Some(v) = req.get(name) else {
        return Ok(None);
    };
    let items = v.as_array().ok_or(Inexpressible)?;
    let mut list = Vec::with_capacity(items.len());
    let mut codes: Vec<(Unit, u32)> = Vec::new(); // unit_code is a search: once per unit
    for item in items {
        let m = measure(item)?;
        let code = match codes.iter().find(|(u, _)| *u == m.unit) {
            Some((_, c)) => *c,
            None => {
                let c = unit_code(m.unit);
                codes.push((m.unit, c));
                c
            }
        };
        list.push((m.value, code));
    }
    Ok(Some(list))
}

fn measure(v: &Value) -> Result<Measure, Inexpressible> {
    match v {
        Value::String(text) => Measure::parse(text).map_err(|_| Inexpressible),
        Value::Object(o) if o.len() == 2 => {
            let value = o
                .get("value")
                .and_then(Value::as_f64)
                .ok_or(Inexpressible)?;
            let unit = o.get("unit").and_then(Value::as_str).ok_or(Inexpressible)?;
            Ok(Measure::new(
                value,
                Unit::parse(unit).map_err(|_| Inexpressible)?,
            ))
        }
        _ => Err(Inexpressible),
    }
}

/// `risk_factors`, a list of distinct ids, as `ITB_RISK_*` flags (`None` when absent, 0 when
/// empty); an unknown or repeated id, or anything but a list, is for the protocol to refuse.
pub fn risk_flags(req: &Request) -> Result<Option<u32>, Inexpressible> {
    let Some(v) = req.get("risk_factors") else {
        return Ok(None);
    };
    let ids = [
        ("sci_t6_or_above", ITB_RISK_SCI_T6_OR_ABOVE),
        (
            "communication_difficulty",
            ITB_RISK_COMMUNICATION_DIFFICULTY,
        ),
        ("prior_withdrawal", ITB_RISK_PRIOR_WITHDRAWAL),
    ];
    let mut bits = 0;
    for item in v.as_array().ok_or(Inexpressible)? {
        let id = item.as_str().ok_or(Inexpressible)?;
        let (_, flag) = ids.iter().find(|(i, _)| *i == id).ok_or(Inexpressible)?;
        if bits & flag != 0 {
            return Err(Inexpressible); // repeated
        }
        bits |= flag;
    }
    Ok(Some(bits))
}

pub fn required<T>(v: Option<T>) -> Result<T, Inexpressible> {
    v.ok_or(Inexpressible)
}

/// A plain number field as (given, value).
pub fn number(req: &Request, name: &str) -> Result<(bool, f64), Inexpressible> {
    match req.get(name) {
        None => Ok((false, 0.0)),
        Some(v) => Ok((true, v.as_f64().ok_or(Inexpressible)?)),
    }
}

/// A bool field, or `default` when absent.
pub fn boolean(req: &Request, name: &str, default: bool) -> Result<bool, Inexpressible> {
    match req.get(name) {
        None => Ok(default),
        Some(v) => v.as_bool().ok_or(Inexpressible),
    }
}

/// Calls an export; the result struct, or the status and the field its error names.
pub fn call<T>(
    f: impl FnOnce(*mut T, *mut ItbError) -> ItbStatus,
) -> Result<T, (ItbStatus, String)> {
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

/// A result quantity as the protocol writes it (without `text`, which C does not give).
pub fn q(value: f64, unit: u32) -> Value {
    json!({"value": value, "unit": symbol(unit).expect("a result unit")})
}

pub fn findings(allowed: bool, list: &[ItbFinding]) -> Value {
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

pub fn with_result(result: Value, mut rest: Value) -> Value {
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
            // C names no field with "", the protocol with null (a request with no input).
            let named = (!field.is_empty()).then_some(field.as_str());
            assert_eq!(named, expect["error"]["field"].as_str(), "{id}");
        }
    }
}

/// Runs every case of the golden files of `ops` (each with the protocol's field names of its
/// operation) through `translate`; returns the numbers of success and error cases that ran.
pub fn run(
    ops: &[(&str, &[&str])],
    translate: impl Fn(&str, &Request) -> Result<Answer, Inexpressible>,
) -> [usize; 2] {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
    let mut ran = [0usize; 2]; // success cases, error cases
    for (op, fields) in ops {
        let text = std::fs::read_to_string(dir.join(format!("{op}.json"))).expect("golden file");
        let doc: Value = serde_json::from_str(&text).expect("golden JSON");
        for case in doc["cases"].as_array().expect("cases") {
            let id = format!("{op}.json: {}", case["name"].as_str().unwrap_or("?"));
            let Some(req) = case["request"].as_object() else {
                continue; // a request_text: malformed JSON, the protocol's own business
            };
            let known = req
                .keys()
                .all(|k| k == "op" || fields.contains(&k.as_str()));
            let answer = if known {
                translate(op, req)
            } else {
                Err(Inexpressible)
            };
            let expect = &case["expect"];
            let Ok(answer) = answer else {
                assert_eq!(expect["ok"], false, "{id}: a success case must translate");
                continue;
            };
            let tolerance = case["tolerance"].as_f64().unwrap_or(1e-9);
            check(&id, expect, answer, tolerance);
            ran[usize::from(expect["ok"] == false)] += 1;
        }
    }
    ran
}
