//! `tplan lint`: structural errors and plan rules, at a revision or in the
//! work tree.

use tplan_plan::model::Date;

use crate::Ctx;
use crate::exit::{CliResult, Exit};
use crate::output;
use crate::output::progress::Progress;
use crate::workspace::Workspace;

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
    let report = {
        let _progress = Progress::start(format!("linting {} files", source.files.len()));
        tplan_lint::report(&source.files, Date::today(), source.rev.clone())
    };
    match args.format {
        LintFormat::Json => output::json(&mut ctx.out, &report)?,
        LintFormat::Github => output::lint::github(&report, &source, &mut ctx.out)?,
        LintFormat::Human => output::lint::human(&report, &source, ctx.style, &mut ctx.out)?,
    }
    Ok(if report.fails() {
        Exit::Found
    } else {
        Exit::Ok
    })
}
