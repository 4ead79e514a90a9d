//! `itb taper`: a gradual reduction of the daily dose in equal steps, never an abrupt stop.

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::titration_schedule::{count_text, dose_table};
use super::{Arguments, Output, echo};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb taper --help`.
pub const EXAMPLES: &str = "\
Examples (350 mcg/day to a stop over 15 days, every 2 days: floor(15 / 2) = 7 reductions of
350 / 7 = 50 mcg/day: 300, 250, 200, 150, 100, 50, then 0 mcg/day in 14 days):
  itb taper --current-daily-dose \"350 mcg/day\" --target-daily-dose \"0 mcg/day\" \\
      --duration \"15 day\" --interval \"2 day\"
  itb taper --current-daily-dose \"400 mcg/day\" --target-daily-dose \"200 mcg/day\" \\
      --duration \"28 day\"
Durations take day, h or min. The label's taper takes 2 to 4 weeks: under 14 days is a soft
finding; a taper to 0 is resumed at the initial infusion dose, in hospital.";

const OP: &str = "taper_schedule";

const ARGUMENTS: Arguments = &[
    ("current_daily_dose", "--current-daily-dose"),
    ("target_daily_dose", "--target-daily-dose"),
    ("duration", "--duration"),
    ("interval", "--interval"),
];

/// The arguments of `itb taper`.
#[derive(Args, Debug)]
pub struct Taper {
    /// The daily dose now, with its unit: "350 mcg/day", "0.35 mg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    current_daily_dose: String,
    /// The daily dose to reach, below the current one: "0 mcg/day" (a stop), "200 mcg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    target_daily_dose: String,
    /// How long the taper takes: "28 day", "336 h"; at least one interval.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    duration: String,
    /// The time between reductions: "2 day", "48 h" (default: 1 day).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    interval: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Taper {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("current_daily_dose".into(), json!(self.current_daily_dose));
        request.insert("target_daily_dose".into(), json!(self.target_daily_dose));
        request.insert("duration".into(), json!(self.duration));
        // Absent stays absent: the default is the protocol's.
        if let Some(interval) = &self.interval {
            request.insert("interval".into(), json!(interval));
        }
        let request = Value::Object(request);
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let target = echo(&self.target_daily_dose, Unit::McgPerDay);
        let stop = Measure::parse(&self.target_daily_dose).is_ok_and(|m| m.value == 0.0);
        let target = if stop {
            format!("{target} (a stop)")
        } else {
            target
        };
        let interval = match &self.interval {
            Some(_) => text(&result["interval"]),
            None => format!("{} (default)", text(&result["interval"])),
        };
        let steps = result["steps"].as_array().map(Vec::as_slice);
        let steps = steps.unwrap_or_default();
        let last = steps.last().map_or_else(
            || "(no steps in the response)".to_owned(),
            |s| format!("in {}", text(&s["at"])),
        );
        Report::new("Taper schedule")
            .line(
                "current daily dose",
                echo(&self.current_daily_dose, Unit::McgPerDay),
            )
            .line("target daily dose", target)
            .line("duration", echo(&self.duration, Unit::Day))
            .line("interval", format!("{interval} between reductions"))
            .line("reductions", count_text(&result["step_count"]))
            .line("target reached", last)
            .table(dose_table(steps))
            .findings(response)
    }
}
