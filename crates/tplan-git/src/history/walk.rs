//! The walk every history query makes: commits in `git log`'s order, and
//! for each the entries of a fixed set of plan paths, looked up in raw tree
//! objects, each folder tree searched once however many commits share it.

use std::collections::HashMap;

use super::EventHistories;
use crate::error::StoreError;
use crate::store::Store;
use crate::tree::{Corrupt, corrupt, diff_entries, find_entry};

/// Called with each matching commit and its parents; `false` stops the walk.
type CommitVisitor<'a> =
    dyn FnMut(gix::ObjectId, &[gix::ObjectId]) -> Result<bool, StoreError> + 'a;

/// Looks up a fixed set of plan paths at commits.
pub(crate) struct Watcher<'s> {
    store: &'s Store,
    /// Folders inside the plan (`""` for the plan folder) and the names
    /// watched in each.
    watch: Vec<(String, Vec<String>)>,
    by_commit: HashMap<gix::ObjectId, Vec<Option<gix::ObjectId>>>,
    /// Searches of folder trees, by tree id: consecutive commits mostly
    /// share them.
    by_tree: HashMap<gix::ObjectId, Vec<Option<gix::ObjectId>>>,
}

impl<'s> Watcher<'s> {
    pub(crate) fn new(store: &'s Store, paths: &[String]) -> Watcher<'s> {
        let mut watch: Vec<(String, Vec<String>)> = Vec::new();
        for path in paths {
            let (dir, name) = match path.rsplit_once('/') {
                Some((dir, name)) => (dir.to_string(), name.to_string()),
                None => (String::new(), path.clone()),
            };
            match watch.iter_mut().find(|(d, _)| *d == dir) {
                Some((_, names)) => names.push(name),
                None => watch.push((dir, vec![name])),
            }
        }
        Watcher {
            store,
            watch,
            by_commit: HashMap::new(),
            by_tree: HashMap::new(),
        }
    }

    /// The watched entries at `commit`.
    pub(crate) fn entries(
        &mut self,
        commit: gix::ObjectId,
    ) -> Result<Vec<Option<gix::ObjectId>>, StoreError> {
        if let Some(hit) = self.by_commit.get(&commit) {
            return Ok(hit.clone());
        }
        let plan = self.store.plan_tree(commit)?;
        let hash_len = self.store.hash_len();
        let mut out = Vec::new();
        for (dir, names) in &self.watch {
            let folder = match plan {
                Some(p) if dir.is_empty() => Some(p),
                Some(p) => self.store.child(p, dir)?.map(|(_, id)| id),
                None => None,
            };
            let Some(folder) = folder else {
                out.extend(names.iter().map(|_| None));
                continue;
            };
            if let Some(found) = self.by_tree.get(&folder) {
                out.extend(found.iter().copied());
                continue;
            }
            let found = self.store.with_tree(folder, |data| {
                names
                    .iter()
                    .map(|name| find_entry(data, name, hash_len))
                    .collect::<Vec<_>>()
            })?;
            let Some(found) = found else {
                out.extend(names.iter().map(|_| None));
                continue;
            };
            out.extend(found.iter().copied());
            self.by_tree.insert(folder, found);
        }
        self.by_commit.insert(commit, out.clone());
        Ok(out)
    }
}

/// The names of the entries that differ between two flat trees (added,
/// removed or changed), compared as raw bytes in git's order.
fn differing(
    store: &Store,
    a: Option<gix::ObjectId>,
    b: Option<gix::ObjectId>,
) -> Result<Vec<String>, StoreError> {
    if a == b {
        return Ok(Vec::new());
    }
    let (x, y) = (store.tree_data(a)?, store.tree_data(b)?);
    let mut out = Vec::new();
    diff_entries(&x, &y, store.hash_len(), &mut |p, q| {
        let entry = p.or(q).expect("a differing entry is on one side");
        out.push(String::from_utf8_lossy(entry.name()).into_owned());
    })
    .map_err(|side| {
        let tree = match side {
            Corrupt::Old => a,
            Corrupt::New => b,
        };
        corrupt(tree.expect("entries come from a tree"))
    })?;
    Ok(out)
}

impl Store {
    /// The commits that changed each event's file, from `rev` back, newest
    /// first: at most `per_event` each, in one walk of at most
    /// `max_commits` commits (a merge counts when it differs from every
    /// parent, as `git log` does). One shared walk costs what one `tplan
    /// log` does, where a log per event would cost thousands.
    pub fn event_histories(
        &self,
        rev: &str,
        per_event: usize,
        max_commits: usize,
    ) -> Result<EventHistories, StoreError> {
        let mut out = EventHistories::default();
        let Ok(tip) = self.commit_id(rev) else {
            // No commit yet: no history.
            return Ok(out);
        };
        let walk = self.log_order(tip)?;
        // The plan's `events` folder, as a watched entry: the watcher
        // caches it by commit and by tree.
        let mut watcher = Watcher::new(self, &["events".to_string()]);
        let mut events_tree = |commit: gix::ObjectId| -> Result<Option<gix::ObjectId>, StoreError> {
            Ok(watcher.entries(commit)?[0])
        };
        for (n, info) in walk.enumerate() {
            if n >= max_commits {
                out.truncated = true;
                break;
            }
            let info = info?;
            let here = events_tree(info.id)?;
            let mut changed: Option<Vec<String>> = None;
            if info.parent_ids.is_empty() {
                changed = Some(differing(self, here, None)?);
            }
            for parent in info.parent_ids.iter() {
                let there = events_tree(*parent)?;
                let names = differing(self, here, there)?;
                changed = Some(match changed {
                    None => names,
                    Some(before) => before.into_iter().filter(|n| names.contains(n)).collect(),
                });
                if changed.as_ref().is_some_and(Vec::is_empty) {
                    break;
                }
            }
            let changed = changed.unwrap_or_default();
            if changed.is_empty() {
                continue;
            }
            let mut info_cache = None;
            for name in changed {
                let Some(key) = name.strip_suffix(".toml") else {
                    continue;
                };
                let list = out.events.entry(key.to_string()).or_default();
                if list.len() < per_event {
                    if info_cache.is_none() {
                        info_cache = Some(self.commit_info(info.id)?);
                    }
                    list.push(info_cache.clone().expect("just set"));
                }
            }
        }
        Ok(out)
    }

    /// Commits from `tip` in `git log`'s order: newest first, but never a
    /// parent before its children (commits made in one second tie on time).
    pub(crate) fn log_order(
        &self,
        tip: gix::ObjectId,
    ) -> Result<
        impl Iterator<Item = Result<gix::traverse::commit::Info, StoreError>> + '_,
        StoreError,
    > {
        Ok(gix::traverse::commit::topo::Builder::from_iters(
            &self.repo.objects,
            [tip],
            None::<Vec<gix::ObjectId>>,
        )
        .sorting(gix::traverse::commit::topo::Sorting::DateOrder)
        .build()
        .map_err(|e| {
            self.shallow_or(
                gix::Error::from_error(e).into(),
                "the plan's earlier history",
            )
        })?
        .map(|info| {
            info.map_err(|e| {
                self.shallow_or(
                    gix::Error::from_error(e).into(),
                    "the plan's earlier history",
                )
            })
        }))
    }

    /// Commits from `tip` whose entries for `paths` differ from every
    /// parent's, newest first, handed to `hit` with their parents until it
    /// returns `false` or `limit` were found.
    pub(crate) fn changed(
        &self,
        tip: gix::ObjectId,
        paths: &[String],
        limit: Option<usize>,
        hit: &mut CommitVisitor<'_>,
    ) -> Result<(), StoreError> {
        let mut watcher = Watcher::new(self, paths);
        let walk = self.log_order(tip)?;
        let mut found = 0;
        for info in walk {
            let info = info?;
            let here = watcher.entries(info.id)?;
            let parents: Vec<gix::ObjectId> = info.parent_ids.iter().copied().collect();
            let changed = if parents.is_empty() {
                here.iter().any(Option::is_some)
            } else {
                let mut differs_from_all = true;
                for p in &parents {
                    if watcher.entries(*p)? == here {
                        differs_from_all = false;
                        break;
                    }
                }
                differs_from_all
            };
            if changed {
                found += 1;
                if !hit(info.id, &parents)? || limit.is_some_and(|l| found >= l) {
                    break;
                }
            }
        }
        Ok(())
    }
}
