//! The human subcommands on hand-worked examples: the whole report where it is short, the
//! findings marked by severity, and `--json` equal to the protocol response.

mod common;

use common::{itb_args, json};

/// Runs a subcommand that must compute, and returns its stdout.
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

#[test]
fn daily_volume_500_mcg_per_day_at_2_mg_per_ml() {
    // 2 mg/mL = 2,000 mcg/mL; 500 / 2,000 = 0.25 mL/day; 0.25 / 24 = 0.0104166... mL/h, shown to
    // 4 significant figures. 2,000 mcg/mL is a labelled strength and 500 mcg/day is under 1,000.
    let out = report(&[
        "daily-volume",
        "--daily-dose",
        "500 mcg/day",
        "--concentration",
        "2 mg/mL",
    ]);
    let expected = "\
Daily volume
  daily dose      500 mcg/day
  concentration   2,000 mcg/mL
  flow            0.25 mL/day (0.01042 mL/h)
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn daily_volume_echoes_inputs_in_the_units_it_answers_in() {
    // 0.5 mg/day = 500 mcg/day; 10 mg/5 mL = 2 mg/mL = 2,000 mcg/mL; so again 0.25 mL/day.
    let out = report(&[
        "daily-volume",
        "--daily-dose",
        "0.5 mg/day",
        "--concentration",
        "10 mg/5 mL",
    ]);
    assert!(out.contains("  daily dose      500 mcg/day\n"), "{out}");
    assert!(out.contains("  concentration   2,000 mcg/mL\n"), "{out}");
    assert!(
        out.contains("  flow            0.25 mL/day (0.01042 mL/h)\n"),
        "{out}"
    );
}

#[test]
fn convert_10_mg_in_20_ml_to_mcg_per_ml() {
    // 10 mg / 20 mL = 0.5 mg/mL = 500 mcg/mL.
    let out = report(&["convert", "10 mg/20 mL", "--to", "mcg/mL"]);
    let expected = "\
Conversion
  quantity    0.5 mg/mL
  converted   500 mcg/mL
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn convert_half_a_milligram_to_micrograms() {
    let out = report(&["convert", "0.5 mg", "--to", "mcg"]);
    assert!(
        out.contains("  quantity    0.5 mg\n  converted   500 mcg\n"),
        "{out}"
    );
}

#[test]
fn dilute_2000_to_400_mcg_per_ml_in_20_ml() {
    // 20 mL at 400 mcg/mL holds 8,000 mcg; 8,000 / 2,000 = 4 mL of stock; 20 - 4 = 16 mL diluent.
    let out = report(&[
        "dilute",
        "--stock",
        "2000 mcg/mL",
        "--target",
        "400 mcg/mL",
        "--final-volume",
        "20 mL",
    ]);
    let expected = "\
Dilution
  stock            2,000 mcg/mL
  target           400 mcg/mL
  final volume     20 mL
  stock volume     4 mL
  diluent volume   16 mL of preservative-free 0.9 % sodium chloride
  drug amount      8,000 mcg
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn containers_30_mg_from_500_mcg_per_ml_ampoules() {
    // One ampoule: 500 mcg/mL x 20 mL = 10,000 mcg. 30 mg = 30,000 mcg = 3 ampoules exactly;
    // drawn 30,000 / 500 = 60 mL; waste 3 x 20 - 60 = 0 mL.
    let out = report(&[
        "containers",
        "--product",
        "itb_500mcg_20ml",
        "--amount",
        "30 mg",
    ]);
    let expected = "\
Containers
  product        itb_500mcg_20ml: Baclofen 10mg/20 Inj, 20ml (500 mcg/mL)
  amount         30,000 mcg
  containers     3 containers of 20 mL
  drawn volume   60 mL
  waste          0 mL
No findings.
";
    assert_eq!(out, expected);
}

#[test]
fn containers_for_a_volume_at_a_lower_concentration() {
    // 20 mL x 400 mcg/mL = 8,000 mcg: one 10,000 mcg ampoule; drawn 8,000 / 500 = 16 mL;
    // waste 20 - 16 = 4 mL.
    let out = report(&[
        "containers",
        "--product",
        "itb_500mcg_20ml",
        "--volume",
        "20 mL",
        "--concentration",
        "400 mcg/mL",
    ]);
    assert!(out.contains("  volume          20 mL\n"), "{out}");
    assert!(out.contains("  concentration   400 mcg/mL\n"), "{out}");
    assert!(out.contains("  amount          8,000 mcg\n"), "{out}");
    assert!(
        out.contains("  containers      1 container of 20 mL\n"),
        "{out}"
    );
    assert!(out.contains("  drawn volume    16 mL\n"), "{out}");
    assert!(out.contains("  waste           4 mL\n"), "{out}");
}

#[test]
fn products_lists_the_catalogue_with_units_and_dashes_for_the_unstated() {
    let out = report(&["products"]);
    assert!(
        out.starts_with(&format!("Products ({})\n", itb::product::CATALOGUE.len())),
        "{out}"
    );
    let row = |id: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")));
        let line = line.unwrap_or_else(|| panic!("no row for {id}:\n{out}"));
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // 10 mg in 20 mL: 500 mcg/mL, 20 mL, 10,000 mcg.
    let ampoule = row("itb_500mcg_20ml");
    assert_eq!(
        ampoule[1..6],
        ["intrathecal", "refill", "500 mcg/mL", "20 mL", "10,000 mcg"]
    );
    // A 10 mg tablet: 10,000 mcg; no concentration or volume.
    let tablet = row("oral_10mg_tablet");
    assert_eq!(tablet[1..6], ["oral", "oral", "-", "-", "10,000 mcg"]);
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("  itb_") || l.starts_with("  oral_"))
            .count(),
        itb::product::CATALOGUE.len()
    );
    assert!(out.ends_with("No findings.\n"), "{out}");
}

#[test]
fn findings_are_marked_by_severity_with_code_message_and_source() {
    // 1,500 mcg/day at 3,000 mcg/mL: 0.5 mL/day (0.5 / 24 = 0.02083 mL/h). 3,000 mcg/mL is above
    // the 2,000 mcg/mL commercial top (soft) and not a labelled strength (info); 1,500 mcg/day is
    // above 1,000 (soft).
    let out = report(&[
        "daily-volume",
        "--daily-dose",
        "1.5 mg/day",
        "--concentration",
        "3000 mcg/mL",
    ]);
    assert!(
        out.contains("  flow            0.5 mL/day (0.02083 mL/h)\n"),
        "{out}"
    );
    assert!(out.contains("\nFindings:\n"), "{out}");
    assert!(!out.contains("No findings."), "{out}");
    assert!(
        !out.contains("NOT ALLOWED"),
        "soft and info findings allow the result: {out}"
    );
    for (mark, code) in [
        ("SOFT", "concentration_above_commercial"),
        ("SOFT", "daily_dose_above_1000"),
        ("INFO", "nonstandard_concentration"),
    ] {
        let prefix = format!("  {mark}  {code}: ");
        let line = out.lines().position(|l| l.starts_with(&prefix));
        let line = line.unwrap_or_else(|| panic!("no {prefix:?} line:\n{out}"));
        assert!(
            out.lines()
                .nth(line)
                .is_some_and(|l| l.len() > prefix.len() + 10),
            "message: {out}"
        );
        let source = out.lines().nth(line + 1).unwrap_or("");
        assert!(
            source.starts_with("        source: ") && source.len() > 18,
            "source after {code}: {out}"
        );
    }
    // Soft before info.
    let soft = out.find("  SOFT  ").unwrap_or(usize::MAX);
    let info = out.find("  INFO  ").unwrap_or(0);
    assert!(soft < info, "{out}");
}

#[test]
fn json_prints_the_protocol_response() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["convert", "10 mg/20 mL", "--to", "mcg/mL"],
            r#"{"op":"convert","quantity":"10 mg/20 mL","to":"mcg/mL"}"#,
        ),
        (
            &[
                "daily-volume",
                "--daily-dose",
                "1500 mcg/day",
                "--concentration",
                "3000 mcg/mL",
            ],
            r#"{"op":"daily_volume","daily_dose":"1500 mcg/day","concentration":"3000 mcg/mL"}"#,
        ),
        (
            &[
                "dilute",
                "--stock",
                "2000 mcg/mL",
                "--target",
                "400 mcg/mL",
                "--final-volume",
                "20 mL",
            ],
            r#"{"op":"dilution","stock":"2000 mcg/mL","target":"400 mcg/mL","final_volume":"20 mL"}"#,
        ),
        (
            &[
                "containers",
                "--product",
                "itb_500mcg_20ml",
                "--amount",
                "30 mg",
            ],
            r#"{"op":"containers","product":"itb_500mcg_20ml","amount":"30 mg"}"#,
        ),
        (&["products"], r#"{"op":"products"}"#),
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
        "daily-volume",
        "--daily-dose",
        "500",
        "--concentration",
        "2 mg/mL",
        "--json",
    ]);
    assert_eq!(run.code, Some(1));
    let request = r#"{"op":"daily_volume","daily_dose":"500","concentration":"2 mg/mL"}"#;
    assert_eq!(
        run.stdout,
        format!("{}\n", itb::protocol::evaluate(request))
    );
    assert_eq!(json(&run)["error"]["code"], "unit_required");
    assert!(
        run.stderr.starts_with("error: unit_required\n"),
        "{}",
        run.stderr
    );
}
