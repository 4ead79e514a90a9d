//! `itb products`: the catalogue of baclofen products.

use clap::Args;
use serde_json::{Value, json};

use super::{Arguments, Output};
use crate::Status;
use crate::report::{Report, Table};

/// Shown under `itb products --help`.
pub const EXAMPLES: &str = "\
Examples:
  itb products
  itb products --json";

const ARGUMENTS: Arguments = &[];

/// The arguments of `itb products`.
#[derive(Args, Debug)]
pub struct Products {
    #[command(flatten)]
    output: Output,
}

impl Products {
    /// Runs the command.
    pub fn run(&self) -> Status {
        super::run(&json!({"op": "products"}), &self.output, ARGUMENTS, report)
    }
}

fn report(response: &Value) -> Report {
    let products = response["result"]["products"].as_array().map(Vec::as_slice);
    let products = products.unwrap_or_default();
    let mut table = Table::new(&[
        "id",
        "route",
        "use",
        "concentration",
        "volume",
        "amount",
        "label",
    ]);
    for p in products {
        let s = |k: &str| p[k].as_str().unwrap_or("?").to_owned();
        // A field the source does not state is absent: shown as "-", never guessed.
        let q = |k: &str| p[k]["text"].as_str().unwrap_or("-").to_owned();
        table.row(vec![
            s("id"),
            s("route"),
            s("use"),
            q("concentration"),
            q("volume"),
            q("amount"),
            s("label"),
        ]);
    }
    Report::new(format!("Products ({})", products.len()))
        .table(table)
        .note("- : not stated by the source (never guessed)")
        .findings(response)
}
