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
mod query;
mod walk;

pub use query::{BlameReport, LogReport};

use std::collections::BTreeMap;
use std::fmt;

use tplan_evolution::{Class, EventClass};
use tplan_plan::Key;

use crate::error::StoreError;
use crate::ids::CommitId;
use crate::store::Store;
use walk::Watcher;

/// What `log` follows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum LogSubject {
    /// Every plan file.
    Plan,
    /// An event, by key: its file and the shared properties it references.
    Event(Key),
    /// A shared property, by key.
    Property(Key),
}

/// The class of a commit's change to what a log follows: the class of a
/// change, or the subject appearing or going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogClass {
    /// A change of this class.
    Changed(Class),
    /// The subject appeared.
    Added,
    /// The subject went.
    Removed,
}

impl LogClass {
    /// The label: a class's name, `added` or `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogClass::Changed(class) => class.as_str(),
            LogClass::Added => "added",
            LogClass::Removed => "removed",
        }
    }

    /// The class of an event's outcome in a diff; an imported event
    /// appeared, as an added one.
    fn of_event(class: EventClass) -> LogClass {
        match class {
            EventClass::Changed(class) => LogClass::Changed(class),
            EventClass::Added | EventClass::Imported => LogClass::Added,
            EventClass::Removed => LogClass::Removed,
        }
    }

    /// Most severe first: removed, model, revision, addition, added,
    /// metadata, none.
    fn severity(self) -> usize {
        match self {
            LogClass::Removed => 0,
            LogClass::Changed(Class::Model) => 1,
            LogClass::Changed(Class::Revision) => 2,
            LogClass::Changed(Class::Addition) => 3,
            LogClass::Added => 4,
            LogClass::Changed(Class::Metadata) => 5,
            LogClass::Changed(Class::None) => 6,
        }
    }
}

impl fmt::Display for LogClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for LogClass {
    fn eq(&self, label: &&str) -> bool {
        self.as_str() == *label
    }
}

impl serde::Serialize for LogClass {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A commit, as history shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommitInfo {
    /// The commit id.
    pub commit: CommitId,
    /// Its parents.
    pub parents: Vec<CommitId>,
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
    pub fn short(&self) -> String {
        self.commit.short()
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
    pub classes: Vec<LogClass>,
    /// The release tags (`plan-v<semver>`) that contain the commit, lowest
    /// version first.
    pub releases: Vec<String>,
    /// For the commit that renamed the event, its key before: the log
    /// goes on under that key, as `git log --follow` does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<tplan_plan::Key>,
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
            return Ok(Key::new(key).ok().map(LogSubject::Event));
        }
        if let Some(key) = query.strip_prefix("property:") {
            return Ok(Key::new(key).ok().map(LogSubject::Property));
        }
        let Ok(key) = Key::new(query) else {
            return Ok(None);
        };
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
            Some(LogSubject::Event(key))
        } else if found[1].is_some() {
            Some(LogSubject::Property(key))
        } else {
            None
        })
    }

    /// The commit `rev` names.
    pub(crate) fn commit_id(&self, rev: &str) -> Result<gix::ObjectId, StoreError> {
        Ok(self.resolve(rev)?.commit.oid())
    }

    /// A commit as history shows it.
    pub(crate) fn commit_info(&self, id: gix::ObjectId) -> Result<CommitInfo, StoreError> {
        let commit = self.repo.find_commit(id)?;
        let author = commit.author()?;
        let time = author.time()?;
        let message = commit.message()?;
        Ok(CommitInfo {
            commit: id.into(),
            parents: commit.parent_ids().map(|p| p.detach().into()).collect(),
            author: author.name.to_string(),
            email: author.email.to_string(),
            date: time.format_or_unix(gix::date::time::format::SHORT),
            time: time.seconds,
            summary: message.summary().to_string(),
        })
    }
}
