//! Daily delivery: the volume a pump must move to deliver a daily dose.
//!
//! `R = D / C` (domain.md §6.1): a daily dose in mcg/day at a concentration in mcg/mL needs
//! R mL/day; the hourly flow is R / 24 (§6.2).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity};
use crate::product::check_concentration;
use crate::units::{ClinicalQuantity, Concentration, DoseRate, FlowRate, Measure, Unit};

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
    check_finite_flow(flow_rate)?;
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

pub(crate) fn require_positive_concentration(
    c: Concentration,
    field: &'static str,
) -> Result<(), Error> {
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

fn check_finite_flow(flow: FlowRate) -> Result<(), Error> {
    let per_minute = flow.raw_in(Unit::MlPerMinute).unwrap_or(f64::NAN);
    let per_day = flow.raw_in(Unit::MlPerDay).unwrap_or(f64::NAN);
    if per_minute.is_finite() && per_day.is_finite() {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::NotFinite,
        "daily_dose",
        None,
        "a daily dose and concentration whose ratio is a finite flow",
    ))
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
