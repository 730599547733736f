//! `tplan schema diff|check`: classify any JSON Schemas, and gate a static
//! Iglu registry's declared versions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde_json::{Value, json};
use tplan_evolution::classify::{Options, class_of, classify};
use tplan_evolution::iglu::{
    RegistryFile, Verdict, check_registry, check_step, declared_uri, to_2020_12,
};
use tplan_evolution::{Class, SchemaChange};

use super::diff::ProfileArg;
use crate::Ctx;
use crate::diagnostic::SourceDiagnostic;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::progress::Progress;
use crate::output::{self, Style};

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

fn change_lines(
    out: &mut dyn Write,
    style: &Style,
    changes: &[SchemaChange],
) -> std::io::Result<()> {
    for c in changes {
        let badge = format!("{:<8}", c.class.as_str());
        let badge = match c.class {
            Class::Model => style.red(&badge),
            Class::Revision => style.yellow(&badge),
            Class::Addition => style.green(&badge),
            _ => style.dim(&badge),
        };
        let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_string(), |v| v.to_string());
        writeln!(
            out,
            "  {badge} {}  {} -> {}  {}",
            if c.path.is_empty() { "(root)" } else { &c.path },
            show(&c.old),
            show(&c.new),
            style.dim(&format!("[{}]", c.rule.id))
        )?;
    }
    Ok(())
}

fn diff(
    ctx: &mut Ctx,
    old_path: &Path,
    new_path: &Path,
    options: &Options,
    format: super::Format,
) -> CliResult {
    let (old_shown, new_shown) = (
        old_path.display().to_string(),
        new_path.display().to_string(),
    );
    let old = read_json(&ctx.cwd.join(old_path), &old_shown).map_err(|m| Failure::new(m, None))?;
    let new = read_json(&ctx.cwd.join(new_path), &new_shown).map_err(|m| Failure::new(m, None))?;
    for (v, shown) in [(&old, &old_shown), (&new, &new_shown)] {
        if !v.is_object() && !v.is_boolean() {
            return Err(Failure::new(
                format!("`{shown}` is not a JSON Schema (an object or a boolean)"),
                None,
            ));
        }
    }
    match (declared_uri(&old), declared_uri(&new)) {
        (Some(a), Some(b)) => {
            if (&a.vendor, &a.name, &a.format) != (&b.vendor, &b.name, &b.format) {
                return Err(Failure::new(
                    format!(
                        "`{old_shown}` is `{a}` and `{new_shown}` is `{b}`: not two versions of one schema"
                    ),
                    None,
                ));
            }
            let step = check_step(&old, &new, a.version, b.version, options)
                .map_err(|e| Failure::new(format!("`{new_shown}`: {e}"), None))?
                .ok_or_else(|| {
                    Failure::new(
                        format!(
                            "version {} of `{new_shown}` does not come after {} of `{old_shown}`",
                            b.version, a.version
                        ),
                        None,
                    )
                })?;
            match format {
                super::Format::Json => output::json(
                    &mut ctx.out,
                    &json!({ "schema": format!("iglu:{}/{}/{}", b.vendor, b.name, b.format), "step": step }),
                )?,
                super::Format::Human => {
                    change_lines(&mut ctx.out, &ctx.style, &step.changes)?;
                    let line = step.explain();
                    let line = match step.verdict {
                        Verdict::Below => ctx.style.red(&line),
                        Verdict::Above => ctx.style.yellow(&line),
                        Verdict::Ok => ctx.style.green(&line),
                    };
                    writeln!(ctx.out, "{line}")?;
                }
            }
            Ok(if step.verdict == Verdict::Below {
                Exit::Found
            } else {
                Exit::Ok
            })
        }
        _ => {
            let changes = classify(&to_2020_12(&old), &to_2020_12(&new), options)
                .map_err(|e| Failure::new(format!("`{new_shown}`: {e}"), None))?;
            let class = class_of(&changes);
            match format {
                super::Format::Json => {
                    output::json(&mut ctx.out, &json!({ "class": class, "changes": changes }))?
                }
                super::Format::Human => {
                    change_lines(&mut ctx.out, &ctx.style, &changes)?;
                    writeln!(ctx.out, "{}: {class}", ctx.style.bold("class"))?;
                }
            }
            Ok(Exit::Ok)
        }
    }
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
    let mut bad = Vec::new();
    walk(&schemas, &schemas, &mut files, &mut bad)?;
    drop(progress);
    let progress = Progress::start(format!("checking {} schema files", files.len()));
    let result = check_registry(files, options);
    drop(progress);
    let report = match result {
        Ok(r) if bad.is_empty() => r,
        Ok(_) => return Err(input_errors(bad)),
        Err(errors) => {
            bad.extend(errors.iter().map(ToString::to_string));
            return Err(input_errors(bad));
        }
    };
    let failures = report.failures().count();
    match format {
        super::Format::Json => output::json(
            &mut ctx.out,
            &json!({ "passed": failures == 0, "failures": failures, "report": report }),
        )?,
        super::Format::Human => {
            let mut rows = Vec::new();
            for h in &report.schemas {
                for s in &h.steps {
                    let verdict = match s.verdict {
                        Verdict::Ok => "ok".to_string(),
                        Verdict::Above => "ok (more than needed)".to_string(),
                        Verdict::Below => format!("TOO SMALL: needs {}", s.needed),
                    };
                    rows.push(vec![
                        h.schema.clone(),
                        format!("{} -> {}", s.from, s.to),
                        s.computed.to_string(),
                        s.declared.to_string(),
                        verdict,
                    ]);
                }
            }
            if !rows.is_empty() {
                let plain: fn(&Style, &str) -> String = |_, v| v.to_string();
                let verdict: fn(&Style, &str) -> String = |s, v| {
                    if v.starts_with("TOO") {
                        s.red(v)
                    } else {
                        v.to_string()
                    }
                };
                output::table(
                    &mut ctx.out,
                    ctx.style,
                    &["SCHEMA", "STEP", "COMPUTED", "DECLARED", "VERDICT"],
                    &rows,
                    &[plain, plain, plain, plain, verdict],
                )?;
                writeln!(ctx.out)?;
            }
            for (h, s) in report.failures() {
                writeln!(
                    ctx.out,
                    "{} {}: {}",
                    ctx.style.red("error"),
                    h.schema,
                    s.explain()
                )?;
            }
            let steps: usize = report.schemas.iter().map(|h| h.steps.len()).sum();
            writeln!(
                ctx.out,
                "{} schemas, {} version steps: {}",
                report.schemas.len(),
                steps,
                if failures == 0 {
                    ctx.style.green("every declared bump is enough")
                } else {
                    ctx.style.red(&format!("{failures} too small"))
                }
            )?;
        }
    }
    Ok(if failures > 0 { Exit::Found } else { Exit::Ok })
}

/// Each bad file's message names the file.
fn input_errors(bad: Vec<String>) -> Failure {
    let n = bad.len();
    let diagnostics = bad
        .into_iter()
        .map(|text| SourceDiagnostic::message(text, None))
        .collect();
    Failure {
        diagnostics,
        report: SourceDiagnostic::message(
            format!(
                "the registry has {n} bad file{}; nothing was checked",
                if n == 1 { "" } else { "s" }
            ),
            None,
        )
        .into(),
        broken_pipe: false,
    }
}

/// Collects every file under `dir` as `schemas/...` paths; unreadable or
/// non-JSON files are reported, never fatal on their own.
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<RegistryFile>,
    bad: &mut Vec<String>,
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
            bad.push(format!(
                "{rel}: a symbolic link: registries are read as data, never followed"
            ));
        } else if kind.is_dir() {
            walk(root, &path, files, bad)?;
        } else {
            match read_json(&path, &rel) {
                Ok(schema) => files.push(RegistryFile { path: rel, schema }),
                // The message names the file.
                Err(message) => bad.push(message),
            }
        }
    }
    Ok(())
}
