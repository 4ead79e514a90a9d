//! `itb signs`: the signs of overdose, of withdrawal and of a pump or catheter problem, each
//! with its code (what `itb triage` takes) and the section that names it, and what to do about
//! each list; `itb signs --card`, a wallet card for the patient built from the same lists.

use std::fmt::Write;

use clap::Args;
use serde_json::{Map, Value, json};

use super::{Arguments, Output};
use crate::Status;
use crate::report::{Report, Table, fill};

/// Shown under `itb signs --help`.
pub const EXAMPLES: &str = "\
Examples:
  itb signs                        (the three lists: overdose, withdrawal, pump_problem)
  itb signs --list withdrawal
  itb signs --card > card.txt      (a wallet card: print it, fill in the pump, clinic and phone)
The codes are what itb triage takes: itb triage high_fever muscle_rigidity.
Seizures are on both the overdose and the withdrawal list.";

const OP: &str = "signs";

const ARGUMENTS: Arguments = &[("list", "--list")];

/// The arguments of `itb signs`.
#[derive(Args, Debug)]
pub struct Signs {
    /// One list: overdose, withdrawal or pump_problem. Without it, all three.
    #[arg(long, value_name = "LIST")]
    list: Option<String>,
    /// Print a wallet card for the patient (plain text, 60 columns): the pump, the signs of
    /// withdrawal and of overdose in short words, what to do, and lines to fill in for the
    /// pump, the clinic and the phone.
    #[arg(long, conflicts_with_all = ["list", "json"])]
    card: bool,
    #[command(flatten)]
    output: Output,
}

impl Signs {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        // Absent stays absent: all three lists, as the protocol gives them.
        if let Some(list) = &self.list {
            request.insert("list".into(), json!(list));
        }
        let response = super::evaluate(&Value::Object(request));
        if self.card && response["ok"] == true {
            return crate::write_stdout(&card(&response), Status::Computed);
        }
        super::respond(&response, &self.output, ARGUMENTS, report)
    }
}

/// `Overdose`, `Withdrawal`, `Pump or catheter problem`: a list's id as a heading.
fn list_name(id: &str) -> String {
    match id {
        "overdose" => "Overdose".to_owned(),
        "withdrawal" => "Withdrawal".to_owned(),
        "pump_problem" => "Pump or catheter problem".to_owned(),
        other => other.to_owned(),
    }
}

/// The items of a response array (none when it is absent).
fn items<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key].as_array().map(Vec::as_slice).unwrap_or_default()
}

fn field(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or("?").to_owned()
}

fn report(response: &Value) -> Report {
    let lists = items(&response["result"], "lists");
    let title = match lists {
        [one] => format!("Signs: {}", list_name(&field(one, "list")).to_lowercase()),
        _ => "Signs: overdose, withdrawal, pump or catheter problem".to_owned(),
    };
    let mut report = Report::new(title);
    for list in lists {
        let name = list_name(&field(list, "list"));
        let mut signs = Table::new(&["sign", "code", "source"]).wrap(0, 44);
        for s in items(list, "signs") {
            signs.row(vec![field(s, "text"), field(s, "code"), field(s, "source")]);
        }
        let mut actions = Table::new(&["what to do", "source"]).wrap(0, 64);
        for a in items(list, "actions") {
            actions.row(vec![field(a, "text"), field(a, "source")]);
        }
        report = report
            .section(format!("{name}: signs"), signs)
            .section(format!("{name}: what to do"), actions);
    }
    report
        .note("The codes are what itb triage takes.")
        .findings(response)
}

/// The card's width, its frame included.
pub const CARD_WIDTH: usize = 60;
/// The width of the text inside the frame (`| ` and ` |`).
const INNER: usize = CARD_WIDTH - 4;
/// What the card says the patient should do, and why it is carried (000 Lifestyle & Tips).
const LIFESTYLE: &str = "000 Lifestyle & Tips";

/// A sign in short words, for the card: the text up to its first comma, parenthesis or colon,
/// without a leading article (`a slow heart rate (bradycardia)` → `slow heart rate`). The card
/// keeps no words of its own for the signs: they are the core's, shortened.
pub fn short(text: &str) -> &str {
    let head = text.split([',', '(', ':']).next().unwrap_or(text).trim();
    head.strip_prefix("a ")
        .or_else(|| head.strip_prefix("an "))
        .unwrap_or(head)
}

/// The wallet card: a frame of [`CARD_WIDTH`] columns around the pump, the signs of withdrawal
/// and of overdose in short words (from the `signs` response), what to do and lines to fill in;
/// under it, the sources.
pub fn card(response: &Value) -> String {
    let lists = items(&response["result"], "lists");
    let list = |id: &str| {
        lists
            .iter()
            .find(|l| l["list"] == id)
            .map_or(&[][..], |l| items(l, "signs"))
    };
    let mut body: Vec<String> = vec!["I have an intrathecal baclofen pump.".into(), String::new()];
    let mut sources = vec![LIFESTYLE.to_owned()];
    let groups = [
        ("withdrawal", "WITHDRAWAL signs (too little baclofen):"),
        ("overdose", "OVERDOSE signs (too much baclofen):"),
    ];
    for (id, heading) in groups {
        let signs = list(id);
        let words: Vec<String> = signs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let comma = if i + 1 < signs.len() { "," } else { "" };
                format!("{}{comma}", short(s["text"].as_str().unwrap_or("?")))
            })
            .collect();
        body.push(heading.to_owned());
        for line in fill(words.iter().map(String::as_str), INNER - 2) {
            body.push(format!("  {line}"));
        }
        for s in signs {
            let source = field(s, "source");
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
    }
    body.push(String::new());
    body.push("If any of these appear: SEEK MEDICAL HELP AT ONCE.".into());
    let refills = "Do not miss a pump refill: an abrupt stop of the drug can be life-threatening.";
    body.extend(fill(refills.split_whitespace(), INNER));
    body.push(String::new());
    for label in ["Pump:", "Clinic:", "Phone:"] {
        body.push(format!("{label:<8}{}", "_".repeat(INNER - 8)));
    }
    let rule = format!("+{}+", "-".repeat(CARD_WIDTH - 2));
    // Writing to a String cannot fail.
    let mut out = format!("{rule}\n");
    for line in body {
        let _ = writeln!(out, "| {line:<INNER$} |");
    }
    let _ = writeln!(out, "{rule}");
    let sources = format!("Sources: {}.", sources.join("; "));
    for line in fill(sources.split_whitespace(), CARD_WIDTH) {
        let _ = writeln!(out, "{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_stop_at_a_comma_a_parenthesis_or_a_colon() {
        assert_eq!(short("a slow heart rate (bradycardia)"), "slow heart rate");
        assert_eq!(short("confusion, an altered mental state"), "confusion");
        assert_eq!(
            short("muscle breakdown (rhabdomyolysis): dark urine, muscle pain"),
            "muscle breakdown"
        );
        assert_eq!(short("an itch"), "itch");
        assert_eq!(short("seizures"), "seizures");
    }

    #[test]
    fn lists_are_named_for_people() {
        assert_eq!(list_name("pump_problem"), "Pump or catheter problem");
        assert_eq!(list_name("overdose"), "Overdose");
    }
}
