//! Why a plan diff could not be made.

use tplan_plan::Key;

use crate::bump::DeclaredBelowComputed;
use crate::classify::ClassifyError;

/// Why a diff could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum DiffError {
    /// A compiled schema could not be classified. The message holds the
    /// reason, so it is not a source too (it would print twice).
    #[error("event `{event}`: {error}")]
    #[diagnostic(code("unclassifiable-event"))]
    Classify {
        /// The event whose schema it is.
        event: Key,
        /// Why.
        error: ClassifyError,
    },
    /// A declared bump below the computed one.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DeclaredBelow(#[from] DeclaredBelowComputed),
}
