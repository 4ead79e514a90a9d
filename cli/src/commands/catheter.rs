//! `itb catheter`: the volume of an implanted catheter, from its implanted length and volume
//! per length, or from a catalogued catheter and the length trimmed off it.

use clap::{ArgGroup, Args};
use itb::units::{ClinicalQuantity, Unit};
use serde_json::{Map, Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb catheter --help`.
pub const EXAMPLES: &str = "\
Examples (a Prometra II catheter is 110 cm at 0.0026 mL/cm; trimmed by 10 cm, 100 cm remain:
0.26 mL; 50 cm at 0.0026 mL/cm is 0.13 mL):
  itb catheter --catheter prometra_ii --trimmed-length \"10 cm\"
  itb catheter --implanted-length \"50 cm\" --volume-per-length \"0.0026 mL/cm\"
Catheter ids: prometra_ii.";

const OP: &str = "catheter_volume";

const ARGUMENTS: Arguments = &[
    ("implanted_length", "--implanted-length"),
    ("volume_per_length", "--volume-per-length"),
    ("catheter", "--catheter"),
    ("trimmed_length", "--trimmed-length"),
];

/// The arguments of `itb catheter`: `--implanted-length` with `--volume-per-length`, or
/// `--catheter` with `--trimmed-length`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("how").args(["implanted_length", "catheter"]).required(true)))]
pub struct Catheter {
    /// The length implanted: "50 cm". With --volume-per-length.
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "volume_per_length",
        conflicts_with_all = ["catheter", "trimmed_length"]
    )]
    implanted_length: Option<String>,
    /// With --implanted-length: the catheter's volume per length, "0.0026 mL/cm".
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "implanted_length",
        conflicts_with_all = ["catheter", "trimmed_length"]
    )]
    volume_per_length: Option<String>,
    /// Or a catalogued catheter: prometra_ii (110 cm at 0.0026 mL/cm). With --trimmed-length.
    #[arg(long, value_name = "ID", requires = "trimmed_length")]
    catheter: Option<String>,
    /// With --catheter: the length trimmed off at implant, "10 cm" ("0 cm" if none).
    #[arg(
        long,
        value_name = "QUANTITY",
        allow_hyphen_values = true,
        requires = "catheter"
    )]
    trimmed_length: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Catheter {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        // Only the arguments given become fields: an absent field is not a null one.
        let optional = [
            ("implanted_length", &self.implanted_length),
            ("volume_per_length", &self.volume_per_length),
            ("catheter", &self.catheter),
            ("trimmed_length", &self.trimmed_length),
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
        let mut report = Report::new("Catheter volume");
        if let (Some(id), Some(trimmed)) = (&self.catheter, &self.trimmed_length) {
            report = report
                .line("catheter", catalogued(id))
                .line("trimmed off", echo(trimmed, Unit::Centimeter));
        }
        if let (Some(length), Some(per)) = (&self.implanted_length, &self.volume_per_length) {
            report = report
                .line("implanted length", echo(length, Unit::Centimeter))
                .line("volume per length", echo(per, Unit::MlPerCm));
        }
        report
            .line("volume", text(&response["result"]["volume"]))
            .findings(response)
    }
}

/// `prometra_ii (110 cm at 0.0026 mL/cm)`: the catalogue's numbers the volume rests on.
fn catalogued(id: &str) -> String {
    let Some(c) = itb::bolus::catheter(id) else {
        return id.to_owned();
    };
    match (
        c.length.to_measure(Unit::Centimeter),
        c.volume_per_length.to_measure(Unit::MlPerCm),
    ) {
        (Ok(length), Ok(per)) => format!("{id} ({length} at {per})"),
        _ => id.to_owned(),
    }
}
