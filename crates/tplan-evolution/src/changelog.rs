//! A release's changelog section, in the manner of Keep a Changelog: what
//! breaks consumers first, each change named by its property path.

use tplan_plan::SchemaVer;

use crate::bump::EventClass;
use crate::release::{Release, ReleaseEvent};
use crate::report::Report;
use crate::rules;
use crate::subject::Subject;

/// The changelog lines of one event: its own changes, then those that
/// reach it through a shared property, each with its path
/// (`` `properties/price/minimum` revision: … ``).
pub(crate) fn change_lines(report: &Report, key: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for change in &report.changes {
        let path = if change.path.is_empty() {
            String::new()
        } else {
            format!("`{}` ", change.path)
        };
        let line = match &change.subject {
            Subject::Event(k) if k.as_str() == key => {
                format!("{path}{}: {}", change.class, change.message)
            }
            Subject::Property(p) if change.events.iter().any(|e| e.as_str() == key) => {
                format!("{path}{}: shared `{p}`: {}", change.class, change.message)
            }
            _ => continue,
        };
        lines.push(line);
    }
    lines
}

/// The release's changelog section (markdown): a heading with the version
/// and date, `intro`, then **Breaking** (model changes and removed events),
/// Changed, Added, Imported, and the plan's own changes (owners, manifest).
pub fn changelog_section(release: &Release, date: &str, intro: &str) -> String {
    let mut out = format!("## {} ({date})\n\n", release.version);
    if !intro.trim().is_empty() {
        out.push_str(intro.trim());
        out.push_str("\n\n");
    }
    let breaking: Vec<&ReleaseEvent> = release
        .events
        .iter()
        .filter(|e| e.class.is_breaking())
        .collect();
    section(&mut out, "Breaking", &breaking, changed_line);
    let changed: Vec<&ReleaseEvent> = release
        .events
        .iter()
        .filter(|e| matches!(e.class, EventClass::Changed(_)) && !e.class.is_breaking())
        .collect();
    section(&mut out, "Changed", &changed, changed_line);
    let group = |class: EventClass| -> Vec<&ReleaseEvent> {
        release.events.iter().filter(|e| e.class == class).collect()
    };
    section(&mut out, "Added", &group(EventClass::Added), |e| {
        format!("- `{}` {} ({})\n", e.key, SchemaVer::FIRST, e.name)
    });
    section(&mut out, "Imported", &group(EventClass::Imported), |e| {
        let version = e.version.map(|v| v.to_string()).unwrap_or_default();
        format!(
            "- `{}` {version} ({}), as published before the import\n",
            e.key, e.name
        )
    });
    let plan: Vec<String> = release
        .report
        .changes
        .iter()
        .filter(|c| match &c.subject {
            Subject::Owner(_) | Subject::Source(_) | Subject::Plan => true,
            Subject::Property(_) => c.events.is_empty(),
            // An event never published leaves no schema behind.
            Subject::Event(_) => std::ptr::eq(c.rule, &rules::event_removed_unpublished::RULE),
        })
        .map(|c| format!("- {}: {}\n", c.class, c.message))
        .collect();
    if !plan.is_empty() {
        out.push_str("### Plan\n\n");
        out.extend(plan);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// One `### title` list, when `events` has any.
fn section(
    out: &mut String,
    title: &str,
    events: &[&ReleaseEvent],
    line: impl Fn(&ReleaseEvent) -> String,
) {
    if events.is_empty() {
        return;
    }
    out.push_str(&format!("### {title}\n\n"));
    for e in events {
        out.push_str(&line(e));
    }
    out.push('\n');
}

/// A changed or removed event: its versions and class, then its changes.
fn changed_line(e: &ReleaseEvent) -> String {
    if e.class == EventClass::Removed {
        return match e.old_version {
            Some(v) => format!("- `{}` removed (last published {v})\n", e.key),
            None => format!("- `{}` removed\n", e.key),
        };
    }
    let (old, new) = (
        e.old_version.map(|v| v.to_string()).unwrap_or_default(),
        e.version.map(|v| v.to_string()).unwrap_or_default(),
    );
    let raised = if e.raised { ", raised on request" } else { "" };
    let mut out = format!("- `{}` {old} -> {new} ({}{raised})\n", e.key, e.class);
    for line in &e.changes {
        out.push_str(&format!("  - {line}\n"));
    }
    out
}
