//! What publishing an open proposal would release, computed by the very
//! code `publish` runs (the merge into the base, the lint gate, the release
//! against the last release), with every object kept in memory: a read
//! command writes nothing.

use std::collections::BTreeMap;

use tplan_plan::model::Date;
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
