//! `itb screening`: the intrathecal test boluses before a pump is implanted, with the volume of
//! each at the screening concentration.

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::{AGE_YEARS, Arguments, Output, PlainNumber, Refusal, echo, not_checked, profile_line};
use crate::Status;
use crate::report::{Report, Table, text};

/// Shown under `itb screening --help`.
pub const EXAMPLES: &str = "\
Examples (50 mcg at 50 mcg/mL is 1 mL, then 75 mcg = 1.5 mL and 100 mcg = 2 mL, 24 h apart):
  itb screening --profile us
  itb screening --profile uk --age-years 7 --start-dose \"25 mcg\"
  itb screening --profile us --hours-since-last-dose 20     (less than 24 h: a hard finding)
The labelled start doses are 25 and 50 mcg; any other start dose is a soft finding.";

const OP: &str = "screening_plan";

const ARGUMENTS: Arguments = &[
    ("profile", "--profile"),
    ("age_years", "--age-years"),
    ("start_dose", "--start-dose"),
    ("concentration", "--concentration"),
    ("hours_since_last_dose", "--hours-since-last-dose"),
];

const HOURS_SINCE_LAST_DOSE: PlainNumber = PlainNumber {
    field: "hours_since_last_dose",
    unit: Some(Unit::Hour),
    allowed: "a number of hours, 0 or more, e.g. 24",
};

/// The arguments of `itb screening`.
#[derive(Args, Debug)]
pub struct Screening {
    /// The labelling whose limits apply: us (US label) or uk (UK SmPC).
    #[arg(long, value_name = "us|uk")]
    profile: String,
    /// The patient's age in years, a plain number: 7, 3.5. Without it the age is not checked.
    #[arg(long, value_name = "YEARS", allow_hyphen_values = true)]
    age_years: Option<String>,
    /// The first bolus, with its unit: "50 mcg" (the default), "25 mcg".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    start_dose: Option<String>,
    /// The screening solution: "50 mcg/mL" (the default), "0.05 mg/mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    concentration: Option<String>,
    /// Hours since the last test bolus, a plain number: 24. Less than 24 h is a hard finding.
    /// Without it the interval is not checked.
    #[arg(long, value_name = "HOURS", allow_hyphen_values = true)]
    hours_since_last_dose: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl Screening {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("profile".into(), json!(self.profile));
        AGE_YEARS.insert(&mut request, self.age_years.as_deref())?;
        // Absent quantities stay absent: the defaults are the protocol's.
        let optional = [
            ("start_dose", &self.start_dose),
            ("concentration", &self.concentration),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                request.insert(name.into(), json!(v));
            }
        }
        HOURS_SINCE_LAST_DOSE.insert(&mut request, self.hours_since_last_dose.as_deref())?;
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let doses = result["doses"].as_array().map(Vec::as_slice);
        let doses = doses.unwrap_or_default();
        let mut report = Report::new("Screening plan").line("profile", profile_line(&self.profile));
        if let Some(age) = &self.age_years {
            report = report.line("age", AGE_YEARS.echo(age));
        }
        if let Some(hours) = &self.hours_since_last_dose {
            report = report.line("since last bolus", HOURS_SINCE_LAST_DOSE.echo(hours));
        }
        // The plan starts with the start dose, so the first dose is the default when none was
        // given; the default concentration is the screening solution's.
        let start = match &self.start_dose {
            Some(s) => echo(s, Unit::Microgram),
            None => match doses.first() {
                Some(d) => format!("{} (default)", text(&d["dose"])),
                None => "(default)".to_owned(),
            },
        };
        let concentration = match &self.concentration {
            Some(c) => echo(c, Unit::McgPerMl),
            None => {
                let solution = Measure::new(itb::screening::SCREENING_MCG_PER_ML, Unit::McgPerMl);
                format!("{solution} (default)")
            }
        };
        let mut table = Table::new(&["bolus", "dose", "volume"]);
        for (i, d) in doses.iter().enumerate() {
            table.row(vec![ordinal(i + 1), text(&d["dose"]), text(&d["volume"])]);
        }
        report = report
            .line("start dose", start)
            .line("concentration", concentration)
            .line(
                "interval",
                format!("at least {} between boluses", text(&result["min_interval"])),
            )
            .line("largest bolus", text(&result["max_dose"]))
            .table(table);
        let given = [
            ("--age-years", self.age_years.is_some()),
            (
                "--hours-since-last-dose",
                self.hours_since_last_dose.is_some(),
            ),
        ];
        if let Some(note) = not_checked(&given) {
            report = report.note(note);
        }
        report.findings(response)
    }
}

/// `1st`, `2nd`, `3rd`, `4th`: the order of the boluses, a count that is not a dose.
fn ordinal(n: usize) -> String {
    let suffix = match n {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
