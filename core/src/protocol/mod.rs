//! The JSON request protocol (`docs/PROTOCOL.md`): one request in, one response out, the same
//! through every front end (Rust, C `itb_eval_json`, Python `itb.evaluate`, `itb eval`).
//!
//! This module is a map and computes nothing. Each operation reads its JSON fields into the
//! core's typed request (`ops`), runs the core's function, and writes the typed result back
//! as JSON. Every default, every check of a value and every rule belongs to the core function;
//! the map checks only what is JSON's own: the text itself (`strict`), the envelope
//! (`envelope`), and the shape of each field — unknown and missing fields, a string where a
//! number belongs, a text that is no quantity (`request`).
//!
//! ```
//! let out = itb::protocol::evaluate(
//!     r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#,
//! );
//! let v: serde_json::Value = serde_json::from_str(&out).unwrap();
//! assert_eq!(v["result"]["flow_rate"]["text"], "0.25 mL/day");
//! ```
//!
//! Strictness, in the order checks run: invalid JSON (including repeated keys, raw `NaN`,
//! invalid UTF-8, nesting deeper than serde_json's limit of 128) → `invalid_json`; `op`
//! missing → `missing_field`, not a string → `invalid_value`, unknown → `unknown_op`; then the
//! first unknown field in alphabetical order → `unknown_field`; then missing required fields
//! in the order the operation lists them; then each value in that order. A value a front end
//! cannot read (`"abc mcg"`) is kept unreadable in the typed request, so that the core reports
//! it in its turn, after any error in an earlier field.

mod envelope;
mod ops;
mod request;
mod strict;

pub use envelope::{ProtocolError, quantity};

use serde_json::Value;

use crate::error::ErrorKind;

/// The operations this version speaks.
pub const OPS: [&str; 24] = [
    "convert",
    "daily_volume",
    "products",
    "containers",
    "dilution",
    "screening_plan",
    "initial_daily_dose",
    "titrate",
    "flex_daily_dose",
    "night_boost",
    "refill_plan",
    "reconcile",
    "bridge_bolus",
    "catheter_volume",
    "constant_flow_fill",
    "programming_check",
    "titration_schedule",
    "taper_schedule",
    "pk_profile",
    "signs",
    "triage",
    "interactions",
    "patient_check",
    "monitoring_plan",
];

/// Evaluates one request and returns the response text. Never panics on any input.
pub fn evaluate(request: &str) -> String {
    // The writer writes only valid UTF-8 (JSON punctuation, escaped strings, numbers).
    String::from_utf8(respond(request)).unwrap_or_default()
}

/// Like [`evaluate`], for bytes that may not be UTF-8 (invalid UTF-8 → `invalid_json`).
pub fn evaluate_bytes(request: &[u8]) -> String {
    match std::str::from_utf8(request) {
        Ok(text) => evaluate(text),
        Err(e) => {
            let message = format!("request is not valid UTF-8: {e}");
            let error = ProtocolError::new(ErrorKind::InvalidJson, None, message);
            String::from_utf8(envelope::failure(None, &error)).unwrap_or_default()
        }
    }
}

/// Evaluates one request and returns the response as a JSON value (the text of [`evaluate`],
/// read back).
pub fn evaluate_value_text(request: &str) -> Value {
    serde_json::from_str(&evaluate(request)).unwrap_or(Value::Null)
}

/// The response text, written as it is computed.
fn respond(request: &str) -> Vec<u8> {
    let map = match strict::parse_object(request) {
        Ok(map) => map,
        Err(e) => return envelope::failure(None, &e),
    };
    let op = match envelope::op_of(&map) {
        Ok(op) => op,
        Err(e) => return envelope::failure(None, &e),
    };
    let req = request::Request::new(&map);
    match ops::dispatch(op, &req) {
        Ok(outcome) => envelope::success(op, outcome),
        Err(e) => envelope::failure(Some(op), &e),
    }
}
