//! `itb pk`: the one-compartment CSF estimate (docs/PROTOCOL.md `pk_profile`) on hand-worked
//! points, the `model_estimate` finding always printed, the time grid of `--every`, the SVG
//! chart (well-formed XML, axes with units, a title that says it is an estimate), `--json`
//! equal to the protocol response, bad input and `--help`.
//!
//! The model with the label's mean figures: k = ln 2 / 1.51 h = 0.45904 /h; the volume is
//! 30 mL/h / k = 30 x 1.51 / 0.693147 = 65.354 mL. A 100 mcg bolus: 100 / 65.354 = 1.5301
//! mcg/mL lumbar at 0 h, a quarter of it, 0.38253 mcg/mL, cisternal; halved every 1.51 h. An
//! infusion of 500 mcg/day = 20.833 mcg/h: steady state 20.833 / 30 = 0.69444 mcg/mL, half of it
//! after one half-life, 90 % after ln 10 / k = 2.302585 x 1.51 / 0.693147 = 5.0161 h.

mod common;

use common::{
    assert_rejected, assert_usage_error, computed, finding_marks, itb_args, json, marks, scratch,
    well_formed,
};

#[test]
fn a_100_mcg_bolus_halves_every_half_life() {
    // 1.5301, 0.76507, 0.38253 mcg/mL lumbar at 0, 1.51, 3.02 h; cisternal a quarter: 0.38253,
    // 0.19127, 0.095633. Four significant figures.
    let out = computed(&["pk", "--bolus", "100 mcg", "--times", "0 h,1.51 h,3.02 h"]);
    let expected = "\
CSF concentration, a model estimate
  dosing      a 100 mcg bolus at 0 h
  half-life   1.51 h (default, the US label's mean)
  clearance   30 mL/h (default, the US label's mean)
  volume      65.35 mL
  time    lumbar         cisternal
  0 h     1.53 mcg/mL    0.3825 mcg/mL
  1.51 h  0.7651 mcg/mL  0.1913 mcg/mL
  3.02 h  0.3825 mcg/mL  0.09563 mcg/mL
Findings:
  INFO  model_estimate: ";
    assert!(out.starts_with(expected), "{out}");
    assert_eq!(finding_marks(&out), marks(&[("INFO", "model_estimate")]));
    assert!(
        out.ends_with("\n        source: 002 Clinical Pharmacology\n"),
        "{out}"
    );
}

#[test]
fn an_infusion_approaches_its_steady_state() {
    // 0 at 0 h; half the steady state, 0.34722 mcg/mL, after one half-life (1.51 h); cisternal
    // 0.086806. 90 % after 5.016 h.
    let out = computed(&[
        "pk",
        "--daily-dose",
        "0.5 mg/day",
        "--time",
        "0 h",
        "--time",
        "90.6 min",
    ]);
    let expected = "\
CSF concentration, a model estimate
  dosing         500 mcg/day by infusion from 0 h
  half-life      1.51 h (default, the US label's mean)
  clearance      30 mL/h (default, the US label's mean)
  volume         65.35 mL
  steady state   0.6944 mcg/mL
  90 % of it     after 5.016 h
  time    lumbar         cisternal
  0 h     0 mcg/mL       0 mcg/mL
  1.51 h  0.3472 mcg/mL  0.08681 mcg/mL
Findings:
  INFO  model_estimate: ";
    assert!(out.starts_with(expected), "{out}");
    assert_eq!(finding_marks(&out), marks(&[("INFO", "model_estimate")]));
}

#[test]
fn points_keep_the_order_given_and_parameters_can_be_set() {
    // A half-life of 2 h: k = 0.34657 /h, volume 30 / 0.34657 = 86.562 mL; 100 mcg: 1.1552
    // mcg/mL at 0 h, 0.57762 at 2 h. The order given is kept (2 h first).
    let out = computed(&[
        "pk",
        "--bolus",
        "0.1 mg",
        "--times",
        "120 min, 0 h",
        "--half-life",
        "2 h",
    ]);
    assert!(
        out.contains("  dosing      a 100 mcg bolus at 0 h\n"),
        "{out}"
    );
    assert!(out.contains("  half-life   2 h\n"), "{out}");
    assert!(out.contains("  volume      86.56 mL\n"), "{out}");
    assert!(
        out.contains(
            "  2 h   0.5776 mcg/mL  0.1444 mcg/mL\n  0 h   1.155 mcg/mL   0.2888 mcg/mL\n"
        ),
        "{out}"
    );
    // A clearance of 60 mL/h doubles the volume: 130.71 mL; 100 mcg: 0.76507 mcg/mL at 0 h.
    let out = computed(&[
        "pk",
        "--bolus",
        "100 mcg",
        "--times",
        "0 h",
        "--clearance",
        "1 mL/min",
    ]);
    assert!(out.contains("  clearance   60 mL/h\n"), "{out}");
    assert!(out.contains("  volume      130.7 mL\n"), "{out}");
    assert!(
        out.contains("  0 h   0.7651 mcg/mL  0.1913 mcg/mL\n"),
        "{out}"
    );
}

#[test]
fn every_and_until_make_a_grid_from_0() {
    // Every 30 min until 2 h: 0, 30, 60, 90, 120 min, shown in h.
    let out = computed(&[
        "pk", "--bolus", "100 mcg", "--every", "30 min", "--until", "2 h",
    ]);
    let times: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.contains(" mcg/mL "))
        .map(|l| l.split("  ").next().unwrap_or_default())
        .collect();
    assert_eq!(times, ["0 h", "0.5 h", "1 h", "1.5 h", "2 h"], "{out}");
    // The same points as the list written out.
    let listed = computed(&[
        "pk",
        "--bolus",
        "100 mcg",
        "--times",
        "0 min,30 min,60 min,90 min,120 min",
    ]);
    assert_eq!(out, listed);
}

#[test]
fn json_prints_the_protocol_response() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["pk", "--bolus", "100 mcg", "--times", "0 h,1 h,2 h"],
            r#"{"op":"pk_profile","bolus":"100 mcg","times":["0 h","1 h","2 h"]}"#,
        ),
        (
            &[
                "pk",
                "--daily-dose",
                "500 mcg/day",
                "--time",
                "6 h",
                "--half-life",
                "2 h",
                "--clearance",
                "25 mL/h",
            ],
            r#"{"op":"pk_profile","daily_dose":"500 mcg/day","times":["6 h"],"half_life":"2 h","clearance":"25 mL/h"}"#,
        ),
        (
            &[
                "pk", "--bolus", "100 mcg", "--every", "1 h", "--until", "3 h",
            ],
            r#"{"op":"pk_profile","bolus":"100 mcg","times":["0 h","1 h","2 h","3 h"]}"#,
        ),
        (
            &["pk", "--bolus", "100 mcg", "--times", "0 h,-1 h"],
            r#"{"op":"pk_profile","bolus":"100 mcg","times":["0 h","-1 h"]}"#,
        ),
    ];
    for (args, request) in cases {
        let args = [args, &["--json"]].concat();
        let run = itb_args(&args);
        let response = itb::protocol::evaluate(request);
        let ok = response.contains(r#""ok":true"#);
        assert_eq!(run.code, Some(if ok { 0 } else { 1 }), "{args:?}");
        assert_eq!(run.stdout, format!("{response}\n"), "{args:?}");
    }
    let run = itb_args(&["pk", "--bolus", "100 mcg", "--times", "0 h", "--json"]);
    let result = &json(&run)["result"];
    let lumbar = result["points"][0]["lumbar"]["value"]
        .as_f64()
        .expect("a number");
    // 100 mcg / (30 mL/h x 1.51 h / ln 2).
    let expected = 100.0 / (30.0 * 1.51 / std::f64::consts::LN_2);
    assert!((lumbar - expected).abs() < 1e-9, "{lumbar}");
    assert!((expected - 1.5301).abs() < 1e-4);
    assert_eq!(result["points"][0]["cisternal"]["text"], "0.3825 mcg/mL");
    assert!(result.get("steady_state").is_none(), "a bolus has none");
}

#[test]
fn bad_input_names_field_argument_and_what_is_allowed() {
    let times = "times[1] (--times, --time or --every with --until)";
    let cases: Vec<(Vec<&str>, &str, &str, &[&str])> = vec![
        (
            vec!["pk", "--bolus", "100", "--times", "0 h"],
            "unit_required",
            "bolus (--bolus)",
            &["\"100\""],
        ),
        (
            vec!["pk", "--bolus", "0 mcg", "--times", "0 h"],
            "out_of_range",
            "bolus (--bolus)",
            &[],
        ),
        (
            vec!["pk", "--daily-dose", "0 mcg/day", "--times", "0 h"],
            "zero",
            "daily_dose (--daily-dose)",
            &[],
        ),
        (
            vec!["pk", "--bolus", "100 mcg", "--times", "0 h,-1 h"],
            "negative",
            times,
            &[],
        ),
        (
            // A bare number is never a time.
            vec!["pk", "--bolus", "100 mcg", "--times", "0 h,2"],
            "unit_required",
            times,
            &["\"2\""],
        ),
        (
            vec![
                "pk", "--bolus", "100 mcg", "--time", "0 h", "--time", "1 mL",
            ],
            "unit_mismatch",
            times,
            &[],
        ),
        (
            vec![
                "pk",
                "--bolus",
                "100 mcg",
                "--times",
                "0 h",
                "--half-life",
                "0 h",
            ],
            "zero",
            "half_life (--half-life)",
            &[],
        ),
        (
            vec![
                "pk",
                "--bolus",
                "100 mcg",
                "--times",
                "0 h",
                "--clearance",
                "30 mL",
            ],
            "unit_mismatch",
            "clearance (--clearance)",
            &[],
        ),
        (
            vec![
                "pk", "--bolus", "100 mcg", "--every", "-30 min", "--until", "8 h",
            ],
            "negative",
            "every (--every)",
            &[],
        ),
        (
            vec![
                "pk", "--bolus", "100 mcg", "--every", "0 min", "--until", "8 h",
            ],
            "zero",
            "every (--every)",
            &["above zero"],
        ),
        (
            vec![
                "pk", "--bolus", "100 mcg", "--every", "30", "--until", "8 h",
            ],
            "unit_required",
            "every (--every)",
            &["\"30\""],
        ),
        (
            vec![
                "pk", "--bolus", "100 mcg", "--every", "30 min", "--until", "-8 h",
            ],
            "negative",
            "until (--until)",
            &[],
        ),
        (
            // Every minute for a day: 1,441 times, over 1,000.
            vec![
                "pk", "--bolus", "100 mcg", "--every", "1 min", "--until", "1 day",
            ],
            "out_of_range",
            "every (--every)",
            &["at most 1000 times"],
        ),
    ];
    for (args, code, field, says) in cases {
        assert_rejected(&itb_args(&args), code, field, says);
    }
    // Over 1,000 times written out: the protocol's own limit, on the list.
    let many = vec!["1 min"; 1001].join(",");
    assert_rejected(
        &itb_args(&["pk", "--bolus", "100 mcg", "--times", &many]),
        "out_of_range",
        "times (--times, --time or --every with --until)",
        &[],
    );
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 6] = [
        // Neither dosing, both, no times, both kinds of times, --every alone, --until alone.
        &["pk", "--times", "0 h"],
        &[
            "pk",
            "--bolus",
            "100 mcg",
            "--daily-dose",
            "500 mcg/day",
            "--times",
            "0 h",
        ],
        &["pk", "--bolus", "100 mcg"],
        &[
            "pk", "--bolus", "100 mcg", "--times", "0 h", "--time", "1 h",
        ],
        &["pk", "--bolus", "100 mcg", "--every", "1 h"],
        &["pk", "--bolus", "100 mcg", "--until", "1 h"],
    ];
    for args in cases {
        assert_usage_error(args);
    }
}

#[test]
fn help_shows_every_option_and_an_example() {
    let help = computed(&["pk", "--help"]);
    for option in [
        "--bolus",
        "--daily-dose",
        "--times",
        "--time ",
        "--every",
        "--until",
        "--half-life",
        "--clearance",
        "--chart",
        "--json",
        "  itb pk --bolus \"100 mcg\"",
        "1.51 h",
        "30 mL/h",
    ] {
        assert!(help.contains(option), "{option}\n{help}");
    }
}

// ---------------------------------------------------------------------------------------------
// The chart

#[test]
fn the_xml_check_catches_broken_documents() {
    assert!(well_formed(r#"<svg a="1"><g/><text>x &amp; y</text></svg>"#).is_ok());
    for bad in [
        "<svg><g></svg>",
        "<svg></svg><svg></svg>",
        r#"<svg a=1></svg>"#,
        r#"<svg a="1" a="2"></svg>"#,
        "<svg><text>a & b</text></svg>",
        "<svg><text>a < b</text></svg>",
        "<svg>",
    ] {
        assert!(well_formed(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_chart_is_an_svg_line_chart_of_both_concentrations() {
    let path = scratch("bolus.svg");
    let path_text = path.to_str().expect("utf-8 path");
    let out = computed(&[
        "pk", "--bolus", "100 mcg", "--every", "30 min", "--until", "8 h", "--chart", path_text,
    ]);
    assert!(
        out.contains(&format!("\nChart written to {path_text}.\n")),
        "{out}"
    );
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    std::fs::remove_file(&path).ok();
    let names = well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(names.first().map(String::as_str), Some("svg"));
    assert!(
        svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
        "{svg}"
    );
    // Two curves, lumbar and cisternal, each through the 17 points (0 to 8 h every 0.5 h).
    let lines: Vec<&str> = svg.lines().filter(|l| l.starts_with("<polyline")).collect();
    assert_eq!(lines.len(), 2, "{svg}");
    for line in lines {
        let points = line.split("points=\"").nth(1).unwrap_or_default();
        assert_eq!(
            points.trim_end_matches("\"/>").split(' ').count(),
            17,
            "{line}"
        );
    }
    // A title that says it is an estimate; axes labelled with their units; ticks with units.
    assert!(
        svg.contains("<title>Baclofen in the CSF after a 100 mcg bolus: a model estimate, not a measurement</title>"),
        "{svg}"
    );
    assert!(
        svg.contains(">time since the dose began (h)</text>"),
        "{svg}"
    );
    assert!(svg.contains(">CSF concentration (mcg/mL)</text>"), "{svg}");
    assert!(svg.contains(">8 h</text>"), "{svg}");
    // The lumbar peak, 1.53 mcg/mL, is under the top tick, 2 mcg/mL.
    assert!(svg.contains(">2 mcg/mL</text>"), "{svg}");
    assert!(svg.contains(">lumbar</text>"), "{svg}");
    assert!(svg.contains(">cisternal (lumbar / 4)</text>"), "{svg}");
    assert!(!svg.contains("steady state"), "a bolus has none: {svg}");
}

#[test]
fn an_infusion_chart_shows_its_steady_state_and_json_still_prints_only_json() {
    let path = scratch("infusion.svg");
    let path_text = path.to_str().expect("utf-8 path");
    let run = itb_args(&[
        "pk",
        "--daily-dose",
        "500 mcg/day",
        "--times",
        "0 h,1 h,2 h,4 h,8 h",
        "--chart",
        path_text,
        "--json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(json(&run)["op"], "pk_profile");
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    std::fs::remove_file(&path).ok();
    well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(svg.contains(">steady state, 0.6944 mcg/mL</text>"), "{svg}");
    assert!(
        svg.contains("after 500 mcg/day by infusion: a model estimate"),
        "{svg}"
    );
}

#[test]
fn no_chart_for_a_rejected_request_and_an_unwritable_file_is_status_2() {
    let path = scratch("rejected.svg");
    let path_text = path.to_str().expect("utf-8 path");
    let run = itb_args(&[
        "pk", "--bolus", "100", "--times", "0 h", "--chart", path_text,
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!path.exists(), "no chart of a rejected request");
    let missing = scratch("no-such-directory").join("chart.svg");
    let run = itb_args(&[
        "pk",
        "--bolus",
        "100 mcg",
        "--times",
        "0 h",
        "--chart",
        missing.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("itb pk: cannot write the chart to "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("chart.svg"), "{}", run.stderr);
}

#[test]
fn completions_and_man_pages_include_the_new_subcommands() {
    for sub in ["check-programming", "titration-schedule", "taper", "pk"] {
        for shell in ["bash", "zsh", "fish"] {
            let script = computed(&["completions", shell]);
            assert!(script.contains(sub), "{shell}: {sub}");
        }
        let page = computed(&["man", sub]);
        assert!(page.contains(&format!(".TH itb-{sub} 1 ")), "{page}");
        let top = computed(&["man"]);
        assert!(
            top.contains(&format!("itb\\-{}(1)", sub.replace('-', "\\-"))),
            "{sub}"
        );
    }
    let pk = computed(&["man", "pk"]);
    assert!(pk.contains("\\-\\-chart"), "{pk}");
}
