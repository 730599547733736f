//! When a validation fails: invalid or unparsable lines, unknown events
//! when they are refused, coverage under a threshold, an input cut short.

use serde::Serialize;

use crate::report::Report;
use crate::run::ReadError;

/// What to do with events the plan does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownEvents {
    /// Fail.
    Error,
    /// Report them; do not fail.
    #[default]
    Warn,
    /// Neither report nor fail.
    Ignore,
}

/// What fails a validation besides invalid and unparsable lines.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Policy {
    /// Events the plan does not have.
    pub unknown_events: UnknownEvents,
    /// Fail when fewer than this percentage of the active planned events
    /// appear.
    pub fail_under_coverage: Option<f64>,
}

/// `tplan validate --format json`: the report with its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// Counts, events, coverage.
    #[serde(flatten)]
    pub report: Report,
    /// The plan validated against, for people (`the plan at `v1``).
    pub plan: String,
    /// Whether the validation passed: no invalid or unparsable line, no
    /// failure of the policy, every input read to its end.
    pub passed: bool,
    /// Why an input could not be read to its end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the payloads fail (exit 1), the read error aside.
    #[serde(skip)]
    pub failed: bool,
    /// The threshold the coverage fell under.
    #[serde(skip)]
    pub coverage_under: Option<f64>,
}

impl Report {
    /// The report judged by `policy` against `plan`; `error` is the input
    /// that could not be read to its end. Unknown events are left out of
    /// the report when the policy ignores them.
    pub fn judge(mut self, policy: Policy, plan: String, error: Option<&ReadError>) -> Validation {
        let unknown_fail =
            policy.unknown_events == UnknownEvents::Error && self.summary.unknown > 0;
        let coverage_under = policy
            .fail_under_coverage
            .filter(|pct| self.coverage + 1e-9 < *pct);
        let failed = self.summary.invalid > 0
            || self.summary.unparsable > 0
            || unknown_fail
            || coverage_under.is_some();
        if policy.unknown_events == UnknownEvents::Ignore {
            self.summary.forget_unknown_names();
        }
        Validation {
            report: self,
            plan,
            passed: !failed && error.is_none(),
            error: error.map(|e| e.to_string()),
            failed,
            coverage_under,
        }
    }
}
