//! `tplan lint`: structural errors and plan rules, at a revision or in the
//! work tree.

use std::io::Write;

use serde_json::json;
use tplan_lint::{Finding, lint};
use tplan_plan::model::{Date, Severity};

use crate::Ctx;
use crate::diagnostic::SourceDiagnostic;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::output::progress::Progress;
use crate::workspace::{Source, Workspace};

/// Output formats of `tplan lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// Each finding with its source line.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Arguments of `tplan lint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Lint the plan at this revision instead of the work tree.
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let source = ws.read(args.rev.as_deref())?;
    let (loaded, findings) = {
        let _progress = Progress::start(format!("linting {} files", source.files.len()));
        let loaded = tplan_schema::load(&source.files);
        let findings = lint(&loaded, &source.files, Date::today());
        (loaded, findings)
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    match args.format {
        LintFormat::Json => output::json(
            &mut ctx.out,
            &json!({
                "revision": source.rev,
                "events": loaded.plan.events.len(),
                "errors": errors,
                "warnings": warnings,
                "findings": findings.iter().map(|f| finding_json(f, &source)).collect::<Vec<_>>(),
            }),
        )?,
        LintFormat::Github => {
            for f in &findings {
                let level = if f.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                let mut props = format!("file={}", escape_property(&source.display_path(&f.file)));
                if let Some(s) = f.span {
                    props.push_str(&format!(",line={},col={}", s.line, s.col));
                }
                props.push_str(&format!(",title={}", escape_property(&f.rule)));
                writeln!(ctx.out, "::{level} {props}::{}", escape_data(&f.message))?;
            }
        }
        LintFormat::Human => {
            let display = |f: &str| source.display(f);
            for f in &findings {
                let d = SourceDiagnostic::in_file(f, &f.file, f.span, &source.files, &display);
                writeln!(ctx.out, "{:?}", miette::Report::new(d))?;
            }
            let s = ctx.style;
            let verdict = if errors > 0 {
                s.red(&output::plural(errors, "error"))
            } else {
                s.green("no errors")
            };
            writeln!(
                ctx.out,
                "{}: {verdict}, {} {}",
                s.bold("lint"),
                output::plural(warnings, "warning"),
                s.dim(&format!(
                    "({} {})",
                    output::plural(loaded.plan.events.len(), "event"),
                    source.origin()
                )),
            )?;
        }
    }
    Ok(if errors > 0 { Exit::Found } else { Exit::Ok })
}

fn finding_json(f: &Finding, source: &Source) -> serde_json::Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "file": source.display_path(&f.file),
        "line": f.span.map(|s| s.line),
        "col": f.span.map(|s| s.col),
        "message": f.message,
        "help": f.help,
    })
}

/// Escapes a workflow command's data (GitHub's `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
