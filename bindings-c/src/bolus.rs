//! Boluses: the bridge at a concentration change, with its findings, and catheter volumes,
//! which raise none (their results are a plain `ItbVolume`).

use itb::bolus::{self, BridgeRequest, CatheterModel, CatheterRequest};
use itb::units::Unit;

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{
    ItbConcentration, ItbDoseRate, ItbDuration, ItbFlowRate, ItbLength, ItbVolume,
    ItbVolumePerLength, Unread, output,
};
use crate::status::{Failure, ItbError, ItbStatus};

/// The Prometra II intrathecal catheter: 110 cm at 0.0026 mL/cm (`[PROM-II]` p.33).
pub const ITB_CATHETER_PROMETRA_II: u32 = 61;

/// Every catheter code with the core's catheter.
const CATHETERS: [(u32, CatheterModel); 1] =
    [(ITB_CATHETER_PROMETRA_II, CatheterModel::PrometraIi)];

/// The catalogued catheter of a code, or `ITB_STATUS_INVALID_ARGUMENT` naming `catheter`.
fn catheter_model(code: u32) -> Result<CatheterModel, Failure> {
    match CATHETERS.iter().find(|(c, _)| *c == code) {
        Some((_, model)) => Ok(*model),
        None => {
            let allowed: Vec<String> = CATHETERS
                .iter()
                .map(|(c, m)| format!("{c} ({})", m.id()))
                .collect();
            let message = format!(
                "catheter: {code} is not an ITB_CATHETER_* code; allowed: {}",
                allowed.join(", ")
            );
            Err(Failure::new(
                ItbStatus::InvalidArgument,
                "catheter",
                message,
            ))
        }
    }
}

/// The bridge at a concentration change (`itb_bridge_bolus`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbBridge {
    /// False exactly when the two concentrations are equal: no bridge is needed.
    pub required: bool,
    /// The daily volume at the old concentration, always in `ITB_UNIT_ML_PER_DAY`.
    pub old_flow_rate: ItbFlowRate,
    /// The daily volume at the new concentration, always in `ITB_UNIT_ML_PER_DAY`.
    pub new_flow_rate: ItbFlowRate,
    /// How long to run at the old flow: dead space / old flow, always in `ITB_UNIT_HOUR`.
    pub bridge_duration: ItbDuration,
    /// What the patient gets if the bridge is skipped: daily dose × old / new, always in
    /// `ITB_UNIT_MCG_PER_DAY` (a withdrawal when the concentration goes up, an overdose when it
    /// goes down).
    pub unbridged_daily_dose: ItbDoseRate,
    /// For how long: dead space / new flow, always in `ITB_UNIT_HOUR`.
    pub unbridged_duration: ItbDuration,
    /// False exactly when a finding is hard.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The bridge when the concentration changes from `old_concentration` to `new_concentration`
/// at `daily_dose`: the old drug in the `dead_space` (pump path and catheter) must still be
/// delivered at the old dose, so run at the old flow for dead space / old flow, then switch
/// (`[SAULINO-DOSE]`). 400 mcg/day from 500 to 2000 mcg/mL with 0.2 mL of dead space: 0.8 then
/// 0.2 mL/day, a bridge of 6 h; skipped, 100 mcg/day for 24 h.
///
/// Findings: `ITB_FINDING_MONITOR_AFTER_CHANGE` (info; a bridge is required),
/// `ITB_FINDING_SCREENING_STRENGTH_IN_PUMP` (soft; a new concentration of 50 mcg/mL).
/// Errors: a zero concentration or daily dose → `ITB_STATUS_ZERO`; the quantity errors of every
/// typed input; `out` NULL → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbBridge`; `error` is NULL or valid for a write
/// of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_bridge_bolus(
    old_concentration: ItbConcentration,
    new_concentration: ItbConcentration,
    daily_dose: ItbDoseRate,
    dead_space: ItbVolume,
    out: *mut ItbBridge,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = BridgeRequest {
            old_concentration: unread.input(old_concentration, "old_concentration"),
            new_concentration: unread.input(new_concentration, "new_concentration"),
            daily_dose: unread.input(daily_dose, "daily_dose"),
            dead_space: unread.input(dead_space, "dead_space"),
        };
        let computed = bolus::bridge_bolus(&request);
        let b = unread.check(&computed)?;
        let findings = CFindings::of(&b.findings)?;
        write_result!(
            out,
            findings,
            ItbBridge {
                required: b.required,
                old_flow_rate: output(&b.old_flow_rate, Unit::MlPerDay)?,
                new_flow_rate: output(&b.new_flow_rate, Unit::MlPerDay)?,
                bridge_duration: output(&b.bridge_duration, Unit::Hour)?,
                unbridged_daily_dose: output(&b.unbridged_daily_dose, Unit::McgPerDay)?,
                unbridged_duration: output(&b.unbridged_duration, Unit::Hour)?,
            }
        );
        Ok(())
    })
}

/// The volume of an implanted catheter: implanted length × volume per length (50 cm at
/// 0.0026 mL/cm is 0.13 mL), always in `ITB_UNIT_ML`.
///
/// Errors: the quantity errors of every typed input; `out` NULL → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbVolume`; `error` is NULL or valid for a write
/// of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_catheter_volume(
    implanted_length: ItbLength,
    volume_per_length: ItbVolumePerLength,
    out: *mut ItbVolume,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = CatheterRequest::Implanted {
            implanted_length: unread.input(implanted_length, "implanted_length"),
            volume_per_length: unread.input(volume_per_length, "volume_per_length"),
        };
        let computed = bolus::catheter_volume(&request);
        let v = unread.check(&computed)?;
        let volume = output(&v.volume, Unit::Milliliter)?;
        // SAFETY: checked non-NULL; valid for writes by the caller's contract.
        unsafe { out.write(volume) };
        Ok(())
    })
}

/// The implanted volume of a catalogued catheter trimmed by `trimmed_length`: (full length −
/// trimmed) × its volume per length, always in `ITB_UNIT_ML`. `ITB_CATHETER_PROMETRA_II`
/// (110 cm at 0.0026 mL/cm, `[PROM-II]` p.33) trimmed by 10 cm: 100 cm, 0.26 mL.
///
/// Errors: an unknown `catheter` → `ITB_STATUS_INVALID_ARGUMENT`; a trimmed length above the
/// catheter's → `ITB_STATUS_OUT_OF_RANGE`; the quantity errors of every typed input; `out` NULL
/// → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbVolume`; `error` is NULL or valid for a write
/// of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_trimmed_catheter_volume(
    catheter: u32,
    trimmed_length: ItbLength,
    out: *mut ItbVolume,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = CatheterRequest::Trimmed {
            catheter: catheter_model(catheter)?,
            trimmed_length: unread.input(trimmed_length, "trimmed_length"),
        };
        let computed = bolus::catheter_volume(&request);
        let v = unread.check(&computed)?;
        let volume = output(&v.volume, Unit::Milliliter)?;
        // SAFETY: checked non-NULL; valid for writes by the caller's contract.
        unsafe { out.write(volume) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ptr::null_mut;

    use super::*;
    use crate::finding::*;
    use crate::pump::ITB_PUMP_PROMETRA_II_20;
    use crate::quantity::*;
    use crate::test_support::{Reported, call, static_str};

    fn mcg_per_ml(value: f64) -> ItbConcentration {
        ItbConcentration {
            value,
            unit: ITB_UNIT_MCG_PER_ML,
        }
    }

    fn bridge(old: f64, new: f64, dose: f64, dead_ml: f64) -> Result<ItbBridge, Reported> {
        let dose = ItbDoseRate {
            value: dose,
            unit: ITB_UNIT_MCG_PER_DAY,
        };
        let dead = ItbVolume {
            value: dead_ml,
            unit: ITB_UNIT_ML,
        };
        let (old, new) = (mcg_per_ml(old), mcg_per_ml(new));
        // SAFETY: `call` passes valid pointers.
        call(|out, e| unsafe { itb_bridge_bolus(old, new, dose, dead, out, e) })
    }

    #[test]
    fn bridge_from_500_to_2000_at_400_mcg_per_day() {
        // 400 / 500 = 0.8 mL/day old, 400 / 2000 = 0.2 new; 0.2 mL / 0.8 mL/day = 0.25 day =
        // 6 h; skipped: 400 × 500 / 2000 = 100 mcg/day for 0.2 / 0.2 = 1 day = 24 h.
        let b = bridge(500.0, 2000.0, 400.0, 0.2).unwrap();
        assert!(b.required);
        assert_eq!(
            (b.old_flow_rate.value, b.old_flow_rate.unit),
            (0.8, ITB_UNIT_ML_PER_DAY)
        );
        assert_eq!(b.new_flow_rate.value, 0.2);
        assert_eq!(
            (b.bridge_duration.value, b.bridge_duration.unit),
            (6.0, ITB_UNIT_HOUR)
        );
        assert_eq!(
            (b.unbridged_daily_dose.value, b.unbridged_daily_dose.unit),
            (100.0, ITB_UNIT_MCG_PER_DAY)
        );
        assert_eq!(
            (b.unbridged_duration.value, b.unbridged_duration.unit),
            (24.0, ITB_UNIT_HOUR)
        );
        // A bridge is a change: monitor after it (info, 002 Warnings).
        assert!(b.allowed && b.findings_len == 1);
        let f = b.findings[0];
        assert_eq!(
            (f.code, f.severity, static_str(f.source)),
            (
                ITB_FINDING_MONITOR_AFTER_CHANGE,
                ITB_SEVERITY_INFO,
                "002 Warnings"
            )
        );
        // The same concentration: no bridge needed, nothing changes, no finding.
        let same = bridge(2000.0, 2000.0, 500.0, 0.26).unwrap();
        assert!(!same.required && same.allowed && same.findings_len == 0);
    }

    #[test]
    fn a_bridge_to_the_screening_strength_is_flagged() {
        // 50 mcg/mL is for test boluses (soft), only the new concentration is checked: from 50
        // to 500 at 100 mcg/day, 2 then 0.2 mL/day, no screening-strength finding.
        let to_50 = bridge(500.0, 50.0, 100.0, 0.2).unwrap();
        let mut got: Vec<u32> = to_50.findings[..to_50.findings_len]
            .iter()
            .map(|f| f.code)
            .collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ITB_FINDING_SCREENING_STRENGTH_IN_PUMP,
                ITB_FINDING_MONITOR_AFTER_CHANGE
            ]
        );
        let from_50 = bridge(50.0, 500.0, 100.0, 0.2).unwrap();
        assert_eq!(from_50.findings_len, 1);
        assert_eq!(from_50.findings[0].code, ITB_FINDING_MONITOR_AFTER_CHANGE);
    }

    #[test]
    fn bridge_errors_in_the_protocols_order() {
        use ItbStatus::*;
        let cases = [
            (bridge(0.0, 2000.0, 400.0, 0.2), Zero, "old_concentration"),
            (bridge(500.0, 0.0, 400.0, 0.2), Zero, "new_concentration"),
            (bridge(500.0, 2000.0, 0.0, 0.2), Zero, "daily_dose"),
            (bridge(500.0, 2000.0, 400.0, -0.2), Negative, "dead_space"),
            // The old concentration is refused before the new one is read.
            (bridge(0.0, f64::NAN, 400.0, 0.2), Zero, "old_concentration"),
            (
                bridge(-500.0, 0.0, 400.0, 0.2),
                Negative,
                "old_concentration",
            ),
        ];
        for (got, status, name) in cases {
            assert_eq!(got.unwrap_err(), (status, name.to_owned()));
        }
    }

    fn cm(value: f64) -> ItbLength {
        ItbLength {
            value,
            unit: ITB_UNIT_CM,
        }
    }

    fn trimmed(code: u32, length: ItbLength) -> Result<ItbVolume, Reported> {
        // SAFETY: `call` passes valid pointers.
        call(|out, e| unsafe { itb_trimmed_catheter_volume(code, length, out, e) })
    }

    #[test]
    fn prometra_trimmed_10_cm_holds_0_26_ml() {
        // [PROM-II]: (110 − 10) × 0.0026 = 0.26 mL; trimmed by 110: nothing left.
        let v = trimmed(ITB_CATHETER_PROMETRA_II, cm(10.0)).unwrap();
        assert_eq!((v.value, v.unit), (0.26, ITB_UNIT_ML));
        assert_eq!(
            trimmed(ITB_CATHETER_PROMETRA_II, cm(110.0)).unwrap().value,
            0.0
        );
        let per_cm = ItbVolumePerLength {
            value: 0.0026,
            unit: ITB_UNIT_ML_PER_CM,
        };
        // SAFETY: `call` passes valid pointers.
        let v = call(|out, e| unsafe { itb_catheter_volume(cm(50.0), per_cm, out, e) }).unwrap();
        assert_eq!((v.value, v.unit), (0.13, ITB_UNIT_ML)); // 50 × 0.0026
    }

    #[test]
    fn catheter_errors() {
        use ItbStatus::*;
        let c = ITB_CATHETER_PROMETRA_II;
        let cases = [
            (trimmed(c, cm(110.5)), OutOfRange, "trimmed_length"),
            (trimmed(c, cm(-5.0)), Negative, "trimmed_length"),
            (trimmed(c, cm(f64::NAN)), NotFinite, "trimmed_length"),
            (
                trimmed(
                    c,
                    ItbLength {
                        value: 10.0,
                        unit: ITB_UNIT_ML,
                    },
                ),
                UnitMismatch,
                "trimmed_length",
            ),
            (
                trimmed(ITB_PUMP_PROMETRA_II_20, cm(10.0)),
                InvalidArgument,
                "catheter",
            ),
        ];
        for (got, status, name) in cases {
            assert_eq!(got.unwrap_err(), (status, name.to_owned()));
        }
        let per_cm = ItbVolumePerLength {
            value: 0.0026,
            unit: ITB_UNIT_ML,
        };
        // SAFETY: `call` passes valid pointers; NULL out is refused.
        unsafe {
            let got = call(|out, e| itb_catheter_volume(cm(50.0), per_cm, out, e));
            assert_eq!(
                got.unwrap_err(),
                (UnitMismatch, "volume_per_length".to_owned())
            );
            let s = itb_trimmed_catheter_volume(c, cm(10.0), null_mut(), null_mut());
            assert_eq!(s, NullPointer);
        }
    }
}
