//! `itb titration-schedule`: the steps from today's daily dose to a target, each within the
//! profile's guideline, one per minimum interval between changes.

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::{AGE_YEARS, Arguments, Output, PlainNumber, Refusal, echo, not_checked, profile_line};
use crate::Status;
use crate::report::{Report, Table, text};

/// Shown under `itb titration-schedule --help`.
pub const EXAMPLES: &str = "\
Examples (uk, spinal titration: the default step is 30 %, one a day: 100 x 1.3 = 130,
130 x 1.3 = 169, then 219.7 would pass the target, so 200 mcg/day in 3 days. Down by 10 % a day:
200 x 0.9 = 180, 162, 145.8, 131.2, 118.1, 106.3, then 100 mcg/day in 7 days, not 95.66):
  itb titration-schedule --profile uk --origin spinal --phase titration \\
      --current-daily-dose \"100 mcg/day\" --target-daily-dose \"200 mcg/day\"
  itb titration-schedule --profile us --origin cerebral --phase maintenance \\
      --current-daily-dose \"200 mcg/day\" --target-daily-dose \"100 mcg/day\" --step-percent 10
Defaults: the step is the profile's largest increase for the origin and phase (titration:
spinal 30 %, cerebral 15 %; maintenance: spinal 40 % us, 30 % uk, cerebral 20 %), or 20 % for a
decrease; the interval is 1 day, 2 days under uk for a pump that is not programmable.";

const OP: &str = "titration_schedule";

const ARGUMENTS: Arguments = &[
    ("profile", "--profile"),
    ("origin", "--origin"),
    ("phase", "--phase"),
    ("current_daily_dose", "--current-daily-dose"),
    ("target_daily_dose", "--target-daily-dose"),
    ("step_percent", "--step-percent"),
    ("pump_programmable", "--pump-not-programmable"),
    ("age_years", "--age-years"),
];

const STEP_PERCENT: PlainNumber = PlainNumber {
    field: "step_percent",
    unit: Some(Unit::Percent),
    allowed: "a number of percent above 0 (below 100 for a decrease), e.g. 20",
};

/// The arguments of `itb titration-schedule`.
#[derive(Args, Debug)]
pub struct TitrationSchedule {
    /// The labelling whose limits apply: us (US label) or uk (UK SmPC).
    #[arg(long, value_name = "us|uk")]
    profile: String,
    /// The origin of the spasticity: spinal or cerebral.
    #[arg(long, value_name = "spinal|cerebral")]
    origin: String,
    /// The phase of treatment: titration or maintenance.
    #[arg(long, value_name = "titration|maintenance")]
    phase: String,
    /// The daily dose now, with its unit: "100 mcg/day", "0.1 mg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    current_daily_dose: String,
    /// The daily dose to reach, with its unit: "200 mcg/day". Below the current dose the
    /// schedule goes down.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    target_daily_dose: String,
    /// The size of each step in percent, a plain number: 20. Default: the profile's largest
    /// increase for the origin and phase, or 20 for a decrease.
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    step_percent: Option<String>,
    /// The pump is not programmable (the UK SmPC then asks 48 h between changes: one step
    /// every 2 days).
    #[arg(long)]
    pump_not_programmable: bool,
    /// The patient's age in years, a plain number: 7, 3.5. Without it the age is not checked.
    #[arg(long, value_name = "YEARS", allow_hyphen_values = true)]
    age_years: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl TitrationSchedule {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    /// The fields in the protocol's order, so the first bad one is reported first.
    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("profile".into(), json!(self.profile));
        request.insert("origin".into(), json!(self.origin));
        request.insert("phase".into(), json!(self.phase));
        request.insert("current_daily_dose".into(), json!(self.current_daily_dose));
        request.insert("target_daily_dose".into(), json!(self.target_daily_dose));
        STEP_PERCENT.insert(&mut request, self.step_percent.as_deref())?;
        // Absent means the protocol's default (a programmable pump).
        if self.pump_not_programmable {
            request.insert("pump_programmable".into(), json!(false));
        }
        AGE_YEARS.insert(&mut request, self.age_years.as_deref())?;
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let pump = if self.pump_not_programmable {
            "not programmable"
        } else {
            "programmable (default)"
        };
        let mut report = Report::new("Titration schedule")
            .line("profile", profile_line(&self.profile))
            .line("origin", &self.origin)
            .line("phase", &self.phase)
            .line("pump", pump);
        if let Some(age) = &self.age_years {
            report = report.line("age", AGE_YEARS.echo(age));
        }
        let current = echo(&self.current_daily_dose, Unit::McgPerDay);
        let target = echo(&self.target_daily_dose, Unit::McgPerDay);
        let direction = direction(&self.current_daily_dose, &self.target_daily_dose);
        report = report
            .line("current daily dose", current)
            .line("target daily dose", format!("{target} ({direction})"))
            .line("step", step_text(result, self.step_percent.is_some()))
            .line(
                "interval",
                format!("{} between steps", text(&result["interval"])),
            )
            .line("steps", count_text(&result["step_count"]))
            .line("days to target", text(&result["days_to_target"]));
        let steps = result["steps"].as_array().map(Vec::as_slice);
        let steps = steps.unwrap_or_default();
        if steps.is_empty() {
            report = report.note("No steps: the target is the current daily dose.");
        } else {
            report = report.table(dose_table(steps));
        }
        if let Some(note) = not_checked(&[("--age-years", self.age_years.is_some())]) {
            report = report.note(note);
        }
        report.findings(response)
    }
}

/// `an increase`, `a decrease` or `no change`: read from the inputs as the core read them
/// (in mcg/day), so `0.2 mg/day` to `200 mcg/day` is no change.
fn direction(current: &str, target: &str) -> &'static str {
    fn mcg(t: &str) -> Option<f64> {
        let m = Measure::parse(t).ok()?.convert(Unit::McgPerDay).ok()?;
        Some(m.value)
    }
    match (mcg(current), mcg(target)) {
        (Some(c), Some(t)) if t > c => "an increase",
        (Some(c), Some(t)) if t < c => "a decrease",
        (Some(_), Some(_)) => "no change",
        // Unreachable after the core accepted both.
        _ => "as given",
    }
}

/// `30 % a step (default)`: the step the schedule used, with where it came from.
fn step_text(result: &Value, given: bool) -> String {
    let shown = match result["step_percent"].as_f64() {
        Some(p) => Measure::new(p, Unit::Percent).to_string(),
        None => "(no step in the response)".to_owned(),
    };
    let source = if given {
        "as given"
    } else {
        "the default for the profile, origin, phase and direction"
    };
    format!("{shown} a step ({source})")
}

/// `3 steps`: a count of steps, said with what it counts.
pub fn count_text(count: &Value) -> String {
    match count.as_u64() {
        Some(1) => "1 step".to_owned(),
        Some(n) => format!("{n} steps"),
        None => format!("(no count in the response: {count})"),
    }
}

/// The steps of a dose schedule (`titration_schedule`, `taper_schedule`) as a table: the step,
/// when it starts (counted from today, as in `itb refill`) and the daily dose from then on.
pub fn dose_table(steps: &[Value]) -> Table {
    let mut table = Table::new(&["step", "starts", "daily dose"]);
    for (i, step) in steps.iter().enumerate() {
        table.row(vec![
            (i + 1).to_string(),
            format!("in {}", text(&step["at"])),
            text(&step["daily_dose"]),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_compares_in_mcg_per_day() {
        assert_eq!(direction("100 mcg/day", "200 mcg/day"), "an increase");
        assert_eq!(direction("0.2 mg/day", "100 mcg/day"), "a decrease");
        assert_eq!(direction("0.2 mg/day", "200 mcg/day"), "no change");
        assert_eq!(direction("200", "100 mcg/day"), "as given");
    }

    #[test]
    fn steps_show_their_day_and_dose() {
        let steps = [json!({
            "at": {"value": 2.0, "unit": "day", "text": "2 days"},
            "daily_dose": {"value": 169.0, "unit": "mcg/day", "text": "169 mcg/day"},
        })];
        let report = Report::new("T").table(dose_table(&steps)).render();
        assert!(
            report.contains("  step  starts     daily dose\n  1     in 2 days  169 mcg/day\n"),
            "{report}"
        );
    }

    #[test]
    fn counts_say_what_they_count() {
        assert_eq!(count_text(&json!(1)), "1 step");
        assert_eq!(count_text(&json!(3)), "3 steps");
        assert_eq!(count_text(&json!(0)), "0 steps");
    }
}
