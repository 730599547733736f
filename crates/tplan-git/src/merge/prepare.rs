//! A merge computed in full, writing nothing but objects: the sides and
//! their base, files outside the plan merged by tree, plan files merged
//! semantically, the lint gate, and what the work tree must become.

use std::collections::{BTreeMap, BTreeSet};

use gix::objs::tree::EntryKind;
use gix::refs::FullName;
use tplan_evolution::merge::{Conflict, Labels, merge_plans};
use tplan_plan::PlanFiles;

use super::{MergeOptions, MergeState, Plan, PreparedMerge};
use crate::error::StoreError;
use crate::gate::lint_conflicts;
use crate::ids::BranchName;
use crate::index::IndexEdit;
use crate::store::{Revision, Store};
use crate::tree::PathChange;

/// The branch merged into, the revision merged, and their merge base.
struct Sides {
    branch: FullName,
    branch_name: String,
    ours: gix::ObjectId,
    theirs_rev: Revision,
    theirs: gix::ObjectId,
    base: gix::ObjectId,
}

/// The trees of a three-way merge.
#[derive(Clone, Copy)]
struct Trees {
    base: gix::ObjectId,
    ours: gix::ObjectId,
    theirs: gix::ObjectId,
}

/// The merged plan files: new text by plan path (`None`: deleted).
type MergedFiles = BTreeMap<String, Option<String>>;

/// Conflicted files: repo path, text with markers (`None`: keep what the
/// clean part wrote), and the index stages.
type Marked = Vec<(String, Option<String>, IndexEdit)>;

impl Store {
    /// Computes the merge of `spec` into the current branch, writing
    /// nothing but objects (blobs, trees, the merge commit), which no ref
    /// points at until [`Store::apply_merge`].
    pub fn prepare_merge(
        &self,
        spec: &str,
        options: MergeOptions<'_>,
    ) -> Result<PreparedMerge, StoreError> {
        self.refuse_merge_in_progress()?;
        let sides = self.merge_sides(spec)?;
        if sides.base == sides.theirs {
            return Ok(PreparedMerge {
                plan: Plan::UpToDate,
            });
        }
        let ours_tree = self.tree_of(Some(sides.ours))?;
        let ours_files = self.read_worktree()?;
        let dirty = self.plan_changes_of(&ours_files, ours_tree)?;
        if !dirty.is_empty() {
            return Err(StoreError::DirtyPlan {
                files: dirty.iter().map(|c| self.repo_path(&c.path)).collect(),
                action: String::new(),
            });
        }
        let theirs_tree = self.tree_of(Some(sides.theirs))?;
        if sides.base == sides.ours {
            let changes = self.tree_changes(ours_tree, theirs_tree)?;
            self.refuse_blocked(&changes)?;
            return Ok(PreparedMerge {
                plan: Plan::FastForward {
                    branch: sides.branch,
                    from: sides.ours,
                    to: sides.theirs_rev,
                    changes,
                },
            });
        }
        let trees = Trees {
            base: self.tree_of(Some(sides.base))?,
            ours: ours_tree,
            theirs: theirs_tree,
        };
        self.prepare_three_way(spec, sides, trees, &ours_files, options)
    }

    /// The current branch, the commit `spec` names, and their merge base.
    fn merge_sides(&self, spec: &str) -> Result<Sides, StoreError> {
        let (branch, ours) = self.head_branch()?;
        let branch_name = branch.shorten().to_string();
        let Some(ours) = ours else {
            return Err(StoreError::Unborn {
                spec: "HEAD".into(),
                branch: branch_name,
            });
        };
        let theirs_rev = self.resolve(spec)?;
        let theirs = theirs_rev.commit.oid();
        let base = self.shared_base((ours, &branch_name), (theirs, spec))?;
        Ok(Sides {
            branch,
            branch_name,
            ours,
            theirs_rev,
            theirs,
            base,
        })
    }

    /// A merge where both sides have commits of their own: files outside
    /// the plan by tree, plan files semantically, then the lint gate.
    fn prepare_three_way(
        &self,
        spec: &str,
        sides: Sides,
        trees: Trees,
        ours_files: &PlanFiles,
        options: MergeOptions<'_>,
    ) -> Result<PreparedMerge, StoreError> {
        // Files outside the plan merge by tree: theirs when only they changed.
        let state_tree = self.merge_outside(trees.base, trees.ours, trees.theirs)?;
        let (base_files, theirs_files) =
            self.read_pair(&sides.base.to_string(), &sides.theirs.to_string())?;
        let labels = Labels {
            ours: "HEAD",
            theirs: spec,
        };
        let merged = merge_plans(&base_files, ours_files, &theirs_files, labels);
        let marked_files: BTreeSet<String> =
            merged.conflicts.iter().map(|c| c.file.clone()).collect();
        let conflicts = if merged.conflicts.is_empty() {
            let merged_files = with_merged(ours_files, &merged.files);
            lint_conflicts(&merged_files, ours_files, options.today)
        } else {
            merged.conflicts.clone()
        };
        let clean_tree = self.write_merged(state_tree, &merged.files, &marked_files)?;
        let mut changes = self.tree_changes(trees.ours, clean_tree)?;
        let message = options
            .message
            .map(str::to_string)
            .unwrap_or_else(|| self.default_merge_message(spec, &sides.branch_name));
        let (conflict_files, marked) = self.mark_conflicts(
            &conflicts,
            &marked_files,
            &merged.files,
            trees,
            &mut changes,
        )?;
        self.refuse_blocked(&changes)?;
        let mut touched: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
        touched.sort();
        touched.dedup();
        let state = MergeState {
            theirs_spec: spec.into(),
            theirs: sides.theirs.into(),
            branch: BranchName::from_git(sides.branch_name.clone()),
            ours: sides.ours.into(),
            tree: state_tree.into(),
            message,
            conflicts: conflict_files,
            details: conflicts.clone(),
            touched,
        };
        // Markers only exist in the work tree; the clean part is a tree.
        changes.retain(|c| c.old != c.new);
        if !conflicts.is_empty() {
            return Ok(PreparedMerge {
                plan: Plan::Conflicted {
                    changes,
                    marked,
                    conflicts,
                    state,
                },
            });
        }
        let commit =
            self.merge_commit(&state, clean_tree, sides.ours, sides.theirs, options.author)?;
        Ok(PreparedMerge {
            plan: Plan::Clean {
                branch: sides.branch,
                ours: sides.ours,
                commit,
                changes,
                files: merged.files.keys().cloned().collect(),
                state,
            },
        })
    }

    /// `tree` with every merged plan file written, except those with
    /// conflict markers.
    fn write_merged(
        &self,
        tree: gix::ObjectId,
        merged: &MergedFiles,
        marked_files: &BTreeSet<String>,
    ) -> Result<gix::ObjectId, StoreError> {
        let mut editor = self.repo.edit_tree(tree)?;
        for (path, text) in merged.iter().filter(|(p, _)| !marked_files.contains(*p)) {
            let repo_path = self.repo_path(path);
            match text {
                Some(text) => {
                    let id = self.repo.write_blob(text.as_bytes())?.detach();
                    editor.upsert(repo_path.as_str(), EntryKind::Blob, id)?;
                }
                None => {
                    editor.remove(repo_path.as_str())?;
                }
            }
        }
        Ok(editor.write()?.detach())
    }

    /// The conflicted plan files, sorted, and for each its text with
    /// markers (when the three-way merge wrote some) and its index stages.
    /// A marked file the clean part leaves as ours joins `changes`, so that
    /// `--abort` restores it.
    fn mark_conflicts(
        &self,
        conflicts: &[Conflict],
        marked_files: &BTreeSet<String>,
        merged: &MergedFiles,
        trees: Trees,
        changes: &mut Vec<PathChange>,
    ) -> Result<(Vec<String>, Marked), StoreError> {
        let conflict_files: Vec<String> = conflicts
            .iter()
            .map(|c| c.file.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut marked = Vec::new();
        for file in &conflict_files {
            let repo_path = self.repo_path(file);
            let text = if marked_files.contains(file) {
                merged.get(file).cloned().flatten()
            } else {
                None
            };
            let ours = self.entry_at(trees.ours, &repo_path)?;
            let stages = IndexEdit::Conflict {
                path: repo_path.clone(),
                base: self.entry_at(trees.base, &repo_path)?,
                ours,
                theirs: self.entry_at(trees.theirs, &repo_path)?,
            };
            if text.is_some() && !changes.iter().any(|c| c.path == repo_path) {
                // Written with markers; listed so `--abort` restores it.
                changes.push(PathChange {
                    path: repo_path.clone(),
                    old: ours,
                    new: ours,
                });
            }
            marked.push((repo_path, text, stages));
        }
        Ok((conflict_files, marked))
    }

    /// `ours_tree` with the changes `theirs_tree` made to files outside the
    /// plan since `base_tree`; files changed on both sides are refused.
    pub(crate) fn merge_outside(
        &self,
        base_tree: gix::ObjectId,
        ours_tree: gix::ObjectId,
        theirs_tree: gix::ObjectId,
    ) -> Result<gix::ObjectId, StoreError> {
        let mut editor = self.repo.edit_tree(ours_tree)?;
        let mut outside_conflicts = Vec::new();
        for change in self.tree_changes(base_tree, theirs_tree)? {
            if self.plan_path_of(&change.path).is_some() {
                continue;
            }
            let ours_entry = self.entry_at(ours_tree, &change.path)?;
            if ours_entry == change.new {
                continue;
            }
            if ours_entry != change.old {
                outside_conflicts.push(change.path);
                continue;
            }
            match change.new {
                Some((mode, id)) => editor.upsert(change.path.as_str(), mode.kind(), id)?,
                None => editor.remove(change.path.as_str())?,
            };
        }
        if !outside_conflicts.is_empty() {
            return Err(StoreError::OutsideConflict {
                files: outside_conflicts,
            });
        }
        Ok(editor.write()?.detach())
    }

    /// The merge commit object (no ref points at it yet).
    fn merge_commit(
        &self,
        state: &MergeState,
        tree: gix::ObjectId,
        ours: gix::ObjectId,
        theirs: gix::ObjectId,
        author: Option<(&str, &str)>,
    ) -> Result<gix::ObjectId, StoreError> {
        let (author, committer) = self.signatures(author)?;
        self.write_commit((&author, &committer), &state.message, tree, [ours, theirs])
    }

    /// git's message: `Merge branch 'feature'`, `Merge tag 'v1'`, and
    /// ` into topic` unless merging into `main` or `master`.
    fn default_merge_message(&self, spec: &str, branch: &str) -> String {
        let kinds = [
            ("refs/heads/", "branch"),
            ("refs/tags/", "tag"),
            ("refs/remotes/", "remote-tracking branch"),
        ];
        let kind = kinds
            .iter()
            .find(|(prefix, _)| {
                self.repo
                    .try_find_reference(format!("{prefix}{spec}").as_str())
                    .ok()
                    .flatten()
                    .is_some()
            })
            .map_or("commit", |(_, kind)| kind);
        let what = format!("{kind} '{spec}'");
        if branch == "main" || branch == "master" {
            format!("Merge {what}")
        } else {
            format!("Merge {what} into {branch}")
        }
    }
}

/// `ours` with the merged files applied: the complete merged plan.
fn with_merged(ours: &PlanFiles, merged: &MergedFiles) -> PlanFiles {
    let mut files = ours.clone();
    for (path, text) in merged {
        match text {
            Some(text) => files.insert_bytes(path.clone(), text.clone().into_bytes()),
            None => files.remove(path),
        }
    }
    files
}
