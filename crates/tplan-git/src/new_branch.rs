//! A commit of new plan files on a new branch, checked out: what `tplan
//! import` makes. The branch, `HEAD`, the work tree and the index move as
//! one journaled operation ([`crate::journal`]): killed anywhere, the
//! repository is as before or as after, never on a half-written branch.

use gix::objs::tree::EntryKind;
use gix::refs::Target;

use crate::branch::Head;
use crate::error::StoreError;
use crate::ids::BranchName;
use crate::journal::{Operation, RefMove};
use crate::store::{Revision, Store};
use crate::worktree::index_edits;

impl Store {
    /// Commits `files` (plan paths and their bytes, written over what
    /// `HEAD` has; other files are kept) on a new branch `name` started at
    /// `HEAD`, and checks it out. Files are taken one at a time and hashed
    /// as they come, so a caller can read them lazily; the first error
    /// stops the commit with nothing moved.
    pub fn commit_on_new_branch<P: AsRef<str>, B: AsRef<[u8]>>(
        &self,
        name: &BranchName,
        files: impl IntoIterator<Item = Result<(P, B), StoreError>>,
        message: &str,
        author: Option<(&str, &str)>,
    ) -> Result<Revision, StoreError> {
        self.refuse_merge_in_progress()?;
        let full = name.full_name();
        if let Some(existing) = self.repo.try_find_reference(full.as_ref())? {
            return Err(StoreError::BranchExists {
                name: name.to_string(),
                commit: existing.id().to_string(),
            });
        }
        let head = self.head()?;
        let parent = head.commit().map(|c| c.oid());
        let base = self.tree_of(parent)?;
        let mut editor = self.repo.edit_tree(base)?;
        for file in files {
            let (path, bytes) = file?;
            let id = self.repo.write_blob(bytes.as_ref())?.detach();
            editor.upsert(self.repo_path(path.as_ref()).as_str(), EntryKind::Blob, id)?;
        }
        let tree = editor.write()?.detach();
        let (a, c) = self.signatures(author)?;
        let commit = self.write_commit((&a, &c), message, tree, parent)?;
        let changes = self.tree_changes(base, tree)?;
        self.refuse_blocked(&changes)?;

        let (now, from) = match &head {
            Head::Branch { name, .. } => (Target::Symbolic(name.full_name()), name.to_string()),
            Head::Detached { commit } => (Target::Object(commit.oid()), commit.short()),
        };
        let summary = message.lines().next().unwrap_or("");
        let refs = vec![
            RefMove::new(
                full.as_bstr().to_string(),
                None,
                commit,
                format!("commit: {summary}"),
            ),
            RefMove::symbolic(
                "HEAD",
                now,
                &full,
                format!("checkout: moving from {from} to {name}"),
            ),
        ];
        self.run_operation(Operation {
            what: format!("commit on new branch `{name}`"),
            refs,
            index: index_edits(&changes),
            files: changes,
            remove: Vec::new(),
        })?;
        Ok(Revision {
            spec: name.to_string(),
            commit: commit.into(),
        })
    }
}
