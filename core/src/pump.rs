//! Pump models as data: reservoir, low-reservoir alarm volume, programmability, flex-step limit
//! and delivery accuracy, each with its source. Numbers no source at hand states are not here:
//! a user-defined pump takes them as inputs.
//!
//! ```
//! use itb::pump;
//! use itb::units::{ClinicalQuantity, Unit};
//! let p = pump::PumpModel::SynchromedIi20.pump();
//! assert_eq!(p.reservoir.value_in(Unit::Milliliter)?, 20.0);
//! assert_eq!(p.low_alarm.value_in(Unit::Milliliter)?, 2.0);
//! assert_eq!(p.max_steps, Some(13));
//! # Ok::<(), itb::Error>(())
//! ```

use crate::error::{Error, ErrorKind};
use crate::finding::{Code, Finding, Findings, Severity, Source};
use crate::units::{ClinicalQuantity, Input, Measure, Ratio, Unit, Volume};

/// A pump: a catalogued model or one the user describes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pump {
    /// The model id, or `None` for a user-defined pump.
    pub model: Option<&'static str>,
    /// Reservoir volume.
    pub reservoir: Volume,
    /// The volume at which the low-reservoir alarm sounds (Prometra: the refill-date basis).
    pub low_alarm: Volume,
    /// Delivery accuracy, ± percent of the programmed rate.
    pub accuracy: Ratio,
    /// Programmable (flex steps possible) or fixed flow (one step).
    pub programmable: bool,
    /// The most flex steps a day, when a limit is known.
    pub max_steps: Option<u32>,
    /// False for pumps whose instructions are not written for baclofen (Prometra, \[PROM-II\]).
    pub labelled_for_baclofen: bool,
}

/// A catalogued pump model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PumpModel {
    /// SynchroMed II, 20 mL (`synchromed_ii_20`).
    SynchromedIi20,
    /// SynchroMed II, 40 mL (`synchromed_ii_40`).
    SynchromedIi40,
    /// Prometra, 20 mL (`prometra_20`).
    Prometra20,
    /// Prometra II, 20 mL (`prometra_ii_20`).
    PrometraIi20,
    /// Prometra II, 40 mL (`prometra_ii_40`).
    PrometraIi40,
}

impl PumpModel {
    /// Every model, in catalogue order.
    pub const ALL: [PumpModel; 5] = [
        PumpModel::SynchromedIi20,
        PumpModel::SynchromedIi40,
        PumpModel::Prometra20,
        PumpModel::PrometraIi20,
        PumpModel::PrometraIi40,
    ];

    /// The protocol's id (`synchromed_ii_20`).
    pub const fn id(self) -> &'static str {
        self.data().id
    }

    /// The model with this id (case-sensitive).
    pub fn parse(id: &str) -> Option<PumpModel> {
        PumpModel::ALL.into_iter().find(|m| m.id() == id)
    }

    /// The model as a [`Pump`].
    pub fn pump(self) -> Pump {
        let m = self.data();
        let ml = |v| Volume::from_unit(v, Unit::Milliliter).unwrap_or_default();
        Pump {
            model: Some(m.id),
            reservoir: ml(m.reservoir_ml),
            low_alarm: ml(m.low_alarm_ml),
            accuracy: Ratio::from_unit(m.accuracy_percent, Unit::Percent).unwrap_or_default(),
            programmable: true,
            max_steps: m.max_steps,
            labelled_for_baclofen: m.labelled_for_baclofen,
        }
    }

    const fn data(self) -> &'static Model {
        &MODELS[self as usize]
    }
}

struct Model {
    id: &'static str,
    reservoir_ml: f64,
    low_alarm_ml: f64,
    max_steps: Option<u32>,
    accuracy_percent: f64,
    labelled_for_baclofen: bool,
}

/// SynchroMed II 8637-20/-40 (\[MDT-IFP\]): alarm 2 mL (\[RESID-2004\]), 13 flex steps a day
/// (\[MDT-UK\]), ±14.5 % (\[MDT-FSN14\]). Prometra 20 mL and II 20/40 mL (\[PROM-20\]): refill
/// date when 3.0 mL remain (\[PROM-PTC\]), ±15 % (\[PROM-II\] p.22); no known step limit; the US
/// instructions are written for morphine (\[PROM-II\]).
/// In the order of [`PumpModel`].
const MODELS: [Model; 5] = [
    Model {
        id: "synchromed_ii_20",
        reservoir_ml: 20.0,
        low_alarm_ml: 2.0,
        max_steps: Some(13),
        accuracy_percent: 14.5,
        labelled_for_baclofen: true,
    },
    Model {
        id: "synchromed_ii_40",
        reservoir_ml: 40.0,
        low_alarm_ml: 2.0,
        max_steps: Some(13),
        accuracy_percent: 14.5,
        labelled_for_baclofen: true,
    },
    Model {
        id: "prometra_20",
        reservoir_ml: 20.0,
        low_alarm_ml: 3.0,
        max_steps: None,
        accuracy_percent: 15.0,
        labelled_for_baclofen: false,
    },
    Model {
        id: "prometra_ii_20",
        reservoir_ml: 20.0,
        low_alarm_ml: 3.0,
        max_steps: None,
        accuracy_percent: 15.0,
        labelled_for_baclofen: false,
    },
    Model {
        id: "prometra_ii_40",
        reservoir_ml: 40.0,
        low_alarm_ml: 3.0,
        max_steps: None,
        accuracy_percent: 15.0,
        labelled_for_baclofen: false,
    },
];

/// The catalogued model ids, for error messages.
pub const MODEL_IDS: &str =
    "synchromed_ii_20, synchromed_ii_40, prometra_20, prometra_ii_20, prometra_ii_40";

/// The default accuracy of a user-defined pump: SynchroMed II's ±14.5 % (\[MDT-FSN14\]).
pub const DEFAULT_ACCURACY_PERCENT: f64 = 14.5;

/// A catalogued pump model (ids are case-sensitive).
pub fn model(id: &str) -> Option<Pump> {
    PumpModel::parse(id).map(PumpModel::pump)
}

#[cfg(feature = "serde")]
crate::serde_by_id!(PumpModel, "a pump model id (synchromed_ii_20, ...)");

/// A pump as a request gives it: a catalogued model, or one the user describes.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PumpInput {
    /// A catalogued model.
    Model(PumpModel),
    /// A pump itb does not catalogue.
    Custom(CustomPump),
}

impl From<PumpModel> for PumpInput {
    fn from(m: PumpModel) -> Self {
        PumpInput::Model(m)
    }
}

/// A pump itb does not catalogue, as a request gives it (the protocol's pump object).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CustomPump {
    /// Reservoir volume, above zero.
    pub reservoir: Input<Volume>,
    /// The volume at which the low-reservoir alarm sounds, below the reservoir.
    pub low_alarm: Input<Volume>,
    /// Delivery accuracy, ± a plain number of percent, 0 or more; `None`:
    /// [`DEFAULT_ACCURACY_PERCENT`].
    pub accuracy_percent: Option<f64>,
    /// Programmable (flex steps possible) or fixed flow (one step); `None`:
    /// [`DEFAULT_PROGRAMMABLE`].
    pub programmable: Option<bool>,
}

/// A user-defined pump is programmable unless it says otherwise (`docs/PROTOCOL.md`, Pumps).
pub const DEFAULT_PROGRAMMABLE: bool = true;

impl PumpInput {
    /// The pump, checked: a custom pump's fields in the protocol's order, then its rules
    /// ([`custom`]).
    pub fn read(&self) -> Result<Pump, Error> {
        let c = match self {
            PumpInput::Model(m) => return Ok(m.pump()),
            PumpInput::Custom(c) => c,
        };
        let reservoir = c.reservoir.read("pump.reservoir")?;
        let low_alarm = c.low_alarm.read("pump.low_alarm")?;
        let percent = c.accuracy_percent.unwrap_or(DEFAULT_ACCURACY_PERCENT);
        if !percent.is_finite() {
            let value = Some(Measure::new(percent, Unit::Percent));
            let allowed = "a finite number of percent";
            return Err(Error::new(
                ErrorKind::NotFinite,
                "pump.accuracy_percent",
                value,
                allowed,
            ));
        }
        let accuracy = Ratio::from_unit(percent, Unit::Percent).unwrap_or_default();
        let programmable = c.programmable.unwrap_or(DEFAULT_PROGRAMMABLE);
        custom(reservoir, low_alarm, accuracy, programmable)
    }
}

/// A user-defined pump. The alarm volume must be below the reservoir; a fixed-flow pump
/// (`programmable` false) allows one step; no step limit is assumed for a programmable one.
pub fn custom(
    reservoir: Volume,
    low_alarm: Volume,
    accuracy: Ratio,
    programmable: bool,
) -> Result<Pump, Error> {
    let reservoir_ml = reservoir.canonical();
    if reservoir_ml <= 0.0 {
        let value = Some(Measure::new(reservoir_ml, Unit::Milliliter));
        return Err(Error::new(
            ErrorKind::Zero,
            "pump.reservoir",
            value,
            "a reservoir above 0 mL",
        ));
    }
    check_alarm_below_reservoir(low_alarm, reservoir, "pump.low_alarm")?;
    if accuracy.canonical() < 0.0 {
        let value = Some(Measure::new(accuracy.canonical(), Unit::Percent));
        return Err(Error::new(
            ErrorKind::Negative,
            "pump.accuracy_percent",
            value,
            "0 % or more",
        ));
    }
    let max_steps = if programmable { None } else { Some(1) };
    Ok(Pump {
        model: None,
        reservoir,
        low_alarm,
        accuracy,
        programmable,
        max_steps,
        labelled_for_baclofen: true,
    })
}

/// An alarm volume (the pump's or an override) must be below the reservoir.
pub fn check_alarm_below_reservoir(
    alarm: Volume,
    reservoir: Volume,
    field: &'static str,
) -> Result<(), Error> {
    let alarm_ml = alarm.canonical();
    if alarm_ml < reservoir.canonical() {
        return Ok(());
    }
    Err(alarm_not_below(alarm_ml, field))
}

/// The error of an alarm volume (in mL) that is not below the reservoir.
pub fn alarm_not_below(alarm_ml: f64, field: &'static str) -> Error {
    let value = Some(Measure::new(alarm_ml, Unit::Milliliter));
    Error::new(
        ErrorKind::OutOfRange,
        field,
        value,
        "an alarm volume below the reservoir volume",
    )
}

/// `pump_not_labelled_for_baclofen` (info) wherever a Prometra pump is used: its US
/// instructions are written for morphine (\[PROM-II\]).
pub fn check_pump(pump: &Pump, findings: &mut Findings) {
    if !pump.labelled_for_baclofen {
        let subject = Measure::new(pump.reservoir.canonical(), Unit::Milliliter);
        findings.push(Finding::new(
            Code::PumpNotLabelledForBaclofen,
            Severity::Info,
            Source(&c"[PROM-II]"),
            subject,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_reads_back_by_its_id() {
        for m in PumpModel::ALL {
            assert_eq!(PumpModel::parse(m.id()), Some(m));
            assert_eq!(m.pump().model, Some(m.id()));
        }
        assert_eq!(MODEL_IDS, PumpModel::ALL.map(PumpModel::id).join(", "));
        assert_eq!(PumpModel::parse("SynchroMed_II_20"), None); // ids are case-sensitive
    }

    #[test]
    fn a_prometra_is_not_labelled_for_baclofen() {
        let mut findings = Findings::new();
        check_pump(&PumpModel::PrometraIi40.pump(), &mut findings);
        let f = findings.iter().next().unwrap();
        assert_eq!(
            (f.code, f.severity),
            (Code::PumpNotLabelledForBaclofen, Severity::Info)
        );
        let mut none = Findings::new();
        check_pump(&PumpModel::SynchromedIi40.pump(), &mut none);
        assert!(none.is_empty());
    }

    fn custom(reservoir: f64, low_alarm: f64, accuracy: Option<f64>) -> Result<Pump, Error> {
        PumpInput::Custom(CustomPump {
            reservoir: Input::new(reservoir, Unit::Milliliter),
            low_alarm: Input::new(low_alarm, Unit::Milliliter),
            accuracy_percent: accuracy,
            programmable: Some(false),
        })
        .read()
    }

    #[test]
    fn a_custom_pump_is_checked_field_by_field() {
        let p = custom(30.0, 3.0, None).unwrap();
        assert_eq!(p.accuracy.canonical(), DEFAULT_ACCURACY_PERCENT);
        assert_eq!(p.max_steps, Some(1)); // fixed flow: one step
        let kind_field = |r: Result<Pump, Error>| r.map(|_| ()).map_err(|e| (e.kind, e.field));
        assert_eq!(
            kind_field(custom(0.0, 3.0, None)),
            Err((ErrorKind::Zero, "pump.reservoir"))
        );
        assert_eq!(
            kind_field(custom(30.0, 30.0, None)),
            Err((ErrorKind::OutOfRange, "pump.low_alarm"))
        );
        assert_eq!(
            kind_field(custom(30.0, 3.0, Some(-1.0))),
            Err((ErrorKind::Negative, "pump.accuracy_percent"))
        );
        assert_eq!(
            kind_field(custom(30.0, 3.0, Some(f64::INFINITY))),
            Err((ErrorKind::NotFinite, "pump.accuracy_percent"))
        );
    }
}
