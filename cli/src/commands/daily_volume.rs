//! `itb daily-volume`: the volume a pump must deliver each day for a daily dose.

use clap::Args;
use itb::units::Unit;
use serde_json::{Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb daily-volume --help`.
pub const EXAMPLES: &str = "\
Example (500 mcg/day at 2 mg/mL = 2,000 mcg/mL is 0.25 mL/day):
  itb daily-volume --daily-dose \"500 mcg/day\" --concentration \"2 mg/mL\"";

const ARGUMENTS: Arguments = &[
    ("daily_dose", "--daily-dose"),
    ("concentration", "--concentration"),
];

/// The arguments of `itb daily-volume`.
#[derive(Args, Debug)]
pub struct DailyVolume {
    /// The daily dose, with its unit: "500 mcg/day", "0.5 mg/day", "21 mcg/h".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    daily_dose: String,
    /// The concentration in the pump: "2000 mcg/mL", "2 mg/mL", "10 mg/5 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    concentration: String,
    #[command(flatten)]
    output: Output,
}

impl DailyVolume {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({
            "op": "daily_volume",
            "daily_dose": self.daily_dose,
            "concentration": self.concentration,
        });
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let flow = format!(
            "{} ({})",
            text(&result["flow_rate"]),
            text(&result["hourly_flow"])
        );
        Report::new("Daily volume")
            .line("daily dose", echo(&self.daily_dose, Unit::McgPerDay))
            .line("concentration", echo(&self.concentration, Unit::McgPerMl))
            .line("flow", flow)
            .findings(response)
    }
}
