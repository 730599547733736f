//! `tplan commit`: the plan folder committed from the work tree onto the
//! current branch, or the merge in progress concluded.

use serde::Serialize;
use tplan_plan::model::Date;

use crate::error::StoreError;
use crate::gate::Gate;
use crate::identity::Actor;
use crate::ids::CommitId;
use crate::snapshot::CommitSpec;
use crate::store::{Revision, Store};

/// What `tplan commit` is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct CommitOptions<'a> {
    /// The commit message.
    pub message: &'a str,
    /// The author; `None`: the configured git identity.
    pub author: Actor<'a>,
    /// Refuse a plan with errors or lint errors (`false`: `--no-verify`).
    pub verify: bool,
    /// Today, for lint's deprecation checks.
    pub today: Date,
}

/// What `tplan commit` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitReport {
    /// The new commit.
    pub commit: CommitId,
    /// Its message, as given.
    pub message: String,
    /// The default branch, when the commit went straight onto it (not the
    /// plan's first commit, not a merge): a change no one reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypasses_review: Option<String>,
}

impl Store {
    /// `tplan commit`: the lint gate (unless `verify` is off), then the
    /// plan folder committed, or the merge in progress concluded.
    pub fn commit(&self, options: &CommitOptions<'_>) -> Result<CommitReport, StoreError> {
        if options.verify {
            self.gate_worktree(options.today, Gate::Commit)?;
        }
        let straight = match self.head()? {
            crate::branch::Head::Branch {
                name,
                commit: Some(_),
            } if self.merge_state()?.is_none() => self
                .default_branch()
                .ok()
                .filter(|d| d.name == name.as_str())
                .map(|d| d.name),
            _ => None,
        };
        let rev = self.commit_plan(options.message, options.author)?;
        Ok(CommitReport {
            commit: rev.commit,
            message: options.message.to_string(),
            bypasses_review: straight,
        })
    }

    /// Commits the plan folder as it is in the work tree onto the checked-out
    /// branch. `author` is `(name, email)`; without it the repository's
    /// configured identity is used. Returns the new commit.
    ///
    /// During a merge started by `tplan merge` this concludes it (as `git
    /// commit` does): the commit has both parents.
    pub fn commit_plan(
        &self,
        message: &str,
        author: Option<(&str, &str)>,
    ) -> Result<Revision, StoreError> {
        if let Some(state) = self.merge_state()? {
            return self.conclude_merge(&state, Some(message), author);
        }
        self.refuse_merge_in_progress()?;
        self.commit_worktree(CommitSpec {
            message,
            author,
            base_tree: None,
            merged: None,
            reflog: "commit",
            remove: Vec::new(),
        })
    }
}
