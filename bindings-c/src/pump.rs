//! Pumps across the boundary: a `uint32_t` model code, validated, or a pump the caller
//! describes (`ITB_PUMP_CUSTOM`).
//!
//! The tens digit of a code is its enumeration, as for profiles (1x), origins (2x), phases (3x)
//! and initial-dose rules (4x): 5x pumps, 6x catheters. 0 is never a code, so a zeroed `ItbPump`
//! names no pump. Codes are never renumbered.

use itb::pump::{self, CustomPump, PumpInput, PumpModel};

use crate::quantity::{ItbVolume, Unread};
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
pub const ITB_PUMP_DEFAULT_ACCURACY_PERCENT: f64 = pump::DEFAULT_ACCURACY_PERCENT;

/// Every catalogued model code with the core's model.
const MODELS: [(u32, PumpModel); 5] = [
    (ITB_PUMP_SYNCHROMED_II_20, PumpModel::SynchromedIi20),
    (ITB_PUMP_SYNCHROMED_II_40, PumpModel::SynchromedIi40),
    (ITB_PUMP_PROMETRA_20, PumpModel::Prometra20),
    (ITB_PUMP_PROMETRA_II_20, PumpModel::PrometraIi20),
    (ITB_PUMP_PROMETRA_II_40, PumpModel::PrometraIi40),
];

/// A pump: a catalogued model, or one the caller describes.
///
/// `reservoir`, `low_alarm`, `accuracy_percent` and `programmable` are read only when `model`
/// is `ITB_PUMP_CUSTOM`; a catalogued model brings its own (`docs/PROTOCOL.md`, "Pumps").
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
    let models = MODELS.iter().map(|(c, m)| format!("{c} ({})", m.id()));
    let all: Vec<String> = std::iter::once(format!("{ITB_PUMP_CUSTOM} (custom)"))
        .chain(models)
        .collect();
    all.join(", ")
}

/// The core's pump input of an `ItbPump`: a model code decoded (`ITB_STATUS_INVALID_ARGUMENT`,
/// field `pump.model`), or a custom pump whose fields the core checks.
pub(crate) fn pump(p: &ItbPump, unread: &mut Unread) -> Result<PumpInput, Failure> {
    if p.model == ITB_PUMP_CUSTOM {
        return Ok(PumpInput::Custom(CustomPump {
            reservoir: unread.input(p.reservoir, "pump.reservoir"),
            low_alarm: unread.input(p.low_alarm, "pump.low_alarm"),
            accuracy_percent: Some(p.accuracy_percent),
            programmable: Some(p.programmable),
        }));
    }
    match MODELS.iter().find(|(c, _)| *c == p.model) {
        Some((_, model)) => Ok(PumpInput::Model(*model)),
        None => {
            let message = format!(
                "pump.model: {} is not an ITB_PUMP_* code; allowed: {}",
                p.model,
                allowed_pumps()
            );
            Err(Failure::new(
                ItbStatus::InvalidArgument,
                "pump.model",
                message,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use itb::pump::Pump;
    use itb::units::{ClinicalQuantity, Unit};

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

    /// The pump as the core reads it, errors as the binding reports them.
    fn read(p: &ItbPump) -> Result<Pump, Failure> {
        let mut unread = Unread::default();
        let input = pump(p, &mut unread)?;
        input.read().map_err(|e| unread.fail(e))
    }

    #[test]
    fn codes_are_fixed_and_name_every_core_model() {
        // By hand: the ABI numbers.
        assert_eq!(MODELS.map(|(c, _)| c), [51, 52, 53, 54, 55]);
        assert_eq!(MODELS.map(|(_, m)| m), PumpModel::ALL);
        assert_eq!(ITB_PUMP_CUSTOM, 50);
    }

    #[test]
    fn a_model_ignores_the_custom_fields() {
        // The custom fields hold garbage that must not be read.
        let p = ItbPump {
            model: ITB_PUMP_SYNCHROMED_II_40,
            reservoir: ItbVolume {
                value: f64::NAN,
                unit: 0,
            },
            accuracy_percent: -1.0,
            ..custom()
        };
        let p = read(&p).unwrap();
        assert_eq!(p.model, Some("synchromed_ii_40"));
        assert_eq!(p.reservoir.value_in(Unit::Milliliter).unwrap(), 40.0);
    }

    #[test]
    fn a_custom_pump_reports_each_field() {
        assert_eq!(read(&custom()).unwrap().model, None);
        let cases: [(ItbPump, ItbStatus, &str); 3] = [
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
                    accuracy_percent: f64::NAN,
                    ..custom()
                },
                ItbStatus::NotFinite,
                "pump.accuracy_percent",
            ),
        ];
        for (p, status, field) in cases {
            let e = read(&p).unwrap_err();
            assert_eq!((e.status, e.field.as_str()), (status, field), "{p:?}");
        }
        let e = read(&ItbPump {
            model: 61,
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
}
