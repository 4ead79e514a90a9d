//! A one-compartment estimate of baclofen in the cerebrospinal fluid after a lumbar bolus or
//! during an infusion (002 Clinical Pharmacology): always an estimate, never a dosing rule.
//!
//! What is given is a `uint32_t` code like the other enumerations (7x: `ITB_PK_BOLUS`,
//! `ITB_PK_INFUSION`); the times are an array of durations; the points go into a caller-owned
//! array with its capacity, as the steps of `itb_taper_schedule` do.

use itb::ErrorKind;
use itb::pharmacokinetics::{self, Dosing, PkPoint, PkRequest};
use itb::units::{Duration, Input, Unit};

use crate::array::{check_array, check_items, write_items};
use crate::finding::{CFindings, ITB_FINDINGS_CAPACITY, ItbFinding};
use crate::quantity::{
    ItbConcentration, ItbDoseRate, ItbDuration, ItbFlowRate, ItbMass, ItbVolume, Unread, output,
};
use crate::status::{Failure, ItbError, ItbStatus};

/// One lumbar bolus at time 0 (`ItbPkRequest.bolus`).
pub const ITB_PK_BOLUS: u32 = 71;
/// A continuous infusion from time 0 (`ItbPkRequest.daily_dose`).
pub const ITB_PK_INFUSION: u32 = 72;
/// The most time points one profile computes (`ItbPkRequest.times_len`).
pub const ITB_PK_MAX_TIMES: usize = 1000;

const _: () = assert!(
    ITB_PK_MAX_TIMES == pharmacokinetics::MAX_TIMES,
    "ITB_PK_MAX_TIMES is the core's MAX_TIMES"
);

/// The mean CSF elimination half-life, in hours (002 Clinical Pharmacology), what
/// `has_half_life = false` uses.
pub const ITB_PK_DEFAULT_HALF_LIFE_HOURS: f64 = pharmacokinetics::DEFAULT_HALF_LIFE_H;
/// The mean CSF clearance, in mL/h (002 Clinical Pharmacology), what `has_clearance = false`
/// uses.
pub const ITB_PK_DEFAULT_CLEARANCE_ML_PER_HOUR: f64 = pharmacokinetics::DEFAULT_CLEARANCE_ML_PER_H;

/// What to estimate (the input of `itb_pk_profile`). Zeroed `has_*` flags are the protocol's
/// defaults; a zeroed `kind` is refused.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbPkRequest {
    /// `ITB_PK_BOLUS` or `ITB_PK_INFUSION`.
    pub kind: u32,
    /// The bolus, above zero; read only when `kind` is `ITB_PK_BOLUS`.
    pub bolus: ItbMass,
    /// The daily dose of the infusion, above zero; read only when `kind` is `ITB_PK_INFUSION`.
    pub daily_dose: ItbDoseRate,
    /// The times to estimate, counted from the bolus or the start of the infusion, each 0 or
    /// more; not NULL when `times_len` is above 0.
    pub times: *const ItbDuration,
    /// The number of `times`: 1 to `ITB_PK_MAX_TIMES`.
    pub times_len: usize,
    /// True when `half_life` holds the CSF half-life; false:
    /// `ITB_PK_DEFAULT_HALF_LIFE_HOURS`.
    pub has_half_life: bool,
    /// The CSF elimination half-life, above zero; read only when `has_half_life`.
    pub half_life: ItbDuration,
    /// True when `clearance` holds the CSF clearance; false:
    /// `ITB_PK_DEFAULT_CLEARANCE_ML_PER_HOUR`.
    pub has_clearance: bool,
    /// The CSF clearance, above zero; read only when `has_clearance`.
    pub clearance: ItbFlowRate,
}

/// One estimated point: the CSF concentrations at a time.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItbPkPoint {
    /// The time of the request, always in `ITB_UNIT_HOUR`.
    pub time: ItbDuration,
    /// The lumbar CSF concentration, always in `ITB_UNIT_MCG_PER_ML`.
    pub lumbar: ItbConcentration,
    /// The cisternal CSF concentration, lumbar / 4, always in `ITB_UNIT_MCG_PER_ML`.
    pub cisternal: ItbConcentration,
}

/// A CSF profile (`itb_pk_profile`); its points are in the caller's array.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbPkProfile {
    /// The number of points, `times_len`: the number the array needs.
    pub point_count: usize,
    /// The distribution volume, clearance × half-life / ln 2, always in `ITB_UNIT_ML`.
    pub volume: ItbVolume,
    /// True for an infusion: `steady_state` holds its steady state.
    pub has_steady_state: bool,
    /// An infusion's steady state, rate / clearance, always in `ITB_UNIT_MCG_PER_ML`; zeros
    /// with unit 0 for a bolus.
    pub steady_state: ItbConcentration,
    /// True for an infusion: `time_to_90_percent` holds its time to 90 % of the steady state.
    pub has_time_to_90_percent: bool,
    /// An infusion's time to 90 % of its steady state, ln 10 × half-life / ln 2, always in
    /// `ITB_UNIT_HOUR`; zeros with unit 0 for a bolus.
    pub time_to_90_percent: ItbDuration,
    /// False exactly when a finding is hard (none is).
    pub allowed: bool,
    /// The number of findings in `findings`.
    pub findings_len: usize,
    /// `findings[0]` to `findings[findings_len - 1]`; later slots have code 0.
    pub findings: [ItbFinding; ITB_FINDINGS_CAPACITY],
}

/// The core dosing of `kind`, or `ITB_STATUS_INVALID_ARGUMENT` naming `kind`.
fn dosing(r: &ItbPkRequest, unread: &mut Unread) -> Result<Dosing, Failure> {
    match r.kind {
        ITB_PK_BOLUS => Ok(Dosing::Bolus(unread.input(r.bolus, "bolus"))),
        ITB_PK_INFUSION => Ok(Dosing::DailyDose(unread.input(r.daily_dose, "daily_dose"))),
        other => {
            let message = format!(
                "kind: {other} is not an ITB_PK_* code; allowed: {ITB_PK_BOLUS} (bolus), \
                 {ITB_PK_INFUSION} (infusion)"
            );
            Err(Failure::new(ItbStatus::InvalidArgument, "kind", message))
        }
    }
}

/// The core's times of the request: each element read by the core in its turn (its errors
/// name `times[i]`). More than `ITB_PK_MAX_TIMES` are not read at all: a list one over the
/// limit stands for them, which the core refuses in its turn (after the dose), reported with
/// the caller's count.
///
/// # Safety
/// `r.times` is valid for reads of `r.times_len` durations when `r.times_len` is at most
/// `ITB_PK_MAX_TIMES`.
unsafe fn times(r: &ItbPkRequest, unread: &mut Unread) -> Result<Vec<Input<Duration>>, Failure> {
    if r.times_len > ITB_PK_MAX_TIMES {
        let message = format!(
            "times: times_len {} is above ITB_PK_MAX_TIMES; allowed: 1 to 1,000 times",
            r.times_len
        );
        let failure = Failure::new(ItbStatus::OutOfRange, "times", message);
        unread.keep("times", ErrorKind::OutOfRange, failure);
        return Ok(vec![Input::new(0.0, Unit::Hour); ITB_PK_MAX_TIMES + 1]);
    }
    if r.times_len == 0 {
        return Ok(Vec::new()); // the core refuses an empty list
    }
    if r.times.is_null() {
        return Err(Failure::null("request.times"));
    }
    // SAFETY: non-NULL, and the caller promises `times_len` readable durations.
    let given = unsafe { std::slice::from_raw_parts(r.times, r.times_len) };
    let read = given
        .iter()
        .enumerate()
        .map(|(i, t)| unread.input_named(*t, || format!("times[{i}]")))
        .collect();
    Ok(read)
}

fn point(p: &PkPoint) -> Result<ItbPkPoint, Failure> {
    Ok(ItbPkPoint {
        time: output(&p.time, Unit::Hour)?,
        lumbar: output(&p.lumbar, Unit::McgPerMl)?,
        cisternal: output(&p.cisternal, Unit::McgPerMl)?,
    })
}

/// The estimated lumbar and cisternal CSF concentrations at the request's times (in their
/// order), after a bolus B at time 0 or during an infusion at R from time 0: k = ln 2 /
/// half-life, V = clearance / k; a bolus C(t) = B / V × e^(−k t); an infusion C(t) = R /
/// clearance × (1 − e^(−k t)); cisternal = lumbar / 4 (002 Clinical Pharmacology: half-life
/// 1.51 h, clearance 30 mL/h, gradient about 4:1). Worked by hand: 100 mcg: V = 30 × 1.51 /
/// ln 2 = 65.354 mL, C(0) = 100 / 65.354 = 1.5301 mcg/mL, half of it at 1.51 h.
///
/// The points go into `points`, a caller-owned array of `points_capacity` items, under the
/// protocol of `itb_taper_schedule`: `*out` is written whenever the request is valid, its
/// `point_count` (`times_len`) the number of points; a capacity below it is
/// `ITB_STATUS_BUFFER_TOO_SMALL` with no point written; `points` may be NULL only with
/// `points_capacity` 0 (a count query).
///
/// Findings: `ITB_FINDING_MODEL_ESTIMATE` (info), always.
/// Errors: `request` or `out` NULL, `request->times` NULL with a `times_len`, or `points` NULL
/// with a capacity → `ITB_STATUS_NULL_POINTER`; an unknown `kind` →
/// `ITB_STATUS_INVALID_ARGUMENT`; a zero bolus → `ITB_STATUS_OUT_OF_RANGE`; a zero daily dose,
/// half-life or clearance → `ITB_STATUS_ZERO`; `times_len` 0 → `ITB_STATUS_INVALID_VALUE`, above
/// `ITB_PK_MAX_TIMES` → `ITB_STATUS_OUT_OF_RANGE` (field `times`); a bad time → its quantity
/// error naming it (`times[3]`, `times[3].unit`); the quantity errors of every typed input; a
/// too small array → `ITB_STATUS_BUFFER_TOO_SMALL` (field `points_capacity`; `*out` written).
///
/// # Safety
/// `request` is NULL or points at a readable `ItbPkRequest` whose `times` holds `times_len`
/// readable durations (when `times_len` is 1 to `ITB_PK_MAX_TIMES`; it is not read otherwise);
/// `points` is NULL or valid for writes of `points_capacity` `ItbPkPoint`s; `out` is NULL or
/// valid for a write of an `ItbPkProfile`; `error` is NULL or valid for a write of an
/// `ItbError`; none overlap.
#[unsafe(no_mangle)]
#[must_use = "the status says whether *out and points were written"]
pub unsafe extern "C" fn itb_pk_profile(
    request: *const ItbPkRequest,
    points: *mut ItbPkPoint,
    points_capacity: usize,
    out: *mut ItbPkProfile,
    error: *mut ItbError,
) -> ItbStatus {
    ffi_panic_boundary!(error, {
        let r = try_ref!(request, "request");
        check_array(points, points_capacity, "points", "points_capacity")?;
        let out = try_out!(out, "out");
        let mut unread = Unread::default();
        let dosing = dosing(r, &mut unread)?;
        // SAFETY: the caller's contract on `request.times` is `times`'s.
        let times = unsafe { times(r, &mut unread)? };
        let request = PkRequest {
            dosing,
            times: times.into(),
            half_life: r
                .has_half_life
                .then(|| unread.input(r.half_life, "half_life")),
            clearance: r
                .has_clearance
                .then(|| unread.input(r.clearance, "clearance")),
        };
        let computed = pharmacokinetics::pk_profile(&request);
        let p = unread.check(&computed)?;
        check_items(p.points().map(|x| point(&x)))?;
        let findings = CFindings::of(&p.findings)?;
        let point_count = p.points().count();
        let (has_steady_state, steady_state) = match &p.steady_state {
            Some(c) => (true, output(c, Unit::McgPerMl)?),
            None => (
                false,
                ItbConcentration {
                    value: 0.0,
                    unit: 0,
                },
            ),
        };
        let (has_time_to_90_percent, time_to_90_percent) = match &p.time_to_90_percent {
            Some(d) => (true, output(d, Unit::Hour)?),
            None => (
                false,
                ItbDuration {
                    value: 0.0,
                    unit: 0,
                },
            ),
        };
        write_result!(
            out,
            findings,
            ItbPkProfile {
                point_count,
                volume: output(&p.volume, Unit::Milliliter)?,
                has_steady_state,
                steady_state,
                has_time_to_90_percent,
                time_to_90_percent,
            }
        );
        let all = p.points().map(|x| point(&x));
        // SAFETY: `points` was checked by check_array; the caller's contract covers the rest.
        unsafe {
            write_items(
                all,
                point_count,
                points,
                points_capacity,
                "points_capacity",
                "point_count",
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

    fn hours(value: f64) -> ItbDuration {
        ItbDuration {
            value,
            unit: ITB_UNIT_HOUR,
        }
    }

    /// A 100 mcg bolus at `times`, the label's half-life and clearance.
    fn bolus_100(times: &[ItbDuration]) -> ItbPkRequest {
        ItbPkRequest {
            kind: ITB_PK_BOLUS,
            bolus: ItbMass {
                value: 100.0,
                unit: ITB_UNIT_MCG,
            },
            daily_dose: ItbDoseRate {
                value: f64::NAN,
                unit: 0,
            }, // not read
            times: times.as_ptr(),
            times_len: times.len(),
            has_half_life: false,
            half_life: hours(f64::NAN), // not read
            has_clearance: false,
            clearance: ItbFlowRate {
                value: f64::NAN,
                unit: 0,
            }, // not read
        }
    }

    const UNSET: ItbPkPoint = ItbPkPoint {
        time: ItbDuration {
            value: -1.0,
            unit: 0,
        },
        lumbar: ItbConcentration {
            value: -1.0,
            unit: 0,
        },
        cisternal: ItbConcentration {
            value: -1.0,
            unit: 0,
        },
    };

    type Called = (ItbStatus, Option<ItbPkProfile>, Vec<ItbPkPoint>, String);

    fn profile(r: &ItbPkRequest, capacity: usize) -> Called {
        let mut points = vec![UNSET; capacity];
        let mut out = MaybeUninit::<ItbPkProfile>::uninit();
        let mut error = zeroed_error();
        let ptr = if capacity == 0 {
            null_mut()
        } else {
            points.as_mut_ptr()
        };
        // SAFETY: `points` holds `capacity` items (NULL when 0); the other pointers are valid.
        let status = unsafe { itb_pk_profile(r, ptr, capacity, out.as_mut_ptr(), &mut error) };
        let written = matches!(status, ItbStatus::Ok | ItbStatus::BufferTooSmall);
        // SAFETY: the library writes the whole struct on success and on BUFFER_TOO_SMALL.
        let p = written.then(|| unsafe { out.assume_init() });
        (status, p, points, field(&error).to_owned())
    }

    fn near(got: f64, want: f64, tolerance: f64) -> bool {
        (got - want).abs() <= tolerance
    }

    #[test]
    fn a_100_mcg_bolus_halves_each_half_life() {
        // V = 30 mL/h × 1.51 h / ln 2 = 45.3 / 0.693147 = 65.354 mL; C(0) = 100 / 65.354 =
        // 1.5301 mcg/mL, cisternal a quarter, 0.38253; at 1.51 h half, 0.76506; at 3.02 h a
        // quarter, 0.38253. A bolus has no steady state. The model is an estimate (info).
        let times = [
            hours(0.0),
            hours(1.51),
            ItbDuration {
                value: 181.2,
                unit: ITB_UNIT_MINUTE,
            },
        ];
        let (status, p, points, _) = profile(&bolus_100(&times), 3);
        assert_eq!(status, ItbStatus::Ok);
        let p = p.unwrap();
        assert_eq!(p.point_count, 3);
        assert_eq!(p.volume.unit, ITB_UNIT_ML);
        assert!(near(p.volume.value, 65.354, 1e-3), "{}", p.volume.value);
        let lumbar: Vec<f64> = points.iter().map(|x| x.lumbar.value).collect();
        assert!(near(lumbar[0], 1.5301, 1e-4), "{lumbar:?}");
        assert!(near(lumbar[1], lumbar[0] / 2.0, 1e-9));
        assert!(near(lumbar[2], lumbar[0] / 4.0, 1e-9));
        assert!(near(points[0].cisternal.value, 1.5301 / 4.0, 1e-4));
        // 181.2 min is 3.02 h: times come back in hours.
        assert_eq!(
            (points[2].time.value, points[2].time.unit),
            (3.02, ITB_UNIT_HOUR)
        );
        assert!(points.iter().all(
            |x| x.lumbar.unit == ITB_UNIT_MCG_PER_ML && x.cisternal.unit == ITB_UNIT_MCG_PER_ML
        ));
        assert!(!p.has_steady_state && p.steady_state.unit == 0);
        assert!(!p.has_time_to_90_percent && p.time_to_90_percent.unit == 0);
        assert!(p.allowed && p.findings_len == 1);
        let f = p.findings[0];
        assert_eq!(
            (f.code, f.severity, static_str(f.source)),
            (
                ITB_FINDING_MODEL_ESTIMATE,
                ITB_SEVERITY_INFO,
                "002 Clinical Pharmacology"
            )
        );
    }

    #[test]
    fn an_infusion_of_720_mcg_per_day_approaches_1_mcg_per_ml() {
        // 720 mcg/day = 30 mcg/h; / 30 mL/h = 1 mcg/mL at steady state; 90 % of it at ln 10 /
        // (ln 2 / 1.51) = 1.51 × 3.321928 = 5.0161 h. At t = 0: nothing yet.
        let times = [hours(0.0), hours(1.51)];
        let r = ItbPkRequest {
            kind: ITB_PK_INFUSION,
            daily_dose: ItbDoseRate {
                value: 720.0,
                unit: ITB_UNIT_MCG_PER_DAY,
            },
            bolus: ItbMass {
                value: f64::NAN,
                unit: 0,
            }, // not read
            ..bolus_100(&times)
        };
        let (status, p, points, _) = profile(&r, 2);
        assert_eq!(status, ItbStatus::Ok);
        let p = p.unwrap();
        assert!(p.has_steady_state && p.has_time_to_90_percent);
        assert_eq!(
            (p.steady_state.value, p.steady_state.unit),
            (1.0, ITB_UNIT_MCG_PER_ML)
        );
        assert_eq!(p.time_to_90_percent.unit, ITB_UNIT_HOUR);
        assert!(near(p.time_to_90_percent.value, 5.0161, 1e-4));
        assert_eq!(points[0].lumbar.value, 0.0);
        // One half-life: half of the steady state.
        assert!(near(points[1].lumbar.value, 0.5, 1e-9));
        assert!(near(points[1].cisternal.value, 0.125, 1e-9));
        // Half-life 3.02 h and clearance 60 mL/h given: V = 60 × 3.02 / ln 2 = 261.42 mL;
        // steady state 30 / 60 = 0.5 mcg/mL.
        let r = ItbPkRequest {
            has_half_life: true,
            half_life: hours(3.02),
            has_clearance: true,
            clearance: ItbFlowRate {
                value: 1.0,
                unit: ITB_UNIT_ML_PER_MINUTE,
            },
            ..r
        };
        let (_, p, _, _) = profile(&r, 2);
        let p = p.unwrap();
        assert!(near(p.volume.value, 261.42, 1e-2), "{}", p.volume.value);
        assert_eq!(p.steady_state.value, 0.5);
    }

    #[test]
    fn the_capacity_protocol() {
        let times = [hours(0.0), hours(1.0), hours(2.0)];
        let r = bolus_100(&times);
        let (status, p, _, f) = profile(&r, 0);
        assert_eq!(
            (status, f.as_str()),
            (ItbStatus::BufferTooSmall, "points_capacity")
        );
        assert_eq!(p.unwrap().point_count, 3);
        let (status, p, points, _) = profile(&r, 2);
        assert_eq!(status, ItbStatus::BufferTooSmall);
        assert!(p.is_some() && points.iter().all(|x| *x == UNSET));
        let (status, _, points, _) = profile(&r, 4);
        assert_eq!(status, ItbStatus::Ok);
        assert_eq!(points[2].time.value, 2.0);
        assert_eq!(points[3], UNSET);
        let mut error = zeroed_error();
        let mut out = MaybeUninit::<ItbPkProfile>::uninit();
        // SAFETY: NULL points with a capacity is refused.
        let s = unsafe { itb_pk_profile(&r, null_mut(), 3, out.as_mut_ptr(), &mut error) };
        assert_eq!((s, field(&error)), (ItbStatus::NullPointer, "points"));
    }

    #[test]
    fn errors_name_the_member_or_the_time() {
        use ItbStatus::*;
        let good = [hours(0.0), hours(1.0)];
        let bad_unit = [
            hours(0.0),
            hours(1.0),
            ItbDuration {
                value: 2.0,
                unit: 9999,
            },
        ];
        let negative = [hours(0.0), hours(-1.0)];
        let nan = [hours(f64::NAN)];
        let with = |edit: &dyn Fn(&mut ItbPkRequest)| {
            let mut r = bolus_100(&good);
            edit(&mut r);
            r
        };
        let cases: Vec<(ItbPkRequest, ItbStatus, &str)> = vec![
            (with(&|r| r.kind = 0), InvalidArgument, "kind"),
            (
                with(&|r| r.kind = ITB_PK_BOLUS + 10),
                InvalidArgument,
                "kind",
            ),
            (with(&|r| r.bolus.value = 0.0), OutOfRange, "bolus"),
            (with(&|r| r.bolus.unit = ITB_UNIT_ML), UnitMismatch, "bolus"),
            (
                with(&|r| {
                    r.kind = ITB_PK_INFUSION;
                    r.daily_dose = ItbDoseRate {
                        value: 0.0,
                        unit: ITB_UNIT_MCG_PER_DAY,
                    };
                }),
                Zero,
                "daily_dose",
            ),
            (
                with(&|r| {
                    r.times = null();
                    r.times_len = 0;
                }),
                InvalidValue,
                "times",
            ),
            (
                with(&|r| {
                    r.times = null();
                    r.times_len = 2;
                }),
                NullPointer,
                "request.times",
            ),
            // Above the limit: not read (NULL is fine), refused in the core's turn.
            (
                with(&|r| {
                    r.times = null();
                    r.times_len = ITB_PK_MAX_TIMES + 1;
                }),
                OutOfRange,
                "times",
            ),
            (
                with(&|r| {
                    r.times = null();
                    r.times_len = usize::MAX;
                }),
                OutOfRange,
                "times",
            ),
            // The bolus is read before the times.
            (
                with(&|r| {
                    r.bolus.value = -1.0;
                    r.times_len = usize::MAX;
                }),
                Negative,
                "bolus",
            ),
            (
                with(&|r| (r.times, r.times_len) = (bad_unit.as_ptr(), 3)),
                InvalidUnit,
                "times[2].unit",
            ),
            (
                with(&|r| (r.times, r.times_len) = (negative.as_ptr(), 2)),
                Negative,
                "times[1]",
            ),
            (
                with(&|r| (r.times, r.times_len) = (nan.as_ptr(), 1)),
                NotFinite,
                "times[0]",
            ),
            (
                with(&|r| (r.has_half_life, r.half_life) = (true, hours(0.0))),
                Zero,
                "half_life",
            ),
            (
                with(&|r| {
                    r.has_clearance = true;
                    r.clearance = ItbFlowRate {
                        value: 0.0,
                        unit: ITB_UNIT_ML_PER_HOUR,
                    };
                }),
                Zero,
                "clearance",
            ),
        ];
        for (r, status, member) in cases {
            let (got, p, points, f) = profile(&r, 2);
            assert_eq!((got, f.as_str()), (status, member), "{r:?}");
            assert!(p.is_none() && points.iter().all(|x| *x == UNSET));
        }
        let r = bolus_100(&good);
        let mut error = zeroed_error();
        let mut out = MaybeUninit::<ItbPkProfile>::uninit();
        // SAFETY: NULL pointers are allowed and refused.
        unsafe {
            let s = itb_pk_profile(null(), null_mut(), 0, out.as_mut_ptr(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "request"));
            let s = itb_pk_profile(&r, null_mut(), 0, null_mut(), &mut error);
            assert_eq!((s, field(&error)), (NullPointer, "out"));
        }
    }
}
