//! Diagnostics shown with their source: `events/x.toml:7:1` and the line
//! itself, through miette. Libraries derive `miette::Diagnostic` (code,
//! help, a label at the span); this module only names the file as the user
//! knows it and attaches its text. Every text is escaped for the terminal
//! ([`crate::output::escape`]): a message quotes names and values from the
//! plan, and a source line is the plan's own text.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use tplan_plan::{PlanFiles, Span};

use crate::output::escape::escape_text;

/// A message with an optional code, help, source and labels.
#[derive(Debug)]
pub struct SourceDiagnostic {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: miette::Severity,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    cause: Option<Box<Cause>>,
}

/// One error of a diagnostic's cause chain, its text escaped.
#[derive(Debug)]
struct Cause {
    text: String,
    next: Option<Box<Cause>>,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// The causes of `e`, first to last, escaped.
fn causes(e: Option<&dyn std::error::Error>) -> Option<Box<Cause>> {
    let e = e?;
    Some(Box::new(Cause {
        text: escape_text(&e.to_string()).into_owned(),
        next: causes(e.source()),
    }))
}

fn escaped(text: String) -> String {
    match escape_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(e) => e,
    }
}

/// The byte offset in the escaped `text` of byte `offset` of `text`.
fn escaped_offset(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    offset + escape_text(before).len() - before.len()
}

impl SourceDiagnostic {
    /// A plain message.
    pub fn message(message: impl Into<String>, help: Option<String>) -> Self {
        SourceDiagnostic {
            message: escaped(message.into()),
            code: None,
            help: help.map(escaped),
            severity: miette::Severity::Error,
            source: None,
            labels: Vec::new(),
            cause: None,
        }
    }

    /// A library diagnostic with its code, help, severity and causes, all
    /// text escaped.
    pub fn of(d: &dyn Diagnostic) -> Self {
        SourceDiagnostic {
            message: escaped(d.to_string()),
            code: d.code().map(|c| c.to_string()),
            help: d.help().map(|h| escaped(h.to_string())),
            severity: d.severity().unwrap_or(miette::Severity::Error),
            source: None,
            labels: Vec::new(),
            cause: causes(d.source()),
        }
    }

    /// A library diagnostic about `file` at `span` (a plan error, a lint
    /// finding), with the text of its file. `display` names the file as the
    /// user knows it (with the plan's folder and revision).
    pub fn in_file(
        d: &dyn Diagnostic,
        file: &str,
        span: Option<Span>,
        files: &PlanFiles,
        display: &dyn Fn(&str) -> String,
    ) -> Self {
        let name = display(file);
        let location = match span {
            Some(s) => format!("{name}:{}:{}", s.line, s.col),
            None => name.clone(),
        };
        let text = span.and_then(|_| files.text(file));
        // Labels point into the text as written; the escaped text is longer
        // where a control character became its code point.
        let labels = match text {
            Some(t) => d
                .labels()
                .map(|labels| {
                    labels
                        .map(|l| {
                            let start = escaped_offset(t, l.offset());
                            let end = escaped_offset(t, l.offset() + l.len());
                            LabeledSpan::new(l.label().map(str::to_string), start, end - start)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        SourceDiagnostic {
            message: escaped(format!("{location}: {d}")),
            code: d.code().map(|c| c.to_string()),
            help: d.help().map(|h| escaped(h.to_string())),
            severity: d.severity().unwrap_or(miette::Severity::Error),
            labels,
            source: text.map(|t| NamedSource::new(name, escape_text(t).into_owned())),
            cause: None,
        }
    }
}

impl fmt::Display for SourceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceDiagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

impl Diagnostic for SourceDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}
