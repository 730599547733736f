//! Errors and findings shown with their source: `events/x.toml:7:1` and the
//! line itself, through miette.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use tplan_lint::Finding;
use tplan_plan::model::Severity;
use tplan_plan::{PlanError, PlanFiles, Span};

/// A message with an optional source position, code and help.
#[derive(Debug)]
pub struct SourceDiagnostic {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: miette::Severity,
    source: Option<NamedSource<String>>,
    span: Option<Span>,
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
            span: None,
        }
    }

    /// A plan error with the text of its file. `display` names the file as
    /// the user knows it (with the plan's folder and revision).
    pub fn plan_error(e: &PlanError, files: &PlanFiles, display: &dyn Fn(&str) -> String) -> Self {
        let name = display(&e.file);
        let with_location = match e.span {
            Some(s) => format!("{name}:{}:{}", s.line, s.col),
            None => name.clone(),
        };
        SourceDiagnostic {
            message: format!("{with_location}: {}", e.kind),
            code: Some(e.kind.code().to_string()),
            help: e.kind.help(),
            severity: miette::Severity::Error,
            source: source(files, &e.file, &name, e.span),
            span: e.span,
        }
    }

    /// A lint finding.
    pub fn finding(f: &Finding, files: &PlanFiles, display: &dyn Fn(&str) -> String) -> Self {
        let name = display(&f.file);
        let with_location = match f.span {
            Some(s) => format!("{name}:{}:{}", s.line, s.col),
            None => name.clone(),
        };
        SourceDiagnostic {
            message: format!("{with_location}: {}", f.message),
            code: Some(f.rule.clone()),
            help: f.help.clone(),
            severity: match f.severity {
                Severity::Error => miette::Severity::Error,
                _ => miette::Severity::Warning,
            },
            source: source(files, &f.file, &name, f.span),
            span: f.span,
        }
    }
}

fn source(
    files: &PlanFiles,
    file: &str,
    name: &str,
    span: Option<Span>,
) -> Option<NamedSource<String>> {
    span?;
    files
        .text(file)
        .map(|t| NamedSource::new(name, t.to_string()))
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
        let span = self.span?;
        self.source.as_ref()?;
        let len = span.end.saturating_sub(span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".into()),
            span.start,
            len,
        ))))
    }
}
