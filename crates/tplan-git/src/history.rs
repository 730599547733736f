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

use std::collections::{BTreeMap, HashMap, HashSet};

use tplan_evolution::{DiffOptions, Subject, diff_plans};
use tplan_plan::files::{MANIFEST, OBJECT_DIRS};
use tplan_plan::model::Property;
use tplan_plan::{Entry, Key, PlanFiles};

use crate::error::StoreError;
use crate::store::{RawEntries, Store, quoted_strings};

/// Called with each matching commit and its parents; `false` stops the walk.
type CommitVisitor<'a> =
    dyn FnMut(gix::ObjectId, &[gix::ObjectId]) -> Result<bool, StoreError> + 'a;

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

/// Release tags: `plan-v` and a semantic version.
const RELEASE_PREFIX: &str = "plan-v";

/// The definitions of an event's properties at a commit, resolved: a
/// property's definition changes when its shared property changes.
/// With the shared property each one references.
type Definitions = BTreeMap<String, (Property, Option<String>)>;

/// Looks up a fixed set of plan paths at commits.
struct Watcher<'s> {
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
    fn new(store: &'s Store, paths: &[String]) -> Watcher<'s> {
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

    /// The entry in `tree` named `name` (raw tree bytes, no full decode).
    fn child(&self, tree: gix::ObjectId, name: &str) -> Result<Option<gix::ObjectId>, StoreError> {
        tree_child(self.store, tree, name)
    }

    /// The watched entries at `commit`.
    fn entries(&mut self, commit: gix::ObjectId) -> Result<Vec<Option<gix::ObjectId>>, StoreError> {
        if let Some(hit) = self.by_commit.get(&commit) {
            return Ok(hit.clone());
        }
        let mut plan = Some(self.store.repo.find_commit(commit)?.tree_id()?.detach());
        for part in self.store.prefix.split('/').filter(|p| !p.is_empty()) {
            plan = match plan {
                Some(tree) => self.child(tree, part)?,
                None => None,
            };
        }
        let mut out = Vec::new();
        for i in 0..self.watch.len() {
            let (dir, names) = &self.watch[i];
            let folder = match plan {
                Some(p) if dir.is_empty() => Some(p),
                Some(p) => self.child(p, dir)?,
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
            let object = self.store.repo.find_object(folder)?;
            if !object.kind.is_tree() {
                out.extend(names.iter().map(|_| None));
                continue;
            }
            let hash_len = self.store.repo.object_hash().len_in_bytes();
            let found: Vec<Option<gix::ObjectId>> = names
                .iter()
                .map(|name| find_entry(&object.data, name, hash_len))
                .collect();
            drop(object);
            out.extend(found.iter().copied());
            self.by_tree.insert(folder, found);
        }
        self.by_commit.insert(commit, out.clone());
        Ok(out)
    }
}

/// The id of entry `name` in a raw tree object. A folder of thousands of
/// events is searched with one SIMD scan for ` NAME\0` instead of entry
/// by entry; a hit counts only where an entry starts (the mode's digits
/// before it, and a full id after it).
fn find_entry(data: &[u8], name: &str, hash_len: usize) -> Option<gix::ObjectId> {
    let mut needle = Vec::with_capacity(name.len() + 2);
    needle.push(b' ');
    needle.extend_from_slice(name.as_bytes());
    needle.push(0);
    let finder = memchr::memmem::Finder::new(&needle);
    let mut from = 0;
    while let Some(at) = finder.find(&data[from..]) {
        let start = from + at;
        let id_start = start + needle.len();
        // An id's last bytes may look like digits: try each mode length
        // and require the previous entry's NUL and id right before it.
        let at_boundary = [5, 6].into_iter().any(|mode_len| {
            start >= mode_len && data[start - mode_len..start].iter().all(u8::is_ascii_digit) && {
                let entry_start = start - mode_len;
                entry_start == 0
                    || (entry_start > hash_len && data[entry_start - hash_len - 1] == 0)
            }
        });
        if at_boundary && data.len() >= id_start + hash_len {
            return gix::ObjectId::try_from(&data[id_start..id_start + hash_len]).ok();
        }
        from = start + 1;
    }
    None
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

/// The entry of `tree` named `name`.
fn tree_child(
    store: &Store,
    tree: gix::ObjectId,
    name: &str,
) -> Result<Option<gix::ObjectId>, StoreError> {
    let object = store.repo.find_object(tree)?;
    let hash_len = store.repo.object_hash().len_in_bytes();
    for entry in RawEntries::new(&object.data, hash_len) {
        let entry = entry.map_err(|()| corrupt(tree))?;
        if entry.name() == name.as_bytes() {
            return Ok(Some(entry.id()));
        }
    }
    Ok(None)
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
    let hash_len = store.repo.object_hash().len_in_bytes();
    let read = |t: Option<gix::ObjectId>| -> Result<Vec<u8>, StoreError> {
        Ok(match t {
            Some(t) => store.repo.find_object(t)?.data.clone(),
            None => Vec::new(),
        })
    };
    let (x, y) = (read(a)?, read(b)?);
    let mut i = RawEntries::new(&x, hash_len).peekable();
    let mut j = RawEntries::new(&y, hash_len).peekable();
    let mut out = Vec::new();
    let name = |e: &crate::store::RawEntry<'_>| String::from_utf8_lossy(e.name()).into_owned();
    loop {
        let order = match (i.peek(), j.peek()) {
            (None, None) => break,
            (Some(Err(())), _) => return Err(corrupt(a.expect("entries come from a tree"))),
            (_, Some(Err(()))) => return Err(corrupt(b.expect("entries come from a tree"))),
            (Some(Ok(p)), Some(Ok(q))) if p.raw() == q.raw() => {
                i.next();
                j.next();
                continue;
            }
            (Some(Ok(p)), Some(Ok(q))) => crate::store::tree_order(p, q),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                let p = i.next().expect("peeked").expect("peeked an entry");
                out.push(name(&p));
            }
            std::cmp::Ordering::Greater => {
                let q = j.next().expect("peeked").expect("peeked an entry");
                out.push(name(&q));
            }
            std::cmp::Ordering::Equal => {
                let p = i.next().expect("peeked").expect("peeked an entry");
                j.next();
                out.push(name(&p));
            }
        }
    }
    Ok(out)
}

fn corrupt(tree: gix::ObjectId) -> StoreError {
    StoreError::Git(gix::Error::from_error(std::io::Error::other(format!(
        "tree {tree} is not a valid tree object"
    ))))
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
    fn log_order(
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
        .map_err(gix::Error::from_error)?
        .map(|info| Ok(info.map_err(gix::Error::from_error)?)))
    }

    fn commit_id(&self, rev: &str) -> Result<gix::ObjectId, StoreError> {
        let resolved = self.resolve(rev)?;
        Ok(gix::ObjectId::from_hex(resolved.commit.as_bytes()).map_err(gix::Error::from_error)?)
    }

    /// The plan paths a subject's history follows at `commit`.
    fn subject_paths(
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
                if let Some(files) = self.event_files_at(commit, key)?
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
        self.changed(tip, &paths, limit, &mut |id, parents| {
            let entry = LogEntry {
                commit: self.commit_info(id)?,
                classes: self.classes(id, parents.first().copied(), subject)?,
                releases: releases
                    .iter()
                    .filter(|(_, ancestors)| ancestors.contains(&id))
                    .map(|(name, _)| name.clone())
                    .collect(),
            };
            emit(entry)
        })
    }

    /// Commits from `tip` whose entries for `paths` differ from every
    /// parent's, newest first, handed to `hit` with their parents until it
    /// returns `false` or `limit` were found.
    fn changed(
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

    fn commit_info(&self, id: gix::ObjectId) -> Result<CommitInfo, StoreError> {
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

    /// The classes of `commit`'s changes to `subject`, against its first
    /// parent.
    fn classes(
        &self,
        commit: gix::ObjectId,
        parent: Option<gix::ObjectId>,
        subject: &LogSubject,
    ) -> Result<Vec<String>, StoreError> {
        let Some(parent) = parent else {
            return Ok(vec!["added".to_string()]);
        };
        // An event's change needs only the event and its shared properties
        // on each side, not the plan-wide scan a shared property's change
        // otherwise asks for.
        let (old_files, new_files) = match subject {
            LogSubject::Event(key) => {
                let side = |id| -> Result<PlanFiles, StoreError> {
                    Ok(match self.event_files_at(id, key)? {
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
        let mut classes: Vec<String> = match subject {
            LogSubject::Plan => {
                let mut c: Vec<String> =
                    report.events.iter().map(|e| e.class.to_string()).collect();
                c.extend(report.changes.iter().map(|c| c.class.to_string()));
                c
            }
            LogSubject::Event(key) => match report.events.iter().find(|e| e.key.as_str() == key) {
                Some(e) => vec![e.class.to_string()],
                None => report
                    .changes
                    .iter()
                    .filter(|c| {
                        matches!(&c.subject, Subject::Event(k) if k.as_str() == key)
                            || c.events.iter().any(|k| k.as_str() == key)
                    })
                    .map(|c| c.class.to_string())
                    .collect(),
            },
            LogSubject::Property(key) => report
                .changes
                .iter()
                .filter(|c| matches!(&c.subject, Subject::Property(k) if k.as_str() == key))
                .map(|c| c.class.to_string())
                .collect(),
        };
        classes.sort_by_key(|c| severity(c));
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

    /// The plan files needed to load event `key` at `commit`: the manifest,
    /// the event, the shared properties it may reference (read), and the
    /// keys of every owner and shared property (unread). `None` when the
    /// event does not exist there.
    fn event_files_at(
        &self,
        commit: gix::ObjectId,
        key: &str,
    ) -> Result<Option<PlanFiles>, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let root = if self.prefix.is_empty() {
            Some(tree)
        } else {
            match tree.lookup_entry_by_path(&self.prefix)? {
                Some(e) if e.mode().is_tree() => Some(e.object()?.into_tree()),
                _ => None,
            }
        };
        let Some(root) = root else { return Ok(None) };
        let blob = |path: &str| -> Result<Option<Vec<u8>>, StoreError> {
            match root.lookup_entry_by_path(path)? {
                Some(e) if e.mode().is_blob() => Ok(Some(e.object()?.detach().data)),
                _ => Ok(None),
            }
        };
        let event_path = format!("events/{key}.toml");
        let Some(event) = blob(&event_path)? else {
            return Ok(None);
        };
        let mut files = PlanFiles::new();
        files.set_partial();
        if let Some(manifest) = blob(MANIFEST)? {
            files.insert_bytes(MANIFEST, manifest);
        }
        let event_entry = Entry::File(event);
        let quoted = quoted_strings(&event_entry);
        for dir in ["owners", "properties"] {
            let Some(folder) = root.lookup_entry_by_path(dir)? else {
                continue;
            };
            if !folder.mode().is_tree() {
                continue;
            }
            let folder = folder.object()?.into_tree();
            for entry in folder.iter() {
                let entry = entry?;
                let name = String::from_utf8_lossy(entry.filename()).into_owned();
                let path = format!("{dir}/{name}");
                let stem = name.strip_suffix(".toml").unwrap_or(&name);
                let used = dir == "properties" && quoted.as_ref().is_none_or(|q| q.contains(stem));
                if used && entry.mode().is_blob() {
                    files.insert_bytes(path, entry.object()?.detach().data);
                } else {
                    files.insert(path, Entry::Unread);
                }
            }
        }
        files.insert(event_path, event_entry);
        Ok(Some(files))
    }

    /// A partial plan of just the manifest at `commit`: the side of a diff
    /// where an event does not exist.
    fn manifest_only(&self, commit: gix::ObjectId) -> Result<PlanFiles, StoreError> {
        let mut files = PlanFiles::new();
        files.set_partial();
        let mut path = MANIFEST.to_string();
        if !self.prefix.is_empty() {
            path = format!("{}/{MANIFEST}", self.prefix);
        }
        let tree = self.repo.find_commit(commit)?.tree()?;
        if let Some(e) = tree.lookup_entry_by_path(&path)?
            && e.mode().is_blob()
        {
            files.insert_bytes(MANIFEST, e.object()?.detach().data);
        }
        Ok(files)
    }

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
    pub fn blame(&self, rev: &str, key: &str) -> Result<Vec<BlameEntry>, StoreError> {
        let tip = self.commit_id(rev)?;
        let Some(current) = self.definitions(tip, key)? else {
            return Err(StoreError::NoPlanAt {
                rev: rev.to_string(),
                path: self.repo_path(&format!("events/{key}.toml")),
            });
        };
        let subject = LogSubject::Event(key.to_string());
        let paths = self.subject_paths(tip, &subject)?;
        let mut pending: Definitions = current.clone();
        let mut found: BTreeMap<String, gix::ObjectId> = BTreeMap::new();
        let mut memo: HashMap<gix::ObjectId, Option<Definitions>> = HashMap::new();
        let mut defs =
            |store: &Store, id: gix::ObjectId| -> Result<Option<Definitions>, StoreError> {
                if let Some(hit) = memo.get(&id) {
                    return Ok(hit.clone());
                }
                let d = store.definitions(id, key)?;
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

/// Order of classes, most severe first.
fn severity(class: &str) -> usize {
    [
        "removed", "model", "revision", "addition", "added", "metadata",
    ]
    .iter()
    .position(|c| *c == class)
    .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::find_entry;

    fn entry(mode: &str, name: &str, id: [u8; 20]) -> Vec<u8> {
        let mut out = format!("{mode} {name}\0").into_bytes();
        out.extend_from_slice(&id);
        out
    }

    #[test]
    fn entries_are_found_at_entry_starts_only() {
        // Ids ending in digit bytes, and an id holding a look-alike name.
        let mut tricky = [b'7'; 20];
        tricky[..8].copy_from_slice(b" b.toml\0");
        let tree = [
            entry("100644", "a.toml", [b'1'; 20]),
            entry("40000", "b.toml", tricky),
            entry("100755", "b.toml.bak", [2; 20]),
            entry("100644", "c.toml", [3; 20]),
        ]
        .concat();
        let id = |b: [u8; 20]| gix::ObjectId::try_from(&b[..]).unwrap();
        assert_eq!(find_entry(&tree, "a.toml", 20), Some(id([b'1'; 20])));
        assert_eq!(find_entry(&tree, "b.toml", 20), Some(id(tricky)));
        assert_eq!(find_entry(&tree, "c.toml", 20), Some(id([3; 20])));
        assert_eq!(find_entry(&tree, "d.toml", 20), None);
        assert_eq!(find_entry(&tree, "toml", 20), None);
    }
}
