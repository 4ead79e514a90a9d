//! Delivery schedules: flex steps and the night-time boost.
//!
//! A time of day crosses as `ItbTimeOfDay { hour, minute }`, both `uint32_t` so that any
//! integer can be checked: 00:00 to 23:59, as the protocol's `"HH:MM"`. Step rates are dose
//! rates in any unit; results come in `mcg/h` (step rates), `h` (step durations) and
//! `mcg/day` (daily totals), as in the protocol.

use itb::Error;
use itb::schedule::{
    self, DailyVolumeRequest, FlexDoseRequest, FlexStep, NightBoostRequest, Step, TimeOfDay,
};
use itb::units::{Duration, Given, Unit};

use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{ItbConcentration, ItbDoseRate, ItbDuration, ItbFlowRate, Unread, output};
use crate::status::{Failure, ItbError, ItbStatus};

/// The protocol's lead time of a night boost, in hours: seed 001 programs a rate change two
/// hours before the desired effect. Pass `(ItbDuration){ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS,
/// ITB_UNIT_HOUR}` to `itb_night_boost`.
pub const ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS: f64 = schedule::DEFAULT_LEAD_TIME_H;

/// A time of day to the minute, 00:00 to 23:59 (the protocol's `"HH:MM"`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItbTimeOfDay {
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
}

/// One step of a flex schedule: from `start`, deliver at `rate` until the next step's start
/// (the last step until the first step's start the next day).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbFlexStep {
    /// When the step begins.
    pub start: ItbTimeOfDay,
    /// Its dose rate, in any dose-rate unit (`ITB_UNIT_MCG_PER_HOUR`...), above zero.
    pub rate: ItbDoseRate,
}

/// A step as the library programs it (`itb_night_boost`): its start, rate and duration.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbProgrammedStep {
    /// When the step begins.
    pub start: ItbTimeOfDay,
    /// Its dose rate, always in `ITB_UNIT_MCG_PER_HOUR`.
    pub rate: ItbDoseRate,
    /// How long it lasts, always in `ITB_UNIT_HOUR`.
    pub duration: ItbDuration,
}

/// The core time of an `ItbTimeOfDay` (hour 0 to 23, minute 0 to 59: the core's check).
fn time_of_day(t: ItbTimeOfDay, field: &'static str) -> Result<TimeOfDay, Error> {
    let part = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
    TimeOfDay::from_hm(part(t.hour), part(t.minute), field)
}

/// A time the core reads in its turn: out of range, it is unreadable and the core's own error
/// on `field` is reported when the core reaches it.
fn given_time(t: ItbTimeOfDay, field: &'static str, unread: &mut Unread) -> Given<TimeOfDay> {
    match time_of_day(t, field) {
        Ok(time) => Given::new(time),
        Err(e) => {
            unread.keep(field, e.kind, e.into());
            Given::unreadable(e.kind)
        }
    }
}

fn time_out(t: TimeOfDay) -> ItbTimeOfDay {
    let (hour, minute) = t.hm();
    ItbTimeOfDay {
        hour: hour.into(),
        minute: minute.into(),
    }
}

/// The core steps of a C array. A start is a plain time in the core's step, so it is decoded
/// here (an hour above 23: `ITB_STATUS_OUT_OF_RANGE` on `steps[i].start`); each rate is read
/// by the core in its turn.
pub(crate) fn core_steps(
    steps: &[ItbFlexStep],
    unread: &mut Unread,
) -> Result<Vec<FlexStep>, Failure> {
    let mut out = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        let start = time_of_day(s.start, "start").map_err(|e| e.in_step(i))?;
        let rate = unread.input(s.rate, &format!("steps[{i}].rate"));
        out.push(FlexStep { start, rate });
    }
    Ok(out)
}

fn hours(d: &Duration) -> Result<ItbDuration, Failure> {
    output(d, Unit::Hour)
}

/// The flow that delivers a daily dose at a concentration (`itb_daily_volume`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbDailyVolume {
    /// Volume per day, always in `ITB_UNIT_ML_PER_DAY`.
    pub flow_rate: ItbFlowRate,
    /// The same flow per hour, always in `ITB_UNIT_ML_PER_HOUR`.
    pub hourly_flow: ItbFlowRate,
    /// False exactly when a finding is hard: the result must not be used as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The volume a pump must move per day to deliver `daily_dose` at `concentration`
/// (R = D / C; 500 mcg/day at 2 mg/mL is 0.25 mL/day).
///
/// Findings: `ITB_FINDING_NONSTANDARD_CONCENTRATION` (info),
/// `ITB_FINDING_CONCENTRATION_ABOVE_COMMERCIAL` (soft), `ITB_FINDING_DAILY_DOSE_ABOVE_1000`
/// (soft). Errors as for every typed input (`ITB_STATUS_INVALID_UNIT`, `UNIT_MISMATCH`,
/// `NOT_FINITE`, `NEGATIVE`), and `ITB_STATUS_ZERO` for a zero dose or concentration.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbDailyVolume`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_daily_volume(
    daily_dose: ItbDoseRate,
    concentration: ItbConcentration,
    out: *mut ItbDailyVolume,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = DailyVolumeRequest {
            daily_dose: unread.input(daily_dose, "daily_dose"),
            concentration: unread.input(concentration, "concentration"),
        };
        let computed = schedule::daily_volume(&request);
        let dv = unread.check(&computed)?;
        let findings = CFindings::of(&dv.findings)?;
        write_result!(
            out,
            findings,
            ItbDailyVolume {
                flow_rate: output(&dv.flow_rate, Unit::MlPerDay)?,
                hourly_flow: output(&dv.hourly_flow, Unit::MlPerHour)?,
            }
        );
        Ok(())
    })
}

/// The daily total of a flex schedule (`itb_flex_daily_dose`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbFlexDose {
    /// Σ rate × duration over 24 h, always in `ITB_UNIT_MCG_PER_DAY`.
    pub daily_dose: ItbDoseRate,
    /// False exactly when a finding is hard: the schedule must not be used as it stands.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The daily dose of a flex schedule: each step's rate holds until the next step's start, the
/// last until the first start the next day (04:00 at 24 mcg/h and 20:00 at 28.8 mcg/h:
/// 24 × 16 + 28.8 × 8 = 614.4 mcg/day). Starts must strictly increase; the first may be any
/// time.
///
/// `steps` holds `steps_len` steps. On success `durations[i]` receives how long step `i` lasts,
/// in `ITB_UNIT_HOUR`, for every step; `durations` must hold at least `steps_len` items, and is
/// written only on success, as `*out` is.
///
/// Findings: `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft) on the total.
/// Errors: `steps`, `durations` or `out` NULL → `ITB_STATUS_NULL_POINTER`; `durations_len`
/// below `steps_len` → `ITB_STATUS_BUFFER_TOO_SMALL` (field `durations_len`); no step →
/// `ITB_STATUS_INVALID_VALUE` (field `steps`); an hour above 23 or a minute above 59 →
/// `ITB_STATUS_OUT_OF_RANGE`; a start not after the one before → `ITB_STATUS_INVALID_VALUE`; a
/// zero rate → `ITB_STATUS_ZERO`; the quantity errors of every typed input. `ItbError.field`
/// names the step: `steps[2].start`, `steps[0].rate.unit`.
///
/// # Safety
/// `steps` is NULL or valid for reads of `steps_len` `ItbFlexStep`s; `durations` is NULL or
/// valid for writes of `durations_len` `ItbDuration`s; `out` is NULL or valid for a write of an
/// `ItbFlexDose`; `error` is NULL or valid for a write of an `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and durations were written"]
pub unsafe extern "C" fn itb_flex_daily_dose(
    steps: *const ItbFlexStep,
    steps_len: usize,
    durations: *mut ItbDuration,
    durations_len: usize,
    out: *mut ItbFlexDose,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        if steps.is_null() {
            return Err(Failure::null("steps"));
        }
        let durations = try_out!(durations, "durations");
        let out = try_out!(out, "out");
        if durations_len < steps_len {
            let message = format!(
                "durations_len {durations_len} is too small; allowed: steps_len ({steps_len}) \
                 or more"
            );
            return Err(Failure::new(
                ItbStatus::BufferTooSmall,
                "durations_len",
                message,
            ));
        }
        let mut unread = Unread::default();
        // SAFETY: non-NULL, and the caller promises `steps_len` readable steps.
        let steps = unsafe { std::slice::from_raw_parts(steps, steps_len) };
        let request = FlexDoseRequest {
            steps: core_steps(steps, &mut unread)?.into(),
        };
        let computed = schedule::flex_daily_dose(&request);
        let flex = unread.check(&computed)?;
        let lasting = flex
            .steps()
            .map(|s| hours(&s.duration))
            .collect::<Result<Vec<_>, _>>()?;
        let findings = CFindings::of(&flex.findings)?;
        let daily_dose = output(&flex.daily_dose, Unit::McgPerDay)?;
        // SAFETY: `durations` is non-NULL and holds `durations_len` ≥ `lasting.len()` items by
        // the caller's contract; it does not overlap `lasting`, which the library owns.
        unsafe {
            std::ptr::copy_nonoverlapping(lasting.as_ptr(), durations.as_ptr(), lasting.len());
        }
        write_result!(out, findings, ItbFlexDose { daily_dose });
        Ok(())
    })
}

/// A night-time boost (`itb_night_boost`): the two steps to program and their daily total.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbNightBoost {
    /// The boosted and the base step, ordered by start time from 00:00.
    pub steps: [ItbProgrammedStep; 2],
    /// The daily total, always in `ITB_UNIT_MCG_PER_DAY`.
    pub daily_dose: ItbDoseRate,
    /// False exactly when a finding is hard.
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// Raises the hourly rate of `base_daily_dose` by `boost_percent` from `effect_start` to
/// `effect_end`, both moved earlier by `lead_time` (seed 001: "a 20% increase in their hourly
/// infusion rate", programmed "two hours before the desired onset of clinical effect"; pass
/// `ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS` for the protocol's default). 576 mcg/day
/// (24 mcg/h) + 20 % from 22:00 to 06:00: 28.8 mcg/h from 20:00, 24 mcg/h from 04:00,
/// 614.4 mcg/day.
///
/// `boost_percent` is signed (a night-time reduction is negative) and above -100.
/// Findings: `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft) on the total.
/// Errors: a zero `base_daily_dose` → `ITB_STATUS_ZERO`; `boost_percent` NaN or infinite →
/// `ITB_STATUS_NOT_FINITE`, -100 or below → `ITB_STATUS_OUT_OF_RANGE`; an hour above 23 or a
/// minute above 59 → `ITB_STATUS_OUT_OF_RANGE`; `effect_end` equal to `effect_start` →
/// `ITB_STATUS_INVALID_VALUE`; a `lead_time` of 24 h or more → `ITB_STATUS_OUT_OF_RANGE`, not
/// a whole number of minutes → `ITB_STATUS_INVALID_VALUE`; the quantity errors of every typed
/// input.
///
/// # Safety
/// `out` is NULL or valid for a write of an `ItbNightBoost`; `error` is NULL or valid for a
/// write of an `ItbError`.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out was written"]
pub unsafe extern "C" fn itb_night_boost(
    base_daily_dose: ItbDoseRate,
    boost_percent: f64,
    effect_start: ItbTimeOfDay,
    effect_end: ItbTimeOfDay,
    lead_time: ItbDuration,
    out: *mut ItbNightBoost,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = NightBoostRequest {
            base_daily_dose: unread.input(base_daily_dose, "base_daily_dose"),
            boost_percent,
            effect_start: given_time(effect_start, "effect_start", &mut unread),
            effect_end: given_time(effect_end, "effect_end", &mut unread),
            lead_time: Some(unread.input(lead_time, "lead_time")),
        };
        let computed = schedule::night_boost(&request);
        let nb = unread.check(&computed)?;
        let step = |s: &Step| -> Result<ItbProgrammedStep, Failure> {
            Ok(ItbProgrammedStep {
                start: time_out(s.start),
                rate: output(&s.rate, Unit::McgPerHour)?,
                duration: hours(&s.duration)?,
            })
        };
        let steps = [step(&nb.steps[0])?, step(&nb.steps[1])?];
        let findings = CFindings::of(&nb.findings)?;
        write_result!(
            out,
            findings,
            ItbNightBoost {
                steps,
                daily_dose: output(&nb.daily_dose, Unit::McgPerDay)?,
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
    use crate::finding::{ITB_FINDING_DAILY_DOSE_ABOVE_1000, ITB_SEVERITY_SOFT};
    use crate::quantity::*;
    use crate::test_support::{Reported, error_field as field, zeroed_error};

    fn at(hour: u32, minute: u32) -> ItbTimeOfDay {
        ItbTimeOfDay { hour, minute }
    }

    fn step(hour: u32, minute: u32, mcg_per_h: f64) -> ItbFlexStep {
        ItbFlexStep {
            start: at(hour, minute),
            rate: ItbDoseRate {
                value: mcg_per_h,
                unit: ITB_UNIT_MCG_PER_HOUR,
            },
        }
    }

    fn flex(steps: &[ItbFlexStep]) -> Result<(ItbFlexDose, Vec<ItbDuration>), Reported> {
        let mut durations = vec![
            ItbDuration {
                value: -1.0,
                unit: 0
            };
            steps.len()
        ];
        let mut out = MaybeUninit::<ItbFlexDose>::uninit();
        let mut error = zeroed_error();
        // SAFETY: all pointers are valid for their lengths.
        let status = unsafe {
            itb_flex_daily_dose(
                steps.as_ptr(),
                steps.len(),
                durations.as_mut_ptr(),
                durations.len(),
                out.as_mut_ptr(),
                &mut error,
            )
        };
        match status {
            // SAFETY: on success the library wrote the whole struct.
            ItbStatus::Ok => Ok((unsafe { out.assume_init() }, durations)),
            s => {
                let untouched = durations.iter().all(|d| d.value == -1.0 && d.unit == 0);
                assert!(untouched, "durations written on failure");
                Err((s, field(&error).to_owned()))
            }
        }
    }

    #[test]
    fn flex_614_4_from_24_and_28_8_mcg_per_hour() {
        // Worked by hand (001 Administration/Delivery regimen): 24 mcg/h from 04:00 to 20:00 (16 h)
        // + 28.8 mcg/h from 20:00 to 04:00 (8 h) = 384 + 230.4 = 614.4 mcg/day.
        let (dose, durations) = flex(&[step(4, 0, 24.0), step(20, 0, 28.8)]).unwrap();
        assert_eq!(
            (dose.daily_dose.value, dose.daily_dose.unit),
            (614.4, ITB_UNIT_MCG_PER_DAY)
        );
        let got: Vec<(f64, u32)> = durations.iter().map(|d| (d.value, d.unit)).collect();
        assert_eq!(got, [(16.0, ITB_UNIT_HOUR), (8.0, ITB_UNIT_HOUR)]);
        assert!(dose.allowed && dose.findings_len == 0);
    }

    #[test]
    fn flex_above_1000_is_a_soft_finding_and_mg_rates_count() {
        // 0.05 mg/h = 50 mcg/h all day: 1200 mcg/day, above 1000.
        let s = ItbFlexStep {
            start: at(7, 30),
            rate: ItbDoseRate {
                value: 0.05,
                unit: ITB_UNIT_MG_PER_HOUR,
            },
        };
        let (dose, durations) = flex(&[s]).unwrap();
        assert_eq!(dose.daily_dose.value, 1200.0);
        assert_eq!(durations[0].value, 24.0); // one step: the whole day
        assert!(dose.allowed && dose.findings_len == 1);
        let f = dose.findings[0];
        assert_eq!(
            (f.code, f.severity),
            (ITB_FINDING_DAILY_DOSE_ABOVE_1000, ITB_SEVERITY_SOFT)
        );
    }

    #[test]
    fn flex_errors_name_the_step() {
        use ItbStatus::*;
        let bad_unit = ItbFlexStep {
            rate: ItbDoseRate {
                value: 24.0,
                unit: ITB_UNIT_ML_PER_HOUR,
            },
            ..step(20, 0, 0.0)
        };
        let cases: [(Vec<ItbFlexStep>, ItbStatus, &str); 8] = [
            (vec![], InvalidValue, "steps"),
            (vec![step(25, 0, 24.0)], OutOfRange, "steps[0].start"),
            (
                vec![step(4, 0, 24.0), step(24, 0, 24.0)],
                OutOfRange,
                "steps[1].start",
            ),
            (vec![step(12, 60, 24.0)], OutOfRange, "steps[0].start"),
            (
                vec![step(8, 0, 24.0), step(20, 0, 30.0), step(6, 0, 20.0)],
                InvalidValue,
                "steps[2].start",
            ),
            (
                vec![step(8, 0, 24.0), step(8, 0, 30.0)],
                InvalidValue,
                "steps[1].start",
            ),
            (
                vec![step(4, 0, 24.0), step(20, 0, 0.0)],
                Zero,
                "steps[1].rate",
            ),
            (
                vec![step(4, 0, 24.0), bad_unit],
                UnitMismatch,
                "steps[1].rate",
            ),
        ];
        for (steps, status, path) in cases {
            assert_eq!(flex(&steps).unwrap_err(), (status, path.to_owned()));
        }
        assert_eq!(
            flex(&[step(4, 0, f64::NAN)]).unwrap_err(),
            (NotFinite, "steps[0].rate".to_owned())
        );
        let nowhere = ItbFlexStep {
            rate: ItbDoseRate {
                value: 24.0,
                unit: 9,
            },
            ..step(4, 0, 0.0)
        };
        assert_eq!(
            flex(&[step(0, 0, 1.0), nowhere]).unwrap_err(),
            (InvalidUnit, "steps[1].rate.unit".to_owned())
        );
    }

    #[test]
    fn a_step_error_message_names_the_path_and_the_value() {
        let mut unread = Unread::default();
        let e = core_steps(&[step(4, 0, 24.0), step(25, 0, 30.0)], &mut unread).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            (
                "steps[1].start",
                "steps[1].start is out of range; allowed: a time of day from 00:00 to 23:59"
            )
        );
        let steps = core_steps(&[step(4, 0, -24.0)], &mut unread).unwrap();
        let e = unread.fail(schedule::flex_steps(&steps).unwrap_err());
        assert_eq!(
            e.message,
            "steps[0].rate is negative (-24 mcg/h); allowed: 0 or more"
        );
    }

    #[test]
    fn flex_pointers_and_capacity_are_checked_and_nothing_is_written() {
        let steps = [step(4, 0, 24.0), step(20, 0, 28.8)];
        let mut one = [ItbDuration {
            value: -1.0,
            unit: 0,
        }];
        let mut out = [0xA5u8; size_of::<ItbFlexDose>()];
        let mut error = zeroed_error();
        // SAFETY: each pointer is NULL or valid for its length.
        unsafe {
            let s = itb_flex_daily_dose(
                steps.as_ptr(),
                2,
                one.as_mut_ptr(),
                1,
                out.as_mut_ptr().cast(),
                &mut error,
            );
            assert_eq!(
                (s, field(&error)),
                (ItbStatus::BufferTooSmall, "durations_len")
            );
            let s = itb_flex_daily_dose(
                null(),
                0,
                one.as_mut_ptr(),
                1,
                out.as_mut_ptr().cast(),
                &mut error,
            );
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "steps"));
            let s = itb_flex_daily_dose(
                steps.as_ptr(),
                1,
                null_mut(),
                1,
                out.as_mut_ptr().cast(),
                &mut error,
            );
            assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "durations"));
            let s = itb_flex_daily_dose(
                steps.as_ptr(),
                1,
                one.as_mut_ptr(),
                1,
                null_mut(),
                null_mut(),
            );
            assert_eq!(s, ItbStatus::NullPointer);
        }
        assert_eq!((one[0].value, one[0].unit), (-1.0, 0));
        assert!(out.iter().all(|b| *b == 0xA5));
    }

    fn boost(
        base_mcg_per_day: f64,
        pct: f64,
        start: ItbTimeOfDay,
        end: ItbTimeOfDay,
        lead_hours: f64,
    ) -> Result<ItbNightBoost, Reported> {
        let base = ItbDoseRate {
            value: base_mcg_per_day,
            unit: ITB_UNIT_MCG_PER_DAY,
        };
        let lead = ItbDuration {
            value: lead_hours,
            unit: ITB_UNIT_HOUR,
        };
        let mut out = MaybeUninit::<ItbNightBoost>::uninit();
        let mut error = zeroed_error();
        // SAFETY: `out` and `error` are valid for writes.
        let status =
            unsafe { itb_night_boost(base, pct, start, end, lead, out.as_mut_ptr(), &mut error) };
        match status {
            // SAFETY: on success the library wrote the whole struct.
            ItbStatus::Ok => Ok(unsafe { out.assume_init() }),
            s => Err((s, field(&error).to_owned())),
        }
    }

    #[test]
    fn night_plus_20_percent_on_576_is_614_4() {
        // 001 Administration/Delivery regimen: 576 mcg/day = 24 mcg/h; +20 % = 28.8 mcg/h for
        // 22:00-06:00, moved 2 h earlier: 28.8 from 20:00 (8 h), 24 from 04:00 (16 h);
        // 230.4 + 384 = 614.4.
        let nb = boost(
            576.0,
            20.0,
            at(22, 0),
            at(6, 0),
            ITB_NIGHT_BOOST_DEFAULT_LEAD_TIME_HOURS,
        )
        .unwrap();
        let got: Vec<(ItbTimeOfDay, f64, f64)> = nb
            .steps
            .iter()
            .map(|s| (s.start, s.rate.value, s.duration.value))
            .collect();
        assert_eq!(got, [(at(4, 0), 24.0, 16.0), (at(20, 0), 28.8, 8.0)]);
        assert_eq!(nb.steps[0].rate.unit, ITB_UNIT_MCG_PER_HOUR);
        assert_eq!(nb.steps[0].duration.unit, ITB_UNIT_HOUR);
        assert_eq!(
            (nb.daily_dose.value, nb.daily_dose.unit),
            (614.4, ITB_UNIT_MCG_PER_DAY)
        );
        assert!(nb.allowed && nb.findings_len == 0);
    }

    #[test]
    fn night_boost_errors_name_the_argument() {
        use ItbStatus::*;
        let (s, e) = (at(22, 0), at(6, 0));
        let cases = [
            (boost(0.0, 20.0, s, e, 2.0), Zero, "base_daily_dose"),
            (
                boost(576.0, f64::NAN, s, e, 2.0),
                NotFinite,
                "boost_percent",
            ),
            (
                boost(576.0, f64::INFINITY, s, e, 2.0),
                NotFinite,
                "boost_percent",
            ),
            (boost(576.0, -100.0, s, e, 2.0), OutOfRange, "boost_percent"),
            (
                boost(576.0, 20.0, at(24, 0), e, 2.0),
                OutOfRange,
                "effect_start",
            ),
            (
                boost(576.0, 20.0, s, at(6, 99), 2.0),
                OutOfRange,
                "effect_end",
            ),
            (boost(576.0, 20.0, s, s, 2.0), InvalidValue, "effect_end"),
            (boost(576.0, 20.0, s, e, 24.0), OutOfRange, "lead_time"),
            (boost(576.0, 20.0, s, e, 0.01), InvalidValue, "lead_time"),
            (boost(576.0, 20.0, s, e, -1.0), Negative, "lead_time"),
        ];
        for (got, status, name) in cases {
            assert_eq!(got.unwrap_err(), (status, name.to_owned()));
        }
    }
}
