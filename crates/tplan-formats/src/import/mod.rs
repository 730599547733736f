//! Importers: an Iglu registry, JSON Schema files and Segment Protocols
//! plans become plan files. Every source is read into [`Candidate`]s (an
//! event read from a schema, with where it came from), then [`assemble`]
//! gives them keys, refuses collisions, renders the files and checks that
//! the plan they make loads. An import never overwrites an existing event.
//!
//! Pure: the caller reads the files and writes the result.

pub mod iglu;
pub mod jsonschema;
mod render;
pub mod schema;
pub mod segment;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::csv::slug;
pub use schema::{Dialect, EventDraft, event_from_schema};
use tplan_plan::files::{LOCK, MANIFEST, PlanFiles};
use tplan_plan::model::{LockedEvent, NamingStyle, SchemaVer};

/// One event read from a source, before it has a key.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where it came from, for messages (`schemas/com.acme/x/jsonschema/1-0-0`).
    pub source: String,
    /// The name its key is made from (an Iglu name, a file stem, an event
    /// name).
    pub key_from: String,
    /// Its display name when the schema has no `title`.
    pub name: String,
    /// Whether `name` is an identifier (an Iglu name, a file stem) to be
    /// respelled in the plan's event naming style; a Segment event name is
    /// the payload's contract and stays as it is.
    pub respell_name: bool,
    /// The event read from its schema.
    pub draft: EventDraft,
    /// The version it was published at (Iglu), recorded in `tplan.lock`.
    pub version: Option<SchemaVer>,
}

/// What an import produces.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Import {
    /// New or changed plan files (relative to the plan folder) and their text.
    pub files: BTreeMap<String, String>,
    /// Events imported: name and key.
    pub events: Vec<(String, String)>,
    /// Names that had to be slugged to become keys: name, key.
    pub renames: Vec<(String, String)>,
    /// What was not imported, and why.
    pub skipped: Vec<String>,
    /// What was kept verbatim under `schema_extra`, per event.
    pub kept: Vec<String>,
    /// Other things worth knowing (a vendor set, meaning that changed).
    pub notes: Vec<String>,
    /// Versions recorded in `tplan.lock`, by key.
    pub versions: BTreeMap<String, String>,
}

impl Import {
    /// Whether anything was left out.
    pub fn partial(&self) -> bool {
        !self.skipped.is_empty()
    }
}

/// Turns candidates into plan files over `existing` (the committed plan):
/// keys slugged from `key_from` (renames listed), collisions with each other
/// or with existing events refused, files rendered, and the resulting plan
/// loaded to be sure it is valid (an event that does not load is listed,
/// not written). `vendor` replaces the manifest's vendor when given.
/// A file's bytes as JSON, or why not (with the line and column).
pub(crate) fn read_json(bytes: &[u8]) -> Result<serde_json::Value, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 (byte {})", e.valid_up_to() + 1))?;
    serde_json::from_str(text)
        .map_err(|e| format!("not JSON (line {}, column {}): {e}", e.line(), e.column()))
}

/// Styles tried, in order, when imported names break the plan's: the first
/// every name follows is set.
const FITTING_STYLES: [NamingStyle; 8] = [
    NamingStyle::ObjectAction,
    NamingStyle::TitleCase,
    NamingStyle::SnakeCase,
    NamingStyle::CamelCase,
    NamingStyle::SentenceCase,
    NamingStyle::LowerCase,
    NamingStyle::KebabCase,
    NamingStyle::PascalCase,
];

/// `manifest` with `[naming] <key>` set, comments kept.
fn set_naming(manifest: &str, key: &str, style: NamingStyle) -> String {
    let Ok(mut doc) = manifest.parse::<toml_edit::DocumentMut>() else {
        return manifest.to_string();
    };
    let item = &mut doc["naming"][key];
    let decor = item.as_value().map(|old| old.decor().clone());
    *item = toml_edit::value(style.as_str());
    if let (Some(decor), Some(new)) = (decor, item.as_value_mut()) {
        *new.decor_mut() = decor;
    }
    doc.to_string()
}

pub fn assemble(
    candidates: Vec<Candidate>,
    existing: &PlanFiles,
    vendor: Option<&str>,
    mut out: Import,
) -> Import {
    let before = tplan_schema::load(existing);
    let existing_names: BTreeMap<String, String> = before
        .plan
        .events
        .values()
        .map(|e| (e.name.clone(), e.key.to_string()))
        .collect();
    let event_style = before.plan.manifest.event_naming;
    // A name made from an identifier, or a schema's title, is for people
    // only: it is respelled in the plan's style when it breaks it. A name
    // that payloads carry (a Segment event's) stays as it is.
    let display = |c: &Candidate| -> String {
        let name = c.draft.title.clone().unwrap_or_else(|| c.name.clone());
        if c.respell_name && !tplan_plan::naming::follows(event_style, &name) {
            tplan_plan::naming::respell(event_style, &name)
        } else {
            name
        }
    };
    let mut taken_keys: BTreeMap<String, String> = BTreeMap::new();
    let mut taken_names: BTreeMap<String, String> = BTreeMap::new();
    let mut chosen: Vec<(String, Candidate)> = Vec::new();
    for c in candidates {
        let key = slug(&c.key_from);
        if key.is_empty() || tplan_plan::Key::new(&key).is_err() {
            out.skipped.push(format!(
                "{}: `{}` cannot become a key (lowercase letters, digits and `_`, at most {} characters)",
                c.source,
                c.key_from,
                tplan_plan::key::MAX_KEY_LEN
            ));
            continue;
        }
        let name = display(&c);
        if existing.get(&format!("events/{key}.toml")).is_some() {
            out.skipped.push(format!(
                "{}: `events/{key}.toml` exists; an import never overwrites",
                c.source
            ));
            continue;
        }
        if let Some(first) = taken_keys.get(&key) {
            out.skipped.push(format!(
                "{}: its key `{key}` is already taken by {first}",
                c.source
            ));
            continue;
        }
        if let Some(other) = existing_names.get(&name) {
            out.skipped.push(format!(
                "{}: the plan already has an event named `{name}` (`{other}`)",
                c.source
            ));
            continue;
        }
        if let Some(first) = taken_names.get(&name) {
            out.skipped.push(format!(
                "{}: the event name `{name}` is already taken by {first}",
                c.source
            ));
            continue;
        }
        // An identifier that changes is a rename; a display name is only
        // listed when its key drops more than case and spacing.
        let renamed = if c.respell_name {
            key != c.key_from
        } else {
            !c.key_from
                .chars()
                .all(|ch| ch.is_alphanumeric() || " _-".contains(ch))
        };
        if renamed {
            out.renames.push((c.key_from.clone(), key.clone()));
        }
        taken_keys.insert(key.clone(), c.source.clone());
        taken_names.insert(name.clone(), c.source.clone());
        chosen.push((key, c));
    }

    let mut files = existing.clone();
    // Files the importer made already (owners) are part of the plan checked.
    for (path, text) in &out.files {
        files.insert_bytes(path.clone(), text.clone().into_bytes());
    }
    if let Some(text) = existing.text(MANIFEST) {
        let mut manifest = text.to_string();
        if let Some(vendor) = vendor {
            manifest = tplan_edit::template::set_identity(&manifest, None, Some(vendor));
        }
        let fresh = before.plan.events.is_empty();
        let names: Vec<String> = chosen.iter().map(|(_, c)| display(c)).collect();
        let mut property_names = Vec::new();
        for (_, c) in &chosen {
            for (name, p) in &c.draft.properties {
                property_names.push(name.clone());
                p.walk(&mut |path, _| {
                    let segments: Vec<&str> = path.split('/').collect();
                    if let [.., "properties", name] = segments.as_slice() {
                        property_names.push(name.to_string());
                    }
                });
            }
        }
        for (table_key, style, names) in [
            ("event", before.plan.manifest.event_naming, &names),
            (
                "property",
                before.plan.manifest.property_naming,
                &property_names,
            ),
        ] {
            let breaking: Vec<&String> = names
                .iter()
                .filter(|n| !tplan_plan::naming::follows(style, n))
                .collect();
            if breaking.is_empty() {
                continue;
            }
            if fresh {
                // The names are the payloads' contract: the rule follows them.
                let fits = FITTING_STYLES
                    .iter()
                    .copied()
                    .find(|s| names.iter().all(|n| tplan_plan::naming::follows(*s, n)))
                    .unwrap_or(NamingStyle::Any);
                manifest = set_naming(&manifest, table_key, fits);
                out.notes.push(format!(
                    "`[naming] {table_key}` is now `{fits}` (was `{style}`) to fit the imported names (first that broke it: `{}`)",
                    breaking[0]
                ));
            } else {
                out.notes.push(format!(
                    "{} imported {table_key} name{} break `[naming] {table_key} = \"{style}\"` (first: `{}`); `tplan lint` reports them: rename them in a breaking change, or relax the rule",
                    breaking.len(),
                    if breaking.len() == 1 { "" } else { "s" },
                    breaking[0]
                ));
            }
        }
        if manifest != text {
            files.insert_bytes(MANIFEST, manifest.clone().into_bytes());
            out.files.insert(MANIFEST.to_string(), manifest);
        }
    }
    let mut rendered = Vec::new();
    for (key, c) in chosen {
        let name = display(&c);
        let text = render::event(&name, &c.draft);
        let path = format!("events/{key}.toml");
        files.insert_bytes(path.clone(), text.clone().into_bytes());
        rendered.push((key, name, path, text, c));
    }
    // The safety net: what does not load is listed, never written.
    let loaded = tplan_schema::load(&files);
    let broken: BTreeSet<&str> = loaded.errors.iter().map(|e| e.file.as_str()).collect();
    let mut lock = before.plan.lock.clone();
    let (mut dropped_ids, mut dropped_in) = (0, 0);
    for (key, name, path, text, c) in rendered {
        if broken.contains(path.as_str()) {
            let first = loaded
                .errors
                .iter()
                .find(|e| e.file == path)
                .map(|e| e.to_string())
                .unwrap_or_default();
            out.skipped.push(format!(
                "{}: the event it makes does not load: {first}",
                c.source
            ));
            continue;
        }
        for kept in &c.draft.kept {
            out.kept.push(format!("{key}: {kept}"));
        }
        for note in &c.draft.notes {
            out.notes.push(format!("{key}: {note}"));
        }
        if c.draft.dropped_ids > 0 {
            dropped_ids += c.draft.dropped_ids;
            dropped_in += 1;
        }
        if let (Some(version), Some(event)) = (c.version, loaded.plan.events.get(key.as_str())) {
            lock.events.insert(
                event.key.clone(),
                LockedEvent {
                    version,
                    id: event.id.to_string(),
                },
            );
            out.versions.insert(key.clone(), version.to_string());
        }
        out.files.insert(path, text);
        out.events.push((name, key));
    }
    if dropped_ids > 0 {
        out.notes.push(format!(
            "{dropped_ids} `id` keyword{} dropped in {}: draft-04 leftovers with no meaning in the schemas' draft",
            if dropped_ids == 1 { "" } else { "s" },
            if dropped_in == 1 { "1 event".to_string() } else { format!("{dropped_in} events") }
        ));
    }
    if !out.versions.is_empty() {
        out.files
            .insert(LOCK.to_string(), tplan_edit::release::render_lock(&lock));
    }
    out
}
