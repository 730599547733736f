//! What publishing an open proposal would release, computed by the very
//! code `publish` runs (the merge into the base, the lint gate, the release
//! against the last release), with every object kept in memory: a read
//! command writes nothing.

use std::collections::BTreeMap;

use tplan_evolution::release::plan_release;
use tplan_plan::Plan;
use tplan_plan::model::{Date, Lock};
use tplan_plan::proposal::ProposalState;

use crate::error::StoreError;
use crate::review::Assessment;
use crate::store::Store;

impl Store {
    /// Puts into `assessment` the release publishing it would make: its
    /// report takes the release's versions, and a publish that would be
    /// refused (conflicts, lint errors, nothing to publish) says why.
    /// A proposal that is not open keeps its diff's own versions.
    pub(crate) fn predict_release(&self, assessment: &mut Assessment) -> Result<(), StoreError> {
        let record = &assessment.proposal.record;
        if record.state != ProposalState::Open {
            return Ok(());
        }
        let scratch = Store {
            repo: self.repo.clone().with_object_memory(),
            workdir: self.workdir.clone(),
            plan_dir: self.plan_dir.clone(),
            prefix: self.prefix.clone(),
            bare: self.bare,
        };
        let revs = assessment.revs;
        let number = record.number;
        let predicted =
            scratch
                .publish_merge(revs, record, Date::today())
                .and_then(|(merged, plan)| {
                    scratch.publish_release(number, revs, record, (&merged, plan), &BTreeMap::new())
                });
        let report = &mut assessment.report;
        match predicted {
            Ok((release, _)) => {
                report.align(Some(&release));
                assessment.release = Some(release.plan());
            }
            Err(StoreError::NothingToPublish { .. }) => report.align(None),
            Err(
                e @ (StoreError::PublishConflicts { .. }
                | StoreError::Release(_)
                | StoreError::InvalidPlanAt { .. }),
            ) => {
                report.align(None);
                report.release_refused = Some(e.to_string());
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

impl Store {
    /// The lock `plan`'s next release would write, when an event's content
    /// differs from its `tplan.lock` entry (`None`: every published event
    /// is as published, and nothing is read): each changed event gets the
    /// version a publish would give it now, computed against the plan as
    /// last released (tag `plan-v<version>`), so that an export never
    /// reuses a published version for other content.
    pub fn release_lock(&self, plan: &Plan) -> Result<Option<Lock>, StoreError> {
        let changed = plan.events.iter().find(|(key, event)| {
            plan.lock
                .events
                .get(key.as_str())
                .is_some_and(|locked| locked.id != event.id.to_string())
        });
        let Some((key, _)) = changed else {
            return Ok(None);
        };
        let tag = format!("plan-v{}", plan.manifest.version);
        if self
            .repo
            .try_find_reference(format!("refs/tags/{tag}").as_str())?
            .is_none()
        {
            return Err(StoreError::ReleaseTagMissing {
                event: key.to_string(),
                tag,
            });
        }
        let (_, files) = self.read_plan(&tag)?;
        let last = self.parse_at(&files, &tag)?;
        let release = plan_release(&last, plan, false, &BTreeMap::new())
            .map_err(|e| StoreError::Release(e.to_string()))?;
        Ok(Some(release.lock))
    }
}
