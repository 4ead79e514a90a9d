//! `itb completions SHELL` and `itb man`: the shell completion script and the roff man page,
//! both generated from the command-line definition ([`crate::Cli`]), so they never drift from
//! `itb --help`.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{Cli, Status};

/// Shown under `itb completions --help`.
pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  itb completions bash > ~/.local/share/bash-completion/completions/itb
  itb completions zsh > ~/.zfunc/_itb     (with fpath+=~/.zfunc before compinit)
  itb completions fish > ~/.config/fish/completions/itb.fish
Exit status: 0 printed, 2 usage error (an unknown shell).";

/// Shown under `itb man --help`.
pub const MAN_EXAMPLES: &str = "\
Examples (the page of itb, then the page itb-refill(1) it refers to):
  itb man | man -l -
  itb man refill > itb-refill.1
Exit status: 0 printed, 2 usage error (an unknown subcommand).";

/// The arguments of `itb completions`.
#[derive(Args, Debug)]
pub struct Completions {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

impl Completions {
    /// Prints the completion script.
    pub fn run(&self) -> Status {
        crate::write_stdout(&completions(self.shell), Status::Computed)
    }
}

/// The arguments of `itb man`.
#[derive(Args, Debug)]
pub struct Man {
    /// The subcommand whose page to print (itb-SUBCOMMAND(1)); the page of itb when absent.
    #[arg(value_name = "SUBCOMMAND")]
    subcommand: Option<String>,
}

impl Man {
    /// Prints the man page.
    pub fn run(&self) -> Status {
        match man_page(self.subcommand.as_deref()) {
            Ok(Some(page)) => crate::write_stdout(&page, Status::Computed),
            Ok(None) => {
                let names: Vec<String> = Cli::command()
                    .get_subcommands()
                    .map(|c| c.get_name().to_owned())
                    .collect();
                crate::write_stderr(&format!(
                    "error: no subcommand {:?}; the subcommands are: {}\n",
                    self.subcommand.as_deref().unwrap_or_default(),
                    names.join(", ")
                ));
                Status::Failed
            }
            Err(e) => {
                crate::write_stderr(&format!("itb man: cannot render the man page: {e}\n"));
                Status::Failed
            }
        }
    }
}

/// The completion script of `itb` for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "itb", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// The man page (section 1, roff) of `itb`, or of `itb SUBCOMMAND` (the page `itb-SUBCOMMAND`
/// that the page of `itb` lists); `None` for a name that is no subcommand.
pub fn man_page(subcommand: Option<&str>) -> std::io::Result<Option<String>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building names each subcommand's page `itb-NAME`, as the page of itb refers to it.
    command.build();
    let command = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            // The page footer names the version of itb, as on the page of itb.
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => return Ok(None),
        },
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .source(format!("itb {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)?;
    Ok(Some(String::from_utf8_lossy(&page).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_itb() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = completions(shell);
            assert!(script.contains("itb"), "{shell}");
            assert!(script.contains("refill"), "{shell}");
            for command in ["signs", "triage", "interactions", "patient", "monitoring"] {
                assert!(script.contains(command), "{shell}: {command}");
            }
            assert!(script.contains("no-risk-factors"), "{shell}");
        }
    }

    #[test]
    fn the_man_page_is_roff() {
        let page = man_page(None).expect("render").expect("itb");
        assert!(page.contains(".TH itb 1"), "{page}");
        let page = man_page(Some("refill")).expect("render").expect("refill");
        assert!(page.contains(".TH itb-refill 1"), "{page}");
        let page = man_page(Some("triage")).expect("render").expect("triage");
        assert!(page.contains(".TH itb-triage 1"), "{page}");
        assert!(man_page(Some("nope")).expect("render").is_none());
    }
}
