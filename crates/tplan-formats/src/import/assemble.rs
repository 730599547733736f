//! Candidates become plan files, one at a time: keys, collisions, naming,
//! the safety net. An [`Assembler`] takes each candidate as the reader
//! makes it and writes its file to a [`Sink`] at once, keeping only what
//! the report needs (keys, names, counts); a reader can therefore stream a
//! source of any size in memory that does not grow with it.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::candidate::{Candidate, Import};
use super::error::ImportError;
use super::naming::{Tally, fit_naming};
use super::render;
use super::slug::slug;
use tplan_plan::files::{LOCK, MANIFEST, PlanFiles};
use tplan_plan::model::{Lock, LockedEvent, NamingStyle, Owner, SchemaVer};
use tplan_plan::{Key, ObjectId, Plan, canonical};

/// Where an import writes the plan files it makes, as it makes them
/// (paths relative to the plan folder). The command writes into a staging
/// folder and moves it into place once the whole source was read.
pub trait Sink {
    /// Writes `text` at `path`, replacing what an earlier call wrote there.
    fn write(&mut self, path: &str, text: &str) -> std::io::Result<()>;
}

/// Files kept in memory, by path (tests, small imports).
impl Sink for BTreeMap<String, String> {
    fn write(&mut self, path: &str, text: &str) -> std::io::Result<()> {
        self.insert(path.to_string(), text.to_string());
        Ok(())
    }
}

/// A candidate made ready to write: its display name, its file's text and
/// what the report says of it. It holds only text, so a reader that cannot
/// hand candidates over in their order (Segment, whose latest versions are
/// known at the end) can spool it to disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    source: String,
    key_from: String,
    respell_name: bool,
    name: String,
    text: String,
    kept: Vec<String>,
    notes: Vec<String>,
    dropped_ids: usize,
    version: Option<String>,
    property_names: Vec<String>,
}

impl Prepared {
    /// `c` rendered for a plan whose events are named in `style`.
    pub fn new(c: &Candidate, style: NamingStyle) -> Prepared {
        let name = display(c, style);
        Prepared {
            text: render::event(&name, &c.draft),
            source: c.source.clone(),
            key_from: c.key_from.clone(),
            respell_name: c.respell_name,
            name,
            kept: c.draft.kept.clone(),
            notes: c.draft.notes.clone(),
            dropped_ids: c.draft.dropped_ids,
            version: c.version.map(|v| v.to_string()),
            property_names: property_names(c),
        }
    }
}

/// Turns candidates into plan files over `existing` (the committed plan),
/// all at once: [`Assembler`] for a list already in memory.
pub fn assemble(
    candidates: Vec<Candidate>,
    existing: &PlanFiles,
    vendor: Option<&str>,
    out: Import,
    sink: &mut dyn Sink,
) -> Result<Import, ImportError> {
    let mut assembler = Assembler::new(existing, vendor, out, sink);
    for c in candidates {
        assembler.push(&c)?;
    }
    assembler.finish()
}

/// Takes candidates one by one over `existing` (the committed plan): keys
/// slugged from `key_from` (renames listed), collisions with each other or
/// with existing events refused, each file rendered, checked on its own
/// against the plan's owners and shared properties (an event that does not
/// load is listed, not written) and written to the sink. `vendor` replaces
/// the manifest's vendor when given. What one candidate's outcome depends
/// on is kept (keys and names taken), never the files.
pub struct Assembler<'a> {
    existing: &'a PlanFiles,
    vendor: Option<&'a str>,
    /// The committed plan without its events: owners (and the ones the
    /// import adds) and shared properties, which events are checked against.
    skeleton: Plan,
    fresh: bool,
    style: NamingStyle,
    existing_names: HashMap<String, String>,
    taken_keys: HashMap<String, String>,
    taken_names: HashMap<String, String>,
    event_names: Tally,
    property_names: Tally,
    lock: Lock,
    /// Events that did not load, listed after the refusals.
    unloadable: Vec<String>,
    dropped_ids: usize,
    dropped_in: usize,
    /// Where the naming notes go: after the reader's own notes.
    notes_mark: usize,
    out: Import,
    sink: &'a mut dyn Sink,
}

impl<'a> Assembler<'a> {
    /// Ready for candidates; `out` holds what the reader said so far.
    pub fn new(
        existing: &'a PlanFiles,
        vendor: Option<&'a str>,
        out: Import,
        sink: &'a mut dyn Sink,
    ) -> Assembler<'a> {
        let before = tplan_schema::load(existing).plan;
        let style = before.manifest.event_naming;
        let existing_names = before
            .events
            .values()
            .map(|e| (e.name.clone(), e.key.to_string()))
            .collect();
        let fresh = before.events.is_empty();
        let lock = before.lock.clone();
        let property_style = before.manifest.property_naming;
        let mut skeleton = Plan {
            events: BTreeMap::new(),
            ..before
        };
        // An owner file that does not parse still names an owner: events
        // may name it (its own error is the one to read).
        for (path, _) in existing.iter() {
            if let Some(key) = path
                .strip_prefix("owners/")
                .and_then(|p| p.strip_suffix(".toml"))
                .and_then(|k| Key::new(k).ok())
                && !skeleton.owners.contains_key(&key)
            {
                skeleton
                    .owners
                    .insert(key.clone(), placeholder_owner(key, ""));
            }
        }
        Assembler {
            existing,
            vendor,
            skeleton,
            fresh,
            style,
            existing_names,
            taken_keys: HashMap::new(),
            taken_names: HashMap::new(),
            event_names: Tally::new(style),
            property_names: Tally::new(property_style),
            lock,
            unloadable: Vec::new(),
            dropped_ids: 0,
            dropped_in: 0,
            notes_mark: out.notes.len(),
            out,
            sink,
        }
    }

    /// The plan's event naming style (what [`Prepared::new`] needs).
    pub fn style(&self) -> NamingStyle {
        self.style
    }

    /// Writes the file of a new owner `key` named `name`, which events
    /// pushed after it may name.
    pub fn add_owner(&mut self, key: &str, name: &str) -> Result<(), ImportError> {
        let Ok(owner_key) = Key::new(key) else {
            return Ok(());
        };
        let mut doc = toml_edit::DocumentMut::new();
        doc.insert("name", toml_edit::value(name));
        self.write(&format!("owners/{key}.toml"), &doc.to_string())?;
        self.skeleton
            .owners
            .insert(owner_key.clone(), placeholder_owner(owner_key, name));
        Ok(())
    }

    /// Whether the committed plan or this import has owner `key`.
    pub fn has_owner(&self, key: &str) -> bool {
        self.skeleton.owners.keys().any(|k| k.as_str() == key)
    }

    /// Takes one candidate.
    pub fn push(&mut self, c: &Candidate) -> Result<(), ImportError> {
        let prepared = Prepared::new(c, self.style);
        self.push_prepared(prepared, c.version)
    }

    /// Takes one candidate made ready by [`Prepared::new`].
    pub fn push_prepared(
        &mut self,
        p: Prepared,
        version: Option<SchemaVer>,
    ) -> Result<(), ImportError> {
        let version = version.or_else(|| p.version.as_deref().and_then(SchemaVer::parse));
        let Some(key) = self.choose(&p) else {
            return Ok(());
        };
        self.event_names.add(&p.name);
        for name in &p.property_names {
            self.property_names.add(name);
        }
        let path = format!("events/{key}.toml");
        let id = match self.check(&path, &p.text) {
            Ok(id) => id,
            Err(first) => {
                self.unloadable.push(format!(
                    "{}: the event it makes does not load: {first}",
                    p.source
                ));
                return Ok(());
            }
        };
        self.out
            .kept
            .extend(p.kept.iter().map(|kept| format!("{key}: {kept}")));
        self.out
            .notes
            .extend(p.notes.iter().map(|note| format!("{key}: {note}")));
        if p.dropped_ids > 0 {
            self.dropped_ids += p.dropped_ids;
            self.dropped_in += 1;
        }
        if let (Some(version), Ok(event_key)) = (version, Key::new(&key)) {
            self.lock.events.insert(
                event_key,
                LockedEvent {
                    version,
                    id: id.to_string(),
                },
            );
            self.out.versions.insert(key.clone(), version.to_string());
        }
        self.write(&path, &p.text)?;
        self.out.events.push((p.name, key));
        Ok(())
    }

    /// The key `p` gets, or `None` with the reason listed in `skipped`
    /// (a key that cannot be one, an existing file, a key or a name taken);
    /// slugged names are listed in `renames`.
    fn choose(&mut self, p: &Prepared) -> Option<String> {
        let key = slug(&p.key_from);
        let name = &p.name;
        let refusal = if key.is_empty() || Key::new(&key).is_err() {
            Some(format!(
                "`{}` cannot become a key (lowercase letters, digits and `_`, at most {} characters)",
                p.key_from,
                tplan_plan::key::MAX_KEY_LEN
            ))
        } else if self.existing.get(&format!("events/{key}.toml")).is_some() {
            Some(format!(
                "`events/{key}.toml` exists; an import never overwrites"
            ))
        } else if let Some(first) = self.taken_keys.get(&key) {
            Some(format!("its key `{key}` is already taken by {first}"))
        } else if let Some(other) = self.existing_names.get(name) {
            Some(format!(
                "the plan already has an event named `{name}` (`{other}`)"
            ))
        } else {
            self.taken_names
                .get(name)
                .map(|first| format!("the event name `{name}` is already taken by {first}"))
        };
        if let Some(why) = refusal {
            self.out.skipped.push(format!("{}: {why}", p.source));
            return None;
        }
        // An identifier that changes is a rename; a display name is only
        // listed when its key drops more than case and spacing.
        let renamed = if p.respell_name {
            key != p.key_from
        } else {
            !p.key_from
                .chars()
                .all(|ch| ch.is_alphanumeric() || " _-".contains(ch))
        };
        if renamed {
            self.out.renames.push((p.key_from.clone(), key.clone()));
        }
        self.taken_keys.insert(key.clone(), p.source.clone());
        self.taken_names.insert(name.clone(), p.source.clone());
        Some(key)
    }

    /// The safety net: the event file loaded on its own against the plan's
    /// owners and shared properties (checks across events, such as names,
    /// are [`Self::choose`]'s). Its id, or its first error.
    fn check(&self, path: &str, text: &str) -> Result<ObjectId, String> {
        let mut one = PlanFiles::new();
        one.insert_bytes(path, text.as_bytes().to_vec());
        let policy = self.skeleton.manifest.policy.additional_properties;
        let shared = &self.skeleton.properties;
        let shared_id = |k: &str| shared.get(k).map(|s| s.id);
        let (ids, mut errors) = tplan_schema::map_events(&one, &self.skeleton, |event| {
            canonical::id_of(&canonical::event(&event, policy, &shared_id))
        });
        errors.sort_by_key(|e| e.span.map(|s| s.start));
        match (ids.first(), errors.first()) {
            (Some(id), None) => Ok(*id),
            (_, Some(e)) => Err(e.to_string()),
            (None, None) => Err("it is not an event file".into()),
        }
    }

    fn write(&mut self, path: &str, text: &str) -> Result<(), ImportError> {
        self.sink
            .write(path, text)
            .map_err(|e| ImportError::Staging {
                path: path.to_string(),
                reason: e.to_string(),
            })?;
        self.out.files.insert(path.to_string());
        Ok(())
    }

    /// After the last candidate: the manifest fitted to the imported names
    /// (and vendor), the lock with imported versions, and the report.
    pub fn finish(mut self) -> Result<Import, ImportError> {
        if let Some(text) = self.existing.text(MANIFEST) {
            let mut manifest = text.to_string();
            if let Some(vendor) = self.vendor {
                manifest = tplan_edit::template::set_identity(&manifest, None, Some(vendor));
            }
            let mut notes = Vec::new();
            let manifest = fit_naming(
                manifest,
                self.fresh,
                &self.event_names,
                &self.property_names,
                &mut notes,
            );
            let mark = self.notes_mark.min(self.out.notes.len());
            self.out.notes.splice(mark..mark, notes);
            if manifest != text {
                self.write(MANIFEST, &manifest)?;
            }
        }
        let (dropped_ids, dropped_in) = (self.dropped_ids, self.dropped_in);
        if dropped_ids > 0 {
            self.out.notes.push(format!(
                "{dropped_ids} `id` keyword{} dropped in {}: draft-04 leftovers with no meaning in the schemas' draft",
                if dropped_ids == 1 { "" } else { "s" },
                if dropped_in == 1 { "1 event".to_string() } else { format!("{dropped_in} events") }
            ));
        }
        if !self.out.versions.is_empty() {
            let lock = tplan_edit::release::render_lock(&self.lock);
            self.write(LOCK, &lock)?;
        }
        let unloadable = std::mem::take(&mut self.unloadable);
        self.out.skipped.extend(unloadable);
        Ok(self.out)
    }
}

/// An owner known by its key, for the events checked against it.
fn placeholder_owner(key: Key, name: &str) -> Owner {
    Owner {
        key,
        name: name.to_string(),
        contact: None,
        members: Vec::new(),
        description: None,
        id: ObjectId::default(),
    }
}

/// A name made from an identifier, or a schema's title, is for people
/// only: it is respelled in the plan's style when it breaks it. A name that
/// payloads carry (a Segment event's) stays as it is.
fn display(c: &Candidate, style: NamingStyle) -> String {
    let name = c.draft.title.clone().unwrap_or_else(|| c.name.clone());
    if c.respell_name && !tplan_plan::naming::follows(style, &name) {
        tplan_plan::naming::respell(style, &name)
    } else {
        name
    }
}

/// Every property name the candidate declares, nested ones included.
fn property_names(c: &Candidate) -> Vec<String> {
    let mut names = Vec::new();
    for (name, p) in &c.draft.properties {
        names.push(name.clone());
        p.walk(&mut |path, _| {
            let segments: Vec<&str> = path.split('/').collect();
            if let [.., "properties", name] = segments.as_slice() {
                names.push(name.to_string());
            }
        });
    }
    names
}
