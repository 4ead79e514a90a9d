//! The golden-vector runner shared by every Rust-hosted front end (the core protocol, the C
//! `itb_eval_json` filter, the `itb eval` command). Include it with
//! `#[path = "../../tests/support/golden.rs"] mod golden;` and call [`run_all`] with a function
//! that sends one request text and returns the response text.
//!
//! Format of `tests/golden/*.json`: `{"op", "cases": [{"name", "worked", "request" |
//! "request_text", "expect", "tolerance"?}]}`. Comparison: `ok`, `op`, `allowed` exact; every
//! key of `expect.result` present and equal (numbers within tolerance × max(1, |expected|));
//! findings as an unordered set of {code, severity, source} with non-empty messages; errors by
//! `code` and `field`, with optional `message_contains` substrings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The golden directory, found from this crate's manifest directory.
pub fn golden_dir(manifest_dir: &str) -> PathBuf {
    Path::new(manifest_dir)
        .join("..")
        .join("tests")
        .join("golden")
}

/// One case read from a file.
pub struct Case {
    /// `file.json: name`.
    pub id: String,
    /// The request text sent verbatim.
    pub request: String,
    /// What the response must match.
    pub expect: Value,
    /// Relative tolerance for numbers.
    pub tolerance: f64,
}

/// Every case of every golden file, in file and case order.
pub fn load(dir: &Path) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files in {}", dir.display());
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read golden file");
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let fname = file
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        for case in doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{fname}: no cases"))
        {
            let name = case["name"].as_str().unwrap_or("?");
            let request = match (&case["request"], &case["request_text"]) {
                (Value::Null, Value::String(s)) => s.clone(),
                (v, Value::Null) if !v.is_null() => v.to_string(),
                _ => panic!("{fname}: {name}: exactly one of request / request_text"),
            };
            cases.push(Case {
                id: format!("{fname}: {name}"),
                request,
                expect: case["expect"].clone(),
                tolerance: case["tolerance"].as_f64().unwrap_or(1e-9),
            });
        }
    }
    cases
}

/// Runs every case through `eval` and panics with every mismatch listed. Returns the number
/// of cases checked.
pub fn run_all(dir: &Path, mut eval: impl FnMut(&str) -> String) -> usize {
    let cases = load(dir);
    let mut failures = Vec::new();
    for case in &cases {
        let text = eval(&case.request);
        let actual: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: response is not JSON ({e}): {text}", case.id));
                continue;
            }
        };
        let mut problems = Vec::new();
        compare_response(&case.expect, &actual, case.tolerance, &mut problems);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}\n    response: {text}",
                case.id,
                problems.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

/// Compares one response with its expectation, pushing a line per problem.
pub fn compare_response(expect: &Value, actual: &Value, tol: f64, problems: &mut Vec<String>) {
    for key in ["ok", "op", "allowed"] {
        if let Some(e) = expect.get(key)
            && actual.get(key) != Some(e)
        {
            problems.push(format!(
                "{key}: expected {e}, got {}",
                actual.get(key).unwrap_or(&Value::Null)
            ));
        }
    }
    if let Some(result) = expect.get("result") {
        compare_value("result", result, &actual["result"], tol, problems);
    }
    if let Some(findings) = expect.get("findings") {
        compare_findings(findings, &actual["findings"], problems);
    }
    if let Some(error) = expect.get("error") {
        compare_error(error, &actual["error"], problems);
    }
}

fn compare_value(path: &str, e: &Value, a: &Value, tol: f64, problems: &mut Vec<String>) {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            // Written so that NaN fails too.
            let within = (x - y).abs() <= tol * x.abs().max(1.0);
            if !within {
                problems.push(format!("{path}: expected {x}, got {y}"));
            }
        }
        (Value::Object(em), Value::Object(am)) => {
            for (k, ev) in em {
                match am.get(k) {
                    Some(av) => compare_value(&format!("{path}.{k}"), ev, av, tol, problems),
                    None => problems.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(ea), Value::Array(aa)) => {
            if ea.len() != aa.len() {
                problems.push(format!(
                    "{path}: expected {} items, got {}",
                    ea.len(),
                    aa.len()
                ));
            }
            for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                compare_value(&format!("{path}[{i}]"), ev, av, tol, problems);
            }
        }
        _ if e == a => {}
        _ => problems.push(format!("{path}: expected {e}, got {a}")),
    }
}

fn finding_key(f: &Value) -> (String, String, String) {
    let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
    (s("code"), s("severity"), s("source"))
}

fn compare_findings(expect: &Value, actual: &Value, problems: &mut Vec<String>) {
    let (Some(e), Some(a)) = (expect.as_array(), actual.as_array()) else {
        problems.push(format!("findings: expected an array, got {actual}"));
        return;
    };
    let mut want: Vec<_> = e.iter().map(finding_key).collect();
    let mut got: Vec<_> = a.iter().map(finding_key).collect();
    want.sort();
    got.sort();
    if want != got {
        problems.push(format!("findings: expected {want:?}, got {got:?}"));
    }
    for f in a {
        if f["message"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("finding {} has no message", f["code"]));
        }
    }
}

fn compare_error(expect: &Value, actual: &Value, problems: &mut Vec<String>) {
    for key in ["code", "field"] {
        if let Some(e) = expect.get(key)
            && actual.get(key).unwrap_or(&Value::Null) != e
        {
            problems.push(format!(
                "error.{key}: expected {e}, got {}",
                actual.get(key).unwrap_or(&Value::Null)
            ));
        }
    }
    let message = actual["message"].as_str().unwrap_or("");
    if message.is_empty() {
        problems.push("error.message is empty".into());
    }
    for needle in expect["message_contains"].as_array().into_iter().flatten() {
        let needle = needle.as_str().unwrap_or("");
        if !message.contains(needle) {
            problems.push(format!("error.message lacks {needle:?}: {message}"));
        }
    }
}
