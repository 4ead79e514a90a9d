//! The initial infusion dose after implant, and dose changes in titration and maintenance.
//!
//! Seed 001 Dosage/Dose-Titration Phase and Administration/Delivery regimen, with the US label
//! family where it differs (the [`Profile`] decides; each rule and its source: `docs/RULES.md`).

mod schedule;

pub use schedule::{
    DEFAULT_DECREASE_PERCENT, MAX_STEPS, TitrationSchedule, TitrationScheduleRequest,
    titration_schedule,
};

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::profile::{Origin, Phase, Profile, age_of, check_age, non_negative};
use crate::schedule::{check_daily_dose, require_daily_dose};
use crate::screening::MAX_BOLUS_MCG;
use crate::units::{ClinicalQuantity, DoseRate, Duration, Given, Input, Mass, Measure, Unit, snap};

/// How the initial daily dose was derived from the screening bolus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitialRule {
    /// Twice the effective bolus over 24 h (all sources).
    DoubleBolus,
    /// The bolus unchanged over 24 h: its effect lasted more than the profile's threshold.
    SameAsBolus,
}

impl InitialRule {
    /// Both rules.
    pub const ALL: [InitialRule; 2] = [InitialRule::DoubleBolus, InitialRule::SameAsBolus];

    /// `"double_bolus"` or `"same_as_bolus"`.
    pub const fn id(self) -> &'static str {
        match self {
            InitialRule::DoubleBolus => "double_bolus",
            InitialRule::SameAsBolus => "same_as_bolus",
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for InitialRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The initial daily dose of continuous infusion.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InitialDose {
    /// The daily dose to program.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub daily_dose: DoseRate,
    /// Which rule gave it.
    pub rule: InitialRule,
    /// The source of the prolonged-response threshold the rule used.
    pub source: Source,
    /// `screening_dose_above_max` when the bolus was above 100 mcg.
    pub findings: Findings,
}

/// The request of [`initial_daily_dose`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InitialDoseRequest {
    /// The labelling profile (it sets the prolonged-response threshold).
    pub profile: Profile,
    /// The screening bolus that worked, above zero.
    pub effective_bolus: Input<Mass>,
    /// How long its effect lasted.
    pub effect_duration: Input<Duration>,
}

/// The initial daily dose from the effective screening bolus and how long its effect lasted:
/// twice the bolus over 24 h, or the bolus unchanged when the effect lasted more than the
/// profile's threshold (US 8 h, \[SKY-NURSE\]; UK 12 h, 001 Dosage/Dose-Titration Phase: the
/// sources disagree). An effect of zero is refused: a patient who did not respond is not a
/// candidate for infusion (001 Dosage/Screening Phase (Test Dose); 002 Indications and Usage).
///
/// ```
/// use itb::profile::Profile;
/// use itb::titration::{initial_daily_dose, InitialDoseRequest, InitialRule};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let request = |profile| InitialDoseRequest {
///     profile,
///     effective_bolus: Input::new(50.0, Unit::Microgram),
///     effect_duration: Input::new(10.0, Unit::Hour),
/// };
/// // Worked by hand: US 50 mcg/day (10 h > 8 h), UK 100 mcg/day (10 h < 12 h).
/// assert_eq!(initial_daily_dose(&request(Profile::Us))?.rule, InitialRule::SameAsBolus);
/// let uk = initial_daily_dose(&request(Profile::Uk))?;
/// assert_eq!(uk.daily_dose.value_in(Unit::McgPerDay)?, 100.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn initial_daily_dose(r: &InitialDoseRequest) -> Result<InitialDose, Error> {
    let profile = r.profile;
    let effective_bolus = r.effective_bolus.read("effective_bolus")?;
    check_bolus(effective_bolus)?;
    let effect_duration = r.effect_duration.read("effect_duration")?;
    let bolus_mcg = check_bolus(effective_bolus)?;
    if effect_duration.canonical() <= 0.0 {
        // 001 Dosage/Screening Phase (Test Dose): patients who "still do not show a response
        // should not be ... considered for a continuous intrathecal infusion"; 002 Indications
        // and Usage: "Patients should first respond to a screening dose".
        let value = Some(effect_duration.to_measure(Unit::Hour)?);
        let allowed = "an effect lasting more than 0 h (a patient who did not respond is not a candidate for infusion)";
        return Err(Error::new(
            ErrorKind::Zero,
            "effect_duration",
            value,
            allowed,
        ));
    }
    let (threshold_h, source) = profile.prolonged_response_hours();
    let rule = if effect_duration.canonical() > threshold_h {
        InitialRule::SameAsBolus
    } else {
        InitialRule::DoubleBolus
    };
    let factor = if rule == InitialRule::DoubleBolus {
        2.0
    } else {
        1.0
    };
    let daily_dose = dose_rate(bolus_mcg * factor, "effective_bolus")?;
    let mut findings = Findings::new();
    if bolus_mcg > MAX_BOLUS_MCG {
        let subject = Measure::new(bolus_mcg, Unit::Microgram);
        let finding = Finding::new(
            Code::ScreeningDoseAboveMax,
            Severity::Hard,
            Source(&c"001 Dosage/Screening Phase (Test Dose); [DRUGS-DOSE]"),
            subject,
        );
        findings.push(finding.with_limit(Measure::new(MAX_BOLUS_MCG, Unit::Microgram)));
    }
    Ok(InitialDose {
        daily_dose,
        rule,
        source,
        findings,
    })
}

/// The effective bolus must be above zero: a zero bolus was not effective. Returns it in mcg.
pub fn check_bolus(effective_bolus: Mass) -> Result<f64, Error> {
    let bolus_mcg = effective_bolus.canonical();
    if bolus_mcg > 0.0 {
        return Ok(bolus_mcg);
    }
    let value = Some(Measure::new(bolus_mcg, Unit::Microgram));
    Err(Error::new(
        ErrorKind::OutOfRange,
        "effective_bolus",
        value,
        "a bolus above 0 mcg",
    ))
}

/// A change must be finite and above −100 %: stopping is not a titration step, and abrupt
/// withdrawal can kill (002 boxed warning). Returns it in percent.
pub fn check_change(pct: f64) -> Result<f64, Error> {
    if !pct.is_finite() {
        return Err(Error::new(
            ErrorKind::NotFinite,
            "change_percent",
            None,
            "a finite percentage",
        ));
    }
    if pct <= -100.0 {
        let value = Some(Measure::new(pct, Unit::Percent));
        let allowed =
            "more than -100 % (stopping is not a titration step, and abrupt withdrawal can kill)";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "change_percent",
            value,
            allowed,
        ));
    }
    if pct > crate::schedule::MAX_CHANGE_PERCENT {
        let value = Some(Measure::new(pct, Unit::Percent));
        let allowed = "at most 1,000 % (a tenfold dose)";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "change_percent",
            value,
            allowed,
        ));
    }
    Ok(pct)
}

/// The request of [`titrate`]: a proposed change of the daily dose.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TitrateRequest {
    /// The labelling profile whose limits apply.
    pub profile: Profile,
    /// The daily dose now, above zero.
    pub current_daily_dose: Input<DoseRate>,
    /// The change, a plain signed number of percent (−15 is a reduction); −100 or less is
    /// refused.
    pub change_percent: f64,
    /// Spinal or cerebral spasticity.
    pub origin: Given<Origin>,
    /// Titration or maintenance.
    pub phase: Given<Phase>,
    /// The patient's age in years (0 to 150), when known.
    pub age_years: Option<f64>,
    /// A programmable pump (the UK's 48 h interval applies to non-programmable ones);
    /// `None`: [`DEFAULT_PUMP_PROGRAMMABLE`].
    pub pump_programmable: Option<bool>,
    /// Hours since the last dose change (0 or more), when known.
    pub hours_since_last_change: Option<f64>,
    /// Hours since continuous infusion began (0 or more), when known.
    pub hours_since_start: Option<f64>,
}

/// A pump is taken as programmable unless the request says otherwise (`docs/PROTOCOL.md`,
/// `titrate`).
pub const DEFAULT_PUMP_PROGRAMMABLE: bool = true;

impl TitrateRequest {
    /// A request with every optional input left out.
    pub const fn new(
        profile: Profile,
        current_daily_dose: Input<DoseRate>,
        change_percent: f64,
        origin: Origin,
        phase: Phase,
    ) -> Self {
        TitrateRequest {
            profile,
            current_daily_dose,
            change_percent,
            origin: Given::new(origin),
            phase: Given::new(phase),
            age_years: None,
            pump_programmable: None,
            hours_since_last_change: None,
            hours_since_start: None,
        }
    }
}

/// A titration request once read: every input checked, every default resolved.
struct DoseChange {
    profile: Profile,
    current_daily_dose: DoseRate,
    origin: Origin,
    phase: Phase,
    age: Option<Duration>,
    pump_programmable: bool,
    since_last_change: Option<f64>,
    since_start: Option<f64>,
}

/// The new daily dose and every limit the change crosses.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Titration {
    /// current × (1 + change).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub new_daily_dose: DoseRate,
    /// See [`titrate`].
    pub findings: Findings,
}

/// The change from `current` to `new` daily dose in percent, as [`titrate`] takes it:
/// (new / current − 1) × 100, snapped, so a change found in a record of two doses is the change
/// a clinician meant (100 → 130 mcg/day is exactly 30 %, not 30.000000000000004 %). Both doses
/// are read and checked as [`titrate`]'s `current_daily_dose` is (above zero).
///
/// ```
/// use itb::titration::change_percent;
/// use itb::units::{Input, Unit};
/// let dose = |v| Input::new(v, Unit::McgPerDay);
/// assert_eq!(change_percent(dose(100.0), dose(130.0))?, 30.0);
/// assert_eq!(change_percent(dose(200.0), dose(170.0))?, -15.0);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn change_percent(current: Input<DoseRate>, new: Input<DoseRate>) -> Result<f64, Error> {
    let current = current.read("current_daily_dose")?;
    let new = new.read("new_daily_dose")?;
    require_daily_dose(current, "current_daily_dose")?;
    require_daily_dose(new, "new_daily_dose")?;
    Ok(snap((new.canonical() / current.canonical() - 1.0) * 100.0))
}

/// Applies a dose change and checks it against the profile's rules:
/// `step_above_guideline` (+ `sudden_escalation` in maintenance), `decrease_above_guideline`,
/// `increase_in_first_24h` (hard), `adjustment_too_soon`, `daily_dose_above_1000`,
/// `outside_maintenance_range`, `large_step_at_high_dose`, `age_below_4_years`, and
/// `monitor_after_change` (info) on every change.
///
/// ```
/// use itb::profile::{Origin, Phase, Profile};
/// use itb::titration::{titrate, TitrateRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let dose = Input::new(200.0, Unit::McgPerDay);
/// let t = titrate(&TitrateRequest::new(Profile::Uk, dose, 30.0, Origin::Spinal, Phase::Titration))?;
/// assert_eq!(t.new_daily_dose.value_in(Unit::McgPerDay)?, 260.0); // 200 × 1.3
/// // Exactly 30 % is not above 30 %: only the reminder to monitor after a change.
/// assert_eq!(t.findings.len(), 1);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn titrate(r: &TitrateRequest) -> Result<Titration, Error> {
    let current_daily_dose = r.current_daily_dose.read("current_daily_dose")?;
    require_daily_dose(current_daily_dose, "current_daily_dose")?;
    let pct = check_change(r.change_percent)?;
    let hours = |h: Option<f64>, field| h.map(|h| hours_of(h, field)).transpose();
    let c = DoseChange {
        profile: r.profile,
        current_daily_dose,
        origin: r.origin.read("origin", "spinal or cerebral")?,
        phase: r.phase.read("phase", "titration or maintenance")?,
        age: age_of(r.age_years, "age_years")?,
        pump_programmable: r.pump_programmable.unwrap_or(DEFAULT_PUMP_PROGRAMMABLE),
        since_last_change: hours(r.hours_since_last_change, "hours_since_last_change")?,
        since_start: hours(r.hours_since_start, "hours_since_start")?,
    };
    let current = current_daily_dose.canonical();
    let new_daily_dose = dose_rate(current * (100.0 + pct) / 100.0, "change_percent")?;
    let mut findings = Findings::new();
    check_step(&c, pct, &mut findings);
    check_timing(&c, pct, &mut findings);
    check_daily_dose(new_daily_dose, &mut findings);
    check_maintenance_range(&c, new_daily_dose.canonical(), &mut findings);
    check_age(c.profile, c.age, &mut findings);
    if pct != 0.0 {
        findings.push(monitor_after_change(Measure::new(pct, Unit::Percent)));
    }
    Ok(Titration {
        new_daily_dose,
        findings,
    })
}

/// `monitor_after_change` (info): 002 Warnings, "On each occasion that the dosing rate of the
/// pump and/or the concentration ... is adjusted, close medical monitoring is required".
/// `subject` is the change (a percentage, or the new concentration).
pub const fn monitor_after_change(subject: Measure) -> Finding {
    Finding::new(
        Code::MonitorAfterChange,
        Severity::Info,
        Source(&c"002 Warnings"),
        subject,
    )
}

/// A plain number of hours: not negative, and finite in every unit of duration.
fn hours_of(hours: f64, field: &'static str) -> Result<f64, Error> {
    let h = non_negative(hours, Unit::Hour, field)?;
    Ok(Duration::from_measure(Measure::new(h, Unit::Hour), field)?.canonical())
}

/// The size of the step: against the profile's largest step, the 20 % decrease guideline
/// (001 Administration/Delivery regimen; \[SKY-NURSE\]) and Saulino's caution above 20 % at
/// high doses (\[SAULINO-DOSE\]).
fn check_step(c: &DoseChange, pct: f64, findings: &mut Findings) {
    let percent = |v: f64| Measure::new(v, Unit::Percent);
    let (max, source) = c.profile.max_increase_percent(c.origin, c.phase);
    if pct > max {
        findings.push(
            Finding::new(
                Code::StepAboveGuideline,
                Severity::Soft,
                source,
                percent(pct),
            )
            .with_limit(percent(max)),
        );
        if c.phase == Phase::Maintenance {
            // 001: "A sudden requirement for substantial dose escalation is indicative of a
            // catheter complication (i.e. a kink or dislodgement) or pump malfunction."
            let source = Source(&c"001 Administration/Delivery regimen");
            findings.push(Finding::new(
                Code::SuddenEscalation,
                Severity::Info,
                source,
                percent(pct),
            ));
        }
    }
    if pct < -20.0 {
        let source = Source(&c"001 Administration/Delivery regimen; [SKY-NURSE]");
        let finding = Finding::new(
            Code::DecreaseAboveGuideline,
            Severity::Soft,
            source,
            percent(-pct),
        );
        findings.push(finding.with_limit(percent(20.0)));
    }
    let usual_top = c.origin.usual_top_mcg_per_day();
    if pct > 20.0 && c.current_daily_dose.canonical() > usual_top {
        let finding = Finding::new(
            Code::LargeStepAtHighDose,
            Severity::Soft,
            Source(&c"[SAULINO-DOSE]"),
            percent(pct),
        );
        findings.push(finding.with_limit(Measure::new(usual_top, Unit::McgPerDay)));
    }
}

/// When the change comes: no increase in the first 24 h of infusion (001 Dosage/Dose-Titration
/// Phase; \[SKY-NURSE\]), and the profile's minimum interval between changes.
fn check_timing(c: &DoseChange, pct: f64, findings: &mut Findings) {
    let hours = |v: f64| Measure::new(v, Unit::Hour);
    if let Some(since_start) = c.since_start
        && pct > 0.0
        && since_start < 24.0
    {
        let source = Source(&c"001 Dosage/Dose-Titration Phase; [SKY-NURSE]");
        let finding = Finding::new(
            Code::IncreaseInFirst24h,
            Severity::Hard,
            source,
            hours(since_start),
        );
        findings.push(finding.with_limit(hours(24.0)));
    }
    if let Some(since_last) = c.since_last_change {
        let (interval, source) = c.profile.min_interval_hours(c.pump_programmable);
        if pct != 0.0 && since_last < interval {
            let finding = Finding::new(
                Code::AdjustmentTooSoon,
                Severity::Soft,
                source,
                hours(since_last),
            );
            findings.push(finding.with_limit(hours(interval)));
        }
    }
}

/// In maintenance, the new dose against the range for the origin (adults) or the profile's
/// children's range.
fn check_maintenance_range(c: &DoseChange, new_mcg_per_day: f64, findings: &mut Findings) {
    if c.phase != Phase::Maintenance {
        return;
    }
    let child = c
        .age
        .and_then(|a| a.value_in(Unit::Year).ok())
        .is_some_and(|years| years < c.profile.child_below_years());
    let ((low, high), source) = if child {
        c.profile.child_maintenance_mcg_per_day()
    } else {
        c.origin.adult_maintenance_mcg_per_day()
    };
    let crossed = if new_mcg_per_day < low {
        low
    } else if new_mcg_per_day > high {
        high
    } else {
        return;
    };
    let per_day = |v: f64| Measure::new(v, Unit::McgPerDay);
    let finding = Finding::new(
        Code::OutsideMaintenanceRange,
        Severity::Soft,
        source,
        per_day(new_mcg_per_day),
    );
    findings.push(finding.with_limit(per_day(crossed)));
}

fn dose_rate(mcg_per_day: f64, field: &'static str) -> Result<DoseRate, Error> {
    let v = snap(mcg_per_day);
    DoseRate::from_measure(Measure::new(v, Unit::McgPerDay), field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;

    #[test]
    fn change_percent_is_what_titrate_takes_and_refuses_a_zero_dose() {
        let dose = |v| Input::new(v, Unit::McgPerDay);
        // 100 → 130 is 30 % (the unsnapped ratio gives 30.000000000000004); 0.5 mg → 400 mcg
        // is −20 %; the uk limit of 30 % is then exactly met, not crossed.
        assert_eq!(change_percent(dose(100.0), dose(130.0)).unwrap(), 30.0);
        let half_mg = Input::new(0.5, Unit::MgPerDay);
        assert_eq!(change_percent(half_mg, dose(400.0)).unwrap(), -20.0);
        let uk = TitrateRequest::new(
            Profile::Uk,
            dose(100.0),
            30.0,
            Origin::Spinal,
            Phase::Titration,
        );
        assert!(
            !titrate(&uk)
                .unwrap()
                .findings
                .contains(Code::StepAboveGuideline)
        );
        let zero = change_percent(dose(0.0), dose(130.0)).unwrap_err();
        assert_eq!(
            (zero.kind, zero.field),
            (ErrorKind::Zero, "current_daily_dose")
        );
        let zero = change_percent(dose(100.0), dose(0.0)).unwrap_err();
        assert_eq!((zero.kind, zero.field), (ErrorKind::Zero, "new_daily_dose"));
    }

    fn change(profile: Profile, pct: f64, phase: Phase) -> TitrateRequest {
        let dose = Input::new(400.0, Unit::McgPerDay);
        TitrateRequest::new(profile, dose, pct, Origin::Spinal, phase)
    }

    /// The codes raised, but the reminder every change raises (tested on its own below).
    fn codes(r: &TitrateRequest) -> Vec<Code> {
        titrate(r)
            .unwrap()
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| *c != Code::MonitorAfterChange)
            .collect()
    }

    #[test]
    fn every_change_and_only_a_change_asks_for_close_monitoring() {
        for pct in [-10.0, 0.5, 30.0] {
            let t = titrate(&change(Profile::Us, pct, Phase::Titration)).unwrap();
            let f = t
                .findings
                .iter()
                .find(|f| f.code == Code::MonitorAfterChange)
                .unwrap();
            assert_eq!(
                (f.severity, f.source.as_str()),
                (Severity::Info, "002 Warnings")
            );
        }
        let none = titrate(&change(Profile::Us, 0.0, Phase::Titration)).unwrap();
        assert!(none.findings.is_empty());
    }

    #[test]
    fn the_profile_sets_the_largest_maintenance_step() {
        // Spinal maintenance: up to 40 % (US) or 30 % (UK); 400 × 1.35 = 540 mcg/day.
        let us = change(Profile::Us, 35.0, Phase::Maintenance);
        assert_eq!(titrate(&us).unwrap().new_daily_dose.canonical(), 540.0);
        assert!(codes(&us).is_empty());
        let uk = change(Profile::Uk, 35.0, Phase::Maintenance);
        assert_eq!(
            codes(&uk),
            [Code::StepAboveGuideline, Code::SuddenEscalation]
        );
    }

    #[test]
    fn a_large_decrease_is_flagged_and_stopping_is_refused() {
        let r = titrate(&change(Profile::Us, -25.0, Phase::Titration)).unwrap();
        let f = r.findings.iter().next().unwrap();
        assert_eq!(f.code, Code::DecreaseAboveGuideline);
        assert_eq!((f.subject.value, f.limit.unwrap().value), (25.0, 20.0));
        let e = titrate(&change(Profile::Us, -100.0, Phase::Titration)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "change_percent"));
        let e = titrate(&change(Profile::Us, f64::NAN, Phase::Titration)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFinite);
    }

    #[test]
    fn the_uk_waits_48_hours_for_a_fixed_pump_and_24_by_default() {
        let mut r = change(Profile::Uk, 10.0, Phase::Titration);
        r.hours_since_last_change = Some(30.0);
        assert!(codes(&r).is_empty()); // programmable by default: 30 h ≥ 24 h
        r.pump_programmable = Some(false);
        let f = titrate(&r).unwrap().findings;
        let f = f
            .iter()
            .find(|f| f.code == Code::AdjustmentTooSoon)
            .unwrap();
        assert_eq!(f.limit, Some(Measure::new(48.0, Unit::Hour)));
    }

    #[test]
    fn no_increase_in_the_first_day() {
        let mut r = change(Profile::Us, 10.0, Phase::Titration);
        r.hours_since_start = Some(23.5);
        assert_eq!(codes(&r), [Code::IncreaseInFirst24h]);
        r.hours_since_start = Some(24.0); // "in the first 24 h" is false at exactly 24 h
        assert!(codes(&r).is_empty());
        r.hours_since_start = Some(-1.0);
        let e = titrate(&r).unwrap_err();
        assert_eq!(
            (e.kind, e.field),
            (ErrorKind::Negative, "hours_since_start")
        );
    }

    #[test]
    fn a_zero_dose_comes_before_an_unreadable_origin() {
        let mut r = change(Profile::Us, 10.0, Phase::Titration);
        r.current_daily_dose = Input::new(0.0, Unit::McgPerDay);
        r.origin = Given::unreadable(ErrorKind::InvalidValue);
        let e = titrate(&r).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "current_daily_dose"));
    }

    #[test]
    fn the_initial_dose_doubles_a_short_effect() {
        // UK: 10 h is not more than 12 h, so 2 × 50 = 100 mcg/day; a zero bolus is refused.
        let r = InitialDoseRequest {
            profile: Profile::Uk,
            effective_bolus: Input::new(50.0, Unit::Microgram),
            effect_duration: Input::new(10.0, Unit::Hour),
        };
        let d = initial_daily_dose(&r).unwrap();
        assert_eq!(
            (d.rule, d.daily_dose.canonical()),
            (InitialRule::DoubleBolus, 100.0)
        );
        let zero = InitialDoseRequest {
            effective_bolus: Input::new(0.0, Unit::Microgram),
            ..r
        };
        let e = initial_daily_dose(&zero).unwrap_err();
        assert_eq!(
            (e.kind, e.field),
            (ErrorKind::OutOfRange, "effective_bolus")
        );
    }
}
