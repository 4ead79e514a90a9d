//! Bad input at the command line: every protocol error kind exits 1 with its code on stderr;
//! usage errors exit 2; hostile input (invalid UTF-8, 1 MB strings, deep nesting, endless
//! input) never crashes.

mod common;

use std::collections::BTreeSet;

use clap::CommandFactory;
use common::{Run, itb, itb_args, json, scratch};
use itb::ErrorKind;

/// Asserts a rejection: status 1, the code and field on stderr, the error response on stdout
/// (eval and `--json`) or nothing (a report).
fn assert_rejected(run: &Run, code: &str, field: Option<&str>) {
    assert_eq!(
        run.code,
        Some(1),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr.starts_with(&format!("error: {code}\n")),
        "{}",
        run.stderr
    );
    if let Some(field) = field {
        assert!(
            run.stderr.contains(&format!("\n  field     {field}")),
            "{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("\n  message   "), "{}", run.stderr);
}

#[test]
fn every_error_kind_through_eval_exits_1_with_its_code() {
    let cases = [
        (r#"{"op":"products""#, "invalid_json"),
        (r#"{"op":"refil"}"#, "unknown_op"),
        (
            r#"{"op":"convert","quantity":"1 mg","to":"mcg","concentraton":"x"}"#,
            "unknown_field",
        ),
        (r#"{"op":"convert","to":"mcg"}"#, "missing_field"),
        (
            r#"{"op":"convert","quantity":500,"to":"mcg"}"#,
            "unit_required",
        ),
        (
            r#"{"op":"convert","quantity":"5 furlongs","to":"mcg"}"#,
            "unit_unknown",
        ),
        (
            r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg"}"#,
            "unit_mismatch",
        ),
        (
            r#"{"op":"convert","quantity":"1e308 mg","to":"mcg"}"#,
            "not_finite",
        ),
        (
            r#"{"op":"convert","quantity":"-5 mg","to":"mcg"}"#,
            "negative",
        ),
        (
            r#"{"op":"daily_volume","daily_dose":"0 mcg/day","concentration":"2 mg/mL"}"#,
            "zero",
        ),
        (
            r#"{"op":"dilution","stock":"400 mcg/mL","target":"2000 mcg/mL","final_volume":"20 mL"}"#,
            "out_of_range",
        ),
        (
            r#"{"op":"containers","product":"oral_10mg_tablet","amount":"30 mg"}"#,
            "invalid_value",
        ),
    ];
    for (request, code) in cases {
        let run = itb(&["eval"], request.as_bytes());
        assert_rejected(&run, code, None);
        assert_eq!(json(&run)["error"]["code"], code, "{request}");
        assert_eq!(
            run.stdout,
            format!("{}\n", itb::protocol::evaluate(request))
        );
    }
    let tested: BTreeSet<&str> = cases.iter().map(|(_, c)| *c).collect();
    let all: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(tested, all, "every error kind has a case");
}

#[test]
fn each_error_kind_a_subcommand_can_meet_exits_1_naming_field_and_argument() {
    let cases: [(&[&str], &str, &str); 9] = [
        (
            &[
                "daily-volume",
                "--daily-dose",
                "500",
                "--concentration",
                "2 mg/mL",
            ],
            "unit_required",
            "daily_dose (--daily-dose)",
        ),
        (
            &["convert", "5 furlongs", "--to", "mcg"],
            "unit_unknown",
            "quantity (QUANTITY)",
        ),
        (
            &["convert", "5 mg", "--to", "parsecs"],
            "unit_unknown",
            "to (--to)",
        ),
        (
            &[
                "daily-volume",
                "--daily-dose",
                "500 mcg/day",
                "--concentration",
                "2 mg",
            ],
            "unit_mismatch",
            "concentration (--concentration)",
        ),
        (
            &[
                "daily-volume",
                "--daily-dose",
                "1e308 mg/day",
                "--concentration",
                "2 mg/mL",
            ],
            "not_finite",
            "daily_dose (--daily-dose)",
        ),
        (
            &[
                "dilute",
                "--stock",
                "2000 mcg/mL",
                "--target",
                "400 mcg/mL",
                "--final-volume",
                "-20 mL",
            ],
            "negative",
            "final_volume (--final-volume)",
        ),
        (
            &[
                "daily-volume",
                "--daily-dose",
                "0 mcg/day",
                "--concentration",
                "2 mg/mL",
            ],
            "zero",
            "daily_dose (--daily-dose)",
        ),
        (
            &[
                "dilute",
                "--stock",
                "400 mcg/mL",
                "--target",
                "2000 mcg/mL",
                "--final-volume",
                "20 mL",
            ],
            "out_of_range",
            "target (--target)",
        ),
        (
            &[
                "containers",
                "--product",
                "ITB_500MCG_20ML",
                "--amount",
                "30 mg",
            ],
            "invalid_value",
            "product (--product)",
        ),
    ];
    for (args, code, field) in cases {
        let run = itb_args(args);
        assert_rejected(&run, code, Some(field));
        assert_eq!(run.stdout, "", "no report for a rejected request: {args:?}");
    }
}

#[test]
fn a_comma_in_a_number_is_refused_not_guessed() {
    let run = itb_args(&["convert", "1,000 mcg", "--to", "mg"]);
    assert_rejected(&run, "invalid_value", Some("quantity (QUANTITY)"));
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 9] = [
        &[],
        &["refil"],
        &["convert", "5 mg"],
        &["daily-volume", "--daily-dose", "500 mcg/day"],
        &[
            "daily-volume",
            "--daily-dose",
            "500 mcg/day",
            "--concentraton",
            "2 mg/mL",
        ],
        &["containers", "--product", "itb_500mcg_20ml"],
        &[
            "containers",
            "--product",
            "itb_500mcg_20ml",
            "--amount",
            "3 mg",
            "--volume",
            "3 mL",
        ],
        &[
            "containers",
            "--product",
            "itb_500mcg_20ml",
            "--volume",
            "3 mL",
        ],
        &["eval", "a.json", "b.json"],
    ];
    for args in cases {
        let run = itb_args(args);
        assert_eq!(
            run.code,
            Some(2),
            "itb {args:?}: {}{}",
            run.stdout,
            run.stderr
        );
        assert!(!run.stderr.is_empty(), "itb {args:?} says why");
    }
}

#[test]
fn an_unreadable_file_exits_2_naming_it() {
    let missing = scratch("does-not-exist.json");
    let run = itb_args(&["eval", missing.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("cannot read request file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("does-not-exist.json"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let dir = env!("CARGO_TARGET_TMPDIR");
    assert_eq!(
        itb_args(&["eval", dir]).code,
        Some(2),
        "a directory is not a request"
    );
}

#[test]
fn invalid_utf8_on_stdin_is_invalid_json() {
    let run = itb(
        &["eval"],
        b"{\"op\":\"convert\",\"quantity\":\"5 \xff\xfe\",\"to\":\"mcg\"}",
    );
    assert_rejected(&run, "invalid_json", None);
    assert_eq!(json(&run)["error"]["code"], "invalid_json");
    assert!(
        json(&run)["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("UTF-8")
    );
}

#[test]
fn a_1_mb_number_is_not_finite_and_its_echo_stays_short() {
    let request = format!(
        r#"{{"op":"convert","quantity":"{} mg","to":"mcg"}}"#,
        "9".repeat(1 << 20)
    );
    let run = itb(&["eval"], request.as_bytes());
    assert_rejected(&run, "not_finite", None);
    assert!(
        run.stdout.len() < 1000,
        "the message quotes a bounded excerpt"
    );
}

#[test]
fn a_1_mb_request_of_padding_is_computed() {
    let request = format!(
        "{}{{\"op\":\"products\"}}{}",
        " ".repeat(1 << 19),
        "\n".repeat(1 << 19)
    );
    let run = itb(&["eval"], request.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(json(&run)["ok"], true);
}

#[test]
fn a_100_kb_argument_is_refused_briefly() {
    // One command-line argument is limited to 128 KiB on Linux; 100 KB stays under it.
    let quantity = format!("{} mg", "5".repeat(100_000));
    let run = itb_args(&["convert", &quantity, "--to", "mcg"]);
    assert_rejected(&run, "not_finite", Some("quantity (QUANTITY)"));
    assert!(run.stderr.len() < 1000, "{}", run.stderr.len());
}

#[test]
fn json_nested_100000_deep_is_invalid_json() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let run = itb(&["eval"], deep.as_bytes());
    assert_rejected(&run, "invalid_json", None);
    let inside = format!(r#"{{"op":"convert","quantity":{},"to":"mcg"}}"#, deep);
    let run = itb(&["eval"], inside.as_bytes());
    assert_rejected(&run, "invalid_json", None);
}

#[test]
fn requests_up_to_16_mib_are_read_and_larger_ones_refused() {
    let limit = 16 * 1024 * 1024;
    let body = br#"{"op":"products"}"#;
    let mut request = body.to_vec();
    request.resize(limit, b' ');
    let path = scratch("big.json");
    std::fs::write(&path, &request).expect("write request");
    let at_limit = itb_args(&["eval", path.to_str().expect("utf-8 path")]);
    request.push(b' ');
    std::fs::write(&path, &request).expect("write request");
    let over = itb_args(&["eval", path.to_str().expect("utf-8 path")]);
    std::fs::remove_file(&path).ok();
    assert_eq!(at_limit.code, Some(0), "{}", at_limit.stderr);
    assert_rejected(&over, "invalid_json", None);
    assert!(
        json(&over)["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("16 MiB")
    );
}

#[cfg(unix)]
#[test]
fn endless_input_is_refused_not_read_forever() {
    let run = itb_args(&["eval", "/dev/zero"]);
    assert_rejected(&run, "invalid_json", None);
}

#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_itb"))
        .arg("products")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn itb");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn help_for_every_subcommand_exits_0_with_an_example() {
    // Every subcommand the command defines, so a new one cannot be added without an example.
    let subcommands: Vec<String> = itb_cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|name| name != "help")
        .collect();
    for sub in [
        "eval",
        "convert",
        "products",
        "screening",
        "initial-dose",
        "titrate",
    ] {
        assert!(
            subcommands.iter().any(|s| s == sub),
            "{sub} in {subcommands:?}"
        );
    }
    for sub in subcommands.iter().map(String::as_str) {
        for args in [vec![sub, "--help"], vec!["help", sub]] {
            let run = itb_args(&args);
            assert_eq!(run.code, Some(0), "itb {args:?}: {}", run.stderr);
            assert!(run.stdout.contains("Usage: itb "), "itb {args:?}");
            assert!(
                run.stdout.contains("Example"),
                "itb {args:?} shows an example"
            );
            assert!(
                run.stdout.contains(&format!("  itb {sub}")),
                "itb {args:?}: example uses {sub}"
            );
        }
    }
    let top = itb_args(&["--help"]);
    assert_eq!(top.code, Some(0));
    assert!(
        top.stdout.contains("daily-volume") && top.stdout.contains("Exit status"),
        "{}",
        top.stdout
    );
}

#[test]
fn version_prints_the_crate_version() {
    let run = itb_args(&["--version"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout, format!("itb {}\n", env!("CARGO_PKG_VERSION")));
}
