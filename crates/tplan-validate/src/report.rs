//! The finished report: counts, coverage, events never seen.

use serde::Serialize;

use crate::summary::Summary;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The counts.
    #[serde(flatten)]
    pub summary: Summary,
    /// Planned events expected in traffic (active ones).
    pub expected: usize,
    /// Of those, seen at least once.
    pub seen: usize,
    /// `seen / expected`, in percent.
    pub coverage: f64,
    /// Expected events never seen.
    pub never_seen: Vec<String>,
}
