//! What a publish releases: each changed event's next version and the
//! plan's, computed against the plan as last released (with a release tag,
//! only what differs from it is read and parsed).

use std::collections::BTreeMap;

use tplan_evolution::Class;
use tplan_evolution::release::{Release, ReleaseError, plan_release};
use tplan_plan::Plan;
use tplan_plan::proposal::Proposal;

use super::merge::Merged;
use crate::error::StoreError;
use crate::review::ProposalRevs;
use crate::store::Store;

impl Store {
    /// The release of the merged plan `next`, and the plan it releases.
    pub(super) fn publish_release(
        &self,
        number: u64,
        revs: ProposalRevs,
        record: &Proposal,
        (merged, next): (&Merged, Plan),
        bumps: &BTreeMap<String, Class>,
    ) -> Result<(Release, Plan), StoreError> {
        let base_rev = revs.base.to_string();
        let base_light = if self.has_plan(&base_rev)? {
            self.parse_at(&self.read_plan_without_events(&base_rev)?, &base_rev)?
        } else {
            self.parse_at(&merged.base_files, &base_rev)?
        };
        let first = base_light.lock.events.is_empty();
        let (last_plan, next_plan) = match self.last_release(&base_light, revs.base.oid(), first)? {
            Some(released) => {
                let scratch = self.scratch_commit(merged.tree)?;
                let (last_files, next_files) =
                    self.read_pair(&released.to_string(), &scratch.to_string())?;
                (
                    self.parse_at(
                        &last_files,
                        &format!("plan-v{}", base_light.manifest.version),
                    )?,
                    self.parse_at(&next_files, &record.head)?,
                )
            }
            None => (self.parse_at(&merged.base_files, &base_rev)?, next),
        };
        let release = plan_release(&last_plan, &next_plan, first, bumps).map_err(|e| match e {
            ReleaseError::Nothing => StoreError::NothingToPublish { number },
            other => StoreError::Release(other.to_string()),
        })?;
        Ok((release, next_plan))
    }

    /// The commit of the last release, when `base` names one (its plan
    /// version) that is tagged and part of its history; `None`: compare
    /// with `base` itself.
    fn last_release(
        &self,
        base: &tplan_plan::Plan,
        base_tip: gix::ObjectId,
        first: bool,
    ) -> Result<Option<gix::ObjectId>, StoreError> {
        if first {
            return Ok(None);
        }
        let tag = format!("refs/tags/plan-v{}", base.manifest.version);
        let Some(mut reference) = self.repo.try_find_reference(tag.as_str())? else {
            return Ok(None);
        };
        let id = reference.peel_to_id()?.detach();
        let Ok(commit) = self.repo.find_object(id)?.peel_to_commit() else {
            return Ok(None);
        };
        let mb = self.merge_base_of(commit.id, base_tip)?;
        Ok((mb == Some(commit.id)).then_some(commit.id))
    }

    /// A parentless commit of `tree`, so the tree can be read as a
    /// revision; no ref ever points at it.
    fn scratch_commit(&self, tree: gix::ObjectId) -> Result<gix::ObjectId, StoreError> {
        let (_, committer) = self.signatures(None).or_else(|_| {
            let tplan = self.reflog_committer()?;
            Ok::<_, StoreError>((tplan.clone(), tplan))
        })?;
        let message = "tplan publish: the merged plan";
        self.write_commit((&committer, &committer), message, tree, None)
    }
}
