//! Segment Protocols tracking plans, in the two shapes Segment's APIs have
//! exported: the Config API's `rules.events[]` (each event's `rules`, a
//! draft-07 schema of the whole call, holds its properties at
//! `properties.properties`; identify and group traits beside the events)
//! and the Public API's `rules[]` (`type` TRACK, IDENTIFY, GROUP or COMMON,
//! `key`, `version`, `jsonSchema`). A track event becomes an event; identify
//! traits and group traits become the events `Identify` and `Group`;
//! common rules (which apply to every call) are reported, not imported.
//!
//! The file is read as a stream ([`super::segment_stream`]): each rule is
//! converted as it is read (in parallel batches) and spooled to a file the
//! caller gives, its schema dropped; what is kept per rule is its place,
//! name, version and outcome. Once the whole file is read (and refused,
//! with nothing written, when it is not JSON), the latest version of each
//! rule is read back from the spool and assembled, one at a time.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::assemble::{Assembler, Prepared, Sink};
use super::candidate::{Candidate, Import};
use super::check::check_schema;
use super::error::ImportError;
use super::schema::{Dialect, event_from_schema};
use super::segment_stream::{self, Config, Place, Rules, Shape};
use tplan_plan::PlanFiles;
use tplan_plan::files::MANIFEST;
use tplan_plan::model::NamingStyle;

/// Rules converted together, on every core.
const BATCH: usize = 32;

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

impl Rule {
    /// The name a rule is imported under, when it has one.
    fn valid_name(&self) -> Option<&str> {
        self.name.as_deref().filter(|n| !n.trim().is_empty())
    }
}

/// A rule once read: where, what, and how its conversion went.
struct Indexed {
    /// The object of the file it was found under (wrapper bits).
    node: u8,
    /// Its order among the plan's rules (section, index).
    order: (u8, usize),
    at: String,
    kind: &'static str,
    name: Option<String>,
    version: u64,
    outcome: Outcome,
}

enum Outcome {
    /// Not a rule the plan reads (an unknown `type`): why.
    LeftOut(String),
    /// A common rule or one without a name: not converted.
    NotConverted,
    /// Converted and spooled at `(offset, length)`, with its notes.
    Spooled((u64, u64), Vec<String>),
    /// Not an event: why, with its notes.
    Failed(String, Vec<String>),
}

/// Imports the tracking plan `input` (the file the user named `file`) into
/// the plan `existing`, spooling converted rules to `spool` and writing
/// plan files to `sink`.
pub fn import<R: Read, S: Read + Write + Seek>(
    input: R,
    existing: &PlanFiles,
    file: &str,
    spool: &mut S,
    sink: &mut dyn Sink,
) -> Result<Import, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.to_string(),
        reason,
    };
    let mut reader = Reader {
        style: event_style(existing),
        spool,
        spooled: 0,
        pending: Vec::new(),
        rules: Vec::new(),
    };
    let shape = segment_stream::read(input, &mut |node, place, value| {
        reader.pending.push((node, place_rule(place, value)));
        if reader.pending.len() >= BATCH {
            reader.flush()?;
        }
        Ok(())
    })
    .map_err(unreadable)?;
    reader.flush().map_err(unreadable)?;
    let mut out = Import::default();
    let top = shape.top();
    let left_out = reader.top_rules(&shape, top).map_err(unreadable)?;
    let Reader { spool, rules, .. } = reader;
    let mut rules: Vec<Indexed> = rules.into_iter().filter(|r| r.node == top).collect();
    rules.sort_by_key(|r| r.order);
    let latest = latest(&rules, left_out, &mut out);
    let mut assembler = Assembler::new(existing, None, out, sink);
    for i in latest {
        if let Outcome::Spooled(at, _) = &rules[i].outcome {
            let prepared = read_spooled(spool, *at).map_err(|e| ImportError::Staging {
                path: "(the spool of converted rules)".into(),
                reason: e.to_string(),
            })?;
            assembler.push_prepared(prepared, None)?;
        }
    }
    assembler.finish()
}

/// The plan's event naming style, from its manifest alone.
fn event_style(existing: &PlanFiles) -> NamingStyle {
    let mut manifest = PlanFiles::new();
    if let Some(bytes) = existing.bytes(MANIFEST) {
        manifest.insert_bytes(MANIFEST, bytes.to_vec());
    }
    tplan_plan::load(&manifest).plan.manifest.event_naming
}

/// A rule as read, with its order: the rule, or why it is not one.
type ReadRule = ((u8, usize), Result<Rule, String>);

/// What the stream makes: rules converted and spooled as they come.
struct Reader<'a, S> {
    style: NamingStyle,
    spool: &'a mut S,
    spooled: u64,
    /// Rules read, not yet converted.
    pending: Vec<(u8, ReadRule)>,
    rules: Vec<Indexed>,
}

impl<S: Read + Write + Seek> Reader<'_, S> {
    /// Converts the pending rules (in parallel) and spools them in order.
    fn flush(&mut self) -> Result<(), String> {
        let style = self.style;
        let pending = std::mem::take(&mut self.pending);
        let converted: Vec<_> = pending
            .into_par_iter()
            .map(|(node, (order, rule))| (node, order, convert(rule, style)))
            .collect();
        for (node, order, (rule, outcome)) in converted {
            let outcome = match outcome {
                Converted::Ready(prepared, notes) => {
                    let bytes = serde_json::to_vec(&prepared).expect("text serialises");
                    self.spool
                        .write_all(&bytes)
                        .map_err(|e| format!("cannot spool converted rules: {e}"))?;
                    let at = (self.spooled, bytes.len() as u64);
                    self.spooled += bytes.len() as u64;
                    Outcome::Spooled(at, notes)
                }
                Converted::Failed(why, notes) => Outcome::Failed(why, notes),
                Converted::Not => Outcome::NotConverted,
                Converted::LeftOut(why) => Outcome::LeftOut(why),
            };
            self.rules.push(Indexed {
                node,
                order,
                at: rule.at,
                kind: rule.kind,
                name: rule.name,
                version: rule.version,
                outcome,
            });
        }
        Ok(())
    }

    /// The node `top`'s rules besides its streamed ones (traits), and
    /// what it leaves out; an error when it has no rules.
    fn top_rules(&mut self, shape: &Shape, top: u8) -> Result<Vec<String>, String> {
        let node = &shape.nodes[top as usize];
        match &node.rules {
            Some(Rules::List) => Ok(Vec::new()),
            Some(Rules::Config(config)) => self.config(top, config),
            None | Some(Rules::Other) if top == 0 && shape.root_is_list => Ok(Vec::new()),
            _ => Err(
                "no `rules`: expected a Protocols tracking plan (`rules.events[]`, or `rules[]` with TRACK/IDENTIFY/GROUP rules)"
                    .into(),
            ),
        }
    }

    /// The Config API's traits as rules, and `global` described.
    fn config(&mut self, top: u8, config: &Config) -> Result<Vec<String>, String> {
        if config.events_not_list {
            // No event read, and nothing else either.
            self.rules.retain(|r| r.node != top);
            return Ok(vec!["`rules.events` is not a list: no event read".into()]);
        }
        // Traits come as one schema (`identify`, `group`) or as a list of
        // rule entries like the events' (`identify_traits`, `group_traits`).
        for (section, (key, kind, name)) in [
            ("identify_traits", "identify", "Identify"),
            ("identify", "identify", "Identify"),
            ("group_traits", "group", "Group"),
            ("group", "group", "Group"),
        ]
        .into_iter()
        .enumerate()
        {
            let Some((_, value)) = config.traits.iter().find(|(k, _)| k == key) else {
                continue;
            };
            let entries: Vec<(String, &Value)> = match value {
                Value::Null => continue,
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (format!("rules.{key}[{i}]"), item))
                    .collect(),
                other => vec![(format!("rules.{key}"), other)],
            };
            for (i, (at, entry)) in entries.into_iter().enumerate() {
                let order = (section as u8 + 1, i);
                let rule = traits_rule(at, kind, name, entry);
                self.pending.push((top, (order, Ok(rule))));
            }
        }
        self.flush()?;
        let global_says_something = match &config.global {
            None | Some(Value::Null) => false,
            Some(Value::Array(items)) => {
                items.iter().any(|i| !trivial(i.get("rules").unwrap_or(i)))
            }
            Some(schema) => !trivial(schema),
        };
        Ok(if global_says_something {
            vec!["`rules.global` (rules on every call) is not imported: add what it requires to the events it concerns".into()]
        } else {
            Vec::new()
        })
    }
}

/// A streamed rule, with its order: the Public API's `rules[i]`, or the
/// Config API's `rules.events[i]` (ordered before traits).
fn place_rule(place: Place, value: Value) -> ReadRule {
    match place {
        Place::Public(i) => ((0, i), public_rule(i, value)),
        Place::ConfigEvent(i) => ((0, i), Ok(config_event(i, value))),
    }
}

/// `rules.events[i]` of the Config API.
fn config_event(i: usize, mut e: Value) -> Rule {
    let text = |e: &Value, key: &str| e.get(key).and_then(Value::as_str).map(str::to_string);
    Rule {
        at: format!("rules.events[{i}]"),
        kind: "track",
        name: text(&e, "name"),
        description: text(&e, "description"),
        version: e.get("version").and_then(Value::as_u64).unwrap_or(1),
        schema: take(&mut e, "rules"),
        inner: "properties",
    }
}

/// One entry of the Config API's traits.
fn traits_rule(at: String, kind: &'static str, name: &str, entry: &Value) -> Rule {
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
    Rule {
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
    }
}

/// `rules[i]` of the Public API, or why it is not a rule the plan reads.
fn public_rule(i: usize, mut r: Value) -> Result<Rule, String> {
    let kind = match r.get("type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("track") => "track",
        Some(t) if t.eq_ignore_ascii_case("identify") => "identify",
        Some(t) if t.eq_ignore_ascii_case("group") => "group",
        Some(t) if t.eq_ignore_ascii_case("common") => "common",
        other => {
            return Err(format!(
                "rules[{i}]: type {} is not TRACK, IDENTIFY, GROUP or COMMON",
                other.map_or("(none)".to_string(), |t| format!("`{t}`"))
            ));
        }
    };
    let schema = match take(&mut r, "jsonSchema") {
        Some(s) => Some(s),
        None => take(&mut r, "json_schema"),
    }
    .filter(|s| !s.is_null());
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
    Ok(Rule {
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
    })
}

/// `key` taken out of an object.
fn take(v: &mut Value, key: &str) -> Option<Value> {
    v.as_object_mut()
        .and_then(|m: &mut Map<String, Value>| m.remove(key))
}

/// How converting one rule went.
enum Converted {
    Ready(Prepared, Vec<String>),
    Failed(String, Vec<String>),
    Not,
    LeftOut(String),
}

/// Converts a rule read from the stream into a candidate made ready; the
/// rule comes back without its schema.
fn convert(rule: Result<Rule, String>, style: NamingStyle) -> (Rule, Converted) {
    let mut rule = match rule {
        Ok(rule) => rule,
        Err(why) => {
            let stub = Rule {
                at: String::new(),
                kind: "",
                name: None,
                description: None,
                version: 0,
                schema: None,
                inner: "",
            };
            return (stub, Converted::LeftOut(why));
        }
    };
    let converted = match rule.valid_name() {
        Some(name) if rule.kind != "common" => {
            let name = name.to_string();
            let mut notes = Vec::new();
            match candidate(&rule, &name, &mut notes) {
                Ok(c) => Converted::Ready(Prepared::new(&c, style), notes),
                Err(why) => Converted::Failed(why, notes),
            }
        }
        _ => Converted::Not,
    };
    rule.schema = None;
    (rule, converted)
}

/// The rules' latest versions, in name order (`out` gets what was left
/// out and the notes on versions and conversions).
fn latest(rules: &[Indexed], left_out: Vec<String>, out: &mut Import) -> Vec<usize> {
    out.skipped
        .extend(rules.iter().filter_map(|r| match &r.outcome {
            Outcome::LeftOut(why) => Some(why.clone()),
            _ => None,
        }));
    out.skipped.extend(left_out);
    let mut latest: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        if matches!(rule.outcome, Outcome::LeftOut(_)) {
            continue;
        }
        if rule.kind == "common" {
            out.skipped.push(format!(
                "{}: a COMMON rule applies to every call; tplan has no such object, so add what it requires to the events it concerns",
                rule.at
            ));
            continue;
        }
        let Some(name) = rule.name.clone().filter(|n| !n.trim().is_empty()) else {
            out.skipped
                .push(format!("{}: a {} rule without a name", rule.at, rule.kind));
            continue;
        };
        let entry = latest.entry((rule.kind, name.clone())).or_insert(i);
        let chosen = &rules[*entry];
        if rule.version > chosen.version {
            out.notes.push(format!(
                "{name}: imported version {} (not {})",
                rule.version, chosen.version
            ));
            *entry = i;
        } else if rule.at != chosen.at {
            out.notes.push(format!(
                "{name}: imported version {} (not {})",
                chosen.version, rule.version
            ));
        }
    }
    for ((_, name), &i) in &latest {
        match &rules[i].outcome {
            Outcome::Spooled(_, notes) => out.notes.extend(notes.iter().cloned()),
            Outcome::Failed(why, notes) => {
                out.notes.extend(notes.iter().cloned());
                out.skipped
                    .push(format!("{} (`{name}`): {why}", rules[i].at));
            }
            _ => {}
        }
    }
    latest.into_values().collect()
}

/// A spooled candidate, read back.
fn read_spooled<S: Read + Seek>(spool: &mut S, (at, len): (u64, u64)) -> std::io::Result<Prepared> {
    spool.seek(SeekFrom::Start(at))?;
    let mut bytes = vec![0; len as usize];
    spool.read_exact(&mut bytes)?;
    serde_json::from_slice(&bytes).map_err(std::io::Error::other)
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
    // Identify and group traits are those calls' events.
    draft.call_type = match rule.kind {
        "identify" => Some(tplan_plan::model::CallType::Identify),
        "group" => Some(tplan_plan::model::CallType::Group),
        _ => None,
    };
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
