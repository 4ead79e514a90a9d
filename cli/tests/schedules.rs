//! `itb titration-schedule` and `itb taper` on hand-worked schedules (the rules of
//! docs/PROTOCOL.md: titration steps within the profile's guideline, one per minimum interval;
//! tapers in equal reductions), their findings, `--json` equal to the protocol response, bad
//! input and `--help`.

mod common;

use common::{assert_rejected, assert_usage_error, computed, finding_marks, itb_args, marks};

/// `itb titration-schedule` with its five required arguments, then `more`.
fn schedule(
    profile: &str,
    origin: &str,
    phase: &str,
    current: &str,
    target: &str,
    more: &[&str],
) -> String {
    computed(&schedule_args(
        profile, origin, phase, current, target, more,
    ))
}

fn schedule_args<'a>(
    profile: &'a str,
    origin: &'a str,
    phase: &'a str,
    current: &'a str,
    target: &'a str,
    more: &[&'a str],
) -> Vec<&'a str> {
    [
        &[
            "titration-schedule",
            "--profile",
            profile,
            "--origin",
            origin,
            "--phase",
            phase,
            "--current-daily-dose",
            current,
            "--target-daily-dose",
            target,
        ][..],
        more,
    ]
    .concat()
}

/// `itb taper` from `current` to `target` over `duration`, then `more`.
fn taper_args<'a>(
    current: &'a str,
    target: &'a str,
    duration: &'a str,
    more: &[&'a str],
) -> Vec<&'a str> {
    [
        &[
            "taper",
            "--current-daily-dose",
            current,
            "--target-daily-dose",
            target,
            "--duration",
            duration,
        ][..],
        more,
    ]
    .concat()
}

// ---------------------------------------------------------------------------------------------
// itb titration-schedule

#[test]
fn uk_spinal_titration_100_to_200_mcg_per_day_in_3_days() {
    // The uk spinal titration step is at most 30 % (the default), one change a day for a
    // programmable pump: 100 x 1.3 = 130, 130 x 1.3 = 169, 169 x 1.3 = 219.7 passes the target,
    // so 200. Three steps, 3 days. No limit crossed.
    let out = schedule(
        "uk",
        "spinal",
        "titration",
        "100 mcg/day",
        "200 mcg/day",
        &[],
    );
    let expected = "\
Titration schedule
  profile              uk (UK SmPC)
  origin               spinal
  phase                titration
  pump                 programmable (default)
  current daily dose   100 mcg/day
  target daily dose    200 mcg/day (an increase)
  step                 30 % a step (the default for the profile, origin, phase and direction)
  interval             1 day between steps
  steps                3 steps
  days to target       3 days
  step  starts     daily dose
  1     in 1 day   130 mcg/day
  2     in 2 days  169 mcg/day
  3     in 3 days  200 mcg/day
Not checked, not given: --age-years.
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn a_non_programmable_pump_under_uk_steps_every_2_days() {
    // 48 h between changes for a non-programmable pump (uk): the same doses at 2, 4, 6 days.
    let out = schedule(
        "uk",
        "spinal",
        "titration",
        "0.1 mg/day",
        "0.2 mg/day",
        &["--pump-not-programmable"],
    );
    assert!(
        out.contains("  pump                 not programmable\n"),
        "{out}"
    );
    assert!(
        out.contains("  current daily dose   100 mcg/day\n"),
        "{out}"
    );
    assert!(
        out.contains("  interval             2 days between steps\n"),
        "{out}"
    );
    assert!(out.contains("  days to target       6 days\n"), "{out}");
    let table = "  1     in 2 days  130 mcg/day\n  2     in 4 days  169 mcg/day\n  \
                 3     in 6 days  200 mcg/day\n";
    assert!(out.contains(table), "{out}");
}

#[test]
fn a_decrease_by_10_percent_a_day_lands_on_the_target() {
    // 200 x 0.9 = 180, 162, 145.8, 131.22, 118.098, 106.2882; x 0.9 = 95.66 would pass 100, so
    // 100 mcg/day: 7 steps in 7 days. 10 % is within the 10-20 % decrease guideline; 100
    // mcg/day is within the adult cerebral maintenance range (22-1,400).
    let out = schedule(
        "us",
        "cerebral",
        "maintenance",
        "200 mcg/day",
        "100 mcg/day",
        &["--step-percent", "10"],
    );
    assert!(
        out.contains("  target daily dose    100 mcg/day (a decrease)\n"),
        "{out}"
    );
    assert!(
        out.contains("  step                 10 % a step (as given)\n"),
        "{out}"
    );
    assert!(out.contains("  steps                7 steps\n"), "{out}");
    let table = "\
  step  starts     daily dose
  1     in 1 day   180 mcg/day
  2     in 2 days  162 mcg/day
  3     in 3 days  145.8 mcg/day
  4     in 4 days  131.2 mcg/day
  5     in 5 days  118.1 mcg/day
  6     in 6 days  106.3 mcg/day
  7     in 7 days  100 mcg/day
";
    assert!(out.contains(table), "{out}");
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn a_decrease_by_default_is_20_percent_a_step() {
    // 200 x 0.8 = 160, 128, 102.4, then 81.92 would pass 100: 4 steps.
    let out = schedule(
        "uk",
        "spinal",
        "titration",
        "200 mcg/day",
        "100 mcg/day",
        &[],
    );
    assert!(
        out.contains("  step                 20 % a step (the default"),
        "{out}"
    );
    assert!(
        out.contains("  3     in 3 days  102.4 mcg/day\n  4     in 4 days  100 mcg/day\n"),
        "{out}"
    );
}

#[test]
fn steps_beyond_the_guideline_are_soft() {
    // us spinal titration allows 30 %: 50 % is above (soft). 100 x 1.5 = 150, then 225 passes
    // 200: 2 steps.
    let up = schedule(
        "us",
        "spinal",
        "titration",
        "100 mcg/day",
        "200 mcg/day",
        &["--step-percent", "50"],
    );
    assert!(
        up.contains("  1     in 1 day   150 mcg/day\n  2     in 2 days  200 mcg/day\n"),
        "{up}"
    );
    assert_eq!(
        finding_marks(&up),
        marks(&[("SOFT", "step_above_guideline")])
    );
    // A decrease of 25 % is above the 20 % guideline: 200 x 0.75 = 150, then 112.5 passes 120.
    let down = schedule(
        "us",
        "spinal",
        "titration",
        "200 mcg/day",
        "120 mcg/day",
        &["--step-percent", "25"],
    );
    assert!(down.contains("  2     in 2 days  120 mcg/day\n"), "{down}");
    assert_eq!(
        finding_marks(&down),
        marks(&[("SOFT", "decrease_above_guideline")])
    );
}

#[test]
fn a_target_above_1000_mcg_per_day_is_soft_and_an_age_under_4_hard_in_uk() {
    // us spinal maintenance allows 40 % (the default): 900 x 1.4 = 1,260 passes 1,100: one step.
    // 1,100 > 1,000 mcg/day: soft; within the adult spinal range (12-2,003).
    let high = schedule(
        "us",
        "spinal",
        "maintenance",
        "900 mcg/day",
        "1100 mcg/day",
        &["--age-years", "30"],
    );
    assert!(high.contains("  age                  30 years\n"), "{high}");
    assert!(high.contains("  steps                1 step\n"), "{high}");
    assert!(high.contains("  days to target       1 day\n"), "{high}");
    assert!(!high.contains("Not checked"), "{high}");
    assert_eq!(
        finding_marks(&high),
        marks(&[("SOFT", "daily_dose_above_1000")])
    );
    // uk, age 3: contraindicated (hard); the schedule is still computed (exit 0).
    let young = schedule(
        "uk",
        "spinal",
        "titration",
        "50 mcg/day",
        "60 mcg/day",
        &["--age-years", "3"],
    );
    assert!(young.contains("\nNOT ALLOWED: "), "{young}");
    assert_eq!(
        finding_marks(&young),
        marks(&[("HARD", "age_below_4_years")])
    );
    // uk maintenance for a child of 10 (under 18): the range is 25-200 mcg/day; 250 is outside.
    let child = schedule(
        "uk",
        "spinal",
        "maintenance",
        "200 mcg/day",
        "250 mcg/day",
        &["--age-years", "10"],
    );
    assert_eq!(
        finding_marks(&child),
        marks(&[("SOFT", "outside_maintenance_range")])
    );
}

#[test]
fn a_target_equal_to_the_dose_now_has_no_steps() {
    // 0.2 mg/day is 200 mcg/day: nothing to do, 0 steps, 0 days.
    let out = schedule(
        "us",
        "spinal",
        "titration",
        "0.2 mg/day",
        "200 mcg/day",
        &[],
    );
    assert!(
        out.contains("  target daily dose    200 mcg/day (no change)\n"),
        "{out}"
    );
    assert!(out.contains("  steps                0 steps\n"), "{out}");
    assert!(out.contains("  days to target       0 days\n"), "{out}");
    assert!(
        out.contains("No steps: the target is the current daily dose.\n"),
        "{out}"
    );
    assert!(!out.contains("  step  starts"), "{out}");
}

#[test]
fn titration_schedule_bad_input_names_field_and_argument() {
    let field = |f: &str, a: &str| format!("{f} ({a})");
    let cases: Vec<(Vec<&str>, &str, String, &[&str])> = vec![
        (
            schedule_args("uk", "spinal", "titration", "100", "200 mcg/day", &[]),
            "unit_required",
            field("current_daily_dose", "--current-daily-dose"),
            &["\"100\"", "a number without a unit"],
        ),
        (
            schedule_args("uk", "spinal", "titration", "100 mcg/day", "0 mcg/day", &[]),
            "zero",
            field("target_daily_dose", "--target-daily-dose"),
            &[],
        ),
        (
            schedule_args(
                "uk",
                "spinal",
                "titration",
                "100 mcg/day",
                "200 mcg/day",
                &["--step-percent", "0"],
            ),
            "zero",
            field("step_percent", "--step-percent"),
            &[],
        ),
        (
            schedule_args(
                "uk",
                "spinal",
                "titration",
                "100 mcg/day",
                "200 mcg/day",
                &["--step-percent", "-10"],
            ),
            "negative",
            field("step_percent", "--step-percent"),
            &[],
        ),
        (
            // Going down, a step of 100 % would stop the dose at once.
            schedule_args(
                "uk",
                "spinal",
                "titration",
                "200 mcg/day",
                "100 mcg/day",
                &["--step-percent", "100"],
            ),
            "out_of_range",
            field("step_percent", "--step-percent"),
            &[],
        ),
        (
            // 0.1 % a day from 100 to 1,000 mcg/day: ln 10 / ln 1.001 = 2,304 steps, over 365.
            schedule_args(
                "us",
                "spinal",
                "titration",
                "100 mcg/day",
                "1000 mcg/day",
                &["--step-percent", "0.1"],
            ),
            "out_of_range",
            field("step_percent", "--step-percent"),
            &["365"],
        ),
        (
            schedule_args(
                "us",
                "spinal",
                "titration",
                "100 mcg/day",
                "200 mcg/day",
                &["--step-percent", "10 %"],
            ),
            "invalid_value",
            field("step_percent", "--step-percent"),
            &["\"10 %\""],
        ),
        (
            schedule_args(
                "eu",
                "spinal",
                "titration",
                "100 mcg/day",
                "200 mcg/day",
                &[],
            ),
            "invalid_value",
            field("profile", "--profile"),
            &["us, uk"],
        ),
    ];
    for (args, code, field, says) in cases {
        assert_rejected(&itb_args(&args), code, &field, says);
    }
}

// ---------------------------------------------------------------------------------------------
// itb taper

#[test]
fn taper_350_to_0_over_15_days_every_2_days() {
    // n = floor(15 / 2) = 7 reductions of (350 - 0) / 7 = 50 mcg/day, at 2, 4, ... 14 days:
    // 300, 250, 200, 150, 100, 50, 0. 15 days is not under 14 (no taper_faster_than_label); a
    // taper to 0 is resumed at the initial dose, in hospital (info).
    let out = computed(&taper_args(
        "350 mcg/day",
        "0 mcg/day",
        "15 day",
        &["--interval", "2 day"],
    ));
    let head = "\
Taper schedule
  current daily dose   350 mcg/day
  target daily dose    0 mcg/day (a stop)
  duration             15 days
  interval             2 days between reductions
  reductions           7 steps
  target reached       in 14 days
  step  starts      daily dose
  1     in 2 days   300 mcg/day
  2     in 4 days   250 mcg/day
  3     in 6 days   200 mcg/day
  4     in 8 days   150 mcg/day
  5     in 10 days  100 mcg/day
  6     in 12 days  50 mcg/day
  7     in 14 days  0 mcg/day
Findings:
  INFO  resume_at_initial_dose: ";
    assert!(out.starts_with(head), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("INFO", "resume_at_initial_dose")])
    );
    assert!(
        out.ends_with("\n        source: 001 Administration/Delivery regimen\n"),
        "{out}"
    );
}

#[test]
fn taper_400_to_200_over_28_days_a_step_a_day() {
    // Default interval 1 day: 28 reductions of 200 / 28 = 7.142857 mcg/day: 392.857... is
    // 392.9 mcg/day after 1 day, 400 - 14 x 7.142857 = 300 after 14 days, 200 after 28. No
    // finding: 28 days is within the label's 2 to 4 weeks and the target is not zero.
    let out = computed(&taper_args("400 mcg/day", "0.2 mg/day", "28 day", &[]));
    assert!(
        out.contains("  target daily dose    200 mcg/day\n"),
        "{out}"
    );
    assert!(
        out.contains("  interval             1 day (default) between reductions\n"),
        "{out}"
    );
    assert!(out.contains("  reductions           28 steps\n"), "{out}");
    assert!(out.contains("  1     in 1 day    392.9 mcg/day\n"), "{out}");
    assert!(out.contains("  14    in 14 days  300 mcg/day\n"), "{out}");
    assert!(out.contains("  28    in 28 days  200 mcg/day\n"), "{out}");
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn a_taper_under_14_days_is_soft_and_hours_are_read_as_days() {
    // 10 days < 14: soft. floor(10 / 2) = 5 reductions of 60: 240, 180, 120, 60, 0.
    let fast = computed(&taper_args(
        "300 mcg/day",
        "0 mcg/day",
        "10 day",
        &["--interval", "48 h"],
    ));
    assert!(fast.contains("  1     in 2 days   240 mcg/day\n"), "{fast}");
    assert!(fast.contains("  5     in 10 days  0 mcg/day\n"), "{fast}");
    assert_eq!(
        finding_marks(&fast),
        marks(&[
            ("SOFT", "taper_faster_than_label"),
            ("INFO", "resume_at_initial_dose")
        ])
    );
    // 336 h = 14 days exactly, not under 14; 48 h = 2 days: 7 reductions.
    let two_weeks = computed(&taper_args(
        "350 mcg/day",
        "0 mcg/day",
        "336 h",
        &["--interval", "48 h"],
    ));
    assert!(
        two_weeks.contains("  duration             14 days\n"),
        "{two_weeks}"
    );
    assert!(
        two_weeks.contains("  reductions           7 steps\n"),
        "{two_weeks}"
    );
    assert_eq!(
        finding_marks(&two_weeks),
        marks(&[("INFO", "resume_at_initial_dose")])
    );
}

#[test]
fn taper_bad_input_names_field_and_argument() {
    let cases: Vec<(Vec<&str>, &str, &str, &[&str])> = vec![
        (
            taper_args("350", "0 mcg/day", "14 day", &[]),
            "unit_required",
            "current_daily_dose (--current-daily-dose)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "0", "14 day", &[]),
            "unit_required",
            "target_daily_dose (--target-daily-dose)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "350 mcg/day", "14 day", &[]),
            "out_of_range",
            "target_daily_dose (--target-daily-dose)",
            &[],
        ),
        (
            taper_args("0 mcg/day", "0 mcg/day", "14 day", &[]),
            "zero",
            "current_daily_dose (--current-daily-dose)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "0 mcg/day", "0 day", &[]),
            "zero",
            "duration (--duration)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "0 mcg/day", "-14 day", &[]),
            "negative",
            "duration (--duration)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "0 mcg/day", "2 weeks", &[]),
            "unit_unknown",
            "duration (--duration)",
            &[],
        ),
        (
            taper_args(
                "350 mcg/day",
                "0 mcg/day",
                "1 day",
                &["--interval", "2 day"],
            ),
            "out_of_range",
            "duration (--duration)",
            &[],
        ),
        (
            taper_args("350 mcg/day", "0 mcg/day", "14 day", &["--interval", "0 h"]),
            "zero",
            "interval (--interval)",
            &[],
        ),
        (
            // 14 days in minutes: 20,160 reductions, over 1,000.
            taper_args(
                "350 mcg/day",
                "0 mcg/day",
                "14 day",
                &["--interval", "1 min"],
            ),
            "out_of_range",
            "interval (--interval)",
            &[],
        ),
    ];
    for (args, code, field, says) in cases {
        assert_rejected(&itb_args(&args), code, field, says);
    }
}

// ---------------------------------------------------------------------------------------------
// Both

#[test]
fn json_prints_the_protocol_response() {
    let cases: [(Vec<&str>, &str); 5] = [
        (
            schedule_args(
                "uk",
                "spinal",
                "titration",
                "100 mcg/day",
                "200 mcg/day",
                &[],
            ),
            r#"{"op":"titration_schedule","profile":"uk","origin":"spinal","phase":"titration","current_daily_dose":"100 mcg/day","target_daily_dose":"200 mcg/day"}"#,
        ),
        (
            schedule_args(
                "uk",
                "cerebral",
                "maintenance",
                "200 mcg/day",
                "100 mcg/day",
                &[
                    "--step-percent",
                    "15",
                    "--pump-not-programmable",
                    "--age-years",
                    "3",
                ],
            ),
            r#"{"op":"titration_schedule","profile":"uk","origin":"cerebral","phase":"maintenance","current_daily_dose":"200 mcg/day","target_daily_dose":"100 mcg/day","step_percent":15,"pump_programmable":false,"age_years":3}"#,
        ),
        (
            taper_args(
                "350 mcg/day",
                "0 mcg/day",
                "15 day",
                &["--interval", "2 day"],
            ),
            r#"{"op":"taper_schedule","current_daily_dose":"350 mcg/day","target_daily_dose":"0 mcg/day","duration":"15 day","interval":"2 day"}"#,
        ),
        (
            taper_args("400 mcg/day", "200 mcg/day", "28 day", &[]),
            r#"{"op":"taper_schedule","current_daily_dose":"400 mcg/day","target_daily_dose":"200 mcg/day","duration":"28 day"}"#,
        ),
        (
            taper_args("350 mcg/day", "400 mcg/day", "28 day", &[]),
            r#"{"op":"taper_schedule","current_daily_dose":"350 mcg/day","target_daily_dose":"400 mcg/day","duration":"28 day"}"#,
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
    // The hand-worked numbers, from the JSON: 7 steps, the last at 14 days on 0 mcg/day.
    let run = itb_args(
        &[
            taper_args(
                "350 mcg/day",
                "0 mcg/day",
                "15 day",
                &["--interval", "2 day"],
            )
            .as_slice(),
            &["--json"],
        ]
        .concat(),
    );
    let result = &common::json(&run)["result"];
    assert_eq!(result["step_count"], 7);
    assert_eq!(result["steps"][6]["at"]["text"], "14 days");
    assert_eq!(result["steps"][6]["daily_dose"]["text"], "0 mcg/day");
    assert_eq!(result["interval"]["text"], "2 days");
}

#[test]
fn usage_errors_exit_2() {
    let cases: [Vec<&str>; 4] = [
        vec!["titration-schedule", "--profile", "uk"],
        vec![
            "taper",
            "--current-daily-dose",
            "350 mcg/day",
            "--target-daily-dose",
            "0 mcg/day",
        ],
        [
            taper_args("350 mcg/day", "0 mcg/day", "14 day", &[]).as_slice(),
            &["--over", "4 weeks"],
        ]
        .concat(),
        schedule_args(
            "uk",
            "spinal",
            "titration",
            "100 mcg/day",
            "200 mcg/day",
            &["--pump-not-programmable=yes"],
        ),
    ];
    for args in cases {
        assert_usage_error(&args);
    }
}

#[test]
fn help_shows_every_option_and_an_example() {
    let cases: [(&str, &[&str]); 2] = [
        (
            "titration-schedule",
            &[
                "--profile",
                "--origin",
                "--phase",
                "--current-daily-dose",
                "--target-daily-dose",
                "--step-percent",
                "--pump-not-programmable",
                "--age-years",
                "--json",
                "spinal 30 %",
            ],
        ),
        (
            "taper",
            &[
                "--current-daily-dose",
                "--target-daily-dose",
                "--duration",
                "--interval",
                "--json",
                "day, h or min",
                "default: 1 day",
            ],
        ),
    ];
    for (sub, options) in cases {
        let help = computed(&[sub, "--help"]);
        assert!(help.contains(&format!("Usage: itb {sub} ")), "{help}");
        assert!(help.contains(&format!("  itb {sub} --")), "{help}");
        for option in options {
            assert!(help.contains(option), "{sub}: {option}\n{help}");
        }
    }
}
