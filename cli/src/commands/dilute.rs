//! `itb dilute`: an admixture recipe, stock plus diluent to a target concentration.

use clap::Args;
use itb::units::Unit;
use serde_json::{Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb dilute --help`.
pub const EXAMPLES: &str = "\
Example (20 mL at 400 mcg/mL holds 8,000 mcg: 4 mL of 2,000 mcg/mL stock + 16 mL diluent):
  itb dilute --stock \"2000 mcg/mL\" --target \"400 mcg/mL\" --final-volume \"20 mL\"";

const ARGUMENTS: Arguments = &[
    ("stock", "--stock"),
    ("target", "--target"),
    ("final_volume", "--final-volume"),
];

/// The arguments of `itb dilute`.
#[derive(Args, Debug)]
pub struct Dilute {
    /// The stock concentration: "2000 mcg/mL", "10 mg/5 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    stock: String,
    /// The concentration wanted, no higher than the stock: "400 mcg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    target: String,
    /// The volume to prepare: "20 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    final_volume: String,
    #[command(flatten)]
    output: Output,
}

impl Dilute {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({
            "op": "dilution",
            "stock": self.stock,
            "target": self.target,
            "final_volume": self.final_volume,
        });
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let diluent = result["diluent"].as_str().unwrap_or("?");
        Report::new("Dilution")
            .line("stock", echo(&self.stock, Unit::McgPerMl))
            .line("target", echo(&self.target, Unit::McgPerMl))
            .line("final volume", echo(&self.final_volume, Unit::Milliliter))
            .line("stock volume", text(&result["stock_volume"]))
            .line(
                "diluent volume",
                format!("{} of {diluent}", text(&result["diluent_volume"])),
            )
            .line("drug amount", text(&result["drug_amount"]))
            .findings(response)
    }
}
