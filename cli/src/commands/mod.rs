//! The human subcommands. Each one builds a protocol request from its arguments, sends it
//! through [`itb::protocol`] (the command computes nothing itself) and prints a [`Report`], or
//! the protocol response with `--json`.
//!
//! Adding a command (`itb refill`, `itb titrate`...): a module with a clap `Args` struct, its
//! [`Arguments`] table, a `run` that calls [`run`] with the request and a report builder, and an
//! `EXAMPLES` text for its `--help`.

pub mod containers;
pub mod convert;
pub mod daily_volume;
pub mod dilute;
pub mod products;

use clap::Args;
use itb::units::{Measure, Unit};
use serde_json::Value;

use crate::Status;
use crate::report::{Report, render_error};

/// Which command-line argument fed each protocol field, for error messages
/// (`daily_dose` → `--daily-dose`).
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
    // evaluate_value_text is `evaluate` before its response is turned into text: the same
    // response, without reading our own JSON back.
    let response = itb::protocol::evaluate_value_text(&request.to_string());
    let computed = response["ok"] == true;
    let status = if computed {
        Status::Computed
    } else {
        Status::Rejected
    };
    if !computed {
        crate::write_stderr(&render_error(&response, |field| argument(arguments, field)));
    }
    if output.json {
        crate::write_stdout(&format!("{response}\n"), status)
    } else if computed {
        crate::write_stdout(&report(&response).render(), status)
    } else {
        status
    }
}

fn argument(arguments: Arguments, field: &str) -> Option<&'static str> {
    arguments
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, arg)| *arg)
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
    }

    #[test]
    fn fields_map_to_their_arguments() {
        let args: Arguments = &[("daily_dose", "--daily-dose")];
        assert_eq!(argument(args, "daily_dose"), Some("--daily-dose"));
        assert_eq!(argument(args, "concentration"), None);
    }
}
