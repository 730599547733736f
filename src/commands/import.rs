//! `tplan import csv|iglu|jsonschema|segment`: bring an existing plan in.
//! An import never overwrites: it writes new files on a new branch and says
//! what it could not represent.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tplan_formats::csv::TEMPLATE;
use tplan_formats::import::{self, Import, ImportError};
use tplan_plan::PlanFiles;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::output::progress::Progress;
use crate::staging::Staging;
use crate::workspace::Workspace;

/// `tplan import …`
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// The spreadsheet: one row per event property (`--template` prints one).
    #[command(
        after_help = "Columns (headers in any order and case): event, event description, property, type,\nrequired, description, allowed values (separated by |), owner.\n\nExit codes: 0 imported, 1 imported with rows left out (listed), 2 refused (nothing written).\n\nExamples:\n  tplan import csv --template > plan.csv\n  tplan import csv plan.csv --branch import-spreadsheet"
    )]
    Csv(CsvArgs),
    /// A static Iglu registry: each schema's latest version becomes an event.
    #[command(
        after_help = "DIR is the registry (holding `schemas/<vendor>/<name>/jsonschema/<M-R-A>`) or its\n`schemas` folder. What the plan's keys cannot say is kept verbatim under `schema_extra`;\n`tplan.lock` records the imported versions, so the next publish continues from them.\n\nExit codes: 0 imported, 1 imported with schemas left out (listed), 2 refused (nothing written).\n\nExample:\n  tplan import iglu ../iglu-registry --vendor com.acme"
    )]
    Iglu(IgluArgs),
    /// JSON Schema files (or folders of `*.json`), one event each.
    #[command(
        after_help = "The key comes from the file name, the event name from `title`, the dialect from\n`$schema` (2020-12 when absent).\n\nExit codes: 0 imported, 1 imported with files left out (listed), 2 refused (nothing written).\n\nExample:\n  tplan import jsonschema schemas/"
    )]
    Jsonschema(JsonSchemaArgs),
    /// A Segment Protocols tracking plan (JSON, as Segment's APIs export it).
    #[command(
        after_help = "Both shapes: the Config API's `rules.events[]` and the Public API's `rules[]`\n(TRACK, IDENTIFY, GROUP). Identify and group traits become the events `Identify` and `Group`.\n\nExit codes: 0 imported, 1 imported with parts left out (listed), 2 refused (nothing written).\n\nExample:\n  tplan import segment tracking-plan.json"
    )]
    Segment(SegmentArgs),
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

/// Arguments of `tplan import iglu`.
#[derive(Debug, clap::Args)]
pub struct IgluArgs {
    /// The registry folder.
    pub dir: PathBuf,
    /// The vendor to import (needed when the registry holds several).
    #[arg(long)]
    pub vendor: Option<String>,
    /// The branch the import is committed on (created from `HEAD`).
    #[arg(long, default_value = "import-iglu")]
    pub branch: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan import jsonschema`.
#[derive(Debug, clap::Args)]
pub struct JsonSchemaArgs {
    /// Files, or folders whose `*.json` files are read (recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The branch the import is committed on (created from `HEAD`).
    #[arg(long, default_value = "import-jsonschema")]
    pub branch: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan import segment`.
#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// The tracking plan JSON file.
    pub file: PathBuf,
    /// The branch the import is committed on (created from `HEAD`).
    #[arg(long, default_value = "import-segment")]
    pub branch: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(cmd: ImportCommand, ctx: &mut Ctx) -> CliResult {
    match cmd {
        ImportCommand::Csv(args) => csv(args, ctx),
        ImportCommand::Iglu(args) => iglu(args, ctx),
        ImportCommand::Jsonschema(args) => jsonschema(args, ctx),
        ImportCommand::Segment(args) => segment(args, ctx),
    }
}

fn csv(args: CsvArgs, ctx: &mut Ctx) -> CliResult {
    if args.template {
        ctx.out.write_all(TEMPLATE.as_bytes())?;
        return Ok(Exit::Ok);
    }
    let file = ctx.cwd.join(args.file.as_ref().expect("clap requires it"));
    let input = open(&file)?;
    let shown = file.display().to_string();
    // Read as a stream, twice: rows are indexed, then each event's read back.
    let import = |current: &PlanFiles, sink: &mut Staging| {
        Ok(import::csv::import(input, current, &shown, sink)?)
    };
    import_file(ctx, &args.branch, args.format, &file, import)
}

fn iglu(args: IgluArgs, ctx: &mut Ctx) -> CliResult {
    let dir = ctx.cwd.join(&args.dir);
    // The registry root holds `schemas/`; its `schemas` folder works too.
    let root = if dir.join("schemas").is_dir() {
        dir.clone()
    } else if dir.file_name().is_some_and(|n| n == "schemas") && dir.is_dir() {
        dir.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        return Err(ImportError::NotRegistry {
            dir: dir.display().to_string(),
        }
        .into());
    };
    let files = read_tree(&root.join("schemas"), &root, &|_| true)?;
    let ws = Workspace::for_write(&ctx.cwd)?;
    let current = committed_plan(&ws)?;
    let mut staging = Staging::new(&ws)?;
    let progress = Progress::start(format!("checking {} schema files", files.len()));
    let registry = import::iglu::Registry::read(files);
    drop(progress);
    let dir_shown = dir.display().to_string();
    let import = import::iglu::import(
        &registry,
        args.vendor.as_deref(),
        &current,
        &dir_shown,
        &mut staging,
    )?;
    let source = format!("Iglu registry {}", file_name(&dir));
    finish(
        ctx,
        &ws,
        &args.branch,
        args.format,
        import,
        &source,
        staging,
    )
}

fn jsonschema(args: JsonSchemaArgs, ctx: &mut Ctx) -> CliResult {
    let mut files = Vec::new();
    for path in &args.paths {
        let full = ctx.cwd.join(path);
        if full.is_dir() {
            files.extend(read_tree(&full, &ctx.cwd, &|p: &Path| {
                p.extension().is_some_and(|e| e == "json")
            })?);
        } else {
            files.push((path.to_string_lossy().replace('\\', "/"), read(&full)?));
        }
    }
    if files.is_empty() {
        return Err(Failure::new("no `*.json` file in the paths given", None));
    }
    let ws = Workspace::for_write(&ctx.cwd)?;
    let current = committed_plan(&ws)?;
    let mut staging = Staging::new(&ws)?;
    let progress = Progress::start(format!("reading {} schema files", files.len()));
    let import = import::jsonschema::import(files, &current, &mut staging)?;
    drop(progress);
    finish(
        ctx,
        &ws,
        &args.branch,
        args.format,
        import,
        "JSON Schema files",
        staging,
    )
}

fn segment(args: SegmentArgs, ctx: &mut Ctx) -> CliResult {
    let file = ctx.cwd.join(&args.file);
    let input = std::io::BufReader::new(open(&file)?);
    let shown = file.display().to_string();
    // Converted rules wait in an unnamed temporary file until the whole
    // plan is read and the latest version of each is known.
    let import = |current: &PlanFiles, sink: &mut Staging| {
        let mut spool = tempfile::tempfile()?;
        Ok(import::segment::import(
            input, current, &shown, &mut spool, sink,
        )?)
    };
    import_file(ctx, &args.branch, args.format, &file, import)
}

/// Imports one file into the committed plan, on a new branch: `import`
/// writes into a staging folder, committed only when it is done.
fn import_file(
    ctx: &mut Ctx,
    branch: &str,
    format: Format,
    file: &Path,
    import: impl FnOnce(&PlanFiles, &mut Staging) -> Result<Import, Failure>,
) -> CliResult {
    let ws = Workspace::for_write(&ctx.cwd)?;
    let current = committed_plan(&ws)?;
    let mut staging = Staging::new(&ws)?;
    let progress = Progress::start(format!("importing {}", file_name(file)));
    let import = import(&current, &mut staging);
    drop(progress);
    finish(ctx, &ws, branch, format, import?, &file_name(file), staging)
}

fn open(path: &Path) -> Result<File, Failure> {
    File::open(path)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", path.display()), None))
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", path.display()), None))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every file under `dir` that `keep` accepts, as `(path relative to
/// `base` with `/`, bytes)`, hidden files and folders skipped, sorted.
fn read_tree(
    dir: &Path,
    base: &Path,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", d.display()), None))?;
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && keep(&path) {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, read(&path)?));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The committed plan's files; refuses a plan with uncommitted changes.
fn committed_plan(ws: &Workspace) -> Result<PlanFiles, Failure> {
    let dirty = ws.store.changed_plan_files()?;
    if !dirty.is_empty() {
        return Err(ImportError::Uncommitted {
            files: dirty
                .iter()
                .map(|c| format!("`{}`", c.path))
                .collect::<Vec<_>>()
                .join(", "),
        }
        .into());
    }
    Ok(ws.store.read_worktree()?)
}

/// Writes the import on a new branch in one commit, and reports it.
fn finish(
    ctx: &mut Ctx,
    ws: &Workspace,
    branch: &str,
    format: Format,
    import: Import,
    source: &str,
    staging: Staging,
) -> CliResult {
    let import = import.nonempty(source)?;
    let from = ws
        .store
        .head()?
        .branch()
        .map_or_else(|| "HEAD".to_string(), |b| b.to_string());
    // One commit on a new branch, checked out: all of it or nothing.
    let branch_name = tplan_git::BranchName::new(branch)?;
    // Each staged file is read back and hashed one at a time.
    let files = import.files.iter().map(|path| staging.read(path));
    let commit =
        ws.store
            .commit_on_new_branch(&branch_name, files, &import.commit_message(source), None)?;
    let partial = import.partial();
    let report = import.report(branch, &commit.commit.to_string(), &from);
    match format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::import::human(&report, ctx.style, &mut ctx.out)?,
    }
    Ok(if partial { Exit::Found } else { Exit::Ok })
}
