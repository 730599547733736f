//! Errors found while reading a plan. Parsing collects every error it finds,
//! each naming its file and position, instead of stopping at the first.

use crate::span::Span;

/// One problem in one plan file.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize)]
#[error("{kind}")]
pub struct PlanError {
    /// Path of the file relative to the plan folder (`events/x.toml`).
    pub file: String,
    /// Where in the file, when the problem has a position.
    pub span: Option<Span>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong with a plan file.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file is not valid TOML.
    #[error("invalid TOML: {message}")]
    Toml { message: String },
    /// The file is not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    /// Larger than the 1 MiB limit.
    #[error("file is {size} bytes, over the 1 MiB limit for a plan file")]
    TooLarge { size: u64 },
    /// A symbolic link inside the plan folder.
    #[error("symbolic links are not allowed in a plan: files are read as data, never followed")]
    Symlink,
    /// A folder (or other non-file) where a plan file belongs.
    #[error("expected a file, found a folder or special file")]
    NotAFile,
    /// A file in an object folder without the `.toml` extension.
    #[error("only `.toml` files belong in `{folder}/`")]
    NotToml { folder: String },
    /// A file name that is not a valid key.
    #[error("`{name}` is not a valid key: {reason}")]
    InvalidKey { name: String, reason: String },
    /// A key the format does not know.
    #[error("unknown key `{key}` in {context}")]
    UnknownKey {
        key: String,
        context: String,
        suggestion: Option<String>,
    },
    /// A required key is absent.
    #[error("missing required key `{key}` in {context}")]
    MissingKey { key: String, context: String },
    /// A value of the wrong TOML type.
    #[error("`{key}` must be {expected}, found {found}")]
    WrongType {
        key: String,
        expected: String,
        found: String,
    },
    /// A value of the right type that is not allowed.
    #[error("invalid `{key}`: {message}")]
    InvalidValue { key: String, message: String },
    /// A `ref` to a shared property that does not exist.
    #[error("`ref` names `{name}`, but there is no `properties/{name}.toml`")]
    UnknownSharedProperty {
        name: String,
        suggestion: Option<String>,
    },
    /// An `owner` that does not exist.
    #[error("owner `{name}` does not exist (no `owners/{name}.toml`)")]
    UnknownOwner {
        name: String,
        suggestion: Option<String>,
    },
    /// Two events share a `name`: payloads could not tell them apart.
    #[error("event name `{name}` is also used by `{other}`")]
    DuplicateEventName { name: String, other: String },
    /// An `enum` mixing value types.
    #[error("`enum` mixes value types ({types}); use one type per enum")]
    EnumMixedTypes { types: String },
    /// A lower bound above its upper bound.
    #[error("`{low}` ({low_value}) is greater than `{high}` ({high_value}): no value can pass")]
    BoundsInverted {
        low: String,
        low_value: String,
        high: String,
        high_value: String,
    },
    /// A keyword that cannot apply to the declared type.
    #[error("`{key}` applies to {applies_to} values, but `type` is {types}")]
    KeywordNotApplicable {
        key: String,
        applies_to: String,
        types: String,
    },
}

impl ErrorKind {
    /// A stable kebab-case code for machines and lint output.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Toml { .. } => "invalid-toml",
            ErrorKind::NotUtf8 { .. } => "not-utf8",
            ErrorKind::TooLarge { .. } => "file-too-large",
            ErrorKind::Symlink => "symlink",
            ErrorKind::NotAFile => "not-a-file",
            ErrorKind::NotToml { .. } => "not-toml",
            ErrorKind::InvalidKey { .. } => "invalid-key",
            ErrorKind::UnknownKey { .. } => "unknown-key",
            ErrorKind::MissingKey { .. } => "missing-key",
            ErrorKind::WrongType { .. } => "wrong-type",
            ErrorKind::InvalidValue { .. } => "invalid-value",
            ErrorKind::UnknownSharedProperty { .. } => "unknown-shared-property",
            ErrorKind::UnknownOwner { .. } => "unknown-owner",
            ErrorKind::DuplicateEventName { .. } => "duplicate-event-name",
            ErrorKind::EnumMixedTypes { .. } => "enum-mixed-types",
            ErrorKind::BoundsInverted { .. } => "bounds-inverted",
            ErrorKind::KeywordNotApplicable { .. } => "keyword-not-applicable",
        }
    }

    /// A hint for fixing the problem, when there is one.
    pub fn help(&self) -> Option<String> {
        match self {
            ErrorKind::UnknownKey {
                suggestion: Some(s),
                ..
            }
            | ErrorKind::UnknownSharedProperty {
                suggestion: Some(s),
                ..
            }
            | ErrorKind::UnknownOwner {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            ErrorKind::UnknownSharedProperty { name, .. } => Some(format!(
                "create it with `tplan property add {name} --shared --type …`"
            )),
            ErrorKind::UnknownOwner { name, .. } => {
                Some(format!("create it with `tplan owner add {name} --name …`"))
            }
            ErrorKind::InvalidKey { .. } => {
                Some("rename the file: keys use only `a-z`, `0-9` and `_`".to_string())
            }
            ErrorKind::DuplicateEventName { .. } => {
                Some("give each event its own `name`".to_string())
            }
            _ => None,
        }
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
