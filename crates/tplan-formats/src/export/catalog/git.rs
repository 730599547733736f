//! What the catalog shows besides the plan, from git: published versions
//! and recent commits.

use std::collections::BTreeMap;

use serde::Serialize;

/// Each event's published versions (from the registry), newest last.
pub type Published = BTreeMap<String, Vec<String>>;

/// One commit that changed an event's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The short commit id.
    pub commit: String,
    /// `YYYY-MM-DD`
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub summary: String,
}

/// What the catalog shows besides the plan, from git.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromGit {
    /// Published versions by event key.
    pub published: Published,
    /// Recent commits by event key, newest first.
    pub history: BTreeMap<String, Vec<Change>>,
    /// How many commits each event's history holds at most: a full list
    /// points to `tplan log` for the rest.
    pub history_limit: usize,
}
