//! `itb bridge`: the bridge bolus at a change of concentration. The old drug left in the pump
//! path and catheter (the dead space) must still be delivered at the old flow, or the patient
//! gets the wrong dose until it has gone.

use clap::Args;
use itb::units::Unit;
use serde_json::{Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb bridge --help`.
pub const EXAMPLES: &str = "\
Example (500 mcg/day at 500 mcg/mL is 1 mL/day, so 0.25 mL of dead space takes 6 h at the old
flow; at the new 0.25 mL/day it would take 24 h, delivering 125 mcg/day instead of 500):
  itb bridge --old-concentration \"500 mcg/mL\" --new-concentration \"2000 mcg/mL\" \\
      --daily-dose \"500 mcg/day\" --dead-space \"0.25 mL\"";

const OP: &str = "bridge_bolus";

const ARGUMENTS: Arguments = &[
    ("old_concentration", "--old-concentration"),
    ("new_concentration", "--new-concentration"),
    ("daily_dose", "--daily-dose"),
    ("dead_space", "--dead-space"),
];

/// The arguments of `itb bridge`.
#[derive(Args, Debug)]
pub struct Bridge {
    /// The concentration in the pump path and catheter now: "500 mcg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    old_concentration: String,
    /// The concentration filled at this refill: "2000 mcg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    new_concentration: String,
    /// The daily dose, unchanged across the change: "500 mcg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    daily_dose: String,
    /// The volume of old drug in the pump path and catheter: "0.25 mL" (see itb catheter).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    dead_space: String,
    #[command(flatten)]
    output: Output,
}

impl Bridge {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({
            "op": OP,
            "old_concentration": self.old_concentration,
            "new_concentration": self.new_concentration,
            "daily_dose": self.daily_dose,
            "dead_space": self.dead_space,
        });
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let dose = echo(&self.daily_dose, Unit::McgPerDay);
        let report = Report::new("Bridge bolus at a change of concentration")
            .line(
                "old concentration",
                echo(&self.old_concentration, Unit::McgPerMl),
            )
            .line(
                "new concentration",
                echo(&self.new_concentration, Unit::McgPerMl),
            )
            .line("daily dose", dose.as_str())
            .line("dead space", echo(&self.dead_space, Unit::Milliliter));
        if result["required"] != true {
            return report
                .line("bridge", "not needed: the concentrations are the same")
                .line("flow", text(&result["new_flow_rate"]))
                .findings(response);
        }
        let bridge = format!(
            "{} (the old flow) for {}, then {} (the new flow)",
            text(&result["old_flow_rate"]),
            text(&result["bridge_duration"]),
            text(&result["new_flow_rate"]),
        );
        let skipped = format!(
            "{} instead of {dose} for {}",
            text(&result["unbridged_daily_dose"]),
            text(&result["unbridged_duration"]),
        );
        report
            .line("bridge", bridge)
            .line("if skipped", skipped)
            .findings(response)
    }
}
