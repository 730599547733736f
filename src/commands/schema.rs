//! `tplan schema diff|check`: classify any JSON Schemas, and gate a static
//! Iglu registry's declared versions.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::Value;
use tplan_evolution::Options;
use tplan_evolution::iglu::registry::{BadRegistry, RegistryError, RegistryFile, check_registry};
use tplan_evolution::schema_diff::{SchemaFile, diff_schemas};

use super::diff::ProfileArg;
use crate::Ctx;
use crate::diagnostic::SourceDiagnostic;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::progress::Progress;
use crate::output::{self, schema as render};

/// `tplan schema …`
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Classify the change between two JSON Schema files (plain, or Iglu self-describing).
    #[command(
        after_help = "For two versions of an Iglu schema the declared bump is checked too: exit 1 when it is\nless than the changes need.\n\nExamples:\n  tplan schema diff old.json new.json\n  tplan schema diff schemas/com.acme/checkout/jsonschema/1-0-0 schemas/com.acme/checkout/jsonschema/1-0-1"
    )]
    Diff {
        /// The old schema file.
        old: PathBuf,
        /// The new schema file.
        new: PathBuf,
        /// The classification profile.
        #[arg(long, value_enum, default_value_t = ProfileArg::Default)]
        profile: ProfileArg,
        /// Column width for strings (warehouse-strict).
        #[arg(long)]
        string_width: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = super::Format::Human)]
        format: super::Format,
    },
    /// Check every version step of every schema in a static Iglu registry.
    #[command(
        after_help = "Exit codes: 0 every declared bump is enough, 1 one is too small, 2 bad input.\n\nExamples:\n  tplan schema check iglu-registry/\n  tplan schema check iglu-registry/ --format json"
    )]
    Check {
        /// The registry root (holding `schemas/`), or its `schemas` folder.
        #[arg(value_name = "DIR")]
        registry: PathBuf,
        /// The classification profile.
        #[arg(long, value_enum, default_value_t = ProfileArg::Default)]
        profile: ProfileArg,
        /// Column width for strings (warehouse-strict).
        #[arg(long)]
        string_width: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = super::Format::Human)]
        format: super::Format,
    },
}

/// Largest schema file read.
const MAX_SCHEMA_SIZE: u64 = 16 * 1024 * 1024;

/// Reads a JSON file; the error names the file and, for bad JSON, the line
/// and column.
fn read_json(path: &Path, shown: &str) -> Result<Value, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    if meta.len() > MAX_SCHEMA_SIZE {
        return Err(format!(
            "`{shown}` is {} bytes, over the {MAX_SCHEMA_SIZE}-byte limit for a schema",
            meta.len()
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("`{shown}` is not JSON: {e}"))
}

/// Runs `tplan schema diff` or `tplan schema check`.
pub fn run(cmd: SchemaCommand, ctx: &mut Ctx) -> CliResult {
    match cmd {
        SchemaCommand::Diff {
            old,
            new,
            profile,
            string_width,
            format,
        } => {
            let options = Options {
                profile: profile.into(),
                string_width,
            };
            diff(ctx, &old, &new, &options, format)
        }
        SchemaCommand::Check {
            registry,
            profile,
            string_width,
            format,
        } => {
            let options = Options {
                profile: profile.into(),
                string_width,
            };
            check(ctx, &registry, &options, format)
        }
    }
}

fn diff(
    ctx: &mut Ctx,
    old_path: &Path,
    new_path: &Path,
    options: &Options,
    format: super::Format,
) -> CliResult {
    let (old_name, new_name) = (
        old_path.display().to_string(),
        new_path.display().to_string(),
    );
    let read = |path: &Path, name: &str| {
        read_json(&ctx.cwd.join(path), name).map_err(|m| Failure::new(m, None))
    };
    let (old, new) = (read(old_path, &old_name)?, read(new_path, &new_name)?);
    let d = diff_schemas(
        SchemaFile {
            name: &old_name,
            schema: &old,
        },
        SchemaFile {
            name: &new_name,
            schema: &new,
        },
        options,
    )?;
    match format {
        super::Format::Json => output::json(&mut ctx.out, &d)?,
        super::Format::Human => render::diff(&d, ctx.style, &mut ctx.out)?,
    }
    Ok(if d.passed() { Exit::Ok } else { Exit::Found })
}

fn check(ctx: &mut Ctx, dir: &Path, options: &Options, format: super::Format) -> CliResult {
    let root = ctx.cwd.join(dir);
    let schemas = if root.join("schemas").is_dir() {
        root.join("schemas")
    } else {
        root.clone()
    };
    if !schemas.is_dir() {
        return Err(Failure::new(
            format!("`{}` is not a folder", dir.display()),
            Some("give the registry root, the folder holding `schemas/`".into()),
        ));
    }
    let progress = Progress::start("reading the registry");
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    walk(&schemas, &schemas, &mut files, &mut unreadable)?;
    drop(progress);
    let progress = Progress::start(format!("checking {} schema files", files.len()));
    let result = check_registry(files, unreadable, options);
    drop(progress);
    let c = result.map_err(bad_registry)?;
    match format {
        super::Format::Json => output::json(&mut ctx.out, &c)?,
        super::Format::Human => render::check(&c, ctx.style, &mut ctx.out)?,
    }
    Ok(if c.passed { Exit::Ok } else { Exit::Found })
}

/// Every bad file as its own diagnostic, then the verdict.
fn bad_registry(bad: BadRegistry) -> Failure {
    let diagnostics = bad
        .errors
        .iter()
        .map(|e| SourceDiagnostic::message(e.to_string(), None))
        .collect();
    Failure {
        diagnostics,
        ..Failure::diagnostic(bad)
    }
}

/// Collects every file under `dir` as `schemas/...` paths; unreadable or
/// non-JSON files are reported, never fatal on their own.
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<RegistryFile>,
    bad: &mut Vec<RegistryError>,
) -> Result<(), Failure> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", dir.display()), None))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!(
            "schemas/{}",
            path.strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/")
        );
        let kind = entry
            .file_type()
            .map_err(|e| Failure::new(format!("cannot read `{rel}`: {e}"), None))?;
        if kind.is_symlink() {
            bad.push(RegistryError::Bad {
                path: rel,
                message: "a symbolic link: registries are read as data, never followed".into(),
            });
        } else if kind.is_dir() {
            walk(root, &path, files, bad)?;
        } else {
            match read_json(&path, &rel) {
                Ok(schema) => files.push(RegistryFile { path: rel, schema }),
                Err(message) => bad.push(RegistryError::Unreadable(message)),
            }
        }
    }
    Ok(())
}
