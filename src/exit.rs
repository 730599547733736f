//! How a command ends: the exit codes of DESIGN.md.

use crate::diagnostic::SourceDiagnostic;

/// A command that ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: nothing to report, or the check passed.
    Ok,
    /// 1: the check found what it looks for (lint errors, breaking changes).
    Found,
}

/// A command that could not do its work: bad usage or bad input (exit 2).
/// Nothing was written.
#[derive(Debug)]
pub struct Failure {
    /// Diagnostics shown before the summary (one per plan error).
    pub diagnostics: Vec<SourceDiagnostic>,
    /// The summary.
    pub report: miette::Report,
    /// The reader of standard output went away: not worth a message.
    pub broken_pipe: bool,
}

impl Failure {
    /// A failure with a message and an optional hint.
    pub fn new(message: impl Into<String>, help: Option<String>) -> Failure {
        Failure {
            diagnostics: Vec::new(),
            report: SourceDiagnostic::message(message, help).into(),
            broken_pipe: false,
        }
    }
}

impl Failure {
    /// A library error shown as its diagnostic: code, help and causes as
    /// the error derives them (`miette::Diagnostic`), its text escaped for
    /// the terminal.
    pub fn diagnostic(d: impl miette::Diagnostic + Send + Sync + 'static) -> Failure {
        Failure {
            diagnostics: Vec::new(),
            report: SourceDiagnostic::of(&d).into(),
            broken_pipe: false,
        }
    }

    /// An error that is not a diagnostic: its message with its causes on
    /// one line.
    pub fn error(e: &(dyn std::error::Error + 'static)) -> Failure {
        let broken_pipe = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
        let mut message = e.to_string();
        // Show the cause chain in one line; library errors keep causes apart.
        let mut source = e.source();
        while let Some(s) = source {
            let text = s.to_string();
            if !text.is_empty() && !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = s.source();
        }
        Failure {
            broken_pipe,
            ..Failure::new(message, None)
        }
    }
}

/// Errors that `?` turns into a failure shown as a diagnostic (they derive
/// `miette::Diagnostic`).
macro_rules! diagnostic_errors {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Failure {
                Failure::diagnostic(e)
            }
        }
    )*};
}

/// Errors that are not diagnostics yet: shown as their message and causes.
macro_rules! plain_errors {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Failure {
                Failure::error(&e)
            }
        }
    )*};
}

diagnostic_errors!(
    tplan_evolution::DiffError,
    tplan_evolution::schema_diff::SchemaDiffError,
    tplan_edit::init::InitError,
    tplan_edit::EditError,
    tplan_formats::import::ImportError,
    tplan_validate::ReadError,
    tplan_git::StoreError,
);
plain_errors!(std::io::Error, serde_json::Error);

/// What every command returns.
pub type CliResult = Result<Exit, Failure>;
