//! `itb interactions`: a patient's medications against the interaction classes of the labels
//! (CNS depressants and tricyclic antidepressants major; alcohol, antihypertensives and other
//! intrathecal agents moderate). A name the lexicon does not hold is said NOT CHECKED, never
//! dropped.

use clap::Args;
use itb::interactions::{DrugClass, InteractionSeverity};
use serde_json::{Value, json};

use super::{Arguments, Output};
use crate::Status;
use crate::report::{Report, Table};

const EXAMPLES: &str = "\
Examples (morphine is an opioid: major; amlodipine an antihypertensive: moderate; aspirin is
not in the lexicon: NOT CHECKED):
  itb interactions morphine amlodipine aspirin
  itb interactions \"nitrous oxide\" Diazepam alcohol
  itb interactions opioids \"tricyclic antidepressants\"
Names and class names match without regard to case, surrounding spaces, or spaces, _ and - inside
(\"Nitrous-Oxide\" is nitrous oxide); quote a name of several words. Each name once, 1 to 100
names. Exit status: 0 computed, 1 rejected input (a blank or repeated name), 2 usage error.";

/// Shown under `itb interactions --help`: the examples, then the classes by severity, from the
/// core's classes.
pub fn examples() -> String {
    let of = |severity: InteractionSeverity| {
        DrugClass::ALL
            .iter()
            .filter(|c| c.severity() == severity)
            .map(|c| c.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{EXAMPLES}\nClasses, major: {}.\nClasses, moderate: {}.",
        of(InteractionSeverity::Major),
        of(InteractionSeverity::Moderate)
    )
}

const OP: &str = "interactions";

const ARGUMENTS: Arguments = &[("medications", "NAME")];

/// The arguments of `itb interactions`.
#[derive(Args, Debug)]
pub struct Interactions {
    /// A medication the patient takes, by name or class: morphine, "nitrous oxide", opioids.
    #[arg(required = true, value_name = "NAME")]
    medications: Vec<String>,
    #[command(flatten)]
    output: Output,
}

impl Interactions {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({"op": OP, "medications": self.medications});
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let list = |key: &str| {
            result[key]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        let (found, unrecognised) = (list("interactions"), list("unrecognised"));
        let names = |v: &[Value]| -> Vec<String> {
            v.iter()
                .map(|n| n.as_str().unwrap_or("?").trim().to_owned())
                .collect()
        };
        let mut report = Report::new("Interactions with intrathecal baclofen").line(
            "names",
            format!(
                "{} given: {} with an interaction, {} NOT CHECKED",
                self.medications.len(),
                found.len(),
                unrecognised.len()
            ),
        );
        if !found.is_empty() {
            let mut table = Table::new(&["medication", "class", "severity", "effect", "source"])
                .wrap(3, 40)
                .wrap(4, 24);
            for i in found {
                let s = |k: &str| i[k].as_str().unwrap_or("?").to_owned();
                // As given, without the spaces around it that matching ignores.
                let medication = s("medication").trim().to_owned();
                table.row(vec![
                    medication,
                    s("class"),
                    s("severity"),
                    s("effect"),
                    s("source"),
                ]);
            }
            report = report.table(table);
        }
        if !unrecognised.is_empty() {
            report = report.note(format!(
                "NOT CHECKED (not in the lexicon; check them by hand): {}",
                names(unrecognised).join(", ")
            ));
        }
        report.findings(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_names_the_classes_by_severity() {
        let help = examples();
        assert!(
            help.contains(
                "\nClasses, major: opioid, benzodiazepine, sedative, hypnotic, \
                 general_anaesthetic, tricyclic_antidepressant.\n"
            ),
            "{help}"
        );
        assert!(
            help.ends_with("\nClasses, moderate: alcohol, antihypertensive, intrathecal_agent."),
            "{help}"
        );
    }
}
