//! Boluses: the bridge at a concentration change, and catheter volumes.
//!
//! When the concentration changes, the old drug still in the pump path and catheter (the dead
//! space) must be delivered at the old dose: run at the old flow for dead space / old flow,
//! then switch (\[SAULINO-DOSE\] requires a bridge bolus; the timing is derived, domain.md
//! §6.11). Skipping it gives the patient `dose × old / new` for dead space / new flow: a
//! withdrawal when the concentration goes up, an overdose when it goes down.

use crate::error::{Error, ErrorKind};
use crate::schedule::{require_daily_dose, require_positive_concentration};
use crate::units::{
    ClinicalQuantity, Concentration, DoseRate, Duration, FlowRate, Length, Measure, Unit, Volume,
    VolumePerLength,
};

/// A bridge at a concentration change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bridge {
    /// False exactly when the concentrations are equal.
    pub required: bool,
    /// The daily volume at the old concentration.
    pub old_flow_rate: FlowRate,
    /// The daily volume at the new concentration.
    pub new_flow_rate: FlowRate,
    /// How long to run at the old flow: dead space / old flow.
    pub bridge_duration: Duration,
    /// What the patient gets while the dead space drains at the new flow, if the bridge is
    /// skipped: daily dose × old / new.
    pub unbridged_daily_dose: DoseRate,
    /// For how long: dead space / new flow.
    pub unbridged_duration: Duration,
}

/// The bridge for a change from `old` to `new` concentration at `daily_dose`.
///
/// ```
/// use itb::bolus::bridge_bolus;
/// use itb::units::{ClinicalQuantity, Concentration, DoseRate, Unit, Volume};
/// let c = |v| Concentration::from_unit(v, Unit::McgPerMl).unwrap();
/// let b = bridge_bolus(c(500.0), c(2000.0), DoseRate::from_unit(500.0, Unit::McgPerDay).unwrap(),
///     Volume::from_unit(0.25, Unit::Milliliter).unwrap())?;
/// // 500 mcg/day: 1 mL/day at 500, 0.25 mL/day at 2000; 0.25 mL dead space.
/// assert_eq!(b.bridge_duration.value_in(Unit::Hour)?, 6.0);
/// assert_eq!(b.unbridged_daily_dose.value_in(Unit::McgPerDay)?, 125.0); // for 24 h
/// # Ok::<(), itb::Error>(())
/// ```
pub fn bridge_bolus(
    old: Concentration,
    new: Concentration,
    daily_dose: DoseRate,
    dead_space: Volume,
) -> Result<Bridge, Error> {
    require_positive_concentration(old, "old_concentration")?;
    require_positive_concentration(new, "new_concentration")?;
    require_daily_dose(daily_dose, "daily_dose")?;
    let old_flow_rate: FlowRate = daily_dose / old;
    let new_flow_rate: FlowRate = daily_dose / new;
    crate::schedule::check_finite_flow(old_flow_rate, "daily_dose")?;
    crate::schedule::check_finite_flow(new_flow_rate, "daily_dose")?;
    let unbridged_mcg_day = daily_dose.canonical() * old.canonical() / new.canonical();
    Ok(Bridge {
        required: old.canonical() != new.canonical(),
        old_flow_rate,
        new_flow_rate,
        bridge_duration: dead_space / old_flow_rate,
        unbridged_daily_dose: DoseRate::from_measure(
            Measure::new(unbridged_mcg_day, Unit::McgPerDay),
            "daily_dose",
        )?,
        unbridged_duration: dead_space / new_flow_rate,
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

/// The catheters itb knows: Prometra II, 110 cm at 0.0026 mL/cm (\[PROM-II\] p.33).
pub fn catheter(id: &str) -> Option<Catheter> {
    (id == "prometra_ii").then_some(Catheter {
        id: "prometra_ii",
        length: Length::from_unit(110.0, Unit::Centimeter)?,
        volume_per_length: VolumePerLength::from_unit(0.0026, Unit::MlPerCm)?,
    })
}

/// The catalogued catheter ids, for error messages.
pub const CATHETER_IDS: &str = "prometra_ii";

/// The volume of an implanted catheter: implanted length × volume per length.
pub fn catheter_volume(implanted_length: Length, volume_per_length: VolumePerLength) -> Volume {
    implanted_length * volume_per_length
}

/// The implanted volume of a catalogued catheter trimmed by `trimmed_length`
/// (implanted = full − trimmed, \[PROM-II\] p.33). Trimming more than the catheter is refused.
///
/// ```
/// use itb::bolus::{catheter, trimmed_catheter_volume};
/// use itb::units::{ClinicalQuantity, Length, Unit};
/// let c = catheter("prometra_ii").unwrap();
/// let v = trimmed_catheter_volume(&c, Length::from_unit(10.0, Unit::Centimeter).unwrap())?;
/// assert_eq!(v.value_in(Unit::Milliliter)?, 0.26); // domain.md §10.2: 100 cm × 0.0026 mL/cm
/// # Ok::<(), itb::Error>(())
/// ```
pub fn trimmed_catheter_volume(
    catheter: &Catheter,
    trimmed_length: Length,
) -> Result<Volume, Error> {
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
    Ok(catheter_volume(implanted, catheter.volume_per_length))
}
