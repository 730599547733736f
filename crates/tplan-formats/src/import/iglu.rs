//! A static Iglu registry (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`):
//! every file checked as Iglu's tools check it (JSON, `self` matching the
//! path, a valid draft-04 schema that compiles offline), then each schema's
//! latest version becomes an event of the chosen vendor.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::Value;

use super::assemble::{Sink, assemble};
use super::candidate::{Candidate, Import};
use super::check::{check_schema, read_json};
use super::error::{ImportError, lines, quoted};
use super::schema::{Dialect, event_from_schema};
use tplan_plan::PlanFiles;
use tplan_plan::model::SchemaVer;
use tplan_schema::IgluUri;

/// A schema of the registry that passed its checks.
#[derive(Debug, Clone)]
pub struct IgluSchema {
    /// Its path in the registry.
    pub path: String,
    /// Its URI, from `self`.
    pub uri: IgluUri,
    /// The schema.
    pub schema: Value,
}

/// The registry's files read: the schemas that passed, and the files that
/// did not, with the reason.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Valid schemas, by path.
    pub schemas: Vec<IgluSchema>,
    /// `path: reason` for every file that is not a valid schema.
    pub invalid: Vec<String>,
}

impl Registry {
    /// Checks `files` (`(path under the registry root, bytes)`) in parallel.
    pub fn read(files: Vec<(String, Vec<u8>)>) -> Registry {
        let results: Vec<Result<IgluSchema, String>> = files
            .into_par_iter()
            .map(|(path, bytes)| check(&path, &bytes).map_err(|why| format!("{path}: {why}")))
            .collect();
        let mut registry = Registry::default();
        for r in results {
            match r {
                Ok(s) => registry.schemas.push(s),
                Err(e) => registry.invalid.push(e),
            }
        }
        registry.schemas.sort_by(|a, b| a.path.cmp(&b.path));
        registry.invalid.sort();
        registry
    }

    /// The vendors the registry's schemas belong to.
    pub fn vendors(&self) -> BTreeSet<&str> {
        self.schemas.iter().map(|s| s.uri.vendor.as_str()).collect()
    }

    /// The latest version of each schema, as candidates: of `only` when
    /// given (other vendors' schemas are described in `skipped`), else of
    /// every vendor, those not `main` carrying their own. A name another
    /// vendor already took is keyed by vendor and name. Older versions
    /// are described in `notes`.
    pub fn candidates(
        &self,
        (main, only): (&str, Option<&str>),
        notes: &mut Vec<String>,
        skipped: &mut Vec<String>,
    ) -> Vec<Candidate> {
        let mut latest: BTreeMap<(bool, &str, &str), Vec<&IgluSchema>> = BTreeMap::new();
        for s in &self.schemas {
            if let Some(vendor) = only
                && s.uri.vendor != vendor
            {
                skipped.push(format!(
                    "{}: vendor `{}` is not the one imported (`{vendor}`; without `--vendor` every vendor is)",
                    s.path, s.uri.vendor
                ));
                continue;
            }
            // The main vendor's first, so its names keep their keys.
            let key = (
                s.uri.vendor != main,
                s.uri.vendor.as_str(),
                s.uri.name.as_str(),
            );
            latest.entry(key).or_default().push(s);
        }
        let mut out = Vec::new();
        let mut taken = std::collections::BTreeSet::new();
        for ((other, vendor, name), mut versions) in latest {
            versions.sort_by_key(|s| s.uri.version);
            let newest = versions.pop().expect("at least one version");
            if !versions.is_empty() {
                notes.push(format!(
                    "{name}: imported {} (older {} stay in the registry)",
                    newest.uri.version,
                    versions
                        .iter()
                        .map(|s| s.uri.version.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let key_from = if taken.insert(name) {
                name.to_string()
            } else {
                format!("{vendor}_{name}")
            };
            match event_from_schema(&newest.schema, Dialect::Draft4) {
                Ok(mut draft) => {
                    draft.vendor = other.then(|| vendor.to_string());
                    out.push(Candidate {
                        source: newest.path.clone(),
                        // A second vendor's name is named by vendor too.
                        name: key_from.clone(),
                        key_from,
                        respell_name: true,
                        draft,
                        version: Some(newest.uri.version),
                    })
                }
                Err(why) => skipped.push(format!("{}: {why}", newest.path)),
            }
        }
        out
    }
}

/// The checks of one file.
fn check(path: &str, bytes: &[u8]) -> Result<IgluSchema, String> {
    let parts: Vec<&str> = path.split('/').collect();
    let ["schemas", vendor, name, format, version] = parts.as_slice() else {
        return Err("not at `schemas/<vendor>/<name>/jsonschema/<M-R-A>`".into());
    };
    if *format != "jsonschema" {
        return Err(format!(
            "format `{format}`: only `jsonschema` schemas become events"
        ));
    }
    let Some(version) = SchemaVer::parse(version) else {
        return Err(format!(
            "`{version}` is not a SchemaVer (MODEL-REVISION-ADDITION)"
        ));
    };
    let schema = read_json(bytes)?;
    let Some(object) = schema.as_object() else {
        return Err("not a JSON object".into());
    };
    let uri = match object.get("self") {
        Some(own) => IgluUri::parse(&format!(
            "iglu:{}/{}/{}/{}",
            own["vendor"].as_str().unwrap_or_default(),
            own["name"].as_str().unwrap_or_default(),
            own["format"].as_str().unwrap_or_default(),
            own["version"].as_str().unwrap_or_default()
        ))
        .ok_or_else(|| format!("`self` is not a valid Iglu identity: {own}"))?,
        None => {
            return Err(
                "no `self` (vendor, name, format, version): not a self-describing schema".into(),
            );
        }
    };
    let expected = (*vendor, *name, *format, version);
    let found = (
        uri.vendor.as_str(),
        uri.name.as_str(),
        uri.format.as_str(),
        uri.version,
    );
    if expected != found {
        return Err(format!(
            "`self` says `{uri}`, but the file is at its path for another"
        ));
    }
    if let Some(meta) = object.get("$schema")
        && meta.as_str().and_then(Dialect::from_uri) != Some(Dialect::Draft4)
    {
        return Err(format!(
            "`$schema` is {meta}, not Iglu's self-describing meta-schema"
        ));
    }
    check_schema(&schema, Dialect::Draft4)?;
    Ok(IgluSchema {
        path: path.to_string(),
        uri,
        schema,
    })
}

/// Imports `registry` (read from the folder the user named `dir`) into the
/// plan `existing`: the vendor is `vendor` when given, else the plan's when
/// the registry has it, else the registry's only one. A plan without
/// events takes the registry's vendor; a plan with events of another
/// vendor is refused. The files go to `sink`.
pub fn import(
    registry: &Registry,
    vendor: Option<&str>,
    existing: &PlanFiles,
    dir: &str,
    sink: &mut dyn Sink,
) -> Result<Import, ImportError> {
    let mut out = Import {
        skipped: registry.invalid.clone(),
        ..Import::default()
    };
    if registry.schemas.is_empty() {
        return Err(ImportError::NoValidSchema {
            dir: dir.to_string(),
            reasons: lines(&out.skipped),
        });
    }
    let plan = tplan_schema::load(existing).plan;
    let vendors = registry.vendors();
    let plan_vendor = plan.manifest.vendor.as_str();
    let only = match vendor {
        Some(v) if vendors.contains(v) => Some(v),
        Some(v) => {
            return Err(ImportError::UnknownVendor {
                vendor: v.to_string(),
                vendors: quoted(vendors.iter().copied()),
            });
        }
        None => None,
    };
    // The plan's own vendor: the one asked for, the plan's when the
    // registry has it or the plan has events, else the registry's vendor
    // with the most schemas (the others' events carry their own).
    let vendor = match only {
        Some(v) => v,
        None if vendors.contains(plan_vendor) || !plan.events.is_empty() => plan_vendor,
        None => most_schemas(registry),
    };
    let set_vendor = if vendor != plan_vendor {
        if !plan.events.is_empty() && only.is_some() {
            return Err(ImportError::VendorMismatch {
                plan_vendor: plan_vendor.to_string(),
                vendor: vendor.to_string(),
            });
        }
        out.notes.push(format!(
            "the plan's vendor is now `{vendor}` (was `{plan_vendor}`)"
        ));
        Some(vendor)
    } else {
        None
    };
    let mut notes = Vec::new();
    if only.is_none() && vendors.len() > 1 {
        notes.push(format!(
            "{} vendors imported; events of vendors other than `{vendor}` set their own `vendor`",
            vendors.len()
        ));
    }
    let candidates = registry.candidates((vendor, only), &mut notes, &mut out.skipped);
    out.notes.extend(notes);
    assemble(candidates, existing, set_vendor, out, sink)
}

/// The vendor with the most schemas (the first by name on a tie).
fn most_schemas(registry: &Registry) -> &str {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &registry.schemas {
        *counts.entry(s.uri.vendor.as_str()).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or("", |(v, _)| v)
}
