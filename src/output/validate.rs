//! `tplan validate`, for people.

use std::io::{self, Write};

use tplan_validate::{
    EventSummary, Example, MAX_FAILURES_PER_EVENT, MAX_UNKNOWN_NAMES, Occurrences, Summary,
    Validation,
};

use super::{Escaped, Style, escaped};

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn lines_of(examples: &[Example]) -> String {
    examples
        .iter()
        .map(|e| match &e.file {
            Some(f) => format!("{}:{}", Escaped(f), e.line),
            None => e.line.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Unknown events: the most frequent of those counted by name, then how
/// many more there are.
fn unknown_events(r: &Summary, s: Style, out: &mut dyn Write) -> io::Result<()> {
    // The report counts the first names seen; a screen shows the most
    // frequent of them.
    const SHOWN: usize = 20;
    writeln!(out, "\n{}", s.bold("Events not in the plan"))?;
    let mut names: Vec<(&String, &Occurrences)> = r.unknown_events.iter().collect();
    names.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    for (name, o) in names.iter().take(SHOWN) {
        writeln!(
            out,
            "  {}  {}x  line {}",
            Escaped(name),
            thousands(o.count),
            lines_of(&o.examples)
        )?;
    }
    if names.len() > SHOWN {
        writeln!(
            out,
            "  … and {} more names (`--format json` lists every one)",
            thousands((names.len() - SHOWN) as u64)
        )?;
    }
    if r.unknown_unlisted > 0 {
        writeln!(
            out,
            "  … and {} more lines of about {} other names (an estimate): only the first {} distinct names are counted by name",
            thousands(r.unknown_unlisted),
            thousands(r.unknown_unlisted_names.estimate().max(1)),
            thousands(MAX_UNKNOWN_NAMES as u64)
        )?;
    }
    Ok(())
}

/// The events with the most invalid lines, each with its failures.
fn invalid_events(r: &Summary, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut invalid: Vec<(&String, &EventSummary)> =
        r.events.iter().filter(|(_, e)| e.invalid > 0).collect();
    invalid.sort_by(|a, b| b.1.invalid.cmp(&a.1.invalid).then(a.0.cmp(b.0)));
    if !invalid.is_empty() {
        writeln!(out, "\n{}", s.bold("Invalid payloads"))?;
    }
    // The worst events; a day of traffic can break thousands.
    const EVENTS_SHOWN: usize = 20;
    let hidden = invalid.len().saturating_sub(EVENTS_SHOWN);
    for (key, e) in invalid.into_iter().take(EVENTS_SHOWN) {
        writeln!(
            out,
            "{} ({}): {} of {} invalid",
            s.bold(key),
            Escaped(&e.name),
            thousands(e.invalid),
            thousands(e.count)
        )?;
        for f in e.failures() {
            let first = f.occurrences.examples.first();
            writeln!(
                out,
                "  {}  {}  {}x  line {}{}",
                if f.path.is_empty() {
                    "(root)".into()
                } else {
                    escaped(&f.path)
                },
                s.yellow(&f.keyword),
                thousands(f.occurrences.count),
                lines_of(&f.occurrences.examples),
                first
                    .map(|x| format!(": {}", Escaped(&x.message)))
                    .unwrap_or_default()
            )?;
        }
        if e.failures_unlisted > 0 {
            writeln!(
                out,
                "  … and {} more failures at other paths (only the first {} paths of an event are counted by path)",
                thousands(e.failures_unlisted),
                MAX_FAILURES_PER_EVENT
            )?;
        }
    }
    if hidden > 0 {
        writeln!(
            out,
            "… and {hidden} more events with invalid payloads (`--format json` lists every one)"
        )?;
    }
    Ok(())
}

/// The counts, the worst events, unknown events, unparsable lines and
/// coverage; a coverage under the threshold last.
pub fn human(v: &Validation, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let report = &v.report;
    let where_ = &v.plan;
    let r = &report.summary;
    writeln!(
        out,
        "{} {} lines against {}: {} valid, {} invalid, {} unknown event, {} unparsable",
        s.bold("Validated"),
        thousands(r.lines),
        Escaped(where_),
        s.green(&thousands(r.valid)),
        if r.invalid > 0 {
            s.red(&thousands(r.invalid))
        } else {
            "0".into()
        },
        thousands(r.unknown),
        if r.unparsable > 0 {
            s.red(&thousands(r.unparsable))
        } else {
            "0".into()
        },
    )?;
    invalid_events(r, s, out)?;
    // Ignored unknown events are not in the report.
    if !r.unknown_events.is_empty() {
        unknown_events(r, s, out)?;
    }
    if !r.problems.is_empty() {
        writeln!(out, "\n{}", s.bold("Lines that are not events"))?;
        for (kind, o) in &r.problems {
            writeln!(out, "  {}  {}x", s.red(kind.describe()), thousands(o.count))?;
            for e in &o.examples {
                let at = match &e.file {
                    Some(f) => format!("{}:{}", Escaped(f), e.line),
                    None => format!("line {}", e.line),
                };
                writeln!(out, "    {at}: {}", Escaped(&e.message))?;
            }
        }
    }
    writeln!(
        out,
        "\nCoverage: {} of {} active planned events seen ({:.1}%)",
        thousands(report.seen as u64),
        thousands(report.expected as u64),
        report.coverage
    )?;
    if !report.never_seen.is_empty() {
        const SHOWN: usize = 10;
        let mut list = report.never_seen[..report.never_seen.len().min(SHOWN)].join(", ");
        if report.never_seen.len() > SHOWN {
            list.push_str(&format!(" and {} more", report.never_seen.len() - SHOWN));
        }
        writeln!(out, "Never seen: {list}")?;
    }
    if let (Some(threshold), None) = (v.coverage_under, &v.error) {
        writeln!(
            out,
            "{}",
            s.red(&format!(
                "Coverage {:.1}% is under --fail-under-coverage {threshold}%.",
                report.coverage
            ))
        )?;
    }
    Ok(())
}
