//! Reading a plan at a revision from the object database: its files listed
//! from the trees, then its blobs read, on every core for a large plan.

use std::collections::HashSet;

use gix::objs::tree::EntryMode;
use tplan_plan::files::{LOCK, MANIFEST, MAX_FILE_SIZE};
use tplan_plan::{Entry, Plan, PlanFiles};

use crate::error::StoreError;
use crate::store::{Revision, Store, open_bounded};
use crate::tree::{Place, PlanEntry};

/// A blob to read: plan path, tree mode, object id.
pub(crate) type PathBlob = (String, EntryMode, gix::ObjectId);

impl Store {
    /// Reads the plan at `spec` from the object database: the manifest, the
    /// lock and the entries of the object folders, nothing else.
    pub fn read_plan(&self, spec: &str) -> Result<(Revision, PlanFiles), StoreError> {
        let (rev, listing) = self.listing(spec)?;
        let mut files = listing.others;
        for (path, entry) in self.read_entries(&listing.blobs)? {
            files.insert(path, entry);
        }
        Ok((rev, files))
    }

    /// The plan at commit `id` holding only event `key` and what it uses
    /// (the manifest, its shared properties), when `id` has that event
    /// and it loads: enough to show it, whatever the plan's size.
    pub fn event_at(&self, id: crate::CommitId, key: &str) -> Result<Option<Plan>, StoreError> {
        let Some(files) = self.event_files_at(id.oid(), key)? else {
            return Ok(None);
        };
        let loaded = tplan_schema::load(&files);
        Ok(loaded.errors.is_empty().then_some(loaded.plan))
    }

    /// Whether `spec` has a plan (its folder with a `tplan.toml`); only
    /// trees are walked, no file is read.
    pub fn has_plan(&self, spec: &str) -> Result<bool, StoreError> {
        match self.listing_with(spec, false) {
            Ok(_) => Ok(true),
            Err(StoreError::NoPlanAt { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The plan at `spec`, or, when `spec` has none, the empty plan with
    /// the manifest of the plan at `like` ([`PlanFiles::empty_like`]): the
    /// base of the change that adds the plan.
    pub fn read_plan_or_empty(&self, spec: &str, like: &str) -> Result<PlanFiles, StoreError> {
        match self.read_plan(spec) {
            Err(StoreError::NoPlanAt { .. }) => Ok(self.read_plan(like)?.1.empty_like()),
            other => Ok(other?.1),
        }
    }

    /// The plan at `spec` without its events: manifest, lock, owners and
    /// shared properties (marked partial). Enough for the policy, the
    /// published versions and the plan's version.
    pub fn read_plan_without_events(&self, spec: &str) -> Result<PlanFiles, StoreError> {
        let (_, listing) = self.listing_with(spec, false)?;
        let mut files = listing.others;
        for (path, entry) in self.read_entries(&listing.blobs)? {
            files.insert(path, entry);
        }
        files.set_partial();
        Ok(files)
    }

    /// The plan's files at `spec` without their content: blobs to read, and
    /// entries already known (folders and links). Walking trees is cheap;
    /// reading blobs is what costs.
    pub(crate) fn listing(&self, spec: &str) -> Result<(Revision, Listing), StoreError> {
        self.listing_with(spec, true)
    }

    /// [`Store::listing`], leaving out the events folder's entries when
    /// `with_events` is false: its tree id is in [`Listing::events`] instead.
    pub(crate) fn listing_with(
        &self,
        spec: &str,
        with_events: bool,
    ) -> Result<(Revision, Listing), StoreError> {
        let rev = self.resolve(spec)?;
        let id = rev.commit.oid();
        let no_plan = || StoreError::NoPlanAt {
            rev: spec.to_string(),
            path: self.repo_path(MANIFEST),
        };
        let Some(root) = self.plan_tree(id)? else {
            return Err(no_plan());
        };
        let walked = self.plan_entries(root, with_events)?;
        let mut listing = Listing {
            events: walked.events,
            ..Listing::default()
        };
        for PlanEntry { path, place, blob } in walked.entries {
            let (mode, id) = blob;
            match place {
                Place::Top if path == MANIFEST || path == LOCK => {
                    listing.blobs.push((path, mode, id));
                }
                Place::Top => {}
                Place::NotAFolder => {
                    listing.others.insert(format!("{path}/"), kind_entry(mode));
                }
                // Report folders once, as `events/sub/`.
                Place::Child if mode.is_tree() || mode.is_commit() => {
                    listing.others.insert(format!("{path}/"), Entry::NotAFile);
                }
                Place::Child => listing.blobs.push((path, mode, id)),
            }
        }
        if !listing.blobs.iter().any(|(p, ..)| p == MANIFEST) {
            return Err(no_plan());
        }
        Ok((rev, listing))
    }

    /// Reads tree entries as plan entries. Large plans are read by several
    /// threads, each opening its own handle (a `gix::Repository` is not
    /// `Send` without gix's `parallel` feature, which costs build time).
    pub(crate) fn read_entries(
        &self,
        blobs: &[PathBlob],
    ) -> Result<Vec<(String, Entry)>, StoreError> {
        use rayon::prelude::*;
        const PER_THREAD: usize = 256;
        if blobs.len() < 2 * PER_THREAD {
            return blobs
                .iter()
                .map(|(path, mode, oid)| Ok((path.clone(), read_entry(&self.repo, *mode, *oid)?)))
                .collect();
        }
        let chunk = blobs
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(PER_THREAD);
        let git_dir = self.repo.git_dir().to_path_buf();
        let parts: Vec<Result<Vec<(String, Entry)>, StoreError>> = blobs
            .par_chunks(chunk)
            .map(|part| {
                let repo = open_bounded(&git_dir)?;
                part.iter()
                    .map(|(path, mode, oid)| Ok((path.clone(), read_entry(&repo, *mode, *oid)?)))
                    .collect()
            })
            .collect();
        let mut out = Vec::with_capacity(blobs.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out)
    }

    /// The plan files needed to load event `key` at `commit`: the manifest,
    /// the event, the shared properties it may reference (read), and the
    /// keys of every owner and shared property (unread). `None` when the
    /// event does not exist there.
    pub(crate) fn event_files_at(
        &self,
        commit: gix::ObjectId,
        key: &str,
    ) -> Result<Option<PlanFiles>, StoreError> {
        let Some(root) = self.plan_tree(commit)? else {
            return Ok(None);
        };
        let event_path = format!("events/{key}.toml");
        let Some(event) = self.blob_at(root, &event_path)? else {
            return Ok(None);
        };
        let mut files = PlanFiles::new();
        files.set_partial();
        if let Some(manifest) = self.blob_at(root, MANIFEST)? {
            files.insert_bytes(MANIFEST, manifest);
        }
        let event_entry = Entry::File(event);
        let quoted = quoted_strings(&event_entry);
        for dir in ["owners", "properties"] {
            let Some(folder) = self.subtree(root, dir)? else {
                continue;
            };
            for item in self.items(folder)? {
                let path = format!("{dir}/{}", item.name);
                let stem = item.name.strip_suffix(".toml").unwrap_or(&item.name);
                let used = dir == "properties" && quoted.as_ref().is_none_or(|q| q.contains(stem));
                if used && item.mode.is_blob() {
                    files.insert_bytes(path, self.blob(item.id)?);
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
    pub(crate) fn manifest_only(&self, commit: gix::ObjectId) -> Result<PlanFiles, StoreError> {
        let mut files = PlanFiles::new();
        files.set_partial();
        let tree = self.tree_of(Some(commit))?;
        if let Some(bytes) = self.blob_at(tree, &self.repo_path(MANIFEST))? {
            files.insert_bytes(MANIFEST, bytes);
        }
        Ok(files)
    }
}

/// A plan's files at a revision, not yet read.
#[derive(Default)]
pub(crate) struct Listing {
    /// Blobs to read.
    pub blobs: Vec<PathBlob>,
    /// Entries already known without reading (folders, links).
    pub others: PlanFiles,
    /// The events folder's tree.
    pub events: Option<gix::ObjectId>,
}

/// What a tree entry that is not a file is to a plan.
fn kind_entry(mode: EntryMode) -> Entry {
    if mode.is_link() {
        Entry::Symlink
    } else {
        Entry::NotAFile
    }
}

/// One tree entry as a plan entry: links and folders are recorded, and a
/// blob over the 1 MiB limit only by its size.
fn read_entry(
    repo: &gix::Repository,
    mode: EntryMode,
    oid: gix::ObjectId,
) -> Result<Entry, StoreError> {
    if !mode.is_blob() {
        return Ok(kind_entry(mode));
    }
    match repo.find_object(oid) {
        Ok(blob) if blob.data.len() as u64 > MAX_FILE_SIZE => Ok(Entry::TooLarge {
            size: blob.data.len() as u64,
        }),
        // Copy out exactly the bytes: the decoded buffer may carry spare
        // capacity from delta resolution, and goes back to gix for reuse.
        Ok(blob) => Ok(Entry::File(blob.data.to_vec())),
        // Over the allocation limit: measure it from its header instead.
        Err(err) => match repo.find_header(oid) {
            Ok(header) if header.size() > MAX_FILE_SIZE => Ok(Entry::TooLarge {
                size: header.size(),
            }),
            _ => Err(err.into()),
        },
    }
}

/// The quoted strings of a plan file (`"price"`, `'price'`): every value a
/// `ref` may name. `None` when the file has escapes (`\u0070`) or is not
/// text, so a scan cannot rule anything out.
pub(crate) fn quoted_strings(entry: &Entry) -> Option<HashSet<&str>> {
    let Entry::File(bytes) = entry else {
        return None;
    };
    let text = std::str::from_utf8(bytes).ok()?;
    if text.contains("\\u") || text.contains("\\U") {
        return None;
    }
    let mut out = HashSet::new();
    let mut rest = text;
    while let Some(i) = rest.find(['"', '\'']) {
        let quote = rest.as_bytes()[i] as char;
        let after = &rest[i + 1..];
        let Some(end) = after.find(quote) else { break };
        out.insert(&after[..end]);
        rest = &after[end + 1..];
    }
    Some(out)
}
