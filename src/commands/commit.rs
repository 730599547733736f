//! `tplan commit`: commit the plan folder on the current branch.

use tplan_git::CommitOptions;
use tplan_plan::model::Date;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output;
use crate::workspace::Workspace;

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

/// `--author "Name <email>"`, checked.
pub fn author_arg(arg: Option<&str>) -> Result<Option<(String, String)>, Failure> {
    arg.map(|a| {
        parse_author(a).ok_or_else(|| {
            Failure::new(
                format!("`{a}` is not an author like `Pat PM <pat@acme.com>`"),
                None,
            )
        })
    })
    .transpose()
}

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let author = author_arg(args.author.as_deref())?;
    if args.message.trim().is_empty() {
        return Err(Failure::new(
            "the commit message is empty",
            Some("say what changed with `-m`".into()),
        ));
    }
    let ws = Workspace::for_write(&ctx.cwd)?;
    let options = CommitOptions {
        message: &args.message,
        author: author.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
        verify: !args.no_verify,
        today: Date::today(),
    };
    let report = ws.store.commit(&options).map_err(|e| ws.failure(e))?;
    if let Some(base) = &report.bypasses_review {
        output::warn(&format!(
            "`{base}` is the default branch: this commit bypasses review; next time work on a branch (`tplan switch -c NAME`) and `tplan propose` it"
        ))?;
    }
    match args.format {
        Format::Json => output::json(&mut ctx.out, &report)?,
        Format::Human => output::commit::human(&report, ctx.style, &mut ctx.out)?,
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
