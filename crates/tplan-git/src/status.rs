//! `tplan status`: the work tree against `HEAD`, as a semantic summary:
//! where `HEAD` is, the merge in progress, the plan's changes with their
//! classes, and the files `tplan commit` would commit or leave alone.

use serde::Serialize;
use tplan_evolution::merge::Conflict;
use tplan_evolution::{DiffOptions, Report, diff_plans};

use crate::changes::FileChange;
use crate::error::StoreError;
use crate::ids::{BranchName, CommitId};
use crate::merge::MergeState;
use crate::store::Store;

/// What `tplan status` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    /// The branch `HEAD` is on; `null` when detached.
    pub branch: Option<BranchName>,
    /// The commit `HEAD` is at; `null` before the first commit.
    pub commit: Option<CommitId>,
    /// The merge in progress, if any.
    pub merge: Option<MergeStatus>,
    /// Plan files that differ from `HEAD`.
    pub plan_files: Vec<FileChange>,
    /// The plan's semantic changes against `HEAD`, when plan files changed
    /// and the work tree's plan loads.
    pub changes: Option<Report>,
    /// How many errors the work tree's plan has, when it does not load.
    pub plan_errors: Option<usize>,
    /// Files in the plan folder that are not plan files and differ from
    /// `HEAD` (`tplan commit` leaves them alone).
    pub other_files: Vec<FileChange>,
    /// Whether plain `git merge` merges plan files with tplan here.
    pub merge_driver: crate::setup::DriverState,
    /// The plan folder from the repository root (`plans/web/`, `""`), for
    /// naming files to people.
    #[serde(skip)]
    pub plan_folder: String,
}

/// A merge in progress, as `tplan status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeStatus {
    /// The revision being merged, as it was named.
    pub theirs: String,
    /// Its commit.
    pub commit: CommitId,
    /// Every conflict of the merge.
    pub conflicts: Vec<Conflict>,
    /// The conflicted files still marked.
    pub unresolved: Vec<Unresolved>,
}

/// A conflicted file that still holds a conflict marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// The plan file.
    pub file: String,
    /// The line of its first marker.
    pub line: usize,
}

impl Store {
    /// `tplan status`.
    pub fn status(&self) -> Result<StatusReport, StoreError> {
        let head = self.head()?;
        let plan_files = self.changed_plan_files()?;
        let other_files = self.changed_other_files()?;
        let merge = match self.merge_state()? {
            Some(state) => Some(self.merge_status(state)?),
            None => None,
        };
        let (changes, plan_errors) = if head.commit().is_none() || plan_files.is_empty() {
            (None, None)
        } else {
            self.worktree_changes()?
        };
        Ok(StatusReport {
            branch: head.branch().cloned(),
            commit: head.commit(),
            merge,
            plan_files,
            changes,
            plan_errors,
            other_files,
            merge_driver: self.driver_state(),
            plan_folder: self.folder(),
        })
    }

    /// The merge in progress with the files still marked.
    fn merge_status(&self, state: MergeState) -> Result<MergeStatus, StoreError> {
        let unresolved = self
            .unresolved(&state)?
            .into_iter()
            .filter_map(|(file, line)| Some(Unresolved { file, line: line? }))
            .collect();
        Ok(MergeStatus {
            theirs: state.theirs_spec,
            commit: state.theirs,
            conflicts: state.details,
            unresolved,
        })
    }

    /// The work tree's plan against `HEAD`'s: the report, or how many
    /// errors the work tree's plan has.
    fn worktree_changes(&self) -> Result<(Option<Report>, Option<usize>), StoreError> {
        let new = tplan_schema::load(&self.read_worktree()?);
        if !new.errors.is_empty() {
            return Ok((None, Some(new.errors.len())));
        }
        let (_, old_files) = self.read_plan("HEAD")?;
        let old = tplan_schema::load(&old_files);
        if !old.errors.is_empty() {
            return Err(StoreError::PlanErrors {
                rev: Some("HEAD".into()),
                files: Box::new(old_files),
                errors: old.errors,
            });
        }
        let report = diff_plans(&old.plan, &new.plan, &DiffOptions::default())
            .map_err(|e| StoreError::Diff(e.to_string()))?;
        Ok((Some(report), None))
    }
}
