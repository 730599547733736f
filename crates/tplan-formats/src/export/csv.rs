//! The plan as the spreadsheet of [`crate::csv`]: one row per property.

use serde_json::Value;

use crate::csv::{COLUMNS, VALUE_SEPARATOR, protect};
use tplan_plan::Plan;
use tplan_plan::model::Property;

/// The plan as CSV: one row per property of each event (shared properties
/// resolved; nested object properties as `parent.child`, array items as
/// `parent[]`), one row with an empty property for an event without any.
/// A cell a spreadsheet would evaluate (`=…`, `-1`) starts with `'`
/// ([`protect`]), which `tplan import csv` takes off.
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
            let cells = [
                event.name.as_str(),
                &description,
                &property,
                &types,
                &required,
                &pdesc,
                &allowed,
                &owner,
            ];
            w.write_record(cells.map(protect).iter().map(|c| c.as_bytes()))
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
