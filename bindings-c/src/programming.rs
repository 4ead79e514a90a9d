//! Pump programming: the concentration a pump is programmed for against the one in its
//! reservoir.

use itb::programming::{self, ProgrammingRequest};
use itb::units::Unit;

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{ItbConcentration, ItbDoseRate, ItbFlowRate, Unread, output};
use crate::status::{ItbError, ItbStatus};

/// What a pump is programmed with and what its reservoir holds (the input of
/// `itb_programming_check`). Every field is read; set them all.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbProgrammingRequest {
    /// The daily dose programmed into the pump; above zero.
    pub programmed_daily_dose: ItbDoseRate,
    /// The concentration programmed into the pump; above zero.
    pub programmed_concentration: ItbConcentration,
    /// The concentration actually in the reservoir; above zero.
    pub reservoir_concentration: ItbConcentration,
}

/// What the pump delivers as programmed (`itb_programming_check`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbProgrammingCheck {
    /// The flow the pump runs: programmed dose / programmed concentration, always in
    /// `ITB_UNIT_ML_PER_DAY`.
    pub flow_rate: ItbFlowRate,
    /// What the patient gets: flow × reservoir concentration, always in
    /// `ITB_UNIT_MCG_PER_DAY`.
    pub delivered_daily_dose: ItbDoseRate,
    /// Reservoir / programmed concentration: a ratio, no unit (1 when they agree, 4 for four
    /// times the programmed dose, 0.25 for a quarter of it).
    pub dose_ratio: f64,
    /// False exactly when a finding is hard (`ITB_FINDING_CONCENTRATION_MISMATCH`).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// Checks the concentration confirmed at programming against the one filled: a pump doses by
/// volume, so it runs programmed dose / programmed concentration and delivers that flow of
/// what is in the reservoir (002 Boxed Warning; worked by hand: 500 mcg/day programmed at
/// 500 mcg/mL with 2000 mcg/mL in the reservoir: 1 mL/day, 2000 mcg/day, four times the dose).
///
/// Findings: `ITB_FINDING_CONCENTRATION_MISMATCH` (hard; the ratio is not 1), and for the
/// reservoir concentration `ITB_FINDING_NONSTANDARD_CONCENTRATION` (info),
/// `ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL` (soft), `ITB_FINDING_SCREENING_STRENGTH_IN_PUMP`
/// (soft; 50 mcg/mL), and `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft) for the delivered dose.
/// Errors: `request` or `out` NULL → `ITB_STATUS_NULL_POINTER`; a zero dose or concentration →
/// `ITB_STATUS_ZERO`; the quantity errors of every typed input, checked in the order
/// `programmed_daily_dose`, `programmed_concentration`, `reservoir_concentration`.
/// `ItbError.field` names the member.
///
/// # Safety
/// `request` is NULL or points at a readable `ItbProgrammingRequest`; `out` is NULL or valid
/// for a write of an `ItbProgrammingCheck`; `error` is NULL or valid for a write of an
/// `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_programming_check(
    request: *const ItbProgrammingRequest,
    out: *mut ItbProgrammingCheck,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let r = try_ref!(request, "request");
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = ProgrammingRequest {
            programmed_daily_dose: unread.input(r.programmed_daily_dose, "programmed_daily_dose"),
            programmed_concentration: unread
                .input(r.programmed_concentration, "programmed_concentration"),
            reservoir_concentration: unread
                .input(r.reservoir_concentration, "reservoir_concentration"),
        };
        let computed = programming::programming_check(&request);
        let check = unread.check(&computed)?;
        let findings = CFindings::of(&check.findings)?;
        write_result!(
            out,
            findings,
            ItbProgrammingCheck {
                flow_rate: output(&check.flow_rate, Unit::MlPerDay)?,
                delivered_daily_dose: output(&check.delivered_daily_dose, Unit::McgPerDay)?,
                dose_ratio: check.dose_ratio,
            }
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::quantity::*;
    use crate::test_support::{Reported, call, error_field as field, static_str, zeroed_error};

    fn mcg_per_ml(value: f64) -> ItbConcentration {
        ItbConcentration {
            value,
            unit: ITB_UNIT_MCG_PER_ML,
        }
    }

    fn request(dose: f64, programmed: f64, reservoir: f64) -> ItbProgrammingRequest {
        ItbProgrammingRequest {
            programmed_daily_dose: ItbDoseRate {
                value: dose,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            programmed_concentration: mcg_per_ml(programmed),
            reservoir_concentration: mcg_per_ml(reservoir),
        }
    }

    fn check(r: &ItbProgrammingRequest) -> Result<ItbProgrammingCheck, Reported> {
        // SAFETY: `r` is valid; `call` passes valid out and error pointers.
        call(|out, e| unsafe { itb_programming_check(r, out, e) })
    }

    fn codes(c: &ItbProgrammingCheck) -> Vec<u32> {
        let mut codes: Vec<u32> = c.findings[..c.findings_len]
            .iter()
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn programmed_for_500_filled_with_2000_is_four_times_the_dose() {
        // 500 mcg/day / 500 mcg/mL = 1 mL/day; 1 mL/day × 2000 mcg/mL = 2000 mcg/day; 2000 / 500
        // = 4. Hard (002 Boxed Warning), and 2000 mcg/day is above 1000 (soft).
        let c = check(&request(500.0, 500.0, 2000.0)).unwrap();
        assert_eq!(
            (c.flow_rate.value, c.flow_rate.unit),
            (1.0, ITB_UNIT_ML_PER_DAY)
        );
        assert_eq!(
            (c.delivered_daily_dose.value, c.delivered_daily_dose.unit),
            (2000.0, ITB_UNIT_MCG_PER_DAY)
        );
        assert_eq!(c.dose_ratio, 4.0);
        assert!(!c.allowed);
        assert_eq!(
            codes(&c),
            [
                ITB_FINDING_DAILY_DOSE_ABOVE_1000,
                ITB_FINDING_CONCENTRATION_MISMATCH
            ]
        );
        let m = *c
            .findings
            .iter()
            .find(|f| f.code == ITB_FINDING_CONCENTRATION_MISMATCH)
            .unwrap();
        assert_eq!(
            (m.severity, static_str(m.source)),
            (ITB_SEVERITY_HARD, "002 Boxed Warning")
        );
        assert_eq!(
            (m.subject.value, m.subject.unit),
            (2000.0, ITB_UNIT_MCG_PER_DAY)
        );
        assert_eq!((m.limit.value, m.limit.unit), (500.0, ITB_UNIT_MCG_PER_DAY));
    }

    #[test]
    fn the_same_concentration_delivers_the_dose_and_the_reverse_a_quarter() {
        // 300 mcg/day at 2 mg/mL programmed and 2000 mcg/mL filled: the same, 0.15 mL/day.
        let same = ItbProgrammingRequest {
            programmed_concentration: ItbConcentration {
                value: 2.0,
                unit: ITB_UNIT_MG_PER_ML,
            },
            ..request(300.0, 0.0, 2000.0)
        };
        let c = check(&same).unwrap();
        assert_eq!((c.flow_rate.value, c.dose_ratio), (0.15, 1.0));
        assert_eq!(c.delivered_daily_dose.value, 300.0);
        assert!(c.allowed && c.findings_len == 0);
        // 400 mcg/day programmed at 2000, 500 filled: 0.2 mL/day × 500 = 100 mcg/day, 0.25.
        let c = check(&request(400.0, 2000.0, 500.0)).unwrap();
        assert_eq!((c.delivered_daily_dose.value, c.dose_ratio), (100.0, 0.25));
        assert_eq!(codes(&c), [ITB_FINDING_CONCENTRATION_MISMATCH]);
    }

    #[test]
    fn the_reservoir_concentration_is_checked_as_a_pump_strength() {
        // 50 mcg/mL in the reservoir (programmed for it): the screening strength (soft).
        // 3000 programmed and filled, 300 mcg/day: not labelled (info), compounded (soft).
        let c = check(&request(25.0, 50.0, 50.0)).unwrap();
        assert!(c.allowed);
        assert_eq!(codes(&c), [ITB_FINDING_SCREENING_STRENGTH_IN_PUMP]);
        let c = check(&request(300.0, 3000.0, 3000.0)).unwrap();
        assert!(c.allowed);
        assert_eq!(
            codes(&c),
            [
                ITB_FINDING_NONSTANDARD_CONCENTRATION,
                ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL
            ]
        );
    }

    #[test]
    fn errors_name_the_member_in_order_and_leave_out_untouched() {
        use ItbStatus::*;
        let cases: [(ItbProgrammingRequest, ItbStatus, &str); 7] = [
            (request(0.0, 500.0, 500.0), Zero, "programmed_daily_dose"),
            (request(500.0, 0.0, 500.0), Zero, "programmed_concentration"),
            (request(500.0, 500.0, 0.0), Zero, "reservoir_concentration"),
            (
                request(500.0, -1.0, f64::NAN),
                Negative,
                "programmed_concentration",
            ),
            (
                request(500.0, 500.0, f64::INFINITY),
                NotFinite,
                "reservoir_concentration",
            ),
            (
                ItbProgrammingRequest {
                    reservoir_concentration: ItbConcentration {
                        value: 500.0,
                        unit: ITB_UNIT_MCG,
                    },
                    ..request(500.0, 500.0, 500.0)
                },
                UnitMismatch,
                "reservoir_concentration",
            ),
            (
                ItbProgrammingRequest {
                    programmed_daily_dose: ItbDoseRate {
                        value: 500.0,
                        unit: 0,
                    },
                    ..request(500.0, 500.0, 500.0)
                },
                InvalidUnit,
                "programmed_daily_dose.unit",
            ),
        ];
        for (r, status, member) in cases {
            let mut out = [0xA5u8; size_of::<ItbProgrammingCheck>()];
            let mut error = zeroed_error();
            // SAFETY: `out` is a buffer the size of the struct; `error` is valid for writes.
            let got = unsafe { itb_programming_check(&r, out.as_mut_ptr().cast(), &mut error) };
            assert_eq!((got, field(&error)), (status, member), "{r:?}");
            assert!(out.iter().all(|b| *b == 0xA5), "out was written on failure");
        }
        let mut error = zeroed_error();
        let r = request(500.0, 500.0, 500.0);
        // SAFETY: NULL pointers are allowed and refused.
        unsafe {
            let s = itb_programming_check(null(), null_mut(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "request"));
            let s = itb_programming_check(&r, null_mut(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "out"));
        }
    }
}
