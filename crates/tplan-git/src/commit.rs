//! `tplan commit`: the plan folder committed from the work tree onto the
//! current branch, or the merge in progress concluded.

use crate::error::StoreError;
use crate::snapshot::CommitSpec;
use crate::store::{Revision, Store};

impl Store {
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
        })
    }
}
