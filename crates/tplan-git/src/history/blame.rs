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
    /// A rename is followed, as `git log --follow` does: of the event (its
    /// history goes on under the old key) and of a property (a definition
    /// that reappears under a new name keeps its commit).
    pub fn blame(&self, rev: &str, key: &Key) -> Result<Vec<BlameEntry>, StoreError> {
        let tip = self.commit_id(rev)?;
        let Some(current) = self.definitions(tip, key.as_str())? else {
            return Err(StoreError::NoPlanAt {
                rev: rev.to_string(),
                path: self.repo_path(&format!("events/{key}.toml")),
            });
        };
        // Each property still looked for: its name then (it may have been
        // renamed) and its definition.
        let mut pending: BTreeMap<String, (String, Property)> = current
            .iter()
            .map(|(name, (def, _))| (name.clone(), (name.clone(), def.clone())))
            .collect();
        let mut found: BTreeMap<String, gix::ObjectId> = BTreeMap::new();
        let (mut from, mut key) = (tip, key.clone());
        while !pending.is_empty() {
            let Some(renamed) = self.blame_segment(from, &key, &mut pending, &mut found)? else {
                break;
            };
            (from, key) = renamed;
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

    /// Walks event `key`'s history from `tip`, settling in `found` each
    /// pending property whose definition a commit introduced. Where the
    /// event was renamed, the walk stops: the parent and the old key to go
    /// on from.
    fn blame_segment(
        &self,
        tip: gix::ObjectId,
        key: &Key,
        pending: &mut BTreeMap<String, (String, Property)>,
        found: &mut BTreeMap<String, gix::ObjectId>,
    ) -> Result<Option<(gix::ObjectId, Key)>, StoreError> {
        let paths = self.subject_paths(tip, &LogSubject::Event(key.clone()))?;
        let mut memo: HashMap<(gix::ObjectId, Key), Option<Definitions>> = HashMap::new();
        let mut defs = |store: &Store, id: gix::ObjectId, k: &Key| {
            if let Some(hit) = memo.get(&(id, k.clone())) {
                return Ok::<_, StoreError>(hit.clone());
            }
            let d = store.definitions(id, k.as_str())?;
            memo.insert((id, k.clone()), d.clone());
            Ok(d)
        };
        let mut hits = Vec::new();
        self.changed(tip, &paths, None, &mut |id, parents| {
            hits.push((id, parents.to_vec()));
            Ok(true)
        })?;
        for (commit, parents) in hits {
            let here = defs(self, commit, key)?.unwrap_or_default();
            let mut renamed = None;
            let mut before = Vec::new();
            for p in &parents {
                match defs(self, *p, key)? {
                    Some(d) => before.push(d),
                    None => {
                        renamed = self.renamed_from(*p, commit, key)?.map(|old| (*p, old));
                        if let Some((_, old)) = &renamed {
                            before.push(defs(self, *p, old)?.unwrap_or_default());
                        }
                    }
                }
            }
            pending.retain(|name, (now, def)| {
                if here.get(now.as_str()).map(|d| &d.0) != Some(def) {
                    return true;
                }
                // Under another name in a parent, gone here: renamed.
                let earlier = before.iter().find_map(|b| {
                    if b.get(now.as_str()).map(|d| &d.0) == Some(def) {
                        return Some(now.clone());
                    }
                    b.iter()
                        .find(|(n, d)| &d.0 == def && !here.contains_key(n.as_str()))
                        .map(|(n, _)| n.clone())
                });
                match earlier {
                    Some(then) => {
                        *now = then;
                        true
                    }
                    None => {
                        found.insert(name.clone(), commit);
                        false
                    }
                }
            });
            if pending.is_empty() {
                return Ok(None);
            }
            if renamed.is_some() {
                return Ok(renamed);
            }
        }
        Ok(None)
    }
}
