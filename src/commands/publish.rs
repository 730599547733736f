//! `tplan publish`: an approved proposal becomes a plan release.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tplan_evolution::Class;
use tplan_git::{PublishOptions, PublishOutcome, PublishRequest};

use super::Format;
use super::proposal::actor;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::workspace::Workspace;

/// Arguments of `tplan publish`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The proposal's number.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::completion::proposal_numbers))]
    pub number: u64,
    /// Compute and show the release; move no ref, write no file.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write the registry (every published schema) to this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publish an event with a higher class than computed
    /// (`checkout_completed=model`); never lower.
    #[arg(long = "bump", value_name = "EVENT=CLASS", value_parser = parse_bump)]
    pub bumps: Vec<(String, Class)>,
    /// Publish as this person instead of the configured git identity.
    #[arg(long = "as", value_name = "NAME <EMAIL>")]
    pub actor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn parse_bump(text: &str) -> Result<(String, Class), String> {
    let (event, class) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not EVENT=CLASS (like `order_completed=model`)"))?;
    tplan_plan::Key::new(event).map_err(|e| e.to_string())?;
    // A bump names a version digit: `metadata` and `none` raise nothing.
    let class = Class::parse(class)
        .filter(|c| matches!(c, Class::Model | Class::Revision | Class::Addition))
        .ok_or_else(|| format!("`{class}` is not a class: model, revision or addition"))?;
    Ok((event.to_string(), class))
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let request = PublishRequest {
        options: PublishOptions {
            bumps: args.bumps.iter().cloned().collect::<BTreeMap<_, _>>(),
            actor: who.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
            today: None,
        },
        dry_run: args.dry_run,
        out: args.out.as_deref(),
    };
    match ws.store.publish(args.number.into(), &request)? {
        PublishOutcome::Published(report) => {
            match args.format {
                Format::Json => output::json(&mut ctx.out, &report)?,
                Format::Human => output::publish::human(&report, ctx.style, &mut ctx.out)?,
            }
            Ok(Exit::Ok)
        }
        // Not bad input: the gate said no. Exit 1, as a failed check.
        PublishOutcome::Refused(refusal) => {
            match args.format {
                Format::Json => output::json(&mut ctx.out, &refusal)?,
                Format::Human => {
                    output::publish::refused(&refusal, ctx.style, &mut std::io::stderr().lock())?
                }
            }
            Ok(Exit::Found)
        }
    }
}
