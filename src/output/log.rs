//! `tplan log` and `tplan blame` for people.

use std::io::{self, Write};

use tplan_git::{BlameReport, LogEntry, LogSubject};

use super::{Escaped, Style, escaped, table};

/// Prints a log as its commits arrive: the header before the first, one
/// line each, and a sentence when there were none.
pub struct Printer<'a> {
    out: &'a mut dyn Write,
    style: Style,
    shown: usize,
    error: Option<io::Error>,
}

impl<'a> Printer<'a> {
    /// A printer writing to `out`.
    pub fn new(out: &'a mut dyn Write, style: Style) -> Printer<'a> {
        Printer {
            out,
            style,
            shown: 0,
            error: None,
        }
    }

    /// Prints one commit; `false` once writing failed (the reader went
    /// away), so the walk can stop.
    pub fn entry(&mut self, e: &LogEntry) -> bool {
        let written = if self.shown == 0 {
            header(self.out, self.style).and_then(|()| line(self.out, self.style, e))
        } else {
            line(self.out, self.style, e)
        };
        self.shown += 1;
        match written {
            Ok(()) => true,
            Err(err) => {
                self.error = Some(err);
                false
            }
        }
    }

    /// After the walk: the first write error, or the sentence for an
    /// empty log.
    pub fn finish(self, subject: &LogSubject) -> io::Result<()> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.shown == 0 {
            writeln!(self.out, "No commit changed {}.", label(subject))?;
        }
        Ok(())
    }
}

/// The column titles.
fn header(out: &mut dyn Write, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<7}  {:<10}  {:<18}  {:<18}  SUMMARY",
            "COMMIT", "DATE", "AUTHOR", "CHANGES"
        ))
    )
}

/// `1a2b3c4  2026-01-01  Pat PM  revision  Cap the price  (plan-v1.2.0)`.
fn line(out: &mut dyn Write, style: Style, e: &LogEntry) -> io::Result<()> {
    let classes = if e.renamed_from.is_some() {
        "renamed".to_string()
    } else if e.classes.is_empty() {
        "?".to_string()
    } else {
        e.classes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let release = match e.releases.as_slice() {
        [] => String::new(),
        [one] => format!("  {}", style.cyan(&format!("({one})"))),
        [first, rest @ ..] => format!(
            "  {}",
            style.cyan(&format!("({first} +{} later)", rest.len()))
        ),
    };
    let was = match &e.renamed_from {
        Some(from) => format!("  (was `{from}`)"),
        None => String::new(),
    };
    writeln!(
        out,
        "{}  {}  {}  {}  {}{was}{}",
        style.dim(&e.commit.short()),
        Escaped(&e.commit.date),
        column(&escaped(&e.commit.author), 18),
        classes_style(&style, &column(&classes, 18)),
        Escaped(&e.commit.summary),
        release
    )
}

/// What the log follows, in a sentence.
fn label(subject: &LogSubject) -> String {
    match subject {
        LogSubject::Plan => "the plan".into(),
        LogSubject::Event(k) => format!("event `{k}`"),
        LogSubject::Property(k) => format!("shared property `{k}`"),
    }
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

/// The classes coloured by the most severe, which comes first.
fn classes_style(style: &Style, classes: &str) -> String {
    match classes.split([',', ' ']).next().unwrap_or("") {
        "model" | "removed" => style.red(classes),
        "revision" => style.yellow(classes),
        "addition" | "added" | "renamed" => style.green(classes),
        _ => classes.to_string(),
    }
}

/// A table: each property (and the shared property it references) with
/// the commit that gave it its definition.
pub fn blame(report: &BlameReport, s: Style, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Vec<String>> = report
        .properties
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
                b.commit.short(),
                b.commit.date.clone(),
                b.commit.author.clone(),
                b.commit.summary.clone(),
            ]
        })
        .collect();
    table(
        out,
        s,
        &["PROPERTY", "COMMIT", "DATE", "AUTHOR", "SUMMARY"],
        &rows,
        &[|s, c| s.bold(c), |s, c| s.dim(c)],
    )
}

#[cfg(test)]
mod tests {
    use tplan_evolution::Class;
    use tplan_git::{CommitId, CommitInfo, LogClass};

    use super::*;

    #[test]
    fn a_log_lists_commits_with_classes_and_releases() {
        let commit = |c: char, summary: &str| CommitInfo {
            commit: CommitId::parse(&c.to_string().repeat(40)).unwrap(),
            parents: Vec::new(),
            author: "Pat PM with a very long name".into(),
            email: "pat@acme.com".into(),
            date: "2026-01-01".into(),
            time: 0,
            summary: summary.into(),
        };
        let entries = [
            LogEntry {
                commit: commit('a', "Cap the price"),
                classes: vec![
                    LogClass::Changed(Class::Revision),
                    LogClass::Changed(Class::Metadata),
                ],
                releases: vec!["plan-v1.2.0".into(), "plan-v1.3.0".into()],
                renamed_from: None,
            },
            LogEntry {
                commit: commit('b', "Tracking plan"),
                classes: vec![LogClass::Added],
                releases: vec!["plan-v1.0.0".into()],
                renamed_from: None,
            },
        ];
        let mut out = Vec::new();
        let mut printer = Printer::new(&mut out, Style { color: false });
        for e in &entries {
            assert!(printer.entry(e));
        }
        printer.finish(&LogSubject::Plan).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
