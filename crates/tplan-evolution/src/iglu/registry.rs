//! A static Iglu registry checked: every consecutive pair of versions of
//! every schema, in parallel. Files whose path or `self` block is wrong are
//! all reported, and then nothing is checked.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::Value;
use tplan_plan::SchemaVer;

use super::{StepCheck, Verdict, check_step, declared_uri};
use crate::classify::Options;

/// One schema file of a static registry, as read from disk.
#[derive(Debug, Clone)]
pub struct RegistryFile {
    /// Path from the registry root (`schemas/com.acme/x/jsonschema/1-0-0`).
    pub path: String,
    /// Its parsed content.
    pub schema: Value,
}

/// A problem with one of the registry's files (bad input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum RegistryError {
    /// A file that could not be read as JSON; the message names it.
    #[error("{0}")]
    #[diagnostic(code("unreadable-schema"))]
    Unreadable(String),
    /// A file whose place or content is wrong.
    #[error("{path}: {message}")]
    #[diagnostic(code("bad-registry-file"))]
    Bad {
        /// The file, from the registry root.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A registry with bad files: nothing was checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error(
    "the registry has {} bad file{}; nothing was checked",
    errors.len(),
    if errors.len() == 1 { "" } else { "s" }
)]
#[diagnostic(code("bad-registry"))]
pub struct BadRegistry {
    /// Every bad file, in the order read.
    pub errors: Vec<RegistryError>,
}

/// Every version step of one schema.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaHistory {
    /// `iglu:vendor/name/jsonschema` without a version.
    pub schema: String,
    /// Versions found, oldest first.
    pub versions: Vec<SchemaVer>,
    /// Each consecutive step.
    pub steps: Vec<StepCheck>,
}

/// A whole registry checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegistryReport {
    /// Schemas in key order.
    pub schemas: Vec<SchemaHistory>,
}

impl RegistryReport {
    /// Steps whose declared bump is too small.
    pub fn failures(&self) -> impl Iterator<Item = (&SchemaHistory, &StepCheck)> {
        self.schemas.iter().flat_map(|h| {
            h.steps
                .iter()
                .filter(|s| s.verdict == Verdict::Below)
                .map(move |s| (h, s))
        })
    }

    /// How many version steps were checked.
    pub fn steps(&self) -> usize {
        self.schemas.iter().map(|h| h.steps.len()).sum()
    }
}

/// What `tplan schema check --format json` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegistryCheck {
    /// Whether every declared bump is enough.
    pub passed: bool,
    /// How many declared bumps are too small.
    pub failures: usize,
    /// Every schema with its steps.
    pub report: RegistryReport,
}

/// Checks every consecutive pair of versions of every schema in a static
/// registry (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`). `unreadable`
/// are the files that could not be read; with them, or with files whose
/// path or `self` block is wrong, every bad file is reported and nothing
/// is checked.
pub fn check_registry(
    files: Vec<RegistryFile>,
    unreadable: Vec<RegistryError>,
    options: &Options,
) -> Result<RegistryCheck, BadRegistry> {
    let mut errors = unreadable;
    let mut by_schema: BTreeMap<String, Vec<(SchemaVer, RegistryFile)>> = BTreeMap::new();
    for file in files {
        match place(&file) {
            Ok((schema, version)) => by_schema.entry(schema).or_default().push((version, file)),
            Err(message) => errors.push(RegistryError::Bad {
                path: file.path,
                message,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(BadRegistry { errors });
    }
    let histories: Vec<Result<SchemaHistory, RegistryError>> = by_schema
        .into_par_iter()
        .map(|(schema, versions)| history(schema, versions, options))
        .collect();
    let mut schemas = Vec::new();
    for h in histories {
        match h {
            Ok(h) => schemas.push(h),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(BadRegistry { errors });
    }
    let report = RegistryReport { schemas };
    let failures = report.failures().count();
    Ok(RegistryCheck {
        passed: failures == 0,
        failures,
        report,
    })
}

/// The schema (`iglu:vendor/name/jsonschema`) and version a file's path
/// names, when its `self` block agrees; what is wrong otherwise.
fn place(file: &RegistryFile) -> Result<(String, SchemaVer), String> {
    let parts: Vec<&str> = file.path.split('/').collect();
    let [_, vendor, name, format, version] = parts[..] else {
        return Err("not at `schemas/<vendor>/<name>/<format>/<M-R-A>`".into());
    };
    let Some(version) = SchemaVer::parse(version) else {
        return Err(format!(
            "`{version}` is not a SchemaVer version like `1-0-0`"
        ));
    };
    if format != "jsonschema" {
        return Err(format!("format `{format}` is not `jsonschema`"));
    }
    if !file.schema.is_object() {
        return Err("not a JSON Schema (a JSON object)".into());
    }
    match declared_uri(&file.schema) {
        None => Err(
            "no valid `self` block (vendor, name, format, version): not a self-describing schema"
                .into(),
        ),
        Some(uri)
            if uri.vendor != vendor
                || uri.name != name
                || uri.format != format
                || uri.version != version =>
        {
            Err(format!(
                "its `self` block says `{uri}`, but the path says `iglu:{vendor}/{name}/{format}/{version}`"
            ))
        }
        Some(_) => Ok((format!("iglu:{vendor}/{name}/{format}"), version)),
    }
}

/// Every step of one schema's versions, oldest first.
fn history(
    schema: String,
    mut versions: Vec<(SchemaVer, RegistryFile)>,
    options: &Options,
) -> Result<SchemaHistory, RegistryError> {
    versions.sort_by_key(|(v, _)| *v);
    let mut steps = Vec::new();
    for pair in versions.windows(2) {
        let ((from, a), (to, b)) = (&pair[0], &pair[1]);
        let step = check_step(&a.schema, &b.schema, *from, *to, options)
            .map_err(|e| RegistryError::Bad {
                path: b.path.clone(),
                message: e.to_string(),
            })?
            .expect("sorted distinct versions always step forward");
        steps.push(step);
    }
    Ok(SchemaHistory {
        schema,
        versions: versions.iter().map(|(v, _)| *v).collect(),
        steps,
    })
}
