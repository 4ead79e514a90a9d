//! The direct Rust calls the typed C functions wrap, timed as `benches/c/bench_typed.c` times
//! the C calls: the same requests, batches, warm-up and median, on the release profile (a
//! bench build inherits it). `scripts/bench` runs both and prints the ratio C / Rust.
//!
//! Output: one line per function, `<name> <ns per call>`, after a `#` comment line.
//! Usage: `cargo bench -p itb-c --bench typed_direct --locked [-- iterations per batch]`.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use itb::pump::PumpModel;
use itb::refill::{Delivery, RefillRequest};
use itb::schedule::DailyVolumeRequest;
use itb::units::{ClinicalQuantity, Input, Unit};

const BATCHES: usize = 15;

/// 500 mcg/day at 2 mg/mL.
fn daily_volume_batch(iterations: u64) {
    for _ in 0..iterations {
        let request = DailyVolumeRequest {
            daily_dose: Input::new(black_box(500.0), Unit::McgPerDay),
            concentration: Input::new(black_box(2.0), Unit::MgPerMl),
        };
        let dv = itb::schedule::daily_volume(&request).unwrap();
        black_box(dv.flow_rate.canonical());
    }
}

/// A SynchroMed II 20 mL, 500 mcg/day of 2000 mcg/mL, every optional input unset.
fn refill_plan_batch(iterations: u64) {
    for _ in 0..iterations {
        let request = RefillRequest::new(
            PumpModel::SynchromedIi20,
            Input::new(black_box(2000.0), Unit::McgPerMl),
            Delivery::DailyDose(Input::new(black_box(500.0), Unit::McgPerDay)),
        );
        let plan = itb::refill::refill_plan(&request).unwrap();
        black_box(plan.refill_due.canonical());
    }
}

/// The median batch, in ns per call.
fn measure(batch: fn(u64), iterations: u64) -> f64 {
    batch(iterations); // warm-up
    let mut per_call: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let start = Instant::now();
            batch(iterations);
            start.elapsed().as_nanos() as f64 / iterations as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    per_call[BATCHES / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; the first number is the batch size.
    let iterations = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(200_000);
    println!("# Rust (release): median of {BATCHES} batches of {iterations} calls, ns per call");
    println!(
        "daily_volume {:.1}",
        measure(daily_volume_batch, iterations)
    );
    println!("refill_plan {:.1}", measure(refill_plan_batch, iterations));
}
