//! `itb refill`, the README's main job: hand-worked plans (derived from \[ARCHIMEDES\], the pump
//! data and \[STAB-2023\]), the calendar dates counted from the refill date and rounded down, the
//! 180-day cap, a refill due now, flex steps, pumps of one's own, `--json`, bad input and usage
//! errors.
//!
//! Calendar facts used below: 2026-01-01 is a Thursday (2025-01-01 was a Wednesday and 2025 has
//! 365 days); January has 31 days and February 2026 has 28, so 2026-01-01 + 59 days is
//! 2026-03-01, and 2026-03-01 + n days is 2026-03-(1 + n).

mod common;

use common::{assert_rejected, assert_usage_error, computed, finding_marks, itb_args, json, marks};

/// `itb refill` for a catalogued pump with a continuous daily dose, then `more`.
fn refill(pump: &str, concentration: &str, dose: &str, more: &[&str]) -> String {
    let args = [
        &[
            "refill",
            "--pump",
            pump,
            "--concentration",
            concentration,
            "--daily-dose",
            dose,
        ],
        more,
    ]
    .concat();
    computed(&args)
}

const ON_NEW_YEAR: &[&str] = &["--refill-date", "2026-01-01"];

#[test]
fn the_main_job_500_mcg_per_day_at_2000_mcg_per_ml_in_a_synchromed_ii_20() {
    // Derived from [ARCHIMEDES] and the 2 mL alarm [RESID-2004]: 500 / 2,000 = 0.25 mL/day.
    // Full reservoir 20 mL, alarm 2 mL:
    // (20 - 2) / 0.25 = 72 days to the alarm; due 7 days before it: 65 days; 20 / 0.25 = 80 days
    // to empty; 20 mL × 2,000 mcg/mL = 40,000 mcg. From 2026-01-01 (a Thursday):
    // + 72 = 2026-03-14, a Saturday (72 = 10 weeks + 2 days); + 65 = 2026-03-07, a Saturday
    // (9 weeks + 2); + 80 = 2026-03-22, a Sunday (11 weeks + 3).
    // Containers: 40 mg/20 mL holds 40,000 mcg, one is enough, all 20 mL drawn, none wasted;
    // 10 mg/5 mL holds 10,000 mcg, four of them.
    // Earliest alarm ([MDT-FSN16]; [MDT-FSN14]: ±14.5 %): 18 / (0.25 × 1.145) = 18 / 0.28625 =
    // 62.88 days, rounded down + 62 = 2026-03-04, a Wednesday (8 weeks + 6 days); before the
    // refill due in 65 days: alarm_before_due (info).
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        ON_NEW_YEAR,
    );
    let expected = "\
Refill plan
  pump             synchromed_ii_20
  concentration    2,000 mcg/mL
  daily dose       500 mcg/day
  fill             20 mL (the full reservoir)
  flow             0.25 mL/day
  refill date      2026-01-01 (Thursday), as given
  alarm            in 72 days, on 2026-03-14 (Saturday), with 2 mL left
  earliest alarm   in 62.88 days, on 2026-03-04 (Wednesday), if the pump runs fast by its accuracy (±14.5 %)
  refill due       in 65 days, on 2026-03-07 (Saturday), 7 days before the alarm
  empty            in 80 days, on 2026-03-22 (Sunday)
  drug needed      40,000 mcg
  risk factors     none given (--risk-factor)
  containers       itb_2000mcg_20ml: 1 container of 20 mL (20 mL drawn, 0 mL waste)
                   or itb_2000mcg_5ml: 4 containers of 5 mL (20 mL drawn, 0 mL waste)
Dates: the refill date plus whole days, rounded down, so never later than the exact time.
Findings:
  INFO  alarm_before_due: a pump running fast at the edge of its accuracy alarms after 62.88 days, before the refill is due (65 days): the alarm is computed from the programmed rate, so book the refill earlier or watch for the alarm
        source: [MDT-FSN16]; [MDT-FSN14]
";
    assert_eq!(out, expected);
}

#[test]
fn the_same_plan_in_mg_reads_in_mcg() {
    // 2 mg/mL = 2,000 mcg/mL and 0.5 mg/day = 500 mcg/day: the same plan as the main job.
    let out = refill("synchromed_ii_20", "2 mg/mL", "0.5 mg/day", ON_NEW_YEAR);
    assert!(out.contains("  concentration    2,000 mcg/mL\n"), "{out}");
    assert!(out.contains("  daily dose       500 mcg/day\n"), "{out}");
    assert!(
        out.contains("  refill due       in 65 days, on 2026-03-07 (Saturday), "),
        "{out}"
    );
}

#[test]
fn without_a_refill_date_the_plan_counts_from_today_and_says_so() {
    let before = jiff::Zoned::now().date();
    let out = refill("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", &[]);
    let after = jiff::Zoned::now().date();
    // The run may straddle midnight: either day is right, as long as the report says which.
    let day = [before, after]
        .into_iter()
        .find(|d| out.contains(&format!("  refill date      {d} (")))
        .unwrap_or_else(|| panic!("today's date in {out}"));
    assert!(
        out.contains(&format!(
            "  refill date      {day} ({}), today (the local date)\n",
            day.strftime("%A")
        )),
        "{out}"
    );
    // The alarm date is today + 72 days (jiff's arithmetic here, the command's there).
    let alarm = day.checked_add(jiff::Span::new().days(72)).expect("a date");
    assert!(
        out.contains(&format!("  alarm            in 72 days, on {alarm} (")),
        "{out}"
    );
}

#[test]
fn fractional_days_are_rounded_down_to_the_date() {
    // 400 / 2,000 = 0.2 mL/day. Fill 16.58 mL, alarm 2 mL: 14.58 / 0.2 = 72.9 days; due 72.9 - 7
    // = 65.9 days; empty 16.58 / 0.2 = 82.9 days. Rounded down: + 72 = 2026-03-14, + 65 =
    // 2026-03-07, + 82 = 2026-03-24 (a Tuesday: 11 weeks + 5 days after a Thursday). Rounding
    // up would book the refill after the exact time.
    // Drug: 16.58 × 2,000 = 33,160 mcg; one 40 mg/20 mL container, 16.58 mL drawn, 3.42 mL
    // left in it; or 10 mg/5 mL: 33,160 / 10,000 = 3.316, so 4 containers, 20 - 16.58 = 3.42 mL.
    // Earliest alarm: 14.58 / (0.2 × 1.145) = 14.58 / 0.229 = 63.67 days, + 63 = 2026-03-05, a
    // Thursday (9 weeks).
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "400 mcg/day",
        &["--fill-volume", "16.58 mL", "--refill-date", "2026-01-01"],
    );
    let expected = "\
  fill             16.58 mL
  flow             0.2 mL/day
  refill date      2026-01-01 (Thursday), as given
  alarm            in 72.9 days, on 2026-03-14 (Saturday), with 2 mL left
  earliest alarm   in 63.67 days, on 2026-03-05 (Thursday), if the pump runs fast by its accuracy (±14.5 %)
  refill due       in 65.9 days, on 2026-03-07 (Saturday), 7 days before the alarm
  empty            in 82.9 days, on 2026-03-24 (Tuesday)
  drug needed      33,160 mcg
  risk factors     none given (--risk-factor)
  containers       itb_2000mcg_20ml: 1 container of 20 mL (16.58 mL drawn, 3.42 mL waste)
                   or itb_2000mcg_5ml: 4 containers of 5 mL (16.58 mL drawn, 3.42 mL waste)
";
    assert!(out.contains(expected), "{out}");
}

#[test]
fn a_refill_far_off_is_capped_at_180_days_of_stability() {
    // [STAB-2023] (180 days): 40 mL, 100 mcg/day at 2,000 mcg/mL = 0.05 mL/day; alarm 2 mL:
    // (40 - 2) / 0.05 = 760 days; 760 - 7 = 753 is above 180, so due in 180 days (info).
    // Empty: 40 / 0.05 = 800 days. Dates: + 180 = 2026-06-30 (January 31 + February 28 + March
    // 31 + April 30 + May 31 = 151 days to 2026-06-01, + 29); 180 = 25 weeks + 5 days after a
    // Thursday: a Tuesday. + 760 = 2028-01-31 (365 days to 2027-01-01, 365 more to 2028-01-01,
    // + 30); 760 = 108 weeks + 4 days: a Monday. Earliest alarm: 38 / (0.05 × 1.145) = 663.8
    // days, after the refill due in 180 days: no alarm_before_due.
    let out = refill(
        "synchromed_ii_40",
        "2000 mcg/mL",
        "100 mcg/day",
        ON_NEW_YEAR,
    );
    let expected = "\
  fill             40 mL (the full reservoir)
  flow             0.05 mL/day
  refill date      2026-01-01 (Thursday), as given
  alarm            in 760 days, on 2028-01-31 (Monday), with 2 mL left
  earliest alarm   in 663.8 days, on 2027-10-26 (Tuesday), if the pump runs fast by its accuracy (±14.5 %)
  refill due       in 180 days, on 2026-06-30 (Tuesday), the stability limit of 180 days
";
    assert!(out.contains(expected), "{out}");
    assert!(out.contains("  drug needed      80,000 mcg\n"), "{out}");
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("INFO", "refill_interval_capped_by_stability")])
    );
    assert!(out.contains("\n        source: [STAB-2023]\n"), "{out}");
}

#[test]
fn a_shorter_stability_limit_caps_sooner() {
    // 72 - 7 = 65 days is above a 60-day limit: due in 60 days, 2026-03-02 (2026-03-01 + 1),
    // a Monday (60 = 8 weeks + 4 days after a Thursday).
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        &["--max-residence", "60 days", "--refill-date", "2026-01-01"],
    );
    assert!(
        out.contains(
            "  refill due       in 60 days, on 2026-03-02 (Monday), the stability limit of 60 days\n"
        ),
        "{out}"
    );
}

#[test]
fn a_prometra_pump_plans_from_3_ml_and_is_marked_info() {
    // Prometra II 20 mL, refill basis 3 mL: (20 - 3) / 0.25 = 68 days, due 61 days.
    // + 68 = 2026-03-10 and + 61 = 2026-03-03, both Tuesdays (9 weeks + 5, 8 weeks + 5).
    // Prometra accuracy ±15 %: earliest alarm 17 / (0.25 × 1.15) = 17 / 0.2875 = 59.13 days,
    // + 59 = 2026-03-01, a Sunday (8 weeks + 3); before the refill due: alarm_before_due.
    let out = refill("prometra_ii_20", "2000 mcg/mL", "500 mcg/day", ON_NEW_YEAR);
    assert!(out.contains("  pump             prometra_ii_20\n"), "{out}");
    assert!(
        out.contains("  alarm            in 68 days, on 2026-03-10 (Tuesday), with 3 mL left\n"),
        "{out}"
    );
    assert!(
        out.contains("  refill due       in 61 days, on 2026-03-03 (Tuesday), 7 days before"),
        "{out}"
    );
    assert!(
        out.contains(
            "  earliest alarm   in 59.13 days, on 2026-03-01 (Sunday), if the pump runs fast by \
             its accuracy (±15 %)\n"
        ),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    let mut found = finding_marks(&out);
    found.sort();
    assert_eq!(
        found,
        marks(&[
            ("INFO", "alarm_before_due"),
            ("INFO", "pump_not_labelled_for_baclofen")
        ])
    );
    assert!(out.contains("\n        source: [PROM-II]\n"), "{out}");
}

#[test]
fn a_refill_due_in_exactly_0_days_is_due_now_hard_and_computed() {
    // Fill 3.75 mL, alarm 2 mL, 0.25 mL/day: 1.75 / 0.25 = 7 days to the alarm, minus the 7-day
    // lead time: 0 days, which is due now (hard). The plan is still printed, exit 0. The
    // earliest alarm, 1.75 / 0.28625 = 6.114 days, is not before a refill due now.
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        &["--fill-volume", "3.75 mL", "--refill-date", "2026-01-01"],
    );
    assert!(
        out.contains("  alarm            in 7 days, on 2026-01-08 (Thursday), with 2 mL left\n"),
        "{out}"
    );
    assert!(
        out.contains("  refill due       NOW, on 2026-01-01 (Thursday), 7 days before the alarm\n"),
        "{out}"
    );
    assert!(
        out.contains("\nNOT ALLOWED: a hard limit is crossed; do not use this result as it stands.\nFindings:\n"),
        "{out}"
    );
    assert_eq!(finding_marks(&out), marks(&[("HARD", "refill_due_now")]));
}

#[test]
fn a_refill_overdue_before_it_starts_is_hard_with_its_date() {
    // 2,000 mcg/day at 500 mcg/mL = 4 mL/day: (20 - 2) / 4 = 4.5 days to the alarm, 4.5 - 7 =
    // -2.5 days. Rounded down, -3 days: 2025-12-29, a Monday. Empty: 20 / 4 = 5 days, 2026-01-06.
    // 20 mL × 500 mcg/mL = 10,000 mcg: one 10 mg/20 mL ampoule. 2,000 mcg/day is above 1,000
    // (soft); hard first. Earliest alarm: 18 / (4 × 1.145) = 18 / 4.58 = 3.93 days, + 3 =
    // 2026-01-04, a Sunday; not before a refill already overdue.
    let out = refill(
        "synchromed_ii_20",
        "500 mcg/mL",
        "2000 mcg/day",
        ON_NEW_YEAR,
    );
    let expected = "\
  alarm            in 4.5 days, on 2026-01-05 (Monday), with 2 mL left
  earliest alarm   in 3.93 days, on 2026-01-04 (Sunday), if the pump runs fast by its accuracy (±14.5 %)
  refill due       NOW, overdue by 2.5 days: 7 days before the alarm was 2025-12-29 (Monday)
  empty            in 5 days, on 2026-01-06 (Tuesday)
  drug needed      10,000 mcg
  risk factors     none given (--risk-factor)
  containers       itb_500mcg_20ml: 1 container of 20 mL (20 mL drawn, 0 mL waste)
";
    assert!(out.contains(expected), "{out}");
    assert!(out.contains("\nNOT ALLOWED: "), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("HARD", "refill_due_now"),
            ("SOFT", "daily_dose_above_1000")
        ])
    );
}

#[test]
fn flex_steps_give_the_plan_of_their_daily_total() {
    // 24 mcg/h from 00:00 to 08:00 = 192 mcg; 19.25 mcg/h for the 16 h to midnight = 308 mcg;
    // 500 mcg/day: the main job's plan (0.25 mL/day, alarm in 72 days, earliest in 62.88, due in
    // 65).
    let listed = computed(&[
        "refill",
        "--pump",
        "synchromed_ii_20",
        "--concentration",
        "2000 mcg/mL",
        "--steps",
        "00:00=24 mcg/h,08:00=19.25 mcg/h",
        "--refill-date",
        "2026-01-01",
    ]);
    let expected = "\
  flex steps       00:00 24 mcg/h, 08:00 19.25 mcg/h
  daily dose       500 mcg/day (the flex steps' total)
  fill             20 mL (the full reservoir)
  flow             0.25 mL/day
  refill date      2026-01-01 (Thursday), as given
  alarm            in 72 days, on 2026-03-14 (Saturday), with 2 mL left
  earliest alarm   in 62.88 days, on 2026-03-04 (Wednesday), if the pump runs fast by its accuracy (±14.5 %)
  refill due       in 65 days, on 2026-03-07 (Saturday), 7 days before the alarm
";
    assert!(listed.contains(expected), "{listed}");
    assert_eq!(
        finding_marks(&listed),
        marks(&[("INFO", "alarm_before_due")])
    );
    let repeated = computed(&[
        "refill",
        "--pump",
        "synchromed_ii_20",
        "--concentration",
        "2000 mcg/mL",
        "--step",
        "00:00=24 mcg/h",
        "--step",
        "08:00=0.01925 mg/h",
        "--refill-date",
        "2026-01-01",
    ]);
    assert_eq!(repeated, listed, "0.01925 mg/h = 19.25 mcg/h");
}

#[test]
fn a_fixed_flow_pump_of_ones_own_allows_one_step() {
    // A 20 mL pump with a 2 mL alarm, as the main job; two steps on a fixed-flow pump that
    // allows one: soft, still computed. Its accuracy is the default ±14.5 %: the main job's
    // earliest alarm, 62.88 days, before the refill due in 65 (info).
    let out = computed(&[
        "refill",
        "--reservoir",
        "20 mL",
        "--low-alarm",
        "2 mL",
        "--fixed-flow",
        "--concentration",
        "2000 mcg/mL",
        "--steps",
        "00:00=24 mcg/h,08:00=19.25 mcg/h",
        "--refill-date",
        "2026-01-01",
    ]);
    assert!(
        out.contains("  pump             your own (fixed flow)\n"),
        "{out}"
    );
    assert!(
        out.contains("  alarm            in 72 days, on 2026-03-14 (Saturday), with 2 mL left\n"),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert!(
        out.contains("  earliest alarm   in 62.88 days, on 2026-03-04 (Wednesday), if the pump runs fast by its accuracy (±14.5 % (default))\n"),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "too_many_steps"), ("INFO", "alarm_before_due")])
    );
}

#[test]
fn overrides_of_alarm_volume_and_lead_time_are_used_and_shown() {
    // Alarm at 1 mL (below the recommended 2 mL: soft): (20 - 1) / 0.25 = 76 days, 2026-03-18
    // (a Wednesday: 10 weeks + 6 days after a Thursday); lead time 3 days: due in 73 days,
    // 2026-03-15 (a Sunday). Earliest alarm: 19 / (0.25 × 1.145) = 19 / 0.28625 = 66.38 days,
    // + 66 = 2026-03-08 (a Sunday, 9 weeks + 3), before the refill due in 73: info.
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        &[
            "--alarm-volume",
            "1 mL",
            "--lead-time",
            "72 h",
            "--refill-date",
            "2026-01-01",
        ],
    );
    assert!(
        out.contains("  alarm            in 76 days, on 2026-03-18 (Wednesday), with 1 mL left\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  refill due       in 73 days, on 2026-03-15 (Sunday), 3 days before the alarm\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  earliest alarm   in 66.38 days, on 2026-03-08 (Sunday), "),
        "{out}"
    );
    assert_eq!(
        finding_marks(&out),
        marks(&[
            ("SOFT", "alarm_volume_below_recommended"),
            ("INFO", "alarm_before_due")
        ])
    );
}

#[test]
fn a_concentration_no_product_has_is_prepared_by_dilution() {
    // 400 mcg/mL is not a labelled strength (info); 20 mL × 400 = 8,000 mcg. 100 / 400 = 0.25
    // mL/day, the main job's flow: the earliest alarm, 62.88 days, is before the refill due in 65
    // (info).
    let out = refill("synchromed_ii_20", "400 mcg/mL", "100 mcg/day", ON_NEW_YEAR);
    assert!(out.contains("  drug needed      8,000 mcg\n"), "{out}");
    assert!(
        out.contains(
            "  containers       no refill product is 400 mcg/mL: prepare the fill by dilution (itb dilute)\n"
        ),
        "{out}"
    );
    let mut found = finding_marks(&out);
    found.sort();
    assert_eq!(
        found,
        marks(&[
            ("INFO", "alarm_before_due"),
            ("INFO", "nonstandard_concentration")
        ])
    );
}

#[test]
fn risk_factors_are_listed_and_raise_withdrawal_risk() {
    // 002 Boxed Warning: a patient with a spinal cord injury at T6 or above, or with earlier
    // withdrawal, is at particular risk: withdrawal_risk (soft). The main job's plan otherwise,
    // with its alarm_before_due (info).
    let out = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        &[
            "--risk-factor",
            "sci_t6_or_above",
            "--risk-factor",
            "prior_withdrawal",
            "--refill-date",
            "2026-01-01",
        ],
    );
    assert!(
        out.contains("  risk factors     sci_t6_or_above, prior_withdrawal\n"),
        "{out}"
    );
    assert!(!out.contains("NOT ALLOWED"), "{out}");
    assert_eq!(
        finding_marks(&out),
        marks(&[("SOFT", "withdrawal_risk"), ("INFO", "alarm_before_due")])
    );
    assert!(
        out.contains("\n        source: 002 Boxed Warning\n"),
        "{out}"
    );
}

#[test]
fn a_refill_due_now_names_the_early_signs_of_withdrawal_for_a_patient_at_risk() {
    // The due-now plan (3.75 mL, due in 0 days) for a patient who cannot easily say how they
    // feel: the refill_due_now message names early signs of withdrawal (itching, fever).
    let due_now = ["--fill-volume", "3.75 mL", "--refill-date", "2026-01-01"];
    let plain = refill("synchromed_ii_20", "2000 mcg/mL", "500 mcg/day", &due_now);
    let at_risk = refill(
        "synchromed_ii_20",
        "2000 mcg/mL",
        "500 mcg/day",
        &[&due_now[..], &["--risk-factor", "communication_difficulty"]].concat(),
    );
    assert_eq!(finding_marks(&plain), marks(&[("HARD", "refill_due_now")]));
    assert_eq!(
        finding_marks(&at_risk),
        marks(&[("HARD", "refill_due_now"), ("SOFT", "withdrawal_risk")])
    );
    let due_line = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("  HARD  refill_due_now: "))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(!due_line(&plain).contains("itching"), "{plain}");
    for sign in ["itching", "fever"] {
        assert!(due_line(&at_risk).contains(sign), "{sign}: {at_risk}");
    }
}

#[test]
fn json_prints_the_protocol_response_without_dates() {
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "refill",
                "--pump",
                "synchromed_ii_20",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
                "--refill-date",
                "2026-01-01",
            ],
            r#"{"op":"refill_plan","pump":"synchromed_ii_20","concentration":"2000 mcg/mL","daily_dose":"500 mcg/day"}"#,
        ),
        (
            &[
                "refill",
                "--reservoir",
                "20 mL",
                "--low-alarm",
                "2 mL",
                "--accuracy-percent",
                "10",
                "--fixed-flow",
                "--concentration",
                "2000 mcg/mL",
                "--step",
                "00:00=24 mcg/h",
                "--step",
                "08:00=19.25 mcg/h",
                "--fill-volume",
                "18 mL",
                "--alarm-volume",
                "3 mL",
                "--max-residence",
                "90 days",
                "--lead-time",
                "5 days",
            ],
            r#"{"op":"refill_plan","pump":{"reservoir":"20 mL","low_alarm":"2 mL","accuracy_percent":10,"programmable":false},"concentration":"2000 mcg/mL","steps":[{"start":"00:00","rate":"24 mcg/h"},{"start":"08:00","rate":"19.25 mcg/h"}],"fill_volume":"18 mL","alarm_volume":"3 mL","max_residence":"90 days","lead_time":"5 days"}"#,
        ),
        (
            &[
                "refill",
                "--pump",
                "synchromed_ii_20",
                "--concentration",
                "500 mcg/mL",
                "--daily-dose",
                "2000 mcg/day",
            ],
            r#"{"op":"refill_plan","pump":"synchromed_ii_20","concentration":"500 mcg/mL","daily_dose":"2000 mcg/day"}"#,
        ),
        (
            &[
                "refill",
                "--pump",
                "prometra_ii_20",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
                "--risk-factor",
                "sci_t6_or_above",
                "--risk-factor",
                "communication_difficulty",
            ],
            r#"{"op":"refill_plan","pump":"prometra_ii_20","concentration":"2000 mcg/mL","daily_dose":"500 mcg/day","risk_factors":["sci_t6_or_above","communication_difficulty"]}"#,
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
    // The main job's numbers, from the JSON: 0.25 mL/day, 72 and 65 days, 40,000 mcg.
    let run = itb_args(&[
        "refill",
        "--pump",
        "synchromed_ii_20",
        "--concentration",
        "2000 mcg/mL",
        "--daily-dose",
        "500 mcg/day",
        "--json",
    ]);
    let result = &json(&run)["result"];
    assert_eq!(result["flow_rate"]["text"], "0.25 mL/day");
    assert_eq!(result["days_to_alarm"]["value"], 72.0);
    assert_eq!(result["refill_due"]["value"], 65.0);
    // 18 mL / (0.25 mL/day × 1.145): the alarm of a pump 14.5 % fast, in days.
    assert_eq!(result["earliest_alarm"]["unit"], "day");
    let earliest = result["earliest_alarm"]["value"]
        .as_f64()
        .expect("a number");
    assert!((earliest - 18.0 / 0.28625).abs() < 1e-9, "{earliest}");
    assert_eq!(result["drug_amount"]["text"], "40,000 mcg");
    assert_eq!(result["containers"][0]["product"], "itb_2000mcg_20ml");
    assert_eq!(result["containers"][0]["count"], 1);
}

#[test]
fn bad_input_is_rejected_naming_field_argument_and_what_is_allowed() {
    let base = |more: &[&'static str]| -> Vec<&'static str> {
        [
            &[
                "refill",
                "--pump",
                "synchromed_ii_20",
                "--concentration",
                "2000 mcg/mL",
            ][..],
            more,
        ]
        .concat()
    };
    let cases: Vec<(Vec<&str>, &str, &str, &[&str])> = vec![
        (
            base(&["--daily-dose", "500 mcg/day", "--fill-volume", "25 mL"]),
            "out_of_range",
            "fill_volume (--fill-volume)",
            &["25 mL", "no larger than the pump's reservoir"],
        ),
        (
            base(&["--daily-dose", "500 mcg/day", "--alarm-volume", "20 mL"]),
            "out_of_range",
            "alarm_volume (--alarm-volume)",
            &["20 mL", "below the reservoir"],
        ),
        (
            base(&["--step", "25:00=20mcg/h"]),
            "out_of_range",
            "steps[0].start (--steps or --step)",
            &["00:00 to 23:59", "\"25:00\""],
        ),
        (
            base(&["--steps", "07:00=20 mcg/h,22:00=1,000 mcg/h"]),
            "invalid_value",
            "steps[2] (--steps or --step)",
            &["\"000 mcg/h\"", "HH:MM=RATE"],
        ),
        (
            base(&["--steps", "22:00=30 mcg/h,07:00=20 mcg/h"]),
            "invalid_value",
            "steps[1].start (--steps or --step)",
            &["strictly increasing"],
        ),
        (
            base(&["--daily-dose", "500"]),
            "unit_required",
            "daily_dose (--daily-dose)",
            &["\"500\""],
        ),
        (
            base(&["--daily-dose", "0 mcg/day"]),
            "zero",
            "daily_dose (--daily-dose)",
            &[],
        ),
        (
            base(&["--daily-dose", "500 mcg/day", "--lead-time", "-7 days"]),
            "negative",
            "lead_time (--lead-time)",
            &["-7 days"],
        ),
        (
            vec![
                "refill",
                "--pump",
                "synchromed_ii_2",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
            ],
            "invalid_value",
            "pump (--pump)",
            &[
                "\"synchromed_ii_2\"",
                "synchromed_ii_20, synchromed_ii_40, prometra_20, prometra_ii_20, prometra_ii_40",
            ],
        ),
        (
            vec![
                "refill",
                "--reservoir",
                "20 mL",
                "--low-alarm",
                "20 mL",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
            ],
            "out_of_range",
            "pump.low_alarm (--low-alarm)",
            &["below the reservoir"],
        ),
        (
            vec![
                "refill",
                "--reservoir",
                "20 mL",
                "--low-alarm",
                "2 mL",
                "--accuracy-percent",
                "NaN",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
            ],
            "not_finite",
            "pump.accuracy_percent (--accuracy-percent)",
            &["e.g. 14.5"],
        ),
        (
            vec![
                "refill",
                "--reservoir",
                "20 mL",
                "--low-alarm",
                "2 mL",
                "--accuracy-percent",
                "-1",
                "--concentration",
                "2000 mcg/mL",
                "--daily-dose",
                "500 mcg/day",
            ],
            "negative",
            "pump.accuracy_percent (--accuracy-percent)",
            &["-1 %"],
        ),
        (
            base(&["--daily-dose", "500 mcg/day", "--risk-factor", "asthma"]),
            "invalid_value",
            "risk_factors[0] (--risk-factor)",
            &[
                "\"asthma\" is not a risk factor",
                "sci_t6_or_above, communication_difficulty, prior_withdrawal",
            ],
        ),
        (
            // Ids are case-sensitive.
            base(&[
                "--daily-dose",
                "500 mcg/day",
                "--risk-factor",
                "Prior_Withdrawal",
            ]),
            "invalid_value",
            "risk_factors[0] (--risk-factor)",
            &["sci_t6_or_above, communication_difficulty, prior_withdrawal"],
        ),
        (
            base(&[
                "--daily-dose",
                "500 mcg/day",
                "--risk-factor",
                "prior_withdrawal",
                "--risk-factor",
                "prior_withdrawal",
            ]),
            "invalid_value",
            "risk_factors[1] (--risk-factor)",
            &["repeated"],
        ),
        (
            // The risk factors are read last: an earlier bad field is reported first.
            base(&["--daily-dose", "500", "--risk-factor", "asthma"]),
            "unit_required",
            "daily_dose (--daily-dose)",
            &[],
        ),
    ];
    for (args, code, field, says) in cases {
        let run = itb_args(&args);
        assert_rejected(&run, code, field, says);
    }
}

#[test]
fn a_refill_date_that_is_not_a_calendar_date_is_a_usage_error() {
    for date in [
        "2026-02-30",
        "tomorrow",
        "2026-1-1",
        "20260101",
        "2026-13-01",
        "",
    ] {
        let run = assert_usage_error(&[
            "refill",
            "--pump",
            "synchromed_ii_20",
            "--concentration",
            "2000 mcg/mL",
            "--daily-dose",
            "500 mcg/day",
            "--refill-date",
            date,
        ]);
        assert!(run.stderr.contains("--refill-date"), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("a calendar date written YYYY-MM-DD, e.g. 2026-01-01"),
            "{date}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_pump_and_a_dose_exactly_one_way_each_or_a_usage_error() {
    let pump = ["--pump", "synchromed_ii_20"];
    let own = ["--reservoir", "20 mL", "--low-alarm", "2 mL"];
    let conc = ["--concentration", "2000 mcg/mL"];
    let dose = ["--daily-dose", "500 mcg/day"];
    let steps = ["--steps", "00:00=20 mcg/h"];
    let step = ["--step", "00:00=20 mcg/h"];
    let cases: Vec<Vec<&str>> = vec![
        [&conc[..], &dose].concat(),
        [&pump[..], &own, &conc, &dose].concat(),
        [&pump[..], &conc].concat(),
        [&pump[..], &conc, &dose, &steps].concat(),
        [&pump[..], &conc, &steps, &step].concat(),
        [&pump[..], &dose].concat(),
        [&["--reservoir", "20 mL"][..], &conc, &dose].concat(),
        [&pump[..], &["--fixed-flow"], &conc, &dose].concat(),
        [&pump[..], &["--accuracy-percent", "10"], &conc, &dose].concat(),
    ];
    for mut args in cases {
        args.insert(0, "refill");
        assert_usage_error(&args);
    }
}

#[test]
fn help_shows_every_option_and_the_main_job() {
    let run = itb_args(&["refill", "--help"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for option in [
        "--pump",
        "--reservoir",
        "--low-alarm",
        "--accuracy-percent",
        "--fixed-flow",
        "--concentration",
        "--daily-dose",
        "--steps",
        "--step ",
        "--fill-volume",
        "--alarm-volume",
        "--max-residence",
        "--lead-time",
        "--refill-date",
        "--risk-factor",
        "sci_t6_or_above",
        "communication_difficulty",
        "prior_withdrawal",
        "--json",
    ] {
        assert!(run.stdout.contains(option), "{option}\n{}", run.stdout);
    }
    assert!(
        run.stdout.contains(
            "  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\"\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("rounded down"), "{}", run.stdout);
    // The pump ids, in the option's help and under the examples, are the core's. Help is
    // wrapped at the terminal's width, so compare with the line breaks folded away.
    let folded = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        folded.matches(itb::pump::MODEL_IDS).count(),
        2,
        "{}",
        run.stdout
    );
}
