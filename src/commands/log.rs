//! `tplan log` and `tplan blame`: the history of an event, a shared
//! property or the plan.

use std::io::Write;

use serde_json::json;
use tplan_git::{LogEntry, LogSubject};
use tplan_plan::Key;

use super::Format;
use crate::Ctx;
use crate::exit::{CliResult, Exit, Failure};
use crate::output::{self, Style};
use crate::workspace::Workspace;

/// Arguments of `tplan log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// An event (key or name) or a shared property; `event:KEY` or
    /// `property:KEY` when a key is both. Without it: every plan change.
    pub subject: Option<String>,
    /// Show at most N commits.
    #[arg(short = 'n', long = "max-count", value_name = "N")]
    pub limit: Option<usize>,
    /// Start from this revision (default: `HEAD`).
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `tplan blame`.
#[derive(Debug, clap::Args)]
pub struct BlameArgs {
    /// The event (key or name).
    pub event: String,
    /// Blame the plan at this revision (default: `HEAD`).
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// An event found by display name, for people who type `"Order Completed"`.
fn event_by_name(ws: &Workspace, rev: &str, query: &str) -> Result<Key, Failure> {
    let at = ws.load(Some(rev))?;
    if let Some(event) = at.plan.find_event(query) {
        return Ok(event.key.clone());
    }
    let keys = at.plan.events.keys().map(|k| k.as_str());
    let names = at.plan.events.values().map(|e| e.name.as_str());
    let shared = at.plan.properties.keys().map(|k| k.as_str());
    let hint = tplan_plan::error::suggest(query, keys.chain(names).chain(shared))
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| Some("`tplan ls` lists the events".into()));
    Err(Failure::new(
        format!("no event or shared property `{query}` at `{rev}`"),
        hint,
    ))
}

fn subject_label(subject: &LogSubject) -> String {
    match subject {
        LogSubject::Plan => "the plan".into(),
        LogSubject::Event(k) => format!("event `{k}`"),
        LogSubject::Property(k) => format!("shared property `{k}`"),
    }
}

/// What the query names: an event or shared property at `rev`, a key gone
/// since (its history is still there, as with `git log -- PATH`), or an
/// event's display name.
fn resolve_subject(ws: &Workspace, rev: &str, query: Option<&str>) -> Result<LogSubject, Failure> {
    let Some(query) = query else {
        return Ok(LogSubject::Plan);
    };
    if let Some(subject) = ws.store.subject_at(rev, query)? {
        return Ok(subject);
    }
    if let Ok(key) = Key::new(query) {
        for subject in [LogSubject::Event(key.clone()), LogSubject::Property(key)] {
            if !ws.store.log(rev, &subject, Some(1))?.is_empty() {
                return Ok(subject);
            }
        }
    }
    Ok(LogSubject::Event(event_by_name(ws, rev, query)?))
}

pub fn log(args: LogArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    if args.limit == Some(0) {
        return Err(Failure::new(
            "`-n 0` shows nothing",
            Some("give a count of 1 or more".into()),
        ));
    }
    let subject = resolve_subject(&ws, &args.rev, args.subject.as_deref())?;
    if args.format == Format::Json {
        let entries = ws.store.log(&args.rev, &subject, args.limit)?;
        output::json(
            &mut ctx.out,
            &json!({ "subject": subject_json(&subject), "commits": entries }),
        )?;
        return Ok(Exit::Ok);
    }
    // Each commit is printed as soon as it is found, as `git log` does.
    let style = ctx.style;
    let out = &mut ctx.out;
    let mut shown = 0;
    let mut write_error: Option<std::io::Error> = None;
    ws.store
        .log_each(&args.rev, &subject, args.limit, &mut |entry| {
            let line = if shown == 0 {
                writeln!(
                    out,
                    "{}",
                    style.bold(&format!(
                        "{:<7}  {:<10}  {:<18}  {:<18}  SUMMARY",
                        "COMMIT", "DATE", "AUTHOR", "CHANGES"
                    ))
                )
                .and_then(|()| human_line(out, style, &entry))
            } else {
                human_line(out, style, &entry)
            };
            shown += 1;
            match line {
                Ok(()) => Ok(true),
                Err(e) => {
                    write_error = Some(e);
                    Ok(false)
                }
            }
        })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    if shown == 0 {
        writeln!(ctx.out, "No commit changed {}.", subject_label(&subject))?;
    }
    Ok(Exit::Ok)
}

/// `text` cut or padded to `width` characters.
fn column(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count > width {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    } else {
        format!("{text}{}", " ".repeat(width - count))
    }
}

fn human_line(out: &mut dyn Write, style: Style, e: &LogEntry) -> std::io::Result<()> {
    let classes = if e.classes.is_empty() {
        "?".to_string()
    } else {
        e.classes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let release = releases(e);
    let release = if release.is_empty() {
        String::new()
    } else {
        format!("  {}", style.cyan(&format!("({release})")))
    };
    writeln!(
        out,
        "{}  {}  {}  {}  {}{}",
        style.dim(&e.commit.short()),
        e.commit.date,
        column(&e.commit.author, 18),
        classes_style(&style, &column(&classes, 18)),
        e.commit.summary,
        release
    )
}

fn subject_json(subject: &LogSubject) -> serde_json::Value {
    match subject {
        LogSubject::Plan => json!({ "kind": "plan" }),
        LogSubject::Event(k) => json!({ "kind": "event", "key": k }),
        LogSubject::Property(k) => json!({ "kind": "property", "key": k }),
    }
}

fn releases(entry: &LogEntry) -> String {
    match entry.releases.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} +{} later", rest.len()),
    }
}

fn classes_style(style: &Style, classes: &str) -> String {
    match classes.split([',', ' ']).next().unwrap_or("") {
        "model" | "removed" => style.red(classes),
        "revision" => style.yellow(classes),
        "addition" | "added" => style.green(classes),
        _ => classes.to_string(),
    }
}

pub fn blame(args: BlameArgs, ctx: &mut Ctx) -> CliResult {
    let ws = Workspace::discover(&ctx.cwd)?;
    let key = match ws.store.subject_at(&args.rev, &args.event)? {
        Some(LogSubject::Event(key)) => key,
        _ => event_by_name(&ws, &args.rev, &args.event)?,
    };
    let entries = ws.store.blame(&args.rev, &key)?;
    match args.format {
        Format::Json => output::json(
            &mut ctx.out,
            &json!({ "event": key, "properties": entries }),
        )?,
        Format::Human => {
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|b| {
                    vec![
                        match &b.shared {
                            Some(shared) if *shared != b.property => {
                                format!("{} (ref {shared})", b.property)
                            }
                            Some(_) => format!("{} (ref)", b.property),
                            None => b.property.clone(),
                        },
                        b.commit.short().to_string(),
                        b.commit.date.clone(),
                        b.commit.author.clone(),
                        b.commit.summary.clone(),
                    ]
                })
                .collect();
            output::table(
                &mut ctx.out,
                ctx.style,
                &["PROPERTY", "COMMIT", "DATE", "AUTHOR", "SUMMARY"],
                &rows,
                &[|s, c| s.bold(c), |s, c| s.dim(c)],
            )?;
        }
    }
    Ok(Exit::Ok)
}
