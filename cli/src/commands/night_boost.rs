//! `itb night-boost`: a higher hourly rate for the hours the effect is wanted (seed 001: +20 %
//! at night), programmed to start and end a lead time (2 h) early.

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::{Map, Value, json};

use super::flex::schedule_report;
use super::{Arguments, Output, PlainNumber, Refusal, echo};
use crate::Status;
use crate::report::Report;

/// Shown under `itb night-boost --help`.
pub const EXAMPLES: &str = "\
Example (576 mcg/day is 24 mcg/h; +20 % is 28.8 mcg/h for the 8 h from 20:00 to 04:00, 2 h
before the 22:00 to 06:00 effect: 28.8 × 8 + 24 × 16 = 614.4 mcg/day):
  itb night-boost --base-daily-dose \"576 mcg/day\" --boost-percent 20 \\
      --effect-start 22:00 --effect-end 06:00";

const OP: &str = "night_boost";

const ARGUMENTS: Arguments = &[
    ("base_daily_dose", "--base-daily-dose"),
    ("boost_percent", "--boost-percent"),
    ("effect_start", "--effect-start"),
    ("effect_end", "--effect-end"),
    ("lead_time", "--lead-time"),
];

const BOOST_PERCENT: PlainNumber = PlainNumber {
    field: "boost_percent",
    unit: Some(Unit::Percent),
    allowed: "a number of percent above -100, e.g. 20",
};

/// The arguments of `itb night-boost`.
#[derive(Args, Debug)]
pub struct NightBoost {
    /// The daily dose without the boost: "576 mcg/day".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    base_daily_dose: String,
    /// The change of the hourly rate in percent, a plain number: 20 (seed 001's example).
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    boost_percent: String,
    /// When the effect should begin, HH:MM: 22:00.
    #[arg(long, value_name = "HH:MM")]
    effect_start: String,
    /// When the effect should end, HH:MM: 06:00.
    #[arg(long, value_name = "HH:MM")]
    effect_end: String,
    /// How early to change the rate: "2 h" (the default, seed 001).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    lead_time: Option<String>,
    #[command(flatten)]
    output: Output,
}

impl NightBoost {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let response = super::answer(OP, self.request());
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r))
    }

    /// The fields in the protocol's order, so the first bad one is reported first.
    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        request.insert("base_daily_dose".into(), json!(self.base_daily_dose));
        request.insert(
            "boost_percent".into(),
            BOOST_PERCENT.read(&self.boost_percent)?,
        );
        request.insert("effect_start".into(), json!(self.effect_start));
        request.insert("effect_end".into(), json!(self.effect_end));
        if let Some(lead) = &self.lead_time {
            request.insert("lead_time".into(), json!(lead));
        }
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value) -> Report {
        let boost = BOOST_PERCENT.echo(&self.boost_percent);
        let boost = match self.boost_percent.trim().parse::<f64>() {
            Ok(v) if v > 0.0 => format!("+{boost} of the hourly rate"),
            _ => format!("{boost} of the hourly rate"),
        };
        let lead = match &self.lead_time {
            Some(l) => echo(l, Unit::Hour),
            None => {
                let default = Measure::new(itb::schedule::DEFAULT_LEAD_TIME_H, Unit::Hour);
                format!("{default} (default)")
            }
        };
        let lines = vec![
            (
                "base daily dose",
                echo(&self.base_daily_dose, Unit::McgPerDay),
            ),
            ("boost", boost),
            (
                "effect wanted",
                format!("{} to {}", self.effect_start.trim(), self.effect_end.trim()),
            ),
            (
                "lead time",
                format!("{lead}: each rate changes this long before its effect"),
            ),
        ];
        schedule_report("Night boost", lines, response)
    }
}
