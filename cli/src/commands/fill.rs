//! `itb fill`: the fill of a constant-flow (gas-driven) pump, whose flow is fixed, so the dose
//! is set by the concentration (\[ARCHIMEDES\] Appendix B).

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb fill --help`.
pub const EXAMPLES: &str = "\
Examples (20 mL at 1 mL/day lasts 20 days; 400 mcg/day at 1 mL/day needs 400 mcg/mL, so
8,000 mcg: 4 mL of 2,000 mcg/mL stock + 16 mL diluent; with the 3 mL priming overage of the
ARCHIMEDES worksheet, 23 mL are prepared: 4.6 mL + 18.4 mL):
  itb fill --reservoir \"20 mL\" --flow-rate \"1 mL/day\" --daily-dose \"400 mcg/day\" \\
      --stock \"2000 mcg/mL\"
  itb fill --reservoir \"20 mL\" --flow-rate \"1 mL/day\" --daily-dose \"400 mcg/day\" \\
      --stock \"2000 mcg/mL\" --priming-overage \"3 mL\"";

const OP: &str = "constant_flow_fill";

const ARGUMENTS: Arguments = &[
    ("reservoir", "--reservoir"),
    ("flow_rate", "--flow-rate"),
    ("daily_dose", "--daily-dose"),
    ("stock", "--stock"),
    ("priming_overage", "--priming-overage"),
];

/// The arguments of `itb fill`.
#[derive(Args, Debug)]
pub struct Fill {
    /// The pump's reservoir volume: "20 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    reservoir: String,
    /// The pump's fixed flow: "1 mL/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    flow_rate: String,
    /// The daily dose wanted: "400 mcg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    daily_dose: String,
    /// The stock concentration diluted: "2000 mcg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    stock: String,
    /// Extra volume prepared to prime the refill set: "3 mL" (default 0 mL).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    priming_overage: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Fill {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("reservoir".into(), json!(self.reservoir));
        request.insert("flow_rate".into(), json!(self.flow_rate));
        request.insert("daily_dose".into(), json!(self.daily_dose));
        request.insert("stock".into(), json!(self.stock));
        if let Some(overage) = &self.priming_overage {
            request.insert("priming_overage".into(), json!(overage));
        }
        let request = Value::Object(request);
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let overage = match &self.priming_overage {
            Some(v) => echo(v, Unit::Milliliter),
            None => format!("{} (default)", Measure::new(0.0, Unit::Milliliter)),
        };
        let diluent = result["diluent"].as_str().unwrap_or("?");
        Report::new("Constant-flow pump fill")
            .line("reservoir", echo(&self.reservoir, Unit::Milliliter))
            .line("flow", echo(&self.flow_rate, Unit::MlPerDay))
            .line("daily dose", echo(&self.daily_dose, Unit::McgPerDay))
            .line("stock", echo(&self.stock, Unit::McgPerMl))
            .line("priming overage", overage)
            .line("running time", text(&result["running_time"]))
            .line("concentration", text(&result["concentration"]))
            .line("drug in reservoir", text(&result["drug_amount"]))
            .line(
                "stock volume",
                format!(
                    "{} of {}",
                    text(&result["stock_volume"]),
                    echo(&self.stock, Unit::McgPerMl)
                ),
            )
            .line(
                "diluent volume",
                format!("{} of {diluent}", text(&result["diluent_volume"])),
            )
            .note("Stock and diluent fill the reservoir plus the priming overage.")
            .findings(response)
    }
}
