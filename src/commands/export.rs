//! `tplan export jsonschema|iglu|csv`: the plan's schemas in a folder, or
//! the plan as a spreadsheet.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tplan_formats::export::{self, catalog::FromGit};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::output::progress::Progress;
use crate::workspace::Workspace;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// One JSON Schema (draft 2020-12) per event: `DIR/<event>.json`.
    Jsonschema,
    /// A static Iglu registry: `DIR/schemas/<vendor>/<event>/jsonschema/<M-R-A>`.
    Iglu,
    /// The spreadsheet: one row per event property (`--out FILE`, or standard output).
    Csv,
    /// A Segment Protocols tracking plan, JSON (`--out FILE`, or standard output).
    Segment,
    /// A catalog in Markdown: `DIR/index.md` and `DIR/events/<key>.md`.
    Markdown,
    /// A static HTML catalog with search: `DIR/index.html` and `DIR/events/<key>.html`.
    Html,
}

/// Arguments of `tplan export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export.
    #[arg(value_enum)]
    pub target: Target,
    /// The folder to write into (created if missing); for `csv`, the file
    /// (default: standard output).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Export the plan at this revision instead of the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Only the events planned for this source (`sources = [...]`).
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

impl From<Target> for export::Target {
    fn from(t: Target) -> export::Target {
        match t {
            Target::Jsonschema => export::Target::JsonSchema,
            Target::Iglu => export::Target::Iglu,
            Target::Csv => export::Target::Csv,
            Target::Segment => export::Target::Segment,
            Target::Markdown => export::Target::Markdown,
            Target::Html => export::Target::Html,
        }
    }
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let mut at = ws.load(args.rev.as_deref())?;
    if let Some(source) = &args.source {
        at.plan.keep_source(source);
    }
    let plan = &at.plan;
    let target = export::Target::from(args.target);
    let out_dir = match (&args.out, target.is_one_file()) {
        (None, false) => {
            return Err(Failure::new(
                "`--out DIR` is needed: the folder to write the schemas into",
                None,
            ));
        }
        (Some(out), false) if ctx.cwd.join(out).exists() && !ctx.cwd.join(out).is_dir() => {
            return Err(Failure::new(
                format!(
                    "`{}` exists and is not a folder",
                    ctx.cwd.join(out).display()
                ),
                None,
            ));
        }
        (out, _) => out.as_ref().map(|o| ctx.cwd.join(o)),
    };
    let git = if target.needs_git() {
        catalog_from_git(&ws, plan, args.rev.as_deref())?
    } else {
        FromGit::default()
    };
    // Every file is rendered before anything is written: a failure leaves
    // the folder as it was.
    let progress = (!target.is_one_file())
        .then(|| Progress::start(format!("writing {} events", plan.events.len())));
    // Iglu schemas carry versions: an event changed since its publish
    // gets the one its release will give, never the published one.
    let released;
    let plan = match target {
        export::Target::Iglu => match ws.store.release_lock(plan)? {
            Some(lock) => {
                released = tplan_plan::Plan {
                    lock,
                    ..plan.clone()
                };
                &released
            }
            None => plan,
        },
        _ => plan,
    };
    let rendered = export::export(plan, target, &git);
    let draft = target.draft().unwrap_or_default();
    if target.is_one_file() {
        output::export::warnings(&rendered.warnings, draft, ctx.style, &mut std::io::stderr())?;
        let text = &rendered.files[0].1;
        match &out_dir {
            None => ctx.out.write_all(text.as_bytes())?,
            Some(path) => {
                write_file(path, text)?;
                let to = path.display().to_string();
                output::export::wrote(
                    plan.events.len(),
                    "event",
                    &to,
                    None,
                    ctx.style,
                    &mut ctx.out,
                )?;
            }
        }
        return Ok(Exit::Ok);
    }
    let out_dir = out_dir.expect("a folder target has --out");
    rendered
        .files
        .par_iter()
        .try_for_each(|(path, text)| write_file(&out_dir.join(path), text))?;
    drop(progress);
    let to = out_dir.display().to_string();
    match args.format {
        Format::Json => output::json(&mut ctx.out, &rendered.report(to))?,
        Format::Human => {
            output::export::warnings(&rendered.warnings, draft, ctx.style, &mut std::io::stderr())?;
            let origin = at.source.origin();
            output::export::wrote(
                rendered.files.len(),
                target.noun(),
                &to,
                Some(&origin),
                ctx.style,
                &mut ctx.out,
            )?
        }
    }
    Ok(Exit::Ok)
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    // Skip unchanged files: re-exports stay cheap and keep timestamps.
    if fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    fs::write(path, text)
}

/// Commits shown per event on catalog pages, and how far back the one
/// shared history walk goes.
const HISTORY_PER_EVENT: usize = 10;
const HISTORY_COMMITS: usize = 20_000;

/// Published versions and recent commits, for the catalog.
fn catalog_from_git(
    ws: &Workspace,
    plan: &tplan_plan::Plan,
    rev: Option<&str>,
) -> Result<FromGit, Failure> {
    let histories =
        ws.store
            .event_histories(rev.unwrap_or("HEAD"), HISTORY_PER_EVENT, HISTORY_COMMITS)?;
    let history = histories
        .events
        .into_iter()
        .map(|(key, commits)| {
            let changes = commits
                .iter()
                .map(|c| tplan_formats::export::catalog::Change {
                    commit: c.short().to_string(),
                    date: c.date.clone(),
                    author: c.author.clone(),
                    summary: c.summary.clone(),
                })
                .collect();
            (key, changes)
        })
        .collect();
    // Each event's versions, under its own vendor.
    let vendors: std::collections::BTreeSet<&str> =
        plan.events.values().map(|e| plan.vendor_of(e)).collect();
    let mut published = std::collections::BTreeMap::new();
    for vendor in vendors {
        for (key, versions) in ws.store.published_versions(vendor)? {
            let ours = plan
                .events
                .get(key.as_str())
                .is_some_and(|e| plan.vendor_of(e) == vendor);
            if ours {
                published.insert(key, versions);
            }
        }
    }
    Ok(FromGit {
        published,
        history,
        history_limit: HISTORY_PER_EVENT,
    })
}
