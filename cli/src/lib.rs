//! The `itb` command: unit-safe intrathecal baclofen computations for clinicians, pharmacists
//! and testers. This library is the command's inside (argument definitions, reports, the
//! `eval` filter), documented for its maintainers; it is not a stable API, use the `itb` crate.
//!
//! `itb eval` speaks the JSON request protocol (`docs/PROTOCOL.md`); the human subcommands
//! (`convert`, `daily-volume`, `dilute`, `containers`, `products`; the dosing rules
//! `screening`, `initial-dose`, `titrate`, `titration-schedule`, `taper`; for pumps and
//! refills `refill`, `reconcile`, `bridge`, `check-programming`, `flex`, `night-boost`,
//! `catheter`, `fill`; the model estimate `pk`; and the labels' knowledge `signs` (with a
//! wallet `--card`), `triage`, `interactions`, `patient`, `monitoring`) build a protocol
//! request from their arguments and print a short [`report`] with units on every number and
//! findings marked by severity, or the protocol response with `--json`. Every computation is
//! the core's ([`itb::protocol`]); this crate only reads arguments and prints, turns the refill
//! plan's day counts into calendar [`dates`], draws the `pk` estimate as an SVG [`chart`] and the
//! refill plan's reservoir as an SVG picture ([`reservoir_chart`]).
//! `itb completions SHELL` and `itb man` print the shell completion script and the roff man
//! page, generated from these definitions ([`meta`]).
//!
//! Exit status ([`Status`]): 0 computed, 1 the request was rejected (an error response), 2 a
//! usage error or an input that could not be read.

pub mod chart;
pub mod commands;
pub mod dates;
pub mod eval;
pub mod meta;
pub mod report;
pub mod reservoir_chart;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    bridge::Bridge, catheter::Catheter, containers::Containers, convert::Convert,
    daily_volume::DailyVolume, dilute::Dilute, fill::Fill, flex::Flex, initial_dose::InitialDose,
    interactions::Interactions, monitoring::Monitoring, night_boost::NightBoost, patient::Patient,
    pharmacokinetics::Pk, products::Products, programming::CheckProgramming, reconcile::Reconcile,
    refill::Refill, screening::Screening, signs::Signs, taper::Taper, titrate::Titrate,
    titration_schedule::TitrationSchedule, triage::Triage,
};
use eval::Eval;
use meta::{Completions, Man};

const QUANTITIES: &str = "\
Quantities always carry their unit: \"500 mcg/day\", \"2 mg/mL\", \"10 mg/20 mL\", \"20 mL\".
A bare number is refused, never guessed. Plain numbers are taken only where the option's name
gives the unit: --change-percent -15, --age-years 7, --hours-since-start 12, --boost-percent 20,
--step-percent 20, --months-since-head-injury 11.
Times of day are HH:MM (--effect-start 22:00, --step 07:00=20mcg/h); dates are YYYY-MM-DD.

Exit status: 0 computed, 1 the request was rejected (the error goes to stderr), 2 usage error.

Examples (500 mcg/day at 2,000 mcg/mL in a full 20 mL pump: 0.25 mL/day, alarm in 72 days,
refill due in 65 days; then the daily volume alone, 0.25 mL/day):
  itb refill --pump synchromed_ii_20 --concentration \"2000 mcg/mL\" --daily-dose \"500 mcg/day\"
  itb daily-volume --daily-dose \"500 mcg/day\" --concentration \"2 mg/mL\"";

/// Unit-safe intrathecal baclofen computations: refill plans, conversions, daily volumes,
/// dilutions, containers, screening, initial dose, titration and taper schedules, pump
/// schedules, programming checks and fills, and a CSF model estimate; and the labels' signs of
/// overdose and withdrawal, drug interactions, patient cautions and monitoring. Every number
/// with its unit, every clinical limit as a finding.
#[derive(Parser, Debug)]
#[command(name = "itb", version, after_help = QUANTITIES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate one protocol request (JSON) from FILE or stdin and print the JSON response;
    /// with --ndjson, one request per line.
    #[command(after_help = eval::EXAMPLES)]
    Eval(Eval),
    /// Convert a quantity to another unit of the same dimension.
    #[command(after_help = commands::convert::EXAMPLES)]
    Convert(Convert),
    /// The volume a pump delivers each day for a daily dose at a concentration.
    #[command(after_help = commands::daily_volume::EXAMPLES)]
    DailyVolume(DailyVolume),
    /// A dilution recipe: stock and diluent volumes for a target concentration.
    #[command(after_help = commands::dilute::EXAMPLES)]
    Dilute(Dilute),
    /// How many containers of a product to open for an amount of drug.
    #[command(after_help = commands::containers::EXAMPLES)]
    Containers(Containers),
    /// The catalogue of baclofen products, with their ids.
    #[command(after_help = commands::products::EXAMPLES)]
    Products(Products),
    /// The screening test boluses, with their volumes, before a pump is implanted.
    #[command(after_help = commands::screening::EXAMPLES)]
    Screening(Screening),
    /// The initial daily dose of continuous infusion, from the effective screening bolus.
    #[command(after_help = commands::initial_dose::EXAMPLES)]
    InitialDose(InitialDose),
    /// A dose change in titration or maintenance: the new daily dose and every limit it crosses.
    #[command(after_help = commands::titrate::EXAMPLES)]
    Titrate(Titrate),
    /// A titration schedule: the steps from the daily dose now to a target, within the
    /// profile's guideline.
    #[command(after_help = commands::titration_schedule::EXAMPLES)]
    TitrationSchedule(TitrationSchedule),
    /// A taper: equal reductions of the daily dose over a duration, never an abrupt stop.
    #[command(after_help = commands::taper::EXAMPLES)]
    Taper(Taper),
    /// A refill plan: flow, alarm and due dates, days to empty, drug and containers needed.
    #[command(after_help = commands::refill::EXAMPLES)]
    Refill(Refill),
    /// At a refill: the volume that should be left against the volume drawn out.
    #[command(after_help = commands::reconcile::EXAMPLES)]
    Reconcile(Reconcile),
    /// The bridge bolus at a change of concentration, and what skipping it would deliver.
    #[command(after_help = commands::bridge::EXAMPLES)]
    Bridge(Bridge),
    /// Check the concentration programmed into a pump against the reservoir's: the dose it
    /// really delivers.
    #[command(after_help = commands::programming::EXAMPLES)]
    CheckProgramming(CheckProgramming),
    /// The daily dose of a flex (multi-step) schedule.
    #[command(after_help = commands::flex::EXAMPLES)]
    Flex(Flex),
    /// A night-time boost: the two steps, moved a lead time early, and their daily dose.
    #[command(after_help = commands::night_boost::EXAMPLES)]
    NightBoost(NightBoost),
    /// The volume of an implanted catheter.
    #[command(after_help = commands::catheter::EXAMPLES)]
    Catheter(Catheter),
    /// The fill of a constant-flow pump: running time, concentration, stock and diluent.
    #[command(after_help = commands::fill::EXAMPLES)]
    Fill(Fill),
    /// A model estimate of baclofen in the CSF after a bolus or during an infusion (and an SVG
    /// chart of it).
    #[command(after_help = commands::pharmacokinetics::EXAMPLES)]
    Pk(Pk),
    /// The signs of overdose, of withdrawal and of a pump or catheter problem, and what to do;
    /// with --card, a wallet card for the patient.
    #[command(after_help = commands::signs::EXAMPLES)]
    Signs(Signs),
    /// Which sign lists observed signs are on (overdose, withdrawal, pump problem), and what
    /// that calls for.
    #[command(after_help = commands::triage::examples())]
    Triage(Triage),
    /// A patient's medications against the interaction classes of the labels; names not in the
    /// lexicon are said NOT CHECKED.
    #[command(after_help = commands::interactions::examples())]
    Interactions(Interactions),
    /// The patient-level cautions: age, pregnancy, breastfeeding, infection, a recent head
    /// injury, the route, withdrawal risk factors.
    #[command(after_help = commands::patient::examples())]
    Patient(Patient),
    /// What to monitor in a phase of the therapy, how often, and what to do.
    #[command(after_help = commands::monitoring::EXAMPLES)]
    Monitoring(Monitoring),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = meta::COMPLETIONS_EXAMPLES)]
    Completions(Completions),
    /// Print the man page (roff) of itb.
    #[command(after_help = meta::MAN_EXAMPLES)]
    Man(Man),
}

/// How a run ended; the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: the request was computed (findings, even hard ones, are part of a computed result).
    Computed,
    /// 1: the request was rejected with an error response.
    Rejected,
    /// 2: a usage error, or an input or output that could not be read or written.
    Failed,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Computed => 0,
            Status::Rejected => 1,
            Status::Failed => 2,
        })
    }
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(&self) -> Status {
        match &self.command {
            Command::Eval(c) => c.run(),
            Command::Convert(c) => c.run(),
            Command::DailyVolume(c) => c.run(),
            Command::Dilute(c) => c.run(),
            Command::Containers(c) => c.run(),
            Command::Products(c) => c.run(),
            Command::Screening(c) => c.run(),
            Command::InitialDose(c) => c.run(),
            Command::Titrate(c) => c.run(),
            Command::TitrationSchedule(c) => c.run(),
            Command::Taper(c) => c.run(),
            Command::Refill(c) => c.run(),
            Command::Reconcile(c) => c.run(),
            Command::Bridge(c) => c.run(),
            Command::CheckProgramming(c) => c.run(),
            Command::Flex(c) => c.run(),
            Command::NightBoost(c) => c.run(),
            Command::Catheter(c) => c.run(),
            Command::Fill(c) => c.run(),
            Command::Pk(c) => c.run(),
            Command::Signs(c) => c.run(),
            Command::Triage(c) => c.run(),
            Command::Interactions(c) => c.run(),
            Command::Patient(c) => c.run(),
            Command::Monitoring(c) => c.run(),
            Command::Completions(c) => c.run(),
            Command::Man(c) => c.run(),
        }
    }
}

/// Writes `text` to stdout and returns `status`. A reader that went away (`itb products | head`)
/// is not a failure of the computation; any other write error is reported and gives `Failed`.
pub fn write_stdout(text: &str, status: Status) -> Status {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            write_stderr(&format!("itb: cannot write the output: {e}\n"));
            Status::Failed
        }
    }
}

/// Writes `text` to stderr; if even that fails there is nowhere left to say so.
pub fn write_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_statuses_are_0_1_2() {
        assert_eq!(ExitCode::from(Status::Computed), ExitCode::from(0));
        assert_eq!(ExitCode::from(Status::Rejected), ExitCode::from(1));
        assert_eq!(ExitCode::from(Status::Failed), ExitCode::from(2));
    }
}
