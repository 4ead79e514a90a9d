//! Tapering: a gradual reduction of the daily dose in equal steps, never an abrupt stop.
//!
//! 001 Precautions and Warnings: "treatment should always be discontinued gradually with
//! successive reductions in dosage". 001 Administration/Delivery regimen: refractory patients
//! may regain sensitivity by "gradual reduction of baclofen intrathecal over a 2 to 4 week
//! period", and baclofen "should be resumed at the initial continuous infusion dose; this
//! should be performed in a hospital unit".

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::schedule::require_daily_dose;
use crate::units::{ClinicalQuantity, DoseRate, Duration, Input, Measure, Unit, snap};

/// The shortest taper of the label, days (2 weeks; 001 Administration/Delivery regimen).
pub const MIN_TAPER_DAYS: f64 = 14.0;
/// The default time between reductions, days.
pub const DEFAULT_INTERVAL_DAYS: f64 = 1.0;
/// The most reductions a taper holds (a schedule longer than this is not a plan anyone can
/// follow, and it bounds the output of every front end).
pub const MAX_STEPS: u32 = 1000;

const SOURCE: Source = Source(&c"001 Administration/Delivery regimen");

/// The request of [`taper_schedule`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TaperRequest {
    /// The daily dose now, above zero.
    pub current_daily_dose: Input<DoseRate>,
    /// The dose to reach, below the current one (zero allowed: a taper to a stop).
    pub target_daily_dose: Input<DoseRate>,
    /// How long the taper takes, at least one interval.
    pub duration: Input<Duration>,
    /// The time between reductions, above zero; `None`: [`DEFAULT_INTERVAL_DAYS`].
    pub interval: Option<Input<Duration>>,
}

/// One step of a dose schedule: from `at` on, the daily dose is `daily_dose`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DoseStep {
    /// When the step starts, from today.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub at: Duration,
    /// The daily dose from then on.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub daily_dose: DoseRate,
}

/// A taper: `step_count` equal reductions, one each `interval`, the last landing on the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaperSchedule {
    /// The number of reductions: floor(duration / interval).
    pub step_count: u32,
    /// The time between reductions.
    pub interval: Duration,
    /// `taper_faster_than_label` (soft), `resume_at_initial_dose` (info).
    pub findings: Findings,
    current_mcg: f64,
    target_mcg: f64,
    interval_days: f64,
}

impl TaperSchedule {
    /// Step `k` (1-based): at k × interval, current − k × (current − target) / n.
    pub fn step(&self, k: u32) -> DoseStep {
        let n = f64::from(self.step_count);
        let mcg = if k >= self.step_count {
            self.target_mcg
        } else {
            snap(self.current_mcg - f64::from(k) * (self.current_mcg - self.target_mcg) / n)
        };
        DoseStep {
            at: Duration::from_unit(snap(f64::from(k) * self.interval_days), Unit::Day)
                .unwrap_or_default(),
            daily_dose: DoseRate::from_unit(mcg, Unit::McgPerDay).unwrap_or_default(),
        }
    }

    /// The steps in order.
    pub fn steps(&self) -> impl Iterator<Item = DoseStep> + '_ {
        (1..=self.step_count).map(|k| self.step(k))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TaperSchedule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::units::serial::Canonical;
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("TaperSchedule", 4)?;
        f.serialize_field("steps", &crate::units::serial::Seq(|| self.steps()))?;
        f.serialize_field("step_count", &self.step_count)?;
        f.serialize_field("interval", &Canonical(self.interval))?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

/// A gradual reduction from the current to the target daily dose in equal steps.
///
/// Refused: a target at or above the current dose, a duration shorter than one interval, more
/// than [`MAX_STEPS`] steps (all `out_of_range`). Findings: `taper_faster_than_label` (soft;
/// under 14 days), `resume_at_initial_dose` (info; a taper to zero).
///
/// ```
/// use itb::taper::{taper_schedule, TaperRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let t = taper_schedule(&TaperRequest {
///     current_daily_dose: Input::new(400.0, Unit::McgPerDay),
///     target_daily_dose: Input::new(0.0, Unit::McgPerDay),
///     duration: Input::new(4.0, Unit::Day),
///     interval: None,
/// })?;
/// // Worked by hand: 400 / 4 = 100 mcg/day less each day: 300, 200, 100, 0.
/// let doses: Vec<f64> = t.steps().map(|s| s.daily_dose.value_in(Unit::McgPerDay).unwrap()).collect();
/// assert_eq!(doses, [300.0, 200.0, 100.0, 0.0]);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn taper_schedule(r: &TaperRequest) -> Result<TaperSchedule, Error> {
    let current = r.current_daily_dose.read("current_daily_dose")?;
    require_daily_dose(current, "current_daily_dose")?;
    let target = r.target_daily_dose.read("target_daily_dose")?;
    let (current_mcg, target_mcg) = (current.canonical(), target.canonical());
    if target_mcg >= current_mcg {
        let value = Some(Measure::new(target_mcg, Unit::McgPerDay));
        let allowed = "a target below current_daily_dose (a taper reduces the dose)";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "target_daily_dose",
            value,
            allowed,
        ));
    }
    let duration_days = positive_days(r.duration.read("duration")?, "duration")?;
    let interval_days = match r.interval {
        Some(i) => positive_days(i.read("interval")?, "interval")?,
        None => DEFAULT_INTERVAL_DAYS,
    };
    let count = libm::floor(snap(duration_days / interval_days));
    if count < 1.0 {
        let value = Some(Measure::new(duration_days, Unit::Day));
        let allowed = "at least one interval";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "duration",
            value,
            allowed,
        ));
    }
    if count > f64::from(MAX_STEPS) {
        let value = Some(Measure::new(interval_days, Unit::Day));
        let allowed = "an interval that makes at most 1,000 steps of the duration";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "interval",
            value,
            allowed,
        ));
    }
    let mut findings = Findings::new();
    let days = |v: f64| Measure::new(v, Unit::Day);
    if duration_days < MIN_TAPER_DAYS {
        let f = Finding::new(
            Code::TaperFasterThanLabel,
            Severity::Soft,
            SOURCE,
            days(duration_days),
        );
        findings.push(f.with_limit(days(MIN_TAPER_DAYS)));
    }
    if target_mcg == 0.0 {
        let subject = Measure::new(0.0, Unit::McgPerDay);
        findings.push(Finding::new(
            Code::ResumeAtInitialDose,
            Severity::Info,
            SOURCE,
            subject,
        ));
    }
    Ok(TaperSchedule {
        step_count: count as u32, // 1 to MAX_STEPS here
        interval: Duration::from_unit(interval_days, Unit::Day).unwrap_or_default(),
        findings,
        current_mcg,
        target_mcg,
        interval_days,
    })
}

/// A duration above zero, in days.
pub(crate) fn positive_days(d: Duration, field: &'static str) -> Result<f64, Error> {
    let days = d.value_in(Unit::Day)?;
    if days <= 0.0 {
        let value = Some(Measure::new(days, Unit::Day));
        return Err(Error::new(
            ErrorKind::Zero,
            field,
            value,
            "more than 0 days",
        ));
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taper(
        current: f64,
        target: f64,
        days: f64,
        interval: Option<f64>,
    ) -> Result<TaperSchedule, Error> {
        taper_schedule(&TaperRequest {
            current_daily_dose: Input::new(current, Unit::McgPerDay),
            target_daily_dose: Input::new(target, Unit::McgPerDay),
            duration: Input::new(days, Unit::Day),
            interval: interval.map(|d| Input::new(d, Unit::Day)),
        })
    }

    #[test]
    fn fifteen_days_every_two_days_is_seven_steps_landing_on_the_target() {
        // floor(15 / 2) = 7 steps of (350 − 0) / 7 = 50 mcg/day, at days 2, 4, … 14.
        let t = taper(350.0, 0.0, 15.0, Some(2.0)).unwrap();
        assert_eq!(t.step_count, 7);
        let steps: Vec<(f64, f64)> = t
            .steps()
            .map(|s| {
                (
                    s.at.value_in(Unit::Day).unwrap(),
                    s.daily_dose.value_in(Unit::McgPerDay).unwrap(),
                )
            })
            .collect();
        assert_eq!(steps[0], (2.0, 300.0));
        assert_eq!(steps[6], (14.0, 0.0));
        let codes: Vec<Code> = t.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, [Code::ResumeAtInitialDose]); // 15 days is not under 14
    }

    #[test]
    fn a_taper_must_reduce_and_last_at_least_one_interval() {
        assert_eq!(
            taper(300.0, 300.0, 14.0, None).unwrap_err().field,
            "target_daily_dose"
        );
        assert_eq!(
            taper(300.0, 100.0, 0.5, None).unwrap_err().kind,
            ErrorKind::OutOfRange
        );
        assert_eq!(
            taper(300.0, 100.0, 14.0, Some(0.0)).unwrap_err().kind,
            ErrorKind::Zero
        );
        let e = taper(300.0, 100.0, 1001.0, Some(1.0)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "interval"));
        assert_eq!(
            taper(300.0, 100.0, 1000.0, Some(1.0)).unwrap().step_count,
            1000
        );
    }

    #[test]
    fn under_two_weeks_is_faster_than_the_label() {
        let codes = |d| {
            taper(300.0, 150.0, d, None)
                .unwrap()
                .findings
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(13.0), [Code::TaperFasterThanLabel]);
        assert!(codes(14.0).is_empty());
    }
}
