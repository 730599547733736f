//! The plan as a Segment Protocols tracking plan.

use serde_json::{Value, json};

use tplan_plan::Plan;

/// The plan as a Segment Protocols tracking plan, in the shape Segment's
/// export and typewriter read: `rules.events[]`, each event's JSON Schema
/// (draft-07) holding its properties under `properties.properties`. Also
/// returns what draft-07 cannot say (`unevaluatedProperties at …`), by event.
pub fn to_segment(plan: &Plan) -> (Value, Vec<String>) {
    let mut gaps = Vec::new();
    let events: Vec<Value> = plan
        .events
        .values()
        .map(|event| {
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
            // The event's schema sits at `#/properties/properties` of the
            // rules: its own references must say so.
            tplan_schema::dialect::rebase_refs(&mut schema, "", "/properties/properties");
            json!({
                "name": event.name,
                "description": event.description.clone().unwrap_or_default(),
                "version": plan.version_of(event.key.as_str()).model,
                "rules": {
                    "$schema": "http://json-schema.org/draft-07/schema#",
                    "type": "object",
                    "properties": {
                        "context": {},
                        "traits": { "type": "object", "properties": {} },
                        "properties": schema,
                    },
                    "required": ["properties"],
                },
            })
        })
        .collect();
    let plan_json = json!({
        "name": plan.manifest.name,
        "display_name": plan.manifest.name,
        "rules": {
            "events": events,
            "global": null,
            "identify": null,
            "group": null,
        },
    });
    (plan_json, gaps)
}
