//! What a catalog page shows of an event, and the index of every event:
//! the facts, as plain text. The templates lay them out and escape them.

use serde::Serialize;
use serde_json::{Value, json};

use super::git::{Change, FromGit};
use tplan_plan::model::{Event, Property};
use tplan_plan::{Plan, Status};

/// One row of an event's properties table.
#[derive(Debug, Serialize)]
pub(super) struct PropertyRow {
    /// `parent.child`, `list[]`.
    path: String,
    types: String,
    /// `yes` or `no`.
    required: &'static str,
    description: String,
    /// `one of …; format …; at most … characters`.
    constraints: String,
}

/// An event's page.
#[derive(Debug, Serialize)]
pub(super) struct EventPage<'a> {
    plan_name: &'a str,
    vendor: &'a str,
    key: &'a str,
    name: &'a str,
    description: &'a str,
    owner: String,
    status: &'static str,
    /// How it is sent (`track`, `identify`…).
    call_type: &'static str,
    version: String,
    /// Tags, joined with `, `.
    tags: String,
    properties: Vec<PropertyRow>,
    /// The first example as a Segment-style track, pretty JSON.
    example: Option<String>,
    /// Published versions, oldest first.
    versions: &'a [String],
    /// Recent commits, newest first.
    history: &'a [Change],
    /// Whether `history` is cut at the limit (older commits exist).
    more: bool,
}

/// One row of the index.
#[derive(Debug, Serialize)]
pub(super) struct IndexRow<'a> {
    key: &'a str,
    name: &'a str,
    owner: String,
    status: &'static str,
    version: String,
    /// What the search box matches: name, key, description and tags,
    /// lowercase.
    search: String,
}

/// The index page.
#[derive(Debug, Serialize)]
pub(super) struct Index<'a> {
    name: &'a str,
    description: &'a str,
    count: usize,
    version: String,
    events: Vec<IndexRow<'a>>,
}

impl<'a> EventPage<'a> {
    pub(super) fn new(plan: &'a Plan, event: &'a Event, git: &'a FromGit) -> EventPage<'a> {
        let key = event.key.as_str();
        let history = git.history.get(key).map_or(&[][..], Vec::as_slice);
        EventPage {
            plan_name: &plan.manifest.name,
            vendor: plan.vendor_of(event),
            key,
            name: &event.name,
            description: event.description.as_deref().unwrap_or(""),
            owner: owner_name(plan, event),
            status: status(event.status),
            call_type: event.call_type.as_str(),
            version: plan.version_of(key).to_string(),
            tags: event.tags.join(", "),
            properties: property_rows(plan, event),
            example: example(event),
            versions: git.published.get(key).map_or(&[][..], Vec::as_slice),
            history,
            more: history.len() >= git.history_limit,
        }
    }
}

impl<'a> Index<'a> {
    pub(super) fn new(plan: &'a Plan) -> Index<'a> {
        let events = plan
            .events
            .iter()
            .map(|(key, event)| IndexRow {
                key: key.as_str(),
                name: &event.name,
                owner: owner_name(plan, event),
                status: status(event.status),
                version: plan.version_of(key.as_str()).to_string(),
                search: format!(
                    "{} {} {} {}",
                    event.name,
                    key,
                    event.description.as_deref().unwrap_or(""),
                    event.tags.join(" ")
                )
                .to_lowercase(),
            })
            .collect();
        Index {
            name: &plan.manifest.name,
            description: plan.manifest.description.as_deref().unwrap_or(""),
            count: plan.events.len(),
            version: plan.manifest.version.to_string(),
            events,
        }
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::Active => "active",
        Status::Deprecated => "deprecated",
    }
}

/// The rows of an event's properties table, nested properties and array
/// items under their parents.
fn property_rows(plan: &Plan, event: &Event) -> Vec<PropertyRow> {
    fn walk(path: &str, p: &Property, rows: &mut Vec<PropertyRow>) {
        rows.push(PropertyRow {
            path: path.to_string(),
            types: p.types.as_ref().map(|t| t.describe()).unwrap_or_default(),
            required: if p.required { "yes" } else { "no" },
            description: p.description.clone().unwrap_or_default(),
            constraints: constraints(p),
        });
        if let Some(children) = &p.properties {
            for (name, child) in children {
                walk(&format!("{path}.{name}"), child, rows);
            }
        }
        if let Some(items) = &p.items {
            walk(&format!("{path}[]"), items, rows);
        }
    }
    let mut rows = Vec::new();
    for (name, property) in &event.properties {
        walk(name, &plan.resolve(property), &mut rows);
    }
    rows
}

/// A property's constraints, in words.
fn constraints(p: &Property) -> String {
    let mut constraints = Vec::new();
    if let Some(values) = &p.enum_values {
        let shown: Vec<String> = values.iter().map(Value::to_string).collect();
        constraints.push(format!("one of {}", shown.join(", ")));
    }
    if let Some(f) = &p.format {
        constraints.push(format!("format {f}"));
    }
    if let Some(n) = &p.max_length {
        constraints.push(format!("at most {n} characters"));
    }
    if let Some(n) = &p.minimum {
        constraints.push(format!(">= {n}"));
    }
    if let Some(n) = &p.maximum {
        constraints.push(format!("<= {n}"));
    }
    if let Some(pat) = &p.pattern {
        constraints.push(format!("matches {pat}"));
    }
    constraints.join("; ")
}

fn owner_name(plan: &Plan, event: &Event) -> String {
    event
        .owner
        .as_ref()
        .map(|k| {
            plan.owners
                .get(k)
                .map_or_else(|| k.to_string(), |o| format!("{} ({k})", o.name))
        })
        .unwrap_or_else(|| "-".into())
}

fn example(event: &Event) -> Option<String> {
    event.examples.first().map(|e| {
        serde_json::to_string_pretty(&json!({"event": event.name, "properties": e})).expect("JSON")
    })
}
