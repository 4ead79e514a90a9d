//! Pump programming: the concentration-confirmation step of a programmer.
//!
//! A pump doses by volume. It is told a daily dose and the concentration in its reservoir, and
//! runs the flow dose / concentration. If the reservoir holds another concentration, the
//! patient gets that flow times the concentration actually there: programmed for 500 mcg/mL
//! and filled with 2000 mcg/mL is four times the dose (an overdose); the reverse is a quarter
//! (a withdrawal). 002 Boxed Warning: preventing withdrawal "requires careful attention to
//! programming and monitoring of the infusion system"; the arithmetic is the daily-volume rule
//! (\[ARCHIMEDES\]).

use crate::error::Error;
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::product::check_pump_concentration;
use crate::schedule::{check_daily_dose, flow, require_daily_dose, require_positive_concentration};
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, FlowRate, Input, Measure, Unit, snap,
};

/// The request of [`programming_check`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProgrammingRequest {
    /// The daily dose programmed into the pump, above zero.
    pub programmed_daily_dose: Input<DoseRate>,
    /// The concentration programmed into the pump, above zero.
    pub programmed_concentration: Input<Concentration>,
    /// The concentration in the reservoir, above zero.
    pub reservoir_concentration: Input<Concentration>,
}

/// What the pump delivers as programmed.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProgrammingCheck {
    /// The flow the pump runs: programmed dose / programmed concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub flow_rate: FlowRate,
    /// What the patient gets: flow × reservoir concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub delivered_daily_dose: DoseRate,
    /// Reservoir / programmed concentration, a plain number (1 when they agree).
    pub dose_ratio: f64,
    /// See [`programming_check`].
    pub findings: Findings,
}

/// Checks that the concentration programmed into a pump is the one in its reservoir.
///
/// Findings: `concentration_mismatch` (hard; the ratio is not 1; 002 Boxed Warning), and the
/// daily-volume findings of the reservoir concentration (`nonstandard_concentration`,
/// `concentration_above_commercial`, `screening_strength_in_pump`) and of the delivered dose
/// (`daily_dose_above_1000`).
///
/// ```
/// use itb::programming::{programming_check, ProgrammingRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let check = programming_check(&ProgrammingRequest {
///     programmed_daily_dose: Input::new(500.0, Unit::McgPerDay),
///     programmed_concentration: Input::new(500.0, Unit::McgPerMl),
///     reservoir_concentration: Input::new(2000.0, Unit::McgPerMl),
/// })?;
/// // Worked by hand: 500 / 500 = 1 mL/day of 2000 mcg/mL is 2000 mcg/day, four times the dose.
/// assert_eq!(check.flow_rate.value_in(Unit::MlPerDay)?, 1.0);
/// assert_eq!(check.delivered_daily_dose.value_in(Unit::McgPerDay)?, 2000.0);
/// assert_eq!(check.dose_ratio, 4.0);
/// assert!(!check.findings.allowed());
/// # Ok::<(), itb::Error>(())
/// ```
pub fn programming_check(r: &ProgrammingRequest) -> Result<ProgrammingCheck, Error> {
    let dose = r.programmed_daily_dose.read("programmed_daily_dose")?;
    require_daily_dose(dose, "programmed_daily_dose")?;
    let programmed = r
        .programmed_concentration
        .read("programmed_concentration")?;
    require_positive_concentration(programmed, "programmed_concentration")?;
    let reservoir = r.reservoir_concentration.read("reservoir_concentration")?;
    require_positive_concentration(reservoir, "reservoir_concentration")?;
    let flow_rate = flow(dose, programmed)?;
    let dose_ratio = snap(reservoir.canonical() / programmed.canonical());
    let delivered_mcg = snap(dose.canonical() * reservoir.canonical() / programmed.canonical());
    let delivered = Measure::new(delivered_mcg, Unit::McgPerDay);
    let delivered_daily_dose = DoseRate::from_measure(delivered, "reservoir_concentration")?;
    let mut findings = Findings::new();
    if dose_ratio != 1.0 {
        let f = Finding::new(
            Code::ConcentrationMismatch,
            Severity::Hard,
            Source(&c"002 Boxed Warning"),
            delivered,
        );
        findings.push(f.with_limit(Measure::new(dose.canonical(), Unit::McgPerDay)));
    }
    check_pump_concentration(reservoir, &mut findings);
    check_daily_dose(delivered_daily_dose, &mut findings);
    Ok(ProgrammingCheck {
        flow_rate,
        delivered_daily_dose,
        dose_ratio,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(dose: f64, programmed: f64, reservoir: f64) -> ProgrammingCheck {
        programming_check(&ProgrammingRequest {
            programmed_daily_dose: Input::new(dose, Unit::McgPerDay),
            programmed_concentration: Input::new(programmed, Unit::McgPerMl),
            reservoir_concentration: Input::new(reservoir, Unit::McgPerMl),
        })
        .unwrap()
    }

    #[test]
    fn equal_concentrations_deliver_the_programmed_dose() {
        let c = check(300.0, 2000.0, 2000.0);
        assert_eq!(c.dose_ratio, 1.0);
        assert_eq!(
            c.delivered_daily_dose.value_in(Unit::McgPerDay).unwrap(),
            300.0
        );
        assert!(c.findings.is_empty());
    }

    #[test]
    fn a_weaker_reservoir_is_a_quarter_of_the_dose_and_the_message_says_withdrawal() {
        // 400 mcg/day programmed at 2000: 0.2 mL/day of 500 mcg/mL is 100 mcg/day.
        let c = check(400.0, 2000.0, 500.0);
        assert_eq!(c.dose_ratio, 0.25);
        assert_eq!(
            c.delivered_daily_dose.value_in(Unit::McgPerDay).unwrap(),
            100.0
        );
        let f = c.findings.iter().next().unwrap();
        assert_eq!(f.code, Code::ConcentrationMismatch);
        let text = f.message().to_string();
        assert!(
            text.contains("0.25 times") && text.contains("withdrawal"),
            "{text}"
        );
    }

    #[test]
    fn an_overdose_names_its_ratio_and_the_delivered_dose_is_checked() {
        // 300 mcg/day programmed at 500: 0.6 mL/day of 2000 mcg/mL is 1,200 mcg/day.
        let c = check(300.0, 500.0, 2000.0);
        let codes: Vec<Code> = c.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [Code::ConcentrationMismatch, Code::DailyDoseAbove1000]
        );
        let text = c.findings.iter().next().unwrap().message().to_string();
        assert!(
            text.contains("4 times") && text.contains("overdose"),
            "{text}"
        );
    }
}
