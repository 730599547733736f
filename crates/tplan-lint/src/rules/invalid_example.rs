use serde_json::Value;

use super::{Context, Hit, LintRule, event_file};
use tplan_plan::model::{Property, Severity};
use tplan_schema::event_schema;

pub(crate) static RULE: LintRule = LintRule {
    id: "invalid-example",
    default: Severity::Error,
    summary: "An event's `examples`, or a property's `default` or `examples`, fail the schema.",
    why: "Examples are copied into code and docs; a wrong one teaches the wrong payload.",
    check,
};

fn validator(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .ok()
}

fn first_error(v: &jsonschema::Validator, instance: &Value) -> Option<String> {
    v.iter_errors(instance).next().map(|e| {
        let at = e.instance_path().to_string();
        if at.is_empty() {
            format!(": {e}")
        } else {
            format!(" at `{at}`: {e}")
        }
    })
}

fn check(ctx: &Context<'_>, hits: &mut Vec<Hit>) {
    for event in ctx.plan.events.values() {
        let file = event_file(event.key.as_str());
        // Compile only events that carry examples: a plan of thousands of
        // events lints without building a validator for each.
        let has_property_examples = event.properties.values().any(|p| {
            let mut any = false;
            p.walk(&mut |_, q| any |= q.default.is_some() || q.examples.is_some());
            any
        });
        if event.examples.is_empty() && !has_property_examples {
            continue;
        }
        let full = event_schema(ctx.plan, event);
        let whole = if event.examples.is_empty() {
            None
        } else {
            validator(&full)
        };
        if let Some(v) = &whole {
            for (i, example) in event.examples.iter().enumerate() {
                if let Some(err) = first_error(v, &Value::Object(example.clone())) {
                    hits.push(Hit {
                        file: file.clone(),
                        path: "examples".into(),
                        at_value: false,
                        message: format!("example {} of `{}` is invalid{err}", i + 1, event.key),
                        help: None,
                    });
                }
            }
        }
        for (name, property) in &event.properties {
            let resolved = ctx.plan.resolve(property);
            let Some(compiled) = full["properties"].get(name) else {
                continue;
            };
            check_values(
                &resolved,
                compiled,
                &format!("properties/{name}"),
                &file,
                hits,
            );
        }
    }
}

/// Checks `default` and `examples` of a property (and nested ones) against
/// its compiled schema.
fn check_values(p: &Property, compiled: &Value, path: &str, file: &str, hits: &mut Vec<Hit>) {
    let values: Vec<(&str, &Value)> = p
        .default
        .iter()
        .map(|d| ("default", &**d))
        .chain(p.examples.iter().flatten().map(|e| ("examples", e)))
        .collect();
    if !values.is_empty()
        && let Some(v) = validator(compiled)
    {
        for (key, value) in values {
            if let Some(err) = first_error(&v, value) {
                hits.push(Hit {
                    file: file.to_string(),
                    path: format!("{path}/{key}"),
                    at_value: false,
                    message: format!("`{key}` value {value} is invalid{err}"),
                    help: None,
                });
            }
        }
    }
    if let (Some(items), Some(compiled_items)) = (&p.items, compiled.get("items")) {
        check_values(items, compiled_items, &format!("{path}/items"), file, hits);
    }
    if let Some(props) = &p.properties {
        for (name, child) in props {
            if let Some(c) = compiled.get("properties").and_then(|ps| ps.get(name)) {
                check_values(child, c, &format!("{path}/properties/{name}"), file, hits);
            }
        }
    }
}
