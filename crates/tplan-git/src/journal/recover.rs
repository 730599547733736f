//! Finishing or undoing an interrupted operation from its record.

use std::path::PathBuf;

use super::owner::Owner;
use gix::refs::Target;

use super::record::{Intent, RefMove, target_text};
use crate::error::StoreError;
use crate::store::Store;
use crate::worktree::PathState;

impl Store {
    /// Where ref `name` points now (not peeled: a tag ref names its tag,
    /// `HEAD` its branch).
    fn ref_target(&self, name: &str) -> Result<Option<Target>, StoreError> {
        Ok(self
            .repo
            .try_find_reference(name)?
            .map(|r| r.target().into_owned()))
    }

    /// Moves the refs not yet moved, then writes the work tree and index.
    pub(super) fn roll_forward(&self, intent: &Intent, me: &mut Owner) -> Result<(), StoreError> {
        for m in &intent.refs {
            let now = self.ref_target(&m.name)?;
            if now == Some(m.new_target()?) {
                continue;
            }
            if now != m.old_target()? {
                return Err(moved_since(m, now, &intent.what));
            }
            self.move_one(m, me)?;
        }
        let other;
        let store = if intent.plan_dir == self.plan_dir {
            self
        } else if intent.plan_dir.is_dir() {
            other = Store::open(&intent.plan_dir)?;
            &other
        } else {
            // The work tree it was writing is gone with its folder.
            return Ok(());
        };
        store.redo_tree_part(intent, me)
    }

    /// Writes what the record's files and index say, skipping files that
    /// already hold their new content; a file holding neither its old nor
    /// its new content was changed since, and stops the recovery.
    fn redo_tree_part(&self, intent: &Intent, me: &mut Owner) -> Result<(), StoreError> {
        if intent.files.is_empty() && intent.index.is_empty() {
            return self.remove_state(&intent.remove);
        }
        let files = intent
            .files
            .iter()
            .map(|f| f.change())
            .collect::<Result<Vec<_>, _>>()?;
        let index = intent
            .index
            .iter()
            .map(|e| e.edit())
            .collect::<Result<Vec<_>, _>>()?;
        let lock = self.lock_index(me)?;
        let current = self.repo.index_or_empty()?;
        let mut todo = Vec::new();
        for c in files {
            if self.path_state(&current, &c.path, c.new)? == PathState::Clean
                || self.holds(&c.path, c.new)?
            {
                continue;
            }
            if !self.holds(&c.path, c.old)? {
                return Err(StoreError::WouldOverwrite {
                    files: vec![c.path.clone()],
                });
            }
            todo.push(c);
        }
        self.write_tree_part(&todo, &index, lock)?;
        self.remove_state(&intent.remove)
    }

    fn remove_state(&self, paths: &[PathBuf]) -> Result<(), StoreError> {
        for path in paths {
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }

    /// Puts every ref back where the record found it. Only before the work
    /// tree was written: after that, finishing is the way out.
    pub(super) fn roll_back(&self, intent: &Intent, me: &mut Owner) -> Result<(), StoreError> {
        if self.tree_part_started(intent)? {
            return Err(StoreError::CannotAbort {
                what: intent.what.clone(),
            });
        }
        for m in intent.refs.iter().rev() {
            let now = self.ref_target(&m.name)?;
            if now == m.old_target()? {
                continue;
            }
            if now != Some(m.new_target()?) {
                return Err(moved_since(m, now, &intent.what));
            }
            self.move_back(m, me)?;
        }
        Ok(())
    }

    /// Whether the operation had begun its work-tree part: a file it
    /// changes already holds its new content, or the index already records
    /// a blob it sets. (A file staged by hand before the operation counts
    /// too: refusing to undo is the safe side.)
    fn tree_part_started(&self, intent: &Intent) -> Result<bool, StoreError> {
        if self.bare {
            return Ok(false);
        }
        for f in &intent.files {
            let c = f.change()?;
            if c.new != c.old && self.holds(&c.path, c.new)? {
                return Ok(true);
            }
        }
        let index = self.repo.index_or_empty()?;
        for e in &intent.index {
            if let crate::index::IndexEdit::Set { path, blob } = e.edit()? {
                let entry = index.entry_by_path_and_stage(
                    gix::bstr::ByteSlice::as_bstr(path.as_bytes()),
                    gix::index::entry::Stage::Unconflicted,
                );
                if entry.is_some_and(|en| en.id == blob.1) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Lock files in the git folders: `index.lock`, `HEAD.lock` and the
    /// refs' own.
    pub(super) fn lock_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for dir in [self.repo.git_dir(), self.repo.common_dir()] {
            for name in ["index.lock", "HEAD.lock", "packed-refs.lock"] {
                let path = dir.join(name);
                if path.exists() && !out.contains(&path) {
                    out.push(path);
                }
            }
        }
        let mut stack = vec![self.repo.common_dir().join("refs")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.filter_map(Result::ok) {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "lock") {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }
}

fn moved_since(m: &RefMove, now: Option<Target>, what: &str) -> StoreError {
    StoreError::RecoverConflict {
        what: what.to_string(),
        name: m.name.clone(),
        actual: now.map_or_else(|| "missing".to_string(), |t| target_text(&t)),
    }
}
