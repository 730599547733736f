//! Iglu schemas: the declared SchemaVer bump of a new version checked
//! against the computed one, for a pair or a whole static registry.

use serde_json::Value;
use tplan_plan::SchemaVer;
use tplan_schema::IgluUri;
use tplan_schema::dialect::Dialect;

use crate::bump::next_version;
use crate::class::Class;
use crate::classify::{ClassifyError, Options, SchemaChange, class_of, classify};

/// The Iglu URI a self-describing schema declares in its `self` block.
pub fn declared_uri(schema: &Value) -> Option<IgluUri> {
    let s = schema.get("self")?;
    let text = format!(
        "iglu:{}/{}/{}/{}",
        s.get("vendor")?.as_str()?,
        s.get("name")?.as_str()?,
        s.get("format")?.as_str()?,
        s.get("version")?.as_str()?
    );
    IgluUri::parse(&text)
}

/// The class a version step declares: the most significant part that grew.
/// `None` when `to` does not come after `from`.
pub fn declared_class(from: SchemaVer, to: SchemaVer) -> Option<Class> {
    if to.model > from.model {
        Some(Class::Model)
    } else if to.model == from.model && to.revision > from.revision {
        Some(Class::Revision)
    } else if to.model == from.model && to.revision == from.revision && to.addition > from.addition
    {
        Some(Class::Addition)
    } else {
        None
    }
}

/// A schema as the engine compares it, JSON Schema 2020-12: brought up
/// from the draft its `$schema` names (Iglu's self-describing meta-schema
/// is draft-04, where `exclusiveMinimum: true` qualifies `minimum`); a
/// schema without `$schema` is read as Iglu's when it has a `self` block.
pub fn to_2020_12(schema: &Value) -> Value {
    let dialect = match schema.get("$schema").and_then(Value::as_str) {
        Some(uri) => Dialect::from_uri(uri).unwrap_or(Dialect::Draft202012),
        None if schema.get("self").is_some() => Dialect::Draft4,
        None => Dialect::Draft202012,
    };
    tplan_schema::dialect::upgrade(schema, dialect).0
}

/// How a declared step compares with the computed class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The declared bump is the one the changes need.
    Ok,
    /// More severe than needed: allowed, noted (`declared-bump-above-computed`).
    Above,
    /// Less severe than needed: an error (`declared-bump-below-computed`).
    Below,
}

/// One version step checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepCheck {
    /// The older version.
    pub from: SchemaVer,
    /// The newer version.
    pub to: SchemaVer,
    /// The class the changes need (`metadata` publishes as an addition).
    pub computed: Class,
    /// The class the step declares.
    pub declared: Class,
    /// The version the changes need at least.
    pub needed: SchemaVer,
    /// The verdict.
    pub verdict: Verdict,
    /// Every change.
    pub changes: Vec<SchemaChange>,
}

impl StepCheck {
    /// One sentence: `declared 1-0-1 (addition) but … needs a model bump (2-0-0)`.
    pub fn explain(&self) -> String {
        let worst = self.changes.iter().max_by_key(|c| c.class);
        let cause = worst.map_or("its changes".to_string(), |c| {
            format!("`{}` ({})", c.path, c.rule.id)
        });
        match self.verdict {
            Verdict::Ok => format!(
                "{} -> {}: {} as declared",
                self.from, self.to, self.declared
            ),
            Verdict::Above => format!(
                "{} -> {}: declared {} ({}), more than the {} its changes need; allowed",
                self.from, self.to, self.to, self.declared, self.computed
            ),
            Verdict::Below => format!(
                "declared {} ({}) but {cause} needs a {} bump ({})",
                self.to, self.declared, self.computed, self.needed
            ),
        }
    }
}

/// Checks the step from `old` (at `from`) to `new` (at `to`).
pub fn check_step(
    old: &Value,
    new: &Value,
    from: SchemaVer,
    to: SchemaVer,
    options: &Options,
) -> Result<Option<StepCheck>, ClassifyError> {
    let Some(declared) = declared_class(from, to) else {
        return Ok(None);
    };
    let changes = classify(&to_2020_12(old), &to_2020_12(new), options)?;
    let computed = class_of(&changes);
    // Published schemas are immutable: even metadata needs a new addition.
    let needed_class = match computed {
        Class::None | Class::Metadata => Class::Addition,
        c => c,
    };
    let verdict = if declared < needed_class {
        Verdict::Below
    } else if declared > needed_class || computed == Class::None {
        Verdict::Above
    } else {
        Verdict::Ok
    };
    Ok(Some(StepCheck {
        from,
        to,
        computed,
        declared,
        needed: next_version(from, needed_class),
        verdict,
        changes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(s: &str) -> SchemaVer {
        SchemaVer::parse(s).unwrap()
    }

    #[test]
    fn steps_declare_their_most_significant_part() {
        assert_eq!(declared_class(v("1-0-2"), v("2-0-0")), Some(Class::Model));
        assert_eq!(
            declared_class(v("1-0-2"), v("1-1-0")),
            Some(Class::Revision)
        );
        assert_eq!(
            declared_class(v("1-0-2"), v("1-0-3")),
            Some(Class::Addition)
        );
        assert_eq!(declared_class(v("1-0-2"), v("1-0-2")), None);
        assert_eq!(declared_class(v("2-0-0"), v("1-5-0")), None);
    }

    #[test]
    fn a_removed_required_property_under_an_addition_is_too_small() {
        let old = json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"], "additionalProperties": false});
        let new = json!({"type": "object", "properties": {}, "additionalProperties": false});
        let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
            .unwrap()
            .unwrap();
        assert_eq!(step.verdict, Verdict::Below);
        assert_eq!(
            step.explain(),
            "declared 1-0-1 (addition) but `properties/id` (required-property-removed) needs a model bump (2-0-0)"
        );
    }

    const IGLU: &str = tplan_schema::IGLU_SELF_DESC;

    #[test]
    fn what_draft_04_ignores_is_no_change() {
        // Beside a single `items` schema, draft-04 ignores `additionalItems`:
        // dropping it changes nothing a validator does.
        let old = json!({"$schema": IGLU, "type": "object", "properties": {
            "tags": {"type": "array", "items": {"type": "string"}, "additionalItems": false}
        }});
        let new = json!({"$schema": IGLU, "type": "object", "properties": {
            "tags": {"type": "array", "items": {"type": "string"}}
        }});
        let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
            .unwrap()
            .unwrap();
        assert_ne!(step.verdict, Verdict::Below, "{}", step.explain());
    }

    #[test]
    fn draft_04_exclusive_bounds_compare_as_2020_12() {
        let old = json!({"$schema": IGLU, "minimum": 0, "exclusiveMinimum": true});
        assert_eq!(
            to_2020_12(&old),
            json!({"$schema": IGLU, "exclusiveMinimum": 0})
        );
        let new = json!({"$schema": IGLU, "minimum": 0});
        let step = check_step(&old, &new, v("1-0-0"), v("1-0-1"), &Options::default())
            .unwrap()
            .unwrap();
        assert_eq!(
            (step.computed, step.verdict),
            (Class::Addition, Verdict::Ok)
        );
    }
}

/// One schema file of a static registry, as read from disk.
#[derive(Debug, Clone)]
pub struct RegistryFile {
    /// Path from the registry root (`schemas/com.acme/x/jsonschema/1-0-0`).
    pub path: String,
    /// Its parsed content.
    pub schema: Value,
}

/// A problem with the registry's files themselves (bad input, exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{path}: {message}")]
pub struct RegistryError {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
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
}

/// Checks every consecutive pair of versions of every schema in a static
/// registry (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`). Files whose
/// path or `self` block is wrong are all reported, and nothing is checked.
pub fn check_registry(
    files: Vec<RegistryFile>,
    options: &Options,
) -> Result<RegistryReport, Vec<RegistryError>> {
    use rayon::prelude::*;
    use std::collections::BTreeMap;

    let mut errors = Vec::new();
    let mut by_schema: BTreeMap<String, Vec<(SchemaVer, RegistryFile)>> = BTreeMap::new();
    for file in files {
        let err = |message: String| RegistryError {
            path: file.path.clone(),
            message,
        };
        let parts: Vec<&str> = file.path.split('/').collect();
        let [_, vendor, name, format, version] = parts[..] else {
            errors.push(err(
                "not at `schemas/<vendor>/<name>/<format>/<M-R-A>`".into()
            ));
            continue;
        };
        let Some(version) = SchemaVer::parse(version) else {
            errors.push(err(format!(
                "`{version}` is not a SchemaVer version like `1-0-0`"
            )));
            continue;
        };
        if format != "jsonschema" {
            errors.push(err(format!("format `{format}` is not `jsonschema`")));
            continue;
        }
        if !file.schema.is_object() {
            errors.push(err("not a JSON Schema (a JSON object)".into()));
            continue;
        }
        match declared_uri(&file.schema) {
            None => {
                errors.push(err("no valid `self` block (vendor, name, format, version): not a self-describing schema".into()));
                continue;
            }
            Some(uri)
                if uri.vendor != vendor
                    || uri.name != name
                    || uri.format != format
                    || uri.version != version =>
            {
                errors.push(err(format!("its `self` block says `{uri}`, but the path says `iglu:{vendor}/{name}/{format}/{version}`")));
                continue;
            }
            Some(_) => {}
        }
        by_schema
            .entry(format!("iglu:{vendor}/{name}/{format}"))
            .or_default()
            .push((version, file));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let histories: Vec<Result<SchemaHistory, RegistryError>> = by_schema
        .into_par_iter()
        .map(|(schema, mut versions)| {
            versions.sort_by_key(|(v, _)| *v);
            let mut steps = Vec::new();
            for pair in versions.windows(2) {
                let ((from, a), (to, b)) = (&pair[0], &pair[1]);
                let step = check_step(&a.schema, &b.schema, *from, *to, options)
                    .map_err(|e| RegistryError {
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
        })
        .collect();
    let mut schemas = Vec::new();
    for h in histories {
        match h {
            Ok(h) => schemas.push(h),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(RegistryReport { schemas })
    } else {
        Err(errors)
    }
}
