//! `itb patient`: the patient-level cautions of the labels — age (under 4 years, 65 or older),
//! pregnancy, breastfeeding, infection, a recent head injury, a route other than intrathecal,
//! withdrawal risk factors — for what is given. Each yes-or-no is said either way
//! (`--pregnant no`), so "checked, and not pregnant" is not confused with "not asked"; what was
//! not given is named as not checked.

use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};

use super::patient_args::{self, RiskFactorArgs};
use super::{AGE_YEARS, Arguments, Output, PlainNumber, Refusal, not_checked, profile_line};
use crate::Status;
use crate::report::Report;

const EXAMPLES: &str = "\
Examples (3.9 years is under 4: a hard finding under the UK SmPC, where it is a
contraindication, soft under the US label; 11 months since a head injury is under the year the
label asks for; any route but intrathecal is a hard finding):
  itb patient --profile uk --age-years 3.9
  itb patient --profile us --age-years 70 --pregnant no --breastfeeding no --infection yes
  itb patient --months-since-head-injury 11 --route intrathecal
  itb patient --risk-factor sci_t6_or_above     (or --no-risk-factors: checked, none known)
Give what is known, at least one; what is not given is not checked, and the report says so.
--age-years needs --profile (it decides the under-4 finding).
Exit status: 0 computed (hard findings included: the report says NOT ALLOWED), 1 rejected
input, 2 usage error.";

/// Shown under `itb patient --help`: the examples, then the routes and risk factors, from the
/// core's lists.
pub fn examples() -> String {
    format!(
        "{EXAMPLES}\nRoutes: {}.\nRisk factors (002 Boxed Warning): {}.",
        itb::patient::ROUTE_IDS,
        itb::patient::RISK_FACTOR_IDS
    )
}

const OP: &str = "patient_check";

const ARGUMENTS: Arguments = &[
    ("profile", "--profile"),
    ("age_years", "--age-years"),
    ("pregnant", "--pregnant"),
    ("breastfeeding", "--breastfeeding"),
    ("infection", "--infection"),
    ("months_since_head_injury", "--months-since-head-injury"),
    ("route", "--route"),
    patient_args::ARGUMENT,
];

const MONTHS_SINCE_HEAD_INJURY: PlainNumber = PlainNumber {
    field: "months_since_head_injury",
    // The core has no month unit: the report names it.
    unit: None,
    allowed: "a number of months, 0 or more, e.g. 6 or 14.5",
};

/// A yes-or-no answer, given either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    /// Yes: the protocol's `true`.
    Yes,
    /// No: the protocol's `false`, checked all the same.
    No,
}

impl YesNo {
    fn json(self) -> Value {
        json!(self == YesNo::Yes)
    }

    fn text(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
        }
    }
}

/// The arguments of `itb patient`.
#[derive(Args, Debug)]
pub struct Patient {
    /// The labelling whose limits apply: us (US label) or uk (UK SmPC). Needed with
    /// --age-years.
    #[arg(long, value_name = "us|uk")]
    profile: Option<String>,
    /// The patient's age in years, a plain number: 7, 3.5. Without it the age is not checked.
    #[arg(long, value_name = "YEARS", allow_hyphen_values = true)]
    age_years: Option<String>,
    /// Whether the patient is pregnant. Without it, not checked.
    #[arg(long, value_enum, value_name = "yes|no")]
    pregnant: Option<YesNo>,
    /// Whether the patient is breastfeeding. Without it, not checked.
    #[arg(long, value_enum, value_name = "yes|no")]
    breastfeeding: Option<YesNo>,
    /// Whether the patient has an infection now. Without it, not checked.
    #[arg(long, value_enum, value_name = "yes|no")]
    infection: Option<YesNo>,
    /// Months since a head injury, a plain number: 11. Under 12 is a soft finding. Without it,
    /// not checked.
    #[arg(long, value_name = "MONTHS", allow_hyphen_values = true)]
    months_since_head_injury: Option<String>,
    /// The route the drug is to be given by: intrathecal, intravenous, intramuscular,
    /// subcutaneous, epidural, oral. Without it, not checked.
    #[arg(long, value_name = "ROUTE")]
    route: Option<String>,
    #[command(flatten)]
    risk_factors: RiskFactorArgs,
    /// No withdrawal risk factor is known: the risk factors are checked, and there are none.
    /// Without it and without --risk-factor, they are not checked.
    #[arg(long, conflicts_with = "risk_factor")]
    no_risk_factors: bool,
    #[command(flatten)]
    output: Output,
}

impl Patient {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    /// The fields in the protocol's order; absent arguments are absent fields.
    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        if let Some(profile) = &self.profile {
            request.insert("profile".into(), json!(profile));
        }
        AGE_YEARS.insert(&mut request, self.age_years.as_deref())?;
        let answers = [
            ("pregnant", self.pregnant),
            ("breastfeeding", self.breastfeeding),
            ("infection", self.infection),
        ];
        for (name, answer) in answers {
            if let Some(a) = answer {
                request.insert(name.into(), a.json());
            }
        }
        MONTHS_SINCE_HEAD_INJURY.insert(&mut request, self.months_since_head_injury.as_deref())?;
        if let Some(route) = &self.route {
            request.insert("route".into(), json!(route));
        }
        if let Some(list) = self.risk_factors_json() {
            request.insert("risk_factors".into(), list);
        }
        Ok(Value::Object(request))
    }

    /// The ids given, an empty list for --no-risk-factors, or nothing.
    fn risk_factors_json(&self) -> Option<Value> {
        match self.risk_factors.json() {
            Some(list) => Some(list),
            None => self.no_risk_factors.then(|| json!([])),
        }
    }

    fn report(&self, response: &Value) -> Report {
        let mut report = Report::new("Patient check");
        if let Some(profile) = &self.profile {
            report = report.line("profile", profile_line(profile));
        }
        if let Some(age) = &self.age_years {
            report = report.line("age", AGE_YEARS.echo(age));
        }
        let answers = [
            ("pregnant", self.pregnant),
            ("breastfeeding", self.breastfeeding),
            ("infection", self.infection),
        ];
        for (label, answer) in answers {
            if let Some(a) = answer {
                report = report.line(label, a.text());
            }
        }
        if let Some(months) = &self.months_since_head_injury {
            report = report.line("since head injury", months_text(months));
        }
        if let Some(route) = &self.route {
            report = report.line("route", route.as_str());
        }
        if self.no_risk_factors {
            report = report.line("risk factors", "none known (--no-risk-factors)");
        } else if !self.risk_factors.risk_factor.is_empty() {
            report = report.line("risk factors", self.risk_factors.line());
        }
        let checked: Vec<&str> = response["result"]["checked"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|c| c.as_str().unwrap_or("?"))
            .collect();
        let checked = if checked.is_empty() {
            "nothing".to_owned()
        } else {
            checked.join(", ")
        };
        report = report.line("checked", checked);
        let given = [
            ("--age-years", self.age_years.is_some()),
            ("--pregnant", self.pregnant.is_some()),
            ("--breastfeeding", self.breastfeeding.is_some()),
            ("--infection", self.infection.is_some()),
            (
                "--months-since-head-injury",
                self.months_since_head_injury.is_some(),
            ),
            ("--route", self.route.is_some()),
            (
                "--risk-factor or --no-risk-factors",
                self.risk_factors_json().is_some(),
            ),
        ];
        if let Some(note) = not_checked(&given) {
            report = report.note(note);
        }
        report.findings(response)
    }
}

/// `11 months`, `1 month`: the months since a head injury as read, with their unit.
fn months_text(text: &str) -> String {
    let number = MONTHS_SINCE_HEAD_INJURY.echo(text);
    let unit = if text.trim().parse::<f64>() == Ok(1.0) {
        "month"
    } else {
        "months"
    };
    format!("{number} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_said_with_their_unit() {
        assert_eq!(months_text("11"), "11 months");
        assert_eq!(months_text("1"), "1 month");
        assert_eq!(months_text(" 14.5 "), "14.5 months");
        assert_eq!(months_text("1200"), "1,200 months");
    }

    #[test]
    fn answers_are_booleans_either_way() {
        assert_eq!(YesNo::Yes.json(), json!(true));
        assert_eq!(YesNo::No.json(), json!(false));
    }
}
