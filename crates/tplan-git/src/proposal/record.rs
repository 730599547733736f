//! Proposal records in git: each is a chain of commits on
//! `refs/tplan/proposals/<n>`, every commit holding the whole record as
//! `proposal.toml` (so the ref's tip is the current state and its history
//! is the audit trail). They travel with
//! `git push origin 'refs/tplan/*:refs/tplan/*'`.
//!
//! Numbers are allocated by creating the ref with "must not exist" and
//! trying the next number on a collision. Every update is a
//! compare-and-swap; when someone else updated the proposal in between, the
//! update is re-applied to what they wrote and tried again, so two
//! reviewers acting at once both keep their review.

use std::time::Duration;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;
use tplan_plan::proposal::{Proposal, ProposalState};

use crate::error::StoreError;
use crate::identity::Actor;
use crate::ids::{CommitId, ProposalNumber};
use crate::refs::{PROPOSALS_PREFIX, number_of, proposal_ref};
use crate::store::Store;

/// The record's file name in each proposal commit.
pub const RECORD_FILE: &str = "proposal.toml";
/// Records larger than this are corrupt (a record is a few kB).
const MAX_RECORD_BYTES: usize = 1 << 20;
/// How often a lost compare-and-swap is retried before giving up.
const MAX_ATTEMPTS: usize = 50;

/// A proposal as stored: the record and the commit holding it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredProposal {
    /// The record (its fields, in JSON).
    #[serde(flatten)]
    pub record: Proposal,
    /// The commit at the tip of its ref, holding the record.
    #[serde(rename = "record_commit")]
    pub tip: CommitId,
}

impl Store {
    /// Every proposal, by number.
    pub fn proposals(&self) -> Result<Vec<StoredProposal>, StoreError> {
        Ok(self.scan_proposals()?.0)
    }

    /// Every proposal, and the refs under `refs/tplan/proposals/` that are
    /// not one (a name that is no number, a record that does not read):
    /// skipped, so that one bad ref does not stop everyone's work.
    pub fn scan_proposals(
        &self,
    ) -> Result<(Vec<StoredProposal>, Vec<SkippedProposal>), StoreError> {
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        let refs = self.repo.references()?;
        for reference in refs.prefixed(PROPOSALS_PREFIX)? {
            let reference = reference.map_err(gix::Error::from_error)?;
            let name = reference.name().as_bstr().to_str_lossy().into_owned();
            let Some(number) = number_of(&name) else {
                skipped.push(SkippedProposal {
                    name,
                    reason: "the ref name is not a proposal number".into(),
                });
                continue;
            };
            let Some(tip) = reference.target().try_id().map(|id| id.to_owned()) else {
                skipped.push(SkippedProposal {
                    name,
                    reason: "it is a symbolic ref".into(),
                });
                continue;
            };
            match self.read_record(number, &name, tip) {
                Ok(p) => out.push(p),
                Err(StoreError::CorruptProposal { name, reason }) => {
                    skipped.push(SkippedProposal { name, reason });
                }
                Err(e) => return Err(e),
            }
        }
        out.sort_by_key(|p| p.record.number);
        Ok((out, skipped))
    }

    /// Proposal `number`.
    pub fn proposal(&self, number: ProposalNumber) -> Result<StoredProposal, StoreError> {
        let number = number.get();
        let name = proposal_ref(number);
        let tip = match self.repo.try_find_reference(name.as_str())? {
            Some(mut r) => r.peel_to_id()?.detach(),
            None => return Err(StoreError::NoSuchProposal { number }),
        };
        self.read_record(number, name.as_str(), tip)
    }

    pub(crate) fn read_record(
        &self,
        number: u64,
        name: &str,
        tip: gix::ObjectId,
    ) -> Result<StoredProposal, StoreError> {
        let corrupt = |reason: String| StoreError::CorruptProposal {
            name: name.to_string(),
            reason,
        };
        let object = self
            .repo
            .find_object(tip)
            .map_err(|e| corrupt(format!("its commit {tip} cannot be read: {e}")))?;
        let commit = object
            .try_into_commit()
            .map_err(|_| corrupt(format!("{tip} is not a commit")))?;
        let tree = commit
            .tree_id()
            .map_err(|e| corrupt(e.to_string()))?
            .detach();
        let (mode, id) = self
            .child(tree, RECORD_FILE)
            .map_err(|e| corrupt(e.to_string()))?
            .ok_or_else(|| corrupt(format!("commit {tip} has no `{RECORD_FILE}`")))?;
        if !mode.is_blob() {
            return Err(corrupt(format!("`{RECORD_FILE}` is not a file")));
        }
        let blob = self
            .repo
            .find_object(id)
            .map_err(|e| corrupt(e.to_string()))?;
        if blob.data.len() > MAX_RECORD_BYTES {
            return Err(corrupt(format!(
                "`{RECORD_FILE}` is {} bytes, more than a record can be",
                blob.data.len()
            )));
        }
        let text = std::str::from_utf8(&blob.data)
            .map_err(|_| corrupt(format!("`{RECORD_FILE}` is not UTF-8")))?;
        let record = Proposal::from_toml(text)
            .map_err(|e| corrupt(format!("`{RECORD_FILE}` {}", e.message)))?;
        if record.number != number {
            return Err(corrupt(format!(
                "the record says it is proposal {}",
                record.number
            )));
        }
        Ok(StoredProposal {
            record,
            tip: tip.into(),
        })
    }

    /// Creates a proposal with the next free number (`record.number` is
    /// set here). Two people proposing at once get different numbers.
    pub fn create_proposal(
        &self,
        mut record: Proposal,
        actor: Actor<'_>,
    ) -> Result<StoredProposal, StoreError> {
        let mut number = self.proposals_max()? + 1;
        let mut locked = None;
        for _ in 0..MAX_ATTEMPTS {
            record.number = number;
            let message = format!("Propose #{number}: {}", record.title);
            let commit = self.write_record(&record, None, &message, actor)?;
            match self.set_proposal_ref(number, None, commit, &message) {
                Ok(()) => {
                    return Ok(StoredProposal {
                        record,
                        tip: commit.into(),
                    });
                }
                Err(StoreError::RefExists { .. }) => number += 1,
                Err(e @ StoreError::RefLocked { .. }) => {
                    locked = Some(e);
                    backoff();
                }
                Err(e) => return Err(e),
            }
        }
        Err(contention(locked, number))
    }

    /// Applies `change` to proposal `number` and stores the result, by
    /// compare-and-swap. When someone else stored an update in between,
    /// `change` runs again on theirs: nobody's update is lost. `change`
    /// may refuse (a proposal that is not open) by returning an error.
    pub fn update_proposal(
        &self,
        number: ProposalNumber,
        message: &str,
        actor: Actor<'_>,
        mut change: impl FnMut(&mut Proposal) -> Result<(), StoreError>,
    ) -> Result<StoredProposal, StoreError> {
        let mut locked = None;
        for _ in 0..MAX_ATTEMPTS {
            let current = self.proposal(number)?;
            let mut record = current.record.clone();
            change(&mut record)?;
            let tip = current.tip.oid();
            let commit = self.write_record(&record, Some(tip), message, actor)?;
            match self.set_proposal_ref(number.get(), Some(tip), commit, message) {
                Ok(()) => {
                    return Ok(StoredProposal {
                        record,
                        tip: commit.into(),
                    });
                }
                Err(StoreError::RefConflict { .. }) => {}
                Err(e @ StoreError::RefLocked { .. }) => {
                    locked = Some(e);
                    backoff();
                }
                Err(e) => return Err(e),
            }
        }
        Err(contention(locked, number.get()))
    }

    /// The commit holding `record`, child of `parent` (not on any ref yet).
    pub(crate) fn write_record(
        &self,
        record: &Proposal,
        parent: Option<gix::ObjectId>,
        message: &str,
        actor: Actor<'_>,
    ) -> Result<gix::ObjectId, StoreError> {
        let parents: Vec<gix::ObjectId> = parent.into_iter().collect();
        self.write_record_with_parents(record, &parents, message, actor)
    }

    /// The commit holding `record` with `parents` (a sync joins two).
    pub(crate) fn write_record_with_parents(
        &self,
        record: &Proposal,
        parents: &[gix::ObjectId],
        message: &str,
        actor: Actor<'_>,
    ) -> Result<gix::ObjectId, StoreError> {
        let blob = self.repo.write_blob(record.to_toml().as_bytes())?.detach();
        let empty = self.repo.empty_tree().id;
        let mut editor = self.repo.edit_tree(empty)?;
        editor.upsert(RECORD_FILE, EntryKind::Blob, blob)?;
        let tree = editor.write()?.detach();
        let (author, committer) = self.signatures(actor)?;
        self.write_commit(
            (&author, &committer),
            message,
            tree,
            parents.iter().copied(),
        )
    }

    fn set_proposal_ref(
        &self,
        number: u64,
        from: Option<gix::ObjectId>,
        to: gix::ObjectId,
        message: &str,
    ) -> Result<(), StoreError> {
        let name = proposal_ref(number).as_str().to_string();
        self.run_operation(crate::journal::Operation {
            what: message.to_string(),
            refs: vec![crate::journal::RefMove {
                new_reflog: true,
                ..crate::journal::RefMove::new(name, from, to, message)
            }],
            ..Default::default()
        })
    }

    /// The highest proposal number in use (0 when none).
    fn proposals_max(&self) -> Result<u64, StoreError> {
        let refs = self.repo.references()?;
        let mut max = 0;
        for reference in refs.prefixed(PROPOSALS_PREFIX)? {
            let reference = reference.map_err(gix::Error::from_error)?;
            if let Some(n) = number_of(&reference.name().as_bstr().to_str_lossy()) {
                max = max.max(n);
            }
        }
        Ok(max)
    }
}

/// A ref under `refs/tplan/proposals/` that is not a readable proposal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedProposal {
    /// The ref (`refs/tplan/proposals/7`).
    pub name: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Refuses to change a proposal that is no longer open.
pub fn require_open(record: &Proposal) -> Result<(), StoreError> {
    if record.state == ProposalState::Open {
        Ok(())
    } else {
        Err(StoreError::ProposalNotOpen {
            number: record.number,
            state: record.state.to_string(),
        })
    }
}

/// Why proposal `number` could not be stored after every attempt: a lock
/// that stayed (named), or updates racing ours each time.
fn contention(locked: Option<StoreError>, number: u64) -> StoreError {
    locked.unwrap_or_else(|| StoreError::TooMuchContention {
        name: proposal_ref(number).to_string(),
    })
}

/// A short, jittered pause before trying a locked ref again.
fn backoff() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::thread::sleep(Duration::from_millis(5 + u64::from(nanos % 20)));
}
