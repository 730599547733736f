//! The lint gates of commands that write a plan. `tplan commit` and `tplan
//! merge --continue` refuse a work tree whose plan does not load or fails
//! lint. A merge whose files each merged cleanly can still break the plan
//! (two events given one `name`, a `ref` to a property the other side
//! removed): those errors are conflicts.

use std::collections::BTreeSet;

use tplan_evolution::merge::{Conflict, ConflictKind};
use tplan_lint::{Finding, lint};
use tplan_plan::model::{Date, Severity};
use tplan_plan::{Loaded, PlanFiles};

use crate::error::StoreError;
use crate::store::Store;

/// Whose gate: the refusal says what was not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// `tplan commit`.
    Commit,
    /// `tplan merge --continue`.
    MergeContinue,
}

impl Store {
    /// Refuses a work tree whose plan does not load (every error, with the
    /// files) or has lint errors.
    pub(crate) fn gate_worktree(&self, today: Date, gate: Gate) -> Result<(), StoreError> {
        let files = self.read_worktree()?;
        let loaded = tplan_schema::load(&files);
        if !loaded.errors.is_empty() {
            return Err(StoreError::PlanErrors {
                rev: None,
                files: Box::new(files),
                errors: loaded.errors,
            });
        }
        let findings: Vec<Finding> = lint(&loaded, &files, today)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let errors = findings.len();
        // The first ten, each where it is: enough to start fixing.
        let found: Vec<String> = findings
            .iter()
            .take(10)
            .map(|f| {
                let file = self.repo_path(&f.file);
                let at = f.location().replacen(&f.file, &file, 1);
                format!("{at}: {}: {}", f.rule, f.message)
            })
            .collect();
        match (errors, gate) {
            (0, _) => Ok(()),
            (errors, Gate::Commit) => Err(StoreError::LintRefused { errors, found }),
            (errors, Gate::MergeContinue) => Err(StoreError::MergeLintRefused { errors, found }),
        }
    }
}

/// Conflicts of a merged plan that merged cleanly file by file but fails
/// lint: two events given one `name`, a `ref` to a property the other side
/// removed. `merged` is the complete merged plan; errors `ours` (complete)
/// already had are not the merge's doing and are left out.
pub fn lint_conflicts(merged: &PlanFiles, ours: &PlanFiles, today: Date) -> Vec<Conflict> {
    lint_conflicts_loaded(&tplan_schema::load(merged), merged, ours, today)
}

/// [`lint_conflicts`] of a merged plan already loaded.
pub fn lint_conflicts_loaded(
    loaded: &Loaded,
    merged: &PlanFiles,
    ours: &PlanFiles,
    today: Date,
) -> Vec<Conflict> {
    let only_errors = |findings: Vec<Finding>| {
        findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect::<Vec<_>>()
    };
    let errors = |files: &PlanFiles| {
        let loaded = tplan_schema::load(files);
        only_errors(lint(&loaded, files, today))
    };
    let found = only_errors(lint(loaded, merged, today));
    if found.is_empty() {
        return Vec::new();
    }
    let before: BTreeSet<(String, String)> = errors(ours)
        .into_iter()
        .map(|f| (f.file, f.message))
        .collect();
    found
        .into_iter()
        .filter(|f| !before.contains(&(f.file.clone(), f.message.clone())))
        .map(|f| Conflict {
            file: f.file.clone(),
            path: String::new(),
            kind: ConflictKind::Lint,
            base: None,
            ours: None,
            theirs: None,
            message: format!("{}: {} [{}]", f.location(), f.message, f.rule),
        })
        .collect()
}
