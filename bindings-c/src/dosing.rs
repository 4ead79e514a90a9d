//! The dosing rules: screening test doses, the initial daily dose, dose changes.
//!
//! Optional inputs are a `bool has_*` flag beside their value, never a sentinel number and never
//! a pointer (`ItbError *error` stays the one optional pointer of the API). Plain numbers carry
//! their unit in their name, as in the protocol: `age_years`, `change_percent`,
//! `hours_since_start`.

use std::ffi::c_char;

use itb::ErrorKind;
use itb::profile::Profile;
use itb::screening::{self, ScreeningPlan, ScreeningRequest};
use itb::titration::{self, InitialDoseRequest, InitialRule, TitrateRequest};
use itb::units::{Given, Unit};

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::profile::{Coded, decode};
use crate::quantity::{
    ItbConcentration, ItbDoseRate, ItbDuration, ItbMass, ItbVolume, Unread, output,
};
use crate::status::{Failure, ItbError, ItbStatus};

/// The most boluses a screening plan holds (25, 50, 75, 100 mcg). Part of the ABI: it sets the
/// size of `ItbScreeningPlan`.
pub const ITB_SCREENING_MAX_DOSES: usize = 4;

const _: () = assert!(
    ITB_SCREENING_MAX_DOSES == screening::MAX_DOSES,
    "ITB_SCREENING_MAX_DOSES is part of the ABI: the core's plan must fit it exactly"
);

/// The protocol's default screening start dose, in mcg: pass
/// `(ItbMass){ITB_SCREENING_DEFAULT_START_DOSE_MCG, ITB_UNIT_MCG}` to `itb_screening_plan`.
pub const ITB_SCREENING_DEFAULT_START_DOSE_MCG: f64 = screening::DEFAULT_START_DOSE_MCG;
/// The screening solution, in mcg/mL (50 micrograms in 1 mL; seed 001), the protocol's default
/// concentration: pass `(ItbConcentration){ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML,
/// ITB_UNIT_MCG_PER_ML}`.
pub const ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML: f64 = screening::SCREENING_MCG_PER_ML;

/// The initial daily dose is twice the effective bolus over 24 h (`"double_bolus"`).
pub const ITB_RULE_DOUBLE_BOLUS: u32 = 41;
/// The initial daily dose is the effective bolus unchanged over 24 h: its effect lasted more
/// than the profile's threshold (`"same_as_bolus"`).
pub const ITB_RULE_SAME_AS_BOLUS: u32 = 42;

/// The C code of a rule. Exhaustive: a rule added to the core does not compile here until it
/// has its code.
fn rule_code(rule: InitialRule) -> u32 {
    match rule {
        InitialRule::DoubleBolus => ITB_RULE_DOUBLE_BOLUS,
        InitialRule::SameAsBolus => ITB_RULE_SAME_AS_BOLUS,
    }
}

/// A code the core reads in its turn (an origin, a phase): unknown, it is unreadable and
/// reported as `ITB_STATUS_INVALID_ARGUMENT` when the core reaches `field`.
pub(crate) fn given<T: Coded>(code: u32, field: &'static str, unread: &mut Unread) -> Given<T> {
    match decode(code, field) {
        Ok(value) => Given::new(value),
        Err(failure) => {
            unread.keep(field, ErrorKind::InvalidValue, failure);
            Given::unreadable(ErrorKind::InvalidValue)
        }
    }
}

/// One bolus of a screening plan.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbScreeningDose {
    /// The bolus, always in `ITB_UNIT_MCG`.
    pub dose: ItbMass,
    /// The volume that holds it at the plan's concentration, always in `ITB_UNIT_ML`.
    pub volume: ItbVolume,
}

impl ItbScreeningDose {
    /// An unused slot: zeros, unit 0.
    const EMPTY: ItbScreeningDose = ItbScreeningDose {
        dose: ItbMass {
            value: 0.0,
            unit: 0,
        },
        volume: ItbVolume {
            value: 0.0,
            unit: 0,
        },
    };
}

/// A screening plan (`itb_screening_plan`): the boluses to try in order, at least
/// `min_interval` apart.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbScreeningPlan {
    /// `doses[0]` (the start dose) to `doses[doses_len - 1]`; later slots are zeros with unit 0.
    pub doses: [ItbScreeningDose; ITB_SCREENING_MAX_DOSES],
    /// The number of boluses in `doses`, 1 to `ITB_SCREENING_MAX_DOSES`.
    pub doses_len: usize,
    /// The minimum time between boluses (24 h), always in `ITB_UNIT_HOUR`.
    pub min_interval: ItbDuration,
    /// The largest screening bolus (100 mcg), always in `ITB_UNIT_MCG`.
    pub max_dose: ItbMass,
    /// False exactly when a finding is hard: the plan must not be used as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The boluses of a plan in their fixed units, unused slots empty.
fn screening_doses(
    plan: &ScreeningPlan,
) -> Result<([ItbScreeningDose; ITB_SCREENING_MAX_DOSES], usize), Failure> {
    let doses = plan.doses();
    if doses.len() > ITB_SCREENING_MAX_DOSES {
        // The core stops at 100 mcg in 25 mcg steps; a longer plan would be cut, so refuse it.
        let message = format!(
            "{} screening doses; the C result holds {ITB_SCREENING_MAX_DOSES}",
            doses.len()
        );
        return Err(Failure::new(ItbStatus::Internal, "", message));
    }
    let mut slots = [ItbScreeningDose::EMPTY; ITB_SCREENING_MAX_DOSES];
    for (slot, d) in slots.iter_mut().zip(doses) {
        *slot = ItbScreeningDose {
            dose: output(&d.dose, Unit::Microgram)?,
            volume: output(&d.volume, Unit::Milliliter)?,
        };
    }
    Ok((slots, doses.len()))
}

/// The screening (test-dose) plan: `start_dose`, then 25 mcg more at each step while not above
/// 100 mcg, with the volume of each at `concentration` (50 mcg at 50 mcg/mL: 50, 75, 100 mcg in
/// 1, 1.5, 2 mL; 60 mcg: 60, 85 mcg).
///
/// `profile` is `ITB_PROFILE_US` or `ITB_PROFILE_UK`. The age is optional: `age_years` is read
/// only when `has_age` is true; so are the hours since the last screening bolus, read only when
/// `has_hours_since_last_dose` is true (a plain number of hours, 0 or more). Nothing is
/// defaulted: the protocol's defaults are `ITB_SCREENING_DEFAULT_START_DOSE_MCG` and
/// `ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML`.
///
/// Findings: `ITB_FINDING_SCREENING_DOSE_ABOVE_MAX` (hard; a start above 100 mcg, the plan is
/// that one dose), `ITB_FINDING_AGE_BELOW_4_YEARS` (US soft, UK hard),
/// `ITB_FINDING_SCREENING_CONCENTRATION` (soft; not 50 mcg/mL),
/// `ITB_FINDING_SCREENING_START_DOSE` (soft; a start other than 25 or 50 mcg),
/// `ITB_FINDING_SCREENING_INTERVAL_TOO_SHORT` (hard; less than 24 h since the last bolus).
/// Errors: an unknown `profile` → `ITB_STATUS_INVALID_ARGUMENT`; `age_years` NaN or infinite →
/// `ITB_STATUS_NOT_FINITE`, negative → `ITB_STATUS_NEGATIVE`, above 150 →
/// `ITB_STATUS_OUT_OF_RANGE`; a start dose of zero → `ITB_STATUS_OUT_OF_RANGE`; a zero
/// concentration → `ITB_STATUS_ZERO`; `hours_since_last_dose` NaN or infinite →
/// `ITB_STATUS_NOT_FINITE`, negative → `ITB_STATUS_NEGATIVE`; the quantity errors of every
/// typed input.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbScreeningPlan`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_screening_plan(
    profile: u32,
    has_age: bool,
    age_years: f64,
    start_dose: ItbMass,
    concentration: ItbConcentration,
    has_hours_since_last_dose: bool,
    hours_since_last_dose: f64,
    out: *mut ItbScreeningPlan,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = ScreeningRequest {
            profile: decode(profile, "profile")?,
            age_years: has_age.then_some(age_years),
            start_dose: Some(unread.input(start_dose, "start_dose")),
            concentration: Some(unread.input(concentration, "concentration")),
            hours_since_last_dose: has_hours_since_last_dose.then_some(hours_since_last_dose),
        };
        let computed = screening::screening_plan(&request);
        let plan = unread.check(&computed)?;
        let (doses, doses_len) = screening_doses(plan)?;
        let findings = CFindings::of(&plan.findings)?;
        write_result!(
            out,
            findings,
            ItbScreeningPlan {
                doses,
                doses_len,
                min_interval: output(&plan.min_interval, Unit::Hour)?,
                max_dose: output(&plan.max_dose, Unit::Microgram)?,
            }
        );
        Ok(())
    })
}

/// The initial daily dose of continuous infusion (`itb_initial_daily_dose`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbInitialDose {
    /// The daily dose to program, always in `ITB_UNIT_MCG_PER_DAY`.
    pub daily_dose: ItbDoseRate,
    /// `ITB_RULE_DOUBLE_BOLUS` or `ITB_RULE_SAME_AS_BOLUS`.
    pub rule: u32,
    /// The source of the profile's prolonged-response threshold the rule used, a static string
    /// (`"001 Dosage/Dose-Titration Phase"`).
    pub rule_source: *const c_char,
    /// False exactly when a finding is hard: the dose must not be used as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The initial daily dose from the effective screening bolus and how long its effect lasted:
/// the bolus unchanged over 24 h when the effect lasted more than the profile's threshold
/// (US 8 h, UK 12 h), else twice the bolus (50 mcg lasting 10 h: US 50 mcg/day, UK
/// 100 mcg/day).
///
/// Findings: `ITB_FINDING_SCREENING_DOSE_ABOVE_MAX` (hard; a bolus above 100 mcg).
/// Errors: an unknown `profile` → `ITB_STATUS_INVALID_ARGUMENT`; a zero bolus →
/// `ITB_STATUS_OUT_OF_RANGE`; the quantity errors of every typed input.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbInitialDose`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_initial_daily_dose(
    profile: u32,
    effective_bolus: ItbMass,
    effect_duration: ItbDuration,
    out: *mut ItbInitialDose,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = InitialDoseRequest {
            profile: decode(profile, "profile")?,
            effective_bolus: unread.input(effective_bolus, "effective_bolus"),
            effect_duration: unread.input(effect_duration, "effect_duration"),
        };
        let computed = titration::initial_daily_dose(&request);
        let d = unread.check(&computed)?;
        let findings = CFindings::of(&d.findings)?;
        write_result!(
            out,
            findings,
            ItbInitialDose {
                daily_dose: output(&d.daily_dose, Unit::McgPerDay)?,
                rule: rule_code(d.rule),
                rule_source: d.source.as_c_str().as_ptr(),
            }
        );
        Ok(())
    })
}

/// A proposed change of the daily dose (the input of `itb_titrate`). Every field is read; set
/// them all. A zeroed struct is refused (profile 0), never read as defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbDoseChange {
    /// `ITB_PROFILE_US` or `ITB_PROFILE_UK`: whose limits apply.
    pub profile: u32,
    /// The daily dose now; above zero.
    pub current_daily_dose: ItbDoseRate,
    /// The change in percent of the current daily dose, signed: `-15` is a 15 % reduction.
    /// Above -100 (stopping is not a titration step, and abrupt withdrawal can kill).
    pub change_percent: f64,
    /// `ITB_ORIGIN_SPINAL` or `ITB_ORIGIN_CEREBRAL`.
    pub origin: u32,
    /// `ITB_PHASE_TITRATION` or `ITB_PHASE_MAINTENANCE`.
    pub phase: u32,
    /// True when `age_years` holds the patient's age.
    pub has_age: bool,
    /// The patient's age in years, 0 to 150; read only when `has_age`.
    pub age_years: f64,
    /// A programmable pump. The protocol's default is true; the UK SmPC asks 48 h between
    /// changes with a non-programmable pump (false).
    pub pump_programmable: bool,
    /// True when `hours_since_last_change` is known.
    pub has_hours_since_last_change: bool,
    /// Hours since the last dose change, 0 or more; read only when
    /// `has_hours_since_last_change`.
    pub hours_since_last_change: f64,
    /// True when `hours_since_start` is known.
    pub has_hours_since_start: bool,
    /// Hours since continuous infusion began, 0 or more; read only when
    /// `has_hours_since_start`.
    pub hours_since_start: f64,
}

/// The core's request of an `ItbDoseChange`: `has_*` unset is `None`.
fn titrate_request(c: &ItbDoseChange, unread: &mut Unread) -> Result<TitrateRequest, Failure> {
    let profile: Profile = decode(c.profile, "profile")?;
    Ok(TitrateRequest {
        profile,
        current_daily_dose: unread.input(c.current_daily_dose, "current_daily_dose"),
        change_percent: c.change_percent,
        origin: given(c.origin, "origin", unread),
        phase: given(c.phase, "phase", unread),
        age_years: c.has_age.then_some(c.age_years),
        pump_programmable: Some(c.pump_programmable),
        hours_since_last_change: c
            .has_hours_since_last_change
            .then_some(c.hours_since_last_change),
        hours_since_start: c.has_hours_since_start.then_some(c.hours_since_start),
    })
}

/// A dose change applied and checked (`itb_titrate`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTitration {
    /// current × (1 + change_percent / 100), always in `ITB_UNIT_MCG_PER_DAY`.
    pub new_daily_dose: ItbDoseRate,
    /// False exactly when a finding is hard: the change must not be made as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// Applies a dose change and checks it against the profile's rules (200 mcg/day of spinal
/// origin + 30 % is 260 mcg/day, within every limit).
///
/// Findings: `ITB_FINDING_STEP_ABOVE_GUIDELINE` (soft; with `ITB_FINDING_SUDDEN_ESCALATION`,
/// info, in maintenance), `ITB_FINDING_DECREASE_ABOVE_GUIDELINE` (soft; more than 20 %),
/// `ITB_FINDING_INCREASE_IN_FIRST_24H` (hard), `ITB_FINDING_ADJUSTMENT_TOO_SOON` (soft),
/// `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft), `ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE` (soft),
/// `ITB_FINDING_LARGE_STEP_AT_HIGH_DOSE` (soft), `ITB_FINDING_AGE_BELOW_4_YEARS` (US soft, UK
/// hard), `ITB_FINDING_MONITOR_AFTER_CHANGE` (info; any change but 0 %). Hours not given: those
/// findings are not raised.
/// Errors: `change` or `out` NULL → `ITB_STATUS_NULL_POINTER`; an unknown `profile`, `origin` or
/// `phase` → `ITB_STATUS_INVALID_ARGUMENT`; a zero `current_daily_dose` → `ITB_STATUS_ZERO`;
/// `change_percent` NaN or infinite → `ITB_STATUS_NOT_FINITE`, -100 or below →
/// `ITB_STATUS_OUT_OF_RANGE`; an age or a number of hours NaN or infinite → `NOT_FINITE`,
/// negative → `NEGATIVE`, an age above 150 → `OUT_OF_RANGE`; the quantity errors of every
/// typed input. `ItbError.field` is the member's name (`"change_percent"`).
///
/// # Safety
/// `change` is NULL or points at a readable `ItbDoseChange`; `out` is NULL or valid for a
/// write of an `ItbTitration`; `error` is NULL or valid for a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_titrate(
    change: *const ItbDoseChange,
    out: *mut ItbTitration,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let change = try_ref!(change, "change");
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = titrate_request(change, &mut unread)?;
        let computed = titration::titrate(&request);
        let t = unread.check(&computed)?;
        let findings = CFindings::of(&t.findings)?;
        write_result!(
            out,
            findings,
            ItbTitration {
                new_daily_dose: output(&t.new_daily_dose, Unit::McgPerDay)?,
            }
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::profile::*;
    use crate::quantity::*;
    use crate::test_support::{Reported, call, error_field as field, static_str, zeroed_error};

    const MCG_50: ItbMass = ItbMass {
        value: 50.0,
        unit: ITB_UNIT_MCG,
    };
    const SCREENING_SOLUTION: ItbConcentration = ItbConcentration {
        value: 50.0,
        unit: ITB_UNIT_MCG_PER_ML,
    };

    fn plan(
        profile: u32,
        age: Option<f64>,
        start: ItbMass,
        c: ItbConcentration,
    ) -> Result<ItbScreeningPlan, Reported> {
        plan_after(profile, age, start, c, None)
    }

    /// A screening plan with the hours since the last bolus, when given.
    fn plan_after(
        profile: u32,
        age: Option<f64>,
        start: ItbMass,
        c: ItbConcentration,
        hours: Option<f64>,
    ) -> Result<ItbScreeningPlan, Reported> {
        let (has_age, years) = (age.is_some(), age.unwrap_or(f64::NAN));
        let (has_hours, h) = (hours.is_some(), hours.unwrap_or(f64::NAN));
        // SAFETY: `call` passes valid out and error pointers.
        call(|out, e| unsafe {
            itb_screening_plan(profile, has_age, years, start, c, has_hours, h, out, e)
        })
    }

    fn initial(profile: u32, bolus: ItbMass, hours: f64) -> Result<ItbInitialDose, Reported> {
        let effect = ItbDuration {
            value: hours,
            unit: ITB_UNIT_HOUR,
        };
        // SAFETY: `call` passes valid out and error pointers.
        call(|out, e| unsafe { itb_initial_daily_dose(profile, bolus, effect, out, e) })
    }

    fn titrate(change: &ItbDoseChange) -> Result<ItbTitration, Reported> {
        // SAFETY: `change` is a valid reference; `call` passes valid out and error pointers.
        call(|out, e| unsafe { itb_titrate(change, out, e) })
    }

    /// UK, 200 mcg/day of spinal origin, +30 % in titration; nothing else known.
    fn uk_200_spinal_plus_30() -> ItbDoseChange {
        ItbDoseChange {
            profile: ITB_PROFILE_UK,
            current_daily_dose: ItbDoseRate {
                value: 200.0,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            change_percent: 30.0,
            origin: ITB_ORIGIN_SPINAL,
            phase: ITB_PHASE_TITRATION,
            has_age: false,
            age_years: f64::NAN, // not read: has_age is false
            pump_programmable: true,
            has_hours_since_last_change: false,
            hours_since_last_change: -1.0, // not read
            has_hours_since_start: false,
            hours_since_start: -1.0, // not read
        }
    }

    #[test]
    fn screening_50_mcg_at_50_mcg_per_ml_is_1_then_1_5_then_2_ml() {
        // [DRUGS-DOSE]: 50, 75, 100 mcg at 50 mcg/mL are 1, 1.5, 2 mL; 24 h apart; max 100.
        // 0.05 mg/mL is the same solution.
        let c = ItbConcentration {
            value: 0.05,
            unit: ITB_UNIT_MG_PER_ML,
        };
        let p = plan(ITB_PROFILE_US, None, MCG_50, c).unwrap();
        let got: Vec<(f64, u32, f64, u32)> = p.doses[..p.doses_len]
            .iter()
            .map(|d| (d.dose.value, d.dose.unit, d.volume.value, d.volume.unit))
            .collect();
        let (mcg, ml) = (ITB_UNIT_MCG, ITB_UNIT_ML);
        assert_eq!(
            got,
            [
                (50.0, mcg, 1.0, ml),
                (75.0, mcg, 1.5, ml),
                (100.0, mcg, 2.0, ml)
            ]
        );
        assert_eq!(p.doses[3], ItbScreeningDose::EMPTY);
        assert_eq!(
            (p.min_interval.value, p.min_interval.unit),
            (24.0, ITB_UNIT_HOUR)
        );
        assert_eq!((p.max_dose.value, p.max_dose.unit), (100.0, ITB_UNIT_MCG));
        assert!(p.allowed);
        assert_eq!(p.findings_len, 0);
    }

    #[test]
    fn the_default_constants_are_the_protocols_defaults() {
        // docs/PROTOCOL.md: start_dose defaults to 50 mcg, concentration to 50 mcg/mL.
        assert_eq!(ITB_SCREENING_DEFAULT_START_DOSE_MCG, 50.0);
        assert_eq!(ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML, 50.0);
        assert_eq!(
            ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML,
            screening::SCREENING_MCG_PER_ML
        );
        // And the protocol, given neither, plans what C plans with the constants.
        let response = itb::protocol::evaluate(r#"{"op":"screening_plan","profile":"uk"}"#);
        let v: serde_json::Value = serde_json::from_str(&response).unwrap();
        let start = ItbMass {
            value: ITB_SCREENING_DEFAULT_START_DOSE_MCG,
            unit: ITB_UNIT_MCG,
        };
        let c = ItbConcentration {
            value: ITB_SCREENING_DEFAULT_CONCENTRATION_MCG_PER_ML,
            unit: ITB_UNIT_MCG_PER_ML,
        };
        let p = plan(ITB_PROFILE_UK, None, start, c).unwrap();
        let doses = v["result"]["doses"].as_array().unwrap();
        assert_eq!(doses.len(), p.doses_len);
        for (json, d) in doses.iter().zip(&p.doses) {
            assert_eq!(json["dose"]["value"], d.dose.value);
            assert_eq!(json["volume"]["value"], d.volume.value);
        }
    }

    #[test]
    fn screening_start_above_100_is_that_one_dose_and_not_allowed() {
        // 110 mcg > 100 mcg: the plan is the one dose (2.2 mL at 50 mcg/mL), hard finding; and
        // 110 is not the label's 25 or 50 mcg start (soft).
        let start = ItbMass {
            value: 0.11,
            unit: ITB_UNIT_MG,
        };
        let p = plan(ITB_PROFILE_US, Some(30.0), start, SCREENING_SOLUTION).unwrap();
        assert_eq!(p.doses_len, 1);
        assert_eq!(
            (p.doses[0].dose.value, p.doses[0].volume.value),
            (110.0, 2.2)
        );
        assert!(!p.allowed);
        let found = |code| p.findings[..p.findings_len].iter().find(|f| f.code == code);
        assert_eq!(p.findings_len, 2);
        let f = found(ITB_FINDING_SCREENING_DOSE_ABOVE_MAX).unwrap();
        assert_eq!(f.severity, ITB_SEVERITY_HARD);
        assert_eq!((f.limit.value, f.limit.unit), (100.0, ITB_UNIT_MCG));
        let f = found(ITB_FINDING_SCREENING_START_DOSE).unwrap();
        assert_eq!(f.severity, ITB_SEVERITY_SOFT);
        assert_eq!((f.subject.value, f.subject.unit), (110.0, ITB_UNIT_MCG));
    }

    #[test]
    fn screening_start_dose_and_interval_findings() {
        // 001 Dosage/Screening Phase: a first bolus of 25 or 50 mcg, boluses 24 h apart.
        let mcg = |value| ItbMass {
            value,
            unit: ITB_UNIT_MCG,
        };
        let only = |p: ItbScreeningPlan| -> Vec<(u32, u32)> {
            p.findings[..p.findings_len]
                .iter()
                .map(|f| (f.code, f.severity))
                .collect()
        };
        // 25 mcg, and 0.05 mg (= 50 mcg): the label's starts, no finding.
        assert_eq!(
            only(plan(ITB_PROFILE_US, None, mcg(25.0), SCREENING_SOLUTION).unwrap()),
            []
        );
        let mg_005 = ItbMass {
            value: 0.05,
            unit: ITB_UNIT_MG,
        };
        assert_eq!(
            only(plan(ITB_PROFILE_US, None, mg_005, SCREENING_SOLUTION).unwrap()),
            []
        );
        // 75 mcg: soft, allowed; the plan is 75, 100 mcg.
        let p = plan(ITB_PROFILE_UK, None, mcg(75.0), SCREENING_SOLUTION).unwrap();
        assert_eq!((p.doses_len, p.allowed), (2, true));
        assert_eq!(
            only(p),
            [(ITB_FINDING_SCREENING_START_DOSE, ITB_SEVERITY_SOFT)]
        );
        // 23.5 h after the last bolus: hard, not allowed; exactly 24 h: nothing.
        let p = plan_after(ITB_PROFILE_US, None, MCG_50, SCREENING_SOLUTION, Some(23.5)).unwrap();
        assert!(!p.allowed);
        assert_eq!(
            only(p),
            [(ITB_FINDING_SCREENING_INTERVAL_TOO_SHORT, ITB_SEVERITY_HARD)]
        );
        let f = p.findings[0];
        assert_eq!((f.subject.value, f.subject.unit), (23.5, ITB_UNIT_HOUR));
        assert_eq!((f.limit.value, f.limit.unit), (24.0, ITB_UNIT_HOUR));
        let p = plan_after(ITB_PROFILE_US, None, MCG_50, SCREENING_SOLUTION, Some(24.0)).unwrap();
        assert!(p.allowed && p.findings_len == 0);
        // Not flagged: not read (NaN would be refused).
        let p = plan_after(ITB_PROFILE_US, None, MCG_50, SCREENING_SOLUTION, None).unwrap();
        assert!(p.allowed && p.findings_len == 0);
    }

    #[test]
    fn under_four_is_soft_in_the_us_and_hard_in_the_uk() {
        // Age 3 < 4: US "not established" (soft, allowed), UK contraindicated (hard).
        let us = plan(ITB_PROFILE_US, Some(3.0), MCG_50, SCREENING_SOLUTION).unwrap();
        let uk = plan(ITB_PROFILE_UK, Some(3.0), MCG_50, SCREENING_SOLUTION).unwrap();
        for (p, severity, allowed, source) in [
            (
                us,
                ITB_SEVERITY_SOFT,
                true,
                "000 Special Patient Groups/Pediatric Use",
            ),
            (uk, ITB_SEVERITY_HARD, false, "001 Contraindications"),
        ] {
            assert_eq!(p.findings_len, 1);
            let f = p.findings[0];
            assert_eq!(
                (f.code, f.severity),
                (ITB_FINDING_AGE_BELOW_4_YEARS, severity)
            );
            assert_eq!(p.allowed, allowed);
            assert_eq!(static_str(f.source), source);
            assert_eq!((f.subject.value, f.subject.unit), (3.0, ITB_UNIT_YEAR));
            assert_eq!((f.limit.value, f.limit.unit), (4.0, ITB_UNIT_YEAR));
        }
        // Exactly 4 is not under 4.
        let p = plan(ITB_PROFILE_UK, Some(4.0), MCG_50, SCREENING_SOLUTION).unwrap();
        assert!(p.allowed && p.findings_len == 0);
    }

    #[test]
    fn initial_dose_after_a_10_hour_effect_differs_by_profile() {
        // [SKY-NURSE] and 001 Dosage/Dose-Titration Phase: 50 mcg lasting 10 h: US (> 8 h) 50
        // mcg/day, UK (not > 12 h) 100.
        let us = initial(ITB_PROFILE_US, MCG_50, 10.0).unwrap();
        assert_eq!(
            (us.daily_dose.value, us.daily_dose.unit, us.rule),
            (50.0, ITB_UNIT_MCG_PER_DAY, ITB_RULE_SAME_AS_BOLUS)
        );
        assert_eq!(static_str(us.rule_source), "[SKY-NURSE]; [SAULINO-DOSE]");
        let uk = initial(ITB_PROFILE_UK, MCG_50, 10.0).unwrap();
        assert_eq!(
            (uk.daily_dose.value, uk.rule),
            (100.0, ITB_RULE_DOUBLE_BOLUS)
        );
        assert_eq!(
            static_str(uk.rule_source),
            "001 Dosage/Dose-Titration Phase"
        );
        assert!(us.allowed && uk.allowed && us.findings_len == 0 && uk.findings_len == 0);
        // Exactly 8 h is not more than 8 h: twice the bolus.
        let at_8 = initial(ITB_PROFILE_US, MCG_50, 8.0).unwrap();
        assert_eq!(
            (at_8.daily_dose.value, at_8.rule),
            (100.0, ITB_RULE_DOUBLE_BOLUS)
        );
    }

    #[test]
    fn titrate_200_spinal_plus_30_is_260_and_cerebral_plus_15_is_230() {
        // 001 Dosage/Dose-Titration Phase: 200 × 1.30 = 260 (exactly the 30 % top: no guideline
        // finding, only the monitoring every change calls for, 002 Warnings);
        // 200 × 1.15 = 230 cerebral in titration (exactly the 15 % top).
        let t = titrate(&uk_200_spinal_plus_30()).unwrap();
        assert_eq!(
            (t.new_daily_dose.value, t.new_daily_dose.unit),
            (260.0, ITB_UNIT_MCG_PER_DAY)
        );
        assert!(t.allowed && t.findings_len == 1);
        let f = t.findings[0];
        assert_eq!(
            (f.code, f.severity, static_str(f.source)),
            (
                ITB_FINDING_MONITOR_AFTER_CHANGE,
                ITB_SEVERITY_INFO,
                "002 Warnings"
            )
        );
        let cerebral = ItbDoseChange {
            profile: ITB_PROFILE_US,
            change_percent: 15.0,
            origin: ITB_ORIGIN_CEREBRAL,
            ..uk_200_spinal_plus_30()
        };
        let t = titrate(&cerebral).unwrap();
        assert_eq!(t.new_daily_dose.value, 230.0);
        assert!(t.allowed && t.findings_len == 1);
        assert_eq!(t.findings[0].code, ITB_FINDING_MONITOR_AFTER_CHANGE);
        // No change: nothing to monitor.
        let none = ItbDoseChange {
            change_percent: 0.0,
            ..uk_200_spinal_plus_30()
        };
        let t = titrate(&none).unwrap();
        assert_eq!(t.new_daily_dose.value, 200.0);
        assert!(t.allowed && t.findings_len == 0);
    }

    #[test]
    fn a_non_programmable_pump_needs_48_hours_in_the_uk() {
        // 30 h since the last change: enough for 24 h, too soon for the UK's 48 h.
        let change = ItbDoseChange {
            has_hours_since_last_change: true,
            hours_since_last_change: 30.0,
            ..uk_200_spinal_plus_30()
        };
        let codes = |t: ItbTitration| -> Vec<u32> {
            t.findings[..t.findings_len]
                .iter()
                .map(|f| f.code)
                .collect()
        };
        let t = titrate(&change).unwrap();
        assert_eq!(codes(t), [ITB_FINDING_MONITOR_AFTER_CHANGE]);
        let fixed_flow = ItbDoseChange {
            pump_programmable: false,
            ..change
        };
        let t = titrate(&fixed_flow).unwrap();
        let mut got = codes(t);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ITB_FINDING_ADJUSTMENT_TOO_SOON,
                ITB_FINDING_MONITOR_AFTER_CHANGE
            ]
        );
        let f = t.findings[..t.findings_len]
            .iter()
            .find(|f| f.code == ITB_FINDING_ADJUSTMENT_TOO_SOON)
            .unwrap();
        assert_eq!((f.subject.value, f.subject.unit), (30.0, ITB_UNIT_HOUR));
        assert_eq!((f.limit.value, f.limit.unit), (48.0, ITB_UNIT_HOUR));
    }

    /// Each bad field of a dose change: the status and `ItbError.field`, and `out` untouched.
    #[test]
    fn titrate_errors_name_the_member_and_leave_out_untouched() {
        use ItbStatus::*;
        let with = |edit: fn(&mut ItbDoseChange)| {
            let mut c = uk_200_spinal_plus_30();
            edit(&mut c);
            c
        };
        let cases: [(ItbDoseChange, ItbStatus, &str); 18] = [
            (with(|c| c.profile = 0), InvalidArgument, "profile"),
            (
                with(|c| c.origin = ITB_PHASE_MAINTENANCE),
                InvalidArgument,
                "origin",
            ),
            (
                with(|c| c.phase = ITB_ORIGIN_SPINAL),
                InvalidArgument,
                "phase",
            ),
            (
                with(|c| c.current_daily_dose.unit = 7),
                InvalidUnit,
                "current_daily_dose.unit",
            ),
            (
                with(|c| c.current_daily_dose.unit = ITB_UNIT_MCG),
                UnitMismatch,
                "current_daily_dose",
            ),
            (
                with(|c| c.current_daily_dose.value = -200.0),
                Negative,
                "current_daily_dose",
            ),
            (
                with(|c| c.current_daily_dose.value = 0.0),
                Zero,
                "current_daily_dose",
            ),
            (
                with(|c| c.change_percent = f64::NAN),
                NotFinite,
                "change_percent",
            ),
            (
                with(|c| c.change_percent = f64::NEG_INFINITY),
                NotFinite,
                "change_percent",
            ),
            (
                with(|c| c.change_percent = -100.0),
                OutOfRange,
                "change_percent",
            ),
            (
                with(|c| (c.has_age, c.age_years) = (true, -1.0)),
                Negative,
                "age_years",
            ),
            (
                with(|c| (c.has_age, c.age_years) = (true, f64::NAN)),
                NotFinite,
                "age_years",
            ),
            (
                with(|c| (c.has_age, c.age_years) = (true, 151.0)),
                OutOfRange,
                "age_years",
            ),
            // The hours are -1 in uk_200_spinal_plus_30: read once flagged.
            (
                with(|c| c.has_hours_since_last_change = true),
                Negative,
                "hours_since_last_change",
            ),
            (
                with(|c| c.has_hours_since_start = true),
                Negative,
                "hours_since_start",
            ),
            (
                with(|c| (c.has_hours_since_start, c.hours_since_start) = (true, f64::INFINITY)),
                NotFinite,
                "hours_since_start",
            ),
            // 1e308 mcg/day is no plausible dose (at most 1,000,000 mcg/day).
            (
                with(|c| (c.current_daily_dose.value, c.change_percent) = (1e308, 100.0)),
                OutOfRange,
                "current_daily_dose",
            ),
            // A change above +1,000 % (a tenfold dose) is a slip, never computed.
            (
                with(|c| (c.current_daily_dose.value, c.change_percent) = (1000.0, 1e308)),
                OutOfRange,
                "change_percent",
            ),
        ];
        for (change, status, member) in cases {
            let mut out = [0xA5u8; size_of::<ItbTitration>()];
            let mut error = zeroed_error();
            // SAFETY: `out` is a buffer the size of the struct; `error` is valid for writes.
            let got = unsafe { itb_titrate(&change, out.as_mut_ptr().cast(), &mut error) };
            assert_eq!(
                (got, error.status, field(&error)),
                (status, status, member),
                "{change:?}"
            );
            assert!(out.iter().all(|b| *b == 0xA5), "out was written on failure");
        }
    }

    #[test]
    fn screening_and_initial_dose_errors_name_the_argument() {
        let zero_mcg = ItbMass {
            value: 0.0,
            unit: ITB_UNIT_MCG,
        };
        let zero_conc = ItbConcentration {
            value: 0.0,
            unit: ITB_UNIT_MCG_PER_ML,
        };
        let cases = [
            (
                plan(3, None, MCG_50, SCREENING_SOLUTION),
                ItbStatus::InvalidArgument,
                "profile",
            ),
            (
                plan(ITB_PROFILE_US, Some(-1.0), MCG_50, SCREENING_SOLUTION),
                ItbStatus::Negative,
                "age_years",
            ),
            (
                plan(ITB_PROFILE_US, Some(f64::NAN), MCG_50, SCREENING_SOLUTION),
                ItbStatus::NotFinite,
                "age_years",
            ),
            (
                plan(ITB_PROFILE_US, None, zero_mcg, SCREENING_SOLUTION),
                ItbStatus::OutOfRange,
                "start_dose",
            ),
            (
                plan(ITB_PROFILE_US, None, MCG_50, zero_conc),
                ItbStatus::Zero,
                "concentration",
            ),
            (
                plan_after(ITB_PROFILE_US, None, MCG_50, SCREENING_SOLUTION, Some(-1.0)),
                ItbStatus::Negative,
                "hours_since_last_dose",
            ),
            (
                plan_after(
                    ITB_PROFILE_US,
                    None,
                    MCG_50,
                    SCREENING_SOLUTION,
                    Some(f64::NAN),
                ),
                ItbStatus::NotFinite,
                "hours_since_last_dose",
            ),
            // The concentration is read before the hours.
            (
                plan_after(ITB_PROFILE_US, None, MCG_50, zero_conc, Some(-1.0)),
                ItbStatus::Zero,
                "concentration",
            ),
        ];
        for (result, status, member) in cases {
            assert_eq!(result.unwrap_err(), (status, member.to_owned()));
        }
        let cases = [
            (
                initial(ITB_PROFILE_UK + 1, MCG_50, 10.0),
                ItbStatus::InvalidArgument,
                "profile",
            ),
            (
                initial(ITB_PROFILE_UK, zero_mcg, 10.0),
                ItbStatus::OutOfRange,
                "effective_bolus",
            ),
            (
                initial(ITB_PROFILE_UK, MCG_50, -10.0),
                ItbStatus::Negative,
                "effect_duration",
            ),
            (
                initial(ITB_PROFILE_UK, MCG_50, f64::NAN),
                ItbStatus::NotFinite,
                "effect_duration",
            ),
        ];
        for (result, status, member) in cases {
            assert_eq!(result.unwrap_err(), (status, member.to_owned()));
        }
    }

    #[test]
    fn null_pointers_are_refused_and_named() {
        let mut error = zeroed_error();
        let change = uk_200_spinal_plus_30();
        let mut t = MaybeUninit::<ItbTitration>::uninit();
        // SAFETY: NULL pointers are allowed and refused; the others are valid.
        unsafe {
            let s = itb_screening_plan(
                ITB_PROFILE_US,
                false,
                0.0,
                MCG_50,
                SCREENING_SOLUTION,
                false,
                0.0,
                null_mut(),
                &mut error,
            );
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "out"));
            let effect = ItbDuration {
                value: 10.0,
                unit: ITB_UNIT_HOUR,
            };
            let s = itb_initial_daily_dose(ITB_PROFILE_US, MCG_50, effect, null_mut(), null_mut());
            assert_eq!(s, ItbStatus::NullPointer);
            let s = itb_titrate(null(), t.as_mut_ptr(), &mut error);
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "change"));
            let s = itb_titrate(&change, null_mut(), &mut error);
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "out"));
        }
    }
}
