//! `tplan log` and `tplan blame`: the history of an event, a shared
//! property or the plan.

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// An event (key or name) or a shared property; `event:KEY` or
    /// `property:KEY` when a key is both. Without it: every plan change.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
    pub subject: Option<String>,
    /// Show at most N commits.
    #[arg(short = 'n', long = "max-count", value_name = "N")]
    pub limit: Option<usize>,
    /// Start from this revision (default: `HEAD`).
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan blame`.
#[derive(Debug, clap::Args)]
pub struct BlameArgs {
    /// The event (key or name).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::event_keys))]
    pub event: String,
    /// Blame the plan at this revision (default: `HEAD`).
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn log(args: LogArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    if args.limit == Some(0) {
        return Err(Failure::new(
            "`-n 0` shows nothing",
            Some("give a count of 1 or more".into()),
        ));
    }
    let (rev, query) = (&args.rev, args.subject.as_deref());
    if args.format == Format::Json {
        let report = ws
            .store
            .log_report(rev, query, args.limit)
            .map_err(|e| ws.failure(e))?;
        output::json(&mut ctx.out, &report)?;
        return Ok(Exit::Ok);
    }
    // Each commit is printed as soon as it is found, as `git log` does.
    let mut printer = output::log::Printer::new(&mut ctx.out, ctx.style);
    let subject = ws
        .store
        .log_stream(rev, query, args.limit, &mut |entry| {
            Ok(printer.entry(&entry))
        })
        .map_err(|e| ws.failure(e))?;
    printer.finish(&subject)?;
    Ok(Exit::Ok)
}

pub fn blame(args: BlameArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let report = ws
        .store
        .blame_report(&args.rev, &args.event)
        .map_err(|e| ws.failure(e))?;
    match args.format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::log::blame(&report, ctx.style, &mut ctx.out)?,
    }
    Ok(Exit::Ok)
}
