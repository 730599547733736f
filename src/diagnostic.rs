//! Diagnostics shown with their source: `events/x.toml:7:1` and the line
//! itself, through miette. Libraries derive `miette::Diagnostic` (code,
//! help, a label at the span); this module only names the file as the user
//! knows it and attaches its text.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use tplan_plan::{PlanFiles, Span};

/// A message with an optional code, help, source and labels.
#[derive(Debug)]
pub struct SourceDiagnostic {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: miette::Severity,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
}

impl SourceDiagnostic {
    /// A plain message.
    pub fn message(message: impl Into<String>, help: Option<String>) -> Self {
        SourceDiagnostic {
            message: message.into(),
            code: None,
            help,
            severity: miette::Severity::Error,
            source: None,
            labels: Vec::new(),
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
        let source = span
            .and_then(|_| files.text(file))
            .map(|t| NamedSource::new(name, t.to_string()));
        SourceDiagnostic {
            message: format!("{location}: {d}"),
            code: d.code().map(|c| c.to_string()),
            help: d.help().map(|h| h.to_string()),
            severity: d.severity().unwrap_or(miette::Severity::Error),
            labels: match &source {
                Some(_) => d.labels().map(Iterator::collect).unwrap_or_default(),
                None => Vec::new(),
            },
            source,
        }
    }
}

impl fmt::Display for SourceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceDiagnostic {}

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
