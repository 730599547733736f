//! `tplan sync [REMOTE]`: the remote's proposals and registry brought
//! together with ours, as `git pull` does for a branch.

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan sync`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The remote (as `git remote` names it).
    #[arg(default_value = "origin")]
    pub remote: String,
    /// Use what was fetched already (`refs/tplan-remotes/REMOTE/*`) instead
    /// of running `git fetch`.
    #[arg(long)]
    pub no_fetch: bool,
    /// Join records as this person (`Name <email>`) instead of git's identity.
    #[arg(long = "as", value_name = "PERSON")]
    pub actor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let who = super::proposal::actor(&args.actor)?;
    let report = ws
        .store
        .sync(&args.remote, !args.no_fetch, super::proposal::as_ref(&who))?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::sync::human(&report, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
