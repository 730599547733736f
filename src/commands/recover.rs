//! `tplan recover`: finish (or undo) an operation a killed tplan left
//! half-done, and remove the lock files it left behind.

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan recover`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Undo the interrupted operation instead of finishing it: every ref
    /// it moved goes back.
    #[arg(long)]
    pub abort: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::locate(&ctx.cwd)?;
    let recovery = ws.store.recover(args.abort)?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &recovery)?,
        Format::Human => output::recover::human(&recovery, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
