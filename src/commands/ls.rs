//! `tplan ls`: the events of a plan at a revision or in the work tree.

use tplan_plan::listing::Listing;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan ls`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read the plan at this revision (branch, tag, commit, `HEAD~2`) instead of the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let at = ws.load(args.rev.as_deref())?;
    let listing = Listing::of(&at.plan);
    match args.format {
        Format::Json => output::json(&mut ctx.out, &listing)?,
        Format::Human => output::ls::human(&listing, &at.source.origin(), ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
