//! Plain JSON Schema files, one event each: the key from the file name, the
//! name from `title`, the dialect from `$schema` (2020-12 when absent).

use rayon::prelude::*;
use serde_json::Value;

use super::Candidate;
use super::schema::{Dialect, event_from_schema};

/// Reads `files` (`(path, bytes)`); returns the events and, for each file
/// that could not be one, `path: reason`.
pub fn candidates(files: Vec<(String, Vec<u8>)>) -> (Vec<Candidate>, Vec<String>) {
    let results: Vec<Result<Candidate, String>> = files
        .into_par_iter()
        .map(|(path, bytes)| read(&path, &bytes).map_err(|why| format!("{path}: {why}")))
        .collect();
    let mut out = (Vec::new(), Vec::new());
    for r in results {
        match r {
            Ok(c) => out.0.push(c),
            Err(e) => out.1.push(e),
        }
    }
    out.0.sort_by(|a, b| a.source.cmp(&b.source));
    out.1.sort();
    out
}

fn read(path: &str, bytes: &[u8]) -> Result<Candidate, String> {
    let schema = super::read_json(bytes)?;
    let dialect = match schema.get("$schema") {
        None => Dialect::Draft202012,
        Some(Value::String(uri)) => Dialect::from_uri(uri)
            .ok_or_else(|| format!("`$schema` `{uri}` is not a JSON Schema draft tplan reads (04, 06, 07, 2019-09, 2020-12)"))?,
        Some(other) => return Err(format!("`$schema` is {other}, not a URI")),
    };
    check(&schema, dialect)?;
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".json")
        .trim_end_matches(".schema")
        .to_string();
    let draft = event_from_schema(&schema, dialect)?;
    Ok(Candidate {
        source: path.to_string(),
        key_from: stem.clone(),
        name: stem,
        respell_name: true,
        draft,
        version: None,
    })
}

/// A schema valid against its draft's meta-schema that compiles offline
/// (no remote `$ref` is fetched).
pub(crate) fn check(schema: &Value, dialect: Dialect) -> Result<(), String> {
    let mut plain = schema.clone();
    if let Some(map) = plain.as_object_mut() {
        // Iglu's `self` and meta-schema URI are not JSON Schema.
        map.remove("self");
        if dialect == Dialect::Draft4 {
            map.remove("$schema");
        }
    }
    let meta = match dialect {
        Dialect::Draft4 => jsonschema::draft4::meta::validate(&plain),
        Dialect::Draft6 => jsonschema::draft6::meta::validate(&plain),
        Dialect::Draft7 => jsonschema::draft7::meta::validate(&plain),
        Dialect::Draft201909 => jsonschema::draft201909::meta::validate(&plain),
        Dialect::Draft202012 => jsonschema::draft202012::meta::validate(&plain),
    };
    meta.map_err(|e| format!("not a valid JSON Schema: {e} (at `{}`)", e.instance_path()))?;
    jsonschema::options()
        .with_draft(dialect.draft())
        .should_validate_formats(true)
        .build(&plain)
        .map_err(|e| format!("does not compile: {e}"))?;
    Ok(())
}
