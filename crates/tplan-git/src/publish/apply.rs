//! Publishing a prepared release: the four refs (base, tag, registry,
//! proposal), then the work tree and index when the base is checked out,
//! as one journaled operation ([`crate::journal`]): all of it or none,
//! whenever the process dies.

use std::path::Path;

use super::PreparedPublish;
use crate::error::StoreError;
use crate::failpoint;
use crate::identity::Actor;
use crate::journal::{Operation, RefMove};
use crate::refs::{proposal_ref, registry_ref};
use crate::store::Store;

impl Store {
    /// Moves the four refs and updates the work tree (when the base is
    /// checked out) as one operation, then writes the registry to `out`.
    pub fn apply_publish(
        &self,
        prepared: &PreparedPublish,
        _actor: Actor<'_>,
        out: Option<&Path>,
    ) -> Result<(), StoreError> {
        let summary = format!(
            "publish: plan {} (#{})",
            prepared.release.version, prepared.number
        );
        let tplan_ref = |name: String, from, to| RefMove {
            new_reflog: true,
            ..RefMove::new(name, from, to, summary.clone())
        };
        let refs = vec![
            RefMove::new(
                prepared.base_ref.as_bstr().to_string(),
                Some(prepared.base_tip),
                prepared.commit.oid(),
                summary.clone(),
            ),
            RefMove::new(
                format!("refs/tags/{}", prepared.tag),
                None,
                prepared.tag_object,
                summary.clone(),
            ),
            tplan_ref(
                registry_ref().as_str().to_string(),
                prepared.registry_old,
                prepared.registry_new,
            ),
            tplan_ref(
                proposal_ref(prepared.number.get()).as_str().to_string(),
                Some(prepared.proposal_old),
                prepared.proposal_new,
            ),
        ];
        let files = prepared.worktree.clone().unwrap_or_default();
        let index = crate::worktree::index_edits(&files);
        self.run_operation(Operation {
            what: format!(
                "publish plan {} (#{})",
                prepared.release.version, prepared.number
            ),
            refs,
            files,
            index,
            remove: Vec::new(),
        })?;
        failpoint::hit("publish:refs-moved");
        if let Some(dir) = out {
            self.write_registry(prepared.registry_new, dir)?;
        }
        Ok(())
    }
}
