//! `tplan export jsonschema|iglu|csv`: the plan's schemas in a folder, or
//! the plan as a spreadsheet.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::json;
use tplan_schema::{ExportKind, export};

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
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let at = ws.load(args.rev.as_deref())?;
    let plan = &at.plan;
    if matches!(args.target, Target::Csv | Target::Segment) {
        let text = match args.target {
            Target::Csv => tplan_formats::export::csv::to_csv(plan),
            _ => {
                let (segment, gaps) = tplan_formats::export::segment::to_segment(plan);
                warn_gaps(ctx, &gaps, "draft-07");
                let mut text = serde_json::to_string_pretty(&segment).expect("JSON serialises");
                text.push('\n');
                text
            }
        };
        match &args.out {
            None => ctx.out.write_all(text.as_bytes())?,
            Some(path) => {
                let path = ctx.cwd.join(path);
                write_file(&path, &text)?;
                writeln!(
                    ctx.out,
                    "{} {} to {}",
                    ctx.style.green("Wrote"),
                    output::plural(plan.events.len(), "event"),
                    path.display()
                )?;
            }
        }
        return Ok(Exit::Ok);
    }
    let Some(out) = &args.out else {
        return Err(Failure::new(
            "`--out DIR` is needed: the folder to write the schemas into",
            None,
        ));
    };
    let out_dir = ctx.cwd.join(out);
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Failure::new(
            format!("`{}` exists and is not a folder", out_dir.display()),
            None,
        ));
    }
    // Every schema is rendered before anything is written: a failure leaves
    // the folder as it was.
    let progress = Progress::start(format!("writing {} events", plan.events.len()));
    let files = match args.target {
        Target::Jsonschema => export(plan, ExportKind::JsonSchema),
        Target::Iglu => export(plan, ExportKind::Iglu),
        Target::Markdown | Target::Html => {
            let git = catalog_from_git(&ws, plan, args.rev.as_deref())?;
            if args.target == Target::Markdown {
                tplan_formats::export::catalog::markdown(plan, &git)
            } else {
                tplan_formats::export::catalog::html(plan, &git)
            }
        }
        Target::Csv | Target::Segment => unreachable!("written above"),
    };
    files
        .par_iter()
        .try_for_each(|(path, text)| write_file(&out_dir.join(path), text))?;
    drop(progress);
    // What the Iglu schemas cannot say, said once here as `tplan lint` does.
    let gaps: Vec<String> = if args.target == Target::Iglu {
        plan.events
            .values()
            .flat_map(|event| {
                tplan_schema::iglu_gaps(plan, event)
                    .into_iter()
                    .map(|gap| format!("the Iglu schema of `{}` cannot say {gap}", event.key))
            })
            .collect()
    } else {
        Vec::new()
    };
    if args.format == Format::Human {
        warn_gaps(ctx, &gaps, "draft-04");
    }
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({
                "out": out_dir.display().to_string(),
                "files": files.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
                "warnings": gaps,
            }),
        )?,
        Format::Human => writeln!(
            ctx.out,
            "{} {} to {} {}",
            ctx.style.green("Wrote"),
            output::plural(
                files.len(),
                match args.target {
                    Target::Jsonschema => "JSON Schema",
                    Target::Iglu => "Iglu schema",
                    _ => "catalog page",
                }
            ),
            out_dir.display(),
            ctx.style.dim(&format!("({})", at.source.origin())),
        )?,
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
) -> Result<tplan_formats::export::catalog::FromGit, Failure> {
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
    Ok(tplan_formats::export::catalog::FromGit {
        published: ws.store.published_versions(&plan.manifest.vendor)?,
        history,
        history_limit: HISTORY_PER_EVENT,
    })
}

/// Warns on standard error about keywords the exported draft cannot say:
/// its validators skip them, so the export accepts more than the plan.
fn warn_gaps(ctx: &Ctx, gaps: &[String], draft: &str) {
    for gap in gaps {
        eprintln!(
            "{}: {gap}: {draft} has no such keyword; its validators skip it",
            ctx.style.yellow("warning")
        );
    }
}
