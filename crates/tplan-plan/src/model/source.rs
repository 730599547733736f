use crate::id::ObjectId;
use crate::key::Key;

/// Where events are sent from (the web app, the iOS app, the backend):
/// one file in `sources/`. Events name sources by key in `sources = [...]`;
/// once a plan declares any, every name must be one of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file name's key (`ios`).
    pub key: Key,
    /// Display name (`iOS app`).
    pub name: String,
    /// The platform it runs on (`web`, `ios`, `android`, `server`…).
    pub platform: Option<String>,
    /// The key of the team accountable for it.
    pub owner: Option<Key>,
    /// What it is.
    pub description: Option<String>,
    /// Hash of the canonical form.
    pub id: ObjectId,
}
