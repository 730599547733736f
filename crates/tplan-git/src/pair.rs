//! Two revisions of a plan read for a diff, reading only what can matter:
//! the files that differ, and the unchanged ones a change can reach.

use std::collections::{BTreeMap, HashMap, HashSet};

use gix::bstr::ByteSlice;
use tplan_plan::files::{LOCK, MANIFEST};
use tplan_plan::{Entry, PlanFiles};

use crate::error::StoreError;
use crate::read::{Listing, PathBlob, quoted_strings};
use crate::store::Store;
use crate::tree::{RawEntry, diff_entries};

impl Store {
    /// Reads two revisions of the plan for a diff, reading only what can
    /// matter: files that differ, the manifest and the lock. Unchanged files
    /// are listed as [`Entry::Unread`] (their keys count, their objects are
    /// not loaded), except:
    /// - unchanged events that may use a changed shared property, found by a
    ///   textual scan for the property's key as a quoted string, without
    ///   parsing every event;
    /// - unchanged shared properties that a loaded event may use, found the
    ///   same way, since compiling an event inlines them.
    ///
    /// A changed manifest can reach every event (the policy's
    /// `additional_properties`), so then everything is read. A base without a plan is the empty plan with the
    /// head's manifest ([`PlanFiles::empty_like`]).
    pub fn read_pair(&self, base: &str, head: &str) -> Result<(PlanFiles, PlanFiles), StoreError> {
        self.read_pair_with(base, head, false)
    }

    /// [`Store::read_pair`], and before a first release (the base's lock
    /// has no event) every unchanged event listed by key, unread: the
    /// release publishes them all, and a report that lists the release
    /// (JSON) names each. Costs a listing of the events folder.
    pub fn read_pair_for_release(
        &self,
        base: &str,
        head: &str,
    ) -> Result<(PlanFiles, PlanFiles), StoreError> {
        self.read_pair_with(base, head, true)
    }

    fn read_pair_with(
        &self,
        base: &str,
        head: &str,
        all_keys: bool,
    ) -> Result<(PlanFiles, PlanFiles), StoreError> {
        let (_, mut old) = match self.listing_with(base, false) {
            // The change that adds the plan: it adds every object.
            Err(StoreError::NoPlanAt { .. }) => {
                let (_, new) = self.read_plan(head)?;
                return Ok((new.empty_like(), new));
            }
            other => other?,
        };
        // A first release publishes every event: their keys are needed.
        let first = all_keys && self.never_released(&old.blobs)?;
        let (_, mut new) = self.listing_with(head, false)?;
        let (old_blobs, new_blobs) = (
            std::mem::take(&mut old.blobs),
            std::mem::take(&mut new.blobs),
        );
        let unchanged = |path: &str| {
            let find = |l: &[PathBlob]| l.iter().find(|b| b.0 == path).map(|b| (b.1, b.2));
            find(&old_blobs).is_some_and(|a| Some(a) == find(&new_blobs))
        };
        let shared_changed = {
            let keys = |l: &[PathBlob]| -> Vec<(String, gix::ObjectId)> {
                l.iter()
                    .filter(|b| b.0.starts_with("properties/"))
                    .map(|b| (b.0.clone(), b.2))
                    .collect()
            };
            keys(&old_blobs) != keys(&new_blobs)
        };
        if !unchanged(MANIFEST) || shared_changed {
            return self.read_pair_scanning(base, head);
        }
        // The common case: only events changed. Their folders are compared
        // entry by entry, in tree order, and only differing events are read;
        // the others are left unlisted (the plans are marked partial).
        let (mut old_files, mut new_files) = (old.others, new.others);
        old_files.set_partial();
        new_files.set_partial();
        let mut reader = PairReader::default();
        for blob in &old_blobs {
            if blob.0.starts_with("owners/") && unchanged(&blob.0) {
                old_files.insert(blob.0.clone(), Entry::Unread);
                new_files.insert(blob.0.clone(), Entry::Unread);
            } else if !blob.0.starts_with("properties/") {
                reader.want(Some(blob), new_blobs.iter().find(|b| b.0 == blob.0));
            }
        }
        for blob in new_blobs
            .iter()
            .filter(|b| !old_blobs.iter().any(|o| o.0 == b.0))
        {
            reader.want(None, Some(blob));
        }
        let head_events = new.events;
        if old.events != new.events {
            self.want_differing_events(
                (old.events, new.events),
                &mut reader,
                (&mut old_files, &mut new_files),
            )?;
        }
        reader.read(self)?;
        // Shared properties, read when a loaded event may use one.
        let shared: Vec<&PathBlob> = old_blobs
            .iter()
            .filter(|b| b.0.starts_with("properties/"))
            .collect();
        reader.want_used_shared(shared, &mut old_files, &mut new_files);
        reader.read(self)?;
        reader.fill(&mut old_files, &mut new_files);
        if first && let Some(tree) = head_events {
            // Unchanged events listed by key, unread, on both sides.
            for item in self.items(tree)? {
                let path = format!("events/{}", item.name);
                if item.mode.is_blob() && new_files.get(&path).is_none() {
                    old_files.insert(path.clone(), Entry::Unread);
                    new_files.insert(path, Entry::Unread);
                }
            }
        }
        Ok((old_files, new_files))
    }

    /// Whether the plan listed in `blobs` has a lock without events: it
    /// was never released. Only the lock is read.
    fn never_released(&self, blobs: &[PathBlob]) -> Result<bool, StoreError> {
        let Some(lock) = blobs.iter().find(|b| b.0 == LOCK) else {
            return Ok(true);
        };
        let mut files = PlanFiles::new();
        for (path, entry) in self.read_entries(std::slice::from_ref(lock))? {
            files.insert(path, entry);
        }
        files.set_partial();
        Ok(tplan_plan::load(&files).plan.lock.events.is_empty())
    }

    /// Wants the events that differ between two `events` folders. Both
    /// trees are inflated at once (they are the one cost that grows with the
    /// plan), then walked in lockstep, in tree order, without copying
    /// entries: an unchanged event costs a comparison.
    fn want_differing_events(
        &self,
        (old, new): (Option<gix::ObjectId>, Option<gix::ObjectId>),
        reader: &mut PairReader,
        (old_files, new_files): (&mut PlanFiles, &mut PlanFiles),
    ) -> Result<(), StoreError> {
        let empty = gix::ObjectId::empty_tree(self.repo.object_hash());
        let (a, b) = self.two_trees(old.unwrap_or(empty), new.unwrap_or(empty))?;
        diff_entries(&a, &b, self.hash_len(), &mut |x, y| {
            if let Some(x) = x {
                side_entry(old_files, reader, &x, true);
            }
            if let Some(y) = y {
                side_entry(new_files, reader, &y, false);
            }
        })
        .map_err(|_| {
            StoreError::Git(gix::Error::from_error(std::io::Error::other(
                "a tree of the events folder is corrupt",
            )))
        })
    }

    /// [`Store::read_pair`] when the manifest or a shared property changed:
    /// every event is listed, and unchanged ones are scanned.
    fn read_pair_scanning(
        &self,
        base: &str,
        head: &str,
    ) -> Result<(PlanFiles, PlanFiles), StoreError> {
        let (_, old) = self.listing(base)?;
        let (_, new) = self.listing(head)?;
        let index = |l: &Listing| -> HashMap<String, PathBlob> {
            l.blobs.iter().map(|b| (b.0.clone(), b.clone())).collect()
        };
        let (oi, ni) = (index(&old), index(&new));
        let same = |path: &str| match (oi.get(path), ni.get(path)) {
            (Some(a), Some(b)) => a.1 == b.1 && a.2 == b.2,
            _ => false,
        };
        let mut paths: Vec<&String> = oi
            .keys()
            .chain(ni.keys().filter(|p| !oi.contains_key(*p)))
            .collect();
        paths.sort();
        let everything = !same(MANIFEST);
        let (mut old_files, mut new_files) = (old.others, new.others);
        let mut reader = PairReader::default();
        let mut unchanged_events = Vec::new();
        let mut unchanged_shared = Vec::new();
        for path in paths {
            let unchanged = same(path);
            if everything || !unchanged || path == MANIFEST || path == LOCK {
                reader.want(oi.get(path), ni.get(path));
            } else if path.starts_with("events/") {
                unchanged_events.push(&oi[path]);
            } else if path.starts_with("properties/") {
                unchanged_shared.push(&oi[path]);
            } else {
                old_files.insert(path.clone(), Entry::Unread);
                new_files.insert(path.clone(), Entry::Unread);
            }
        }
        reader.read(self)?;
        // Unchanged events using a changed shared property change too.
        let changed_shared: Vec<String> = reader
            .paths()
            .filter_map(|p| {
                p.strip_prefix("properties/")?
                    .strip_suffix(".toml")
                    .map(str::to_string)
            })
            .collect();
        let mut skipped_events = Vec::new();
        if changed_shared.is_empty() {
            skipped_events = unchanged_events;
        } else {
            for (blob, entry) in unchanged_events.iter().zip(
                self.read_entries(
                    &unchanged_events
                        .iter()
                        .map(|b| (*b).clone())
                        .collect::<Vec<_>>(),
                )?,
            ) {
                let words = quoted_strings(&entry.1);
                if words.is_none_or(|w| changed_shared.iter().any(|k| w.contains(k.as_str()))) {
                    reader.got(blob, entry.1);
                } else {
                    skipped_events.push(blob);
                }
            }
        }
        for blob in skipped_events {
            old_files.insert(blob.0.clone(), Entry::Unread);
            new_files.insert(blob.0.clone(), Entry::Unread);
        }
        // Unchanged shared properties, read when a loaded event may use one.
        reader.want_used_shared(unchanged_shared, &mut old_files, &mut new_files);
        reader.read(self)?;
        reader.fill(&mut old_files, &mut new_files);
        Ok((old_files, new_files))
    }
}

/// Records one differing event of one side: a blob to read, or a folder.
fn side_entry(files: &mut PlanFiles, reader: &mut PairReader, entry: &RawEntry<'_>, old: bool) {
    let (mode, id) = (entry.mode(), entry.id());
    let path = format!("events/{}", entry.name().to_str_lossy());
    if !PlanFiles::is_plan_path(&path) {
        return;
    }
    if mode.is_tree() || mode.is_commit() {
        files.insert(format!("{path}/"), Entry::NotAFile);
        return;
    }
    let blob = (path, mode, id);
    if old {
        reader.want(Some(&blob), None);
    } else {
        reader.want(None, Some(&blob));
    }
}

/// Blobs wanted on each side of a diff, each read once.
#[derive(Default)]
struct PairReader {
    old: Vec<(String, gix::ObjectId)>,
    new: Vec<(String, gix::ObjectId)>,
    pending: BTreeMap<gix::ObjectId, PathBlob>,
    read: BTreeMap<gix::ObjectId, Entry>,
    paths: Vec<String>,
}

impl PairReader {
    /// Wants the blob at each side (absent on a side: nothing there).
    fn want(&mut self, old: Option<&PathBlob>, new: Option<&PathBlob>) {
        let differs = old.map(|b| b.2) != new.map(|b| b.2);
        for (side, blob) in [(&mut self.old, old), (&mut self.new, new)] {
            if let Some(b) = blob {
                side.push((b.0.clone(), b.2));
                if !self.read.contains_key(&b.2) {
                    self.pending.entry(b.2).or_insert_with(|| b.clone());
                }
            }
        }
        if differs {
            let path = old
                .or(new)
                .map(|b| b.0.clone())
                .expect("one side has the blob");
            self.paths.push(path);
        }
    }

    /// Records a blob read elsewhere, the same on both sides.
    fn got(&mut self, blob: &PathBlob, entry: Entry) {
        self.old.push((blob.0.clone(), blob.2));
        self.new.push((blob.0.clone(), blob.2));
        self.read.insert(blob.2, entry);
    }

    /// Reads every pending blob.
    fn read(&mut self, store: &Store) -> Result<(), StoreError> {
        let blobs: Vec<PathBlob> = std::mem::take(&mut self.pending).into_values().collect();
        for (blob, (_, entry)) in blobs.iter().zip(store.read_entries(&blobs)?) {
            self.read.insert(blob.2, entry);
        }
        Ok(())
    }

    /// Wants the shared properties among `shared` (unchanged on both sides)
    /// that an event read so far may use: its key appears in the event as
    /// a quoted string. The others are listed unread.
    fn want_used_shared(
        &mut self,
        shared: Vec<&PathBlob>,
        old: &mut PlanFiles,
        new: &mut PlanFiles,
    ) {
        let mut used: HashSet<String> = HashSet::new();
        let mut all = false;
        for (_, entry) in self.entries().filter(|(p, _)| p.starts_with("events/")) {
            match quoted_strings(entry) {
                Some(words) => used.extend(words.into_iter().map(str::to_string)),
                None => all = true,
            }
        }
        for blob in shared {
            let key = blob
                .0
                .strip_prefix("properties/")
                .and_then(|p| p.strip_suffix(".toml"));
            if all || key.is_some_and(|k| used.contains(k)) {
                self.want(Some(blob), Some(blob));
            } else {
                old.insert(blob.0.clone(), Entry::Unread);
                new.insert(blob.0.clone(), Entry::Unread);
            }
        }
    }

    /// Paths that differ between the sides.
    fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(String::as_str)
    }

    /// Every read entry with one of its paths.
    fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.old
            .iter()
            .chain(&self.new)
            .filter_map(|(p, id)| Some((p.as_str(), self.read.get(id)?)))
    }

    /// Puts what was read into each side's files.
    fn fill(self, old: &mut PlanFiles, new: &mut PlanFiles) {
        for (files, wanted) in [(old, &self.old), (new, &self.new)] {
            for (path, id) in wanted {
                files.insert(path.clone(), self.read[id].clone());
            }
        }
    }
}
