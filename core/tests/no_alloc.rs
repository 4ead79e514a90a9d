//! The typed computations allocate nothing: a counting global allocator proves it.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use itb::units::{ClinicalQuantity, Concentration, DoseRate, Mass, Measure, Unit, Volume};

struct Counting;

thread_local! {
    // Only this test's own thread is counted: the test harness's thread may allocate meanwhile
    // (on a loaded machine it does). Const-initialised, so reading it allocates nothing.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
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
    let before = ALLOCATIONS.with(Cell::get);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get) - before
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
        every_other_operation(&mut sink);
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

/// Every other typed operation once, its findings' messages written into the sink.
fn every_other_operation(sink: &mut Sink) {
    use itb::bolus::{BridgeRequest, CatheterModel, CatheterRequest};
    use itb::profile::{Origin, Phase, Profile};
    use itb::pump::PumpModel;
    use itb::refill::{Delivery, Programmed, ReconcileRequest, RefillRequest};
    use itb::schedule::{FlexDoseRequest, FlexStep, NightBoostRequest, TimeOfDay};
    use itb::units::Input;
    let at = |h| TimeOfDay::from_hm(h, 0, "start").unwrap();
    let steps = [
        FlexStep {
            start: at(4),
            rate: Input::new(24.0, Unit::McgPerHour),
        },
        FlexStep {
            start: at(20),
            rate: Input::new(28.8, Unit::McgPerHour),
        },
    ];
    let mut messages = |f: &itb::Findings| {
        for x in f.iter() {
            core::fmt::write(sink, format_args!("{}", x.message())).unwrap();
        }
    };
    let plan = itb::refill::refill_plan(&RefillRequest::new(
        PumpModel::Prometra20,
        Input::new(2000.0, Unit::McgPerMl),
        Delivery::Steps((&steps[..]).into()),
    ))
    .unwrap();
    assert_eq!(plan.containers.len(), 2);
    messages(&plan.findings);
    let flex = FlexDoseRequest {
        steps: (&steps[..]).into(),
    };
    assert_eq!(
        itb::schedule::flex_daily_dose(&flex)
            .unwrap()
            .steps()
            .count(),
        2
    );
    let r = itb::refill::reconcile(&ReconcileRequest {
        fill_volume: Input::new(20.0, Unit::Milliliter),
        elapsed: Input::new(30.0, Unit::Day),
        programmed: Programmed::Dose {
            daily_dose: Input::new(500.0, Unit::McgPerDay),
            concentration: Input::new(2000.0, Unit::McgPerMl),
        },
        aspirated_volume: Input::new(10.0, Unit::Milliliter),
        threshold: None,
        pump: Some(PumpModel::SynchromedIi20.into()),
        risk_factors: Default::default(),
    })
    .unwrap();
    messages(&r.findings);
    let t = itb::titration::titrate(&itb::titration::TitrateRequest::new(
        Profile::Uk,
        Input::new(900.0, Unit::McgPerDay),
        35.0,
        Origin::Spinal,
        Phase::Maintenance,
    ))
    .unwrap();
    messages(&t.findings);
    let s = itb::screening::screening_plan(&itb::screening::ScreeningRequest::new(Profile::Us))
        .unwrap();
    assert_eq!(s.doses().len(), 3);
    let nb = itb::schedule::night_boost(&NightBoostRequest {
        base_daily_dose: Input::new(576.0, Unit::McgPerDay),
        boost_percent: 20.0,
        effect_start: at(22).into(),
        effect_end: at(6).into(),
        lead_time: None,
    })
    .unwrap();
    assert_eq!(nb.steps.len(), 2);
    itb::bolus::bridge_bolus(&BridgeRequest {
        old_concentration: Input::new(500.0, Unit::McgPerMl),
        new_concentration: Input::new(2000.0, Unit::McgPerMl),
        daily_dose: Input::new(500.0, Unit::McgPerDay),
        dead_space: Input::new(0.25, Unit::Milliliter),
    })
    .unwrap();
    itb::bolus::catheter_volume(&CatheterRequest::Trimmed {
        catheter: CatheterModel::PrometraIi,
        trimmed_length: Input::new(10.0, Unit::Centimeter),
    })
    .unwrap();
    version_2_operations(sink);
}

/// The operations of protocol version 2, their schedules and points walked, their messages
/// (a withdrawal risk and a concentration mismatch among them) written into the sink.
fn version_2_operations(sink: &mut Sink) {
    use itb::patient::{RiskFactor, RiskFactors};
    use itb::pharmacokinetics::{Dosing, PkRequest};
    use itb::profile::{Origin, Phase, Profile};
    use itb::pump::PumpModel;
    use itb::refill::{Delivery, RefillRequest};
    use itb::units::Input;
    let mut messages = |f: &itb::Findings| {
        for x in f.iter() {
            core::fmt::write(sink, format_args!("{}", x.message())).unwrap();
        }
    };
    let mut late = RefillRequest::new(
        PumpModel::SynchromedIi20,
        Input::new(50.0, Unit::McgPerMl),
        Delivery::DailyDose(Input::new(500.0, Unit::McgPerDay)),
    );
    late.risk_factors = RiskFactors::NONE.with(RiskFactor::PriorWithdrawal).into();
    messages(&itb::refill::refill_plan(&late).unwrap().findings);
    let p = itb::programming::programming_check(&itb::programming::ProgrammingRequest {
        programmed_daily_dose: Input::new(500.0, Unit::McgPerDay),
        programmed_concentration: Input::new(500.0, Unit::McgPerMl),
        reservoir_concentration: Input::new(2000.0, Unit::McgPerMl),
    })
    .unwrap();
    messages(&p.findings);
    let t = itb::titration::titration_schedule(&itb::titration::TitrationScheduleRequest {
        profile: Profile::Uk,
        origin: Origin::Spinal.into(),
        phase: Phase::Titration.into(),
        current_daily_dose: Input::new(100.0, Unit::McgPerDay),
        target_daily_dose: Input::new(1200.0, Unit::McgPerDay),
        step_percent: None,
        pump_programmable: Some(false),
        age_years: None,
    })
    .unwrap();
    assert_eq!(t.steps().count() as u32, t.step_count);
    messages(&t.findings);
    let taper = itb::taper::taper_schedule(&itb::taper::TaperRequest {
        current_daily_dose: Input::new(400.0, Unit::McgPerDay),
        target_daily_dose: Input::new(0.0, Unit::McgPerDay),
        duration: Input::new(10.0, Unit::Day),
        interval: None,
    })
    .unwrap();
    assert_eq!(taper.steps().count(), 10);
    messages(&taper.findings);
    let times = [Input::new(0.0, Unit::Hour), Input::new(2.0, Unit::Hour)];
    let request = PkRequest {
        dosing: Dosing::DailyDose(Input::new(500.0, Unit::McgPerDay)),
        times: (&times[..]).into(),
        half_life: None,
        clearance: None,
    };
    let pk = itb::pharmacokinetics::pk_profile(&request).unwrap();
    assert_eq!(pk.points().count(), 2);
    messages(&pk.findings);
}

#[test]
fn the_counter_sees_an_allocation() {
    // The check above can fail: an allocation on the counted thread is counted.
    let n = allocations_during(|| drop(std::hint::black_box(Box::new(7_u64))));
    assert!(n >= 1, "{n}");
}
