//! An imported event written as a plan file: the keys people read first,
//! simple properties one per line, objects as sub-tables, and
//! `schema_extra` as JSON text (TOML has no null).

use serde_json::Value as Json;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::schema::EventDraft;
use tplan_plan::model::Property;

/// The text of `events/<key>.toml` for `draft`, named `name`.
pub(crate) fn event(name: &str, draft: &EventDraft) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("name", toml_edit::value(name));
    if let Some(t) = draft.call_type {
        doc.insert("type", toml_edit::value(t.as_str()));
    }
    if let Some(v) = &draft.vendor {
        doc.insert("vendor", toml_edit::value(v.as_str()));
    }
    if let Some(d) = &draft.description {
        doc.insert("description", toml_edit::value(d.as_str()));
    }
    if let Some(owner) = &draft.owner {
        doc.insert("owner", toml_edit::value(owner.as_str()));
    }
    if draft.deprecated {
        doc.insert("status", toml_edit::value("deprecated"));
    }
    if !draft.tags.is_empty() {
        let tags: Array = draft.tags.iter().map(String::as_str).collect();
        doc.insert("tags", Item::Value(Value::Array(tags)));
    }
    if let Some(additional) = draft.additional_properties {
        doc.insert("additional_properties", toml_edit::value(additional));
    }
    if !draft.examples.is_empty() {
        let mut examples = Array::new();
        for e in &draft.examples {
            examples.push(value(&Json::Object(e.clone())));
        }
        examples.set_trailing_comma(true);
        doc.insert("examples", Item::Value(Value::Array(examples)));
    }
    if !draft.schema_extra.is_empty() {
        doc.insert(
            "schema_extra",
            toml_edit::value(Json::Object(draft.schema_extra.clone()).to_string()),
        );
    }
    let mut properties = Table::new();
    for (name, p) in &draft.properties {
        properties.insert(name, property(p));
    }
    doc.insert("properties", Item::Table(properties));
    doc.to_string()
}

/// Whether `p` is written as a sub-table: it declares nested properties,
/// directly or in its `items`.
fn nested(p: &Property) -> bool {
    p.properties.is_some() || p.items.as_deref().is_some_and(nested)
}

fn property(p: &Property) -> Item {
    let form = tplan_plan::canonical::property(p, &|_| None);
    let Json::Object(mut fields) = form else {
        unreachable!("a property's form is an object")
    };
    // `type` reads best first.
    if let Some(t) = fields.remove("type") {
        let mut ordered = serde_json::Map::new();
        ordered.insert("type".into(), t);
        ordered.extend(fields);
        fields = ordered;
    }
    if !nested(p) {
        let mut inline = InlineTable::new();
        for (k, v) in &fields {
            inline.insert(k, field(k, v));
        }
        return Item::Value(Value::InlineTable(inline));
    }
    let mut table = Table::new();
    for (k, v) in &fields {
        match k.as_str() {
            "properties" => {
                let mut children = Table::new();
                children.set_implicit(true);
                for (name, child) in p.properties.iter().flatten() {
                    children.insert(name, property(child));
                }
                table.insert("properties", Item::Table(children));
            }
            "items" => {
                let items = p.items.as_deref().expect("the form has items");
                table.insert("items", property(items));
            }
            _ => {
                table.insert(k, Item::Value(field(k, v)));
            }
        }
    }
    // Plain keys before sub-tables, as TOML requires of a table's text.
    Item::Table(table)
}

fn field(key: &str, v: &Json) -> Value {
    if key == "schema_extra" {
        Value::from(v.to_string())
    } else {
        value(v)
    }
}

/// A JSON value as TOML. Callers only pass values without null (the
/// importer keeps those under `schema_extra`).
fn value(v: &Json) -> Value {
    match v {
        Json::Null => Value::from("null"),
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::Array(items.iter().map(value).collect()),
        Json::Object(m) => {
            let mut t = InlineTable::new();
            for (k, v) in m {
                t.insert(k, value(v));
            }
            Value::InlineTable(t)
        }
    }
}
