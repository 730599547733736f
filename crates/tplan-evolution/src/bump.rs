//! From classes to versions: each event's next SchemaVer, the plan's
//! semver bump, and declared bumps checked against computed ones.

use std::fmt;

use tplan_plan::{Key, SchemaVer};

use crate::class::Class;

/// What happened to one event between two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventOutcome {
    /// Same id: nothing to publish.
    Unchanged,
    /// Changed, with the class of its changes (`metadata` publishes as an addition).
    Changed(Class),
    /// A new key: a new schema at `1-0-0`.
    Added,
    /// A key published before returns, with the class of its changes
    /// against the last published schema.
    Readded(Class),
    /// The key is gone: no new schema.
    Removed,
}

impl EventOutcome {
    /// The class shown in reports (`added`, `removed`, or the change class).
    pub fn class(self) -> EventClass {
        match self {
            EventOutcome::Unchanged => EventClass::Changed(Class::None),
            EventOutcome::Changed(c) | EventOutcome::Readded(c) => EventClass::Changed(c),
            EventOutcome::Added => EventClass::Added,
            EventOutcome::Removed => EventClass::Removed,
        }
    }

    /// The name of its class (`added`, `removed`, or the change class).
    pub fn label(self) -> &'static str {
        self.class().as_str()
    }

    /// The plan bump this outcome asks for (a re-added event counts as
    /// added, whatever its schema's bump).
    pub fn plan_bump(self) -> PlanBump {
        match self {
            EventOutcome::Unchanged | EventOutcome::Changed(Class::None) => PlanBump::None,
            EventOutcome::Changed(Class::Metadata) => PlanBump::Patch,
            EventOutcome::Changed(Class::Model) | EventOutcome::Removed => PlanBump::Major,
            EventOutcome::Changed(_) | EventOutcome::Added | EventOutcome::Readded(_) => {
                PlanBump::Minor
            }
        }
    }
}

/// The class an event shows in reports and releases: the class of its
/// changes, or what happened to it as a whole. In JSON, its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventClass {
    /// Changed, with this class (`none` … `model`).
    Changed(Class),
    /// New: its first schema.
    Added,
    /// First published here at the version an import recorded.
    Imported,
    /// Gone.
    Removed,
}

impl EventClass {
    /// The lowercase name: `model` … `none`, `added`, `imported`, `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventClass::Changed(c) => c.as_str(),
            EventClass::Added => "added",
            EventClass::Imported => "imported",
            EventClass::Removed => "removed",
        }
    }

    /// Whether it breaks historical data or its consumers: a `model` change
    /// or a removed event.
    pub fn is_breaking(self) -> bool {
        matches!(
            self,
            EventClass::Changed(Class::Model) | EventClass::Removed
        )
    }
}

impl fmt::Display for EventClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for EventClass {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The plan's semver bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanBump {
    /// Nothing to publish.
    None,
    /// Metadata only.
    Patch,
    /// Events added, revisions and additions.
    Minor,
    /// A model change or a removed event.
    Major,
}

impl PlanBump {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanBump::None => "none",
            PlanBump::Patch => "patch",
            PlanBump::Minor => "minor",
            PlanBump::Major => "major",
        }
    }

    /// `version` bumped, in plain semver (major of `0.3.1` is `1.0.0`).
    pub fn apply(self, version: &semver::Version) -> semver::Version {
        let v = version;
        match self {
            PlanBump::None => v.clone(),
            PlanBump::Patch => semver::Version::new(v.major, v.minor, v.patch + 1),
            PlanBump::Minor => semver::Version::new(v.major, v.minor + 1, 0),
            PlanBump::Major => semver::Version::new(v.major + 1, 0, 0),
        }
    }
}

impl fmt::Display for PlanBump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The version after a change of `class`. Parts are independent counters,
/// never carried; metadata publishes as an addition (published schemas are
/// immutable).
pub fn next_version(v: SchemaVer, class: Class) -> SchemaVer {
    match class {
        Class::None => v,
        Class::Model => SchemaVer {
            model: v.model + 1,
            revision: 0,
            addition: 0,
        },
        Class::Revision => SchemaVer {
            model: v.model,
            revision: v.revision + 1,
            addition: 0,
        },
        Class::Addition | Class::Metadata => SchemaVer {
            addition: v.addition + 1,
            ..v
        },
    }
}

/// A declared bump below the computed one: nothing may be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic, serde::Serialize)]
#[error("`{event}` is declared a `{declared}` bump, but its changes need `{computed}`")]
#[diagnostic(
    code("declared-bump-below-computed"),
    help("a declared bump may raise the computed class, never lower it")
)]
pub struct DeclaredBelowComputed {
    /// The event.
    pub event: Key,
    /// The class its changes need.
    pub computed: Class,
    /// The class declared.
    pub declared: Class,
}

/// The class to publish: the computed one, or a more severe declared one
/// (noted). A less severe declared class is an error.
pub fn publish_class(
    event: &Key,
    computed: Class,
    declared: Option<Class>,
) -> Result<(Class, bool), DeclaredBelowComputed> {
    match declared {
        // Metadata publishes as an addition: declaring `addition` is enough.
        Some(d) if d < computed && !(computed == Class::Metadata && d >= Class::Metadata) => {
            Err(DeclaredBelowComputed {
                event: event.clone(),
                computed,
                declared: d,
            })
        }
        Some(d) if d > computed => Ok((d, true)),
        _ => Ok((computed, false)),
    }
}

/// An event's version after the change, `None` for a removed event.
pub fn event_version(outcome: EventOutcome, current: Option<SchemaVer>) -> Option<SchemaVer> {
    match outcome {
        EventOutcome::Removed => None,
        EventOutcome::Added => Some(SchemaVer::FIRST),
        EventOutcome::Unchanged => current.or(Some(SchemaVer::FIRST)),
        EventOutcome::Changed(class) | EventOutcome::Readded(class) => {
            Some(match current {
                Some(v) => next_version(v, class),
                // Never published: its first schema is 1-0-0 whatever changed.
                None => SchemaVer::FIRST,
            })
        }
    }
}
