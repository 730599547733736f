//! Why an edit was refused. A refused edit produces no changeset, so nothing
//! is written.

use std::collections::BTreeMap;

use tplan_plan::error::PlanError;

/// Why [`apply`](super::apply) refused an edit.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum EditError {
    /// An object to remove that others still name.
    #[error("{what} is still named by {}", by.iter().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", "))]
    #[diagnostic(code("in-use"), help("remove it from them first"))]
    InUse {
        /// What was to be removed (``source `ios` ``).
        what: String,
        /// The files naming it.
        by: Vec<String>,
    },
    /// The object or property to add is already there.
    #[error("{what} already exists in `{file}`")]
    #[diagnostic(code("already-exists"))]
    Exists {
        /// What was to be added (``event `checkout_completed` ``).
        what: String,
        /// The file that holds it.
        file: String,
    },
    /// The object, property or field to change is not there.
    #[error("{what} not found in `{place}`{}", did_you_mean(.suggestion))]
    #[diagnostic(code("not-found"))]
    NotFound {
        /// What was looked for (``property `cupon` ``).
        what: String,
        /// The folder (`events/`) or file (`events/x.toml`) searched.
        place: String,
        /// The closest existing name, when one is a likely typo.
        suggestion: Option<String>,
    },
    /// A field name the plan format does not know.
    #[error("unknown field `{field}` for {context}{}", did_you_mean(.suggestion))]
    #[diagnostic(code("unknown-field"))]
    UnknownField {
        /// The field as given.
        field: String,
        /// `an event`, `a property` or `an owner`.
        context: &'static str,
        /// The closest known field, when one is a likely typo.
        suggestion: Option<String>,
    },
    /// A property name or key that cannot be used.
    #[error("{reason}")]
    #[diagnostic(code("bad-name"))]
    BadName {
        /// The name as given.
        name: String,
        /// Why it cannot be used (names the name).
        reason: String,
    },
    /// A value that cannot be written for its field (a non-number `minimum`).
    #[error("`{value}` is not a valid `{field}`: {reason}")]
    #[diagnostic(code("bad-value"))]
    BadValue {
        /// The field.
        field: String,
        /// The value as given.
        value: String,
        /// What was expected.
        reason: String,
    },
    /// The file to edit cannot be read as TOML (or is not a regular UTF-8
    /// file); it has to be fixed by hand first.
    #[error("cannot edit `{file}`: {}", first(.errors))]
    #[diagnostic(code("cannot-edit"))]
    Unreadable {
        /// The file.
        file: String,
        /// Its errors, each with its position.
        errors: Vec<PlanError>,
    },
    /// The edit would leave the plan invalid.
    #[error(
        "the edit would leave the plan invalid: {}{}",
        first(.errors),
        more(.errors)
    )]
    #[diagnostic(code("invalid-edit"))]
    Invalid {
        /// The errors the edit would cause (any error in a file it touched,
        /// and any error elsewhere that the plan did not have before), each
        /// naming its file, line and column in the edited text.
        errors: Vec<PlanError>,
        /// The edited text of every file an error names, so a caller can
        /// show the lines at fault.
        sources: BTreeMap<String, String>,
    },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map_or(String::new(), |s| format!("; did you mean `{s}`?"))
}

fn first(errors: &[PlanError]) -> String {
    errors
        .first()
        .map_or(String::new(), |e| format!("{}: {e}", e.location()))
}

fn more(errors: &[PlanError]) -> String {
    match errors.len() {
        0 | 1 => String::new(),
        2 => " (and 1 more error)".to_string(),
        n => format!(" (and {} more errors)", n - 1),
    }
}
