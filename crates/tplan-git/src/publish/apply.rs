//! Publishing a prepared release: the four refs (base, tag, registry,
//! proposal) move in one transaction, each by compare-and-swap; then the
//! work tree follows when the base is checked out.

use std::path::Path;

use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use gix::refs::{FullName, Target};

use super::PreparedPublish;
use crate::error::StoreError;
use crate::failpoint;
use crate::identity::Actor;
use crate::refs::{expected_at, registry_ref};
use crate::store::Store;

impl Store {
    /// Moves the four refs in one transaction, then updates the work tree
    /// (when the base is checked out) and writes the registry to `out`.
    pub fn apply_publish(
        &self,
        prepared: &PreparedPublish,
        actor: Actor<'_>,
        out: Option<&Path>,
    ) -> Result<(), StoreError> {
        let log = |message: String| LogChange {
            mode: RefLog::AndReference,
            force_create_reflog: true,
            message: message.into(),
        };
        let summary = format!(
            "publish: plan {} (#{})",
            prepared.release.version, prepared.number
        );
        let edits = vec![
            RefEdit {
                change: Change::Update {
                    log: LogChange {
                        force_create_reflog: false,
                        ..log(summary.clone())
                    },
                    expected: PreviousValue::MustExistAndMatch(Target::Object(prepared.base_tip)),
                    new: Target::Object(prepared.commit.oid()),
                },
                name: prepared.base_ref.clone(),
                deref: false,
            },
            RefEdit {
                change: Change::Update {
                    log: LogChange {
                        mode: RefLog::AndReference,
                        force_create_reflog: false,
                        message: summary.clone().into(),
                    },
                    expected: PreviousValue::MustNotExist,
                    new: Target::Object(prepared.tag_object),
                },
                name: FullName::try_from(format!("refs/tags/{}", prepared.tag))
                    .map_err(gix::Error::from_error)?,
                deref: false,
            },
            RefEdit {
                change: Change::Update {
                    log: log(summary.clone()),
                    expected: expected_at(prepared.registry_old),
                    new: Target::Object(prepared.registry_new),
                },
                name: registry_ref().full()?,
                deref: false,
            },
            Store::proposal_edit(
                prepared.number.get(),
                Some(prepared.proposal_old),
                prepared.proposal_new,
                &summary,
            ),
        ];
        let (_, committer) = self.signatures(actor)?;
        let mut time = gix::date::parse::TimeBuf::default();
        self.repo
            .edit_references_as(edits, Some(committer.to_ref(&mut time)))
            .map_err(crate::refs::map_transaction_error)?;
        failpoint::hit("publish:refs-moved");
        if let Some(changes) = &prepared.worktree {
            self.write_changes(changes)?;
        }
        if let Some(dir) = out {
            self.write_registry(prepared.registry_new, dir)?;
        }
        Ok(())
    }
}
