//! Real payloads against the plan: which events break their schema, which
//! properties, how often, and which planned events never showed up.
//!
//! Two line formats are read: Segment-style tracks
//! (`{"event": NAME, "properties": {...}}`, matched on the event's display
//! name) and Snowplow self-describing events
//! (`{"schema": "iglu:vendor/name/jsonschema/M-R-A", "data": {...}}`,
//! matched on key and version: the published schema of that version when
//! the registry has it, else the plan's).
//!
//! A [`Catalog`] is built once from the plan; the plan itself can then be
//! dropped. Schemas are compiled lazily, once per event, on first sight
//! (annotations stripped: they do not change validation and cost memory).
//! Lines are validated in chunks ([`reader`]), chunks in parallel, and the
//! partial [`Summary`]s merged in line order, so the report is the same
//! whatever the number of threads.

pub mod reader;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use serde_json::Value;

use tplan_plan::error::{ErrorKind, PlanError};
use tplan_plan::model::{SchemaVer, Status};
use tplan_plan::{Plan, PlanFiles};
use tplan_schema::{IgluUri, event_schema};

/// Where published schemas come from: the registry path
/// (`schemas/<vendor>/<name>/jsonschema/<M-R-A>`) to the schema's bytes.
pub type Registry = Box<dyn Fn(&str) -> Option<Vec<u8>> + Send + Sync>;

/// Messages longer than this are cut (a message quotes the failing value).
const MESSAGE_CHARS: usize = 200;

/// One planned event, as validation needs it.
#[derive(Debug)]
struct CatalogEvent {
    key: String,
    name: String,
    /// Whether coverage counts it (active events; drafts and deprecated
    /// ones are not expected in traffic).
    expected: bool,
    /// Its current version (from the lock, `1-0-0` if never published).
    version: SchemaVer,
    /// How its payloads are checked.
    shape: Shape,
    /// Its Iglu (draft-04) schema, compact, for self-describing payloads,
    /// when it may differ in meaning from the 2020-12 one: only
    /// `schema_extra` keywords draft-04 cannot say can make it differ, so
    /// events without `schema_extra` have none.
    iglu: Option<(Box<[u8]>, OnceLock<Compiled>)>,
}

/// How an event's payloads are checked against the plan's schema.
#[derive(Debug)]
enum Shape {
    /// The whole schema compiled as one validator (compact JSON, compiled
    /// on first sight).
    Whole {
        schema: Box<[u8]>,
        compiled: OnceLock<Compiled>,
    },
    /// An object of properties (`type`, `properties`, `required`,
    /// `additionalProperties`), as the plan's events are: the object's
    /// keywords are checked here, each property's value by its subschema's
    /// validator. Identical subschemas across events share one validator,
    /// so 5,000 events cost what their distinct property shapes cost.
    Split {
        /// Property name and part index, sorted by name.
        properties: Box<[(Box<str>, u32)]>,
        required: Box<[Box<str>]>,
        additional: bool,
    },
}

/// Properties' subschemas (compact JSON), required names, open or closed.
type SplitForm = (Vec<(String, Vec<u8>)>, Vec<String>, bool);

/// The compact form of an event's schema: split, or whole.
type Compact = Result<SplitForm, Vec<u8>>;

/// An event as the catalog keeps it, before shapes are shared.
struct Item {
    key: String,
    name: String,
    expected: bool,
    version: SchemaVer,
    compact: Compact,
    iglu: Option<Vec<u8>>,
}

fn item(plan: &Plan, event: &tplan_plan::Event) -> Item {
    let mut schema = event_schema(plan, event);
    strip_annotations(&mut schema);
    let compact =
        split(&schema).ok_or_else(|| serde_json::to_vec(&schema).expect("a schema serialises"));
    let mut passes_through = event.schema_extra.is_some();
    for p in event.properties.values() {
        plan.resolve(p)
            .walk(&mut |_, q| passes_through |= q.schema_extra.is_some());
    }
    let iglu = passes_through.then(|| {
        let mut iglu = tplan_schema::iglu_schema(plan, event);
        if let Some(o) = iglu.as_object_mut() {
            o.remove("self");
            o.remove("$schema");
        }
        strip_annotations(&mut iglu);
        serde_json::to_vec(&iglu).expect("a schema serialises")
    });
    Item {
        key: event.key.to_string(),
        name: event.name.clone(),
        expected: event.status == Status::Active,
        version: plan.version_of(event.key.as_str()),
        compact,
        iglu,
    }
}

/// A property subschema shared by events.
#[derive(Debug)]
struct Part {
    schema: Box<[u8]>,
    compiled: OnceLock<Compiled>,
}

/// What checks one payload.
enum Checker<'a> {
    Whole(&'a Compiled),
    Split {
        catalog: &'a Catalog,
        properties: &'a [(Box<str>, u32)],
        required: &'a [Box<str>],
        additional: bool,
    },
}

/// The keywords a split object may have at its root.
const SPLIT_KEYWORDS: &[&str] = &[
    "$schema",
    "type",
    "properties",
    "required",
    "additionalProperties",
];

/// The split form of an object schema, when it has one: its properties'
/// subschemas (compact JSON), its required names, whether it is open.
fn split(schema: &Value) -> Option<SplitForm> {
    let o = schema.as_object()?;
    if o.keys().any(|k| !SPLIT_KEYWORDS.contains(&k.as_str())) || o.get("type")? != "object" {
        return None;
    }
    let additional = match o.get("additionalProperties") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => return None,
    };
    let mut properties = Vec::new();
    for (name, sub) in o
        .get("properties")
        .map_or(Some(&serde_json::Map::new()), Value::as_object)?
    {
        let bytes = serde_json::to_vec(sub).ok()?;
        // A reference may point anywhere in the whole schema: keep it whole.
        if memchr::memmem::find(&bytes, b"\"$").is_some() {
            return None;
        }
        properties.push((name.clone(), bytes));
    }
    let required = match o.get("required") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    Some((properties, required, additional))
}

/// A compiled schema, or why it could not be compiled.
type Compiled = Result<jsonschema::Validator, String>;

/// The plan's events, ready to validate payloads.
pub struct Catalog {
    vendor: String,
    events: Vec<CatalogEvent>,
    by_name: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    parts: Vec<Part>,
    published: Mutex<HashMap<String, Arc<OnceLock<Option<Compiled>>>>>,
    registry: Option<Registry>,
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
        let by_key = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        Catalog {
            vendor: plan.manifest.vendor.clone(),
            events,
            by_name,
            by_key,
            parts,
            published: Mutex::new(HashMap::new()),
            registry,
        }
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
    fn plan_checker(&self, index: usize) -> Checker<'_> {
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
                catalog: self,
                properties,
                required,
                additional: *additional,
            },
        }
    }

    fn part(&self, id: u32) -> &Compiled {
        let part = &self.parts[id as usize];
        part.compiled
            .get_or_init(|| compile(&serde_json::from_slice(&part.schema).expect("we wrote it")))
    }

    /// The published schema at `path` in the registry, compiled; `None`
    /// when the registry does not have it.
    fn published_validator(&self, path: &str) -> Option<Arc<OnceLock<Option<Compiled>>>> {
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

    /// Validates one chunk of lines (`first_line` is the number of its
    /// first line) into a partial summary.
    pub fn validate_chunk(&self, first_line: u64, data: &[u8], max_examples: usize) -> Summary {
        let mut summary = Summary::default();
        let mut line = first_line;
        let mut rest = data;
        while !rest.is_empty() {
            let (raw, next) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            rest = next;
            let this = line;
            line += 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                summary.blank += 1;
                continue;
            }
            summary.lines += 1;
            self.validate_line(this, raw, max_examples, &mut summary);
        }
        summary
    }

    fn validate_line(&self, line: u64, raw: &[u8], max: usize, summary: &mut Summary) {
        if raw.len() > reader::MAX_LINE_BYTES {
            summary.problem(Problem::TooLong, line, format!("{} bytes", raw.len()), max);
            return;
        }
        let value: Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => {
                let (kind, message) = match std::str::from_utf8(raw) {
                    Err(u) => (
                        Problem::NotUtf8,
                        format!("invalid UTF-8 at byte {}", u.valid_up_to() + 1),
                    ),
                    Ok(_) => (Problem::NotJson, e.to_string()),
                };
                summary.problem(kind, line, message, max);
                return;
            }
        };
        let Value::Object(object) = &value else {
            summary.problem(
                Problem::NotObject,
                line,
                format!("a JSON {}, not an object", json_kind(&value)),
                max,
            );
            return;
        };
        if let Some(schema) = object.get("schema") {
            let Some(uri_text) = schema.as_str() else {
                summary.problem(
                    Problem::BadIgluUri,
                    line,
                    "`schema` is not a string".into(),
                    max,
                );
                return;
            };
            let Some(uri) = IgluUri::parse(uri_text) else {
                summary.problem(
                    Problem::BadIgluUri,
                    line,
                    format!("`{}` is not an Iglu URI like `iglu:com.acme/checkout_completed/jsonschema/1-0-0`", cut(uri_text)),
                    max,
                );
                return;
            };
            let data = object.get("data").unwrap_or(&Value::Null);
            let index = (uri.vendor == self.vendor && uri.format == "jsonschema")
                .then(|| self.by_key.get(&uri.name).copied())
                .flatten();
            let Some(index) = index else {
                summary.unknown(&uri.to_string(), line, max);
                return;
            };
            let version = uri.version.to_string();
            let cell = self.published_validator(&uri.registry_path());
            let published = cell.as_ref().and_then(|c| c.get()).and_then(Option::as_ref);
            let checker = match (published, &self.events[index].iglu) {
                (Some(v), _) => Checker::Whole(v),
                (None, Some((schema, compiled))) => Checker::Whole(compiled.get_or_init(|| {
                    compile_iglu(&serde_json::from_slice(schema).expect("we wrote it"))
                })),
                (None, None) => self.plan_checker(index),
            };
            self.check(index, Some(version), checker, data, line, max, summary);
        } else if let Some(name) = object.get("event") {
            let Some(name) = name.as_str() else {
                summary.problem(
                    Problem::NoEvent,
                    line,
                    "`event` is not a string".into(),
                    max,
                );
                return;
            };
            let Some(&index) = self.by_name.get(name) else {
                summary.unknown(name, line, max);
                return;
            };
            let empty = Value::Object(serde_json::Map::new());
            let properties = object.get("properties").unwrap_or(&empty);
            self.check(
                index,
                None,
                self.plan_checker(index),
                properties,
                line,
                max,
                summary,
            );
        } else {
            summary.problem(
                Problem::NoEvent,
                line,
                "neither `event` (a track) nor `schema` (a self-describing event)".into(),
                max,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        index: usize,
        version: Option<String>,
        checker: Checker<'_>,
        instance: &Value,
        line: u64,
        max: usize,
        summary: &mut Summary,
    ) {
        let event = &self.events[index];
        let stats = summary
            .events
            .entry(event.key.clone())
            .or_insert_with(|| EventSummary {
                name: event.name.clone(),
                ..EventSummary::default()
            });
        stats.count += 1;
        if let Some(v) = version {
            *stats.versions.entry(v).or_default() += 1;
        }
        if checker.is_valid(instance) {
            summary.valid += 1;
            return;
        }
        summary.invalid += 1;
        stats.invalid += 1;
        checker.errors(instance, &mut |path, keyword, message| {
            stats.failure(path, keyword, line, message, max);
        });
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

impl Checker<'_> {
    fn is_valid(&self, instance: &Value) -> bool {
        match self {
            Checker::Whole(Ok(v)) => v.is_valid(instance),
            Checker::Whole(Err(_)) => false,
            Checker::Split {
                catalog,
                properties,
                required,
                additional,
            } => {
                let Value::Object(map) = instance else {
                    return false;
                };
                required.iter().all(|r| map.contains_key(&**r))
                    && map.iter().all(|(name, value)| {
                        match properties.binary_search_by(|(p, _)| (**p).cmp(name.as_str())) {
                            Ok(i) => match catalog.part(properties[i].1) {
                                Ok(v) => v.is_valid(value),
                                Err(_) => false,
                            },
                            Err(_) => *additional,
                        }
                    })
            }
        }
    }

    /// Every error, as (property path, keyword, message).
    fn errors(&self, instance: &Value, report: &mut dyn FnMut(&str, &str, &str)) {
        match self {
            Checker::Whole(Err(e)) => report("", "schema", e),
            Checker::Whole(Ok(v)) => {
                for error in v.iter_errors(instance) {
                    each_error("", &error, report);
                }
            }
            Checker::Split {
                catalog,
                properties,
                required,
                additional,
            } => {
                // The same errors, paths and messages as the whole schema's
                // validator gives.
                let Value::Object(map) = instance else {
                    report(
                        "",
                        "type",
                        &cut(&format!("{instance} is not of type \"object\"")),
                    );
                    return;
                };
                for r in required.iter().filter(|r| !map.contains_key(&***r)) {
                    report(
                        &format!("/{}", escape(r)),
                        "required",
                        &format!("{:?} is a required property", &**r),
                    );
                }
                for (name, value) in map {
                    let at = format!("/{}", escape(name));
                    match properties.binary_search_by(|(p, _)| (**p).cmp(name.as_str())) {
                        Ok(i) => match catalog.part(properties[i].1) {
                            Ok(v) => {
                                for error in v.iter_errors(value) {
                                    each_error(&at, &error, report);
                                }
                            }
                            Err(e) => report(&at, "schema", e),
                        },
                        Err(_) if !additional => report(
                            &at,
                            "additionalProperties",
                            &format!(
                                "Additional properties are not allowed ('{name}' was unexpected)"
                            ),
                        ),
                        Err(_) => {}
                    }
                }
            }
        }
    }
}

/// One validator error, at `prefix` + its path; errors reported on an
/// object name the property itself.
fn each_error(
    prefix: &str,
    error: &jsonschema::ValidationError<'_>,
    report: &mut dyn FnMut(&str, &str, &str),
) {
    let keyword = error.kind().keyword().to_string();
    let at = format!("{prefix}{}", error.instance_path().as_str());
    let message = cut(&error.to_string());
    match error.kind() {
        jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                report(&format!("{at}/{}", escape(name)), &keyword, &message);
            }
        }
        jsonschema::error::ValidationErrorKind::Required { property } => {
            let name = property.as_str().map(escape).unwrap_or_default();
            report(&format!("{at}/{name}"), &keyword, &message);
        }
        _ => report(&at, &keyword, &message),
    }
}

/// Formats are asserted (`date-time`, `email`, `uuid`…), as Iglu's
/// validators do: a tracking plan's `format` is a promise about the data.
/// Compiles a schema of the draft its `$schema` names (2020-12 when none).
fn compile(schema: &Value) -> Compiled {
    build(jsonschema::options(), schema)
}

/// Compiles a schema as `draft`, whatever it says.
fn compile_iglu(schema: &Value) -> Compiled {
    build(tplan_schema::dialect::iglu_options(), schema)
}

fn build(options: jsonschema::ValidationOptions<'_>, schema: &Value) -> Compiled {
    options
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| format!("the schema does not compile: {e}"))
}

/// Removes keywords that annotate and never validate: they are kept by
/// compiled validators and would cost memory for nothing.
fn strip_annotations(schema: &mut Value) {
    match schema {
        Value::Object(o) => {
            for k in [
                "title",
                "description",
                "examples",
                "$comment",
                "deprecated",
                "default",
            ] {
                // A property may be *named* `description`: only strip a
                // keyword whose value is not a subschema map's entry.
                if o.get(k).is_some_and(|v| !v.is_object() || k == "default") {
                    o.remove(k);
                }
            }
            for (key, child) in o.iter_mut() {
                match key.as_str() {
                    // Maps of subschemas: strip inside each, keep the names.
                    "properties" | "$defs" | "definitions" | "patternProperties" => {
                        if let Value::Object(map) = child {
                            for sub in map.values_mut() {
                                strip_annotations(sub);
                            }
                        }
                    }
                    "enum" | "const" => {}
                    _ => strip_annotations(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_annotations),
        _ => {}
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A JSON Pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MESSAGE_CHARS {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MESSAGE_CHARS).collect();
        s.push('…');
        s
    }
}

/// What is wrong with a line that could not be validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// Not JSON.
    NotJson,
    /// Not valid UTF-8.
    NotUtf8,
    /// JSON, but not an object.
    NotObject,
    /// An object with neither `event` nor `schema`.
    NoEvent,
    /// A `schema` that is not an Iglu URI.
    BadIgluUri,
    /// Over the line length limit.
    TooLong,
}

impl Problem {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Problem::NotJson => "not JSON",
            Problem::NotUtf8 => "not UTF-8",
            Problem::NotObject => "not a JSON object",
            Problem::NoEvent => "no event",
            Problem::BadIgluUri => "bad Iglu URI",
            Problem::TooLong => "too long",
        }
    }
}

/// A line and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The input, when several were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The line number (1-based).
    pub line: u64,
    /// The message.
    pub message: String,
}

/// Lines with one problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Occurrences {
    /// How many.
    pub count: u64,
    /// The first ones.
    pub examples: Vec<Example>,
}

impl Occurrences {
    fn add(&mut self, line: u64, message: &str, max: usize) {
        self.count += 1;
        if self.examples.len() < max {
            self.examples.push(Example {
                file: None,
                line,
                message: message.to_string(),
            });
        }
    }

    fn merge(&mut self, other: Occurrences, max: usize) {
        self.count += other.count;
        let room = max.saturating_sub(self.examples.len());
        self.examples.extend(other.examples.into_iter().take(room));
    }
}

/// One failing keyword at one property path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The property path (JSON Pointer into the payload's properties or data).
    pub path: String,
    /// The failing keyword (`type`, `required`, `additionalProperties`…).
    pub keyword: String,
    /// How often, with example lines.
    #[serde(flatten)]
    pub occurrences: Occurrences,
}

/// One event's traffic.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventSummary {
    /// Its display name.
    pub name: String,
    /// Lines of it.
    pub count: u64,
    /// Invalid lines of it.
    pub invalid: u64,
    /// Self-describing lines by schema version.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, u64>,
    #[serde(skip)]
    failures_by: BTreeMap<(String, String), Occurrences>,
}

impl EventSummary {
    fn failure(&mut self, path: &str, keyword: &str, line: u64, message: &str, max: usize) {
        self.failures_by
            .entry((path.to_string(), keyword.to_string()))
            .or_default()
            .add(line, message, max);
    }

    /// Failures by property path and keyword, most frequent first.
    pub fn failures(&self) -> Vec<Failure> {
        let mut out: Vec<Failure> = self
            .failures_by
            .iter()
            .map(|((path, keyword), o)| Failure {
                path: path.clone(),
                keyword: keyword.clone(),
                occurrences: o.clone(),
            })
            .collect();
        out.sort_by_key(|f| std::cmp::Reverse(f.occurrences.count));
        out
    }
}

/// Counts of lines validated, merged chunk by chunk in line order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Non-blank lines read.
    pub lines: u64,
    /// Blank lines (skipped).
    pub blank: u64,
    /// Lines valid against their event's schema.
    pub valid: u64,
    /// Lines invalid against their event's schema.
    pub invalid: u64,
    /// Lines of events the plan does not have.
    pub unknown: u64,
    /// Lines that could not be read as an event.
    pub unparsable: u64,
    /// By event key.
    pub events: BTreeMap<String, EventSummary>,
    /// Events the plan does not have, by name or Iglu URI.
    pub unknown_events: BTreeMap<String, Occurrences>,
    /// Unparsable lines by problem.
    pub problems: BTreeMap<Problem, Occurrences>,
}

impl Summary {
    fn problem(&mut self, kind: Problem, line: u64, message: String, max: usize) {
        self.unparsable += 1;
        self.problems
            .entry(kind)
            .or_default()
            .add(line, &message, max);
    }

    fn unknown(&mut self, name: &str, line: u64, max: usize) {
        self.unknown += 1;
        self.unknown_events
            .entry(cut(name))
            .or_default()
            .add(line, "not in the plan", max);
    }

    /// Records an over-long line the reader skipped.
    pub fn too_long(&mut self, line: u64, bytes: u64, max: usize) {
        self.lines += 1;
        self.problem(
            Problem::TooLong,
            line,
            format!(
                "{bytes} bytes, over the {} MiB limit",
                reader::MAX_LINE_BYTES >> 20
            ),
            max,
        );
    }

    /// Names `file` in every example (line numbers are per input).
    pub fn label_examples(&mut self, file: &str) {
        let label = |o: &mut Occurrences| {
            for e in &mut o.examples {
                e.file = Some(file.to_string());
            }
        };
        for e in self.events.values_mut() {
            e.failures_by.values_mut().for_each(label);
        }
        self.unknown_events.values_mut().for_each(label);
        self.problems.values_mut().for_each(label);
    }

    /// Adds `later`, the summary of the lines after this one's.
    pub fn merge(&mut self, later: Summary, max: usize) {
        self.lines += later.lines;
        self.blank += later.blank;
        self.valid += later.valid;
        self.invalid += later.invalid;
        self.unknown += later.unknown;
        self.unparsable += later.unparsable;
        for (key, theirs) in later.events {
            let ours = self.events.entry(key).or_insert_with(|| EventSummary {
                name: theirs.name.clone(),
                ..EventSummary::default()
            });
            ours.count += theirs.count;
            ours.invalid += theirs.invalid;
            for (v, n) in theirs.versions {
                *ours.versions.entry(v).or_default() += n;
            }
            for (k, o) in theirs.failures_by {
                ours.failures_by.entry(k).or_default().merge(o, max);
            }
        }
        for (name, o) in later.unknown_events {
            self.unknown_events.entry(name).or_default().merge(o, max);
        }
        for (kind, o) in later.problems {
            self.problems.entry(kind).or_default().merge(o, max);
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The counts.
    #[serde(flatten)]
    pub summary: Summary,
    /// Planned events expected in traffic (active ones).
    pub expected: usize,
    /// Of those, seen at least once.
    pub seen: usize,
    /// `seen / expected`, in percent.
    pub coverage: f64,
    /// Expected events never seen.
    pub never_seen: Vec<String>,
}

/// How to validate a stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Example lines kept per failure, problem and unknown event.
    pub max_examples: usize,
}

/// A stream that could not be read to its end: what was validated before
/// the error, and the error.
#[derive(Debug)]
pub struct StreamError {
    /// The lines before the error.
    pub summary: Summary,
    /// Bytes read from the input before the error.
    pub bytes: u64,
    /// The read error.
    pub error: std::io::Error,
}

/// Validates NDJSON from `input`: a reader thread cuts it into chunks,
/// chunks are validated in parallel, and summaries merged in line order.
/// `progress` is told the bytes read so far. Memory stays flat: a bounded
/// number of chunks is in flight.
pub fn validate_stream<R: std::io::Read + Send>(
    catalog: &Catalog,
    input: R,
    options: StreamOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Summary, Box<StreamError>> {
    use rayon::prelude::*;
    let batch = (rayon::current_num_threads() * 2).max(2);
    let max = options.max_examples;
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<
            Result<(reader::Chunk, u64), (std::io::Error, u64)>,
        >(batch);
        scope.spawn(move || {
            let mut chunks = reader::ChunkReader::new(input);
            loop {
                let item = match chunks.next_chunk() {
                    Ok(Some(c)) => Ok((c, chunks.bytes_read())),
                    Ok(None) => return,
                    Err(e) => Err((e, chunks.bytes_read())),
                };
                let stop = item.is_err();
                if send.send(item).is_err() || stop {
                    return;
                }
            }
        });
        let mut summary = Summary::default();
        let mut pending: Vec<reader::Chunk> = Vec::with_capacity(batch);
        let mut failure = None;
        let mut bytes = 0;
        let mut open = true;
        while open {
            pending.clear();
            // A full batch, or what is left.
            while pending.len() < batch {
                match receive.recv() {
                    Ok(Ok((chunk, read))) => {
                        bytes = read;
                        pending.push(chunk);
                    }
                    Ok(Err((e, read))) => {
                        bytes = read;
                        failure = Some(e);
                        open = false;
                        break;
                    }
                    Err(_) => {
                        open = false;
                        break;
                    }
                }
            }
            let parts: Vec<Summary> = pending
                .par_iter()
                .map(|chunk| match chunk {
                    reader::Chunk::Lines { first_line, data } => {
                        catalog.validate_chunk(*first_line, data, max)
                    }
                    reader::Chunk::TooLong { line, bytes } => {
                        let mut s = Summary::default();
                        s.too_long(*line, *bytes, max);
                        s
                    }
                })
                .collect();
            for part in parts {
                summary.merge(part, max);
            }
            progress(bytes);
        }
        match failure {
            None => Ok(summary),
            Some(error) => Err(Box::new(StreamError {
                summary,
                bytes,
                error,
            })),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn annotations_go_and_property_names_stay() {
        let mut schema = json!({
            "title": "T", "description": "d", "type": "object",
            "properties": {"description": {"type": "string", "description": "x", "default": "a"},
                           "title": {"type": "integer"}},
            "required": ["description"]
        });
        strip_annotations(&mut schema);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"description": {"type": "string"},
                   "title": {"type": "integer"}}, "required": ["description"]})
        );
    }
}
