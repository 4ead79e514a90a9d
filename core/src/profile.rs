//! Labelling profiles: the parameters where the US label family and the UK SmPC disagree.
//!
//! Where sources disagree, the profile decides; no rule picks one silently.
//! `us` is the US label family (seed 002 and its restatements \[SKY-NURSE\], \[DRUGS-DOSE\],
//! \[SUMMARY-IT\], \[SAULINO-DOSE\]); `uk` is seed 001, the UK SmPC (`docs/SOURCES.md`).
//! Severities are those of `docs/PROTOCOL.md`.
//!
//! ```
//! use itb::profile::{Origin, Phase, Profile};
//! assert_eq!(Profile::Us.max_increase_percent(Origin::Spinal, Phase::Maintenance).0, 40.0);
//! assert_eq!(Profile::Uk.max_increase_percent(Origin::Spinal, Phase::Maintenance).0, 30.0);
//! ```

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::units::{ClinicalQuantity, Duration, Measure, Unit};

/// The oldest age accepted, in years: anything above is a typing error, not a patient.
pub const MAX_AGE_YEARS: f64 = 150.0;

/// An age from a number of years, checked: finite, 0 or more, at most [`MAX_AGE_YEARS`].
pub fn age_from_years(years: f64, field: &'static str) -> Result<Duration, Error> {
    let age = Duration::from_measure(Measure::new(years, Unit::Year), field)?;
    if years > MAX_AGE_YEARS {
        let value = Some(Measure::new(years, Unit::Year));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            field,
            value,
            "an age from 0 to 150 years",
        ));
    }
    Ok(age)
}

/// An optional age given as a plain number of years, checked: not negative, then as
/// [`age_from_years`]. `None` stays `None` (no age, no age finding).
pub fn age_of(years: Option<f64>, field: &'static str) -> Result<Option<Duration>, Error> {
    match years {
        Some(y) => age_from_years(non_negative(y, Unit::Year, field)?, field).map(Some),
        None => Ok(None),
    }
}

/// A plain number that counts `unit` (hours, years): finite and 0 or more.
pub fn non_negative(value: f64, unit: Unit, field: &'static str) -> Result<f64, Error> {
    let given = Some(Measure::new(value, unit));
    if !value.is_finite() {
        return Err(Error::new(
            ErrorKind::NotFinite,
            field,
            given,
            "a finite number",
        ));
    }
    if value < 0.0 {
        return Err(Error::new(ErrorKind::Negative, field, given, "0 or more"));
    }
    Ok(value)
}

/// `age_below_4_years` for a patient younger than 4 years (exactly 4 is not under 4), with the
/// profile's severity and source ([`Profile::under_four`]). No age, no finding.
pub fn check_age(profile: Profile, age: Option<Duration>, findings: &mut Findings) {
    let Some(years) = age.and_then(|a| a.value_in(Unit::Year).ok()) else {
        return;
    };
    if years < 4.0 {
        let (severity, source) = profile.under_four();
        let subject = Measure::new(years, Unit::Year);
        findings.push(
            Finding::new(Code::AgeBelow4Years, severity, source, subject)
                .with_limit(Measure::new(4.0, Unit::Year)),
        );
    }
}

/// A labelling profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The US label family (seed 002 and its restatements).
    Us,
    /// The UK SmPC (seed 001).
    Uk,
}

/// Where the spasticity comes from: the step and range rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Spinal cord injury, multiple sclerosis.
    Spinal,
    /// Cerebral palsy, brain injury.
    Cerebral,
}

/// Titration (the first weeks after implant) or maintenance (long-term adjustments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Dose-titration phase after implant.
    Titration,
    /// Maintenance therapy.
    Maintenance,
}

#[cfg(feature = "serde")]
crate::serde_by_id!(Profile, "a profile (us, uk)");
#[cfg(feature = "serde")]
crate::serde_by_id!(Origin, "an origin (spinal, cerebral)");
#[cfg(feature = "serde")]
crate::serde_by_id!(Phase, "a phase (titration, maintenance)");

/// A rule parameter and the source it comes from.
pub type Sourced<T> = (T, Source);

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 2] = [Profile::Us, Profile::Uk];

    /// `"us"` or `"uk"`.
    pub const fn id(self) -> &'static str {
        match self {
            Profile::Us => "us",
            Profile::Uk => "uk",
        }
    }

    /// The profile with this id (case-sensitive).
    pub fn parse(id: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The initial daily dose is the bolus unchanged when its effect lasted *more than* this
    /// many hours (else twice the bolus). The sources disagree: 8 h in the US label family,
    /// 12 h in the UK SmPC.
    pub const fn prolonged_response_hours(self) -> Sourced<f64> {
        match self {
            Profile::Us => (8.0, Source(&c"[SKY-NURSE]; [SAULINO-DOSE]")),
            Profile::Uk => (12.0, Source(&c"001 Dosage/Dose-Titration Phase")),
        }
    }

    /// Under 4 years: the US label says safety and effectiveness are not established (soft);
    /// the UK SmPC contraindicates it (hard). The sources disagree in strength.
    pub const fn under_four(self) -> (Severity, Source) {
        match self {
            Profile::Us => (
                Severity::Soft,
                Source(&c"000 Special Patient Groups/Pediatric Use"),
            ),
            Profile::Uk => (Severity::Hard, Source(&c"001 Contraindications")),
        }
    }

    /// The largest increase per change, in percent of the previous daily dose.
    /// Titration: spinal 10–30 %, cerebral 5–15 % (both). Maintenance: cerebral up to 20 %
    /// (both); spinal up to 30 % (UK) vs 40 % (US, \[SUMMARY-IT\], a secondary source: the label
    /// text itself was not read — taken because it is the only US figure found).
    pub const fn max_increase_percent(self, origin: Origin, phase: Phase) -> Sourced<f64> {
        match (phase, origin, self) {
            (Phase::Titration, Origin::Spinal, Profile::Us) => {
                (30.0, Source(&c"[SKY-NURSE]; [SAULINO-DOSE]"))
            }
            (Phase::Titration, Origin::Cerebral, Profile::Us) => {
                (15.0, Source(&c"[SKY-NURSE]; [SAULINO-DOSE]"))
            }
            (Phase::Titration, Origin::Spinal, Profile::Uk) => {
                (30.0, Source(&c"001 Dosage/Dose-Titration Phase"))
            }
            (Phase::Titration, Origin::Cerebral, Profile::Uk) => {
                (15.0, Source(&c"001 Dosage/Dose-Titration Phase"))
            }
            (Phase::Maintenance, Origin::Spinal, Profile::Us) => {
                (40.0, Source(&c"[SUMMARY-IT]; [SKY-NURSE]"))
            }
            (Phase::Maintenance, Origin::Cerebral, Profile::Us) => {
                (20.0, Source(&c"[SUMMARY-IT]; [SKY-NURSE]"))
            }
            (Phase::Maintenance, Origin::Spinal, Profile::Uk) => {
                (30.0, Source(&c"001 Administration/Delivery regimen"))
            }
            (Phase::Maintenance, Origin::Cerebral, Profile::Uk) => {
                (20.0, Source(&c"001 Administration/Delivery regimen"))
            }
        }
    }

    /// The minimum interval between dose changes, in hours: 24 h; the UK SmPC asks for 48 h
    /// with a non-programmable multi-dose reservoir pump (US label silent: 24 h).
    pub const fn min_interval_hours(self, programmable: bool) -> Sourced<f64> {
        match (self, programmable) {
            (Profile::Us, _) => (24.0, Source(&c"[SKY-NURSE]; [SAULINO-DOSE]")),
            (Profile::Uk, true) => (24.0, Source(&c"001 Dosage/Dose-Titration Phase")),
            (Profile::Uk, false) => (48.0, Source(&c"001 Dosage/Dose-Titration Phase")),
        }
    }

    /// Patients younger than this many years get the children's maintenance range:
    /// under 12 (US, \[MEDSCAPE-ITB\]), under 18 (UK, children aged 4 to 18 years).
    pub const fn child_below_years(self) -> f64 {
        match self {
            Profile::Us => 12.0,
            Profile::Uk => 18.0,
        }
    }

    /// The children's maintenance range, mcg/day, inclusive. The sources disagree:
    /// US under 12: 24–1199 (mean 274); UK 4–18 y: 25–200.
    pub const fn child_maintenance_mcg_per_day(self) -> Sourced<(f64, f64)> {
        match self {
            Profile::Us => ((24.0, 1199.0), Source(&c"[MEDSCAPE-ITB]; [GAB-MPR]")),
            Profile::Uk => (
                (25.0, 200.0),
                Source(&c"001 Dosage/Children aged 4 to 18 years/Maintenance"),
            ),
        }
    }
}

impl Origin {
    /// Both origins.
    pub const ALL: [Origin; 2] = [Origin::Spinal, Origin::Cerebral];

    /// `"spinal"` or `"cerebral"`.
    pub const fn id(self) -> &'static str {
        match self {
            Origin::Spinal => "spinal",
            Origin::Cerebral => "cerebral",
        }
    }

    /// The origin with this id (case-sensitive).
    pub fn parse(id: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.id() == id)
    }

    /// The adult maintenance range, mcg/day, inclusive (seed 001 Dosage/Maintenance; the labels
    /// give 2003, \[MEDSCAPE-ITB\] 2000: the label value is used).
    pub const fn adult_maintenance_mcg_per_day(self) -> Sourced<(f64, f64)> {
        match self {
            Origin::Spinal => ((12.0, 2003.0), Source(&c"001 Dosage/Maintenance")),
            Origin::Cerebral => ((22.0, 1400.0), Source(&c"001 Dosage/Maintenance")),
        }
    }

    /// The top of the "usual" maintenance dose, mcg/day: spinal 800 (001: most patients
    /// 300–800), cerebral 703 (US label: most patients 90–703; the UK gives only averages).
    pub const fn usual_top_mcg_per_day(self) -> f64 {
        match self {
            Origin::Spinal => 800.0,
            Origin::Cerebral => 703.0,
        }
    }
}

impl Phase {
    /// Both phases.
    pub const ALL: [Phase; 2] = [Phase::Titration, Phase::Maintenance];

    /// `"titration"` or `"maintenance"`.
    pub const fn id(self) -> &'static str {
        match self {
            Phase::Titration => "titration",
            Phase::Maintenance => "maintenance",
        }
    }

    /// The phase with this id (case-sensitive).
    pub fn parse(id: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.id() == id)
    }
}
