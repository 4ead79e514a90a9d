//! The golden vectors through `itb eval`: the same responses as every other front end, and the
//! exit status the response calls for (0 when `expect.ok` is true, 1 otherwise).

#[path = "../../tests/support/golden.rs"]
mod golden;

mod common;

use common::{itb, itb_args, json, scratch};

#[test]
fn golden_vectors_through_itb_eval() {
    let dir = golden::golden_dir(env!("CARGO_MANIFEST_DIR"));
    let mut codes = Vec::new();
    let n = golden::run_all(&dir, |request| {
        let run = itb(&["eval"], request.as_bytes());
        codes.push(run.code);
        run.stdout
    });
    let cases = golden::load(&dir);
    assert_eq!(n, cases.len());
    assert_eq!(codes.len(), cases.len());
    let wrong: Vec<String> = cases
        .iter()
        .zip(&codes)
        .filter_map(|(case, code)| {
            let want = if case.expect["ok"] == true { 0 } else { 1 };
            (*code != Some(want)).then(|| format!("{}: exit {code:?}, expected {want}", case.id))
        })
        .collect();
    assert!(wrong.is_empty(), "wrong exit status:\n{}", wrong.join("\n"));
    // Both outcomes are covered, so the exit-status check above can fail either way.
    assert!(codes.contains(&Some(0)) && codes.contains(&Some(1)));
}

#[test]
fn a_file_a_dash_and_stdin_give_the_same_response() {
    let request = r#"{"op":"convert","quantity":"10 mg/20 mL","to":"mcg/mL"}"#;
    let path = scratch("request.json");
    std::fs::write(&path, request).expect("write request");
    let from_file = itb_args(&["eval", path.to_str().expect("utf-8 path")]);
    let from_dash = itb(&["eval", "-"], request.as_bytes());
    let from_stdin = itb(&["eval"], request.as_bytes());
    std::fs::remove_file(&path).ok();
    assert_eq!(from_file.code, Some(0));
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert_eq!(from_dash.stdout, from_stdin.stdout);
    // 10 mg in 20 mL = 10,000 mcg / 20 mL = 500 mcg/mL.
    assert_eq!(
        json(&from_stdin)["result"]["quantity"]["text"],
        "500 mcg/mL"
    );
}

#[test]
fn eval_prints_exactly_the_core_response_on_one_line() {
    let request = r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#;
    let run = itb(&["eval"], request.as_bytes());
    assert_eq!(
        run.stdout,
        format!("{}\n", itb::protocol::evaluate(request))
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn pretty_indents_the_same_response() {
    let request = r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#;
    let compact = itb(&["eval"], request.as_bytes());
    let pretty = itb(&["eval", "--pretty"], request.as_bytes());
    assert_eq!(pretty.code, Some(0));
    assert!(
        pretty.stdout.starts_with("{\n  \"ok\": true,\n"),
        "{}",
        pretty.stdout
    );
    assert_eq!(json(&pretty), json(&compact));
    // 500 mcg/day / 2,000 mcg/mL = 0.25 mL/day.
    assert!(
        pretty.stdout.contains("\"text\": \"0.25 mL/day\""),
        "{}",
        pretty.stdout
    );
}
