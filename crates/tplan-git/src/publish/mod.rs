//! `tplan publish`: an approved proposal becomes a plan release.
//!
//! Everything is computed and every object written first: the semantic
//! merge of the head into the base, the release (each changed event's next
//! SchemaVer, the plan's semver), `tplan.lock`, `tplan.toml`'s version and
//! the changelog section in a merge commit on the base, an annotated
//! `plan-v<semver>` tag, the release's Iglu schemas added to the registry
//! tree on `refs/tplan/registry`, and the proposal's `merged` record. Then
//! all four refs move in one transaction, each by compare-and-swap: two
//! publishers racing on one base cannot both win, and the loser changes
//! nothing. The work tree follows last, when the base is checked out.

mod apply;
mod merge;
mod objects;
mod predict;
mod release;
mod report;

pub use report::{PublishOutcome, PublishReport, PublishRequest, Refusal};

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;
use gix::refs::FullName;
use tplan_evolution::Class;
use tplan_evolution::policy::PolicyVerdict;
use tplan_evolution::release::Release;
use tplan_plan::model::Date;
use tplan_plan::proposal::{ProposalState, Published};

use crate::error::StoreError;
use crate::failpoint;
use crate::identity::Actor;
use crate::ids::{CommitId, ProposalNumber};
use crate::proposal::{StoredProposal, require_open};
use crate::store::Store;
use crate::tree::PathChange;

/// How to publish.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions<'a> {
    /// `--bump EVENT=CLASS`: raise an event's class above the computed one.
    pub bumps: BTreeMap<String, Class>,
    /// Who publishes; `None`: the configured git identity.
    pub actor: Actor<'a>,
    /// Today, for lint's deprecation checks.
    pub today: Option<Date>,
}

/// A publish computed, its objects written, no ref moved yet.
#[derive(Debug)]
pub struct PreparedPublish {
    /// The proposal.
    pub number: ProposalNumber,
    /// Its title.
    pub title: String,
    /// The base branch.
    pub base: String,
    /// The release.
    pub release: Release,
    /// The tag, `plan-v<semver>`.
    pub tag: String,
    /// The publish commit on the base.
    pub commit: CommitId,
    /// The changelog section (also the tag's message).
    pub changelog: String,
    /// The registry paths added, with their schemas.
    pub schemas: Vec<(String, String)>,
    /// The policy's verdict that allowed it.
    pub verdict: PolicyVerdict,
    /// The plan folder's path of the changelog (from the repository root).
    pub changelog_path: String,
    base_ref: FullName,
    base_tip: gix::ObjectId,
    tag_object: gix::ObjectId,
    registry_old: Option<gix::ObjectId>,
    registry_new: gix::ObjectId,
    proposal_old: gix::ObjectId,
    proposal_new: gix::ObjectId,
    /// When the base is checked out: what the work tree must follow.
    worktree: Option<Vec<PathChange>>,
}

impl Store {
    /// Computes proposal `number`'s publish and writes its objects; no ref
    /// moves. Refuses a proposal that is not open, a dirty plan, a policy
    /// not met, a merge with conflicts, and a version already published
    /// with other content.
    pub fn prepare_publish(
        &self,
        number: ProposalNumber,
        options: &PublishOptions<'_>,
    ) -> Result<PreparedPublish, StoreError> {
        let (stored, base_ref) = self.publish_checks(number)?;
        let (id, number) = (number, number.get());
        let proposal_old = stored.tip;
        let assessment = self.assess(stored)?;
        let record = assessment.proposal.record.clone();
        if !assessment.verdict.passes {
            return Err(StoreError::PolicyNotMet {
                number,
                unmet: assessment.verdict.unmet.clone(),
            });
        }
        let revs = assessment.revs;
        let today = options.today.unwrap_or_else(Date::today);
        let (merged, plan) = self.publish_merge(revs, &record, today)?;
        let (release, next_plan) =
            self.publish_release(number, revs, &record, (&merged, plan), &options.bumps)?;
        let tag = format!("plan-v{}", release.version);
        if let Some(existing) = self
            .repo
            .try_find_reference(format!("refs/tags/{tag}").as_str())?
        {
            return Err(StoreError::RefExists {
                name: tag,
                actual: existing.id().to_string(),
            });
        }
        let publisher = self.identity(options.actor)?;
        let time = self.action_time(options.actor)?;
        let written = self.publish_commit(
            objects::Release {
                number,
                record: &record,
                verdict: &assessment.verdict,
                release: &release,
                tag: &tag,
                date: time.get(..10).unwrap_or(&time),
            },
            revs,
            &merged,
            options.actor,
        )?;
        let registry = self.publish_registry(&release, &next_plan, &written.committer)?;

        // The proposal, merged.
        let mut merged_record = record.clone();
        merged_record.state = ProposalState::Merged;
        merged_record.published = Some(Published {
            commit: written.commit.to_string(),
            head: revs.head.to_string(),
            version: release.version.to_string(),
            tag: tag.clone(),
            by: publisher,
            time,
        });
        let proposal_new = self.write_record(
            &merged_record,
            Some(proposal_old.oid()),
            &format!("Publish #{number} as {tag}"),
            options.actor,
        )?;

        // The work tree follows when the base is checked out.
        let worktree = match self.head()? {
            crate::branch::Head::Branch { name, .. } if name == record.base => {
                let changes = self.tree_changes(merged.base_tree, written.tree)?;
                self.refuse_blocked(&changes)?;
                Some(changes)
            }
            _ => None,
        };
        failpoint::hit("publish:objects-written");
        Ok(PreparedPublish {
            number: id,
            title: record.title,
            base: record.base,
            release,
            tag,
            commit: written.commit.into(),
            changelog: written.changelog,
            schemas: registry.schemas,
            verdict: assessment.verdict,
            changelog_path: written.changelog_path,
            base_ref,
            base_tip: revs.base.oid(),
            tag_object: written.tag_object,
            registry_old: registry.old,
            registry_new: registry.new,
            proposal_old: proposal_old.oid(),
            proposal_new,
            worktree,
        })
    }

    /// Proposal `number`, refused unless it is open, no merge is in
    /// progress, the plan is committed, and its base branch exists.
    fn publish_checks(
        &self,
        number: ProposalNumber,
    ) -> Result<(StoredProposal, FullName), StoreError> {
        let stored = self.proposal(number)?;
        require_open(&stored.record)?;
        self.refuse_merge_in_progress()?;
        let dirty = self.changed_plan_files()?;
        if !dirty.is_empty() {
            return Err(StoreError::DirtyPlan {
                files: dirty.iter().map(|c| self.repo_path(&c.path)).collect(),
                action: " (or `git stash` them) before publishing".into(),
            });
        }
        let no_base = || self.no_such_branch(&stored.record.base);
        let base_ref = FullName::try_from(format!("refs/heads/{}", stored.record.base))
            .map_err(|_| no_base())?;
        if self
            .repo
            .try_find_reference(base_ref.as_bstr().to_str_lossy().as_ref())?
            .is_none()
        {
            return Err(no_base());
        }
        Ok((stored, base_ref))
    }
}
