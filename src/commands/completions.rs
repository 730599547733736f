//! `tplan completions SHELL`

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Ctx;
use crate::exit::{CliResult, Exit};

/// Arguments of `tplan completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "tplan", &mut ctx.out);
    Ok(Exit::Ok)
}
