//! `itb check-programming`: the concentration programmed into a pump against the reservoir's,
//! on hand-worked checks (the daily-volume rule, docs/PROTOCOL.md `programming_check`), the
//! mismatch as a loud hard finding, `--json` equal to the protocol response, bad input and
//! `--help`.

mod common;

use common::{assert_rejected, assert_usage_error, computed, finding_marks, itb_args, json, marks};

fn check_args<'a>(dose: &'a str, programmed: &'a str, reservoir: &'a str) -> Vec<&'a str> {
    vec![
        "check-programming",
        "--programmed-daily-dose",
        dose,
        "--programmed-concentration",
        programmed,
        "--reservoir-concentration",
        reservoir,
    ]
}

#[test]
fn programmed_for_500_filled_with_2000_mcg_per_ml_is_four_times_the_dose() {
    // 500 mcg/day / 500 mcg/mL = 1 mL/day; 1 mL/day x 2,000 mcg/mL = 2,000 mcg/day; 2,000 / 500
    // = 4. A mismatch: hard (002 Boxed Warning), the check computed (exit 0) and NOT ALLOWED;
    // 2,000 mcg/day is above 1,000 (soft).
    let out = computed(&check_args("500 mcg/day", "500 mcg/mL", "2000 mcg/mL"));
    let head = "\
Pump programming check
  programmed daily dose      500 mcg/day
  programmed concentration   500 mcg/mL
  reservoir concentration    2,000 mcg/mL
  flow                       1 mL/day (programmed dose / programmed concentration)
  delivered daily dose       2,000 mcg/day (flow x reservoir concentration)
  dose ratio                 4 (reservoir / programmed concentration): 4 times the programmed dose, an OVERDOSE
MISMATCH: the pump delivers 2,000 mcg/day, not the 500 mcg/day programmed. Reprogram the concentration or replace the fill before the pump runs on.
NOT ALLOWED: a hard limit is crossed; do not use this result as it stands.
Findings:
";
    assert!(out.starts_with(head), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "concentration_mismatch"),
            ("SOFT", "daily_dose_above_1000")
        ])
    );
    assert!(
        out.contains("\n        source: 002 Boxed Warning\n"),
        "{out}"
    );
}

#[test]
fn programmed_for_2000_filled_with_500_mcg_per_ml_is_a_quarter() {
    // 500 / 2,000 = 0.25 mL/day; x 500 mcg/mL = 125 mcg/day; 500 / 2,000 = 0.25: too little
    // drug, a risk of withdrawal. 0.5 mg/mL = 500 mcg/mL, a labelled strength.
    let out = computed(&check_args("0.5 mg/day", "2 mg/mL", "0.5 mg/mL"));
    assert!(
        out.contains("  programmed daily dose      500 mcg/day\n"),
        "{out}"
    );
    assert!(
        out.contains("  flow                       0.25 mL/day (programmed"),
        "{out}"
    );
    assert!(
        out.contains("  delivered daily dose       125 mcg/day (flow"),
        "{out}"
    );
    assert!(
        out.contains(
            "  dose ratio                 0.25 (reservoir / programmed concentration): 0.25 times \
             the programmed dose, an UNDERDOSE (risk of withdrawal)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\nMISMATCH: the pump delivers 125 mcg/day, not the 500 mcg/day programmed."),
        "{out}"
    );
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("HARD", "concentration_mismatch")])
    );
}

#[test]
fn the_same_concentration_in_two_units_delivers_the_programmed_dose() {
    // 2 mg/mL = 2,000 mcg/mL: ratio 1; 500 / 2,000 = 0.25 mL/day, delivering 500 mcg/day.
    let out = computed(&check_args("500 mcg/day", "2 mg/mL", "2000 mcg/mL"));
    assert!(
        out.contains(
            "  dose ratio                 1 (reservoir / programmed concentration): the \
             concentrations agree, the programmed dose is delivered\n"
        ),
        "{out}"
    );
    assert!(!out.contains("MISMATCH"), "{out}");
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn the_reservoir_concentration_is_checked_as_a_fill() {
    // 50 mcg/mL is the screening strength, not a pump fill (001 Administration): soft. 50 / 50
    // = 1 mL/day, 50 mcg/day delivered, ratio 1.
    let screening = computed(&check_args("50 mcg/day", "50 mcg/mL", "50 mcg/mL"));
    assert!(
        screening.contains("  delivered daily dose       50 mcg/day"),
        "{screening}"
    );
    assert_eq!(
        finding_marks(&screening),
        marks(&[("SOFT", "screening_strength_in_pump")])
    );
    // 400 mcg/mL is no labelled strength (50, 500, 1,000, 2,000 mcg/mL): info.
    let compounded = computed(&check_args("400 mcg/day", "400 mcg/mL", "400 mcg/mL"));
    assert_eq!(
        finding_marks(&compounded),
        marks(&[("INFO", "nonstandard_concentration")])
    );
}

#[test]
fn json_prints_the_protocol_response() {
    let cases = [
        (
            check_args("500 mcg/day", "500 mcg/mL", "2000 mcg/mL"),
            r#"{"op":"programming_check","programmed_daily_dose":"500 mcg/day","programmed_concentration":"500 mcg/mL","reservoir_concentration":"2000 mcg/mL"}"#,
        ),
        (
            check_args("500 mcg/day", "0 mcg/mL", "2000 mcg/mL"),
            r#"{"op":"programming_check","programmed_daily_dose":"500 mcg/day","programmed_concentration":"0 mcg/mL","reservoir_concentration":"2000 mcg/mL"}"#,
        ),
    ];
    for (args, request) in cases {
        let args = [args.as_slice(), &["--json"]].concat();
        let run = itb_args(&args);
        let response = itb::protocol::evaluate(request);
        let ok = response.contains(r#""ok":true"#);
        assert_eq!(run.code, Some(if ok { 0 } else { 1 }), "{args:?}");
        assert_eq!(run.stdout, format!("{response}\n"), "{args:?}");
    }
    // The ratio is a plain number; the flow and the dose carry their units.
    let run = itb_args(
        &[
            check_args("500 mcg/day", "500 mcg/mL", "2000 mcg/mL").as_slice(),
            &["--json"],
        ]
        .concat(),
    );
    assert_eq!(run.code, Some(0), "a mismatch is a computed check");
    let response = json(&run);
    assert_eq!(response["allowed"], false);
    assert_eq!(response["result"]["dose_ratio"], 4.0);
    assert_eq!(response["result"]["flow_rate"]["text"], "1 mL/day");
    assert_eq!(
        response["result"]["delivered_daily_dose"]["text"],
        "2,000 mcg/day"
    );
}

#[test]
fn bad_input_names_field_argument_and_what_is_allowed() {
    let cases: [(Vec<&str>, &str, &str, &[&str]); 5] = [
        (
            check_args("500", "500 mcg/mL", "2000 mcg/mL"),
            "unit_required",
            "programmed_daily_dose (--programmed-daily-dose)",
            &["\"500\"", "a number without a unit"],
        ),
        (
            check_args("500 mcg/day", "500", "2000 mcg/mL"),
            "unit_required",
            "programmed_concentration (--programmed-concentration)",
            &["\"500\""],
        ),
        (
            check_args("500 mcg/day", "500 mcg/mL", "0 mg/mL"),
            "zero",
            "reservoir_concentration (--reservoir-concentration)",
            &[],
        ),
        (
            check_args("500 mcg/day", "500 mcg/mL", "2000 mcg"),
            "unit_mismatch",
            "reservoir_concentration (--reservoir-concentration)",
            &[],
        ),
        (
            // Fields are checked in order: the dose first.
            check_args("-500 mcg/day", "0 mcg/mL", "2000 mcg/mL"),
            "negative",
            "programmed_daily_dose (--programmed-daily-dose)",
            &[],
        ),
    ];
    for (args, code, field, says) in cases {
        assert_rejected(&itb_args(&args), code, field, says);
    }
}

#[test]
fn usage_errors_exit_2_and_help_shows_the_options() {
    assert_usage_error(&[
        "check-programming",
        "--programmed-daily-dose",
        "500 mcg/day",
    ]);
    let help = computed(&["check-programming", "--help"]);
    for option in [
        "--programmed-daily-dose",
        "--programmed-concentration",
        "--reservoir-concentration",
        "--json",
        "  itb check-programming --programmed-daily-dose",
        "NOT ALLOWED",
    ] {
        assert!(help.contains(option), "{option}\n{help}");
    }
}
