//! `tplan demo`: the user's journey in a temporary repository. Each step
//! runs this very binary as a user would type it, and prints the command and
//! what it printed: the demo cannot drift from the real commands.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};

/// Arguments of `tplan demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep the demo repository and print its path, instead of deleting it.
    #[arg(long)]
    pub keep: bool,
    /// Show every line of output (long outputs are shortened by default).
    #[arg(long)]
    pub full: bool,
}

/// The journey, as a shell session: `# ` lines say why, the lines after
/// them are commands (`tplan …`, `git …`, or a `cat > FILE <<'EOF'` that
/// writes a file); `  # exit N` ends a command expected to exit `N`.
const SCRIPT: &str = include_str!("demo.script");

/// A step of the journey: why, then the command.
#[derive(Debug, PartialEq)]
struct Step {
    /// Why the step, or empty when it continues the step before.
    title: String,
    /// What it does.
    action: Action,
    /// Exit code the step expects (lint finds things on purpose).
    expect: i32,
}

/// What a step does.
#[derive(Debug, PartialEq)]
enum Action {
    /// Run `program` (`tplan` or `git`) with `args`.
    Run { program: String, args: Vec<String> },
    /// Write `text` to `file`, shown as a here-document.
    Write { file: String, text: String },
}

/// The steps of [`SCRIPT`].
fn steps(script: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut title = String::new();
    let mut lines = script.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if let Some(t) = line.strip_prefix("# ") {
            title = t.to_string();
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let (command, expect) = match line.split_once("  # exit ") {
            Some((c, code)) => (
                c,
                code.trim()
                    .parse()
                    .map_err(|_| format!("line {}: exit code", n + 1))?,
            ),
            None => (line, 0),
        };
        let words =
            shlex::split(command).ok_or_else(|| format!("line {}: unbalanced quotes", n + 1))?;
        let action = match words.as_slice() {
            [cat, gt, file, heredoc] if cat == "cat" && gt == ">" && heredoc == "<<EOF" => {
                let mut text = String::new();
                for (_, body) in lines.by_ref() {
                    if body == "EOF" {
                        break;
                    }
                    text.push_str(body);
                    text.push('\n');
                }
                Action::Write {
                    file: file.clone(),
                    text,
                }
            }
            [program, args @ ..] if program == "tplan" || program == "git" => Action::Run {
                program: program.clone(),
                args: args.to_vec(),
            },
            _ => {
                return Err(format!(
                    "line {}: not a `tplan`, `git` or `cat >` step",
                    n + 1
                ));
            }
        };
        steps.push(Step {
            title: std::mem::take(&mut title),
            action,
            expect,
        });
    }
    Ok(steps)
}

/// Lines shown per step unless `--full`.
const MAX_LINES: usize = 24;

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
    let steps = steps(SCRIPT).expect("the demo script is checked by its test");
    let exe = std::env::current_exe()
        .map_err(|e| Failure::new(format!("cannot find the tplan binary: {e}"), None))?;
    let temp = tempfile::Builder::new().prefix("tplan-demo-").tempdir()?;
    let dir = temp.path().join("acme-shop");
    std::fs::create_dir(&dir)?;
    let s = ctx.style;
    writeln!(
        ctx.out,
        "{}",
        s.bold("tplan demo: a tracking plan's journey, in a temporary git repository")
    )?;
    writeln!(ctx.out, "{}\n", s.dim(&format!("({})", dir.display())))?;
    let mut number = 0;
    for step in &steps {
        if !step.title.is_empty() {
            number += 1;
            writeln!(ctx.out, "{} {}", s.bold(&format!("{number}.")), step.title)?;
        }
        let (program, step_args) = match &step.action {
            Action::Write { file, text } => {
                writeln!(ctx.out, "{}", s.cyan(&format!("$ cat > {file} <<'EOF'")))?;
                for line in text.lines() {
                    writeln!(ctx.out, "{}", s.cyan(line))?;
                }
                writeln!(ctx.out, "{}\n", s.cyan("EOF"))?;
                std::fs::write(dir.join(file), text)?;
                continue;
            }
            Action::Run { program, args } => (program.as_str(), args.as_slice()),
        };
        let code = run_shown(ctx, &exe, &dir, program, step_args, args.full)?;
        if code != step.expect {
            return Err(Failure::new(
                format!(
                    "demo step `{program} {}` exited {code}, expected {}",
                    step_args.join(" "),
                    step.expect
                ),
                Some(format!(
                    "the demo repository is kept at {}",
                    keep(temp).display()
                )),
            ));
        }
    }
    writeln!(
        ctx.out,
        "{}",
        s.bold("Share it all: git push origin main --tags 'refs/tplan/*:refs/tplan/*' (docs/workflow.md)")
    )?;
    if args.keep {
        writeln!(
            ctx.out,
            "The demo repository is kept at {}",
            keep(temp).display()
        )?;
    }
    Ok(Exit::Ok)
}

/// Prints the command, runs it (`git` itself, or this binary for `tplan`),
/// prints what it printed (shortened unless `full`), and returns its exit code.
fn run_shown(
    ctx: &mut Ctx,
    exe: &Path,
    dir: &Path,
    program: &str,
    args: &[String],
    full: bool,
) -> Result<i32, Failure> {
    let s = ctx.style;
    let shown: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
    writeln!(
        ctx.out,
        "{} {}",
        s.cyan(&format!("$ {program}")),
        s.cyan(&shown.join(" "))
    )?;
    let output = if program == "git" {
        Command::new("git")
            .current_dir(dir)
            .args(args)
            .output()
            .map_err(|e| {
                Failure::new(
                    format!("cannot run `git {}`: {e}", args.join(" ")),
                    Some("the demo needs git on PATH for this step".into()),
                )
            })?
    } else {
        run_step(exe, dir, args, s.color)?
    };
    let code = output.status.code().unwrap_or(-1);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    let limit = if full { usize::MAX } else { MAX_LINES };
    for line in lines.iter().take(limit) {
        writeln!(ctx.out, "  {line}")?;
    }
    if lines.len() > limit {
        writeln!(
            ctx.out,
            "  {}",
            s.dim(&format!(
                "… {} more lines (tplan demo --full shows them)",
                lines.len() - limit
            ))
        )?;
    }
    if code != 0 {
        writeln!(ctx.out, "  {}", s.dim(&format!("(exit {code})")))?;
    }
    writeln!(ctx.out)?;
    Ok(code)
}

fn keep(temp: tempfile::TempDir) -> std::path::PathBuf {
    temp.keep()
}

fn run_step(
    exe: &Path,
    dir: &Path,
    args: &[String],
    color: bool,
) -> Result<std::process::Output, Failure> {
    Command::new(exe)
        .arg("-C")
        .arg(dir)
        .arg("--color")
        .arg(if color { "always" } else { "never" })
        .args(args)
        .output()
        .map_err(|e| Failure::new(format!("cannot run `tplan {}`: {e}", args.join(" ")), None))
}

fn shell_quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c))
    {
        arg.to_string()
    } else {
        format!("\"{}\"", arg.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_parses_into_titled_steps() {
        let steps = steps(SCRIPT).unwrap();
        assert!(steps.len() > 60, "{}", steps.len());
        assert!(!steps[0].title.is_empty());
        assert_eq!(
            steps[0].action,
            Action::Run {
                program: "tplan".into(),
                args: [
                    "init",
                    "--example",
                    "--name",
                    "Acme Shop",
                    "--vendor",
                    "com.acme"
                ]
                .map(String::from)
                .to_vec(),
            }
        );
        assert!(steps.iter().any(|s| s.expect == 1));
        assert!(
            steps
                .iter()
                .any(|s| matches!(&s.action, Action::Write { text, .. } if text.ends_with("\n")))
        );
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number() {
        assert_eq!(
            steps("# t\nls -l\n").unwrap_err(),
            "line 2: not a `tplan`, `git` or `cat >` step"
        );
    }
}
