//! A titration schedule: the steps from today's daily dose to a target, each within the
//! profile's guideline, one per minimum interval (a single change is `itb_titrate`). The steps
//! go into a caller-owned array of `ItbDoseStep`, as a taper's (`itb_taper_schedule`).

use itb::titration::{self, TitrationScheduleRequest};
use itb::units::Unit;

use crate::array::{check_array, check_items, write_items};
use crate::dosing::given;
use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::profile::decode;
use crate::quantity::{ItbDoseRate, ItbDuration, Unread, output};
use crate::status::{ItbError, ItbStatus};
use crate::taper::{ItbDoseStep, dose_step};

/// The most steps a titration schedule holds (a year of daily steps):
/// `ITB_TITRATION_MAX_STEPS` items are always enough for `itb_titration_schedule`'s array.
pub const ITB_TITRATION_MAX_STEPS: usize = 365;

const _: () = assert!(
    ITB_TITRATION_MAX_STEPS == titration::MAX_STEPS as usize,
    "ITB_TITRATION_MAX_STEPS is the core's MAX_STEPS"
);

/// The input of `itb_titration_schedule`. Set every member: a zeroed struct is refused
/// (profile 0), and its `pump_programmable` would be false, the UK's slower interval, never a
/// silent "programmable".
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTitrationScheduleRequest {
    /// `ITB_PROFILE_US` or `ITB_PROFILE_UK`: whose limits apply.
    pub profile: u32,
    /// `ITB_ORIGIN_SPINAL` or `ITB_ORIGIN_CEREBRAL`.
    pub origin: u32,
    /// `ITB_PHASE_TITRATION` or `ITB_PHASE_MAINTENANCE`.
    pub phase: u32,
    /// The daily dose now; above zero.
    pub current_daily_dose: ItbDoseRate,
    /// The daily dose to reach; above zero (equal to the current dose: no step).
    pub target_daily_dose: ItbDoseRate,
    /// True when `step_percent` holds the size of each step; false: the profile's largest
    /// increase for the origin and phase going up (titration: spinal 30, cerebral 15;
    /// maintenance: spinal 40 US / 30 UK, cerebral 20), 20 going down.
    pub has_step_percent: bool,
    /// The size of each step in percent of the dose before it, above zero (and below 100 for a
    /// decrease); read only when `has_step_percent`.
    pub step_percent: f64,
    /// True for a programmable pump (a step every 24 h); false: every 48 h under
    /// `ITB_PROFILE_UK`. The protocol's default is true.
    pub pump_programmable: bool,
    /// True when `age_years` holds the patient's age.
    pub has_age: bool,
    /// The patient's age in years, 0 to 150; read only when `has_age`.
    pub age_years: f64,
}

/// A titration schedule (`itb_titration_schedule`); its steps are in the caller's array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbTitrationSchedule {
    /// The number of steps, 0 (the target is today's dose) to `ITB_TITRATION_MAX_STEPS`: the
    /// number the array needs.
    pub step_count: usize,
    /// The step used, in percent (the one given, or the default).
    pub step_percent: f64,
    /// The time between steps: the profile's minimum interval, always in `ITB_UNIT_DAY`.
    pub interval: ItbDuration,
    /// step_count × interval, always in `ITB_UNIT_DAY`.
    pub days_to_target: ItbDuration,
    /// False exactly when a finding is hard (`ITB_FINDING_AGE_BELOW_4_YEARS` under UK).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The steps from the current to the target daily dose: each the previous × (1 + step / 100)
/// going up, × (1 − step / 100) going down, never past the target (the last is exactly the
/// target), step k at k × interval; the interval is the profile's minimum (1 day; 2 days under
/// `ITB_PROFILE_UK` for a pump that is not programmable). 001 Dosage/Dose-Titration Phase;
/// worked by hand: UK, spinal, titration, 100 → 200 mcg/day at the default 30 %: 130, 169,
/// then 219.7 is past 200, so 200 on day 3.
///
/// The steps go into `steps`, a caller-owned array of `steps_capacity` items, under the
/// protocol of `itb_taper_schedule`: `*out` is written whenever the request is valid, its
/// `step_count` the number of steps; a capacity below it is `ITB_STATUS_BUFFER_TOO_SMALL` with
/// no step written; `steps` may be NULL only with `steps_capacity` 0 (a count query; with a
/// `step_count` of 0 it returns `ITB_STATUS_OK`). `ITB_TITRATION_MAX_STEPS` items always
/// suffice.
///
/// Findings: `ITB_FINDING_STEP_ABOVE_GUIDELINE` (soft; an increase step above the profile's
/// range), `ITB_FINDING_DECREASE_ABOVE_GUIDELINE` (soft; a decrease step above 20 %),
/// `ITB_FINDING_DAILY_DOSE_ABOVE_1000` (soft; the target), `ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE`
/// (soft; maintenance, the target), `ITB_FINDING_AGE_BELOW_4_YEARS` (US soft, UK hard).
/// Errors: `request` or `out` NULL, or `steps` NULL with a capacity → `ITB_STATUS_NULL_POINTER`;
/// an unknown `profile`, `origin` or `phase` → `ITB_STATUS_INVALID_ARGUMENT`; a zero dose →
/// `ITB_STATUS_ZERO`; `step_percent` NaN or infinite → `ITB_STATUS_NOT_FINITE`, negative →
/// `ITB_STATUS_NEGATIVE`, zero → `ITB_STATUS_ZERO`, 100 or more for a decrease, or a step that
/// takes more than `ITB_TITRATION_MAX_STEPS` steps → `ITB_STATUS_OUT_OF_RANGE`; the age as in
/// `itb_titrate`; the quantity errors of every typed input; a too small array →
/// `ITB_STATUS_BUFFER_TOO_SMALL` (field `steps_capacity`; `*out` written).
///
/// # Safety
/// `request` is NULL or points at a readable `ItbTitrationScheduleRequest`; `steps` is NULL or
/// valid for writes of `steps_capacity` `ItbDoseStep`s; `out` is NULL or valid for a write of
/// an `ItbTitrationSchedule`; `error` is NULL or valid for a write of an `ItbError`; none
/// overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and steps were written"]
pub unsafe extern "C" fn itb_titration_schedule(
    request: *const ItbTitrationScheduleRequest,
    steps: *mut ItbDoseStep,
    steps_capacity: usize,
    out: *mut ItbTitrationSchedule,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let r = try_ref!(request, "request");
        check_array(steps, steps_capacity, "steps", "steps_capacity")?;
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let request = TitrationScheduleRequest {
            profile: decode(r.profile, "profile")?,
            origin: given(r.origin, "origin", &mut unread),
            phase: given(r.phase, "phase", &mut unread),
            current_daily_dose: unread.input(r.current_daily_dose, "current_daily_dose"),
            target_daily_dose: unread.input(r.target_daily_dose, "target_daily_dose"),
            step_percent: r.has_step_percent.then_some(r.step_percent),
            pump_programmable: Some(r.pump_programmable),
            age_years: r.has_age.then_some(r.age_years),
        };
        let computed = titration::titration_schedule(&request);
        let s = unread.check(&computed)?;
        check_items(s.steps().map(|d| dose_step(&d)))?;
        let findings = CFindings::of(&s.findings)?;
        let step_count = s.step_count as usize;
        write_result!(
            out,
            findings,
            ItbTitrationSchedule {
                step_count,
                step_percent: s.step_percent,
                interval: output(&s.interval, Unit::Day)?,
                days_to_target: output(&s.days_to_target, Unit::Day)?,
            }
        );
        let all = s.steps().map(|d| dose_step(&d));
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
    use crate::profile::*;
    use crate::quantity::*;
    use crate::test_support::{error_field as field, zeroed_error};

    fn mcg_per_day(value: f64) -> ItbDoseRate {
        ItbDoseRate {
            value,
            unit: ITB_UNIT_MCG_PER_DAY,
        }
    }

    /// UK, spinal, titration, 100 → 200 mcg/day, the default step, a programmable pump.
    fn uk_100_to_200() -> ItbTitrationScheduleRequest {
        ItbTitrationScheduleRequest {
            profile: ITB_PROFILE_UK,
            origin: ITB_ORIGIN_SPINAL,
            phase: ITB_PHASE_TITRATION,
            current_daily_dose: mcg_per_day(100.0),
            target_daily_dose: mcg_per_day(200.0),
            has_step_percent: false,
            step_percent: f64::NAN, // not read
            pump_programmable: true,
            has_age: false,
            age_years: f64::NAN, // not read
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

    type Called = (
        ItbStatus,
        Option<ItbTitrationSchedule>,
        Vec<ItbDoseStep>,
        String,
    );

    fn schedule(r: &ItbTitrationScheduleRequest, capacity: usize) -> Called {
        let mut steps = vec![UNSET; capacity];
        let mut out = MaybeUninit::<ItbTitrationSchedule>::uninit();
        let mut error = zeroed_error();
        let ptr = if capacity == 0 {
            null_mut()
        } else {
            steps.as_mut_ptr()
        };
        // SAFETY: `steps` holds `capacity` items (NULL when 0); the other pointers are valid.
        let status =
            unsafe { itb_titration_schedule(r, ptr, capacity, out.as_mut_ptr(), &mut error) };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
        let s = written.then(|| unsafe { out.assume_init() });
        (status, s, steps, field(&error).to_owned())
    }

    fn pairs(steps: &[ItbDoseStep]) -> Vec<(f64, f64)> {
        steps
            .iter()
            .map(|s| (s.at.value, s.daily_dose.value))
            .collect()
    }

    fn codes(s: &ItbTitrationSchedule) -> Vec<u32> {
        let mut codes: Vec<u32> = s.findings[..s.findings_len]
            .iter()
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn uk_spinal_100_to_200_is_130_169_200() {
        // 001 Dosage/Dose-Titration Phase: +30 % a day: 130, 169, then 219.7 > 200: 200 on day 3.
        let (status, s, steps, _) = schedule(&uk_100_to_200(), ITB_TITRATION_MAX_STEPS);
        assert_eq!(status, ItbStatus::Ok);
        let s = s.unwrap();
        assert_eq!((s.step_count, s.step_percent), (3, 30.0));
        assert_eq!((s.interval.value, s.interval.unit), (1.0, ITB_UNIT_DAY));
        assert_eq!(
            (s.days_to_target.value, s.days_to_target.unit),
            (3.0, ITB_UNIT_DAY)
        );
        assert_eq!(
            pairs(&steps[..3]),
            [(1.0, 130.0), (2.0, 169.0), (3.0, 200.0)]
        );
        assert_eq!(steps[0].daily_dose.unit, ITB_UNIT_MCG_PER_DAY);
        assert_eq!(steps[3], UNSET);
        assert!(s.allowed && s.findings_len == 0);
        // A fixed-flow pump under UK: every 2 days, the target on day 6.
        let fixed = ItbTitrationScheduleRequest {
            pump_programmable: false,
            ..uk_100_to_200()
        };
        let (_, s, steps, _) = schedule(&fixed, 3);
        let s = s.unwrap();
        assert_eq!((s.interval.value, s.days_to_target.value), (2.0, 6.0));
        assert_eq!(pairs(&steps), [(2.0, 130.0), (4.0, 169.0), (6.0, 200.0)]);
    }

    #[test]
    fn a_decrease_and_the_guideline_findings() {
        // Down from 500 to 300 at the default 20 %: 400, 320, then 256 < 300: 300 on day 3.
        let down = ItbTitrationScheduleRequest {
            current_daily_dose: mcg_per_day(500.0),
            target_daily_dose: mcg_per_day(300.0),
            ..uk_100_to_200()
        };
        let (_, s, steps, _) = schedule(&down, 3);
        let s = s.unwrap();
        assert_eq!((s.step_count, s.step_percent), (3, 20.0));
        assert_eq!(pairs(&steps), [(1.0, 400.0), (2.0, 320.0), (3.0, 300.0)]);
        assert!(s.findings_len == 0);
        // 25 % down is above the 20 % guideline (soft): 375, 300.
        let (_, s, _, _) = schedule(
            &ItbTitrationScheduleRequest {
                has_step_percent: true,
                step_percent: 25.0,
                ..down
            },
            3,
        );
        assert_eq!(codes(&s.unwrap()), [ITB_FINDING_DECREASE_ABOVE_GUIDELINE]);
        // Up at 50 %, above UK spinal titration's 30 % (soft); to 1200 mcg/day, above 1000
        // (soft); US, a 3-year-old (soft under US).
        let up = ItbTitrationScheduleRequest {
            profile: ITB_PROFILE_US,
            target_daily_dose: mcg_per_day(1200.0),
            has_step_percent: true,
            step_percent: 50.0,
            has_age: true,
            age_years: 3.0,
            ..uk_100_to_200()
        };
        let (status, s, _, _) = schedule(&up, 0);
        // 100 × 1.5^k: 150, 225, 337.5, 506.25, 759.375, then 1139.06, then 1200: 7 steps.
        assert_eq!(status, ItbStatus::BufferTooSmall);
        let s = s.unwrap();
        assert_eq!(s.step_count, 7);
        assert!(s.allowed);
        assert_eq!(
            codes(&s),
            [
                ITB_FINDING_DAILY_DOSE_ABOVE_1000,
                ITB_FINDING_AGE_BELOW_4_YEARS,
                ITB_FINDING_STEP_ABOVE_GUIDELINE
            ]
        );
        // Maintenance, cerebral: 300 → 1500 is above 1000 and outside 22–1400 mcg/day (001
        // Dosage/Maintenance).
        let maintenance = ItbTitrationScheduleRequest {
            origin: ITB_ORIGIN_CEREBRAL,
            phase: ITB_PHASE_MAINTENANCE,
            current_daily_dose: mcg_per_day(300.0),
            target_daily_dose: mcg_per_day(1500.0),
            profile: ITB_PROFILE_US,
            ..uk_100_to_200()
        };
        let (_, s, _, _) = schedule(&maintenance, 0);
        assert_eq!(
            codes(&s.unwrap()),
            [
                ITB_FINDING_DAILY_DOSE_ABOVE_1000,
                ITB_FINDING_OUTSIDE_MAINTENANCE_RANGE
            ]
        );
    }

    #[test]
    fn the_capacity_protocol() {
        // Count query: NULL, 0 → BUFFER_TOO_SMALL with step_count 3; 2 items: the same, none
        // written; the target today: 0 steps, and the count query is OK.
        let (status, s, _, f) = schedule(&uk_100_to_200(), 0);
        assert_eq!(
            (status, f.as_str()),
            (ItbStatus::BufferTooSmall, "steps_capacity")
        );
        assert_eq!(s.unwrap().step_count, 3);
        let (status, s, steps, _) = schedule(&uk_100_to_200(), 2);
        assert_eq!(status, ItbStatus::BufferTooSmall);
        assert_eq!(s.unwrap().step_count, 3);
        assert!(steps.iter().all(|s| *s == UNSET));
        let same = ItbTitrationScheduleRequest {
            target_daily_dose: mcg_per_day(100.0),
            ..uk_100_to_200()
        };
        let (status, s, _, _) = schedule(&same, 0);
        assert_eq!(status, ItbStatus::Ok);
        let s = s.unwrap();
        assert_eq!((s.step_count, s.days_to_target.value), (0, 0.0));
        // NULL with a capacity is refused before anything.
        let mut error = zeroed_error();
        let mut out = [0xA5u8; size_of::<ItbTitrationSchedule>()];
        // SAFETY: NULL steps with a capacity is refused; `out` is a buffer of the struct's size.
        let s = unsafe {
            itb_titration_schedule(
                &uk_100_to_200(),
                null_mut(),
                1,
                out.as_mut_ptr().cast(),
                &mut error,
            )
        };
        assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "steps"));
        assert!(out.iter().all(|b| *b == 0xA5));
    }

    #[test]
    fn errors_name_the_member() {
        use ItbStatus::*;
        let with = |edit: fn(&mut ItbTitrationScheduleRequest)| {
            let mut r = uk_100_to_200();
            edit(&mut r);
            r
        };
        let cases: [(ItbTitrationScheduleRequest, ItbStatus, &str); 11] = [
            (with(|r| r.profile = 0), InvalidArgument, "profile"),
            (
                with(|r| r.origin = ITB_PHASE_TITRATION),
                InvalidArgument,
                "origin",
            ),
            (with(|r| r.phase = 0), InvalidArgument, "phase"),
            (
                with(|r| r.current_daily_dose.value = 0.0),
                Zero,
                "current_daily_dose",
            ),
            (
                with(|r| r.target_daily_dose.unit = ITB_UNIT_MCG),
                UnitMismatch,
                "target_daily_dose",
            ),
            (
                with(|r| (r.has_step_percent, r.step_percent) = (true, 0.0)),
                Zero,
                "step_percent",
            ),
            (
                with(|r| (r.has_step_percent, r.step_percent) = (true, -5.0)),
                Negative,
                "step_percent",
            ),
            (
                with(|r| (r.has_step_percent, r.step_percent) = (true, f64::NAN)),
                NotFinite,
                "step_percent",
            ),
            // 100 → 200 at 0.1 %: ln 2 / ln 1.001 = 694 steps, more than 365.
            (
                with(|r| (r.has_step_percent, r.step_percent) = (true, 0.1)),
                OutOfRange,
                "step_percent",
            ),
            (
                with(|r| {
                    r.target_daily_dose.value = 50.0;
                    (r.has_step_percent, r.step_percent) = (true, 100.0);
                }),
                OutOfRange,
                "step_percent",
            ),
            (
                with(|r| (r.has_age, r.age_years) = (true, 151.0)),
                OutOfRange,
                "age_years",
            ),
        ];
        for (r, status, member) in cases {
            let (got, s, steps, f) = schedule(&r, 5);
            assert_eq!((got, f.as_str()), (status, member), "{r:?}");
            assert!(s.is_none() && steps.iter().all(|s| *s == UNSET));
        }
        let mut out = MaybeUninit::<ItbTitrationSchedule>::uninit();
        let mut error = zeroed_error();
        // SAFETY: NULL pointers are allowed and refused.
        unsafe {
            let s = itb_titration_schedule(null(), null_mut(), 0, out.as_mut_ptr(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "request"));
            let s = itb_titration_schedule(&uk_100_to_200(), null_mut(), 0, null_mut(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "out"));
        }
    }
}
