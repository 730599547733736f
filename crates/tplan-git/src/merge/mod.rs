//! `tplan merge`: merging a revision into the current branch, plan files
//! semantically (tplan-evolution's three-way merge) and other files by tree.
//!
//! A merge is computed in full before anything is written. A clean merge
//! writes its objects, records itself as in progress (so a killed merge can
//! be aborted), updates the work tree and index, and moves the branch last
//! by compare-and-swap; if the branch moved meanwhile, the work tree is put
//! back. A conflicted merge writes the files with conflict markers and the
//! state git and tplan need to continue or abort, and moves no ref.
//!
//! The state lives where git keeps its own (`MERGE_HEAD`, `MERGE_MSG`), so
//! `git status` says a merge is in progress and `git commit` can conclude
//! it too; tplan's own notes are in `TPLAN_MERGE`.

mod state;

pub(crate) use state::MERGE_HEAD;
pub use state::MergeState;

use std::collections::BTreeSet;

use gix::objs::tree::EntryKind;
use gix::refs::FullName;
use tplan_evolution::merge::{Conflict, ConflictKind, Labels, merge_plans};
use tplan_plan::model::Date;
use tplan_plan::{Entry, PlanFiles};

use crate::error::{StoreError, io};
use crate::gate::lint_conflicts;
use crate::index::IndexEdit;
use crate::snapshot::CommitSpec;
use crate::store::{Revision, Store};
use crate::tree::PathChange;

/// What a merge did.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeOutcome {
    /// The revision is already part of the branch.
    UpToDate,
    /// The branch had nothing of its own: it now points at the revision.
    FastForward {
        /// The branch's previous commit.
        from: String,
        /// The revision.
        to: Revision,
        /// Files written or removed.
        files: usize,
    },
    /// A merge commit with both parents.
    Merged {
        /// The merge commit.
        commit: Revision,
        /// Plan files the merge changed, by plan path.
        files: Vec<String>,
    },
    /// Nothing committed: conflicts written for the user to resolve.
    Conflicted {
        /// Every conflict.
        conflicts: Vec<Conflict>,
        /// The state to continue from.
        state: MergeState,
    },
}

/// Options of a merge.
#[derive(Debug, Clone, Copy)]
pub struct MergeOptions<'a> {
    /// The merge commit's message (default: git's `Merge branch 'x'`).
    pub message: Option<&'a str>,
    /// The author, `(name, email)`.
    pub author: Option<(&'a str, &'a str)>,
    /// Today, for lint's deprecation checks.
    pub today: Date,
}

/// A merge computed and not yet written: [`Store::apply_merge`] writes it.
#[derive(Debug)]
pub struct PreparedMerge {
    plan: Plan,
}

#[derive(Debug)]
enum Plan {
    UpToDate,
    FastForward {
        branch: FullName,
        from: gix::ObjectId,
        to: Revision,
        changes: Vec<PathChange>,
    },
    Clean {
        branch: FullName,
        ours: gix::ObjectId,
        commit: gix::ObjectId,
        changes: Vec<PathChange>,
        files: Vec<String>,
        state: MergeState,
    },
    Conflicted {
        changes: Vec<PathChange>,
        /// Conflicted files: repo path, text with markers (`None`: keep
        /// what the clean part wrote), and the index stages.
        marked: Vec<(String, Option<String>, IndexEdit)>,
        conflicts: Vec<Conflict>,
        state: MergeState,
    },
}

fn oid(hex: &str) -> Result<gix::ObjectId, StoreError> {
    Ok(gix::ObjectId::from_hex(hex.as_bytes()).map_err(gix::Error::from_error)?)
}

impl Store {
    /// Merges `spec` into the current branch.
    pub fn merge(&self, spec: &str, options: MergeOptions<'_>) -> Result<MergeOutcome, StoreError> {
        let prepared = self.prepare_merge(spec, options)?;
        self.apply_merge(prepared)
    }

    /// Computes the merge of `spec` into the current branch, writing
    /// nothing but objects (blobs, trees, the merge commit), which no ref
    /// points at until [`Store::apply_merge`].
    pub fn prepare_merge(
        &self,
        spec: &str,
        options: MergeOptions<'_>,
    ) -> Result<PreparedMerge, StoreError> {
        self.refuse_merge_in_progress()?;
        let head = self.repo.head()?;
        let branch: FullName = match head.referent_name() {
            Some(name) => name.to_owned(),
            None => {
                let commit = head.id().map(|id| id.to_string()).unwrap_or_default();
                return Err(StoreError::DetachedHead { commit });
            }
        };
        let branch_name = branch.shorten().to_string();
        if head.is_unborn() {
            return Err(StoreError::Unborn {
                spec: "HEAD".into(),
                branch: branch_name,
            });
        }
        let ours = head.id().expect("a born HEAD has an id").detach();
        drop(head);
        let theirs_rev = self.resolve(spec)?;
        let theirs = oid(&theirs_rev.commit)?;
        let base = self
            .repo
            .merge_base(ours, theirs)
            .map_err(gix::Error::from_error)?
            .map(|id| id.detach())
            .ok_or_else(|| StoreError::UnrelatedHistories {
                ours: branch_name.clone(),
                theirs: spec.into(),
            })?;
        if base == theirs {
            return Ok(PreparedMerge {
                plan: Plan::UpToDate,
            });
        }
        let ours_tree = self.tree_of(Some(ours))?;
        let ours_files = self.read_worktree()?;
        let dirty = self.plan_changes_of(&ours_files, ours_tree)?;
        if !dirty.is_empty() {
            return Err(StoreError::DirtyPlan {
                files: dirty.iter().map(|c| self.repo_path(&c.path)).collect(),
                action: String::new(),
            });
        }
        let theirs_tree = self.tree_of(Some(theirs))?;
        if base == ours {
            let changes = self.tree_changes(ours_tree, theirs_tree)?;
            self.refuse_blocked(&changes)?;
            return Ok(PreparedMerge {
                plan: Plan::FastForward {
                    branch,
                    from: ours,
                    to: theirs_rev,
                    changes,
                },
            });
        }

        // Files outside the plan merge by tree: theirs when only they changed.
        let base_tree = self.tree_of(Some(base))?;
        let state_tree = self.merge_outside(base_tree, ours_tree, theirs_tree)?;

        // Plan files merge semantically.
        let (base_files, theirs_files) = self.read_pair(&base.to_string(), &theirs.to_string())?;
        let labels = Labels {
            ours: "HEAD",
            theirs: spec,
        };
        let merged = merge_plans(&base_files, &ours_files, &theirs_files, labels);
        let mut conflicts = merged.conflicts.clone();
        let marked_files: BTreeSet<String> = conflicts.iter().map(|c| c.file.clone()).collect();
        if conflicts.is_empty() {
            let mut merged_files = ours_files.clone();
            for (path, text) in &merged.files {
                match text {
                    Some(text) => {
                        merged_files.insert_bytes(path.clone(), text.clone().into_bytes())
                    }
                    None => merged_files.remove(path),
                }
            }
            conflicts = lint_conflicts(&merged_files, &ours_files, options.today);
        }

        // The clean part: every merged file without markers.
        let mut editor = self.repo.edit_tree(state_tree)?;
        for (path, text) in merged
            .files
            .iter()
            .filter(|(p, _)| !marked_files.contains(*p))
        {
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
        let clean_tree = editor.write()?.detach();
        let mut changes = self.tree_changes(ours_tree, clean_tree)?;
        let message = options
            .message
            .map(str::to_string)
            .unwrap_or_else(|| self.default_merge_message(spec, &branch_name));
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
                merged.files.get(file).cloned().flatten()
            } else {
                None
            };
            let stages = IndexEdit::Conflict {
                path: repo_path.clone(),
                base: self.entry_at(base_tree, &repo_path)?,
                ours: self.entry_at(ours_tree, &repo_path)?,
                theirs: self.entry_at(theirs_tree, &repo_path)?,
            };
            if text.is_some() && !changes.iter().any(|c| c.path == repo_path) {
                // Written below with markers; listed so `--abort` restores it.
                let ours_entry = self.entry_at(ours_tree, &repo_path)?;
                changes.push(PathChange {
                    path: repo_path.clone(),
                    old: ours_entry,
                    new: ours_entry,
                });
            }
            marked.push((repo_path, text, stages));
        }
        self.refuse_blocked(&changes)?;
        let mut touched: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
        touched.sort();
        touched.dedup();
        let state = MergeState {
            theirs_spec: spec.into(),
            theirs: theirs.to_string(),
            branch: branch_name.clone(),
            ours: ours.to_string(),
            tree: state_tree.to_string(),
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
        let commit = self.merge_commit(&state, clean_tree, ours, theirs, options.author)?;
        let files = merged.files.keys().cloned().collect();
        Ok(PreparedMerge {
            plan: Plan::Clean {
                branch,
                ours,
                commit,
                changes,
                files,
                state,
            },
        })
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
                let target = oid(&to.commit)?;
                self.write_changes(&changes)?;
                let message = format!("merge {}: Fast-forward", to.spec);
                if let Err(e) = self.move_branch(&branch, Some(from), target, &message) {
                    self.undo(&changes)?;
                    return Err(e);
                }
                Ok(MergeOutcome::FastForward {
                    from: from.to_string(),
                    files: changes.len(),
                    to,
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
                    commit: Revision {
                        spec: branch.shorten().to_string(),
                        commit: commit.to_string(),
                    },
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

    pub(crate) fn refuse_blocked(&self, changes: &[PathChange]) -> Result<(), StoreError> {
        let blocked = self.blocked(changes)?;
        if blocked.is_empty() {
            Ok(())
        } else {
            Err(StoreError::WouldOverwrite { files: blocked })
        }
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
        let (author_sig, committer_sig) = self.signatures(author)?;
        let mut author_time = gix::date::parse::TimeBuf::default();
        let mut committer_time = gix::date::parse::TimeBuf::default();
        let commit = self.repo.new_commit_as(
            committer_sig.to_ref(&mut committer_time),
            author_sig.to_ref(&mut author_time),
            state.message.as_str(),
            tree,
            [ours, theirs],
        )?;
        Ok(commit.id)
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

    /// The path inside the plan of a path from the repository root, when it
    /// is a plan file.
    pub(crate) fn plan_path_of<'p>(&self, repo_path: &'p str) -> Option<&'p str> {
        let inside = if self.prefix.is_empty() {
            repo_path
        } else {
            repo_path.strip_prefix(&self.prefix)?.strip_prefix('/')?
        };
        PlanFiles::is_plan_path(inside).then_some(inside)
    }

    /// Concludes the merge in progress once its conflicts are resolved:
    /// no conflict marker may remain. The plan folder is committed from the
    /// work tree with both parents.
    pub fn continue_merge(&self, author: Option<(&str, &str)>) -> Result<Revision, StoreError> {
        let Some(state) = self.merge_state()? else {
            if self.git_file(MERGE_HEAD).exists() {
                return Err(StoreError::GitMergeInProgress);
            }
            return Err(StoreError::NoMergeInProgress);
        };
        self.conclude_merge(&state, None, author)
    }

    pub(crate) fn conclude_merge(
        &self,
        state: &MergeState,
        message: Option<&str>,
        author: Option<(&str, &str)>,
    ) -> Result<Revision, StoreError> {
        let worktree = self.read_worktree()?;
        for file in &state.conflicts {
            if let Some(Entry::File(bytes)) = worktree.get(file)
                && let Some((line, marker)) = first_marker(bytes)
            {
                return Err(StoreError::MarkersLeft {
                    file: self.repo_path(file),
                    line,
                    marker,
                });
            }
        }
        let head = self.head()?;
        if head.commit() != Some(state.ours.as_str())
            || head.branch() != Some(state.branch.as_str())
        {
            return Err(StoreError::RefConflict {
                name: format!("refs/heads/{}", state.branch),
                actual: head.commit().unwrap_or("nothing").to_string(),
            });
        }
        let rev = self.commit_worktree(CommitSpec {
            message: message.unwrap_or(&state.message),
            author,
            base_tree: Some(oid(&state.tree)?),
            merged: Some(oid(&state.theirs)?),
            reflog: "commit (merge)",
        })?;
        self.clear_state()?;
        Ok(rev)
    }

    /// Gives up the merge in progress: every path it wrote is put back as
    /// `HEAD` has it, in the work tree and the index.
    pub fn abort_merge(&self) -> Result<MergeState, StoreError> {
        let Some(state) = self.merge_state()? else {
            if self.git_file(MERGE_HEAD).exists() {
                return Err(StoreError::GitMergeInProgress);
            }
            return Err(StoreError::NoMergeInProgress);
        };
        let head_tree = self.head_tree()?;
        let mut restore = Vec::new();
        for path in &state.touched {
            restore.push(PathChange {
                path: path.clone(),
                old: None,
                new: self.entry_at(head_tree, path)?,
            });
        }
        self.write_changes(&restore)?;
        self.clear_state()?;
        Ok(state)
    }

    /// Conflicts of the merge in progress still marked in the work tree,
    /// by plan path.
    pub fn unresolved(
        &self,
        state: &MergeState,
    ) -> Result<Vec<(String, Option<usize>)>, StoreError> {
        let worktree = self.read_worktree()?;
        Ok(state
            .conflicts
            .iter()
            .map(|file| {
                let line = match worktree.get(file) {
                    Some(Entry::File(bytes)) => first_marker(bytes).map(|(line, _)| line),
                    _ => None,
                };
                (file.clone(), line)
            })
            .collect())
    }
}

/// The first conflict-marker line of a file: its number and the marker.
pub fn first_marker(bytes: &[u8]) -> Option<(usize, String)> {
    let text = String::from_utf8_lossy(bytes);
    text.lines().enumerate().find_map(|(i, line)| {
        let marker = ["<<<<<<< ", ">>>>>>> ", "======="]
            .into_iter()
            .find(|m| line.starts_with(m) && (m.ends_with(' ') || line.trim_end() == "======="))?;
        Some((i + 1, marker.trim_end().to_string()))
    })
}

/// Whether a conflict is one the user must edit markers for.
pub fn is_marked(conflict: &Conflict) -> bool {
    conflict.kind != ConflictKind::Lint
}
