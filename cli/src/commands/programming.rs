//! `itb check-programming`: the concentration programmed into a pump against the one in its
//! reservoir. A pump doses by volume, so a programmed concentration that is not the reservoir's
//! delivers another dose: programmed for 500 mcg/mL and filled with 2,000 mcg/mL is four times
//! the dose (an overdose), the reverse a quarter (withdrawal).

use clap::Args;
use itb::units::Unit;
use serde_json::{Value, json};

use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb check-programming --help`.
pub const EXAMPLES: &str = "\
Examples (500 mcg/day programmed at 500 mcg/mL runs 1 mL/day; filled with 2,000 mcg/mL that is
2,000 mcg/day, 4 times the dose: concentration_mismatch, hard. The same concentration twice
delivers the programmed dose):
  itb check-programming --programmed-daily-dose \"500 mcg/day\" \\
      --programmed-concentration \"500 mcg/mL\" --reservoir-concentration \"2000 mcg/mL\"
  itb check-programming --programmed-daily-dose \"500 mcg/day\" \\
      --programmed-concentration \"2 mg/mL\" --reservoir-concentration \"2000 mcg/mL\"
Exit status: 0 computed (a mismatch is a hard finding of a computed check: the report says
NOT ALLOWED), 1 rejected input, 2 usage error.";

const OP: &str = "programming_check";

const ARGUMENTS: Arguments = &[
    ("programmed_daily_dose", "--programmed-daily-dose"),
    ("programmed_concentration", "--programmed-concentration"),
    ("reservoir_concentration", "--reservoir-concentration"),
];

/// The arguments of `itb check-programming`.
#[derive(Args, Debug)]
pub struct CheckProgramming {
    /// The daily dose programmed into the pump, with its unit: "500 mcg/day", "0.5 mg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    programmed_daily_dose: String,
    /// The concentration programmed into the pump: "500 mcg/mL", "0.5 mg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    programmed_concentration: String,
    /// The concentration actually in the reservoir (the label of the fill): "2000 mcg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    reservoir_concentration: String,
    #[command(flatten)]
    output: Output,
}

impl CheckProgramming {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({
            "op": OP,
            "programmed_daily_dose": self.programmed_daily_dose,
            "programmed_concentration": self.programmed_concentration,
            "reservoir_concentration": self.reservoir_concentration,
        });
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let programmed = echo(&self.programmed_daily_dose, Unit::McgPerDay);
        let delivered = text(&result["delivered_daily_dose"]);
        let ratio = result["dose_ratio"].as_f64();
        let mut report = Report::new("Pump programming check")
            .line("programmed daily dose", programmed.as_str())
            .line(
                "programmed concentration",
                echo(&self.programmed_concentration, Unit::McgPerMl),
            )
            .line(
                "reservoir concentration",
                echo(&self.reservoir_concentration, Unit::McgPerMl),
            )
            .line(
                "flow",
                format!(
                    "{} (programmed dose / programmed concentration)",
                    text(&result["flow_rate"])
                ),
            )
            .line(
                "delivered daily dose",
                format!("{delivered} (flow x reservoir concentration)"),
            )
            .line("dose ratio", ratio_text(ratio));
        if ratio != Some(1.0) {
            report = report.note(format!(
                "MISMATCH: the pump delivers {delivered}, not the {programmed} programmed. \
                 Reprogram the concentration or replace the fill before the pump runs on."
            ));
        }
        report.findings(response)
    }
}

/// `4 (reservoir / programmed concentration): 4 times the programmed dose, an OVERDOSE`: the
/// ratio, a plain number, said with what it divides and which way the dose goes.
fn ratio_text(ratio: Option<f64>) -> String {
    let Some(r) = ratio else {
        // Only a core defect could get here; never print a guess.
        return "(no dose ratio in the response)".to_owned();
    };
    let mut shown = String::new();
    // Writing to a String cannot fail.
    let _ = itb::units::write_number(&mut shown, r);
    let meaning = if r > 1.0 {
        format!("{shown} times the programmed dose, an OVERDOSE")
    } else if r < 1.0 {
        format!("{shown} times the programmed dose, an UNDERDOSE (risk of withdrawal)")
    } else {
        "the concentrations agree, the programmed dose is delivered".to_owned()
    };
    format!("{shown} (reservoir / programmed concentration): {meaning}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_says_which_way_the_dose_goes() {
        assert_eq!(
            ratio_text(Some(4.0)),
            "4 (reservoir / programmed concentration): 4 times the programmed dose, an OVERDOSE"
        );
        assert_eq!(
            ratio_text(Some(0.25)),
            "0.25 (reservoir / programmed concentration): 0.25 times the programmed dose, \
             an UNDERDOSE (risk of withdrawal)"
        );
        assert_eq!(
            ratio_text(Some(1.0)),
            "1 (reservoir / programmed concentration): the concentrations agree, the programmed \
             dose is delivered"
        );
        assert!(ratio_text(None).starts_with("(no dose ratio"));
    }
}
