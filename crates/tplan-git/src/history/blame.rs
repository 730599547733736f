//! `tplan blame`: for each property of an event, the commit that gave it
//! its current definition (its own, and its shared property's).

use std::collections::{BTreeMap, HashMap};

use tplan_plan::Key;
use tplan_plan::model::Property;

use super::{BlameEntry, LogSubject};
use crate::error::StoreError;
use crate::store::Store;

/// The definitions of an event's properties at a commit, resolved: a
/// property's definition changes when its shared property changes.
/// With the shared property each one references.
type Definitions = BTreeMap<String, (Property, Option<String>)>;

impl Store {
    /// The resolved properties of event `key` at `commit`; `None` when the
    /// event is not there or does not load.
    fn definitions(
        &self,
        commit: gix::ObjectId,
        key: &str,
    ) -> Result<Option<Definitions>, StoreError> {
        let Some(files) = self.event_files_at(commit, key)? else {
            return Ok(None);
        };
        let loaded = tplan_schema::load(&files);
        let Some(event) = loaded.plan.events.get(key) else {
            return Ok(None);
        };
        Ok(Some(
            event
                .properties
                .iter()
                .map(|(name, p)| {
                    let shared = p.reference.as_ref().map(|k| k.to_string());
                    (name.clone(), (loaded.plan.resolve(p), shared))
                })
                .collect(),
        ))
    }

    /// For each property of event `key` at `rev`, the newest commit that
    /// gave it its current definition (its own, and its shared property's).
    pub fn blame(&self, rev: &str, key: &Key) -> Result<Vec<BlameEntry>, StoreError> {
        let tip = self.commit_id(rev)?;
        let Some(current) = self.definitions(tip, key.as_str())? else {
            return Err(StoreError::NoPlanAt {
                rev: rev.to_string(),
                path: self.repo_path(&format!("events/{key}.toml")),
            });
        };
        let subject = LogSubject::Event(key.clone());
        let paths = self.subject_paths(tip, &subject)?;
        let mut pending: Definitions = current.clone();
        let mut found: BTreeMap<String, gix::ObjectId> = BTreeMap::new();
        let mut memo: HashMap<gix::ObjectId, Option<Definitions>> = HashMap::new();
        let mut defs =
            |store: &Store, id: gix::ObjectId| -> Result<Option<Definitions>, StoreError> {
                if let Some(hit) = memo.get(&id) {
                    return Ok(hit.clone());
                }
                let d = store.definitions(id, key.as_str())?;
                memo.insert(id, d.clone());
                Ok(d)
            };
        let mut hits = Vec::new();
        self.changed(tip, &paths, None, &mut |id, parents| {
            hits.push((id, parents.to_vec()));
            Ok(true)
        })?;
        for (commit, parents) in hits {
            let here = defs(self, commit)?.unwrap_or_default();
            let mut before = Vec::new();
            for p in &parents {
                before.push(defs(self, *p)?.unwrap_or_default());
            }
            pending.retain(|name, def| {
                let introduced =
                    here.get(name) == Some(def) && !before.iter().any(|b| b.get(name) == Some(def));
                if introduced {
                    found.insert(name.clone(), commit);
                }
                !introduced
            });
            if pending.is_empty() {
                break;
            }
        }
        let mut out = Vec::new();
        for (name, (_, shared)) in &current {
            // A definition no commit introduced predates every commit
            // walked (a shallow clone): the oldest one gets it.
            let Some(commit) = found.get(name) else {
                continue;
            };
            out.push(BlameEntry {
                property: name.clone(),
                shared: shared.clone(),
                commit: self.commit_info(*commit)?,
            });
        }
        Ok(out)
    }
}
