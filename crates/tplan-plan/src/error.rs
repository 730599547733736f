//! Errors found while reading a plan. Parsing collects every error it finds,
//! each naming its file and position, instead of stopping at the first.

use std::fmt;

use miette::Diagnostic;

use crate::span::Span;

/// One problem in one plan file. As a diagnostic it has its kind's code and
/// help, and a label at its span; the caller attaches the file's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Diagnostic, serde::Serialize)]
#[error("{kind}")]
#[diagnostic(forward(kind))]
pub struct PlanError {
    /// Path of the file relative to the plan folder (`events/x.toml`).
    pub file: String,
    /// Where in the file, when the problem has a position.
    #[label("here")]
    pub span: Option<Span>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// The likeliest meant name, shown as a hint (`did you mean `max_length`?`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct DidYouMean(pub String);

impl fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "did you mean `{}`?", self.0)
    }
}

/// The hint for a missing object: the likeliest meant name, or the
/// command that creates it.
fn create_or_suggest(suggestion: &Option<String>, create: String) -> String {
    match suggestion {
        Some(s) => DidYouMean(s.clone()).to_string(),
        None => create,
    }
}

/// What is wrong with a plan file. Each kind has a stable kebab-case code
/// (its `Diagnostic::code`, also the rule of a lint finding) and, where
/// there is one, a hint.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Diagnostic, serde::Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file is not valid TOML.
    #[error("invalid TOML: {message}")]
    #[diagnostic(code("invalid-toml"))]
    Toml { message: String },
    /// The file is not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    #[diagnostic(code("not-utf8"))]
    NotUtf8 { offset: usize },
    /// Larger than the 1 MiB limit.
    #[error("file is {size} bytes, over the 1 MiB limit for a plan file")]
    #[diagnostic(code("file-too-large"))]
    TooLarge { size: u64 },
    /// A symbolic link inside the plan folder.
    #[error("symbolic links are not allowed in a plan: files are read as data, never followed")]
    #[diagnostic(code("symlink"))]
    Symlink,
    /// A folder (or other non-file) where a plan file belongs.
    #[error("expected a file, found a folder or special file")]
    #[diagnostic(code("not-a-file"))]
    NotAFile,
    /// A file in an object folder without the `.toml` extension.
    #[error("only `.toml` files belong in `{folder}/`")]
    #[diagnostic(code("not-toml"))]
    NotToml { folder: String },
    /// A file name that is not a valid key.
    #[error("`{name}` is not a valid key: {reason}")]
    #[diagnostic(
        code("invalid-key"),
        help("rename the file: keys use only `a-z`, `0-9` and `_`")
    )]
    InvalidKey { name: String, reason: String },
    /// A key the format does not know.
    #[error("unknown key `{key}` in {context}")]
    #[diagnostic(code("unknown-key"))]
    UnknownKey {
        key: String,
        context: String,
        #[help]
        suggestion: Option<DidYouMean>,
    },
    /// A required key is absent.
    #[error("missing required key `{key}` in {context}")]
    #[diagnostic(code("missing-key"))]
    MissingKey { key: String, context: String },
    /// A value of the wrong TOML type.
    #[error("`{key}` must be {expected}, found {found}")]
    #[diagnostic(code("wrong-type"))]
    WrongType {
        key: String,
        expected: String,
        found: String,
    },
    /// A value of the right type that is not allowed.
    #[error("invalid `{key}`: {message}")]
    #[diagnostic(code("invalid-value"))]
    InvalidValue { key: String, message: String },
    /// A `ref` to a shared property that does not exist.
    #[error("`ref` names `{name}`, but there is no `properties/{name}.toml`")]
    #[diagnostic(code("unknown-shared-property"), help("{}", create_or_suggest(suggestion, format!("create it with `tplan property add {name} --shared --type …`"))))]
    UnknownSharedProperty {
        name: String,
        suggestion: Option<String>,
    },
    /// An `owner` that does not exist.
    #[error("owner `{name}` does not exist (no `owners/{name}.toml`)")]
    #[diagnostic(code("unknown-owner"), help("{}", create_or_suggest(suggestion, format!("create it with `tplan owner add {name} --name …`"))))]
    UnknownOwner {
        name: String,
        suggestion: Option<String>,
    },
    /// Two events share a `name`: payloads could not tell them apart.
    #[error("event name `{name}` is also used by `{other}`")]
    #[diagnostic(code("duplicate-event-name"), help("give each event its own `name`"))]
    DuplicateEventName { name: String, other: String },
    /// An `enum` mixing value types.
    #[error("`enum` mixes value types ({types}); use one type per enum")]
    #[diagnostic(code("enum-mixed-types"))]
    EnumMixedTypes { types: String },
    /// A lower bound above its upper bound.
    #[error("`{low}` ({low_value}) is greater than `{high}` ({high_value}): no value can pass")]
    #[diagnostic(code("bounds-inverted"))]
    BoundsInverted {
        low: String,
        low_value: String,
        high: String,
        high_value: String,
    },
    /// A keyword that cannot apply to the declared type.
    #[error("`{key}` applies to {applies_to} values, but `type` is {types}")]
    #[diagnostic(code("keyword-not-applicable"))]
    KeywordNotApplicable {
        key: String,
        applies_to: String,
        types: String,
    },
}

impl ErrorKind {
    /// The kind's code (`unknown-key`), as its diagnostic gives it.
    pub fn error_code(&self) -> String {
        Diagnostic::code(self)
            .expect("every kind derives a code")
            .to_string()
    }

    /// The hint for fixing the problem, as its diagnostic gives it.
    pub fn hint(&self) -> Option<String> {
        Diagnostic::help(self).map(|h| h.to_string())
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.end.saturating_sub(s.start)).into()
    }
}

impl PlanError {
    /// An error in `file` at `span`.
    pub fn new(file: impl Into<String>, span: Option<Span>, kind: ErrorKind) -> Self {
        PlanError {
            file: file.into(),
            span,
            kind,
        }
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.file, s.line, s.col),
            None => self.file.clone(),
        }
    }
}

/// All errors found in a plan, in file order.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} error{} in the plan", errors.len(), if errors.len() == 1 { "" } else { "s" })]
pub struct PlanErrors {
    /// The errors, sorted by file and position.
    pub errors: Vec<PlanError>,
}

/// The closest candidate to `input`, when one is close enough to be a likely typo.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// The known key `input` most likely means: the same key spelled in
/// camelCase or without underscores (`maxLength`, JSON Schema's spelling,
/// is the likeliest typo for `max_length`), else the closest one.
pub fn suggest_key<'a>(
    input: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    let folded = input.replace('_', "").to_ascii_lowercase();
    known
        .clone()
        .into_iter()
        .find(|k| k.replace('_', "") == folded)
        .map(str::to_string)
        .or_else(|| suggest(input, known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_closest_key() {
        let keys = ["max_length", "min_length", "description"];
        assert_eq!(suggest("maxlength", keys).as_deref(), Some("max_length"));
        assert_eq!(suggest("descriptoin", keys).as_deref(), Some("description"));
        assert_eq!(suggest("zzz", keys), None);
    }
}
