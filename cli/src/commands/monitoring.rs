//! `itb monitoring`: what to monitor in a phase of the therapy, how often, and what to do, each
//! with the section that says so.

use clap::Args;
use serde_json::{Value, json};

use super::{Arguments, Output};
use crate::Status;
use crate::report::{Report, Table};

/// Shown under `itb monitoring --help`.
pub const EXAMPLES: &str = "\
Examples:
  itb monitoring screening       (the test boluses before implant)
  itb monitoring titration       (the dose titration after implant)
  itb monitoring maintenance     (long-term, at the refill visits)
  itb monitoring after_change    (after a change of the dosing rate or the concentration)
Exit status: 0 computed, 1 rejected input (an unknown phase), 2 usage error.";

const OP: &str = "monitoring_plan";

const ARGUMENTS: Arguments = &[("phase", "PHASE")];

/// The arguments of `itb monitoring`.
#[derive(Args, Debug)]
pub struct Monitoring {
    /// The phase: screening, titration, maintenance or after_change.
    #[arg(value_name = "PHASE")]
    phase: String,
    #[command(flatten)]
    output: Output,
}

impl Monitoring {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({"op": OP, "phase": self.phase});
        super::run(&request, &self.output, ARGUMENTS, report)
    }
}

/// `after_change (after a change of the dosing rate or the concentration)`.
fn phase_text(id: &str) -> String {
    let meaning = match id {
        "screening" => "the test boluses before a pump is implanted",
        "titration" => "the dose titration after implant",
        "maintenance" => "long-term maintenance",
        "after_change" => "after a change of the dosing rate or the concentration",
        _ => return id.to_owned(),
    };
    format!("{id} ({meaning})")
}

fn report(response: &Value) -> Report {
    let result = &response["result"];
    let items = result["items"].as_array().map(Vec::as_slice);
    let mut table = Table::new(&["what", "how often", "what to do", "source"])
        .wrap(0, 28)
        .wrap(1, 32)
        .wrap(2, 36)
        .wrap(3, 24);
    for i in items.unwrap_or_default() {
        let s = |k: &str| i[k].as_str().unwrap_or("?").to_owned();
        table.row(vec![s("what"), s("frequency"), s("action"), s("source")]);
    }
    Report::new("Monitoring plan")
        .line("phase", phase_text(result["phase"].as_str().unwrap_or("?")))
        .table(table)
        .findings(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_is_said_in_words() {
        for phase in itb::monitoring::MonitoringPhase::ALL {
            let text = phase_text(phase.id());
            assert!(text.starts_with(&format!("{} (", phase.id())), "{text}");
        }
    }
}
