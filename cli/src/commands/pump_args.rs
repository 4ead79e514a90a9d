//! The pump on the command line, for `itb refill` and `itb reconcile`: a catalogued model
//! (`--pump synchromed_ii_20`) or a pump of one's own (`--reservoir "20 mL" --low-alarm "2 mL"
//! [--accuracy-percent 14.5] [--fixed-flow]`). Which of them a command requires is the
//! command's group.

use clap::Args;
use itb::units::{ClinicalQuantity, Measure, Unit, Volume};
use serde_json::{Map, Value, json};

use super::{Arguments, PlainNumber, Refusal, echo, value_as_read};

/// The protocol fields the pump arguments feed, for error messages.
pub const ARGUMENTS: Arguments = &[
    ("pump", "--pump"),
    ("pump.reservoir", "--reservoir"),
    ("pump.low_alarm", "--low-alarm"),
    ("pump.accuracy_percent", "--accuracy-percent"),
];

const ACCURACY_PERCENT: PlainNumber = PlainNumber {
    field: "pump.accuracy_percent",
    unit: Some(Unit::Percent),
    allowed: "a number of percent, 0 or more, e.g. 14.5",
};

/// The pump arguments.
#[derive(Args, Debug)]
pub struct PumpArgs {
    /// A catalogued pump: synchromed_ii_20, synchromed_ii_40, prometra_20, prometra_ii_20,
    /// prometra_ii_40.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with_all = ["reservoir", "low_alarm", "accuracy_percent", "fixed_flow"]
    )]
    pub pump: Option<String>,
    /// Or a pump of your own: its reservoir volume ("20 mL"), with --low-alarm.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "low_alarm"
    )]
    pub reservoir: Option<String>,
    /// With --reservoir: the volume at which its low-reservoir alarm sounds ("2 mL").
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "reservoir"
    )]
    pub low_alarm: Option<String>,
    /// With --reservoir: its delivery accuracy, ± percent, a plain number (default 14.5).
    #[arg(
        long,
        value_name = "PERCENT",
        allow_hyphen_values = true,
        requires = "reservoir"
    )]
    pub accuracy_percent: Option<String>,
    /// With --reservoir: a fixed-flow pump (one step a day, no flex schedule).
    #[arg(long, requires = "reservoir")]
    pub fixed_flow: bool,
}

impl PumpArgs {
    /// Whether a pump was given.
    pub fn given(&self) -> bool {
        self.pump.is_some() || self.reservoir.is_some()
    }

    /// The protocol's `pump`: the id, or the custom pump object; `None` when none was given.
    pub fn json(&self) -> Result<Option<Value>, Refusal> {
        if let Some(id) = &self.pump {
            return Ok(Some(json!(id)));
        }
        let (Some(reservoir), Some(low_alarm)) = (&self.reservoir, &self.low_alarm) else {
            return Ok(None);
        };
        let mut pump = Map::new();
        pump.insert("reservoir".into(), json!(reservoir));
        pump.insert("low_alarm".into(), json!(low_alarm));
        if let Some(accuracy) = &self.accuracy_percent {
            pump.insert("accuracy_percent".into(), ACCURACY_PERCENT.read(accuracy)?);
        }
        // Absent means the protocol's default, a programmable pump.
        if self.fixed_flow {
            pump.insert("programmable".into(), json!(false));
        }
        Ok(Some(Value::Object(pump)))
    }

    /// The pump as a report names it: the id, or `your own (fixed flow)`.
    pub fn name(&self) -> String {
        match &self.pump {
            Some(id) => id.clone(),
            None if self.fixed_flow => "your own (fixed flow)".to_owned(),
            None => "your own (programmable)".to_owned(),
        }
    }

    /// The reservoir volume: the model's, or `--reservoir` as read.
    pub fn reservoir_text(&self) -> String {
        match (&self.pump, &self.reservoir) {
            (Some(id), _) => model_volume(id, |p| p.reservoir),
            (None, Some(r)) => echo(r, Unit::Milliliter),
            (None, None) => "?".to_owned(),
        }
    }

    /// The low-reservoir alarm volume: the model's, or `--low-alarm` as read.
    pub fn low_alarm_text(&self) -> String {
        match (&self.pump, &self.low_alarm) {
            (Some(id), _) => model_volume(id, |p| p.low_alarm),
            (None, Some(a)) => echo(a, Unit::Milliliter),
            (None, None) => "?".to_owned(),
        }
    }

    /// The reservoir volume in mL, for the refill chart: the model's, or `--reservoir` as read.
    pub fn reservoir_ml(&self) -> Option<f64> {
        match (&self.pump, &self.reservoir) {
            (Some(id), _) => model_ml(id, |p| p.reservoir),
            (None, Some(r)) => value_as_read(r, Unit::Milliliter),
            (None, None) => None,
        }
    }

    /// The low-reservoir alarm volume in mL, for the refill chart: the model's, or
    /// `--low-alarm` as read.
    pub fn low_alarm_ml(&self) -> Option<f64> {
        match (&self.pump, &self.low_alarm) {
            (Some(id), _) => model_ml(id, |p| p.low_alarm),
            (None, Some(a)) => value_as_read(a, Unit::Milliliter),
            (None, None) => None,
        }
    }

    /// The delivery accuracy, `±14.5 %`, and `(default)` when it is the protocol's default
    /// rather than the model's or `--accuracy-percent`.
    pub fn accuracy_text(&self) -> String {
        if let Some(p) = self.pump.as_deref().and_then(itb::pump::model) {
            return format!("±{}", shown(p.accuracy.to_measure(Unit::Percent)));
        }
        match &self.accuracy_percent {
            Some(a) => format!("±{}", ACCURACY_PERCENT.echo(a)),
            None => {
                let default = Measure::new(itb::pump::DEFAULT_ACCURACY_PERCENT, Unit::Percent);
                format!("±{default} (default)")
            }
        }
    }
}

/// A volume of a catalogued model, or the id itself when it is not one (unreachable after the
/// protocol accepted it).
fn model_volume(id: &str, volume: fn(&itb::pump::Pump) -> Volume) -> String {
    match itb::pump::model(id) {
        Some(p) => shown(volume(&p).to_measure(Unit::Milliliter)),
        None => id.to_owned(),
    }
}

/// A volume of a catalogued model in mL; `None` when the id is not one.
fn model_ml(id: &str, volume: fn(&itb::pump::Pump) -> Volume) -> Option<f64> {
    volume(&itb::pump::model(id)?)
        .value_in(Unit::Milliliter)
        .ok()
}

/// A catalogue number as text; the catalogue's own numbers always convert.
fn shown(m: Result<Measure, itb::Error>) -> String {
    m.map_or_else(|e| format!("({e})"), |m| m.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(accuracy: Option<&str>, fixed_flow: bool) -> PumpArgs {
        PumpArgs {
            pump: None,
            reservoir: Some("20 mL".into()),
            low_alarm: Some("2 mL".into()),
            accuracy_percent: accuracy.map(str::to_owned),
            fixed_flow,
        }
    }

    #[test]
    fn a_model_is_its_id() {
        let args = PumpArgs {
            pump: Some("synchromed_ii_20".into()),
            reservoir: None,
            low_alarm: None,
            accuracy_percent: None,
            fixed_flow: false,
        };
        assert_eq!(args.json(), Ok(Some(json!("synchromed_ii_20"))));
        // docs/PROTOCOL.md's pump table: 20 mL, alarm 2 mL, ±14.5 %.
        assert_eq!(args.name(), "synchromed_ii_20");
        assert_eq!(args.reservoir_text(), "20 mL");
        assert_eq!(args.low_alarm_text(), "2 mL");
        assert_eq!(args.accuracy_text(), "±14.5 %");
        assert_eq!(
            (args.reservoir_ml(), args.low_alarm_ml()),
            (Some(20.0), Some(2.0))
        );
    }

    #[test]
    fn a_pump_of_ones_own_is_an_object_with_only_the_fields_given() {
        assert_eq!(
            custom(None, false).json(),
            Ok(Some(json!({"reservoir": "20 mL", "low_alarm": "2 mL"})))
        );
        assert_eq!(
            custom(Some("10"), true).json(),
            Ok(Some(json!({"reservoir": "20 mL", "low_alarm": "2 mL",
                "accuracy_percent": 10.0, "programmable": false})))
        );
        let fixed = custom(None, true);
        assert_eq!(fixed.name(), "your own (fixed flow)");
        assert_eq!(fixed.accuracy_text(), "±14.5 % (default)");
        let own = PumpArgs {
            reservoir: Some("40 ml".into()),
            ..custom(Some("10"), false)
        };
        assert_eq!(own.name(), "your own (programmable)");
        assert_eq!(own.accuracy_text(), "±10 %");
        assert_eq!(own.reservoir_text(), "40 mL");
        assert_eq!(custom(None, false).low_alarm_text(), "2 mL");
        assert_eq!(own.reservoir_ml(), Some(40.0));
        assert_eq!(custom(None, false).low_alarm_ml(), Some(2.0));
    }

    #[test]
    fn an_accuracy_that_is_not_a_number_is_refused_by_its_path() {
        let e = custom(Some("ten"), false).json().expect_err("ten");
        assert_eq!(e.field, "pump.accuracy_percent");
        assert_eq!(e.kind, itb::ErrorKind::InvalidValue);
    }
}
