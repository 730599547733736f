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
    /// Only the events planned for this source (`sources = [...]`).
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let at = ws.load(args.rev.as_deref())?;
    let mut listing = Listing::of(&at.plan);
    if let Some(source) = &args.source {
        if !at.plan.sources.is_empty() && !at.plan.sources.contains_key(source.as_str()) {
            let known = at.plan.sources.keys().map(|k| k.as_str());
            let hint = tplan_plan::error::suggest(source, known)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| "the plan's sources are the files in `sources/`".into());
            return Err(crate::exit::Failure::new(
                format!("no source `{source}` in the plan {}", at.source.origin()),
                Some(hint),
            ));
        }
        listing.keep_source(&at.plan, source);
    }
    match args.format {
        Format::Json => output::json(&mut ctx.out, &listing)?,
        Format::Human => output::ls::human(&listing, &at.source.origin(), ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
