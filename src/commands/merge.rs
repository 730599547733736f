//! `tplan merge`, the git merge driver `tplan merge-file`, and
//! `tplan setup-git`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;
use tplan_evolution::merge::{self as three_way, Conflict, Labels};
use tplan_evolution::{DiffOptions, diff_plans};
use tplan_git::{MergeOptions, MergeOutcome};
use tplan_lint::lint;
use tplan_plan::model::{Date, Severity};

use super::Format;
use super::commit::parse_author;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::{self, Style, report};
use crate::workspace::{Workspace, plan_failure};

/// Arguments of `tplan merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The branch, tag or commit to merge into the current branch.
    #[arg(required_unless_present_any = ["resume", "abort"])]
    pub rev: Option<String>,
    /// The merge commit's message (default: `Merge branch 'REV'`).
    #[arg(short, long)]
    pub message: Option<String>,
    /// Author as `Name <email>` (default: git's `user.name` and `user.email`).
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Commit the merge in progress once its conflicts are resolved.
    #[arg(long = "continue", id = "resume", conflicts_with_all = ["rev", "abort", "message"])]
    pub resume: bool,
    /// Give up the merge in progress: the work tree goes back to `HEAD`.
    #[arg(long, conflicts_with_all = ["rev", "message", "author"])]
    pub abort: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan merge-file`, as git's `merge.<driver>.driver` passes them.
#[derive(Debug, clap::Args)]
pub struct MergeFileArgs {
    /// The common ancestor's version (`%O`).
    pub base: PathBuf,
    /// Our version (`%A`); the result is written here.
    pub ours: PathBuf,
    /// Their version (`%B`).
    pub theirs: PathBuf,
    /// The file's path in the repository (`%P`), for messages and to
    /// recognise `tplan.toml` and `tplan.lock`.
    pub path: Option<String>,
}

/// Arguments of `tplan setup-git`.
#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn author_of(arg: Option<&str>) -> Result<Option<(String, String)>, Failure> {
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
    let ws = Workspace::discover(&ctx.cwd)?;
    let author = author_of(args.author.as_deref())?;
    let author = author.as_ref().map(|(n, e)| (n.as_str(), e.as_str()));
    if args.abort {
        let state = ws.store.abort_merge()?;
        match args.format {
            Format::Json => output::json(
                &mut ctx.out,
                &json!({ "aborted": state.theirs_spec, "restored": state.touched }),
            )?,
            Format::Human => writeln!(
                ctx.out,
                "{} the merge of `{}`: {} put back as `HEAD` has them",
                ctx.style.yellow("Aborted"),
                state.theirs_spec,
                output::plural(state.touched.len(), "file")
            )?,
        }
        return Ok(Exit::Ok);
    }
    if args.resume {
        return resume(&ws, author, args.format, ctx);
    }
    let rev = args
        .rev
        .as_deref()
        .expect("clap requires REV without --continue or --abort");
    let outcome = ws.store.merge(
        rev,
        MergeOptions {
            message: args.message.as_deref(),
            author,
            today: Date::today(),
        },
    )?;
    let prefix = match ws.store.plan_prefix() {
        "" => String::new(),
        p => format!("{p}/"),
    };
    match args.format {
        Format::Json => {
            let value = match &outcome {
                MergeOutcome::UpToDate => json!({ "outcome": "up-to-date" }),
                MergeOutcome::FastForward { from, to, files } => {
                    json!({ "outcome": "fast-forward", "from": from, "commit": to.commit, "files": files })
                }
                MergeOutcome::Merged { commit, files } => json!({
                    "outcome": "merged",
                    "commit": commit.commit,
                    "files": files.iter().map(|f| format!("{prefix}{f}")).collect::<Vec<_>>(),
                }),
                MergeOutcome::Conflicted { conflicts, .. } => json!({
                    "outcome": "conflicted",
                    "conflicts": conflicts.iter().map(|c| Conflict { file: format!("{prefix}{}", c.file), ..c.clone() }).collect::<Vec<_>>(),
                }),
            };
            output::json(&mut ctx.out, &value)?;
        }
        Format::Human => {
            let s = ctx.style;
            match &outcome {
                MergeOutcome::UpToDate => writeln!(ctx.out, "Already up to date with `{rev}`.")?,
                MergeOutcome::FastForward { from, to, files } => {
                    writeln!(
                        ctx.out,
                        "{} {}..{} to `{rev}` ({} updated)",
                        s.green("Fast-forward"),
                        from.short(),
                        to.short(),
                        output::plural(*files, "file")
                    )?;
                    incoming(&ws, &from.to_string(), &to.commit.to_string(), s, ctx)?;
                }
                MergeOutcome::Merged { commit, files } => {
                    writeln!(
                        ctx.out,
                        "{} `{rev}` into `{}`: {} (merge commit {})",
                        s.green("Merged"),
                        commit.spec,
                        output::plural(files.len(), "plan file"),
                        s.dim(&commit.short())
                    )?;
                    incoming(
                        &ws,
                        &format!("{}^1", commit.commit),
                        &commit.commit.to_string(),
                        s,
                        ctx,
                    )?;
                }
                MergeOutcome::Conflicted { conflicts, state } => {
                    for c in conflicts {
                        conflict_lines(&mut ctx.out, s, c, &prefix, rev)?;
                    }
                    writeln!(
                        ctx.out,
                        "\n{}: {} in {}; nothing was committed.",
                        s.red("Merge stopped"),
                        output::plural(conflicts.len(), "conflict"),
                        output::plural(state.conflicts.len(), "file"),
                    )?;
                    writeln!(
                        ctx.out,
                        "Edit the marked lines (`tplan status` lists them), then `tplan merge --continue`; `tplan merge --abort` gives up."
                    )?;
                    return Ok(Exit::Found);
                }
            }
        }
    }
    Ok(match outcome {
        MergeOutcome::Conflicted { .. } => Exit::Found,
        _ => Exit::Ok,
    })
}

/// What the merge brought in, one line per event.
fn incoming(
    ws: &Workspace,
    old: &str,
    new: &str,
    style: Style,
    ctx: &mut Ctx,
) -> Result<(), Failure> {
    let Ok((old, new)) = ws.load_pair(Some(old), Some(new)) else {
        return Ok(());
    };
    if let Ok(r) = diff_plans(&old.plan, &new.plan, &DiffOptions::default())
        && !r.is_empty()
    {
        writeln!(ctx.out)?;
        report::human(&r, style, true, &mut ctx.out)?;
    }
    Ok(())
}

fn conflict_lines(
    out: &mut dyn Write,
    s: Style,
    c: &Conflict,
    prefix: &str,
    theirs: &str,
) -> std::io::Result<()> {
    let path = if c.path.is_empty() {
        String::new()
    } else {
        format!(" {}", c.path)
    };
    writeln!(
        out,
        "{} {}{}{}: {}",
        s.red("CONFLICT"),
        prefix,
        c.file,
        s.bold(&path),
        c.message
    )?;
    for (label, value) in [("base", &c.base), ("HEAD", &c.ours), (theirs, &c.theirs)] {
        if let Some(v) = value {
            let v = v.trim_end();
            let shown = if v.lines().count() > 1 {
                format!("{} …", v.lines().next().unwrap_or(""))
            } else {
                v.to_string()
            };
            writeln!(out, "    {:<8} {}", s.dim(&format!("{label}:")), shown)?;
        } else if c.kind != tplan_evolution::merge::ConflictKind::Lint {
            writeln!(
                out,
                "    {:<8} {}",
                s.dim(&format!("{label}:")),
                s.dim("(absent)")
            )?;
        }
    }
    Ok(())
}

fn resume(
    ws: &Workspace,
    author: Option<(&str, &str)>,
    format: Format,
    ctx: &mut Ctx,
) -> CliResult {
    let Some(state) = ws.store.merge_state()? else {
        // Let the store say which: none at all, or git's own.
        ws.store.continue_merge(author)?;
        return Ok(Exit::Ok);
    };
    for (file, line) in ws.store.unresolved(&state)? {
        if let Some(line) = line {
            let source = ws.read(None)?;
            return Err(Failure::new(
                format!("`{}:{line}` still has a conflict marker", source.display(&file)),
                Some("keep the right value, delete the marker lines, then `tplan merge --continue` again".into()),
            ));
        }
    }
    let source = ws.read(None)?;
    let loaded = tplan_schema::load(&source.files);
    if !loaded.errors.is_empty() {
        return Err(plan_failure(&loaded, &source));
    }
    let errors = lint(&loaded, &source.files, Date::today())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(Failure::new(
            format!(
                "the merged plan has {}; nothing was committed",
                output::plural(errors, "lint error")
            ),
            Some(
                "`tplan lint` shows where; fix them and run `tplan merge --continue` again".into(),
            ),
        ));
    }
    let rev = ws.store.continue_merge(author)?;
    match format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({ "outcome": "merged", "commit": rev.commit }),
        )?,
        Format::Human => writeln!(
            ctx.out,
            "{} `{}` into `{}` (merge commit {})",
            ctx.style.green("Merged"),
            state.theirs_spec,
            rev.spec,
            ctx.style.dim(&rev.short())
        )?,
    }
    Ok(Exit::Ok)
}

/// The plan path git's `%P` names: `tplan.toml`, `tplan.lock`, or the
/// last two components (`events/x.toml`).
fn plan_path(repo_path: &str) -> String {
    let parts: Vec<&str> = repo_path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => String::new(),
        [.., last] if *last == "tplan.toml" || *last == "tplan.lock" => last.to_string(),
        [.., dir, file] => format!("{dir}/{file}"),
        [file] => file.to_string(),
    }
}

pub fn merge_file(args: MergeFileArgs, _ctx: &mut Ctx) -> CliResult {
    let read = |p: &Path| -> Result<String, Failure> {
        let bytes = std::fs::read(p)
            .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", p.display()), None))?;
        String::from_utf8(bytes)
            .map_err(|_| Failure::new(format!("`{}` is not UTF-8 text", p.display()), None))
    };
    let display = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let path = plan_path(&display);
    // Git passes an empty file for a side that does not have the file.
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let merged = three_way::merge_file(
        &path,
        Some(base.as_str()),
        Some(ours.as_str()),
        Some(theirs.as_str()),
        Labels {
            ours: "ours",
            theirs: "theirs",
        },
    );
    if let Some(text) = &merged.text {
        std::fs::write(&args.ours, text).map_err(|e| {
            Failure::new(format!("cannot write `{}`: {e}", args.ours.display()), None)
        })?;
    }
    if merged.conflicts.is_empty() {
        return Ok(Exit::Ok);
    }
    // Git shows the driver's standard error to the user.
    let mut err = std::io::stderr().lock();
    for c in &merged.conflicts {
        let at = if c.path.is_empty() {
            String::new()
        } else {
            format!(" {}", c.path)
        };
        writeln!(err, "tplan: CONFLICT {display}{at}: {}", c.message)?;
    }
    Ok(Exit::Found)
}

/// How git should start this tplan: `tplan` when that is what `PATH`
/// finds, else this binary's absolute path.
fn driver_command() -> String {
    let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
    else {
        return "tplan".into();
    };
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("tplan").canonicalize().ok().as_ref() == Some(&exe) {
                return "tplan".into();
            }
        }
    }
    let text = exe.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        // git runs the driver through the shell.
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Writes the attributes and the driver config; used by `init` too.
pub fn setup(ws: &Workspace) -> Result<tplan_git::GitSetup, Failure> {
    Ok(ws.store.setup_git(&driver_command())?)
}

pub fn setup_git(args: SetupArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let done = setup(&ws)?;
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({
                "attributes": done.attributes.display().to_string(),
                "attributes_changed": done.attributes_changed,
                "config": done.config.display().to_string(),
                "driver": done.driver,
                "config_changed": done.config_changed,
            }),
        )?,
        Format::Human => {
            let s = ctx.style;
            let verb = |changed: bool| {
                if changed {
                    s.green("Wrote")
                } else {
                    "Kept".to_string()
                }
            };
            writeln!(
                ctx.out,
                "{} {} ({})",
                verb(done.attributes_changed),
                done.attributes.display(),
                tplan_git::ATTRIBUTES.join(", ")
            )?;
            writeln!(
                ctx.out,
                "{} merge.tplan.driver = {}",
                verb(done.config_changed),
                done.driver
            )?;
            writeln!(
                ctx.out,
                "\n`git merge`, `git rebase` and `git pull` now merge plan files semantically.\nCommit `.gitattributes` (`tplan commit` includes it); each clone runs `tplan setup-git` once."
            )?;
        }
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::plan_path;

    #[test]
    fn git_paths_map_to_plan_paths() {
        assert_eq!(plan_path("plans/web/events/x.toml"), "events/x.toml");
        assert_eq!(plan_path("events/x.toml"), "events/x.toml");
        assert_eq!(plan_path("plans/web/tplan.lock"), "tplan.lock");
        assert_eq!(plan_path("tplan.toml"), "tplan.toml");
    }
}
