//! The screening (test) phase: intrathecal boluses before a pump is implanted.
//!
//! Seed 001 Dosage/Screening Phase (Test Dose): a first bolus of 25 or 50 mcg, then increments
//! of 25 mcg at least 24 h apart until a response, to at most 100 mcg; a patient who does not
//! respond to 100 mcg is not a candidate. The US label family gives 50, 75, 100 mcg
//! (\[DRUGS-DOSE\]). The screening solution is 50 mcg/mL, so 50 mcg is 1 mL (\[DRUGS-DOSE\]).

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::profile::age_of;
use crate::profile::{Profile, check_age, non_negative};
use crate::units::{
    ClinicalQuantity, Concentration, Duration, Input, Mass, Measure, Unit, Volume, snap,
};

/// The largest screening bolus (001 Dosage/Screening Phase (Test Dose); \[DRUGS-DOSE\]).
pub const MAX_BOLUS_MCG: f64 = 100.0;
/// The increment between screening boluses (001; US 50 → 75 → 100).
pub const STEP_MCG: f64 = 25.0;
/// The screening solution (50 micrograms in 1 mL, 001 Additional Dosage Information).
pub const SCREENING_MCG_PER_ML: f64 = 50.0;
/// The most boluses a plan holds: 25, 50, 75 and 100 mcg (a start above 0 and at most 100 mcg
/// leaves room for at most three 25 mcg steps).
pub const MAX_DOSES: usize = 4;
/// At least 24 h between boluses (001; \[DRUGS-DOSE\]).
pub const MIN_INTERVAL_H: f64 = 24.0;
/// The default first bolus: 50 mcg, the start of both the UK SmPC (25 or 50 mcg) and the US
/// label family (50, 75, 100 mcg; \[DRUGS-DOSE\]).
pub const DEFAULT_START_DOSE_MCG: f64 = 50.0;

/// The first test doses of the UK SmPC (001 Dosage/Screening Phase (Test Dose)).
pub const START_DOSES_MCG: [f64; 2] = [25.0, 50.0];

const SOURCE_TEST: Source = Source(&c"001 Dosage/Screening Phase (Test Dose)");
const SOURCE_MAX: Source = Source(&c"001 Dosage/Screening Phase (Test Dose); [DRUGS-DOSE]");
const SOURCE_SOLUTION: Source =
    Source(&c"001 Additional Dosage Information/Screening Phase; [DRUGS-DOSE]");

/// One bolus of the plan and the volume that holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ScreeningDose {
    /// The bolus.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub dose: Mass,
    /// Its volume at the plan's concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub volume: Volume,
}

/// A screening plan: the boluses to try, in order, at least `min_interval` apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreeningPlan {
    doses: [ScreeningDose; MAX_DOSES],
    len: usize,
    /// The minimum time between boluses (24 h).
    pub min_interval: Duration,
    /// The largest bolus (100 mcg).
    pub max_dose: Mass,
    /// `screening_dose_above_max`, `screening_start_dose`, `screening_interval_too_short`,
    /// `screening_concentration`, `age_below_4_years`.
    pub findings: Findings,
}

impl ScreeningPlan {
    /// The boluses, start dose first (at most four: 25, 50, 75, 100 mcg).
    pub fn doses(&self) -> &[ScreeningDose] {
        &self.doses[..self.len]
    }
}

/// The request of [`screening_plan`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScreeningRequest {
    /// The labelling profile (it decides the age finding and who is a child).
    pub profile: Profile,
    /// The patient's age in years, a plain number from 0 to 150, when known.
    pub age_years: Option<f64>,
    /// The first bolus, above zero; `None`: [`DEFAULT_START_DOSE_MCG`].
    pub start_dose: Option<Input<Mass>>,
    /// The screening solution, above zero; `None`: [`SCREENING_MCG_PER_ML`].
    pub concentration: Option<Input<Concentration>>,
    /// Hours since the last screening bolus (a plain number, 0 or more), when one was given.
    pub hours_since_last_dose: Option<f64>,
}

impl ScreeningRequest {
    /// A request with every optional input left to its default.
    pub const fn new(profile: Profile) -> Self {
        ScreeningRequest {
            profile,
            age_years: None,
            start_dose: None,
            concentration: None,
            hours_since_last_dose: None,
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ScreeningPlan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::units::serial::Canonical;
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("ScreeningPlan", 4)?;
        f.serialize_field("doses", self.doses())?;
        f.serialize_field("min_interval", &Canonical(self.min_interval))?;
        f.serialize_field("max_dose", &Canonical(self.max_dose))?;
        f.serialize_field("findings", &self.findings)?;
        f.end()
    }
}

/// The screening plan from the start dose (the profile decides the age finding).
///
/// Findings: `screening_dose_above_max` (hard; a start above 100 mcg, the plan is then that
/// one dose), `screening_start_dose` (soft; a start given that is neither 25 nor 50 mcg, 001
/// Dosage/Screening Phase (Test Dose): "Initial test dose: 25micrograms or 50micrograms"),
/// `screening_interval_too_short` (hard; less than 24 h since the last bolus, the same section:
/// "at intervals of at least 24 hours"), `screening_concentration` (soft), `age_below_4_years`.
///
/// ```
/// use itb::profile::Profile;
/// use itb::screening::{screening_plan, ScreeningRequest};
/// use itb::units::{ClinicalQuantity, Unit};
/// let plan = screening_plan(&ScreeningRequest::new(Profile::Us))?; // 50 mcg at 50 mcg/mL
/// let volumes: Vec<f64> = plan.doses().iter().map(|d| d.volume.value_in(Unit::Milliliter).unwrap()).collect();
/// assert_eq!(volumes, [1.0, 1.5, 2.0]); // [DRUGS-DOSE]: 50, 75, 100 mcg
/// # Ok::<(), itb::Error>(())
/// ```
pub fn screening_plan(r: &ScreeningRequest) -> Result<ScreeningPlan, Error> {
    let profile = r.profile;
    let age = age_of(r.age_years, "age_years")?;
    let start_dose = match r.start_dose {
        Some(dose) => dose.read("start_dose")?,
        None => Mass::from_unit(DEFAULT_START_DOSE_MCG, Unit::Microgram).unwrap_or_default(),
    };
    let concentration = match r.concentration {
        Some(c) => c.read("concentration")?,
        None => Concentration::from_unit(SCREENING_MCG_PER_ML, Unit::McgPerMl).unwrap_or_default(),
    };
    let start_mcg = start_dose.canonical();
    if start_mcg <= 0.0 {
        let value = Some(Measure::new(start_mcg, Unit::Microgram));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "start_dose",
            value,
            "a bolus above 0 mcg",
        ));
    }
    crate::schedule::require_positive_concentration(concentration, "concentration")?;
    let since_last_h = r
        .hours_since_last_dose
        .map(|h| non_negative(h, Unit::Hour, "hours_since_last_dose"))
        .transpose()?;
    let mut findings = Findings::new();
    check_age(profile, age, &mut findings);
    let mut plan = ScreeningPlan {
        doses: [dose(start_mcg, concentration)?; MAX_DOSES],
        len: 1,
        min_interval: Duration::from_unit(MIN_INTERVAL_H, Unit::Hour)
            .unwrap_or(Duration::default()),
        max_dose: Mass::from_unit(MAX_BOLUS_MCG, Unit::Microgram).unwrap_or(Mass::default()),
        findings,
    };
    if start_mcg > MAX_BOLUS_MCG {
        // The plan is that one dose, and it is not allowed.
        let subject = Measure::new(start_mcg, Unit::Microgram);
        let limit = Measure::new(MAX_BOLUS_MCG, Unit::Microgram);
        plan.findings.push(
            Finding::new(
                Code::ScreeningDoseAboveMax,
                Severity::Hard,
                SOURCE_MAX,
                subject,
            )
            .with_limit(limit),
        );
    }
    loop {
        let next = snap(start_mcg + STEP_MCG * plan.len as f64);
        if next > MAX_BOLUS_MCG || plan.len == plan.doses.len() {
            break;
        }
        plan.doses[plan.len] = dose(next, concentration)?;
        plan.len += 1;
    }
    if r.start_dose.is_some() && !START_DOSES_MCG.contains(&start_mcg) {
        let subject = Measure::new(start_mcg, Unit::Microgram);
        let f = Finding::new(
            Code::ScreeningStartDose,
            Severity::Soft,
            SOURCE_TEST,
            subject,
        );
        plan.findings.push(f);
    }
    if let Some(hours) = since_last_h.filter(|h| *h < MIN_INTERVAL_H) {
        let h = |v: f64| Measure::new(v, Unit::Hour);
        let f = Finding::new(
            Code::ScreeningIntervalTooShort,
            Severity::Hard,
            SOURCE_TEST,
            h(hours),
        );
        plan.findings.push(f.with_limit(h(MIN_INTERVAL_H)));
    }
    let mcg_per_ml = concentration.canonical();
    if mcg_per_ml != SCREENING_MCG_PER_ML {
        let subject = Measure::new(mcg_per_ml, Unit::McgPerMl);
        plan.findings.push(Finding::new(
            Code::ScreeningConcentration,
            Severity::Soft,
            SOURCE_SOLUTION,
            subject,
        ));
    }
    Ok(plan)
}

fn dose(mcg: f64, concentration: Concentration) -> Result<ScreeningDose, Error> {
    let dose = Mass::from_unit(mcg, Unit::Microgram).ok_or(Error::new(
        ErrorKind::InvalidValue,
        "start_dose",
        None,
        "a mass",
    ))?;
    Ok(ScreeningDose {
        dose,
        volume: dose / concentration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: &ScreeningRequest) -> Vec<(Code, Severity)> {
        let plan = screening_plan(r).unwrap();
        plan.findings.iter().map(|f| (f.code, f.severity)).collect()
    }

    #[test]
    fn a_start_given_other_than_25_or_50_mcg_is_flagged() {
        let mut r = ScreeningRequest::new(Profile::Uk);
        assert!(codes(&r).is_empty()); // the default 50 mcg is never flagged
        for (mcg, flagged) in [(25.0, false), (50.0, false), (75.0, true), (30.0, true)] {
            r.start_dose = Some(Input::new(mcg, Unit::Microgram));
            let start = codes(&r).contains(&(Code::ScreeningStartDose, Severity::Soft));
            assert_eq!(start, flagged, "{mcg} mcg");
        }
        r.start_dose = Some(Input::new(0.025, Unit::Milligram)); // 25 mcg
        assert!(codes(&r).is_empty());
    }

    #[test]
    fn boluses_less_than_24_h_apart_are_not_allowed() {
        let mut r = ScreeningRequest::new(Profile::Us);
        r.hours_since_last_dose = Some(23.9);
        let plan = screening_plan(&r).unwrap();
        let f = plan.findings.iter().next().unwrap();
        assert_eq!(
            (f.code, f.severity),
            (Code::ScreeningIntervalTooShort, Severity::Hard)
        );
        assert_eq!(f.limit, Some(Measure::new(24.0, Unit::Hour)));
        assert!(!plan.findings.allowed());
        r.hours_since_last_dose = Some(24.0); // "at least 24 hours": exactly 24 is enough
        assert!(codes(&r).is_empty());
        r.hours_since_last_dose = Some(-1.0);
        let e = screening_plan(&r).unwrap_err();
        assert_eq!(
            (e.kind, e.field),
            (ErrorKind::Negative, "hours_since_last_dose")
        );
    }
}
