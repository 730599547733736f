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

/// A step of the journey: why, then the command.
struct Step {
    title: &'static str,
    args: &'static [&'static str],
    /// Exit code the step expects (lint finds things on purpose).
    expect: i32,
}

const STEPS: &[Step] = &[
    Step {
        title: "A PM starts a plan: a realistic e-commerce example, in a new git repository.",
        args: &[
            "init",
            "--example",
            "--name",
            "Acme Shop",
            "--vendor",
            "com.acme",
        ],
        expect: 0,
    },
    Step {
        title: "Commit it: plan files are plain TOML in git.",
        args: &[
            "commit",
            "-m",
            "Tracking plan for Acme Shop",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "Every event, with owner, status, version and content id.",
        args: &["ls"],
        expect: 0,
    },
    Step {
        title: "One event, its properties resolved (shared ones inlined).",
        args: &["show", "order_completed"],
        expect: 0,
    },
    Step {
        title: "The JSON Schema (draft 2020-12) that validators and code generators consume.",
        args: &["show", "Order Completed", "--format", "jsonschema"],
        expect: 0,
    },
    Step {
        title: "Lint: structure, naming, descriptions, owners, deprecation.",
        args: &["lint"],
        expect: 0,
    },
    Step {
        title: "Edit like `cargo add`: files keep their comments and layout.",
        args: &[
            "property",
            "set",
            "order_completed",
            "coupon",
            "max_length",
            "64",
        ],
        expect: 0,
    },
    Step {
        title: "Add an event and a property.",
        args: &[
            "event",
            "add",
            "Gift Card Redeemed",
            "--owner",
            "checkout",
            "--description",
            "A gift card was applied to an order.",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "property",
            "add",
            "gift_card_redeemed",
            "amount",
            "--type",
            "number",
            "--minimum",
            "0",
            "--required",
            "--description",
            "Amount taken from the card",
        ],
        expect: 0,
    },
    Step {
        title: "A bad name is caught before it ships (exit 1): the plan asks for \"Object Action\" names.",
        args: &[
            "event",
            "add",
            "gift card lookup",
            "--owner",
            "checkout",
            "--description",
            "Looked up a card balance.",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["lint"],
        expect: 1,
    },
    Step {
        title: "Fix it.",
        args: &[
            "event",
            "set",
            "gift_card_lookup",
            "name",
            "Gift Card Looked Up",
        ],
        expect: 0,
    },
    Step {
        title: "`main` still holds the committed plan: revisions are read from git's object database, never the work tree.",
        args: &["ls", "--rev", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["lint", "main", "--format", "json"],
        expect: 0,
    },
    Step {
        title: "Publishable schemas, as a static Iglu registry.",
        args: &["export", "iglu", "--out", "registry"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["show", "order_completed", "--format", "iglu"],
        expect: 0,
    },
    Step {
        title: "Commit the feature.",
        args: &[
            "commit",
            "-m",
            "Gift cards",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "A breaking change on a branch (plain git works beside tplan).",
        args: &["git", "switch", "-c", "store-ids"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "property",
            "add",
            "product_added",
            "store_id",
            "--type",
            "string",
            "--required",
            "--description",
            "The store whose stock it came from",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "property",
            "set",
            "--shared",
            "currency",
            "enum",
            "[\"EUR\", \"GBP\", \"CHF\", \"SEK\"]",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "Store ids; no more USD",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "The analyst's view: every change, what it does to historical data, the next versions.",
        args: &["diff", "main", "store-ids"],
        expect: 0,
    },
    Step {
        title: "The CI gate refuses the merge (exit 1): a required property breaks every old payload. On GitHub it annotates the lines.",
        args: &[
            "check",
            "--base",
            "main",
            "--head",
            "store-ids",
            "--format",
            "github",
        ],
        expect: 1,
    },
    Step {
        title: "Meanwhile on `main`, two people edit one event in parallel: its platforms, and its tags.",
        args: &["switch", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["switch", "-c", "platforms"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "event",
            "set",
            "order_completed",
            "sources",
            "[\"web\", \"ios\", \"server\"]",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "No Android orders yet",
            "--author",
            "Ana Analyst <ana@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["switch", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "event",
            "set",
            "order_completed",
            "tags",
            "[\"revenue\", \"finance\"]",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "Tag for finance",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "Neighbouring lines of one file: git's line merge would stop here; tplan merges field by field.",
        args: &["merge", "platforms", "--author", "Pat PM <pat@acme.com>"],
        expect: 0,
    },
    Step {
        title: "A real conflict: two branches give `checkout_started` different descriptions.",
        args: &["switch", "-c", "wording"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "event",
            "set",
            "checkout_started",
            "description",
            "The shopper opened the checkout.",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "Shopper wording",
            "--author",
            "Ana Analyst <ana@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["switch", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "event",
            "set",
            "checkout_started",
            "description",
            "The checkout page was shown.",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "Page wording",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "The merge stops (exit 1), names the field with its three values, and commits nothing.",
        args: &["merge", "wording", "--author", "Pat PM <pat@acme.com>"],
        expect: 1,
    },
    Step {
        title: "",
        args: &["status"],
        expect: 0,
    },
    Step {
        title: "Resolve it (here with plain git: keep their version of the file), then conclude.",
        args: &[
            "git",
            "checkout",
            "--theirs",
            "events/checkout_started.toml",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["merge", "--continue", "--author", "Pat PM <pat@acme.com>"],
        expect: 0,
    },
    Step {
        title: "Plain git history: two merge commits, both parents recorded.",
        args: &["git", "log", "--oneline", "--graph", "-8"],
        expect: 0,
    },
    Step {
        title: "The history of one event: each commit that changed it (its file or a shared property it uses), classified.",
        args: &["log", "checkout_started"],
        expect: 0,
    },
    Step {
        title: "Per property of an event, the commit that gave it its current definition.",
        args: &["blame", "order_completed"],
        expect: 0,
    },
    Step {
        title: "Propose the breaking branch: a proposal is a chain of commits under `refs/tplan/proposals/`, pushed and fetched like any ref.",
        args: &["switch", "store-ids"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "propose",
            "-m",
            "Store ids on product_added",
            "--body",
            "Stock reports need the store each product came from.",
            "--as",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "The proposal: its semantic diff against the merge base, and the policy's verdict in words.",
        args: &["proposal", "show", "1"],
        expect: 0,
    },
    Step {
        title: "Ana (checkout) requests changes: the US shop still sends USD.",
        args: &[
            "review",
            "1",
            "--request-changes",
            "-m",
            "Keep USD: the US shop still sends it.",
            "--as",
            "Ana Analyst <ana@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "Pat puts USD back and commits; reviews of the older head no longer count.",
        args: &[
            "property",
            "set",
            "--shared",
            "currency",
            "enum",
            "[\"EUR\", \"USD\", \"GBP\", \"CHF\", \"SEK\"]",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "commit",
            "-m",
            "Keep USD",
            "--author",
            "Pat PM <pat@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "Approvals: an owner of the touched event, and one more for the breaking change.",
        args: &[
            "review",
            "1",
            "--approve",
            "-m",
            "Thanks.",
            "--as",
            "Ana Analyst <ana@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["review", "1", "--approve", "--as", "Kim <kim@acme.com>"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["proposals"],
        expect: 0,
    },
    Step {
        title: "Publish on `main`: merge, version every event, write the lock and changelog, tag, add the schemas to the registry.",
        args: &["switch", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["publish", "1", "--as", "Pat PM <pat@acme.com>"],
        expect: 0,
    },
    Step {
        title: "The release tag (annotated: the changelog section is its message).",
        args: &["git", "tag", "-n4", "-l", "plan-v*"],
        expect: 0,
    },
    Step {
        title: "The lock: each event's published version and content id.",
        args: &["git", "show", "HEAD:tplan.lock"],
        expect: 0,
    },
    Step {
        title: "The registry: immutable Iglu schemas on `refs/tplan/registry`.",
        args: &["git", "ls-tree", "-r", "--name-only", "refs/tplan/registry"],
        expect: 0,
    },
    Step {
        title: "A second release: one new property; only its event moves on (1-0-0 -> 1-0-1, an addition).",
        args: &["switch", "-c", "gift-wrap"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "property",
            "add",
            "order_completed",
            "gift_wrap",
            "--type",
            "boolean",
            "--description",
            "Whether the order is gift-wrapped.",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["commit", "-m", "Gift wrap", "--author", "Li <li@acme.com>"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["propose", "-m", "Gift wrap", "--as", "Li <li@acme.com>"],
        expect: 0,
    },
    Step {
        title: "",
        args: &[
            "review",
            "2",
            "--approve",
            "--as",
            "Ana Analyst <ana@acme.com>",
        ],
        expect: 0,
    },
    Step {
        title: "",
        args: &["switch", "main"],
        expect: 0,
    },
    Step {
        title: "",
        args: &["publish", "2", "--as", "Li <li@acme.com>"],
        expect: 0,
    },
    Step {
        title: "The changelog, newest release first.",
        args: &["git", "show", "HEAD:CHANGELOG.md"],
        expect: 0,
    },
    Step {
        title: "What the apps really send: a sample of tracks and a self-describing event, a few of them broken.",
        args: &[
            "write",
            "payloads.ndjson",
            "{\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10\",\"total\":45.8,\"currency\":\"EUR\",\"completed_at\":\"2026-11-24T10:15:00Z\",\"products\":[{\"product_id\":\"P000123\",\"quantity\":2,\"price\":19.9}]}}\n{\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a11\",\"total\":\"45.80\",\"currency\":\"EUR\",\"completed_at\":\"2026-11-24T10:16:00Z\",\"products\":[{\"product_id\":\"P000123\",\"quantity\":1,\"price\":45.8}]}}\n{\"event\":\"Signed In\",\"properties\":{\"method\":\"email\"}}\n{\"event\":\"Signed In\",\"properties\":{\"method\":\"sms\"}}\n{\"schema\":\"iglu:com.acme/signed_in/jsonschema/1-0-0\",\"data\":{\"method\":\"google\"}}\n{\"event\":\"Order Compleeted\",\"properties\":{}}\n{\"event\": \"Signed In\", \"properties\": \n",
        ],
        expect: 0,
    },
    Step {
        title: "Validate them against the released plan (exit 1): which events, which properties, which lines; and the coverage.",
        args: &["validate", "payloads.ndjson", "--rev", "plan-v0.2.0"],
        expect: 1,
    },
];

/// Lines shown per step unless `--full`.
const MAX_LINES: usize = 24;

pub fn run(args: Args, ctx: &mut Ctx) -> CliResult {
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
    for step in STEPS {
        if !step.title.is_empty() {
            number += 1;
            writeln!(ctx.out, "{} {}", s.bold(&format!("{number}.")), step.title)?;
        }
        // A step `write FILE TEXT` writes a file, shown as the shell would.
        if let ["write", file, text] = step.args {
            writeln!(ctx.out, "{}", s.cyan(&format!("$ cat > {file} <<'EOF'")))?;
            for line in text.lines() {
                writeln!(ctx.out, "{}", s.cyan(line))?;
            }
            writeln!(ctx.out, "{}\n", s.cyan("EOF"))?;
            std::fs::write(dir.join(file), text)?;
            continue;
        }
        // A step starting with `git` runs git itself, as the user would.
        let (program, step_args) = match step.args.split_first() {
            Some((&"git", rest)) => ("git", rest),
            _ => ("tplan", step.args),
        };
        let shown: Vec<String> = step_args.iter().map(|a| shell_quote(a)).collect();
        writeln!(
            ctx.out,
            "{} {}",
            s.cyan(&format!("$ {program}")),
            s.cyan(&shown.join(" "))
        )?;
        let output = if program == "git" {
            Command::new("git")
                .current_dir(&dir)
                .args(step_args)
                .output()
                .map_err(|e| {
                    Failure::new(
                        format!("cannot run `git {}`: {e}", step_args.join(" ")),
                        Some("the demo needs git on PATH for this step".into()),
                    )
                })?
        } else {
            run_step(&exe, &dir, step_args, s.color)?
        };
        let code = output.status.code().unwrap_or(-1);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<&str> = text.lines().collect();
        let limit = if args.full { usize::MAX } else { MAX_LINES };
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

fn keep(temp: tempfile::TempDir) -> std::path::PathBuf {
    temp.keep()
}

fn run_step(
    exe: &Path,
    dir: &Path,
    args: &[&str],
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
