//! What `tplan log QUERY` and `tplan blame QUERY` name, and their reports:
//! a key (an event first, then a shared property), a key gone since (its
//! history is still there, as with `git log -- PATH`), or an event's name.

use serde::Serialize;
use tplan_plan::Key;

use super::{BlameEntry, LogEntry, LogSubject};
use crate::error::StoreError;
use crate::store::Store;

/// What `tplan log` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogReport {
    /// What the log follows.
    pub subject: LogSubject,
    /// The commits that changed it, newest first.
    pub commits: Vec<LogEntry>,
}

/// What `tplan blame` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlameReport {
    /// The event.
    pub event: Key,
    /// For each of its properties, the commit that gave it its definition.
    pub properties: Vec<BlameEntry>,
}

impl Store {
    /// `tplan log`: the commits from `rev` that changed what `query` names
    /// (the plan without one), at most `limit`.
    pub fn log_report(
        &self,
        rev: &str,
        query: Option<&str>,
        limit: Option<usize>,
    ) -> Result<LogReport, StoreError> {
        let subject = self.log_subject(rev, query)?;
        let commits = self.log(rev, &subject, limit)?;
        Ok(LogReport { subject, commits })
    }

    /// [`Store::log_report`], handing each commit to `emit` as soon as it
    /// is found (a long history starts printing at once); `emit` returns
    /// whether to go on. Returns what the log followed.
    pub fn log_stream(
        &self,
        rev: &str,
        query: Option<&str>,
        limit: Option<usize>,
        emit: &mut dyn FnMut(LogEntry) -> Result<bool, StoreError>,
    ) -> Result<LogSubject, StoreError> {
        let subject = self.log_subject(rev, query)?;
        self.log_each(rev, &subject, limit, emit)?;
        Ok(subject)
    }

    /// `tplan blame`: for each property of the event `query` names at
    /// `rev`, the newest commit that gave it its current definition.
    pub fn blame_report(&self, rev: &str, query: &str) -> Result<BlameReport, StoreError> {
        let event = match self.subject_at(rev, query)? {
            Some(LogSubject::Event(key)) => key,
            _ => self.event_by_name(rev, query)?,
        };
        let properties = self.blame(rev, &event)?;
        Ok(BlameReport { event, properties })
    }

    /// What a log query names at `rev`: see the module's documentation.
    pub fn log_subject(&self, rev: &str, query: Option<&str>) -> Result<LogSubject, StoreError> {
        let Some(query) = query else {
            return Ok(LogSubject::Plan);
        };
        if let Some(subject) = self.subject_at(rev, query)? {
            return Ok(subject);
        }
        if let Ok(key) = Key::new(query) {
            for subject in [LogSubject::Event(key.clone()), LogSubject::Property(key)] {
                if !self.log(rev, &subject, Some(1))?.is_empty() {
                    return Ok(subject);
                }
            }
        }
        Ok(LogSubject::Event(self.event_by_name(rev, query)?))
    }

    /// The event named `query` (its key or display name) at `rev`, for
    /// people who type `"Order Completed"`.
    fn event_by_name(&self, rev: &str, query: &str) -> Result<Key, StoreError> {
        let (_, files) = self.read_plan(rev)?;
        let loaded = tplan_schema::load(&files);
        if !loaded.errors.is_empty() {
            return Err(StoreError::PlanErrors {
                rev: Some(rev.to_string()),
                files: Box::new(files),
                errors: loaded.errors,
            });
        }
        let plan = loaded.plan;
        if let Some(event) = plan.find_event(query) {
            return Ok(event.key.clone());
        }
        let keys = plan.events.keys().map(|k| k.as_str());
        let names = plan.events.values().map(|e| e.name.as_str());
        let shared = plan.properties.keys().map(|k| k.as_str());
        Err(StoreError::NoSuchSubject {
            query: query.to_string(),
            rev: rev.to_string(),
            suggestion: tplan_plan::error::suggest(query, keys.chain(names).chain(shared)),
        })
    }
}
