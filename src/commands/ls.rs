//! `tplan ls`: the events of a plan at a revision or in the work tree.

use serde_json::json;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output::{self, Style};
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
    let plan = &at.plan;
    match args.format {
        Format::Json => {
            let events: Vec<_> = plan
                .events
                .values()
                .map(|e| {
                    json!({
                        "key": e.key,
                        "name": e.name,
                        "owner": e.owner,
                        "status": e.status,
                        "properties": e.properties.len(),
                        "version": plan.version_of(e.key.as_str()).to_string(),
                        "id": e.id,
                    })
                })
                .collect();
            output::json(
                &mut ctx.out,
                &json!({
                    "plan": plan.manifest.name,
                    "vendor": plan.manifest.vendor,
                    "version": plan.manifest.version.to_string(),
                    "id": plan.id,
                    "events": events,
                }),
            )?;
        }
        Format::Human => {
            let rows: Vec<Vec<String>> = plan
                .events
                .values()
                .map(|e| {
                    vec![
                        e.key.to_string(),
                        e.name.clone(),
                        e.owner.as_ref().map_or("-".into(), |o| o.to_string()),
                        e.status.as_str().to_string(),
                        e.properties.len().to_string(),
                        plan.version_of(e.key.as_str()).to_string(),
                        e.id.short(),
                    ]
                })
                .collect();
            let status_style: fn(&Style, &str) -> String = |s, v| match v {
                "deprecated" => s.yellow(v),
                "draft" => s.dim(v),
                _ => v.to_string(),
            };
            let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
            let dim: fn(&Style, &str) -> String = |s, v| s.dim(v);
            output::table(
                &mut ctx.out,
                ctx.style,
                &["KEY", "NAME", "OWNER", "STATUS", "PROPS", "VERSION", "ID"],
                &rows,
                &[plain, plain, plain, status_style, plain, plain, dim],
            )?;
            writeln!(
                ctx.out,
                "\n{} in plan `{}` {} {}",
                output::plural(plan.events.len(), "event"),
                plan.manifest.name,
                plan.manifest.version,
                ctx.style.dim(&format!(
                    "({}, plan id {})",
                    at.source.origin(),
                    plan.id.short()
                )),
            )?;
        }
    }
    Ok(Exit::Ok)
}

use std::io::Write as _;
