//! The `itb` command; see the `itb_cli` library for its inside.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Usage errors exit with clap's status 2; --help and --version with 0.
    itb_cli::Cli::parse().run().into()
}
