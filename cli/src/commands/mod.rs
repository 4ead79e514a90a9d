//! The human subcommands. Each one builds a protocol request from its arguments, sends it
//! through [`itb::protocol`] (the command computes nothing itself) and prints a [`Report`], or
//! the protocol response with `--json`.
//!
//! Adding a command (`itb refill`, `itb bridge`...): a module with a clap `Args` struct, its
//! [`Arguments`] table, a `run` that calls [`run`] with the request and a report builder, and an
//! `EXAMPLES` text for its `--help`. A command with plain-number arguments (a percentage, hours,
//! an age) or arguments of its own form (flex steps) reads them into the request itself, which
//! may refuse them ([`Refusal`]), and calls [`answer`] and [`respond`] instead.
//!
//! [`pump_args`], [`patient_args`] and [`steps`] are not commands: they are the pump, risk-factor
//! and flex-step arguments that several commands share.

pub mod bridge;
pub mod catheter;
pub mod containers;
pub mod convert;
pub mod daily_volume;
pub mod dilute;
pub mod fill;
pub mod flex;
pub mod initial_dose;
pub mod interactions;
pub mod monitoring;
pub mod night_boost;
pub mod patient;
pub mod patient_args;
pub mod pharmacokinetics;
pub mod products;
pub mod programming;
pub mod pump_args;
pub mod reconcile;
pub mod refill;
pub mod screening;
pub mod signs;
pub mod steps;
pub mod taper;
pub mod titrate;
pub mod titration_schedule;
pub mod triage;

use clap::Args;
use itb::ErrorKind;
use itb::profile::Profile;
use itb::units::{ClinicalQuantity, Measure, Unit};
use serde_json::{Map, Value, json};

use crate::Status;
use crate::report::{Report, render_error};

/// Which command-line argument fed each protocol field, for error messages
/// (`daily_dose` → `--daily-dose`). A nested field (`steps[2].rate`, `pump.reservoir`) is
/// looked up whole, then by its head (`steps`, `pump`).
pub type Arguments = &'static [(&'static str, &'static str)];

/// The output switch every human subcommand takes.
#[derive(Args, Debug)]
pub struct Output {
    /// Print the protocol response (one line of JSON) instead of the report.
    #[arg(long)]
    pub json: bool,
}

/// Sends `request`, prints the report (or the response with `--json`) on stdout, and the error
/// block on stderr when the request is rejected.
pub fn run(
    request: &Value,
    output: &Output,
    arguments: Arguments,
    report: impl FnOnce(&Value) -> Report,
) -> Status {
    respond(&evaluate(request), output, arguments, report)
}

/// The protocol response to `request`.
pub fn evaluate(request: &Value) -> Value {
    // evaluate_value_text is `evaluate` before its response is turned into text: the same
    // response, without reading our own JSON back.
    itb::protocol::evaluate_value_text(&request.to_string())
}

/// Prints `response` as [`run`] does: the report (or the response with `--json`) on stdout, the
/// error block on stderr when it is an error response.
pub fn respond(
    response: &Value,
    output: &Output,
    arguments: Arguments,
    report: impl FnOnce(&Value) -> Report,
) -> Status {
    let computed = response["ok"] == true;
    let status = if computed {
        Status::Computed
    } else {
        Status::Rejected
    };
    if !computed {
        crate::write_stderr(&render_error(response, |field| argument(arguments, field)));
    }
    if output.json {
        crate::write_stdout(&format!("{response}\n"), status)
    } else if computed {
        crate::write_stdout(&report(response).render(), status)
    } else {
        status
    }
}

fn argument(arguments: Arguments, field: &str) -> Option<&'static str> {
    let head = field.split(['[', '.']).next().unwrap_or(field);
    let find = |wanted: &str| {
        arguments
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, arg)| *arg)
    };
    find(field).or_else(|| find(head))
}

/// A plain-number argument: a JSON number in the request (a percentage, hours, an age), never a
/// quantity, because the protocol field's name gives the unit (`change_percent`).
#[derive(Debug, Clone, Copy)]
pub struct PlainNumber {
    /// The protocol field.
    pub field: &'static str,
    /// The unit the field's name gives, for echoes and messages; `None` for a unit the core has
    /// no symbol for (the months of `months_since_head_injury`): the command names it.
    pub unit: Option<Unit>,
    /// What is allowed, for messages: "a number of percent, e.g. 30 or -15".
    pub allowed: &'static str,
}

/// `--age-years`.
pub const AGE_YEARS: PlainNumber = PlainNumber {
    field: "age_years",
    unit: Some(Unit::Year),
    allowed: "a number of years from 0 to 150, e.g. 7 or 3.5",
};

impl PlainNumber {
    /// The argument text as a JSON number. Range checks are the protocol's; only what JSON
    /// cannot carry is refused here: text that is not a number (`invalid_value`, as for a
    /// malformed quantity), NaN and infinities, `1e999` included (`not_finite`, the code the
    /// protocol gives a non-finite number: JSON has no token for them).
    pub fn read(&self, text: &str) -> Result<Value, Refusal> {
        let Ok(number) = text.trim().parse::<f64>() else {
            let message = format!(
                "{}: {text:?} is not a plain number; allowed: {}",
                self.field, self.allowed
            );
            return Err(Refusal {
                kind: ErrorKind::InvalidValue,
                field: self.field.to_owned(),
                message,
            });
        };
        match serde_json::Number::from_f64(number) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                let value = self.unit.map(|unit| Measure::new(number, unit));
                let e = itb::Error::new(ErrorKind::NotFinite, self.field, value, self.allowed);
                Err(Refusal {
                    kind: e.kind,
                    field: self.field.to_owned(),
                    message: e.to_string(),
                })
            }
        }
    }

    /// Adds the field to `request` when the argument was given: an absent argument is an
    /// absent field, never a default chosen here.
    pub fn insert(
        &self,
        request: &mut Map<String, Value>,
        text: Option<&str>,
    ) -> Result<(), Refusal> {
        if let Some(text) = text {
            request.insert(self.field.into(), self.read(text)?);
        }
        Ok(())
    }

    /// The value as read, with its unit (`30 h`, `3 years`; without a unit of the core, the
    /// number as the core writes numbers, `1,200`, for the command to name the unit); the text
    /// itself if it is not a number (unreachable after the protocol accepted it).
    pub fn echo(&self, text: &str) -> String {
        match (text.trim().parse::<f64>(), self.unit) {
            (Ok(v), Some(unit)) => Measure::new(v, unit).to_string(),
            (Ok(v), None) => {
                let mut shown = String::new();
                // Writing to a String cannot fail.
                let _ = itb::units::write_number(&mut shown, v);
                shown
            }
            (Err(_), _) => text.trim().to_owned(),
        }
    }
}

/// An argument refused before any request was sent: a value JSON cannot carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The protocol error kind.
    pub kind: ErrorKind,
    /// The protocol field (`steps[1]`).
    pub field: String,
    /// For people: the field, the value and what is allowed.
    pub message: String,
}

impl Refusal {
    /// The error response, in the protocol's own format, so `--json` and the error block read
    /// as for any other rejected request.
    pub fn response(&self, op: &str) -> Value {
        json!({
            "ok": false,
            "op": op,
            "error": {"code": self.kind.code(), "message": self.message, "field": self.field},
        })
    }
}

/// The response to a request that may have been refused while it was written.
pub fn answer(op: &str, request: Result<Value, Refusal>) -> Value {
    match request {
        Ok(request) => evaluate(&request),
        Err(refusal) => refusal.response(op),
    }
}

/// `us (US label)`: the profile id and the labelling whose limits apply.
pub fn profile_line(id: &str) -> String {
    match Profile::parse(id) {
        Some(Profile::Us) => format!("{id} (US label)"),
        Some(Profile::Uk) => format!("{id} (UK SmPC)"),
        None => id.to_owned(),
    }
}

/// The note naming optional arguments that were not given, whose checks were therefore not
/// made: a clinician must not read "No findings." as "checked and fine".
pub fn not_checked(arguments: &[(&str, bool)]) -> Option<String> {
    let missing: Vec<&str> = arguments
        .iter()
        .filter(|(_, given)| !given)
        .map(|(arg, _)| *arg)
        .collect();
    (!missing.is_empty()).then(|| format!("Not checked, not given: {}.", missing.join(", ")))
}

/// An input quantity as the core read it, in `unit` (the unit the protocol answers in), so a
/// report shows `2,000 mcg/mL` for `"2 mg/mL"`: the numbers a reader compares share a unit.
pub fn echo(input: &str, unit: Unit) -> String {
    match Measure::parse(input).map(|m| m.convert(unit)) {
        Ok(Ok(m)) => m.to_string(),
        // Unreachable after the core accepted the same text; show it untouched rather than guess.
        _ => input.trim().to_owned(),
    }
}

/// An input quantity's value as the core read it, in `unit`: `"2 mg/mL"` in mcg/mL is 2000.
/// `None` for text that does not read as a quantity of that dimension.
pub fn value_as_read(input: &str, unit: Unit) -> Option<f64> {
    let measure = Measure::parse(input).ok()?.convert(unit).ok()?;
    Some(measure.value)
}

/// `3 containers of 20 mL`: a count of a product's containers, never printed without what it
/// counts.
pub fn count_line(product: &str, count: &Value) -> String {
    let n = count
        .as_u64()
        .map_or_else(|| count.to_string(), |n| n.to_string());
    let noun = if count == 1 {
        "container"
    } else {
        "containers"
    };
    let size = itb::product::find(product)
        .and_then(|p| p.volume())
        .and_then(|v| v.to_measure(Unit::Milliliter).ok());
    match size {
        Some(size) => format!("{n} {noun} of {size}"),
        None => format!("{n} {noun}"),
    }
}

/// An input quantity as the core read it, in its own unit (`10 mg/20 mL` → `0.5 mg/mL`).
pub fn echo_as_read(input: &str) -> String {
    match Measure::parse(input) {
        Ok(m) => m.to_string(),
        Err(_) => input.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_converts_to_the_protocol_unit() {
        assert_eq!(echo("2 mg/mL", Unit::McgPerMl), "2,000 mcg/mL");
        assert_eq!(echo("0.5 mg/day", Unit::McgPerDay), "500 mcg/day");
        assert_eq!(echo_as_read("10 mg/20 mL"), "0.5 mg/mL");
        assert_eq!(value_as_read("2 mg/mL", Unit::McgPerMl), Some(2000.0));
        assert_eq!(value_as_read("2", Unit::Milliliter), None);
        assert_eq!(value_as_read("2 mg", Unit::Milliliter), None);
    }

    #[test]
    fn fields_map_to_their_arguments() {
        let args: Arguments = &[("daily_dose", "--daily-dose")];
        assert_eq!(argument(args, "daily_dose"), Some("--daily-dose"));
        assert_eq!(argument(args, "concentration"), None);
    }

    #[test]
    fn nested_fields_map_whole_then_by_their_head() {
        let args: Arguments = &[
            ("pump", "--pump"),
            ("pump.reservoir", "--reservoir"),
            ("steps", "--steps or --step"),
        ];
        assert_eq!(argument(args, "pump.reservoir"), Some("--reservoir"));
        assert_eq!(argument(args, "pump.low_alarm"), Some("--pump"));
        assert_eq!(argument(args, "steps[2].rate"), Some("--steps or --step"));
        assert_eq!(argument(args, "steps[0]"), Some("--steps or --step"));
        assert_eq!(argument(args, "stepsize"), None);
    }

    const PERCENT: PlainNumber = PlainNumber {
        field: "change_percent",
        unit: Some(Unit::Percent),
        allowed: "a number of percent, e.g. 30 or -15",
    };

    #[test]
    fn plain_numbers_become_json_numbers() {
        assert_eq!(PERCENT.read("-15"), Ok(json!(-15.0)));
        assert_eq!(PERCENT.read(" 2.5 "), Ok(json!(2.5)));
        assert_eq!(PERCENT.read("1e2"), Ok(json!(100.0)));
    }

    #[test]
    fn text_that_is_not_a_plain_number_is_invalid_value() {
        for text in ["", "abc", "30 %", "30%", "1,5", "0x10"] {
            let e = PERCENT.read(text).expect_err(text);
            assert_eq!(e.kind, ErrorKind::InvalidValue, "{text}");
            assert_eq!(e.field, "change_percent");
            assert!(e.message.contains(&format!("{text:?}")), "{}", e.message);
            assert!(e.message.contains("e.g. 30 or -15"), "{}", e.message);
        }
    }

    #[test]
    fn nan_and_infinities_are_not_finite() {
        for text in ["NaN", "inf", "-infinity", "1e999"] {
            let e = PERCENT.read(text).expect_err(text);
            assert_eq!(e.kind, ErrorKind::NotFinite, "{text}");
            assert!(
                e.message.starts_with("change_percent is not finite"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn a_refusal_reads_as_a_protocol_error_response() {
        let refusal = PERCENT.read("NaN").expect_err("NaN");
        let response = refusal.response("titrate");
        assert_eq!(response["ok"], false);
        assert_eq!(response["op"], "titrate");
        assert_eq!(response["error"]["code"], "not_finite");
        assert_eq!(response["error"]["field"], "change_percent");
    }

    #[test]
    fn absent_plain_numbers_stay_absent() {
        let mut request = Map::new();
        assert_eq!(AGE_YEARS.insert(&mut request, None), Ok(()));
        assert!(request.is_empty());
        assert_eq!(AGE_YEARS.insert(&mut request, Some("3")), Ok(()));
        assert_eq!(request["age_years"], json!(3.0));
    }

    #[test]
    fn plain_numbers_echo_with_their_unit() {
        assert_eq!(AGE_YEARS.echo("3"), "3 years");
        assert_eq!(AGE_YEARS.echo("1"), "1 year");
        assert_eq!(PERCENT.echo("-15"), "-15 %");
    }

    #[test]
    fn a_plain_number_without_a_unit_of_the_core_echoes_the_number_alone() {
        const MONTHS: PlainNumber = PlainNumber {
            field: "months",
            unit: None,
            allowed: "a number of months",
        };
        assert_eq!(MONTHS.echo("1200"), "1,200");
        assert_eq!(MONTHS.read("11"), Ok(json!(11.0)));
        let e = MONTHS.read("inf").expect_err("inf");
        assert_eq!(e.kind, ErrorKind::NotFinite);
        assert_eq!(
            e.message,
            "months is not finite; allowed: a number of months"
        );
    }

    #[test]
    fn profiles_name_their_labelling() {
        assert_eq!(profile_line("us"), "us (US label)");
        assert_eq!(profile_line("uk"), "uk (UK SmPC)");
    }

    #[test]
    fn the_note_lists_only_what_was_not_given() {
        assert_eq!(not_checked(&[("--age-years", true)]), None);
        let note = not_checked(&[("--a", false), ("--b", true), ("--c", false)]);
        assert_eq!(note.as_deref(), Some("Not checked, not given: --a, --c."));
    }
}
