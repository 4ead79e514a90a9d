//! `itb refill`: the refill plan at a refill visit — flow, when the low-reservoir alarm will
//! sound, when to book the next refill, the drug it takes and the containers to open — with
//! calendar dates counted from the refill date ([`crate::dates`]); with `--chart FILE` also an
//! SVG picture of the reservoir falling to empty ([`crate::reservoir_chart`]).

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use itb::units::{Measure, Unit};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::patient_args::{self, RiskFactorArgs};
use super::pump_args::PumpArgs;
use super::steps::StepArgs;
use super::{Arguments, Output, Refusal, count_line, echo, value_as_read};
use crate::Status;
use crate::dates;
use crate::report::{Report, text};
use crate::reservoir_chart::{Event, Marker, Reservoir};

/// Shown under `itb refill --help`.
pub const EXAMPLES: &str = "\
Examples (500 mcg/day at 2,000 mcg/mL is 0.25 mL/day: a full 20 mL pump reaches its 2 mL alarm
in 72 days, and the refill is due 7 days before it, in 65 days):
  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\"
  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\" \\
      --refill-date 2026-01-01
  itb refill --pump synchromed_ii_40 --concentration \"2000 mcg/mL\" \\
      --steps \"07:00=20 mcg/h,22:00=30 mcg/h\"
  itb refill --reservoir \"30 mL\" --low-alarm \"3 mL\" --fixed-flow --concentration \"500 mcg/mL\" \\
      --daily-dose \"250 mcg/day\"
  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\" \\
      --risk-factor sci_t6_or_above --risk-factor communication_difficulty
  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\" \\
      --refill-date 2026-01-01 --chart reservoir.svg
The earliest alarm is that of a pump running fast by its accuracy (synchromed 14.5 %, prometra
15 %): in the first example 18 mL / (0.25 mL/day x 1.145) = 62.88 days, before the refill due in
65 days, so the plan notes it (alarm_before_due).
Risk factors (002 Boxed Warning): sci_t6_or_above, communication_difficulty, prior_withdrawal.
Dates: the refill date (default: today, the local date) plus the days rounded down to whole days,
so a date printed is never later than the exact time; the report says which refill date it used.
--json prints the protocol response, which counts days and has no dates.
--chart FILE writes an SVG picture of the plan: the reservoir volume (mL) falling from the fill
at the flow, the alarm volume, and the dates of the earliest alarm, the refill due, the alarm and
the empty reservoir (in the example above, 2026-03-04, 2026-03-07, 2026-03-14 and 2026-03-22).
Pump ids: synchromed_ii_20, synchromed_ii_40, prometra_20, prometra_ii_20, prometra_ii_40.";

const OP: &str = "refill_plan";

const ARGUMENTS: Arguments = &[
    ("pump", "--pump"),
    ("pump.reservoir", "--reservoir"),
    ("pump.low_alarm", "--low-alarm"),
    ("pump.accuracy_percent", "--accuracy-percent"),
    ("concentration", "--concentration"),
    ("daily_dose", "--daily-dose"),
    ("steps", "--steps or --step"),
    ("fill_volume", "--fill-volume"),
    ("alarm_volume", "--alarm-volume"),
    ("max_residence", "--max-residence"),
    ("lead_time", "--lead-time"),
    patient_args::ARGUMENT,
];

/// Said under every plan that prints dates.
const DATES_NOTE: &str =
    "Dates: the refill date plus whole days, rounded down, so never later than the exact time.";

/// The arguments of `itb refill`: a pump (`--pump`, or `--reservoir` and `--low-alarm`), and a
/// dose (`--daily-dose`, or flex steps).
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("which_pump").args(["pump", "reservoir"]).required(true)))]
#[command(group(ArgGroup::new("dose").args(["daily_dose", "steps", "step"]).required(true)))]
pub struct Refill {
    #[command(flatten)]
    pump: PumpArgs,
    /// The concentration in the reservoir: "2000 mcg/mL", "2 mg/mL", "40 mg/20 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    concentration: String,
    /// The daily dose of continuous delivery: "500 mcg/day", "0.5 mg/day". Or flex steps.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    daily_dose: Option<String>,
    #[command(flatten)]
    steps: StepArgs,
    /// The volume filled: "18 mL" (default: the full reservoir). At most the reservoir.
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    fill_volume: Option<String>,
    /// The volume at which the alarm sounds, if not the pump's: "3 mL".
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    alarm_volume: Option<String>,
    /// The longest the drug may stay in the pump: "180 days" (the default, [STAB-2023]).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    max_residence: Option<String>,
    /// How long before the alarm to refill: "7 days" (the default: book a week early).
    #[arg(long, value_name = "QUANTITY", allow_hyphen_values = true)]
    lead_time: Option<String>,
    #[command(flatten)]
    risk_factors: RiskFactorArgs,
    /// The day of this refill, YYYY-MM-DD (default: today, the local date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = dates::parse_date)]
    refill_date: Option<Date>,
    /// Also write an SVG picture of the reservoir volume to FILE: falling to empty, with the
    /// alarm volume and the dates of the alarm, the refill due and the empty reservoir.
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

/// The refill date and where it came from, for the report.
#[derive(Debug, Clone, Copy)]
struct RefillDay {
    date: Date,
    given: bool,
}

impl Refill {
    /// Runs the command.
    pub fn run(&self) -> Status {
        let day = match self.refill_date {
            Some(date) => RefillDay { date, given: true },
            None => RefillDay {
                date: dates::today(),
                given: false,
            },
        };
        let response = super::answer(OP, self.request());
        // A chart only of a computed plan; a rejected request writes nothing.
        if let (Some(path), true) = (&self.chart, response["ok"] == true) {
            let written = self
                .chart(&response, day.date)
                .and_then(|svg| std::fs::write(path, svg).map_err(|e| e.to_string()));
            if let Err(e) = written {
                crate::write_stderr(&format!(
                    "itb refill: cannot write the chart to {}: {e}\n",
                    path.display()
                ));
                return Status::Failed;
            }
        }
        super::respond(&response, &self.output, ARGUMENTS, |r| self.report(r, day))
    }

    /// The picture of a computed plan: the response's flow and day counts, the fill and alarm
    /// volumes as the core read them.
    fn chart(&self, response: &Value, refill_date: Date) -> Result<String, String> {
        let result = &response["result"];
        let missing = |what: &str| format!("the plan has no {what}");
        let flow = value_in(&result["flow_rate"], "mL/day").ok_or_else(|| missing("flow"))?;
        let fill = match &self.fill_volume {
            Some(v) => value_as_read(v, Unit::Milliliter),
            None => self.pump.reservoir_ml(),
        };
        let alarm = match &self.alarm_volume {
            Some(v) => value_as_read(v, Unit::Milliliter),
            None => self.pump.low_alarm_ml(),
        };
        let events = [
            (Event::EarliestAlarm, "earliest_alarm"),
            (Event::RefillDue, "refill_due"),
            (Event::Alarm, "days_to_alarm"),
            (Event::Empty, "days_to_empty"),
        ];
        let markers: Vec<Marker> = events
            .into_iter()
            .filter_map(|(event, field)| {
                Some(Marker {
                    event,
                    days: value_in(&result[field], "day")?,
                    days_text: text(&result[field]),
                })
            })
            .collect();
        let pump = match &self.pump.pump {
            Some(id) => id.clone(),
            None => format!("a {} pump of your own", self.pump.reservoir_text()),
        };
        let title = format!(
            "Reservoir of {pump}: {} at a daily dose of {}",
            echo(&self.concentration, Unit::McgPerMl),
            text(&result["daily_dose"])
        );
        Reservoir {
            title: &title,
            refill_date,
            fill_ml: fill.ok_or_else(|| missing("fill volume"))?,
            alarm_ml: alarm.ok_or_else(|| missing("alarm volume"))?,
            flow_ml_per_day: flow,
            markers: &markers,
        }
        .svg()
    }

    /// The fields in the protocol's order, so the first bad one is reported first.
    fn request(&self) -> Result<Value, Refusal> {
        let mut request = Map::new();
        request.insert("op".into(), json!(OP));
        if let Some(pump) = self.pump.json()? {
            request.insert("pump".into(), pump);
        }
        request.insert("concentration".into(), json!(self.concentration));
        if let Some(dose) = &self.daily_dose {
            request.insert("daily_dose".into(), json!(dose));
        }
        if self.steps.given() {
            request.insert("steps".into(), self.steps.json()?);
        }
        // Absent quantities stay absent: the defaults are the protocol's.
        let optional = [
            ("fill_volume", &self.fill_volume),
            ("alarm_volume", &self.alarm_volume),
            ("max_residence", &self.max_residence),
            ("lead_time", &self.lead_time),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                request.insert(name.into(), json!(v));
            }
        }
        // Read last by the protocol, after every other field.
        if let Some(list) = self.risk_factors.json() {
            request.insert("risk_factors".into(), list);
        }
        Ok(Value::Object(request))
    }

    fn report(&self, response: &Value, day: RefillDay) -> Report {
        let result = &response["result"];
        let mut report = Report::new("Refill plan")
            .line("pump", self.pump.name())
            .line("concentration", echo(&self.concentration, Unit::McgPerMl));
        if self.steps.given() {
            let total = format!("{} (the flex steps' total)", text(&result["daily_dose"]));
            report = report
                .line("flex steps", self.steps.echo())
                .line("daily dose", total);
        } else {
            report = report.line("daily dose", text(&result["daily_dose"]));
        }
        let alarm_at = format!("with {} left", self.alarm_volume_text());
        report = report
            .line("fill", self.fill_text())
            .line("flow", text(&result["flow_rate"]))
            .line("refill date", refill_date_text(day))
            .line(
                "alarm",
                format!(
                    "{}, {alarm_at}",
                    in_days(&result["days_to_alarm"], day.date)
                ),
            )
            .line("earliest alarm", self.earliest_alarm_text(result, day.date))
            .line("refill due", self.due_text(response, day.date))
            .line("empty", in_days(&result["days_to_empty"], day.date))
            .line("drug needed", text(&result["drug_amount"]))
            .line("risk factors", self.risk_factors.line());
        report = self
            .containers(report, &result["containers"])
            .note(DATES_NOTE);
        if let Some(path) = &self.chart {
            report = report.note(format!("Chart written to {}.", path.display()));
        }
        report.findings(response)
    }

    /// `20 mL (the full reservoir)` or the fill given.
    fn fill_text(&self) -> String {
        match &self.fill_volume {
            Some(v) => echo(v, Unit::Milliliter),
            None => format!("{} (the full reservoir)", self.pump.reservoir_text()),
        }
    }

    /// `2 mL` (the pump's) or `--alarm-volume`.
    fn alarm_volume_text(&self) -> String {
        match &self.alarm_volume {
            Some(v) => echo(v, Unit::Milliliter),
            None => self.pump.low_alarm_text(),
        }
    }

    /// The alarm of a pump running fast at the edge of its accuracy: the earliest the alarm
    /// can sound, which the refill date must not pass unwatched.
    fn earliest_alarm_text(&self, result: &Value, refill: Date) -> String {
        format!(
            "{}, if the pump runs fast by its accuracy ({})",
            in_days(&result["earliest_alarm"], refill),
            self.pump.accuracy_text()
        )
    }

    /// When to refill, and why then: the lead time before the alarm, or the stability limit.
    /// At or below zero days the refill is due now, or overdue.
    fn due_text(&self, response: &Value, refill: Date) -> String {
        let due = &response["result"]["refill_due"];
        let capped = response["findings"].as_array().is_some_and(|f| {
            f.iter()
                .any(|f| f["code"] == "refill_interval_capped_by_stability")
        });
        let why = if capped {
            let limit = optional_days(&self.max_residence, itb::refill::DEFAULT_MAX_RESIDENCE_DAYS);
            format!("the stability limit of {limit}")
        } else {
            let lead = optional_days(&self.lead_time, itb::refill::DEFAULT_LEAD_TIME_DAYS);
            format!("{lead} before the alarm")
        };
        let days = due["value"].as_f64().unwrap_or(f64::NAN);
        let on = on_date(days, refill);
        if days < 0.0 {
            let late = Measure::new(-days, Unit::Day);
            format!("NOW, overdue by {late}: {why} was {on}")
        } else if days <= 0.0 {
            format!("NOW, on {on}, {why}")
        } else {
            format!("{}, {why}", in_days(due, refill))
        }
    }

    /// The containers of each refill product at this concentration that hold the drug needed;
    /// any one of them will do.
    fn containers(&self, mut report: Report, list: &Value) -> Report {
        let list = list.as_array().map(Vec::as_slice).unwrap_or_default();
        if list.is_empty() {
            let none = format!(
                "no refill product is {}: prepare the fill by dilution (itb dilute)",
                echo(&self.concentration, Unit::McgPerMl)
            );
            return report.line("containers", none);
        }
        for (i, c) in list.iter().enumerate() {
            let product = c["product"].as_str().unwrap_or("?");
            let line = format!(
                "{}{product}: {} ({} drawn, {} waste)",
                if i == 0 { "" } else { "or " },
                count_line(product, &c["count"]),
                text(&c["drawn_volume"]),
                text(&c["waste"]),
            );
            report = report.line(if i == 0 { "containers" } else { "" }, line);
        }
        report
    }
}

/// `2026-01-01 (Thursday), today (the local date)` or `..., as given`.
fn refill_date_text(day: RefillDay) -> String {
    let source = if day.given {
        "as given"
    } else {
        "today (the local date)"
    };
    format!("{}, {source}", dates::show(day.date))
}

/// `in 72 days, on 2026-03-14 (Saturday)`.
fn in_days(days: &Value, refill: Date) -> String {
    let value = days["value"].as_f64().unwrap_or(f64::NAN);
    format!("in {}, on {}", text(days), on_date(value, refill))
}

/// The date `days` after the refill date, rounded down; a count past the calendar says so.
fn on_date(days: f64, refill: Date) -> String {
    match dates::after_whole_days(refill, days) {
        Some(date) => dates::show(date),
        None => "a date past the calendar (after 9999-12-31)".to_owned(),
    }
}

/// A result quantity's value, when it is in `unit` (the protocol's output unit).
fn value_in(quantity: &Value, unit: &str) -> Option<f64> {
    (quantity["unit"] == unit)
        .then(|| quantity["value"].as_f64())
        .flatten()
}

/// A duration argument as read, in days, or the protocol's default.
fn optional_days(given: &Option<String>, default_days: f64) -> String {
    match given {
        Some(text) => echo(text, Unit::Day),
        None => Measure::new(default_days, Unit::Day).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pump_field_names_its_argument() {
        for entry in super::super::pump_args::ARGUMENTS {
            assert!(ARGUMENTS.contains(entry), "{entry:?}");
        }
    }

    #[test]
    fn dates_count_whole_days_from_the_refill_date() {
        let refill = dates::parse_date("2026-01-01").expect("date");
        // 2026-01-01 + 59 days = 2026-03-01 (31 days of January, 28 of February 2026).
        let days = json!({"value": 72.0, "unit": "day", "text": "72 days"});
        assert_eq!(
            in_days(&days, refill),
            "in 72 days, on 2026-03-14 (Saturday)"
        );
        assert_eq!(
            on_date(1e300, refill),
            "a date past the calendar (after 9999-12-31)"
        );
    }
}
