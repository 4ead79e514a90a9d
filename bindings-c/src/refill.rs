//! Refills: the refill plan, the reconciliation at a refill visit, and calendar dates.
//!
//! The typed API works in durations from the refill. For a calendar date, add
//! `itb_date_offset_days` of the duration to the refill date: whole days rounded down, so a
//! booked date is never later than the exact moment (alarm in 72.9 days: refill date + 72).

use std::ffi::c_char;

use itb::product::REFILL_PRODUCT_COUNT;
use itb::refill::{self, Delivery, Programmed, ReconcileRequest, RefillRequest};
use itb::units::{ClinicalQuantity, Unit};

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::patient::risk_factors;
use crate::pump::{ItbPump, pump};
use crate::quantity::{
    ItbConcentration, ItbDoseRate, ItbDuration, ItbFlowRate, ItbMass, ItbQuantity, ItbVolume,
    Unread, code_of, output, signed_input,
};
use crate::schedule::{ItbFlexStep, core_steps};
use crate::status::{Failure, ItbError, ItbStatus};

/// The protocol's largest time in the pump, in days (`[STAB-2023]`: refill within 180 days):
/// pass `(ItbDuration){ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS, ITB_UNIT_DAY}`.
pub const ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS: f64 = refill::DEFAULT_MAX_RESIDENCE_DAYS;
/// The protocol's lead time before the alarm date, in days: clinics refill 3–5 days before it
/// (`[GILLETTE]`) and patients are told to book a week early (`[MDT-PT]`).
pub const ITB_REFILL_DEFAULT_LEAD_TIME_DAYS: f64 = refill::DEFAULT_LEAD_TIME_DAYS;
/// The protocol's residual discrepancy worth evaluating, in mL (`[ASRA-2017]`).
pub const ITB_RECONCILE_DEFAULT_THRESHOLD_ML: f64 = refill::DEFAULT_THRESHOLD_ML;
/// The most products a refill plan lists in `containers`. Part of the ABI: it sets the size of
/// `ItbRefillPlan`; a compile-time check keeps every refill product of the catalogue within it.
pub const ITB_REFILL_MAX_CONTAINERS: usize = 8;

const _: () = assert!(
    REFILL_PRODUCT_COUNT <= ITB_REFILL_MAX_CONTAINERS,
    "more refill products than ITB_REFILL_MAX_CONTAINERS"
);

/// What a refill plan needs (the input of `itb_refill_plan`). Every field is read, the
/// optional volumes only when flagged; set them all.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbRefillRequest {
    /// The pump.
    pub pump: ItbPump,
    /// The concentration in the reservoir; above zero.
    pub concentration: ItbConcentration,
    /// The daily dose of continuous delivery; above zero. Read only when `steps_len` is 0.
    pub daily_dose: ItbDoseRate,
    /// The steps of a flex schedule (as for `itb_flex_daily_dose`), whose total is the daily
    /// dose; read only when `steps_len` is above 0 (then not NULL).
    pub steps: *const ItbFlexStep,
    /// The number of `steps`; 0: continuous delivery of `daily_dose`.
    pub steps_len: usize,
    /// True when `fill_volume` holds the volume filled; false: the pump's reservoir, full.
    pub has_fill_volume: bool,
    /// The volume filled, above zero and at most the reservoir; read only when
    /// `has_fill_volume`.
    pub fill_volume: ItbVolume,
    /// True when `alarm_volume` overrides the pump's low-reservoir alarm volume.
    pub has_alarm_volume: bool,
    /// The alarm volume, below the reservoir; read only when `has_alarm_volume`.
    pub alarm_volume: ItbVolume,
    /// The largest time in the pump; the protocol's default is
    /// `ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS`.
    pub max_residence: ItbDuration,
    /// How long before the alarm to refill; the protocol's default is
    /// `ITB_REFILL_DEFAULT_LEAD_TIME_DAYS`.
    pub lead_time: ItbDuration,
    /// The patient's withdrawal risk factors: `ITB_RISK_*` flags combined with `|`; 0 when none
    /// is known (the protocol's default).
    pub risk_factors: u32,
}

/// What a refill takes from one product.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbContainers {
    /// The product's id, a static string (`"itb_2000mcg_20ml"`).
    pub product: *const c_char,
    /// Whole containers to open.
    pub count: u32,
    /// The volume drawn from them, always in `ITB_UNIT_ML`.
    pub drawn_volume: ItbVolume,
    /// What is left in the opened containers, always in `ITB_UNIT_ML`.
    pub waste: ItbVolume,
}

impl ItbContainers {
    /// An unused slot: an empty product id (never NULL), zeros with unit 0.
    const EMPTY: ItbContainers = ItbContainers {
        product: c"".as_ptr(),
        count: 0,
        drawn_volume: ItbVolume {
            value: 0.0,
            unit: 0,
        },
        waste: ItbVolume {
            value: 0.0,
            unit: 0,
        },
    };
}

/// A refill plan (`itb_refill_plan`). Durations count from the refill.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbRefillPlan {
    /// The daily volume, always in `ITB_UNIT_ML_PER_DAY`.
    pub flow_rate: ItbFlowRate,
    /// max(0, (fill − alarm) / flow), always in `ITB_UNIT_DAY`.
    pub days_to_alarm: ItbDuration,
    /// max(0, (fill − alarm) / (flow × (1 + accuracy / 100))), always in `ITB_UNIT_DAY`: the
    /// alarm of a pump running fast at the edge of its accuracy (±14.5 % SynchroMed II, ±15 %
    /// Prometra, a custom pump's `accuracy_percent`).
    pub earliest_alarm: ItbDuration,
    /// fill / flow, always in `ITB_UNIT_DAY`.
    pub days_to_empty: ItbDuration,
    /// min(days_to_alarm − lead_time, max_residence), always in `ITB_UNIT_DAY`; negative when
    /// the refill is already late.
    pub refill_due: ItbDuration,
    /// fill × concentration, always in `ITB_UNIT_MCG`.
    pub drug_amount: ItbMass,
    /// The daily dose planned, always in `ITB_UNIT_MCG_PER_DAY`.
    pub daily_dose: ItbDoseRate,
    /// The number of products in `containers`.
    pub containers_len: usize,
    /// The refill products of exactly this concentration, in catalogue order, and what the
    /// fill takes from each; later slots have an empty product id and unit 0.
    pub containers: [ItbContainers; ITB_REFILL_MAX_CONTAINERS],
    /// False exactly when a finding is hard (`ITB_FINDING_REFILL_DUE_NOW`).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// `Some` of a flagged optional input, `None` (the core's default) when unflagged.
fn flagged<T>(has: bool, value: impl FnOnce() -> T) -> Option<T> {
    if has { Some(value()) } else { None }
}

/// The core's request of an `ItbRefillRequest`.
///
/// # Safety
/// `r.steps` is valid for reads of `r.steps_len` steps when `r.steps_len` is above 0.
unsafe fn refill_request<'a>(
    r: &ItbRefillRequest,
    unread: &mut Unread,
) -> Result<RefillRequest<'a>, Failure> {
    let pump = pump(&r.pump, unread)?;
    let delivery = if r.steps_len == 0 {
        Delivery::DailyDose(unread.input(r.daily_dose, "daily_dose"))
    } else {
        if r.steps.is_null() {
            return Err(Failure::null("request.steps"));
        }
        // SAFETY: non-NULL, and the caller promises `steps_len` readable steps.
        let steps = unsafe { std::slice::from_raw_parts(r.steps, r.steps_len) };
        Delivery::Steps(core_steps(steps, unread)?.into())
    };
    Ok(RefillRequest {
        pump,
        concentration: unread.input(r.concentration, "concentration"),
        delivery,
        fill_volume: flagged(r.has_fill_volume, || {
            unread.input(r.fill_volume, "fill_volume")
        }),
        alarm_volume: flagged(r.has_alarm_volume, || {
            unread.input(r.alarm_volume, "alarm_volume")
        }),
        max_residence: Some(unread.input(r.max_residence, "max_residence")),
        lead_time: Some(unread.input(r.lead_time, "lead_time")),
        risk_factors: risk_factors(r.risk_factors, unread),
    })
}

/// Plans the next refill: `days_to_alarm` = max(0, (fill − alarm) / flow), `earliest_alarm`
/// the same at the pump's fastest (flow × (1 + accuracy / 100)), `days_to_empty` = fill /
/// flow, due `lead_time` before the alarm and never later than `max_residence` (worked by
/// hand: 500 mcg/day at 2000 mcg/mL in a full 20 mL SynchroMed II: 0.25 mL/day, alarm in 72
/// days, at the earliest 18 / 0.28625 = 62.88 days, empty in 80, due in 65, 40,000 mcg), and
/// the containers of each refill product of that concentration it takes.
///
/// Findings: `ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY` (info),
/// `ITB_FINDING_ALARM_VOLUME_BELOW_RECOMMENDED` (soft, below 2 mL),
/// `ITB_FINDING_REFILL_DUE_NOW` (hard, due in 0 days or fewer), `ITB_FINDING_ALARM_BEFORE_DUE`
/// (info, `earliest_alarm` before `refill_due`), `ITB_FINDING_TOO_MANY_STEPS` (soft, more steps
/// than the pump allows), `ITB_FINDING_WITHDRAWAL_RISK` (soft, any `risk_factors`; then the
/// messages of a late refill name the early signs of withdrawal), the `itb_daily_volume`
/// findings (with `ITB_FINDING_SCREENING_STRENGTH_IN_PUMP`, soft, for 50 mcg/mL), and
/// `ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN` (info) for a Prometra pump.
/// Errors: `request` or `out` NULL → `ITB_STATUS_NULL_POINTER`; an unknown `pump.model` →
/// `ITB_STATUS_INVALID_ARGUMENT`; a custom pump with a zero reservoir → `ITB_STATUS_ZERO`, an
/// alarm not below it → `ITB_STATUS_OUT_OF_RANGE`, a negative accuracy → `ITB_STATUS_NEGATIVE`;
/// a zero concentration, daily dose, fill or max residence → `ITB_STATUS_ZERO`; the errors of
/// `itb_flex_daily_dose` in `steps` (field `steps[2].start`); a fill above the reservoir or an
/// alarm volume not below it → `ITB_STATUS_OUT_OF_RANGE`; a bit of `risk_factors` that is no
/// `ITB_RISK_*` flag → `ITB_STATUS_INVALID_ARGUMENT` (checked last); the quantity errors of
/// every typed input. `ItbError.field` names the member (`"fill_volume"`, `"pump.reservoir"`).
///
/// # Safety
/// `request` is NULL or points at a readable `ItbRefillRequest`; `out` is NULL or valid for a
/// write of an `ItbRefillPlan`; `error` is NULL or valid for a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_refill_plan(
    request: *const ItbRefillRequest,
    out: *mut ItbRefillPlan,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let request = try_ref!(request, "request");
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        // SAFETY: the caller's contract on `request.steps` is `refill_request`'s.
        let r = unsafe { refill_request(request, &mut unread)? };
        let computed = refill::refill_plan(&r);
        let plan = unread.check(&computed)?;
        let mut containers = [ItbContainers::EMPTY; ITB_REFILL_MAX_CONTAINERS];
        for (slot, p) in containers.iter_mut().zip(plan.containers.iter()) {
            *slot = ItbContainers {
                product: p.product.c_id.as_ptr(),
                count: p.containers.count,
                drawn_volume: output(&p.containers.drawn_volume, Unit::Milliliter)?,
                waste: output(&p.containers.waste, Unit::Milliliter)?,
            };
        }
        let findings = CFindings::of(&plan.findings)?;
        let day = Unit::Day;
        write_result!(
            out,
            findings,
            ItbRefillPlan {
                flow_rate: output(&plan.flow_rate, Unit::MlPerDay)?,
                days_to_alarm: output(&plan.days_to_alarm, day)?,
                earliest_alarm: output(&plan.earliest_alarm, day)?,
                days_to_empty: output(&plan.days_to_empty, day)?,
                refill_due: output(&plan.refill_due, day)?,
                drug_amount: output(&plan.drug_amount, Unit::Microgram)?,
                daily_dose: output(&plan.daily_dose, Unit::McgPerDay)?,
                containers_len: plan.containers.len(),
                containers,
            }
        );
        Ok(())
    })
}

/// What a refill visit found (the input of `itb_reconcile`). Set every field.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbReconcileRequest {
    /// The volume filled at the last refill.
    pub fill_volume: ItbVolume,
    /// The time since that refill; above zero.
    pub elapsed: ItbDuration,
    /// True: the pump was programmed with `daily_dose` at `concentration`; false: with
    /// `flow_rate`.
    pub has_daily_dose: bool,
    /// The programmed daily dose, above zero; read only when `has_daily_dose`.
    pub daily_dose: ItbDoseRate,
    /// The concentration in the reservoir, above zero; read only when `has_daily_dose`.
    pub concentration: ItbConcentration,
    /// The programmed daily volume, above zero; read only when `has_daily_dose` is false.
    pub flow_rate: ItbFlowRate,
    /// The volume drawn out of the pump now; at most `fill_volume`.
    pub aspirated_volume: ItbVolume,
    /// The discrepancy worth evaluating; the protocol's default is
    /// `ITB_RECONCILE_DEFAULT_THRESHOLD_ML`.
    pub threshold: ItbVolume,
    /// True when `pump` holds the pump: its accuracy, and its reservoir as the largest fill.
    /// False: accuracy ±`ITB_PUMP_DEFAULT_ACCURACY_PERCENT`.
    pub has_pump: bool,
    /// The pump; read only when `has_pump`.
    pub pump: ItbPump,
    /// The patient's withdrawal risk factors: `ITB_RISK_*` flags combined with `|`; 0 when none
    /// is known (the protocol's default).
    pub risk_factors: u32,
}

/// Expected against aspirated residual (`itb_reconcile`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbReconciliation {
    /// The programmed daily volume, always in `ITB_UNIT_ML_PER_DAY`.
    pub flow_rate: ItbFlowRate,
    /// max(0, fill − flow × elapsed), always in `ITB_UNIT_ML`.
    pub expected_volume: ItbVolume,
    /// aspirated − expected, always in `ITB_UNIT_ML`; negative when less is left than expected.
    pub discrepancy: ItbVolume,
    /// (fill − aspirated) / elapsed, always in `ITB_UNIT_ML_PER_DAY`.
    pub implied_flow_rate: ItbFlowRate,
    /// (implied / programmed − 1) × 100, always in `ITB_UNIT_PERCENT`; signed.
    pub delivery_error: ItbQuantity,
    /// False exactly when a finding is hard (`ITB_FINDING_RESERVOIR_EXPECTED_EMPTY`).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The core's request of an `ItbReconcileRequest`.
fn reconcile_request(
    r: &ItbReconcileRequest,
    unread: &mut Unread,
) -> Result<ReconcileRequest, Failure> {
    let programmed = if r.has_daily_dose {
        Programmed::Dose {
            daily_dose: unread.input(r.daily_dose, "daily_dose"),
            concentration: unread.input(r.concentration, "concentration"),
        }
    } else {
        Programmed::FlowRate(unread.input(r.flow_rate, "flow_rate"))
    };
    Ok(ReconcileRequest {
        fill_volume: unread.input(r.fill_volume, "fill_volume"),
        elapsed: unread.input(r.elapsed, "elapsed"),
        programmed,
        aspirated_volume: unread.input(r.aspirated_volume, "aspirated_volume"),
        threshold: Some(unread.input(r.threshold, "threshold")),
        pump: if r.has_pump {
            Some(pump(&r.pump, unread)?)
        } else {
            None
        },
        risk_factors: risk_factors(r.risk_factors, unread),
    })
}

/// Reconciles a refill visit: what should be left against what was drawn out (worked by hand:
/// 20 mL filled, 60 days at 0.25 mL/day, 3 mL aspirated: 5 mL expected, −2 mL discrepancy,
/// 0.283 mL/day implied, +13.3 %; exactly 2 mL is not above the threshold, and 13.3 % is within
/// 14.5 %, so no finding).
///
/// Findings: `ITB_FINDING_RESIDUAL_DISCREPANCY` (soft, |discrepancy| above the threshold),
/// `ITB_FINDING_OVER_DELIVERY` / `ITB_FINDING_UNDER_DELIVERY` (soft, beyond the pump's
/// accuracy), `ITB_FINDING_RESERVOIR_EXPECTED_EMPTY` (hard; then neither over- nor
/// under-delivery), `ITB_FINDING_WITHDRAWAL_RISK` (soft, any `risk_factors`; then the message
/// of an empty reservoir names the early signs of withdrawal),
/// `ITB_FINDING_SCREENING_STRENGTH_IN_PUMP` (soft, a `concentration` of 50 mcg/mL), and the
/// pump's findings.
/// Errors: `request` or `out` NULL → `ITB_STATUS_NULL_POINTER`; a zero `elapsed` or `flow_rate`
/// → `ITB_STATUS_ZERO`; `aspirated_volume` above `fill_volume`, or a fill above the pump's
/// reservoir → `ITB_STATUS_OUT_OF_RANGE`; the pump's errors as in `itb_refill_plan`; a bit of
/// `risk_factors` that is no `ITB_RISK_*` flag → `ITB_STATUS_INVALID_ARGUMENT` (checked last);
/// the quantity errors of every typed input.
///
/// # Safety
/// `request` is NULL or points at a readable `ItbReconcileRequest`; `out` is NULL or valid for a
/// write of an `ItbReconciliation`; `error` is NULL or valid for a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_reconcile(
    request: *const ItbReconcileRequest,
    out: *mut ItbReconciliation,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let request = try_ref!(request, "request");
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let r = reconcile_request(request, &mut unread)?;
        let computed = refill::reconcile(&r);
        let rec = unread.check(&computed)?;
        let findings = CFindings::of(&rec.findings)?;
        let error_percent = rec.delivery_error.value_in(Unit::Percent)?;
        write_result!(
            out,
            findings,
            ItbReconciliation {
                flow_rate: output(&rec.flow_rate, Unit::MlPerDay)?,
                expected_volume: output(&rec.expected_volume, Unit::Milliliter)?,
                discrepancy: output(&rec.discrepancy, Unit::Milliliter)?,
                implied_flow_rate: output(&rec.implied_flow_rate, Unit::MlPerDay)?,
                delivery_error: ItbQuantity {
                    value: error_percent,
                    unit: code_of(Unit::Percent)?,
                },
            }
        );
        Ok(())
    })
}

/// The whole days to add to a calendar date for the date of a moment `duration` after it:
/// the duration in days, rounded down (floor). A clinic that knows only the refill date books
/// the alarm on refill date + `itb_date_offset_days(plan.days_to_alarm)` and the refill on
/// refill date + `itb_date_offset_days(plan.refill_due)`: never later than the exact moment
/// (72.9 days → 72; a refill due −0.5 days, half a day overdue → −1, the day before).
///
/// `duration` may be negative (a late `refill_due`). Errors: a unit code that is no duration →
/// `ITB_STATUS_INVALID_UNIT` or `ITB_STATUS_UNIT_MISMATCH`; NaN or infinite →
/// `ITB_STATUS_NOT_FINITE`; more days than an `int64_t` holds → `ITB_STATUS_OUT_OF_RANGE`;
/// `days` NULL → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `days` is NULL or valid for a write of an `int64_t`; `error` is NULL or valid for a write of
/// an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *days was written"]
pub unsafe extern "C" fn itb_date_offset_days(
    duration: ItbDuration,
    days: *mut i64,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(days, "days");
        let whole = itb::refill::whole_days(signed_input(duration, "duration")?, "duration")?;
        // SAFETY: checked non-NULL; valid for writes by the caller's contract.
        unsafe { out.write(whole) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::patient::*;
    use crate::pump::*;
    use crate::quantity::*;
    use crate::schedule::ItbTimeOfDay;
    use crate::test_support::{
        Reported, call, error_field as field, static_str as c_str, zeroed_error,
    };

    fn ml(value: f64) -> ItbVolume {
        ItbVolume {
            value,
            unit: ITB_UNIT_ML,
        }
    }

    fn days(value: f64) -> ItbDuration {
        ItbDuration {
            value,
            unit: ITB_UNIT_DAY,
        }
    }

    fn model(code: u32) -> ItbPump {
        ItbPump {
            model: code,
            reservoir: ml(f64::NAN), // not read for a catalogued model
            low_alarm: ml(f64::NAN),
            accuracy_percent: f64::NAN,
            programmable: false,
        }
    }

    /// Worked by hand: 500 mcg/day at 2000 mcg/mL in a SynchroMed II 20 mL, full; the
    /// protocol's 180-day cap and 7-day lead.
    fn synchromed_500() -> ItbRefillRequest {
        ItbRefillRequest {
            pump: model(ITB_PUMP_SYNCHROMED_II_20),
            concentration: ItbConcentration {
                value: 2000.0,
                unit: ITB_UNIT_MCG_PER_ML,
            },
            daily_dose: ItbDoseRate {
                value: 500.0,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            steps: std::ptr::null(), // not read
            steps_len: 0,
            has_fill_volume: false,
            fill_volume: ml(-1.0), // not read
            has_alarm_volume: false,
            alarm_volume: ml(-1.0), // not read
            max_residence: days(ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS),
            lead_time: days(ITB_REFILL_DEFAULT_LEAD_TIME_DAYS),
            risk_factors: 0,
        }
    }

    /// `n` flex steps from 00:00, one an hour, all at 500 mcg/day: a flex schedule of 500 mcg/day.
    fn flat_steps(n: u32) -> Vec<ItbFlexStep> {
        (0..n)
            .map(|hour| ItbFlexStep {
                start: ItbTimeOfDay { hour, minute: 0 },
                rate: ItbDoseRate {
                    value: 500.0,
                    unit: ITB_UNIT_MCG_PER_DAY,
                },
            })
            .collect()
    }

    fn plan(r: &ItbRefillRequest) -> Result<ItbRefillPlan, Reported> {
        // SAFETY: `r` is valid; `call` passes valid out and error pointers.
        call(|out, e| unsafe { itb_refill_plan(r, out, e) })
    }

    fn codes(list: &[ItbFinding]) -> Vec<u32> {
        list.iter().map(|f| f.code).collect()
    }

    #[test]
    fn the_defaults_are_the_cores() {
        assert_eq!(
            ITB_REFILL_DEFAULT_MAX_RESIDENCE_DAYS,
            refill::DEFAULT_MAX_RESIDENCE_DAYS
        );
        assert_eq!(
            ITB_REFILL_DEFAULT_LEAD_TIME_DAYS,
            refill::DEFAULT_LEAD_TIME_DAYS
        );
        assert_eq!(
            ITB_RECONCILE_DEFAULT_THRESHOLD_ML,
            refill::DEFAULT_THRESHOLD_ML
        );
    }

    #[test]
    fn synchromed_20_ml_at_500_mcg_per_day() {
        // 500 / 2000 = 0.25 mL/day; (20 − 2) / 0.25 = 72 days to the alarm; 20 / 0.25 = 80 to
        // empty; due min(72 − 7, 180) = 65; 20 × 2000 = 40,000 mcg: one 20 mL ampoule of
        // 2000 mcg/mL (nothing wasted), or four 5 mL ones (4 × 5 − 20 = 0 wasted).
        // At +14.5 %: 18 / (0.25 × 1.145) = 18 / 0.28625 = 62.882096 days, before the 65 days of
        // the due date: the info finding.
        let p = plan(&synchromed_500()).unwrap();
        assert_eq!(
            (p.flow_rate.value, p.flow_rate.unit),
            (0.25, ITB_UNIT_ML_PER_DAY)
        );
        assert_eq!(
            (p.days_to_alarm.value, p.days_to_alarm.unit),
            (72.0, ITB_UNIT_DAY)
        );
        assert_eq!(p.days_to_empty.value, 80.0);
        assert_eq!(p.refill_due.value, 65.0);
        assert_eq!(
            (p.drug_amount.value, p.drug_amount.unit),
            (40_000.0, ITB_UNIT_MCG)
        );
        assert_eq!(p.daily_dose.value, 500.0);
        assert_eq!(p.containers_len, 2);
        let got: Vec<(&str, u32, f64, f64)> = p.containers[..2]
            .iter()
            .map(|c| {
                (
                    c_str(c.product),
                    c.count,
                    c.drawn_volume.value,
                    c.waste.value,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("itb_2000mcg_20ml", 1, 20.0, 0.0),
                ("itb_2000mcg_5ml", 4, 20.0, 0.0)
            ]
        );
        assert_eq!(c_str(p.containers[2].product), "");
        assert_eq!(p.earliest_alarm.unit, ITB_UNIT_DAY);
        assert!((p.earliest_alarm.value - 62.882096).abs() < 1e-6);
        assert!(p.allowed && p.findings_len == 1);
        let f = p.findings[0];
        assert_eq!(
            (f.code, f.severity, c_str(f.source)),
            (
                ITB_FINDING_ALARM_BEFORE_DUE,
                ITB_SEVERITY_INFO,
                "[MDT-FSN16]; [MDT-FSN14]"
            )
        );
        assert_eq!(f.subject.value, p.earliest_alarm.value);
        assert_eq!((f.limit.value, f.limit.unit), (65.0, ITB_UNIT_DAY));
    }

    #[test]
    fn earliest_alarm_uses_the_pumps_accuracy_and_no_finding_when_not_before_due() {
        // A custom 20 mL pump, alarm 2 mL, ±10 %, at 0.25 mL/day: 18 / 0.275 = 65.4545 days;
        // due 65: not before it, no finding. At ±20 %: 18 / 0.3 = 60 days, before 65.
        let custom = |accuracy_percent| ItbPump {
            model: ITB_PUMP_CUSTOM,
            reservoir: ml(20.0),
            low_alarm: ml(2.0),
            accuracy_percent,
            programmable: true,
        };
        let p = plan(&ItbRefillRequest {
            pump: custom(10.0),
            ..synchromed_500()
        })
        .unwrap();
        assert!((p.earliest_alarm.value - 65.454545).abs() < 1e-6);
        assert!(p.allowed && p.findings_len == 0);
        let p = plan(&ItbRefillRequest {
            pump: custom(20.0),
            ..synchromed_500()
        })
        .unwrap();
        assert_eq!(p.earliest_alarm.value, 60.0);
        assert_eq!(
            codes(&p.findings[..p.findings_len]),
            [ITB_FINDING_ALARM_BEFORE_DUE]
        );
    }

    #[test]
    fn risk_factors_raise_withdrawal_risk_and_name_the_signs_of_a_late_refill() {
        // 002 Boxed Warning: any risk factor is soft `withdrawal_risk`, its subject the count;
        // a late refill's message then names early withdrawal signs. 20 mL filled, alarm 2 mL,
        // 500 mcg/day at 2000 mcg/mL with a 75-day lead: due 72 − 75 = −3 days, late (and the
        // earliest alarm, 62.9 days, is not before −3).
        let r = ItbRefillRequest {
            risk_factors: ITB_RISK_SCI_T6_OR_ABOVE | ITB_RISK_PRIOR_WITHDRAWAL,
            lead_time: days(75.0),
            ..synchromed_500()
        };
        let p = plan(&r).unwrap();
        assert_eq!(p.refill_due.value, -3.0);
        assert!(!p.allowed);
        let mut got = codes(&p.findings[..p.findings_len]);
        got.sort_unstable();
        assert_eq!(
            got,
            [ITB_FINDING_REFILL_DUE_NOW, ITB_FINDING_WITHDRAWAL_RISK]
        );
        let find = |code| *p.findings.iter().find(|f| f.code == code).unwrap();
        let w = find(ITB_FINDING_WITHDRAWAL_RISK);
        assert_eq!(
            (w.severity, c_str(w.source)),
            (ITB_SEVERITY_SOFT, "002 Boxed Warning")
        );
        assert_eq!((w.subject.value, w.subject.unit), (2.0, ITB_UNIT_STEP));
        let message = |f: &ItbFinding| {
            let mut buf = [0 as c_char; 512];
            let mut written = 0usize;
            // SAFETY: valid pointers; the buffer is 512 bytes.
            let s = unsafe { itb_finding_message(f, buf.as_mut_ptr(), buf.len(), &mut written) };
            assert_eq!(s, ItbStatus::Ok);
            // SAFETY: NUL-terminated by the library.
            unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
                .to_string_lossy()
                .into_owned()
        };
        let late = find(ITB_FINDING_REFILL_DUE_NOW);
        assert!(late.withdrawal_signs);
        let text = message(&late);
        assert!(text.contains("itching") && text.contains("fever"), "{text}");
        // Without risk factors: no withdrawal_risk, and the late refill names no signs.
        let p = plan(&ItbRefillRequest {
            risk_factors: 0,
            ..r
        })
        .unwrap();
        assert_eq!(
            codes(&p.findings[..p.findings_len]),
            [ITB_FINDING_REFILL_DUE_NOW]
        );
        assert!(!p.findings[0].withdrawal_signs);
        assert!(!message(&p.findings[0]).contains("itching"));
    }

    #[test]
    fn forty_ml_at_100_mcg_per_day_is_capped_at_180_days() {
        // [STAB-2023] caps at 180 days: (40 − 2) / (100 / 2000) = 760 days to the alarm; 760 − 7 =
        // 753 is above 180, so due in 180 days, with the info finding naming 753 and its 180 limit.
        let r = ItbRefillRequest {
            pump: model(ITB_PUMP_SYNCHROMED_II_40),
            daily_dose: ItbDoseRate {
                value: 100.0,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            ..synchromed_500()
        };
        let p = plan(&r).unwrap();
        assert_eq!(p.days_to_alarm.value, 760.0);
        assert_eq!(p.refill_due.value, 180.0);
        assert!(p.allowed && p.findings_len == 1);
        let f = p.findings[0];
        assert_eq!(
            (f.code, f.severity),
            (
                ITB_FINDING_REFILL_INTERVAL_CAPPED_BY_STABILITY,
                ITB_SEVERITY_INFO
            )
        );
        assert_eq!((f.subject.value, f.subject.unit), (753.0, ITB_UNIT_DAY));
        assert_eq!((f.limit.value, f.limit.unit), (180.0, ITB_UNIT_DAY));
    }

    #[test]
    fn late_prometra_flex_refill_raises_its_findings() {
        // Prometra II 20 mL, alarm overridden to 1.5 mL (below 2: soft), 4 mL filled:
        // (4 − 1.5) / 0.25 = 10 days to the alarm, 4 / 0.25 = 16 to empty; a 14-day lead: due
        // 10 − 14 = −4, late (hard). 14 steps: no step limit is known for Prometra.
        let fourteen = flat_steps(14);
        let r = ItbRefillRequest {
            pump: model(ITB_PUMP_PROMETRA_II_20),
            steps: fourteen.as_ptr(),
            steps_len: fourteen.len(),
            has_fill_volume: true,
            fill_volume: ml(4.0),
            has_alarm_volume: true,
            alarm_volume: ml(1.5),
            lead_time: days(14.0),
            ..synchromed_500()
        };
        let p = plan(&r).unwrap();
        assert_eq!(p.days_to_alarm.value, 10.0);
        assert_eq!(p.days_to_empty.value, 16.0);
        assert_eq!(p.refill_due.value, -4.0);
        assert!(!p.allowed);
        let mut got = codes(&p.findings[..p.findings_len]);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN,
                ITB_FINDING_ALARM_VOLUME_BELOW_RECOMMENDED,
                ITB_FINDING_REFILL_DUE_NOW
            ]
        );
        // The same 14 steps on a SynchroMed II (13 a day at most): a soft finding.
        let p = plan(&ItbRefillRequest {
            steps: fourteen.as_ptr(),
            steps_len: fourteen.len(),
            ..synchromed_500()
        })
        .unwrap();
        // And, as for synchromed_500, the alarm at +14.5 % comes before the due date.
        let mut got = codes(&p.findings[..p.findings_len]);
        got.sort_unstable();
        assert_eq!(
            got,
            [ITB_FINDING_TOO_MANY_STEPS, ITB_FINDING_ALARM_BEFORE_DUE]
        );
        let f = *p
            .findings
            .iter()
            .find(|f| f.code == ITB_FINDING_TOO_MANY_STEPS)
            .unwrap();
        assert_eq!((f.subject.value, f.subject.unit), (14.0, ITB_UNIT_STEP));
        assert_eq!((f.limit.value, f.limit.unit), (13.0, ITB_UNIT_STEP));
    }

    #[test]
    fn refill_errors_name_the_member_and_leave_out_untouched() {
        use ItbStatus::*;
        let with = |edit: fn(&mut ItbRefillRequest)| {
            let mut r = synchromed_500();
            edit(&mut r);
            r
        };
        let cases: [(ItbRefillRequest, ItbStatus, &str); 15] = [
            (with(|r| r.pump.model = 7), InvalidArgument, "pump.model"),
            (
                with(|r| {
                    r.pump = ItbPump {
                        model: ITB_PUMP_CUSTOM,
                        reservoir: ml(20.0),
                        low_alarm: ml(25.0),
                        accuracy_percent: 14.5,
                        programmable: true,
                    }
                }),
                OutOfRange,
                "pump.low_alarm",
            ),
            (with(|r| r.concentration.value = 0.0), Zero, "concentration"),
            (
                with(|r| r.concentration.unit = ITB_UNIT_MG),
                UnitMismatch,
                "concentration",
            ),
            (with(|r| r.daily_dose.value = 0.0), Zero, "daily_dose"),
            (with(|r| r.steps_len = 1), NullPointer, "request.steps"),
            // The fill is read once flagged: -1 mL in synchromed_500.
            (with(|r| r.has_fill_volume = true), Negative, "fill_volume"),
            (
                with(|r| (r.has_fill_volume, r.fill_volume) = (true, ml(20.5))),
                OutOfRange,
                "fill_volume",
            ),
            (
                with(|r| (r.has_fill_volume, r.fill_volume) = (true, ml(0.0))),
                Zero,
                "fill_volume",
            ),
            (
                with(|r| (r.has_alarm_volume, r.alarm_volume) = (true, ml(20.0))),
                OutOfRange,
                "alarm_volume",
            ),
            (with(|r| r.max_residence.value = 0.0), Zero, "max_residence"),
            (
                with(|r| r.lead_time.value = f64::NAN),
                NotFinite,
                "lead_time",
            ),
            (
                with(|r| r.risk_factors = 8),
                InvalidArgument,
                "risk_factors",
            ),
            (
                with(|r| r.risk_factors = u32::MAX),
                InvalidArgument,
                "risk_factors",
            ),
            // The risk factors are read last: the lead time's error comes first.
            (
                with(|r| (r.risk_factors, r.lead_time.value) = (8, -1.0)),
                Negative,
                "lead_time",
            ),
        ];
        for (request, status, member) in cases {
            let mut out = [0xA5u8; size_of::<ItbRefillPlan>()];
            let mut error = zeroed_error();
            // SAFETY: `out` is a buffer the size of the struct; `error` is valid for writes.
            let got = unsafe { itb_refill_plan(&request, out.as_mut_ptr().cast(), &mut error) };
            assert_eq!(
                (got, error.status, field(&error)),
                (status, status, member),
                "{request:?}"
            );
            assert!(out.iter().all(|b| *b == 0xA5), "out was written on failure");
        }
        let mut p = MaybeUninit::<ItbRefillPlan>::uninit();
        let mut error = zeroed_error();
        // SAFETY: NULL pointers are allowed and refused.
        unsafe {
            let s = itb_refill_plan(null(), p.as_mut_ptr(), &mut error);
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "request"));
            let s = itb_refill_plan(&synchromed_500(), null_mut(), null_mut());
            assert_eq!(s, ItbStatus::NullPointer);
        }
    }

    /// Worked by hand: 20 mL filled, 60 days at 0.25 mL/day, 3 mL aspirated; no pump.
    fn visit() -> ItbReconcileRequest {
        ItbReconcileRequest {
            fill_volume: ml(20.0),
            elapsed: days(60.0),
            has_daily_dose: false,
            daily_dose: ItbDoseRate {
                value: f64::NAN,
                unit: 0,
            }, // not read
            concentration: ItbConcentration {
                value: f64::NAN,
                unit: 0,
            }, // not read
            flow_rate: ItbFlowRate {
                value: 0.25,
                unit: ITB_UNIT_ML_PER_DAY,
            },
            aspirated_volume: ml(3.0),
            threshold: ml(ITB_RECONCILE_DEFAULT_THRESHOLD_ML),
            has_pump: false,
            pump: model(0), // not read
            risk_factors: 0,
        }
    }

    fn reconcile(r: &ItbReconcileRequest) -> Result<ItbReconciliation, Reported> {
        // SAFETY: `r` is valid; `call` passes valid out and error pointers.
        call(|out, e| unsafe { itb_reconcile(r, out, e) })
    }

    #[test]
    fn reconcile_20_ml_60_days_3_ml_aspirated() {
        // 20 − 60 × 0.25 = 5 mL expected; 3 − 5 = −2 mL; (20 − 3) / 60 = 0.28333... mL/day;
        // 17 / 15 − 1 = +13.333... %. Exactly 2 mL is not above 2; 13.3 % is within 14.5 %.
        let r = reconcile(&visit()).unwrap();
        assert_eq!(
            (r.flow_rate.value, r.flow_rate.unit),
            (0.25, ITB_UNIT_ML_PER_DAY)
        );
        assert_eq!(
            (r.expected_volume.value, r.expected_volume.unit),
            (5.0, ITB_UNIT_ML)
        );
        assert_eq!(
            (r.discrepancy.value, r.discrepancy.unit),
            (-2.0, ITB_UNIT_ML)
        );
        assert_eq!(r.implied_flow_rate.value, 0.283333333333);
        assert_eq!(
            (r.delivery_error.value, r.delivery_error.unit),
            (13.3333333333, ITB_UNIT_PERCENT)
        );
        assert!(r.allowed && r.findings_len == 0);
    }

    #[test]
    fn reconcile_findings_with_and_without_a_pump() {
        // 1 mL aspirated: 1 − 5 = −4 mL (above 2); 19 mL delivered against 15 programmed:
        // +26.7 %, above the Prometra's ±15 %: over-delivery; and the Prometra's info finding.
        let r = reconcile(&ItbReconcileRequest {
            aspirated_volume: ml(1.0),
            has_pump: true,
            pump: model(ITB_PUMP_PROMETRA_20),
            ..visit()
        })
        .unwrap();
        assert_eq!(r.discrepancy.value, -4.0);
        let mut got = codes(&r.findings[..r.findings_len]);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN,
                ITB_FINDING_RESIDUAL_DISCREPANCY,
                ITB_FINDING_OVER_DELIVERY
            ]
        );
        // 100 days at 0.25 mL/day from 20 mL: 25 mL, more than was filled: expected empty.
        let r = reconcile(&ItbReconcileRequest {
            elapsed: days(100.0),
            aspirated_volume: ml(0.0),
            ..visit()
        })
        .unwrap();
        assert_eq!(r.expected_volume.value, 0.0);
        assert!(!r.allowed);
        assert_eq!(
            codes(&r.findings[..r.findings_len]),
            [ITB_FINDING_RESERVOIR_EXPECTED_EMPTY]
        );
    }

    #[test]
    fn reconcile_risk_factors_and_a_pump_filled_with_the_screening_strength() {
        // 12.5 mcg/day programmed at 50 mcg/mL: 0.25 mL/day, as visit(); 50 mcg/mL is the
        // screening strength (soft). 100 days: 25 mL from 20, expected empty (hard), its message
        // naming the signs of withdrawal for a patient who cannot report them.
        let r = reconcile(&ItbReconcileRequest {
            elapsed: days(100.0),
            aspirated_volume: ml(0.0),
            has_daily_dose: true,
            daily_dose: ItbDoseRate {
                value: 12.5,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            concentration: ItbConcentration {
                value: 50.0,
                unit: ITB_UNIT_MCG_PER_ML,
            },
            risk_factors: ITB_RISK_COMMUNICATION_DIFFICULTY,
            ..visit()
        })
        .unwrap();
        assert_eq!(r.flow_rate.value, 0.25);
        assert!(!r.allowed);
        let mut got = codes(&r.findings[..r.findings_len]);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ITB_FINDING_RESERVOIR_EXPECTED_EMPTY,
                ITB_FINDING_SCREENING_STRENGTH_IN_PUMP,
                ITB_FINDING_WITHDRAWAL_RISK
            ]
        );
        let find = |code| *r.findings.iter().find(|f| f.code == code).unwrap();
        assert!(find(ITB_FINDING_RESERVOIR_EXPECTED_EMPTY).withdrawal_signs);
        let w = find(ITB_FINDING_WITHDRAWAL_RISK);
        assert_eq!((w.severity, w.subject.value), (ITB_SEVERITY_SOFT, 1.0));
        let s = find(ITB_FINDING_SCREENING_STRENGTH_IN_PUMP);
        assert_eq!((s.severity, s.subject.value), (ITB_SEVERITY_SOFT, 50.0));
    }

    #[test]
    fn reconcile_errors_name_the_member() {
        use ItbStatus::*;
        let with = |edit: fn(&mut ItbReconcileRequest)| {
            let mut r = visit();
            edit(&mut r);
            r
        };
        let cases: [(ItbReconcileRequest, ItbStatus, &str); 10] = [
            (
                with(|r| r.aspirated_volume = ml(20.5)),
                OutOfRange,
                "aspirated_volume",
            ),
            (with(|r| r.elapsed.value = 0.0), Zero, "elapsed"),
            (with(|r| r.flow_rate.value = 0.0), Zero, "flow_rate"),
            (with(|r| r.threshold.value = -2.0), Negative, "threshold"),
            (
                with(|r| r.elapsed.unit = ITB_UNIT_ML),
                UnitMismatch,
                "elapsed",
            ),
            (with(|r| r.has_pump = true), InvalidArgument, "pump.model"),
            (
                with(|r| {
                    r.fill_volume = ml(25.0);
                    r.has_pump = true;
                    r.pump = model(ITB_PUMP_SYNCHROMED_II_20);
                }),
                OutOfRange,
                "fill_volume",
            ),
            (
                with(|r| r.fill_volume.value = f64::INFINITY),
                NotFinite,
                "fill_volume",
            ),
            (
                with(|r| r.risk_factors = 16),
                InvalidArgument,
                "risk_factors",
            ),
            // Read last: the pump's error comes first.
            (
                with(|r| (r.risk_factors, r.has_pump) = (16, true)),
                InvalidArgument,
                "pump.model",
            ),
        ];
        for (request, status, member) in cases {
            assert_eq!(
                reconcile(&request).unwrap_err(),
                (status, member.to_owned())
            );
        }
        // SAFETY: NULL pointers are allowed and refused.
        let s = unsafe { itb_reconcile(null(), null_mut(), null_mut()) };
        assert_eq!(s, ItbStatus::NullPointer);
    }

    fn offset(value: f64, unit: u32) -> Result<i64, Reported> {
        let d = ItbDuration { value, unit };
        // SAFETY: `call` passes valid pointers.
        call(|out, e| unsafe { itb_date_offset_days(d, out, e) })
    }

    #[test]
    fn date_offsets_round_down() {
        assert_eq!(offset(72.9, ITB_UNIT_DAY), Ok(72));
        assert_eq!(offset(72.0, ITB_UNIT_DAY), Ok(72));
        assert_eq!(offset(0.0, ITB_UNIT_DAY), Ok(0));
        // Half a day overdue: the day before the refill, not the refill day.
        assert_eq!(offset(-0.5, ITB_UNIT_DAY), Ok(-1));
        assert_eq!(offset(-4.0, ITB_UNIT_DAY), Ok(-4));
        // 47 h is 1.958 days: 1; 48 h is 2; 2879 min is 1.999 days: 1.
        assert_eq!(offset(47.0, ITB_UNIT_HOUR), Ok(1));
        assert_eq!(offset(48.0, ITB_UNIT_HOUR), Ok(2));
        assert_eq!(offset(2879.0, ITB_UNIT_MINUTE), Ok(1));
        // Binary noise just under a whole day is that day (12 significant digits).
        assert_eq!(offset(72.0 - 1e-13, ITB_UNIT_DAY), Ok(72));
    }

    #[test]
    fn date_offset_errors() {
        use ItbStatus::*;
        let f = |status: ItbStatus| Err((status, "duration".to_owned()));
        assert_eq!(offset(f64::NAN, ITB_UNIT_DAY), f(NotFinite));
        assert_eq!(offset(f64::NEG_INFINITY, ITB_UNIT_DAY), f(NotFinite));
        assert_eq!(offset(1e300, ITB_UNIT_DAY), f(OutOfRange));
        assert_eq!(offset(-1e19, ITB_UNIT_DAY), f(OutOfRange));
        assert_eq!(offset(1.0, ITB_UNIT_ML), f(UnitMismatch));
        assert_eq!(
            offset(1.0, 0),
            Err((InvalidUnit, "duration.unit".to_owned()))
        );
        assert_eq!(
            offset(1.0, ITB_UNIT_YEAR),
            Err((InvalidUnit, "duration.unit".to_owned()))
        );
        let d = days(1.0);
        // SAFETY: NULL is allowed and refused.
        let s = unsafe { itb_date_offset_days(d, null_mut(), null_mut()) };
        assert_eq!(s, NullPointer);
    }
}
