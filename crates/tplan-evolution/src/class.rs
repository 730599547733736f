//! Change classes, SchemaVer's words for what a change does to historical data.

use std::fmt;

/// How much a change breaks, least to most. `Ord` follows severity, so the
/// class of an event is the maximum over its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Canonical forms equal: nothing to publish.
    None,
    /// No effect on validation (descriptions, examples, owner, tags).
    Metadata,
    /// Every payload valid under the old schema stays valid.
    Addition,
    /// May break some historical data.
    Revision,
    /// Breaks all, or essentially all, historical data or its consumers.
    Model,
}

impl Class {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::None => "none",
            Class::Metadata => "metadata",
            Class::Addition => "addition",
            Class::Revision => "revision",
            Class::Model => "model",
        }
    }

    /// Parses the lowercase name.
    pub fn parse(s: &str) -> Option<Class> {
        [
            Class::None,
            Class::Metadata,
            Class::Addition,
            Class::Revision,
            Class::Model,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
