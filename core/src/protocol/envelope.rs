//! The envelope of a response: success with its result and findings, or failure with its
//! error; the `op` of a request; and a quantity as `{"value", "unit", "text"}`.

use std::fmt::{Display, Write as _};

use serde_json::{Map, Value};

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

/// The longest field path an error names, in characters: a real path is far shorter, and a
/// 10 MB unknown key must not come back twice in the response.
const MAX_FIELD_CHARS: usize = 120;
/// The longest message, in characters: the longest real one (an allowed list) is far shorter.
const MAX_MESSAGE_CHARS: usize = 1000;

/// `text` cut to `max` characters, with `…` when anything was cut.
fn bounded(mut text: String, max: usize) -> String {
    if let Some((end, _)) = text.char_indices().nth(max) {
        text.truncate(end);
        text.push('…');
    }
    text
}

impl ProtocolError {
    /// Every protocol error is built here or in [`ProtocolError::at`]: its field and message
    /// are bounded, whatever part of the request they echo.
    pub(super) fn new(kind: ErrorKind, field: Option<&str>, message: String) -> Self {
        ProtocolError {
            kind,
            field: field.map(|f| bounded(f.to_owned(), MAX_FIELD_CHARS)),
            message: bounded(message, MAX_MESSAGE_CHARS),
        }
    }

    /// An error on `field`, its message headed by the field's name.
    pub(super) fn at(kind: ErrorKind, field: &str, message: impl Display) -> Self {
        let field = bounded(field.to_owned(), MAX_FIELD_CHARS);
        let message = bounded(format!("{field}: {message}"), MAX_MESSAGE_CHARS);
        ProtocolError {
            kind,
            field: Some(field),
            message,
        }
    }
}

/// The request field an error of the core names: `concentration`, `pump.reservoir`,
/// `steps[2].rate`; `None` for a result-level error.
pub(super) fn field_of(e: &Error) -> Option<String> {
    (!e.field.is_empty()).then(|| e.path().to_string())
}

impl From<Error> for ProtocolError {
    fn from(e: Error) -> Self {
        let field = field_of(&e);
        let message = match field {
            None if e.kind == ErrorKind::NotFinite => {
                format!("a result is not finite; allowed: {}", e.allowed)
            }
            None => e.to_string(),
            Some(_) => e.to_string(),
        };
        ProtocolError {
            kind: e.kind,
            field,
            message,
        }
    }
}

/// A computed result: the result object, written, and its findings.
pub(super) struct Outcome {
    pub result: Obj,
    pub findings: Findings,
}

impl Outcome {
    /// A result with no findings.
    pub fn plain(result: Obj) -> Self {
        Outcome {
            result,
            findings: Findings::new(),
        }
    }
}

/// A JSON object written straight into its text, field after field: a response is never
/// built as a tree of values only to be printed.
pub(super) struct Obj {
    text: Vec<u8>,
    empty: bool,
}

impl Obj {
    pub fn new() -> Self {
        let mut text = Vec::with_capacity(128);
        text.push(b'{');
        Obj { text, empty: true }
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.text.push(b',');
        }
        self.empty = false;
        write_str(&mut self.text, key);
        self.text.push(b':');
        &mut self.text
    }

    /// A quantity: `{"value", "unit", "text"}`, written in place.
    pub fn quantity(&mut self, key: &str, m: Measure) -> &mut Self {
        let out = self.key(key);
        out.extend_from_slice(b"{\"value\":");
        write_number(out, m.value);
        out.extend_from_slice(b",\"unit\":");
        write_str(out, m.unit.symbol());
        out.extend_from_slice(b",\"text\":\"");
        // ISMP text is digits, separators, a point, a sign and a unit symbol: nothing that
        // JSON escapes.
        let _ = write!(Bytes(out), "{m}");
        out.push(b'"');
        out.push(b'}');
        self
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// A plain number (a ratio, a percentage): a JSON number, its meaning in its key.
    pub fn number(&mut self, key: &str, value: f64) -> &mut Self {
        write_number(self.key(key), value);
        self
    }

    pub fn count(&mut self, key: &str, value: u32) -> &mut Self {
        let _ = write!(Bytes(self.key(key)), "{value}");
        self
    }

    fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).extend_from_slice(json.as_bytes());
        self
    }

    pub fn null(&mut self, key: &str) -> &mut Self {
        self.raw(key, "null")
    }

    pub fn object(&mut self, key: &str, value: Obj) -> &mut Self {
        self.key(key).extend_from_slice(&value.finish());
        self
    }

    pub fn list(&mut self, key: &str, items: impl IntoIterator<Item = Obj>) -> &mut Self {
        let out = self.key(key);
        out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&item.finish());
        }
        out.push(b']');
        self
    }

    /// A list of strings (codes, names).
    pub fn strings<'s>(
        &mut self,
        key: &str,
        items: impl IntoIterator<Item = &'s str>,
    ) -> &mut Self {
        let out = self.key(key);
        out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, item);
        }
        out.push(b']');
        self
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.text.push(b'}');
        self.text
    }
}

/// A JSON string, escaped as serde_json escapes it.
fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// A JSON number as serde_json writes an f64 (`0.25`, `500.0`); `null` for a non-finite one
/// (never reached: results are checked finite).
fn write_number(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        let _ = serde_json::to_writer(&mut *out, &v);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// `fmt::Write` into the bytes of a response.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

pub(super) fn success(op: &str, outcome: Outcome) -> Vec<u8> {
    let findings = outcome.findings.iter().map(|f| {
        let mut o = Obj::new();
        o.str("code", f.code.as_str())
            .str("severity", f.severity.as_str())
            .str("message", &f.message().to_string())
            .str("source", f.source.as_str())
            .quantity("subject", f.subject);
        match f.limit {
            Some(limit) => o.quantity("limit", limit),
            None => o.null("limit"),
        };
        o
    });
    let mut r = Obj::new();
    r.bool("ok", true)
        .str("op", op)
        .bool("allowed", outcome.findings.allowed())
        .object("result", outcome.result)
        .list("findings", findings);
    r.finish()
}

pub(super) fn failure(op: Option<&str>, e: &ProtocolError) -> Vec<u8> {
    let mut error = Obj::new();
    error.str("code", e.kind.code()).str("message", &e.message);
    match &e.field {
        Some(field) => error.str("field", field),
        None => error.null("field"),
    };
    let mut r = Obj::new();
    r.bool("ok", false);
    match op {
        Some(op) => r.str("op", op),
        None => r.null("op"),
    };
    r.object("error", error);
    r.finish()
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

/// A quantity in a result: `{"value", "unit", "text"}`, as a JSON value.
pub fn quantity(m: Measure) -> Value {
    let mut o = Obj::new();
    o.quantity("q", m);
    let text = o.finish();
    let v: Result<Value, _> = serde_json::from_slice(&text);
    v.ok()
        .and_then(|mut v| v.get_mut("q").map(Value::take))
        .unwrap_or(Value::Null)
}
