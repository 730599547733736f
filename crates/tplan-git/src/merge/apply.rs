//! Writing a prepared merge: the state first (so a killed merge can be
//! aborted), then the work tree and index, then the branch, last, by
//! compare-and-swap; a lost race puts the work tree back.

use super::{MergeOptions, MergeOutcome, Plan, PreparedMerge};
use crate::error::{StoreError, io};
use crate::store::Store;

impl Store {
    /// Merges `spec` into the current branch.
    pub fn merge(&self, spec: &str, options: MergeOptions<'_>) -> Result<MergeOutcome, StoreError> {
        let prepared = self.prepare_merge(spec, options)?;
        self.apply_merge(prepared)
    }

    /// Writes a prepared merge: work tree and index, then the branch.
    pub fn apply_merge(&self, prepared: PreparedMerge) -> Result<MergeOutcome, StoreError> {
        match prepared.plan {
            Plan::UpToDate => Ok(MergeOutcome::UpToDate),
            Plan::FastForward {
                branch,
                from,
                to,
                changes,
            } => {
                let target = to.commit.oid();
                self.write_changes(&changes)?;
                let message = format!("merge {}: Fast-forward", to.spec);
                if let Err(e) = self.move_branch(&branch, Some(from), target, &message) {
                    self.undo(&changes)?;
                    return Err(e);
                }
                Ok(MergeOutcome::FastForward {
                    from: from.into(),
                    commit: to.commit,
                    files: changes.len(),
                })
            }
            Plan::Clean {
                branch,
                ours,
                commit,
                changes,
                files,
                state,
            } => {
                self.write_state(&state)?;
                crate::failpoint::hit("merge:state-written");
                self.write_changes(&changes)?;
                crate::failpoint::hit("merge:before-ref");
                let message = format!("merge {}: Merge made by tplan.", state.theirs_spec);
                if let Err(e) = self.move_branch(&branch, Some(ours), commit, &message) {
                    self.undo(&changes)?;
                    self.clear_state()?;
                    return Err(e);
                }
                self.clear_state()?;
                Ok(MergeOutcome::Merged {
                    commit: commit.into(),
                    files,
                })
            }
            Plan::Conflicted {
                changes,
                marked,
                conflicts,
                state,
            } => {
                self.write_state(&state)?;
                self.write_changes(&changes)?;
                let mut stages = Vec::new();
                for (path, text, edit) in marked {
                    if let Some(text) = text {
                        let abs = self.workdir.join(&path);
                        std::fs::write(&abs, text)
                            .map_err(|source| io(&abs, "cannot write", source))?;
                    }
                    stages.push(edit);
                }
                self.patch_index(&stages)?;
                Ok(MergeOutcome::Conflicted { conflicts, state })
            }
        }
    }
}
