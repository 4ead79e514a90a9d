//! The typed computations allocate nothing: a counting global allocator proves it.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use itb::units::{ClinicalQuantity, Concentration, DoseRate, Mass, Measure, Unit, Volume};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

#[test]
fn typed_computations_do_not_allocate() {
    let dose = DoseRate::from_unit(1500.0, Unit::McgPerDay).unwrap();
    let conc = Concentration::from_unit(3.0, Unit::MgPerMl).unwrap();
    let n = allocations_during(|| {
        // Findings are raised too (all three), and their messages formatted into a sink.
        let request = itb::schedule::DailyVolumeRequest {
            daily_dose: dose.into(),
            concentration: conc.into(),
        };
        let dv = itb::schedule::daily_volume(&request).unwrap();
        assert_eq!(dv.findings.len(), 3);
        let mut sink = Sink(0);
        for f in dv.findings.iter() {
            core::fmt::write(&mut sink, format_args!("{}", f.message())).unwrap();
        }
        assert!(sink.0 > 0);
        let d = itb::dilution::dilution(&itb::dilution::DilutionRequest {
            stock: Concentration::from_unit(2000.0, Unit::McgPerMl)
                .unwrap()
                .into(),
            target: Concentration::from_unit(400.0, Unit::McgPerMl)
                .unwrap()
                .into(),
            final_volume: Volume::from_unit(20.0, Unit::Milliliter).unwrap().into(),
        })
        .unwrap();
        assert_eq!(d.stock_volume.value_in(Unit::Milliliter).unwrap(), 4.0);
        let p = itb::product::intrathecal_container("itb_500mcg_20ml").unwrap();
        let c =
            itb::product::containers(p, Mass::from_unit(30.0, Unit::Milligram).unwrap(), "amount")
                .unwrap();
        assert_eq!(c.count, 3);
        let m = Measure::parse("10 mg/20 mL")
            .unwrap()
            .convert(Unit::McgPerMl)
            .unwrap();
        assert_eq!(m.value, 500.0);
        core::fmt::write(&mut sink, format_args!("{m}")).unwrap();
    });
    assert_eq!(n, 0, "typed computations allocated {n} times");
}

struct Sink(usize);

impl core::fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
