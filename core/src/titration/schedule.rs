//! A titration schedule: the steps from today's daily dose to a target, each within the
//! profile's guideline, one per minimum interval (001 Dosage/Dose-Titration Phase: "Adjust
//! dose once every 24 hours if a programmable pump is use. Adjust dose once every 48 hours for
//! non-programmable multi-dose reservoir pumps").

use super::{DEFAULT_PUMP_PROGRAMMABLE, DoseChange, check_maintenance_range};
use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::profile::{Origin, Phase, Profile, age_of, check_age};
use crate::schedule::{check_daily_dose, require_daily_dose};
use crate::taper::DoseStep;
use crate::units::{ClinicalQuantity, DoseRate, Duration, Given, Input, Measure, Unit, snap};

/// The most steps a titration schedule holds: a year of daily steps.
pub const MAX_STEPS: u32 = 365;
/// The default decrease step, percent: the top of the 10–20 % reduction for side effects
/// (001 Administration/Delivery regimen).
pub const DEFAULT_DECREASE_PERCENT: f64 = 20.0;

/// The request of [`titration_schedule`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TitrationScheduleRequest {
    /// The labelling profile whose limits apply.
    pub profile: Profile,
    /// Spinal or cerebral spasticity.
    pub origin: Given<Origin>,
    /// Titration or maintenance.
    pub phase: Given<Phase>,
    /// The daily dose now, above zero.
    pub current_daily_dose: Input<DoseRate>,
    /// The daily dose to reach, above zero.
    pub target_daily_dose: Input<DoseRate>,
    /// The size of each step, a plain number of percent above zero; `None`: the largest the
    /// profile allows for the origin and phase going up, [`DEFAULT_DECREASE_PERCENT`] down.
    pub step_percent: Option<f64>,
    /// A programmable pump; `None`: [`DEFAULT_PUMP_PROGRAMMABLE`].
    pub pump_programmable: Option<bool>,
    /// The patient's age in years (0 to 150), when known.
    pub age_years: Option<f64>,
}

/// A titration schedule: `step_count` steps, one each `interval`, the last on the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitrationSchedule {
    /// The number of steps (0 when the target is today's dose).
    pub step_count: u32,
    /// The step used, percent.
    pub step_percent: f64,
    /// The time between steps: the profile's minimum interval.
    pub interval: Duration,
    /// step_count × interval.
    pub days_to_target: Duration,
    /// See [`titration_schedule`].
    pub findings: Findings,
    current_mcg: f64,
    target_mcg: f64,
    interval_days: f64,
}

impl TitrationSchedule {
    /// The steps in order: each the previous × (1 ± step), never past the target.
    pub fn steps(&self) -> impl Iterator<Item = DoseStep> + '_ {
        let mut dose = self.current_mcg;
        (1..=self.step_count).map(move |k| {
            dose = next_dose(dose, self.target_mcg, self.step_percent);
            DoseStep {
                at: Duration::from_unit(snap(f64::from(k) * self.interval_days), Unit::Day)
                    .unwrap_or_default(),
                daily_dose: DoseRate::from_unit(dose, Unit::McgPerDay).unwrap_or_default(),
            }
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TitrationSchedule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::units::serial::{Canonical, Seq};
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("TitrationSchedule", 6)?;
        f.serialize_field("steps", &Seq(|| self.steps()))?;
        f.serialize_field("step_count", &self.step_count)?;
        f.serialize_field("step_percent", &self.step_percent)?;
        f.serialize_field("interval", &Canonical(self.interval))?;
        f.serialize_field("days_to_target", &Canonical(self.days_to_target))?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

/// The next dose of a schedule: one step towards the target, never past it.
fn next_dose(dose: f64, target: f64, step_percent: f64) -> f64 {
    if target > dose {
        snap(dose * (100.0 + step_percent) / 100.0).min(target)
    } else {
        snap(dose * (100.0 - step_percent) / 100.0).max(target)
    }
}

/// The steps from the current to the target daily dose, each the profile's largest step (or
/// `step_percent`), one per minimum interval (24 h; 48 h under `uk` for a non-programmable
/// pump), and the day the target is reached.
///
/// Refused: more than [`MAX_STEPS`] steps (`out_of_range` on `step_percent`), a decrease step
/// of 100 % or more. Findings: `step_above_guideline` (soft; an increase step above the
/// profile's range), `decrease_above_guideline` (soft; a decrease step above 20 %),
/// `daily_dose_above_1000` (soft; the target), `outside_maintenance_range` (soft; maintenance,
/// the target), `age_below_4_years`.
///
/// ```
/// use itb::profile::{Origin, Phase, Profile};
/// use itb::titration::{titration_schedule, TitrationScheduleRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let s = titration_schedule(&TitrationScheduleRequest {
///     profile: Profile::Uk,
///     origin: Origin::Spinal.into(),
///     phase: Phase::Titration.into(),
///     current_daily_dose: Input::new(100.0, Unit::McgPerDay),
///     target_daily_dose: Input::new(200.0, Unit::McgPerDay),
///     step_percent: None,
///     pump_programmable: None,
///     age_years: None,
/// })?;
/// // Worked by hand: +30 % a day: 130, 169, then 219.7 is past 200, so 200 on day 3.
/// let doses: Vec<f64> = s.steps().map(|d| d.daily_dose.value_in(Unit::McgPerDay).unwrap()).collect();
/// assert_eq!(doses, [130.0, 169.0, 200.0]);
/// assert_eq!(s.days_to_target.value_in(Unit::Day)?, 3.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn titration_schedule(r: &TitrationScheduleRequest) -> Result<TitrationSchedule, Error> {
    let origin = r.origin.read("origin", "spinal or cerebral")?;
    let phase = r.phase.read("phase", "titration or maintenance")?;
    let current = r.current_daily_dose.read("current_daily_dose")?;
    require_daily_dose(current, "current_daily_dose")?;
    let target = r.target_daily_dose.read("target_daily_dose")?;
    require_daily_dose(target, "target_daily_dose")?;
    let (current_mcg, target_mcg) = (current.canonical(), target.canonical());
    let increase = target_mcg >= current_mcg;
    let (max_up, up_source) = r.profile.max_increase_percent(origin, phase);
    let default_step = if increase {
        max_up
    } else {
        DEFAULT_DECREASE_PERCENT
    };
    let step_percent = step_of(r.step_percent, default_step, increase)?;
    let c = DoseChange {
        profile: r.profile,
        current_daily_dose: current,
        origin,
        phase,
        age: age_of(r.age_years, "age_years")?,
        pump_programmable: r.pump_programmable.unwrap_or(DEFAULT_PUMP_PROGRAMMABLE),
        since_last_change: None,
        since_start: None,
    };
    let step_count = count_steps(current_mcg, target_mcg, step_percent)?;
    let (interval_h, _) = r.profile.min_interval_hours(c.pump_programmable);
    let interval_days = interval_h / 24.0;
    let mut findings = Findings::new();
    let percent = |v: f64| Measure::new(v, Unit::Percent);
    if step_count > 0 && increase && step_percent > max_up {
        let f = Finding::new(
            Code::StepAboveGuideline,
            Severity::Soft,
            up_source,
            percent(step_percent),
        );
        findings.push(f.with_limit(percent(max_up)));
    }
    if step_count > 0 && !increase && step_percent > DEFAULT_DECREASE_PERCENT {
        let source = Source(&c"001 Administration/Delivery regimen; [SKY-NURSE]");
        let f = Finding::new(
            Code::DecreaseAboveGuideline,
            Severity::Soft,
            source,
            percent(step_percent),
        );
        findings.push(f.with_limit(percent(DEFAULT_DECREASE_PERCENT)));
    }
    check_daily_dose(target, &mut findings);
    check_maintenance_range(&c, target_mcg, &mut findings);
    check_age(c.profile, c.age, &mut findings);
    let day = |v: f64| Duration::from_unit(v, Unit::Day).unwrap_or_default();
    Ok(TitrationSchedule {
        step_count,
        step_percent,
        interval: day(interval_days),
        days_to_target: day(snap(f64::from(step_count) * interval_days)),
        findings,
        current_mcg,
        target_mcg,
        interval_days,
    })
}

/// The step given or its default: finite, above zero, and below 100 % for a decrease.
fn step_of(given: Option<f64>, default: f64, increase: bool) -> Result<f64, Error> {
    let Some(pct) = given else {
        return Ok(default);
    };
    let value = Some(Measure::new(pct, Unit::Percent));
    let field = "step_percent";
    if !pct.is_finite() {
        return Err(Error::new(
            ErrorKind::NotFinite,
            field,
            None,
            "a finite percentage",
        ));
    }
    if pct < 0.0 {
        let allowed = "a step above 0 % (the direction comes from the target)";
        return Err(Error::new(ErrorKind::Negative, field, value, allowed));
    }
    if pct == 0.0 {
        return Err(Error::new(
            ErrorKind::Zero,
            field,
            value,
            "a step above 0 %",
        ));
    }
    if pct > crate::schedule::MAX_CHANGE_PERCENT {
        let allowed = "a step of at most 1,000 % (a tenfold dose)";
        return Err(Error::new(ErrorKind::OutOfRange, field, value, allowed));
    }
    if !increase && pct >= 100.0 {
        let allowed = "a decrease step below 100 % (never stop abruptly: withdrawal can kill)";
        return Err(Error::new(ErrorKind::OutOfRange, field, value, allowed));
    }
    Ok(pct)
}

/// The number of steps to the target, at most [`MAX_STEPS`].
fn count_steps(current: f64, target: f64, step_percent: f64) -> Result<u32, Error> {
    let mut dose = current;
    let mut count = 0;
    while dose != target {
        if count == MAX_STEPS {
            let value = Some(Measure::new(step_percent, Unit::Percent));
            let allowed = "a step that reaches the target in at most 365 steps";
            return Err(Error::new(
                ErrorKind::OutOfRange,
                "step_percent",
                value,
                allowed,
            ));
        }
        dose = next_dose(dose, target, step_percent);
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(
        profile: Profile,
        phase: Phase,
        current: f64,
        target: f64,
    ) -> TitrationScheduleRequest {
        TitrationScheduleRequest {
            profile,
            origin: Origin::Spinal.into(),
            phase: phase.into(),
            current_daily_dose: Input::new(current, Unit::McgPerDay),
            target_daily_dose: Input::new(target, Unit::McgPerDay),
            step_percent: None,
            pump_programmable: None,
            age_years: None,
        }
    }

    fn doses(s: &TitrationSchedule) -> Vec<(f64, f64)> {
        s.steps()
            .map(|d| {
                (
                    d.at.value_in(Unit::Day).unwrap(),
                    d.daily_dose.value_in(Unit::McgPerDay).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn a_decrease_goes_down_twenty_percent_a_day_to_the_target() {
        // 500 → 400 → 320 → 256 → 250 (204.8 would pass 250).
        let s =
            titration_schedule(&request(Profile::Us, Phase::Maintenance, 500.0, 250.0)).unwrap();
        assert_eq!(
            doses(&s),
            [(1.0, 400.0), (2.0, 320.0), (3.0, 256.0), (4.0, 250.0)]
        );
        assert!(s.findings.is_empty());
    }

    #[test]
    fn uk_non_programmable_steps_every_two_days() {
        let mut r = request(Profile::Uk, Phase::Titration, 100.0, 130.0);
        r.pump_programmable = Some(false);
        let s = titration_schedule(&r).unwrap();
        assert_eq!(doses(&s), [(2.0, 130.0)]); // exactly one 30 % step lands on the target
        assert_eq!(s.days_to_target.value_in(Unit::Day).unwrap(), 2.0);
    }

    #[test]
    fn the_target_today_is_no_step() {
        let s = titration_schedule(&request(Profile::Us, Phase::Titration, 300.0, 300.0)).unwrap();
        assert_eq!((s.step_count, s.days_to_target.canonical()), (0, 0.0));
    }

    #[test]
    fn more_than_a_year_of_steps_is_refused_and_a_year_is_not() {
        // 1.01^365 ≈ 37.8: from 100, 365 steps of 1 % reach 3,778 mcg/day, not 4,000.
        let mut r = request(Profile::Us, Phase::Titration, 100.0, 4000.0);
        r.step_percent = Some(1.0);
        let e = titration_schedule(&r).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "step_percent"));
        r.target_daily_dose = Input::new(3700.0, Unit::McgPerDay);
        assert!(titration_schedule(&r).unwrap().step_count <= MAX_STEPS);
    }
}
