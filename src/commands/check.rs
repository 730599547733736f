//! `tplan check`: the CI gate. Exit 1 when a change at or above
//! `--fail-on` is present.

use tplan_evolution::{CheckOptions, Class};

use super::diff::ProfileArg;
use crate::Ctx;
use crate::exit::{CliResult, Exit};
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
    /// The base revision (the branch a pull request targets; default: the
    /// default branch, from `origin/HEAD`, `init.defaultBranch` or the only
    /// branch).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
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

/// Runs `tplan check`: exit 1 when the check fails.
pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let base = match args.base {
        Some(base) => base,
        None => ws.store.default_branch()?.rev,
    };
    // Only JSON lists the release's every event.
    let json = matches!(args.format, CheckFormat::Json);
    let (old, new) = ws.load_pair(Some(&base), args.head.as_deref(), json)?;
    if let Some(problem) = ws.store.driver_state().problem() {
        crate::output::warn(&problem)?;
    }
    let options = CheckOptions {
        profile: args.profile.map(Into::into),
        fail_on: args.fail_on.into(),
    };
    // Positions are shown only by the JSON and GitHub formats.
    let located = matches!(args.format, CheckFormat::Json | CheckFormat::Github);
    let head_files = located.then_some(&new.source.files);
    let c = tplan_evolution::check(&old.plan, &new.plan, head_files, &options)?;
    match args.format {
        CheckFormat::Json => output::json(&mut ctx.out, &c)?,
        CheckFormat::Markdown => report::markdown(&c.report, &mut ctx.out)?,
        CheckFormat::Github => {
            let display = |f: &str| new.source.display_path(f);
            report::github(&c.report, c.fail_on, &display, &mut ctx.out)?
        }
        CheckFormat::Human => report::check(&c, ctx.style, &mut ctx.out)?,
    }
    Ok(if c.passed { Exit::Ok } else { Exit::Found })
}
