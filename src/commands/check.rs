//! `tplan check`: the CI gate. Exit 1 when a change at or above
//! `--fail-on` is present.

use tplan_evolution::{Class, DiffOptions, diff_plans, locate::locate};

use super::diff::ProfileArg;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::{self, report};
use crate::workspace::Workspace;

/// The class at which `check` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Breaks all historical data (the default).
    Model,
    /// May break some historical data.
    Revision,
    /// Any schema change.
    Addition,
}

impl From<FailOn> for Class {
    fn from(f: FailOn) -> Class {
        match f {
            FailOn::Model => Class::Model,
            FailOn::Revision => Class::Revision,
            FailOn::Addition => Class::Addition,
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// For people.
    Human,
    /// The report as JSON, with the verdict.
    Json,
    /// A pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands at the lines of the head plan.
    Github,
}

/// Arguments of `tplan check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The base revision (the branch a pull request targets).
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// The head revision (default: the work tree).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Fail (exit 1) on a change of this class or above.
    #[arg(long, value_enum, default_value_t = FailOn::Model)]
    pub fail_on: FailOn,
    /// Classify under this profile instead of the head's `[policy] profile`.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let (old, new) = super::diff::sides(&ws, Some(&args.base), args.head.as_deref())?;
    let options = DiffOptions {
        profile: args.profile.map(Into::into),
        ..Default::default()
    };
    let mut r = diff_plans(&old.plan, &new.plan, &options)
        .map_err(|e| Failure::new(e.to_string(), None))?;
    // Positions are shown only by the JSON and GitHub formats; finding them
    // re-reads the changed files.
    if matches!(args.format, CheckFormat::Json | CheckFormat::Github) {
        locate(&mut r, &new.source.files);
    }
    let threshold: Class = args.fail_on.into();
    let fails = r.fails(threshold);
    match args.format {
        CheckFormat::Json => output::json(
            &mut ctx.out,
            &serde_json::json!({ "fail_on": threshold, "passed": !fails, "report": r }),
        )?,
        CheckFormat::Markdown => report::markdown(&r, &mut ctx.out)?,
        CheckFormat::Github => {
            report::github(&r, threshold, &|f| new.source.display_path(f), &mut ctx.out)?
        }
        CheckFormat::Human => {
            report::human(&r, ctx.style, false, &mut ctx.out)?;
            let s = ctx.style;
            let verdict = if fails {
                s.red(&format!("check failed: changes at or above `{threshold}`"))
            } else {
                s.green(&format!("check passed: nothing at or above `{threshold}`"))
            };
            writeln!(ctx.out, "{verdict}")?;
        }
    }
    Ok(if fails { Exit::Found } else { Exit::Ok })
}

use std::io::Write as _;
