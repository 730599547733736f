//! What `tplan publish` reports: the release published (or, with
//! `--dry-run`, computed), or the policy's or the merge's refusal.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tplan_evolution::bump::PlanBump;
use tplan_evolution::release::{ReleaseEvent, ReleasePlan};

use super::{PreparedPublish, PublishOptions};
use crate::error::StoreError;
use crate::ids::{CommitId, ProposalNumber, REGISTRY_REF};
use crate::store::Store;

/// What `tplan publish` does besides computing the release.
#[derive(Debug, Clone, Default)]
pub struct PublishRequest<'a> {
    /// Bumps, who publishes, today.
    pub options: PublishOptions<'a>,
    /// Compute and report, move no ref, write no file.
    pub dry_run: bool,
    /// Also write the registry (every published schema) to this folder.
    pub out: Option<&'a Path>,
}

/// How a publish ended.
#[derive(Debug, Clone)]
pub enum PublishOutcome {
    /// Published (or computed, with `--dry-run`).
    Published(Box<PublishReport>),
    /// The policy or the merge said no: not bad input, a check that failed.
    Refused(Refusal),
}

/// A release, published or computed.
#[derive(Debug, Clone, Serialize)]
pub struct PublishReport {
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
    /// The proposal published.
    pub proposal: ProposalNumber,
    /// The plan version released.
    #[serde(serialize_with = "display")]
    pub version: semver::Version,
    /// The plan's bump.
    pub bump: PlanBump,
    /// The release tag, `plan-v<version>`.
    pub tag: String,
    /// The publish commit on the base.
    pub commit: CommitId,
    /// The base branch.
    pub base: String,
    /// Each event released, with its versions and class.
    pub events: Vec<ReleaseEvent>,
    /// The release in its machine form: what `proposal show` predicted.
    pub release: ReleasePlan,
    /// The registry paths of the schemas added.
    pub schemas: Vec<String>,
    /// The changelog section (also the tag's message).
    pub changelog: String,
    /// The proposal's title.
    #[serde(skip)]
    pub title: String,
    /// The changelog's path from the repository root.
    #[serde(skip)]
    pub changelog_path: String,
    /// Where the registry is kept.
    #[serde(skip)]
    pub registry_ref: &'static str,
    /// Where the registry was written (`--out`).
    #[serde(skip)]
    pub out: Option<PathBuf>,
    /// Whether every event is published for the first time.
    #[serde(skip)]
    pub first_release: bool,
}

/// Why a publish was refused.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// Always `false`.
    pub published: bool,
    /// The refusal, one sentence.
    pub error: String,
    /// What the policy still asks for, or each conflict.
    pub reasons: Vec<String>,
    /// The files with conflicts, from the repository root.
    pub files: Vec<String>,
    /// What to do about it.
    #[serde(skip)]
    pub help: Option<String>,
    /// Whether the merge refused (conflicts), not the policy.
    #[serde(skip)]
    pub conflicts: bool,
}

impl Store {
    /// `tplan publish`: proposal `number`'s release computed and, unless
    /// `dry_run`, published; a policy not met and a merge with conflicts
    /// are a refusal, any other problem an error.
    pub fn publish(
        &self,
        number: ProposalNumber,
        request: &PublishRequest<'_>,
    ) -> Result<PublishOutcome, StoreError> {
        let proposal = crate::refs::proposal_ref(number.get());
        let mut attempts = 0;
        loop {
            let prepared = match self.prepare_publish(number, &request.options) {
                Ok(p) => p,
                Err(
                    e @ (StoreError::PolicyNotMet { .. } | StoreError::PublishConflicts { .. }),
                ) => {
                    return Ok(PublishOutcome::Refused(refusal(e)));
                }
                Err(e) => return Err(e),
            };
            if !request.dry_run {
                match self.apply_publish(&prepared, request.options.actor, request.out) {
                    // A review landed meanwhile: nothing moved; decide
                    // again with it (it may change the policy's verdict).
                    Err(StoreError::RefConflict { name, .. })
                        if name == proposal.as_str() && attempts < MAX_ATTEMPTS =>
                    {
                        attempts += 1;
                        continue;
                    }
                    other => other?,
                }
            }
            return Ok(PublishOutcome::Published(Box::new(report(
                prepared, request,
            ))));
        }
    }
}

/// How often a publish is decided again after reviews landed under it.
const MAX_ATTEMPTS: u32 = 20;

/// The report of a prepared publish.
fn report(p: PreparedPublish, request: &PublishRequest<'_>) -> PublishReport {
    let first_release = p
        .release
        .events
        .iter()
        .all(|e| e.class == tplan_evolution::EventClass::Added);
    PublishReport {
        dry_run: request.dry_run,
        proposal: p.number,
        version: p.release.version.clone(),
        bump: p.release.bump,
        tag: p.tag,
        commit: p.commit,
        base: p.base,
        release: p.release.plan(),
        events: p.release.events,
        schemas: p.schemas.into_iter().map(|(path, _)| path).collect(),
        changelog: p.changelog,
        title: p.title,
        changelog_path: p.changelog_path,
        registry_ref: REGISTRY_REF,
        out: request.out.map(Path::to_path_buf),
        first_release,
    }
}

/// The refusal a gate's error says.
fn refusal(e: StoreError) -> Refusal {
    let help = miette::Diagnostic::help(&e).map(|h| h.to_string());
    let (reasons, files, conflicts) = match &e {
        StoreError::PolicyNotMet { unmet, .. } => (unmet.clone(), Vec::new(), false),
        StoreError::PublishConflicts { details, files } => (details.clone(), files.clone(), true),
        _ => (Vec::new(), Vec::new(), false),
    };
    Refusal {
        published: false,
        error: e.to_string(),
        reasons,
        files,
        help,
        conflicts,
    }
}

fn display<S: serde::Serializer>(v: &semver::Version, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}
