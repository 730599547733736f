//! The spreadsheet most teams keep their plan in: one row per event
//! property, with the columns `tplan import csv` reads and `tplan export
//! csv` writes.

use serde_json::Value;

use crate::Plan;
use crate::model::Property;

/// The columns, in order (headers are matched case-insensitively on import).
pub const COLUMNS: [&str; 8] = [
    "event",
    "event description",
    "property",
    "type",
    "required",
    "description",
    "allowed values",
    "owner",
];

/// Separates allowed values in one cell.
pub const VALUE_SEPARATOR: &str = " | ";

/// The plan as CSV: one row per property of each event (shared properties
/// resolved; nested object properties as `parent.child`, array items as
/// `parent[]`), one row with an empty property for an event without any.
pub fn to_csv(plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory");
    for event in plan.events.values() {
        let owner = event
            .owner
            .as_ref()
            .map(|o| o.to_string())
            .unwrap_or_default();
        let description = event.description.clone().unwrap_or_default();
        let mut rows = Vec::new();
        for (name, property) in &event.properties {
            let resolved = plan.resolve(property);
            flatten(name, &resolved, &mut rows);
        }
        if rows.is_empty() {
            rows.push(["".into(), "".into(), "".into(), "".into(), "".into()]);
        }
        for [property, types, required, pdesc, allowed] in rows {
            w.write_record([
                event.name.as_str(),
                &description,
                &property,
                &types,
                &required,
                &pdesc,
                &allowed,
                &owner,
            ])
            .expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("flushing to memory")).expect("UTF-8 in, UTF-8 out")
}

/// Rows (property, type, required, description, allowed values) of a
/// property and what it holds.
fn flatten(path: &str, p: &Property, rows: &mut Vec<[String; 5]>) {
    let types = p
        .types
        .as_ref()
        .map(|t| t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","))
        .unwrap_or_default();
    let allowed = p
        .enum_values
        .as_ref()
        .map(|values| {
            values
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(VALUE_SEPARATOR)
        })
        .unwrap_or_default();
    rows.push([
        path.to_string(),
        types,
        if p.required { "yes" } else { "no" }.to_string(),
        p.description.clone().unwrap_or_default(),
        allowed,
    ]);
    if let Some(children) = &p.properties {
        for (name, child) in children {
            flatten(&format!("{path}.{name}"), child, rows);
        }
    }
    if let Some(items) = &p.items {
        flatten(&format!("{path}[]"), items, rows);
    }
}

/// A template to start from (`tplan import csv --template`).
pub const TEMPLATE: &str = "event,event description,property,type,required,description,allowed values,owner
Order Completed,The payment was captured and the order placed.,order_id,string,yes,The order's id.,,checkout
Order Completed,The payment was captured and the order placed.,total,number,yes,\"Order total, tax included.\",,checkout
Order Completed,The payment was captured and the order placed.,currency,string,yes,ISO 4217 code.,EUR | USD | GBP,checkout
Signed In,A customer signed in.,method,string,yes,How they signed in.,email | google,growth
";

/// What a CSV import produces: the importers' shared result.
pub type CsvImport = crate::import::Import;

/// A CSV that cannot be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct CsvError(pub String);

/// `Gift Card Redeemed` -> `gift_card_redeemed`: lowercase ASCII letters,
/// digits and underscores; a leading digit gets an `e_`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("e_{out}")
    } else {
        out
    }
}

/// Reads the spreadsheet: headers matched case-insensitively (any order,
/// extra columns ignored); `existing` is the plan it is imported into, whose
/// events are never overwritten and whose owners are reused.
pub fn from_csv(text: &str, existing: &crate::PlanFiles) -> Result<CsvImport, CsvError> {
    use std::collections::BTreeMap;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CsvError(format!("the header row cannot be read: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let missing: Vec<&str> = ["event", "property", "type"]
        .into_iter()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(CsvError(format!(
            "missing column{}: {} (columns: {}; `tplan import csv --template` prints one)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            COLUMNS.join(", ")
        )));
    }
    let at = |record: &csv::StringRecord, name: &str| -> String {
        column(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_string()
    };

    struct Draft {
        name: String,
        first_row: usize,
        description: String,
        owner: String,
        properties: Vec<(String, toml_edit::InlineTable)>,
        broken: Option<String>,
    }
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    let mut out = CsvImport::default();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.skipped.push(format!("row {row}: not CSV: {e}"));
                continue;
            }
        };
        let name = at(&record, "event");
        if name.is_empty() {
            if record.iter().any(|c| !c.is_empty()) {
                out.skipped.push(format!("row {row}: no event name"));
            }
            continue;
        }
        let key = slug(&name);
        if key.is_empty() {
            out.skipped
                .push(format!("row {row}: `{name}` cannot become a key"));
            continue;
        }
        let description = at(&record, "event description");
        let owner = at(&record, "owner");
        let draft = drafts.entry(key.clone()).or_insert_with(|| Draft {
            name: name.clone(),
            first_row: row,
            description: description.clone(),
            owner: owner.clone(),
            properties: Vec::new(),
            broken: None,
        });
        if draft.broken.is_some() {
            continue;
        }
        let fail =
            |draft: &mut Draft, why: String| draft.broken = Some(format!("row {row}: {why}"));
        if draft.name != name {
            fail(
                draft,
                format!(
                    "`{name}` and `{}` (row {}) become the same key `{key}`",
                    draft.name, draft.first_row
                ),
            );
            continue;
        }
        if !description.is_empty() && description != draft.description {
            if draft.description.is_empty() {
                draft.description = description;
            } else {
                fail(
                    draft,
                    format!(
                        "the event description differs from row {}'s",
                        draft.first_row
                    ),
                );
                continue;
            }
        }
        if !owner.is_empty() && owner != draft.owner {
            if draft.owner.is_empty() {
                draft.owner = owner;
            } else {
                fail(
                    draft,
                    format!(
                        "owner `{owner}` differs from row {}'s `{}`",
                        draft.first_row, draft.owner
                    ),
                );
                continue;
            }
        }
        let property = at(&record, "property");
        if property.is_empty() {
            continue;
        }
        if property.contains(['.', '[']) {
            out.skipped.push(format!(
                "row {row}: nested property `{property}` of `{name}` (add it to the event file by hand)"
            ));
            continue;
        }
        let pname = slug(&property);
        if pname != property {
            out.renames
                .push((format!("{name}: {property}"), pname.clone()));
        }
        if draft.properties.iter().any(|(n, _)| *n == pname) {
            fail(draft, format!("property `{pname}` appears twice"));
            continue;
        }
        let mut table = toml_edit::InlineTable::new();
        let type_cell = at(&record, "type").to_ascii_lowercase();
        let mut types = Vec::new();
        for t in type_cell
            .split([',', '|'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match crate::JsonType::parse(t) {
                Some(jt) => types.push(jt),
                None => {
                    fail(
                        draft,
                        format!(
                            "unknown type `{t}` (string, number, integer, boolean, object, array, null)"
                        ),
                    );
                    break;
                }
            }
        }
        if draft.broken.is_some() {
            continue;
        }
        match types.as_slice() {
            [] => {
                fail(draft, format!("property `{pname}` has no type"));
                continue;
            }
            [one] => {
                table.insert("type", one.as_str().into());
            }
            many => {
                let mut array = toml_edit::Array::new();
                for t in many {
                    array.push(t.as_str());
                }
                table.insert("type", toml_edit::Value::Array(array));
            }
        }
        match at(&record, "required").to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "x" | "required" => {
                table.insert("required", true.into());
            }
            "" | "no" | "n" | "false" | "0" | "optional" => {}
            other => {
                fail(draft, format!("`required` is `{other}`: use yes or no"));
                continue;
            }
        }
        let pdesc = at(&record, "description");
        if !pdesc.is_empty() {
            table.insert("description", pdesc.as_str().into());
        }
        let allowed = at(&record, "allowed values");
        if !allowed.is_empty() {
            let mut array = toml_edit::Array::new();
            for v in allowed.split('|').map(str::trim).filter(|v| !v.is_empty()) {
                let numeric = types
                    .iter()
                    .any(|t| matches!(t, crate::JsonType::Number | crate::JsonType::Integer));
                match (numeric, v.parse::<i64>(), v.parse::<f64>()) {
                    (true, Ok(n), _) => array.push(n),
                    (true, _, Ok(f)) => array.push(f),
                    _ => array.push(v),
                }
            }
            table.insert("enum", toml_edit::Value::Array(array));
        }
        draft.properties.push((pname, table));
    }

    let existing_owners: std::collections::BTreeSet<String> = existing
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("owners/")?.strip_suffix(".toml"))
        .map(str::to_string)
        .collect();
    for (key, draft) in drafts {
        if let Some(why) = draft.broken {
            out.skipped
                .push(format!("`{}` not imported: {why}", draft.name));
            continue;
        }
        let path = format!("events/{key}.toml");
        if existing.get(&path).is_some() {
            out.skipped.push(format!(
                "`{}`: `{path}` exists; an import never overwrites",
                draft.name
            ));
            continue;
        }
        if !draft
            .name
            .chars()
            .all(|c| c.is_alphanumeric() || " _-".contains(c))
        {
            out.renames.push((draft.name.clone(), key.clone()));
        }
        let mut doc = toml_edit::DocumentMut::new();
        doc.insert("name", toml_edit::value(draft.name.as_str()));
        if !draft.description.is_empty() {
            doc.insert("description", toml_edit::value(draft.description.as_str()));
        }
        if !draft.owner.is_empty() {
            let owner_key = slug(&draft.owner);
            doc.insert("owner", toml_edit::value(owner_key.as_str()));
            let owner_path = format!("owners/{owner_key}.toml");
            if !existing_owners.contains(&owner_key) && !out.files.contains_key(&owner_path) {
                let mut owner = toml_edit::DocumentMut::new();
                owner.insert("name", toml_edit::value(draft.owner.as_str()));
                out.files.insert(owner_path, owner.to_string());
            }
        }
        let mut properties = toml_edit::Table::new();
        for (name, table) in draft.properties {
            properties.insert(
                &name,
                toml_edit::Item::Value(toml_edit::Value::InlineTable(table)),
            );
        }
        doc.insert("properties", toml_edit::Item::Table(properties));
        out.files.insert(path, doc.to_string());
        out.events.push((draft.name, key));
    }
    Ok(out)
}

/// The plan as a Segment Protocols tracking plan, in the shape Segment's
/// export and typewriter read: `rules.events[]`, each event's JSON Schema
/// (draft-07) holding its properties under `properties.properties`.
pub fn to_segment(plan: &Plan) -> Value {
    use serde_json::json;
    let events: Vec<Value> = plan
        .events
        .values()
        .map(|event| {
            let mut schema = crate::schema::event_schema(plan, event);
            if let Some(o) = schema.as_object_mut() {
                o.remove("$schema");
                o.remove("title");
                o.remove("description");
            }
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
    json!({
        "name": plan.manifest.name,
        "display_name": plan.manifest.name,
        "rules": {
            "events": events,
            "global": null,
            "identify": null,
            "group": null,
        },
    })
}
