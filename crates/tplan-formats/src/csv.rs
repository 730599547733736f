//! The spreadsheet most teams keep their plan in: one row per event
//! property, with the columns `tplan import csv` reads and `tplan export
//! csv` writes.

use serde_json::Value;

use tplan_plan::Plan;
use tplan_plan::model::Property;

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
pub fn from_csv(text: &str, existing: &tplan_plan::PlanFiles) -> Result<CsvImport, CsvError> {
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
        properties: BTreeMap<String, Property>,
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
            properties: BTreeMap::new(),
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
        match row_property(&record, &at) {
            Ok(p) => {
                if let Err(why) =
                    place(&mut draft.properties, &property, p, &mut out.renames, &name)
                {
                    fail(draft, why);
                }
            }
            Err(why) => fail(draft, why),
        }
    }

    let existing_owners: std::collections::BTreeSet<String> = existing
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("owners/")?.strip_suffix(".toml"))
        .map(str::to_string)
        .collect();
    let mut candidates = Vec::new();
    for draft in drafts.into_values() {
        if let Some(why) = draft.broken {
            out.skipped
                .push(format!("`{}` not imported: {why}", draft.name));
            continue;
        }
        let owner = (!draft.owner.is_empty()).then(|| slug(&draft.owner));
        if let Some(owner_key) = &owner {
            let owner_path = format!("owners/{owner_key}.toml");
            if !existing_owners.contains(owner_key) && !out.files.contains_key(&owner_path) {
                let mut doc = toml_edit::DocumentMut::new();
                doc.insert("name", toml_edit::value(draft.owner.as_str()));
                out.files.insert(owner_path, doc.to_string());
            }
        }
        candidates.push(crate::import::Candidate {
            source: format!("`{}`", draft.name),
            key_from: draft.name.clone(),
            name: draft.name.clone(),
            respell_name: false,
            draft: crate::import::EventDraft {
                description: (!draft.description.is_empty()).then_some(draft.description),
                owner,
                properties: draft.properties,
                ..crate::import::EventDraft::default()
            },
            version: None,
        });
    }
    Ok(crate::import::assemble(candidates, existing, None, out))
}

/// The property one row describes (without its place in the event).
fn row_property(
    record: &csv::StringRecord,
    at: &dyn Fn(&csv::StringRecord, &str) -> String,
) -> Result<Property, String> {
    let mut p = Property::default();
    let type_cell = at(record, "type").to_ascii_lowercase();
    let mut types = Vec::new();
    for t in type_cell
        .split([',', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match tplan_plan::JsonType::parse(t) {
            Some(jt) => types.push(jt),
            None => {
                return Err(format!(
                    "unknown type `{t}` (string, number, integer, boolean, object, array, null)"
                ));
            }
        }
    }
    if types.is_empty() {
        return Err(format!("property `{}` has no type", at(record, "property")));
    }
    p.types = Some(types.iter().copied().collect());
    match at(record, "required").to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "required" => p.required = true,
        "" | "no" | "n" | "false" | "0" | "optional" => {}
        other => return Err(format!("`required` is `{other}`: use yes or no")),
    }
    let description = at(record, "description");
    if !description.is_empty() {
        p.description = Some(description);
    }
    let allowed = at(record, "allowed values");
    if !allowed.is_empty() {
        let numeric = types.iter().any(|t| {
            matches!(
                t,
                tplan_plan::JsonType::Number | tplan_plan::JsonType::Integer
            )
        });
        let values = allowed
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| match (numeric, v.parse::<i64>(), v.parse::<f64>()) {
                (true, Ok(n), _) => Value::from(n),
                (true, _, Ok(f)) => Value::from(f),
                _ => Value::from(v),
            })
            .collect();
        p.enum_values = Some(values);
    }
    Ok(p)
}

/// Puts `p` at `path` in `properties`: `parent.child` under an object row
/// written before it, `parent[]` as an array row's items (as `tplan export
/// csv` writes them); any other name is one property, slugged when the
/// plan cannot hold it as written.
fn place(
    properties: &mut std::collections::BTreeMap<String, Property>,
    path: &str,
    p: Property,
    renames: &mut Vec<(String, String)>,
    event: &str,
) -> Result<(), String> {
    if let Some(parent) = path.strip_suffix("[]")
        && let Some(array) = find(properties, parent)
    {
        if p.required {
            return Err(format!("`{path}`: array items cannot be required"));
        }
        if array.items.is_some() {
            return Err(format!("`{path}` appears twice"));
        }
        if !array.allows_type(tplan_plan::JsonType::Array) {
            return Err(format!(
                "`{parent}` is not an array, so `{path}` has no place"
            ));
        }
        array.items = Some(Box::new(p));
        return Ok(());
    }
    if let Some((parent, child)) = path.rsplit_once('.')
        && !child.is_empty()
        && let Some(object) = find(properties, parent)
    {
        if !object.allows_type(tplan_plan::JsonType::Object) {
            return Err(format!(
                "`{parent}` is not an object, so `{path}` has no place"
            ));
        }
        let name = property_name(child, renames, event, path);
        let children = object.properties.get_or_insert_default();
        if children.contains_key(&name) {
            return Err(format!("property `{path}` appears twice"));
        }
        children.insert(name, p);
        return Ok(());
    }
    if let Some((parent, _)) = path.split_once("[]") {
        return Err(format!(
            "`{path}`: no row before it declares the array `{parent}`"
        ));
    }
    let name = property_name(path, renames, event, path);
    if properties.contains_key(&name) {
        return Err(format!("property `{name}` appears twice"));
    }
    properties.insert(name, p);
    Ok(())
}

/// The name as written when the plan can hold it, else its slug (listed).
fn property_name(
    name: &str,
    renames: &mut Vec<(String, String)>,
    event: &str,
    path: &str,
) -> String {
    if tplan_plan::parse::check_property_name(name).is_ok() {
        return name.to_string();
    }
    let slugged = slug(name);
    renames.push((format!("{event}: {path}"), slugged.clone()));
    slugged
}

/// The property at a CSV path (`a`, `a.b`, `a[]`, `a[].b`), if declared.
fn find<'a>(
    properties: &'a mut std::collections::BTreeMap<String, Property>,
    path: &str,
) -> Option<&'a mut Property> {
    if properties.contains_key(path) {
        return properties.get_mut(path);
    }
    if let Some(parent) = path.strip_suffix("[]") {
        return find(properties, parent)?.items.as_deref_mut();
    }
    let (parent, child) = path.rsplit_once('.')?;
    find(properties, parent)?
        .properties
        .as_mut()?
        .get_mut(child)
}

/// The plan as a Segment Protocols tracking plan, in the shape Segment's
/// export and typewriter read: `rules.events[]`, each event's JSON Schema
/// (draft-07) holding its properties under `properties.properties`. Also
/// returns what draft-07 cannot say (`unevaluatedProperties at …`), by event.
pub fn to_segment(plan: &Plan) -> (Value, Vec<String>) {
    use serde_json::json;
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
