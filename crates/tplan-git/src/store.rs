//! Finding a plan and reading it at a revision.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;
use tplan_plan::files::{LOCK, MANIFEST, MAX_FILE_SIZE, OBJECT_DIRS};
use tplan_plan::{Entry, PlanFiles};

use crate::error::StoreError;

/// A resolved revision: what the user typed and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The spec as given (`main`, `HEAD~2`).
    pub spec: String,
    /// The commit id, 40 hex characters.
    pub commit: String,
}

impl Revision {
    /// The commit id shortened as git shows it (7 hex characters).
    pub fn short(&self) -> &str {
        &self.commit[..7.min(self.commit.len())]
    }
}

/// A plan inside a git repository.
pub struct Store {
    pub(crate) repo: gix::Repository,
    pub(crate) workdir: PathBuf,
    pub(crate) plan_dir: PathBuf,
    /// The plan folder relative to the work tree root, `/`-separated, `""` at the root.
    pub(crate) prefix: String,
}

/// The nearest folder from `start` upwards that holds a `tplan.toml`, the
/// way cargo finds `Cargo.toml`. The search stops at the root of the git
/// repository around `start`: a stray `tplan.toml` in a home folder is not
/// this project's plan.
pub fn find_plan_dir(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(MANIFEST).symlink_metadata().is_ok() {
            return Some(dir.to_path_buf());
        }
        if dir.join(".git").symlink_metadata().is_ok() {
            return None;
        }
    }
    None
}

/// Creates a git repository at `dir` unless `dir` is already inside one
/// (as `cargo new` does). Returns whether one was created.
pub fn ensure_repo(dir: &Path) -> Result<bool, StoreError> {
    if gix::discover(dir).is_ok() {
        return Ok(false);
    }
    gix::init(dir)?;
    Ok(true)
}

impl Store {
    /// Finds the plan around `start` and the repository holding it.
    pub fn discover(start: &Path) -> Result<Store, StoreError> {
        let plan_dir = find_plan_dir(start).ok_or_else(|| StoreError::NoPlan {
            start: start.to_path_buf(),
        })?;
        Store::open(&plan_dir)
    }

    /// Opens the repository around the plan folder `plan_dir`.
    pub fn open(plan_dir: &Path) -> Result<Store, StoreError> {
        // Discover and open once, with the allocation limit set.
        let mut options: gix::sec::trust::Mapping<gix::open::Options> = Default::default();
        options.full = options.full.config_overrides([alloc_limit()]);
        options.reduced = options.reduced.config_overrides([alloc_limit()]);
        let repo = gix::ThreadSafeRepository::discover_opts(plan_dir, Default::default(), options)
            .map_err(|source| StoreError::NotARepo {
                dir: plan_dir.to_path_buf(),
                source,
            })?
            .to_thread_local();
        let repo = with_pack_cache(repo);
        let workdir = repo
            .workdir()
            .ok_or_else(|| StoreError::Bare {
                git_dir: repo.git_dir().to_path_buf(),
            })?
            .to_path_buf();
        let canon = |p: &Path| {
            std::fs::canonicalize(p).map_err(|source| StoreError::Io {
                context: format!("cannot resolve `{}`", p.display()),
                source,
            })
        };
        let (root, dir) = (canon(&workdir)?, canon(plan_dir)?);
        let relative = dir.strip_prefix(&root).map_err(|_| StoreError::Io {
            context: format!(
                "`{}` is outside the work tree `{}`",
                dir.display(),
                root.display()
            ),
            source: std::io::Error::other("outside the work tree"),
        })?;
        let prefix = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Store {
            repo,
            workdir: root,
            plan_dir: dir,
            prefix,
        })
    }

    /// The plan folder (absolute).
    pub fn plan_dir(&self) -> &Path {
        &self.plan_dir
    }

    /// The plan folder relative to the repository root, `/`-separated;
    /// `""` when the plan is at the root.
    pub fn plan_prefix(&self) -> &str {
        &self.prefix
    }

    /// The work tree root (absolute).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// `path` inside the plan, as a path from the repository root.
    pub(crate) fn repo_path(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        }
    }

    /// Resolves any revision git understands to a commit (annotated tags
    /// are peeled).
    pub fn resolve(&self, spec: &str) -> Result<Revision, StoreError> {
        let id = match self.repo.rev_parse_single(spec) {
            Ok(id) => id,
            Err(source) => {
                // `HEAD` (or its branch) without commits is not a typo.
                if let Ok(head) = self.repo.head()
                    && head.is_unborn()
                {
                    let branch = head
                        .referent_name()
                        .map(|n| n.shorten().to_string())
                        .unwrap_or_else(|| "HEAD".into());
                    if spec == "HEAD"
                        || spec == branch
                        || spec.starts_with("HEAD")
                        || spec.starts_with(&branch)
                    {
                        return Err(StoreError::Unborn {
                            spec: spec.to_string(),
                            branch,
                        });
                    }
                }
                return Err(StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    source,
                });
            }
        };
        let commit =
            id.object()?
                .peel_to_commit()
                .map_err(|source| StoreError::UnknownRevision {
                    spec: spec.to_string(),
                    source,
                })?;
        Ok(Revision {
            spec: spec.to_string(),
            commit: commit.id.to_string(),
        })
    }

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
    fn listing(&self, spec: &str) -> Result<(Revision, Listing), StoreError> {
        self.listing_with(spec, true)
    }

    /// [`Store::listing`], leaving out the events folder's entries when
    /// `with_events` is false: its tree id is in [`Listing::events`] instead.
    fn listing_with(
        &self,
        spec: &str,
        with_events: bool,
    ) -> Result<(Revision, Listing), StoreError> {
        let rev = self.resolve(spec)?;
        let id =
            gix::ObjectId::from_hex(rev.commit.as_bytes()).expect("a resolved commit id is hex");
        let tree = self.repo.find_commit(id)?.tree()?;
        let no_plan = || StoreError::NoPlanAt {
            rev: spec.to_string(),
            path: self.repo_path(MANIFEST),
        };
        let root = if self.prefix.is_empty() {
            tree
        } else {
            match tree.lookup_entry_by_path(&self.prefix)? {
                Some(e) if e.mode().is_tree() => e.object()?.into_tree(),
                _ => return Err(no_plan()),
            }
        };
        let mut listing = Listing::default();
        for entry in root.iter() {
            let entry = entry?;
            let name = entry.filename().to_str_lossy().into_owned();
            if name == MANIFEST || name == LOCK {
                listing
                    .blobs
                    .push((name, entry.mode(), entry.oid().to_owned()));
            } else if OBJECT_DIRS.contains(&name.as_str()) {
                if !entry.mode().is_tree() {
                    listing
                        .others
                        .insert(format!("{name}/"), kind_entry(entry.mode()));
                    continue;
                }
                if name == "events" {
                    listing.events = Some(entry.oid().to_owned());
                    if !with_events {
                        continue;
                    }
                }
                let sub = self.repo.find_tree(entry.oid().to_owned())?;
                for child in sub.iter() {
                    let child = child?;
                    let path = format!("{name}/{}", child.filename().to_str_lossy());
                    if !PlanFiles::is_plan_path(&path) {
                        continue;
                    }
                    if child.mode().is_tree() || child.mode().is_commit() {
                        // Report folders once, as `events/sub/`.
                        listing.others.insert(format!("{path}/"), Entry::NotAFile);
                    } else {
                        listing
                            .blobs
                            .push((path, child.mode(), child.oid().to_owned()));
                    }
                }
            }
        }
        if !listing.blobs.iter().any(|(p, ..)| p == MANIFEST) {
            return Err(no_plan());
        }
        Ok((rev, listing))
    }

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
    /// `additional_properties`), so then everything is read.
    pub fn read_pair(&self, base: &str, head: &str) -> Result<(PlanFiles, PlanFiles), StoreError> {
        let (_, mut old) = self.listing_with(base, false)?;
        let (_, mut new) = self.listing_with(head, false)?;
        let (old_blobs, new_blobs) = (
            std::mem::take(&mut old.blobs),
            std::mem::take(&mut new.blobs),
        );
        let unchanged = |path: &str| {
            let find = |l: &[Blob]| l.iter().find(|b| b.0 == path).map(|b| (b.1, b.2));
            find(&old_blobs).is_some_and(|a| Some(a) == find(&new_blobs))
        };
        let shared_changed = {
            let keys = |l: &[Blob]| -> Vec<(String, gix::ObjectId)> {
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
        if old.events != new.events {
            // Inflate both folders' trees at once (they are the one cost that
            // grows with the plan), then walk them in lockstep, in tree
            // order, without copying entries: an unchanged event costs a
            // comparison.
            let empty = gix::ObjectId::empty_tree(self.repo.object_hash());
            let (old_id, new_id) = (old.events.unwrap_or(empty), new.events.unwrap_or(empty));
            let git_dir = self.repo.git_dir().to_path_buf();
            // Large folders (tens of thousands of events) are inflated on two
            // threads; small ones faster in one, sharing gix's caches.
            let large = self.repo.find_header(old_id).map(|h| h.size()).unwrap_or(0) > 256 * 1024;
            let (a, b) = if large {
                std::thread::scope(|scope| {
                    let other = scope.spawn(move || -> Result<Vec<u8>, StoreError> {
                        Ok(open_bounded(&git_dir)?.find_object(old_id)?.detach().data)
                    });
                    let b = self.repo.find_object(new_id).map(|o| o.detach().data);
                    let a = other.join().expect("reading a tree does not panic");
                    (a, b.map_err(StoreError::from))
                })
            } else {
                let a = self
                    .repo
                    .find_object(old_id)
                    .map(|o| o.detach().data)
                    .map_err(StoreError::from);
                (
                    a,
                    self.repo
                        .find_object(new_id)
                        .map(|o| o.detach().data)
                        .map_err(StoreError::from),
                )
            };
            let (a, b) = (a?, b?);
            let hash_len = self.repo.object_hash().len_in_bytes();
            let (mut i, mut j) = (
                RawEntries::new(&a, hash_len).peekable(),
                RawEntries::new(&b, hash_len).peekable(),
            );
            loop {
                let order = match (i.peek(), j.peek()) {
                    (None, None) => break,
                    (Some(Err(_)), _) | (_, Some(Err(_))) => {
                        return Err(StoreError::Git(gix::Error::from_error(
                            std::io::Error::other("a tree of the events folder is corrupt"),
                        )));
                    }
                    // Identical bytes: the same name, mode and blob. Most
                    // entries of a large plan end here.
                    (Some(Ok(x)), Some(Ok(y))) if x.bytes == y.bytes => {
                        i.next();
                        j.next();
                        continue;
                    }
                    (Some(Ok(x)), Some(Ok(y))) => tree_order(x, y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                };
                if order != std::cmp::Ordering::Greater {
                    let x = i.next().expect("peeked").expect("peeked an entry");
                    side_entry(
                        &mut old_files,
                        &mut reader,
                        x.name().into(),
                        x.mode(),
                        x.id(),
                        true,
                    );
                }
                if order != std::cmp::Ordering::Less {
                    let y = j.next().expect("peeked").expect("peeked an entry");
                    side_entry(
                        &mut new_files,
                        &mut reader,
                        y.name().into(),
                        y.mode(),
                        y.id(),
                        false,
                    );
                }
            }
        }
        reader.read(self)?;
        // Shared properties, read when a loaded event may use one.
        let shared: Vec<&Blob> = old_blobs
            .iter()
            .filter(|b| b.0.starts_with("properties/"))
            .collect();
        reader.want_used_shared(shared, &mut old_files, &mut new_files);
        reader.read(self)?;
        reader.fill(&mut old_files, &mut new_files);
        Ok((old_files, new_files))
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
        let index = |l: &Listing| -> HashMap<String, Blob> {
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

    /// Reads tree entries as plan entries. Large plans are read by several
    /// threads, each opening its own handle (a `gix::Repository` is not
    /// `Send` without gix's `parallel` feature, which costs build time).
    fn read_entries(
        &self,
        blobs: &[(String, gix::objs::tree::EntryMode, gix::ObjectId)],
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

    /// The plan as it is in the work tree, uncommitted edits included.
    pub fn read_worktree(&self) -> Result<PlanFiles, StoreError> {
        Ok(PlanFiles::read_dir(&self.plan_dir)?)
    }
}

/// Largest object gix may inflate for us. Plan files are at most 1 MiB, so
/// anything larger is only measured; the limit keeps a hostile multi-GB blob
/// from being inflated into memory, without the cost of reading each
/// object's header first.
const ALLOC_LIMIT: usize = 32 * 1024 * 1024;

/// The configuration that sets [`ALLOC_LIMIT`].
fn alloc_limit() -> String {
    format!("gitoxide.objects.allocLimit={ALLOC_LIMIT}")
}

/// Memory for delta bases while reading packed objects.
const PACK_CACHE: usize = 96 * 1024 * 1024;

/// Gives the repository a cache of delta bases, as git's
/// `core.deltaBaseCacheLimit`: without one, every packed object re-inflates
/// its whole delta chain, and walking history (a plan folder's tree at each
/// of thousands of commits) is ten times slower.
pub(crate) fn with_pack_cache(mut repo: gix::Repository) -> gix::Repository {
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
            PACK_CACHE,
        ))
    });
    repo
}

/// Opens the repository at `git_dir` with the allocation limit set.
fn open_bounded(git_dir: &Path) -> Result<gix::Repository, StoreError> {
    let options = gix::open::Options::default().config_overrides([alloc_limit()]);
    Ok(with_pack_cache(gix::open_opts(git_dir, options)?))
}

/// One entry of a git tree object, read straight from its bytes:
/// `<mode> <name>\0<id>`.
pub(crate) struct RawEntry<'a> {
    /// The whole entry, for comparing entries as bytes.
    bytes: &'a [u8],
    /// `<mode> <name>`, decoded only for entries that differ.
    head: &'a [u8],
    id: &'a [u8],
}

impl<'a> RawEntry<'a> {
    pub(crate) fn id(&self) -> gix::ObjectId {
        gix::ObjectId::from_bytes_or_panic(self.id)
    }

    pub(crate) fn mode(&self) -> gix::objs::tree::EntryMode {
        // A tree that fails this check was refused by gix when read.
        gix::objs::tree::EntryMode::from_bytes(self.head)
            .unwrap_or(gix::objs::tree::EntryMode::from_bytes(b"100644").expect("a valid mode"))
    }

    /// The whole entry: equal bytes are the same name, mode and object.
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.bytes
    }

    pub(crate) fn name(&self) -> &'a [u8] {
        let space = memchr::memchr(b' ', self.head).map_or(0, |i| i + 1);
        &self.head[space..]
    }
}

/// The entries of a tree object, without decoding more than needed: a
/// large plan's folders hold tens of thousands of entries.
pub(crate) struct RawEntries<'a> {
    rest: &'a [u8],
    hash_len: usize,
}

impl<'a> RawEntries<'a> {
    pub(crate) fn new(data: &'a [u8], hash_len: usize) -> Self {
        RawEntries {
            rest: data,
            hash_len,
        }
    }
}

impl<'a> Iterator for RawEntries<'a> {
    type Item = Result<RawEntry<'a>, ()>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let buf = self.rest;
        let hash_len = self.hash_len;
        let parsed = (|| {
            let nul = memchr::memchr(0, buf)?;
            let end = nul + 1 + hash_len;
            let entry = RawEntry {
                bytes: buf.get(..end)?,
                head: &buf[..nul],
                id: buf.get(nul + 1..end)?,
            };
            Some((entry, end))
        })();
        match parsed {
            Some((entry, end)) => {
                self.rest = &buf[end..];
                Some(Ok(entry))
            }
            None => {
                self.rest = &[];
                Some(Err(()))
            }
        }
    }
}

/// Git's order of tree entries: by name, a folder's name followed by `/`.
pub(crate) fn tree_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> std::cmp::Ordering {
    let key = |e: &RawEntry<'_>| -> Vec<u8> {
        let mut k = e.name().to_vec();
        if e.mode().is_tree() {
            k.push(b'/');
        }
        k
    };
    key(a).cmp(&key(b))
}

/// Records one differing event of one side: a blob to read, or a folder.
fn side_entry(
    files: &mut PlanFiles,
    reader: &mut PairReader,
    name: &gix::bstr::BStr,
    mode: gix::objs::tree::EntryMode,
    id: gix::ObjectId,
    old: bool,
) {
    let path = format!("events/{}", name.to_str_lossy());
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

/// Blobs wanted on each side of a diff, each read once.
#[derive(Default)]
struct PairReader {
    old: Vec<(String, gix::ObjectId)>,
    new: Vec<(String, gix::ObjectId)>,
    pending: BTreeMap<gix::ObjectId, Blob>,
    read: BTreeMap<gix::ObjectId, Entry>,
    paths: Vec<String>,
}

impl PairReader {
    /// Wants the blob at each side (absent on a side: nothing there).
    fn want(&mut self, old: Option<&Blob>, new: Option<&Blob>) {
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
    fn got(&mut self, blob: &Blob, entry: Entry) {
        self.old.push((blob.0.clone(), blob.2));
        self.new.push((blob.0.clone(), blob.2));
        self.read.insert(blob.2, entry);
    }

    /// Reads every pending blob.
    fn read(&mut self, store: &Store) -> Result<(), StoreError> {
        let blobs: Vec<Blob> = std::mem::take(&mut self.pending).into_values().collect();
        for (blob, (_, entry)) in blobs.iter().zip(store.read_entries(&blobs)?) {
            self.read.insert(blob.2, entry);
        }
        Ok(())
    }

    /// Wants the shared properties among `shared` (unchanged on both sides)
    /// that an event read so far may use: its key appears in the event as
    /// a quoted string. The others are listed unread.
    fn want_used_shared(&mut self, shared: Vec<&Blob>, old: &mut PlanFiles, new: &mut PlanFiles) {
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

/// A blob to read: plan path, tree mode, object id.
type Blob = (String, gix::objs::tree::EntryMode, gix::ObjectId);

/// A plan's files at a revision, not yet read.
#[derive(Default)]
struct Listing {
    /// Blobs to read.
    blobs: Vec<Blob>,
    /// Entries already known without reading (folders, links).
    others: PlanFiles,
    /// The events folder's tree.
    events: Option<gix::ObjectId>,
}

fn kind_entry(mode: gix::objs::tree::EntryMode) -> Entry {
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
    mode: gix::objs::tree::EntryMode,
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

/// A commit id written as hex (in a record or a state file).
pub(crate) fn parse_oid(hex: &str) -> Result<gix::ObjectId, StoreError> {
    gix::ObjectId::from_hex(hex.as_bytes()).map_err(|e| StoreError::Git(gix::Error::from_error(e)))
}
