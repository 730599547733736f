//! `tplan import csv`: bring an existing plan in. An import never
//! overwrites: it writes new files on a new branch and says what it could
//! not represent.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;
use tplan_core::tabular::{TEMPLATE, from_csv};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::render;
use crate::workspace::Workspace;

/// `tplan import …`
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// The spreadsheet: one row per event property (`--template` prints one).
    #[command(
        after_help = "Columns (headers in any order and case): event, event description, property, type,\nrequired, description, allowed values (separated by |), owner.\n\nExit codes: 0 imported, 1 imported with rows left out (listed), 2 refused (nothing written).\n\nExamples:\n  tplan import csv --template > plan.csv\n  tplan import csv plan.csv --branch import-spreadsheet"
    )]
    Csv(CsvArgs),
}

/// Arguments of `tplan import csv`.
#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// The CSV file.
    #[arg(required_unless_present = "template")]
    pub file: Option<PathBuf>,
    /// Print a template to fill in, and exit.
    #[arg(long)]
    pub template: bool,
    /// The branch the import is committed on (created from `HEAD`).
    #[arg(long, default_value = "import-csv")]
    pub branch: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(cmd: ImportCommand, ctx: &mut Ctx) -> CliResult {
    let ImportCommand::Csv(args) = cmd;
    if args.template {
        ctx.out.write_all(TEMPLATE.as_bytes())?;
        return Ok(Exit::Ok);
    }
    let file = ctx.cwd.join(args.file.as_ref().expect("clap requires it"));
    let bytes = std::fs::read(&file)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", file.display()), None))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            format!(
                "`{}` is not UTF-8 (byte {}); save it as CSV UTF-8",
                file.display(),
                e.utf8_error().valid_up_to() + 1
            ),
            None,
        )
    })?;
    let ws = Workspace::discover(&ctx.cwd)?;
    let dirty = ws.store.changed_plan_files()?;
    if !dirty.is_empty() {
        return Err(Failure::new(
            format!(
                "the plan has uncommitted changes ({}); an import starts from a committed plan",
                dirty
                    .iter()
                    .map(|c| format!("`{}`", c.path))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("commit them with `tplan commit -m MSG`, or `git stash` them".into()),
        ));
    }
    let current = ws.store.read_worktree()?;
    let import = from_csv(&text, &current)
        .map_err(|e| Failure::new(format!("`{}`: {e}", file.display()), None))?;
    if import.files.is_empty() {
        return Err(Failure::new(
            format!("nothing to import from `{}`", file.display()),
            Some(import.skipped.join("; ")).filter(|s| !s.is_empty()),
        ));
    }
    // A new branch, then the files, then one commit.
    ws.store.create_branch(&args.branch, None)?;
    ws.store.switch(&args.branch, false)?;
    let dir = ws.plan_dir();
    for (path, text) in &import.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
    }
    let message = format!(
        "Import {} events from {}",
        import.events.len(),
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let commit = ws.store.commit_plan(&message, None)?;
    let partial = !import.skipped.is_empty();
    match args.format {
        Format::Json => render::json(
            &mut ctx.out,
            &json!({
                "branch": args.branch,
                "commit": commit.commit,
                "events": import.events,
                "files": import.files.keys().collect::<Vec<_>>(),
                "renames": import.renames,
                "skipped": import.skipped,
            }),
        )?,
        Format::Human => {
            let s = ctx.style;
            writeln!(
                ctx.out,
                "{} {} on branch `{}` ({})",
                s.green("Imported"),
                render::plural(import.events.len(), "event"),
                args.branch,
                &commit.commit[..7]
            )?;
            if !import.renames.is_empty() {
                writeln!(ctx.out, "\nRenamed to become keys:")?;
                for (from, to) in &import.renames {
                    writeln!(ctx.out, "  {from}  ->  {to}")?;
                }
            }
            if partial {
                writeln!(ctx.out, "\n{}", s.yellow("Not imported:"))?;
                for why in &import.skipped {
                    writeln!(ctx.out, "  {why}")?;
                }
            }
            writeln!(
                ctx.out,
                "\nNext: `tplan lint` (the plan's naming and description rules), `tplan diff main {}`, `tplan propose`.",
                args.branch
            )?;
        }
    }
    Ok(if partial { Exit::Found } else { Exit::Ok })
}
