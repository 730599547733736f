//! The registry publish keeps on `refs/tplan/registry`: a static Iglu
//! registry tree (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`), read back
//! for validation, the catalog and `--out`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{StoreError, io};
use crate::ids::TreeId;
use crate::refs::registry_ref;
use crate::store::Store;

impl Store {
    /// The registry's tree, if a publish ever wrote one.
    pub fn registry_tree(&self) -> Result<Option<TreeId>, StoreError> {
        match self.tip_of(&registry_ref())? {
            Some(commit) => Ok(Some(self.tree_of(Some(commit))?.into())),
            None => Ok(None),
        }
    }

    /// The published schema at `path` (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`)
    /// in the registry tree `tree`.
    pub fn registry_schema(&self, tree: TreeId, path: &str) -> Option<Vec<u8>> {
        self.blob_at(tree.oid(), path).ok().flatten()
    }

    /// The published versions of each event of `vendor` in the registry,
    /// oldest first (empty without a registry).
    pub fn published_versions(
        &self,
        vendor: &str,
    ) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
        let mut out = BTreeMap::new();
        let Some(tree) = self.registry_tree()? else {
            return Ok(out);
        };
        let Some(vendor_tree) = self.subtree(tree.oid(), &format!("schemas/{vendor}"))? else {
            return Ok(out);
        };
        for event in self.items(vendor_tree)? {
            let Some(format) = self.subtree(event.id, "jsonschema")? else {
                continue;
            };
            let mut versions: Vec<(tplan_plan::SchemaVer, String)> = self
                .items(format)?
                .into_iter()
                .filter_map(|e| tplan_plan::SchemaVer::parse(&e.name).map(|sv| (sv, e.name)))
                .collect();
            versions.sort();
            out.insert(event.name, versions.into_iter().map(|(_, v)| v).collect());
        }
        Ok(out)
    }

    /// The registry tree at `commit` written as files under `dir`.
    pub(crate) fn write_registry(
        &self,
        commit: gix::ObjectId,
        dir: &Path,
    ) -> Result<usize, StoreError> {
        let tree = self.tree_of(Some(commit))?;
        let mut written = 0;
        self.walk(tree, &mut |dirs, entry| {
            let name = &entry.name;
            // Registry trees are ours, but a fetched one is input.
            if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\']) {
                return Err(StoreError::UnsafePath { path: name.clone() });
            }
            if entry.mode.is_blob() {
                let at: PathBuf = dirs.iter().fold(dir.to_path_buf(), |p, d| p.join(d));
                std::fs::create_dir_all(&at).map_err(|e| io(&at, "cannot create", e))?;
                let path = at.join(name);
                std::fs::write(&path, self.blob(entry.id)?)
                    .map_err(|e| io(&path, "cannot write", e))?;
                written += 1;
            }
            Ok(true)
        })?;
        Ok(written)
    }
}
