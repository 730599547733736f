//! What a change touches: an event, a shared property, an owner or the
//! manifest, each named by its plan file.

use tplan_plan::Key;

/// What a change touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum Subject {
    /// An event (`events/<key>.toml`).
    Event(Key),
    /// A shared property (`properties/<key>.toml`), reported once for
    /// every event it reaches.
    Property(Key),
    /// An owner (`owners/<key>.toml`).
    Owner(Key),
    /// A source (`sources/<key>.toml`).
    Source(Key),
    /// The manifest (`tplan.toml`).
    Plan,
}

impl Subject {
    /// The path prefix: `event:checkout_completed`, `property:price`,
    /// `owner:growth`, `plan`.
    pub fn prefix(&self) -> String {
        match self {
            Subject::Event(k) => format!("event:{k}"),
            Subject::Property(k) => format!("property:{k}"),
            Subject::Owner(k) => format!("owner:{k}"),
            Subject::Source(k) => format!("source:{k}"),
            Subject::Plan => "plan".to_string(),
        }
    }

    /// The plan file holding the subject, relative to the plan folder.
    pub fn file(&self) -> String {
        match self {
            Subject::Event(k) => format!("events/{k}.toml"),
            Subject::Property(k) => format!("properties/{k}.toml"),
            Subject::Owner(k) => format!("owners/{k}.toml"),
            Subject::Source(k) => format!("sources/{k}.toml"),
            Subject::Plan => "tplan.toml".to_string(),
        }
    }

    /// The key of the object, `None` for the manifest.
    pub fn key(&self) -> Option<&Key> {
        match self {
            Subject::Event(k) | Subject::Property(k) | Subject::Owner(k) | Subject::Source(k) => {
                Some(k)
            }
            Subject::Plan => None,
        }
    }
}
