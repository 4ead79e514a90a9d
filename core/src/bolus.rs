//! Boluses: the bridge at a concentration change, and catheter volumes.
//!
//! When the concentration changes, the old drug still in the pump path and catheter (the dead
//! space) must be delivered at the old dose: run at the old flow for dead space / old flow, then
//! switch (\[SAULINO-DOSE\] requires a bridge bolus; the timing is derived from the dead space and
//! the flows, as no device algorithm is published). Skipping it gives the patient `dose × old /
//! new` for dead space / new flow: a withdrawal when the concentration goes up, an overdose when it
//! goes down.

use crate::error::{Error, ErrorKind};
use crate::finding::Findings;
use crate::product::check_screening_strength;
use crate::schedule::{flow, require_daily_dose, require_positive_concentration};
use crate::titration::monitor_after_change;
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Input, Length, Measure, Unit,
    Volume, VolumePerLength,
};

/// The request of [`bridge_bolus`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BridgeRequest {
    /// The concentration in the pump path now, above zero.
    pub old_concentration: Input<Concentration>,
    /// The concentration of the refill, above zero.
    pub new_concentration: Input<Concentration>,
    /// The daily dose, above zero.
    pub daily_dose: Input<DoseRate>,
    /// The volume of old drug in the pump path and catheter.
    pub dead_space: Input<Volume>,
}

/// A bridge at a concentration change.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bridge {
    /// False exactly when the concentrations are equal.
    pub required: bool,
    /// The daily volume at the old concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub old_flow_rate: FlowRate,
    /// The daily volume at the new concentration.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub new_flow_rate: FlowRate,
    /// How long to run at the old flow: dead space / old flow.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub bridge_duration: Duration,
    /// What the patient gets while the dead space drains at the new flow, if the bridge is
    /// skipped: daily dose × old / new.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub unbridged_daily_dose: DoseRate,
    /// For how long: dead space / new flow.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub unbridged_duration: Duration,
    /// `monitor_after_change` (info) when required; `screening_strength_in_pump` (soft) for a
    /// new concentration of 50 mcg/mL.
    pub findings: Findings,
}

/// The bridge for a change from the old to the new concentration at a daily dose.
///
/// Findings: `monitor_after_change` (info; 002 Warnings: close monitoring each time the
/// concentration in the reservoir is adjusted) when the bridge is required, and
/// `screening_strength_in_pump` (soft; 001 Administration) for a new concentration of exactly
/// 50 mcg/mL.
///
/// ```
/// use itb::bolus::{bridge_bolus, BridgeRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let b = bridge_bolus(&BridgeRequest {
///     old_concentration: Input::new(500.0, Unit::McgPerMl),
///     new_concentration: Input::new(2000.0, Unit::McgPerMl),
///     daily_dose: Input::new(500.0, Unit::McgPerDay),
///     dead_space: Input::new(0.25, Unit::Milliliter),
/// })?;
/// // 500 mcg/day: 1 mL/day at 500, 0.25 mL/day at 2000; 0.25 mL dead space.
/// assert_eq!(b.bridge_duration.value_in(Unit::Hour)?, 6.0);
/// assert_eq!(b.unbridged_daily_dose.value_in(Unit::McgPerDay)?, 125.0); // for 24 h
/// # Ok::<(), itb::Error>(())
/// ```
pub fn bridge_bolus(r: &BridgeRequest) -> Result<Bridge, Error> {
    let old = r.old_concentration.read("old_concentration")?;
    require_positive_concentration(old, "old_concentration")?;
    let new = r.new_concentration.read("new_concentration")?;
    require_positive_concentration(new, "new_concentration")?;
    let daily_dose = r.daily_dose.read("daily_dose")?;
    let dead_space = r.dead_space.read("dead_space")?;
    require_daily_dose(daily_dose, "daily_dose")?;
    let old_flow_rate = flow(daily_dose, old)?;
    let new_flow_rate = flow(daily_dose, new)?;
    let unbridged_mcg_day = daily_dose.canonical() * old.canonical() / new.canonical();
    let required = old.canonical() != new.canonical();
    let mut findings = Findings::new();
    if required {
        findings.push(monitor_after_change(new.to_measure(Unit::McgPerMl)?));
    }
    check_screening_strength(new, &mut findings);
    Ok(Bridge {
        required,
        old_flow_rate,
        new_flow_rate,
        bridge_duration: dead_space / old_flow_rate,
        unbridged_daily_dose: DoseRate::from_measure(
            Measure::new(unbridged_mcg_day, Unit::McgPerDay),
            "daily_dose",
        )?,
        unbridged_duration: dead_space / new_flow_rate,
        findings,
    })
}

/// A catalogued intrathecal catheter: its full length and volume per length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Catheter {
    /// Id (`prometra_ii`).
    pub id: &'static str,
    /// Full length before trimming.
    pub length: Length,
    /// Volume per length.
    pub volume_per_length: VolumePerLength,
}

/// A catalogued catheter model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatheterModel {
    /// Prometra II, 110 cm at 0.0026 mL/cm (\[PROM-II\] p.33): `prometra_ii`.
    PrometraIi,
}

impl CatheterModel {
    /// Every catalogued catheter.
    pub const ALL: [CatheterModel; 1] = [CatheterModel::PrometraIi];

    /// The protocol's id (`prometra_ii`).
    pub const fn id(self) -> &'static str {
        match self {
            CatheterModel::PrometraIi => "prometra_ii",
        }
    }

    /// The catheter with this id (case-sensitive).
    pub fn parse(id: &str) -> Option<CatheterModel> {
        CatheterModel::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Its length and volume per length.
    pub fn catheter(self) -> Catheter {
        match self {
            CatheterModel::PrometraIi => Catheter {
                id: "prometra_ii",
                length: Length::from_unit(110.0, Unit::Centimeter).unwrap_or_default(),
                volume_per_length: VolumePerLength::from_unit(0.0026, Unit::MlPerCm)
                    .unwrap_or_default(),
            },
        }
    }
}

#[cfg(feature = "serde")]
crate::serde_by_id!(CatheterModel, "a catheter id (prometra_ii)");

/// The catheters itb knows, by id (`prometra_ii`).
pub fn catheter(id: &str) -> Option<Catheter> {
    CatheterModel::parse(id).map(CatheterModel::catheter)
}

/// The catalogued catheter ids, for error messages.
pub const CATHETER_IDS: &str = "prometra_ii";

/// The request of [`catheter_volume`]: a length and a volume per length, or a catalogued
/// catheter and how much was trimmed off it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CatheterRequest {
    /// The implanted length and the catheter's volume per length.
    Implanted {
        /// The implanted length.
        implanted_length: Input<Length>,
        /// Volume per length of catheter.
        volume_per_length: Input<VolumePerLength>,
    },
    /// A catalogued catheter, trimmed.
    Trimmed {
        /// The catheter.
        catheter: CatheterModel,
        /// The length trimmed off, at most the catheter's length.
        trimmed_length: Input<Length>,
    },
}

/// The volume of an implanted catheter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatheterVolume {
    /// Implanted length × volume per length.
    #[cfg_attr(feature = "serde", serde(with = "crate::units::serial::quantity"))]
    pub volume: Volume,
}

/// The volume of an implanted catheter: implanted length × volume per length; for a catalogued
/// catheter, implanted = full − trimmed (\[PROM-II\] p.33), and trimming more than the catheter
/// is refused.
///
/// ```
/// use itb::bolus::{catheter_volume, CatheterModel, CatheterRequest};
/// use itb::units::{ClinicalQuantity, Input, Unit};
/// let v = catheter_volume(&CatheterRequest::Trimmed {
///     catheter: CatheterModel::PrometraIi,
///     trimmed_length: Input::new(10.0, Unit::Centimeter),
/// })?;
/// assert_eq!(v.volume.value_in(Unit::Milliliter)?, 0.26); // [PROM-II]: 100 cm × 0.0026 mL/cm
/// # Ok::<(), itb::Error>(())
/// ```
pub fn catheter_volume(r: &CatheterRequest) -> Result<CatheterVolume, Error> {
    let volume = match *r {
        CatheterRequest::Implanted {
            implanted_length,
            volume_per_length,
        } => {
            let length = implanted_length.read("implanted_length")?;
            length * volume_per_length.read("volume_per_length")?
        }
        CatheterRequest::Trimmed {
            catheter,
            trimmed_length,
        } => trimmed(&catheter.catheter(), trimmed_length.read("trimmed_length")?)?,
    };
    Ok(CatheterVolume { volume })
}

fn trimmed(catheter: &Catheter, trimmed_length: Length) -> Result<Volume, Error> {
    let full_cm = catheter.length.canonical();
    let trimmed_cm = trimmed_length.canonical();
    if trimmed_cm > full_cm {
        let value = Some(Measure::new(trimmed_cm, Unit::Centimeter));
        return Err(Error::new(
            ErrorKind::OutOfRange,
            "trimmed_length",
            value,
            "no more than the catheter's length (110 cm)",
        ));
    }
    let implanted = Length::from_unit(full_cm - trimmed_cm, Unit::Centimeter).unwrap_or_default();
    Ok(implanted * catheter.volume_per_length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bridge(old: f64, new: f64) -> Result<Bridge, Error> {
        bridge_bolus(&BridgeRequest {
            old_concentration: Input::new(old, Unit::McgPerMl),
            new_concentration: Input::new(new, Unit::McgPerMl),
            daily_dose: Input::new(500.0, Unit::McgPerDay),
            dead_space: Input::new(0.25, Unit::Milliliter),
        })
    }

    #[test]
    fn skipping_the_bridge_to_a_stronger_drug_underdoses() {
        // 500 mcg/day: 1 mL/day at 500, 0.25 mL/day at 2000. 0.25 mL drains in 6 h at the old
        // flow; unbridged, at the new flow it takes 24 h and delivers 500 × 500 / 2000 = 125.
        let b = bridge(500.0, 2000.0).unwrap();
        assert!(b.required);
        assert_eq!(b.bridge_duration.value_in(Unit::Hour).unwrap(), 6.0);
        assert_eq!(b.unbridged_duration.value_in(Unit::Hour).unwrap(), 24.0);
        assert_eq!(b.unbridged_daily_dose.canonical(), 125.0);
        // To a weaker drug: 500 × 2000 / 500 = 2000 mcg/day, an overdose.
        assert_eq!(
            bridge(2000.0, 500.0)
                .unwrap()
                .unbridged_daily_dose
                .canonical(),
            2000.0
        );
        assert!(!bridge(500.0, 500.0).unwrap().required);
        let e = bridge(0.0, 500.0).unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::Zero, "old_concentration"));
    }

    #[test]
    fn catheter_volumes() {
        // 50 cm × 0.0026 mL/cm = 0.13 mL; Prometra II trimmed by 111 cm is more than 110 cm.
        let v = catheter_volume(&CatheterRequest::Implanted {
            implanted_length: Input::new(50.0, Unit::Centimeter),
            volume_per_length: Input::new(0.0026, Unit::MlPerCm),
        })
        .unwrap();
        assert_eq!(v.volume.value_in(Unit::Milliliter).unwrap(), 0.13);
        let e = catheter_volume(&CatheterRequest::Trimmed {
            catheter: CatheterModel::PrometraIi,
            trimmed_length: Input::new(111.0, Unit::Centimeter),
        })
        .unwrap_err();
        assert_eq!((e.kind, e.field), (ErrorKind::OutOfRange, "trimmed_length"));
        assert_eq!(catheter("prometra_ii").map(|c| c.id), Some("prometra_ii"));
        assert_eq!(
            CATHETER_IDS,
            CatheterModel::ALL.map(CatheterModel::id).join(", ")
        );
    }
}
