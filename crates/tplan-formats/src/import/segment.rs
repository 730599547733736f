//! Segment Protocols tracking plans, in the two shapes Segment's APIs have
//! exported: the Config API's `rules.events[]` (each event's `rules`, a
//! draft-07 schema of the whole call, holds its properties at
//! `properties.properties`; identify and group traits beside the events)
//! and the Public API's `rules[]` (`type` TRACK, IDENTIFY, GROUP or COMMON,
//! `key`, `version`, `jsonSchema`). A track event becomes an event; identify
//! traits and group traits become the events `Identify` and `Group`;
//! common rules (which apply to every call) are reported, not imported.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::assemble::assemble;
use super::candidate::{Candidate, Import};
use super::check::{check_schema, read_json};
use super::error::ImportError;
use super::schema::{Dialect, event_from_schema};
use tplan_plan::PlanFiles;

/// One rule of a tracking plan: a call's name and its schema.
#[derive(Debug, Clone)]
struct Rule {
    /// Where it sits in the file (`rules.events[3]`).
    at: String,
    /// `track`, `identify`, `group` or `common`.
    kind: &'static str,
    /// The event name (track), or `Identify` / `Group`.
    name: Option<String>,
    description: Option<String>,
    version: u64,
    /// The schema of the whole call, or of the traits object directly.
    schema: Option<Value>,
    /// Where the payload object sits in `schema`.
    inner: &'static str,
}

/// A tracking plan read from Segment's JSON.
#[derive(Debug, Clone)]
pub struct TrackingPlan {
    rules: Vec<Rule>,
    /// `rules.global` and other parts not imported, described.
    left_out: Vec<String>,
}

impl TrackingPlan {
    /// Reads either shape (also wrapped in the Public API's
    /// `{"data": {...}}` or the Config API's `{"tracking_plan": {...}}`).
    pub fn parse(bytes: &[u8]) -> Result<TrackingPlan, String> {
        let value = read_json(bytes)?;
        let mut top = &value;
        for wrapper in ["data", "tracking_plan", "trackingPlan"] {
            if let Some(inner) = top.get(wrapper).filter(|v| v.is_object()) {
                top = inner;
            }
        }
        let mut plan = TrackingPlan {
            rules: Vec::new(),
            left_out: Vec::new(),
        };
        match top.get("rules") {
            Some(Value::Array(rules)) => plan.read_rules(rules),
            Some(Value::Object(rules)) => plan.read_config(rules),
            _ if top.is_array() => plan.read_rules(top.as_array().expect("an array")),
            _ => {
                return Err(
                    "no `rules`: expected a Protocols tracking plan (`rules.events[]`, or `rules[]` with TRACK/IDENTIFY/GROUP rules)"
                        .into(),
                );
            }
        }
        Ok(plan)
    }

    /// The Config API's `rules`: `events[]`, traits beside them.
    fn read_config(&mut self, rules: &Map<String, Value>) {
        if let Some(events) = rules.get("events") {
            let Some(events) = events.as_array() else {
                self.left_out
                    .push("`rules.events` is not a list: no event read".into());
                return;
            };
            for (i, e) in events.iter().enumerate() {
                self.rules.push(Rule {
                    at: format!("rules.events[{i}]"),
                    kind: "track",
                    name: e.get("name").and_then(Value::as_str).map(str::to_string),
                    description: e
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    version: e.get("version").and_then(Value::as_u64).unwrap_or(1),
                    schema: e.get("rules").cloned(),
                    inner: "properties",
                });
            }
        }
        // Traits come as one schema (`identify`, `group`) or as a list of
        // rule entries like the events' (`identify_traits`, `group_traits`).
        for (key, kind, name) in [
            ("identify_traits", "identify", "Identify"),
            ("identify", "identify", "Identify"),
            ("group_traits", "group", "Group"),
            ("group", "group", "Group"),
        ] {
            let entries: Vec<(String, &Value)> = match rules.get(key) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (format!("rules.{key}[{i}]"), item))
                    .collect(),
                Some(other) => vec![(format!("rules.{key}"), other)],
            };
            for (at, entry) in entries {
                let (schema, version, description) = match entry.get("rules") {
                    Some(schema) => (
                        schema.clone(),
                        entry.get("version").and_then(Value::as_u64).unwrap_or(1),
                        entry
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    ),
                    None => (entry.clone(), 1, None),
                };
                self.rules.push(Rule {
                    at,
                    kind,
                    name: Some(name.to_string()),
                    description,
                    version,
                    inner: if has_path(&schema, "traits") {
                        "traits"
                    } else {
                        ""
                    },
                    schema: Some(schema),
                });
            }
        }
        let global_says_something = match rules.get("global") {
            None | Some(Value::Null) => false,
            Some(Value::Array(items)) => {
                items.iter().any(|i| !trivial(i.get("rules").unwrap_or(i)))
            }
            Some(schema) => !trivial(schema),
        };
        if global_says_something {
            self.left_out.push(
                "`rules.global` (rules on every call) is not imported: add what it requires to the events it concerns"
                    .into(),
            );
        }
    }

    /// The Public API's `rules[]`.
    fn read_rules(&mut self, rules: &[Value]) {
        for (i, r) in rules.iter().enumerate() {
            let kind = match r.get("type").and_then(Value::as_str) {
                Some(t) if t.eq_ignore_ascii_case("track") => "track",
                Some(t) if t.eq_ignore_ascii_case("identify") => "identify",
                Some(t) if t.eq_ignore_ascii_case("group") => "group",
                Some(t) if t.eq_ignore_ascii_case("common") => "common",
                other => {
                    self.left_out.push(format!(
                        "rules[{i}]: type {} is not TRACK, IDENTIFY, GROUP or COMMON",
                        other.map_or("(none)".to_string(), |t| format!("`{t}`"))
                    ));
                    continue;
                }
            };
            let schema = r
                .get("jsonSchema")
                .or_else(|| r.get("json_schema"))
                .filter(|s| !s.is_null())
                .cloned();
            let name = match kind {
                "track" => r.get("key").and_then(Value::as_str).map(str::to_string),
                "identify" => Some("Identify".to_string()),
                "group" => Some("Group".to_string()),
                _ => None,
            };
            let description = schema
                .as_ref()
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .map(str::to_string);
            self.rules.push(Rule {
                at: format!("rules[{i}]"),
                kind,
                name,
                description,
                version: r.get("version").and_then(Value::as_u64).unwrap_or(1),
                schema,
                inner: match kind {
                    "identify" | "group" => "traits",
                    _ => "properties",
                },
            });
        }
    }

    /// The plan's events as candidates: the highest version of each rule;
    /// what cannot become an event is described in `skipped`, what was
    /// left aside in `notes`.
    pub fn candidates(&self, skipped: &mut Vec<String>, notes: &mut Vec<String>) -> Vec<Candidate> {
        skipped.extend(self.left_out.iter().cloned());
        let mut latest: BTreeMap<(&str, String), &Rule> = BTreeMap::new();
        for rule in &self.rules {
            if rule.kind == "common" {
                skipped.push(format!(
                    "{}: a COMMON rule applies to every call; tplan has no such object, so add what it requires to the events it concerns",
                    rule.at
                ));
                continue;
            }
            let Some(name) = rule.name.clone().filter(|n| !n.trim().is_empty()) else {
                skipped.push(format!("{}: a {} rule without a name", rule.at, rule.kind));
                continue;
            };
            let entry = latest.entry((rule.kind, name.clone())).or_insert(rule);
            if rule.version > entry.version {
                notes.push(format!(
                    "{name}: imported version {} (not {})",
                    rule.version, entry.version
                ));
                *entry = rule;
            } else if rule.at != entry.at {
                notes.push(format!(
                    "{name}: imported version {} (not {})",
                    entry.version, rule.version
                ));
            }
        }
        let mut out = Vec::new();
        for ((_, name), rule) in latest {
            match candidate(rule, &name, notes) {
                Ok(c) => out.push(c),
                Err(why) => skipped.push(format!("{} (`{name}`): {why}", rule.at)),
            }
        }
        out
    }
}

/// Imports the tracking plan in `bytes` (the file the user named `file`)
/// into the plan `existing`.
pub fn import(bytes: &[u8], existing: &PlanFiles, file: &str) -> Result<Import, ImportError> {
    let plan = TrackingPlan::parse(bytes).map_err(|reason| ImportError::Unreadable {
        file: file.to_string(),
        reason,
    })?;
    let mut out = Import::default();
    let candidates = plan.candidates(&mut out.skipped, &mut out.notes);
    Ok(assemble(candidates, existing, None, out))
}

fn candidate(rule: &Rule, name: &str, notes: &mut Vec<String>) -> Result<Candidate, String> {
    let source = format!("{} (`{name}`)", rule.at);
    let empty = serde_json::json!({"type": "object"});
    let whole = match &rule.schema {
        None => &empty,
        Some(s @ Value::Object(_)) => s,
        Some(other) => return Err(format!("its schema is {other}, not an object")),
    };
    let dialect = match whole.get("$schema").and_then(Value::as_str) {
        Some(uri) => Dialect::from_uri(uri).ok_or_else(|| format!("unknown `$schema` `{uri}`"))?,
        None => Dialect::Draft7,
    };
    check_schema(whole, dialect)?;
    // typewriter's own `plan.json` (v8) moves a track's properties up to
    // `jsonSchema.properties` and marks it with `eventMetadata`.
    let typewriter = whole.get("eventMetadata").is_some();
    let payload = if rule.inner.is_empty() || typewriter {
        let mut payload = whole.clone();
        if let Some(m) = payload.as_object_mut() {
            for key in ["eventMetadata", "labels", "description", "$schema", "title"] {
                m.remove(key);
            }
        }
        payload
    } else {
        // Rules on the rest of the call (`context`, `traits` of a track)
        // are not the event's; say so when they say anything.
        if let Some(props) = whole.get("properties").and_then(Value::as_object) {
            for (part, schema) in props {
                if part != rule.inner && !trivial(schema) {
                    notes.push(format!(
                        "{name}: its rules on `{part}` are not imported (an event describes its {})",
                        rule.inner
                    ));
                }
            }
        }
        let mut inner = whole
            .get("properties")
            .and_then(|p| p.get(rule.inner))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({"type": "object"}));
        // Segment writes objects without `type` at times; the payload is one.
        if let Value::Object(m) = &mut inner
            && !m.contains_key("type")
        {
            m.insert("type".into(), "object".into());
        }
        // References into the event's part follow it out; definitions at
        // the rules' root come along, at the same place.
        tplan_schema::dialect::rebase_refs(&mut inner, &format!("/properties/{}", rule.inner), "");
        if let (Value::Object(m), Some(root)) = (&mut inner, whole.as_object()) {
            for defs in ["definitions", "$defs"] {
                if let Some(d) = root.get(defs)
                    && !m.contains_key(defs)
                {
                    m.insert(defs.into(), d.clone());
                }
            }
        }
        inner
    };
    let mut draft = event_from_schema(&payload, dialect)?;
    // Segment's labels (`{"area": "checkout"}`) are the plan's tags.
    if let Some(labels) = whole.get("labels").and_then(Value::as_object) {
        draft.tags = labels
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(v) => format!("{k}:{v}"),
                None => format!("{k}:{v}"),
            })
            .collect();
    }
    if draft.description.is_none() {
        draft.description = rule.description.clone();
    }
    if draft.title.is_some() {
        // A title inside Segment's rules names the schema, not the event.
        draft.title = None;
    }
    Ok(Candidate {
        source,
        key_from: name.to_string(),
        name: name.to_string(),
        respell_name: false,
        draft,
        version: None,
    })
}

fn has_path(schema: &Value, part: &str) -> bool {
    schema.get("properties").and_then(|p| p.get(part)).is_some()
}

/// Whether a schema says nothing: `{}`, `{"type": "object"}`, an object
/// with no properties and nothing required.
fn trivial(schema: &Value) -> bool {
    match schema.as_object() {
        None => schema == &Value::Bool(true),
        Some(m) => m.iter().all(|(k, v)| match k.as_str() {
            "type" => v == "object",
            "properties" => v.as_object().is_some_and(|p| p.is_empty()),
            "required" => v.as_array().is_some_and(|r| r.is_empty()),
            "$schema" | "description" | "title" | "id" | "$id" => true,
            _ => false,
        }),
    }
}
