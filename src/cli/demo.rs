//! `tplan demo`: the user's journey in a temporary repository.

use crate::Ctx;
use crate::exit::{CliResult, Exit};

/// Arguments of `tplan demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep the demo repository instead of deleting it.
    #[arg(long)]
    pub keep: bool,
}

pub fn run(_args: Args, _ctx: &mut Ctx) -> CliResult {
    Ok(Exit::Ok)
}
