//! Why a plan diff could not be made.

use tplan_plan::Key;

use crate::bump::DeclaredBelowComputed;
use crate::classify::ClassifyError;

/// Why a diff could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiffError {
    /// A compiled schema could not be classified.
    #[error("event `{event}`: {source}")]
    Classify {
        /// The event whose schema it is.
        event: Key,
        /// Why.
        #[source]
        source: ClassifyError,
    },
    /// A declared bump below the computed one.
    #[error(transparent)]
    DeclaredBelow(#[from] DeclaredBelowComputed),
}
