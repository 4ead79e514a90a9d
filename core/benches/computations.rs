//! Speed of the typed computations and the protocol: `cargo bench -p itb`, or `scripts/bench`
//! for every figure of BENCHMARKS.md in one run. Benchmarks measure; tests never assert a time.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use divan::black_box;
use itb::pump::PumpModel;
use itb::refill::{Delivery, RefillRequest};
use itb::schedule::DailyVolumeRequest;
use itb::units::{ClinicalQuantity, Input, Measure, Unit, snap};

fn main() {
    divan::main();
}

/// 500 mcg/day at 2 mg/mL: the flow and its findings.
// Many calls per sample: one call is near the timer's precision.
#[divan::bench(sample_size = 1000)]
fn daily_volume() -> f64 {
    let request = DailyVolumeRequest {
        daily_dose: Input::new(black_box(500.0), Unit::McgPerDay),
        concentration: Input::new(black_box(2.0), Unit::MgPerMl),
    };
    let dv = itb::schedule::daily_volume(&request).unwrap();
    dv.flow_rate.value_in(Unit::MlPerDay).unwrap()
}

/// The README's main job: a SynchroMed II, 500 mcg/day of 2000 mcg/mL, every default.
// Many calls per sample: one call is near the timer's precision.
#[divan::bench(sample_size = 1000)]
fn refill_plan() -> f64 {
    let request = RefillRequest::new(
        PumpModel::SynchromedIi20,
        Input::new(black_box(2000.0), Unit::McgPerMl),
        Delivery::DailyDose(Input::new(black_box(500.0), Unit::McgPerDay)),
    );
    let plan = itb::refill::refill_plan(&request).unwrap();
    plan.refill_due.value_in(Unit::Day).unwrap()
}

// Many calls per sample: one call is near the timer's precision.
#[divan::bench(sample_size = 1000)]
fn dilution() -> f64 {
    let request = itb::dilution::DilutionRequest {
        stock: Input::new(black_box(2000.0), Unit::McgPerMl),
        target: Input::new(black_box(400.0), Unit::McgPerMl),
        final_volume: Input::new(black_box(20.0), Unit::Milliliter),
    };
    itb::dilution::dilution(&request)
        .unwrap()
        .stock_volume
        .canonical()
}

/// The 12-significant-digit snap every number goes through on its way out of a quantity.
#[divan::bench]
fn snap_one_number() -> f64 {
    snap(black_box(0.250_000_000_000_000_06))
}

/// The arithmetic the snap cleans: one division of clinical values.
#[divan::bench]
fn divide_one_number() -> f64 {
    black_box(500.0) / black_box(2000.0)
}

// Many calls per sample: one call is near the timer's precision.
#[divan::bench(sample_size = 1000)]
fn parse_container_notation() -> f64 {
    Measure::parse(black_box("10 mg/20 mL")).unwrap().value
}

#[divan::bench]
fn protocol_daily_volume() -> usize {
    itb::protocol::evaluate(black_box(
        r#"{"op":"daily_volume","daily_dose":"500 mcg/day","concentration":"2 mg/mL"}"#,
    ))
    .len()
}

#[divan::bench]
fn protocol_refill_plan() -> usize {
    itb::protocol::evaluate(black_box(
        r#"{"op":"refill_plan","pump":"synchromed_ii_20","concentration":"2000 mcg/mL","daily_dose":"500 mcg/day"}"#,
    ))
    .len()
}
