//! Plain JSON Schema files, one event each: the key from the file name, the
//! name from `title`, the dialect from `$schema` (2020-12 when absent).
//!
//! Files often share definitions (`"$ref": "common.json#/$defs/money"`).
//! A file another one refers to is shared definitions, not an event; each
//! event gets the files it needs embedded under `$defs`, each with the `$id`
//! its references resolve to, so the event's schema stands alone (a JSON
//! Schema 2020-12 compound document). Only the files given are read:
//! nothing is fetched, and a reference to anything else is reported.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::Value;

use super::assemble::{Sink, assemble};
use super::candidate::{Candidate, Import};
use super::check::{compiles, meta_check, read_json};
use super::error::ImportError;
use super::schema::{Dialect, event_from_schema};
use tplan_plan::PlanFiles;
use tplan_schema::dialect::{refs, upgrade};

/// What the files gave.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One per event file.
    pub candidates: Vec<Candidate>,
    /// `path: reason` for each file that could not be read or used.
    pub skipped: Vec<String>,
    /// Shared definition files, and what bringing them to 2020-12 dropped.
    pub notes: Vec<String>,
}

/// One file read, checked against its draft and brought to 2020-12.
struct Source {
    schema: Value,
    notes: Vec<String>,
}

/// Reads `files` (`(path, bytes)`).
pub fn candidates(files: Vec<(String, Vec<u8>)>) -> Outcome {
    let prepared: Vec<(String, Result<Source, String>)> = files
        .into_par_iter()
        .map(|(path, bytes)| {
            let source = prepare(&bytes);
            (path, source)
        })
        .collect();
    let mut out = Outcome::default();
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    for (path, source) in prepared {
        match source {
            Ok(s) => {
                sources.insert(path, s);
            }
            Err(why) => out.skipped.push(format!("{path}: {why}")),
        }
    }
    let ids: BTreeMap<String, String> = sources
        .iter()
        .filter_map(|(path, s)| Some((absolute_id(&s.schema)?.to_string(), path.clone())))
        .collect();
    // Who refers to whom.
    let mut targets: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut missing: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, source) in &sources {
        for reference in refs(&source.schema) {
            match resolve(path, &source.schema, &reference, &sources, &ids) {
                Resolved::Local => {}
                Resolved::File(target) if target != *path => {
                    targets.entry(path).or_default().insert(target);
                }
                Resolved::File(_) => {}
                Resolved::Missing(uri) => {
                    missing.entry(path).or_default().insert(uri);
                }
            }
        }
    }
    let shared: BTreeSet<&String> = targets.values().flatten().collect();
    let mut used_by: BTreeMap<String, usize> = BTreeMap::new();
    let events: Vec<(&String, Result<Candidate, String>)> = sources
        .iter()
        .filter(|(path, _)| !shared.contains(path))
        .map(|(path, source)| {
            if let Some(uris) = missing.get(path.as_str()) {
                let uris: Vec<String> = uris.iter().map(|u| format!("`{u}`")).collect();
                return (
                    path,
                    Err(format!(
                        "`$ref` to {} is not among the files imported (tplan reads no other file and fetches nothing)",
                        uris.join(", ")
                    )),
                );
            }
            let needed = closure(path, &targets);
            for file in &needed {
                *used_by.entry(file.clone()).or_default() += 1;
            }
            (path, bundle(path, source, &needed, &sources).and_then(|s| event(path, &s, source)))
        })
        .collect();
    for (path, event) in events {
        match event {
            Ok(c) => out.candidates.push(c),
            Err(why) => out.skipped.push(format!("{path}: {why}")),
        }
    }
    for path in &shared {
        let n = used_by.get(path.as_str()).copied().unwrap_or(0);
        out.notes.push(format!(
            "{path}: shared definitions, not an event: embedded in the {}",
            if n == 1 {
                "event that refers to it".to_string()
            } else {
                format!("{n} events that refer to it")
            }
        ));
        for note in &sources[path.as_str()].notes {
            out.notes.push(format!("{path}: {note}"));
        }
    }
    out.candidates.sort_by(|a, b| a.source.cmp(&b.source));
    out.skipped.sort();
    out
}

/// Imports `files` (`(path, bytes)`) into the plan `existing`, writing to
/// `sink`.
pub fn import(
    files: Vec<(String, Vec<u8>)>,
    existing: &PlanFiles,
    sink: &mut dyn Sink,
) -> Result<Import, ImportError> {
    let read = candidates(files);
    let out = Import {
        skipped: read.skipped,
        notes: read.notes,
        ..Import::default()
    };
    assemble(read.candidates, existing, None, out, sink)
}

/// Parses, checks against the file's own draft, and brings it to 2020-12.
fn prepare(bytes: &[u8]) -> Result<Source, String> {
    let schema = read_json(bytes)?;
    let dialect = match schema.get("$schema") {
        None => Dialect::Draft202012,
        Some(Value::String(uri)) => Dialect::from_uri(uri)
            .ok_or_else(|| format!("`$schema` `{uri}` is not a JSON Schema draft tplan reads (04, 06, 07, 2019-09, 2020-12)"))?,
        Some(other) => return Err(format!("`$schema` is {other}, not a URI")),
    };
    meta_check(&schema, dialect)?;
    let (mut schema, notes) = upgrade(&schema, dialect);
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$schema".into(),
            Value::String(tplan_schema::DRAFT_2020_12.into()),
        );
    }
    Ok(Source { schema, notes })
}

/// The event from a bundled 2020-12 schema.
fn event(path: &str, schema: &Value, source: &Source) -> Result<Candidate, String> {
    compiles(schema, Dialect::Draft202012)?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".json")
        .trim_end_matches(".schema")
        .to_string();
    let mut draft = event_from_schema(schema, Dialect::Draft202012)?;
    draft.notes.splice(0..0, source.notes.iter().cloned());
    Ok(Candidate {
        source: path.to_string(),
        key_from: stem.clone(),
        name: stem,
        respell_name: true,
        draft,
        version: None,
    })
}

enum Resolved {
    /// Within the same document (`#/...`).
    Local,
    /// Another file given.
    File(String),
    /// Something else (a URL, a file not given), as written.
    Missing(String),
}

/// The root's `$id` when it is an absolute URI (`https://…`).
fn absolute_id(schema: &Value) -> Option<&str> {
    schema
        .get("$id")
        .and_then(Value::as_str)
        .filter(|id| id.contains("://"))
}

fn resolve(
    from: &str,
    schema: &Value,
    reference: &str,
    sources: &BTreeMap<String, Source>,
    ids: &BTreeMap<String, String>,
) -> Resolved {
    let uri = reference.split('#').next().unwrap_or("");
    if uri.is_empty() {
        return Resolved::Local;
    }
    // Against the document's own absolute `$id`, when it has one.
    let absolute = if uri.contains("://") {
        Some(uri.to_string())
    } else {
        absolute_id(schema).and_then(|base| join(base, uri))
    };
    if let Some(path) = absolute.as_ref().and_then(|a| ids.get(a)) {
        return Resolved::File(path.clone());
    }
    if !uri.contains(':')
        && let Some(path) = join(from, uri)
        && sources.contains_key(&path)
    {
        return Resolved::File(path);
    }
    Resolved::Missing(uri.to_string())
}

/// `relative` resolved against `base` (a path or a URL) lexically: `.` and
/// `..` segments folded; `None` when `..` climbs above the start.
fn join(base: &str, relative: &str) -> Option<String> {
    let (prefix, base_path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            let slash = after.find('/').map_or(base.len(), |j| i + 3 + j);
            (&base[..slash], &base[slash..])
        }
        None => ("", base),
    };
    let mut segments: Vec<&str> = base_path.split('/').collect();
    segments.pop(); // the file itself
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(format!("{prefix}{}", segments.join("/")))
}

/// The files `path` needs, directly or through others, in a stable order.
fn closure(path: &str, targets: &BTreeMap<&str, BTreeSet<String>>) -> BTreeSet<String> {
    let mut needed = BTreeSet::new();
    let mut queue: Vec<&str> = vec![path];
    while let Some(next) = queue.pop() {
        for target in targets.get(next).into_iter().flatten() {
            if target != path && needed.insert(target.clone()) {
                queue.push(target);
            }
        }
    }
    needed
}

/// `path`'s schema with each needed file under `$defs`, identified as its
/// references resolve: its own absolute `$id`, else its path relative to
/// `path`'s folder.
fn bundle(
    path: &str,
    source: &Source,
    needed: &BTreeSet<String>,
    sources: &BTreeMap<String, Source>,
) -> Result<Value, String> {
    let mut schema = source.schema.clone();
    if needed.is_empty() {
        return Ok(schema);
    }
    let Some(root) = schema.as_object_mut() else {
        return Err("the schema is not a JSON object".into());
    };
    let defs = root
        .entry("$defs")
        .or_insert_with(|| Value::Object(Default::default()));
    let Some(defs) = defs.as_object_mut() else {
        return Err("`$defs` is not an object".into());
    };
    for file in needed {
        let mut embedded = sources[file].schema.clone();
        let id = match absolute_id(&embedded) {
            Some(id) => id.to_string(),
            None => relative_path(path, file),
        };
        if let Some(map) = embedded.as_object_mut() {
            map.remove("$schema");
            map.insert("$id".into(), Value::String(id.clone()));
        }
        let mut key = id.clone();
        while defs.contains_key(&key) {
            key.push('_');
        }
        defs.insert(key, embedded);
    }
    Ok(schema)
}

/// `to` relative to the folder of `from` (`events/a.json`,
/// `shared/c.json` -> `../shared/c.json`).
fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        parts
    };
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_relate() {
        assert_eq!(join("a/b/c.json", "d.json").as_deref(), Some("a/b/d.json"));
        assert_eq!(
            join("a/b/c.json", "../x/./d.json").as_deref(),
            Some("a/x/d.json")
        );
        assert_eq!(join("c.json", "../d.json"), None);
        assert_eq!(
            join("https://acme.com/s/order.json", "common.json").as_deref(),
            Some("https://acme.com/s/common.json")
        );
        assert_eq!(
            relative_path("events/a.json", "shared/c.json"),
            "../shared/c.json"
        );
        assert_eq!(relative_path("a.json", "c.json"), "c.json");
        assert_eq!(relative_path("x/a.json", "x/y/c.json"), "y/c.json");
    }
}
