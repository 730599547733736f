//! Reading trees: the one module that walks git trees. From a commit to the
//! plan folder's tree, from there to the plan's files, one entry by name or
//! path, every file below a tree, and what differs between two trees.
//!
//! Trees are read from their raw bytes ([`raw`]): a large plan's `events`
//! folder holds tens of thousands of entries, and most callers need one of
//! them, or only the ones that differ.

mod diff;
mod raw;

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryMode;
use tplan_plan::PlanFiles;
use tplan_plan::files::{LOCK, MANIFEST, OBJECT_DIRS};

pub(crate) use diff::{PathChange, check_path};
pub(crate) use raw::{Corrupt, RawEntry, diff as diff_entries, find_entry};

use crate::error::StoreError;
use crate::store::{Store, open_bounded};

/// A blob (or link, or submodule commit) at a path: what a tree entry holds.
pub(crate) type Blob = (EntryMode, gix::ObjectId);

/// Files in the plan folder that `tplan commit` commits besides the plan:
/// the folder's git settings (the merge driver's attributes).
pub(crate) const HOUSEKEEPING: &[&str] = &[".gitattributes"];

/// One entry of a tree, its name decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The entry's name (not a path).
    pub name: String,
    /// Its mode.
    pub mode: EntryMode,
    /// Its object.
    pub id: gix::ObjectId,
}

/// Where an entry of a plan folder's tree sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// At the top: the manifest, the lock or a [`HOUSEKEEPING`] file.
    Top,
    /// An object folder's name held by something that is not a folder.
    NotAFolder,
    /// In an object folder, under a plan path (`events/x.toml`).
    Child,
}

/// One entry of a plan folder's tree that tplan reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlanEntry {
    /// Its path in the plan folder (`tplan.toml`, `events/x.toml`, `events`).
    pub path: String,
    /// Where it sits.
    pub place: Place,
    /// Its mode and object.
    pub blob: Blob,
}

/// The entries of a plan folder's tree that tplan reads, in tree order.
#[derive(Debug, Default)]
pub(crate) struct PlanTree {
    /// The entries.
    pub entries: Vec<PlanEntry>,
    /// The `events` folder's tree, when there is one (its entries are left
    /// out when asked to).
    pub events: Option<gix::ObjectId>,
}

/// Called by [`Store::walk`] with the folders above an entry and the entry;
/// returns whether to go into it when it is a folder.
pub(crate) type Visit<'a> = dyn FnMut(&[String], &Item) -> Result<bool, StoreError> + 'a;

/// The error for a tree object that cannot be parsed.
pub(crate) fn corrupt(tree: gix::ObjectId) -> StoreError {
    StoreError::Git(gix::Error::from_error(std::io::Error::other(format!(
        "tree {tree} is not a valid tree object"
    ))))
}

impl Store {
    /// The length of an object id in bytes.
    pub(crate) fn hash_len(&self) -> usize {
        self.repo.object_hash().len_in_bytes()
    }

    /// The tree of `commit`, or the empty tree for `None` (an unborn branch).
    pub(crate) fn tree_of(
        &self,
        commit: Option<gix::ObjectId>,
    ) -> Result<gix::ObjectId, StoreError> {
        Ok(match commit {
            Some(c) => self.repo.find_commit(c)?.tree_id()?.detach(),
            None => gix::ObjectId::empty_tree(self.repo.object_hash()),
        })
    }

    /// `read` of the raw bytes of tree `tree`, without copying them out of
    /// gix's buffer; `None` when the object is not a tree.
    pub(crate) fn with_tree<R>(
        &self,
        tree: gix::ObjectId,
        read: impl FnOnce(&[u8]) -> R,
    ) -> Result<Option<R>, StoreError> {
        let object = self.repo.find_object(tree)?;
        Ok(object.kind.is_tree().then(|| read(&object.data)))
    }

    /// The raw bytes of tree `tree`, copied (to hold two at once); the
    /// empty tree for `None`.
    pub(crate) fn tree_data(&self, tree: Option<gix::ObjectId>) -> Result<Vec<u8>, StoreError> {
        match tree {
            Some(t) => Ok(self.repo.find_object(t)?.detach().data),
            None => Ok(Vec::new()),
        }
    }

    /// The raw bytes of two trees. Large ones (a folder of tens of
    /// thousands of events) are inflated on two threads, small ones in
    /// one, sharing gix's caches.
    pub(crate) fn two_trees(
        &self,
        old: gix::ObjectId,
        new: gix::ObjectId,
    ) -> Result<(Vec<u8>, Vec<u8>), StoreError> {
        let large = self.repo.find_header(old).map(|h| h.size()).unwrap_or(0) > 256 * 1024;
        if !large {
            return Ok((self.tree_data(Some(old))?, self.tree_data(Some(new))?));
        }
        let git_dir = self.repo.git_dir().to_path_buf();
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(move || -> Result<Vec<u8>, StoreError> {
                Ok(open_bounded(&git_dir)?.find_object(old)?.detach().data)
            });
            let b = self.tree_data(Some(new));
            (other.join().expect("reading a tree does not panic"), b)
        });
        Ok((a?, b?))
    }

    /// Hands `visit` each entry of tree `tree` with its checked mode, in
    /// tree order, without copying the tree; a tree that does not parse is
    /// an error.
    pub(crate) fn each_entry(
        &self,
        tree: gix::ObjectId,
        visit: &mut dyn FnMut(&RawEntry<'_>, EntryMode) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let hash_len = self.hash_len();
        let walked = self.with_tree(tree, |data| {
            for entry in raw::RawEntries::new(data, hash_len) {
                let entry = entry.map_err(|()| corrupt(tree))?;
                let mode = entry.checked_mode().ok_or_else(|| corrupt(tree))?;
                visit(&entry, mode)?;
            }
            Ok(())
        })?;
        walked.unwrap_or_else(|| Err(corrupt(tree)))
    }

    /// The entries of tree `tree`, decoded.
    pub(crate) fn items(&self, tree: gix::ObjectId) -> Result<Vec<Item>, StoreError> {
        let mut out = Vec::new();
        self.each_entry(tree, &mut |entry, mode| {
            out.push(Item {
                name: entry.name().to_str_lossy().into_owned(),
                mode,
                id: entry.id(),
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// The entry of tree `tree` named `name`; `None` when there is none or
    /// `tree` is not a tree.
    pub(crate) fn child(
        &self,
        tree: gix::ObjectId,
        name: &str,
    ) -> Result<Option<Blob>, StoreError> {
        let hash_len = self.hash_len();
        let found = self.with_tree(tree, |data| {
            for entry in raw::RawEntries::new(data, hash_len) {
                let entry = entry.map_err(|()| corrupt(tree))?;
                if entry.name() == name.as_bytes() {
                    let mode = entry.checked_mode().ok_or_else(|| corrupt(tree))?;
                    return Ok(Some((mode, entry.id())));
                }
            }
            Ok(None)
        })?;
        found.unwrap_or(Ok(None))
    }

    /// The entry of any kind at `path` (`/`-separated) below `tree`.
    pub(crate) fn lookup(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<Blob>, StoreError> {
        let mut at = (EntryMode::from(gix::objs::tree::EntryKind::Tree), tree);
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if !at.0.is_tree() {
                return Ok(None);
            }
            match self.child(at.1, part)? {
                Some(found) => at = found,
                None => return Ok(None),
            }
        }
        Ok(Some(at))
    }

    /// The entry of `tree` at `path` (from the repository root), unless it
    /// is a folder.
    pub(crate) fn entry_at(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<Blob>, StoreError> {
        Ok(self.lookup(tree, path)?.filter(|(mode, _)| !mode.is_tree()))
    }

    /// The folder at `path` below `tree`, when it is one.
    pub(crate) fn subtree(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        Ok(self
            .lookup(tree, path)?
            .filter(|(mode, _)| mode.is_tree())
            .map(|(_, id)| id))
    }

    /// The bytes of blob `id`.
    pub(crate) fn blob(&self, id: gix::ObjectId) -> Result<Vec<u8>, StoreError> {
        Ok(self.repo.find_object(id)?.detach().data)
    }

    /// The bytes of the file at `path` below `tree`, when it is a file.
    pub(crate) fn blob_at(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        match self.lookup(tree, path)? {
            Some((mode, id)) if mode.is_blob() => Ok(Some(self.blob(id)?)),
            _ => Ok(None),
        }
    }

    /// The text of the file at `path` below `tree`, when it is a file.
    pub(crate) fn blob_text_at(
        &self,
        tree: gix::ObjectId,
        path: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .blob_at(tree, path)?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// The plan folder's tree in the repository tree `tree`; `None` when
    /// the plan folder is not there.
    pub(crate) fn plan_tree_in(
        &self,
        tree: gix::ObjectId,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        if self.prefix.is_empty() {
            return Ok(Some(tree));
        }
        self.subtree(tree, &self.prefix)
    }

    /// The plan folder's tree at `commit`.
    pub(crate) fn plan_tree(
        &self,
        commit: gix::ObjectId,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        self.plan_tree_in(self.tree_of(Some(commit))?)
    }

    /// The entries of the plan folder's tree `root` that tplan reads: the
    /// manifest, the lock, the [`HOUSEKEEPING`] files, and the plan paths
    /// of the object folders (the `events` folder's only when
    /// `with_events`). Walking trees is cheap; reading blobs is what costs.
    pub(crate) fn plan_entries(
        &self,
        root: gix::ObjectId,
        with_events: bool,
    ) -> Result<PlanTree, StoreError> {
        let mut out = PlanTree::default();
        for item in self.items(root)? {
            let top = item.name == MANIFEST
                || item.name == LOCK
                || HOUSEKEEPING.contains(&item.name.as_str());
            if top {
                out.entries.push(PlanEntry {
                    path: item.name,
                    place: Place::Top,
                    blob: (item.mode, item.id),
                });
                continue;
            }
            if !OBJECT_DIRS.contains(&item.name.as_str()) {
                continue;
            }
            if !item.mode.is_tree() {
                out.entries.push(PlanEntry {
                    path: item.name,
                    place: Place::NotAFolder,
                    blob: (item.mode, item.id),
                });
                continue;
            }
            if item.name == "events" {
                out.events = Some(item.id);
                if !with_events {
                    continue;
                }
            }
            self.each_entry(item.id, &mut |child, mode| {
                let path = format!("{}/{}", item.name, child.name().to_str_lossy());
                if PlanFiles::is_plan_path(&path) {
                    out.entries.push(PlanEntry {
                        path,
                        place: Place::Child,
                        blob: (mode, child.id()),
                    });
                }
                Ok(())
            })?;
        }
        Ok(out)
    }

    /// The plan files (and housekeeping files) committed in `tree`, by plan
    /// path, with their blob ids.
    pub(crate) fn plan_blobs(
        &self,
        tree: gix::ObjectId,
    ) -> Result<BTreeMap<String, gix::ObjectId>, StoreError> {
        let mut out = BTreeMap::new();
        let Some(root) = self.plan_tree_in(tree)? else {
            return Ok(out);
        };
        for entry in self.plan_entries(root, true)?.entries {
            let (mode, id) = entry.blob;
            let kept = match entry.place {
                Place::Top => mode.is_blob(),
                Place::Child => !mode.is_tree(),
                Place::NotAFolder => false,
            };
            if kept {
                out.insert(entry.path, id);
            }
        }
        Ok(out)
    }

    /// Visits every entry below `tree`, depth first, with the names of the
    /// folders above it; `visit` returns whether to go into a folder.
    pub(crate) fn walk(
        &self,
        tree: gix::ObjectId,
        visit: &mut Visit<'_>,
    ) -> Result<(), StoreError> {
        let mut stack: Vec<(gix::ObjectId, Vec<String>)> = vec![(tree, Vec::new())];
        while let Some((tree, dirs)) = stack.pop() {
            for item in self.items(tree)? {
                if visit(&dirs, &item)? && item.mode.is_tree() {
                    let mut below = dirs.clone();
                    below.push(item.name.clone());
                    stack.push((item.id, below));
                }
            }
        }
        Ok(())
    }
}
