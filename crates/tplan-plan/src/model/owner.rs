use crate::id::ObjectId;
use crate::key::Key;

/// A team or person accountable for events: one file in `owners/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// The file name's key (`growth`).
    pub key: Key,
    /// Display name (`Growth`).
    pub name: String,
    /// Where to reach them (`#growth-analytics`).
    pub contact: Option<String>,
    /// People whose reviews count for the owner, sorted.
    pub members: Vec<String>,
    /// What the owner is responsible for.
    pub description: Option<String>,
    /// Hash of the canonical form.
    pub id: ObjectId,
}
