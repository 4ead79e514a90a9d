//! Daily delivery: the volume a pump must move to deliver a daily dose, and flexible
//! (multi-step) schedules.
//!
//! `R = D / C` (domain.md §6.1): a daily dose in mcg/day at a concentration in mcg/mL needs
//! R mL/day; the hourly flow is R / 24 (§6.2). A flex schedule delivers
//! `D = Σ rate_i × duration_i` over 24 h (§6.3).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity};
use crate::product::check_concentration;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Measure, Ratio, Unit, snap,
};

/// Doses above 1000 mcg/day have limited clinical experience (seed 001 Dosage/Dose-Titration
/// Phase: "Doses greater than 1,000micrograms a day have limited clinical experience").
pub const LIMITED_EXPERIENCE_MCG_PER_DAY: f64 = 1000.0;

/// The flow that delivers a daily dose at a concentration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyVolume {
    /// Volume per day.
    pub flow_rate: FlowRate,
    /// The same flow per hour.
    pub hourly_flow: FlowRate,
    /// `nonstandard_concentration`, `concentration_above_commercial`, `daily_dose_above_1000`.
    pub findings: Findings,
}

/// The daily volume for `daily_dose` at `concentration`.
///
/// ```
/// use itb::schedule::daily_volume;
/// use itb::units::{ClinicalQuantity, Concentration, DoseRate, Unit};
/// let dose = DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap();
/// let c = Concentration::from_unit(2.0, Unit::MgPerMl).unwrap();
/// let dv = daily_volume(dose, c)?;
/// assert_eq!(dv.flow_rate.value_in(Unit::MlPerDay)?, 0.25);
/// assert!(dv.findings.is_empty());
/// # Ok::<(), itb::Error>(())
/// ```
pub fn daily_volume(
    daily_dose: DoseRate,
    concentration: Concentration,
) -> Result<DailyVolume, Error> {
    require_daily_dose(daily_dose, "daily_dose")?;
    require_positive_concentration(concentration, "concentration")?;
    let flow_rate: FlowRate = daily_dose / concentration;
    check_finite_flow(flow_rate, "daily_dose")?;
    let hourly_flow = flow_rate; // the same quantity; read it in mL/h
    let mut findings = Findings::new();
    check_concentration(concentration, &mut findings);
    check_daily_dose(daily_dose, &mut findings);
    Ok(DailyVolume {
        flow_rate,
        hourly_flow,
        findings,
    })
}

/// `daily_dose_above_1000` (soft) for a dose above 1000 mcg/day (exactly 1000 is not above).
pub fn check_daily_dose(daily_dose: DoseRate, findings: &mut Findings) {
    let mcg_per_day = daily_dose.canonical();
    if mcg_per_day > LIMITED_EXPERIENCE_MCG_PER_DAY {
        findings.push(Finding::new(
            Code::DailyDoseAbove1000,
            Severity::Soft,
            "001 Dosage/Dose-Titration Phase",
            Measure::new(mcg_per_day, Unit::McgPerDay),
        ));
    }
}

/// A daily dose must be above zero: a pump at zero is a stopped pump (PROTOCOL.md).
pub fn require_daily_dose(daily_dose: DoseRate, field: &'static str) -> Result<(), Error> {
    let v = daily_dose.canonical();
    if v > 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Zero,
        field,
        Some(Measure::new(v, Unit::McgPerDay)),
        "a daily dose above 0 mcg/day (a pump at zero is a stopped pump, and abrupt withdrawal can kill)",
    ))
}

/// A concentration must be above zero: the rules divide by it.
pub fn require_positive_concentration(c: Concentration, field: &'static str) -> Result<(), Error> {
    let v = c.canonical();
    if v > 0.0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Zero,
        field,
        Some(Measure::new(v, Unit::McgPerMl)),
        "a concentration above 0 mcg/mL",
    ))
}

/// A flow computed as dose / concentration must be finite in every flow unit: 1e300 mcg/day
/// at 1e-300 mcg/mL is not a flow any pump has, and must not become a `null` in a result.
pub fn check_finite_flow(flow: FlowRate, field: &'static str) -> Result<(), Error> {
    let per_minute = flow.raw_in(Unit::MlPerMinute).unwrap_or(f64::NAN);
    let per_day = flow.raw_in(Unit::MlPerDay).unwrap_or(f64::NAN);
    if per_minute.is_finite() && per_day.is_finite() && per_day > 0.0 {
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

/// One step of a flex schedule: from `start`, deliver at `rate` until the next step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlexStep {
    /// When the step begins.
    pub start: TimeOfDay,
    /// Its dose rate.
    pub rate: DoseRate,
}

/// A flex-schedule error and the index of the step it concerns, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepError {
    /// The offending step (`steps[index]`), or `None` for the whole list.
    pub index: Option<usize>,
    /// What is wrong (its `field` is `start`, `rate` or `steps`).
    pub error: Error,
}

/// The daily total of a flex schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlexDose {
    /// Σ rate × duration over 24 h.
    pub daily_dose: DoseRate,
    /// `daily_dose_above_1000` on the total.
    pub findings: Findings,
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

/// The daily dose of a flex schedule (domain.md §6.3). Starts must strictly increase (the first
/// may be any time); each rate must be above zero (a pump stopped for hours is a withdrawal risk).
///
/// ```
/// use itb::schedule::{flex_daily_dose, FlexStep, TimeOfDay};
/// use itb::units::{ClinicalQuantity, DoseRate, Unit};
/// let at = |t| TimeOfDay::parse(t, "start").unwrap();
/// let rate = |v| DoseRate::from_unit(v, Unit::McgPerHour).unwrap();
/// // domain.md §10.2: 28.8 mcg/h for 8 h + 24 mcg/h for 16 h = 614.4 mcg/day.
/// let steps = [FlexStep { start: at("04:00"), rate: rate(24.0) }, FlexStep { start: at("20:00"), rate: rate(28.8) }];
/// assert_eq!(flex_daily_dose(&steps).unwrap().daily_dose.value_in(Unit::McgPerDay)?, 614.4);
/// # Ok::<(), itb::Error>(())
/// ```
pub fn flex_daily_dose(steps: &[FlexStep]) -> Result<FlexDose, StepError> {
    if steps.is_empty() {
        let error = Error::new(ErrorKind::InvalidValue, "steps", None, "at least one step");
        return Err(StepError { index: None, error });
    }
    // Validate every step before measuring any: a duration needs the next step's start.
    for (i, step) in steps.iter().enumerate() {
        if i > 0 && step.start <= steps[i - 1].start {
            let allowed = "starts in strictly increasing order (the first may be any time)";
            return Err(StepError {
                index: Some(i),
                error: Error::new(ErrorKind::InvalidValue, "start", None, allowed),
            });
        }
        let rate = step.rate.value_in(Unit::McgPerHour).unwrap_or(f64::NAN);
        if rate <= 0.0 {
            let value = Some(Measure::new(rate, Unit::McgPerHour));
            let allowed = "a rate above 0 (a pump stopped for hours is a withdrawal risk)";
            return Err(StepError {
                index: Some(i),
                error: Error::new(ErrorKind::Zero, "rate", value, allowed),
            });
        }
    }
    let mut total_mcg = 0.0;
    for (i, step) in steps.iter().enumerate() {
        let rate = step.rate.value_in(Unit::McgPerHour).unwrap_or(f64::NAN);
        total_mcg += rate
            * step_duration(steps, i)
                .value_in(Unit::Hour)
                .unwrap_or(f64::NAN);
    }
    let daily_dose =
        DoseRate::from_measure(Measure::new(snap(total_mcg), Unit::McgPerDay), "steps")
            .map_err(|error| StepError { index: None, error })?;
    let mut findings = Findings::new();
    check_daily_dose(daily_dose, &mut findings);
    Ok(FlexDose {
        daily_dose,
        findings,
    })
}

/// The default lead time of a night boost, hours: seed 001 programs rate changes "to start
/// two hours before the desired onset of clinical effect".
pub const DEFAULT_LEAD_TIME_H: f64 = 2.0;

/// A boost must be above −100 % (a night rate of zero or less is a stopped pump).
/// Returns it in percent.
pub fn check_boost(boost: Ratio) -> Result<f64, Error> {
    let pct = boost.canonical();
    if pct > -100.0 {
        return Ok(pct);
    }
    let value = Some(Measure::new(pct, Unit::Percent));
    Err(Error::new(
        ErrorKind::OutOfRange,
        "boost_percent",
        value,
        "more than -100 %",
    ))
}

/// A night-time boost: two steps and their daily total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NightBoost {
    /// The two steps, by start time from 00:00.
    pub steps: [FlexStep; 2],
    /// The daily total.
    pub daily_dose: DoseRate,
    /// `daily_dose_above_1000` on the total.
    pub findings: Findings,
}

/// Raises the hourly rate by `boost` for the hours of `effect_start`..`effect_end`, both moved
/// earlier by `lead_time`: seed 001 Administration/Delivery regimen ("a 20% increase in their
/// hourly infusion rate"; "changes in flow rate should be programmed to start two hours before
/// the desired onset of clinical effect").
pub fn night_boost(
    base_daily_dose: DoseRate,
    boost: Ratio,
    effect_start: TimeOfDay,
    effect_end: TimeOfDay,
    lead_time: Duration,
) -> Result<NightBoost, Error> {
    require_daily_dose(base_daily_dose, "base_daily_dose")?;
    let pct = check_boost(boost)?;
    if effect_start == effect_end {
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "effect_end",
            None,
            "an end different from the start",
        ));
    }
    let lead_min = lead_time.value_in(Unit::Minute)?;
    if lead_min >= f64::from(DAY_MIN) {
        let value = Some(Measure::new(lead_time.canonical(), Unit::Hour));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "lead_time",
            value,
            "a lead time below 24 h",
        ));
    }
    if lead_min != libm::trunc(lead_min) {
        let value = Some(Measure::new(lead_time.canonical(), Unit::Hour));
        return Err(Error::new(
            ErrorKind::InvalidValue,
            "lead_time",
            value,
            "a whole number of minutes",
        ));
    }
    let base_per_h = snap(base_daily_dose.canonical() / 24.0);
    let boosted_per_h = snap(base_per_h * (100.0 + pct) / 100.0);
    let rate =
        |v: f64| DoseRate::from_measure(Measure::new(v, Unit::McgPerHour), "base_daily_dose");
    let boost_step = FlexStep {
        start: effect_start.earlier_by(lead_min as u16),
        rate: rate(boosted_per_h)?,
    };
    let base_step = FlexStep {
        start: effect_end.earlier_by(lead_min as u16),
        rate: rate(base_per_h)?,
    };
    let steps = if boost_step.start < base_step.start {
        [boost_step, base_step]
    } else {
        [base_step, boost_step]
    };
    let flex = flex_daily_dose(&steps).map_err(|e| e.error)?;
    Ok(NightBoost {
        steps,
        daily_dose: flex.daily_dose,
        findings: flex.findings,
    })
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

    #[test]
    fn domain_10_2_example_is_exact() {
        // domain.md §10.2: D = 500 mcg/day, C = 2000 mcg/mL → R = 0.25 mL/day; /24 by hand.
        let dv = daily_volume(dose(500.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert_eq!(dv.flow_rate.value_in(Unit::MlPerDay).unwrap(), 0.25);
        assert_eq!(
            dv.hourly_flow.value_in(Unit::MlPerHour).unwrap(),
            crate::units::snap(0.25 / 24.0)
        );
    }

    #[test]
    fn mg_and_mcg_inputs_agree() {
        let a = daily_volume(dose(0.5, Unit::MgPerDay), conc(2.0, Unit::MgPerMl)).unwrap();
        let b = daily_volume(dose(500.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert_eq!(
            a.flow_rate.value_in(Unit::MlPerDay).unwrap(),
            b.flow_rate.value_in(Unit::MlPerDay).unwrap()
        );
    }

    #[test]
    fn thresholds_are_strict() {
        let at = daily_volume(dose(1000.0, Unit::McgPerDay), conc(2000.0, Unit::McgPerMl)).unwrap();
        assert!(at.findings.is_empty());
        let above = daily_volume(dose(1.001, Unit::MgPerDay), conc(2.001, Unit::MgPerMl)).unwrap();
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
        let e = daily_volume(dose(0.0, Unit::McgPerDay), conc(500.0, Unit::McgPerMl)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "daily_dose"));
        let e = daily_volume(dose(100.0, Unit::McgPerDay), conc(0.0, Unit::McgPerMl)).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "concentration"));
    }
}
