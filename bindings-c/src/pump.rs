//! Pumps across the boundary: a `uint32_t` model code, validated, or a pump the caller
//! describes (`ITB_PUMP_CUSTOM`).
//!
//! The tens digit of a code is its enumeration, as for profiles (1x), origins (2x), phases (3x)
//! and initial-dose rules (4x): 5x pumps, 6x catheters. 0 is never a code, so a zeroed `ItbPump`
//! names no pump. Codes are never renumbered.

use itb_core::bolus::{self, Catheter};
use itb_core::pump::{self, Pump};

use crate::quantity::{ItbVolume, input, plain_percent};
use crate::status::{Failure, ItbStatus};

/// A pump the caller describes in `ItbPump`: reservoir, alarm volume, accuracy, programmable.
pub const ITB_PUMP_CUSTOM: u32 = 50;
/// Medtronic SynchroMed II 20 mL: alarm 2 mL, 13 flex steps a day, ±14.5 %.
pub const ITB_PUMP_SYNCHROMED_II_20: u32 = 51;
/// Medtronic SynchroMed II 40 mL: alarm 2 mL, 13 flex steps a day, ±14.5 %.
pub const ITB_PUMP_SYNCHROMED_II_40: u32 = 52;
/// Flowonix Prometra 20 mL: refill basis 3 mL, ±15 %; its US instructions are written for
/// morphine (finding `ITB_FINDING_PUMP_NOT_LABELLED_FOR_BACLOFEN`).
pub const ITB_PUMP_PROMETRA_20: u32 = 53;
/// Flowonix Prometra II 20 mL: as `ITB_PUMP_PROMETRA_20`.
pub const ITB_PUMP_PROMETRA_II_20: u32 = 54;
/// Flowonix Prometra II 40 mL: as `ITB_PUMP_PROMETRA_20`, 40 mL.
pub const ITB_PUMP_PROMETRA_II_40: u32 = 55;
/// The protocol's accuracy of a custom pump when none is given, ± percent of the programmed
/// rate (SynchroMed II's labelled ±14.5 %, `[MDT-FSN14]`): pass it in `accuracy_percent`.
pub const ITB_PUMP_DEFAULT_ACCURACY_PERCENT: f64 = 14.5;

/// The Prometra II intrathecal catheter: 110 cm at 0.0026 mL/cm (`[PROM-II]` p.33).
pub const ITB_CATHETER_PROMETRA_II: u32 = 61;

/// Every catalogued model code with the core's id (a test checks they are the core's models).
const MODELS: [(u32, &str); 5] = [
    (ITB_PUMP_SYNCHROMED_II_20, "synchromed_ii_20"),
    (ITB_PUMP_SYNCHROMED_II_40, "synchromed_ii_40"),
    (ITB_PUMP_PROMETRA_20, "prometra_20"),
    (ITB_PUMP_PROMETRA_II_20, "prometra_ii_20"),
    (ITB_PUMP_PROMETRA_II_40, "prometra_ii_40"),
];

/// Every catheter code with the core's id.
const CATHETERS: [(u32, &str); 1] = [(ITB_CATHETER_PROMETRA_II, "prometra_ii")];

/// A pump: a catalogued model, or one the caller describes.
///
/// `reservoir`, `low_alarm`, `accuracy_percent` and `programmable` are read only when `model`
/// is `ITB_PUMP_CUSTOM`; a catalogued model brings its own (PROTOCOL.md, "Pumps").
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ItbPump {
    /// `ITB_PUMP_CUSTOM` or a model: `ITB_PUMP_SYNCHROMED_II_20` … `ITB_PUMP_PROMETRA_II_40`.
    pub model: u32,
    /// Custom: the reservoir volume, above 0 mL.
    pub reservoir: ItbVolume,
    /// Custom: the volume at which the low-reservoir alarm sounds, below the reservoir.
    pub low_alarm: ItbVolume,
    /// Custom: delivery accuracy, ± percent of the programmed rate, 0 or more; the protocol's
    /// default is `ITB_PUMP_DEFAULT_ACCURACY_PERCENT`.
    pub accuracy_percent: f64,
    /// Custom: programmable (flex steps possible); false for a fixed-flow pump (one step).
    pub programmable: bool,
}

/// `"50 (custom), 51 (synchromed_ii_20), ..."`.
fn allowed_pumps() -> String {
    let models = MODELS.iter().map(|(c, id)| format!("{c} ({id})"));
    let all: Vec<String> = std::iter::once(format!("{ITB_PUMP_CUSTOM} (custom)"))
        .chain(models)
        .collect();
    all.join(", ")
}

/// The core pump of an `ItbPump`, each field checked in the protocol's order: the model code
/// (`ITB_STATUS_INVALID_ARGUMENT`, field `pump.model`), then for a custom pump its reservoir,
/// alarm volume and accuracy (fields `pump.reservoir`...).
pub(crate) fn pump(p: &ItbPump) -> Result<Pump, Failure> {
    if p.model == ITB_PUMP_CUSTOM {
        let reservoir = input(p.reservoir, "pump.reservoir")?;
        let low_alarm = input(p.low_alarm, "pump.low_alarm")?;
        let accuracy = plain_percent(p.accuracy_percent, "pump.accuracy_percent")?;
        return Ok(pump::custom(
            reservoir,
            low_alarm,
            accuracy,
            p.programmable,
        )?);
    }
    let Some((_, id)) = MODELS.iter().find(|(c, _)| *c == p.model) else {
        let message = format!(
            "pump.model: {} is not an ITB_PUMP_* code; allowed: {}",
            p.model,
            allowed_pumps()
        );
        return Err(Failure::new(
            ItbStatus::InvalidArgument,
            "pump.model",
            message,
        ));
    };
    pump::model(id).ok_or_else(|| missing_in_core("pump", id))
}

/// The catalogued catheter of a code, or `ITB_STATUS_INVALID_ARGUMENT` naming `catheter`.
pub(crate) fn catheter(code: u32) -> Result<Catheter, Failure> {
    let Some((_, id)) = CATHETERS.iter().find(|(c, _)| *c == code) else {
        let allowed: Vec<String> = CATHETERS
            .iter()
            .map(|(c, id)| format!("{c} ({id})"))
            .collect();
        let message = format!(
            "catheter: {code} is not an ITB_CATHETER_* code; allowed: {}",
            allowed.join(", ")
        );
        return Err(Failure::new(
            ItbStatus::InvalidArgument,
            "catheter",
            message,
        ));
    };
    bolus::catheter(id).ok_or_else(|| missing_in_core("catheter", id))
}

/// A code whose id the core no longer knows: a bug in this binding, never a made-up device.
fn missing_in_core(what: &str, id: &str) -> Failure {
    let message = format!("{what} {id:?} is not in the core's catalogue");
    Failure::new(ItbStatus::Internal, "", message)
}

#[cfg(test)]
mod tests {
    use itb_core::units::{ClinicalQuantity, Unit};

    use super::*;
    use crate::quantity::ITB_UNIT_ML;

    const ML_20: ItbVolume = ItbVolume {
        value: 20.0,
        unit: ITB_UNIT_ML,
    };
    const ML_2: ItbVolume = ItbVolume {
        value: 2.0,
        unit: ITB_UNIT_ML,
    };

    fn custom() -> ItbPump {
        ItbPump {
            model: ITB_PUMP_CUSTOM,
            reservoir: ML_20,
            low_alarm: ML_2,
            accuracy_percent: ITB_PUMP_DEFAULT_ACCURACY_PERCENT,
            programmable: false,
        }
    }

    #[test]
    fn codes_are_fixed_and_name_every_core_model() {
        // By hand: the ABI numbers.
        assert_eq!(MODELS.map(|(c, _)| c), [51, 52, 53, 54, 55]);
        assert_eq!((ITB_PUMP_CUSTOM, ITB_CATHETER_PROMETRA_II), (50, 61));
        let ids: Vec<&str> = MODELS.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids.join(", "), pump::MODEL_IDS);
        let ids: Vec<&str> = CATHETERS.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids.join(", "), bolus::CATHETER_IDS);
        assert_eq!(
            ITB_PUMP_DEFAULT_ACCURACY_PERCENT,
            pump::DEFAULT_ACCURACY_PERCENT
        );
    }

    #[test]
    fn a_model_brings_its_own_numbers_and_ignores_the_custom_fields() {
        // SynchroMed II 40 mL: 40 mL, alarm 2 mL (PROTOCOL.md "Pumps"); the custom fields hold
        // garbage that must not be read.
        let p = ItbPump {
            model: ITB_PUMP_SYNCHROMED_II_40,
            reservoir: ItbVolume {
                value: f64::NAN,
                unit: 0,
            },
            accuracy_percent: -1.0,
            ..custom()
        };
        let p = pump(&p).unwrap();
        assert_eq!(p.model, Some("synchromed_ii_40"));
        assert_eq!(p.reservoir.value_in(Unit::Milliliter).unwrap(), 40.0);
        assert_eq!(p.low_alarm.value_in(Unit::Milliliter).unwrap(), 2.0);
        assert_eq!(p.max_steps, Some(13));
    }

    #[test]
    fn a_custom_pump_is_checked_field_by_field() {
        let p = pump(&custom()).unwrap();
        assert_eq!(p.model, None);
        assert_eq!(p.max_steps, Some(1)); // fixed flow: one step
        let cases: [(ItbPump, ItbStatus, &str); 7] = [
            (
                ItbPump {
                    model: 0,
                    ..custom()
                },
                ItbStatus::InvalidArgument,
                "pump.model",
            ),
            (
                ItbPump {
                    reservoir: ItbVolume {
                        value: 0.0,
                        unit: ITB_UNIT_ML,
                    },
                    ..custom()
                },
                ItbStatus::Zero,
                "pump.reservoir",
            ),
            (
                ItbPump {
                    reservoir: ItbVolume {
                        value: 20.0,
                        unit: 7,
                    },
                    ..custom()
                },
                ItbStatus::InvalidUnit,
                "pump.reservoir.unit",
            ),
            (
                ItbPump {
                    low_alarm: ML_20,
                    ..custom()
                },
                ItbStatus::OutOfRange,
                "pump.low_alarm",
            ),
            (
                ItbPump {
                    low_alarm: ItbVolume {
                        value: -2.0,
                        unit: ITB_UNIT_ML,
                    },
                    ..custom()
                },
                ItbStatus::Negative,
                "pump.low_alarm",
            ),
            (
                ItbPump {
                    accuracy_percent: f64::NAN,
                    ..custom()
                },
                ItbStatus::NotFinite,
                "pump.accuracy_percent",
            ),
            (
                ItbPump {
                    accuracy_percent: -0.5,
                    ..custom()
                },
                ItbStatus::Negative,
                "pump.accuracy_percent",
            ),
        ];
        for (p, status, field) in cases {
            let e = pump(&p).unwrap_err();
            assert_eq!((e.status, e.field.as_str()), (status, field), "{p:?}");
        }
        let e = pump(&ItbPump {
            model: ITB_CATHETER_PROMETRA_II,
            ..custom()
        })
        .unwrap_err();
        assert_eq!(
            e.message,
            "pump.model: 61 is not an ITB_PUMP_* code; allowed: 50 (custom), 51 \
             (synchromed_ii_20), 52 (synchromed_ii_40), 53 (prometra_20), 54 (prometra_ii_20), \
             55 (prometra_ii_40)"
        );
    }

    #[test]
    fn catheter_codes_are_validated() {
        let c = catheter(ITB_CATHETER_PROMETRA_II).unwrap();
        assert_eq!(c.length.value_in(Unit::Centimeter).unwrap(), 110.0);
        let e = catheter(ITB_PUMP_PROMETRA_II_20).unwrap_err();
        assert_eq!(
            (e.status, e.field.as_str(), e.message.as_str()),
            (
                ItbStatus::InvalidArgument,
                "catheter",
                "catheter: 54 is not an ITB_CATHETER_* code; allowed: 61 (prometra_ii)"
            )
        );
        assert_eq!(catheter(0).unwrap_err().status, ItbStatus::InvalidArgument);
    }
}
