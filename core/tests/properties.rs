//! Invariants over many inputs (proptest).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use itb::schedule::{DailyVolume, DailyVolumeRequest};
use itb::units::{ClinicalQuantity, Concentration, DoseRate, Measure, Unit};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-11 * a.abs().max(b.abs()).max(1e-300)
}

/// Pairs of units of the same dimension.
fn unit_pair() -> impl Strategy<Value = (Unit, Unit)> {
    let pairs: Vec<(Unit, Unit)> = Unit::ALL
        .iter()
        .flat_map(|a| {
            Unit::ALL
                .iter()
                .filter(|b| b.dimension() == a.dimension())
                .map(move |b| (*a, *b))
        })
        .collect();
    proptest::sample::select(pairs)
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Converting to any unit of the same dimension and back gives the value again.
    #[test]
    fn conversion_round_trips(v in 1e-6f64..1e9, (from, to) in unit_pair()) {
        let there = Measure::new(v, from).convert(to).unwrap();
        let back = there.convert(from).unwrap();
        prop_assert!(close(back.value, v), "{v} {from} -> {there:?} -> {back:?}");
    }

    /// The same dose and concentration written in mg or in mcg give the same flow.
    #[test]
    fn mg_and_mcg_give_the_same_flow(dose_mcg in 1u32..5_000, conc_mcg in 1u32..6_000) {
        let (dose_mcg, conc_mcg) = (f64::from(dose_mcg), f64::from(conc_mcg));
        let in_mcg = daily_volume(
            DoseRate::from_unit(dose_mcg, Unit::McgPerDay).unwrap(),
            Concentration::from_unit(conc_mcg, Unit::McgPerMl).unwrap(),
        );
        let in_mg = daily_volume(
            DoseRate::from_unit(dose_mcg / 1000.0, Unit::MgPerDay).unwrap(),
            Concentration::from_unit(conc_mcg / 1000.0, Unit::MgPerMl).unwrap(),
        );
        let a = in_mcg.flow_rate.value_in(Unit::MlPerDay).unwrap();
        let b = in_mg.flow_rate.value_in(Unit::MlPerDay).unwrap();
        prop_assert!(close(a, b), "{a} vs {b}");
        prop_assert!(close(a, dose_mcg / conc_mcg));
        prop_assert_eq!(in_mcg.findings, in_mg.findings);
    }

    /// More dose at the same concentration never means less volume.
    #[test]
    fn flow_grows_with_dose(d1 in 1e-3f64..1e5, extra in 0f64..1e5, conc in 1f64..6000.0) {
        let c = Concentration::from_unit(conc, Unit::McgPerMl).unwrap();
        let f = |d: f64| daily_volume(DoseRate::from_unit(d, Unit::McgPerDay).unwrap(), c)
            .flow_rate.value_in(Unit::MlPerDay).unwrap();
        prop_assert!(f(d1) <= f(d1 + extra));
    }

    /// Any list of flex steps, valid or not, gets a JSON response, never a panic.
    #[test]
    fn flex_answers_any_steps(starts in proptest::collection::vec((0u8..30, 0u8..70), 0..16), rate in 0u32..100) {
        let steps: Vec<serde_json::Value> = starts
            .iter()
            .map(|(h, m)| serde_json::json!({"start": format!("{h:02}:{m:02}"), "rate": format!("{rate} mcg/h")}))
            .collect();
        let req = serde_json::json!({"op": "flex_daily_dose", "steps": steps});
        let out: serde_json::Value = serde_json::from_str(&itb::protocol::evaluate(&req.to_string())).unwrap();
        prop_assert!(out["ok"] == true || out["error"]["code"].is_string());
    }

    /// Any text at all gets a JSON response, never a panic.
    #[test]
    fn protocol_answers_any_text(text in ".{0,200}") {
        let out: serde_json::Value = serde_json::from_str(&itb::protocol::evaluate(&text)).unwrap();
        prop_assert!(out["ok"].is_boolean());
    }

    /// Any quantity string in a request gets a JSON response with either a result or a coded error.
    #[test]
    fn protocol_answers_any_quantity(q in "[-+0-9.eE, ]{0,12}(mcg|mg|mL|µg|ug|/|d|h|min|cm| per |[a-z]){0,4}") {
        let req = serde_json::json!({"op": "daily_volume", "daily_dose": q, "concentration": "2000 mcg/mL"});
        let out: serde_json::Value = serde_json::from_str(&itb::protocol::evaluate(&req.to_string())).unwrap();
        prop_assert!(out["ok"] == true || out["error"]["code"].is_string());
    }
}

/// No success response ever carries a quantity whose value is not a number: extreme but
/// finite inputs give `out_of_range` (implausible) or `not_finite`, never `"value": null`.
#[test]
fn extreme_inputs_never_give_null_values() {
    let requests = [
        r#"{"op":"daily_volume","daily_dose":"1e300 mcg/day","concentration":"1e-300 mcg/mL"}"#,
        r#"{"op":"refill_plan","pump":"synchromed_ii_20","concentration":"1e-300 mcg/mL","daily_dose":"1e300 mcg/day"}"#,
        r#"{"op":"reconcile","fill_volume":"20 mL","elapsed":"1 day","daily_dose":"1e300 mcg/day","concentration":"1e-300 mcg/mL","aspirated_volume":"1 mL"}"#,
        r#"{"op":"bridge_bolus","old_concentration":"1e-300 mcg/mL","new_concentration":"2000 mcg/mL","daily_dose":"1e300 mcg/day","dead_space":"1 mL"}"#,
        r#"{"op":"constant_flow_fill","reservoir":"20 mL","flow_rate":"1e-300 mL/day","daily_dose":"1e300 mcg/day","stock":"2000 mcg/mL"}"#,
        r#"{"op":"dilution","stock":"1e300 mcg/mL","target":"1e300 mcg/mL","final_volume":"1e300 mL"}"#,
    ];
    for req in requests {
        let out = itb::protocol::evaluate(req);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        if v["ok"] == true {
            assert!(!has_null(&v["result"]), "{req}\n{out}");
        } else {
            let code = v["error"]["code"].as_str().unwrap();
            assert!(
                code == "out_of_range" || code == "not_finite",
                "{req}\n{out}"
            );
        }
    }
}

/// Absurd but finite inputs are refused with the plausible range in the message, at the field
/// that holds them; the edges of the ranges are computed, and every text stays readable.
#[test]
fn absurd_inputs_are_out_of_range_and_the_edges_are_readable() {
    let refused = [
        ("daily_dose", "1e300 mcg/day"),
        ("daily_dose", "5e-320 mcg/day"),
        ("daily_dose", "1000001 mcg/day"),
        ("concentration", "1e-300 mcg/mL"),
        ("concentration", "100001 mcg/mL"),
    ];
    for (field, text) in refused {
        let mut req = serde_json::json!({"op": "daily_volume", "daily_dose": "500 mcg/day", "concentration": "2000 mcg/mL"});
        req[field] = serde_json::json!(text);
        let v: serde_json::Value =
            serde_json::from_str(&itb::protocol::evaluate(&req.to_string())).unwrap();
        assert_eq!(v["error"]["code"], "out_of_range", "{text}: {v}");
        assert_eq!(v["error"]["field"], field);
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("from 0.000001 to"),
            "{v}"
        );
    }
    let hundred_digits = format!("{} mcg/day", "9".repeat(100));
    let req = serde_json::json!({"op": "daily_volume", "daily_dose": hundred_digits, "concentration": "2000 mcg/mL"});
    let v: serde_json::Value =
        serde_json::from_str(&itb::protocol::evaluate(&req.to_string())).unwrap();
    assert_eq!(v["error"]["code"], "out_of_range");
    // The edges: 1 g/day at 0.000001 mcg/mL is 1e12 mL/day, written out in full but short.
    let edge =
        r#"{"op":"daily_volume","daily_dose":"1000000 mcg/day","concentration":"0.000001 mcg/mL"}"#;
    let v: serde_json::Value = serde_json::from_str(&itb::protocol::evaluate(edge)).unwrap();
    assert_eq!(v["result"]["flow_rate"]["text"], "1,000,000,000,000 mL/day");
}

fn has_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.iter().any(has_null),
        serde_json::Value::Object(m) => m.values().any(has_null),
        _ => false,
    }
}

#[test]
fn hostile_requests_get_error_responses() {
    let deep = "[".repeat(100_000);
    let big = format!(
        r#"{{"op":"convert","quantity":"{}","to":"mg"}}"#,
        "9".repeat(1_000_000)
    );
    let cases = [
        deep.as_str(),
        big.as_str(),
        "",
        "null",
        "\u{0}",
        r#"{"op":"convert","quantity":NaN,"to":"mg"}"#,
    ];
    for text in cases {
        let out: serde_json::Value = serde_json::from_str(&itb::protocol::evaluate(text)).unwrap();
        assert_eq!(out["ok"], false, "{}", &text[..text.len().min(40)]);
        assert!(
            out["error"]["message"]
                .as_str()
                .is_some_and(|m| m.len() < 2_000)
        );
    }
    let invalid_utf8: serde_json::Value =
        serde_json::from_str(&itb::protocol::evaluate_bytes(b"{\"op\":\"\xff\"}")).unwrap();
    assert_eq!(invalid_utf8["error"]["code"], "invalid_json");
}

fn daily_volume(daily_dose: DoseRate, concentration: Concentration) -> DailyVolume {
    let request = DailyVolumeRequest {
        daily_dose: daily_dose.into(),
        concentration: concentration.into(),
    };
    itb::schedule::daily_volume(&request).unwrap()
}

/// The bounds of the plausible ranges are inside them, in any unit that writes them exactly.
#[test]
fn the_edges_of_the_plausible_ranges_are_accepted() {
    for (dose, concentration) in [
        ("1000 mg/day", "100 mg/mL"),
        ("1000000 mcg/day", "100000 mcg/mL"),
    ] {
        let req = serde_json::json!({"op": "daily_volume", "daily_dose": dose, "concentration": concentration});
        let v: serde_json::Value =
            serde_json::from_str(&itb::protocol::evaluate(&req.to_string())).unwrap();
        assert_eq!(v["ok"], true, "{dose} at {concentration}: {v}");
    }
}
