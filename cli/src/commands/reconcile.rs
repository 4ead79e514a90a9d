//! `itb reconcile`: at a refill visit, the volume that should be left in the pump against the
//! volume drawn out, and what the difference says about delivery.

use clap::{ArgGroup, Args};
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::patient_args::{self, RiskFactorArgs};
use super::pump_args::PumpArgs;
use super::{Arguments, Output, Refusal, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb reconcile --help`.
pub const EXAMPLES: &str = "\
Examples (20 mL filled, 60 days at 0.25 mL/day: 5 mL should be left; 3 mL drawn out is 2 mL
less, exactly the 2 mL threshold and not above it, so no finding):
  itb reconcile --fill-volume \"20 mL\" --elapsed \"60 days\" --flow-rate \"0.25 mL/day\" \\
      --aspirated-volume \"3 mL\"
  itb reconcile --pump synchromed_ii_20 --fill-volume \"20 mL\" --elapsed \"60 days\" \\
      --daily-dose \"500 mcg/day\" --concentration \"2000 mcg/mL\" --aspirated-volume \"3 mL\"
  itb reconcile --fill-volume \"20 mL\" --elapsed \"60 days\" --flow-rate \"0.25 mL/day\" \\
      --aspirated-volume \"3 mL\" --risk-factor prior_withdrawal
Risk factors (002 Boxed Warning): sci_t6_or_above, communication_difficulty, prior_withdrawal.";

const OP: &str = "reconcile";

const ARGUMENTS: Arguments = &[
    ("pump", "--pump"),
    ("pump.reservoir", "--reservoir"),
    ("pump.low_alarm", "--low-alarm"),
    ("pump.accuracy_percent", "--accuracy-percent"),
    ("fill_volume", "--fill-volume"),
    ("elapsed", "--elapsed"),
    ("daily_dose", "--daily-dose"),
    ("concentration", "--concentration"),
    ("flow_rate", "--flow-rate"),
    ("aspirated_volume", "--aspirated-volume"),
    ("threshold", "--threshold"),
    patient_args::ARGUMENT,
];

/// The arguments of `itb reconcile`: the programmed flow as `--flow-rate`, or as
/// `--daily-dose` with `--concentration`; the pump is optional (its accuracy).
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which_pump").args(["pump", "reservoir"])))]
#[command(group(ArgGroup::new("flow").args(["daily_dose", "flow_rate"]).required(true)))]
pub struct Reconcile {
    #[command(flatten)]
    pump: PumpArgs,
    /// The volume filled at the last refill: "20 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    fill_volume: String,
    /// The time since the last refill: "60 days", "1440 h".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    elapsed: String,
    /// The programmed daily dose ("500 mcg/day"), with --concentration. Or --flow-rate.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "concentration"
    )]
    daily_dose: Option<String>,
    /// With --daily-dose: the concentration filled at the last refill ("2000 mcg/mL").
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "daily_dose"
    )]
    concentration: Option<String>,
    /// The programmed flow: "0.25 mL/day". Or --daily-dose with --concentration.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        conflicts_with = "concentration"
    )]
    flow_rate: Option<String>,
    /// The volume drawn out of the pump at this visit: "3 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    aspirated_volume: String,
    /// The discrepancy worth a look, either way: "2 mL" (the default, [ASRA-2017]).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    threshold: Option<String>,
    #[command(flatten)]
    risk_factors: RiskFactorArgs,
    #[command(flatten)]
    output: Output,
}

impl Reconcile {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("fill_volume".into(), json!(self.fill_volume));
        request.insert("elapsed".into(), json!(self.elapsed));
        // Only the arguments given become fields: an absent field is not a null one.
        let optional = [
            ("daily_dose", &self.daily_dose),
            ("concentration", &self.concentration),
            ("flow_rate", &self.flow_rate),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                request.insert(name.into(), json!(v));
            }
        }
        request.insert("aspirated_volume".into(), json!(self.aspirated_volume));
        if let Some(t) = &self.threshold {
            request.insert("threshold".into(), json!(t));
        }
        if let Some(pump) = self.pump.json()? {
            request.insert("pump".into(), pump);
        }
        // Read last by the protocol, after every other field.
        if let Some(list) = self.risk_factors.json() {
            request.insert("risk_factors".into(), list);
        }
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let pump = if self.pump.given() {
            format!(
                "{}, accuracy {}",
                self.pump.name(),
                self.pump.accuracy_text()
            )
        } else {
            format!("not given: accuracy {}", self.pump.accuracy_text())
        };
        let mut flow = text(&result["flow_rate"]);
        if let (Some(dose), Some(c)) = (&self.daily_dose, &self.concentration) {
            let dose = echo(dose, Unit::McgPerDay);
            flow = format!("{flow} ({dose} at {})", echo(c, Unit::McgPerMl));
        }
        let threshold = match &self.threshold {
            Some(t) => echo(t, Unit::Milliliter),
            None => {
                let default = Measure::new(itb::refill::DEFAULT_THRESHOLD_ML, Unit::Milliliter);
                format!("{default} (default)")
            }
        };
        Report::new("Reservoir check at refill")
            .line("pump", pump)
            .line(
                "filled last time",
                echo(&self.fill_volume, Unit::Milliliter),
            )
            .line("elapsed", echo(&self.elapsed, Unit::Day))
            .line("programmed flow", flow)
            .line("expected left", text(&result["expected_volume"]))
            .line("aspirated", echo(&self.aspirated_volume, Unit::Milliliter))
            .line("discrepancy", discrepancy_text(&result["discrepancy"]))
            .line("threshold", threshold)
            .line("implied flow", text(&result["implied_flow_rate"]))
            .line(
                "delivery error",
                error_text(&result["delivery_error_percent"]),
            )
            .line("risk factors", self.risk_factors.line())
            .findings(response)
    }
}

/// `-2 mL (less left than expected)`: the sign in words, so a lost minus cannot turn an
/// over-delivery into an under-delivery.
fn discrepancy_text(discrepancy: &Value) -> String {
    let shown = text(discrepancy);
    match discrepancy["value"].as_f64() {
        Some(v) if v < 0.0 => format!("{shown} (less left than expected)"),
        Some(v) if v > 0.0 => format!("+{shown} (more left than expected)"),
        _ => format!("{shown} (as expected)"),
    }
}

/// `+13.33 % (faster than programmed)`.
fn error_text(error: &Value) -> String {
    let shown = text(error);
    match error["value"].as_f64() {
        Some(v) if v > 0.0 => format!("+{shown} (faster than programmed)"),
        Some(v) if v < 0.0 => format!("{shown} (slower than programmed)"),
        _ => format!("{shown} (as programmed)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pump_field_names_its_argument() {
        for entry in super::super::pump_args::ARGUMENTS {
            assert!(ARGUMENTS.contains(entry), "{entry:?}");
        }
    }

    #[test]
    fn signs_are_said_in_words() {
        let q = |v: f64, t: &str| json!({"value": v, "text": t});
        assert_eq!(
            discrepancy_text(&q(-2.0, "-2 mL")),
            "-2 mL (less left than expected)"
        );
        assert_eq!(
            discrepancy_text(&q(1.5, "1.5 mL")),
            "+1.5 mL (more left than expected)"
        );
        assert_eq!(discrepancy_text(&q(0.0, "0 mL")), "0 mL (as expected)");
        assert_eq!(
            error_text(&q(-20.0, "-20 %")),
            "-20 % (slower than programmed)"
        );
        assert_eq!(error_text(&q(0.0, "0 %")), "0 % (as programmed)");
    }
}
