//! Tapering: a gradual reduction of the daily dose in equal steps, and `ItbDoseStep`, one step
//! of a dose schedule (a taper's, or a titration schedule's, `itb_titration_schedule`).
//!
//! The steps go into a caller-owned array with its capacity; the result reports the count they
//! need (see `itb_taper_schedule` for the protocol).

use itb::taper::{self, DoseStep, TaperRequest};
use itb::units::Unit;

use crate::array::{check_array, check_items, write_items};
use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{ItbDoseRate, ItbDuration, Unread, output};
use crate::status::{Failure, ItbError, ItbStatus};

/// The most steps a taper holds: `ITB_TAPER_MAX_STEPS` items are always enough for
/// `itb_taper_schedule`'s array.
pub const ITB_TAPER_MAX_STEPS: usize = 1000;

const _: () = assert!(
    ITB_TAPER_MAX_STEPS == taper::MAX_STEPS as usize,
    "ITB_TAPER_MAX_STEPS is the core's MAX_STEPS"
);

/// The protocol's time between the reductions of a taper, in days (what `has_interval = false`
/// uses).
pub const ITB_TAPER_DEFAULT_INTERVAL_DAYS: f64 = taper::DEFAULT_INTERVAL_DAYS;

/// One step of a dose schedule: from `at` on, the daily dose is `daily_dose`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbDoseStep {
    /// When the step starts, counted from today, always in `ITB_UNIT_DAY`.
    pub at: ItbDuration,
    /// The daily dose from then on, always in `ITB_UNIT_MCG_PER_DAY`.
    pub daily_dose: ItbDoseRate,
}

/// A core step in its C units.
pub(crate) fn dose_step(s: &DoseStep) -> Result<ItbDoseStep, Failure> {
    Ok(ItbDoseStep {
        at: output(&s.at, Unit::Day)?,
        daily_dose: output(&s.daily_dose, Unit::McgPerDay)?,
    })
}

/// A taper (the input of `itb_taper_schedule`). A zeroed `has_interval` is the protocol's
/// default interval, one day.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTaperRequest {
    /// The daily dose now; above zero.
    pub current_daily_dose: ItbDoseRate,
    /// The daily dose to reach: below the current one; zero is a taper to a stop.
    pub target_daily_dose: ItbDoseRate,
    /// How long the taper takes: at least one interval.
    pub duration: ItbDuration,
    /// True when `interval` holds the time between reductions; false:
    /// `ITB_TAPER_DEFAULT_INTERVAL_DAYS`.
    pub has_interval: bool,
    /// The time between reductions, above zero; read only when `has_interval`.
    pub interval: ItbDuration,
}

/// A taper schedule (`itb_taper_schedule`); its steps are in the caller's array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTaperSchedule {
    /// The number of reductions, floor(duration / interval), 1 to `ITB_TAPER_MAX_STEPS`: the
    /// number of steps the array needs.
    pub step_count: usize,
    /// The time between reductions, always in `ITB_UNIT_DAY`.
    pub interval: ItbDuration,
    /// False exactly when a finding is hard (none is: a taper's findings are soft or info).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// A gradual reduction from the current to the target daily dose in `step_count` =
/// floor(duration / interval) equal steps: step k (1 to n) at k × interval, current −
/// k × (current − target) / n, the last exactly the target (001 Administration/Delivery
/// regimen; worked by hand: 350 to 0 mcg/day over 15 days every 2 days: 7 steps of 50 mcg/day,
/// 300 on day 2 ... 0 on day 14).
///
/// The steps go into `steps`, a caller-owned array of `steps_capacity` items. `*out` is
/// written whenever the request is valid, its `step_count` the number of steps. When
/// `steps_capacity` is below `step_count` the call returns `ITB_STATUS_BUFFER_TOO_SMALL` and
/// writes no step (nothing or everything, never part); otherwise it writes `step_count` steps
/// (later items untouched) and returns `ITB_STATUS_OK`. `steps` may be NULL only with
/// `steps_capacity` 0: a count query. `ITB_TAPER_MAX_STEPS` items always suffice.
///
/// Findings: `ITB_FINDING_TAPER_FASTER_THAN_LABEL` (soft; under 14 days),
/// `ITB_FINDING_RESUME_AT_INITIAL_DOSE` (info; a taper to zero).
/// Errors: `request` or `out` NULL, or `steps` NULL with a capacity → `ITB_STATUS_NULL_POINTER`;
/// a zero current dose, duration or interval → `ITB_STATUS_ZERO`; a target at or above the
/// current dose (field `target_daily_dose`), a duration shorter than one interval (`duration`),
/// more than `ITB_TAPER_MAX_STEPS` steps (`interval`) → `ITB_STATUS_OUT_OF_RANGE`; the quantity
/// errors of every typed input; a too small array → `ITB_STATUS_BUFFER_TOO_SMALL` (field
/// `steps_capacity`; `*out` written).
///
/// # Safety
/// `request` is NULL or points at a readable `ItbTaperRequest`; `steps` is NULL or valid for
/// writes of `steps_capacity` `ItbDoseStep`s; `out` is NULL or valid for a write of an
/// `ItbTaperSchedule`; `error` is NULL or valid for a write of an `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and steps were written"]
pub unsafe extern "C" fn itb_taper_schedule(
    request: *const ItbTaperRequest,
    steps: *mut ItbDoseStep,
    steps_capacity: usize,
    out: *mut ItbTaperSchedule,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let r = try_ref!(request, "request");
        check_array(steps, steps_capacity, "steps", "steps_capacity")?;
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = TaperRequest {
            current_daily_dose: unread.input(r.current_daily_dose, "current_daily_dose"),
            target_daily_dose: unread.input(r.target_daily_dose, "target_daily_dose"),
            duration: unread.input(r.duration, "duration"),
            interval: r.has_interval.then(|| unread.input(r.interval, "interval")),
        };
        let computed = taper::taper_schedule(&request);
        let t = unread.check(&computed)?;
        check_items(t.steps().map(|s| dose_step(&s)))?;
        let findings = CFindings::of(&t.findings)?;
        let step_count = t.step_count as usize;
        write_result!(
            out,
            findings,
            ItbTaperSchedule {
                step_count,
                interval: output(&t.interval, Unit::Day)?,
            }
        );
        let all = t.steps().map(|s| dose_step(&s));
        // SAFETY: `steps` was checked by check_array; the caller's contract covers the rest.
        unsafe {
            write_items(
                all,
                step_count,
                steps,
                steps_capacity,
                "steps_capacity",
                "step_count",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use std::mem::MaybeUninit;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::finding::*;
    use crate::quantity::*;
    use crate::test_support::{error_field as field, static_str, zeroed_error};

    fn mcg_per_day(value: f64) -> ItbDoseRate {
        ItbDoseRate {
            value,
            unit: ITB_UNIT_MCG_PER_DAY,
        }
    }

    fn days(value: f64) -> ItbDuration {
        ItbDuration {
            value,
            unit: ITB_UNIT_DAY,
        }
    }

    /// 350 mcg/day to 0 over 15 days, every 2 days.
    fn taper_350() -> ItbTaperRequest {
        ItbTaperRequest {
            current_daily_dose: mcg_per_day(350.0),
            target_daily_dose: mcg_per_day(0.0),
            duration: days(15.0),
            has_interval: true,
            interval: days(2.0),
        }
    }

    const UNSET: ItbDoseStep = ItbDoseStep {
        at: ItbDuration {
            value: -1.0,
            unit: 0,
        },
        daily_dose: ItbDoseRate {
            value: -1.0,
            unit: 0,
        },
    };

    /// The status, the schedule when written, the array, and the field an error names.
    struct Called {
        status: ItbStatus,
        schedule: Option<ItbTaperSchedule>,
        steps: Vec<ItbDoseStep>,
        field: String,
    }

    fn taper(r: &ItbTaperRequest, capacity: usize) -> Called {
        let mut steps = vec![UNSET; capacity];
        let mut out = MaybeUninit::<ItbTaperSchedule>::uninit();
        let mut error = zeroed_error();
        let ptr = if capacity == 0 {
            null_mut()
        } else {
            steps.as_mut_ptr()
        };
        // SAFETY: `steps` holds `capacity` items (NULL when 0); the other pointers are valid.
        let status = unsafe { itb_taper_schedule(r, ptr, capacity, out.as_mut_ptr(), &mut error) };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        Called {
            status,
            // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
            schedule: written.then(|| unsafe { out.assume_init() }),
            steps,
            field: field(&error).to_owned(),
        }
    }

    fn pairs(steps: &[ItbDoseStep]) -> Vec<(f64, f64)> {
        steps
            .iter()
            .map(|s| (s.at.value, s.daily_dose.value))
            .collect()
    }

    #[test]
    fn fifteen_days_every_two_days_is_seven_steps_of_50() {
        // floor(15 / 2) = 7 steps of (350 − 0) / 7 = 50 mcg/day, on days 2, 4, ... 14. 15 days
        // is above 14: not faster than the label; a taper to zero: resume at the initial dose.
        let c = taper(&taper_350(), 7);
        assert_eq!(c.status, ItbStatus::Ok);
        let t = c.schedule.unwrap();
        assert_eq!(t.step_count, 7);
        assert_eq!((t.interval.value, t.interval.unit), (2.0, ITB_UNIT_DAY));
        assert_eq!(
            pairs(&c.steps),
            [
                (2.0, 300.0),
                (4.0, 250.0),
                (6.0, 200.0),
                (8.0, 150.0),
                (10.0, 100.0),
                (12.0, 50.0),
                (14.0, 0.0)
            ]
        );
        assert!(
            c.steps
                .iter()
                .all(|s| s.at.unit == ITB_UNIT_DAY && s.daily_dose.unit == ITB_UNIT_MCG_PER_DAY)
        );
        assert!(t.allowed && t.findings_len == 1);
        let f = t.findings[0];
        assert_eq!(
            (f.code, f.severity, static_str(f.source)),
            (
                ITB_FINDING_RESUME_AT_INITIAL_DOSE,
                ITB_SEVERITY_INFO,
                "001 Administration/Delivery regimen"
            )
        );
    }

    #[test]
    fn a_ten_day_taper_to_100_is_faster_than_the_label() {
        // 400 → 100 mcg/day over 10 days, default interval 1 day: 10 steps of 30 mcg/day; under
        // 14 days (soft); not to zero.
        let r = ItbTaperRequest {
            current_daily_dose: mcg_per_day(400.0),
            target_daily_dose: mcg_per_day(100.0),
            duration: days(10.0),
            has_interval: false,
            interval: days(f64::NAN), // not read
        };
        let c = taper(&r, ITB_TAPER_MAX_STEPS);
        assert_eq!(c.status, ItbStatus::Ok);
        let t = c.schedule.unwrap();
        assert_eq!((t.step_count, t.interval.value), (10, 1.0));
        assert_eq!(
            pairs(&c.steps[..3]),
            [(1.0, 370.0), (2.0, 340.0), (3.0, 310.0)]
        );
        assert_eq!(pairs(&c.steps[9..10]), [(10.0, 100.0)]);
        assert_eq!(c.steps[10], UNSET, "items past step_count are not written");
        assert!(t.allowed && t.findings_len == 1);
        let f = t.findings[0];
        assert_eq!(
            (f.code, f.severity),
            (ITB_FINDING_TAPER_FASTER_THAN_LABEL, ITB_SEVERITY_SOFT)
        );
        assert_eq!((f.subject.value, f.subject.unit), (10.0, ITB_UNIT_DAY));
        assert_eq!((f.limit.value, f.limit.unit), (14.0, ITB_UNIT_DAY));
    }

    #[test]
    fn the_capacity_protocol() {
        // A count query: NULL and 0. BUFFER_TOO_SMALL, *out written, step_count 7.
        let c = taper(&taper_350(), 0);
        assert_eq!(
            (c.status, c.field.as_str()),
            (ItbStatus::BufferTooSmall, "steps_capacity")
        );
        assert_eq!(c.schedule.unwrap().step_count, 7);
        // One short: the same, and not one step written.
        let c = taper(&taper_350(), 6);
        assert_eq!(c.status, ItbStatus::BufferTooSmall);
        let t = c.schedule.unwrap();
        assert_eq!((t.step_count, t.findings_len), (7, 1));
        assert!(c.steps.iter().all(|s| *s == UNSET));
        // Exactly enough, and more than enough: OK.
        assert_eq!(taper(&taper_350(), 7).status, ItbStatus::Ok);
        let c = taper(&taper_350(), 8);
        assert_eq!(c.status, ItbStatus::Ok);
        assert_eq!(c.steps[6].daily_dose.value, 0.0);
        assert_eq!(c.steps[7], UNSET);
        // NULL with a capacity: refused before anything.
        let mut out = [0xA5u8; size_of::<ItbTaperSchedule>()];
        let mut error = zeroed_error();
        // SAFETY: NULL steps with a capacity is refused; `out` is a buffer of the struct's size.
        let s = unsafe {
            itb_taper_schedule(
                &taper_350(),
                null_mut(),
                7,
                out.as_mut_ptr().cast(),
                &mut error,
            )
        };
        assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "steps"));
        assert!(out.iter().all(|b| *b == 0xA5));
    }

    #[test]
    fn errors_name_the_member_and_write_nothing() {
        use ItbStatus::*;
        let with = |edit: fn(&mut ItbTaperRequest)| {
            let mut r = taper_350();
            edit(&mut r);
            r
        };
        let cases: [(ItbTaperRequest, ItbStatus, &str); 9] = [
            (
                with(|r| r.current_daily_dose.value = 0.0),
                Zero,
                "current_daily_dose",
            ),
            (
                with(|r| r.target_daily_dose.value = 350.0),
                OutOfRange,
                "target_daily_dose",
            ),
            (
                with(|r| r.target_daily_dose.value = -1.0),
                Negative,
                "target_daily_dose",
            ),
            (with(|r| r.duration.value = 0.0), Zero, "duration"),
            // 1.5 days at a 2-day interval: not one interval.
            (with(|r| r.duration.value = 1.5), OutOfRange, "duration"),
            (with(|r| r.interval.value = 0.0), Zero, "interval"),
            // 15 days every 0.01 days: 1500 steps, more than 1000.
            (with(|r| r.interval.value = 0.01), OutOfRange, "interval"),
            (
                with(|r| r.interval.unit = ITB_UNIT_ML),
                UnitMismatch,
                "interval",
            ),
            (
                with(|r| r.duration.unit = ITB_UNIT_YEAR),
                InvalidUnit,
                "duration.unit",
            ),
        ];
        for (r, status, member) in cases {
            let c = taper(&r, 10);
            assert_eq!((c.status, c.field.as_str()), (status, member), "{r:?}");
            assert!(c.schedule.is_none());
            assert!(
                c.steps.iter().all(|s| *s == UNSET),
                "steps written on failure"
            );
        }
        let mut out = MaybeUninit::<ItbTaperSchedule>::uninit();
        let mut error = zeroed_error();
        // SAFETY: NULL pointers are allowed and refused.
        unsafe {
            let s = itb_taper_schedule(null(), null_mut(), 0, out.as_mut_ptr(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "request"));
            let s = itb_taper_schedule(&taper_350(), null_mut(), 0, null_mut(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "out"));
        }
    }
}
