//! A bare repository (a CI mirror, `git clone --mirror`): no work tree, so
//! the plan is the one `HEAD` holds, found in its tree as cargo finds a
//! manifest: the shallowest folder with a `tplan.toml`.

use std::collections::VecDeque;
use std::path::Path;

use gix::bstr::ByteSlice;
use tplan_plan::files::MANIFEST;

use crate::error::StoreError;
use crate::store::{Store, with_pack_cache};

/// How deep below the root a plan folder is looked for.
const MAX_DEPTH: usize = 4;

/// Opens bare `repo` on the plan `HEAD` holds.
pub(crate) fn open_bare(repo: gix::Repository, start: &Path) -> Result<Store, StoreError> {
    let repo = with_pack_cache(repo);
    let no_plan = || StoreError::NoPlan {
        start: start.to_path_buf(),
    };
    let tree = {
        let Ok(mut head) = repo.head() else {
            return Err(no_plan());
        };
        let Ok(commit) = head.peel_to_commit() else {
            return Err(no_plan());
        };
        commit.tree_id().map_err(gix::Error::from_error)?.detach()
    };
    let prefix = plan_prefix(&repo, tree)?.ok_or_else(no_plan)?;
    let git_dir = repo.git_dir().to_path_buf();
    Ok(Store {
        repo,
        workdir: git_dir.clone(),
        plan_dir: git_dir,
        prefix,
        bare: true,
    })
}

/// The shallowest folder of `tree` holding a `tplan.toml`, as a
/// `/`-separated prefix (`""` for the root); two at the same depth are
/// ambiguous and refused.
fn plan_prefix(repo: &gix::Repository, tree: gix::ObjectId) -> Result<Option<String>, StoreError> {
    let mut queue = VecDeque::from([(String::new(), tree, 0usize)]);
    let mut found: Vec<(usize, String)> = Vec::new();
    while let Some((path, id, depth)) = queue.pop_front() {
        if found.first().is_some_and(|(d, _)| depth > *d) {
            break;
        }
        let tree = repo.find_tree(id)?;
        for entry in tree.iter() {
            let entry = entry.map_err(gix::Error::from_error)?;
            let name = entry.filename().to_str_lossy();
            if entry.mode().is_tree() && depth < MAX_DEPTH {
                let child = if path.is_empty() {
                    name.into_owned()
                } else {
                    format!("{path}/{name}")
                };
                queue.push_back((child, entry.oid().to_owned(), depth + 1));
            } else if name == MANIFEST && entry.mode().is_blob() {
                found.push((depth, path.clone()));
            }
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop().map(|(_, p)| p)),
        _ => Err(StoreError::SeveralPlans {
            folders: found.into_iter().map(|(_, p)| format!("`{p}/`")).collect(),
        }),
    }
}
