//! `itb convert`: a quantity in another unit of the same dimension.

use clap::Args;
use serde_json::{Value, json};

use super::{Arguments, Output, echo_as_read};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb convert --help`.
pub const EXAMPLES: &str = "\
Examples (10 mg in 20 mL is 500 mcg/mL; 0.5 mg is 500 mcg):
  itb convert \"10 mg/20 mL\" --to mcg/mL
  itb convert \"0.5 mg\" --to mcg";

const ARGUMENTS: Arguments = &[("quantity", "QUANTITY"), ("to", "--to")];

/// The arguments of `itb convert`.
#[derive(Args, Debug)]
pub struct Convert {
    /// The quantity, with its unit: "0.5 mg", "2 mg/mL", "10 mg/20 mL", "500 mcg/day".
    #[arg(value_name = "QUANTITY", allow_hyphen_values = true)]
    quantity: String,
    /// The unit to convert to, of the same dimension: mcg, mg/mL, mcg/day, mL/h...
    #[arg(long, value_name = "UNIT")]
    to: String,
    #[command(flatten)]
    output: Output,
}

impl Convert {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({"op": "convert", "quantity": self.quantity, "to": self.to});
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        Report::new("Conversion")
            .line("quantity", echo_as_read(&self.quantity))
            .line("converted", text(&response["result"]["quantity"]))
            .findings(response)
    }
}
