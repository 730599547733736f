//! The result of a diff: every change, each event's outcome and version,
//! and the plan's bump. Renderers format a `Report`; they never compute a
//! class or a bump.

use serde_json::Value;
use tplan_plan::model::Profile;
use tplan_plan::{Key, SchemaVer, Span};

use crate::bump::{EventClass, EventOutcome, PlanBump};
use crate::class::Class;
use crate::classify::SchemaChange;
use crate::edit::Edit;
use crate::release::{Release, ReleasePlan};
use crate::rules::{About, Rule};
use crate::subject::Subject;

/// One semantic difference between two plans.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// The rule that decided the class (its id in JSON).
    pub rule: &'static Rule,
    /// Its class.
    pub class: Class,
    /// What it touches.
    pub subject: Subject,
    /// Path inside the subject, JSON Pointer segments of the compiled schema
    /// for events and properties (`properties/price/minimum`); empty for the
    /// subject as a whole.
    pub path: String,
    /// Value before, when there was one.
    pub old: Option<Value>,
    /// Value after, when there is one.
    pub new: Option<Value>,
    /// One sentence for people.
    pub message: String,
    /// The events the change reaches (for a shared property, every event
    /// using it; for an event change, the event).
    pub events: Vec<Key>,
    /// Where the change sits in the head plan, when it can be placed.
    pub location: Option<Location>,
    /// What kind of edit it is: renderers show a reworded text as a word
    /// diff. Not in JSON, where `old` and `new` say it.
    #[serde(skip)]
    pub edit: Edit,
}

impl Change {
    /// The change `decided` to `subject`, with the sentence its rule says.
    /// It reaches the event it is a change of; callers add the events a
    /// shared property reaches.
    pub(crate) fn new(subject: Subject, decided: SchemaChange) -> Change {
        let message = decided.rule.message(&About {
            subject: &subject,
            path: &decided.path,
            old: decided.old.as_ref(),
            new: decided.new.as_ref(),
            edit: decided.edit,
        });
        let events = match &subject {
            Subject::Event(k) => vec![k.clone()],
            _ => Vec::new(),
        };
        Change {
            rule: decided.rule,
            class: decided.class,
            subject,
            path: decided.path,
            old: decided.old,
            new: decided.new,
            message,
            events,
            location: None,
            edit: decided.edit,
        }
    }

    /// The full path: `event:checkout_completed/properties/price/minimum`.
    pub fn full_path(&self) -> String {
        if self.path.is_empty() {
            self.subject.prefix()
        } else {
            format!("{}/{}", self.subject.prefix(), self.path)
        }
    }
}

/// A position in a head plan file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Plan file (`events/x.toml`).
    pub file: String,
    /// Position in it, when the key could be found.
    pub span: Option<Span>,
}

/// One event's outcome and version.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventReport {
    /// The event key.
    pub key: Key,
    /// Its name (the head's, or the base's when removed).
    pub name: String,
    /// What happened to it.
    pub outcome: EventOutcome,
    /// The class label: `none`, `metadata` … `model`, `added`, `removed`.
    pub class: EventClass,
    /// Its published version in the base's `tplan.lock`.
    pub old_version: Option<SchemaVer>,
    /// The version its next schema gets; `None` when removed.
    pub new_version: Option<SchemaVer>,
    /// For a rename, the key it had.
    pub renamed_from: Option<Key>,
}

/// Everything a diff found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// The profile the changes were classified under.
    #[serde(serialize_with = "profile_name")]
    pub profile: Profile,
    /// Every change, grouped by subject.
    pub changes: Vec<Change>,
    /// Every event that is not unchanged, by key.
    pub events: Vec<EventReport>,
    /// The plan's bump.
    pub plan_bump: PlanBump,
    /// The base plan's version.
    #[serde(serialize_with = "display")]
    pub old_plan_version: semver::Version,
    /// The version a publish would give.
    #[serde(serialize_with = "display")]
    pub new_plan_version: semver::Version,
    /// The release a publish would make (`null`: nothing to publish).
    pub release: Option<ReleasePlan>,
    /// Why no release can be made, when a publish would refuse.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_refused: Option<String>,
}

impl Report {
    /// Takes the versions from `release` (`None`: nothing to publish), so
    /// that every report says what `publish` does.
    pub fn align(&mut self, release: Option<&Release>) {
        let Some(release) = release else {
            self.plan_bump = PlanBump::None;
            self.new_plan_version = self.old_plan_version.clone();
            for e in &mut self.events {
                if e.outcome != EventOutcome::Removed {
                    e.new_version = e.old_version;
                }
            }
            self.release = None;
            return;
        };
        self.plan_bump = release.bump;
        self.old_plan_version = release.last_version.clone();
        self.new_plan_version = release.version.clone();
        for e in &mut self.events {
            if e.outcome == EventOutcome::Removed {
                continue;
            }
            e.new_version = match release.events.iter().find(|r| r.key == e.key) {
                Some(r) => r.version,
                None => e.old_version,
            };
        }
        self.release = Some(release.plan());
    }
}

fn profile_name<S: serde::Serializer>(p: &Profile, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

pub(crate) fn display<S: serde::Serializer>(v: &semver::Version, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

impl Report {
    /// The most severe class among the changes (`none` without changes).
    pub fn max_class(&self) -> Class {
        self.changes
            .iter()
            .map(|c| c.class)
            .max()
            .unwrap_or(Class::None)
    }

    /// Whether a change at or above `threshold` is present: the CI gate.
    pub fn fails(&self, threshold: Class) -> bool {
        self.changes.iter().any(|c| c.class >= threshold)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes of one subject.
    pub fn changes_of<'a>(&'a self, subject: &'a Subject) -> impl Iterator<Item = &'a Change> + 'a {
        self.changes.iter().filter(move |c| &c.subject == subject)
    }
}
