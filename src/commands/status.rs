//! `tplan status`: the work tree against `HEAD`, as a semantic summary.

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let status = ws.store.status().map_err(|e| ws.failure(e))?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &status)?,
        Format::Human => output::status::human(&status, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
