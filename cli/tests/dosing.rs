//! The dosing-rule subcommands (`itb screening`, `itb initial-dose`, `itb titrate`) on
//! hand-worked examples (the profile rules of docs/PROTOCOL.md, sources in docs/SOURCES.md), hard
//! findings and the NOT ALLOWED line, `--json` equal to the protocol response, bad input and
//! `--help`.

mod common;

use common::{Run, itb_args, json};

/// Runs a subcommand that must compute (exit 0, nothing on stderr) and returns its stdout.
fn report(args: &[&str]) -> String {
    let run = itb_args(args);
    assert_eq!(
        run.code,
        Some(0),
        "itb {args:?}: {}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stderr, "", "itb {args:?}");
    run.stdout
}

/// `itb titrate` with the five required arguments.
fn titrate(profile: &str, current: &str, change: &str, origin: &str, phase: &str) -> Vec<String> {
    [
        "titrate",
        "--profile",
        profile,
        "--current-daily-dose",
        current,
        "--change-percent",
        change,
        "--origin",
        origin,
        "--phase",
        phase,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The (mark, code) of each finding line of a report, in the order printed.
fn finding_marks(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| {
            let l = l.strip_prefix("  ")?;
            let (mark, rest) = l.split_once("  ")?;
            let code = rest.split_once(": ")?.0;
            ["HARD", "SOFT", "INFO"]
                .contains(&mark)
                .then(|| (mark.to_owned(), code.to_owned()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// itb screening

#[test]
fn screening_us_defaults_50_75_100_mcg_at_50_mcg_per_ml() {
    // [DRUGS-DOSE]: the screening solution is 50 mcg/mL, so 50 mcg is 50 / 50 = 1 mL,
    // 75 mcg is 1.5 mL, 100 mcg is 2 mL; 25 mcg steps, at least 24 h apart, at most 100 mcg.
    let out = report(&["screening", "--profile", "us"]);
    let expected = "\
Screening plan
  profile         us (US label)
  start dose      50 mcg (default)
  concentration   50 mcg/mL (default)
  interval        at least 24 h between boluses
  largest bolus   100 mcg
  bolus  dose     volume
  1st    50 mcg   1 mL
  2nd    75 mcg   1.5 mL
  3rd    100 mcg  2 mL
Not checked, not given: --age-years, --hours-since-last-dose.
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn screening_from_25_mcg_has_four_boluses() {
    // 25, 50, 75, 100 mcg at 50 mcg/mL: 0.5, 1, 1.5, 2 mL; 125 would be above 100.
    // 0.025 mg = 25 mcg, a labelled start dose (25 or 50 mcg); age 7 is not under 4, so no
    // finding and no age note.
    let out = report(&[
        "screening",
        "--profile",
        "uk",
        "--age-years",
        "7",
        "--start-dose",
        "0.025 mg",
    ]);
    assert!(out.contains("  age             7 years\n"), "{out}");
    assert!(out.contains("  start dose      25 mcg\n"), "{out}");
    let table = "  bolus  dose     volume\n  1st    25 mcg   0.5 mL\n  2nd    50 mcg   1 mL\n  \
                 3rd    75 mcg   1.5 mL\n  4th    100 mcg  2 mL\n";
    assert!(out.contains(table), "{out}");
    assert!(
        out.contains("\nNot checked, not given: --hours-since-last-dose.\n"),
        "{out}"
    );
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn screening_at_another_concentration_is_a_soft_finding() {
    // 0.5 mg/mL = 500 mcg/mL. 60 mcg / 500 = 0.12 mL; 85 mcg / 500 = 0.17 mL; 110 > 100 stops.
    // Not the 50 mcg/mL screening solution: soft; 60 mcg is neither labelled start dose (25 or
    // 50 mcg): soft. The plan stays allowed.
    let out = report(&[
        "screening",
        "--profile",
        "us",
        "--start-dose",
        "60 mcg",
        "--concentration",
        "0.5 mg/mL",
    ]);
    assert!(out.contains("  concentration   500 mcg/mL\n"), "{out}");
    assert!(
        out.contains("  1st    60 mcg  0.12 mL\n  2nd    85 mcg  0.17 mL\nNot checked"),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    let mut marks = finding_marks(&out);
    marks.sort();
    assert_eq!(
        marks,
        [
            ("SOFT".to_owned(), "screening_concentration".to_owned()),
            ("SOFT".to_owned(), "screening_start_dose".to_owned()),
        ]
    );
}

#[test]
fn screening_above_100_mcg_is_one_dose_and_not_allowed() {
    // 150 mcg > 100 mcg: the plan is that one dose, 150 / 50 = 3 mL, and a hard finding; 150
    // is not a labelled start dose (25 or 50 mcg): soft.
    let out = report(&["screening", "--profile", "uk", "--start-dose", "150 mcg"]);
    assert!(out.contains("  1st    150 mcg  3 mL\nNot checked"), "{out}");
    assert!(!out.contains("2nd"), "{out}");
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        [
            ("HARD".to_owned(), "screening_dose_above_max".to_owned()),
            ("SOFT".to_owned(), "screening_start_dose".to_owned()),
        ]
    );
}

#[test]
fn under_4_years_is_hard_in_uk_soft_in_us_and_exactly_4_is_not_under() {
    // uk: contraindicated (hard), so NOT ALLOWED, yet computed: exit 0.
    let uk = report(&["screening", "--profile", "uk", "--age-years", "3"]);
    assert!(uk.contains("  age             3 years\n"), "{uk}");
    let not_allowed = uk.find("NOT ALLOWED: ").expect("NOT ALLOWED line");
    let findings = uk.find("Findings:\n").expect("findings");
    assert!(not_allowed < findings, "{uk}");
    assert_eq!(
        finding_marks(&uk),
        [("HARD".to_owned(), "age_below_4_years".to_owned())]
    );
    assert!(
        uk.contains("\n        source: 001 Contraindications\n"),
        "{uk}"
    );
    // The plan is still printed: 1 mL, 1.5 mL, 2 mL.
    assert!(uk.contains("  3rd    100 mcg  2 mL\n"), "{uk}");
    // us: not established (soft), allowed.
    let us = report(&["screening", "--profile", "us", "--age-years", "3"]);
    assert!(!us.contains("NOT ALLOWED"), "{us}");
    assert_eq!(
        finding_marks(&us),
        [("SOFT".to_owned(), "age_below_4_years".to_owned())]
    );
    // Exactly 4 years is not under 4.
    let four = report(&["screening", "--profile", "uk", "--age-years", "4"]);
    assert!(four.ends_with("No findings.\n"), "{four}");
}

#[test]
fn screening_boluses_less_than_24_h_apart_are_hard_and_exactly_24_h_is_not() {
    // 001 Dosage/Screening Phase (Test Dose): boluses at least 24 h apart. 20 h < 24 h: hard,
    // computed (exit 0) and not allowed.
    let soon = report(&[
        "screening",
        "--profile",
        "us",
        "--hours-since-last-dose",
        "20",
    ]);
    assert!(soon.contains("  since last bolus   20 h\n"), "{soon}");
    assert!(soon.contains("\nNOT ALLOWED: "), "{soon}");
    assert_eq!(
        finding_marks(&soon),
        [("HARD".to_owned(), "screening_interval_too_short".to_owned())]
    );
    assert!(
        soon.contains("\n        source: 001 Dosage/Screening Phase (Test Dose)\n"),
        "{soon}"
    );
    assert!(
        soon.contains("\nNot checked, not given: --age-years.\n"),
        "{soon}"
    );
    let day = report(&[
        "screening",
        "--profile",
        "us",
        "--hours-since-last-dose",
        "24",
    ]);
    assert!(day.ends_with("No findings.\n"), "{day}");
}

#[test]
fn a_start_dose_other_than_25_or_50_mcg_is_soft() {
    // 001 Dosage/Screening Phase (Test Dose): 50 mcg, or 25 mcg in very small patients. 40 mcg
    // is neither: soft (40 / 50 = 0.8 mL, then 65 and 90 mcg: 1.3 and 1.8 mL). 0.05 mg = 50 mcg:
    // nothing.
    let out = report(&["screening", "--profile", "uk", "--start-dose", "40 mcg"]);
    assert!(out.contains("  1st    40 mcg  0.8 mL\n"), "{out}");
    assert!(out.contains("  3rd    90 mcg  1.8 mL\n"), "{out}");
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        [("SOFT".to_owned(), "screening_start_dose".to_owned())]
    );
    let fifty = report(&["screening", "--profile", "uk", "--start-dose", "0.05 mg"]);
    assert!(fifty.ends_with("No findings.\n"), "{fifty}");
}

// ---------------------------------------------------------------------------------------------
// itb initial-dose

#[test]
fn initial_dose_50_mcg_lasting_10_h_us_is_the_bolus_once_a_day() {
    // [SKY-NURSE]: 10 h is more than the US 8 h, so the bolus unchanged: 50 mcg/day.
    let out = report(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "50 mcg",
        "--effect-duration",
        "10 h",
    ]);
    let expected = "\
Initial daily dose
  profile           us (US label)
  effective bolus   50 mcg
  effect lasted     10 h
  rule              same_as_bolus: the bolus over 24 h (effect more than 8 h)
  rule source       [SKY-NURSE]; [SAULINO-DOSE]
  daily dose        50 mcg/day
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn initial_dose_50_mcg_lasting_10_h_uk_is_twice_the_bolus() {
    // 001 Dosage/Dose-Titration Phase: 10 h is not more than the UK 12 h: 2 x 50 = 100 mcg/day.
    let out = report(&[
        "initial-dose",
        "--profile",
        "uk",
        "--effective-bolus",
        "50 mcg",
        "--effect-duration",
        "10 h",
    ]);
    assert!(
        out.contains(
            "  rule              double_bolus: twice the bolus over 24 h (effect not more than 12 h)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  rule source       001 Dosage/Dose-Titration Phase\n"),
        "{out}"
    );
    assert!(out.contains("  daily dose        100 mcg/day\n"), "{out}");
}

#[test]
fn initial_dose_thresholds_are_strict_and_inputs_echo_in_mcg_and_h() {
    // "More than 8 h" is false at exactly 8 h (480 min): us doubles, 2 x 75 = 150 mcg/day.
    // 0.075 mg = 75 mcg.
    let at_8 = report(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "0.075 mg",
        "--effect-duration",
        "480 min",
    ]);
    assert!(at_8.contains("  effective bolus   75 mcg\n"), "{at_8}");
    assert!(at_8.contains("  effect lasted     8 h\n"), "{at_8}");
    assert!(
        at_8.contains("  rule              double_bolus: "),
        "{at_8}"
    );
    assert!(at_8.contains("  daily dose        150 mcg/day\n"), "{at_8}");
    // 1 day = 24 h is more than 12 h: uk keeps the bolus, 75 mcg/day.
    let a_day = report(&[
        "initial-dose",
        "--profile",
        "uk",
        "--effective-bolus",
        "75 mcg",
        "--effect-duration",
        "1 day",
    ]);
    assert!(a_day.contains("  effect lasted     24 h\n"), "{a_day}");
    assert!(
        a_day.contains("  rule              same_as_bolus: "),
        "{a_day}"
    );
    assert!(
        a_day.contains("  daily dose        75 mcg/day\n"),
        "{a_day}"
    );
}

#[test]
fn initial_dose_from_a_bolus_above_100_mcg_is_not_allowed() {
    // 150 mcg > 100 mcg screening maximum: hard. 12 h is more than 8 h: 150 mcg/day (us).
    let out = report(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "150 mcg",
        "--effect-duration",
        "12 h",
    ]);
    assert!(out.contains("  daily dose        150 mcg/day\n"), "{out}");
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        [("HARD".to_owned(), "screening_dose_above_max".to_owned())]
    );
}

// ---------------------------------------------------------------------------------------------
// itb titrate

#[test]
fn titrate_200_mcg_per_day_spinal_plus_30_percent_is_260() {
    // 001 Dosage/Dose-Titration Phase: 200 x 1.30 = 260 mcg/day; 30 % is the top of the spinal
    // range, not above. Any change is followed by close monitoring (002 Warnings): info.
    let out = report(&args(&titrate(
        "us",
        "200 mcg/day",
        "30",
        "spinal",
        "titration",
    )));
    let expected = "\
Dose change
  profile              us (US label)
  origin               spinal
  phase                titration
  pump                 programmable (default)
  current daily dose   200 mcg/day
  change               +30 % (increase)
  new daily dose       260 mcg/day
Not checked, not given: --age-years, --hours-since-last-change, --hours-since-start.
Findings:
  INFO  monitor_after_change: the daily dose or the concentration changes (30 %): monitor the patient closely until the response is acceptable and stable
        source: 002 Warnings
";
    assert_eq!(out, expected);
}

#[test]
fn titrate_200_cerebral_plus_15_percent_in_titration_is_230() {
    // 001 Dosage/Dose-Titration Phase; [SKY-NURSE]: 200 x 1.15 = 230 mcg/day; 15 % is the cerebral
    // titration top, not above.
    // 0.2 mg/day = 200 mcg/day.
    let out = report(&args(&titrate(
        "uk",
        "0.2 mg/day",
        "15",
        "cerebral",
        "titration",
    )));
    assert!(
        out.contains("  current daily dose   200 mcg/day\n"),
        "{out}"
    );
    assert!(
        out.contains("  change               +15 % (increase)\n"),
        "{out}"
    );
    assert!(
        out.contains("  new daily dose       230 mcg/day\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        [("INFO".to_owned(), "monitor_after_change".to_owned())]
    );
}

#[test]
fn titrate_accepts_negative_changes_and_marks_large_decreases() {
    // 200 x (1 - 0.15) = 170 mcg/day, within the 10-20 % decrease guideline.
    let minus_15 = report(&args(&titrate(
        "uk",
        "200 mcg/day",
        "-15",
        "spinal",
        "titration",
    )));
    assert!(
        minus_15.contains("  change               -15 % (decrease)\n"),
        "{minus_15}"
    );
    assert!(
        minus_15.contains("  new daily dose       170 mcg/day\n"),
        "{minus_15}"
    );
    assert_eq!(
        finding_marks(&minus_15),
        [("INFO".to_owned(), "monitor_after_change".to_owned())]
    );
    // 200 x 0.75 = 150 mcg/day; a 25 % decrease is more than 20 %: soft.
    let mut v = titrate("us", "200 mcg/day", "0", "spinal", "titration");
    v[5] = "--change-percent=-25".to_owned();
    v.remove(6);
    let minus_25 = report(&args(&v));
    assert!(
        minus_25.contains("  new daily dose       150 mcg/day\n"),
        "{minus_25}"
    );
    assert_eq!(
        finding_marks(&minus_25),
        [
            ("SOFT".to_owned(), "decrease_above_guideline".to_owned()),
            ("INFO".to_owned(), "monitor_after_change".to_owned()),
        ]
    );
}

#[test]
fn titrate_increase_in_the_first_24_h_is_hard_and_computed() {
    // 200 x 1.1 = 220 mcg/day; an increase 10 h after infusion began (< 24 h): hard.
    let mut v = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    v.extend(["--hours-since-start", "10"].map(str::to_owned));
    let out = report(&args(&v));
    assert!(out.contains("  since infusion began   10 h\n"), "{out}");
    assert!(
        out.contains("  new daily dose         220 mcg/day\n"),
        "{out}"
    );
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        [
            ("HARD".to_owned(), "increase_in_first_24h".to_owned()),
            ("INFO".to_owned(), "monitor_after_change".to_owned()),
        ]
    );
    // Exactly 24 h is not in the first 24 h.
    let mut v = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    v.extend(["--hours-since-start", "24"].map(str::to_owned));
    assert_eq!(
        finding_marks(&report(&args(&v))),
        [("INFO".to_owned(), "monitor_after_change".to_owned())]
    );
}

#[test]
fn a_non_programmable_pump_needs_48_h_between_changes_in_uk() {
    // uk, 30 h since the last change: enough (24 h) for a programmable pump, too soon (48 h)
    // for a non-programmable one. 200 x 1.1 = 220 mcg/day, spinal maintenance, adult range.
    let base = titrate("uk", "200 mcg/day", "10", "spinal", "maintenance");
    let mut programmable = base.clone();
    programmable.extend(["--hours-since-last-change", "30"].map(str::to_owned));
    let out = report(&args(&programmable));
    assert!(
        out.contains("  pump                 programmable (default)\n"),
        "{out}"
    );
    assert!(out.contains("  since last change    30 h\n"), "{out}");
    assert_eq!(
        finding_marks(&out),
        [("INFO".to_owned(), "monitor_after_change".to_owned())]
    );
    let mut fixed = programmable.clone();
    fixed.push("--pump-not-programmable".to_owned());
    let out = report(&args(&fixed));
    assert!(
        out.contains("  pump                 not programmable\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        [
            ("SOFT".to_owned(), "adjustment_too_soon".to_owned()),
            ("INFO".to_owned(), "monitor_after_change".to_owned()),
        ]
    );
    assert!(
        out.contains("30 h since the last change is less than the 48 h minimum"),
        "{out}"
    );
}

#[test]
fn every_limit_crossed_is_listed_hard_first_under_not_allowed() {
    // uk, 900 mcg/day spinal maintenance, +35 %: 900 x 1.35 = 1,215 mcg/day.
    // Hard: increase 10 h after the start (< 24 h); age 3 (< 4, uk contraindication).
    // Soft: 35 % > 30 % (uk spinal maintenance); 35 % > 20 % from 900 > 800 mcg/day (Saulino);
    // 30 h < 48 h (non-programmable, uk); 1,215 > 1,000 mcg/day; 1,215 > 200 mcg/day (uk
    // children's range, age 3 < 18). Info: a sudden escalation in maintenance; a change, so
    // monitor after it.
    let mut v = titrate("uk", "900 mcg/day", "35", "spinal", "maintenance");
    v.extend(
        [
            "--age-years",
            "3",
            "--pump-not-programmable",
            "--hours-since-last-change",
            "30",
            "--hours-since-start",
            "10",
        ]
        .map(str::to_owned),
    );
    let out = report(&args(&v));
    assert!(
        out.contains("  new daily dose         1,215 mcg/day\nNOT ALLOWED: "),
        "{out}"
    );
    assert!(
        !out.contains("Not checked"),
        "every optional argument given: {out}"
    );
    let marks = finding_marks(&out);
    let severities: Vec<&str> = marks.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        severities,
        [
            "HARD", "HARD", "SOFT", "SOFT", "SOFT", "SOFT", "SOFT", "INFO", "INFO"
        ],
        "{out}"
    );
    let mut codes: Vec<&str> = marks.iter().map(|(_, c)| c.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "adjustment_too_soon",
            "age_below_4_years",
            "daily_dose_above_1000",
            "increase_in_first_24h",
            "large_step_at_high_dose",
            "monitor_after_change",
            "outside_maintenance_range",
            "step_above_guideline",
            "sudden_escalation",
        ]
    );
    // Each finding line is followed by its source.
    let lines: Vec<&str> = out.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if ["  HARD  ", "  SOFT  ", "  INFO  "]
            .iter()
            .any(|m| line.starts_with(m))
        {
            let next = lines.get(i + 1).copied().unwrap_or("");
            assert!(next.starts_with("        source: "), "{line}: {next}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// --json

#[test]
fn json_prints_the_protocol_response() {
    let titrate_args = titrate("uk", "200 mcg/day", "-15", "cerebral", "maintenance");
    let mut titrate_all = titrate_args.clone();
    titrate_all.extend(
        [
            "--age-years",
            "3",
            "--pump-not-programmable",
            "--hours-since-last-change",
            "30",
            "--hours-since-start",
            "10",
        ]
        .map(str::to_owned),
    );
    let cases: [(Vec<&str>, &str); 7] = [
        (
            vec!["screening", "--profile", "us"],
            r#"{"op":"screening_plan","profile":"us"}"#,
        ),
        (
            vec![
                "screening",
                "--profile",
                "us",
                "--start-dose",
                "25 mcg",
                "--hours-since-last-dose",
                "12.5",
            ],
            r#"{"op":"screening_plan","profile":"us","start_dose":"25 mcg","hours_since_last_dose":12.5}"#,
        ),
        (
            vec![
                "screening",
                "--profile",
                "uk",
                "--age-years",
                "3",
                "--start-dose",
                "60 mcg",
                "--concentration",
                "500 mcg/mL",
            ],
            r#"{"op":"screening_plan","profile":"uk","age_years":3,"start_dose":"60 mcg","concentration":"500 mcg/mL"}"#,
        ),
        (
            vec![
                "initial-dose",
                "--profile",
                "uk",
                "--effective-bolus",
                "50 mcg",
                "--effect-duration",
                "10 h",
            ],
            r#"{"op":"initial_daily_dose","profile":"uk","effective_bolus":"50 mcg","effect_duration":"10 h"}"#,
        ),
        (
            args(&titrate_args),
            r#"{"op":"titrate","profile":"uk","current_daily_dose":"200 mcg/day","change_percent":-15,"origin":"cerebral","phase":"maintenance"}"#,
        ),
        (
            args(&titrate_all),
            r#"{"op":"titrate","profile":"uk","current_daily_dose":"200 mcg/day","change_percent":-15,"origin":"cerebral","phase":"maintenance","age_years":3,"pump_programmable":false,"hours_since_last_change":30,"hours_since_start":10}"#,
        ),
        (
            vec!["screening", "--profile", "eu"],
            r#"{"op":"screening_plan","profile":"eu"}"#,
        ),
    ];
    for (argv, request) in cases {
        let argv = [argv.as_slice(), &["--json"]].concat();
        let run = itb_args(&argv);
        let response = itb::protocol::evaluate(request);
        let ok = json(&run)["ok"] == true;
        assert_eq!(run.code, Some(if ok { 0 } else { 1 }), "{argv:?}");
        assert_eq!(run.stdout, format!("{response}\n"), "{argv:?}");
    }
    // The uk age-3 screening is computed and not allowed; the json says so.
    let run = itb_args(&["screening", "--profile", "uk", "--age-years", "3", "--json"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(json(&run)["allowed"], false);
    assert_eq!(json(&run)["findings"][0]["severity"], "hard");
}

#[test]
fn json_of_a_non_finite_number_is_an_error_response_in_the_protocol_format() {
    // JSON has no NaN, so the command refuses it before sending, in the protocol's format.
    let v = titrate("us", "200 mcg/day", "NaN", "spinal", "titration");
    let run = itb_args(&[args(&v).as_slice(), &["--json"]].concat());
    assert_eq!(run.code, Some(1));
    let response = json(&run);
    assert_eq!(response["ok"], false);
    assert_eq!(response["op"], "titrate");
    assert_eq!(response["error"]["code"], "not_finite");
    assert_eq!(response["error"]["field"], "change_percent");
    assert!(
        run.stderr.starts_with("error: not_finite\n"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

/// Asserts a rejection: exit 1, the code, `field (--argument)` and the message on stderr, and
/// no report on stdout.
fn assert_rejected(run: &Run, code: &str, field: &str) {
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.starts_with(&format!("error: {code}\n")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("\n  field     {field}\n")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n  message   "), "{}", run.stderr);
    assert_eq!(run.stdout, "", "no report for a rejected request");
}

#[test]
fn unknown_profile_origin_or_phase_is_invalid_value_naming_the_allowed_values() {
    let screening = itb_args(&["screening", "--profile", "eu"]);
    assert_rejected(&screening, "invalid_value", "profile (--profile)");
    assert!(screening.stderr.contains("us, uk"), "{}", screening.stderr);
    // Ids are case-sensitive.
    let upper = itb_args(&[
        "initial-dose",
        "--profile",
        "UK",
        "--effective-bolus",
        "50 mcg",
        "--effect-duration",
        "10 h",
    ]);
    assert_rejected(&upper, "invalid_value", "profile (--profile)");
    assert!(upper.stderr.contains("us, uk"), "{}", upper.stderr);
    let origin = itb_args(&args(&titrate(
        "us",
        "200 mcg/day",
        "10",
        "spine",
        "titration",
    )));
    assert_rejected(&origin, "invalid_value", "origin (--origin)");
    assert!(
        origin.stderr.contains("spinal, cerebral"),
        "{}",
        origin.stderr
    );
    let phase = itb_args(&args(&titrate(
        "us",
        "200 mcg/day",
        "10",
        "spinal",
        "induction",
    )));
    assert_rejected(&phase, "invalid_value", "phase (--phase)");
    assert!(
        phase.stderr.contains("titration, maintenance"),
        "{}",
        phase.stderr
    );
}

#[test]
fn a_change_of_minus_100_percent_or_less_is_out_of_range() {
    for change in ["-100", "-150"] {
        let run = itb_args(&args(&titrate(
            "us",
            "200 mcg/day",
            change,
            "spinal",
            "maintenance",
        )));
        assert_rejected(&run, "out_of_range", "change_percent (--change-percent)");
        assert!(run.stderr.contains("-100 %"), "{}", run.stderr);
    }
}

#[test]
fn plain_numbers_that_are_not_finite_or_not_numbers_are_refused() {
    for change in ["NaN", "inf", "-inf", "1e999"] {
        let run = itb_args(&args(&titrate(
            "us",
            "200 mcg/day",
            change,
            "spinal",
            "titration",
        )));
        assert_rejected(&run, "not_finite", "change_percent (--change-percent)");
    }
    // The unit is in the option's name; a unit, a comma or a word is not a plain number.
    for change in ["30 %", "1,5", "ten"] {
        let run = itb_args(&args(&titrate(
            "us",
            "200 mcg/day",
            change,
            "spinal",
            "titration",
        )));
        assert_rejected(&run, "invalid_value", "change_percent (--change-percent)");
        assert!(
            run.stderr.contains(&format!("{change:?}")),
            "{}",
            run.stderr
        );
    }
    let age = itb_args(&["screening", "--profile", "us", "--age-years", "NaN"]);
    assert_rejected(&age, "not_finite", "age_years (--age-years)");
    let mut v = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    v.extend(["--hours-since-start", "inf"].map(str::to_owned));
    assert_rejected(
        &itb_args(&args(&v)),
        "not_finite",
        "hours_since_start (--hours-since-start)",
    );
}

#[test]
fn negative_ages_and_hours_are_negative_and_ages_above_150_out_of_range() {
    let age = itb_args(&["screening", "--profile", "us", "--age-years", "-3"]);
    assert_rejected(&age, "negative", "age_years (--age-years)");
    let since = itb_args(&[
        "screening",
        "--profile",
        "us",
        "--hours-since-last-dose",
        "-1",
    ]);
    assert_rejected(
        &since,
        "negative",
        "hours_since_last_dose (--hours-since-last-dose)",
    );
    for text in ["NaN", "ten", "20 h"] {
        let run = itb_args(&[
            "screening",
            "--profile",
            "us",
            "--hours-since-last-dose",
            text,
        ]);
        let code = if text == "NaN" {
            "not_finite"
        } else {
            "invalid_value"
        };
        assert_rejected(
            &run,
            code,
            "hours_since_last_dose (--hours-since-last-dose)",
        );
    }
    let old = itb_args(&["screening", "--profile", "us", "--age-years", "200"]);
    assert_rejected(&old, "out_of_range", "age_years (--age-years)");
    let mut v = titrate("uk", "200 mcg/day", "10", "spinal", "titration");
    v.extend(["--hours-since-last-change", "-1"].map(str::to_owned));
    assert_rejected(
        &itb_args(&args(&v)),
        "negative",
        "hours_since_last_change (--hours-since-last-change)",
    );
}

#[test]
fn quantities_keep_their_errors() {
    let bare = itb_args(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "50",
        "--effect-duration",
        "10 h",
    ]);
    assert_rejected(
        &bare,
        "unit_required",
        "effective_bolus (--effective-bolus)",
    );
    let zero_bolus = itb_args(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "0 mcg",
        "--effect-duration",
        "10 h",
    ]);
    assert_rejected(
        &zero_bolus,
        "out_of_range",
        "effective_bolus (--effective-bolus)",
    );
    let mass_as_time = itb_args(&[
        "initial-dose",
        "--profile",
        "us",
        "--effective-bolus",
        "50 mcg",
        "--effect-duration",
        "10 mg",
    ]);
    assert_rejected(
        &mass_as_time,
        "unit_mismatch",
        "effect_duration (--effect-duration)",
    );
    let zero_start = itb_args(&["screening", "--profile", "us", "--start-dose", "0 mcg"]);
    assert_rejected(&zero_start, "out_of_range", "start_dose (--start-dose)");
    let bare_dose = itb_args(&args(&titrate("us", "200", "10", "spinal", "titration")));
    assert_rejected(
        &bare_dose,
        "unit_required",
        "current_daily_dose (--current-daily-dose)",
    );
    let stopped = itb_args(&args(&titrate(
        "us",
        "0 mcg/day",
        "10",
        "spinal",
        "titration",
    )));
    assert_rejected(
        &stopped,
        "zero",
        "current_daily_dose (--current-daily-dose)",
    );
}

#[test]
fn usage_errors_exit_2() {
    let mut no_change = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    no_change.drain(5..7);
    let mut unknown_flag = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    unknown_flag.push("--pump-programmable".to_owned());
    let mut flag_with_value = titrate("us", "200 mcg/day", "10", "spinal", "titration");
    flag_with_value.push("--pump-not-programmable=yes".to_owned());
    let cases: [Vec<&str>; 7] = [
        vec!["screening"],
        vec!["screening", "--profile", "us", "50 mcg"],
        vec!["screening", "--profile"],
        vec![
            "initial-dose",
            "--profile",
            "us",
            "--effective-bolus",
            "50 mcg",
        ],
        args(&no_change),
        args(&unknown_flag),
        args(&flag_with_value),
    ];
    for argv in cases {
        let run = itb_args(&argv);
        assert_eq!(
            run.code,
            Some(2),
            "itb {argv:?}: {}{}",
            run.stdout,
            run.stderr
        );
        assert!(!run.stderr.is_empty(), "itb {argv:?} says why");
        assert_eq!(run.stdout, "", "itb {argv:?}");
    }
}

#[test]
fn help_for_each_dosing_subcommand_shows_its_arguments_and_an_example() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "screening",
            &[
                "--profile",
                "--age-years",
                "--start-dose",
                "--concentration",
                "--hours-since-last-dose",
                "--json",
            ],
        ),
        (
            "initial-dose",
            &[
                "--profile",
                "--effective-bolus",
                "--effect-duration",
                "--json",
            ],
        ),
        (
            "titrate",
            &[
                "--profile",
                "--current-daily-dose",
                "--change-percent",
                "--origin",
                "--phase",
                "--age-years",
                "--pump-not-programmable",
                "--hours-since-last-change",
                "--hours-since-start",
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
            run.stdout.contains(&format!("  itb {sub} --profile ")),
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
}
