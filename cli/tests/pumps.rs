//! `itb reconcile`, `itb bridge`, `itb flex`, `itb night-boost`, `itb catheter` and `itb fill` on
//! hand-worked examples (derived from the sources in docs/RULES.md), their findings, `--json` equal
//! to the protocol response, bad input (every error kind a subcommand can meet), usage errors and
//! `--help`.

mod common;

use std::collections::BTreeSet;

use common::{assert_rejected, assert_usage_error, computed, finding_marks, itb_args, marks};

/// `itb reconcile` of 20 mL filled 60 days ago at 0.25 mL/day, `aspirated` drawn out, then
/// `more`.
fn reconcile(aspirated: &str, more: &[&str]) -> String {
    let args = [
        &[
            "reconcile",
            "--fill-volume",
            "20 mL",
            "--elapsed",
            "60 days",
            "--flow-rate",
            "0.25 mL/day",
            "--aspirated-volume",
            aspirated,
        ],
        more,
    ]
    .concat();
    computed(&args)
}

// ---------------------------------------------------------------------------------------------
// itb reconcile

#[test]
fn reconcile_20_ml_60_days_at_0_25_ml_per_day_3_ml_drawn() {
    // Derived ([ASRA-2017] 2 mL, [MDT-FSN14] ±14.5 %): 20 - 60 × 0.25 = 5 mL expected; 3 - 5 = -2
    // mL, exactly the 2 mL threshold and not above it; (20 - 3) / 60 = 0.28333 mL/day, 0.28333 /
    // 0.25 - 1 = +13.33 %, within ±14.5 %: no finding.
    let out = reconcile("3 mL", &[]);
    let expected = "\
Reservoir check at refill
  pump               not given: accuracy ±14.5 % (default)
  filled last time   20 mL
  elapsed            60 days
  programmed flow    0.25 mL/day
  expected left      5 mL
  aspirated          3 mL
  discrepancy        -2 mL (less left than expected)
  threshold          2 mL (default)
  implied flow       0.2833 mL/day
  delivery error     +13.33 % (faster than programmed)
  risk factors       none given (--risk-factor)
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn reconcile_from_dose_and_concentration_is_the_same_flow() {
    // 500 mcg/day at 2 mg/mL = 0.25 mL/day; 1,440 h = 60 days: the same 5 mL and -2 mL.
    let out = computed(&[
        "reconcile",
        "--pump",
        "synchromed_ii_20",
        "--fill-volume",
        "20 mL",
        "--elapsed",
        "1440 h",
        "--daily-dose",
        "500 mcg/day",
        "--concentration",
        "2 mg/mL",
        "--aspirated-volume",
        "3 mL",
    ]);
    assert!(
        out.contains("  pump               synchromed_ii_20, accuracy ±14.5 %\n"),
        "{out}"
    );
    assert!(out.contains("  elapsed            60 days\n"), "{out}");
    assert!(
        out.contains("  programmed flow    0.25 mL/day (500 mcg/day at 2,000 mcg/mL)\n"),
        "{out}"
    );
    assert!(out.contains("  expected left      5 mL\n"), "{out}");
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn reconcile_too_little_left_is_over_delivery() {
    // 1 mL drawn: 1 - 5 = -4 mL, above 2 mL either way (soft); (20 - 1) / 60 = 0.31667 mL/day,
    // +26.67 %, beyond ±14.5 % (soft).
    let out = reconcile("1 mL", &[]);
    assert!(
        out.contains("  discrepancy        -4 mL (less left than expected)\n"),
        "{out}"
    );
    assert!(
        out.contains("  delivery error     +26.67 % (faster than programmed)\n"),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "residual_discrepancy"), ("SOFT", "over_delivery")])
    );
}

#[test]
fn reconcile_too_much_left_is_under_delivery_against_the_pumps_accuracy() {
    // 8 mL drawn: 8 - 5 = +3 mL; (20 - 8) / 60 = 0.2 mL/day, -20 %: beyond a Prometra's ±15 %.
    // A Prometra pump is also marked (info).
    let out = reconcile("8 mL", &["--pump", "prometra_ii_20"]);
    assert!(
        out.contains("  pump               prometra_ii_20, accuracy ±15 %\n"),
        "{out}"
    );
    assert!(
        out.contains("  discrepancy        +3 mL (more left than expected)\n"),
        "{out}"
    );
    assert!(
        out.contains("  delivery error     -20 % (slower than programmed)\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("SOFT", "residual_discrepancy"),
            ("SOFT", "under_delivery"),
            ("INFO", "pump_not_labelled_for_baclofen"),
        ])
    );
}

#[test]
fn reconcile_a_threshold_and_accuracy_of_ones_own() {
    // -2 mL is above a 1 mL threshold (soft); +13.33 % is beyond ±10 % (soft).
    let out = reconcile(
        "3 mL",
        &[
            "--threshold",
            "1 mL",
            "--reservoir",
            "20 mL",
            "--low-alarm",
            "2 mL",
            "--accuracy-percent",
            "10",
        ],
    );
    assert!(
        out.contains("  pump               your own (programmable), accuracy ±10 %\n"),
        "{out}"
    );
    assert!(out.contains("  threshold          1 mL\n"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "residual_discrepancy"), ("SOFT", "over_delivery")])
    );
}

#[test]
fn reconcile_a_reservoir_that_should_be_empty_is_hard() {
    // 90 days × 0.25 = 22.5 mL, more than the 20 mL filled: expected 0 mL (hard, not allowed,
    // still computed). 1 - 0 = +1 mL.
    let out = computed(&[
        "reconcile",
        "--fill-volume",
        "20 mL",
        "--elapsed",
        "90 days",
        "--flow-rate",
        "0.25 mL/day",
        "--aspirated-volume",
        "1 mL",
    ]);
    assert!(out.contains("  expected left      0 mL\n"), "{out}");
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("HARD", "reservoir_expected_empty")])
    );
    assert!(!out.contains("itching"), "{out}");
}

#[test]
fn reconcile_for_a_patient_at_risk_of_withdrawal() {
    // The empty-reservoir case above, for a patient with a spinal cord injury at T6 or above
    // (002 Boxed Warning): withdrawal_risk (soft) too, and the reservoir_expected_empty message
    // names early signs of withdrawal.
    let out = computed(&[
        "reconcile",
        "--fill-volume",
        "20 mL",
        "--elapsed",
        "90 days",
        "--flow-rate",
        "0.25 mL/day",
        "--aspirated-volume",
        "1 mL",
        "--risk-factor",
        "sci_t6_or_above",
    ]);
    assert!(
        out.contains("  risk factors       sci_t6_or_above\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "reservoir_expected_empty"),
            ("SOFT", "withdrawal_risk")
        ])
    );
    let empty = out
        .lines()
        .find(|l| l.starts_with("  HARD  reservoir_expected_empty: "))
        .unwrap_or_default();
    for sign in ["itching", "fever"] {
        assert!(empty.contains(sign), "{sign}: {out}");
    }
    // The 3 mL case with no finding of its own: only withdrawal_risk.
    let calm = reconcile("3 mL", &["--risk-factor", "prior_withdrawal"]);
    assert_eq!(finding_marks(&calm), marks(&[("SOFT", "withdrawal_risk")]));
}

#[test]
fn reconcile_of_the_screening_strength_is_a_soft_finding() {
    // 50 mcg/day at 50 mcg/mL = 1 mL/day: 20 - 10 × 1 = 10 mL expected after 10 days; 10 mL
    // drawn, no discrepancy. 50 mcg/mL is the screening strength, not a pump fill (001
    // Administration): soft.
    let out = computed(&[
        "reconcile",
        "--fill-volume",
        "20 mL",
        "--elapsed",
        "10 days",
        "--daily-dose",
        "50 mcg/day",
        "--concentration",
        "50 mcg/mL",
        "--aspirated-volume",
        "10 mL",
    ]);
    assert!(out.contains("  expected left      10 mL\n"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "screening_strength_in_pump")])
    );
}

// ---------------------------------------------------------------------------------------------
// itb bridge

#[test]
fn bridge_500_to_2000_mcg_per_ml_at_500_mcg_per_day() {
    // Old flow 500 / 500 = 1 mL/day; new 500 / 2,000 = 0.25 mL/day. 0.25 mL of dead space at the
    // old flow: 0.25 / 1 = 0.25 day = 6 h. Skipped, the old drug runs at the new flow:
    // 0.25 / 0.25 = 1 day = 24 h at 0.25 mL/day × 500 mcg/mL = 125 mcg/day. A change of
    // concentration is followed by close monitoring (002 Warnings): info.
    let out = computed(&[
        "bridge",
        "--old-concentration",
        "500 mcg/mL",
        "--new-concentration",
        "2 mg/mL",
        "--daily-dose",
        "500 mcg/day",
        "--dead-space",
        "0.25 mL",
    ]);
    let expected = "\
Bridge bolus at a change of concentration
  old concentration   500 mcg/mL
  new concentration   2,000 mcg/mL
  daily dose          500 mcg/day
  dead space          0.25 mL
  bridge              1 mL/day (the old flow) for 6 h, then 0.25 mL/day (the new flow)
  if skipped          125 mcg/day instead of 500 mcg/day for 24 h
Findings:
  INFO  monitor_after_change: the daily dose or the concentration changes (2,000 mcg/mL): monitor the patient closely until the response is acceptable and stable
        source: 002 Warnings
";
    assert_eq!(out, expected);
}

#[test]
fn bridge_to_a_weaker_solution_would_overdose_if_skipped() {
    // 2,000 → 500 mcg/mL at 500 mcg/day: old flow 0.25 mL/day, new 1 mL/day. Bridge 0.25 / 0.25
    // = 1 day = 24 h; skipped: 1 mL/day × 2,000 mcg/mL = 2,000 mcg/day for 0.25 / 1 day = 6 h.
    let out = computed(&[
        "bridge",
        "--old-concentration",
        "2000 mcg/mL",
        "--new-concentration",
        "500 mcg/mL",
        "--daily-dose",
        "500 mcg/day",
        "--dead-space",
        "0.25 mL",
    ]);
    assert!(
        out.contains(
            "  bridge              0.25 mL/day (the old flow) for 24 h, then 1 mL/day (the new flow)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  if skipped          2,000 mcg/day instead of 500 mcg/day for 6 h\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[("INFO", "monitor_after_change")])
    );
}

#[test]
fn bridge_to_the_screening_strength_is_a_soft_finding() {
    // 500 → 50 mcg/mL at 50 mcg/day: old flow 0.1 mL/day, new 1 mL/day; 0.25 mL at the old flow
    // is 2.5 days = 60 h. 50 mcg/mL is the screening strength, not a pump fill (001
    // Administration): soft; a change of concentration: monitor (info).
    let out = computed(&[
        "bridge",
        "--old-concentration",
        "500 mcg/mL",
        "--new-concentration",
        "50 mcg/mL",
        "--daily-dose",
        "50 mcg/day",
        "--dead-space",
        "0.25 mL",
    ]);
    assert!(
        out.contains(
            "  bridge              0.1 mL/day (the old flow) for 60 h, then 1 mL/day (the new flow)\n"
        ),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("SOFT", "screening_strength_in_pump"),
            ("INFO", "monitor_after_change")
        ])
    );
}

#[test]
fn bridge_between_equal_concentrations_is_not_needed() {
    // 2 mg/mL is 2,000 mcg/mL: nothing to bridge; the flow stays 0.25 mL/day.
    let out = computed(&[
        "bridge",
        "--old-concentration",
        "2000 mcg/mL",
        "--new-concentration",
        "2 mg/mL",
        "--daily-dose",
        "500 mcg/day",
        "--dead-space",
        "0.25 mL",
    ]);
    assert!(
        out.contains(
            "  bridge              not needed: the concentrations are the same\n  flow                0.25 mL/day\n"
        ),
        "{out}"
    );
    assert!(!out.contains("if skipped"), "{out}");
    // Nothing changes, so nothing to monitor.
    assert!(out.ends_with("No findings.\n"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// itb flex and itb night-boost

#[test]
fn flex_20_mcg_per_h_by_day_and_30_by_night() {
    // 07:00–22:00 is 15 h × 20 = 300 mcg; 22:00–07:00 is 9 h × 30 = 270 mcg: 570 mcg/day.
    let out = computed(&["flex", "--steps", "07:00=20 mcg/h,22:00=30 mcg/h"]);
    let expected = "\
Flex schedule
  steps        2 steps a day
  daily dose   570 mcg/day
  from   until           rate      lasting
  07:00  22:00           20 mcg/h  15 h
  22:00  07:00 next day  30 mcg/h  9 h
No findings.
";
    assert_eq!(out, expected);
    let repeated = computed(&[
        "flex",
        "--step",
        "07:00=0.02 mg/h",
        "--step",
        "22:00=30 mcg/h",
    ]);
    assert_eq!(repeated, expected, "0.02 mg/h = 20 mcg/h");
}

#[test]
fn flex_one_step_lasts_24_h_and_the_hourly_slip_is_caught() {
    // ISMP: 60 mcg meant once a day, programmed as 60 mcg/h: 60 × 24 = 1,440 mcg/day, above
    // 1,000 (soft).
    let out = computed(&["flex", "--step", "08:00=60 mcg/h"]);
    assert!(out.contains("  steps        1 step a day\n"), "{out}");
    assert!(out.contains("  daily dose   1,440 mcg/day\n"), "{out}");
    assert!(
        out.contains("  08:00  08:00 next day  60 mcg/h  24 h\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "daily_dose_above_1000")])
    );
}

#[test]
fn night_boost_20_percent_on_576_mcg_per_day() {
    // 001 Administration/Delivery regimen, worked by hand: 576 / 24 = 24 mcg/h; +20 % = 28.8 mcg/h.
    // Effect 22:00–06:00, rates moved 2 h earlier: 20:00–04:00, 8 h. 28.8 × 8 + 24 × 16 = 230.4 +
    // 384 = 614.4 mcg/day.
    let out = computed(&[
        "night-boost",
        "--base-daily-dose",
        "576 mcg/day",
        "--boost-percent",
        "20",
        "--effect-start",
        "22:00",
        "--effect-end",
        "06:00",
    ]);
    let expected = "\
Night boost
  base daily dose   576 mcg/day
  boost             +20 % of the hourly rate
  effect wanted     22:00 to 06:00
  lead time         2 h (default): each rate changes this long before its effect
  daily dose        614.4 mcg/day
  from   until           rate        lasting
  04:00  20:00           24 mcg/h    16 h
  20:00  04:00 next day  28.8 mcg/h  8 h
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn night_boost_with_a_lead_time_of_one_hour() {
    // Moved 1 h: 21:00–05:00 at 28.8 mcg/h (8 h), 05:00–21:00 at 24 mcg/h (16 h): 614.4 again.
    let out = computed(&[
        "night-boost",
        "--base-daily-dose",
        "576 mcg/day",
        "--boost-percent",
        "20",
        "--effect-start",
        "22:00",
        "--effect-end",
        "06:00",
        "--lead-time",
        "60 min",
    ]);
    assert!(
        out.contains("  lead time         1 h: each rate changes"),
        "{out}"
    );
    assert!(
        out.contains(
            "  05:00  21:00           24 mcg/h    16 h\n  21:00  05:00 next day  28.8 mcg/h  8 h\n"
        ),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// itb catheter and itb fill

#[test]
fn catheter_prometra_ii_trimmed_by_10_cm() {
    // [PROM-II]: 110 - 10 = 100 cm × 0.0026 mL/cm = 0.26 mL.
    let out = computed(&[
        "catheter",
        "--catheter",
        "prometra_ii",
        "--trimmed-length",
        "10 cm",
    ]);
    let expected = "\
Catheter volume
  catheter      prometra_ii (110 cm at 0.0026 mL/cm)
  trimmed off   10 cm
  volume        0.26 mL
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn catheter_from_its_implanted_length() {
    // 50 cm × 0.0026 mL/cm = 0.13 mL.
    let out = computed(&[
        "catheter",
        "--implanted-length",
        "50 cm",
        "--volume-per-length",
        "0.0026 mL/cm",
    ]);
    assert!(out.contains("  implanted length    50 cm\n"), "{out}");
    assert!(out.contains("  volume              0.13 mL\n"), "{out}");
}

#[test]
fn fill_20_ml_at_1_ml_per_day_for_400_mcg_per_day() {
    // [ARCHIMEDES] worksheet: 20 / 1 = 20 days; 400 mcg/day / 1 mL/day = 400 mcg/mL;
    // 20 mL × 400 = 8,000 mcg; 8,000 / 2,000 = 4 mL of stock, 20 - 4 = 16 mL of diluent.
    let out = computed(&[
        "fill",
        "--reservoir",
        "20 mL",
        "--flow-rate",
        "1 mL/day",
        "--daily-dose",
        "400 mcg/day",
        "--stock",
        "2000 mcg/mL",
    ]);
    let expected = "\
Constant-flow pump fill
  reservoir           20 mL
  flow                1 mL/day
  daily dose          400 mcg/day
  stock               2,000 mcg/mL
  priming overage     0 mL (default)
  running time        20 days
  concentration       400 mcg/mL
  drug in reservoir   8,000 mcg
  stock volume        4 mL of 2,000 mcg/mL
  diluent volume      16 mL of preservative-free 0.9 % sodium chloride
Stock and diluent fill the reservoir plus the priming overage.
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn fill_with_the_3_ml_priming_overage() {
    // 23 mL at 400 mcg/mL = 9,200 mcg = 4.6 mL of stock; 23 - 4.6 = 18.4 mL of diluent. The drug
    // in the reservoir stays 8,000 mcg (the overage primes the set).
    let out = computed(&[
        "fill",
        "--reservoir",
        "20 mL",
        "--flow-rate",
        "1 mL/day",
        "--daily-dose",
        "400 mcg/day",
        "--stock",
        "2 mg/mL",
        "--priming-overage",
        "3 mL",
    ]);
    assert!(out.contains("  priming overage     3 mL\n"), "{out}");
    assert!(out.contains("  drug in reservoir   8,000 mcg\n"), "{out}");
    assert!(
        out.contains("  stock volume        4.6 mL of 2,000 mcg/mL\n"),
        "{out}"
    );
    assert!(out.contains("  diluent volume      18.4 mL of "), "{out}");
}

// ---------------------------------------------------------------------------------------------
// --json, bad input, usage, --help

#[test]
fn json_prints_the_protocol_response() {
    let cases: [(&[&str], &str); 8] = [
        (
            &[
                "reconcile",
                "--fill-volume",
                "20 mL",
                "--elapsed",
                "60 days",
                "--daily-dose",
                "500 mcg/day",
                "--concentration",
                "2000 mcg/mL",
                "--aspirated-volume",
                "3 mL",
                "--threshold",
                "1 mL",
                "--pump",
                "prometra_ii_20",
            ],
            r#"{"op":"reconcile","fill_volume":"20 mL","elapsed":"60 days","daily_dose":"500 mcg/day","concentration":"2000 mcg/mL","aspirated_volume":"3 mL","threshold":"1 mL","pump":"prometra_ii_20"}"#,
        ),
        (
            &[
                "reconcile",
                "--fill-volume",
                "20 mL",
                "--elapsed",
                "60 days",
                "--flow-rate",
                "0.25 mL/day",
                "--aspirated-volume",
                "3 mL",
                "--risk-factor",
                "prior_withdrawal",
                "--risk-factor",
                "communication_difficulty",
            ],
            r#"{"op":"reconcile","fill_volume":"20 mL","elapsed":"60 days","flow_rate":"0.25 mL/day","aspirated_volume":"3 mL","risk_factors":["prior_withdrawal","communication_difficulty"]}"#,
        ),
        (
            &[
                "bridge",
                "--old-concentration",
                "500 mcg/mL",
                "--new-concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
                "--dead-space",
                "0.25 mL",
            ],
            r#"{"op":"bridge_bolus","old_concentration":"500 mcg/mL","new_concentration":"2000 mcg/mL","daily_dose":"500 mcg/day","dead_space":"0.25 mL"}"#,
        ),
        (
            &["flex", "--steps", "07:00=20 mcg/h,22:00=30 mcg/h"],
            r#"{"op":"flex_daily_dose","steps":[{"start":"07:00","rate":"20 mcg/h"},{"start":"22:00","rate":"30 mcg/h"}]}"#,
        ),
        (
            &[
                "night-boost",
                "--base-daily-dose",
                "576 mcg/day",
                "--boost-percent",
                "20",
                "--effect-start",
                "22:00",
                "--effect-end",
                "06:00",
                "--lead-time",
                "1 h",
            ],
            r#"{"op":"night_boost","base_daily_dose":"576 mcg/day","boost_percent":20,"effect_start":"22:00","effect_end":"06:00","lead_time":"1 h"}"#,
        ),
        (
            &[
                "catheter",
                "--catheter",
                "prometra_ii",
                "--trimmed-length",
                "10 cm",
            ],
            r#"{"op":"catheter_volume","catheter":"prometra_ii","trimmed_length":"10 cm"}"#,
        ),
        (
            &[
                "catheter",
                "--implanted-length",
                "50 cm",
                "--volume-per-length",
                "0.0026 mL/cm",
            ],
            r#"{"op":"catheter_volume","implanted_length":"50 cm","volume_per_length":"0.0026 mL/cm"}"#,
        ),
        (
            &[
                "fill",
                "--reservoir",
                "20 mL",
                "--flow-rate",
                "1 mL/day",
                "--daily-dose",
                "400 mcg/day",
                "--stock",
                "2000 mcg/mL",
                "--priming-overage",
                "3 mL",
            ],
            r#"{"op":"constant_flow_fill","reservoir":"20 mL","flow_rate":"1 mL/day","daily_dose":"400 mcg/day","stock":"2000 mcg/mL","priming_overage":"3 mL"}"#,
        ),
    ];
    for (args, request) in cases {
        let args = [args, &["--json"]].concat();
        let run = itb_args(&args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            format!("{}\n", itb::protocol::evaluate(request)),
            "{args:?}"
        );
    }
}

#[test]
fn json_of_a_rejected_request_is_the_error_response_with_status_1() {
    let run = itb_args(&[
        "catheter",
        "--catheter",
        "prometra_ii",
        "--trimmed-length",
        "120 cm",
        "--json",
    ]);
    assert_eq!(run.code, Some(1));
    let request = r#"{"op":"catheter_volume","catheter":"prometra_ii","trimmed_length":"120 cm"}"#;
    assert_eq!(
        run.stdout,
        format!("{}\n", itb::protocol::evaluate(request))
    );
    assert!(
        run.stderr.starts_with("error: out_of_range\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_input_is_rejected_naming_field_argument_and_what_is_allowed() {
    let reconcile = |aspirated: &'static str, elapsed: &'static str| {
        vec![
            "reconcile",
            "--fill-volume",
            "20 mL",
            "--elapsed",
            elapsed,
            "--flow-rate",
            "0.25 mL/day",
            "--aspirated-volume",
            aspirated,
        ]
    };
    let cases: Vec<(Vec<&str>, &str, &str, Vec<&str>)> = vec![
        (
            reconcile("21 mL", "60 days"),
            "out_of_range",
            "aspirated_volume (--aspirated-volume)",
            vec!["21 mL", "no more than the volume filled"],
        ),
        (
            reconcile("3 mL", "0 days"),
            "zero",
            "elapsed (--elapsed)",
            vec!["more than 0 days"],
        ),
        (
            [reconcile("3 mL", "60 days"), vec!["--risk-factor", "t6"]].concat(),
            "invalid_value",
            "risk_factors[0] (--risk-factor)",
            vec!["sci_t6_or_above, communication_difficulty, prior_withdrawal"],
        ),
        (
            vec![
                "reconcile",
                "--pump",
                "synchromed_ii_20",
                "--fill-volume",
                "25 mL",
                "--elapsed",
                "60 days",
                "--flow-rate",
                "0.25 mL/day",
                "--aspirated-volume",
                "3 mL",
            ],
            "out_of_range",
            "fill_volume (--fill-volume)",
            vec!["25 mL", "no larger than the pump's reservoir"],
        ),
        (
            vec![
                "catheter",
                "--catheter",
                "prometra_ii",
                "--trimmed-length",
                "120 cm",
            ],
            "out_of_range",
            "trimmed_length (--trimmed-length)",
            vec!["120 cm", "110 cm"],
        ),
        (
            vec![
                "catheter",
                "--catheter",
                "prometra",
                "--trimmed-length",
                "10 cm",
            ],
            "invalid_value",
            "catheter (--catheter)",
            vec!["\"prometra\"", "prometra_ii"],
        ),
        (
            vec![
                "catheter",
                "--implanted-length",
                "50 furlongs",
                "--volume-per-length",
                "0.0026 mL/cm",
            ],
            "unit_unknown",
            "implanted_length (--implanted-length)",
            vec!["\"50 furlongs\"", "cm"],
        ),
        (
            vec!["flex", "--step", "25:00=20mcg/h"],
            "out_of_range",
            "steps[0].start (--steps or --step)",
            vec!["00:00 to 23:59", "\"25:00\""],
        ),
        (
            vec!["flex", "--steps", "7:00=20 mcg/h"],
            "invalid_value",
            "steps[0].start (--steps or --step)",
            vec!["HH:MM", "\"7:00\""],
        ),
        (
            vec!["flex", "--steps", "22:00=30 mcg/h,07:00=20 mcg/h"],
            "invalid_value",
            "steps[1].start (--steps or --step)",
            vec!["strictly increasing"],
        ),
        (
            vec!["flex", "--steps", "07:00=20"],
            "unit_required",
            "steps[0].rate (--steps or --step)",
            vec!["\"20\"", "dose rate"],
        ),
        (
            vec!["flex", "--step", "07:00=1e308 mg/h"],
            "not_finite",
            "steps[0].rate (--steps or --step)",
            vec![],
        ),
        (
            vec!["flex", "--step", "07:00 20 mcg/h"],
            "invalid_value",
            "steps[0] (--steps or --step)",
            vec!["HH:MM=RATE"],
        ),
        (
            vec![
                "night-boost",
                "--base-daily-dose",
                "576 mcg/day",
                "--boost-percent",
                "-100",
                "--effect-start",
                "22:00",
                "--effect-end",
                "06:00",
            ],
            "out_of_range",
            "boost_percent (--boost-percent)",
            vec!["more than -100 %"],
        ),
        (
            vec![
                "night-boost",
                "--base-daily-dose",
                "576 mcg/day",
                "--boost-percent",
                "20 %",
                "--effect-start",
                "22:00",
                "--effect-end",
                "06:00",
            ],
            "invalid_value",
            "boost_percent (--boost-percent)",
            vec!["\"20 %\"", "e.g. 20"],
        ),
        (
            vec![
                "bridge",
                "--old-concentration",
                "500 mcg",
                "--new-concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
                "--dead-space",
                "0.25 mL",
            ],
            "unit_mismatch",
            "old_concentration (--old-concentration)",
            vec!["mass", "concentration"],
        ),
        (
            vec![
                "bridge",
                "--old-concentration",
                "500 mcg/mL",
                "--new-concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
                "--dead-space",
                "-0.25 mL",
            ],
            "negative",
            "dead_space (--dead-space)",
            vec!["-0.25 mL"],
        ),
        (
            vec![
                "fill",
                "--reservoir",
                "20 mL",
                "--flow-rate",
                "1 mL/day",
                "--daily-dose",
                "400 mcg/day",
                "--stock",
                "200 mcg/mL",
            ],
            "out_of_range",
            "stock (--stock)",
            vec!["200 mcg/mL", "dilution cannot concentrate"],
        ),
    ];
    let mut kinds = BTreeSet::new();
    for (args, code, field, says) in cases {
        let run = itb_args(&args);
        assert_rejected(&run, code, field, &says);
        kinds.insert(code);
    }
    // Every error kind a subcommand can meet (the others — invalid_json, unknown_op,
    // unknown_field, missing_field — need a hand-written request: see bad_input.rs).
    let reachable = [
        "invalid_value",
        "unit_required",
        "unit_unknown",
        "unit_mismatch",
        "not_finite",
        "negative",
        "zero",
        "out_of_range",
    ];
    assert_eq!(kinds, reachable.into_iter().collect());
}

#[test]
fn usage_errors_exit_2() {
    let flow = ["--fill-volume", "20 mL", "--elapsed", "60 days"];
    let cases: Vec<Vec<&str>> = vec![
        // reconcile: the flow one way only, and a daily dose needs its concentration.
        [&["reconcile"][..], &flow, &["--aspirated-volume", "3 mL"]].concat(),
        [
            &["reconcile"][..],
            &flow,
            &["--flow-rate", "0.25 mL/day", "--concentration", "2 mg/mL"],
            &["--aspirated-volume", "3 mL"],
        ]
        .concat(),
        [
            &["reconcile"][..],
            &flow,
            &["--daily-dose", "500 mcg/day", "--aspirated-volume", "3 mL"],
        ]
        .concat(),
        [&["reconcile"][..], &flow, &["--flow-rate", "0.25 mL/day"]].concat(),
        vec!["flex"],
        vec![
            "flex",
            "--steps",
            "07:00=20 mcg/h",
            "--step",
            "22:00=30 mcg/h",
        ],
        vec!["catheter"],
        vec!["catheter", "--catheter", "prometra_ii"],
        vec![
            "catheter",
            "--catheter",
            "prometra_ii",
            "--trimmed-length",
            "10 cm",
            "--implanted-length",
            "50 cm",
            "--volume-per-length",
            "0.0026 mL/cm",
        ],
        vec![
            "catheter",
            "--catheter",
            "prometra_ii",
            "--trimmed-length",
            "10 cm",
            "--volume-per-length",
            "0.0026 mL/cm",
        ],
        vec![
            "catheter",
            "--implanted-length",
            "50 cm",
            "--volume-per-length",
            "0.0026 mL/cm",
            "--trimmed-length",
            "10 cm",
        ],
        vec![
            "bridge",
            "--old-concentration",
            "500 mcg/mL",
            "--new-concentration",
            "2000 mcg/mL",
        ],
        vec!["night-boost", "--base-daily-dose", "576 mcg/day"],
        vec!["fill", "--reservoir", "20 mL", "--flow-rate", "1 mL/day"],
    ];
    for args in cases {
        assert_usage_error(&args);
    }
}

#[test]
fn help_for_each_shows_its_arguments_and_an_example() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "reconcile",
            &[
                "--pump",
                "--reservoir",
                "--fill-volume",
                "--elapsed",
                "--daily-dose",
                "--concentration",
                "--flow-rate",
                "--aspirated-volume",
                "--threshold",
                "--risk-factor",
                "--json",
            ],
        ),
        (
            "bridge",
            &[
                "--old-concentration",
                "--new-concentration",
                "--daily-dose",
                "--dead-space",
                "--json",
            ],
        ),
        ("flex", &["--steps", "--step ", "--json"]),
        (
            "night-boost",
            &[
                "--base-daily-dose",
                "--boost-percent",
                "--effect-start",
                "--effect-end",
                "--lead-time",
                "--json",
            ],
        ),
        (
            "catheter",
            &[
                "--implanted-length",
                "--volume-per-length",
                "--catheter",
                "--trimmed-length",
                "--json",
            ],
        ),
        (
            "fill",
            &[
                "--reservoir",
                "--flow-rate",
                "--daily-dose",
                "--stock",
                "--priming-overage",
                "--json",
            ],
        ),
    ];
    for (sub, options) in cases {
        let run = itb_args(&[sub, "--help"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(
            run.stdout.contains(&format!("Usage: itb {sub} ")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("Example"), "{}", run.stdout);
        assert!(
            run.stdout.contains(&format!("  itb {sub} --")),
            "{}",
            run.stdout
        );
        for option in options {
            assert!(
                run.stdout.contains(option),
                "{sub}: {option}\n{}",
                run.stdout
            );
        }
    }
    // The catheter ids listed are the core's.
    let run = itb_args(&["catheter", "--help"]);
    assert!(
        run.stdout
            .contains(&format!("Catheter ids: {}.", itb::bolus::CATHETER_IDS)),
        "{}",
        run.stdout
    );
}
