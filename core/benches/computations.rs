//! Speed of the typed computations and the protocol: `cargo bench -p itb`.
//! Benchmarks measure; tests never assert a time.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use divan::black_box;
use itb::units::{ClinicalQuantity, Concentration, DoseRate, Measure, Unit, Volume};

fn main() {
    divan::main();
}

#[divan::bench]
fn daily_volume() -> f64 {
    let dose = DoseRate::from_unit(black_box(500.0), Unit::McgPerDay).unwrap();
    let conc = Concentration::from_unit(black_box(2.0), Unit::MgPerMl).unwrap();
    let dv = itb::schedule::daily_volume(dose, conc).unwrap();
    dv.flow_rate.value_in(Unit::MlPerDay).unwrap()
}

#[divan::bench]
fn dilution() -> f64 {
    let stock = Concentration::from_unit(black_box(2000.0), Unit::McgPerMl).unwrap();
    let target = Concentration::from_unit(black_box(400.0), Unit::McgPerMl).unwrap();
    let volume = Volume::from_unit(black_box(20.0), Unit::Milliliter).unwrap();
    itb::dilution::dilution(stock, target, volume)
        .unwrap()
        .stock_volume
        .canonical()
}

#[divan::bench]
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
