//! The envelope of a response: success with its result and findings, or failure with its
//! error; the `op` of a request; and a quantity as `{"value", "unit", "text"}`.

use std::fmt::Display;

use serde_json::{Map, Number, Value, json};

use super::OPS;
use crate::error::{Error, ErrorKind};
use crate::finding::Findings;
use crate::units::Measure;

/// A rejected request: the protocol error code, the offending field and a message naming the
/// value and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolError {
    /// The error kind (its `code()` is the protocol code).
    pub kind: ErrorKind,
    /// The offending request field (`pump.reservoir`, `steps[2].rate`), if any.
    pub field: Option<String>,
    /// For people.
    pub message: String,
}

impl ProtocolError {
    pub(super) fn new(kind: ErrorKind, field: Option<&str>, message: String) -> Self {
        ProtocolError {
            kind,
            field: field.map(str::to_owned),
            message,
        }
    }

    /// An error on `field`, its message headed by the field's name.
    pub(super) fn at(kind: ErrorKind, field: &str, message: impl Display) -> Self {
        ProtocolError {
            kind,
            field: Some(field.to_owned()),
            message: format!("{field}: {message}"),
        }
    }
}

/// The request field an error of the core names: `concentration`, `pump.reservoir`,
/// `steps[2].rate`; `None` for a result-level error.
pub(super) fn field_of(e: &Error) -> Option<String> {
    match e.step {
        _ if e.field.is_empty() => None,
        Some(i) => Some(format!("steps[{i}].{}", e.field)),
        None => Some(e.field.to_owned()),
    }
}

impl From<Error> for ProtocolError {
    fn from(e: Error) -> Self {
        let field = field_of(&e);
        let message = match field {
            None => format!("a result is not finite; allowed: {}", e.allowed),
            Some(_) => e.to_string(),
        };
        ProtocolError {
            kind: e.kind,
            field,
            message,
        }
    }
}

/// A computed result: the result object and its findings.
pub(super) struct Outcome {
    pub result: Map<String, Value>,
    pub findings: Findings,
}

impl Outcome {
    /// A result with no findings.
    pub fn plain(result: Map<String, Value>) -> Self {
        Outcome {
            result,
            findings: Findings::new(),
        }
    }
}

pub(super) fn success(op: &str, outcome: Outcome) -> Value {
    let findings: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "message": f.message().to_string(),
                "source": f.source.as_str(),
                "subject": quantity(f.subject),
                "limit": f.limit.map(quantity),
            })
        })
        .collect();
    json!({
        "ok": true,
        "op": op,
        "allowed": outcome.findings.allowed(),
        "result": Value::Object(outcome.result),
        "findings": findings,
    })
}

pub(super) fn failure(op: Option<&str>, e: &ProtocolError) -> Value {
    json!({
        "ok": false,
        "op": op,
        "error": {"code": e.kind.code(), "message": e.message, "field": e.field},
    })
}

pub(super) fn op_of(map: &Map<String, Value>) -> Result<&'static str, ProtocolError> {
    let allowed = OPS.join(", ");
    match map.get("op") {
        None => Err(ProtocolError::at(
            ErrorKind::MissingField,
            "op",
            format!("required; one of {allowed}"),
        )),
        Some(Value::String(s)) => OPS.iter().copied().find(|op| op == s).ok_or_else(|| {
            ProtocolError::at(
                ErrorKind::UnknownOp,
                "op",
                format!("{s:?} is not an operation; allowed (case-sensitive): {allowed}"),
            )
        }),
        Some(other) => Err(ProtocolError::at(
            ErrorKind::InvalidValue,
            "op",
            format!("{other} is not a string; one of {allowed}"),
        )),
    }
}

/// A result object from its fields, in order.
pub(super) fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A quantity in a result: `{"value", "unit", "text"}`.
pub fn quantity(m: Measure) -> Value {
    let value = Number::from_f64(m.value)
        .map(Value::Number)
        .unwrap_or(Value::Null);
    json!({"value": value, "unit": m.unit.symbol(), "text": m.to_string()})
}
