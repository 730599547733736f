//! `tplan publish`: an approved proposal becomes a plan release.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use serde_json::json;
use tplan_evolution::Class;
use tplan_git::{PublishOptions, StoreError};

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
    let class = match class {
        "model" => Class::Model,
        "revision" => Class::Revision,
        "addition" => Class::Addition,
        other => {
            return Err(format!(
                "`{other}` is not a class: model, revision or addition"
            ));
        }
    };
    Ok((event.to_string(), class))
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let who = actor(&args.actor)?;
    let who_ref = who.as_ref().map(|(n, e)| (n.as_str(), e.as_str()));
    let options = PublishOptions {
        bumps: args.bumps.iter().cloned().collect::<BTreeMap<_, _>>(),
        actor: who_ref,
        today: None,
    };
    let prepared = match ws.store.prepare_publish(args.number.into(), &options) {
        Ok(p) => p,
        // Not bad input: the gate said no. Exit 1, as a failed check.
        Err(e @ (StoreError::PolicyNotMet { .. } | StoreError::PublishConflicts { .. })) => {
            return refused(e, args.format, ctx);
        }
        Err(e) => return Err(e.into()),
    };
    if !args.dry_run {
        ws.store
            .apply_publish(&prepared, who_ref, args.out.as_deref())?;
    }
    let r = &prepared.release;
    if args.format == Format::Json {
        output::json(
            &mut ctx.out,
            &json!({
                "dry_run": args.dry_run,
                "proposal": prepared.number,
                "version": r.version.to_string(),
                "bump": r.bump,
                "tag": prepared.tag,
                "commit": prepared.commit.to_string(),
                "base": prepared.base,
                "events": r.events,
                "schemas": prepared.schemas.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                "changelog": prepared.changelog,
            }),
        )?;
        return Ok(Exit::Ok);
    }
    let s = ctx.style;
    let out = &mut ctx.out;
    let verb = if args.dry_run {
        "Would publish"
    } else {
        "Published"
    };
    writeln!(
        out,
        "{} plan {} from proposal #{} ({})",
        s.bold(verb),
        s.bold(&r.version.to_string()),
        prepared.number,
        prepared.title
    )?;
    writeln!(
        out,
        "  commit {} on `{}`, tag {}",
        &prepared.commit.to_string()[..7],
        prepared.base,
        prepared.tag
    )?;
    let rows: Vec<Vec<String>> = r
        .events
        .iter()
        .map(|e| {
            let from = e
                .old_version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into());
            let to = e
                .version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into());
            let class = if e.raised {
                format!("{} (raised)", e.class)
            } else {
                e.class.clone()
            };
            vec![format!("  {}", e.key), from, to, class]
        })
        .collect();
    let all_first = r.events.iter().all(|e| e.class == "added");
    if all_first && r.events.len() > 8 {
        // A first release: a table of 5,000 identical rows says nothing.
        writeln!(
            out,
            "  {} first published at 1-0-0 ({}, …)",
            output::plural(r.events.len(), "event"),
            r.events
                .iter()
                .take(3)
                .map(|e| e.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    } else {
        output::table(out, s, &["  EVENT", "FROM", "TO", "CLASS"], &rows, &[])?;
    }
    writeln!(
        out,
        "  tplan.lock, tplan.toml (version {}) and {} in the commit",
        r.version, prepared.changelog_path
    )?;
    writeln!(
        out,
        "  {} added to the registry on {}",
        output::plural(prepared.schemas.len(), "schema"),
        tplan_git::REGISTRY_REF
    )?;
    if args.dry_run {
        writeln!(out, "\n{}", prepared.changelog.trim_end())?;
        writeln!(
            out,
            "\nNothing was written. Run without `--dry-run` to publish."
        )?;
    } else {
        if let Some(dir) = &args.out {
            writeln!(out, "  registry written to {}", dir.display())?;
        }
        writeln!(
            out,
            "Share it: git push origin {} {} 'refs/tplan/*:refs/tplan/*'",
            prepared.base, prepared.tag
        )?;
    }
    Ok(Exit::Ok)
}

fn refused(e: StoreError, format: Format, ctx: &mut Ctx) -> CliResult {
    let (reasons, files) = match &e {
        StoreError::PolicyNotMet { unmet, .. } => (unmet.clone(), Vec::new()),
        StoreError::PublishConflicts { details, files } => (details.clone(), files.clone()),
        _ => (Vec::new(), Vec::new()),
    };
    if format == Format::Json {
        output::json(
            &mut ctx.out,
            &json!({ "published": false, "error": e.to_string(), "reasons": reasons, "files": files }),
        )?;
    } else {
        let help = miette::Diagnostic::help(&e)
            .map(|h| format!("\n  help: {h}"))
            .unwrap_or_default();
        let mut text = format!("publish refused: {e}");
        if matches!(e, StoreError::PublishConflicts { .. }) {
            for d in &reasons {
                text.push_str(&format!("\n  {d}"));
            }
        }
        eprintln!("{}{help}", ctx.style.red(&text));
    }
    Ok(Exit::Found)
}
