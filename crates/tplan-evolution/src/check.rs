//! The CI gate of `tplan check`: a plan diff and whether any change reaches
//! the class it fails on.

use tplan_plan::model::Profile;
use tplan_plan::{Plan, PlanFiles};

use crate::class::Class;
use crate::plan::{DiffError, DiffOptions, diff};
use crate::report::Report;

/// How to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Classify under this profile instead of the head's `[policy] profile`.
    pub profile: Option<Profile>,
    /// Fail on a change of this class or above.
    pub fail_on: Class,
}

/// What `tplan check` decides; `--format json` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckReport {
    /// The class at which the check fails.
    pub fail_on: Class,
    /// Whether no change is at or above `fail_on`.
    pub passed: bool,
    /// The diff from the base to the head.
    pub report: Report,
}

/// Checks the changes from `base` to `head`. With `head_files` (the head
/// plan's files), each change is placed at its line, for reports that
/// point at it.
pub fn check(
    base: &Plan,
    head: &Plan,
    head_files: Option<&PlanFiles>,
    options: &CheckOptions,
) -> Result<CheckReport, DiffError> {
    let diff_options = DiffOptions {
        profile: options.profile,
        ..DiffOptions::default()
    };
    let report = diff(base, head, head_files, &diff_options)?;
    Ok(CheckReport {
        fail_on: options.fail_on,
        passed: !report.fails(options.fail_on),
        report,
    })
}
