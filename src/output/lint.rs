//! `tplan lint` for people (each finding with its source line) and for
//! GitHub Actions (workflow commands at the findings' lines).

use std::io::{self, Write};

use tplan_lint::Report;
use tplan_plan::model::Severity;

use super::github::{escape_data, escape_property};
use super::{Style, plural};
use crate::diagnostic::SourceDiagnostic;
use crate::workspace::Source;

/// Every finding with its source, then a verdict line.
pub fn human(report: &Report, source: &Source, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let display = |f: &str| source.display(f);
    for f in &report.findings {
        let d = SourceDiagnostic::in_file(f, &f.file, f.span, &source.files, &display);
        writeln!(out, "{:?}", miette::Report::new(d))?;
    }
    let verdict = if report.fails() {
        s.red(&plural(report.errors, "error"))
    } else {
        s.green("no errors")
    };
    writeln!(
        out,
        "{}: {verdict}, {} {}",
        s.bold("lint"),
        plural(report.warnings, "warning"),
        s.dim(&format!(
            "({} {})",
            plural(report.events, "event"),
            source.origin()
        )),
    )
}

/// One `::error`/`::warning` workflow command per finding, with the file
/// named from the repository root.
pub fn github(report: &Report, source: &Source, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        let level = if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let mut props = format!("file={}", escape_property(&source.display_path(&f.file)));
        if let Some(s) = f.span {
            props.push_str(&format!(",line={},col={}", s.line, s.col));
        }
        props.push_str(&format!(",title={}", escape_property(&f.rule)));
        let text = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        writeln!(out, "::{level} {props}::{}", escape_data(&text))?;
    }
    Ok(())
}
