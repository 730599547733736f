//! The plan's events, ready to validate payloads: built once from the plan
//! (or its files, event by event), schemas compiled on first sight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use crate::checker::Checker;
use crate::compile::{Compiled, compile, compile_iglu, strip_annotations};
use crate::event::{CatalogEvent, Item, Part, Shape, item};
use crate::report::Report;
use crate::summary::Summary;
use tplan_plan::error::{ErrorKind, PlanError};
use tplan_plan::model::{CallType, SchemaVer};
use tplan_plan::{Plan, PlanFiles};

/// Where published schemas come from: the registry path
/// (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`) to the schema's bytes.
pub type Registry = Box<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

/// The plan's events, ready to validate payloads.
pub struct Catalog {
    pub(crate) vendor: String,
    pub(crate) events: Vec<CatalogEvent>,
    pub(crate) by_name: HashMap<String, usize>,
    /// The first event (by key) of each call type: an `identify` or a
    /// `group` payload names no event.
    pub(crate) by_type: HashMap<CallType, usize>,
    /// Only this source's traffic: an event not planned for it is a
    /// finding ([`Catalog::only_source`]).
    pub(crate) source: Option<String>,
    /// The sources the plan declares (`sources/`): none, free names.
    pub(crate) declared_sources: Vec<String>,
    pub(crate) by_key: HashMap<String, usize>,
    pub(crate) parts: Vec<Part>,
    pub(crate) published: Mutex<HashMap<String, Arc<OnceLock<Option<Compiled>>>>>,
    pub(crate) registry: Option<Registry>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("vendor", &self.vendor)
            .field("events", &self.events.len())
            .finish()
    }
}

impl Catalog {
    /// The catalog of `plan`'s events; `registry` looks up published
    /// schemas for self-describing payloads.
    pub fn new(plan: &Plan, registry: Option<Registry>) -> Catalog {
        use rayon::prelude::*;
        let items: Vec<Item> = plan
            .events
            .par_iter()
            .map(|(_, event)| item(plan, event))
            .collect();
        Catalog::build(plan, items, registry)
    }

    /// The catalog of the plan in `files`, read event by event: the plan is
    /// never held whole (5,000 parsed events cost over 100 MB; their
    /// compact schemas a few). Errors when the plan has any; `load` then
    /// says where.
    pub fn from_files(
        files: &PlanFiles,
        registry: Option<Registry>,
    ) -> Result<Catalog, Vec<PlanError>> {
        let mut skeleton_files = PlanFiles::new();
        for (path, entry) in files.iter() {
            if !path.starts_with("events/") {
                skeleton_files.insert(path.to_string(), entry.clone());
            }
        }
        skeleton_files.set_partial();
        let skeleton = tplan_schema::load(&skeleton_files);
        if !skeleton.errors.is_empty() {
            return Err(skeleton.errors);
        }
        let plan = skeleton.plan;
        let (items, errors) = tplan_schema::map_events(files, &plan, |event| item(&plan, &event));
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for i in &items {
            if let Some(other) = seen.insert(&i.name, &i.key) {
                return Err(vec![PlanError::new(
                    format!("events/{}.toml", i.key),
                    None,
                    ErrorKind::DuplicateEventName {
                        name: i.name.clone(),
                        other: format!("events/{other}.toml"),
                    },
                )]);
            }
        }
        Ok(Catalog::build(&plan, items, registry))
    }

    fn build(plan: &Plan, items: Vec<Item>, registry: Option<Registry>) -> Catalog {
        let mut parts: Vec<Part> = Vec::new();
        let mut part_ids: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut events = Vec::with_capacity(items.len());
        for Item {
            key,
            name,
            call_type,
            sources,
            vendor,
            expected,
            version,
            compact,
            iglu,
        } in items
        {
            let shape = match compact {
                Ok((properties, required, additional)) => {
                    let mut properties: Vec<(Box<str>, u32)> = properties
                        .into_iter()
                        .map(|(name, bytes)| {
                            let id = *part_ids.entry(bytes).or_insert_with_key(|bytes| {
                                parts.push(Part {
                                    schema: bytes.clone().into_boxed_slice(),
                                    compiled: OnceLock::new(),
                                });
                                (parts.len() - 1) as u32
                            });
                            (name.into_boxed_str(), id)
                        })
                        .collect();
                    properties.sort();
                    Shape::Split {
                        properties: properties.into_boxed_slice(),
                        required: required.into_iter().map(String::into_boxed_str).collect(),
                        additional,
                    }
                }
                Err(schema) => Shape::Whole {
                    schema: schema.into_boxed_slice(),
                    compiled: OnceLock::new(),
                },
            };
            events.push(CatalogEvent {
                key,
                name,
                call_type,
                sources,
                vendor,
                expected,
                version,
                shape,
                iglu: iglu.map(|bytes| (bytes.into_boxed_slice(), OnceLock::new())),
            });
        }
        let by_name = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        let mut by_type = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            by_type.entry(e.call_type).or_insert(i);
        }
        let by_key = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        Catalog {
            vendor: plan.manifest.vendor.clone(),
            events,
            by_name,
            by_type,
            source: None,
            declared_sources: plan.sources.keys().map(|k| k.to_string()).collect(),
            by_key,
            parts,
            published: Mutex::new(HashMap::new()),
            registry,
        }
    }

    /// Validates the traffic of `source` only: an event the plan does not
    /// plan for it fails with keyword `source`. In a plan that declares
    /// sources, an unknown one is refused, with the closest as the error.
    pub fn only_source(&mut self, source: &str) -> Result<(), Option<String>> {
        if !self.declared_sources.is_empty() && !self.declared_sources.iter().any(|s| s == source) {
            let known = self.declared_sources.iter().map(String::as_str);
            return Err(tplan_plan::error::suggest(source, known));
        }
        self.source = Some(source.to_string());
        Ok(())
    }

    /// The number of planned events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the plan has no events.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// What checks event `index` against the plan.
    pub(crate) fn plan_checker(&self, index: usize) -> Checker<'_> {
        match &self.events[index].shape {
            Shape::Whole { schema, compiled } => Checker::Whole(
                compiled
                    .get_or_init(|| compile(&serde_json::from_slice(schema).expect("we wrote it"))),
            ),
            Shape::Split {
                properties,
                required,
                additional,
            } => Checker::Split {
                parts: &self.parts,
                properties,
                required,
                additional: *additional,
            },
        }
    }

    /// The published schema at `path` in the registry, compiled; `None`
    /// when the registry does not have it.
    pub(crate) fn published_validator(
        &self,
        path: &str,
    ) -> Option<Arc<OnceLock<Option<Compiled>>>> {
        let registry = self.registry.as_ref()?;
        let cell = {
            let mut map = self.published.lock().expect("not poisoned");
            map.entry(path.to_string()).or_default().clone()
        };
        cell.get_or_init(|| {
            let bytes = registry(path)?;
            Some(match serde_json::from_slice::<Value>(&bytes) {
                Ok(mut schema) => {
                    // Self-describing: `self` names it, `$schema` is Iglu's
                    // meta-schema; the rest is the JSON Schema.
                    if let Some(o) = schema.as_object_mut() {
                        o.remove("self");
                        o.remove("$schema");
                    }
                    strip_annotations(&mut schema);
                    // Iglu schemas are draft-04 (`exclusiveMinimum: true`
                    // is a flag on `minimum`), as Snowplow validates them.
                    compile_iglu(&schema)
                }
                Err(e) => Err(format!("the published schema `{path}` is not JSON: {e}")),
            })
        });
        Some(cell)
    }

    /// The finished report: the summary with the planned events never seen
    /// and the coverage.
    pub fn finish(&self, summary: Summary) -> Report {
        let expected: Vec<&CatalogEvent> = self.events.iter().filter(|e| e.expected).collect();
        let never_seen: Vec<String> = expected
            .iter()
            .filter(|e| !summary.events.contains_key(&e.key))
            .map(|e| e.key.clone())
            .collect();
        let seen = expected.len() - never_seen.len();
        let coverage = if expected.is_empty() {
            100.0
        } else {
            seen as f64 * 100.0 / expected.len() as f64
        };
        Report {
            summary,
            expected: expected.len(),
            seen,
            coverage,
            never_seen,
        }
    }

    /// The current version of an event (for reports).
    pub fn version_of(&self, key: &str) -> Option<SchemaVer> {
        self.by_key.get(key).map(|&i| self.events[i].version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tplan_schema::event_schema;

    /// Errors as (path, keyword) pairs, sorted.
    fn errors_of(checker: &Checker<'_>, instance: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        checker.errors(instance, &mut |p, k, _| {
            out.push((p.to_string(), k.to_string()))
        });
        out.sort();
        out
    }

    #[test]
    fn split_checking_agrees_with_the_whole_schema() {
        let mut files = PlanFiles::new();
        for (path, text) in tplan_plan::example::EXAMPLE_FILES {
            files.insert_bytes(*path, text.as_bytes().to_vec());
        }
        let plan = tplan_schema::plan_from_files(&files).unwrap();
        let catalog = Catalog::new(&plan, None);
        let instances = [
            json!({}),
            json!([]),
            json!({"order_id": 5, "total": -1, "currency": "XXX", "extra": true}),
            json!({"order_id": "6f1c2a4e-8b1d-4c47-9a53-0e2d8f4b7a10", "total": 1, "currency": "EUR",
                   "completed_at": "not a date", "products": [{"quantity": "2"}]}),
            json!({"method": "sms", "a/b~c": 1}),
        ];
        let mut split_events = 0;
        for (index, event) in catalog.events.iter().enumerate() {
            let Shape::Split { .. } = event.shape else {
                continue;
            };
            split_events += 1;
            let whole = compile(&event_schema_value(&plan, &event.key));
            for instance in &instances {
                let split = catalog.plan_checker(index);
                let whole = Checker::Whole(&whole);
                assert_eq!(
                    split.is_valid(instance),
                    whole.is_valid(instance),
                    "{} {instance}",
                    event.key
                );
                assert_eq!(
                    errors_of(&split, instance),
                    errors_of(&whole, instance),
                    "{} {instance}",
                    event.key
                );
            }
        }
        assert!(
            split_events > 20,
            "the example plan's events split: {split_events}"
        );
    }

    fn event_schema_value(plan: &Plan, key: &str) -> Value {
        let mut schema = event_schema(plan, plan.event(key).unwrap());
        strip_annotations(&mut schema);
        schema
    }
}
