//! `itb flex`: the daily dose of a flex (multi-step) schedule, each step's rate holding until
//! the next start and the last one until the first start of the next day.

use clap::{ArgGroup, Args};
use serde_json::{Value, json};

use super::steps::StepArgs;
use super::{Arguments, Output, Refusal};
use crate::Status;
use crate::report::{Report, Table, text};

/// Shown under `itb flex --help`.
pub const EXAMPLES: &str = "\
Examples (20 mcg/h from 07:00 to 22:00 is 15 h = 300 mcg, 30 mcg/h from 22:00 to 07:00 is
9 h = 270 mcg: 570 mcg/day):
  itb flex --steps \"07:00=20 mcg/h,22:00=30 mcg/h\"
  itb flex --step \"07:00=20 mcg/h\" --step \"22:00=30 mcg/h\"";

const OP: &str = "flex_daily_dose";

const ARGUMENTS: Arguments = &[("steps", "--steps or --step")];

/// The arguments of `itb flex`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("schedule").args(["steps", "step"]).required(true)))]
pub struct Flex {
    #[command(flatten)]
    steps: StepArgs,
    #[command(flatten)]
    output: Output,
}

impl Flex {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, report)
    }

    fn request(&self) -> Result<Value, Refusal> {
        Ok(json!({"op": OP, "steps": self.steps.json()?}))
    }
}

/// The report of a schedule response (`flex_daily_dose`, `night_boost`): its steps as a table
/// and the daily dose, under `title`, after `lines`.
pub fn schedule_report(title: &str, lines: Vec<(&str, String)>, response: &Value) -> Report {
    let result = &response["result"];
    let steps = result["steps"].as_array().map(Vec::as_slice);
    let steps = steps.unwrap_or_default();
    let mut table = Table::new(&["from", "until", "rate", "lasting"]);
    for (i, step) in steps.iter().enumerate() {
        // The next step's start ends this one; the last ends at the first start, next day.
        let until = match steps.get(i + 1) {
            Some(next) => start(next).to_owned(),
            None => format!("{} next day", steps.first().map_or("?", start)),
        };
        table.row(vec![
            start(step).to_owned(),
            until,
            text(&step["rate"]),
            text(&step["duration"]),
        ]);
    }
    let mut report = Report::new(title);
    for (label, value) in lines {
        report = report.line(label, value);
    }
    report
        .line("daily dose", text(&result["daily_dose"]))
        .table(table)
        .findings(response)
}

fn start(step: &Value) -> &str {
    step["start"].as_str().unwrap_or("?")
}

fn report(response: &Value) -> Report {
    let count = response["result"]["steps"].as_array().map_or(0, Vec::len);
    let noun = if count == 1 { "step" } else { "steps" };
    schedule_report(
        "Flex schedule",
        vec![("steps", format!("{count} {noun} a day"))],
        response,
    )
}
