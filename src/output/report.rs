//! Renderers of a diff [`Report`]: human, markdown (a pull-request
//! comment), GitHub workflow commands. JSON is the report serialised.
//! Renderers format; they never compute a class or a bump.

use std::io::{self, Write};

use serde_json::Value;
use tplan_evolution::{Change, CheckReport, Class, Edit, EventClass, EventReport, Report, Subject};

use super::escape::escape_text;
use super::{Escaped, Style, escaped};

/// A class as a fixed-width badge, coloured by severity.
pub(crate) fn badge(style: &Style, class: EventClass) -> String {
    let text = format!("{:<8}", class.as_str());
    match class {
        EventClass::Changed(Class::Model) | EventClass::Removed => style.red(&text),
        EventClass::Changed(Class::Revision) => style.yellow(&text),
        EventClass::Changed(Class::Addition) | EventClass::Added => style.green(&text),
        _ => style.dim(&text),
    }
}

/// A reworded text as a word diff (`[-old-]{+new+}`, as
/// `git diff --word-diff` prints them).
fn word_diff(style: &Style, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    // Runs of one kind are merged: `{+whole +}`, not `{+whole+}{+ +}`.
    let mut runs: Vec<(similar::ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    let mut out = String::new();
    for (tag, text) in runs {
        match tag {
            similar::ChangeTag::Equal => out.push_str(&escape_text(&text)),
            similar::ChangeTag::Delete => out.push_str(&style.red(&format!("[-{text}-]"))),
            similar::ChangeTag::Insert => out.push_str(&style.green(&format!("{{+{text}+}}"))),
        }
    }
    out
}

fn versions(e: &EventReport) -> String {
    match (e.old_version, e.new_version) {
        (None, Some(n)) => format!("{n} (first publish)"),
        (Some(o), None) => format!("{o} -> (removed)"),
        (None, None) => "(removed, never published)".to_string(),
        (Some(o), Some(n)) => format!("{o} -> {n}"),
    }
}

/// One line summing up the report.
pub fn summary(r: &Report) -> String {
    if r.is_empty() {
        return "no changes".to_string();
    }
    let mut counts: Vec<(EventClass, usize)> = Vec::new();
    for class in [
        EventClass::Changed(Class::Model),
        EventClass::Removed,
        EventClass::Changed(Class::Revision),
        EventClass::Changed(Class::Addition),
        EventClass::Added,
        EventClass::Changed(Class::Metadata),
    ] {
        let n = r.events.iter().filter(|e| e.class == class).count();
        if n > 0 {
            counts.push((class, n));
        }
    }
    let per_class = counts
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect::<Vec<_>>()
        .join(", ");
    let events = match r.events.len() {
        0 => "no event changed".to_string(),
        1 => format!("1 event changed: {per_class}"),
        n => format!("{n} events changed: {per_class}"),
    };
    let plan = match &r.release {
        None => match &r.release_refused {
            Some(why) => format!("no release: {}", Escaped(why)),
            None => format!("plan {}: nothing to publish", r.old_plan_version),
        },
        Some(release) if release.plan_version == r.old_plan_version => {
            format!("plan {} (first release)", release.plan_version)
        }
        Some(release) => format!(
            "plan {} -> {} ({})",
            r.old_plan_version, release.plan_version, r.plan_bump
        ),
    };
    format!("{events}; {plan}")
}

fn change_line(out: &mut dyn Write, style: &Style, c: &Change, indent: &str) -> io::Result<()> {
    let path = if c.path.is_empty() {
        "(whole)".to_string()
    } else {
        c.path.clone()
    };
    writeln!(
        out,
        "{indent}{} {}  {}{}",
        badge(style, EventClass::Changed(c.class)),
        Escaped(&path),
        Escaped(&c.message),
        style.dim(&format!("  [{}]", c.rule))
    )?;
    if c.edit == Edit::Reworded
        && let (Some(Value::String(old)), Some(Value::String(new))) = (&c.old, &c.new)
    {
        writeln!(out, "{indent}         {}", word_diff(style, old, new))?;
    }
    Ok(())
}

/// The report for people, grouped by event. `stat` prints only each
/// event's line.
pub fn human(r: &Report, style: Style, stat: bool, out: &mut dyn Write) -> io::Result<()> {
    // A renamed event is shown once, under its new key.
    let renamed = |key: &tplan_plan::Key| {
        r.events
            .iter()
            .any(|x| x.renamed_from.as_ref() == Some(key))
    };
    for e in r.events.iter().filter(|e| !renamed(&e.key)) {
        let subject = Subject::Event(e.key.clone());
        let mut header = format!(
            "{} {} {}",
            badge(&style, e.class),
            style.bold(e.key.as_str()),
            style.dim(&format!("({})", Escaped(&e.name)))
        );
        header.push_str(&format!("  {}", versions(e)));
        if let Some(from) = &e.renamed_from {
            header.push_str(&format!("  renamed from {}", Escaped(from.as_str())));
        }
        writeln!(out, "{header}")?;
        if stat {
            continue;
        }
        for c in r.changes_of(&subject) {
            change_line(out, &style, c, "  ")?;
        }
        for c in r
            .changes
            .iter()
            .filter(|c| matches!(c.subject, Subject::Property(_)) && c.events.contains(&e.key))
        {
            writeln!(
                out,
                "  {} {} {}",
                style.dim("via"),
                Escaped(&c.subject.prefix()),
                style.dim(&format!("({})", c.class))
            )?;
        }
    }
    let others: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| !matches!(c.subject, Subject::Event(_)))
        .collect();
    if !others.is_empty() && !stat {
        let mut current: Option<&Subject> = None;
        for c in others {
            if current != Some(&c.subject) {
                current = Some(&c.subject);
                let reach = if c.events.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  reaches {}",
                        c.events
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                writeln!(
                    out,
                    "{}{}",
                    style.bold(&escaped(&c.subject.prefix())),
                    style.dim(&reach)
                )?;
            }
            change_line(out, &style, c, "  ")?;
        }
    }
    if !r.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(r))
}

/// `tplan check` for people: the report, then the verdict.
pub fn check(c: &CheckReport, style: Style, out: &mut dyn Write) -> io::Result<()> {
    human(&c.report, style, false, out)?;
    let verdict = if c.passed {
        style.green(&format!(
            "check passed: nothing at or above `{}`",
            c.fail_on
        ))
    } else {
        style.red(&format!(
            "check failed: changes at or above `{}`",
            c.fail_on
        ))
    };
    writeln!(out, "{verdict}")
}

/// The report as a pull-request comment.
pub fn markdown(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let worst = r.max_class();
    let icon = match worst {
        Class::Model => "🔴",
        Class::Revision => "🟠",
        Class::Addition => "🟢",
        _ => "⚪",
    };
    writeln!(out, "### {icon} tplan: {}", summary(r))?;
    if r.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\nProfile `{}`. The computed class is a minimum; a publish may bump more, never less.\n",
        r.profile
    )?;
    if !r.events.is_empty() {
        writeln!(out, "| event | class | version | changes |")?;
        writeln!(out, "|---|---|---|---|")?;
        for e in &r.events {
            let n = r
                .changes
                .iter()
                .filter(|c| c.events.contains(&e.key))
                .count();
            let class = if e.class.is_breaking() {
                format!("**{}**", e.class)
            } else {
                e.class.to_string()
            };
            writeln!(
                out,
                "| `{}` | {class} | {} | {n} |",
                e.key,
                versions(e).replace("->", "→")
            )?;
        }
    }
    writeln!(
        out,
        "\n<details><summary>{} changes</summary>\n",
        r.changes.len()
    )?;
    writeln!(out, "| class | path | change | rule |")?;
    writeln!(out, "|---|---|---|---|")?;
    for c in &r.changes {
        let message = c.message.replace('|', "\\|");
        writeln!(
            out,
            "| {} | `{}` | {message} | `{}` |",
            c.class,
            c.full_path(),
            c.rule
        )?;
    }
    writeln!(out, "\n</details>")
}

/// GitHub Actions workflow commands, one per change at its line in the
/// head plan: `error` at or above `fail_on`, `warning` for other breaking
/// classes, `notice` for safe ones.
pub fn github(
    r: &Report,
    fail_on: Class,
    display_path: &dyn Fn(&str) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    use crate::output::github::{escape_data, escape_property};
    for c in &r.changes {
        let level = if c.class >= fail_on {
            "error"
        } else if c.class >= Class::Revision {
            "warning"
        } else {
            "notice"
        };
        let mut props = String::new();
        if let Some(loc) = &c.location {
            props.push_str(&format!(
                "file={}",
                escape_property(&display_path(&loc.file))
            ));
            if let Some(s) = loc.span {
                props.push_str(&format!(",line={},col={}", s.line, s.col));
            }
            props.push(',');
        }
        props.push_str(&format!(
            "title={}",
            escape_property(&format!("{} ({})", c.rule, c.class))
        ));
        writeln!(
            out,
            "::{level} {props}::{}",
            // The rule's reason on a second line: what the class means.
            escape_data(&format!("{}: {}\n{}", c.full_path(), c.message, c.rule.why))
        )?;
    }
    writeln!(out, "::notice title=tplan::{}", escape_data(&summary(r)))
}

#[cfg(test)]
mod tests;
