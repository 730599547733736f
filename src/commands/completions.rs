//! `tplan completions SHELL`

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Ctx;
use crate::exit::{CliResult, Exit};

/// The variable the registration script sets when it asks for candidates.
pub const VAR: &str = "TPLAN_COMPLETE";

/// Arguments of `tplan completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the shell's registration: a script that asks this binary for
/// completions as the user types (`COMPLETE=<shell> tplan -- …`), so event
/// keys and proposal numbers come from the plan at hand.
pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let name = args.shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let Some(shell) = shells.completer(&name) else {
        // A shell the dynamic engine does not know: the static script.
        let mut cmd = super::Cli::command();
        clap_complete::generate(args.shell, &mut cmd, "tplan", &mut ctx.out);
        return Ok(Exit::Ok);
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "tplan".into());
    shell.write_registration(VAR, "tplan", "tplan", &exe, &mut ctx.out)?;
    Ok(Exit::Ok)
}
