//! `itb initial-dose`: the first daily dose of continuous infusion, from the screening bolus
//! that worked and how long its effect lasted.

use clap::Args;
use itb::profile::Profile;
use itb::units::{Measure, Unit};
use serde_json::{Value, json};

use super::{Arguments, Output, echo, profile_line};
use crate::Status;
use crate::report::{Report, text};

/// Shown under `itb initial-dose --help`.
pub const EXAMPLES: &str = "\
Examples (a 50 mcg bolus whose effect lasted 10 h: us 50 mcg/day, as 10 h is more than 8 h;
uk 100 mcg/day, twice the bolus, as 10 h is not more than 12 h):
  itb initial-dose --profile us --effective-bolus \"50 mcg\" --effect-duration \"10 h\"
  itb initial-dose --profile uk --effective-bolus \"50 mcg\" --effect-duration \"10 h\"";

const ARGUMENTS: Arguments = &[
    ("profile", "--profile"),
    ("effective_bolus", "--effective-bolus"),
    ("effect_duration", "--effect-duration"),
];

/// The arguments of `itb initial-dose`.
#[derive(Args, Debug)]
pub struct InitialDose {
    /// The labelling whose limits apply: us (US label) or uk (UK SmPC).
    #[arg(long, value_name = "us|uk")]
    profile: String,
    /// The screening bolus that gave a response, with its unit: "50 mcg", "0.075 mg".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    effective_bolus: String,
    /// How long its effect lasted, with its unit: "10 h", "1 day", "600 min".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    effect_duration: String,
    #[command(flatten)]
    output: Output,
}

impl InitialDose {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let request = json!({
            "op": "initial_daily_dose",
            "profile": self.profile,
            "effective_bolus": self.effective_bolus,
            "effect_duration": self.effect_duration,
        });
        super::run(&request, &self.output, ARGUMENTS, |r| self.report(r))
    }

    fn report(&self, response: &Value) -> Report {
        let result = &response["result"];
        let rule = result["rule"].as_str().unwrap_or("?");
        let source = result["rule_source"].as_str().unwrap_or("?");
        Report::new("Initial daily dose")
            .line("profile", profile_line(&self.profile))
            .line(
                "effective bolus",
                echo(&self.effective_bolus, Unit::Microgram),
            )
            .line("effect lasted", echo(&self.effect_duration, Unit::Hour))
            .line("rule", self.rule_line(rule))
            .line("rule source", source)
            .line("daily dose", text(&result["daily_dose"]))
            .findings(response)
    }

    /// `same_as_bolus: the bolus over 24 h (effect more than 8 h)`: the rule and, from the
    /// profile's threshold, why it applies.
    fn rule_line(&self, rule: &str) -> String {
        let Some(profile) = Profile::parse(&self.profile) else {
            return rule.to_owned();
        };
        let threshold = Measure::new(profile.prolonged_response_hours().0, Unit::Hour);
        match rule {
            "same_as_bolus" => {
                format!("{rule}: the bolus over 24 h (effect more than {threshold})")
            }
            "double_bolus" => {
                format!("{rule}: twice the bolus over 24 h (effect not more than {threshold})")
            }
            other => other.to_owned(),
        }
    }
}
