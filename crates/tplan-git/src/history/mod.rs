//! A plan's history: `tplan log` (the commits that changed an event, a
//! shared property or the plan, each with the classes of its changes and
//! the releases it shipped in) and `tplan blame` (for each property of an
//! event, the commit that gave it its current definition).
//!
//! A commit changed a path when its entry differs from that of every parent
//! (a root commit: when it has one), as `git log -- PATH` decides, without
//! git's history simplification. An event is also changed by a commit that
//! changes a shared property it references: that changes the event's id
//! and schema. Entries are looked up in raw tree objects, and each folder
//! tree is searched once however many commits share it.

mod blame;
mod log;
mod walk;

use std::collections::BTreeMap;

use tplan_plan::Key;

use crate::error::StoreError;
use crate::store::Store;
use walk::Watcher;

/// What `log` follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSubject {
    /// Every plan file.
    Plan,
    /// An event, by key: its file and the shared properties it references.
    Event(String),
    /// A shared property, by key.
    Property(String),
}

/// A commit, as history shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    /// The commit id.
    pub commit: String,
    /// Its parents.
    pub parents: Vec<String>,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// The author date, `YYYY-MM-DD` in the author's time zone.
    pub date: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// The first line of the message.
    pub summary: String,
}

impl CommitInfo {
    /// The commit id shortened as git shows it.
    pub fn short(&self) -> &str {
        &self.commit[..7.min(self.commit.len())]
    }
}

/// One commit of a log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogEntry {
    /// The commit.
    #[serde(flatten)]
    pub commit: CommitInfo,
    /// The classes of its changes to the subject (`model`, `revision`,
    /// `addition`, `metadata`, `added`, `removed`), most severe first;
    /// empty when they cannot be computed (a plan with errors).
    pub classes: Vec<String>,
    /// The release tags (`plan-v<semver>`) that contain the commit, lowest
    /// version first.
    pub releases: Vec<String>,
}

/// Who gave one property its current definition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BlameEntry {
    /// The property's name in the event.
    pub property: String,
    /// The shared property it references, if any.
    pub shared: Option<String>,
    /// The commit.
    pub commit: CommitInfo,
}

/// Each event's recent commits, for the catalog: the commits that changed
/// its file, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventHistories {
    /// By event key, at most the limit asked for each.
    pub events: BTreeMap<String, Vec<CommitInfo>>,
    /// Whether the walk stopped at its commit limit before the root.
    pub truncated: bool,
}

impl Store {
    /// What a query names at `rev`: `event:KEY` / `property:KEY`, a key
    /// that is an event (first) or a shared property there, else `None`
    /// (the caller may look names up, or follow a key gone since).
    pub fn subject_at(&self, rev: &str, query: &str) -> Result<Option<LogSubject>, StoreError> {
        if let Some(key) = query.strip_prefix("event:") {
            return Ok(Some(LogSubject::Event(key.to_string())));
        }
        if let Some(key) = query.strip_prefix("property:") {
            return Ok(Some(LogSubject::Property(key.to_string())));
        }
        if Key::new(query).is_err() {
            return Ok(None);
        }
        let commit = self.commit_id(rev)?;
        let mut watcher = Watcher::new(
            self,
            &[
                format!("events/{query}.toml"),
                format!("properties/{query}.toml"),
            ],
        );
        let found = watcher.entries(commit)?;
        Ok(if found[0].is_some() {
            Some(LogSubject::Event(query.to_string()))
        } else if found[1].is_some() {
            Some(LogSubject::Property(query.to_string()))
        } else {
            None
        })
    }

    /// The commit `rev` names.
    pub(crate) fn commit_id(&self, rev: &str) -> Result<gix::ObjectId, StoreError> {
        let resolved = self.resolve(rev)?;
        Ok(gix::ObjectId::from_hex(resolved.commit.as_bytes()).map_err(gix::Error::from_error)?)
    }

    /// A commit as history shows it.
    pub(crate) fn commit_info(&self, id: gix::ObjectId) -> Result<CommitInfo, StoreError> {
        let commit = self.repo.find_commit(id)?;
        let author = commit.author()?;
        let time = author.time()?;
        let message = commit.message()?;
        Ok(CommitInfo {
            commit: id.to_string(),
            parents: commit.parent_ids().map(|p| p.to_string()).collect(),
            author: author.name.to_string(),
            email: author.email.to_string(),
            date: time.format_or_unix(gix::date::time::format::SHORT),
            time: time.seconds,
            summary: message.summary().to_string(),
        })
    }
}
