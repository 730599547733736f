//! Candidates become plan files: keys, collisions, naming, the safety net.

use std::collections::{BTreeMap, BTreeSet};

use super::candidate::{Candidate, Import};
use super::naming::fit_naming;
use super::render;
use super::slug::slug;
use tplan_plan::Plan;
use tplan_plan::files::{LOCK, MANIFEST, PlanFiles};
use tplan_plan::model::{LockedEvent, NamingStyle};

/// Turns candidates into plan files over `existing` (the committed plan):
/// keys slugged from `key_from` (renames listed), collisions with each other
/// or with existing events refused, files rendered, and the resulting plan
/// loaded to be sure it is valid (an event that does not load is listed,
/// not written). `vendor` replaces the manifest's vendor when given.
pub fn assemble(
    candidates: Vec<Candidate>,
    existing: &PlanFiles,
    vendor: Option<&str>,
    mut out: Import,
) -> Import {
    let before = tplan_schema::load(existing);
    let style = before.plan.manifest.event_naming;
    let chosen = choose(candidates, existing, &before.plan, &mut out);
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
        let names: Vec<String> = chosen.iter().map(|(_, c)| display(c, style)).collect();
        let manifest = fit_naming(
            manifest,
            &before.plan,
            &names,
            &property_names(&chosen),
            &mut out.notes,
        );
        if manifest != text {
            files.insert_bytes(MANIFEST, manifest.clone().into_bytes());
            out.files.insert(MANIFEST.to_string(), manifest);
        }
    }
    let rendered: Vec<Rendered> = chosen
        .into_iter()
        .map(|(key, candidate)| {
            let name = display(&candidate, style);
            let text = render::event(&name, &candidate.draft);
            let path = format!("events/{key}.toml");
            files.insert_bytes(path.clone(), text.clone().into_bytes());
            Rendered {
                key,
                name,
                path,
                text,
                candidate,
            }
        })
        .collect();
    keep_what_loads(rendered, &files, &before.plan, &mut out);
    out
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

/// The candidates that get a key, with it; the others are listed in
/// `out.skipped` (a key that cannot be one, an existing file, a key or a
/// name taken), and slugged names in `out.renames`.
fn choose(
    candidates: Vec<Candidate>,
    existing: &PlanFiles,
    plan: &Plan,
    out: &mut Import,
) -> Vec<(String, Candidate)> {
    let existing_names: BTreeMap<String, String> = plan
        .events
        .values()
        .map(|e| (e.name.clone(), e.key.to_string()))
        .collect();
    let style = plan.manifest.event_naming;
    let mut taken_keys: BTreeMap<String, String> = BTreeMap::new();
    let mut taken_names: BTreeMap<String, String> = BTreeMap::new();
    let mut chosen = Vec::new();
    for c in candidates {
        let key = slug(&c.key_from);
        let name = display(&c, style);
        let refusal = if key.is_empty() || tplan_plan::Key::new(&key).is_err() {
            Some(format!(
                "`{}` cannot become a key (lowercase letters, digits and `_`, at most {} characters)",
                c.key_from,
                tplan_plan::key::MAX_KEY_LEN
            ))
        } else if existing.get(&format!("events/{key}.toml")).is_some() {
            Some(format!(
                "`events/{key}.toml` exists; an import never overwrites"
            ))
        } else if let Some(first) = taken_keys.get(&key) {
            Some(format!("its key `{key}` is already taken by {first}"))
        } else if let Some(other) = existing_names.get(&name) {
            Some(format!(
                "the plan already has an event named `{name}` (`{other}`)"
            ))
        } else {
            taken_names
                .get(&name)
                .map(|first| format!("the event name `{name}` is already taken by {first}"))
        };
        if let Some(why) = refusal {
            out.skipped.push(format!("{}: {why}", c.source));
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
        taken_names.insert(name, c.source.clone());
        chosen.push((key, c));
    }
    chosen
}

/// Every property name the chosen events declare, nested ones included.
fn property_names(chosen: &[(String, Candidate)]) -> Vec<String> {
    let mut names = Vec::new();
    for (_, c) in chosen {
        for (name, p) in &c.draft.properties {
            names.push(name.clone());
            p.walk(&mut |path, _| {
                let segments: Vec<&str> = path.split('/').collect();
                if let [.., "properties", name] = segments.as_slice() {
                    names.push(name.to_string());
                }
            });
        }
    }
    names
}

/// An event rendered as its plan file, before the safety net.
struct Rendered {
    key: String,
    name: String,
    path: String,
    text: String,
    candidate: Candidate,
}

/// The safety net: the plan with every rendered event is loaded, and what
/// does not load is listed, never written. The rest goes into `out`, with
/// its kept keywords, notes and the versions recorded in `tplan.lock`.
fn keep_what_loads(rendered: Vec<Rendered>, files: &PlanFiles, before: &Plan, out: &mut Import) {
    let loaded = tplan_schema::load(files);
    let broken: BTreeSet<&str> = loaded.errors.iter().map(|e| e.file.as_str()).collect();
    let mut lock = before.lock.clone();
    let (mut dropped_ids, mut dropped_in) = (0, 0);
    for r in rendered {
        let c = &r.candidate;
        if broken.contains(r.path.as_str()) {
            let first = loaded
                .errors
                .iter()
                .find(|e| e.file == r.path)
                .map(|e| e.to_string())
                .unwrap_or_default();
            out.skipped.push(format!(
                "{}: the event it makes does not load: {first}",
                c.source
            ));
            continue;
        }
        let key = &r.key;
        out.kept
            .extend(c.draft.kept.iter().map(|kept| format!("{key}: {kept}")));
        out.notes
            .extend(c.draft.notes.iter().map(|note| format!("{key}: {note}")));
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
        out.files.insert(r.path, r.text);
        out.events.push((r.name, r.key));
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
}
