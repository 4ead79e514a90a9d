//! What the fuzz targets of `itb` share: the invariants every response of the JSON protocol
//! must keep ([`check_response`]) and the structured requests of `structured_requests`
//! ([`structured`]).
//!
//! A broken invariant is a panic, which libFuzzer reports as a crash with its input.

pub mod structured;

use itb::protocol::OPS;
use itb::{Code, ErrorKind, Severity};
use serde_json::Value;

/// Evaluates `request` twice through `itb::protocol::evaluate`, checks that both answers are
/// the same bytes and that the answer keeps every invariant ([`check_response`]); returns it.
pub fn evaluate_checked(request: &str) -> String {
    let first = itb::protocol::evaluate(request);
    let second = itb::protocol::evaluate(request);
    assert!(
        first == second,
        "the same request gave two answers\nrequest: {request:?}\nfirst:  {first}\nsecond: {second}"
    );
    check_response(request.as_bytes(), &first);
    first
}

/// Panics unless `response` (the answer to `request`) is one valid JSON object of the protocol:
///
/// - valid JSON (serde_json reads it), an object with a boolean `ok`;
/// - a success has an `op` of `itb::protocol::OPS`, a boolean `allowed`, a `result` object and
///   a `findings` array, each finding with a known `code` and `severity`; `allowed` is false
///   exactly when a finding is `hard`; nothing in `result` is `null` or a non-finite number
///   (the whole tree), nor in a finding's `subject` (its `limit` may be `null`);
/// - a failure has an `op` that is `null` or a string, and an `error` with a known `code`, a
///   string `message` and a `field` that is `null` or a string.
pub fn check_response(request: &[u8], response: &str) {
    let fail = |what: &str| -> ! {
        panic!(
            "{what}\nrequest:  {:?}\nresponse: {response}",
            String::from_utf8_lossy(request)
        )
    };
    let value: Value = match serde_json::from_str(response) {
        Ok(v) => v,
        Err(e) => fail(&format!("the response is not valid JSON: {e}")),
    };
    let Some(object) = value.as_object() else {
        fail("the response is not a JSON object")
    };
    let Some(ok) = object.get("ok").and_then(Value::as_bool) else {
        fail("`ok` is missing or not a boolean")
    };
    if ok {
        let op = object.get("op").and_then(Value::as_str);
        if !op.is_some_and(|op| OPS.contains(&op)) {
            fail("a success whose `op` is not one of itb::protocol::OPS");
        }
        let Some(allowed) = object.get("allowed").and_then(Value::as_bool) else {
            fail("a success without a boolean `allowed`")
        };
        let Some(result) = object.get("result").filter(|r| r.is_object()) else {
            fail("a success without a `result` object")
        };
        if let Some(path) = first_null_or_non_finite(result, "result") {
            fail(&format!(
                "a success holds a null or a non-finite number at {path}"
            ));
        }
        let Some(findings) = object.get("findings").and_then(Value::as_array) else {
            fail("a success without a `findings` array")
        };
        let mut hard = false;
        for (i, finding) in findings.iter().enumerate() {
            let code = finding.get("code").and_then(Value::as_str);
            if !code.is_some_and(|c| Code::ALL.iter().any(|k| k.as_str() == c)) {
                fail(&format!("findings[{i}] has no known `code`"));
            }
            let severity = finding.get("severity").and_then(Value::as_str);
            let Some(severity) = severity.filter(|s| SEVERITIES.contains(s)) else {
                fail(&format!("findings[{i}] has no known `severity`"))
            };
            hard |= severity == Severity::Hard.as_str();
            let Some(subject) = finding.get("subject") else {
                fail(&format!("findings[{i}] has no `subject`"))
            };
            let path = format!("findings[{i}].subject");
            if let Some(at) = first_null_or_non_finite(subject, &path) {
                fail(&format!(
                    "a finding's subject holds a null or a non-finite number at {at}"
                ));
            }
            match finding.get("limit") {
                Some(Value::Null) => {}
                Some(limit) => {
                    let path = format!("findings[{i}].limit");
                    if let Some(at) = first_null_or_non_finite(limit, &path) {
                        fail(&format!(
                            "a finding's limit holds a non-finite number at {at}"
                        ));
                    }
                }
                None => fail(&format!(
                    "findings[{i}] has no `limit` (null or a quantity)"
                )),
            }
        }
        if allowed == hard {
            fail(&format!(
                "`allowed` is {allowed} but a hard finding is {}",
                if hard { "present" } else { "absent" }
            ));
        }
    } else {
        match object.get("op") {
            Some(Value::Null | Value::String(_)) => {}
            _ => fail("a failure whose `op` is neither null nor a string"),
        }
        let Some(error) = object.get("error").and_then(Value::as_object) else {
            fail("a failure without an `error` object")
        };
        let code = error.get("code").and_then(Value::as_str);
        if !code.is_some_and(|c| ErrorKind::ALL.iter().any(|k| k.code() == c)) {
            fail("a failure whose `error.code` is not one of itb::ErrorKind::ALL");
        }
        if !error.get("message").is_some_and(Value::is_string) {
            fail("a failure without a string `error.message`");
        }
        match error.get("field") {
            Some(Value::Null | Value::String(_)) => {}
            _ => fail("a failure whose `error.field` is neither null nor a string"),
        }
    }
}

const SEVERITIES: [&str; 3] = [
    Severity::Hard.as_str(),
    Severity::Soft.as_str(),
    Severity::Info.as_str(),
];

/// The path of the first `null` or non-finite number in `value`, depth first.
fn first_null_or_non_finite(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Null => Some(path.to_owned()),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() => None,
            _ => Some(path.to_owned()),
        },
        Value::Bool(_) | Value::String(_) => None,
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_null_or_non_finite(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| first_null_or_non_finite(v, &format!("{path}.{k}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_like_answers_pass() {
        evaluate_checked(r#"{"op":"convert","quantity":"10 mg/20 mL","to":"mcg/mL"}"#);
        evaluate_checked(r#"{"op":"products"}"#);
        evaluate_checked(r#"{"op":"triage","signs":["seizures"]}"#);
        evaluate_checked("not json");
        evaluate_checked(r#"{"op":"nope"}"#);
    }

    #[test]
    #[should_panic(expected = "non-finite")]
    fn a_null_in_a_result_is_caught() {
        check_response(
            b"",
            r#"{"ok":true,"op":"convert","allowed":true,"result":{"q":{"value":null}},"findings":[]}"#,
        );
    }

    #[test]
    #[should_panic(expected = "`allowed` is true but a hard finding is present")]
    fn allowed_with_a_hard_finding_is_caught() {
        check_response(
            b"",
            r#"{"ok":true,"op":"triage","allowed":true,"result":{},"findings":[{"code":"overdose_signs","severity":"hard","subject":{"value":1},"limit":null}]}"#,
        );
    }
}
