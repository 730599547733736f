//! What `tplan merge` reports: the outcome, and for people what the merge
//! brought in; what `--continue` and `--abort` did.

use serde::Serialize;
use tplan_evolution::{DiffOptions, Report, diff_plans};

use super::{MergeOptions, MergeOutcome};
use crate::error::StoreError;
use crate::ids::CommitId;
use crate::store::Store;

/// What `tplan merge REV` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeReport {
    /// What happened (`outcome` and its fields).
    #[serde(flatten)]
    pub outcome: MergeOutcome,
    /// The revision merged, as it was named.
    #[serde(skip)]
    pub theirs: String,
    /// The branch merged into.
    #[serde(skip)]
    pub branch: String,
    /// What the merge brought into the plan, event by event; `None` when
    /// nothing, or when a side's plan does not load.
    #[serde(skip)]
    pub incoming: Option<Report>,
    /// The plan folder from the repository root (`plans/web/`, `""`), for
    /// naming files to people.
    #[serde(skip)]
    pub plan_folder: String,
}

/// What `tplan merge --continue` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Concluded {
    /// Always `merged`.
    pub outcome: &'static str,
    /// The merge commit.
    pub commit: CommitId,
    /// The revision merged, as it was named.
    #[serde(skip)]
    pub theirs: String,
    /// The branch merged into.
    #[serde(skip)]
    pub branch: String,
}

/// What `tplan merge --abort` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aborted {
    /// The revision whose merge was given up, as it was named.
    pub aborted: String,
    /// Every path put back as `HEAD` has it, from the repository root (a
    /// merge also writes files outside the plan).
    pub restored: Vec<String>,
}

impl Store {
    /// `tplan merge REV`: [`Store::merge`], with what the merge brought in.
    pub fn merge_report(
        &self,
        spec: &str,
        options: MergeOptions<'_>,
    ) -> Result<MergeReport, StoreError> {
        let head = self.head()?;
        let (branch, ours) = (head.branch().map(|b| b.to_string()), head.commit());
        let outcome = self.merge(spec, options)?;
        let incoming = match (&outcome, ours) {
            (MergeOutcome::FastForward { from, commit, .. }, _) => self.incoming(*from, *commit),
            (MergeOutcome::Merged { commit, .. }, Some(ours)) => self.incoming(ours, *commit),
            _ => None,
        };
        Ok(MergeReport {
            outcome,
            theirs: spec.to_string(),
            branch: branch.unwrap_or_default(),
            incoming,
            plan_folder: self.folder(),
        })
    }

    /// The plan's changes from `old` to `new`, when there are any and both
    /// plans load.
    fn incoming(&self, old: CommitId, new: CommitId) -> Option<Report> {
        let (old_files, new_files) = self.read_pair(&old.to_string(), &new.to_string()).ok()?;
        let (old, new) = (
            tplan_schema::load(&old_files),
            tplan_schema::load(&new_files),
        );
        if !old.errors.is_empty() || !new.errors.is_empty() {
            return None;
        }
        diff_plans(&old.plan, &new.plan, &DiffOptions::default())
            .ok()
            .filter(|r| !r.is_empty())
    }
}
