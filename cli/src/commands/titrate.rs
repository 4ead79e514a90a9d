//! `itb titrate`: a change of the daily dose, in titration or maintenance, checked against the
//! profile's limits.

use clap::Args;
use itb::units::Unit;
use serde_json::{Map, Value, json};

use super::{AGE_YEARS, Arguments, Output, PlainNumber, Refusal, echo, not_checked, profile_line};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb titrate --help`.
pub const EXAMPLES: &str = "\
Examples (200 mcg/day + 30 % = 260 mcg/day; 200 mcg/day - 15 % = 170 mcg/day):
  itb titrate --profile us --current-daily-dose \"200 mcg/day\" --change-percent 30 \\
      --origin spinal --phase titration
  itb titrate --profile uk --current-daily-dose \"200 mcg/day\" --change-percent -15 \\
      --origin cerebral --phase maintenance --hours-since-last-change 36";

const OP: &str = "titrate";

const ARGUMENTS: Arguments = &[
    ("profile", "--profile"),
    ("current_daily_dose", "--current-daily-dose"),
    ("change_percent", "--change-percent"),
    ("origin", "--origin"),
    ("phase", "--phase"),
    ("age_years", "--age-years"),
    ("pump_programmable", "--pump-not-programmable"),
    ("hours_since_last_change", "--hours-since-last-change"),
    ("hours_since_start", "--hours-since-start"),
];

const CHANGE_PERCENT: PlainNumber = PlainNumber {
    field: "change_percent",
    unit: Some(Unit::Percent),
    allowed: "a number of percent above -100, e.g. 30 or -15",
};

const HOURS_SINCE_LAST_CHANGE: PlainNumber = PlainNumber {
    field: "hours_since_last_change",
    unit: Some(Unit::Hour),
    allowed: "a number of hours, 0 or more, e.g. 36",
};

const HOURS_SINCE_START: PlainNumber = PlainNumber {
    field: "hours_since_start",
    unit: Some(Unit::Hour),
    allowed: "a number of hours, 0 or more, e.g. 12",
};

/// The arguments of `itb titrate`.
#[derive(Args, Debug)]
pub struct Titrate {
    /// The labelling whose limits apply: us (US label) or uk (UK SmPC).
    #[arg(long, value_name = "us|uk")]
    profile: String,
    /// The daily dose now, with its unit: "200 mcg/day", "0.2 mg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    current_daily_dose: String,
    /// The change in percent, a plain number: 30 (an increase), -15 (a decrease).
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    change_percent: String,
    /// The origin of the spasticity: spinal or cerebral.
    #[arg(long, value_name = "spinal|cerebral")]
    origin: String,
    /// The phase of treatment: titration or maintenance.
    #[arg(long, value_name = "titration|maintenance")]
    phase: String,
    /// The patient's age in years, a plain number: 7, 3.5. Without it the age is not checked.
    #[arg(long, value_name = "YEARS", allow_hyphen_values = true)]
    age_years: Option<String>,
    /// The pump is not programmable (the UK SmPC then asks 48 h between changes instead of
    /// 24 h).
    #[arg(long)]
    pump_not_programmable: bool,
    /// Hours since the last dose change, a plain number: 36. Without it the interval between
    /// changes is not checked.
    #[arg(long, value_name = "HOURS", allow_hyphen_values = true)]
    hours_since_last_change: Option<String>,
    /// Hours since continuous infusion began, a plain number: 12. Without it the first-24-h
    /// rule is not checked.
    #[arg(long, value_name = "HOURS", allow_hyphen_values = true)]
    hours_since_start: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Titrate {
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
        request.insert("current_daily_dose".into(), json!(self.current_daily_dose));
        request.insert(
            "change_percent".into(),
            CHANGE_PERCENT.read(&self.change_percent)?,
        );
        request.insert("origin".into(), json!(self.origin));
        request.insert("phase".into(), json!(self.phase));
        AGE_YEARS.insert(&mut request, self.age_years.as_deref())?;
        // Absent means the protocol's default (a programmable pump).
        if self.pump_not_programmable {
            request.insert("pump_programmable".into(), json!(false));
        }
        HOURS_SINCE_LAST_CHANGE.insert(&mut request, self.hours_since_last_change.as_deref())?;
        HOURS_SINCE_START.insert(&mut request, self.hours_since_start.as_deref())?;
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value) -> Report {
        let pump = if self.pump_not_programmable {
            "not programmable"
        } else {
            "programmable (default)"
        };
        let mut report = Report::new("Dose change")
            .line("profile", profile_line(&self.profile))
            .line("origin", &self.origin)
            .line("phase", &self.phase)
            .line("pump", pump);
        let optional = [
            ("age", AGE_YEARS, &self.age_years),
            (
                "since last change",
                HOURS_SINCE_LAST_CHANGE,
                &self.hours_since_last_change,
            ),
            (
                "since infusion began",
                HOURS_SINCE_START,
                &self.hours_since_start,
            ),
        ];
        for (label, number, value) in optional {
            if let Some(v) = value {
                report = report.line(label, number.echo(v));
            }
        }
        report = report
            .line(
                "current daily dose",
                echo(&self.current_daily_dose, Unit::McgPerDay),
            )
            .line("change", self.change_line())
            .line(
                "new daily dose",
                text(&response["result"]["new_daily_dose"]),
            );
        let given = [
            ("--age-years", self.age_years.is_some()),
            (
                "--hours-since-last-change",
                self.hours_since_last_change.is_some(),
            ),
            ("--hours-since-start", self.hours_since_start.is_some()),
        ];
        if let Some(note) = not_checked(&given) {
            report = report.note(note);
        }
        report.findings(response)
    }

    /// `+30 % (increase)`, `-15 % (decrease)`: the sign and the word, so a lost minus sign
    /// cannot turn a reduction into an increase.
    fn change_line(&self) -> String {
        let shown = CHANGE_PERCENT.echo(&self.change_percent);
        match self.change_percent.trim().parse::<f64>() {
            Ok(v) if v > 0.0 => format!("+{shown} (increase)"),
            Ok(v) if v < 0.0 => format!("{shown} (decrease)"),
            _ => format!("{shown} (no change)"),
        }
    }
}
