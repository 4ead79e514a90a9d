//! `itb refill --chart FILE.svg`: the picture of the main job's plan (a well-formed SVG, the
//! alarm, due and empty dates worked out by hand, axes and every label with units, the
//! reservoir line from the fill), a plan overdue, and the files not written: none for a
//! rejected request, a clear error for a path that cannot be written.
//!
//! The main job, by hand: 500 mcg/day / 2,000 mcg/mL = 0.25 mL/day; (20 − 2) mL / 0.25 mL/day =
//! 72 days to the alarm; due 7 days before it, in 65 days; 20 / 0.25 = 80 days to empty; the
//! earliest alarm 18 / (0.25 × 1.145) = 62.88 days. From 2026-01-01, a Thursday (January has 31
//! days and February 2026 has 28, so + 59 days is 2026-03-01): + 72 = 2026-03-14, a Saturday
//! (10 weeks + 2 days); + 65 = 2026-03-07, a Saturday (9 weeks + 2); + 80 = 2026-03-22, a
//! Sunday (11 weeks + 3); + 62 (rounded down) = 2026-03-04, a Wednesday (8 weeks + 6).

mod common;

use common::{computed, itb_args, json, scratch, well_formed};

const MAIN_JOB: &[&str] = &[
    "refill",
    "--pump",
    "synchromed_ii_20",
    "--concentration",
    "2000 mcg/mL",
    "--daily-dose",
    "500 mcg/day",
    "--refill-date",
    "2026-01-01",
];

/// Runs `args` with `--chart` to a scratch file named `name`; returns stdout and the SVG.
fn chart(name: &str, args: &[&str]) -> (String, String) {
    let path = scratch(name);
    let path_text = path.to_str().expect("utf-8 path");
    let out = computed(&[args, &["--chart", path_text]].concat());
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    std::fs::remove_file(&path).ok();
    (out, svg)
}

/// The contents of the SVG's text elements, trimmed.
fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim()))
        .collect()
}

/// The `y` of the text element whose content is `content`: where a tick label is.
fn text_y(svg: &str, content: &str) -> Option<i32> {
    svg.split("<text").skip(1).find_map(|t| {
        let (tag, rest) = t.split_once('>')?;
        (rest.split_once("</text>")?.0.trim() == content)
            .then(|| tag.split(" y=\"").nth(1)?.split('"').next()?.parse().ok())?
    })
}

#[test]
fn the_chart_of_the_main_job_shows_its_dates_and_units() {
    let (out, svg) = chart("main-job.svg", MAIN_JOB);
    assert!(out.contains("\nChart written to "), "{out}");
    assert!(svg.len() > 5_000, "{} bytes: {svg}", svg.len());
    let names = well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(names.first().map(String::as_str), Some("svg"));
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(
        svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
        "{svg}"
    );
    let texts = texts(&svg);
    for expected in [
        "Reservoir of synchromed_ii_20: 2,000 mcg/mL at a daily dose of 500 mcg/day",
        "Refilled on 2026-01-01 (Thursday) with 20 mL; the volume falls by the flow, \
         0.25 mL/day. Dates: whole days, rounded down.",
        "Reservoir volume (mL)",
        "Date",
        "alarm volume: 2 mL",
        "earliest alarm: 2026-03-04 (Wednesday), in 62.88 days",
        "refill due: 2026-03-07 (Saturday), in 65 days",
        "alarm: 2026-03-14 (Saturday), in 72 days",
        "empty: 2026-03-22 (Sunday), in 80 days",
        // The axes' ends: the refill date, and 0 and 20 mL.
        "2026-01-01",
        "0 mL",
        "20 mL",
    ] {
        assert!(texts.contains(&expected), "{expected:?} in {texts:#?}");
    }
    // Units are never implicit: no text is a bare number.
    for text in &texts {
        assert!(text.parse::<f64>().is_err(), "a bare number {text:?}");
    }
    // The reservoir line starts at the fill, 20 mL, and reaches 0 mL.
    let line = svg
        .lines()
        .find(|l| l.starts_with("<polyline") && l.contains(r##"stroke="#1F5FA8""##))
        .expect("the reservoir line");
    let points: Vec<(i32, i32)> = line
        .split("points=\"")
        .nth(1)
        .and_then(|p| p.split('"').next())
        .expect("points")
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    assert_eq!(points.len(), 3, "{line}");
    assert_eq!(Some(points[0].1), text_y(&svg, "20 mL"), "{line}");
    assert_eq!(Some(points[1].1), text_y(&svg, "0 mL"), "{line}");
}

#[test]
fn an_overdue_plan_draws_its_due_date_before_the_refill() {
    // 3 mL filled: (3 − 2) / 0.25 = 4 days to the alarm, due 4 − 7 = −3 days, 3 days overdue:
    // 2026-01-01 − 3 = 2025-12-29, a Monday; empty 3 / 0.25 = 12 days, 2026-01-13, a Tuesday.
    let args = [MAIN_JOB, &["--fill-volume", "3 mL"]].concat();
    let (_, svg) = chart("overdue.svg", &args);
    well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let texts = texts(&svg);
    for expected in [
        "refill due: 2025-12-29 (Monday), overdue by 3 days",
        "alarm: 2026-01-05 (Monday), in 4 days",
        "empty: 2026-01-13 (Tuesday), in 12 days",
        // The time axis starts on the whole week before the refill date.
        "2025-12-25",
    ] {
        assert!(texts.contains(&expected), "{expected:?} in {texts:#?}");
    }
}

#[test]
fn json_with_a_chart_prints_only_json_and_writes_the_chart() {
    let path = scratch("json.svg");
    let path_text = path.to_str().expect("utf-8 path");
    let run = itb_args(&[MAIN_JOB, &["--json", "--chart", path_text]].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(json(&run)["op"], "refill_plan");
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    std::fs::remove_file(&path).ok();
    assert!(svg.contains("alarm: 2026-03-14 (Saturday)"), "{svg}");
}

#[test]
fn a_rejected_request_writes_no_chart() {
    let path = scratch("rejected.svg");
    let path_text = path.to_str().expect("utf-8 path");
    let run = itb_args(&[
        "refill",
        "--pump",
        "synchromed_ii_20",
        "--concentration",
        "2000",
        "--daily-dose",
        "500 mcg/day",
        "--chart",
        path_text,
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: unit_required\n"),
        "{}",
        run.stderr
    );
    assert!(!path.exists(), "no chart of a rejected request");
}

#[test]
fn a_chart_that_cannot_be_written_is_status_2_naming_the_path() {
    let missing = scratch("no-such-directory").join("reservoir.svg");
    let missing_text = missing.to_str().expect("utf-8 path");
    let run = itb_args(&[MAIN_JOB, &["--chart", missing_text]].concat());
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert_eq!(run.stdout, "");
    let expected = format!("itb refill: cannot write the chart to {missing_text}: ");
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert!(!missing.exists());
}

#[test]
fn help_and_the_man_page_show_the_chart_option() {
    let help = computed(&["refill", "--help"]);
    assert!(help.contains("--chart <FILE>"), "{help}");
    assert!(
        help.contains("--refill-date 2026-01-01 --chart reservoir.svg"),
        "{help}"
    );
    let page = computed(&["man", "refill"]);
    assert!(page.contains("\\-\\-chart"), "{page}");
}
