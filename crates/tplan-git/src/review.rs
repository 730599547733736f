//! What a proposal changes and whether its policy is met: the semantic diff
//! of its head against the merge base with its base branch, the events it
//! touches, and the verdict of the base's `[policy]` on its reviews.

use std::collections::BTreeMap;

use tplan_evolution::policy::{PolicyInput, PolicyVerdict, Touched, evaluate, touched};
use tplan_evolution::release::ReleasePlan;
use tplan_evolution::{DiffOptions, Report, diff_plans};
use tplan_plan::files::MANIFEST;
use tplan_plan::model::Policy;
use tplan_plan::proposal::{ProposalState, Verdict};
use tplan_plan::{Entry, Key, Owner, Plan, PlanFiles};

use crate::error::StoreError;
use crate::ids::CommitId;
use crate::proposal::StoredProposal;
use crate::store::{Store, parse_oid};

/// The commits a proposal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ProposalRevs {
    /// The base branch's tip (for a merged proposal: the base as it was
    /// before publish).
    #[serde(rename = "base_commit")]
    pub base: CommitId,
    /// The head branch's tip (for a merged proposal: what was published).
    #[serde(rename = "head_commit")]
    pub head: CommitId,
    /// Their merge base: the diff starts there.
    pub merge_base: CommitId,
}

/// A proposal, what it changes, and what its policy says: what `tplan
/// proposal show` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Assessment {
    /// The proposal (its record's fields and `record_commit`).
    pub proposal: StoredProposal,
    /// Its commits.
    #[serde(flatten)]
    pub revs: ProposalRevs,
    /// The events it touches.
    pub touched: Vec<Touched>,
    /// The base's policy on it.
    #[serde(rename = "policy")]
    pub verdict: PolicyVerdict,
    /// Its semantic diff (merge base to head), with the versions of the
    /// release publishing it would make.
    pub report: Report,
    /// The release publishing it would make (`null`: a publish would
    /// refuse, `report.release_refused` says why, or it is not open).
    pub release: Option<ReleasePlan>,
    /// For each review, whether it is an approval of an earlier head
    /// (the branch moved since): it no longer counts.
    #[serde(skip)]
    pub stale: Vec<bool>,
}

impl Store {
    /// The base, head and merge base of a proposal. An open proposal follows
    /// its branches; a merged one is read as it was published.
    pub fn proposal_revs(&self, stored: &StoredProposal) -> Result<ProposalRevs, StoreError> {
        let record = &stored.record;
        let (base, head) = match (&record.state, &record.published) {
            (ProposalState::Merged, Some(published)) => {
                let commit = parse_oid(&published.commit)?;
                let base = self
                    .repo
                    .find_commit(commit)?
                    .parent_ids()
                    .next()
                    .map(|id| id.detach())
                    .unwrap_or(commit);
                (base, parse_oid(&published.head)?)
            }
            _ => {
                let base = self
                    .branch_tip(&record.base)?
                    .ok_or_else(|| self.no_such_branch(&record.base))?;
                let head = match self.branch_tip(&record.head)? {
                    Some(head) => head,
                    // A closed proposal whose branch was deleted: as proposed.
                    None if record.state != ProposalState::Open => {
                        parse_oid(&record.proposed_commit)?
                    }
                    None => {
                        return Err(self.no_such_branch(&record.head));
                    }
                };
                (base, head)
            }
        };
        let merge_base = self.shared_base((base, &record.base), (head, &record.head))?;
        Ok(ProposalRevs {
            base: base.into(),
            head: head.into(),
            merge_base: merge_base.into(),
        })
    }

    /// `tplan proposal show`: proposal `number`, assessed.
    pub fn proposal_show(
        &self,
        number: crate::ids::ProposalNumber,
    ) -> Result<Assessment, StoreError> {
        let mut assessment = self.assess(self.proposal(number)?)?;
        self.predict_release(&mut assessment)?;
        Ok(assessment)
    }

    /// The proposal's diff, touched events and policy verdict.
    pub fn assess(&self, stored: StoredProposal) -> Result<Assessment, StoreError> {
        let revs = self.proposal_revs(&stored)?;
        let (old_files, new_files) =
            self.read_pair(&revs.merge_base.to_string(), &revs.head.to_string())?;
        let old = self.parse_at(&old_files, &revs.merge_base.to_string())?;
        let new = self.parse_at(&new_files, &revs.head.to_string())?;
        let report = diff_plans(&old, &new, &DiffOptions::default()).map_err(|e| {
            StoreError::InvalidPlanAt {
                rev: revs.head.to_string(),
                file: MANIFEST.into(),
                message: e.to_string(),
            }
        })?;
        let touched = touched(&report, &old, &new);
        let (policy, owners) = self.gate_at(revs.base.oid(), revs.head.oid())?;
        let head = revs.head.to_string();
        let verdict = evaluate(&PolicyInput {
            policy: &policy,
            author: &stored.record.author,
            head: &head,
            reviews: &stored.record.reviews,
            touched: &touched,
            owners: &owners,
        });
        let stale = stored
            .record
            .reviews
            .iter()
            .map(|r| r.verdict == Verdict::Approve && r.commit != head)
            .collect();
        Ok(Assessment {
            proposal: stored,
            revs,
            touched,
            verdict,
            report,
            release: None,
            stale,
        })
    }

    /// A plan parsed from `files` read at `rev`; the first error when it
    /// has any (`tplan lint REV` lists them all).
    pub(crate) fn parse_at(&self, files: &PlanFiles, rev: &str) -> Result<Plan, StoreError> {
        let loaded = tplan_schema::load(files);
        match loaded.errors.first() {
            None => Ok(loaded.plan),
            Some(e) => Err(StoreError::InvalidPlanAt {
                rev: rev.to_string(),
                file: self.repo_path(&e.file),
                message: e.kind.to_string(),
            }),
        }
    }

    /// The policy and owners at `base`: what a proposal into that branch
    /// must meet (a proposal cannot loosen its own gate). Only the manifest
    /// and the owners are read. A base without a plan (the proposal adds
    /// it) has the default policy, with the owners the proposal names at
    /// `head`: who owns an event is only said there.
    pub(crate) fn gate_at(
        &self,
        base: gix::ObjectId,
        head: gix::ObjectId,
    ) -> Result<(Policy, BTreeMap<Key, Owner>), StoreError> {
        if !self.has_plan(&base.to_string())? {
            let (_, owners) = self.gate_of(head)?;
            return Ok((Policy::default(), owners));
        }
        self.gate_of(base)
    }

    fn gate_of(&self, commit: gix::ObjectId) -> Result<(Policy, BTreeMap<Key, Owner>), StoreError> {
        let rev = commit.to_string();
        let files = self.read_plan_without_events(&rev)?;
        let mut gate = PlanFiles::new();
        for (path, entry) in files.iter() {
            if path == MANIFEST || path.starts_with("owners/") {
                gate.insert(path.to_string(), entry.clone());
            }
        }
        gate.set_partial();
        if gate
            .get(MANIFEST)
            .is_none_or(|e| matches!(e, Entry::Unread))
        {
            return Err(StoreError::NoPlanAt {
                rev,
                path: self.repo_path(MANIFEST),
            });
        }
        let plan = self.parse_at(&gate, &rev)?;
        Ok((plan.manifest.policy, plan.owners))
    }
}
