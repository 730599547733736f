//! Diffing two plans object by object. Objects with equal ids are skipped
//! without looking inside; changed events are classified on their compiled
//! schemas, so a plan diff and a schema diff agree by construction.

mod error;
mod events;
mod metadata;
mod shared;

use std::collections::BTreeMap;

use tplan_plan::model::Profile;
use tplan_plan::{Plan, PlanFiles};

pub use error::DiffError;

use crate::bump::PlanBump;
use crate::class::Class;
use crate::classify::Options;
use crate::locate::locate;
use crate::release::ReleaseError;
use crate::report::Report;

/// How to diff two plans.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Classify under this profile instead of the head plan's `[policy] profile`.
    pub profile: Option<Profile>,
    /// Declared bumps (`--bump EVENT=model`): raise an event's class.
    pub declared: BTreeMap<String, Class>,
}

/// Every change from `old` (the base) to `new` (the head), with the
/// release publishing `new` on `old` would make: the versions in the report
/// are the release's, computed by [`crate::release`] as `publish` computes
/// them.
pub fn diff_plans(old: &Plan, new: &Plan, options: &DiffOptions) -> Result<Report, DiffError> {
    let report = diff_report(old, new, options)?;
    let first = old.lock.events.is_empty();
    let mut aligned = report.clone();
    match crate::release::release_of(report, (old, new), first, &options.declared) {
        Ok(release) => aligned.align(Some(&release)),
        Err(ReleaseError::Nothing) => aligned.align(None),
        Err(ReleaseError::Diff(e)) => return Err(e),
        Err(ReleaseError::DeclaredBelow(e)) => return Err(e.into()),
        Err(other) => {
            aligned.align(None);
            aligned.release_refused = Some(other.to_string());
        }
    }
    Ok(aligned)
}

/// Every change from `old` to `new`, with each event's versions as the
/// diff alone says (no release computed).
pub(crate) fn diff_report(
    old: &Plan,
    new: &Plan,
    options: &DiffOptions,
) -> Result<Report, DiffError> {
    let policy = &new.manifest.policy;
    let profile = options.profile.unwrap_or(policy.profile);
    let classify_options = Options {
        profile,
        string_width: policy.warehouse_string_width,
    };
    let found = events::events(old, new, &classify_options, &options.declared)?;
    let mut changes = found.changes;
    shared::attribute(old, new, found.schemas, &mut changes);
    shared::unused(old, new, &mut changes);
    metadata::owner_changes(&old.owners, &new.owners, &mut changes);
    metadata::source_changes(&old.sources, &new.sources, &mut changes);
    metadata::manifest_changes(&old.manifest, &new.manifest, &mut changes);

    changes.sort_by(|a, b| {
        a.subject
            .cmp(&b.subject)
            .then(b.class.cmp(&a.class))
            .then(a.path.cmp(&b.path))
    });
    let events = found.reports;
    let mut plan_bump = events
        .iter()
        .map(|e| e.outcome.plan_bump())
        .max()
        .unwrap_or(PlanBump::None);
    if plan_bump == PlanBump::None && !changes.is_empty() {
        // Owners, the manifest or an unused shared property changed.
        plan_bump = PlanBump::Patch;
    }
    Ok(Report {
        profile,
        new_plan_version: plan_bump.apply(&old.manifest.version),
        old_plan_version: old.manifest.version.clone(),
        plan_bump,
        changes,
        events,
        release: None,
        release_refused: None,
    })
}

/// [`diff_plans`], with each change placed at its line in `head_files`
/// (the new plan's files) when they are given. Placing re-reads the
/// changed files, so only reports that show lines ask for it.
pub fn diff(
    old: &Plan,
    new: &Plan,
    head_files: Option<&PlanFiles>,
    options: &DiffOptions,
) -> Result<Report, DiffError> {
    let mut report = diff_plans(old, new, options)?;
    if let Some(files) = head_files {
        locate(&mut report, files);
    }
    Ok(report)
}
