//! `itb containers`: how many containers of a product to open for an amount of drug.

use clap::Args;
use itb::units::{ClinicalQuantity, Unit};
use serde_json::{Map, Value, json};

use super::{Arguments, Output, count_line, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb containers --help`.
pub const EXAMPLES: &str = "\
Examples (30 mg from 10 mg/20 mL ampoules: 3 ampoules, 60 mL drawn; 20 mL at 400 mcg/mL is 8 mg):
  itb containers --product itb_500mcg_20ml --amount \"30 mg\"
  itb containers --product itb_500mcg_20ml --volume \"20 mL\" --concentration \"400 mcg/mL\"
Product ids: itb products";

const ARGUMENTS: Arguments = &[
    ("product", "--product"),
    ("amount", "--amount"),
    ("volume", "--volume"),
    ("concentration", "--concentration"),
];

/// The arguments of `itb containers`: `--amount`, or `--volume` with `--concentration`.
#[derive(Args, Debug)]
#[group(id = "need", required = true, multiple = false, args = ["amount", "volume"])]
pub struct Containers {
    /// An intrathecal product id, as `itb products` lists them: itb_500mcg_20ml...
    #[arg(long, value_name = "ID")]
    product: String,
    /// The amount of drug needed: "30 mg", "8000 mcg".
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        conflicts_with = "concentration"
    )]
    amount: Option<String>,
    /// Or: the volume to prepare ("20 mL"), with --concentration.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "concentration"
    )]
    volume: Option<String>,
    /// With --volume: the concentration to prepare, no higher than the product's.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "volume"
    )]
    concentration: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Containers {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let mut request = Map::new();
        request.insert("op".into(), json!("containers"));
        request.insert("product".into(), json!(self.product));
        // Only the arguments given become fields: an absent field is not a null one.
        let optional = [
            ("amount", &self.amount),
            ("volume", &self.volume),
            ("concentration", &self.concentration),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                request.insert(name.into(), json!(v));
            }
        }
        let request = Value::Object(request);
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let mut report = Report::new("Containers").line("product", self.product_line());
        if let (Some(volume), Some(concentration)) = (&self.volume, &self.concentration) {
            report = report
                .line("volume", echo(volume, Unit::Milliliter))
                .line("concentration", echo(concentration, Unit::McgPerMl));
        }
        report
            .line("amount", text(&result["amount"]))
            .line("containers", count_line(&self.product, &result["count"]))
            .line("drawn volume", text(&result["drawn_volume"]))
            .line("waste", text(&result["waste"]))
            .findings(response)
    }

    /// `itb_500mcg_20ml: Baclofen 10mg/20 Inj, 20ml (500 mcg/mL)`.
    fn product_line(&self) -> String {
        let Some(p) = itb::product::find(&self.product) else {
            return self.product.clone();
        };
        match p.concentration().map(|c| c.to_measure(Unit::McgPerMl)) {
            Some(Ok(c)) => format!("{}: {} ({c})", p.id, p.label),
            _ => format!("{}: {}", p.id, p.label),
        }
    }
}
