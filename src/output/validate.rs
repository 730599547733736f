//! `tplan validate`, for people.

use std::io::{self, Write};

use tplan_validate::{EventSummary, Example, Validation};

use super::Style;

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
            Some(f) => format!("{f}:{}", e.line),
            None => e.line.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The counts, the worst events, unknown events, unparsable lines and
/// coverage; a coverage under the threshold last.
pub fn human(v: &Validation, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let report = &v.report;
    let where_ = &v.plan;
    let r = &report.summary;
    writeln!(
        out,
        "{} {} lines against {where_}: {} valid, {} invalid, {} unknown event, {} unparsable",
        s.bold("Validated"),
        thousands(r.lines),
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
            e.name,
            thousands(e.invalid),
            thousands(e.count)
        )?;
        for f in e.failures() {
            let first = f.occurrences.examples.first();
            writeln!(
                out,
                "  {}  {}  {}x  line {}{}",
                if f.path.is_empty() {
                    "(root)"
                } else {
                    f.path.as_str()
                },
                s.yellow(&f.keyword),
                thousands(f.occurrences.count),
                lines_of(&f.occurrences.examples),
                first
                    .map(|x| format!(": {}", x.message))
                    .unwrap_or_default()
            )?;
        }
    }
    if hidden > 0 {
        writeln!(
            out,
            "… and {hidden} more events with invalid payloads (`--format json` lists every one)"
        )?;
    }
    // Ignored unknown events are not in the report.
    if !r.unknown_events.is_empty() {
        writeln!(out, "\n{}", s.bold("Events not in the plan"))?;
        for (name, o) in &r.unknown_events {
            writeln!(
                out,
                "  {name}  {}x  line {}",
                thousands(o.count),
                lines_of(&o.examples)
            )?;
        }
    }
    if !r.problems.is_empty() {
        writeln!(out, "\n{}", s.bold("Lines that are not events"))?;
        for (kind, o) in &r.problems {
            writeln!(out, "  {}  {}x", s.red(kind.describe()), thousands(o.count))?;
            for e in &o.examples {
                let at = match &e.file {
                    Some(f) => format!("{f}:{}", e.line),
                    None => format!("line {}", e.line),
                };
                writeln!(out, "    {at}: {}", e.message)?;
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
