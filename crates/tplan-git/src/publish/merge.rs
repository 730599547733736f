//! The plan a publish releases: the proposal's head merged into its base
//! from the object database, then the lint gate on the merged plan.

use gix::objs::tree::EntryKind;
use tplan_evolution::merge::{Conflict, Labels, merge_plans};
use tplan_plan::model::Date;
use tplan_plan::proposal::Proposal;
use tplan_plan::{Plan, PlanFiles};

use crate::error::StoreError;
use crate::gate::lint_conflicts_loaded;
use crate::review::ProposalRevs;
use crate::store::Store;

/// The head merged into the base.
pub(super) struct Merged {
    /// The base's tree.
    pub base_tree: gix::ObjectId,
    /// The merged tree.
    pub tree: gix::ObjectId,
    /// The merged plan's files.
    pub files: PlanFiles,
    /// The base's plan files.
    pub base_files: PlanFiles,
}

impl Store {
    /// The proposal's head merged into its base, and the merged plan;
    /// conflicts, and lint errors the merge brings, refuse the publish.
    pub(super) fn publish_merge(
        &self,
        revs: ProposalRevs,
        record: &Proposal,
        today: Date,
    ) -> Result<(Merged, Plan), StoreError> {
        let base_tree = self.tree_of(Some(revs.base.oid()))?;
        let head_tree = self.tree_of(Some(revs.head.oid()))?;
        let base_files = self.read_plan_or_empty(&revs.base.to_string(), &revs.head.to_string())?;
        let (tree, files) = if revs.merge_base == revs.base {
            let (_, head_files) = self.read_plan(&revs.head.to_string())?;
            (head_tree, head_files)
        } else {
            self.merge_into_base(revs, record, (base_tree, head_tree), &base_files)?
        };
        let loaded = tplan_schema::load(&files);
        let lint = lint_conflicts_loaded(&loaded, &files, &base_files, today);
        if !lint.is_empty() {
            return Err(publish_conflicts(&lint, self));
        }
        let merged = Merged {
            base_tree,
            tree,
            files,
            base_files,
        };
        Ok((merged, loaded.plan))
    }

    /// The three-way merge of a head that the base moved away from: files
    /// outside the plan by tree, plan files semantically.
    fn merge_into_base(
        &self,
        revs: ProposalRevs,
        record: &Proposal,
        (base_tree, head_tree): (gix::ObjectId, gix::ObjectId),
        base_files: &PlanFiles,
    ) -> Result<(gix::ObjectId, PlanFiles), StoreError> {
        let mb_tree = self.tree_of(Some(revs.merge_base.oid()))?;
        let outside = self.merge_outside(mb_tree, base_tree, head_tree)?;
        let (mb_files, head_files) =
            self.read_pair(&revs.merge_base.to_string(), &revs.head.to_string())?;
        let labels = Labels {
            ours: &record.base,
            theirs: &record.head,
        };
        let merged = merge_plans(&mb_files, base_files, &head_files, labels);
        if !merged.conflicts.is_empty() {
            return Err(publish_conflicts(&merged.conflicts, self));
        }
        let mut files = base_files.clone();
        let mut editor = self.repo.edit_tree(outside)?;
        for (path, text) in &merged.files {
            let repo_path = self.repo_path(path);
            match text {
                Some(text) => {
                    files.insert_bytes(path.clone(), text.clone().into_bytes());
                    let id = self.repo.write_blob(text.as_bytes())?.detach();
                    editor.upsert(repo_path.as_str(), EntryKind::Blob, id)?;
                }
                None => {
                    files.remove(path);
                    editor.remove(repo_path.as_str())?;
                }
            }
        }
        Ok((editor.write()?.detach(), files))
    }
}

/// The refusal of a publish whose merge has conflicts.
fn publish_conflicts(found: &[Conflict], store: &Store) -> StoreError {
    let mut files: Vec<String> = found.iter().map(|c| store.repo_path(&c.file)).collect();
    files.sort();
    files.dedup();
    StoreError::PublishConflicts {
        files,
        details: found.iter().map(|c| c.message.clone()).collect(),
    }
}
