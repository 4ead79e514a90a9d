//! What to monitor, how often, and what to do, in each phase of the therapy.
//!
//! From 000 Monitoring (baseline and routine monitoring: spasticity, adverse effects, vital
//! signs, the pump at each refill), 001 (respiratory and cardiac monitoring and resuscitation
//! facilities during screening and after implant; new neurological signs; scoliosis) and 002
//! Warnings (a medically supervised, equipped setting for screening and the adjustment after
//! implant; close monitoring after every change of the dosing rate or the concentration). The
//! texts are the project's short wording of the sources' facts.

use core::ffi::CStr;

use crate::error::Error;
use crate::finding::{Source, text};
use crate::units::Given;

/// A phase of the therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MonitoringPhase {
    /// The screening (test) boluses.
    Screening,
    /// The dose titration after implant.
    Titration,
    /// Long-term maintenance.
    Maintenance,
    /// After a change of the dosing rate or the concentration.
    AfterChange,
}

/// The ids of the phases, for messages.
pub const MONITORING_PHASE_IDS: &str = "screening, titration, maintenance, after_change";

impl MonitoringPhase {
    /// Every phase.
    pub const ALL: [MonitoringPhase; 4] = [
        MonitoringPhase::Screening,
        MonitoringPhase::Titration,
        MonitoringPhase::Maintenance,
        MonitoringPhase::AfterChange,
    ];

    /// The protocol's id.
    pub const fn id(self) -> &'static str {
        match self {
            MonitoringPhase::Screening => "screening",
            MonitoringPhase::Titration => "titration",
            MonitoringPhase::Maintenance => "maintenance",
            MonitoringPhase::AfterChange => "after_change",
        }
    }

    /// The phase of an id (case-sensitive).
    pub fn parse(id: &str) -> Option<MonitoringPhase> {
        MonitoringPhase::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// One thing to monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonitoringItem {
    /// What to watch.
    pub what: &'static CStr,
    /// How often.
    pub frequency: &'static CStr,
    /// What to do about it.
    pub action: &'static CStr,
    /// Where the label says so.
    pub source: Source,
}

impl MonitoringItem {
    /// `what`, as text.
    pub const fn what(&self) -> &'static str {
        text(self.what)
    }

    /// `frequency`, as text.
    pub const fn frequency(&self) -> &'static str {
        text(self.frequency)
    }

    /// `action`, as text.
    pub const fn action(&self) -> &'static str {
        text(self.action)
    }
}

const fn item(
    what: &'static CStr,
    frequency: &'static CStr,
    action: &'static CStr,
    source: Source,
) -> MonitoringItem {
    MonitoringItem {
        what,
        frequency,
        action,
        source,
    }
}

const BASELINE: Source = Source(&c"000 Monitoring/Baseline Monitoring");
const ROUTINE: Source = Source(&c"000 Monitoring/Routine Monitoring");
const SCREENING_001: Source = Source(&c"001 Additional Dosage Information/Screening Phase");
const TITRATION_001: Source = Source(&c"001 Additional Dosage Information/Dose-Titration Phase");
const WARNINGS_002: Source = Source(&c"002 Warnings");
const PRECAUTIONS_001: Source = Source(&c"001 Precautions and Warnings");

const SCREENING: [MonitoringItem; 5] = [
    item(
        c"spasticity, motor function, reflexes and sensation (a baseline)",
        c"before the test dose",
        c"record them to judge the response and guide the first doses",
        BASELINE,
    ),
    item(
        c"infection",
        c"before screening",
        c"screen only an infection-free patient: a systemic infection may prevent an accurate assessment",
        SCREENING_001,
    ),
    item(
        c"respiratory and cardiac function",
        c"throughout the screening phase",
        c"monitor closely, above all with cardiopulmonary disease, respiratory muscle weakness, benzodiazepines or opiates",
        SCREENING_001,
    ),
    item(
        c"resuscitation equipment",
        c"throughout the screening phase",
        c"keep it available, in a medically supervised and adequately equipped setting",
        WARNINGS_002,
    ),
    item(
        c"response to each test bolus",
        c"after each bolus (the effect lasts about 4 to 8 hours)",
        c"a response is a significant decrease in muscle tone or in the frequency or severity of spasms",
        Source(&c"001 Dosage/Screening Phase (Test Dose)"),
    ),
];

const TITRATION: [MonitoringItem; 5] = [
    item(
        c"the patient's response to the infusion",
        c"closely, immediately after implantation, until it is acceptable and stable",
        c"monitor in an appropriately equipped and staffed environment, with resuscitation equipment at hand",
        TITRATION_001,
    ),
    item(
        c"spasticity and function",
        c"daily during titration",
        c"adjust the dose for inadequate control or excessive weakness",
        ROUTINE,
    ),
    item(
        c"adverse effects",
        c"continuously during titration",
        c"adjust the dose or intervene for significant or intolerable effects",
        ROUTINE,
    ),
    item(
        c"vital signs, above all breathing",
        c"frequently during titration",
        c"act at once on significant changes, above all respiratory depression",
        ROUTINE,
    ),
    item(
        c"respiratory function",
        c"during the introduction of treatment",
        c"keep resuscitation facilities available",
        Source(&c"001 Additional Dosage Information"),
    ),
];

const MAINTENANCE: [MonitoringItem; 6] = [
    item(
        c"spasticity and function",
        c"regularly: monthly to quarterly, or as needed",
        c"adjust the dose for inadequate control or excessive weakness",
        ROUTINE,
    ),
    item(
        c"adverse effects",
        c"at each refill visit",
        c"adjust the dose or intervene for significant or intolerable effects",
        ROUTINE,
    ),
    item(
        c"vital signs",
        c"periodically, at each refill visit",
        c"act at once on significant changes, above all respiratory depression",
        ROUTINE,
    ),
    item(
        c"the pump: reservoir volume, operation and alarms",
        c"at each refill visit (typically every 1 to 3 months)",
        c"attend at once to a low reservoir, a malfunction or an alarm",
        ROUTINE,
    ),
    item(
        c"new neurological signs or symptoms",
        c"carefully, throughout treatment",
        c"consider imaging for an inflammatory mass at the catheter tip",
        PRECAUTIONS_001,
    ),
    item(
        c"signs of scoliosis",
        c"during treatment",
        c"refer for assessment",
        PRECAUTIONS_001,
    ),
];

const AFTER_CHANGE: [MonitoringItem; 2] = [
    item(
        c"the patient's response",
        c"closely, after each change of the dosing rate or the concentration, until it is acceptable and stable",
        c"keep the patient under close medical monitoring",
        WARNINGS_002,
    ),
    item(
        c"signs of overdose and of withdrawal",
        c"after each change",
        c"seek medical help at once if they appear",
        Source(&c"000 Seek Immediate Medical Attention"),
    ),
];

impl MonitoringPhase {
    /// The items of the phase.
    pub const fn items(self) -> &'static [MonitoringItem] {
        match self {
            MonitoringPhase::Screening => &SCREENING,
            MonitoringPhase::Titration => &TITRATION,
            MonitoringPhase::Maintenance => &MAINTENANCE,
            MonitoringPhase::AfterChange => &AFTER_CHANGE,
        }
    }
}

/// The request of [`monitoring_plan`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MonitoringRequest {
    /// The phase.
    pub phase: Given<MonitoringPhase>,
}

/// What to monitor in a phase, how often, and what to do.
///
/// ```
/// use itb::monitoring::{monitoring_plan, MonitoringPhase, MonitoringRequest};
/// let items = monitoring_plan(&MonitoringRequest { phase: MonitoringPhase::AfterChange.into() })?;
/// assert!(items[0].frequency().contains("after each change"));
/// # Ok::<(), itb::Error>(())
/// ```
pub fn monitoring_plan(r: &MonitoringRequest) -> Result<&'static [MonitoringItem], Error> {
    Ok(r.phase.read("phase", MONITORING_PHASE_IDS)?.items())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_items_with_text_and_a_source() {
        for p in MonitoringPhase::ALL {
            assert_eq!(MonitoringPhase::parse(p.id()), Some(p));
            assert!(!p.items().is_empty());
            for i in p.items() {
                assert!(
                    !i.what().is_empty() && !i.frequency().is_empty() && !i.action().is_empty()
                );
                assert!(!i.source.as_str().is_empty());
            }
        }
    }
}
