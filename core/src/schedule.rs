//! Daily delivery: the volume a pump must move to deliver a daily dose, and flexible
//! (multi-step) schedules.
//!
//! `R = D / C` (\[ARCHIMEDES\]): a daily dose in mcg/day at a concentration in mcg/mL needs
//! R mL/day; the hourly flow is R / 24 (derived). A flex schedule (\[MDT-UK\]) delivers
//! `D = Σ rate_i × duration_i` over 24 h (derived).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::product::check_pump_concentration;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Given, Input, Measure, Unit,
    snap,
};

/// Doses above 1000 mcg/day have limited clinical experience (seed 001 Dosage/Dose-Titration
/// Phase: "Doses greater than 1,000micrograms a day have limited clinical experience").
pub const LIMITED_EXPERIENCE_MCG_PER_DAY: f64 = 1000.0;
/// The lowest daily dose of any label range, mcg/day: 12, the bottom of adult spinal
/// maintenance (001 Dosage/Maintenance: "12micrograms to 2003micrograms a day"); the cerebral
/// (22) and children's (24, 25) ranges start higher. Below it is `daily_dose_below_label_range`.
pub const LOWEST_LABEL_MCG_PER_DAY: f64 = 12.0;

/// The flow that delivers a daily dose at a concentration.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DailyVolume {
    /// Volume per day.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub flow_rate: FlowRate,
    /// The same flow per hour.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub hourly_flow: FlowRate,
    /// `nonstandard_concentration`, `concentration_above_commercial`, `daily_dose_above_1000`.
    pub findings: Findings,
}

/// The request of [`daily_volume`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DailyVolumeRequest {
    /// The daily dose, above zero.
    pub daily_dose: Input<DoseRate>,
    /// The concentration in the pump, above zero.
    pub concentration: Input<Concentration>,
}

/// The daily volume for a daily dose at a concentration (\[ARCHIMEDES\]): `R = D / C`.
/// Findings: `nonstandard_concentration`, `concentration_above_commercial`,
/// `screening_strength_in_pump`, `daily_dose_above_1000`.
///
/// ```
/// use itb::schedule::{daily_volume, DailyVolumeRequest};
/// use itb::units::{ClinicalQuantity, Concentration, DoseRate, Unit};
/// let dv = daily_volume(&DailyVolumeRequest {
///     daily_dose: DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap().into(),
///     concentration: Concentration::from_unit(2.0, Unit::MgPerMl).unwrap().into(),
/// })?;
/// assert_eq!(dv.flow_rate.value_in(Unit::MlPerDay)?, 0.25);
/// assert!(dv.findings.is_empty());
/// # Ok::<(), itb::Error>(())
/// ```
pub fn daily_volume(r: &DailyVolumeRequest) -> Result<DailyVolume, Error> {
    let (daily_dose, concentration, flow_rate) = checked_flow(r)?;
    let mut findings = Findings::new();
    check_pump_concentration(concentration, &mut findings);
    check_daily_dose(daily_dose, &mut findings);
    Ok(DailyVolume {
        flow_rate,
        hourly_flow: flow_rate, // the same quantity; read it in mL/h
        findings,
    })
}

/// The flow alone: [`daily_volume`]'s `flow_rate`, by the same reading and checks, without its
/// findings: what a column of records needs, row after row.
///
/// ```
/// use itb::schedule::{flow_rate, DailyVolumeRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let r = DailyVolumeRequest {
///     daily_dose: Input::new(500.0, Unit::McgPerDay),
///     concentration: Input::new(2.0, Unit::MgPerMl),
/// };
/// assert_eq!(flow_rate(&r)?.value_in(Unit::MlPerDay)?, 0.25);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn flow_rate(r: &DailyVolumeRequest) -> Result<FlowRate, Error> {
    checked_flow(r).map(|(_, _, flow)| flow)
}

fn checked_flow(r: &DailyVolumeRequest) -> Result<(DoseRate, Concentration, FlowRate), Error> {
    let daily_dose = r.daily_dose.read("daily_dose")?;
    let concentration = r.concentration.read("concentration")?;
    require_daily_dose(daily_dose, "daily_dose")?;
    require_positive_concentration(concentration, "concentration")?;
    Ok((daily_dose, concentration, flow(daily_dose, concentration)?))
}

/// `daily_dose / concentration`, refused when it is not a finite flow.
pub fn flow(daily_dose: DoseRate, concentration: Concentration) -> Result<FlowRate, Error> {
    let flow_rate: FlowRate = daily_dose / concentration;
    check_finite_flow(flow_rate, "daily_dose")?;
    Ok(flow_rate)
}

/// `daily_dose_above_1000` (soft) for a dose above 1000 mcg/day (exactly 1000 is not above).
pub fn check_daily_dose(daily_dose: DoseRate, findings: &mut Findings) {
    let mcg_per_day = daily_dose.canonical();
    if mcg_per_day > LIMITED_EXPERIENCE_MCG_PER_DAY {
        findings.push(Finding::new(
            Code::DailyDoseAbove1000,
            Severity::Soft,
            Source(&c"001 Dosage/Dose-Titration Phase"),
            Measure::new(mcg_per_day, Unit::McgPerDay),
        ));
    }
    if mcg_per_day < LOWEST_LABEL_MCG_PER_DAY {
        let per_day = |v| Measure::new(v, Unit::McgPerDay);
        let f = Finding::new(
            Code::DailyDoseBelowLabelRange,
            Severity::Soft,
            Source(&c"001 Dosage/Maintenance"),
            per_day(mcg_per_day),
        );
        findings.push(f.with_limit(per_day(LOWEST_LABEL_MCG_PER_DAY)));
    }
}

/// A daily dose must be above zero: a pump at zero is a stopped pump (`docs/PROTOCOL.md`).
pub fn require_daily_dose(daily_dose: DoseRate, field: &'static str) -> Result<(), Error> {
    // The snap keeps the sign and never makes a non-zero value zero: no need to snap here.
    if daily_dose.raw_in(Unit::McgPerDay).is_some_and(|v| v > 0.0) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Zero,
        field,
        Some(Measure::new(daily_dose.canonical(), Unit::McgPerDay)),
        "a daily dose above 0 mcg/day (a pump at zero is a stopped pump, and abrupt withdrawal can kill)",
    ))
}

/// A concentration must be above zero: the rules divide by it.
pub fn require_positive_concentration(c: Concentration, field: &'static str) -> Result<(), Error> {
    if c.raw_in(Unit::McgPerMl).is_some_and(|v| v > 0.0) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Zero,
        field,
        Some(Measure::new(c.canonical(), Unit::McgPerMl)),
        "a concentration above 0 mcg/mL",
    ))
}

/// A flow computed as dose / concentration must be finite in every flow unit: 1e300 mcg/day
/// at 1e-300 mcg/mL is not a flow any pump has, and must not become a `null` in a result.
pub fn check_finite_flow(flow: FlowRate, field: &'static str) -> Result<(), Error> {
    // mL/day reads largest of the flow units: finite there is finite in all of them.
    let per_day = flow.raw_in(Unit::MlPerDay).unwrap_or(f64::NAN);
    if per_day.is_finite() && per_day > 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::NotFinite,
        field,
        None,
        "a daily dose and concentration whose ratio is a finite flow",
    ))
}

/// A time of day, to the minute (`"HH:MM"`, 00:00 to 23:59).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    minutes: u16,
}

/// What a time of day may be.
const TIME_ALLOWED: &str = "a time of day written HH:MM, 00:00 to 23:59";

/// Minutes in a day.
const DAY_MIN: u16 = 24 * 60;

impl TimeOfDay {
    /// `"HH:MM"` with two digits each. A time past 23:59 (`"24:00"`, `"12:60"`) is
    /// `out_of_range`; anything else malformed (`"7:5"`, `"noon"`) is `invalid_value`.
    pub fn parse(text: &str, field: &'static str) -> Result<TimeOfDay, Error> {
        let b = text.as_bytes();
        let digits = |i: usize| (b[i] - b'0') as u16 * 10 + (b[i + 1] - b'0') as u16;
        let shaped =
            b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
        if !shaped {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                field,
                None,
                "a time of day written HH:MM, 00:00 to 23:59",
            ));
        }
        TimeOfDay::from_hm(digits(0), digits(3), field)
    }

    /// A time from hours (0–23) and minutes (0–59); anything past 23:59 is `out_of_range`.
    pub fn from_hm(hour: u16, minute: u16, field: &'static str) -> Result<TimeOfDay, Error> {
        if hour > 23 || minute > 59 {
            return Err(Error::new(
                ErrorKind::OutOfRange,
                field,
                None,
                "a time of day from 00:00 to 23:59",
            ));
        }
        Ok(TimeOfDay {
            minutes: hour * 60 + minute,
        })
    }

    /// Hours and minutes.
    pub const fn hm(self) -> (u16, u16) {
        (self.minutes / 60, self.minutes % 60)
    }

    /// Minutes since midnight.
    pub const fn minutes(self) -> u16 {
        self.minutes
    }

    /// This time moved earlier by whole minutes, wrapping at midnight.
    pub const fn earlier_by(self, minutes: u16) -> TimeOfDay {
        TimeOfDay {
            minutes: (self.minutes + DAY_MIN - minutes % DAY_MIN) % DAY_MIN,
        }
    }
}

impl core::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let (h, m) = self.hm();
        write!(f, "{h:02}:{m:02}")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Hm;
        impl serde::de::Visitor<'_> for Hm {
            type Value = TimeOfDay;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(TIME_ALLOWED)
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TimeOfDay, E> {
                TimeOfDay::parse(text, "time").map_err(E::custom)
            }
        }
        d.deserialize_str(Hm)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for FlexDose<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct List<'a>(&'a FlexDose<'a>);
        impl serde::Serialize for List<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.steps())
            }
        }
        let mut f = s.serialize_struct("FlexDose", 3)?;
        f.serialize_field(
            "daily_dose",
            &crate::units::serial::Canonical(self.daily_dose),
        )?;
        f.serialize_field("steps", &List(self))?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

/// One step of a flex schedule as a request gives it: from `start`, deliver at `rate` until
/// the next step.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FlexStep {
    /// When the step begins.
    pub start: TimeOfDay,
    /// Its dose rate, above zero.
    pub rate: Input<DoseRate>,
}

/// One step of a computed schedule: its start, rate and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Step {
    /// When the step begins.
    pub start: TimeOfDay,
    /// Its dose rate.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub rate: DoseRate,
    /// Until the next step's start (the last: until the first start of the next day).
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub duration: Duration,
}

/// The steps of a flex schedule, borrowed (without `std`) or owned.
#[cfg(feature = "std")]
pub type Steps<'a> = std::borrow::Cow<'a, [FlexStep]>;
/// The steps of a flex schedule, borrowed (without `std`) or owned.
#[cfg(not(feature = "std"))]
pub type Steps<'a> = &'a [FlexStep];

/// The request of [`flex_daily_dose`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
// Read only with std: the steps are then owned (Cow); without it they are borrowed.
#[cfg_attr(feature = "std", derive(serde::Deserialize))]
pub struct FlexDoseRequest<'a> {
    /// The steps, with strictly increasing starts (the first may be any time).
    pub steps: Steps<'a>,
}

/// The daily total of a flex schedule, and its steps with their durations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlexDose<'a> {
    /// Σ rate × duration over 24 h.
    pub daily_dose: DoseRate,
    /// `daily_dose_above_1000` on the total.
    pub findings: Findings,
    steps: &'a [FlexStep],
}

impl<'a> FlexDose<'a> {
    /// The steps with their durations, in the order given.
    pub fn steps(&self) -> impl ExactSizeIterator<Item = Step> + 'a {
        let steps = self.steps;
        (0..steps.len()).map(move |i| computed(steps, i))
    }
}

/// Step `index` of valid steps (read once already by [`flex_steps`]) with its duration.
fn computed(steps: &[FlexStep], index: usize) -> Step {
    let step = steps[index];
    Step {
        start: step.start,
        rate: step.rate.read("rate").unwrap_or_default(),
        duration: step_duration(steps, index),
    }
}

/// How long step `index` lasts: until the next start, the last until the first start the next
/// day (one step: 24 h). Steps must already be valid ([`flex_daily_dose`]).
pub fn step_duration(steps: &[FlexStep], index: usize) -> Duration {
    let Some(step) = steps.get(index) else {
        return Duration::default();
    };
    let start = step.start.minutes();
    let end = match steps.get(index + 1) {
        Some(next) => next.start.minutes(),
        None => steps[0].start.minutes() + DAY_MIN,
    };
    // Valid steps never saturate; invalid ones get 0 rather than a panic.
    Duration::from_unit(f64::from(end.saturating_sub(start)), Unit::Minute).unwrap_or_default()
}

/// The daily dose of a flex schedule (derived: Σ rate × duration; \[MDT-UK\]). Each rate is read in
/// step order, then the starts must strictly increase (the first may be any time) and each rate be
/// above zero (a pump stopped for hours is a withdrawal risk).
///
/// ```
/// use itb::schedule::{flex_daily_dose, FlexDoseRequest, FlexStep, TimeOfDay};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let at = |t| TimeOfDay::parse(t, "start").unwrap();
/// let rate = |v| Input::new(v, Unit::McgPerHour);
/// // 001's +20 % night boost, worked by hand: 28.8 mcg/h for 8 h + 24 mcg/h for 16 h = 614.4
/// // mcg/day.
/// let steps = [FlexStep { start: at("04:00"), rate: rate(24.0) }, FlexStep { start: at("20:00"), rate: rate(28.8) }];
/// let request = FlexDoseRequest { steps: (&steps[..]).into() };
/// let flex = flex_daily_dose(&request)?;
/// assert_eq!(flex.steps().map(|s| s.duration.value_in(Unit::Hour).unwrap()).collect::<Vec<_>>(), [16.0, 8.0]);
/// assert_eq!(flex.daily_dose.value_in(Unit::McgPerDay)?, 614.4);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn flex_daily_dose<'a>(r: &'a FlexDoseRequest<'_>) -> Result<FlexDose<'a>, Error> {
    flex_steps(AsRef::<[FlexStep]>::as_ref(&r.steps))
}

/// [`flex_daily_dose`] of a slice of steps. An error in one step names it
/// ([`Error::step`]).
pub fn flex_steps(steps: &[FlexStep]) -> Result<FlexDose<'_>, Error> {
    for (i, step) in steps.iter().enumerate() {
        step.rate.read("rate").map_err(|e| e.in_step(i))?;
    }
    let daily_dose = flex_total(steps)?;
    let mut findings = Findings::new();
    check_daily_dose(daily_dose, &mut findings);
    Ok(FlexDose {
        daily_dose,
        findings,
        steps,
    })
}

/// The checked total of steps whose rates were read: the starts in order, each rate above zero.
fn flex_total(steps: &[FlexStep]) -> Result<DoseRate, Error> {
    if steps.is_empty() {
        let allowed = "at least one step";
        return Err(Error::new(ErrorKind::InvalidValue, "steps", None, allowed));
    }
    // Validate every step before measuring any: a duration needs the next step's start.
    for (i, step) in steps.iter().enumerate() {
        if i > 0 && step.start <= steps[i - 1].start {
            let allowed = "starts in strictly increasing order (the first may be any time)";
            return Err(Error::new(ErrorKind::InvalidValue, "start", None, allowed).in_step(i));
        }
        let rate = rate_per_hour(step);
        if rate <= 0.0 {
            let value = Some(Measure::new(rate, Unit::McgPerHour));
            let allowed = "a rate above 0 (a pump stopped for hours is a withdrawal risk)";
            return Err(Error::new(ErrorKind::Zero, "rate", value, allowed).in_step(i));
        }
    }
    let mut total_mcg = 0.0;
    for (i, step) in steps.iter().enumerate() {
        let hours = step_duration(steps, i)
            .value_in(Unit::Hour)
            .unwrap_or(f64::NAN);
        total_mcg += rate_per_hour(step) * hours;
    }
    DoseRate::from_measure(Measure::new(snap(total_mcg), Unit::McgPerDay), "steps")
}

fn rate_per_hour(step: &FlexStep) -> f64 {
    step.rate
        .read("rate")
        .ok()
        .and_then(|r| r.value_in(Unit::McgPerHour).ok())
        .unwrap_or(f64::NAN)
}

/// The default lead time of a night boost, hours: seed 001 programs rate changes "to start
/// two hours before the desired onset of clinical effect".
pub const DEFAULT_LEAD_TIME_H: f64 = 2.0;

/// A boost must be above −100 % (a night rate of zero or less is a stopped pump).
/// Returns it in percent.
pub fn check_boost(pct: f64) -> Result<f64, Error> {
    if !pct.is_finite() {
        let allowed = "a finite number of percent";
        return Err(Error::new(
            ErrorKind::NotFinite,
            "boost_percent",
            None,
            allowed,
        ));
    }
    if pct > -100.0 && pct <= MAX_CHANGE_PERCENT {
        return Ok(pct);
    }
    let value = Some(Measure::new(pct, Unit::Percent));
    Err(Error::new(
        ErrorKind::OutOfRange,
        "boost_percent",
        value,
        "more than -100 % and at most 1,000 % (a tenfold rate)",
    ))
}

/// The largest change of a dose or rate a request may ask for, percent: a tenfold dose. Far
/// beyond every guideline (the findings say so); above it a percentage is a slip, never computed.
pub const MAX_CHANGE_PERCENT: f64 = 1000.0;

/// The request of [`night_boost`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NightBoostRequest {
    /// The daily dose without the boost, above zero.
    pub base_daily_dose: Input<DoseRate>,
    /// The boost, a plain number of percent above −100 (20 for +20 %).
    pub boost_percent: f64,
    /// When the boosted effect should begin.
    pub effect_start: Given<TimeOfDay>,
    /// When it should end (not the start).
    pub effect_end: Given<TimeOfDay>,
    /// How much earlier to program both changes; `None`: [`DEFAULT_LEAD_TIME_H`].
    pub lead_time: Option<Input<Duration>>,
}

/// A night-time boost: two steps and their daily total.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NightBoost {
    /// The two steps, by start time from 00:00, with their durations.
    pub steps: [Step; 2],
    /// The daily total.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub daily_dose: DoseRate,
    /// `daily_dose_above_1000` on the total.
    pub findings: Findings,
}

/// Raises the hourly rate by `boost_percent` for the hours of `effect_start`..`effect_end`,
/// both moved earlier by the lead time: seed 001 Administration/Delivery regimen ("a 20%
/// increase in their hourly infusion rate"; "changes in flow rate should be programmed to
/// start two hours before the desired onset of clinical effect").
///
/// ```
/// use itb::schedule::{night_boost, NightBoostRequest, TimeOfDay};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let at = |t| TimeOfDay::parse(t, "effect_start").unwrap();
/// let nb = night_boost(&NightBoostRequest {
///     base_daily_dose: Input::new(576.0, Unit::McgPerDay),
///     boost_percent: 20.0,
///     effect_start: at("22:00").into(),
///     effect_end: at("06:00").into(),
///     lead_time: None, // 2 h: the boost starts at 20:00, the base rate at 04:00
/// })?;
/// assert_eq!(nb.steps[0].start.to_string(), "04:00");
/// assert_eq!(nb.daily_dose.value_in(Unit::McgPerDay)?, 614.4); // 24 × 16 + 28.8 × 8
/// # Ok::<(), itb::Error>(())
/// ```
pub fn night_boost(r: &NightBoostRequest) -> Result<NightBoost, Error> {
    let base_daily_dose = r.base_daily_dose.read("base_daily_dose")?;
    require_daily_dose(base_daily_dose, "base_daily_dose")?;
    let pct = check_boost(r.boost_percent)?;
    let effect_start = r.effect_start.read("effect_start", TIME_ALLOWED)?;
    let effect_end = r.effect_end.read("effect_end", TIME_ALLOWED)?;
    let lead_time = match r.lead_time {
        Some(lead) => lead.read("lead_time")?,
        None => Duration::from_unit(DEFAULT_LEAD_TIME_H, Unit::Hour).unwrap_or_default(),
    };
    if effect_start == effect_end {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "effect_end",
            None,
            "an end different from the start",
        ));
    }
    let lead_min = check_lead_time(lead_time)?;
    let base_per_h = snap(base_daily_dose.canonical() / 24.0);
    let boosted_per_h = snap(base_per_h * (100.0 + pct) / 100.0);
    let rate = |v: f64| Input::new(v, Unit::McgPerHour);
    let boost_step = FlexStep {
        start: effect_start.earlier_by(lead_min),
        rate: rate(boosted_per_h),
    };
    let base_step = FlexStep {
        start: effect_end.earlier_by(lead_min),
        rate: rate(base_per_h),
    };
    let steps = if boost_step.start < base_step.start {
        [boost_step, base_step]
    } else {
        [base_step, boost_step]
    };
    let flex = flex_steps(&steps)?;
    Ok(NightBoost {
        steps: [computed(&steps, 0), computed(&steps, 1)],
        daily_dose: flex.daily_dose,
        findings: flex.findings,
    })
}

/// A lead time below 24 h, in whole minutes. Returns the minutes.
fn check_lead_time(lead_time: Duration) -> Result<u16, Error> {
    let lead_min = lead_time.value_in(Unit::Minute)?;
    let value = Some(Measure::new(lead_time.canonical(), Unit::Hour));
    if lead_min >= f64::from(DAY_MIN) {
        let allowed = "a lead time below 24 h";
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "lead_time",
            value,
            allowed,
        ));
    }
    if lead_min != libm::trunc(lead_min) {
        let allowed = "a whole number of minutes";
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "lead_time",
            value,
            allowed,
        ));
    }
    Ok(lead_min as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(v: f64, u: Unit) -> DoseRate {
        DoseRate::from_unit(v, u).unwrap()
    }
    fn conc(v: f64, u: Unit) -> Concentration {
        Concentration::from_unit(v, u).unwrap()
    }
    fn volume(daily_dose: DoseRate, concentration: Concentration) -> Result<DailyVolume, Error> {
        daily_volume(&DailyVolumeRequest {
            daily_dose: daily_dose.into(),
            concentration: concentration.into(),
        })
    }

    #[test]
    fn domain_10_2_example_is_exact() {
        // Derived from [ARCHIMEDES]: D = 500 mcg/day, C = 2000 mcg/mL → R = 0.25 mL/day; /24 by
        // hand.
        let dv = volume(dose(500.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert_eq!(dv.flow_rate.value_in(Unit::MlPerDay).unwrap(), 0.25);
        assert_eq!(
            dv.hourly_flow.value_in(Unit::MlPerHour).unwrap(),
            crate::units::snap(0.25 / 24.0)
        );
    }

    #[test]
    fn mg_and_mcg_inputs_agree() {
        let a = volume(dose(0.5, Unit::MgPerDay), conc(2.0, Unit::MgPerMl)).unwrap();
        let b = volume(dose(500.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert_eq!(
            a.flow_rate.value_in(Unit::MlPerDay).unwrap(),
            b.flow_rate.value_in(Unit::MlPerDay).unwrap()
        );
    }

    #[test]
    fn thresholds_are_strict() {
        let at = volume(dose(1000.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert!(at.findings.is_empty());
        let above = volume(dose(1.001, Unit::MgPerDay), conc(2.001, Unit::MgPerMl)).unwrap();
        let codes: Vec<_> = above.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                Code::NonstandardConcentration,
                Code::ConcentrationAboveCommercial,
                Code::DailyDoseAbove1000
            ]
        );
    }

    #[test]
    fn zero_dose_and_zero_concentration_are_errors() {
        let e = volume(dose(0.0, Unit::McgPerDay), conc(500.0, Unit::McgPerMl)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "daily_dose"));
        let e = volume(dose(100.0, Unit::McgPerDay), conc(0.0, Unit::McgPerMl)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "concentration"));
    }
}
