//! The plan as a Segment Protocols tracking plan.

use serde_json::{Value, json};

use tplan_plan::Plan;
use tplan_plan::model::{CallType, Event};

/// The plan as a Segment Protocols tracking plan, in the shape Segment's
/// export and typewriter read: `rules.events[]` for tracks, each event's
/// JSON Schema (draft-07) holding its properties under
/// `properties.properties`; the identify and group events' traits under
/// `rules.identify` and `rules.group` (`properties.traits`). Also returns
/// what draft-07 cannot say (`unevaluatedProperties at …`) and what the
/// rules cannot hold (page and screen events), by event.
pub fn to_segment(plan: &Plan) -> (Value, Vec<String>) {
    let mut gaps = Vec::new();
    let mut events = Vec::new();
    let (mut identify, mut group) = (Value::Null, Value::Null);
    for event in plan.events.values() {
        match event.call_type {
            CallType::Track => {
                let schema = draft7(plan, event, "properties", &mut gaps);
                events.push(json!({
                    "name": event.name,
                    "description": event.description.clone().unwrap_or_default(),
                    "version": plan.version_of(event.key.as_str()).model,
                    "rules": rules(schema, "properties"),
                }));
            }
            CallType::Identify | CallType::Group => {
                let slot = if event.call_type == CallType::Identify {
                    &mut identify
                } else {
                    &mut group
                };
                if slot.is_null() {
                    *slot = rules(draft7(plan, event, "traits", &mut gaps), "traits");
                } else {
                    gaps.push(format!(
                        "the Segment rules hold one {} schema: `{}` is left out",
                        event.call_type.as_str(),
                        event.key
                    ));
                }
            }
            CallType::Page | CallType::Screen => gaps.push(format!(
                "the Segment rules hold no {} events: `{}` is left out",
                event.call_type.as_str(),
                event.key
            )),
        }
    }
    let plan_json = json!({
        "name": plan.manifest.name,
        "display_name": plan.manifest.name,
        "rules": {
            "events": events,
            "global": null,
            "identify": identify,
            "group": group,
        },
    });
    (plan_json, gaps)
}

/// The event's schema as draft-07, its references rebased to where it sits
/// in the rules (`#/properties/<field>`).
fn draft7(plan: &Plan, event: &Event, field: &str, gaps: &mut Vec<String>) -> Value {
    let mut schema = tplan_schema::event_schema(plan, event);
    if let Some(o) = schema.as_object_mut() {
        o.shift_remove("$schema");
        o.shift_remove("title");
        o.shift_remove("description");
    }
    let (mut schema, event_gaps) = tplan_schema::dialect::to_draft7(&schema);
    gaps.extend(
        event_gaps
            .into_iter()
            .map(|gap| format!("the Segment rules of `{}` cannot say {gap}", event.key)),
    );
    tplan_schema::dialect::rebase_refs(&mut schema, "", &format!("/properties/{field}"));
    schema
}

/// Segment's rules object around a schema at `field` (`properties` for a
/// track, `traits` for identify and group).
fn rules(schema: Value, field: &str) -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert("context".into(), json!({}));
    if field == "properties" {
        properties.insert(
            "traits".into(),
            json!({ "type": "object", "properties": {} }),
        );
    }
    properties.insert(field.into(), schema);
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": properties,
        "required": [field],
    })
}
