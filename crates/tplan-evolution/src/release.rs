//! What a publish releases: each event whose content differs from its last
//! published version gets its next SchemaVer (the computed class is the
//! minimum; a declared bump may only raise it), the plan its next semver,
//! the lock its new entries, and the changelog a section.

use std::collections::BTreeMap;

use serde::Serialize;
use tplan_plan::model::Event;
use tplan_plan::model::{Lock, LockedEvent};
use tplan_plan::{Key, Plan, SchemaVer};

use crate::bump::{
    DeclaredBelowComputed, EventClass, EventOutcome, PlanBump, next_version, publish_class,
};
use crate::class::Class;
use crate::plan::{DiffError, DiffOptions};
use crate::report::Report;

/// One event of a release.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseEvent {
    /// Its key.
    pub key: Key,
    /// Its display name.
    pub name: String,
    /// `added` (first publish), `imported` (first published here at the
    /// version an import recorded), `removed`, or the class published.
    pub class: EventClass,
    /// Whether a declared bump raised the computed class.
    pub raised: bool,
    /// The last published version.
    pub old_version: Option<SchemaVer>,
    /// The version released (`None` for a removed event).
    pub version: Option<SchemaVer>,
    /// One line per change, for the changelog.
    pub changes: Vec<String>,
}

/// A release, computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    /// The events released, by key.
    pub events: Vec<ReleaseEvent>,
    /// The plan's bump.
    pub bump: PlanBump,
    /// The plan version released.
    #[serde(serialize_with = "crate::report::display")]
    pub version: semver::Version,
    /// The plan version of the last release (or of the plan, before the
    /// first).
    #[serde(skip)]
    pub last_version: semver::Version,
    /// The lock after the release.
    #[serde(skip)]
    pub lock: Lock,
    /// The diff from the last release, for reports.
    #[serde(skip)]
    pub report: Report,
}

/// A release in its machine form: the plan version and the version of each
/// event released (removed events have none). `proposal show`, `diff`,
/// `check` and `publish` report the same one, under `"release"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleasePlan {
    /// The plan version released.
    #[serde(serialize_with = "crate::report::display")]
    pub plan_version: semver::Version,
    /// Each event released, with its new version.
    pub events: BTreeMap<Key, SchemaVer>,
}

impl Release {
    /// Its machine form.
    pub fn plan(&self) -> ReleasePlan {
        ReleasePlan {
            plan_version: self.version.clone(),
            events: self
                .events
                .iter()
                .filter_map(|e| Some((e.key.clone(), e.version?)))
                .collect(),
        }
    }
}

/// Why nothing can be released.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReleaseError {
    /// The diff failed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Diff(#[from] DiffError),
    /// A declared bump below the computed one.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DeclaredBelow(#[from] DeclaredBelowComputed),
    /// A declared bump for an event the release does not change.
    #[error("`--bump {event}=…`: `{event}` is not part of this release")]
    #[diagnostic(code("bump-not-released"))]
    BumpNotReleased {
        /// The event named.
        event: String,
    },
    /// Nothing differs from the last release.
    #[error("nothing to publish: the plan is as last released")]
    #[diagnostic(code("nothing-to-publish"))]
    Nothing,
    /// An event imported at a published version (recorded in the plan's
    /// lock) was changed before that version was published here: the
    /// change cannot be classified against a schema tplan never had.
    #[error(
        "`{event}` was imported at {version}, published elsewhere, and changed since; publish the import as it was first, then the change as its own proposal"
    )]
    #[diagnostic(code("changed-since-import"))]
    ChangedSinceImport {
        /// The event.
        event: Key,
        /// The version it was imported at.
        version: SchemaVer,
    },
}

/// What to release between `last` (the plan as last released, whose lock
/// holds the published versions) and `next` (the plan to release).
/// `first` marks a plan never released: every event is published at
/// `1-0-0` and the plan keeps its version.
pub fn plan_release(
    last: &Plan,
    next: &Plan,
    first: bool,
    declared: &BTreeMap<String, Class>,
) -> Result<Release, ReleaseError> {
    let report = crate::plan::diff_report(last, next, &DiffOptions::default())?;
    release_of(report, (last, next), first, declared)
}

/// The release of `report`, the diff from `last` to `next`.
pub(crate) fn release_of(
    report: Report,
    (last, next): (&Plan, &Plan),
    first: bool,
    declared: &BTreeMap<String, Class>,
) -> Result<Release, ReleaseError> {
    let published = &last.lock;
    let mut lock = published.clone();
    let mut events = Vec::new();
    let mut bump = PlanBump::None;
    for (key, event) in &next.events {
        let Some((released, locked, event_bump)) =
            release_event(&report, (last, next), declared, key, event)?
        else {
            continue;
        };
        bump = bump.max(event_bump);
        lock.events.insert(key.clone(), locked);
        events.push(released);
    }
    // A first release publishes every event, also those a partial read
    // knows by key only (unchanged since the base): each at 1-0-0. Their
    // names and ids are not read; publish reads the plans whole.
    if first {
        for key in next
            .unread_events
            .iter()
            .filter(|k| !next.events.contains_key(*k))
        {
            events.push(ReleaseEvent {
                key: key.clone(),
                name: key.to_string(),
                class: EventClass::Added,
                raised: false,
                old_version: None,
                version: Some(SchemaVer::FIRST),
                changes: Vec::new(),
            });
        }
    }
    // A removed event ends its published life; one never published just
    // goes.
    for e in report
        .events
        .iter()
        .filter(|e| e.outcome == EventOutcome::Removed && published.events.contains_key(&e.key))
    {
        bump = bump.max(PlanBump::Major);
        events.push(ReleaseEvent {
            key: e.key.clone(),
            name: e.name.clone(),
            class: EventClass::Removed,
            raised: false,
            old_version: e.old_version,
            version: None,
            changes: Vec::new(),
        });
    }
    events.sort_by(|a, b| a.key.cmp(&b.key));
    if let Some(event) = declared
        .keys()
        .find(|k| !events.iter().any(|e| e.key.as_str() == k.as_str()))
    {
        return Err(ReleaseError::BumpNotReleased {
            event: event.clone(),
        });
    }
    if events.is_empty() {
        if report.changes.is_empty() || first {
            return Err(ReleaseError::Nothing);
        }
        // Owners, the manifest or an unused shared property changed: the
        // plan's patch, with no new schema.
        bump = PlanBump::Patch;
    }
    let version = if first {
        last.manifest.version.clone()
    } else {
        bump.apply(&last.manifest.version)
    };
    Ok(Release {
        events,
        bump,
        version,
        last_version: last.manifest.version.clone(),
        lock,
        report,
    })
}

/// One event of `next`: its release, its new lock entry and the plan bump
/// it asks for; `None` when it is as published.
fn release_event(
    report: &Report,
    (last, next): (&Plan, &Plan),
    declared: &BTreeMap<String, Class>,
    key: &Key,
    event: &Event,
) -> Result<Option<(ReleaseEvent, LockedEvent, PlanBump)>, ReleaseError> {
    let id = event.id.to_string();
    let locked = last.lock.events.get(key.as_str());
    if locked.is_some_and(|l| l.id == id) {
        return Ok(None);
    }
    let outcome = report
        .events
        .iter()
        .find(|e| e.key == *key)
        .map(|e| e.outcome);
    // Not published here, but recorded in the plan's own lock: an import
    // from a registry that published it already (at 1-0-2, say).
    let adopted = match (locked, next.lock.events.get(key.as_str())) {
        (None, Some(recorded)) if recorded.id == id => Some(recorded.version),
        (None, Some(recorded)) => {
            return Err(ReleaseError::ChangedSinceImport {
                event: key.clone(),
                version: recorded.version,
            });
        }
        _ => None,
    };
    let (class, raised, version, label) = match (locked, adopted) {
        // Published elsewhere at that version: it continues from there.
        (None, Some(version)) => (Class::Addition, false, version, EventClass::Imported),
        // A first version is 1-0-0, whatever is declared.
        (None, None) => (Class::Addition, false, SchemaVer::FIRST, EventClass::Added),
        (Some(l), _) => {
            let computed = match outcome {
                // A metadata change publishes a new schema (published ones are
                // immutable) at the next addition, and bumps the plan's patch.
                Some(EventOutcome::Changed(c) | EventOutcome::Readded(c)) => c.max(Class::Metadata),
                // Its content differs from what was published, but not
                // from the last release's plan (no release to compare
                // with): never safer than proven.
                _ => Class::Model,
            };
            let (class, raised) =
                publish_class(key, computed, declared.get(key.as_str()).copied())?;
            (
                class,
                raised,
                next_version(l.version, class),
                EventClass::Changed(class),
            )
        }
    };
    let bump = match locked {
        None => EventOutcome::Added,
        Some(_) => EventOutcome::Changed(class),
    }
    .plan_bump();
    let released = ReleaseEvent {
        key: key.clone(),
        name: event.name.clone(),
        class: label,
        raised,
        old_version: locked.map(|l| l.version),
        version: Some(version),
        changes: if locked.is_some() {
            crate::changelog::change_lines(report, key.as_str())
        } else {
            Vec::new()
        },
    };
    Ok(Some((released, LockedEvent { version, id }, bump)))
}

pub use crate::changelog::changelog_section;
