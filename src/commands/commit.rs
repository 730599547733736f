//! `tplan commit`: commit the plan folder on the current branch.

use std::io::Write;

use serde_json::json;
use tplan_lint::lint;
use tplan_plan::model::{Date, Severity};

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::{Workspace, plan_failure};

/// Arguments of `tplan commit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The commit message.
    #[arg(short, long)]
    pub message: String,
    /// Author as `Name <email>` (default: git's `user.name` and `user.email`).
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Commit even if `tplan lint` finds errors.
    #[arg(long)]
    pub no_verify: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Splits `Name <email>`.
pub fn parse_author(s: &str) -> Option<(String, String)> {
    tplan_plan::proposal::Person::parse(s)
        .ok()
        .map(|p| (p.name, p.email))
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let author = match &args.author {
        Some(a) => Some(parse_author(a).ok_or_else(|| {
            Failure::new(
                format!("`{a}` is not an author like `Pat PM <pat@acme.com>`"),
                None,
            )
        })?),
        None => None,
    };
    if args.message.trim().is_empty() {
        return Err(Failure::new(
            "the commit message is empty",
            Some("say what changed with `-m`".into()),
        ));
    }
    let ws = Workspace::discover(&ctx.cwd)?;
    let source = ws.read(None)?;
    if !args.no_verify {
        let loaded = tplan_schema::load(&source.files);
        if !loaded.errors.is_empty() {
            return Err(plan_failure(&loaded, &source));
        }
        let findings = lint(&loaded, &source.files, Date::today());
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        if errors > 0 {
            return Err(Failure::new(
                format!(
                    "`tplan lint` finds {} in the work tree; nothing was committed",
                    output::plural(errors, "error")
                ),
                Some(
                    "fix them (`tplan lint` shows where), or commit anyway with `--no-verify`"
                        .into(),
                ),
            ));
        }
    }
    let author_ref = author.as_ref().map(|(n, e)| (n.as_str(), e.as_str()));
    let rev = ws.store.commit_plan(&args.message, author_ref)?;
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({ "commit": rev.commit, "message": args.message }),
        )?,
        Format::Human => writeln!(
            ctx.out,
            "{} {} {}",
            ctx.style.green("Committed"),
            ctx.style.dim(&rev.short()),
            args.message.lines().next().unwrap_or("")
        )?,
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::parse_author;

    #[test]
    fn authors_parse_as_name_and_email() {
        assert_eq!(
            parse_author("Pat PM <pat@acme.com>"),
            Some(("Pat PM".into(), "pat@acme.com".into()))
        );
        assert_eq!(parse_author("pat@acme.com"), None);
        assert_eq!(parse_author("<pat@acme.com>"), None);
        assert_eq!(parse_author("Pat <>"), None);
    }
}
