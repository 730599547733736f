//! What differs between two trees, path by path: what moving the work tree
//! from one to the other must write.

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;
use gix::diff::tree::recorder::Change;

use super::Blob;
use crate::error::StoreError;
use crate::store::Store;

/// One path that differs between two trees, from the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathChange {
    pub path: String,
    /// The entry in the tree we move from.
    pub old: Option<Blob>,
    /// The entry in the tree we move to.
    pub new: Option<Blob>,
}

impl Store {
    /// Every file, link and submodule that differs between two trees.
    pub(crate) fn tree_changes(
        &self,
        from: gix::ObjectId,
        to: gix::ObjectId,
    ) -> Result<Vec<PathChange>, StoreError> {
        if from == to {
            return Ok(Vec::new());
        }
        let old = self.repo.find_tree(from)?;
        let new = self.repo.find_tree(to)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            gix::objs::TreeRefIter::from_bytes(&old.data, self.repo.object_hash()),
            gix::objs::TreeRefIter::from_bytes(&new.data, self.repo.object_hash()),
            &mut gix::diff::tree::State::default(),
            &self.repo.objects,
            &mut recorder,
        )
        .map_err(gix::Error::from_error)?;
        // A file that becomes a folder shows as a deletion and additions; a
        // map by path joins the halves of a change of kind.
        let mut out: BTreeMap<String, PathChange> = BTreeMap::new();
        for change in recorder.records {
            match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if !entry_mode.is_tree() => {
                    slot(&mut out, path.as_ref()).new = Some((entry_mode, oid))
                }
                Change::Deletion {
                    entry_mode,
                    oid,
                    path,
                    ..
                } if !entry_mode.is_tree() => {
                    slot(&mut out, path.as_ref()).old = Some((entry_mode, oid))
                }
                Change::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path,
                } => {
                    if !previous_entry_mode.is_tree() {
                        slot(&mut out, path.as_ref()).old =
                            Some((previous_entry_mode, previous_oid));
                    }
                    if !entry_mode.is_tree() {
                        slot(&mut out, path.as_ref()).new = Some((entry_mode, oid));
                    }
                }
                _ => {}
            }
        }
        let changes: Vec<PathChange> = out.into_values().filter(|c| c.old != c.new).collect();
        for c in &changes {
            check_path(&c.path)?;
        }
        Ok(changes)
    }
}

/// The change at `path`, created empty on first use.
fn slot<'a>(
    out: &'a mut BTreeMap<String, PathChange>,
    path: &gix::bstr::BStr,
) -> &'a mut PathChange {
    out.entry(path.to_str_lossy().into_owned())
        .or_insert_with_key(|key| PathChange {
            path: key.clone(),
            old: None,
            new: None,
        })
}

/// Refuses tree paths that would escape the work tree or write into git's
/// own folder: a tree from a hostile remote can hold such names.
pub(crate) fn check_path(path: &str) -> Result<(), StoreError> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.split('/').any(|part| {
            part.is_empty() || part == "." || part == ".." || part.eq_ignore_ascii_case(".git")
        });
    if bad {
        return Err(StoreError::UnsafePath { path: path.into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn paths_that_escape_or_touch_git_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            ".git/config",
            "a/.GIT/x",
            "a//b",
            "a\\b",
            "",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        for good in [
            "events/x.toml",
            "a/b/c",
            ".gitattributes",
            "plans/web/tplan.toml",
        ] {
            assert!(check_path(good).is_ok(), "{good}");
        }
    }
}
