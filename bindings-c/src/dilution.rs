//! Dilution: a dilution recipe, and the fill of a constant-flow pump.

use std::ffi::c_char;

use itb::dilution::{self, ConstantFlowFillRequest, DilutionRequest};
use itb::units::Unit;

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{
    ItbConcentration, ItbDoseRate, ItbDuration, ItbFlowRate, ItbMass, ItbVolume, Unread, output,
};
use crate::status::{ItbError, ItbStatus};

/// A dilution recipe (`itb_dilution`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbDilution {
    /// Stock solution to draw, always in `ITB_UNIT_ML`.
    pub stock_volume: ItbVolume,
    /// Diluent to add, always in `ITB_UNIT_ML`.
    pub diluent_volume: ItbVolume,
    /// Baclofen in the final volume, always in `ITB_UNIT_MCG`.
    pub drug_amount: ItbMass,
    /// The diluent, a static string: `"preservative-free 0.9 % sodium chloride"`.
    pub diluent: *const c_char,
    /// False exactly when a finding is hard: the result must not be used as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The diluent, NUL-terminated: the core's.
const DILUENT: &std::ffi::CStr = itb::dilution::DILUENT_C;

/// How to make `final_volume` at `target` from a `stock` solution (V_stock = V_final ×
/// C_target / C_stock; 20 mL at 400 mcg/mL from 2000 mcg/mL is 4 mL of stock and 16 mL of
/// diluent, 8000 mcg of baclofen).
///
/// Findings on the stock: `ITB_FINDING_NONSTANDARD_CONCENTRATION`,
/// `ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL`. Errors as for every typed input, and
/// `ITB_STATUS_ZERO` for a zero concentration or volume, `ITB_STATUS_OUT_OF_RANGE` for a target
/// above the stock.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbDilution`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_dilution(
    stock: ItbConcentration,
    target: ItbConcentration,
    final_volume: ItbVolume,
    out: *mut ItbDilution,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = DilutionRequest {
            stock: unread.input(stock, "stock"),
            target: unread.input(target, "target"),
            final_volume: unread.input(final_volume, "final_volume"),
        };
        let computed = dilution::dilution(&request);
        let d = unread.check(&computed)?;
        let findings = CFindings::of(&d.findings)?;
        write_result!(
            out,
            findings,
            ItbDilution {
                stock_volume: output(&d.stock_volume, Unit::Milliliter)?,
                diluent_volume: output(&d.diluent_volume, Unit::Milliliter)?,
                drug_amount: output(&d.drug_amount, Unit::Microgram)?,
                diluent: DILUENT.as_ptr(),
            }
        );
        Ok(())
    })
}

/// The protocol's priming overage of a constant-flow fill when none is given, in mL: pass
/// `(ItbVolume){ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML, ITB_UNIT_ML}` (the ARCHIMEDES
/// worksheet prepares 3 mL extra).
pub const ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML: f64 = dilution::DEFAULT_PRIMING_OVERAGE_ML;

/// A fill for a constant-flow pump (`itb_constant_flow_fill`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbConstantFlowFill {
    /// reservoir / flow, always in `ITB_UNIT_DAY`.
    pub running_time: ItbDuration,
    /// daily dose / flow: the concentration to fill, always in `ITB_UNIT_MCG_PER_ML`.
    pub concentration: ItbConcentration,
    /// Baclofen in the reservoir (the overage excluded), always in `ITB_UNIT_MCG`.
    pub drug_amount: ItbMass,
    /// Stock to draw for reservoir + priming overage, always in `ITB_UNIT_ML`.
    pub stock_volume: ItbVolume,
    /// Diluent to add for reservoir + priming overage, always in `ITB_UNIT_ML`.
    pub diluent_volume: ItbVolume,
    /// The diluent, a static string: `"preservative-free 0.9 % sodium chloride"`.
    pub diluent: *const c_char,
    /// False exactly when a finding is hard.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The fill of a constant-flow (gas-driven) pump, whose dose is set by the concentration (the
/// ARCHIMEDES worksheet, `[ARCHIMEDES]`): running time = reservoir / flow; concentration =
/// daily dose / flow; stock and diluent for reservoir + `priming_overage`. A 20 mL reservoir at
/// 1 mL/day and 400 mcg/day from 2000 mcg/mL: 20 days at 400 mcg/mL, 8000 mcg, 4 mL of stock
/// and 16 mL of diluent.
///
/// Findings: `ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL` (soft) on the concentration,
/// `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft). Errors: a zero reservoir, flow, daily dose or
/// stock → `ITB_STATUS_ZERO`; a concentration above the stock → `ITB_STATUS_OUT_OF_RANGE`
/// (field `stock`: dilution cannot concentrate); the quantity errors of every typed input;
/// `out` NULL → `ITB_STATUS_NULL_POINTER`.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbConstantFlowFill`; `error` is NULL or valid for
/// a write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_constant_flow_fill(
    reservoir: ItbVolume,
    flow_rate: ItbFlowRate,
    daily_dose: ItbDoseRate,
    stock: ItbConcentration,
    priming_overage: ItbVolume,
    out: *mut ItbConstantFlowFill,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = ConstantFlowFillRequest {
            reservoir: unread.input(reservoir, "reservoir"),
            flow_rate: unread.input(flow_rate, "flow_rate"),
            daily_dose: unread.input(daily_dose, "daily_dose"),
            stock: unread.input(stock, "stock"),
            priming_overage: Some(unread.input(priming_overage, "priming_overage")),
        };
        let computed = dilution::constant_flow_fill(&request);
        let f = unread.check(&computed)?;
        let findings = CFindings::of(&f.findings)?;
        write_result!(
            out,
            findings,
            ItbConstantFlowFill {
                running_time: output(&f.running_time, Unit::Day)?,
                concentration: output(&f.concentration, Unit::McgPerMl)?,
                drug_amount: output(&f.drug_amount, Unit::Microgram)?,
                stock_volume: output(&f.stock_volume, Unit::Milliliter)?,
                diluent_volume: output(&f.diluent_volume, Unit::Milliliter)?,
                diluent: DILUENT.as_ptr(),
            }
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::mem::MaybeUninit;
    use std::ptr::null_mut;

    use super::*;
    use crate::quantity::*;
    use crate::schedule::{ItbDailyVolume, itb_daily_volume};
    use crate::test_support::{error_field, zeroed_error};

    fn daily_volume(
        dose: ItbDoseRate,
        conc: ItbConcentration,
    ) -> Result<ItbDailyVolume, ItbStatus> {
        let mut out = MaybeUninit::<ItbDailyVolume>::uninit();
        // SAFETY: `out` is valid for writes; no error report wanted.
        match unsafe { itb_daily_volume(dose, conc, out.as_mut_ptr(), null_mut()) } {
            // SAFETY: on success the library wrote the whole struct.
            ItbStatus::Ok => Ok(unsafe { out.assume_init() }),
            status => Err(status),
        }
    }

    #[test]
    fn daily_volume_500_mcg_per_day_at_2_mg_per_ml_is_a_quarter_ml_per_day() {
        let dose = ItbDoseRate {
            value: 500.0,
            unit: ITB_UNIT_MCG_PER_DAY,
        };
        let conc = ItbConcentration {
            value: 2.0,
            unit: ITB_UNIT_MG_PER_ML,
        };
        let dv = daily_volume(dose, conc).unwrap();
        // 500 / 2000 = 0.25 mL/day; / 24 = 0.0104166666667 mL/h at 12 significant digits.
        assert_eq!(
            dv.flow_rate,
            ItbFlowRate {
                value: 0.25,
                unit: ITB_UNIT_ML_PER_DAY
            }
        );
        assert_eq!(
            dv.hourly_flow,
            ItbFlowRate {
                value: 0.0104166666667,
                unit: ITB_UNIT_ML_PER_HOUR
            }
        );
        assert!(dv.allowed);
        assert_eq!(dv.findings_len, 0);
    }

    #[test]
    fn typed_errors_name_the_field_and_leave_out_untouched() {
        let conc = ItbConcentration {
            value: 2.0,
            unit: ITB_UNIT_MG_PER_ML,
        };
        let cases = [
            (
                ItbDoseRate {
                    value: -5.0,
                    unit: ITB_UNIT_MCG_PER_DAY,
                },
                ItbStatus::Negative,
                "daily_dose",
            ),
            (
                ItbDoseRate {
                    value: 0.0,
                    unit: ITB_UNIT_MCG_PER_DAY,
                },
                ItbStatus::Zero,
                "daily_dose",
            ),
            (
                ItbDoseRate {
                    value: f64::NAN,
                    unit: ITB_UNIT_MCG_PER_DAY,
                },
                ItbStatus::NotFinite,
                "daily_dose",
            ),
            (
                ItbDoseRate {
                    value: 1e308,
                    unit: ITB_UNIT_MG_PER_DAY,
                },
                ItbStatus::NotFinite,
                "daily_dose",
            ),
            (
                ItbDoseRate {
                    value: 5.0,
                    unit: ITB_UNIT_MG,
                },
                ItbStatus::UnitMismatch,
                "daily_dose",
            ),
            (
                ItbDoseRate {
                    value: 5.0,
                    unit: 42,
                },
                ItbStatus::InvalidUnit,
                "daily_dose.unit",
            ),
        ];
        for (dose, status, field) in cases {
            let mut out = [0xA5u8; size_of::<ItbDailyVolume>()];
            let mut error = zeroed_error();
            // SAFETY: `out` is a buffer the size of the struct, `error` valid for writes.
            let got = unsafe { itb_daily_volume(dose, conc, out.as_mut_ptr().cast(), &mut error) };
            assert_eq!(
                (got, error.status, error_field(&error)),
                (status, status, field),
                "{dose:?}"
            );
            assert!(out.iter().all(|b| *b == 0xA5), "out was written on failure");
        }
    }

    #[test]
    fn typed_functions_refuse_null_out_and_accept_null_error() {
        let q = ItbQuantity {
            value: 1.0,
            unit: ITB_UNIT_MG,
        };
        let c = ItbConcentration {
            value: 2000.0,
            unit: ITB_UNIT_MCG_PER_ML,
        };
        let v = ItbVolume {
            value: 20.0,
            unit: ITB_UNIT_ML,
        };
        let d = ItbDoseRate {
            value: 500.0,
            unit: ITB_UNIT_MCG_PER_DAY,
        };
        let mut error = zeroed_error();
        // SAFETY: NULL out-pointers are allowed and refused; `error` is valid or NULL.
        unsafe {
            assert_eq!(
                itb_convert(q, ITB_UNIT_MCG, null_mut(), &mut error),
                ItbStatus::NullPointer
            );
            assert_eq!(error_field(&error), "out");
            assert_eq!(
                itb_convert(q, ITB_UNIT_MCG, null_mut(), null_mut()),
                ItbStatus::NullPointer
            );
            assert_eq!(
                itb_daily_volume(d, c, null_mut(), null_mut()),
                ItbStatus::NullPointer
            );
            assert_eq!(
                itb_dilution(c, c, v, null_mut(), null_mut()),
                ItbStatus::NullPointer
            );
        }
    }

    #[test]
    fn convert_names_to_unit_as_the_c_argument() {
        let mut out = ItbQuantity {
            value: 0.0,
            unit: 0,
        };
        let mut error = zeroed_error();
        let mg = ItbQuantity {
            value: 1.0,
            unit: ITB_UNIT_MG,
        };
        // SAFETY: `out` and `error` are valid for writes.
        let status = unsafe { itb_convert(mg, ITB_UNIT_ML, &mut out, &mut error) };
        assert_eq!(
            (status, error_field(&error)),
            (ItbStatus::UnitMismatch, "to_unit")
        );
        // SAFETY: as above.
        let status = unsafe { itb_convert(mg, ITB_UNIT_MCG, &mut out, &mut error) };
        assert_eq!(
            (status, out),
            (
                ItbStatus::Ok,
                ItbQuantity {
                    value: 1000.0,
                    unit: ITB_UNIT_MCG
                }
            )
        );
    }

    #[test]
    fn dilution_400_in_20_ml_from_2000_and_its_diluent() {
        let stock = ItbConcentration {
            value: 2.0,
            unit: ITB_UNIT_MG_PER_ML,
        };
        let target = ItbConcentration {
            value: 400.0,
            unit: ITB_UNIT_MCG_PER_ML,
        };
        let final_volume = ItbVolume {
            value: 20.0,
            unit: ITB_UNIT_ML,
        };
        let mut out = MaybeUninit::<ItbDilution>::uninit();
        // SAFETY: `out` is valid for writes; no error report wanted.
        let status =
            unsafe { itb_dilution(stock, target, final_volume, out.as_mut_ptr(), null_mut()) };
        assert_eq!(status, ItbStatus::Ok);
        // SAFETY: on success the library wrote the whole struct.
        let d = unsafe { out.assume_init() };
        // 20 mL × 400 mcg/mL = 8000 mcg; / 2000 mcg/mL = 4 mL of stock; 20 − 4 = 16 mL diluent.
        assert_eq!(
            d.stock_volume,
            ItbVolume {
                value: 4.0,
                unit: ITB_UNIT_ML
            }
        );
        assert_eq!(
            d.diluent_volume,
            ItbVolume {
                value: 16.0,
                unit: ITB_UNIT_ML
            }
        );
        assert_eq!(
            d.drug_amount,
            ItbMass {
                value: 8000.0,
                unit: ITB_UNIT_MCG
            }
        );
        // SAFETY: a static NUL-terminated string.
        let diluent = unsafe { CStr::from_ptr(d.diluent) };
        assert_eq!(diluent.to_str().unwrap(), itb::dilution::DILUENT);
    }

    fn fill(
        reservoir_ml: f64,
        flow_ml_per_day: f64,
        dose_mcg_per_day: f64,
        stock_mcg_per_ml: f64,
        overage_ml: f64,
    ) -> Result<ItbConstantFlowFill, (ItbStatus, String)> {
        let ml = |value| ItbVolume {
            value,
            unit: ITB_UNIT_ML,
        };
        let flow = ItbFlowRate {
            value: flow_ml_per_day,
            unit: ITB_UNIT_ML_PER_DAY,
        };
        let dose = ItbDoseRate {
            value: dose_mcg_per_day,
            unit: ITB_UNIT_MCG_PER_DAY,
        };
        let stock = ItbConcentration {
            value: stock_mcg_per_ml,
            unit: ITB_UNIT_MCG_PER_ML,
        };
        let mut out = MaybeUninit::<ItbConstantFlowFill>::uninit();
        let mut error = zeroed_error();
        // SAFETY: `out` and `error` are valid for writes.
        let status = unsafe {
            itb_constant_flow_fill(
                ml(reservoir_ml),
                flow,
                dose,
                stock,
                ml(overage_ml),
                out.as_mut_ptr(),
                &mut error,
            )
        };
        match status {
            // SAFETY: on success the library wrote the whole struct.
            ItbStatus::Ok => Ok(unsafe { out.assume_init() }),
            s => Err((s, error_field(&error).to_owned())),
        }
    }

    #[test]
    fn archimedes_20_ml_at_1_ml_per_day_and_400_mcg_per_day() {
        // [ARCHIMEDES] worksheet: 20 mL / 1 mL/day = 20 days; 400 mcg/day / 1 mL/day = 400 mcg/mL;
        // 20 × 400 = 8000 mcg; 8000 / 2000 = 4 mL of stock, 20 − 4 = 16 mL of saline.
        let f = fill(20.0, 1.0, 400.0, 2000.0, 0.0).unwrap();
        assert_eq!(
            (f.running_time.value, f.running_time.unit),
            (20.0, ITB_UNIT_DAY)
        );
        assert_eq!(
            (f.concentration.value, f.concentration.unit),
            (400.0, ITB_UNIT_MCG_PER_ML)
        );
        assert_eq!(
            (f.drug_amount.value, f.drug_amount.unit),
            (8000.0, ITB_UNIT_MCG)
        );
        assert_eq!(
            (f.stock_volume.value, f.stock_volume.unit),
            (4.0, ITB_UNIT_ML)
        );
        assert_eq!(f.diluent_volume.value, 16.0);
        // SAFETY: a static NUL-terminated string.
        let diluent = unsafe { CStr::from_ptr(f.diluent) };
        assert_eq!(diluent.to_str().unwrap(), itb::dilution::DILUENT);
        assert!(f.allowed && f.findings_len == 0);
        // With the worksheet's 3 mL overage: 23 mL at 400 mcg/mL = 4.6 mL of stock, 18.4 mL
        // of saline; the reservoir still holds 8000 mcg.
        let f = fill(20.0, 1.0, 400.0, 2000.0, 3.0).unwrap();
        assert_eq!((f.stock_volume.value, f.diluent_volume.value), (4.6, 18.4));
        assert_eq!(f.drug_amount.value, 8000.0);
    }

    #[test]
    fn constant_flow_fill_errors_and_findings() {
        use ItbStatus::*;
        // 1100 mcg/day at 0.5 mL/day needs 2200 mcg/mL: more than a 2000 mcg/mL stock.
        assert_eq!(
            fill(20.0, 0.5, 1100.0, 2000.0, 0.0).unwrap_err(),
            (OutOfRange, "stock".to_owned())
        );
        assert_eq!(
            fill(20.0, 0.0, 400.0, 2000.0, 0.0).unwrap_err(),
            (Zero, "flow_rate".to_owned())
        );
        assert_eq!(
            fill(-20.0, 0.0, 400.0, 2000.0, 0.0).unwrap_err(),
            (Negative, "reservoir".to_owned())
        );
        assert_eq!(
            fill(20.0, 1.0, 400.0, 2000.0, -3.0).unwrap_err(),
            (Negative, "priming_overage".to_owned())
        );
        // 1200 mcg/day at 0.5 mL/day: 2400 mcg/mL from 4000: above the commercial 2000
        // (soft) and above 1000 mcg/day (soft).
        let f = fill(30.0, 0.5, 1200.0, 4000.0, 0.0).unwrap();
        assert!(f.allowed && f.findings_len == 2);
        let got: Vec<u32> = f.findings[..2].iter().map(|f| f.code).collect();
        assert_eq!(
            got,
            [
                crate::finding::ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL,
                crate::finding::ITB_FINDING_DAILY_DOSE_ABOVE_1000
            ]
        );
        assert_eq!(ITB_CONSTANT_FLOW_DEFAULT_PRIMING_OVERAGE_ML, 0.0);
    }
}
