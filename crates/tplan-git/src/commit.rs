//! Committing the plan folder from the work tree onto the current branch.
//!
//! gix never touches the index or the work tree, so after moving the branch
//! the index entries of the committed paths are patched to match: `git
//! status` is clean afterwards, and what the user staged elsewhere stays
//! staged (gix-notes §9).

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use gix::refs::{FullName, Target};
use tplan_core::files::{LOCK, MANIFEST, OBJECT_DIRS};
use tplan_core::{Entry, PlanFiles};

use crate::error::{StoreError, map_ref_error};
use crate::store::{Revision, Store};

impl Store {
    /// Commits the plan folder as it is in the work tree onto the checked-out
    /// branch. `author` is `(name, email)`; without it the repository's
    /// configured identity is used. Returns the new commit.
    pub fn commit_plan(
        &self,
        message: &str,
        author: Option<(&str, &str)>,
    ) -> Result<Revision, StoreError> {
        let head = self.repo.head()?;
        let branch: FullName = match head.referent_name() {
            Some(name) => name.to_owned(),
            None => {
                let commit = head.id().map(|id| id.to_string()).unwrap_or_default();
                return Err(StoreError::DetachedHead { commit });
            }
        };
        let parent = if head.is_unborn() {
            None
        } else {
            Some(head.id().expect("a born HEAD has an id").detach())
        };
        drop(head);

        let worktree = self.read_worktree()?;
        let files = committable(&worktree)?;
        let base_tree = match parent {
            Some(p) => self.repo.find_commit(p)?.tree_id()?.detach(),
            None => gix::ObjectId::empty_tree(self.repo.object_hash()),
        };
        let committed = self.plan_blobs(base_tree)?;

        let mut editor = self.repo.edit_tree(base_tree)?;
        let mut written: Vec<(String, gix::ObjectId)> = Vec::new();
        for (path, bytes) in &files {
            let id = self.repo.write_blob(bytes)?.detach();
            let repo_path = self.repo_path(path);
            if committed.get(path.as_str()) != Some(&id) {
                editor.upsert(repo_path.as_str(), EntryKind::Blob, id)?;
            }
            written.push((repo_path, id));
        }
        let mut removed = Vec::new();
        for path in committed.keys().filter(|p| !files.contains_key(p.as_str())) {
            let repo_path = self.repo_path(path);
            editor.remove(repo_path.as_str())?;
            removed.push(repo_path);
        }
        let tree = editor.write()?.detach();
        if parent.is_some() && tree == base_tree {
            return Err(StoreError::NothingToCommit);
        }

        let (author_sig, committer_sig) = self.signatures(author)?;
        let mut author_time = gix::date::parse::TimeBuf::default();
        let mut committer_time = gix::date::parse::TimeBuf::default();
        let commit = self.repo.new_commit_as(
            committer_sig.to_ref(&mut committer_time),
            author_sig.to_ref(&mut author_time),
            message,
            tree,
            parent,
        )?;
        let commit_id = commit.id;

        // The branch moves last, and only if nobody moved it meanwhile.
        let expected = match parent {
            Some(p) => PreviousValue::MustExistAndMatch(Target::Object(p)),
            None => PreviousValue::MustNotExist,
        };
        let summary = message.lines().next().unwrap_or("");
        let log_message = if parent.is_some() {
            format!("commit: {summary}")
        } else {
            format!("commit (initial): {summary}")
        };
        let edit = RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: log_message.into(),
                },
                expected,
                new: Target::Object(commit_id),
            },
            name: "HEAD".try_into().expect("HEAD is a valid ref name"),
            deref: true,
        };
        let mut committer_time = gix::date::parse::TimeBuf::default();
        self.repo
            .edit_references_as([edit], Some(committer_sig.to_ref(&mut committer_time)))
            .map_err(|e| map_ref_error(&branch.as_bstr().to_str_lossy(), e))?;

        self.update_index(&written, &removed)?;
        Ok(Revision {
            spec: branch.shorten().to_string(),
            commit: commit_id.to_string(),
        })
    }

    /// The plan files committed in `tree`, by plan path, with their blob ids.
    fn plan_blobs(
        &self,
        tree: gix::ObjectId,
    ) -> Result<BTreeMap<String, gix::ObjectId>, StoreError> {
        let mut out = BTreeMap::new();
        let tree = self.repo.find_tree(tree)?;
        let root = if self.prefix.is_empty() {
            tree
        } else {
            match tree.lookup_entry_by_path(&self.prefix)? {
                Some(e) if e.mode().is_tree() => e.object()?.into_tree(),
                _ => return Ok(out),
            }
        };
        for entry in root.iter() {
            let entry = entry?;
            let name = entry.filename().to_str_lossy().into_owned();
            if (name == MANIFEST || name == LOCK) && entry.mode().is_blob() {
                out.insert(name, entry.oid().to_owned());
            } else if OBJECT_DIRS.contains(&name.as_str()) && entry.mode().is_tree() {
                for child in self.repo.find_tree(entry.oid().to_owned())?.iter() {
                    let child = child?;
                    let path = format!("{name}/{}", child.filename().to_str_lossy());
                    if PlanFiles::is_plan_path(&path) && !child.mode().is_tree() {
                        out.insert(path, child.oid().to_owned());
                    }
                }
            }
        }
        Ok(out)
    }

    /// The author and committer: the given author (also committing when no
    /// committer is configured), else the repository's identity.
    fn signatures(
        &self,
        author: Option<(&str, &str)>,
    ) -> Result<(gix::actor::Signature, gix::actor::Signature), StoreError> {
        let owned = |s: gix::actor::SignatureRef<'_>| -> Result<gix::actor::Signature, StoreError> {
            Ok(gix::actor::Signature {
                name: s.name.to_owned(),
                email: s.email.to_owned(),
                time: s.time().map_err(gix::Error::from_error)?,
            })
        };
        let configured_committer = match self.repo.committer() {
            Some(c) => Some(owned(c?)?),
            None => None,
        };
        let configured_author = match self.repo.author() {
            Some(a) => Some(owned(a?)?),
            None => None,
        };
        let now = gix::date::Time::now_local_or_utc();
        let given = author.map(|(name, email)| gix::actor::Signature {
            name: name.into(),
            email: email.into(),
            time: configured_author.as_ref().map_or(now, |a| a.time),
        });
        let author = given.or(configured_author).ok_or(StoreError::NoIdentity)?;
        let committer = match configured_committer {
            Some(c) => c,
            None => gix::actor::Signature {
                time: now,
                ..author.clone()
            },
        };
        Ok((author, committer))
    }

    /// Points the index entries of committed paths at their new blobs and
    /// drops removed ones, so the index agrees with the new commit.
    fn update_index(
        &self,
        written: &[(String, gix::ObjectId)],
        removed: &[String],
    ) -> Result<(), StoreError> {
        let mut index: gix::index::File = (**self.repo.index_or_empty()?).clone();
        let mut added = Vec::new();
        for (path, id) in written {
            let abs = self.workdir.join(path);
            let md = gix::index::fs::Metadata::from_path_no_follow(&abs)
                .map_err(gix::Error::from_error)?;
            let stat = gix::index::entry::Stat::from_fs(&md).map_err(gix::Error::from_error)?;
            match index.entry_mut_by_path_and_stage(
                path.as_bytes().as_bstr(),
                gix::index::entry::Stage::Unconflicted,
            ) {
                Some(e) => {
                    e.id = *id;
                    e.stat = stat;
                    e.mode = gix::index::entry::Mode::FILE;
                }
                None => added.push((*id, stat, path.clone())),
            }
        }
        for path in removed {
            index.remove_entries(|_, p, _| p == path.as_bytes().as_bstr());
        }
        for (id, stat, path) in added {
            index.dangerously_push_entry(
                stat,
                id,
                gix::index::entry::Flags::empty(),
                gix::index::entry::Mode::FILE,
                path.as_bytes().as_bstr(),
            );
        }
        index.sort_entries();
        // The cached tree extension would be stale: git write-tree would reuse it.
        index.remove_tree();
        index
            .write(Default::default())
            .map_err(gix::Error::from_error)?;
        Ok(())
    }
}

/// The files to commit: every plan path that is a regular file. Anything
/// else (a symlink, an oversized file) is refused by name.
fn committable(files: &PlanFiles) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
    let mut out = BTreeMap::new();
    for (path, entry) in files.iter() {
        match entry {
            Entry::File(bytes) => {
                out.insert(path.to_string(), bytes.clone());
            }
            Entry::Symlink => {
                return Err(StoreError::CannotCommit {
                    path: path.into(),
                    reason: "symbolic links are not plan files".into(),
                });
            }
            Entry::TooLarge { size } => {
                return Err(StoreError::CannotCommit {
                    path: path.into(),
                    reason: format!("{size} bytes is over the 1 MiB limit"),
                });
            }
            // A folder inside `events/` is not part of the plan: left alone.
            Entry::NotAFile | Entry::Unread => {}
        }
    }
    Ok(out)
}
