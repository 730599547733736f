//! `tplan log`: the commits that changed an event, a shared property or
//! the plan, each with the classes of its changes and the releases it
//! shipped in.

use std::collections::HashSet;

use tplan_evolution::{DiffOptions, Subject, diff_plans};
use tplan_plan::PlanFiles;
use tplan_plan::files::{MANIFEST, OBJECT_DIRS};

use super::{LogClass, LogEntry, LogSubject};
use crate::error::StoreError;
use crate::store::Store;

/// Release tags: `plan-v` and a semantic version.
const RELEASE_PREFIX: &str = "plan-v";

impl Store {
    /// The plan paths a subject's history follows at `commit`.
    pub(crate) fn subject_paths(
        &self,
        commit: gix::ObjectId,
        subject: &LogSubject,
    ) -> Result<Vec<String>, StoreError> {
        Ok(match subject {
            LogSubject::Plan => {
                let mut paths = vec![MANIFEST.to_string(), tplan_plan::files::LOCK.to_string()];
                paths.extend(OBJECT_DIRS.iter().map(|d| d.to_string()));
                paths
            }
            LogSubject::Property(key) => vec![format!("properties/{key}.toml")],
            LogSubject::Event(key) => {
                let mut paths = vec![format!("events/{key}.toml")];
                if let Some(files) = self.event_files_at(commit, key.as_str())?
                    && let Some(event) = tplan_schema::load(&files).plan.events.get(key.as_str())
                {
                    let mut shared = HashSet::new();
                    for p in event.properties.values() {
                        p.walk(&mut |_, q| {
                            if let Some(r) = &q.reference {
                                shared.insert(r.to_string());
                            }
                        });
                    }
                    let mut shared: Vec<String> = shared.into_iter().collect();
                    shared.sort();
                    paths.extend(shared.into_iter().map(|k| format!("properties/{k}.toml")));
                }
                paths
            }
        })
    }

    /// The commits reachable from `rev` that changed `subject`, newest
    /// first, at most `limit`.
    pub fn log(
        &self,
        rev: &str,
        subject: &LogSubject,
        limit: Option<usize>,
    ) -> Result<Vec<LogEntry>, StoreError> {
        let mut out = Vec::new();
        self.log_each(rev, subject, limit, &mut |entry| {
            out.push(entry);
            Ok(true)
        })?;
        Ok(out)
    }

    /// [`Store::log`], handing each commit to `emit` as soon as it is
    /// found (a long history starts printing at once); `emit` returns
    /// whether to go on.
    pub fn log_each(
        &self,
        rev: &str,
        subject: &LogSubject,
        limit: Option<usize>,
        emit: &mut dyn FnMut(LogEntry) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let tip = self.commit_id(rev)?;
        let paths = self.subject_paths(tip, subject)?;
        let releases = self.releases()?;
        // An event follows the shared properties it uses at the tip; a
        // commit that changed one of them while the event did not use it
        // yet is not the event's: its own file is watched apart.
        let mut own = matches!(subject, LogSubject::Event(_))
            .then(|| super::walk::Watcher::new(self, &paths[..1]));
        let mut found = 0;
        let mut followed = None;
        self.changed(tip, &paths, None, &mut |id, parents| {
            let classes = self.classes(id, parents.first().copied(), subject)?;
            if classes.is_empty()
                && let Some(own) = own.as_mut()
            {
                let here = own.entries(id)?[0];
                let before = match parents.first() {
                    Some(p) => own.entries(*p)?[0],
                    None => None,
                };
                if here == before {
                    return Ok(true);
                }
            }
            // Where the event appeared, it may have been renamed.
            let renamed_from = match (subject, parents.first()) {
                (LogSubject::Event(key), Some(parent)) if classes == [LogClass::Added] => {
                    self.renamed_from(*parent, id, key)?
                }
                _ => None,
            };
            let entry = LogEntry {
                commit: self.commit_info(id)?,
                classes,
                releases: releases
                    .iter()
                    .filter(|(_, ancestors)| ancestors.contains(&id))
                    .map(|(name, _)| name.clone())
                    .collect(),
                renamed_from: renamed_from.clone(),
            };
            found += 1;
            let go_on = emit(entry)? && limit.is_none_or(|l| found < l);
            if let (Some(from), Some(parent)) = (renamed_from, parents.first()) {
                if go_on {
                    followed = Some((*parent, from, found));
                }
                return Ok(false);
            }
            Ok(go_on)
        })?;
        // Before the rename, the event's history is the old key's.
        if let Some((parent, from, found)) = followed {
            let rest = limit.map(|l| l - found);
            return self.log_each(&parent.to_string(), &LogSubject::Event(from), rest, emit);
        }
        Ok(())
    }

    /// The key event `key` had before `commit`, when `commit` renamed it
    /// (its parent has another key with its name or content, gone here).
    pub(crate) fn renamed_from(
        &self,
        parent: gix::ObjectId,
        commit: gix::ObjectId,
        key: &tplan_plan::Key,
    ) -> Result<Option<tplan_plan::Key>, StoreError> {
        let (old_files, new_files) = self.read_pair(&parent.to_string(), &commit.to_string())?;
        let (old, new) = (
            tplan_schema::load(&old_files),
            tplan_schema::load(&new_files),
        );
        let Ok(report) = diff_plans(&old.plan, &new.plan, &DiffOptions::default()) else {
            return Ok(None);
        };
        Ok(report
            .events
            .into_iter()
            .find(|e| &e.key == key)
            .and_then(|e| e.renamed_from))
    }

    /// The classes of `commit`'s changes to `subject`, against its first
    /// parent.
    fn classes(
        &self,
        commit: gix::ObjectId,
        parent: Option<gix::ObjectId>,
        subject: &LogSubject,
    ) -> Result<Vec<LogClass>, StoreError> {
        let Some(parent) = parent else {
            return Ok(vec![LogClass::Added]);
        };
        // An event's change needs only the event and its shared properties
        // on each side, not the plan-wide scan a shared property's change
        // otherwise asks for.
        let (old_files, new_files) = match subject {
            LogSubject::Event(key) => {
                let side = |id| -> Result<PlanFiles, StoreError> {
                    Ok(match self.event_files_at(id, key.as_str())? {
                        Some(files) => files,
                        None => self.manifest_only(id)?,
                    })
                };
                (side(parent)?, side(commit)?)
            }
            _ => self.read_pair(&parent.to_string(), &commit.to_string())?,
        };
        let (old, new) = (
            tplan_schema::load(&old_files),
            tplan_schema::load(&new_files),
        );
        if !old.errors.is_empty() || !new.errors.is_empty() {
            return Ok(Vec::new());
        }
        let Ok(report) = diff_plans(&old.plan, &new.plan, &DiffOptions::default()) else {
            return Ok(Vec::new());
        };
        // An event's outcome is labelled (`added`, `removed` or a class).
        let labelled = |e: &tplan_evolution::EventReport| LogClass::of_event(e.class);
        let changed = |c: &tplan_evolution::Change| LogClass::Changed(c.class);
        let mut classes: Vec<LogClass> = match subject {
            LogSubject::Plan => {
                let mut c: Vec<LogClass> = report.events.iter().map(labelled).collect();
                c.extend(report.changes.iter().map(changed));
                c
            }
            LogSubject::Event(key) => match report.events.iter().find(|e| &e.key == key) {
                Some(e) => vec![labelled(e)],
                None => report
                    .changes
                    .iter()
                    .filter(|c| {
                        matches!(&c.subject, Subject::Event(k) if k == key)
                            || c.events.iter().any(|k| k == key)
                    })
                    .map(changed)
                    .collect(),
            },
            LogSubject::Property(key) => report
                .changes
                .iter()
                .filter(|c| matches!(&c.subject, Subject::Property(k) if k == key))
                .map(changed)
                .collect(),
        };
        classes.sort_by_key(|c| c.severity());
        classes.dedup();
        Ok(classes)
    }

    /// The release tags, lowest version first, each with every commit it
    /// contains.
    fn releases(&self) -> Result<Vec<(String, HashSet<gix::ObjectId>)>, StoreError> {
        let mut tags: Vec<(semver::Version, String, gix::ObjectId)> = Vec::new();
        for reference in self.repo.references()?.tags()? {
            let mut reference = reference.map_err(gix::Error::from_error)?;
            let name = reference.name().shorten().to_string();
            let Some(version) = name
                .strip_prefix(RELEASE_PREFIX)
                .and_then(|v| semver::Version::parse(v).ok())
            else {
                continue;
            };
            let Ok(id) = reference.peel_to_id() else {
                continue;
            };
            let Ok(commit) = id.object().and_then(|o| o.peel_to_commit()) else {
                continue;
            };
            tags.push((version, name, commit.id));
        }
        tags.sort();
        let mut out = Vec::with_capacity(tags.len());
        for (_, name, tip) in tags {
            let mut ancestors = HashSet::new();
            for info in self.repo.rev_walk([tip]).all()? {
                ancestors.insert(info.map_err(gix::Error::from_error)?.id);
            }
            out.push((name, ancestors));
        }
        Ok(out)
    }
}
