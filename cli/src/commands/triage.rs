//! `itb triage`: which of the sign lists (overdose, withdrawal, pump or catheter problem) the
//! observed signs are on, the list with the most first, and the finding of each: hard for
//! overdose and withdrawal (seek medical help at once), soft for a pump problem. It names lists,
//! never a cause.

use clap::Args;
use itb::signs::SignList;
use serde_json::{Value, json};

use super::{Arguments, Output};
use crate::Status;
use crate::report::{Report, Table, fill};

const EXAMPLES: &str = "\
Examples (seizures are on the overdose and the withdrawal list: both hard findings, and
signs_overlap, because overdose can mimic withdrawal):
  itb triage seizures
  itb triage high_fever muscle_rigidity pruritus
  itb triage pump_alarm sudden_return_of_spasticity
Exit status: 0 computed (hard findings included: the report says to seek help at once),
1 rejected input (an unknown or repeated code), 2 usage error.";

/// Shown under `itb triage --help`: the examples, then the sign codes of each list, from the
/// core's lists (itb signs shows them with their words and what to do).
pub fn examples() -> String {
    let mut text = format!("{EXAMPLES}\nThe sign codes, by list (itb signs gives their words):\n");
    for list in SignList::ALL {
        let codes: Vec<&str> = list.signs().iter().map(|s| s.code.as_str()).collect();
        let words = std::iter::once(format!("{}:", list.id()))
            .chain(codes.iter().enumerate().map(|(i, c)| {
                let comma = if i + 1 < codes.len() { "," } else { "" };
                format!("{c}{comma}")
            }))
            .collect::<Vec<_>>();
        for (i, line) in fill(words.iter().map(String::as_str), 92)
            .iter()
            .enumerate()
        {
            let indent = if i == 0 { "  " } else { "    " };
            text.push_str(&format!("{indent}{line}\n"));
        }
    }
    text
}

const OP: &str = "triage";

const ARGUMENTS: Arguments = &[("signs", "SIGN")];

/// Said instead of NOT ALLOWED: in a triage a hard finding is a call to act.
const ACT_NOW: &str =
    "SEEK MEDICAL HELP AT ONCE: signs on the overdose or the withdrawal list (hard findings).";

/// The arguments of `itb triage`.
#[derive(Args, Debug)]
pub struct Triage {
    /// A sign observed, by its code: seizures, high_fever, pump_alarm (each once; itb signs
    /// lists them all).
    #[arg(required = true, value_name = "SIGN")]
    signs: Vec<String>,
    #[command(flatten)]
    output: Output,
}

impl Triage {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({"op": OP, "signs": self.signs});
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let matches = response["result"]["matches"].as_array().map(Vec::as_slice);
        let mut table = Table::new(&["list", "observed", "signs"]).wrap(2, 60);
        for m in matches.unwrap_or_default() {
            let id = m["list"].as_str().unwrap_or("?");
            let codes: Vec<&str> = m["signs"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|c| c.as_str().unwrap_or("?"))
                .collect();
            table.row(vec![
                id.to_owned(),
                on_list(codes.len(), SignList::parse(id)),
                codes.join(", "),
            ]);
        }
        Report::new("Triage: the sign lists the observed signs are on")
            .line("observed", self.signs.join(", "))
            .table(table)
            .note("A list says where a sign is named, not what causes it: that is for a clinician.")
            .note("What to do for a list: itb signs --list LIST.")
            .when_not_allowed(ACT_NOW)
            .findings(response)
    }
}

/// `2 of 9 signs`: how many of a list's signs were observed.
fn on_list(count: usize, list: Option<SignList>) -> String {
    match list {
        Some(l) => format!("{count} of {} signs", l.signs().len()),
        None => format!("{count} observed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_every_code_under_its_list() {
        let help = examples();
        assert!(
            help.contains("\n  overdose: hypotonia, somnolence,"),
            "{help}"
        );
        assert!(help.contains("\n  pump_problem: pump_site_pain,"), "{help}");
        for code in itb::signs::SignCode::ALL {
            assert!(help.contains(code.as_str()), "{code:?}");
        }
        assert!(help.lines().all(|l| l.chars().count() <= 96), "{help}");
    }

    #[test]
    fn a_count_says_of_how_many() {
        // The overdose list holds 9 signs, the pump problem list 6.
        assert_eq!(on_list(2, Some(SignList::Overdose)), "2 of 9 signs");
        assert_eq!(on_list(1, Some(SignList::PumpProblem)), "1 of 6 signs");
        assert_eq!(on_list(1, None), "1 observed");
    }
}
